//! Reads TOML tables key by key, so that one pass reports every missing, unknown or mistyped key
//! with its line and column, instead of stopping at the first like a serde derive would.

use crate::calendar;
use crate::closest::closest;
use crate::diagnostic::{Diagnostic, Found};
use crate::ids;
use crate::rules::{self, Rule};
use crate::source::SourceText;
use crate::text::{describe_control, excerpt, quoted, stray_controls};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::cell::RefCell;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Parses TOML text, turning a syntax error into a diagnostic at its position.
pub fn parse(source: &SourceText) -> Result<Spanned<DeTable<'_>>, Diagnostic> {
    DeTable::parse(&source.text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        let message = error.message().trim().to_string();
        let (rule, message, hint) = match bad_date(&source.text, offset) {
            Some((message, hint)) => (&rules::DATE, message, hint),
            None if message == "duplicate key" => {
                let (message, hint) = duplicate_key(source, offset);
                (&rules::TOML_SYNTAX, message, hint)
            }
            None if message.contains("day between") || message.contains("month between") => (
                &rules::DATE,
                message,
                "write a real calendar date as YYYY-MM-DD".to_string(),
            ),
            None => (
                &rules::TOML_SYNTAX,
                message,
                "check the TOML syntax here: text in quotes, one key = value per line, [table] headers"
                    .to_string(),
            ),
        };
        Diagnostic::new(rule, &source.origin, message)
            .at_position(source.position(offset))
            .hint(hint)
    })
}

/// A key set twice: which key, and where it was set first (in the same table: after the last
/// `[header]` above it), so that the person editing knows which line to keep.
fn duplicate_key(source: &SourceText, offset: usize) -> (String, String) {
    let text = &source.text;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let key = line[..line.find('\n').unwrap_or(line.len())]
        .split('=')
        .next()
        .unwrap_or("")
        .trim();
    if key.is_empty() || key.starts_with('[') {
        return (
            "duplicate key".to_string(),
            "a key is set twice in this table, or a [table] is declared twice: keep one"
                .to_string(),
        );
    }
    // Back to the table's header, looking for the first line that sets the key.
    let mut first = None;
    for (index, candidate) in text[..line_start].split_inclusive('\n').enumerate() {
        let trimmed = candidate.trim_start();
        if trimmed.starts_with('[') {
            first = None;
        } else if trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
            && first.is_none()
        {
            first = Some(index + 1);
        }
    }
    let message = format!("`{}` is set twice", excerpt(key));
    let hint = match first {
        Some(line) => format!("it is first set on line {line}: keep one of the two"),
        None => "keep one of the two".to_string(),
    };
    (message, hint)
}

/// A syntax error at a bare value that is a date written wrongly (`2026-11-31`, `03/02/2026`,
/// `2026-3-2`): its message and hint, in place of the parser's ("string values must be quoted").
fn bad_date(text: &str, offset: usize) -> Option<(String, String)> {
    let rest = text.get(offset..)?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '#'))
        .unwrap_or(rest.len());
    let value = &rest[..end];
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..offset]
        .trim_end()
        .strip_suffix('=')?
        .trim_end();
    let key = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '{' | ','))
        .next()
        .filter(|k| !k.is_empty())?;
    if let Some(reason) = calendar::not_a_day(value) {
        return Some((
            format!("{value} is not a day: {reason}"),
            "write a real calendar date as YYYY-MM-DD".to_string(),
        ));
    }
    let days = calendar::readings(value);
    if days.is_empty() {
        return None;
    }
    Some((
        format!("`{key}` is {value}: dates are written YYYY-MM-DD, unquoted"),
        format!(
            "write {}",
            calendar::say_readings(&days, &format!("{key} = "))
        ),
    ))
}

/// The diagnostics of one file, shared by the readers of its tables, capped as they are made
/// (a file of a million unknown keys makes 25 findings and a count).
pub struct Findings<'s> {
    pub source: &'s SourceText,
    found: RefCell<Found>,
}

impl<'s> Findings<'s> {
    pub fn new(source: &'s SourceText) -> Self {
        Findings {
            source,
            found: RefCell::new(Found::new()),
        }
    }

    pub fn report(&self, rule: &'static Rule, offset: usize, message: String, hint: String) {
        self.report_with(rule, offset, || (message, hint));
    }

    /// Reports a finding whose message and hint are made only if it is shown.
    pub fn report_with(
        &self,
        rule: &'static Rule,
        offset: usize,
        make: impl FnOnce() -> (String, String),
    ) {
        self.found.borrow_mut().push_with(rule, || {
            let (message, hint) = make();
            Diagnostic::new(rule, &self.source.origin, message)
                .at_position(self.source.position(offset))
                .hint(hint)
        });
    }

