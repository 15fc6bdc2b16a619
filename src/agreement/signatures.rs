//! Signatures: of the agreement itself, and of the confidentiality agreements of reviewers.

use super::{CONFIDENTIALITY, Milestone, Period, PeriodLabel, SIGNATURES, Status};
use crate::repo::model::{Agency, Review, SignatoryRole};
use crate::text::same_person;
use chrono::NaiveDate;

/// The executive director, state mental health and state vocational rehabilitation each sign,
/// due at the agency's start. A late signature still meets the milestone; the evidence says it
/// was late. A signature dated after `as_of` has not happened yet.
pub fn signatures(agency: &Agency, as_of: NaiveDate) -> Milestone {
    let due = agency.start;
    let signatories = agency
        .agreement
        .as_ref()
        .map_or(&[][..], |a| &a.signatories[..]);
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    for role in SignatoryRole::ALL {
        let signed = signatories
            .iter()
            .filter(|s| s.role == *role && s.signed <= as_of)
            .map(|s| s.signed)
            .min();
        match signed {
            Some(on) if on > due => evidence.push(format!(
                "{} {on} ({} late)",
                role.as_str(),
                days((on - due).num_days())
            )),
            Some(on) => evidence.push(format!("{} {on}", role.as_str())),
            None => missing.push(role.as_str()),
        }
    }
    if agency.agreement.is_none() {
        evidence.push("agency.toml has no [agreement]".to_string());
    }
    let status = if missing.is_empty() {
        Status::Met
    } else if as_of <= due {
        Status::Open
    } else {
        Status::Overdue
    };
    Milestone {
        id: SIGNATURES,
        status,
        due: Some(due),
        next_due: (status == Status::Open).then_some(due),
        evidence: evidence.join(", "),
        missing: if missing.is_empty() {
            String::new()
        } else {
            format!("signature of the {}", missing.join(", "))
        },
        periods: Vec::new(),
        upcoming: None,
    }
}

