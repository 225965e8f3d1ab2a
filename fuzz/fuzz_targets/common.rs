//! Checks shared by the extraction targets: only what `kiosque::extract` really promises.

use kiosque::discover::FileKind;
use kiosque::extract::extract_bytes;
use unicode_normalization::is_nfc;

/// Id given to the articles of the fuzzed "file".
pub const ID_BASE: &str = "fuzz/input";

/// Extracts `bytes` as `kind` and checks the result. Errors are fine (bad input is expected to be
/// refused); a panic or a broken invariant is not.
pub fn check_extraction(bytes: &[u8], kind: FileKind) {
    let Ok(ex) = extract_bytes(bytes, kind, ID_BASE) else {
        return;
    };
    // Empty or all-white-space input is refused (decode::DecodeError::Empty).
    assert!(
        !bytes.iter().all(u8::is_ascii_whitespace),
        "white space only, yet extracted"
    );
    match kind {
        // One page, one article, named after the file.
        FileKind::Html | FileKind::Text => {
            assert_eq!(ex.articles.len(), 1, "{kind:?}: one article per file");
            assert_eq!(ex.articles[0].id, ID_BASE);
        }
        // A JSON document without any article is an error, never an empty success.
        FileKind::Json => assert!(!ex.articles.is_empty(), "JSON: Ok without articles"),
        // JSON Lines may succeed empty, but then it said which lines were bad.
        FileKind::JsonLines => assert!(
            !ex.articles.is_empty() || ex.warnings.iter().any(|w| w.starts_with("line ")),
            "JSON Lines: Ok without articles nor line warnings"
        ),
    }
    for a in &ex.articles {
        // Articles with neither title nor text are dropped.
        assert!(
            !a.title.is_empty() || !a.body.is_empty(),
            "empty article kept"
        );
        // NFC everywhere (extract::normalize).
        let texts = [&a.title, &a.lede]
            .into_iter()
            .chain(&a.body)
            .chain(&a.authors)
            .chain(&a.tags)
            .chain(a.source.as_ref())
            .chain(a.section.as_ref());
        for s in texts {
            assert!(is_nfc(s), "not NFC: {s:?}");
        }
    }
}
