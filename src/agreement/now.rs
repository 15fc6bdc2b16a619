//! The status about now: what the agreement's term, its excused periods and the status window
//! make of the milestones the families judged. A period after the end of the term is not
//! listed; a period wholly inside an excused range of its milestone is `excused`, its reason
//! the evidence; a miss older than `status_months` stays in the checklist as history and no
//! longer weighs on the milestone's status (docs/agreement.md, "A status about now").

use super::label::PeriodLabel;
use super::periodic::NO_AGREEMENT;
use super::{
    EMPLOYER_VISITS, Milestone, OUTCOMES_REVIEW, Period, STEERING_COMMITTEE, Status, term,
};
use crate::repo::model::{Agency, AgreementSettings, Excused};
use chrono::{Months, NaiveDate};

/// The first day of the status window: misses due before it are history.
pub fn history_before(settings: &AgreementSettings, as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_sub_months(Months::new(settings.status_months))
        .unwrap_or(NaiveDate::MIN)
}

/// Each milestone as the term, the excused ranges and the status window make it.
pub fn judge(
    milestones: Vec<Milestone>,
    agency: &Agency,
    settings: &AgreementSettings,
    as_of: NaiveDate,
) -> Vec<Milestone> {
    let before = history_before(settings, as_of);
    let term_end = term::last_day(agency);
    let excused: &[Excused] = agency.agreement.as_ref().map_or(&[], |a| &a.excused);
    milestones
        .into_iter()
        .map(|milestone| {
            let ranges: Vec<&Excused> = excused
                .iter()
                .filter(|e| e.milestone.as_str() == milestone.id)
                .collect();
            let mut milestone = adjust(milestone, agency, &ranges, term_end, before);
            if let Some(end) = term_end.filter(|end| *end < as_of)
                && ONGOING.contains(&milestone.id)
            {
                milestone
                    .evidence
                    .push_str(&format!("; the agreement's term ended on {end}"));
            }
            milestone
        })
        .collect()
}

/// The technical-assistance milestones that go on for as long as the term.
const ONGOING: [&str; 3] = [EMPLOYER_VISITS, STEERING_COMMITTEE, OUTCOMES_REVIEW];

/// One milestone with periods, rebuilt only when something changed (most are untouched).
fn adjust(
    milestone: Milestone,
    agency: &Agency,
    ranges: &[&Excused],
    term_end: Option<NaiveDate>,
    before: NaiveDate,
) -> Milestone {
    let Milestone {
        id,
        due,
        evidence,
        periods,
        ..
    } = &milestone;
    let start = agency.start;
    // The first six months end with the term, as the calendar periods do.
    // (The calendar periods were cut by the families; reviews and outcomes go on after it.)
    let inside = |p: &Period| {
        !matches!(p.label, PeriodLabel::StartMonth(_))
            || term_end.is_none_or(|end| p.label.first_day(start) <= end)
    };
    let excuse = |p: &Period| {
        ranges
            .iter()
            .find(|e| e.from <= p.label.first_day(start) && p.due <= e.to)
    };
    let changed = periods.iter().any(|p| {
        !inside(p) || excuse(p).is_some() || (p.status == Status::Missed && p.due < before)
    });
    if !changed {
        return milestone;
    }
    let mut kept = Vec::with_capacity(periods.len());
    for period in periods.iter().filter(|p| inside(p)).cloned() {
        let mut period = period;
        if let Some(range) = excuse(&period) {
            period.status = Status::Excused;
            period.evidence = range.reason.clone();
            period.missing.clear();
        }
        kept.push(period);
    }
    let unit = unit_of(&kept);
    let none_yet = (*due, evidence.clone());
    let mut judged = Milestone::judged(id, kept, unit, none_yet, Some(before));
    // The deadline ahead that the family found (the period not listed yet) stays ahead.
    if let Some(ahead) = milestone.upcoming {
        judged = judged.with_upcoming(ahead);
    }
    if *id == EMPLOYER_VISITS && agency.agreement.is_none() {
        judged.evidence.push_str(NO_AGREEMENT);
    }
    judged
}

/// `month`, `quarter` or `review`; `period` for months then quarters (a renewal's cadence).
fn unit_of(periods: &[Period]) -> &'static str {
    let mut units = periods.iter().map(|p| p.label.unit());
    let first = units.next().unwrap_or("period");
    match units.all(|unit| unit == first) {
        true => first,
        false => "period",
    }
}
