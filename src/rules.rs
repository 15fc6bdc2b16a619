//! Every validation rule, with the id that diagnostics carry and the text `ips validate --list-rules` prints.

use crate::diagnostic::{AgencyFile, Kind, Severity};

#[derive(Debug, PartialEq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// What else a file is checked against: partial validation (`ips validate PATH`) reads what
    /// a named file's rules need, and re-checks the files that a named file is a basis for.
    pub scope: Scope,
    /// What the rule checks, one sentence.
    pub checks: &'static str,
    /// An example of a fix.
    pub fix: &'static str,
}

/// What a rule checks a file against, beyond the file itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Within the file (and against the date judged by): nothing else is read.
    File,
    /// Files of kind `on`, checked against a file of the same agency: its agency.toml or its
    /// fidelity reviews.
    Agency { on: Kind, against: AgencyFile },
    /// Files of kind `on`, checked against ips.toml.
    Settings { on: Kind },
    /// Files of kind `on`, checked against which agency folders exist.
    Repository { on: Kind },
}

impl Scope {
    /// The kind of file a cross-file rule reports on; None within a file.
    pub fn on(self) -> Option<Kind> {
        match self {
            Scope::File => None,
            Scope::Agency { on, .. } | Scope::Settings { on } | Scope::Repository { on } => {
                Some(on)
            }
        }
    }
}

const IN_FILE: Scope = Scope::File;
const AGAINST_AGENCY_FILE: Scope = Scope::Agency {
    on: Kind::Outcomes,
    against: AgencyFile::Toml,
};
const AGAINST_REVIEWS: Scope = Scope::Agency {
    on: Kind::Outcomes,
    against: AgencyFile::Review,
};

