//! `ips init`: a new repository from the embedded templates, which validates clean, and which
//! never overwrites a file.

mod common;

use common::*;
use tempfile::TempDir;

/// The next steps `ips init` prints, up to putting the folder under git with the hook (issue 19,
/// item 18).
const NEXT: &str = "\nNext:\n  1. edit ohio-ips/ips.toml (name, jurisdictions)\n  2. add agencies: ips agency new ID --jurisdiction ID\n  3. check: ips validate\n  4. keep it in git, checked at every commit: cd ohio-ips && git init && ips hook install\n     (leave out `git init` when the folder is in a git repository already)\n";

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
    // Valid, and not yet signed: the template's signatories wait, commented out, for the
    // names and dates, so that no placeholder counts as a signature; the team's example
    // supervisor and location are `placeholder` warnings until replaced (issue 19, item 18).
    let (stdout, stderr, code) = run_ips(repo, &["validate", "--as-of", "2026-11-24"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(
        stdout.matches("warning[missing-signatory]").count(),
        3,
        "{stdout}"
    );
    assert!(
        stdout.starts_with(concat!(
            "agencies/riverbend/agency.toml:12:14: warning[placeholder]: \"Supervisor Name\" is the template's example, not a value\n",
            "  hint: write the team supervisor's name in its place\n",
            "agencies/riverbend/agency.toml:13:12: warning[placeholder]: \"Town\" is the template's example, not a value\n",
            "  hint: write the team's location in its place\n",
        )),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("0 errors, 5 warnings in 3 files\n"),
        "{stdout}"
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

// ---------------------------------------------------------------------------------------------
// ips init --ci: the CI file of a data repository

use yaml_rust2::{Yaml, YamlLoader};

const IPS_GIT: &str = "https://example.org/ips.git";

/// PATH with the ips binary first, as CI has it once installed.
fn path_with_ips() -> std::ffi::OsString {
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_ips"));
    let mut paths = vec![bin.parent().unwrap().to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// Runs a CI script with bash -e, as GitHub and GitLab run a step: in `dir`, with the file's
/// variables and `extra`, and ips on PATH. Returns (stdout, stderr, exit code).
fn run_script(
    dir: &std::path::Path,
    script: &str,
    variables: &Yaml,
    extra: &[(&str, &str)],
) -> Run {
    let mut command = std::process::Command::new("bash");
    command
        .current_dir(dir)
        .args(["-e", "-c", script])
        .env("PATH", path_with_ips())
        .env_remove("IPS_REPO")
        .envs(GIT_ENV)
        .envs(extra.iter().copied());
    for name in GIT_ENV_REMOVED {
        command.env_remove(name);
    }
    for (key, value) in variables.as_hash().expect("variables") {
        command.env(key.as_str().unwrap(), value.as_str().expect("a text value"));
    }
    run_of(command.output().expect("bash runs"))
}

fn parse(text: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(text).expect("the CI file is YAML");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// The `run:` scripts of a GitHub job's steps, in order.
fn runs(job: &Yaml) -> Vec<&str> {
    job["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect()
}

/// A clone of the example on a branch `update` whose commit restates one count: `origin/main`
/// is the base, as in CI. `bad` makes the count an error.
fn pull_request_clone(bad: bool) -> (TempDir, TempDir) {
    let origin = example_git();
    let clone = TempDir::new().unwrap();
    git(
        clone.path(),
        &["clone", "-q", origin.path().to_str().unwrap(), "."],
    );
    git(clone.path(), &["checkout", "-q", "-b", "update"]);
    let file = "outcomes/2025-Q3/ggz-noorderzon.csv";
    let to = if bad { "centrum,29,50" } else { "centrum,29,9" };
    edit(clone.path(), file, "centrum,29,8", to);
    commit_all(clone.path(), "Restate centrum");
    (origin, clone)
}

#[test]
fn init_ci_github_writes_a_workflow_whose_commands_run() {
    let (_origin, clone) = pull_request_clone(true);
    let repo = clone.path();
    assert_eq!(
        run_ips(repo, &["init", "--ci", "github", "--ips-git", IPS_GIT]),
        (
            "created .github/workflows/ips.yml\nCI: a pull request is checked by its own changes (`ips validate --changed`); a weekly job lists overdue reviews and missing outcomes.\n".to_string(),
            String::new(),
            0
        )
    );
    let text = read(repo, ".github/workflows/ips.yml");
    assert_eq!(
        text,
        read(&crate_dir(), "data-templates/ci/github.yml")
            .replace("@IPS_REPO@", "\".\"")
            .replace("@IPS_GIT@", &format!("\"{IPS_GIT}\""))
    );
    let workflow = parse(&text);
    let on = &workflow["on"];
    assert!(!on["pull_request"].is_badvalue(), "runs on pull requests");
    assert_eq!(on["schedule"][0]["cron"].as_str(), Some("17 6 * * 1"));
    assert_eq!(workflow["env"]["IPS_REPO"].as_str(), Some("."));
    assert_eq!(workflow["env"]["IPS_GIT"].as_str(), Some(IPS_GIT));
    let changes = &workflow["jobs"]["changes"];
    assert_eq!(
        changes["if"].as_str(),
        Some("github.event_name == 'pull_request'")
    );
    assert_eq!(
        changes["steps"][0]["with"]["fetch-depth"].as_i64(),
        Some(0),
        "the whole history, for the merge base"
    );
    let scripts = runs(changes);
    assert_eq!(
        scripts.last(),
        Some(&"ips validate --changed \"origin/$GITHUB_BASE_REF\" --format github")
    );
    // Every step of the pull request's job, run as GitHub runs it: the install step finds ips
    // on PATH, and the check annotates the pull request's own error.
    let ci = [("GITHUB_BASE_REF", "main")];
    assert_eq!(run_script(repo, scripts[0], &workflow["env"], &ci).2, 0);
    assert_eq!(
        run_script(repo, scripts[1], &workflow["env"], &ci),
        (
            "::error file=outcomes/2025-Q3/ggz-noorderzon.csv,line=2,col=12,title=employed-exceeds-served::employed (50) is greater than served (29)%0Ahint: employed counts people among those served in the quarter: check both numbers\n1 error, 0 warnings in 1 file\n".to_string(),
            String::new(),
            1
        )
    );
    let follow_up = &workflow["jobs"]["follow-up"];
    assert_eq!(
        follow_up["if"].as_str(),
        Some("github.event_name != 'pull_request'")
    );
    let scripts = runs(follow_up);
    assert_eq!(
        scripts[1..],
        [
            "ips fidelity schedule --fail-if-overdue",
            "ips outcomes missing --fail-if-missing"
        ]
    );
    // Both checks run, whatever today's date makes of them (exit 1 is a finding, 2 a mistake).
    for script in &scripts[1..] {
        let (_, stderr, code) = run_script(repo, script, &workflow["env"], &[]);
        assert!(code == 0 || code == 1, "{script}: exit {code}: {stderr}");
    }
}

#[test]
fn the_github_check_passes_a_clean_pull_request_despite_a_problem_on_main() {
    let origin = example_git();
    // main holds a problem before the pull request is made.
    edit(
        origin.path(),
        "outcomes/2025-Q4/ggz-noorderzon.csv",
        "centrum,28,8",
        "centrum,28,80",
    );
    commit_all(origin.path(), "A problem on main");
    let clone = TempDir::new().unwrap();
    git(
        clone.path(),
        &["clone", "-q", origin.path().to_str().unwrap(), "."],
    );
    git(clone.path(), &["checkout", "-q", "-b", "update"]);
    edit(
        clone.path(),
        "outcomes/2025-Q3/ggz-noorderzon.csv",
        "centrum,29,8",
        "centrum,29,9",
    );
    commit_all(clone.path(), "Restate centrum");
    assert_eq!(
        run_ips(
            clone.path(),
            &["init", "--ci", "github", "--ips-git", IPS_GIT]
        )
        .2,
        0
    );
    let workflow = parse(&read(clone.path(), ".github/workflows/ips.yml"));
    let check = *runs(&workflow["jobs"]["changes"]).last().unwrap();
    assert_eq!(
        run_script(
            clone.path(),
            check,
            &workflow["env"],
            &[("GITHUB_BASE_REF", "main")]
        ),
        (
            "ok: 1 file checked, no problems found\n".to_string(),
            String::new(),
            0
        )
    );
}

#[test]
fn init_ci_gitlab_writes_a_pipeline_whose_commands_run() {
    let (_origin, clone) = pull_request_clone(true);
    let repo = clone.path();
    assert_eq!(
        run_ips(repo, &["init", "--ci", "gitlab", "--ips-git", IPS_GIT]),
        (
            "created .gitlab-ci.yml\nCI: a merge request is checked by its own changes (`ips validate --changed`); a weekly job lists overdue reviews and missing outcomes.\nAdd a weekly pipeline schedule for the follow-up job in GitLab: Build > Pipeline schedules.\n".to_string(),
            String::new(),
            0
        )
    );
    let pipeline = parse(&read(repo, ".gitlab-ci.yml"));
    let variables = &pipeline["variables"];
    assert_eq!(variables["IPS_REPO"].as_str(), Some("."));
    assert_eq!(variables["IPS_GIT"].as_str(), Some(IPS_GIT));
    assert_eq!(variables["GIT_DEPTH"].as_str(), Some("0"));
    let validate = &pipeline["ips-validate"];
    assert_eq!(validate["extends"].as_str(), Some(".ips"));
    assert_eq!(
        validate["rules"][0]["if"].as_str(),
        Some("$CI_PIPELINE_SOURCE == \"merge_request_event\"")
    );
    let lines = |job: &Yaml, key: &str| -> Vec<String> {
        job[key]
            .as_vec()
            .expect("a list of lines")
            .iter()
            .map(|line| line.as_str().unwrap().to_string())
            .collect()
    };
    // The cached ips, as a runner restores it.
    let cached = repo.join(".ips-bin/bin");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_ips"), cached.join("ips")).unwrap();
    let mut script = lines(&pipeline[".ips"], "before_script");
    script.extend(lines(validate, "script"));
    let base = git(repo, &["merge-base", "origin/main", "HEAD"]);
    let ci = [("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.trim())];
    assert_eq!(
        run_script(repo, &script.join("\n"), variables, &ci),
        (
            "outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (50) is greater than served (29)\n  hint: employed counts people among those served in the quarter: check both numbers\n1 error, 0 warnings in 1 file\n".to_string(),
            String::new(),
            1
        )
    );
    // The Code Quality report the merge request's widget reads.
    let report = validate["artifacts"]["reports"]["codequality"]
        .as_str()
        .unwrap();
    let issues: serde_json::Value = serde_json::from_str(&read(repo, report)).unwrap();
    assert_eq!(issues.as_array().unwrap().len(), 1);
    assert_eq!(issues[0]["check_name"], "employed-exceeds-served");
    assert_eq!(
        issues[0]["location"],
        serde_json::json!({"path": "outcomes/2025-Q3/ggz-noorderzon.csv", "lines": {"begin": 2}})
    );
    let follow_up = &pipeline["ips-follow-up"];
    assert_eq!(
        follow_up["rules"][0]["if"].as_str(),
        Some("$CI_PIPELINE_SOURCE == \"schedule\"")
    );
    let mut script = lines(&pipeline[".ips"], "before_script");
    script.extend(lines(follow_up, "script"));
    assert!(script.contains(&"ips fidelity schedule --fail-if-overdue || status=1".to_string()));
    assert!(script.contains(&"ips outcomes missing --fail-if-missing || status=1".to_string()));
    let (_, stderr, code) = run_script(repo, &script.join("\n"), variables, &[]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
}

#[test]
fn init_ci_never_overwrites_and_names_the_data_folder_of_the_work_tree() {
    let top = TempDir::new().unwrap();
    let data = top.path().join("community data");
    copy_dir(&example_dir(), &data);
    git_init(top.path());
    let (stdout, stderr, code) = run_ips(&data, &["init", "--ci", "github"]);
    assert_eq!(code, 0, "{stderr}");
    let path = top.path().join(".github/workflows/ips.yml");
    assert!(
        stdout.starts_with(&format!(
            "created {}\n",
            path.canonicalize().unwrap().display()
        )),
        "{stdout}"
    );
    // No URL known: the file says what to set, and so does ips.
    assert_eq!(
        stderr,
        format!(
            "warning: set IPS_GIT in {} to the git URL that CI installs ips from (or write the file with --ips-git URL): until then its jobs stop at the step `Install ips`\n",
            path.canonicalize().unwrap().display()
        )
    );
    let text = read(top.path(), ".github/workflows/ips.yml");
    let workflow = parse(&text);
    assert_eq!(workflow["env"]["IPS_REPO"].as_str(), Some("community data"));
    assert_eq!(workflow["env"]["IPS_GIT"].as_str(), Some(""));
    // The install step stops with the reason.
    let install = runs(&workflow["jobs"]["changes"])[0];
    let (stdout, _, code) = run_script(top.path(), install, &workflow["env"], &[]);
    assert_eq!(
        (stdout.as_str(), code),
        (
            "::error::set IPS_GIT in .github/workflows/ips.yml to the git URL of ips\n",
            1
        )
    );
    // A second run writes nothing.
    assert_eq!(
        run_ips(top.path(), &["--repo", "community data", "init", "community data", "--ci", "github"]),
        (
            String::new(),
            "error: .github/workflows/ips.yml already exists: nothing was written\n  hint: rename or remove it and run this again\n".to_string(),
            2
        )
    );
    assert_eq!(read(top.path(), ".github/workflows/ips.yml"), text);
}

#[test]
fn init_with_ci_creates_the_repository_and_its_ci_file() {
    let dir = TempDir::new().expect("a temporary folder");
    let (stdout, stderr, code) = run_ips(
        dir.path(),
        &["init", "ohio-ips", "--ci", "gitlab", "--ips-git", IPS_GIT],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(
        stdout,
        format!(
            "created ohio-ips/ips.toml\ncreated ohio-ips/README.md\ncreated ohio-ips/agencies/.gitkeep\ncreated ohio-ips/outcomes/.gitkeep\n\
             created ohio-ips/.gitlab-ci.yml\nCI: a merge request is checked by its own changes (`ips validate --changed`); a weekly job lists overdue reviews and missing outcomes.\n\
             Add a weekly pipeline schedule for the follow-up job in GitLab: Build > Pipeline schedules.\n{NEXT}"
        )
    );
    let pipeline = parse(&read(&dir.path().join("ohio-ips"), ".gitlab-ci.yml"));
    assert_eq!(pipeline["variables"]["IPS_REPO"].as_str(), Some("."));
}

/// `--repo DIR` names the folder of every command, init's too: without a DIR, it is the target.
#[test]
fn init_creates_the_repository_that_repo_names() {
    for args in [
        &["--repo", "ohio-ips", "init"][..],
        &["init", "--repo", "ohio-ips"],
        // Both, naming one folder.
        &["init", "ohio-ips", "--repo", "./ohio-ips/"],
    ] {
        let dir = TempDir::new().expect("a temporary folder");
        assert_eq!(
            run_ips(dir.path(), args),
            (
                format!(
                    "created ohio-ips/ips.toml\ncreated ohio-ips/README.md\ncreated ohio-ips/agencies/.gitkeep\ncreated ohio-ips/outcomes/.gitkeep\n{NEXT}"
                ),
                String::new(),
                0
            ),
            "{args:?}"
        );
        assert!(dir.path().join("ohio-ips/ips.toml").is_file());
        assert!(!dir.path().join("ips.toml").exists());
    }
}

/// $IPS_REPO chooses the repository other commands read, not where a new one goes.
#[test]
fn init_without_a_folder_ignores_ips_repo() {
    let dir = TempDir::new().expect("a temporary folder");
    let (stdout, stderr, code) = output(
        ips(dir.path())
            .env("IPS_REPO", example_dir())
            .args(["init", "ohio-ips"]),
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(
        stdout.starts_with("created ohio-ips/ips.toml\n"),
        "{stdout}"
    );
}

#[test]
fn init_refuses_a_folder_and_a_different_repo() {
    let dir = TempDir::new().expect("a temporary folder");
    assert_eq!(
        run_ips(dir.path(), &["--repo", "ohio", "init", "ohio-ips"]),
        (
            String::new(),
            "error: two folders for the new repository: ohio-ips and --repo ohio: nothing was written\n  hint: give only one of them, e.g. `ips init ohio-ips`\n".to_string(),
            2
        )
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

/// A repository inside another is refused, naming the outer ips.toml, from wherever it is asked.
#[test]
fn init_refuses_a_repository_inside_another() {
    let dir = TempDir::new().expect("a temporary folder");
    assert_eq!(run_ips(dir.path(), &["init", "ohio-ips"]).2, 0);
    let agency = "add an agency to this one with `ips agency new ID --jurisdiction ID`";
    for (cwd, args, stderr) in [
        (
            "",
            &["init", "ohio-ips/agencies/nested"][..],
            format!(
                "error: ohio-ips/agencies/nested is inside the data repository of ohio-ips/ips.toml: nothing was written\n  hint: a data repository cannot hold another: create the new one outside ohio-ips, or {agency}\n"
            ),
        ),
        (
            "ohio-ips",
            &["init", "nested"],
            format!(
                "error: nested is inside the data repository of ./ips.toml: nothing was written\n  hint: a data repository cannot hold another: create the new one outside this folder, or {agency}\n"
            ),
        ),
        (
            "ohio-ips/outcomes",
            &["--repo", ".", "init", "--ci", "github"],
            format!(
                "error: . is inside the data repository of ../ips.toml: nothing was written\n  hint: a data repository cannot hold another: create the new one outside .., or {agency}\n"
            ),
        ),
    ] {
        assert_eq!(
            run_ips(&dir.path().join(cwd), args),
            (String::new(), stderr, 2),
            "{args:?}"
        );
    }
    assert!(!dir.path().join("ohio-ips/agencies/nested").exists());
    assert!(!dir.path().join("ohio-ips/nested").exists());
    assert!(!dir.path().join("ohio-ips/outcomes/ips.toml").exists());
    assert!(!dir.path().join("ohio-ips/outcomes/.github").exists());
    // Beside it is fine, even named from inside it.
    let (_, stderr, code) = run_ips(&dir.path().join("ohio-ips"), &["init", "../beside"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
}

/// --repo (or $IPS_REPO) pointing inside a repository names the repository's root.
#[test]
fn repo_inside_a_repository_names_its_root() {
    let inside = "examples/learning-community/agencies";
    assert_eq!(
        run_ips(&crate_dir(), &["--repo", inside, "agency", "list"]),
        (
            String::new(),
            format!(
                "error: --repo names {inside}, which is inside the repository at examples/learning-community\n  hint: use --repo examples/learning-community: --repo names the folder that holds ips.toml, not one inside it\n"
            ),
            2
        )
    );
    // A folder that does not exist yet, named from inside the repository.
    let riverbend = example_dir().join("agencies/riverbend");
    assert_eq!(
        run_ips(&riverbend, &["validate", "--repo", "fidelity/2027"]),
        (
            String::new(),
            "error: --repo names fidelity/2027, which is inside the repository at ../..\n  hint: use --repo ../..: --repo names the folder that holds ips.toml, not one inside it\n".to_string(),
            2
        )
    );
    let full = example_dir().join("outcomes");
    assert_eq!(
        output(
            ips(&crate_dir())
                .env("IPS_REPO", &full)
                .args(["agency", "list"])
        ),
        (
            String::new(),
            format!(
                "error: $IPS_REPO names {}, which is inside the repository at {}\n  hint: set IPS_REPO to {}: $IPS_REPO names the folder that holds ips.toml, not one inside it\n",
                full.display(),
                example_dir().display(),
                example_dir().display()
            ),
            2
        )
    );
}

#[test]
fn init_help_says_which_folder_it_creates() {
    let (stdout, stderr, code) = run_ips(&crate_dir(), &["init", "--help"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    let text = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("The folder is DIR, else --repo DIR (giving both, for different folders, is refused), else the current folder; $IPS_REPO is not used. A repository is never created inside another one: when a folder above DIR has an ips.toml, init refuses and names it."),
        "{stdout}"
    );
}
