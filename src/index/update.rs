//! One indexing run: walk the folders, re-parse only what changed (size and mtime, then content
//! hash), remove what is gone, add the rest through a single tantivy `IndexWriter` fed by rayon
//! workers, commit at intervals and at the end, then settle duplicate groups.

// Fx hashing for the maps and sets of paths and ids of the user's own folders (profile of a
// no-op run over 36k files: SipHash ~6 %, and the std hasher's DoS resistance buys nothing here).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::article::Article;
use crate::discover::{self, FileKind, SourceFile, WalkOptions};
use crate::extract::{self, DEFAULT_MAX_FILE_SIZE, Place};
use crate::index::duplicates::{self, Standing};
use crate::index::merges;
use crate::index::store::{self, CommitPayload, Store, StoreError};
use crate::schema::{Fields, FileStamp, duplicate_key, to_document};

/// What the user asked of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Index folder.
    pub index_dir: PathBuf,
    /// Folders (or files) to index; empty means every folder the index already knows.
    pub roots: Vec<PathBuf>,
    /// Folders to drop from the index.
    pub remove: Vec<PathBuf>,
    /// Build a fresh index beside the current one and swap it in at the end.
    pub rebuild: bool,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Files larger than this are skipped (bytes).
    pub max_file_size: u64,
    /// Indexing threads (0: as many as cores).
    pub threads: usize,
    /// Commit at least this often on long runs.
    pub commit_interval: Duration,
    /// Merge the whole index into one segment at the end (slower run, faster searches).
    pub merge: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            index_dir: PathBuf::from(store::DEFAULT_INDEX_DIR),
            roots: Vec::new(),
            remove: Vec::new(),
            rebuild: false,
            follow_links: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            threads: 0,
            commit_interval: Duration::from_secs(30),
            merge: false,
        }
    }
}

/// A file (or a line of one) that could not be indexed, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The file.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IndexReport {
    /// Article files found.
    pub files_seen: u64,
    /// Files (re)parsed and indexed.
    pub files_indexed: u64,
    /// Articles added by this run.
    pub articles_indexed: u64,
    /// Files left as they were.
    pub unchanged: u64,
    /// Files whose articles were removed (gone from disk, or `--remove`).
    pub removed: u64,
    /// Files that are not articles (other extensions).
    pub ignored: u64,
    /// Files that could not be indexed.
    pub failed: Vec<Failure>,
    /// Problems in files that were indexed all the same (bad JSON lines, invalid bytes).
    pub warnings: Vec<Failure>,
    /// Articles in the index that duplicate another one.
    pub duplicates: u64,
    /// Articles in the index after the run.
    pub articles_total: u64,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Articles indexed per second.
    pub articles_per_second: f64,
    /// Whether the run was interrupted (what was committed stays).
    pub interrupted: bool,
}

/// Errors that stop a run (a bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// Index trouble.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A folder given on the command line does not exist.
    #[error("{0}: no such file or folder")]
    NoSuchRoot(PathBuf),
    /// Nothing to index.
    #[error("no folder to index: name one (`kiosque index FOLDER`)")]
    NoRoots,
    /// A rebuild of an index one of whose folders is not found.
    #[error(
        "cannot rebuild: {0} is not found (moved, or on a drive that is not mounted?), and the \
         new index would lose its articles; mount it, or drop it first with \
         `kiosque index --remove {0}`; nothing was changed"
    )]
    RootNotFound(String),
    /// `--remove` names a folder that the index does not have.
    #[error(
        "{root} is not a folder of this index (its folders: {}); nothing was changed",
        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
    )]
    UnknownRoot {
        /// The folder, as the index would record it.
        root: String,
        /// The folders it has.
        known: Vec<String>,
    },
    /// tantivy failed while writing.
    #[error("writing the index: {0}")]
    Write(#[from] tantivy::TantivyError),
}

/// What the index knows of one file.
#[derive(Debug, Clone, Copy)]
struct Known {
    size: u64,
    mtime: i64,
    hash: u64,
}

/// Progress reporting hook (a terminal bar, or nothing).
pub trait Progress: Sync {
    /// The run will look at `total` files.
    fn start(&self, total: u64);
    /// One more file done.
    fn advance(&self);
    /// The run is over.
    fn finish(&self);
}

