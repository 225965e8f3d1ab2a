//! French stop words: the list lives in `index_schema/stopwords-fr.txt`, folded at load, and is
//! applied after folding so that `a` and `à`, `ete` and `été` go alike.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::fold::fold;

/// The stop list shipped with kiosque (one word a line, `#` comments).
pub const STOPWORDS_FR: &str = include_str!("../../index_schema/stopwords-fr.txt");

/// The stop list, folded: words of up to 8 bytes (all of the shipped list) packed into a `u64`
/// each, so that the check of every token of every text hashes and compares one integer;
/// longer ones, if the list ever has some, as strings.
struct StopSet {
    short: FxHashSet<u64>,
    long: FxHashSet<String>,
}

/// A word of at most 8 bytes as one integer (words hold no NUL byte, so this is one-to-one).
fn pack(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 8).then(|| {
        let mut b = [0u8; 8];
        b[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(b)
    })
}

static STOP_SET: LazyLock<StopSet> = LazyLock::new(|| {
    let mut set = StopSet {
        short: FxHashSet::default(),
        long: FxHashSet::default(),
    };
    for word in STOPWORDS_FR
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(fold)
    {
        match pack(&word) {
            Some(k) => set.short.insert(k),
            None => set.long.insert(word),
        };
    }
    set
});

/// Is this folded word a stop word?
pub fn is_stop_word(folded: &str) -> bool {
    match pack(folded) {
        Some(k) => STOP_SET.short.contains(&k),
        None => !STOP_SET.long.is_empty() && STOP_SET.long.contains(folded),
    }
}

/// Removes stop words (tokens must already be folded).
#[derive(Clone, Debug, Default)]
pub struct StopFilter;

impl TokenFilter for StopFilter {
    type Tokenizer<T: Tokenizer> = StopTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopTokenizer<T> {
        StopTokenizer { inner: tokenizer }
    }
}

/// [`StopFilter`] applied to a tokenizer.
#[derive(Clone)]
pub struct StopTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StopTokenizer<T> {
    type TokenStream<'a> = StopTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopTokenStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`StopTokenizer`].
pub struct StopTokenStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for StopTokenStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if !is_stop_word(&self.tail.token().text) {
                return true;
            }
        }
        false
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
    use super::is_stop_word;

    #[test]
    fn news_acronyms_are_not_stop_words() {
        for w in ["ia", "ue", "ps", "rn", "pma", "meta", "met", "ete", "est"] {
            assert!(!is_stop_word(w), "{w}");
        }
        for w in ["le", "la", "les", "de", "a", "et", "etait", "il"] {
            assert!(is_stop_word(w), "{w}");
        }
        // A question's words: the text that answers it holds a date or a place, not "quand".
        for w in [
            "quand", "quelle", "combien", "pourquoi", "comment", "lequel",
        ] {
            assert!(is_stop_word(w), "{w}");
        }
        // Packing is one-to-one: a prefix or an extension of a stop word is not one.
        for w in ["lesx", "etaient", "etaitx", "", "anticonstitutionnellement"] {
            assert_eq!(is_stop_word(w), w == "etaient", "{w}");
        }
    }
}
