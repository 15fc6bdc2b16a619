//! A map keyed by names (team ids) that scans a short list while it holds few entries, the
//! usual case (a file's rows are its agency's few teams), and hashes once it holds many, so that
//! a pasted export of many thousand rows is still checked in linear time without every small
//! file paying for a hash map.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// Entries kept in a list before switching to a hash map.
const FEW: usize = 16;

#[derive(Debug)]
pub struct NameMap<K, V> {
    few: Vec<(K, V)>,
    many: HashMap<K, V>,
}

impl<K, V> Default for NameMap<K, V> {
    fn default() -> Self {
        NameMap {
            few: Vec::new(),
            many: HashMap::new(),
        }
    }
}

impl<K: Borrow<str> + Eq + Hash, V> NameMap<K, V> {
    pub fn get(&self, name: &str) -> Option<&V> {
        if self.many.is_empty() {
            return self
                .few
                .iter()
                .find(|(key, _)| key.borrow() == name)
                .map(|(_, value)| value);
        }
        self.many.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Adds an entry; a name already there keeps its first value.
    pub fn insert(&mut self, key: K, value: V) {
        if self.many.is_empty() {
            if self.few.iter().any(|(k, _)| *k == key) {
                return;
            }
            if self.few.len() < FEW {
                self.few.push((key, value));
                return;
            }
            self.many.extend(self.few.drain(..));
        }
        self.many.entry(key).or_insert(value);
    }
}

impl<K: Borrow<str> + Eq + Hash> FromIterator<K> for NameMap<K, ()> {
    fn from_iter<I: IntoIterator<Item = K>>(keys: I) -> Self {
        let mut map = NameMap::default();
        for key in keys {
            map.insert(key, ());
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_before_and_after_it_grows_and_keeps_the_first_value() {
        let mut map: NameMap<String, usize> = NameMap::default();
        for i in 0..100 {
            map.insert(format!("team-{i}"), i);
            map.insert(format!("team-{i}"), 1000);
            if i == 10 || i == 99 {
                assert_eq!(map.get("team-3"), Some(&3));
                assert_eq!(map.get(&format!("team-{i}")), Some(&i));
                assert!(!map.contains("team-100"));
            }
        }
    }
}
