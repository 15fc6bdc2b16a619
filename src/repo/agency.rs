//! Reads agencies/<agency>/agency.toml.

use super::model::{
    Agency, Agreement, Cadence, Confidentiality, ExcusableMilestone, Excused, Renewal, Signatory,
    SignatoryRole, Team,
};
use super::toml_fields::{self, Fields, Findings};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::SourceText;
use chrono::NaiveDate;
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
    root.only_keys(&[
        "id",
        "name",
        "jurisdiction",
        "start",
        "teams",
        "agreement",
        "trainer",
    ]);
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
    let trainer = root.text("trainer", false);
    let agreement = read_agreement_table(&findings, &root, start);
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
            trainer,
        }),
        _ => None,
    };
    (agency, findings.into_diagnostics())
}

/// The agency's [agreement] with its term; a missing table is reported, as nobody signed.
fn read_agreement_table(
    findings: &Findings<'_>,
    root: &Fields<'_, '_, '_>,
    start: Option<NaiveDate>,
) -> Option<Agreement> {
    let agreement = root
        .table("agreement", false)
        .and_then(|table| read_agreement(&table))
        .map(|mut agreement| {
            if let Some(table) = root.table("agreement", false) {
                read_term(&table, start, &mut agreement);
            }
            agreement
        });
    if root.get("agreement").is_none() {
        findings.report(
            &rules::MISSING_SIGNATORY,
            0,
            "the agency has no [agreement] table: nobody has signed its agreement".into(),
            "add [agreement] with `signed`, `employer_visits` and the three `signatories`".into(),
        );
    }
    agreement
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
        "ends",
        "renewals",
        "excused",
    ]);
    let signed = table.date("signed", true);
    let cadence = table.choice("employer_visits", true, Cadence::NAMES);
    let signatories = read_signatories(table);
    let confidentiality = read_confidentiality(table);
    Some(Agreement {
        signed: signed?,
        employer_visits: Cadence::parse(cadence?)?,
        signatories,
        confidentiality,
        ends: None,
        renewals: Vec::new(),
        excused: Vec::new(),
    })
}

/// The agreement's signatories, each role without one reported unless an entry could not be
/// read (it may be the missing one).
fn read_signatories(table: &Fields<'_, '_, '_>) -> Vec<Signatory> {
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
    signatories
}

fn read_confidentiality(table: &Fields<'_, '_, '_>) -> Vec<Confidentiality> {
    let mut confidentiality = Vec::new();
    for entry in table.tables("confidentiality", false) {
        entry.only_keys(&["name", "signed"]);
        let name = entry.text("name", true);
        let signed = entry.date("signed", true);
        if let (Some(name), Some(signed)) = (name, signed) {
            confidentiality.push(Confidentiality { name, signed });
        }
    }
    confidentiality
}

/// The additions of format 1 to [agreement]: `ends`, `[[agreement.renewals]]` and
/// `[[agreement.excused]]`, each checked for order (`date-order`), and a renewal signed after
/// the term before it ended warned about (`agreement-gap`).
fn read_term(table: &Fields<'_, '_, '_>, start: Option<NaiveDate>, agreement: &mut Agreement) {
    agreement.ends = table.date("ends", false);
    if let (Some(start), Some(ends)) = (start, agreement.ends)
        && ends <= start
    {
        table.report_value(
            &rules::DATE_ORDER,
            "ends",
            format!("the agreement ends on {ends}, not after the agency's start on {start}"),
            "`ends` is the last day of the agreement's term: correct it or `start`".into(),
        );
    }
    agreement.renewals = read_renewals(table, agreement.ends);
    agreement.excused = read_excused(table);
}

fn read_renewals(table: &Fields<'_, '_, '_>, ends: Option<NaiveDate>) -> Vec<Renewal> {
    let entries = table.tables("renewals", false);
    if !entries.is_empty() && ends.is_none() && table.get("ends").is_none() {
        table.report_value(
            &rules::MISSING_KEY,
            "renewals",
            "the agreement has renewals but no `ends`: a renewal continues a term that ended"
                .into(),
            "add `ends = YYYY-MM-DD`, the last day of the first term, to [agreement]".into(),
        );
    }
    let mut previous_ends = ends;
    let mut renewals = Vec::new();
    for entry in entries {
        entry.only_keys(&["signed", "ends", "employer_visits"]);
        let signed = entry.date("signed", true);
        let renewal_ends = entry.date("ends", true);
        let cadence = entry.choice("employer_visits", false, Cadence::NAMES);
        let (Some(signed), Some(renewal_ends)) = (signed, renewal_ends) else {
            previous_ends = None;
            continue;
        };
        if let Some(before) = previous_ends {
            check_renewal(&entry, signed, renewal_ends, before);
        }
        previous_ends = Some(renewal_ends);
        renewals.push(Renewal {
            signed,
            ends: renewal_ends,
            employer_visits: cadence.and_then(Cadence::parse),
        });
    }
    renewals
}

/// A renewal's term ends after the one before, and begins the day after it: signed later, it
/// leaves days without an agreement.
fn check_renewal(
    entry: &Fields<'_, '_, '_>,
    signed: NaiveDate,
    ends: NaiveDate,
    before: NaiveDate,
) {
    if ends <= before {
        entry.report_value(
            &rules::DATE_ORDER,
            "ends",
            format!(
                "this renewal ends on {ends}, not after the term before it, which ends on {before}"
            ),
            "list renewals in order, each `ends` after the previous one".into(),
        );
    } else if signed > before + chrono::Days::new(1) {
        entry.report_value(
            &rules::AGREEMENT_GAP,
            "signed",
            format!(
                "this renewal was signed on {signed}, after the term before it ended on {before}: \
                 no agreement from {} to {}",
                before + chrono::Days::new(1),
                signed - chrono::Days::new(1)
            ),
            "if it was signed earlier, correct `signed`; otherwise nothing is due in the gap"
                .into(),
        );
    }
}

fn read_excused(table: &Fields<'_, '_, '_>) -> Vec<Excused> {
    let mut excused = Vec::new();
    for entry in table.tables("excused", false) {
        entry.only_keys(&["milestone", "from", "to", "reason"]);
        let milestone = entry.choice("milestone", true, ExcusableMilestone::NAMES);
        let from = entry.date("from", true);
        let to = entry.date("to", true);
        let reason = entry.text("reason", true);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            entry.report_value(
                &rules::DATE_ORDER,
                "to",
                format!("the excused range ends on {to}, before it begins on {from}"),
                "write `from` on or before `to`".into(),
            );
            continue;
        }
        if let (Some(milestone), Some(from), Some(to), Some(reason)) = (
            milestone.and_then(ExcusableMilestone::parse),
            from,
            to,
            reason,
        ) {
            excused.push(Excused {
                milestone,
                from,
                to,
                reason,
            });
        }
    }
    excused
}
