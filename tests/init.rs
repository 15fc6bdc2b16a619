//! `ips init`: a new repository from the embedded templates, which validates clean, and which
//! never overwrites a file.

mod common;

use common::*;
use tempfile::TempDir;

const NEXT: &str = "\nNext: edit ohio-ips/ips.toml (name, jurisdictions), add agencies with `ips agency new ID --jurisdiction ID`, then run `ips validate`.\n";

#[test]
fn init_creates_the_repository_from_the_templates() {
    let dir = TempDir::new().expect("a temporary folder");
    assert_eq!(
        run_ips(dir.path(), &["init", "ohio-ips"]),
        (
            format!(
                "created ohio-ips/ips.toml\ncreated ohio-ips/README.md\ncreated ohio-ips/agencies/.gitkeep\ncreated ohio-ips/outcomes/.gitkeep\n{NEXT}"
            ),
            String::new(),
            0
        )
    );
    let repo = dir.path().join("ohio-ips");
    let templates = crate_dir().join("data-templates");
    assert_eq!(read(&repo, "ips.toml"), read(&templates, "ips.toml"));
    assert_eq!(read(&repo, "README.md"), read(&templates, "README.md"));
    assert_eq!(read(&repo, "agencies/.gitkeep"), "");
    assert_eq!(read(&repo, "outcomes/.gitkeep"), "");
}

