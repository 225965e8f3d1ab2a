//! The `kiosque` binary: parse arguments, call the library, map the outcome to an exit code.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use kiosque::commands::{self, EXIT_ERROR, Format};
use kiosque::index::{IndexOptions, resolve_index_dir};
use kiosque::output::Color;
use kiosque::search::SearchRequest;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_from(cli::reorder_search_args(std::env::args_os().collect()));
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let status = match run(cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            let _ = writeln!(err, "kiosque: {e:#}");
            EXIT_ERROR
        }
    };
    if let Err(e) = out.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(err, "kiosque: {e}");
        return ExitCode::from(EXIT_ERROR as u8);
    }
    ExitCode::from(u8::try_from(status).unwrap_or(2))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: cli::Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    use cli::Command;
    match cli.command {
        Command::Index(a) => {
            let stop = Arc::new(AtomicBool::new(false));
            let flag = Arc::clone(&stop);
            let _ = ctrlc::set_handler(move || {
                if flag.swap(true, Ordering::SeqCst) {
                    // A second Ctrl-C: leave now; the last commit stays whole.
                    std::process::exit(130);
                }
                eprintln!(
                    "\nkiosque: interrupted, committing what is done (Ctrl-C again to quit now)"
                );
            });
            let options = IndexOptions {
                index_dir: resolve_index_dir(a.location.index),
                roots: a.folders,
                remove: a.remove,
                rebuild: a.rebuild,
                follow_links: a.follow_links,
                max_file_size: a.max_file_size.saturating_mul(1024 * 1024),
                threads: a.threads.unwrap_or(0),
                commit_interval: std::time::Duration::from_secs_f64(a.commit_interval),
                merge: a.merge,
            };
            let code = commands::index::run(&options, a.json, &stop, out, err)?;
            Ok(if stop.load(Ordering::SeqCst) {
                130
            } else {
                code
            })
        }
        Command::Search(a) => {
            let request = SearchRequest {
                query: a.query.join(" "),
                since: a.since,
                until: a.until,
                sort: a.sort.to_order(),
                limit: a.limit,
                offset: a.offset,
                explain: a.explain,
                synonyms: if a.no_synonyms {
                    std::sync::Arc::default()
                } else {
                    commands::load_synonyms(a.synonyms)?
                },
                ..SearchRequest::default()
            };
            let format = if a.json {
                Format::Json
            } else if a.jsonl {
                Format::Jsonl
            } else {
                Format::Terminal(Color::auto())
            };
            commands::search::run(
                &resolve_index_dir(a.location.index),
                &request,
                format,
                out,
                err,
            )
        }
        Command::Extract(a) => {
            let format = if a.json {
                Format::Jsonl
            } else {
                Format::Terminal(Color::Never)
            };
            commands::extract::run(&a.files, format, out, err)
        }
        Command::Show(a) => {
            let format = if a.json {
                Format::Json
            } else {
                Format::Terminal(Color::auto())
            };
            commands::show::run(
                &resolve_index_dir(a.location.index),
                &a.id,
                format,
                out,
                err,
            )
        }
        Command::Eval(a) => {
            let options = kiosque::commands::eval::EvalOptions {
                index_dir: resolve_index_dir(a.location.index),
                queries: a.queries,
                qrels: a.qrels,
                first: a.first,
                per_query: a.per_query,
                synonyms: if a.no_synonyms {
                    std::sync::Arc::default()
                } else {
                    commands::load_synonyms(a.synonyms)?
                },
                params: {
                    let mut params = kiosque::search::RankingParams::default();
                    for assignment in &a.param {
                        params.set(assignment).map_err(anyhow::Error::msg)?;
                    }
                    params
                },
            };
            let format = if a.json {
                Format::Json
            } else {
                Format::Terminal(Color::Never)
            };
            commands::eval::run(&options, format, out)
        }
        Command::Stats(a) => {
            let format = if a.json {
                Format::Json
            } else {
                Format::Terminal(Color::auto())
            };
            commands::stats::run(&resolve_index_dir(a.location.index), format, out)
        }
    }
}
