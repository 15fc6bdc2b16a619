//! Issue 21: the agreement over time. A fixture of two agencies, judged as of 2026-11-24:
//! `renewed` visited employers monthly in its first term (2024) and quarterly after its renewal
//! (to 2026-06-30), had March 2024 excused, missed April 2024 (older than the 12 months of the
//! status window: history) and 2026-Q1 (within them); `ended` met every quarter of its one
//! year term (2025). Trainers: Beth Sandoval and Tom Okafor.

mod common;

use common::*;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-24";

const SETTINGS: &str = "format = 1\nname = \"Fixture\"\n\n[[jurisdictions]]\nid = \"oh\"\nname = \"Ohio\"\nkind = \"state\"\n";

fn agency(id: &str, start: &str, trainer: &str, agreement: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"{id}\"\njurisdiction = \"oh\"\nstart = {start}\ntrainer = \"{trainer}\"\n\n\
         [[teams]]\nid = \"main\"\nsupervisor = \"Pat Doe\"\nlocation = \"Dayton\"\n\n\
         [agreement]\n{agreement}"
    )
}

const RENEWED: &str = "signed = 2023-12-15
ends = 2024-12-31
employer_visits = \"monthly\"
signatories = []

[[agreement.renewals]]
signed = 2024-12-01
ends = 2026-06-30
employer_visits = \"quarterly\"

[[agreement.excused]]
milestone = \"employer-visits\"
from = 2024-03-01
to = 2024-03-31
reason = \"trainer on leave\"
";

const ENDED: &str =
    "signed = 2024-12-15\nends = 2025-12-31\nemployer_visits = \"quarterly\"\nsignatories = []\n";

fn activities(rows: &[(&str, &str)]) -> String {
    let mut csv = String::from("date,kind,days,note\n");
    for (date, kind) in rows {
        csv.push_str(&format!("{date},{kind},,\n"));
    }
    csv
}

fn fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "ips.toml", SETTINGS);
    write(
        root,
        "agencies/renewed/agency.toml",
        agency("renewed", "2024-01-01", "Beth Sandoval", RENEWED),
    );
    let mut visits: Vec<(&str, &str)> = [
        "2024-01-10",
        "2024-02-10",
        "2024-05-10",
        "2024-06-10",
        "2024-07-10",
        "2024-08-10",
        "2024-09-10",
        "2024-10-10",
        "2024-11-10",
        "2024-12-10",
        "2025-02-10",
        "2025-05-10",
        "2025-08-10",
        "2025-11-10",
        "2026-05-10",
        "2026-08-10",
    ]
    .iter()
    .map(|date| (*date, "employer-visit"))
    .collect();
    visits.sort();
    write(root, "agencies/renewed/activities.csv", activities(&visits));
    write(
        root,
        "agencies/ended/agency.toml",
        agency("ended", "2025-01-01", "Tom  okafor", ENDED),
    );
    let mut rows = Vec::new();
    for date in [
        "2025-02-03",
        "2025-05-05",
        "2025-08-04",
        "2025-11-03",
        "2026-02-02",
    ] {
        rows.push((date, "employer-visit"));
        rows.push((date, "steering-committee"));
    }
    write(root, "agencies/ended/activities.csv", activities(&rows));
    std::fs::create_dir_all(root.join("outcomes")).unwrap();
    dir
}

