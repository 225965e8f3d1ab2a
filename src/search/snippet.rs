//! Snippets: the best ~200-character window of a field, cut at word boundaries with …,
//! white space normalised, every matched form highlighted, offsets in Unicode code points.

use std::collections::HashSet;

use serde::Serialize;

use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::analysis::{EXACT_PREFIX, Term, exact_term, fold, is_capitalised, stem, stop, words};

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

/// A set of two-byte prefixes, as a bitmap (one lookup per word, no hashing).
struct PrefixSet(Box<[u64; 1024]>);

impl Default for PrefixSet {
    fn default() -> PrefixSet {
        PrefixSet(Box::new([0; 1024]))
    }
}

impl PrefixSet {
    fn insert(&mut self, a: u8, b: u8) {
        let i = usize::from(a) << 8 | usize::from(b);
        self.0[i >> 6] |= 1 << (i & 63);
    }

    fn contains(&self, a: u8, b: u8) -> bool {
        let i = usize::from(a) << 8 | usize::from(b);
        self.0[i >> 6] & (1 << (i & 63)) != 0
    }
}

/// The query terms, ready for matching words of a text against them.
pub struct Matcher<'a> {
    terms: &'a HashSet<String>,
    /// First two bytes of every term: a word whose folded form starts otherwise cannot stem to
    /// any of them (Snowball only rewrites endings), so it is not stemmed at all.
    prefixes: PrefixSet,
    /// Whether a term is shorter than two bytes (then every word is a candidate).
    short_term: bool,
    /// What the folded form of a word must start with to match a term (see [`term_head`]).
    heads: Vec<&'a [u8]>,
}

/// The part of a term that the folded form of any word matching it starts with (comparing `y`
/// and `i` alike): an exact form whole; a stem but for its last two bytes, and at least its
/// first two. Snowball only rewrites a word's ending: it cuts suffixes, and the few suffixes it
/// replaces (`aux` → `al`, `amment` → `ant`, `ence` → `ent`) change at most the stem's last
/// two letters; besides, it writes `i` for some `y` (`croyait` → `croi`). Checked over the
/// whole Snowball vocabulary (tests/analyzer_vocabulary.rs).
pub fn term_head(term: &str) -> &[u8] {
    match term.strip_prefix(EXACT_PREFIX) {
        Some(exact) => exact.as_bytes(),
        None => {
            let t = term.as_bytes();
            &t[..t.len().min(t.len().saturating_sub(2).max(2))]
        }
    }
}

/// Whether `word` starts with `head`, `y` and `i` compared alike.
pub fn starts_like(word: &[u8], head: &[u8]) -> bool {
    word.len() >= head.len()
        && word
            .iter()
            .zip(head)
            .all(|(&a, &b)| a == b || (matches!(a, b'i' | b'y') && matches!(b, b'i' | b'y')))
}

impl<'a> Matcher<'a> {
    /// Prepares matching against `terms` (stems and exact forms).
    pub fn new(terms: &'a HashSet<String>) -> Matcher<'a> {
        let heads: Vec<&[u8]> = terms.iter().map(|t| term_head(t)).collect();
        let mut prefixes = PrefixSet::default();
        let mut short_term = false;
        // A head holds at least a term's first two bytes (or the whole term when shorter).
        for head in &heads {
            match head {
                [a, b, ..] => prefixes.insert(*a, *b),
                _ => short_term = true,
            }
        }
        Matcher {
            terms,
            prefixes,
            short_term,
            heads,
        }
    }

    /// The words of `text` that match a query term, with the term they match, in text order.
    /// Same analysis as the index (words, folding, stop words, stemming), but a word goes
    /// further than the tokenizer only when the fold of its first characters starts like a
    /// term: most words of a text are never folded whole nor stemmed.
    pub fn matches(&self, text: &str) -> Vec<Term> {
        let mut tokenizer = words::WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        let mut head = String::new();
        let mut folded = String::new();
        let mut stemmed = String::new();
        while stream.advance() {
            let t = stream.token();
            if !self.short_term && !self.may_match(&t.text, &mut head) {
                continue;
            }
            fold::fold_into(&t.text, &mut folded);
            if !self.short_term && !self.heads.iter().any(|h| starts_like(folded.as_bytes(), h)) {
                continue;
            }
            if stop::is_stop_word(&folded) {
                continue;
            }
            // The index holds exact forms of capitalised words only.
            let exact = exact_term(&folded);
            let term = if is_capitalised(&text[t.offset_from..]) && self.terms.contains(&exact) {
                exact
            } else {
                stem::term_into(&folded, &text[t.offset_from..t.offset_to], &mut stemmed);
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

    /// Whether the folded form of `word` may start with the first two bytes of a term, from
    /// the fold of its first characters only (folding maps characters one by one).
    fn may_match(&self, word: &str, head: &mut String) -> bool {
        let bytes = word.as_bytes();
        if let [a, b, ..] = bytes
            && a.is_ascii()
            && b.is_ascii()
        {
            return self
                .prefixes
                .contains(a.to_ascii_lowercase(), b.to_ascii_lowercase());
        }
        // Enough characters to fold into two bytes (a combining mark folds into none).
        let mut end = 0;
        for (i, c) in word.char_indices() {
            end = i + c.len_utf8();
            fold::fold_into(&word[..end], head);
            if head.len() >= 2 {
                break;
            }
        }
        fold::fold_into(&word[..end], head);
        matches!(head.as_bytes(), [a, b, ..] if self.prefixes.contains(*a, *b))
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
        let s = make_snippet(text, &terms(&["gener", "=ia", "=meta", "met"]));
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

    proptest::proptest! {
        /// The matcher's shortcut (fold only words whose first characters may start a term)
        /// finds exactly the words that the index's own analysis turns into a query term.
        #[test]
        fn the_matcher_agrees_with_the_index_analysis(
            text in "([A-Za-zÉéèêàçœŒÆæ’' ,.\u{301}]|Sécurité|été|Été|l'IA|Œuvre|ÉTAT|Meta){0,60}",
            picks in proptest::collection::vec(0usize..1000, 0..5),
        ) {
            let indexed = crate::analysis::analyze(&text);
            let terms: HashSet<String> = if indexed.is_empty() {
                HashSet::new()
            } else {
                picks.iter().map(|i| indexed[i % indexed.len()].text.clone()).collect()
            };
            let mut want: Vec<(usize, usize)> = indexed
                .iter()
                .filter(|t| terms.contains(&t.text))
                .map(|t| (t.from, t.to))
                .collect();
            want.dedup();
            let got: Vec<(usize, usize)> = Matcher::new(&terms)
                .matches(&text)
                .iter()
                .map(|t| (t.from, t.to))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn no_match_gives_the_beginning() {
        let s = make_snippet("Début du texte.", &terms(&["absent"]));
        assert_eq!(s.text, "Début du texte.");
        assert!(s.highlights.is_empty());
    }
}
