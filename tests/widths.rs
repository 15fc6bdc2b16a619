//! Every command's default view for people fits a terminal of 100 columns on a community-size
//! repository, and what wraps breaks between words: at spaces, or after `/`, `-` or `,`.
//!
//! The repository is the synth example's (examples/synth.rs, included here as a module so that
//! no build of the example is needed) at 60 agencies over 80 quarters: five jurisdictions, the
//! synth's long agency names and signatory roles, twenty years of reviews and milestones. One
//! agency's files of three years are removed, so that the partial-quarters warning has a run
//! of quarters to name.

mod common;

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use common::*;
use std::collections::HashSet;
use std::path::Path;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const AS_OF: &str = "2026-11-22";
/// The first agency: it reports from the first quarter, so it has the longest history.
const AGENCY: &str = "a0001";

fn community() -> TempDir {
    let dir = TempDir::new().unwrap();
    synth::generate(&synth::Args {
        out: dir.path().to_path_buf(),
        agencies: 60,
        quarters: 80,
        seed: 1,
        force: false,
    })
    .unwrap();
    for year in 2015..=2017 {
        for quarter in 1..=4 {
            let file = dir
                .path()
                .join(format!("outcomes/{year}-Q{quarter}/a0002.csv"));
            std::fs::remove_file(file).unwrap();
        }
    }
    git_init(dir.path());
    commit_all(dir.path(), "the community");
    // A restatement, for `outcomes diff`.
    let file = "outcomes/2026-Q2/a0003.csv";
    let text = read(dir.path(), file);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let row: Vec<&str> = lines[1].split(',').collect();
    let served: u32 = row[1].parse().unwrap();
    let restated = format!("{},{},{}", row[0], served + 1, row[2..].join(","));
    lines[1] = restated;
    write(dir.path(), file, lines.join("\n") + "\n");
    commit_all(dir.path(), "a0003 restates 2026-Q2");
    dir
}

/// `ips args` in `repo` as of AS_OF, at COLUMNS=100 or, with `None`, unfitted (a pipe).
fn view(repo: &Path, args: &[&str], columns: Option<&str>) -> Run {
    let mut command = ips_with_repo(repo, repo);
    command.args(args).env("IPS_AS_OF", AS_OF);
    if let Some(columns) = columns {
        command.env("COLUMNS", columns);
    }
    output(&mut command)
}

/// Every command that prints a table or text for people, in its default view.
const VIEWS: &[&[&str]] = &[
    &["outcomes", "summarize"],
    &["outcomes", "summarize", "--by", "agency"],
    &["outcomes", "summarize", "--by", "team"],
    &["outcomes", "summarize", "--by", "quarter"],
    &["outcomes", "summarize", "--by", "jurisdiction,agency"],
    &["outcomes", "summarize", "--by", "agency,quarter"],
    &["outcomes", "summarize", "--by", "jurisdiction,quarter"],
    &["outcomes", "summarize", "--by", "team,quarter"],
    &[
        "outcomes",
        "summarize",
        "--by",
        "jurisdiction,agency,quarter",
    ],
    &["outcomes", "summarize", "--public"],
    &["outcomes", "summarize", "--by", "agency", "--public"],
    &[
        "outcomes",
        "summarize",
        "--by",
        "jurisdiction,quarter",
        "--public",
    ],
    &[
        "outcomes",
        "summarize",
        "--by",
        "agency,quarter",
        "--public",
    ],
    &["outcomes", "missing"],
    &["outcomes", "missing", "--quarter", "2016-Q2"],
    &["outcomes", "diff", "HEAD~1", "HEAD"],
    &["fidelity", "schedule"],
    &["fidelity", "show", AGENCY],
    &["fidelity", "items"],
    &["fidelity", "plan", "status", AGENCY],
    &["agreement", "status"],
    &["agreement", "status", AGENCY],
    &["agency", "list"],
    &["attention"],
    &["validate"],
    &["validate", "--list-rules"],
];

/// The widest line of a text, as a terminal shows it.
fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The words of `text` and every piece of them that a wrap may leave on a line: from the
/// word's start or just after a `/`, `-` or `,` to its end or just after one.
fn pieces(text: &str) -> HashSet<String> {
    let mut pieces = HashSet::new();
    for word in text.split_whitespace() {
        let mut cuts = vec![0];
        cuts.extend(
            word.char_indices()
                .filter(|(_, c)| matches!(c, '/' | '-' | ','))
                .map(|(at, c)| at + c.len_utf8()),
        );
        cuts.push(word.len());
        for (i, from) in cuts.iter().enumerate() {
            for to in &cuts[i + 1..] {
                pieces.insert(word[*from..*to].to_string());
            }
        }
    }
    pieces
}

/// One community for every check: writing it takes most of the time.
#[test]
fn default_views_fit_100_columns_at_community_size_and_break_between_words() {
    let repo = community();
    every_default_view_fits_100_columns(repo.path());
    wrapped_text_breaks_between_words(repo.path());
    agency_names_wrap_between_words_on_two_lines_at_most(repo.path());
}