/// The CSV rows of one milestone of an agency's checklist.
fn milestone_rows(repo: &TempDir, agency: &str, milestone: &str) -> String {
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &[
            "agreement",
            "status",
            agency,
            "--as-of",
            AS_OF,
            "--format",
            "csv",
        ],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    stdout
        .lines()
        .filter(|line| line.split(',').nth(1) == Some(milestone))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Monthly periods to the end of the first term, then quarters from the renewal's first day;
/// March 2024 excused beside April 2024 missed; April 2024 older than the status window
/// (history), 2026-Q1 within it (missed); nothing after the term's end on 2026-06-30.
#[test]
fn a_renewal_changes_the_cadence_and_the_status_weighs_only_recent_misses() {
    let repo = fixture();
    let months: String = [
        ("2024-01", "2024-01-31", "2024-01-10"),
        ("2024-02", "2024-02-29", "2024-02-10"),
    ]
    .iter()
    .map(|(period, due, on)| format!("renewed,employer-visits,{period},met,{due},,{on},,renewed\n"))
    .collect();
    let met = |period: &str, due: &str, on: &str| {
        format!("renewed,employer-visits,{period},met,{due},,{on},,renewed\n")
    };
    let mut expected = String::from(
        "renewed,employer-visits,,missed,2026-03-31,,\"15 of 17 periods met, 1 excused; 1 missed before 2025-11-24, history; the agreement's term ended on 2026-06-30\",2026-Q1,renewed\n",
    );
    expected.push_str(&months);
    expected.push_str(
        "renewed,employer-visits,2024-03,excused,2024-03-31,,trainer on leave,,renewed\n",
    );
    expected.push_str("renewed,employer-visits,2024-04,missed,2024-04-30,,,one employer-visit in 2024-04,renewed\n");
    for (month, last) in [
        ("05", "31"),
        ("06", "30"),
        ("07", "31"),
        ("08", "31"),
        ("09", "30"),
        ("10", "31"),
        ("11", "30"),
        ("12", "31"),
    ] {
        expected.push_str(&met(
            &format!("2024-{month}"),
            &format!("2024-{month}-{last}"),
            &format!("2024-{month}-10"),
        ));
    }
    for (quarter, due, on) in [
        ("2025-Q1", "2025-03-31", "2025-02-10"),
        ("2025-Q2", "2025-06-30", "2025-05-10"),
        ("2025-Q3", "2025-09-30", "2025-08-10"),
        ("2025-Q4", "2025-12-31", "2025-11-10"),
    ] {
        expected.push_str(&met(quarter, due, on));
    }
    expected.push_str("renewed,employer-visits,2026-Q1,missed,2026-03-31,,,one employer-visit in 2026-Q1,renewed\n");
    expected.push_str(&met("2026-Q2", "2026-06-30", "2026-05-10"));
    assert_eq!(
        milestone_rows(&repo, "renewed", "employer-visits"),
        expected
    );
}

/// A term that ended: its quarters are met, the visit of 2026-02-02 after it is not a period,
/// and nothing is due after it.
#[test]
fn after_a_term_ended_no_period_is_listed_or_due() {
    let repo = fixture();
    for milestone in ["employer-visits", "steering-committee"] {
        let quarter = |q: &str, due: &str, on: &str| {
            format!("ended,{milestone},2025-{q},met,{due},,{on},,ended\n")
        };
        assert_eq!(
            milestone_rows(&repo, "ended", milestone),
            [
                format!("ended,{milestone},,met,2025-12-31,,4 of 4 quarters met; the agreement's term ended on 2025-12-31,,ended\n"),
                quarter("Q1", "2025-03-31", "2025-02-03"),
                quarter("Q2", "2025-06-30", "2025-05-05"),
                quarter("Q3", "2025-09-30", "2025-08-04"),
                quarter("Q4", "2025-12-31", "2025-11-03"),
            ]
            .concat()
        );
    }
}

/// The summary names the trainer and the last day of the term; `--trainer` compares names
/// ignoring case and repeated spaces, in every command that takes it.
#[test]
fn the_trainer_filter_keeps_that_trainers_agencies() {
    let repo = fixture();
    assert_run(
        run_in_repo(
            repo.path(),
            &["agreement", "status", "--as-of", AS_OF, "--format", "csv"],
        ),
        "agency,jurisdiction,met,open,overdue,missed,next_due,status,next_due_milestone,overdue_milestones,missed_milestones,agency_name,jurisdiction_name,trainer,term_ends\n\
ended,oh,2,3,1,5,,missed,,signatures,\"training-es, training-mh, unit-meetings, treatment-team-meetings, outcomes-review\",ended,Ohio,Tom  okafor,2025-12-31\n\
renewed,oh,0,3,1,7,,missed,,signatures,\"training-es, training-mh, unit-meetings, treatment-team-meetings, employer-visits, steering-committee, outcomes-review\",renewed,Ohio,Beth Sandoval,2026-06-30\n",
        "",
        0,
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "agreement",
                "status",
                "--as-of",
                AS_OF,
                "--trainer",
                "tom OKAFOR",
            ],
        ),
        " agency  met  open  overdue  missed  next_due  status  next_due_milestone\n \
──────  ───  ────  ───────  ──────  ────────  ──────  ──────────────────\n \
ended     2     3        1       5            missed\n",
        "",
        0,
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "agency",
                "list",
                "--as-of",
                AS_OF,
                "--trainer",
                "Beth  Sandoval",
                "--format",
                "csv",
            ],
        ),
        "agency,name,jurisdiction,start,teams_open,last_quarter,last_review,status,jurisdiction_name,trainer,term_ends\n\
renewed,renewed,oh,2024-01-01,1,,,active,Ohio,Beth Sandoval,2026-06-30\n",
        "",
        0,
    );
    // The ended term has nothing due: the signatures and the baseline review remain, both
    // due more than a year before, so listed with --all.
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "attention",
                "--as-of",
                AS_OF,
                "--all",
                "--trainer",
                "Tom Okafor",
                "--format",
                "csv",
            ],
        ),
        "due,days,status,agency,jurisdiction,item,period,missing,agency_name,jurisdiction_name\n\
2025-01-01,-692,overdue,ended,oh,signatures,,\"signature of the executive-director, state-mental-health, state-vocational-rehabilitation\",ended,Ohio\n\
2025-04-01,-602,overdue,ended,oh,review,baseline,baseline review; the agency started 2025-01-01,ended,Ohio\n",
        "",
        0,
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "fidelity",
                "schedule",
                "--as-of",
                AS_OF,
                "--trainer",
                "Beth Sandoval",
                "--format",
                "csv",
            ],
        ),
        "agency,jurisdiction,last_review,kind,total,band,next_due,days_until_due,status,plan_due,plan_status,agency_name,jurisdiction_name,trainer\n\
renewed,oh,,,,,2024-04-01,-967,overdue,,,renewed,Ohio,Beth Sandoval\n",
        "",
        0,
    );
}

