//! The index schema: the tantivy fields an `Article` becomes, and back.
//!
//! The schema is pinned by `index_schema/schema.json` (a test fails when code and file
//! disagree); any change to it bumps [`SCHEMA_VERSION`].

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, NumericOptions,
    STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, TantivyDocument};

use crate::analysis::{FRENCH, LABEL};
use crate::article::Article;

/// Version of the schema. Indexes with another version are refused (`--rebuild`).
pub const SCHEMA_VERSION: u32 = 1;

/// The golden file the schema must match.
pub const SCHEMA_GOLDEN: &str = include_str!("../index_schema/schema.json");

/// Handles on every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Article id (exact, stored, fast for stable ordering).
    pub id: Field,
    /// Source file path (exact): the key for incremental updates.
    pub path: Field,
    /// The indexed folder the file was found under (exact), for `--remove`.
    pub root: Field,
    /// URL (stored only).
    pub url: Field,
    /// Headline (French analyzer, positions, stored).
    pub title: Field,
    /// Standfirst (French analyzer, positions, stored).
    pub lede: Field,
    /// Body paragraphs joined by blank lines (French analyzer, positions, stored).
    pub body: Field,
    /// Authors (label analyzer, stored, multi-valued).
    pub authors: Field,
    /// Site name (label analyzer, stored).
    pub source: Field,
    /// Section (label analyzer, stored).
    pub section: Field,
    /// Tags (label analyzer, stored, multi-valued).
    pub tags: Field,
    /// Raw source name, for counts.
    pub source_key: Field,
    /// Raw section name, for counts.
    pub section_key: Field,
    /// Publication date: the source's calendar day and time, read as UTC (fast: sort, filter).
    pub date: Field,
    /// Publication stamp as RFC 3339 (stored).
    pub published: Field,
    /// Modification stamp as RFC 3339 (stored).
    pub modified: Field,
    /// Language code.
    pub lang: Field,
    /// File size in bytes, for change detection.
    pub size: Field,
    /// File modification time (ns since the epoch), for change detection.
    pub mtime: Field,
    /// Hash of the file's bytes, for change detection.
    pub hash: Field,
    /// Hash of the normalised body: articles sharing it are duplicates.
    pub dup: Field,
    /// 1 when the article stands for its duplicate group (or has none), else 0.
    pub canonical: Field,
}

fn french_text() -> TextOptions {
    TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FRENCH)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

fn label_text() -> TextOptions {
    TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(LABEL)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let u64_fast = || NumericOptions::default().set_fast().set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        path: b.add_text_field("path", STRING | STORED | FAST),
        root: b.add_text_field("root", STRING | STORED | FAST),
        url: b.add_text_field("url", STORED),
        title: b.add_text_field("title", french_text()),
        lede: b.add_text_field("lede", french_text()),
        body: b.add_text_field("body", french_text()),
        authors: b.add_text_field("authors", label_text()),
        source: b.add_text_field("source", label_text()),
        section: b.add_text_field("section", label_text()),
        tags: b.add_text_field("tags", label_text()),
        source_key: b.add_text_field("source_key", STRING | FAST),
        section_key: b.add_text_field("section_key", STRING | FAST),
        date: b.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        ),
        published: b.add_text_field("published", STORED),
        modified: b.add_text_field("modified", STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        size: b.add_u64_field("size", u64_fast()),
        mtime: b.add_i64_field("mtime", NumericOptions::default().set_fast().set_stored()),
        hash: b.add_u64_field("hash", u64_fast()),
        dup: b.add_u64_field("dup", INDEXED | FAST | STORED),
        canonical: b.add_u64_field("canonical", INDEXED | FAST | STORED),
    };
    (b.build(), fields)
}

/// The schema as the golden file writes it.
pub fn schema_json(schema: &Schema) -> String {
    let mut s = serde_json::to_string_pretty(schema).expect("a schema always serializes");
    s.push('\n');
    s
}

/// Where a file's articles came from, stored beside each of them.
#[derive(Debug, Clone)]
pub struct FileStamp<'a> {
    /// Index key of the file.
    pub path: &'a str,
    /// The indexed folder.
    pub root: &'a str,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (ns).
    pub mtime: i64,
    /// Content hash.
    pub hash: u64,
}

/// The duplicate key of an article: a hash of its body with case and white space normalised.
/// Articles without a body are never duplicates of each other (their key is 0).
pub fn duplicate_key(article: &Article) -> u64 {
    // The body's words, lower-cased, each followed by one space, hashed in one call (per-word
    // streaming updates cost more than the copy). One pass over the bytes, ASCII first: the
    // split into words and the per-character lower-casing were 6-8 % of indexing's CPU.
    let mut text: Vec<u8> =
        Vec::with_capacity(article.body.iter().map(String::len).sum::<usize>() + 1);
    for p in &article.body {
        let mut in_word = false;
        let bytes = p.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                // White space as `char::is_whitespace` has it (vertical tab included).
                if matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                    if in_word {
                        text.push(b' ');
                        in_word = false;
                    }
                } else {
                    text.push(b.to_ascii_lowercase());
                    in_word = true;
                }
                i += 1;
            } else {
                let c = p[i..].chars().next().expect("i is at a char boundary");
                if c.is_whitespace() {
                    if in_word {
                        text.push(b' ');
                        in_word = false;
                    }
                } else {
                    let mut buf = [0u8; 4];
                    match c {
                        // Latin-1 letters, most of French's non-ASCII ones: no table lookup.
                        '\u{df}'..='\u{ff}' => {
                            text.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        '\u{c0}'..='\u{de}' if c != '\u{d7}' => {
                            let l = char::from_u32(c as u32 + 0x20).unwrap_or(c);
                            text.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            for l in c.to_lowercase() {
                                text.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                            }
                        }
                    }
                    in_word = true;
                }
                i += c.len_utf8();
            }
        }
        if in_word {
            text.push(b' ');
        }
    }
    if text.is_empty() {
        0
    } else {
        xxhash_rust::xxh3::xxh3_64(&text).max(1)
    }
}

