//! The words of a short query as typed, stop words included (`mariage pour tous`, `PMA pour
//! toutes`, `la poste`): stop words are not indexed, so the index cannot tell `mariage pour
//! tous` from any `mariage`. For the best candidates only, the stored text is read and the
//! articles that hold such a wording score more.
//!
//! Which wordings: a run of stop words at the start or the end of a short query, with the word
//! it leans on (`mariage pour tous`, `la poste` in `la poste colis`); and the same runs at the
//! ends of a quoted phrase (`"mariage pour tous"`), whose articles then come first, as the
//! articles with every word do. A run between two words (`coupe du monde`, `"prix de
//! l'essence"`) is left to the proximity bonus and the phrase query, which see the stop words'
//! gap: on the team's topical queries (bench/topical), scoring those runs too cost the
//! accent-less queries 0.03 nDCG@10 (prototype), and reading the text of 200 articles for
//! `"réforme des retraites"` tripled its search time.

use tantivy::tokenizer::TokenStream;

use super::query::ParsedQuery;
use super::ranking::RankingParams;
use crate::analysis::words::{self, is_word_char};
use crate::analysis::{self, stop::is_stop_word};

/// One wording to look for in the candidates' text.
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    /// The words, folded, as the text shows them (`mariage`, `pour`, `tous`).
    words: Vec<String>,
    /// The sum of the idf of its searchable words: what a match is worth before field
    /// weights and the saturation of repeated matches.
    pub weight: f32,
    /// Typed in quotes: the user asked for these words in a row, so the articles that hold
    /// them come first (among those whose text was read), as articles with every word do.
    pub quoted: bool,
}

/// A word of the query with what the wording needs of it.
struct Word {
    folded: String,
    stop: bool,
    idf: f32,
}

/// The wordings of a short query's clauses. `idf` gives the idf of a searchable word as
/// typed (`PMA`, `mariage`).
pub fn wordings(parsed: &ParsedQuery, idf: impl Fn(&str) -> f32) -> Vec<Wording> {
    let mut out = Vec::new();
    // Runs of plain words, cut by anything else (an exclusion, a field, OR, a phrase). Only
    // the query's own start and end are edges: stop words before a phrase (`disparition de
    // "L'amour est dans le pré"`) are between words.
    let mut run: Vec<Word> = Vec::new();
    let mut run_at_start = true;
    for clause in &parsed.clauses {
        match clause.plain_word() {
            Some(text) => run.extend(words(text, &idf)),
            None => {
                edge_wordings(&run, (run_at_start, false), false, &mut out);
                run.clear();
                run_at_start = false;
                if let Some(phrase) = clause.plain_phrase() {
                    edge_wordings(&words(phrase, &idf), (true, true), true, &mut out);
                }
            }
        }
    }
    edge_wordings(&run, (run_at_start, true), false, &mut out);
    out
}

/// The runs of stop words at either end of `run` (at its start if `start`, at its end if
/// `end`: where nothing else of the query is beside it), each with the word beside it. (Stop words
/// between two words need no reading of the text: the phrase query or the proximity bonus sees
/// their gap.)
fn edge_wordings(run: &[Word], (start, end): (bool, bool), quoted: bool, out: &mut Vec<Wording>) {
    let Some(first) = run.iter().position(|w| !w.stop) else {
        return;
    };
    let last = run
        .iter()
        .rposition(|w| !w.stop)
        .expect("a searchable word");
    if start && first > 0 {
        out.push(wording(&run[..=first], quoted));
    }
    if end && last + 1 < run.len() {
        out.push(wording(&run[last..], quoted));
    }
}

impl Wording {
    /// The words in a row, as `--explain` shows them (`mariage pour tous`).
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// How many of the best candidates get their text read for `wordings`: `wording_depth`, or
/// `rerank_depth` when the user quoted the words (and at least the `want` shown).
pub fn depth(wordings: &[Wording], p: &RankingParams, want: usize) -> usize {
    let depth = if wordings.iter().any(|w| w.quoted) {
        p.rerank_depth
    } else {
        p.wording_depth
    };
    depth.max(want)
}

fn wording(words: &[Word], quoted: bool) -> Wording {
    Wording {
        words: words.iter().map(|w| w.folded.clone()).collect(),
        weight: words.iter().filter(|w| !w.stop).map(|w| w.idf).sum(),
        quoted,
    }
}

/// The words of `text` as the text analyzer sees them before stop words and stems: elisions
/// dropped, folded.
fn words(text: &str, idf: &impl Fn(&str) -> f32) -> Vec<Word> {
    let mut analyzer = analysis::label_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        let stop = is_stop_word(&t.text);
        out.push(Word {
            idf: if stop {
                0.0
            } else {
                idf(&text[t.offset_from..t.offset_to])
            },
            folded: t.text.clone(),
            stop,
        });
    }
    out
}

/// How many times `wording` occurs in `folded`, a text folded by
/// [`analysis::fold::fold_text_into`]: its words in a row, as the analyzer splits them (any
/// characters between words, elided articles and pronouns skipped: `mariage pour l'amour` holds
/// `pour amour`, as it does for the index).
pub fn count(folded: &str, wording: &Wording) -> u32 {
    let Some((first, rest)) = wording.words.split_first() else {
        return 0;
    };
    let mut n = 0;
    let mut from = 0;
    while let Some(at) = folded[from..].find(first.as_str()) {
        let start = from + at;
        let end = start + first.len();
        from = end;
        let word_before = folded[..start]
            .chars()
            .next_back()
            .is_some_and(is_word_char);
        let word_after = folded[end..].chars().next().is_some_and(is_word_char);
        if !word_before && !word_after && followed_by(folded, end, rest) {
            n += 1;
        }
    }
    n
}

