//! The French analyzer against the official Snowball French vocabulary (`../shared/corpora/
//! snowball-fr/`): accent-insensitivity holds for every word, and the stemmer is Snowball's.
//! Skipped when `../shared` is absent (a user's clone), a failure in CI (`CI=true`).

use std::path::PathBuf;

use kiosque::analysis::{analyze, exact_term, fold, stem};
use kiosque::search::snippet::{starts_like, term_head};

fn snowball_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/snowball-fr"
    ));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        dir.display()
    );
    eprintln!("skipped: {} not found", dir.display());
    None
}

fn read_lines(path: PathBuf) -> Vec<String> {
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

fn terms(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|t| t.text).collect()
}

/// Typing a word without its accents finds exactly what the accented word finds, for every word
/// of the vocabulary (in lower case and capitalised).
#[test]
fn accent_insensitive_over_the_whole_vocabulary() {
    let Some(dir) = snowball_dir() else { return };
    let words = read_lines(dir.join("voc.txt"));
    assert!(words.len() > 20_000);
    let mut accented = 0;
    for w in &words {
        let bare = fold(w);
        if bare != *w {
            accented += 1;
        }
        assert_eq!(terms(w), terms(&bare), "{w} vs {bare}");
        let cap: String = w
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(w.chars().skip(1))
            .collect();
        let bare_cap: String = bare
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(bare.chars().skip(1))
            .collect();
        assert_eq!(terms(&cap), terms(&bare_cap), "{cap} vs {bare_cap}");
    }
    assert!(
        accented > 3_000,
        "the vocabulary has accented words: {accented}"
    );
}

/// Why folding comes before stemming: stemming the accented word and folding afterwards gives
/// another term than stemming the word typed without accents, for many common words.
#[test]
fn folding_after_stemming_would_break_accent_insensitivity() {
    let Some(dir) = snowball_dir() else { return };
    let words = read_lines(dir.join("voc.txt"));
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French);
    let broken: Vec<&String> = words
        .iter()
        .filter(|w| fold(&stemmer.stem(w)) != fold(&stemmer.stem(&fold(w))))
        .collect();
    assert!(broken.iter().any(|w| *w == "sécurité"));
    assert!(broken.len() > 500, "{}", broken.len());
}

/// rust-stemmers is the Snowball French algorithm: on folded-free input (the vocabulary as
/// published), it agrees with one of the published outputs on nearly every word.
#[test]
fn stemmer_matches_a_published_snowball_version() {
    let Some(dir) = snowball_dir() else { return };
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French);
    let mut best = 0.0f64;
    for (voc, out) in [
        ("voc-2007.txt", "output-2007.txt"),
        ("voc-2018.txt", "output-2018.txt"),
        ("voc.txt", "output.txt"),
    ] {
        let words = read_lines(dir.join(voc));
        let stems = read_lines(dir.join(out));
        let same = words
            .iter()
            .zip(&stems)
            .filter(|(w, s)| stemmer.stem(w) == s.as_str())
            .count();
        best = best.max(same as f64 / words.len() as f64);
    }
    assert!(best > 0.995, "best agreement {best}");
    // Our own stem() runs on folded words; it must still be that stemmer.
    assert_eq!(stem("generative"), stemmer.stem("generative"));
}

/// Checks `holds(folded, stem)` for the folded form of every word of the vocabulary and its
/// stem; fails listing how many words break it, with a few of them.
fn assert_every_folded_word(dir: &std::path::Path, holds: impl Fn(&str, &str) -> bool) {
    let words = read_lines(dir.join("voc.txt"));
    let broken: Vec<(String, String)> = words
        .iter()
        .map(|w| fold(w))
        .filter_map(|f| {
            let s = stem(&f);
            (!holds(&f, &s)).then_some((f, s))
        })
        .collect();
    assert!(
        broken.is_empty(),
        "{} words, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
}

/// Stemming only rewrites endings: a stem of two bytes or more starts with the first two
/// bytes of the folded word. The snippet matcher and the synonym lists rely on it to skip
/// stemming words that cannot match.
#[test]
fn stems_keep_the_first_two_bytes_of_the_folded_word() {
    let Some(dir) = snowball_dir() else { return };
    assert_every_folded_word(&dir, |f, s| {
        s.len() < 2 || f.as_bytes()[..2] == s.as_bytes()[..2]
    });
}

/// The snippet matcher only folds and stems the words that start like a query term's head: the
/// head of a word's stem (and of its exact form) must be a beginning of the folded word, for
/// every word of the vocabulary (elided forms such as `c'est` aside: the tokenizer splits them).
#[test]
fn folded_words_start_with_the_head_of_their_stem() {
    let Some(dir) = snowball_dir() else { return };
    assert_every_folded_word(&dir, |f, s| {
        f.contains(['\'', '’'])
            || (starts_like(f.as_bytes(), term_head(s))
                && starts_like(f.as_bytes(), term_head(&exact_term(f))))
    });
}
