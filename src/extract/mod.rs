//! Extraction: one file on disk → the articles it holds ([`Article`]s), with warnings.
//!
//! Reading, size limit, decoding and hashing happen here once; each format's module turns text
//! into articles: [`html`], [`text`], [`json`] (JSON and JSON Lines).

pub mod date;
pub mod decode;
pub mod html;
pub mod json;
pub mod text;

use std::io::{Read, Seek};
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::article::Article;
use crate::discover::FileKind;

/// Files larger than this are skipped unless the user raises the limit (bytes).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// What one file yielded.
#[derive(Debug, Default)]
pub struct Extraction {
    /// The articles, in file order, with ids and path set.
    pub articles: Vec<Article>,
    /// Problems that did not stop extraction (bad lines, invalid bytes), as `reason` strings.
    pub warnings: Vec<String>,
    /// Hash of the file's bytes (xxh3), for change detection.
    pub hash: u64,
}

/// Where an article's record sits in its file, so that it can be read again alone ([`reread`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A line of a JSON Lines file: its byte offset and its number (from 1).
    Line {
        /// Byte offset of the line's start.
        offset: u64,
        /// Line number, which names a record without an id of its own.
        number: usize,
    },
    /// The Nth article (from 0) that the whole file yields.
    Nth(usize),
}

/// Why a file yielded nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// Over the size limit.
    #[error(
        "too large: {}, over the limit of {} MB (skipped; raise the limit with --max-file-size MB)",
        size_text(*size),
        mb(*limit)
    )]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Not text.
    #[error("{0}")]
    Decode(#[from] decode::DecodeError),
    /// A JSON file that does not parse.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// Text, but no article in it.
    #[error("no article found (no title and no text)")]
    NoArticle,
}

/// Reads and extracts one file. `id_base` names its articles (`id_base`, or `id_base#N` for the
/// Nth record of a multi-article file, unless a record has its own id).
pub fn extract_file(
    path: &Path,
    kind: FileKind,
    id_base: &str,
    max_size: u64,
) -> Result<Extraction, ExtractError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max_size {
        return Err(ExtractError::TooLarge {
            size,
            limit: max_size,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(ExtractError::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        });
    }
    let mut out = extract_bytes(&bytes, kind, id_base)?;
    let display = path.to_string_lossy();
    for a in &mut out.articles {
        a.path = display.clone().into_owned();
    }
    Ok(out)
}

/// Extracts articles from a file's bytes.
pub fn extract_bytes(
    bytes: &[u8],
    kind: FileKind,
    id_base: &str,
) -> Result<Extraction, ExtractError> {
    let hash = xxhash_rust::xxh3::xxh3_64(bytes);
    let decoded = decode::decode(bytes, kind == FileKind::Html)?;
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(format!(
            "invalid bytes for {}, replaced by U+FFFD",
            decoded.encoding.name()
        ));
    }
    if let Some(declared) = decoded.declared_ignored {
        warnings.push(format!(
            "declares {} but its bytes are UTF-8: read as UTF-8",
            declared.name()
        ));
    }
    if decoded.windows_1252_bytes > 0 {
        warnings.push(format!(
            "{} bytes are not UTF-8 and were read as windows-1252",
            decoded.windows_1252_bytes
        ));
    }
    let text = decoded.text;
    let mut articles = match kind {
        FileKind::Html => vec![html::extract_html(&text)],
        FileKind::Text => vec![text::extract_text(&text)],
        FileKind::JsonLines => json_lines(&text, id_base, &mut warnings),
        FileKind::Json => json_document(&text, id_base)?,
    };
    if matches!(kind, FileKind::Html | FileKind::Text) {
        for a in &mut articles {
            a.id = id_base.to_owned();
        }
    }
    articles.retain(|a| !a.title.is_empty() || !a.body.is_empty());
    if articles.is_empty() && warnings.iter().all(|w| !w.starts_with("line ")) {
        return Err(ExtractError::NoArticle);
    }
    for a in &mut articles {
        normalize(a);
    }
    Ok(Extraction {
        articles,
        warnings,
        hash,
    })
}