/// Builds the tantivy document of an article, whose [`duplicate_key`] is `dup`. `canonical` is
/// provisional; the indexer settles duplicate groups after adding.
pub fn to_document(
    f: &Fields,
    a: &Article,
    dup: u64,
    stamp: &FileStamp,
    canonical: bool,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, &a.id);
    d.add_text(f.path, stamp.path);
    d.add_text(f.root, stamp.root);
    if let Some(url) = &a.url {
        d.add_text(f.url, url);
    }
    d.add_text(f.title, &a.title);
    d.add_text(f.lede, &a.lede);
    d.add_text(f.body, a.body.join("\n\n"));
    for author in &a.authors {
        d.add_text(f.authors, author);
    }
    if let Some(s) = &a.source {
        d.add_text(f.source, s);
        d.add_text(f.source_key, s);
    }
    if let Some(s) = &a.section {
        d.add_text(f.section, s);
        d.add_text(f.section_key, s);
    }
    for t in &a.tags {
        d.add_text(f.tags, t);
    }
    if let Some(p) = &a.published {
        d.add_date(f.date, DateTime::from_timestamp_secs(p.sort_key()));
        d.add_text(f.published, p.rfc3339());
    }
    if let Some(m) = &a.modified {
        d.add_text(f.modified, m.rfc3339());
    }
    if let Some(l) = &a.lang {
        d.add_text(f.lang, l);
    }
    d.add_u64(f.size, stamp.size);
    d.add_i64(f.mtime, stamp.mtime);
    d.add_u64(f.hash, stamp.hash);
    d.add_u64(f.dup, dup);
    d.add_u64(f.canonical, u64::from(canonical));
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_matches_golden_file() {
        let (schema, _) = build_schema();
        let got = schema_json(&schema);
        if std::env::var_os("KIOSQUE_BLESS").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/index_schema/schema.json"),
                &got,
            )
            .expect("write golden");
            return;
        }
        assert_eq!(
            got, SCHEMA_GOLDEN,
            "schema changed: bump SCHEMA_VERSION and rerun with KIOSQUE_BLESS=1"
        );
    }

    #[test]
    fn duplicate_key_ignores_case_and_spacing() {
        let a = Article {
            body: vec!["Le  Texte".into(), "suite".into()],
            ..Article::default()
        };
        let b = Article {
            body: vec!["le texte\nsuite".into()],
            ..Article::default()
        };
        assert_eq!(duplicate_key(&a), duplicate_key(&b));
        assert_eq!(duplicate_key(&Article::default()), 0);
    }

    /// The key as it was first defined (indexes store it, so it must not change): the body's
    /// words as `split_whitespace` finds them, lower-cased, each followed by a space.
    fn reference_key(article: &Article) -> u64 {
        let mut text = String::new();
        for p in &article.body {
            for w in p.split_whitespace() {
                text.extend(w.chars().flat_map(char::to_lowercase));
                text.push(' ');
            }
        }
        if text.is_empty() {
            0
        } else {
            xxhash_rust::xxh3::xxh3_64(text.as_bytes()).max(1)
        }
    }

    #[test]
    fn duplicate_key_is_the_reference_key_on_tricky_text() {
        for body in [
            vec![
                "Élan\u{a0}vital \u{2009}à\u{b}l'ÉTÉ\u{85}fin".to_owned(),
                String::new(),
            ],
            vec![
                " \t ".to_owned(),
                "İstanbul ΣΊΣΥΦΟΣ".to_owned(),
                "x\u{3000}".to_owned(),
            ],
            vec!["\u{1c}a\u{1f}B".to_owned(), "Ǆ 𝔸 ẞ".to_owned()],
            // Latin-1, each side of the letters' range (× and ÷ are signs).
            vec!["ÀÉÈÊËÎÏÔÙÛÜÇŸ àéèêëîïôùûüçÿ ×÷ ¿ß Þþ Ðð".to_owned()],
        ] {
            let a = Article {
                body,
                ..Article::default()
            };
            assert_eq!(duplicate_key(&a), reference_key(&a), "{:?}", a.body);
        }
    }

    proptest::proptest! {
        #[test]
        fn duplicate_key_is_the_reference_key(body in proptest::collection::vec(
            "([ \t\n\u{a0}\u{2028}\u{b}]|[a-zA-Zàéİ]|[\u{a0}-\u{17f}]|\\PC){0,40}", 0..4)) {
            let a = Article { body, ..Article::default() };
            proptest::prop_assert_eq!(duplicate_key(&a), reference_key(&a));
        }
    }
}
