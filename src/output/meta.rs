//! The `meta` object of every JSON document: what produced the figures, so that a file kept
//! beside a report says which ips, data format, date, quarters and benchmarks it came from.

use crate::calendar::Quarter;
use crate::repo::model::{Benchmarks, Settings};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The fields, in the order they are written. New fields go after these.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The version of ips that wrote the document.
    pub ips_version: &'static str,
    /// The data format the repository is read as (ips.toml's `format`).
    pub data_format: i64,
    /// The date the figures are judged by: `--as-of`, else today.
    pub as_of: NaiveDate,
    /// The first and last quarter of outcomes covered; None when the output covers none.
    pub from: Option<Quarter>,
    pub to: Option<Quarter>,
    /// The employment-rate benchmarks of ips.toml, which bands are judged by.
    pub benchmarks: Benchmarks,
    /// Where a dated list starts (`ips attention`); None for every other output.
    pub horizon: Option<Horizon>,
}

/// A dated list's start: what fell due before `since` is left out, and `older` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    pub since: NaiveDate,
    pub older: usize,
}

impl Meta {
    /// The meta of a document judged as of `as_of`, covering `quarters` (any order).
    pub fn new(
        settings: &Settings,
        as_of: NaiveDate,
        quarters: impl IntoIterator<Item = Quarter>,
    ) -> Meta {
        let (mut from, mut to) = (None::<Quarter>, None::<Quarter>);
        for quarter in quarters {
            from = Some(from.map_or(quarter, |q| q.min(quarter)));
            to = Some(to.map_or(quarter, |q| q.max(quarter)));
        }
        Meta {
            ips_version: env!("CARGO_PKG_VERSION"),
            data_format: crate::repo::settings::FORMAT,
            as_of,
            from,
            to,
            benchmarks: settings.benchmarks,
            horizon: None,
        }
    }

    /// The meta of a dated list that starts at `horizon` (None: the list holds everything).
    pub fn with_horizon(mut self, horizon: Option<Horizon>) -> Meta {
        self.horizon = horizon;
        self
    }

    pub fn to_json(&self) -> Value {
        let quarter = |q: Option<Quarter>| q.map_or(Value::Null, |q| Value::from(q.to_string()));
        let mut meta = json!({
            "ips_version": self.ips_version,
            "data_format": self.data_format,
            "as_of": self.as_of.to_string(),
            "from": quarter(self.from),
            "to": quarter(self.to),
            "benchmarks": {
                "minimal": self.benchmarks.minimal,
                "average": self.benchmarks.average,
                "excellent": self.benchmarks.excellent,
            },
        });
        if let Some(horizon) = self.horizon {
            meta["listed_since"] = Value::from(horizon.since.to_string());
            meta["older_not_listed"] = Value::from(horizon.older);
        }
        meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_and_to_are_the_first_and_last_quarter_in_any_order() {
        let q = |text: &str| Quarter::parse(text).unwrap();
        let as_of = crate::calendar::parse_date("2026-11-24").unwrap();
        let meta = Meta::new(
            &Settings::default(),
            as_of,
            [q("2026-Q1"), q("2025-Q3"), q("2026-Q3")],
        );
        assert_eq!(
            (meta.from, meta.to),
            (Some(q("2025-Q3")), Some(q("2026-Q3")))
        );
        let json = meta.to_json();
        assert_eq!(json["as_of"], "2026-11-24");
        assert_eq!(json["from"], "2025-Q3");
        assert_eq!(json["benchmarks"]["average"], 0.41);
        let none = Meta::new(&Settings::default(), as_of, []);
        assert_eq!(none.to_json()["to"], Value::Null);
    }
}
