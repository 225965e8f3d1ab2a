//! Word splitting with French elision: the first step of the analyzer.
//!
//! A word is a run of letters, digits and combining marks (so that decomposed accents stay inside
//! their word). Apostrophes (’ ‘ ʼ ') inside a word are one character for us: an elided article or
//! pronoun before one (`l’`, `qu'`, `jusqu'`...) is dropped and the token starts after it, so that
//! a highlight covers `IA` in `l’IA`, not the article. `aujourd'hui` stays one word. Other
//! apostrophes (`O'Neill`) split the word in two. Hyphens and all other characters separate words.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The apostrophes French text uses, all treated as one.
pub const APOSTROPHES: [char; 4] = ['\'', '’', '‘', 'ʼ'];

/// Elided words that are dropped with their apostrophe, in lower case.
const ELISIONS: [&str; 13] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Whether a folded word is an elided article or pronoun (`l`, `qu`, `jusqu`...).
pub fn is_elision(folded: &str) -> bool {
    ELISIONS.contains(&folded)
}

/// Words that keep their apostrophe, in lower case with an ASCII apostrophe.
const APOSTROPHE_WORDS: [&str; 2] = ["aujourd'hui", "prud'hommes"];

/// Words longer than this (in characters) are not indexed: they are hashes, URLs or binary junk,
/// and a 10 MB run of letters must not become one term. Counted in characters, not bytes, so
/// that a word and its accent-less spelling are both kept or both dropped.
pub const MAX_WORD_CHARS: usize = 64;

/// Whether `word` is short enough to index (bytes first: most words are far below).
fn indexable(word: &str) -> bool {
    word.len() <= MAX_WORD_CHARS
        || (word.len() <= 4 * MAX_WORD_CHARS && word.chars().count() <= MAX_WORD_CHARS)
}

/// Splits text into words and drops French elisions.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    /// Byte offset where scanning resumes.
    cursor: usize,
    /// Words split out of an apostrophe compound, waiting to be emitted: (from, to).
    pending: Vec<(usize, usize)>,
    token: &'a mut Token,
    position: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        self.token.position = usize::MAX;
        WordTokenStream {
            text,
            cursor: 0,
            pending: Vec::new(),
            token: &mut self.token,
            position: 0,
        }
    }
}

/// Is `c` part of a word?
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (decomposed accents), which belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_apostrophe(c: char) -> bool {
    APOSTROPHES.contains(&c)
}

/// Lower-cases a short ASCII-or-not word part and compares it with a list, apostrophes folded.
fn lower_eq_any(part: &str, list: &[&str]) -> bool {
    if part.len() > 16 {
        return false;
    }
    let lowered: String = part
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    list.contains(&lowered.as_str())
}

