//! Snowball French stemming (rust-stemmers), with a per-thread cache, plus exact forms.
//!
//! Stemming makes `générative`, `génératives` and `génératif` one term. It also makes `Meta` and
//! `met` (il met) one term, so a capitalised word is also emitted at the same position as an
//! exact form, `=meta`. Queries ask for both and weigh the exact form, so articles about Meta rank
//! above articles that only contain the verb. Words that are their own stem get one too: it is
//! what tells `Total`, `Casino` or `Carrefour` the companies from `au total` or `un carrefour`.
//! Only capitalised words get exact forms: proper nouns are where stems mislead, and this keeps
//! the index small and the analyzer fast.
//!
//! Acronyms (`OMS`, `CAF`, `FIFA`: a short word in capitals) are not stemmed: Snowball reads
//! them as French words and cuts their endings, so `OMS` became `om`, the term of `OM`. Their
//! only term is their exact form (`=oms`), so that none of them is also the stem of a word:
//! `CAF` is not `caf`, the stem of `café`.

use std::cell::RefCell;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The prefix that marks an exact (unstemmed) form in the index.
pub const EXACT_PREFIX: char = '=';

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));

/// Past this many entries the per-thread cache starts afresh (bounded memory).
const CACHE_LIMIT: usize = 200_000;

thread_local! {
    static CACHE: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::new(FxHashMap::default());
}

/// Stems one folded word into `out` (cleared first), through the cache.
pub fn stem_into(word: &str, out: &mut String) {
    out.clear();
    if word.bytes().all(|b| b.is_ascii_digit()) || word.chars().count() <= 2 {
        out.push_str(word);
        return;
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(word) {
            out.push_str(stem);
            return;
        }
        let stem = STEMMER.stem(word);
        out.push_str(&stem);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.into(), stem.into());
    });
}

/// The stem of another form of a folded word, when Snowball stems that form apart from the
/// word's own: the word with the accent of its ending restored ([`accented_stem`]), or the
/// singular of a plural that Snowball leaves whole ([`singular_stem`]).
pub fn variant_stem(folded: &str) -> Option<String> {
    accented_stem(folded).or_else(|| singular_stem(folded))
}

/// The stem of a word's singular, for the plurals that Snowball leaves whole, apart from every
/// other form of their word:
/// - the third person plural of verbs (`abandonnent`, `manifestent`; Snowball's `abandon`,
///   `manifest` for the rest): for a word of seven letters or more in `-ent` (not `-ment`),
///   the stem of the word without its `nt`;
/// - plurals in `-s` after a vowel that Snowball keeps (`emplois`, `lois`, `disparus`; their
///   singulars are `emploi`, `loi`, `disparu`): for a word of four letters or more that
///   Snowball leaves whole, the stem of the word without its `s`.
///
/// For a noun (`président`, `continent`) or an invariable word (`fois`), that is another
/// word's stem, which queries only search where the index holds it, at a lower weight than the
/// word's own.
pub fn singular_stem(folded: &str) -> Option<String> {
    if let Some(singular) = folded.strip_suffix("nt") {
        return (folded.len() >= 7 && singular.ends_with('e') && !singular.ends_with("me"))
            .then(|| stem(singular));
    }
    let singular = folded.strip_suffix('s')?;
    (folded.len() >= 4 && stem(folded) == folded).then(|| stem(singular))
}

/// Endings that Snowball's French rules read by their accent, and which folded words have lost,
/// longest first.
const ACCENTED_ENDINGS: &[(&str, &str)] = &[
    ("ieres", "ières"),
    ("iere", "ière"),
    ("ites", "ités"),
    ("ees", "ées"),
    ("yes", "yés"),
    ("ite", "ité"),
    ("ee", "ée"),
    ("ye", "yé"),
];

/// The stem that a folded word would have with the accent of its ending, folded again, when
/// its ending is one that Snowball reads by its accent. Words are folded before they are
/// stemmed (so that `securite` and `sécurité` meet), which costs those endings: `massacrées`
/// is `massacre` in the index, apart from `massacr` (`massacre`, `massacrer`, `massacrés`),
/// and `publiée` is `publie`, apart from `publi`. On 12,000 OrangeSum articles, 1.4 % of the
/// words' occurrences have another term than most forms of their word (as Snowball stems
/// them with their accents); 0.2 % would with these endings restored. Queries search this
/// stem beside the word's own (indexing it instead cost the known-item titles 0.002 MRR@10).
pub fn accented_stem(folded: &str) -> Option<String> {
    let accented = ACCENTED_ENDINGS.iter().find_map(|(end, accented)| {
        let kept = folded.len().checked_sub(end.len())?;
        (kept > 2 && folded.ends_with(end)).then(|| format!("{}{accented}", &folded[..kept]))
    })?;
    Some(stem(&accented).replace(['é', 'è'], "e"))
}

