//! Extraction: one file on disk → the articles it holds ([`Article`]s), with warnings.
//!
//! Reading, size limit, decoding and hashing happen here once; each format's module turns text
//! into articles: [`html`], [`text`], [`json`] (JSON and JSON Lines).

pub mod date;
pub mod decode;
pub mod html;
pub mod json;
pub mod text;

use std::io::Read;
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

/// Why a file yielded nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// Over the size limit.
    #[error("too large: {size} bytes, over the limit of {limit} bytes (--max-file-size)")]
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
    file.take(max_size + 1).read_to_end(&mut bytes)?;
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

fn json_lines(text: &str, id_base: &str, warnings: &mut Vec<String>) -> Vec<Article> {
    use rayon::prelude::*;
    // Large exports hold tens of thousands of lines: parse them in parallel, keep their order.
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let parsed: Vec<Result<Article, String>> = lines
        .par_iter()
        .with_min_len(256)
        .map(
            |&(n, line)| match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => json::article_from_value(&v, &format!("{id_base}#{n}"))
                    .ok_or_else(|| format!("line {n}: not an article (no title or text)")),
                Err(e) => Err(format!("line {n}: invalid JSON: {e}")),
            },
        )
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
