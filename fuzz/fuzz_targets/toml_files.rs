//! The TOML walker on any bytes, read as each of the format's TOML files: ips.toml, an
//! agency.toml and a fidelity review.
#![no_main]

use ips::diagnostic::{AgencyFile, Subject};
use ips::repo::{agency, review, settings};
use ips_fuzz::{check, source};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = source("ips.toml", Subject::Settings, data) {
        check(&text, &settings::read(&text).1);
    }
    let riverbend: Arc<str> = Arc::from("riverbend");
    let subject = Subject::Agency(riverbend.clone(), AgencyFile::Toml);
    if let Some(text) = source("agencies/riverbend/agency.toml", subject, data) {
        check(&text, &agency::read(&text, "riverbend").1);
    }
    let subject = Subject::Agency(riverbend, AgencyFile::Review);
    if let Some(text) = source("agencies/riverbend/fidelity/2024-05-07.toml", subject, data) {
        check(&text, &review::read(&text, "2024-05-07").1);
    }
});
