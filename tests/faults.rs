//! Fault campaign: indexing runs are killed (`kill -9`) at points spread across the run,
//! interrupted (Ctrl-C), searched while they commit, raced by a second indexer, and fed files
//! that change under them. After each fault the index must open and answer a known query with
//! a committed state, and running `kiosque index` again must converge to what a clean build of
//! the same folder holds.
//!
//! Prints a table (fault, trials, survived, documents lost). `scripts/fault-campaign` runs it
//! with more trials (`KIOSQUE_FAULT_SCALE`, default 1: 24 kill points, 3 Ctrl-C, ...).

mod common;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::{BIN, Workspace, copy_dir};

/// Files of the corpus before the update (`a/`), files the update adds (`b/`).
const BASE_FILES: usize = 1200;
const ADDED_FILES: usize = 1200;
/// Every how many base files one is edited, one is deleted; every how many added files one
/// republishes a base article (a duplicate).
const EDIT_EVERY: usize = 10;
const DELETE_EVERY: usize = 20;
const DUPLICATE_EVERY: usize = 100;
/// Commit often, so that kills fall between, during and after commits.
const COMMIT_INTERVAL: &str = "0.05";
/// Queries whose totals are compared with a clean build's.
const PROBES: &[&str] = &["socle", "ajout", "revu", "grève", "sécheresse"];

const WORDS: &[&str] = &[
    "gouvernement",
    "élection",
    "réforme",
    "entreprise",
    "marché",
    "économie",
    "santé",
    "hôpital",
    "école",
    "université",
    "transport",
    "grève",
    "climat",
    "sécheresse",
    "agriculteurs",
    "énergie",
    "nucléaire",
    "électricité",
    "inflation",
    "banque",
    "emploi",
    "chômage",
    "région",
    "commune",
    "maire",
    "député",
    "sénat",
    "tribunal",
    "justice",
    "football",
    "festival",
    "musée",
    "cinéma",
    "numérique",
    "données",
    "réseau",
    "voiture",
    "train",
    "budget",
    "retraite",
    "logement",
    "les",
    "des",
    "dans",
    "pour",
    "avec",
    "selon",
    "l'État",
    "d'après",
];

/// A small deterministic generator (no dependency needed for test data).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.next() as usize % WORDS.len()]
    }
    fn body(&mut self, extra: &str) -> String {
        let mut out = String::new();
        for p in 0..3 {
            for w in 0..40 {
                if w > 0 {
                    out.push(' ');
                }
                out.push_str(self.word());
            }
            out.push_str(". ");
            if p == 1 {
                out.push_str(extra);
            }
            out.push_str("\n\n");
        }
        out
    }
}

fn write_article(path: &Path, title: &str, body: &str) {
    let text = if path.extension() == Some(OsStr::new("html")) {
        let paragraphs: String = body
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| format!("<p>{p}</p>\n"))
            .collect();
        format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body><nav><a href=\"/\">Accueil</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>\n"
        )
    } else {
        format!("{title}\n\n{body}")
    };
    std::fs::write(path, text).expect("write article");
}

fn name(i: usize) -> String {
    let ext = if i.is_multiple_of(3) { "html" } else { "txt" };
    format!("{i:05}.{ext}")
}

/// The folder before the update: `corpus/a/`.
fn write_base(corpus: &Path) {
    let a = corpus.join("a");
    std::fs::create_dir_all(&a).expect("mkdir");
    let mut rng = Rng(7);
    for i in 0..BASE_FILES {
        let title = format!("Dépêche socle {i} : {} et {}", rng.word(), rng.word());
        write_article(&a.join(name(i)), &title, &rng.body(""));
    }
}