    /// `control-character`: every text value and key of the document, however deep, checked
    /// for control characters (TOML writes them only as escapes such as `\u001b`). Walked with
    /// a stack, not recursion, however the tables nest.
    pub fn check_controls(&self, document: &Spanned<DeTable<'_>>) {
        // Most files hold neither a byte that may start one nor an escape that may write one: a
        // glance at the bytes spares walking every key and value.
        let mut bytes = self.source.text.bytes();
        if !bytes.any(|b| b == b'\\' || crate::text::may_start_control(b)) {
            return;
        }
        let mut tables = vec![document.get_ref()];
        let mut values: Vec<&Spanned<DeValue<'_>>> = Vec::new();
        loop {
            if let Some(table) = tables.pop() {
                for (key, value) in table.iter() {
                    self.control_in(key.get_ref(), key.span().start, "key");
                    values.push(value);
                }
                continue;
            }
            let Some(value) = values.pop() else { break };
            match value.get_ref() {
                DeValue::String(text) => self.control_in(text, value.span().start, "text"),
                DeValue::Array(items) => values.extend(items.iter()),
                DeValue::Table(table) => tables.push(table),
                _ => {}
            }
        }
    }

    fn control_in(&self, text: &str, offset: usize, what: &str) {
        if let Some((_, c)) = stray_controls(text).next() {
            self.report_with(&rules::CONTROL_CHARACTER, offset, || {
                (
                    format!(
                        "this {what} holds the control character {}: {}",
                        describe_control(c),
                        quoted(text)
                    ),
                    "retype it without the character (it often comes with a copy and paste: paste as plain text)".into(),
                )
            });
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found.into_inner().into_vec()
    }

    pub fn root<'a, 'i>(&'a self, table: &'a Spanned<DeTable<'i>>) -> Fields<'a, 's, 'i> {
        Fields {
            findings: self,
            table: table.get_ref(),
            anchor: 0,
            name: String::new(),
        }
    }
}

/// One TOML table being read.
pub struct Fields<'a, 's, 'i> {
    findings: &'a Findings<'s>,
    table: &'a DeTable<'i>,
    /// Where a missing key is reported: the table's header, or the start of the file.
    anchor: usize,
    /// The table's dotted name, for messages ("" at the top level).
    name: String,
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'a, 's, 'i> Fields<'a, 's, 'i> {
    fn qualified(&self, key: &str) -> String {
        if self.name.is_empty() {
            format!("`{key}`")
        } else {
            format!("`{}.{key}`", self.name)
        }
    }

    fn where_(&self) -> String {
        if self.name.is_empty() {
            "at the top of the file".into()
        } else {
            format!("in `{}`", self.name)
        }
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    pub fn only_keys(&self, allowed: &[&str]) {
        for key in self.table.keys() {
            if allowed.contains(&key.get_ref().as_ref()) {
                continue;
            }
            self.findings
                .report_with(&rules::UNKNOWN_KEY, key.span().start, || {
                    let hint = match closest(key.get_ref(), allowed) {
                        Some(near) => format!(
                            "did you mean `{near}`? Known keys here: {}",
                            allowed.join(", ")
                        ),
                        None => format!("remove it; known keys here: {}", allowed.join(", ")),
                    };
                    let message =
                        format!("unknown key {}", self.qualified(&excerpt(key.get_ref())));
                    (message, hint)
                });
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    pub fn entries(
        &self,
    ) -> impl Iterator<Item = (&'a Spanned<Cow<'i, str>>, &'a Spanned<DeValue<'i>>)> {
        self.table.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &'a Spanned<Cow<'i, str>>> {
        self.table.keys()
    }

    fn missing(&self, key: &str, hint: String) {
        self.findings.report(
            &rules::MISSING_KEY,
            self.anchor,
            format!("missing key `{key}` {}", self.where_()),
            hint,
        );
    }

    fn wrong_type(&self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str, hint: String) {
        self.findings.report(
            &rules::WRONG_TYPE,
            value.span().start,
            format!(
                "{} must be {expected}, found {}",
                self.qualified(key),
                type_name(value.get_ref())
            ),
            hint,
        );
    }

    /// Reports a problem at a byte offset, such as that of a key.
    pub fn report_at(&self, rule: &'static Rule, offset: usize, message: String, hint: String) {
        self.findings.report(rule, offset, message, hint);
    }

    /// Reports a problem with the value of `key`.
    pub fn report_value(&self, rule: &'static Rule, key: &str, message: String, hint: String) {
        let offset = self.table.get(key).map_or(self.anchor, |v| v.span().start);
        self.findings.report(rule, offset, message, hint);
    }

    /// A value of the expected kind, or None after reporting it missing or mistyped.
    fn typed<T, E: std::fmt::Display + ?Sized>(
        &self,
        key: &str,
        required: bool,
        expected: &str,
        example: &E,
        convert: impl Fn(&DeValue<'i>) -> Option<T>,
    ) -> Option<T> {
        self.typed_value(
            key,
            self.table.get(key),
            required,
            expected,
            example,
            convert,
        )
    }

    /// `typed`, for the value already found under `key` (None when the key is absent).
    fn typed_value<T, E: std::fmt::Display + ?Sized>(
        &self,
        key: &str,
        found: Option<&Spanned<DeValue<'i>>>,
        required: bool,
        expected: &str,
        example: &E,
        convert: impl Fn(&DeValue<'i>) -> Option<T>,
    ) -> Option<T> {
        match found {
            None => {
                if required {
                    self.missing(key, format!("add `{key} = {example}`"));
                }
                None
            }
            Some(value) => match convert(value.get_ref()) {
                Some(converted) => Some(converted),
                None => {
                    self.wrong_type(key, value, expected, format!("write `{key} = {example}`"));
                    None
                }
            },
        }
    }

    pub fn text(&self, key: &str, required: bool) -> Option<String> {
        let value = self.typed(key, required, "text in quotes", "\"...\"", |v| {
            v.as_str().map(str::to_string)
        })?;
        if required && value.trim().is_empty() {
            self.report_value(
                &rules::MISSING_KEY,
                key,
                format!("{} is empty", self.qualified(key)),
                format!("write the value between the quotes: {key} = \"...\""),
            );
            return None;
        }
        Some(value)
    }

    pub fn boolean(&self, key: &str, required: bool) -> Option<bool> {
        self.typed(key, required, "true or false", "false", |v| match v {
            DeValue::Boolean(value) => Some(*value),
            _ => None,
        })
    }

    pub fn identifier(&self, key: &str, required: bool) -> Option<String> {
        let example = match key {
            "jurisdiction" => "\"oh\"",
            "id" if self.name.is_empty() => "\"<the agency's folder name>\"",
            "id" if self.name.starts_with("jurisdictions") => "\"oh\"",
            _ => "\"north\"",
        };
        let value = self.typed(key, required, "an id in quotes", example, |v| {
            v.as_str().map(str::to_string)
        })?;
        if ids::is_identifier(&value) {
            return Some(value);
        }
        let message = if value.trim().is_empty() {
            format!("{} is empty", self.qualified(key))
        } else {
            format!(
                "{} is not a valid id: {}",
                self.qualified(key),
                quoted(&value)
            )
        };
        let suggested = ids::suggestion(&value).map(|id| format!("\"{id}\""));
        self.report_value(
            &rules::IDENTIFIER,
            key,
            message,
            format!(
                "ids are 1-64 lower-case letters, digits and `-`, e.g. {}",
                suggested.as_deref().unwrap_or(example)
            ),
        );
        None
    }

    pub fn date(&self, key: &str, required: bool) -> Option<NaiveDate> {
        let value = self.table.get(key);
        if let Some(text) = value.and_then(|v| v.get_ref().as_str()) {
            let days = calendar::readings(text.trim());
            let hint = match calendar::parse_date(text) {
                Some(_) => format!("write the date without quotes: {key} = {text}"),
                None if !days.is_empty() => format!(
                    "write the date YYYY-MM-DD without quotes: {}",
                    calendar::say_readings(&days, &format!("{key} = "))
                ),
                None => match calendar::not_a_day(text.trim()) {
                    Some(reason) => format!(
                        "{} is not a day ({reason}): write a real date without quotes, YYYY-MM-DD",
                        text.trim()
                    ),
                    None => {
                        format!("write a date without quotes as YYYY-MM-DD: {key} = 2024-02-01")
                    }
                },
            };
            self.report_value(
                &rules::WRONG_TYPE,
                key,
                format!("{} must be a date, found text", self.qualified(key)),
                hint,
            );
            return None;
        }
        let datetime = self.typed(key, required, "a date", "2024-02-01", |v| {
            v.as_datetime().cloned()
        })?;
        match (datetime.date, datetime.time) {
            (Some(date), None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .or_else(|| {
                let reason = calendar::not_a_day(&date.to_string())
                    .map(|reason| format!(": {reason}"))
                    .unwrap_or_default();
                self.report_value(
                    &rules::DATE,
                    key,
                    format!("{} is {date}, not a day{reason}", self.qualified(key)),
                    "write a real calendar date as YYYY-MM-DD".into(),
                );
                None
            })
            .filter(|day| {
                let plausible = calendar::plausible(*day);
                if !plausible {
                    self.report_value(
                        &rules::DATE,
                        key,
                        format!(
                            "{}: {}",
                            self.qualified(key),
                            calendar::out_of_years(&day.to_string())
                        ),
                        "write the date as it is, YYYY-MM-DD".into(),
                    );
                }
                plausible
            }),
            _ => {
                self.report_value(
                    &rules::WRONG_TYPE,
                    key,
                    format!("{} must be a date without a time", self.qualified(key)),
                    format!(
                        "write only the day: {key} = {}",
                        datetime
                            .date
                            .map_or("2024-02-01".to_string(), |d| d.to_string())
                    ),
                );
                None
            }
        }
    }

    pub fn integer(
        &self,
        key: &str,
        required: bool,
        min: i64,
        max: i64,
        rule: &'static Rule,
    ) -> Option<i64> {
        self.whole_number(key, required, (min, max), rule, min.max(0).min(max))
    }

    /// A whole number from `min` to `max`, reported under `rule` when out of range (a decimal
    /// such as 4.5 too); `example` is the value a hint suggests when the key is missing.
    pub fn whole_number(
        &self,
        key: &str,
        required: bool,
        range: (i64, i64),
        rule: &'static Rule,
        example: i64,
    ) -> Option<i64> {
        self.whole_number_value(key, self.table.get(key), required, range, rule, example)
    }

    /// `whole_number`, for the value already found under `key` (None when the key is absent):
    /// a review's 25 scores are found in one pass over its `[scores]`.
    pub fn whole_number_value(
        &self,
        key: &str,
        found: Option<&Spanned<DeValue<'i>>>,
        required: bool,
        (min, max): (i64, i64),
        rule: &'static Rule,
        example: i64,
    ) -> Option<i64> {
        // Words for a finding only: a review reads 25 scores, and most have none.
        let allowed = || whole_range(min, max);
        match found.map(Spanned::get_ref) {
            Some(DeValue::Float(value)) => {
                self.report_value(
                    rule,
                    key,
                    format!(
                        "{} is {}, not a whole number",
                        self.qualified(key),
                        excerpt(value.as_str())
                    ),
                    format!("write {}", allowed()),
                );
                return None;
            }
            Some(DeValue::String(text)) if text.trim().parse::<i64>().is_ok() => {
                self.report_value(
                    &rules::WRONG_TYPE,
                    key,
                    format!("{} must be a whole number, found text", self.qualified(key)),
                    format!("write the number without quotes: {key} = {}", text.trim()),
                );
                return None;
            }
            Some(DeValue::Integer(value))
                if i64::from_str_radix(value.as_str(), value.radix()).is_err() =>
            {
                self.report_value(
                    rule,
                    key,
                    format!(
                        "{} is {}, far too large",
                        self.qualified(key),
                        excerpt(value.as_str())
                    ),
                    format!("write {}", allowed()),
                );
                return None;
            }
            _ => {}
        }
        let value = self.typed_value(key, found, required, "a whole number", &example, |v| {
            v.as_integer()
                .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok())
        })?;
        if (min..=max).contains(&value) {
            return Some(value);
        }
        self.report_value(
            rule,
            key,
            format!(
                "{} is {value}, outside the range {min} to {max}",
                self.qualified(key)
            ),
            format!("write {}", allowed()),
        );
        None
    }

    pub fn number(&self, key: &str, required: bool, min: f64, max: f64) -> Option<f64> {
        if let Some(DeValue::String(text)) = self.table.get(key).map(Spanned::get_ref)
            && text.trim().parse::<f64>().is_ok()
        {
            self.report_value(
                &rules::WRONG_TYPE,
                key,
                format!("{} must be a number, found text", self.qualified(key)),
                format!("write the number without quotes: {key} = {}", text.trim()),
            );
            return None;
        }
        let value = self.typed(key, required, "a number", &min.to_string(), |v| match v {
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|i| i as f64),
            _ => None,
        })?;
        if value.is_finite() && (min..=max).contains(&value) {
            return Some(value);
        }
        self.report_value(
            &rules::NUMBER,
            key,
            format!(
                "{} is {value}, outside the range {min} to {max}",
                self.qualified(key)
            ),
            format!("write a number from {min} to {max}"),
        );
        None
    }

    /// A text value from a fixed list.
    pub fn choice(
        &self,
        key: &str,
        required: bool,
        allowed: &[&'static str],
    ) -> Option<&'static str> {
        let text = self.typed(
            key,
            required,
            "text in quotes",
            &format!("\"{}\"", allowed[0]),
            |v| v.as_str().map(str::to_string),
        )?;
        if let Some(found) = allowed.iter().find(|a| **a == text) {
            return Some(found);
        }
        let near = closest(&text, allowed)
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        self.report_value(
            &rules::ENUMERATION,
            key,
            format!(
                "{} is {}, which is not one of the allowed values",
                self.qualified(key),
                quoted(&text)
            ),
            format!("{near}allowed: {}", allowed.join(", ")),
        );
        None
    }

    pub fn text_list(&self, key: &str, required: bool) -> Option<Vec<String>> {
        let items = self.typed(key, required, "a list of text", "[\"...\", \"...\"]", |v| {
            v.as_array().cloned()
        })?;
        let mut texts = Vec::new();
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(text) => texts.push(text.to_string()),
                None => self.findings.report(
                    &rules::WRONG_TYPE,
                    item.span().start,
                    format!(
                        "items of {} must be text, found {}",
                        self.qualified(key),
                        type_name(item.get_ref())
                    ),
                    "write each item in quotes: [\"A. Reviewer\", \"B. Reviewer\"]".into(),
                ),
            }
        }
        Some(texts)
    }

    pub fn table(&self, key: &str, required: bool) -> Option<Fields<'a, 's, 'i>> {
        let header = format!("[{}]", self.child_name(key));
        let Some(value) = self.table.get(key) else {
            if required {
                self.missing(
                    key,
                    format!("add the table: a line {header}, then its keys below it"),
                );
            }
            return None;
        };
        let Some(table) = value.get_ref().as_table() else {
            self.wrong_type(
                key,
                value,
                "a table",
                format!("write {header} on a line of its own, then the table's keys below it"),
            );
            return None;
        };
        Some(Fields {
            findings: self.findings,
            table,
            anchor: value.span().start,
            name: self.child_name(key),
        })
    }

    fn child_name(&self, key: &str) -> String {
        // A key that is not bare is written in quotes, as TOML writes it: ratings."A. Reviewer".
        let bare = key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let key = match bare && !key.is_empty() {
            true => key.to_string(),
            false => format!("\"{}\"", excerpt(key)),
        };
        if self.name.is_empty() {
            key
        } else {
            format!("{}.{key}", self.name)
        }
    }

    /// The tables of a list of tables (`[[teams]]` or `key = [{...}, {...}]`).
    pub fn tables(&self, key: &str, required: bool) -> Vec<Fields<'a, 's, 'i>> {
        let Some(value) = self.table.get(key) else {
            if required {
                self.missing(key, list_of_tables_hint("add", &self.child_name(key)));
            }
            return Vec::new();
        };
        let hint = || list_of_tables_hint("write", &self.child_name(key));
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(key, value, "a list of tables", hint());
            return Vec::new();
        };
        let mut tables = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.get_ref().as_table() {
                Some(table) => tables.push(Fields {
                    findings: self.findings,
                    table,
                    anchor: item.span().start,
                    name: format!("{}[{}]", self.child_name(key), index + 1),
                }),
                None => self.wrong_type(key, item, "a list of tables", hint()),
            }
        }
        tables
    }

    /// The table's dotted name, `ratings."A. Reviewer"` or `goals[1]` ("" at the top level).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The byte offset of `key`'s value, or of this table when absent.
    pub fn value_offset(&self, key: &str) -> usize {
        self.table.get(key).map_or(self.anchor, |v| v.span().start)
    }
}

/// `a whole number from 1 to 5`, for hints; an unbounded side is left unsaid.
fn whole_range(min: i64, max: i64) -> String {
    match (min == i64::MIN, max == i64::MAX) {
        (true, true) => "a whole number".into(),
        (false, true) => format!("a whole number of {min} or more"),
        (true, false) => format!("a whole number of {max} or less"),
        (false, false) => format!("a whole number from {min} to {max}"),
    }
}

fn list_of_tables_hint(verb: &str, name: &str) -> String {
    format!("{verb} one [[{name}]] table per entry, each with its keys below it")
}
