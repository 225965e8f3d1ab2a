//! French stop words: the list lives in `index_schema/stopwords-fr.txt`, folded at load, and is
//! applied after folding so that `a` and `à`, `ete` and `été` go alike.

use rustc_hash::FxHashSet;
use std::sync::{Arc, LazyLock};

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::fold::fold;

/// The stop list shipped with kiosque (one word a line, `#` comments).
pub const STOPWORDS_FR: &str = include_str!("../../index_schema/stopwords-fr.txt");

static STOP_SET: LazyLock<Arc<FxHashSet<String>>> = LazyLock::new(|| {
    Arc::new(
        STOPWORDS_FR
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(fold)
            .collect(),
    )
});

/// Is this folded word a stop word?
pub fn is_stop_word(folded: &str) -> bool {
    STOP_SET.contains(folded)
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
    }
}