/// The update: edits and deletions in `a/`, new files in `b/` (some republishing `a/`).
fn apply_update(corpus: &Path) {
    let a = corpus.join("a");
    let b = corpus.join("b");
    std::fs::create_dir_all(&b).expect("mkdir");
    let mut rng = Rng(11);
    for i in 0..BASE_FILES {
        if i % DELETE_EVERY == 5 {
            std::fs::remove_file(a.join(name(i))).expect("delete");
        } else if i % EDIT_EVERY == 3 {
            let title = format!("Dépêche socle {i} : {} revu", rng.word());
            write_article(
                &a.join(name(i)),
                &title,
                &rng.body("Texte revu et corrigé."),
            );
        }
    }
    for i in 0..ADDED_FILES {
        let path = b.join(name(i));
        if i % DUPLICATE_EVERY == 0 {
            // The same story republished under another title: same body as a base file.
            let original = std::fs::read_to_string(a.join(name(i + 1))).expect("read");
            let text = original.replacen("Dépêche socle", "Reprise ajout", 2);
            std::fs::write(&path, text).expect("write");
        } else {
            let title = format!("Dépêche ajout {i} : {}", rng.word());
            write_article(&path, &title, &rng.body(""));
        }
    }
}

/// What an index holds, as seen through the binary.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    articles: u64,
    totals: Vec<u64>,
}

fn kiosque(args: &[&OsStr]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env_remove("KIOSQUE_INDEX")
        .env("NO_COLOR", "1")
        .output()
        .expect("run kiosque")
}

