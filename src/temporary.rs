//! The names of the temporary files ips writes beside a file before moving it into place: the
//! writer makes them, and the loader knows them when a write killed at the wrong moment leaves
//! one behind.

/// The random part of a temporary file's name: as many letters and digits as tempfile's default.
pub const TEMPORARY_RANDOM_CHARS: usize = 6;

/// Whether `name` is that of a temporary file ips writes (`.NAME.ips-XXXXXX.tmp`), which a
/// write killed at the wrong moment leaves behind.
pub fn is_temporary(name: &str) -> bool {
    temporary_of(name).is_some()
}

/// The file a temporary file of ips's was written for: `activities.csv` for
/// `.activities.csv.ips-a1B2c3.tmp`.
pub fn temporary_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, random) = rest.rsplit_once(".ips-")?;
    let random_ok =
        random.len() == TEMPORARY_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (random_ok && !file.is_empty()).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_those_ips_writes() {
        assert_eq!(
            temporary_of(".activities.csv.ips-a1B2c3.tmp"),
            Some("activities.csv")
        );
        assert_eq!(temporary_of(".x.ips-a1B2c.tmp"), None);
        assert_eq!(temporary_of("activities.csv.ips-a1B2c3.tmp"), None);
        assert_eq!(temporary_of("..ips-a1B2c3.tmp"), None);
    }
}
