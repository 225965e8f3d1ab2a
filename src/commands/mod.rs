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

/// The synonym lists for a search: the built-in list, plus the user's file named by
/// `--synonyms` or `$KIOSQUE_SYNONYMS`.
pub fn load_synonyms(
    flag: Option<std::path::PathBuf>,
) -> anyhow::Result<std::sync::Arc<crate::search::synonyms::Synonyms>> {
    use crate::search::synonyms::Synonyms;
    let path = flag.or_else(|| std::env::var_os("KIOSQUE_SYNONYMS").map(Into::into));
    let synonyms = match path {
        None => Synonyms::built_in(),
        Some(p) => Synonyms::with_file(&p)
            .map_err(|e| anyhow::anyhow!("cannot read the synonyms file {}: {e}", p.display()))?,
    };
    Ok(std::sync::Arc::new(synonyms))
}
