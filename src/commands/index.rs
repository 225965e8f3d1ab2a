//! `kiosque index`: bring the index up to date with folders, then print a summary.

use std::io::{IsTerminal, Write};
use std::sync::atomic::AtomicBool;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{EXIT_ERROR, EXIT_OK};
use crate::index::update::{self, IndexOptions, NoProgress, Progress};
use crate::output::{json, terminal};

/// A progress bar on stderr.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Runs an indexing pass. The summary goes to `err`, or as JSON to `out` with `json`.
/// Exit 0 when every article file was indexed, 2 when some failed.
pub fn run(
    options: &IndexOptions,
    json_summary: bool,
    stop: &AtomicBool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let show_bar = std::io::stderr().is_terminal();
    let report = (|| -> Result<_, update::UpdateError> {
        Ok(if show_bar {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} indexing {bar:30} {pos}/{len} files {per_sec} eta {eta}",
                )
                .expect("valid template"),
            );
            update::run(options, &Bar(bar), stop)?
        } else {
            update::run(options, &NoProgress, stop)?
        })
    })()
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot update the index at {}: {e}",
            options.index_dir.display()
        )
    })?;
    if json_summary {
        json::write_pretty(out, &report)?;
    } else {
        terminal::write_index_report(err, &report)?;
    }
    Ok(if report.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}
