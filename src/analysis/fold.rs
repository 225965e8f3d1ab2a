//! Case and accent folding: `Sécurité`, `SECURITE` and `se\u{301}curite\u{301}` all become
//! `securite`. Folding happens before stop words and stemming, so that a query typed without
//! accents is, term for term, the query typed with them.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases and removes diacritics (decomposition, then marks dropped); `œ` → `oe`, `æ` → `ae`.
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldFilter;

/// Folds one word into `out` (cleared first).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    // French words: ASCII and Latin-1 letters, and œ, folded by a table (the decomposition
    // below costs a table search and a buffer for every character of the word).
    if word.chars().all(|c| c <= '\u{ff}' || c == 'œ' || c == 'Œ') {
        for c in word.chars() {
            match c {
                'A'..='Z' => out.push(c.to_ascii_lowercase()),
                '\0'..='\u{7f}' => out.push(c),
                _ => push_latin1_folded(c, out),
            }
        }
        return;
    }
    fold_by_decomposition(word, out);
}

/// Folds any word: canonical decomposition, marks dropped, ligatures spelt out, lower-cased.
fn fold_by_decomposition(word: &str, out: &mut String) {
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// One character of U+0080..=U+00FF (or `œ`), folded as the decomposition would fold it.
fn push_latin1_folded(c: char, out: &mut String) {
    match c {
        'À'..='Å' | 'à'..='å' => out.push('a'),
        'Æ' | 'æ' => out.push_str("ae"),
        'Ç' | 'ç' => out.push('c'),
        'È'..='Ë' | 'è'..='ë' => out.push('e'),
        'Ì'..='Ï' | 'ì'..='ï' => out.push('i'),
        'Ñ' | 'ñ' => out.push('n'),
        'Ò'..='Ö' | 'ò'..='ö' => out.push('o'),
        'Ù'..='Ü' | 'ù'..='ü' => out.push('u'),
        'Ý' | 'ý' | 'ÿ' => out.push('y'),
        'ß' => out.push_str("ss"),
        'œ' | 'Œ' => out.push_str("oe"),
        // No decomposition: lower-cased only (Ð, Ø, Þ; signs and spaces are themselves).
        _ => out.extend(c.to_lowercase()),
    }
}

/// Folds a whole text in one pass, for finding folded words in it (`search::wording`): word
/// characters are folded as [`fold`] folds them, apostrophes become `'`, combining marks go,
/// and every other character becomes a space (ASCII ones stay).
pub fn fold_text_into(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut one = [0u8; 4];
    for c in text.chars() {
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            '\0'..='\u{7f}' => out.push(c),
            '\u{80}'..='\u{ff}' | 'œ' | 'Œ' if crate::analysis::words::is_word_char(c) => {
                push_latin1_folded(c, out)
            }
            '’' | '‘' | 'ʼ' => out.push('\''),
            _ if is_combining_mark(c) => {}
            _ if crate::analysis::words::is_word_char(c) => {
                fold_by_decomposition(c.encode_utf8(&mut one), out)
            }
            _ => out.push(' '),
        }
    }
}

/// Folds one word into a new string.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

impl TokenFilter for FoldFilter {
    type Tokenizer<T: Tokenizer> = FoldTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldTokenizer<T> {
        FoldTokenizer {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`FoldFilter`] applied to a tokenizer.
#[derive(Clone)]
pub struct FoldTokenizer<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldTokenStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream of [`FoldTokenizer`].
pub struct FoldTokenStream<'a, S> {
    tail: S,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for FoldTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            fold_into(&token.text, self.buffer);
            std::mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Sécurité"), "securite");
        assert_eq!(fold("se\u{301}curite\u{301}"), "securite");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold("Noël"), "noel");
        assert_eq!(fold("ça"), "ca");
        assert_eq!(fold("IA"), "ia");
    }

    /// The fold through decomposition alone, for any word.
    fn reference_fold(word: &str) -> String {
        let mut out = String::new();
        super::fold_by_decomposition(word, &mut out);
        out
    }

    #[test]
    fn the_latin1_table_folds_as_the_decomposition_does() {
        for c in ('\u{80}'..='\u{17f}').chain(['œ', 'Œ']) {
            let word = format!("a{c}Z");
            assert_eq!(
                fold(&word),
                reference_fold(&word),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_is_the_reference_fold(word in "([a-zA-Z]|[\u{80}-\u{17f}]|\\PC){0,12}") {
            proptest::prop_assert_eq!(fold(&word), reference_fold(&word));
        }
    }
}
