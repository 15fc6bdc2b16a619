//! Reads agencies/<agency>/agency.toml.

use super::model::{Agency, Agreement, Cadence, Confidentiality, Signatory, SignatoryRole, Team};
use super::toml_fields::{self, Fields, Findings};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::SourceText;
use std::collections::HashSet;

/// Reads an agency file found in the folder `folder`. The agency is None when a key it cannot
/// do without (id, jurisdiction, start) is missing or wrong.
pub fn read(source: &SourceText, folder: &str) -> (Option<Agency>, Vec<Diagnostic>) {
    let document = match toml_fields::parse(source) {
        Ok(document) => document,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let findings = Findings::new(source);
    findings.check_controls(&document);
    let root = findings.root(&document);
    root.only_keys(&["id", "name", "jurisdiction", "start", "teams", "agreement"]);
    let id = root.identifier("id", true);
    if let Some(id) = &id
        && id != folder
    {
        root.report_value(
            &rules::ID_MISMATCH,
            "id",
            format!("the agency id `{id}` differs from its folder name `{folder}`"),
            format!("rename the folder to agencies/{id}/, or write id = \"{folder}\""),
        );
    }
    let name = root.text("name", true);
    let jurisdiction = root.identifier("jurisdiction", true);
    let start = root.date("start", true);
    let teams = read_teams(&root);
    let agreement = root
        .table("agreement", false)
        .and_then(|table| read_agreement(&table));
    if root.get("agreement").is_none() {
        findings.report(
            &rules::MISSING_SIGNATORY,
            0,
            "the agency has no [agreement] table: nobody has signed its agreement".into(),
            "add [agreement] with `signed`, `employer_visits` and the three `signatories`".into(),
        );
    }
    let agency = match (id, jurisdiction, start, teams) {
        (Some(_), Some(jurisdiction), Some(start), Some(teams)) => Some(Agency {
            // The folder name is what outcome files refer to.
            id: folder.to_string(),
            name: name.unwrap_or_default(),
            jurisdiction,
            jurisdiction_at: source.position(root.value_offset("jurisdiction")),
            start,
            teams,
            agreement,
        }),
        _ => None,
    };
    (agency, findings.into_diagnostics())
}

/// The agency's teams; None when one of them cannot be read, since checking outcome rows against
/// a partial list would call every row of the unreadable team unknown.
fn read_teams(root: &Fields<'_, '_, '_>) -> Option<Vec<Team>> {
    let mut seen = HashSet::new();
    let mut teams = Vec::new();
    let mut complete = root.get("teams").is_some_and(|v| v.get_ref().is_array());
    for table in root.tables("teams", true) {
        table.only_keys(&["id", "supervisor", "location", "opened", "closed"]);
        let id = table.identifier("id", true);
        let supervisor = table.text("supervisor", true);
        let location = table.text("location", true);
        let opened = table.date("opened", false);
        let closed = table.date("closed", false);
        if let (Some(opened), Some(closed)) = (opened, closed)
            && closed < opened
        {
            table.report_value(
                &rules::DATE_ORDER,
                "closed",
                format!("the team closed on {closed}, before it opened on {opened}"),
                "correct `opened` or `closed`".into(),
            );
        }
        let dates_read = (opened.is_some() || table.get("opened").is_none())
            && (closed.is_some() || table.get("closed").is_none());
        let Some(id) = id.filter(|_| dates_read) else {
            complete = false;
            continue;
        };
        if !seen.insert(id.clone()) {
            table.report_value(
                &rules::DUPLICATE_ID,
                "id",
                format!("team `{id}` is declared twice in this agency"),
                format!("give the second team its own id, e.g. \"{id}-2\", or remove it"),
            );
            continue;
        }
        teams.push(Team {
            id,
            supervisor: supervisor.unwrap_or_default(),
            location: location.unwrap_or_default(),
            opened,
            closed,
        });
    }
    complete.then_some(teams)
}

/// Who signs in a role, as data-format.md and the agreement itself say it.
fn signer(role: SignatoryRole) -> &'static str {
    match role {
        SignatoryRole::ExecutiveDirector => "the agency's executive director",
        SignatoryRole::StateMentalHealth => "a state mental health representative",
        SignatoryRole::StateVocationalRehabilitation => {
            "a state vocational rehabilitation representative"
        }
    }
}

fn read_agreement(table: &Fields<'_, '_, '_>) -> Option<Agreement> {
    table.only_keys(&[
        "signed",
        "employer_visits",
        "signatories",
        "confidentiality",
    ]);
    let signed = table.date("signed", true);
    let cadence = table.choice("employer_visits", true, Cadence::NAMES);
    let mut signatories = Vec::new();
    let mut unreadable = false;
    for entry in table.tables("signatories", true) {
        entry.only_keys(&["role", "name", "signed"]);
        let role = entry.choice("role", true, SignatoryRole::NAMES);
        let name = entry.text("name", true);
        let signed = entry.date("signed", true);
        match (role.and_then(SignatoryRole::parse), name, signed) {
            (Some(role), Some(name), Some(signed)) => {
                signatories.push(Signatory { role, name, signed })
            }
            _ => unreadable = true,
        }
    }
    for role in SignatoryRole::ALL {
        if !signatories.iter().any(|s| s.role == *role)
            && !unreadable
            && table.get("signatories").is_some()
        {
            table.report_value(
                &rules::MISSING_SIGNATORY,
                "signatories",
                format!(
                    "the agreement is not signed by {} (role `{}`)",
                    signer(*role),
                    role.as_str()
                ),
                format!(
                    "once signed, add {{ role = \"{}\", name = \"...\", signed = YYYY-MM-DD }} to `signatories`",
                    role.as_str()
                ),
            );
        }
    }
    let mut confidentiality = Vec::new();
    for entry in table.tables("confidentiality", false) {
        entry.only_keys(&["name", "signed"]);
        let name = entry.text("name", true);
        let signed = entry.date("signed", true);
        if let (Some(name), Some(signed)) = (name, signed) {
            confidentiality.push(Confidentiality { name, signed });
        }
    }
    Some(Agreement {
        signed: signed?,
        employer_visits: Cadence::parse(cadence?)?,
        signatories,
        confidentiality,
    })
}