/// Bytes as megabytes for messages (rounded up, so a file just over the limit never reads as
/// equal to it).
fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// A file's size for a person: `3 KB` under a megabyte (`--max-file-size 0` refuses those
/// too), `257 MB` over it, rounded up.
fn size_text(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{} KB", bytes.div_ceil(1 << 10))
    } else {
        format!("{} MB", mb(bytes))
    }
}

/// Lines of a JSON Lines file parsed together (bounded memory for exports of any size).
const JSONL_BATCH_LINES: usize = 4096;

/// Hash of a file's bytes, read in a stream (the same value as [`Extraction::hash`]).
pub fn file_hash(path: &Path) -> std::io::Result<u64> {
    let mut file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(h.digest());
        }
        h.update(&buf[..n]);
    }
}

/// Reads a JSON Lines file of any size in batches of lines, handing each batch's articles to
/// `on_batch` with their [`Place`]s (bad lines become warnings with their line number). Memory
/// stays bounded by a batch, not the file. Returns the warnings.
pub fn stream_json_lines(
    path: &Path,
    id_base: &str,
    on_batch: &mut dyn FnMut(Vec<(Place, Article)>),
) -> Result<Vec<String>, ExtractError> {
    let display = path.to_string_lossy().into_owned();
    let mut reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let mut warnings = Vec::new();
    let mut line_no = 0usize;
    let mut offset = 0u64;
    let mut any_text = false;
    let mut batch: Vec<(Place, String)> = Vec::with_capacity(JSONL_BATCH_LINES);
    let mut raw = Vec::new();
    loop {
        raw.clear();
        let n = read_line_bounded(&mut reader, &mut raw)?;
        let place = Place::Line {
            offset,
            number: line_no + 1,
        };
        offset += n as u64;
        if n > 0 {
            line_no += 1;
        }
        if line_no == 1 && n > 0 && raw.contains(&0) {
            return Err(decode::DecodeError::Binary.into());
        }
        if n > MAX_JSON_LINE_BYTES {
            warnings.push(format!(
                "line {line_no}: longer than {} MB, skipped",
                MAX_JSON_LINE_BYTES >> 20
            ));
            continue;
        }
        if n > 0 {
            let line = line_text(&raw, line_no, &mut warnings);
            if !line.is_empty() {
                any_text = true;
                batch.push((place, line));
            }
        }
        if batch.len() >= JSONL_BATCH_LINES || (n == 0 && !batch.is_empty()) {
            let mut articles = parse_lines(&batch, id_base, &mut warnings);
            for (_, a) in &mut articles {
                a.path.clone_from(&display);
            }
            batch.clear();
            on_batch(articles);
        }
        if n == 0 {
            break;
        }
    }
    if !any_text {
        return Err(decode::DecodeError::Empty.into());
    }
    Ok(warnings)
}

/// A JSON line's text, trimmed, without the byte order mark of a first line (invalid UTF-8
/// replaced, with a warning).
fn line_text(raw: &[u8], line_no: usize, warnings: &mut Vec<String>) -> String {
    let raw = match raw.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) if line_no == 1 => rest,
        _ => raw,
    };
    match std::str::from_utf8(raw) {
        Ok(l) => l.trim().to_owned(),
        Err(_) => {
            warnings.push(format!("line {line_no}: invalid UTF-8, replaced by U+FFFD"));
            String::from_utf8_lossy(raw).trim().to_owned()
        }
    }
}

/// Reads again, alone, the article at `place` in a file that [`stream_json_lines`] or
/// [`extract_file`] read before: the same article, or `None` when the file no longer has one
/// there.
pub fn reread(
    path: &Path,
    kind: FileKind,
    id_base: &str,
    place: Place,
    max_size: u64,
) -> Result<Option<Article>, ExtractError> {
    match place {
        Place::Line { offset, number } => {
            let mut file = std::fs::File::open(path)?;
            file.seek(std::io::SeekFrom::Start(offset))?;
            let mut reader = std::io::BufReader::new(file);
            let mut raw = Vec::new();
            let n = read_line_bounded(&mut reader, &mut raw)?;
            if n == 0 || n > MAX_JSON_LINE_BYTES {
                return Ok(None);
            }
            let line = line_text(&raw, number, &mut Vec::new());
            Ok(parse_line(number, &line, id_base).ok().map(|mut a| {
                a.path = path.to_string_lossy().into_owned();
                a
            }))
        }
        Place::Nth(i) => Ok(extract_file(path, kind, id_base, max_size)?
            .articles
            .into_iter()
            .nth(i)),
    }
}

