//! Shared helpers of the integration tests: temporary copies of `corpus_samples/`, running the
//! built `kiosque` binary, and lenient views of its JSON output (the strict contract is pinned
//! in `json_contract.rs`).
//!
//! Every test works in its own temporary directory (corpus copy, index, current directory), so
//! nothing is ever written into the repository.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_kiosque");

/// The fixtures shipped with the repository (read only: tests copy them).
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus_samples")
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// One finished run of the binary.
pub struct Run {
    /// The arguments, for failure messages.
    pub args: Vec<String>,
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn cut(s: &str) -> String {
            if s.chars().count() > 3000 {
                let head: String = s.chars().take(3000).collect();
                format!("{head}… ({} chars)", s.chars().count())
            } else {
                s.to_owned()
            }
        }
        write!(
            f,
            "\n$ kiosque {}\nexit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}\n",
            cut(&self.args.join(" ")),
            self.code,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

impl Run {
    /// Asserts the exit code, showing the whole run when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "unexpected exit code:{self:?}");
        self
    }

    /// Parses stdout as one JSON document.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not the expected JSON ({e}):{self:?}"))
    }

    /// Parses every line of stdout as one JSON document.
    #[track_caller]
    pub fn json_lines<T: DeserializeOwned>(&self) -> Vec<T> {
        self.stdout
            .lines()
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str(line).unwrap_or_else(|e| {
                    panic!(
                        "stdout line {} is not the expected JSON ({e}):{self:?}",
                        i + 1
                    )
                })
            })
            .collect()
    }
}

/// Runs the binary in `cwd`, without `$KIOSQUE_INDEX` from the environment.
pub fn run_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_with_env(cwd, args, &[])
}

/// Runs the binary in `cwd` with these environment variables (and no other `$KIOSQUE_INDEX`).
pub fn run_with_env<I, S>(cwd: &Path, args: I, env: &[(&str, &OsStr)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let mut cmd = Command::new(BIN);
    cmd.args(&args)
        .current_dir(cwd)
        .env_remove("KIOSQUE_INDEX")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run kiosque");
    Run {
        args: args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary directory holding (optionally) a copy of the samples and an index.
///
/// Layout: `<root>/corpus` (copy of `corpus_samples/`), `<root>/index`. Commands run with
/// `<root>` as their current directory.
pub struct Workspace {
    _tmp: TempDir,
    /// Canonical path of the temporary directory.
    pub root: PathBuf,
}

impl Workspace {
    /// An empty workspace.
    pub fn empty() -> Workspace {
        Workspace::wrap(
            tempfile::Builder::new()
                .prefix("kiosque-test-")
                .tempdir()
                .expect("tempdir"),
        )
    }

    fn wrap(tmp: TempDir) -> Workspace {
        let root = tmp.path().canonicalize().expect("canonical tempdir");
        Workspace { _tmp: tmp, root }
    }

    /// A workspace with a fresh copy of `corpus_samples/` in `corpus/`.
    pub fn with_samples() -> Workspace {
        let ws = Workspace::empty();
        copy_dir(&samples_dir(), &ws.corpus());
        ws
    }

    /// The corpus copy.
    pub fn corpus(&self) -> PathBuf {
        self.root.join("corpus")
    }

    /// The index folder.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }

    /// A path under the workspace.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Runs `kiosque ARGS` in the workspace.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run_in(&self.root, args)
    }

    /// `kiosque index --index <index> --json EXTRA...`.
    pub fn index<I, S>(&self, extra: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut args: Vec<std::ffi::OsString> = vec![
            "index".into(),
            "--index".into(),
            self.index_dir().into(),
            "--json".into(),
        ];
        args.extend(extra.into_iter().map(|a| a.as_ref().to_owned()));
        self.run(args)
    }

    /// Indexes `folders`, asserts the exit code and returns the summary.
    #[track_caller]
    pub fn index_report<P: AsRef<OsStr>>(&self, folders: &[P], code: i32) -> IndexReport {
        let run = self.index(folders);
        run.expect_code(code);
        run.json()
    }

    /// `kiosque search --index <index> ARGS...` (add `--json` yourself when wanted).
    pub fn search_raw(&self, args: &[&str]) -> Run {
        let idx = self.index_dir();
        let mut all: Vec<&OsStr> = vec!["search".as_ref(), "--index".as_ref(), idx.as_os_str()];
        all.extend(args.iter().map(|a| OsStr::new(*a)));
        self.run(all)
    }

    /// `kiosque search --index <index> --json ARGS...`: asserts exit 0 (something found) or 1
    /// (nothing found), that the code agrees with `total_hits`, and parses the results.
    #[track_caller]
    pub fn search(&self, args: &[&str]) -> Results {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = self.search_raw(&all);
        assert!(
            matches!(run.code, Some(0 | 1)),
            "search must exit 0 or 1:{run:?}"
        );
        let results: Results = run.json();
        assert_eq!(
            run.code == Some(0),
            results.total_hits > 0,
            "exit code must be 0 when something is found and 1 otherwise:{run:?}"
        );
        results
    }

    /// `kiosque show --index <index> --json ID`.
    pub fn show(&self, id: &str) -> Run {
        let idx = self.index_dir();
        self.run([
            OsStr::new("show"),
            OsStr::new("--index"),
            idx.as_os_str(),
            OsStr::new("--json"),
            OsStr::new(id),
        ])
    }

    /// `kiosque stats --index <index> --json`, parsed.
    #[track_caller]
    pub fn stats(&self) -> serde_json::Value {
        let idx = self.index_dir();
        let run = self.run([
            OsStr::new("stats"),
            OsStr::new("--index"),
            idx.as_os_str(),
            OsStr::new("--json"),
        ]);
        run.expect_code(0);
        run.json()
    }

    /// `kiosque extract --json` of every article file of the corpus copy (absolute paths,
    /// so that `path` matches the `path` of search hits).
    #[track_caller]
    pub fn extract_corpus(&self) -> Vec<Extracted> {
        let files = article_files(&self.corpus());
        let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), "--json".into()];
        args.extend(files.into_iter().map(Into::into));
        let run = self.run(args);
        run.expect_code(0);
        run.json_lines()
    }
}