#[test]
fn init_without_a_folder_uses_the_current_one() {
    let dir = TempDir::new().expect("a temporary folder");
    let (stdout, stderr, code) = run_ips(dir.path(), &["init"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(stdout.starts_with("created ./ips.toml\n"), "{stdout}");
    assert!(dir.path().join("ips.toml").is_file());
}

/// A new repository holds one data file, ips.toml, and it is clean.
#[test]
fn a_fresh_repository_validates_clean() {
    let dir = TempDir::new().expect("a temporary folder");
    assert_eq!(run_ips(dir.path(), &["init", "ohio-ips"]).2, 0);
    assert_eq!(
        run_ips(
            dir.path(),
            &["validate", "--repo", "ohio-ips", "--as-of", "2026-11-24"]
        ),
        (
            "ok: 1 file checked, no problems found\n".to_string(),
            String::new(),
            0
        )
    );
    // And from inside it, found by walking up.
    assert_eq!(
        run_ips(
            &dir.path().join("ohio-ips/outcomes"),
            &["validate", "--as-of", "2026-11-24"]
        ),
        (
            "ok: 1 file checked, no problems found\n".to_string(),
            String::new(),
            0
        )
    );
}

#[test]
fn init_refuses_a_folder_with_an_ips_toml_and_writes_nothing() {
    let dir = TempDir::new().expect("a temporary folder");
    write(dir.path(), "ohio-ips/ips.toml", "format = 1\n");
    assert_eq!(
        run_ips(dir.path(), &["init", "ohio-ips"]),
        (
            String::new(),
            "error: ohio-ips already has an ips.toml: nothing was written\n  hint: this is already a data repository; run `ips validate` in it\n".to_string(),
            2
        )
    );
    assert_eq!(read(dir.path(), "ohio-ips/ips.toml"), "format = 1\n");
    let entries: Vec<_> = std::fs::read_dir(dir.path().join("ohio-ips"))
        .expect("list folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries, vec!["ips.toml"]);
}

#[test]
fn init_keeps_an_existing_readme_untouched_and_says_so() {
    let dir = TempDir::new().expect("a temporary folder");
    let ours = "# Ohio IPS data\n\nAsk Dana before changing anything.\n";
    write(dir.path(), "ohio-ips/README.md", ours);
    assert_eq!(
        run_ips(dir.path(), &["init", "ohio-ips"]),
        (
            format!(
                "created ohio-ips/ips.toml\nkept    ohio-ips/README.md (it already exists)\ncreated ohio-ips/agencies/.gitkeep\ncreated ohio-ips/outcomes/.gitkeep\n{NEXT}"
            ),
            String::new(),
            0
        )
    );
    assert_eq!(read(dir.path(), "ohio-ips/README.md"), ours);
}

/// `ips agency new` adds an agency from the embedded template; the repository still validates
/// clean, and a second run writes nothing.
#[test]
fn agency_new_adds_an_agency_that_validates() {
    let dir = TempDir::new().expect("a temporary folder");
    let repo = dir.path();
    assert_eq!(run_ips(repo, &["init"]).2, 0);
    let args = [
        "agency",
        "new",
        "riverbend",
        "--jurisdiction",
        "oh",
        "--name",
        "Riverbend Community Mental Health",
        "--start",
        "2026-02-01",
    ];
    assert_eq!(
        run_ips(repo, &args),
        (
            "created agencies/riverbend/agency.toml\ncreated agencies/riverbend/activities.csv\n\nNext: in agencies/riverbend/agency.toml, set the teams, the agreement and the names and dates of its three signatories, then run `ips validate`.\n".to_string(),
            String::new(),
            0
        )
    );
    let agency = read(repo, "agencies/riverbend/agency.toml");
    let expected = read(&crate_dir(), "data-templates/agency.toml")
        .replace("id = \"example-agency\"", "id = \"riverbend\"")
        .replace(
            "name = \"Example Agency\"",
            "name = \"Riverbend Community Mental Health\"",
        )
        .replace("2026-01-05", "2026-02-01");
    assert_eq!(agency, expected);
    assert_eq!(
        read(repo, "agencies/riverbend/activities.csv"),
        "date,kind,days,note\n"
    );
    assert_eq!(
        run_ips(repo, &["validate", "--as-of", "2026-11-24"]),
        (
            "ok: 3 files checked, no problems found\n".to_string(),
            String::new(),
            0
        )
    );
    let (stdout, stderr, code) = run_ips(repo, &args);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        "error: agencies/riverbend/agency.toml already exists: nothing was written\n  hint: edit that file, or choose another id\n"
    );
    assert_eq!(read(repo, "agencies/riverbend/agency.toml"), agency);
}

#[test]
fn agency_new_refuses_an_undeclared_jurisdiction_and_a_bad_id() {
    let dir = TempDir::new().expect("a temporary folder");
    let repo = dir.path();
    assert_eq!(run_ips(repo, &["init"]).2, 0);
    assert_eq!(
        run_ips(repo, &["agency", "new", "riverbend", "--jurisdiction", "ohio"]),
        (
            String::new(),
            "error: jurisdiction `ohio` is not declared in ips.toml\n  hint: declare it under [[jurisdictions]] in ips.toml first; declared: oh\n".to_string(),
            2
        )
    );
    assert_eq!(
        run_ips(repo, &["agency", "new", "River Bend", "--jurisdiction", "oh"]),
        (
            String::new(),
            "error: \"River Bend\" is not a valid agency id\n  hint: ids are 1-64 lower-case letters, digits and `-`, e.g. river-bend\n".to_string(),
            2
        )
    );
    assert!(!repo.join("agencies/riverbend").exists());
}

/// With ips.toml broken, its jurisdictions are unknown: agency new says so (exit 1), rather than
/// calling a declared jurisdiction undeclared.
#[test]
fn agency_new_refuses_while_ips_toml_has_errors() {
    let dir = TempDir::new().expect("a temporary folder");
    let repo = dir.path();
    assert_eq!(run_ips(repo, &["init"]).2, 0);
    let settings = read(repo, "ips.toml");
    write(
        repo,
        "ips.toml",
        settings.replacen("format = 1", "format = 1\nformat = 1", 1),
    );
    let (stdout, stderr, code) = run_ips(repo, &["agency", "new", "one", "--jurisdiction", "oh"]);
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(
        stderr.starts_with("error: ips.toml has errors, so its jurisdictions are unknown: nothing was written\nips.toml:"),
        "{stderr}"
    );
    assert!(!repo.join("agencies/one").exists());
}
