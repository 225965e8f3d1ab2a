//! The index on disk: where it lives, its versions, its generations, its lock.
//!
//! Layout of an index folder:
//! - `kiosque.json`: format, schema and analyzer versions, and the current generation;
//! - `gen-N/`: a tantivy index. `--rebuild` writes `gen-N+1/` beside the current one, then
//!   switches `kiosque.json` to it with an atomic rename, so searches never see a half-built
//!   index;
//! - `lock`: held (flock) by the one process updating the index; holds its pid.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::directory::MmapDirectory;
use tantivy::directory::error::OpenDirectoryError;

use crate::analysis::{ANALYZER_VERSION, FRENCH, LABEL, french_analyzer, label_analyzer};
use crate::schema::{Fields, SCHEMA_VERSION, build_schema};

/// Version of the on-disk format (2: fast-field dictionaries no longer zstd-compressed).
pub const FORMAT_VERSION: u32 = 2;

/// The file that describes an index folder.
const META_FILE: &str = "kiosque.json";

/// Where the index lives when neither `--index` nor `$KIOSQUE_INDEX` says.
pub const DEFAULT_INDEX_DIR: &str = "kiosque-index";

/// Errors about the index itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No index at that place.
    #[error("no index at {0}: build one with `kiosque index FOLDER`")]
    Missing(PathBuf),
    /// A folder that is not a kiosque index.
    #[error("{0} is not a kiosque index (no kiosque.json)")]
    NotAnIndex(PathBuf),
    /// Made by another version of kiosque.
    #[error(
        "the index at {path} was made by another version of kiosque ({found}; this one writes {expected}): run `kiosque index --rebuild`"
    )]
    Version {
        /// Index folder.
        path: PathBuf,
        /// Versions found.
        found: String,
        /// Versions expected.
        expected: String,
    },
    /// Another process holds the lock.
    #[error("index {path} is being updated by pid {pid}; try again when it is done")]
    Locked {
        /// Index folder.
        path: PathBuf,
        /// The pid written in the lock file.
        pid: String,
    },
    /// File system trouble.
    #[error("{path}: {error}")]
    Io {
        /// What was being accessed.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// tantivy trouble.
    #[error("index {path}: {error}")]
    Tantivy {
        /// Index folder.
        path: PathBuf,
        /// The error.
        error: tantivy::TantivyError,
    },
}

/// Contents of `kiosque.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexMeta {
    /// Folder layout version.
    pub format: u32,
    /// Schema version.
    pub schema_version: u32,
    /// Analyzer version.
    pub analyzer_version: u32,
    /// The current generation's folder name.
    pub generation: String,
}

impl IndexMeta {
    fn current(generation: String) -> IndexMeta {
        IndexMeta {
            format: FORMAT_VERSION,
            schema_version: SCHEMA_VERSION,
            analyzer_version: ANALYZER_VERSION,
            generation,
        }
    }

    fn versions(&self) -> String {
        format!(
            "format {}, schema {}, analyzer {}",
            self.format, self.schema_version, self.analyzer_version
        )
    }

    /// The number N of `gen-N`.
    pub fn generation_number(&self) -> u64 {
        self.generation
            .strip_prefix("gen-")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }
}

/// An opened index, with the French analyzers registered.
pub struct Store {
    /// The index folder.
    pub dir: PathBuf,
    /// Its description.
    pub meta: IndexMeta,
    /// The tantivy index of the current generation.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Reads `kiosque.json` of an index folder.
pub fn read_meta(dir: &Path) -> Result<IndexMeta, StoreError> {
    let path = dir.join(META_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if dir.exists() && !only_kiosque_files(dir) {
                StoreError::NotAnIndex(dir.to_path_buf())
            } else {
                // Absent, or a first build that has not committed yet (its lock, its gen-1).
                StoreError::Missing(dir.to_path_buf())
            });
        }
        Err(e) => return Err(io_err(&path)(e)),
    };
    serde_json::from_str(&text).map_err(|_| StoreError::Version {
        path: dir.to_path_buf(),
        found: "an unreadable kiosque.json".to_owned(),
        expected: IndexMeta::current(String::new()).versions(),
    })
}

