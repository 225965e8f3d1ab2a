//! `kiosque stats`: what the index holds.

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, Format};
use crate::output::{json, terminal};
use crate::search::Searcher;

/// Prints index statistics.
pub fn run(index_dir: &Path, format: Format, out: &mut dyn Write) -> anyhow::Result<i32> {
    let stats = Searcher::open(index_dir)?.stats()?;
    match format {
        Format::Terminal(_) => terminal::write_stats(out, &stats)?,
        Format::Json | Format::Jsonl => json::write_pretty(out, &stats)?,
    }
    out.flush()?;
    Ok(EXIT_OK)
}
