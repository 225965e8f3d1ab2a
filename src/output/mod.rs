//! Printers: results to any `io::Write`, for a terminal (colour optional) or as JSON.
//! They never search; the searcher never prints.

pub mod json;
pub mod terminal;

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// ANSI colours.
    Always,
    /// Plain text.
    Never,
}

impl Color {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    pub fn auto() -> Color {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Color::Always
        } else {
            Color::Never
        }
    }
}