/// Whether a folder holds nothing but what a first `kiosque index` run writes before its
/// first commit (the lock file, generation folders, a temporary `kiosque.json`).
fn only_kiosque_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().all(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name == "lock" || name.starts_with("gen-") || name == format!("{META_FILE}.tmp")
        })
    })
}

/// Writes `kiosque.json` atomically (temporary file, fsync, rename).
pub fn write_meta(dir: &Path, meta: &IndexMeta) -> Result<(), StoreError> {
    let tmp = dir.join(format!("{META_FILE}.tmp"));
    let text = serde_json::to_string_pretty(meta).expect("meta always serializes");
    let mut f = File::create(&tmp).map_err(io_err(&tmp))?;
    f.write_all(text.as_bytes()).map_err(io_err(&tmp))?;
    f.sync_all().map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, dir.join(META_FILE)).map_err(io_err(dir))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn register_analyzers(index: &Index) {
    index.tokenizers().register(FRENCH, french_analyzer());
    index.tokenizers().register(LABEL, label_analyzer());
}

fn tantivy_err(dir: &Path) -> impl FnOnce(tantivy::TantivyError) -> StoreError + '_ {
    move |error| StoreError::Tantivy {
        path: dir.to_path_buf(),
        error,
    }
}

impl Store {
    /// Opens the current generation of an existing index, refusing other versions.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let meta = read_meta(dir)?;
        let expected = IndexMeta::current(meta.generation.clone());
        if meta != expected {
            return Err(StoreError::Version {
                path: dir.to_path_buf(),
                found: meta.versions(),
                expected: expected.versions(),
            });
        }
        Store::open_generation(dir, meta)
    }

    fn open_generation(dir: &Path, meta: IndexMeta) -> Result<Store, StoreError> {
        let gen_dir = dir.join(&meta.generation);
        let mmap = MmapDirectory::open(&gen_dir).map_err(|e| StoreError::Io {
            path: gen_dir.clone(),
            error: match e {
                OpenDirectoryError::DoesNotExist(_) => {
                    std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string())
                }
                e => std::io::Error::other(e.to_string()),
            },
        })?;
        let index = Index::open(super::readonly::TolerantDirectory::new(mmap))
            .map_err(tantivy_err(&gen_dir))?;
        register_analyzers(&index);
        let (schema, fields) = build_schema();
        if index.schema() != schema {
            return Err(StoreError::Version {
                path: dir.to_path_buf(),
                found: "another schema".to_owned(),
                expected: meta.versions(),
            });
        }
        Ok(Store {
            dir: dir.to_path_buf(),
            meta,
            index,
            fields,
        })
    }

    /// Creates a new, empty generation `gen_name` in `dir` (not made current).
    pub fn create_generation(dir: &Path, gen_name: &str) -> Result<Store, StoreError> {
        let gen_dir = dir.join(gen_name);
        if gen_dir.exists() {
            std::fs::remove_dir_all(&gen_dir).map_err(io_err(&gen_dir))?;
        }
        std::fs::create_dir_all(&gen_dir).map_err(io_err(&gen_dir))?;
        let (schema, fields) = build_schema();
        // Stored articles are compressed by blocks of 32 KiB (tantivy's default is 16): the
        // larger blocks keep the index under the size of its input text (36k OrangeSum
        // articles: 100.5 MB -> 97.9 MB for 99.7 MB of JSON Lines) at no measurable cost to a
        // search, which decompresses one block per hit shown.
        let settings = tantivy::IndexSettings {
            docstore_blocksize: 32_768,
            ..tantivy::IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(&gen_dir)
            .map_err(tantivy_err(&gen_dir))?;
        register_analyzers(&index);
        Ok(Store {
            dir: dir.to_path_buf(),
            meta: IndexMeta::current(gen_name.to_owned()),
            index,
            fields,
        })
    }

    /// Makes this store's generation the current one. The generation it replaces stays on
    /// disk until the next switch, so that a search that read `kiosque.json` just before the
    /// switch still finds its files; older ones are removed.
    pub fn make_current(&self) -> Result<(), StoreError> {
        let previous = read_meta(&self.dir).ok().map(|m| m.generation);
        write_meta(&self.dir, &self.meta)?;
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let keep = name == self.meta.generation || Some(&name) == previous.as_ref();
                if name.starts_with("gen-") && !keep {
                    // Readers that still hold old files keep them through their mmaps.
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        Ok(())
    }

    /// A searcher over the index as of its last commit (it does not follow later commits).
    pub fn searcher(&self) -> tantivy::Result<tantivy::Searcher> {
        self.searcher_caching(None)
    }

    /// The searcher of one search: it reads each hit's article once, so it keeps no
    /// decompressed store blocks (a kept block holds fresh heap pages; freed, the next block
    /// reuses them: 458 -> 396 page faults per search on 36k articles).
    pub fn query_searcher(&self) -> tantivy::Result<tantivy::Searcher> {
        self.searcher_caching(Some(0))
    }

    /// A searcher whose store keeps `blocks` decompressed blocks (tantivy's default: `None`).
    fn searcher_caching(&self, blocks: Option<usize>) -> tantivy::Result<tantivy::Searcher> {
        let mut builder = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual);
        if let Some(blocks) = blocks {
            builder = builder.doc_store_cache_num_blocks(blocks);
        }
        let reader: tantivy::IndexReader = builder.try_into()?;
        Ok(reader.searcher())
    }

    /// What the last commit recorded (the folders, whether duplicates were settled).
    pub fn payload(&self) -> CommitPayload {
        payload_of(&self.index)
    }

    /// The indexed folders, as recorded with the last commit.
    pub fn roots(&self) -> Vec<String> {
        self.payload().roots
    }
}

