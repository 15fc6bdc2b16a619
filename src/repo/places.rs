//! Which agencies a command covers (`--jurisdiction`, `--agency`): plain data the loader reads
//! by, below `filter`, which checks it against the repository.

use crate::text::same_person;

/// Which agencies a command covers. Empty lists select every agency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub jurisdictions: Vec<String>,
    pub agencies: Vec<String>,
    /// Only agencies with one of these trainers (`--trainer`), names compared as people's
    /// names are (`text::same_person`).
    pub trainers: Vec<String>,
    /// No agency at all (a command that needs only ips.toml).
    none: bool,
}

impl Places {
    /// Every agency.
    pub fn all() -> Places {
        Places::default()
    }

    /// No agency.
    pub fn none() -> Places {
        Places {
            none: true,
            ..Places::default()
        }
    }

    /// Only these agencies (every agency if there are none).
    pub fn agencies(ids: impl IntoIterator<Item = impl Into<String>>) -> Places {
        Places {
            agencies: ids.into_iter().map(Into::into).collect(),
            ..Places::default()
        }
    }

    /// The agencies of these jurisdictions and ids, as `--jurisdiction` and `--agency` ask.
    pub fn chosen(jurisdictions: Vec<String>, agencies: Vec<String>) -> Places {
        Places {
            jurisdictions,
            agencies,
            trainers: Vec::new(),
            none: false,
        }
    }

    /// Also only the agencies of these trainers.
    pub fn with_trainers(mut self, trainers: Vec<String>) -> Places {
        self.trainers = trainers;
        self
    }

    /// Whether an agency whose agency.toml names `trainer` is wanted by `--trainer`.
    pub fn wants_trainer(&self, trainer: Option<&str>) -> bool {
        self.trainers.is_empty()
            || trainer.is_some_and(|t| self.trainers.iter().any(|w| same_person(w, t)))
    }

    /// Whether a loaded agency is wanted: by id, jurisdiction and trainer.
    pub fn wants_record(&self, record: &super::AgencyRecord) -> bool {
        let trainer = record.agency.as_ref().and_then(|a| a.trainer.as_deref());
        self.wants(&record.folder, record.jurisdiction()) && self.wants_trainer(trainer)
    }

    /// Whether the filter can want `agency` at all, before its jurisdiction is known.
    pub fn may_want(&self, agency: &str) -> bool {
        !self.none && (self.agencies.is_empty() || self.agencies.iter().any(|a| a == agency))
    }

    /// An agency whose jurisdiction is unknown (its agency.toml is broken or missing) is wanted
    /// only when no jurisdiction is asked for, so that its errors are not hidden.
    pub fn wants(&self, agency: &str, jurisdiction: Option<&str>) -> bool {
        let jurisdiction_ok = self.jurisdictions.is_empty()
            || jurisdiction.is_some_and(|j| self.jurisdictions.iter().any(|w| w == j));
        self.may_want(agency) && jurisdiction_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agency_without_a_jurisdiction_is_kept_unless_jurisdictions_are_asked_for() {
        let all = Places::all();
        assert!(all.wants("a", None));
        let oh = Places {
            jurisdictions: vec!["oh".into()],
            ..Places::default()
        };
        assert!(!oh.wants("a", None));
        assert!(oh.wants("a", Some("oh")));
        assert!(!oh.wants("a", Some("nz")));
        let only_b = Places::agencies(["b"]);
        assert!(!only_b.wants("a", Some("oh")));
        assert!(only_b.wants("b", None));
    }
}