/// No progress reporting.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// Runs an indexing pass. `stop` is raised by Ctrl-C: the run then commits what it has and ends.
pub fn run(
    options: &IndexOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<IndexReport, UpdateError> {
    let started = Instant::now();
    let phase = Phases::new(started);
    // Check what was asked before touching anything on disk.
    for r in &options.roots {
        canonical_root(r)?;
    }
    let _lock = store::lock(&options.index_dir)?;
    let mut brand_new = false;
    let existing = match Store::open(&options.index_dir) {
        Ok(s) => Some(s),
        Err(StoreError::Missing(_) | StoreError::NotAnIndex(_)) => {
            brand_new = true;
            None
        }
        Err(e @ StoreError::Version { .. }) if !options.rebuild => return Err(e.into()),
        Err(StoreError::Version { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let mut known_roots: Vec<String> = match &existing {
        Some(store) => store.roots(),
        // Refused versions, rebuilt: the folders it had.
        None => store::recorded_roots(&options.index_dir),
    };
    let given: Vec<String> = options
        .roots
        .iter()
        .map(|r| canonical_root(r))
        .collect::<Result<_, _>>()?;
    let removed_roots: Vec<String> = options.remove.iter().map(|r| removed_root(r)).collect();
    // A folder to remove that the index does not know is a typo, or a subfolder: said, before
    // anything changes.
    if let Some(r) = removed_roots.iter().find(|r| !known_roots.contains(r)) {
        return Err(UpdateError::UnknownRoot {
            root: r.clone(),
            known: known_roots,
        });
    }
    known_roots.retain(|r| !removed_roots.contains(r));
    let targets = plan_walk(&mut known_roots, given, options.rebuild);
    if targets.is_empty() && removed_roots.is_empty() {
        return Err(UpdateError::NoRoots);
    }
    // A rebuild starts empty: a folder it cannot find would lose its articles.
    if options.rebuild
        && let Some(t) = targets.iter().find(|t| !Path::new(&t.path).exists())
    {
        return Err(UpdateError::RootNotFound(t.path.clone()));
    }

    let fresh = existing.is_none() || options.rebuild;
    let store = match existing {
        Some(s) if !options.rebuild => s,
        _ => {
            // Numbered after the current generation even when its versions are refused, so a
            // rebuild never overwrites the index that searches still read.
            let current = store::read_meta(&options.index_dir).map_or(0, |m| m.generation_number());
            Store::create_generation(&options.index_dir, &format!("gen-{}", current + 1))?
        }
    };

    if brand_new {
        // A first build is searchable from its first commit on: an empty one now, then
        // what each commit adds. Killed, it leaves what it had committed; run again, it goes on.
        let mut writer = light_writer(&store.index)?;
        commit(&mut writer, &known_roots, true)?;
        drop(writer);
        store.make_current()?;
    }

    let known = if fresh {
        HashMap::default()
    } else {
        known_files(&store)?
    };
    // The last run was stopped between its commits and its duplicate settling: settle all.
    let unsettled = !fresh && !store.payload().settled;

    let mut report = IndexReport::default();
    let mut walk = discover::Walk::default();
    let walk_options = WalkOptions {
        follow_links: options.follow_links,
    };
    // The files of each target's walk, in order: `walk.files[found[i]..found[i + 1]]` are
    // those of `targets[i]`, which says the folder they belong to.
    let mut found = vec![0];
    for t in &targets {
        if !Path::new(&t.path).exists() {
            walk.errors.push((
                t.path.clone(),
                format!(
                    "folder not found (moved, or on a drive that is not mounted?): its articles \
                     stay in the index; `kiosque index --remove {}` drops them",
                    t.root
                ),
            ));
            found.push(walk.files.len());
            continue;
        }
        discover::walk(Path::new(&t.path), walk_options, &mut walk);
        found.push(walk.files.len());
    }
    report.ignored = walk.ignored;
    report
        .failed
        .extend(walk.errors.iter().map(|(path, reason)| Failure {
            path: path.clone(),
            reason: reason.clone(),
        }));
    report.files_seen = walk.files.len() as u64;

    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        options.threads
    };
    let threads = threads.clamp(1, 8);
    let mut writer: IndexWriter<TantivyDocument> = store.index.writer_with_options(
        tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(128_000_000)
            // One merge at a time: the memory merges need stays that of one (see `merges`).
            .num_merge_threads(1)
            .build(),
    )?;
    writer.set_merge_policy(Box::new(merges::BoundedMerges::default()));
    // Files of a run that was killed before its commit are unknown to the index but may
    // bear the names this run is about to give its own (segment id and operation stamp):
    // remove them first.
    writer.garbage_collect_files().wait()?;
    let fields = store.fields.clone();

    // Duplicate groups whose members change in this run: `true` while the run only added to
    // the group, `false` once it removed from it (or could not tell: an unsettled index).
    let touched: Mutex<Touched> = Mutex::new(if unsettled {
        known
            .values()
            .flat_map(|k| k.dups.iter().map(|&d| (d, false)))
            .collect()
    } else {
        Touched::default()
    });
    // Files gone from the walked folders, and folders removed. A file under a folder (or a
    // file) that could not be read, a root not found, is not gone: its articles stay until a
    // run can tell.
    let seen: HashSet<&str> = walk.files.iter().map(|f| f.key.as_str()).collect();
    let unread = |path: &str| {
        walk.errors
            .iter()
            .any(|(failed, _)| Path::new(path).starts_with(failed))
    };
    let walked = |path: &str| targets.iter().any(|t| Path::new(path).starts_with(&t.path));
    let gone: Vec<&str> = known
        .iter()
        .filter(|(path, k)| {
            (!seen.contains(path.as_str()) && walked(path) && !unread(path))
                || removed_roots.contains(&k.root)
        })
        .map(|(path, _)| path.as_str())
        .collect();
    for path in &gone {
        writer.delete_term(Term::from_field_text(fields.path, path));
        touched
            .lock()
            .expect("no panics while holding")
            .extend(known[*path].dups.iter().map(|&d| (d, false)));
        report.removed += 1;
    }

    // Files new or changed on disk.
    let mut todo: Vec<(&SourceFile, Option<&KnownFile>, &str)> = Vec::new();
    let files = targets.iter().zip(found.windows(2)).flat_map(|(t, span)| {
        walk.files[span[0]..span[1]]
            .iter()
            .map(|f| (f, t.root.as_str()))
    });
    for (f, root) in files {
        match known.get(&f.key) {
            // (A file now under another of the index's folders is read again, to say so.)
            Some(k) if k.known.size == f.size && k.known.mtime == f.mtime && k.root == root => {
                report.unchanged += 1
            }
            Some(k) => todo.push((f, Some(k), root)),
            None => todo.push((f, None, root)),
        }
    }

    progress.start(todo.len() as u64);
    let articles = AtomicU64::new(0);
    let files_indexed = AtomicU64::new(0);
    let unchanged = AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let warnings = Mutex::new(Vec::new());
    let mut last_commit = Instant::now();
    // Ids must stay unique: ids taken in this run, and ids of committed articles from files
    // that this run keeps.
    let committed = if fresh { None } else { Some(store.searcher()?) };
    let mut dropping: HashSet<&str> = todo.iter().map(|(f, _, _)| f.key.as_str()).collect();
    dropping.extend(&gone);
    // Ids are kept as 128-bit hashes (16 bytes an article instead of ~60 for the string): a
    // collision, which would rename an article needlessly, has odds of about 1 in 10^26 at a
    // million articles.
    let ids_lock: Mutex<HashSet<u128>> = Mutex::new(HashSet::default());
    // Copies of a group that come after one already added go in as not canonical at once; the
    // ones that a copy added later displaced are re-added before the commit.
    let first_copies: duplicates::FirstCopies<Origin> = duplicates::FirstCopies::default();
    let displaced = Displaced::default();
    // Content hashes of the files of `todo`, once known.
    let hashes: Vec<AtomicU64> = todo.iter().map(|_| AtomicU64::new(0)).collect();
    let chunk = 512.max(todo.len() / 64);
    for (b, batch) in todo.chunks(chunk).enumerate() {
        if stop.load(Ordering::Relaxed) {
            report.interrupted = true;
            break;
        }
        batch
            .par_iter()
            .enumerate()
            .for_each(|(i, (file, known, root))| {
                let file_no = b * chunk + i;
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let forget_old = || {
                    if let Some(k) = known {
                        writer.delete_term(Term::from_field_text(fields.path, &file.key));
                        touched
                            .lock()
                            .expect("no panics while holding")
                            .extend(k.dups.iter().map(|&d| (d, false)));
                    }
                };
                let fail = |reason: String| {
                    failures
                        .lock()
                        .expect("no panics while holding")
                        .push(Failure {
                            path: file.key.clone(),
                            reason,
                        });
                    // The file changed and its old articles no longer describe it; articles of a
                    // half-read file go too (the file is indexed whole or not at all).
                    forget_old();
                    writer.delete_term(Term::from_field_text(fields.path, &file.key));
                };
                let warn = |reasons: Vec<String>| {
                    let mut w = warnings.lock().expect("no panics while holding");
                    w.extend(reasons.into_iter().map(|reason| Failure {
                        path: file.key.clone(),
                        reason,
                    }));
                };
                // Adds a file's articles, keeping ids unique; returns how many were added.
                let add = |articles: Vec<(Place, Article)>, stamp: &FileStamp| -> u64 {
                    let mut added = 0;
                    let mut keys = Vec::with_capacity(articles.len());
                    for (place, mut a) in articles {
                        let origin = Origin::new(file_no, place);
                        {
                            let mut ids = ids_lock.lock().expect("no panics while holding");
                            let taken = |id: &str, ids: &HashSet<u128>| {
                                ids.contains(&id_key(id))
                                    || committed.as_ref().is_some_and(|s| {
                                        id_kept_elsewhere(s, &fields, id, &file.key, &dropping)
                                    })
                            };
                            if taken(&a.id, &ids) {
                                let base = format!("{}@{}", a.id, file.id_base);
                                let mut candidate = base.clone();
                                let mut n = 1;
                                while taken(&candidate, &ids) {
                                    n += 1;
                                    candidate = format!("{base}#{n}");
                                }
                                a.id = candidate;
                                let id = a.id.clone().into_boxed_str();
                                displaced
                                    .renamed
                                    .lock()
                                    .expect("no panics while holding")
                                    .insert(origin, id);
                            }
                            ids.insert(id_key(&a.id));
                        }
                        let dup = duplicate_key(&a);
                        keys.push(dup);
                        let date = a.published.as_ref().map(|p| p.sort_key());
                        let canonical = match first_copies.add(dup, date, &a.id, origin) {
                            Standing::After => false,
                            Standing::First(None) => true,
                            Standing::First(Some(earlier)) => {
                                let mut d =
                                    displaced.copies.lock().expect("no panics while holding");
                                d.push((dup, earlier));
                                true
                            }
                        };
                        if writer
                            .add_document(to_document(&fields, &a, dup, stamp, canonical))
                            .is_ok()
                        {
                            added += 1;
                        }
                    }
                    // A fresh index finds its groups in the index itself once committed
                    // (`duplicates::shared_keys`): no map of every article's key while adding.
                    if !fresh {
                        let mut touched = touched.lock().expect("no panics while holding");
                        for key in keys {
                            touched.entry(key).or_insert(true);
                        }
                    }
                    added
                };
                let stamp = |hash| FileStamp {
                    path: &file.key,
                    root,
                    size: file.size,
                    mtime: file.mtime,
                    hash,
                };
                if file.kind == FileKind::JsonLines {
                    // Exports of any size: hashed, then read in batches of lines.
                    let hash = extract::file_hash(&file.path);
                    progress.advance();
                    let hash = match hash {
                        Ok(h) => h,
                        Err(e) => return fail(format!("cannot read: {e}")),
                    };
                    if known.is_some_and(|k| k.known.hash == hash && k.root == *root) {
                        unchanged.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                    forget_old();
                    hashes[file_no].store(hash, Ordering::Relaxed);
                    let stamp = stamp(hash);
                    let mut added = 0;
                    match extract::stream_json_lines(&file.path, &file.id_base, &mut |batch| {
                        added += add(batch, &stamp);
                    }) {
                        Ok(w) => warn(w),
                        Err(e) => return fail(e.to_string()),
                    }
                    articles.fetch_add(added, Ordering::Relaxed);
                    files_indexed.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                let result = extract::extract_file(
                    &file.path,
                    file.kind,
                    &file.id_base,
                    options.max_file_size,
                );
                progress.advance();
                let ex = match result {
                    Ok(ex) => ex,
                    Err(e) => return fail(e.to_string()),
                };
                if known.is_some_and(|k| k.known.hash == ex.hash && k.root == *root) {
                    unchanged.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                warn(ex.warnings);
                forget_old();
                hashes[file_no].store(ex.hash, Ordering::Relaxed);
                let placed = ex.articles.into_iter().enumerate();
                let added = add(
                    placed.map(|(n, a)| (Place::Nth(n), a)).collect(),
                    &stamp(ex.hash),
                );
                articles.fetch_add(added, Ordering::Relaxed);
                files_indexed.fetch_add(1, Ordering::Relaxed);
            });
        if last_commit.elapsed() >= options.commit_interval {
            commit(&mut writer, &known_roots, false)?;
            last_commit = Instant::now();
        }
    }
    if stop.load(Ordering::Relaxed) {
        report.interrupted = true;
    }
    // A searcher maps the segments it opened, and tantivy's merges read those same maps: every
    // page a merge reads would stay in this process's memory for as long as the searcher
    // lives, after the merge and the deletion of the files (1M articles: 470 MB of merged-away
    // segments at the end of a run). Searchers are let go of before merges run.
    drop(committed);
    phase.mark("articles added");
    if !report.interrupted
        && !displaced
            .copies
            .lock()
            .expect("no poisoned lock")
            .is_empty()
    {
        let failed: HashSet<String> = failures
            .lock()
            .expect("no panics while holding")
            .iter()
            .map(|f| f.path.clone())
            .collect();
        let readded = readd_displaced(
            &writer,
            &fields,
            &todo,
            &hashes,
            &failed,
            displaced,
            options.max_file_size,
        );
        phase.mark(&format!("displaced copies re-added ({readded})"));
    }
    let mut touched = touched.into_inner().expect("no poisoned lock");
    // A fresh index finds its duplicate groups after this commit, in its own `dup` terms.
    let to_settle = !touched.is_empty() || (fresh && articles.load(Ordering::Relaxed) > 0);
    commit(&mut writer, &known_roots, !to_settle)?;
    phase.mark("committed");
    if to_settle {
        let searcher = store.searcher()?;
        if fresh {
            touched.extend(
                duplicates::shared_keys(&searcher, fields.dup)?
                    .into_iter()
                    .map(|k| (k, true)),
            );
        }
        let changed = duplicates::settle(&searcher, &writer, &fields, &touched)?;
        commit(&mut writer, &known_roots, true)?;
        phase.mark(&format!("duplicates settled ({changed} re-added)"));
    }
    writer.wait_merging_threads()?;
    phase.mark("merge policy done");
    // Merges of our own, once tantivy's merge policy is done (asking to merge a segment that
    // it is merging fails), with a writer that merges nothing else.
    let mut finisher = light_writer(&store.index)?;
    finisher.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    if !report.interrupted {
        merge_segments(&mut finisher, options.merge)?;
    }
    phase.mark("end-of-run merges");
    // The files of segments merged away (by those merges or by the merge policy during the
    // run) go only when a writer collects them: without this they stayed on disk until the
    // next run (the 36k index took 178 MB instead of 93, the 1M one 3.8 GB instead of 2.6).
    finisher.garbage_collect_files().wait()?;
    drop(finisher);
    phase.mark("files of merged segments removed");
    progress.finish();
    if fresh {
        store.make_current()?;
    }

    report.articles_indexed = articles.into_inner();
    report.files_indexed = files_indexed.into_inner();
    report.unchanged += unchanged.into_inner();
    report
        .failed
        .extend(failures.into_inner().expect("no poisoned lock"));
    report.warnings = warnings.into_inner().expect("no poisoned lock");
    report.failed.sort_by(|a, b| a.path.cmp(&b.path));
    let searcher = store.searcher()?;
    report.articles_total = searcher.num_docs();
    report.duplicates = count_duplicates(&searcher)?;
    report.seconds = started.elapsed().as_secs_f64();
    report.articles_per_second = report.articles_indexed as f64 / report.seconds.max(1e-9);
    Ok(report)
}

fn commit(
    writer: &mut IndexWriter<TantivyDocument>,
    roots: &[String],
    settled: bool,
) -> Result<(), UpdateError> {
    let payload = serde_json::to_string(&CommitPayload {
        roots: roots.to_vec(),
        settled,
    })
    .expect("payload serializes");
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

fn canonical_root(r: &Path) -> Result<String, UpdateError> {
    let c = std::fs::canonicalize(r).map_err(|_| UpdateError::NoSuchRoot(r.to_path_buf()))?;
    Ok(c.to_string_lossy().into_owned())
}

/// A path this run walks, and the folder of the index that its files belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    path: String,
    root: String,
}

/// Whether `inner` is a path strictly inside `outer` (by whole components: `/a/presse-old` is
/// not inside `/a/presse`).
fn inside(inner: &str, outer: &str) -> bool {
    inner != outer && Path::new(inner).starts_with(outer)
}

/// What a run walks, and the index's folders after it (`known`, updated). Folders are never
/// nested, so that no file is read twice or counted under two folders:
/// - a folder named inside one the index has (or inside another named one) updates that part
///   of it, as part of it: `kiosque index ~/presse/2024` after `kiosque index ~/presse`;
/// - a folder named that holds folders the index has takes them in (their files are read
///   again, under it); so does a folder the index has (an index made before this rule).
///
/// With no folder named, or on a rebuild, every folder of the index is walked.
fn plan_walk(known: &mut Vec<String>, given: Vec<String>, rebuild: bool) -> Vec<Target> {
    let mut named: Vec<String> = Vec::new();
    for g in &given {
        if !given.iter().any(|o| inside(g, o)) && !named.contains(g) {
            named.push(g.clone());
        }
    }
    let before = known.clone();
    known.retain(|k| !named.iter().any(|g| inside(k, g)) && !before.iter().any(|o| inside(k, o)));
    let mut targets = Vec::new();
    for g in named {
        match known.iter().find(|k| inside(&g, k)) {
            Some(k) => targets.push(Target {
                path: g,
                root: k.clone(),
            }),
            None => {
                if !known.contains(&g) {
                    known.push(g.clone());
                }
                targets.push(Target {
                    root: g.clone(),
                    path: g,
                });
            }
        }
    }
    if targets.is_empty() || rebuild {
        targets = known
            .iter()
            .map(|r| Target {
                path: r.clone(),
                root: r.clone(),
            })
            .collect();
    }
    targets
}

/// A folder given to `--remove`, as the index records its folders: canonical while it exists;
/// once deleted (its articles are to go with it), absolute, without `.` or a trailing `/`.
fn removed_root(r: &Path) -> String {
    canonical_root(r).unwrap_or_else(|_| {
        std::path::absolute(r)
            .unwrap_or_else(|_| r.to_path_buf())
            .components()
            .collect::<PathBuf>()
            .to_string_lossy()
            .into_owned()
    })
}

/// Where an article added in this run came from, to read it again ([`extract::reread`]): its
/// file, as an index into the run's files to read, and its [`Place`] there, in 16 bytes (a
/// group's first copy is remembered for up to 400,000 groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Origin {
    /// The file; `u32::MAX`: not known.
    file: u32,
    /// The line's number in a JSON Lines file; the article's rank otherwise.
    number: u32,
    /// The line's byte offset in a JSON Lines file.
    offset: u64,
}

impl Origin {
    fn new(file: usize, place: Place) -> Origin {
        let (number, offset) = match place {
            Place::Line { offset, number } => (number, offset),
            Place::Nth(n) => (n, 0),
        };
        match (u32::try_from(file), u32::try_from(number)) {
            (Ok(file), Ok(number)) if file != u32::MAX => Origin {
                file,
                number,
                offset,
            },
            _ => Origin {
                file: u32::MAX,
                number: 0,
                offset: 0,
            },
        }
    }

    /// The file (an index into the run's files) and the place in it, when known.
    fn place(self, kind: FileKind) -> Option<(usize, Place)> {
        let number = self.number as usize;
        let place = match kind {
            FileKind::JsonLines => Place::Line {
                offset: self.offset,
                number,
            },
            _ => Place::Nth(number),
        };
        (self.file != u32::MAX).then_some((self.file as usize, place))
    }
}

/// The copies that a copy added after them displaced (an earlier one of their group), with
/// their duplicate keys; and the ids given to articles whose own was taken, by origin (few:
/// kept apart, so that an origin stays 16 bytes).
#[derive(Default)]
struct Displaced {
    copies: Mutex<Vec<(u64, Origin)>>,
    renamed: Mutex<HashMap<Origin, Box<str>>>,
}

/// Re-adds as not canonical, before the run's commit, the copies that a copy added after them
/// displaced (an earlier one of their group). Settling then finds their flags right: it adds
/// no segment of its own, which every search would pay for. A copy that cannot be read again
/// as it was (its file failed or changed) is left to settling. Returns how many were re-added.
fn readd_displaced(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    todo: &[(&SourceFile, Option<&KnownFile>, &str)],
    hashes: &[AtomicU64],
    failed: &HashSet<String>,
    displaced: Displaced,
    max_size: u64,
) -> usize {
    let renamed = displaced.renamed.into_inner().expect("no poisoned lock");
    let copies = displaced.copies.into_inner().expect("no poisoned lock");
    copies
        .into_par_iter()
        .filter(|(dup, o)| {
            let Some((file_no, place)) = todo
                .get(o.file as usize)
                .and_then(|(file, _, _)| o.place(file.kind))
            else {
                return false;
            };
            let (file, _, root) = todo[file_no];
            if failed.contains(&file.key) {
                return false;
            }
            let Ok(Some(mut a)) =
                extract::reread(&file.path, file.kind, &file.id_base, place, max_size)
            else {
                return false;
            };
            if let Some(id) = renamed.get(o) {
                a.id = id.to_string();
            }
            if duplicate_key(&a) != *dup {
                return false;
            }
            let stamp = FileStamp {
                path: &file.key,
                root,
                size: file.size,
                mtime: file.mtime,
                hash: hashes[file_no].load(Ordering::Relaxed),
            };
            duplicates::delete_copy(writer, fields, &a.id, &file.key).is_ok()
                && writer
                    .add_document(to_document(fields, &a, *dup, &stamp, false))
                    .is_ok()
        })
        .count()
}

struct KnownFile {
    known: Known,
    root: String,
    /// Duplicate keys of the file's articles.
    dups: Vec<u64>,
}

/// An index of at most this many documents (deleted ones included) is merged into one segment
/// without deleted documents at the end of every run that leaves it more. Deleted documents
/// still count in tantivy's BM25 statistics, and which copies of a duplicate group are deleted
/// and re-added depends on the order the files were read in: on a small index that was enough
/// to swap two articles of nearly equal scores between a build and a rebuild. The merge costs
/// a first build of 1,800 articles 0.15 s (0.28 -> 0.43 s), one of 9,500 articles 0.5 s (1.1 ->
/// 1.6 s): larger indexes keep their segments, where the few deleted copies weigh less.
/// `KIOSQUE_SMALL_INDEX_DOCS` overrides it, for measurements and tests.
const SMALL_INDEX_DOCS: u64 = 2_000;

/// A segment of an index larger than `SMALL_INDEX_DOCS` is rewritten at the end of a run when
/// more than this share of its documents are deleted (articles edited or removed since it was
/// written): deleted documents count in BM25's statistics (how many articles hold a word, how
/// long they are) and take their room on disk until a merge drops them, and segments that large
/// are seldom merged (see `merges`). Lucene's TieredMergePolicy allows 20-33 %.
const MAX_DELETED_SHARE: f64 = 0.25;

/// ... when it holds at least this many documents: a smaller segment costs little to carry, and
/// is merged with others once it is much smaller than the largest.
const REWRITE_MIN_DOCS: u32 = 1_000;

/// A segment this many times smaller than the largest is small: every search pays about as much
/// per segment to open it and look its terms up as for a large one.
const SMALL_SEGMENT_RATIO: u32 = 8;

/// Merges the small segments a run leaves (the settling of duplicates, short updates) into one,
/// or with `all`, the whole index into one segment. The merge is committed by tantivy with the
/// last commit's payload; a run killed during it leaves the index as it was committed.
///
/// Measured on the 36k OrangeSum index (4 segments: 18k, 18k, 1.2k and 0.9k articles), one
/// search process: 3.9 ms with 4 segments, 3.5 ms once the two small ones are merged (0.1 s),
/// 2.7 ms with one segment (1.2 s).
fn merge_segments(writer: &mut IndexWriter<TantivyDocument>, all: bool) -> Result<(), UpdateError> {
    let metas = writer.index().searchable_segment_metas()?;
    let largest = metas.iter().map(|m| m.num_docs()).max().unwrap_or(0);
    let total: u64 = metas.iter().map(|m| u64::from(m.max_doc())).sum();
    // A small index becomes one segment without deleted documents whenever it has more.
    let small_index = std::env::var("KIOSQUE_SMALL_INDEX_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SMALL_INDEX_DOCS);
    let whole = all || total <= small_index;
    let ids: Vec<tantivy::index::SegmentId> = metas
        .iter()
        .filter(|m| whole || m.num_docs().saturating_mul(SMALL_SEGMENT_RATIO) < largest)
        .map(|m| m.id())
        .collect();
    let deletes = metas.iter().any(|m| m.has_deletes());
    let merged: &[tantivy::index::SegmentId] =
        if ids.len() >= 2 || (whole && ids.len() == 1 && deletes) {
            writer.merge(&ids).wait()?;
            &ids
        } else {
            &[]
        };
    // A large segment that updates have left mostly stale (and that was not just merged) is
    // rewritten without its deleted documents, one at a time (the memory a merge needs stays
    // that of one segment).
    for m in metas.iter().filter(|m| !merged.contains(&m.id())) {
        if m.max_doc() >= REWRITE_MIN_DOCS
            && f64::from(m.num_deleted_docs()) > MAX_DELETED_SHARE * f64::from(m.max_doc())
        {
            writer.merge(&[m.id()]).wait()?;
        }
    }
    Ok(())
}

/// With `KIOSQUE_TIMINGS` set, a run prints to stderr when each of its phases ends (seconds
/// since the start): where the time of a run goes, without a profiler.
struct Phases {
    started: Option<Instant>,
}

impl Phases {
    fn new(started: Instant) -> Phases {
        Phases {
            started: std::env::var_os("KIOSQUE_TIMINGS").map(|_| started),
        }
    }

    fn mark(&self, what: &str) {
        if let Some(t) = self.started {
            eprintln!(
                "kiosque: timing: {:>8.3} s  {what}",
                t.elapsed().as_secs_f64()
            );
        }
    }
}

/// Duplicate keys touched by a run; `true` when the run only added documents with the key.
type Touched = HashMap<u64, bool>;

/// A writer that indexes nothing itself (one thread, a small memory budget): for the empty first
/// commit of a new index, and for the merges and clean-up at the end of a run.
fn light_writer(index: &tantivy::Index) -> tantivy::Result<IndexWriter<TantivyDocument>> {
    index.writer_with_num_threads(1, 15_000_000)
}

/// What the index knows of each file: read from fast fields, one entry per path.
fn known_files(store: &Store) -> Result<HashMap<String, KnownFile>, UpdateError> {
    let searcher = store.searcher()?;
    let mut out: HashMap<String, KnownFile> = HashMap::default();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(paths) = ff.str("path")? else {
            continue;
        };
        let sizes = ff.u64("size")?;
        let mtimes = ff.i64("mtime")?;
        let hashes = ff.u64("hash")?;
        let dups = ff.u64("dup")?;
        let roots = ff.str("root")?;
        let mut path = String::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            path.clear();
            paths.ord_to_str(ord, &mut path).map_err(io_other)?;
            let dup = dups.first(doc).unwrap_or(0);
            if let Some(k) = out.get_mut(&path) {
                k.dups.push(dup);
                continue;
            }
            let mut root = String::new();
            if let Some(roots) = &roots
                && let Some(ord) = roots.term_ords(doc).next()
            {
                roots.ord_to_str(ord, &mut root).map_err(io_other)?;
            }
            out.insert(
                path.clone(),
                KnownFile {
                    known: Known {
                        size: sizes.first(doc).unwrap_or(0),
                        mtime: mtimes.first(doc).unwrap_or(0),
                        hash: hashes.first(doc).unwrap_or(0),
                    },
                    root,
                    dups: vec![dup],
                },
            );
        }
    }
    Ok(out)
}

/// Does a committed article that this run keeps (from a file other than `own_path` and not
/// being dropped) already have this id?
fn id_kept_elsewhere(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    id: &str,
    own_path: &str,
    dropping: &HashSet<&str>,
) -> bool {
    let q = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let Ok(addrs) = searcher.search(&q, &DocSetCollector) else {
        return false;
    };
    addrs.into_iter().any(|addr| {
        let seg = searcher.segment_reader(addr.segment_ord);
        let mut path = String::new();
        if let Ok(Some(col)) = seg.fast_fields().str("path")
            && let Some(ord) = col.term_ords(addr.doc_id).next()
        {
            let _ = col.ord_to_str(ord, &mut path);
        }
        path != own_path && !dropping.contains(path.as_str())
    })
}

/// The key under which an article id is remembered during a run.
fn id_key(id: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(id.as_bytes())
}

fn io_other(e: std::io::Error) -> UpdateError {
    UpdateError::Write(tantivy::TantivyError::from(e))
}

/// Articles whose body duplicates another live article's.
fn count_duplicates(searcher: &tantivy::Searcher) -> Result<u64, UpdateError> {
    let mut groups: HashMap<u64, u64> = HashMap::default();
    for segment in searcher.segment_readers() {
        let dups = segment.fast_fields().u64("dup")?;
        for doc in segment.doc_ids_alive() {
            let k = dups.first(doc).unwrap_or(0);
            if k != 0 {
                *groups.entry(k).or_default() += 1;
            }
        }
    }
    Ok(groups.values().map(|n| n - 1).sum())
}
