//! `kiosque show ID`: one article as indexed.

use std::io::Write;
use std::path::Path;

use super::{EXIT_NOTHING, EXIT_OK, Format};
use crate::output::{json, terminal};
use crate::search::Searcher;

/// Prints the article with this id, or says it is not there (exit 1).
pub fn run(
    index_dir: &Path,
    id: &str,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let searcher = Searcher::open(index_dir)?;
    let Some(article) = searcher.get(id)? else {
        writeln!(err, "kiosque: no article with id {id:?} in the index")?;
        return Ok(EXIT_NOTHING);
    };
    match format {
        Format::Terminal(color) => terminal::write_article(out, &article, color)?,
        Format::Json | Format::Jsonl => json::write_line(out, &article)?,
    }
    out.flush()?;
    Ok(EXIT_OK)
}