impl WordTokenStream<'_> {
    /// The character at byte `i` and its length, with a fast path for ASCII.
    #[inline]
    fn char_at(&self, i: usize) -> (char, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            (b as char, 1)
        } else {
            let c = self.text[i..].chars().next().unwrap_or('\u{FFFD}');
            (c, c.len_utf8())
        }
    }

    /// Finds the next compound (letters joined by apostrophes) from the cursor, as byte offsets,
    /// and whether it holds an apostrophe.
    fn next_compound(&mut self) -> Option<(usize, usize, bool)> {
        let len = self.text.len();
        let mut i = self.cursor;
        loop {
            if i >= len {
                self.cursor = len;
                return None;
            }
            let (c, n) = self.char_at(i);
            if is_word_char(c) {
                break;
            }
            i += n;
        }
        let start = i;
        let mut end = start;
        let mut apostrophe = false;
        while i < len {
            let (c, n) = self.char_at(i);
            if is_word_char(c) {
                i += n;
                end = i;
            } else if is_apostrophe(c) && i + n < len && is_word_char(self.char_at(i + n).0) {
                apostrophe = true;
                i += n;
            } else {
                break;
            }
        }
        self.cursor = end;
        Some((start, end, apostrophe))
    }

    /// Splits a compound with apostrophes into the words to emit, dropping elisions.
    fn split_compound(&mut self, from: usize, to: usize) {
        let compound = &self.text[from..to];
        if lower_eq_any(compound, &APOSTROPHE_WORDS) {
            self.pending.push((from, to));
            return;
        }
        let mut part_start = from;
        let mut parts: Vec<(usize, usize)> = Vec::new();
        for (i, c) in compound.char_indices() {
            if is_apostrophe(c) {
                parts.push((part_start, from + i));
                part_start = from + i + c.len_utf8();
            }
        }
        parts.push((part_start, to));
        let last = parts.len() - 1;
        for (k, &(a, b)) in parts.iter().enumerate() {
            // An elision is dropped only where an apostrophe follows it.
            if k < last && lower_eq_any(&self.text[a..b], &ELISIONS) {
                continue;
            }
            self.pending.push((a, b));
        }
        self.pending.reverse();
    }

    /// Whether the character at byte `i` is part of a word (false at the end of the text).
    fn word_char_at(&self, i: usize) -> bool {
        i < self.text.len() && is_word_char(self.char_at(i).0)
    }

    /// Where a number that starts with the digits at `from..to` ends, when it goes on with
    /// groups of thousands (`1 200`, `1\u{a0}200`, `18.859`, `2 000 000`) or a decimal comma
    /// (`3,5`, `1 024,5`): the whole number is then one word, as it is one for the reader. Only a
    /// first group of one to three digits takes thousands, and only groups of exactly three
    /// digits, so `2019 300` and `3.14` stay apart.
    fn number_end(&self, from: usize, to: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        if !b[from..to].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let three_digits = |i: usize| {
            b.len() >= i + 3
                && b[i..i + 3].iter().all(u8::is_ascii_digit)
                && !self.word_char_at(i + 3)
        };
        let mut end = to;
        if to - from <= 3 {
            while let Some(sep @ (' ' | '.' | '\u{a0}' | '\u{202f}' | '\u{2009}')) =
                self.text[end..].chars().next()
            {
                let group = end + sep.len_utf8();
                if !three_digits(group) || group + 3 - from > MAX_WORD_CHARS {
                    break;
                }
                end = group + 3;
            }
        }
        if b.get(end) == Some(&b',') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            let mut e = end + 1;
            while e < b.len() && b[e].is_ascii_digit() {
                e += 1;
            }
            if !self.word_char_at(e) && e - from <= MAX_WORD_CHARS {
                end = e;
            }
        }
        (end > to).then_some(end)
    }

    /// Makes the current token the number at `from..to`: its digits, and its decimal comma.
    fn emit_number(&mut self, from: usize, to: usize) {
        self.emit(from, to, false);
        self.token.text.retain(|c| c.is_ascii_digit() || c == ',');
    }

    /// Makes the current token the word at `from..to`.
    fn emit(&mut self, from: usize, to: usize, apostrophes: bool) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.position;
        self.position += 1;
        self.token.position_length = 1;
        self.token.text.clear();
        let word = &self.text[from..to];
        if apostrophes {
            self.token.text.extend(
                word.chars()
                    .map(|c| if is_apostrophe(c) { '\'' } else { c }),
            );
        } else {
            self.token.text.push_str(word);
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some((from, to)) = self.pending.pop() {
                if !indexable(&self.text[from..to]) {
                    continue;
                }
                let apostrophes = self.text[from..to].contains(APOSTROPHES);
                self.emit(from, to, apostrophes);
                return true;
            }
            let Some((from, to, apostrophe)) = self.next_compound() else {
                return false;
            };
            if apostrophe {
                self.split_compound(from, to);
            } else if let Some(end) = self.number_end(from, to) {
                self.cursor = end;
                self.emit_number(from, end);
                return true;
            } else if indexable(&self.text[from..to]) {
                // The common case: one plain word, emitted at once.
                self.emit(from, to, false);
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, &str)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), &text[t.offset_from..t.offset_to]));
        }
        out
    }

    #[test]
    fn elisions_are_dropped_and_offsets_point_at_the_word() {
        let got = words("l’IA d'argent qu'il jusqu’à");
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["IA", "argent", "il", "à"]);
        assert_eq!(got[0].1, "IA");
    }

    #[test]
    fn aujourdhui_stays_one_word() {
        assert_eq!(words("Aujourd’hui")[0].0, "Aujourd'hui");
        assert_eq!(words("aujourd'hui").len(), 1);
    }

    #[test]
    fn other_apostrophes_split() {
        let got: Vec<String> = words("O'Neill").into_iter().map(|(t, _)| t).collect();
        assert_eq!(got, ["O", "Neill"]);
    }

    #[test]
    fn punctuation_nbsp_and_hyphens_separate() {
        let got: Vec<String> = words("« Saint-Étienne »\u{a0}: 35,5 %")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(got, ["Saint", "Étienne", "35,5"]);
    }

    #[test]
    fn numbers_keep_their_thousands_and_decimals() {
        let table: &[(&str, &[&str])] = &[
            ("1 200 emplois", &["1200", "emplois"]),
            (
                "1\u{a0}200 et 18.859 morts",
                &["1200", "et", "18859", "morts"],
            ),
            ("2\u{202f}000\u{202f}000 d'euros", &["2000000", "euros"]),
            ("3,5 % et 1 024,5", &["3,5", "et", "1024,5"]),
            // Not numbers with thousands: a first group of four digits, groups of two or four
            // digits, a decimal point, a comma before a space, digits glued to letters.
            ("en 2019 300 personnes", &["en", "2019", "300", "personnes"]),
            (
                "le 14.07.2020 à 20.30",
                &["le", "14", "07", "2020", "à", "20", "30"],
            ),
            ("1 2000 et 3.14", &["1", "2000", "et", "3", "14"]),
            ("12, 300 et 1 200e", &["12", "300", "et", "1", "200e"]),
            ("A320 1 200", &["A320", "1200"]),
        ];
        for (input, expected) in table {
            let got: Vec<String> = words(input).into_iter().map(|(t, _)| t).collect();
            assert_eq!(&got, expected, "input: {input:?}");
        }
        // Like any word, a number is at most MAX_WORD_CHARS long: a page of digit groups or
        // decimals is not one term.
        let groups = "1 000".to_owned() + &" 000".repeat(100_000);
        assert!(
            words(&groups)
                .iter()
                .all(|(t, _)| t.len() <= MAX_WORD_CHARS)
        );
        let decimals = format!("3,{}", "1".repeat(100_000));
        assert_eq!(words(&decimals)[0].0, "3");
        let got = words("soit 1 200 personnes");
        assert_eq!(got[1], ("1200".to_owned(), "1 200"));
    }

    #[test]
    fn decomposed_accents_stay_in_the_word() {
        let got = words("se\u{301}curite\u{301} routie\u{300}re");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, "se\u{301}curite\u{301}");
    }

    #[test]
    fn trailing_apostrophe_is_not_an_elision() {
        let got: Vec<String> = words("l' l").into_iter().map(|(t, _)| t).collect();
        assert_eq!(got, ["l", "l"]);
    }

    #[test]
    fn giant_words_are_skipped() {
        let long = "a".repeat(10_000);
        let text = format!("début {long} fin");
        let got = words(&text);
        assert_eq!(got.len(), 2);
    }
}
