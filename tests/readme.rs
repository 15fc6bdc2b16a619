//! The README shows real output: its example of the main job is what ips prints on the bundled
//! example repository, so the front page cannot drift from the program.

mod common;

use common::*;

#[test]
fn the_readme_example_of_outcomes_summarize_is_what_ips_prints() {
    let readme = read(&crate_dir(), "README.md");
    let command = "$ ips --repo examples/learning-community outcomes summarize\n";
    let start = readme.find(command).expect("the README shows the main job") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").expect("the block ends")];
    let (stdout, stderr, code) = run_ips(
        &crate_dir(),
        &[
            "--repo",
            "examples/learning-community",
            "outcomes",
            "summarize",
            "--as-of",
            "2026-11-24",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(shown, format!("{stdout}{stderr}"));
}

/// The README's `ips attention` example is what ips prints on the example repository.
#[test]
fn the_readme_example_of_attention_is_what_ips_prints() {
    let readme = read(&crate_dir(), "README.md");
    let command = "$ ips attention --as-of 2026-11-24\n";
    let start = readme.find(command).expect("the README shows attention") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").expect("the block ends")];
    let (stdout, stderr, code) = run_ips(
        &crate_dir(),
        &[
            "--repo",
            "examples/learning-community",
            "attention",
            "--as-of",
            "2026-11-24",
        ],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(shown, stdout);
}

/// docs/rules.md lists every rule as `ips validate --list-rules` prints them, so the page data
/// keepers read on the web cannot drift from the program. `IPS_UPDATE_DOCS=1 cargo test` rewrites
/// it after a rule changes.
#[test]
fn the_rules_page_lists_every_rule_as_list_rules_prints_them() {
    let (listing, stderr, code) = run_ips(&crate_dir(), &["validate", "--list-rules"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    let lines: Vec<&str> = listing.lines().collect();
    let mut page = String::from(
        "# Validation rules\n\n\
         `ips validate` checks every rule below; `ips validate --list-rules` prints the same list.\n\
         Each finding names its rule's id, so that it can be looked up here. Errors make\n\
         `ips validate` exit 1; warnings do not, unless `--strict` is given.\n\n\
         | rule | severity | what it checks | example of a fix |\n|---|---|---|---|\n",
    );
    for entry in lines.chunks(3) {
        let [heading, checks, fix] = entry else {
            panic!("--list-rules prints three lines a rule: {entry:?}");
        };
        let (id, severity) = heading
            .strip_suffix(')')
            .and_then(|h| h.split_once(" ("))
            .expect("`id (severity)`");
        let checks = checks
            .trim_start()
            .strip_prefix("checks: ")
            .expect("checks line");
        let fix = fix
            .trim_start()
            .strip_prefix("fix:")
            .expect("fix line")
            .trim_start();
        page.push_str(&format!(
            "| `{id}` | {severity} | {} | {} |\n",
            checks.replace('|', "\\|"),
            fix.replace('|', "\\|")
        ));
    }
    let path = crate_dir().join("docs/rules.md");
    if std::env::var_os("IPS_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &page).expect("write docs/rules.md");
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        page,
        "docs/rules.md is out of date: run IPS_UPDATE_DOCS=1 cargo test --test readme"
    );
}
