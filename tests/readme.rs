//! The pages kept equal to the program: docs/rules.md to `ips validate --list-rules` (the
//! README's console blocks are run by tests/readme_console.rs).

mod common;

use common::*;

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
    page.push_str(&limits());
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

/// The section of docs/rules.md on what ips does whatever a repository holds, with the limits
/// taken from the constants the program applies, so that the page cannot drift from them.
fn limits() -> String {
    let size = ips::repo::tree::size(ips::repo::tree::MAX_FILE_BYTES);
    let toml_size = ips::repo::tree::size(ips::repo::tree::MAX_TOML_BYTES);
    let columns = ips::repo::csv_reader::MAX_COLUMNS;
    let shown = ips::diagnostic::SHOWN_PER_FILE_AND_RULE;
    let excerpt = ips::text::EXCERPT_CHARS;
    let teams = ips::validate::outcomes::TEAMS_LISTED;
    format!(
        "\n## Limits\n\n\
         `ips validate` runs in pre-commit hooks and on pull requests from anyone, so whatever a\n\
         repository holds, every command finishes, exits 0, 1 or 2, prints a bounded amount, reads\n\
         nothing from outside the repository, and damages no file:\n\n\
         - **Only files of the repository are read.** A link may point elsewhere in the repository;\n  \
         one that leads out of it (to `/proc/self/environ`, to a home folder) is an `unreadable`\n  \
         finding that names the link, never what it points to or holds. So is a folder that is such a\n  \
         link.\n\
         - **Only regular files are read.** A FIFO, a socket or a device is `unreadable`, and is never\n  \
         opened for reading, so it cannot block a run.\n\
         - **A folder that cannot be listed** is one `unreadable` finding; every other file is still\n  \
         checked.\n\
         - **A data file is at most {size}, a TOML file at most {toml_size}** (`file-too-large`, not read\n  \
         at all): hundreds of times any real one.\n\
         - **A CSV header has at most {columns} columns**; a wider one is one `csv-structure` error and no\n  \
         row is read. A row's fields past the first {kept} are counted, not kept.\n\
         - **Findings are capped**: of each rule, a file's first {shown} findings are shown, then one line\n  \
         says how many more there are (the closing count counts them all); past the cap a finding is\n  \
         only counted. A value a finding quotes is cut to {excerpt} characters, and a hint lists at\n  \
         most {teams} teams. Work and memory grow linearly with the size of the files.\n\
         - **Text from the data is escaped in every output for people**: control characters (an\n  \
         escape sequence, a line break in a name) are written `\\u{{1b}}`, `\\n` in findings, tables,\n  \
         Markdown and error messages; JSON escapes them as JSON does. `ips validate` warns about them\n  \
         (`control-character`).\n\
         - **CSV output cannot run as a formula**: a text cell that starts with `=`, `+`, `-`, `@`, a tab\n  \
         or a carriage return gets a leading `'`, as OWASP advises for CSV files opened in a\n  \
         spreadsheet; numbers, and text that is a plain number such as `-1`, are written as they are.\n\
         - **Writes are safe**: ips never writes through a link, nor replaces a file you may not write;\n  \
         a write that fails part way (a full disk, a file-size limit) leaves nothing, so a retry works;\n  \
         the temporary file of a write that was killed is removed by the next write in its folder,\n  \
         and reported by `ips validate` until then (`leftover-temporary`).\n",
        kept = columns + 1,
    )
}
