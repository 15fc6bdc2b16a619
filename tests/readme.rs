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