/// The widest lines of stdout and stderr of each default view at COLUMNS=100: none over 100,
/// and, as these figures are exact, a view that comes to 100 by luck rather than by fitting
/// shows here when a column changes.
fn every_default_view_fits_100_columns(repo: &Path) {
    let mut measured = Vec::new();
    for args in VIEWS {
        let (stdout, stderr, code) = view(repo, args, Some("100"));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        measured.push(format!(
            "{:<52}{:>4}{:>4}",
            args.join(" "),
            widest(&stdout),
            widest(&stderr)
        ));
    }
    let measured = measured.join("\n");
    assert_eq!(measured, EXPECTED_WIDTHS.trim_end(), "\n{measured}");
    for line in measured.lines() {
        for figure in line.split_whitespace().rev().take(2) {
            assert!(figure.parse::<usize>().unwrap() <= 100, "{line}");
        }
    }
}

/// Each of VIEWS at COLUMNS=100, in their order, with the widths of stdout and stderr. The tables at
/// exactly 100 have a column of text that wraps and takes the room there is (evidence, what
/// is missing, names); the others are as wide as their text, with room to spare.
const EXPECTED_WIDTHS: &str = "\
outcomes summarize                                    92  92
outcomes summarize --by agency                        82  92
outcomes summarize --by team                          82  92
outcomes summarize --by quarter                       72  98
outcomes summarize --by jurisdiction,agency           96  92
outcomes summarize --by agency,quarter                76  98
outcomes summarize --by jurisdiction,quarter          92  98
outcomes summarize --by team,quarter                  76  98
outcomes summarize --by jurisdiction,agency,quarter   90  98
outcomes summarize --public                           92  96
outcomes summarize --by agency --public               82  96
outcomes summarize --by jurisdiction,quarter --public  92  98
outcomes summarize --by agency,quarter --public       76 100
outcomes missing                                      44  36
outcomes missing --quarter 2016-Q2                    45   0
outcomes diff HEAD~1 HEAD                             73   0
fidelity schedule                                     74   0
fidelity show a0001                                   98  88
fidelity items                                        83  57
fidelity plan status a0001                            43   0
agreement status                                      93   0
agreement status a0001                               100   0
agency list                                          100   0
attention                                             97  59
validate                                              41   0
validate --list-rules                                100   0
";

/// Every word of a view at COLUMNS=100 is whole on its line, or broken after `/`, `-` or `,`:
/// each token of each line is a word of the unfitted output or such a piece of one, and no
/// word had to be cut (`…`). A note that only a fitted view has (`fidelity show`'s reviews
/// left out) lends the words of its first line: a word broken inside would leave its end at
/// the start of the next line, which is no word.
fn wrapped_text_breaks_between_words(repo: &Path) {
    for args in VIEWS {
        let (whole_out, whole_err, _) = view(repo, args, None);
        let (stdout, stderr, _) = view(repo, args, Some("100"));
        let first_lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with(' ')).collect();
        let allowed = pieces(&format!(
            "{whole_out}\n{whole_err}\n{}",
            first_lines.join("\n")
        ));
        for line in stdout.lines().chain(stderr.lines()) {
            assert!(!line.contains('…'), "{args:?}: a word was cut: {line}");
            // The rule under a header is as wide as its column.
            for token in line.split_whitespace().filter(|t| !t.starts_with('─')) {
                assert!(
                    allowed.contains(token),
                    "{args:?}: {token:?} is part of a word: {line}"
                );
            }
        }
    }
}

/// The agency names of the community are long (`Granite Hill Behavioral Health`): in the
/// default agency list each takes two lines at most, and its lines joined are the whole name of
/// the CSV, broken at spaces only.
fn agency_names_wrap_between_words_on_two_lines_at_most(repo: &Path) {
    let (csv, _, _) = view(repo, &["agency", "list", "--format", "csv"], None);
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap())
        .collect();
    let (stdout, _, code) = view(repo, &["agency", "list"], Some("100"));
    assert_eq!(code, 0);
    let header = stdout.lines().next().unwrap();
    let (from, to) = (
        header.find(" name ").unwrap() + 1,
        header.find(" teams_open").unwrap(),
    );
    let rows: Vec<&str> = stdout.lines().skip(2).collect();
    let mut starts = rows
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with(" a0"))
        .map(|(at, _)| at)
        .peekable();
    let mut shown = Vec::new();
    while let Some(start) = starts.next() {
        let end = starts.peek().copied().unwrap_or(rows.len());
        assert!(end - start <= 2, "{}", rows[start..end].join("\n"));
        let pieces: Vec<&str> = rows[start..end]
            .iter()
            .map(|line| line.get(from..to.min(line.len())).unwrap_or("").trim())
            .collect();
        shown.push(pieces.join(" "));
    }
    assert_eq!(shown, names);
    assert!(names.iter().any(|name| name.len() > to - from));
}