/// The longest word read as an acronym.
pub const ACRONYM_MAX_CHARS: usize = 6;

/// Whether a word, as written, is an acronym: two to six capitals (digits allowed, `G20`,
/// `TF1`), no lower-case letter.
pub fn is_acronym(written: &str) -> bool {
    let mut capitals = 0;
    let mut chars = 0;
    for c in written.chars() {
        chars += 1;
        if chars > ACRONYM_MAX_CHARS {
            return false;
        }
        if c.is_uppercase() {
            capitals += 1;
        } else if !c.is_ascii_digit() {
            return false;
        }
    }
    capitals >= 2
}

/// The term of one folded word, written `written` in the text: its stem, or for an acronym
/// its exact form and nothing else (`CAF` is `=caf`, apart from `caf`, the stem of `café`).
/// Index, query analysis and snippets all go through this.
pub fn term_into(folded: &str, written: &str, out: &mut String) {
    if is_acronym(written) {
        out.clear();
        out.push(EXACT_PREFIX);
        out.push_str(folded);
    } else {
        stem_into(folded, out);
    }
}

/// Stems one folded word.
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// The exact-form term of a folded word.
pub fn exact_term(folded: &str) -> String {
    let mut t = String::with_capacity(folded.len() + 1);
    t.push(EXACT_PREFIX);
    t.push_str(folded);
    t
}

/// Whether a word (or the text from its first letter on) is capitalised, the rule for which
/// words get an exact form: index, query analysis and snippets all ask this.
pub fn is_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// Replaces each (folded) token by its stem, and adds the exact form of capitalised words; an
/// acronym is its exact form alone.
#[derive(Clone, Debug, Default)]
pub struct StemFilter;

impl TokenFilter for StemFilter {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<T> {
        StemTokenizer {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`StemFilter`] applied to a tokenizer.
#[derive(Clone)]
pub struct StemTokenizer<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemTokenStream {
            text,
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
            exact: None,
        }
    }
}

/// The token stream of [`StemTokenizer`].
pub struct StemTokenStream<'a, S> {
    /// The original text: its first letter tells whether a word was capitalised.
    text: &'a str,
    tail: S,
    buffer: &'a mut String,
    /// The exact form waiting to be emitted after the stem, at the same position.
    exact: Option<Token>,
}

impl<S: TokenStream> TokenStream for StemTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        if let Some(exact) = self.exact.take() {
            *self.tail.token_mut() = exact;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        term_into(
            &token.text,
            &self.text[token.offset_from..token.offset_to],
            self.buffer,
        );
        if is_capitalised(&self.text[token.offset_from..]) && !self.buffer.starts_with(EXACT_PREFIX)
        {
            let mut exact = token.clone();
            exact.text = exact_term(&token.text);
            self.exact = Some(exact);
        }
        std::mem::swap(&mut token.text, self.buffer);
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
    use super::*;

    #[test]
    fn accented_stem_restores_the_endings_snowball_reads_by_their_accent() {
        // Folded, these stem apart from their other forms.
        assert_eq!(stem("massacrees"), "massacre");
        assert_eq!(stem("massacrer"), "massacr");
        for (folded, accented) in [
            ("massacrees", "massacr"),
            ("publiee", "publi"),
            ("securite", "secur"),
            ("premiere", "premi"),
            ("envoye", "envoi"),
        ] {
            assert_eq!(accented_stem(folded).as_deref(), Some(accented), "{folded}");
        }
        // Other endings, and words too short to have such an ending, have none.
        for folded in ["massacre", "publier", "nee", "ete", "vite"] {
            assert_eq!(accented_stem(folded), None, "{folded}");
        }
    }

    #[test]
    fn singular_stem_is_the_stem_of_plurals_snowball_leaves_whole() {
        assert_eq!(stem("abandonnent"), "abandonnent");
        assert_eq!(singular_stem("abandonnent").as_deref(), Some("abandon"));
        assert_eq!(variant_stem("manifestent").as_deref(), Some("manifest"));
        assert_eq!(stem("emplois"), "emplois");
        assert_eq!(singular_stem("emplois").as_deref(), Some("emploi"));
        assert_eq!(singular_stem("lois").as_deref(), Some("loi"));
        // A plural that Snowball stems has its stem already.
        assert_eq!(singular_stem("maisons"), None);
        // Adverbs in -ment are stemmed already; short words are left alone.
        for folded in ["gouvernement", "rapidement", "parent", "client"] {
            assert_eq!(singular_stem(folded), None, "{folded}");
        }
    }
}
