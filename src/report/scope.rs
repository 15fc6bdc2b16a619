//! Whom a report is about, in words, and how many jurisdictions a set of agencies spans.

use super::Question;
use super::model::Scope;
use super::name_of;
use crate::repo::{AgencyRecord, Repository};

/// How many jurisdictions the agencies are of.
pub fn distinct_jurisdictions(records: &[&AgencyRecord]) -> usize {
    let mut ids: Vec<&str> = records.iter().filter_map(|r| r.jurisdiction()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

pub fn scope_of(repo: &Repository, question: &Question<'_>, site: Option<&AgencyRecord>) -> Scope {
    let places = question.scope;
    let jurisdiction_name = |id: &String| {
        repo.settings
            .jurisdictions
            .iter()
            .find(|j| &j.id == id)
            .map_or_else(|| id.clone(), |j| j.name.clone())
    };
    let (kind, label) = if let Some(record) = site {
        ("site", name_of(record))
    } else if !places.agencies.is_empty() {
        let names: Vec<String> = places
            .agencies
            .iter()
            .map(|id| repo.agency(id).map_or_else(|| id.clone(), name_of))
            .collect();
        ("agencies", names.join(", "))
    } else if !places.jurisdictions.is_empty() {
        let names: Vec<String> = places.jurisdictions.iter().map(jurisdiction_name).collect();
        ("jurisdictions", names.join(", "))
    } else {
        ("community", "all jurisdictions".to_string())
    };
    Scope {
        kind,
        label,
        jurisdictions: places.jurisdictions.clone(),
        agencies: places.agencies.clone(),
    }
}
