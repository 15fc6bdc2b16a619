//! The agreement's term: from the agency's `start` to the last `ends`, through its renewals,
//! each with the employer-visit cadence it sets. The technical-assistance milestones have
//! periods only inside it (docs/agreement.md, "The term").

use crate::repo::model::{Agency, Cadence};
use chrono::{Days, NaiveDate};

/// A stretch of the term with one employer-visit cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first_day: NaiveDate,
    /// None while the agreement has no end.
    pub last_day: Option<NaiveDate>,
    pub cadence: Cadence,
}

impl Span {
    /// Whether `last_day` of a period lies inside the span's end.
    pub fn holds(&self, last_day: NaiveDate) -> bool {
        self.last_day.is_none_or(|end| last_day <= end)
    }
}

/// The term's spans in order, one per term (the first, then each renewal), with the cadence of
/// employer visits in each; a renewal's begins the day after the previous `ends`, or on its
/// `signed` date if later. Without `[agreement]`, one open span judged quarterly.
pub fn spans(agency: &Agency) -> Vec<Span> {
    let Some(agreement) = &agency.agreement else {
        return vec![Span {
            first_day: agency.start,
            last_day: None,
            cadence: Cadence::Quarterly,
        }];
    };
    let mut spans = vec![Span {
        first_day: agency.start,
        last_day: agreement.ends,
        cadence: agreement.employer_visits,
    }];
    let mut previous = agreement.ends;
    let mut cadence = agreement.employer_visits;
    for renewal in &agreement.renewals {
        let Some(before) = previous else { break };
        let after = before.checked_add_days(Days::new(1)).unwrap_or(before);
        let first_day = after.max(renewal.signed);
        cadence = renewal.employer_visits.unwrap_or(cadence);
        if renewal.ends >= first_day {
            spans.push(Span {
                first_day,
                last_day: Some(renewal.ends),
                cadence,
            });
        }
        previous = Some(renewal.ends.max(before));
    }
    spans
}

/// The last day of the term, None while it has no end.
pub fn last_day(agency: &Agency) -> Option<NaiveDate> {
    spans(agency).last().and_then(|span| span.last_day)
}

/// The spans of a milestone counted in `cadence` whatever the agreement says (the quarterly
/// steering committee), or in the agreement's own (`None`: employer visits); spans that follow
/// each other without a gap and share a cadence are one, so that no period at a renewal is lost.
pub fn merged(agency: &Agency, cadence: Option<Cadence>) -> Vec<Span> {
    let mut merged: Vec<Span> = Vec::new();
    for mut span in spans(agency) {
        span.cadence = cadence.unwrap_or(span.cadence);
        if let Some(last) = merged.last_mut()
            && last.cadence == span.cadence
            && last
                .last_day
                .and_then(|day| day.checked_add_days(Days::new(1)))
                == Some(span.first_day)
        {
            last.last_day = span.last_day;
            continue;
        }
        merged.push(span);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::date;
    use crate::repo::model::{Agreement, Renewal};

    fn agency(ends: Option<&str>, renewals: &[(&str, &str, Option<Cadence>)]) -> Agency {
        Agency {
            id: "a".into(),
            name: String::new(),
            jurisdiction: "oh".into(),
            jurisdiction_at: crate::diagnostic::Position { line: 1, column: 1 },
            start: date("2020-01-01"),
            teams: vec![],
            agreement: Some(Agreement {
                signed: date("2019-12-01"),
                employer_visits: Cadence::Monthly,
                signatories: vec![],
                confidentiality: vec![],
                ends: ends.map(date),
                renewals: renewals
                    .iter()
                    .map(|(signed, ends, cadence)| Renewal {
                        signed: date(signed),
                        ends: date(ends),
                        employer_visits: *cadence,
                    })
                    .collect(),
                excused: vec![],
            }),
            trainer: None,
        }
    }

    #[test]
    fn a_renewal_continues_the_day_after_or_from_its_late_signature() {
        let renewed = agency(
            Some("2023-12-31"),
            &[
                ("2023-12-01", "2027-12-31", Some(Cadence::Quarterly)),
                ("2028-02-10", "2031-12-31", None),
            ],
        );
        let got: Vec<(NaiveDate, Option<NaiveDate>, Cadence)> = spans(&renewed)
            .iter()
            .map(|s| (s.first_day, s.last_day, s.cadence))
            .collect();
        assert_eq!(
            got,
            [
                (
                    date("2020-01-01"),
                    Some(date("2023-12-31")),
                    Cadence::Monthly
                ),
                (
                    date("2024-01-01"),
                    Some(date("2027-12-31")),
                    Cadence::Quarterly
                ),
                (
                    date("2028-02-10"),
                    Some(date("2031-12-31")),
                    Cadence::Quarterly
                ),
            ]
        );
        assert_eq!(last_day(&renewed), Some(date("2031-12-31")));
        // Quarterly throughout: the first two are one stretch; the gap keeps the third apart.
        assert_eq!(merged(&renewed, Some(Cadence::Quarterly)).len(), 2);
        assert_eq!(merged(&renewed, None).len(), 3);
    }

    #[test]
    fn without_an_end_the_term_is_open() {
        assert_eq!(last_day(&agency(None, &[])), None);
        let mut none = agency(None, &[]);
        none.agreement = None;
        assert_eq!(spans(&none)[0].cadence, Cadence::Quarterly);
    }
}
