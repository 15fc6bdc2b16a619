//! Text broken into lines no wider than a column or a terminal, by display width (a CJK
//! character counts two columns, a combining accent none), for the tables and notes people
//! read.
//!
//! A line breaks at a space (which is dropped), and a word that does not fit a line of its own
//! breaks after `/`, `-` or `,` (which stay at the end of the line): `state-vocational-` then
//! `rehabilitation`, `outcomes/2024-Q1/` then `lakeshore.csv`. A word goes to the next line
//! whole when it fits there, so a date or a name is split only when it is longer than a line.
//! Only a piece with no break point that is still longer than a line is cut, and visibly: each
//! of its lines but the last ends with `…`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Where a word may break: after these characters, which stay on the first line.
const BREAKS: [char; 3] = ['/', '-', ','];

/// The mark at the end of a line that cuts a word with no break point.
pub const CUT: char = '…';

/// `text` in lines at most `width` display columns wide (see the module's note). Runs of
/// spaces between words count as one where a line is broken; a text that fits is one line, as
/// it is.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    if text.width() <= width {
        return vec![text.to_string()];
    }
    let mut lines = Lines::new(width);
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        if lines.fits(word.width(), true) {
            lines.push(word, true);
        } else if word.width() <= width {
            lines.break_line();
            lines.push(word, false);
        } else {
            let mut first = true;
            for piece in pieces(word) {
                lines.push_long(piece, first);
                first = false;
            }
        }
    }
    lines.finish()
}

/// A line's text that starts `indent` columns in (after a label: `warning: `, `  checks: `),
/// wrapped to a terminal `width` with its later lines indented as far, so that they line up
/// under the text; as it is when the width is unknown (a pipe, a file). The text gets at least
/// `LEAST` columns, however narrow the terminal.
pub fn hanging(text: &str, indent: usize, width: Option<usize>) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    wrap(text, width.saturating_sub(indent).max(LEAST)).join(&format!("\n{:indent$}", ""))
}

/// The least width `hanging` wraps a text to.
const LEAST: usize = 20;

/// `word` cut after each break point: `a-b/c` as `a-`, `b/`, `c`.
fn pieces(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|(_, c)| BREAKS.contains(c))
            .map_or(rest.len(), |(at, c)| at + c.len_utf8());
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

/// Lines being filled, the last one open.
struct Lines {
    width: usize,
    done: Vec<String>,
    line: String,
    used: usize,
}

impl Lines {
    fn new(width: usize) -> Lines {
        Lines {
            width,
            done: Vec::new(),
            line: String::new(),
            used: 0,
        }
    }

    /// Whether `width` more columns fit the open line (after a space when `spaced` and the line
    /// holds something).
    fn fits(&self, width: usize, spaced: bool) -> bool {
        let gap = usize::from(spaced && self.used > 0);
        self.used + gap + width <= self.width
    }

    fn push(&mut self, text: &str, spaced: bool) {
        if spaced && self.used > 0 {
            self.line.push(' ');
            self.used += 1;
        }
        self.line.push_str(text);
        self.used += text.width();
    }

    fn break_line(&mut self) {
        if self.used > 0 || !self.line.is_empty() {
            self.done.push(std::mem::take(&mut self.line));
            self.used = 0;
        }
    }

