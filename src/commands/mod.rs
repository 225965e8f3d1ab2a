//! One module per subcommand: each takes a validated configuration and writers, runs the
//! stages it needs, and returns the exit status (0 found / done, 1 nothing found, 2 error).

pub mod eval;
pub mod extract;
pub mod index;
pub mod search;
pub mod show;
pub mod stats;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people, coloured or not.
    Terminal(crate::output::Color),
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Exit status: success, with results.
pub const EXIT_OK: i32 = 0;
/// Exit status: ran fine, found nothing.
pub const EXIT_NOTHING: i32 = 1;
/// Exit status: error, or some files failed to index.
pub const EXIT_ERROR: i32 = 2;