/// The article files under a folder (by extension), sorted.
pub fn article_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(OsStr::to_str),
                Some("html" | "htm" | "xhtml" | "txt" | "json" | "jsonl" | "ndjson")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The samples, copied and indexed once per test binary, for read-only tests.
///
/// The directory outlives the test process (statics are not dropped); directories left by
/// earlier runs whose process is gone are removed when the next run starts.
pub fn shared() -> &'static Workspace {
    static SHARED: OnceLock<Workspace> = OnceLock::new();
    SHARED.get_or_init(|| {
        const PREFIX: &str = "kiosque-test-shared-";
        sweep_stale(PREFIX);
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .tempdir()
            .expect("tempdir");
        let ws = Workspace::wrap(tmp);
        copy_dir(&samples_dir(), &ws.corpus());
        let corpus = ws.corpus();
        let report = ws.index_report(&[&corpus], 0);
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        ws
    })
}

/// Removes `<tmp>/<prefix><pid>-*` directories of processes that no longer exist (Linux).
fn sweep_stale(prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient views of the JSON output (unknown fields allowed; json_contract.rs is strict).

/// `search --json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Results {
    pub query: String,
    pub total_hits: u64,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
}

/// One hit.
#[derive(Debug, Clone, Deserialize)]
pub struct Hit {
    pub rank: u64,
    pub score: f64,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub section: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub duplicates: u64,
    pub snippet: Snippet,
}

/// A snippet.
#[derive(Debug, Clone, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

impl Snippet {
    /// The highlighted slices, cut by Unicode code points (panics when out of range).
    #[track_caller]
    pub fn highlighted(&self) -> Vec<String> {
        let chars: Vec<char> = self.text.chars().collect();
        self.highlights
            .iter()
            .map(|&[a, b]| {
                assert!(
                    a < b && b <= chars.len(),
                    "highlight [{a}, {b}) out of range of a {}-code-point snippet: {:?}",
                    chars.len(),
                    self.text
                );
                chars[a..b].iter().collect()
            })
            .collect()
    }
}

impl Hit {
    /// The file name of the hit's source file.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path)
    }
}

impl Results {
    /// Ids, in rank order.
    pub fn ids(&self) -> Vec<&str> {
        self.hits.iter().map(|h| h.id.as_str()).collect()
    }

    /// 0-based position of the hit whose source file is `file_name`.
    pub fn position(&self, file_name: &str) -> Option<usize> {
        self.hits.iter().position(|h| h.file_name() == file_name)
    }

    /// The hit whose source file is `file_name`.
    pub fn hit(&self, file_name: &str) -> Option<&Hit> {
        self.hits.iter().find(|h| h.file_name() == file_name)
    }

    /// A short listing for failure messages.
    pub fn listing(&self) -> String {
        let mut s = format!("query {:?}: {} hits\n", self.query, self.total_hits);
        for h in &self.hits {
            s.push_str(&format!(
                "  {:>2}. {:>9.3} {} | {} | {:?}\n",
                h.rank, h.score, h.id, h.title, h.date
            ));
        }
        s
    }
}

/// `extract --json`, one per article.
#[derive(Debug, Clone, Deserialize)]
pub struct Extracted {
    pub id: String,
    pub path: String,
    pub url: Option<String>,
    pub title: String,
    pub lede: String,
    pub body: String,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub source: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub lang: Option<String>,
}

impl Extracted {
    /// Title, lede and body: what a query without field searches.
    pub fn text(&self) -> String {
        format!("{}\n\n{}\n\n{}", self.title, self.lede, self.body)
    }

    /// The file name of the source file.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path)
    }
}

/// `index --json`.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexReport {
    pub files_seen: u64,
    pub files_indexed: u64,
    pub articles_indexed: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub ignored: u64,
    pub failed: Vec<Failure>,
    pub warnings: Vec<Failure>,
    pub duplicates: u64,
    pub articles_total: u64,
}

/// A failed file, or a warning.
#[derive(Debug, Clone, Deserialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

// ---------------------------------------------------------------------------------------------
// Text helpers for expectations.

/// Lower case, accents removed, typographic apostrophes and spaces made plain, white space
/// collapsed: to compare texts the way a reader would.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let plain: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '’' | 'ʼ' | '‘' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a folded text (letters and digits).
pub fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}
