//! The CSV reader on any text: records come in order, keep at most `KEPT_FIELDS` fields, and
//! every offset lies within the text.
#![no_main]

use ips::repo::csv_reader::{self, KEPT_FIELDS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (records, error) = csv_reader::parse(text);
    let mut previous = None;
    for record in &records {
        assert!(record.fields.len() <= KEPT_FIELDS.min(record.len));
        assert!(record.offset < text.len());
        assert!(previous < Some(record.offset), "records out of order");
        previous = Some(record.offset);
        for field in &record.fields {
            assert!(field.offset >= record.offset && field.offset <= text.len());
        }
    }
    if let Some(error) = error {
        assert!(error.offset <= text.len());
    }
});