/// The folders recorded by the last commit of the index in `dir`, whatever its versions: a
/// `--rebuild` of an index made by another version of kiosque rebuilds the same folders.
pub fn recorded_roots(dir: &Path) -> Vec<String> {
    read_meta(dir)
        .ok()
        .and_then(|meta| Index::open_in_dir(dir.join(meta.generation)).ok())
        .map(|index| payload_of(&index).roots)
        .unwrap_or_default()
}

/// The record of an index's last commit (empty when it has none or cannot be read).
fn payload_of(index: &Index) -> CommitPayload {
    index
        .load_metas()
        .ok()
        .and_then(|m| m.payload)
        .and_then(|p| serde_json::from_str::<CommitPayload>(&p).ok())
        .unwrap_or_default()
}

/// What each commit records beside the documents.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitPayload {
    /// The indexed folders.
    pub roots: Vec<String>,
    /// Whether the duplicate flags agree with the documents. Commits made while a run is
    /// under way say no; the run's last commit says yes. A run that finds `false` (the last
    /// one was killed) settles every duplicate group again.
    #[serde(default = "settled_by_default")]
    pub settled: bool,
}

fn settled_by_default() -> bool {
    true
}

impl Default for CommitPayload {
    fn default() -> CommitPayload {
        CommitPayload {
            roots: Vec::new(),
            settled: true,
        }
    }
}

/// The writer's lock on an index folder; released when dropped or when the process dies.
pub struct WriteLock {
    _file: File,
}

/// Takes the writer's lock of an index folder (created if needed), or says who holds it.
pub fn lock(dir: &Path) -> Result<WriteLock, StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let path = dir.join("lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            return Err(StoreError::Locked {
                path: dir.to_path_buf(),
                pid: pid.trim().to_owned(),
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io_err(&path)(e)),
    }
    file.set_len(0).map_err(io_err(&path))?;
    file.rewind().map_err(io_err(&path))?;
    write!(file, "{}", std::process::id()).map_err(io_err(&path))?;
    Ok(WriteLock { _file: file })
}

/// The index folder to use: `--index`, else `$KIOSQUE_INDEX`, else `./kiosque-index`.
pub fn resolve_index_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("KIOSQUE_INDEX").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR))
}