    /// A piece of a word longer than a line: on the open line if it fits there, else on the
    /// next, and cut when it is longer than a line itself.
    fn push_long(&mut self, piece: &str, first: bool) {
        if self.fits(piece.width(), first) {
            return self.push(piece, first);
        }
        self.break_line();
        if piece.width() <= self.width {
            return self.push(piece, false);
        }
        // Cut: each full line keeps a column for the mark (none is left in a column of one).
        let room = if self.width > 1 { self.width - 1 } else { 1 };
        for c in piece.chars() {
            let w = c.width().unwrap_or(0);
            if self.used + w > room && self.used > 0 {
                if self.width > 1 {
                    self.line.push(CUT);
                }
                self.break_line();
            }
            self.line.push(c);
            self.used += w;
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.break_line();
        if self.done.is_empty() {
            self.done.push(String::new());
        }
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<String> {
        let lines = wrap(text, width);
        for line in &lines {
            assert!(line.width() <= width.max(1), "{line:?} wider than {width}");
        }
        lines
    }

    #[test]
    fn text_that_fits_is_one_line_as_it_is() {
        assert_eq!(wrapped("a  b", 10), ["a  b"]);
        assert_eq!(wrapped("", 10), [""]);
    }

    #[test]
    fn lines_break_at_spaces_and_a_word_moves_whole() {
        assert_eq!(
            wrapped("Tom Okafor 2024-03-01, Beth Sandoval 2024-03-01", 25),
            ["Tom Okafor 2024-03-01,", "Beth Sandoval 2024-03-01"]
        );
        // A date that fits a line of its own is not split at its dashes.
        assert_eq!(
            wrapped("Kofi Nguyen 2019-11-06, Lena Novak", 16),
            ["Kofi Nguyen", "2019-11-06, Lena", "Novak"]
        );
    }

    #[test]
    fn a_word_longer_than_a_line_breaks_after_slash_dash_or_comma() {
        assert_eq!(
            wrapped(
                "executive-director 2019-10-25, state-vocational-rehabilitation",
                21
            ),
            [
                "executive-director",
                "2019-10-25, state-",
                "vocational-",
                "rehabilitation"
            ]
        );
        assert_eq!(
            wrapped("outcomes/2024-Q1/lakeshore.csv", 20),
            ["outcomes/2024-Q1/", "lakeshore.csv"]
        );
        assert_eq!(wrapped("a,b,c,d", 4), ["a,b,", "c,d"]);
    }

    #[test]
    fn no_line_ends_inside_a_word_unless_it_is_cut_and_marked() {
        let text = "signatures: executive-director 2019-10-25, state-mental-health 2019-10-29";
        for width in 12..text.len() {
            for line in wrapped(text, width) {
                let last = line.chars().last().unwrap();
                let next = text[text.find(&line).unwrap() + line.len()..]
                    .chars()
                    .next();
                assert!(
                    next.is_none_or(|c| c == ' ') || BREAKS.contains(&last),
                    "{line:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn a_piece_longer_than_a_line_is_cut_with_a_mark() {
        assert_eq!(
            wrapped("see abcdefghijklmnop", 8),
            ["see", "abcdefg…", "hijklmn…", "op"]
        );
        assert_eq!(wrapped("abc", 1), ["a", "b", "c"]);
    }

    #[test]
    fn later_lines_hang_under_the_text() {
        let text = "Agreement milestones are met on time, as the agency's agreement says";
        assert_eq!(hanging(text, 10, None), text);
        assert_eq!(
            hanging(text, 10, Some(40)),
            "Agreement milestones are met\n          on time, as the agency's\n          agreement says"
        );
        // However narrow the terminal, the text keeps LEAST columns.
        assert_eq!(
            hanging(text, 10, Some(12)).lines().nth(1),
            Some("          are met on time, as")
        );
    }

    #[test]
    fn width_is_counted_as_a_terminal_shows_it() {
        // Each CJK character takes two columns; an accent on e none.
        assert_eq!(
            wrapped("東京都 大阪府 京都府", 7),
            ["東京都", "大阪府", "京都府"]
        );
        assert_eq!(wrapped("東京都大阪府", 5), ["東京…", "都大…", "阪府"]);
        assert_eq!(
            wrapped("Centre de Sante\u{301} Mentale", 16),
            ["Centre de Sante\u{301}", "Mentale"]
        );
        assert_eq!(
            wrapped("Zoë Müller-Lüdenscheidt", 12),
            ["Zoë Müller-", "Lüdenscheidt"]
        );
    }
}
