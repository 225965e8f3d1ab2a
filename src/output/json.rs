//! JSON printers: one document per search (`--json`), one hit per line (`--jsonl`), articles.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::{Hit, SearchResults};

/// Writes the whole search as one JSON document and a newline.
pub fn write_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    serde_json::to_writer(&mut *out, results)?;
    writeln!(out)
}

/// Writes one hit per line.
pub fn write_hits_lines(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    for h in hits {
        serde_json::to_writer(&mut *out, h)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes any value as one JSON line.
pub fn write_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Writes any value as pretty JSON.
pub fn write_pretty<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
