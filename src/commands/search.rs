//! `kiosque search`: query → ranked hits → printer.

use std::io::Write;
use std::path::Path;

use super::{EXIT_NOTHING, EXIT_OK, Format};
use crate::output::{json, terminal};
use crate::search::{SearchRequest, Searcher};

/// Runs a search and prints it; notes on the query go to `err`.
pub fn run(
    index_dir: &Path,
    request: &SearchRequest,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let searcher = Searcher::open(index_dir)?;
    let results = searcher.search(request)?;
    for note in &results.notes {
        writeln!(err, "kiosque: note: {note}")?;
    }
    match format {
        Format::Terminal(color) => terminal::write_results(out, &results, color)?,
        Format::Json => json::write_results(out, &results)?,
        Format::Jsonl => json::write_hits_lines(out, &results.hits)?,
    }
    out.flush()?;
    // The process ends here: unmapping the index's files one by one on the way out (tantivy
    // drops each mapping) took a tenth of a whole search; the kernel releases them at exit.
    std::mem::forget(searcher);
    Ok(if results.total_hits == 0 {
        EXIT_NOTHING
    } else {
        EXIT_OK
    })
}