macro_rules! rules {
    ($($name:ident = $id:literal, $severity:ident, $scope:expr, $checks:literal, $fix:literal;)*) => {
        $(pub static $name: Rule = Rule {
            id: $id,
            severity: Severity::$severity,
            scope: $scope,
            checks: $checks,
            fix: $fix,
        };)*
        /// All rules, in the order `--list-rules` prints them.
        pub static ALL: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    // Parsing
    EMPTY_FILE = "empty-file", Error, IN_FILE,
        "A data file has content.",
        "Write the file's content (an outcomes file starts with team,served,employed,education,job_starts), or delete it.";
    UTF8 = "utf8", Error, IN_FILE,
        "Text files are UTF-8 (a byte-order mark and CRLF line ends are fine).",
        "Re-save the file as UTF-8 (in Excel: Save As > CSV UTF-8).";
    UNREADABLE = "unreadable", Error, IN_FILE,
        "Every data file and folder can be read: a regular file or a folder inside the repository (a link may point elsewhere in it, never out of it; a FIFO or device is not read).",
        "Replace a broken link, or one leading outside the repository, with the file itself; make the file readable (chmod a+r), a folder listable (chmod a+rx).";
    FILE_TOO_LARGE = "file-too-large", Error, IN_FILE,
        "A data file is at most 16 MiB, and a TOML file at most 1 MiB, hundreds of times any real one; a larger one is not read.",
        "Remove the 200 MB export pasted as outcomes/2024-Q1/riverbend.csv, and write the agency's few team rows.";
    TOML_SYNTAX = "toml-syntax", Error, IN_FILE,
        "TOML files parse.",
        "Quote text values: name = \"Riverbend\", not name = Riverbend.";
    CSV_STRUCTURE = "csv-structure", Error, IN_FILE,
        "CSV rows have as many fields as the header, and every quote is closed.",
        "Remove the extra comma in `north,42,19,,5,4`, or close the quote in `\"north,42`.";
    CSV_DELIMITER = "csv-delimiter", Error, IN_FILE,
        "CSV files are comma-separated, not semicolon- or tab-separated exports.",
        "Re-export as CSV with commas (in Excel: Save As > CSV UTF-8 (Comma delimited)).";
    LINE_ENDS = "line-ends", Warning, IN_FILE,
        "CSV lines end in a line feed (LF or CRLF); a file whose lines end in a carriage return only (Excel's \"CSV (Macintosh)\") is read with this warning, since other programs see one long line.",
        "Re-save the file as CSV UTF-8 (in Excel: Save As > CSV UTF-8 (Comma delimited)).";
    EMPTY_ROW = "empty-row", Warning, IN_FILE,
        "CSV files have no rows of empty fields only (`,,,,`, which a spreadsheet often leaves below the data); such a row is skipped.",
        "Delete the line `,,,,` below the last team's row.";
    SHEET_TOTAL = "sheet-total", Error, IN_FILE,
        "A workbook that `ips outcomes import` reads has a Total row (if any) equal to the sums of the team rows above it; the row is then dropped, as ips adds up the rows itself.",
        "Correct the team row that was mistyped, or the Total row's formula, so that they agree.";
    EMPTY_COLUMN = "empty-column", Warning, IN_FILE,
        "CSV files have no columns without a name that are empty in every row (`job_starts,,` and `,,` at the end of every row, which a spreadsheet often leaves); such columns are skipped.",
        "Delete the trailing commas of the header `job_starts,,` and of each row.";
    // Schema
    MISSING_KEY = "missing-key", Error, IN_FILE,
        "Required TOML keys are present.",
        "Add `jurisdiction = \"oh\"` to agency.toml.";
    UNKNOWN_KEY = "unknown-key", Error, IN_FILE,
        "TOML files have no keys the format does not define (a misspelt key would be ignored).",
        "Rename `supervsor` to `supervisor`.";
    MISSING_COLUMN = "missing-column", Error, IN_FILE,
        "CSV headers have every required column.",
        "Add the `employed` column to the header: team,served,employed,education,job_starts.";
    UNKNOWN_COLUMN = "unknown-column", Error, IN_FILE,
        "CSV headers have no unknown or repeated columns (a stray column could lose data or leak personal data).",
        "Remove the `client_name` column; rename `educaton` to `education`.";
    WRONG_TYPE = "wrong-type", Error, IN_FILE,
        "TOML values have the type the format defines (text, whole number, number, date, list, table).",
        "Write `good = 100`, not `good = \"100\"`; dates without quotes: start = 2024-02-01.";
    COUNT = "count", Error, IN_FILE,
        "Counts are whole numbers of 0 or more, and required counts are not blank.",
        "Write 12, not 12.5, N/A, -1 or an empty cell; write 0 for none.";
    NUMBER = "number", Error, IN_FILE,
        "Numbers such as training days, benchmarks and settings are in their allowed range.",
        "Write days = 0.5 for half a day; benchmarks as fractions: minimal = 0.31.";
    DATE = "date", Error, IN_FILE,
        "Dates are real calendar dates written YYYY-MM-DD, of the years 1900 to 2199.",
        "2024-02-30 does not exist: write 2024-02-29 or 2024-03-01.";
    IDENTIFIER = "identifier", Error, IN_FILE,
        "Ids are 1 to 64 lower-case ASCII letters, digits and `-`, starting with a letter or digit.",
        "Write `north-team`, not `North Team`.";
    ENUMERATION = "enumeration", Error, IN_FILE,
        "Values from a fixed list (activity kinds, visit cadence, roles, review kinds, jurisdiction kinds) are spelt as listed.",
        "Write kind = \"follow-up\", not \"followup\".";
    SCORE_RANGE = "score-range", Error, IN_FILE,
        "Fidelity item scores are whole numbers from 1 to 5.",
        "Write caseload_size = 4, not 6 or 4.5.";
    SCORE_MISSING = "score-missing", Error, IN_FILE,
        "A fidelity review scores all 25 items of the scale.",
        "Add the missing item under [scores], e.g. disclosure = 3.";
    SCORE_UNKNOWN = "score-unknown", Error, IN_FILE,
        "A fidelity review scores no item the scale does not have.",
        "Rename `caseload` to `caseload_size`.";
    FORMAT_VERSION = "format-version", Error, IN_FILE,
        "ips.toml declares data format 1, the one this ips understands.",
        "Write format = 1, or install the ips version that reads this format.";
    // Within a file
    EMPLOYED_EXCEEDS_SERVED = "employed-exceeds-served", Error, IN_FILE,
        "In an outcomes row, employed is not greater than served.",
        "Check the row against the agency's records: employed counts people among those served.";
    EDUCATION_EXCEEDS_SERVED = "education-exceeds-served", Error, IN_FILE,
        "In an outcomes row, education is not greater than served.",
        "Check the row: education counts people among those served.";
    DUPLICATE_ROW = "duplicate-row", Error, IN_FILE,
        "A team appears once in a quarter's outcomes file.",
        "Merge the two `north` rows into one.";
    DUPLICATE_ACTIVITY = "duplicate-activity", Warning, IN_FILE,
        "An activity log has one row per activity: the same kind on the same date twice is likely entered twice.",
        "Delete the second `2024-02-10,training-es` row (its days would count twice), or keep both if two took place that day.";
    DUPLICATE_ID = "duplicate-id", Error, IN_FILE,
        "Team ids are unique within an agency, and jurisdiction ids within ips.toml.",
        "Rename the second team `north` to `north-2`.";
    ID_MISMATCH = "id-mismatch", Error, IN_FILE,
        "An agency's id equals its folder name.",
        "Rename the folder agencies/river-bend to agencies/riverbend, or fix `id`.";
    REVIEW_DATE_MISMATCH = "review-date-mismatch", Error, IN_FILE,
        "A fidelity review's date equals its file name, and the file name is a date.",
        "Rename fidelity/2024-03-21.toml to fidelity/2024-03-12.toml, or fix `date`.";
    REVIEW_KIND = "review-kind", Warning, Scope::Agency { on: Kind::Agency(AgencyFile::Review), against: AgencyFile::Review },
        "An agency's first fidelity review is its `baseline`, and every later one a `follow-up`.",
        "Write kind = \"follow-up\" in the second review of the agency.";
    QUARTER_FOLDER = "quarter-folder", Error, IN_FILE,
        "Outcome folders are named YYYY-Qn with n from 1 to 4, and hold only .csv files.",
        "Rename outcomes/2024-q1 to outcomes/2024-Q1.";
    DATE_ORDER = "date-order", Error, IN_FILE,
        "Dates that bound a period are in order (a team closes after it opens).",
        "Fix `closed = 2024-01-31`: the team opened on 2024-02-01.";
    MISSING_FILE = "missing-file", Error, IN_FILE,
        "Each agency folder has its agency.toml.",
        "Create agencies/riverbend/agency.toml with `ips agency new riverbend --jurisdiction oh`.";
    UNEXPECTED_FILE = "unexpected-file", Warning, IN_FILE,
        "Files sit where the format puts them (a stray file is ignored by ips).",
        "Move notes.txt out of the data repository, or into docs/.";
    PLACEHOLDER = "placeholder", Warning, IN_FILE,
        "TOML files hold no example value of the templates that `ips init` and `ips agency new` write (\"Supervisor Name\", \"Town\", \"Example Agency\"), left in place of the real one.",
        "Write supervisor = \"Dana Lee\", not supervisor = \"Supervisor Name\".";
    LEFTOVER_TEMPORARY = "leftover-temporary", Warning, IN_FILE,
        "No temporary file of an interrupted ips write (.NAME.ips-XXXXXX.tmp) is left beside the file it was for; the next ips write in the folder removes it.",
        "Delete agencies/riverbend/.activities.csv.ips-a1B2c3.tmp, and check that activities.csv has the row you meant to log.";
    // Across files
    UNKNOWN_JURISDICTION = "unknown-jurisdiction", Error, Scope::Settings { on: Kind::Agency(AgencyFile::Toml) },
        "An agency's jurisdiction is declared in ips.toml.",
        "Add [[jurisdictions]] id = \"oh\" to ips.toml, or fix the agency's `jurisdiction`.";
    UNKNOWN_AGENCY = "unknown-agency", Error, Scope::Repository { on: Kind::Outcomes },
        "An outcomes file is named after an agency that has agencies/<agency>/agency.toml.",
        "Rename outcomes/2024-Q1/riverbnd.csv to riverbend.csv.";
    UNKNOWN_TEAM = "unknown-team", Error, AGAINST_AGENCY_FILE,
        "Each outcomes row names a team of the agency's agency.toml.",
        "Add the team to agency.toml under [[teams]], or fix the team id in the row.";
    TEAM_NOT_OPEN = "team-not-open", Error, AGAINST_AGENCY_FILE,
        "Each outcomes row's team is open during some of the quarter (between `opened` and `closed`).",
        "Remove the row, or correct the team's `opened` or `closed` date.";
    FUTURE_REVIEW = "future-review", Warning, IN_FILE,
        "A fidelity review is dated on or before the date judged by (--as-of, default today); a planned review is not counted until then, and its reviewers and scores may wait for its day.",
        "Keep a planned review's file; if the review took place, correct its `date` and file name (2062 for 2026).";
    FUTURE_QUARTER = "future-quarter", Error, IN_FILE,
        "No outcomes are recorded for a quarter that has not ended (as of --as-of, default today).",
        "Move the file to the quarter it reports on, or wait until the quarter has ended.";
    TEAM_NOT_REPORTED = "team-not-reported", Warning, AGAINST_AGENCY_FILE,
        "Each team open during a quarter has a row in its agency's outcomes file for that quarter.",
        "Add a row for the team, with 0 counts if it served nobody.";
    UNKNOWN_REVIEWER = "unknown-reviewer", Warning, Scope::Agency { on: Kind::Agency(AgencyFile::Review), against: AgencyFile::Toml },
        "A reviewer of a fidelity review held by the date judged by is not a misspelling of a name in the agency's confidentiality list (names compared ignoring case and repeated spaces; `Jerome Baptist` beside `Jerome Baptiste`), which would miss the confidentiality milestone; a reviewer near no signed name is shown by `ips agreement status`.",
        "Write reviewers = [\"Jerome Baptiste\"] as agency.toml's confidentiality list spells it, or add the reviewer's own { name = \"Jerome Baptist\", signed = 2024-01-20 } to that list.";
    OUTCOMES_BEFORE_BASELINE = "outcomes-before-baseline", Warning, AGAINST_REVIEWS,
        "Outcomes start with the quarter of the agency's baseline fidelity review, not before.",
        "Check the quarter folder, or add the baseline review under agencies/<agency>/fidelity/.";
    CONTROL_CHARACTER = "control-character", Warning, IN_FILE,
        "Text values hold no control characters (an escape sequence, a bell, a carriage return not ending a line), which terminals and spreadsheets may act on; tabs and line breaks are fine.",
        "Retype name = \"Ana\\u001b[31mLima\" as name = \"Ana Lima\".";
    MISSING_SIGNATORY = "missing-signatory", Warning, IN_FILE,
        "An agreement is signed by the executive director, state mental health and state vocational rehabilitation.",
        "Add { role = \"state-vocational-rehabilitation\", name = \"...\", signed = 2024-01-12 } to signatories.";
    // The agreement's term (issue 21)
    AGREEMENT_GAP = "agreement-gap", Warning, IN_FILE,
        "A renewal of an agreement is signed by the day after the term before it ends; signed later, the days between have no agreement and nothing is due in them.",
        "Correct the renewal's `signed = 2028-02-10` if it was signed before the term ended on 2027-12-31.";
    // The fidelity review cycle: ratings, notes and improvement plans
    UNKNOWN_ITEM = "unknown-item", Error, IN_FILE,
        "A review's [notes.ITEM] tables and a plan's goals name items of the IPS-25 scale.",
        "Rename [notes.caseload] to [notes.caseload_size]; write items = [\"disclosure\"], not [\"discosure\"].";
    RATING_REVIEWER = "rating-reviewer", Error, IN_FILE,
        "Each [ratings.\"Name\"] table of a review is named by one of the review's `reviewers`, and scores every item from 1 to 5 (score-missing, score-range).",
        "Rename [ratings.\"A. Reviwer\"] to [ratings.\"A. Reviewer\"] as `reviewers` spells it.";
    CONSENSUS_OUTSIDE_RATINGS = "consensus-outside-ratings", Warning, IN_FILE,
        "A consensus score lies within the range of the reviewers' own ratings of the item (reviewers who rated 3 and 4 agree on 3 or 4, not 5).",
        "Check caseload_size = 5 under [scores] against the ratings 3 and 4: correct the score or the ratings.";
    PLAN_REVIEW = "plan-review", Error, Scope::Agency { on: Kind::Agency(AgencyFile::Plan), against: AgencyFile::Review },
        "An improvement plan, plans/<review-date>.toml, answers a review of the agency: its file name and `review` are that review's date.",
        "Rename plans/2024-03-21.toml to plans/2024-03-12.toml after the review fidelity/2024-03-12.toml, and write review = 2024-03-12.";
    PLAN_DATE_MISMATCH = "plan-date-mismatch", Error, Scope::Agency { on: Kind::Agency(AgencyFile::Plan), against: AgencyFile::Review },
        "A plan date written both in a review (`plan = DATE`) and in its plan file (`written`) is the same day.",
        "Write written = 2024-04-20 in plans/2024-03-12.toml, as the review's plan = 2024-04-20 says, or correct the review.";
    FUTURE_STEP = "future-step", Warning, IN_FILE,
        "A step of a plan whose review is held is not marked `done` on a day after the date judged by (--as-of, default today); until that day the step counts as not done.",
        "Correct done = 2062-06-20 to done = 2026-06-20, or remove `done` until the step is done.";
}

pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_identifiers() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(crate::ids::is_identifier(rule.id), "{}", rule.id);
        }
    }

    #[test]
    fn the_size_limit_is_the_one_the_tree_applies() {
        use crate::repo::tree::{MAX_FILE_BYTES, MAX_TOML_BYTES, size};
        let limits = format!(
            "at most {}, and a TOML file at most {}",
            size(MAX_FILE_BYTES),
            size(MAX_TOML_BYTES)
        );
        assert!(FILE_TOO_LARGE.checks.contains(&limits));
    }
}
