//! The IPS Supported Employment Fidelity Scale (IPS-25, 2008, public domain): its items and bands.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Staffing,
    Organization,
    Services,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Staffing, Section::Organization, Section::Services];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Staffing => "staffing",
            Section::Organization => "organization",
            Section::Services => "services",
        }
    }
}

pub struct Item {
    pub key: &'static str,
    pub section: Section,
    /// What the item measures, in one line.
    pub measures: &'static str,
}

pub const SCALE_ID: &str = "ips-25";
pub const ITEM_COUNT: usize = 25;
pub const MIN_SCORE: i64 = 1;
pub const MAX_SCORE: i64 = 5;

const fn item(key: &'static str, section: Section, measures: &'static str) -> Item {
    Item {
        key,
        section,
        measures,
    }
}

use Section::{Organization, Services, Staffing};

pub static ITEMS: [Item; ITEM_COUNT] = [
    item(
        "caseload_size",
        Staffing,
        "employment specialists serve 20 or fewer people each",
    ),
    item(
        "employment_services_staff",
        Staffing,
        "employment specialists provide only employment services",
    ),
    item(
        "vocational_generalists",
        Staffing,
        "each specialist carries out all phases of employment service",
    ),
    item(
        "integration_team_assignment",
        Organization,
        "specialists are part of one or two mental health treatment teams",
    ),
    item(
        "integration_team_contact",
        Organization,
        "specialists attend treatment team meetings and share decisions weekly",
    ),
    item(
        "vr_collaboration",
        Organization,
        "specialists and vocational rehabilitation counselors meet and share cases",
    ),
    item(
        "vocational_unit",
        Organization,
        "specialists form a unit with group supervision and shared coverage",
    ),
    item(
        "supervisor_role",
        Organization,
        "the IPS supervisor leads no more than ten specialists and reviews outcomes",
    ),
    item(
        "zero_exclusion",
        Organization,
        "everyone who wants to work is eligible, with no screening out",
    ),
    item(
        "agency_focus_competitive",
        Organization,
        "the agency promotes competitive work in its practices and messages",
    ),
    item(
        "executive_support",
        Organization,
        "agency leaders support IPS through steering, resources and reviews",
    ),
    item(
        "work_incentives_planning",
        Services,
        "people are offered benefits counselling before starting work",
    ),
    item(
        "disclosure",
        Services,
        "specialists discuss disclosing a mental illness to employers, with choices",
    ),
    item(
        "work_based_assessment",
        Services,
        "vocational assessment is ongoing and based on work experiences",
    ),
    item(
        "rapid_job_search",
        Services,
        "the first employer contact happens within 30 days of starting",
    ),
    item(
        "individualized_job_search",
        Services,
        "job searches follow each person's preferences, strengths and history",
    ),
    item(
        "employer_contact_frequency",
        Services,
        "each specialist makes six or more face-to-face employer contacts a week",
    ),
    item(
        "employer_contact_quality",
        Services,
        "specialists build relationships with employers through repeated visits",
    ),
    item(
        "job_type_diversity",
        Services,
        "people obtain different types of jobs",
    ),
    item(
        "employer_diversity",
        Services,
        "people obtain jobs with different employers",
    ),
    item(
        "competitive_jobs",
        Services,
        "specialists offer competitive job options only",
    ),
    item(
        "individualized_follow_along",
        Services,
        "follow-along supports are individualised and varied",
    ),
    item(
        "time_unlimited_follow_along",
        Services,
        "follow-along support continues as long as the person wants it",
    ),
    item(
        "community_based_services",
        Services,
        "employment services happen in the community, not the office",
    ),
    item(
        "assertive_engagement",
        Services,
        "outreach continues when people stop attending, for at least a month",
    ),
];

pub fn item_index(key: &str) -> Option<usize> {
    ITEMS.iter().position(|item| item.key == key)
}

pub fn item_keys() -> Vec<&'static str> {
    ITEMS.iter().map(|item| item.key).collect()
}

/// Fidelity bands of the total score (IPS Grow; data-format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Exemplary,
    Good,
    Fair,
    NotSupportedEmployment,
}

impl Band {
    pub fn of_total(total: u32) -> Band {
        match total {
            115.. => Band::Exemplary,
            100..=114 => Band::Good,
            74..=99 => Band::Fair,
            _ => Band::NotSupportedEmployment,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Exemplary => "exemplary",
            Band::Good => "good",
            Band::Fair => "fair",
            Band::NotSupportedEmployment => "not-supported-employment",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_have_the_published_sizes() {
        let count = |s| ITEMS.iter().filter(|i| i.section == s).count();
        assert_eq!(
            (count(Staffing), count(Organization), count(Services)),
            (3, 8, 14)
        );
    }

    #[test]
    fn bands_at_their_edges() {
        assert_eq!(Band::of_total(125), Band::Exemplary);
        assert_eq!(Band::of_total(115), Band::Exemplary);
        assert_eq!(Band::of_total(114), Band::Good);
        assert_eq!(Band::of_total(100), Band::Good);
        assert_eq!(Band::of_total(99), Band::Fair);
        assert_eq!(Band::of_total(74), Band::Fair);
        assert_eq!(Band::of_total(73), Band::NotSupportedEmployment);
        assert_eq!(Band::of_total(25), Band::NotSupportedEmployment);
    }
}
