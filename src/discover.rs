//! Discovery: walk the folders the user names and list the article files in them.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

/// What kind of article file a path is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.html`, `.htm`, `.xhtml`: one article per page.
    Html,
    /// `.txt`: a plain-text export.
    Text,
    /// `.jsonl`, `.ndjson`: one article per line.
    JsonLines,
    /// `.json`: one article, or an array of them.
    Json,
}

impl FileKind {
    /// The kind of a path, or `None` when kiosque does not read such files.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Some(FileKind::Html),
            "txt" => Some(FileKind::Text),
            "jsonl" | "ndjson" => Some(FileKind::JsonLines),
            "json" => Some(FileKind::Json),
            _ => None,
        }
    }
}

/// One article file found on disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file's path (under its root).
    pub path: PathBuf,
    /// The path as a string: the index key for this file (lossy for non-UTF-8 names).
    pub key: String,
    /// The id prefix of articles from this file: the root's name, then the path under it.
    pub id_base: String,
    /// Its format.
    pub kind: FileKind,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the epoch (0 when unknown).
    pub mtime: i64,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Article files.
    pub files: Vec<SourceFile>,
    /// Files that are not articles (other extensions).
    pub ignored: u64,
    /// Paths that could not be read while walking, with the reason.
    pub errors: Vec<(String, String)>,
}

/// How to walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
}

/// The name that prefixes ids of articles under `root` (its last component).
pub fn root_name(root: &Path) -> String {
    root.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "root".to_owned())
}

/// Lists the article files under `root` (a folder, or a single file), skipping hidden entries.
pub fn walk(root: &Path, options: WalkOptions, out: &mut Walk) {
    let name = root_name(root);
    let root_is_file = root.is_file();
    let walker = WalkDir::new(root)
        .follow_links(options.follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_else(|| root.to_string_lossy().into_owned());
                out.errors.push((path, err.to_string()));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let Some(kind) = FileKind::of(path) else {
            if entry.file_type().is_file() {
                out.ignored += 1;
            }
            continue;
        };
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(err) => {
                out.errors
                    .push((path.to_string_lossy().into_owned(), err.to_string()));
                continue;
            }
        };
        if !meta.is_file() {
            continue;
        }
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        let rel = path.strip_prefix(root).unwrap_or(path);
        let rel = if rel.as_os_str().is_empty() {
            Path::new(path.file_name().unwrap_or(path.as_os_str()))
        } else {
            rel
        };
        let id_base = if root_is_file {
            path_key(rel)
        } else {
            format!("{name}/{}", path_key(rel))
        };
        out.files.push(SourceFile {
            path: path.to_path_buf(),
            key: path_key(path),
            id_base,
            kind,
            size: meta.len(),
            mtime,
        });
    }
}

/// A path as a string that keeps distinct paths distinct: valid UTF-8 as is, each byte that is
/// not valid UTF-8 written `\xNN` (so `caf\xE9.txt` and `caf\xE8.txt` stay two files).
pub fn path_key(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(FileKind::of(Path::new("a/b.HTML")), Some(FileKind::Html));
        assert_eq!(
            FileKind::of(Path::new("a.ndjson")),
            Some(FileKind::JsonLines)
        );
        assert_eq!(FileKind::of(Path::new("a.pdf")), None);
        assert_eq!(FileKind::of(Path::new("README")), None);
    }

    #[test]
    fn non_utf8_names_keep_distinct_keys() {
        use std::os::unix::ffi::OsStrExt;
        let a = path_key(Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")));
        let b = path_key(Path::new(std::ffi::OsStr::from_bytes(b"caf\xe8.txt")));
        assert_eq!(a, "caf\\xE9.txt");
        assert_ne!(a, b);
    }

    #[test]
    fn walk_skips_hidden_and_counts_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("presse");
        std::fs::create_dir_all(root.join(".cache")).expect("mkdir");
        std::fs::write(root.join("a.html"), "<p>x</p>").expect("write");
        std::fs::write(root.join(".cache/b.html"), "<p>x</p>").expect("write");
        std::fs::write(root.join(".hidden.txt"), "x").expect("write");
        std::fs::write(root.join("notes.pdf"), "x").expect("write");
        let mut w = Walk::default();
        walk(&root, WalkOptions::default(), &mut w);
        assert_eq!(w.files.len(), 1);
        assert_eq!(w.files[0].id_base, "presse/a.html");
        assert_eq!(w.ignored, 1);
    }
}