/// Total hits of one query; `Err` with the output when the search did not answer properly.
fn total(index: &Path, query: &str) -> Result<u64, String> {
    let out = kiosque(&[
        "search".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
        "--limit".as_ref(),
        "1".as_ref(),
        query.as_ref(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    if !matches!(code, Some(0 | 1)) {
        return Err(format!("search {query}: exit {code:?}: {stderr}"));
    }
    let v: serde_json::Value = serde_json::from_str(&stdout)
        .map_err(|e| format!("search {query}: invalid JSON ({e}): {stdout}"))?;
    v["total_hits"]
        .as_u64()
        .ok_or_else(|| format!("search {query}: no total_hits: {stdout}"))
}

fn snapshot(index: &Path) -> Result<Snapshot, String> {
    let out = kiosque(&[
        "stats".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
    ]);
    if out.status.code() != Some(0) {
        return Err(format!(
            "stats: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("stats: invalid JSON: {e}"))?;
    let articles = v["articles"].as_u64().ok_or("stats: no article count")?;
    let totals = PROBES
        .iter()
        .map(|q| total(index, q))
        .collect::<Result<_, _>>()?;
    Ok(Snapshot { articles, totals })
}

/// Starts `kiosque index --index INDEX --json --commit-interval … EXTRA…`.
fn start_index(index: &Path, extra: &[&OsStr]) -> Child {
    let mut args: Vec<&OsStr> = vec![
        "index".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
        "--commit-interval".as_ref(),
        COMMIT_INTERVAL.as_ref(),
    ];
    args.extend_from_slice(extra);
    Command::new(BIN)
        .args(args)
        .env_remove("KIOSQUE_INDEX")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kiosque index")
}

/// Waits for a child at most `limit`; `None` when it is still running then (it is killed).
fn wait_limited(mut child: Child, limit: Duration) -> Option<std::process::Output> {
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(_) => return Some(child.wait_with_output().expect("output")),
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// Runs an indexing pass to its end; `Err` if it fails.
fn index_to_end(index: &Path, extra: &[&OsStr]) -> Result<Duration, String> {
    let started = Instant::now();
    let out = wait_limited(start_index(index, extra), Duration::from_secs(600))
        .ok_or("index: still running after 10 minutes")?;
    if out.status.code() != Some(0) {
        return Err(format!(
            "index: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(started.elapsed())
}

/// How a trial starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Update of an index of the folder before the update.
    Update,
    /// `--rebuild` of an index of the folder before the update.
    Rebuild,
    /// First build, no index yet.
    First,
}

/// The shared scene: the folder after the update, an index of it before the update, and a
/// clean build of it after.
struct Scene {
    ws: Workspace,
    base: PathBuf,
    base_snapshot: Snapshot,
    clean: Snapshot,
    durations: [Duration; 3],
    trial: AtomicU64,
}

impl Scene {
    fn new() -> Scene {
        let ws = Workspace::empty();
        let corpus = ws.corpus();
        write_base(&corpus);
        let base = ws.path("base-index");
        index_to_end(&base, &[corpus.as_os_str()]).expect("base build");
        let base_snapshot = snapshot(&base).expect("base snapshot");
        apply_update(&corpus);
        let clean_dir = ws.path("clean-index");
        let first = index_to_end(&clean_dir, &[corpus.as_os_str()]).expect("clean build");
        let clean = snapshot(&clean_dir).expect("clean snapshot");
        let mut scene = Scene {
            ws,
            base,
            base_snapshot,
            clean,
            durations: [Duration::ZERO, Duration::ZERO, first],
            trial: AtomicU64::new(0),
        };
        // Reference runs without faults: they time the runs and must converge too.
        for (slot, start) in [(0, Start::Update), (1, Start::Rebuild)] {
            let dir = scene.prepare(start);
            let extra = scene.args(start);
            let extra: Vec<&OsStr> = extra.iter().map(|s| s.as_os_str()).collect();
            scene.durations[slot] = index_to_end(&dir, &extra).expect("reference run");
            assert_eq!(
                snapshot(&dir).expect("snapshot"),
                scene.clean,
                "{start:?} without faults"
            );
        }
        scene
    }

    /// How long a run of this kind takes now, without faults.
    fn time(&self, start: Start) -> Duration {
        let dir = self.prepare(start);
        let extra = self.args(start);
        let extra: Vec<&OsStr> = extra.iter().map(|s| s.as_os_str()).collect();
        index_to_end(&dir, &extra).expect("timing run")
    }

    /// A fresh index folder for one trial.
    fn prepare(&self, start: Start) -> PathBuf {
        let n = self.trial.fetch_add(1, Ordering::Relaxed);
        let dir = self.ws.path(&format!("trial-{n}"));
        if start != Start::First {
            copy_dir(&self.base, &dir);
        }
        dir
    }

    fn args(&self, start: Start) -> Vec<std::ffi::OsString> {
        match start {
            Start::Update => vec![],
            Start::Rebuild => vec!["--rebuild".into()],
            Start::First => vec![self.ws.corpus().into()],
        }
    }

    fn duration(&self, start: Start) -> Duration {
        self.durations[match start {
            Start::Update => 0,
            Start::Rebuild => 1,
            Start::First => 2,
        }]
    }

    /// Checks an index right after a fault: it opens and answers with a committed state.
    /// Returns the documents lost (committed before, missing now).
    fn check_after_fault(&self, dir: &Path, start: Start) -> Result<u64, String> {
        let socle = PROBES.iter().position(|q| *q == "socle").expect("probe");
        let before = self.base_snapshot.totals[socle];
        let after = self.clean.totals[socle];
        let now = match snapshot(dir) {
            Ok(s) => s,
            Err(e) if start == Start::First && e.contains("no index") => return Ok(0),
            Err(e) => return Err(e),
        };
        let got = now.totals[socle];
        match start {
            // Base articles stay until the update deletes their file: between the two states.
            Start::Update => {
                if got > before {
                    return Err(format!(
                        "{got} base articles, more than the {before} indexed"
                    ));
                }
                Ok(after.saturating_sub(got))
            }
            // The old index until the swap, then the new one: nothing in between. (Each figure
            // comes from its own process, so a swap may fall between two of them.)
            Start::Rebuild => {
                let (old, new) = (&self.base_snapshot, &self.clean);
                let either = |now: u64, a: u64, b: u64| now == a || now == b;
                if either(now.articles, old.articles, new.articles)
                    && (0..PROBES.len())
                        .all(|i| either(now.totals[i], old.totals[i], new.totals[i]))
                {
                    Ok(0)
                } else {
                    Err(format!(
                        "a rebuild showed a state that is neither the old index nor the new one: {now:?}"
                    ))
                }
            }
            Start::First => {
                if got > after {
                    return Err(format!(
                        "{got} base articles, more than the {after} on disk"
                    ));
                }
                Ok(0)
            }
        }
    }

    /// Runs `kiosque index` again after a fault; returns the documents missing compared with
    /// a clean build (or an error when the state differs otherwise).
    fn check_converges(&self, dir: &Path, start: Start) -> Result<u64, String> {
        let corpus = self.ws.corpus();
        let extra: Vec<&OsStr> = if start == Start::First {
            vec![corpus.as_os_str()]
        } else {
            vec![]
        };
        index_to_end(dir, &extra)?;
        let now = snapshot(dir)?;
        if now == self.clean {
            return Ok(0);
        }
        if now.articles < self.clean.articles {
            return Ok(self.clean.articles - now.articles);
        }
        Err(format!(
            "re-run did not converge: {now:?}, clean build {:?}",
            self.clean
        ))
    }
}

/// Results of one kind of fault.
#[derive(Default)]
struct Row {
    fault: String,
    trials: u64,
    /// Trials where the fault struck while the run was under way (not before or after it).
    struck: u64,
    survived: u64,
    lost: u64,
    failures: Vec<String>,
}

impl Row {
    fn new(fault: &str) -> Row {
        Row {
            fault: fault.to_owned(),
            ..Row::default()
        }
    }

    fn record(&mut self, outcome: Result<(bool, u64), String>) {
        self.trials += 1;
        match outcome {
            Ok((struck, lost)) => {
                self.struck += u64::from(struck);
                self.lost += lost;
                if lost == 0 {
                    self.survived += 1;
                } else {
                    self.failures
                        .push(format!("trial {}: {lost} documents lost", self.trials));
                }
            }
            Err(e) => self.failures.push(format!("trial {}: {e}", self.trials)),
        }
    }
}

/// `kill -9` after `at`, then the checks.
fn kill_trial(scene: &Scene, start: Start, at: Duration) -> Result<(bool, u64), String> {
    let dir = scene.prepare(start);
    let extra = scene.args(start);
    let extra: Vec<&OsStr> = extra.iter().map(|s| s.as_os_str()).collect();
    let mut child = start_index(&dir, &extra);
    std::thread::sleep(at);
    let struck = child.try_wait().expect("wait").is_none();
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    let lost = scene.check_after_fault(&dir, start)?;
    Ok((struck, lost + scene.check_converges(&dir, start)?))
}

/// Ctrl-C (SIGINT) after `at`: the run stops promptly, says so, and keeps what it committed.
fn interrupt_trial(scene: &Scene, start: Start, at: Duration) -> Result<(bool, u64), String> {
    let dir = scene.prepare(start);
    let extra = scene.args(start);
    let extra: Vec<&OsStr> = extra.iter().map(|s| s.as_os_str()).collect();
    let child = start_index(&dir, &extra);
    let pid = child.id().to_string();
    std::thread::sleep(at);
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .is_ok_and(|s| s.success());
    let out =
        wait_limited(child, Duration::from_secs(60)).ok_or("still running 60 s after Ctrl-C")?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let struck = match out.status.code() {
        Some(130) if sent && stderr.contains("interrupted") => true,
        Some(0) => false, // finished before the signal came
        code => return Err(format!("after Ctrl-C: exit {code:?}: {stderr}")),
    };
    let lost = scene.check_after_fault(&dir, start)?;
    Ok((struck, lost + scene.check_converges(&dir, start)?))
}

/// Searches in a loop while an indexing run commits: every one must answer with a committed
/// state.
fn concurrent_trial(scene: &Scene, start: Start) -> Result<(bool, u64), String> {
    let dir = scene.prepare(start);
    let extra = scene.args(start);
    let extra: Vec<&OsStr> = extra.iter().map(|s| s.as_os_str()).collect();
    let child = start_index(&dir, &extra);
    let done = AtomicBool::new(false);
    let searches = AtomicU64::new(0);
    let errors = std::sync::Mutex::new(Vec::<String>::new());
    let out = std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    let r = scene.check_after_fault(&dir, start);
                    searches.fetch_add(1, Ordering::Relaxed);
                    match r {
                        Ok(0) => {}
                        Ok(n) if start != Start::Update => {
                            errors.lock().unwrap().push(format!("{n} articles missing"));
                        }
                        Ok(_) => {} // an update under way has not added everything yet
                        Err(e) => errors.lock().unwrap().push(e),
                    }
                }
            });
        }
        let out = wait_limited(child, Duration::from_secs(600));
        done.store(true, Ordering::Relaxed);
        out
    });
    let out = out.ok_or("index: still running after 10 minutes")?;
    if out.status.code() != Some(0) {
        return Err(format!(
            "index under concurrent searches: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let errors = errors.into_inner().unwrap();
    if let Some(e) = errors.first() {
        return Err(format!(
            "{} of {} searches failed, first: {e}",
            errors.len(),
            searches.load(Ordering::Relaxed)
        ));
    }
    let struck = searches.load(Ordering::Relaxed) > 0;
    Ok((struck, scene.check_converges(&dir, start)?))
}

/// A second `kiosque index` while one runs: a clear message naming the first one's pid, and
/// no harm done.
fn second_indexer_trial(scene: &Scene) -> Result<(bool, u64), String> {
    let dir = scene.prepare(Start::Rebuild);
    let child = start_index(&dir, &["--rebuild".as_ref()]);
    let pid = child.id().to_string();
    // Wait until the first run holds the lock (it writes its pid there).
    let lock = dir.join("lock");
    let waited = Instant::now();
    while std::fs::read_to_string(&lock).map_or(true, |s| s.trim() != pid) {
        if waited.elapsed() > Duration::from_secs(60) {
            let _ = wait_limited(child, Duration::ZERO);
            return Err("the first run never took the lock".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = kiosque(&[
        "index".as_ref(),
        "--index".as_ref(),
        dir.as_os_str(),
        scene.ws.corpus().as_os_str(),
    ]);
    let first = wait_limited(child, Duration::from_secs(600)).ok_or("first run hung")?;
    let stderr = String::from_utf8_lossy(&second.stderr);
    if second.status.code() == Some(0) {
        // The first run ended before the second started: nothing was raced.
        return Err("inconclusive: the first run ended before the second began".into());
    }
    if second.status.code() != Some(2) || !stderr.contains(&format!("being updated by pid {pid}")) {
        return Err(format!(
            "second indexer: exit {:?}: {stderr}",
            second.status.code()
        ));
    }
    if first.status.code() != Some(0) {
        return Err(format!(
            "first run: exit {:?}: {}",
            first.status.code(),
            String::from_utf8_lossy(&first.stderr)
        ));
    }
    let now = snapshot(&dir)?;
    if now != scene.clean {
        return Err(format!("after the race: {now:?}, clean {:?}", scene.clean));
    }
    Ok((true, 0))
}

/// Files deleted, truncated and rewritten while the run reads them: the run ends, reports
/// what it could not read, and the next run matches a clean build of the folder as it is.
fn changing_files_trial(scene: &Scene, seed: u64) -> Result<(bool, u64), String> {
    // A folder of its own (this trial changes it), indexed whole first.
    let ws = Workspace::empty();
    copy_dir(&scene.ws.corpus(), &ws.corpus());
    let dir_first = ws.path("index");
    index_to_end(&dir_first, &[ws.corpus().as_os_str()])?;
    let b = ws.corpus().join("b");
    // Make the run re-read `b/`: touch every file there with new content.
    let mut rng = Rng(seed);
    for i in 0..ADDED_FILES {
        let title = format!("Dépêche ajout {i} : {} mise à jour", rng.word());
        write_article(&b.join(name(i)), &title, &rng.body(""));
    }
    let child = start_index(&dir_first, &[]);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut rng = Rng(seed ^ 0xfeed);
            while !stop.load(Ordering::Relaxed) {
                let path = b.join(name(rng.next() as usize % ADDED_FILES));
                match rng.next() % 3 {
                    0 => {
                        let _ = std::fs::remove_file(&path);
                    }
                    1 => {
                        if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&path) {
                            let _ = f.set_len(rng.next() % 200);
                        }
                    }
                    _ => write_article(&path, "Dépêche ajout réécrite", &rng.body("")),
                }
                std::thread::sleep(Duration::from_micros(300));
            }
        });
        let out = wait_limited(child, Duration::from_secs(600));
        stop.store(true, Ordering::Relaxed);
        match out {
            None => Err("index: still running after 10 minutes".to_owned()),
            // 0, or 2 with the files that could not be read reported.
            Some(o) if matches!(o.status.code(), Some(0 | 2)) => Ok(()),
            Some(o) => Err(format!(
                "index with changing files: exit {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            )),
        }
    })?;
    // The folder is still now: a re-run must match a clean build of it.
    index_to_end(&dir_first, &[]).or_else(|e| {
        // Truncated files may be empty (reported, exit 2): still a finished run.
        if e.contains("exit Some(2)") {
            Ok(Duration::ZERO)
        } else {
            Err(e)
        }
    })?;
    let clean_dir = ws.path("clean");
    let _ = wait_limited(
        start_index(&clean_dir, &[ws.corpus().as_os_str()]),
        Duration::from_secs(600),
    )
    .ok_or("clean build hung")?;
    let (now, clean) = (snapshot(&dir_first)?, snapshot(&clean_dir)?);
    if now == clean {
        Ok((true, 0))
    } else if now.articles < clean.articles {
        Ok((true, clean.articles - now.articles))
    } else {
        Err(format!("after changing files: {now:?}, clean {clean:?}"))
    }
}

fn scale() -> u64 {
    std::env::var("KIOSQUE_FAULT_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Kill points spread over a run: the middles of `n` equal slices of its reference duration.
fn kill_points(d: Duration, n: u64) -> impl Iterator<Item = Duration> {
    (0..n).map(move |k| d.mul_f64((k as f64 + 0.5) / n as f64))
}

#[test]
fn fault_campaign() {
    let k = scale();
    let scene = Scene::new();
    let mut rows = Vec::new();

    for (label, start, n) in [
        ("kill -9 during an update", Start::Update, 12 * k),
        ("kill -9 during --rebuild", Start::Rebuild, 6 * k),
        ("kill -9 during a first build", Start::First, 6 * k),
    ] {
        let mut row = Row::new(label);
        // Timed again now: the machine's load drifts.
        let d = scene.time(start);
        for at in kill_points(d, n) {
            row.record(kill_trial(&scene, start, at));
        }
        rows.push(row);
    }
    let mut row = Row::new("Ctrl-C during an update");
    for at in kill_points(scene.duration(Start::Update), 3 * k) {
        row.record(interrupt_trial(&scene, Start::Update, at));
    }
    rows.push(row);
    let mut row = Row::new("searches during an update");
    for _ in 0..k {
        row.record(concurrent_trial(&scene, Start::Update));
    }
    rows.push(row);
    let mut row = Row::new("searches during --rebuild");
    for _ in 0..k {
        row.record(concurrent_trial(&scene, Start::Rebuild));
    }
    rows.push(row);
    let mut row = Row::new("second indexer while one runs");
    for _ in 0..2 * k {
        row.record(second_indexer_trial(&scene));
    }
    rows.push(row);
    let mut row = Row::new("files changing during the run");
    for t in 0..2 * k {
        row.record(changing_files_trial(&scene, 100 + t));
    }
    rows.push(row);

    let mut table = String::new();
    let _ = writeln!(
        table,
        "\nfault campaign ({BASE_FILES} + {ADDED_FILES} files; clean build {} articles; runs of {:.2} s update, {:.2} s rebuild, {:.2} s first build)",
        scene.clean.articles,
        scene.durations[0].as_secs_f64(),
        scene.durations[1].as_secs_f64(),
        scene.durations[2].as_secs_f64()
    );
    let _ = writeln!(
        table,
        "| fault | trials | struck during the run | survived | documents lost |\n| --- | --- | --- | --- | --- |"
    );
    for r in &rows {
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} |",
            r.fault, r.trials, r.struck, r.survived, r.lost
        );
    }
    println!("{table}");
    for r in rows.iter().filter(|r| r.fault.starts_with("kill")) {
        assert!(
            r.struck * 2 >= r.trials,
            "{table}\n{}: most kills came after the run ended; the campaign proved little",
            r.fault
        );
    }
    let failures: Vec<String> = rows
        .iter()
        .flat_map(|r| r.failures.iter().map(move |f| format!("{}: {f}", r.fault)))
        .collect();
    assert!(
        failures.is_empty(),
        "{table}\nfailures:\n{}",
        failures.join("\n")
    );
}