/// Every reviewer of every review (held by `as_of`) signed a confidentiality agreement on or
/// before the day of that review. A review without it is missed: it cannot be undone.
pub fn confidentiality(agency: &Agency, reviews: &[Review], as_of: NaiveDate) -> Milestone {
    let signed = agency
        .agreement
        .as_ref()
        .map_or(&[][..], |a| &a.confidentiality[..]);
    let periods = reviews
        .iter()
        .filter(|review| review.date <= as_of)
        .map(|review| {
            let mut evidence = Vec::new();
            let mut missing = Vec::new();
            for reviewer in &review.reviewers {
                let first = signed
                    .iter()
                    .filter(|c| same_person(&c.name, reviewer) && c.signed <= as_of)
                    .map(|c| c.signed)
                    .min();
                match first {
                    Some(on) if on <= review.date => evidence.push(format!("{reviewer} {on}")),
                    Some(on) => {
                        evidence.push(format!("{reviewer} {on}"));
                        missing.push(format!("{reviewer} signed after the review"));
                    }
                    None => missing.push(format!("{reviewer} has not signed")),
                }
            }
            Period {
                label: PeriodLabel::Review(review.date),
                status: if missing.is_empty() {
                    Status::Met
                } else {
                    Status::Missed
                },
                due: review.date,
                evidence: evidence.join(", "),
                missing: missing.join(", "),
            }
        })
        .collect();
    Milestone::from_periods(
        CONFIDENTIALITY,
        periods,
        "review",
        (None, "no fidelity review yet".to_string()),
    )
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::{date, review};
    use crate::repo::model::{Agreement, Cadence, Confidentiality, Signatory};

    fn agency(start: &str, signed: [Option<&str>; 3], confidentiality: &[(&str, &str)]) -> Agency {
        let signatories = SignatoryRole::ALL
            .iter()
            .zip(signed)
            .filter_map(|(role, on)| {
                Some(Signatory {
                    role: *role,
                    name: "Someone".into(),
                    signed: date(on?),
                })
            })
            .collect();
        Agency {
            id: "a".into(),
            name: "A".into(),
            jurisdiction: "oh".into(),
            jurisdiction_at: crate::diagnostic::Position { line: 1, column: 1 },
            start: date(start),
            teams: vec![],
            agreement: Some(Agreement {
                signed: date(start),
                employer_visits: Cadence::Monthly,
                signatories,
                confidentiality: confidentiality
                    .iter()
                    .map(|(name, on)| Confidentiality {
                        name: name.to_string(),
                        signed: date(on),
                    })
                    .collect(),
                ends: None,
                renewals: Vec::new(),
                excused: Vec::new(),
            }),
            trainer: None,
        }
    }

    #[test]
    fn all_three_signed_by_the_start_is_met() {
        let a = agency(
            "2024-01-15",
            [Some("2024-01-08"), Some("2024-01-10"), Some("2024-01-15")],
            &[],
        );
        let m = signatures(&a, date("2024-06-01"));
        assert_eq!(m.status, Status::Met);
        assert_eq!(m.due, Some(date("2024-01-15")));
        assert_eq!(
            m.evidence,
            "executive-director 2024-01-08, state-mental-health 2024-01-10, state-vocational-rehabilitation 2024-01-15"
        );
        assert_eq!(m.missing, "");
    }

    #[test]
    fn a_signature_after_the_start_is_met_but_marked_late() {
        let a = agency(
            "2024-01-15",
            [Some("2024-01-08"), Some("2024-01-10"), Some("2024-02-20")],
            &[],
        );
        let m = signatures(&a, date("2026-11-24"));
        assert_eq!(m.status, Status::Met);
        assert_eq!(
            m.evidence,
            "executive-director 2024-01-08, state-mental-health 2024-01-10, state-vocational-rehabilitation 2024-02-20 (36 days late)"
        );
    }

    #[test]
    fn a_missing_signature_is_open_until_the_start_then_overdue() {
        let a = agency(
            "2024-01-15",
            [Some("2024-01-08"), None, Some("2024-01-10")],
            &[],
        );
        let open = signatures(&a, date("2024-01-15"));
        assert_eq!(open.status, Status::Open);
        assert_eq!(open.missing, "signature of the state-mental-health");
        assert_eq!(open.next_due, Some(date("2024-01-15")));
        assert_eq!(signatures(&a, date("2024-01-16")).status, Status::Overdue);
    }

    #[test]
    fn a_signature_dated_after_as_of_has_not_happened_yet() {
        let a = agency(
            "2024-01-15",
            [Some("2024-01-08"), Some("2024-01-10"), Some("2024-02-20")],
            &[],
        );
        let before = signatures(&a, date("2024-02-19"));
        assert_eq!(before.status, Status::Overdue);
        assert_eq!(
            before.missing,
            "signature of the state-vocational-rehabilitation"
        );
        assert_eq!(signatures(&a, date("2024-02-20")).status, Status::Met);
    }

    #[test]
    fn no_agreement_table_lacks_all_three() {
        let mut a = agency("2024-01-15", [None, None, None], &[]);
        a.agreement = None;
        let m = signatures(&a, date("2024-03-01"));
        assert_eq!(m.status, Status::Overdue);
        assert_eq!(m.evidence, "agency.toml has no [agreement]");
        assert_eq!(
            m.missing,
            "signature of the executive-director, state-mental-health, state-vocational-rehabilitation"
        );
    }

    #[test]
    fn confidentiality_signed_on_the_review_day_is_met_and_a_day_after_is_missed() {
        let a = agency(
            "2024-01-15",
            [None, None, None],
            &[
                ("Tom Okafor", "2024-03-19"),
                ("beth  sandoval", "2024-03-20"),
            ],
        );
        let reviews = [review("2024-03-19", &["Tom Okafor", "Beth Sandoval"], None)];
        let m = confidentiality(&a, &reviews, date("2024-06-01"));
        assert_eq!(m.status, Status::Missed);
        assert_eq!(m.due, Some(date("2024-03-19")));
        assert_eq!(m.evidence, "0 of 1 review met");
        assert_eq!(m.missing, "review 2024-03-19");
        let p = &m.periods[0];
        assert_eq!(
            p.evidence,
            "Tom Okafor 2024-03-19, Beth Sandoval 2024-03-20"
        );
        assert_eq!(p.missing, "Beth Sandoval signed after the review");
    }

    #[test]
    fn confidentiality_is_judged_review_by_review() {
        let a = agency(
            "2024-01-15",
            [None, None, None],
            &[
                ("A", "2024-01-01"),
                ("B", "2024-01-01"),
                ("C", "2025-01-10"),
            ],
        );
        let reviews = [
            review("2024-03-19", &["A", "B"], None),
            review("2025-01-09", &["A", "C"], None),
            review("2025-07-01", &["A", "C"], None),
        ];
        let m = confidentiality(&a, &reviews, date("2025-12-31"));
        let statuses: Vec<Status> = m.periods.iter().map(|p| p.status).collect();
        assert_eq!(statuses, [Status::Met, Status::Missed, Status::Met]);
        assert_eq!(m.status, Status::Missed);
        assert_eq!(m.missing, "review 2025-01-09");
    }

    #[test]
    fn confidentiality_counts_only_reviews_and_signatures_by_as_of() {
        let a = agency("2024-01-15", [None, None, None], &[("A", "2024-04-01")]);
        let reviews = [review("2024-03-19", &["A"], None)];
        let none = confidentiality(&a, &reviews, date("2024-03-18"));
        assert_eq!(
            (none.status, none.due, none.evidence.as_str()),
            (Status::Open, None, "no fidelity review yet")
        );
        let unsigned = confidentiality(&a, &reviews, date("2024-03-31"));
        assert_eq!(unsigned.periods[0].missing, "A has not signed");
        assert_eq!(unsigned.status, Status::Missed);
        let late = confidentiality(&a, &reviews, date("2024-04-01"));
        assert_eq!(late.periods[0].missing, "A signed after the review");
    }
}
