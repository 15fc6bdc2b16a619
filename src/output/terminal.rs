//! What the streams a command writes to can show, decided once as a command starts: whether to
//! colour stdout and stderr (`--color`, then NO_COLOR, CLICOLOR_FORCE and CLICOLOR, then
//! whether the stream is a terminal, as anstream judges), the width a table is fitted to and the
//! width notes wrap to (COLUMNS when set, else stdout's or stderr's terminal width; none for a
//! pipe or a file, so that their output stays the same wherever it runs).

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color`: whether output for people is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal; NO_COLOR or CLICOLOR=0 turn it off, CLICOLOR_FORCE=1 on (even in a pipe).
    #[default]
    Auto,
    /// Always, even into a file or a pipe, whatever NO_COLOR says.
    Always,
    /// Never.
    Never,
}

/// What stdout and stderr show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terminal {
    pub stdout_color: bool,
    pub stderr_color: bool,
    /// The columns a terminal table is fitted to; None: as wide as its text.
    pub width: Option<usize>,
    /// The columns notes on stderr wrap to; None: a line each.
    pub stderr_width: Option<usize>,
}

static CHOSEN: OnceLock<Terminal> = OnceLock::new();

/// Decides, once, what the streams show; later calls return the first decision.
pub fn setup(choice: ColorChoice) -> Terminal {
    *CHOSEN.get_or_init(|| {
        let global = match choice {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        };
        global.write_global();
        let colored = |choice| choice != anstream::ColorChoice::Never;
        let columns = std::env::var("COLUMNS").ok();
        Terminal {
            stdout_color: colored(anstream::AutoStream::choice(&std::io::stdout())),
            stderr_color: colored(anstream::AutoStream::choice(&std::io::stderr())),
            width: width(columns.as_deref(), std::io::stdout().is_terminal(), || {
                terminal_size::terminal_size_of(std::io::stdout())
            }),
            stderr_width: width(columns.as_deref(), std::io::stderr().is_terminal(), || {
                terminal_size::terminal_size_of(std::io::stderr())
            }),
        }
    })
}

/// What was decided; plain and unlimited when nothing was (a unit test, a library caller).
pub fn get() -> Terminal {
    CHOSEN.get().copied().unwrap_or_default()
}

/// COLUMNS when it is a positive number, else the `size` of the stream when it is a terminal.
fn width(
    columns: Option<&str>,
    terminal: bool,
    size: impl FnOnce() -> Option<(terminal_size::Width, terminal_size::Height)>,
) -> Option<usize> {
    if let Some(columns) = columns.and_then(|text| text.trim().parse::<usize>().ok())
        && columns > 0
    {
        return Some(columns);
    }
    if !terminal {
        return None;
    }
    size().map(|(width, _)| usize::from(width.0))
}

/// How a status word reads on a colour terminal: what needs acting on red, what is coming
/// yellow, what is done or on track green. Other words stay plain.
pub fn status_style(word: &str) -> Option<Style> {
    let color = match word {
        "overdue" | "missed" => AnsiColor::Red,
        "due-soon" | "open" => AnsiColor::Yellow,
        "met" | "scheduled" => AnsiColor::Green,
        _ => return None,
    };
    Some(Style::new().fg_color(Some(color.into())))
}

/// `text` in `style` when `color`, else as it is.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if color && !style.is_plain() {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_wins_when_it_is_a_positive_number() {
        let size = || Some((terminal_size::Width(80), terminal_size::Height(24)));
        assert_eq!(width(Some("100"), true, size), Some(100));
        assert_eq!(width(Some(" 72 "), false, size), Some(72));
        assert_eq!(width(Some("0"), false, size), None);
        assert_eq!(width(Some("wide"), false, size), None);
        assert_eq!(width(None, false, size), None);
        // Without COLUMNS, a terminal's own width.
        assert_eq!(width(None, true, size), Some(80));
        assert_eq!(width(Some("0"), true, || None), None);
    }

    #[test]
    fn status_words_are_red_yellow_or_green() {
        let shown = |word| paint(word, status_style(word).unwrap_or_default(), true);
        assert_eq!(shown("overdue"), "\x1b[31moverdue\x1b[0m");
        assert_eq!(shown("missed"), "\x1b[31mmissed\x1b[0m");
        assert_eq!(shown("due-soon"), "\x1b[33mdue-soon\x1b[0m");
        assert_eq!(shown("open"), "\x1b[33mopen\x1b[0m");
        assert_eq!(shown("met"), "\x1b[32mmet\x1b[0m");
        assert_eq!(shown("scheduled"), "\x1b[32mscheduled\x1b[0m");
        assert_eq!(shown("written"), "written");
        assert_eq!(paint("met", status_style("met").unwrap(), false), "met");
    }
}