/// Longest JSON line read (an article of 64 MB is already absurd); longer lines are skipped
/// without being held in memory.
pub const MAX_JSON_LINE_BYTES: usize = 64 << 20;

/// Reads one line (with its `\n`) into `raw`, keeping at most its first
/// [`MAX_JSON_LINE_BYTES`]; returns the line's full length in bytes (0 at the end of the file),
/// so a longer line is consumed whole but never held whole.
fn read_line_bounded(
    reader: &mut impl std::io::BufRead,
    raw: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(total);
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let len = chunk.len();
        let room = MAX_JSON_LINE_BYTES.saturating_sub(raw.len());
        raw.extend_from_slice(&chunk[..len.min(room)]);
        total += len;
        reader.consume(len);
        if done {
            return Ok(total);
        }
    }
}

/// Parses JSON lines in parallel, keeping their order and places.
fn parse_lines(
    lines: &[(Place, String)],
    id_base: &str,
    warnings: &mut Vec<String>,
) -> Vec<(Place, Article)> {
    use rayon::prelude::*;
    let parsed: Vec<Result<(Place, Article), String>> = lines
        .par_iter()
        .with_min_len(256)
        .map(|(place, line)| {
            let number = match *place {
                Place::Line { number, .. } => number,
                Place::Nth(i) => i + 1,
            };
            parse_line(number, line, id_base).map(|a| (*place, a))
        })
        .collect();
    let mut out = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(a) => out.push(a),
            Err(w) => warnings.push(w),
        }
    }
    out
}

/// One JSON line's article (normalised), or the warning that says why there is none.
fn parse_line(number: usize, line: &str, id_base: &str) -> Result<Article, String> {
    match serde_json::from_str::<serde_json::Value>(line) {
        // Normalised here, on the parsing threads, rather than on the one reading lines.
        Ok(v) => json::article_from_value(&v, &format!("{id_base}#{number}"))
            .map(|mut a| {
                normalize(&mut a);
                a
            })
            .ok_or_else(|| format!("line {number}: not an article (no title or text)")),
        Err(e) => Err(format!("line {number}: invalid JSON: {e}")),
    }
}

fn json_lines(text: &str, id_base: &str, warnings: &mut Vec<String>) -> Vec<Article> {
    let lines: Vec<(Place, String)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (Place::Nth(i), l.trim().to_owned()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    parse_lines(&lines, id_base, warnings)
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

fn json_document(text: &str, id_base: &str) -> Result<Vec<Article>, ExtractError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ExtractError::Json(e.to_string()))?;
    Ok(match &value {
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| json::article_from_value(v, &format!("{id_base}#{}", i + 1)))
            .collect(),
        _ => json::article_from_value(&value, id_base)
            .into_iter()
            .collect(),
    })
}

