//! Snippets: the best ~200-character window of a field, cut at word boundaries with …,
//! white space normalised, every matched form highlighted, offsets in Unicode code points.

use std::collections::HashSet;

use serde::Serialize;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::analysis::{EXACT_PREFIX, Term, exact_term, fold, stem, stop, words};

/// Target length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// A piece of text with highlighted ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The text shown.
    pub text: String,
    /// `[start, end)` ranges in Unicode code points into `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// The query terms, ready for matching words of a text against them.
pub struct Matcher<'a> {
    terms: &'a HashSet<String>,
    /// First two bytes of every term: a word whose folded form starts otherwise cannot stem to
    /// any of them (Snowball only rewrites endings), so it is not stemmed at all.
    prefixes: HashSet<[u8; 2]>,
    /// Whether a term is shorter than two bytes (then every word is a candidate).
    short_term: bool,
}

impl<'a> Matcher<'a> {
    /// Prepares matching against `terms` (stems and exact forms).
    pub fn new(terms: &'a HashSet<String>) -> Matcher<'a> {
        let mut prefixes = HashSet::new();
        let mut short_term = false;
        for t in terms {
            let t = t.strip_prefix(EXACT_PREFIX).unwrap_or(t).as_bytes();
            match t {
                [a, b, ..] => {
                    prefixes.insert([*a, *b]);
                }
                _ => short_term = true,
            }
        }
        Matcher {
            terms,
            prefixes,
            short_term,
        }
    }

    /// The words of `text` that match a query term, with the term they match, in text order.
    /// Same analysis as the index (words, folding, stop words, stemming), but only candidate
    /// words are stemmed.
    pub fn matches(&self, text: &str) -> Vec<Term> {
        let mut analyzer = TextAnalyzer::builder(words::WordTokenizer::default())
            .filter(fold::FoldFilter)
            .filter(stop::StopFilter)
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        let mut stemmed = String::new();
        while stream.advance() {
            let t = stream.token();
            let folded = t.text.as_str();
            let candidate = self.short_term
                || matches!(folded.as_bytes(), [a, b, ..] if self.prefixes.contains(&[*a, *b]));
            if !candidate {
                continue;
            }
            let exact = exact_term(folded);
            let term = if self.terms.contains(&exact) {
                exact
            } else {
                stemmed.clear();
                stem::stem_into(folded, &mut stemmed);
                if !self.terms.contains(&stemmed) {
                    continue;
                }
                stemmed.clone()
            };
            out.push(Term {
                text: term,
                from: t.offset_from,
                to: t.offset_to,
                position: t.position,
            });
        }
        out
    }
}

fn distinct(matches: &[Term]) -> usize {
    matches
        .iter()
        .map(|t| t.text.as_str())
        .collect::<HashSet<_>>()
        .len()
}

/// Builds the snippet of `text` for a query whose terms are `terms`.
pub fn make_snippet(text: &str, terms: &HashSet<String>) -> Snippet {
    snippet_from_matches(text, &Matcher::new(terms).matches(text))
}

/// Picks the field to show among `candidates` (the one matching the most distinct terms, the
/// first on ties) and builds its snippet, analysing each field once.
pub fn best_snippet(candidates: &[&str], terms: &HashSet<String>) -> Snippet {
    let matcher = Matcher::new(terms);
    let mut best: Option<(usize, &str, Vec<Term>)> = None;
    for text in candidates.iter().filter(|t| !t.trim().is_empty()) {
        let m = matcher.matches(text);
        let n = distinct(&m);
        if best.as_ref().is_none_or(|(b, _, _)| n > *b) {
            best = Some((n, text, m));
        }
    }
    match best {
        Some((_, text, m)) => snippet_from_matches(text, &m),
        None => Snippet::default(),
    }
}

fn snippet_from_matches(text: &str, analyzed: &[Term]) -> Snippet {
    let matches: Vec<&Term> = analyzed.iter().collect();
    let (from, to) = best_window(text, &matches);
    render(text, from, to, &matches)
}

/// Picks the byte window of about [`SNIPPET_CHARS`] that holds the most distinct matched terms
/// (then the most matches), starting a little before its first match.
fn best_window(text: &str, matches: &[&Term]) -> (usize, usize) {
    let budget = SNIPPET_CHARS;
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, start index in matches)
    for i in 0..matches.len() {
        let start = matches[i].from;
        let mut seen: HashSet<&str> = HashSet::new();
        let mut count = 0;
        for m in &matches[i..] {
            if char_len(&text[start..m.to]) > budget {
                break;
            }
            seen.insert(m.text.as_str());
            count += 1;
        }
        if (seen.len(), count) > (best.0, best.1) {
            best = (seen.len(), count, i);
        }
    }
    if matches.is_empty() {
        return (0, advance_chars(text, 0, budget));
    }
    let first = matches[best.2];
    // Some context before the first match: a fifth of the budget, from a word start.
    let lead = budget / 5;
    let mut from = retreat_chars(text, first.from, lead);
    if from > 0 {
        from = next_word_start(text, from).min(first.from);
    }
    // The end: the budget from `from`, pulled back to a word end.
    let mut to = advance_chars(text, from, budget);
    if to < text.len() {
        to = prev_word_end(text, to).max(first.to);
    }
    (from, to)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn advance_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

fn retreat_chars(text: &str, to: usize, n: usize) -> usize {
    text[..to]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn next_word_start(text: &str, at: usize) -> usize {
    // Skip the (possibly cut) word we are in, then the white space after it.
    let rest = &text[at..];
    let after_word = rest
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    text[after_word..]
        .find(|c: char| !c.is_whitespace())
        .map_or(text.len(), |i| after_word + i)
}

fn prev_word_end(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(char::is_whitespace)
        .map_or(at, |i| text[..i].trim_end().len())
}

/// Copies `text[from..to]` with white space collapsed, adds … where cut, and maps highlights.
fn render(text: &str, from: usize, to: usize, matches: &[&Term]) -> Snippet {
    let mut out = String::new();
    let mut chars_out = 0usize;
    let mut highlights = Vec::new();
    if from > 0 {
        out.push('…');
        chars_out += 1;
    }
    let mut in_space = false;
    let mut pending: Vec<&Term> = matches
        .iter()
        .copied()
        .filter(|m| m.from >= from && m.to <= to)
        .collect();
    pending.sort_by_key(|m| m.from);
    pending.dedup_by_key(|m| m.from);
    let mut next = 0;
    let mut open: Option<(usize, usize)> = None; // (start in chars, end byte in text)
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        if let Some((start, end)) = open
            && at >= end
        {
            highlights.push([start, chars_out]);
            open = None;
        }
        if c.is_whitespace() {
            in_space = true;
            continue;
        }
        if in_space && chars_out > 0 && !out.ends_with('…') {
            out.push(' ');
            chars_out += 1;
        }
        in_space = false;
        if next < pending.len() && pending[next].from == at {
            open = Some((chars_out, pending[next].to));
            next += 1;
        }
        out.push(c);
        chars_out += 1;
    }
    if let Some((start, _)) = open {
        highlights.push([start, chars_out]);
    }
    if to < text.len() {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn highlights_every_matched_form_and_slice_the_text() {
        let text = "Les IA génératives se multiplient.  L’IA générative de Meta arrive.";
        let s = make_snippet(text, &terms(&["gener", "ia", "=meta", "met"]));
        let chars: Vec<char> = s.text.chars().collect();
        let shown: Vec<String> = s
            .highlights
            .iter()
            .map(|[a, b]| chars[*a..*b].iter().collect())
            .collect();
        assert_eq!(shown, ["IA", "génératives", "IA", "générative", "Meta"]);
        assert!(!s.text.contains("  "));
    }

    #[test]
    fn long_text_is_cut_at_word_boundaries_with_ellipsis() {
        let filler = "mot ".repeat(100);
        let text = format!("{filler}la sécurité routière progresse {filler}");
        let s = make_snippet(&text, &terms(&["securit", "routier"]));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 2);
        assert!(s.text.contains("sécurité routière"));
        assert!(!s.text.contains("…mo ") && !s.text.contains(" mo…"));
    }

    proptest::proptest! {
        /// Highlights are ordered, within the text (in code points), and each covers a word.
        #[test]
        fn highlights_slice_the_text(text in "\\PC{0,400}", words in proptest::collection::vec("[a-zé]{1,8}", 0..4)) {
            let terms: HashSet<String> = words.iter().map(|w| crate::analysis::stem(&crate::analysis::fold(w))).collect();
            let s = make_snippet(&text, &terms);
            let n = s.text.chars().count();
            let mut last = 0;
            for [a, b] in &s.highlights {
                proptest::prop_assert!(a < b && *b <= n && *a >= last);
                last = *b;
                let slice: String = s.text.chars().skip(*a).take(b - a).collect();
                proptest::prop_assert!(!slice.trim().is_empty());
            }
        }
    }

    #[test]
    fn no_match_gives_the_beginning() {
        let s = make_snippet("Début du texte.", &terms(&["absent"]));
        assert_eq!(s.text, "Début du texte.");
        assert!(s.highlights.is_empty());
    }
}
