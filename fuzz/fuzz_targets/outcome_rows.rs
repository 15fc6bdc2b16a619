//! The outcome row checks and the activity log on any bytes: the rows kept passed every check,
//! the rows left out are counted, and the findings are bounded and placed.
#![no_main]

use ips::calendar::Quarter;
use ips::diagnostic::{AgencyFile, Subject};
use ips::repo::{activities, outcomes_file};
use ips_fuzz::{check, source};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let riverbend: Arc<str> = Arc::from("riverbend");
    let quarter = Quarter::parse("2024-Q1").expect("a quarter");
    let subject = Subject::Outcomes(quarter, riverbend.clone());
    if let Some(text) = source("outcomes/2024-Q1/riverbend.csv", subject, data) {
        let file = outcomes_file::read(&text);
        check(&text, &file.diagnostics);
        let data_lines = text.text.lines().count();
        assert!(file.rows.len() <= data_lines);
        for row in &file.rows {
            assert!(ips::ids::is_identifier(&row.team));
            assert!(row.employed <= row.served && row.education.is_none_or(|e| e <= row.served));
        }
    }
    let subject = Subject::Agency(riverbend, AgencyFile::Activities);
    if let Some(text) = source("agencies/riverbend/activities.csv", subject, data) {
        check(&text, &activities::read(&text).1);
    }
});