/// Collapses runs of white space (including no-break spaces) to one space and trims.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// NFC everywhere, so that decomposed accents display and highlight like composed ones.
fn normalize(a: &mut Article) {
    fn nfc(s: &mut String) {
        if is_nfc_quick(s.chars()) != IsNormalized::Yes {
            *s = s.nfc().collect();
        }
    }
    nfc(&mut a.title);
    nfc(&mut a.lede);
    a.body.iter_mut().for_each(nfc);
    a.authors.iter_mut().for_each(nfc);
    a.tags.iter_mut().for_each(nfc);
    for s in [&mut a.source, &mut a.section].into_iter().flatten() {
        nfc(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_over_the_limit_read_as_sizes() {
        let small = ExtractError::TooLarge {
            size: 3000,
            limit: 0,
        };
        assert!(
            small
                .to_string()
                .starts_with("too large: 3 KB, over the limit of 0 MB")
        );
        let big = ExtractError::TooLarge {
            size: (256 << 20) + 1,
            limit: 256 << 20,
        };
        assert!(
            big.to_string()
                .starts_with("too large: 257 MB, over the limit of 256 MB")
        );
    }

    #[test]
    fn jsonl_bad_lines_are_reported_and_skipped() {
        let data =
            b"{\"id\":\"a\",\"title\":\"Un\"}\n{broken\n\n{\"title\":\"Trois\",\"text\":\"x\"}\n";
        let ex = extract_bytes(data, FileKind::JsonLines, "d/f.jsonl").expect("extracts");
        let ids: Vec<&str> = ex.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "d/f.jsonl#4"]);
        assert_eq!(ex.warnings.len(), 1);
        assert!(ex.warnings[0].starts_with("line 2: invalid JSON"));
    }

    #[test]
    fn streamed_jsonl_matches_whole_file_extraction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f.jsonl");
        let mut data = String::new();
        for i in 0..10_000 {
            data.push_str(&format!("{{\"title\":\"T{i}\",\"text\":\"corps {i}\"}}\n"));
        }
        data.push_str("{broken\n");
        std::fs::write(&path, &data).expect("write");
        let whole = extract_bytes(data.as_bytes(), FileKind::JsonLines, "f").expect("extracts");
        let mut streamed = Vec::new();
        let mut batches = 0;
        let warnings = stream_json_lines(&path, "f", &mut |b| {
            batches += 1;
            streamed.extend(b);
        })
        .expect("streams");
        assert!(batches > 1);
        assert_eq!(streamed.len(), 10_000);
        assert_eq!(streamed[9_999].1.id, whole.articles[9_999].id);
        // Each article read again alone, from its place, is the same article.
        for (place, article) in [&streamed[0], &streamed[4_321], &streamed[9_999]] {
            let again = reread(&path, FileKind::JsonLines, "f", *place, u64::MAX).expect("reads");
            assert_eq!(again.as_ref(), Some(article));
        }
        assert_eq!(warnings, whole.warnings);
        assert_eq!(file_hash(&path).expect("hash"), whole.hash);
    }

    #[test]
    fn an_article_is_read_again_from_its_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f.jsonl");
        std::fs::write(
            &path,
            "\u{feff}{\"title\":\"Un\",\"text\":\"a\"}\n\n{\"title\":\"Trois\",\"text\":\"c\"}\n",
        )
        .expect("write");
        let mut streamed = Vec::new();
        stream_json_lines(&path, "f", &mut |b| streamed.extend(b)).expect("streams");
        assert_eq!(streamed.len(), 2);
        assert_eq!(streamed[1].1.id, "f#3");
        for (place, article) in &streamed {
            let again = reread(&path, FileKind::JsonLines, "f", *place, u64::MAX).expect("reads");
            assert_eq!(again.as_ref(), Some(article));
        }
        // Past the end: no article there any more.
        let gone = Place::Line {
            offset: 1_000,
            number: 9,
        };
        assert_eq!(
            reread(&path, FileKind::JsonLines, "f", gone, u64::MAX).expect("reads"),
            None
        );
        let json = dir.path().join("f.json");
        std::fs::write(
            &json,
            r#"[{"title":"A","text":"x"},{"title":"B","text":"y"}]"#,
        )
        .expect("write");
        let b = reread(&json, FileKind::Json, "g", Place::Nth(1), u64::MAX).expect("reads");
        assert_eq!(
            b.map(|a| (a.id, a.title)),
            Some(("g#2".to_owned(), "B".to_owned()))
        );
    }

    #[test]
    fn decomposed_text_is_composed() {
        let ex = extract_bytes(
            "Se\u{301}curite\u{301}\n\nCorps".as_bytes(),
            FileKind::Text,
            "t.txt",
        )
        .expect("extracts");
        assert_eq!(ex.articles[0].title, "Sécurité");
    }

    proptest::proptest! {
        /// Any bytes, under any extension, give articles or an error: never a panic.
        #[test]
        fn extraction_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            for kind in [FileKind::Html, FileKind::Text, FileKind::Json, FileKind::JsonLines] {
                let _ = extract_bytes(&bytes, kind, "x");
            }
        }
    }

    #[test]
    fn empty_and_binary_files_fail_with_a_reason() {
        assert!(matches!(
            extract_bytes(b"", FileKind::Html, "x"),
            Err(ExtractError::Decode(decode::DecodeError::Empty))
        ));
        assert!(extract_bytes(b"\x00\x01\x02binary", FileKind::Text, "x").is_err());
    }
}
