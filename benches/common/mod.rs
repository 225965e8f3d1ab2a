//! Data for the benchmarks: real French news from the shared corpora when they are there,
//! otherwise the team-written `corpus_samples/`. Everything is read at bench time; nothing of
//! the shared corpora is copied into the project.
//!
//! Shared corpora are looked for unpacked, first under `target/corpora/` (where
//! `../shared/corpora/unpack.sh target/corpora` puts them), then in `../shared/corpora/`.
//! `KIOSQUE_BENCH_DATA=samples cargo bench` uses the samples even when those are there.

// Each bench uses only some of these helpers.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use criterion::Criterion;
use kiosque::discover::FileKind;
use kiosque::extract;

/// Records taken from `orangesum/articles.jsonl` (a few MB of text).
pub const ORANGESUM_RECORDS: usize = 2_000;
/// Pages taken from `orangesum-html/html/` (of 1,500, ~63 KB each).
pub const ORANGESUM_PAGES: usize = 100;

/// Criterion settings that keep every group short.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(5))
        .configure_from_args()
}

/// One article: its body (paragraphs joined as the index joins them) and its standfirst.
pub struct Doc {
    pub body: String,
    pub lede: String,
}

/// The articles to benchmark over, and where they come from.
pub struct Docs {
    pub source: String,
    pub docs: Vec<Doc>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first existing path among the unpacked copies of `rel` in the shared corpora.
fn shared(rel: &str) -> Option<PathBuf> {
    if std::env::var_os("KIOSQUE_BENCH_DATA").is_some_and(|v| v == "samples") {
        return None;
    }
    let root = root();
    [
        root.join("target/corpora").join(rel),
        root.join("../shared/corpora").join(rel),
    ]
    .into_iter()
    .find(|p| p.exists())
}

fn note_missing(what: &str) {
    if root().join("../shared/corpora").exists() && std::env::var_os("KIOSQUE_BENCH_DATA").is_none()
    {
        eprintln!(
            "note: {what} not found unpacked; run `../shared/corpora/unpack.sh target/corpora` \
             to benchmark on the shared corpora"
        );
    }
}

/// Article bodies: the `article` (and `heading`) fields of the first [`ORANGESUM_RECORDS`]
/// records of OrangeSum, or the articles of `corpus_samples/`.
pub fn articles() -> Docs {
    if let Some(path) = shared("orangesum/articles.jsonl") {
        let file = std::fs::File::open(&path).expect("open articles.jsonl");
        let mut docs = Vec::with_capacity(ORANGESUM_RECORDS);
        for line in BufReader::new(file).lines().take(ORANGESUM_RECORDS) {
            let v: serde_json::Value =
                serde_json::from_str(&line.expect("read articles.jsonl")).expect("JSON line");
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            docs.push(Doc {
                body: field("article"),
                lede: field("heading"),
            });
        }
        return Docs {
            source: format!(
                "shared corpus: {} (first {} records)",
                path.display(),
                docs.len()
            ),
            docs,
        };
    }
    note_missing("orangesum/articles.jsonl");
    let dir = root().join("corpus_samples");
    let mut docs = Vec::new();
    for path in sample_files(&dir, None) {
        let kind = FileKind::of(&path).expect("known kind");
        let Ok(out) = extract::extract_file(&path, kind, "bench", extract::DEFAULT_MAX_FILE_SIZE)
        else {
            continue;
        };
        docs.extend(out.articles.into_iter().map(|a| Doc {
            body: a.body.join("\n\n"),
            lede: a.lede,
        }));
    }
    Docs {
        source: format!(
            "samples: {} ({} articles; shared corpus not used)",
            dir.display(),
            docs.len()
        ),
        docs,
    }
}

/// Raw HTML pages: the first [`ORANGESUM_PAGES`] of `orangesum-html` (by file name), or
/// `corpus_samples/html/*.html`.
pub fn html_pages() -> (String, Vec<Vec<u8>>) {
    let (source, files) = match shared("orangesum-html/html") {
        Some(dir) => {
            let mut files = sample_files(&dir, Some(FileKind::Html));
            files.truncate(ORANGESUM_PAGES);
            (
                format!(
                    "shared corpus: {} (first {} pages)",
                    dir.display(),
                    files.len()
                ),
                files,
            )
        }
        None => {
            note_missing("orangesum-html/html");
            let dir = root().join("corpus_samples/html");
            let files = sample_files(&dir, Some(FileKind::Html));
            (
                format!(
                    "samples: {} ({} pages; shared corpus not used)",
                    dir.display(),
                    files.len()
                ),
                files,
            )
        }
    };
    let pages = files
        .iter()
        .map(|p| std::fs::read(p).expect("read page"))
        .collect();
    (source, pages)
}

/// Files kiosque reads under `dir` (of one kind, or all), sorted by path.
fn sample_files(dir: &Path, only: Option<FileKind>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| match (FileKind::of(p), only) {
            (Some(k), Some(o)) => k == o,
            (k, None) => k.is_some(),
            (None, Some(_)) => false,
        })
        .collect();
    files.sort();
    files
}