#[test]
fn an_unknown_trainer_is_refused_with_the_closest_names() {
    let repo = fixture();
    for (name, closest) in [
        ("Beth", "\"Beth Sandoval\", \"Tom  okafor\""),
        ("Tom Okafr", "\"Tom  okafor\", \"Beth Sandoval\""),
    ] {
        assert_run(
            run_in_repo(
                repo.path(),
                &["agreement", "status", "--as-of", AS_OF, "--trainer", name],
            ),
            "",
            &format!(
                "error: --trainer \"{name}\": no agency has this trainer\n  hint: the closest of the 2 trainers named in agency.toml: {closest}\n"
            ),
            2,
        );
    }
}

/// One agency's checklist is that agency's whatever its trainer: `--trainer` beside AGENCY is
/// refused, not silently ignored.
#[test]
fn a_trainer_beside_one_agencys_checklist_is_refused() {
    let repo = fixture();
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "agreement",
                "status",
                "renewed",
                "--as-of",
                AS_OF,
                "--trainer",
                "Beth Sandoval",
            ],
        ),
        "",
        "error: the argument '[AGENCY]' cannot be used with '--trainer <NAME>'\n\nUsage: ips agreement status --as-of <DATE> <AGENCY>\n\nFor more information, try '--help'.\n",
        2,
    );
}
