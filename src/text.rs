//! Text from the data as ips prints it back: control characters escaped (an ESC sequence in a
//! name must not clear the screen or retitle the window), and a value quoted in a finding cut
//! to a short excerpt (a "header" of a million commas must not be printed whole).

use std::borrow::Cow;

/// The most characters of a value that a finding quotes.
pub const EXCERPT_CHARS: usize = 80;

/// Whether a terminal or another program could act on `c`: the C0 and C1 controls and DEL,
/// and the bidirectional overrides that reorder how a line reads. Line breaks and tabs are
/// among them; `is_stray_control` says which ones the data should not hold.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a character in a text value is one that the data should not hold: a control
/// character other than a line break (a tab, or a newline in a multi-line note, is ordinary).
/// A carriage return counts as a line break only before a newline.
pub fn is_stray_control(c: char, next: Option<char>) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' => next != Some('\n'),
        c => is_control(c),
    }
}

/// Whether a byte may begin a stray control: every one starts with a byte below 0x20, 0x7F,
/// 0xC2 (C1 controls) or 0xE2 (the bidirectional overrides); many ordinary characters do too,
/// and `stray_controls` lets them through.
pub fn may_start_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\n' && byte != b'\t') || matches!(byte, 0x7F | 0xC2 | 0xE2)
}

/// The stray control characters of `text` (see `is_stray_control`), with their byte offsets.
/// Most text has none: a scan of its bytes says so before any character is decoded.
pub fn stray_controls(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let suspect = text.bytes().any(may_start_control);
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        if !suspect {
            return None;
        }
        while let Some((offset, c)) = chars.next() {
            if is_stray_control(c, chars.peek().map(|(_, next)| *next)) {
                return Some((offset, c));
            }
        }
        None
    })
}

/// Escapes text from the data for a Markdown table cell or paragraph (the report's and every
/// table's `--format markdown`): nothing in the data can make a table row, a link, an image,
/// emphasis, a heading or raw HTML, nor a bare address that GitHub would make a live link.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '[' | ']' | '`' | '#' | '!' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // `https://` and `www.` start a link on GitHub without any brackets.
            ':' if text_starts(&chars, "//") => out.push_str("\\:"),
            '.' if out.ends_with("www") || out.ends_with("WWW") => out.push_str("\\."),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether the characters still to come start with `prefix`.
fn text_starts(chars: &std::iter::Peekable<std::str::Chars<'_>>, prefix: &str) -> bool {
    chars.clone().take(prefix.len()).eq(prefix.chars())
}

/// `U+001B (escape)`: a control character as a finding names it.
pub fn describe_control(c: char) -> String {
    let name = match c {
        '\0' => " (null)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\r' => " (carriage return)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        '\u{9b}' => " (control sequence introducer)",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => " (a bidirectional override)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// `text` with every control character written as an escape (`\u{1b}`, `\n`, `\t`), for a
/// terminal, a log, or any output read by people.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut escaped, c);
    }
    Cow::Owned(escaped)
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        // Writing to a String cannot fail.
        c if is_control(c) => drop(write!(out, "\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// A value from the data as a finding shows it between backticks: controls escaped, cut after
/// `EXCERPT_CHARS` characters with `…`.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (index, c) in text.chars().enumerate() {
        if index == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// A value from the data in double quotes, as Rust's `{:?}` writes it (quotes and backslashes
/// escaped too), cut after `EXCERPT_CHARS` characters: `"North Team"`, `"a very long…"`.
pub fn quoted(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => {
            let mut shown = format!("{:?}", &text[..cut]);
            shown.insert(shown.len() - 1, '…');
            shown
        }
    }
}

/// `word` as one word for sh: as it is when plain, else in single quotes.
pub fn shell_quote(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// At most `shown` items of a list joined with ", ", then how many more there are: a hint
/// that lists an agency's teams must not list 50,000 of them.
pub fn some_of<'a>(items: impl IntoIterator<Item = &'a str>, shown: usize) -> String {
    let mut items = items.into_iter();
    let mut text = items.by_ref().take(shown).collect::<Vec<_>>().join(", ");
    let more = items.count();
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// A count and its noun, singular for one: `1 row`, `2 rows`, `3 agencies`. The crate's one
/// plural.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("1 {word}");
    }
    match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

/// Names are typed by hand in two files: compare them ignoring case and extra spaces.
/// The same name, whatever its case and spacing. Word by word, without allocating: each
/// reviewer of every review is looked up among the signatures.
pub fn same_person(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y))
                if x.chars()
                    .flat_map(char::to_lowercase)
                    .eq(y.chars().flat_map(char::to_lowercase)) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_agree_with_their_count() {
        assert_eq!(plural(1, "agency"), "1 agency");
        assert_eq!(plural(3, "agency"), "3 agencies");
        assert_eq!(plural(0, "row"), "0 rows");
        assert_eq!(plural(2, "day"), "2 days");
    }

    #[test]
    fn controls_are_escaped_and_the_rest_kept() {
        assert_eq!(escape_controls("Ana Lima"), "Ana Lima");
        assert_eq!(
            escape_controls("\u{1b}]0;pwned\u{7}a\tb\nc\u{9b}d\u{202e}"),
            "\\u{1b}]0;pwned\\u{7}a\\tb\\nc\\u{9b}d\\u{202e}"
        );
    }

    #[test]
    fn excerpts_are_short() {
        let long = "x".repeat(1_000_000);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt(&long).ends_with("x…"));
        assert_eq!(excerpt("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(quoted("North \"Team\""), "\"North \\\"Team\\\"\"");
        let shown = quoted(&long);
        assert!(
            shown.starts_with("\"xxx") && shown.ends_with("x…\""),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 3);
    }

    #[test]
    fn stray_controls_spare_line_breaks_and_tabs() {
        assert!(!is_stray_control('\n', None));
        assert!(!is_stray_control('\t', None));
        assert!(!is_stray_control('\r', Some('\n')));
        assert!(is_stray_control('\r', Some('x')));
        assert!(is_stray_control('\u{1b}', None));
        assert!(!is_stray_control('é', None));
    }

    #[test]
    fn stray_controls_are_found_with_their_offsets() {
        let found: Vec<(usize, char)> = stray_controls("a\tb\r\nc\u{1b}[2J €\u{202e}\rx").collect();
        assert_eq!(found, [(6, '\u{1b}'), (14, '\u{202e}'), (17, '\r')]);
        assert_eq!(stray_controls("North – Team €\r\n").count(), 0);
        assert_eq!(describe_control('\u{1b}'), "U+001B (escape)");
        assert_eq!(describe_control('\u{1}'), "U+0001");
    }

    #[test]
    fn markdown_cells_cannot_break_a_table_or_smuggle_html() {
        assert_eq!(
            markdown_escape("A|B <script>x</script>\n*c* [d](e)"),
            "A\\|B &lt;script&gt;x&lt;/script&gt; \\*c\\* \\[d\\](e)"
        );
        assert_eq!(markdown_escape("<11"), "&lt;11");
        assert_eq!(
            markdown_escape("![x](https://e.io/a.png) www.e.io a@e.io 10:30"),
            "\\!\\[x\\](https\\://e.io/a.png) www\\.e.io a\\@e.io 10:30"
        );
    }

    #[test]
    fn lists_are_cut_with_a_count() {
        assert_eq!(some_of(["a", "b"], 3), "a, b");
        assert_eq!(some_of(["a", "b", "c", "d"], 2), "a, b and 2 more");
    }
}