/// Whether the words after byte `pos` of `folded` are `words`.
fn followed_by(folded: &str, mut pos: usize, words: &[String]) -> bool {
    for w in words {
        match next_word(folded, pos) {
            Some((from, to)) if &folded[from..to] == w.as_str() => pos = to,
            _ => return false,
        }
    }
    true
}

/// The next word from byte `pos` (an elided word and its apostrophe skipped), as a byte range.
fn next_word(folded: &str, mut pos: usize) -> Option<(usize, usize)> {
    loop {
        let from = pos + folded[pos..].find(is_word_char)?;
        let to = folded[from..]
            .find(|c: char| !is_word_char(c))
            .map_or(folded.len(), |i| from + i);
        let elided = folded[to..].starts_with('\'')
            && folded[to + 1..].chars().next().is_some_and(is_word_char)
            && words::is_elision(&folded[from..to]);
        if !elided {
            return Some((from, to));
        }
        pos = to + 1;
    }
}

/// The score of `count` matches in a field of weight `field_weight`: BM25's saturation of
/// repeated matches (k1 = 1.2), without length normalisation.
pub fn score(wording: &Wording, count: u32, field_weight: f32, weight: f32) -> f32 {
    if count == 0 {
        return 0.0;
    }
    let c = count as f32;
    weight * field_weight * wording.weight * c * 2.2 / (c + 1.2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn texts(q: &str) -> Vec<String> {
        wordings(&parse(q), |_| 1.0)
            .into_iter()
            .map(|w| w.text())
            .collect()
    }

    #[test]
    fn stop_words_at_either_end_go_with_the_word_beside_them() {
        assert_eq!(texts("mariage pour tous"), ["mariage pour tous"]);
        assert_eq!(texts("la poste colis"), ["la poste"]);
        assert_eq!(texts("PMA pour toutes"), ["pma pour toutes"]);
        assert_eq!(texts("le monde de la"), ["le monde", "monde de la"]);
    }

    #[test]
    fn stop_words_between_words_and_queries_without_any_give_nothing() {
        assert!(texts("coupe du monde").is_empty());
        assert!(texts("l'incendie de Notre-Dame").is_empty());
        assert!(texts("gilets jaunes").is_empty());
        assert!(texts("pour tous").is_empty());
    }

    #[test]
    fn quoted_phrases_with_stop_words_and_cut_runs() {
        assert_eq!(texts("\"mariage pour tous\" manif"), ["mariage pour tous"]);
        let w = wordings(&parse("\"mariage pour tous\" manif"), |_| 1.0);
        assert!(w[0].quoted);
        assert!(!wordings(&parse("mariage pour tous"), |_| 1.0)[0].quoted);
        assert!(texts("\"coupe monde\"").is_empty());
        // Between two words, the phrase query sees the stop word's gap: no text to read.
        assert!(texts("\"prix de l'essence\"").is_empty());
        assert_eq!(texts("\"la loi pour tous\""), ["la loi", "loi pour tous"]);
        // Only the query's own ends count: before a phrase or an exclusion, stop words are
        // between words.
        assert!(texts("mariage pour -tous").is_empty());
        assert!(texts("disparition de \"L'amour est dans le pré\"").is_empty());
        assert_eq!(texts("la poste -colis"), ["la poste"]);
        // A run of stop words alone leans on no word of its own.
        assert!(texts("\"gilets jaunes\" pour tous").is_empty());
    }

    #[test]
    fn counts_whole_words_folded_and_weights_by_idf() {
        let w = wordings(&parse("mariage pour tous"), |t| {
            if t == "mariage" { 3.0 } else { 99.0 }
        });
        assert_eq!(w[0].weight, 3.0);
        let folded = |t: &str| {
            let mut out = String::new();
            analysis::fold::fold_text_into(t, &mut out);
            out
        };
        let text = folded("Le Mariage pour tous, dix ans après : mariage pour toutes, pour tous.");
        assert_eq!(count(&text, &w[0]), 1);
        assert_eq!(count(&folded("« Mariage » — pour\u{a0}TOUS"), &w[0]), 1);
        assert_eq!(count(&folded("mariage pour"), &w[0]), 0);
        assert_eq!(count(&folded("remariage pour tous"), &w[0]), 0);
        assert_eq!(count(&folded("mariage pour toussaint"), &w[0]), 0);
        // Elided words are skipped, as the analyzer skips them.
        let amour = wordings(&parse("pour l'amour"), |_| 1.0);
        assert_eq!(amour[0].text(), "pour amour");
        assert_eq!(count(&folded("Un mariage pour l’amour"), &amour[0]), 1);
        assert_eq!(score(&w[0], 0, 2.0, 1.0), 0.0);
        assert!((score(&w[0], 1, 2.0, 1.0) - 2.0 * 3.0 * 2.2 / 2.2).abs() < 1e-5);
    }
}
