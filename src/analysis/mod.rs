//! The French analyzer, defined once and used at index time, at query time and for snippets.

pub mod fold;
pub mod stem;
pub mod stop;
pub mod words;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

pub use fold::fold;
pub use stem::{
    ACRONYM_MAX_CHARS, EXACT_PREFIX, exact_term, is_acronym, is_capitalised, stem, term_into,
    variant_stem,
};

/// Name under which the French analyzer is registered on every index.
pub const FRENCH: &str = "kiosque_fr";
/// Name of the analyzer for names and labels (authors, source, section, tags): words, folded.
pub const LABEL: &str = "kiosque_label";

/// Version of the analysis chain. Any change to what terms it produces bumps it, and indexes
/// made with another version are refused (`kiosque index --rebuild`).
pub const ANALYZER_VERSION: u32 = 7;

/// The French analyzer, in order:
/// 1. words, with elisions dropped (`l’IA` → `IA`), so offsets point at the word itself;
/// 2. fold case and accents (NFD, marks removed): decomposed and composed accents, capitals and
///    accent-less typing all meet here, before anything looks words up;
/// 3. stop words, matched on folded forms (the list is folded too);
/// 4. Snowball stemming of the folded word (folding first is what makes `securite` and
///    `sécurité` one stem: stemming first gives `sécur` vs `securit`), plus the exact form of
///    capitalised words (`=meta` beside `met`); an acronym is its exact form alone (`OMS` is
///    `=oms`, not `om`).
pub fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(words::WordTokenizer::default())
        .filter(fold::FoldFilter)
        .filter(stop::StopFilter)
        .filter(stem::StemFilter)
        .build()
}

/// The analyzer of names and labels: words, folded; no stop words, no stemming.
pub fn label_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(words::WordTokenizer::default())
        .filter(fold::FoldFilter)
        .build()
}

/// One analyzed word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The indexed term (a stem, or an exact form starting with [`EXACT_PREFIX`]).
    pub text: String,
    /// Byte range of the word in the analyzed text.
    pub from: usize,
    /// End of that byte range.
    pub to: usize,
    /// Word position.
    pub position: usize,
}

/// Runs an analyzer over a text and collects its terms.
pub fn analyze_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Term> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Term {
            text: t.text.clone(),
            from: t.offset_from,
            to: t.offset_to,
            position: t.position,
        });
    }
    out
}

/// Runs the French analyzer over a text.
pub fn analyze(text: &str) -> Vec<Term> {
    analyze_with(&mut french_analyzer(), text)
}

/// One word of a query, with the terms that match it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    /// Its folded form (before stemming).
    pub folded: String,
    /// Its stem.
    pub stem: String,
    /// Its exact-form term (documents hold exact forms of capitalised words only; queries weigh
    /// it for capitalised query words, and not at all by default for lower-case ones).
    pub exact: Option<String>,
    /// Another term that the word may stand for, searched beside its stem: the acronym that a
    /// word may be (`=oms` for `oms`), the lower-case spelling of an acronym (`sncf` for
    /// `SNCF`), or the stem of other forms of the word (`massacr` for `massacrees`). Set by the
    /// searcher, which knows the index.
    pub also: Option<OtherReading>,
    /// Word position in the query (stop words leave gaps, as they do in documents).
    pub position: usize,
    /// Typed with a capital (`Meta`, `ORANGE`): likely a proper noun.
    pub capitalized: bool,
}

/// A second term for a query word, and how the two readings weigh: an article counts through
/// whichever it holds, once.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherReading {
    pub term: String,
    /// Weight of a match through `term`.
    pub weight: f32,
    /// Weight of a match through the word's stem.
    pub stem_weight: f32,
}

/// Whether a word, as written, is all capitals and longer than an acronym (`SÉCURITÉ`).
fn is_shouted(written: &str) -> bool {
    written.chars().count() > ACRONYM_MAX_CHARS && !written.chars().any(char::is_lowercase)
}

/// Analyzes query text the way documents are analyzed, keeping each word's exact form.
pub fn analyze_query(text: &str) -> Vec<QueryWord> {
    let mut unstemmed = TextAnalyzer::builder(words::WordTokenizer::default())
        .filter(fold::FoldFilter)
        .filter(stop::StopFilter)
        .build();
    analyze_with(&mut unstemmed, text)
        .into_iter()
        .map(|t| {
            let mut stem = String::new();
            term_into(&t.text, &text[t.from..t.to], &mut stem);
            // An acronym's term is its exact form already.
            let exact = (!stem.starts_with(EXACT_PREFIX)).then(|| exact_term(&t.text));
            QueryWord {
                folded: t.text,
                stem,
                exact,
                also: None,
                position: t.position,
                // A long word in capitals is typed with caps lock on, not a name.
                capitalized: is_capitalised(&text[t.from..]) && !is_shouted(&text[t.from..t.to]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.text).collect()
    }

    /// Sentence in, terms out: the golden table of the analyzer.
    #[test]
    fn golden_table() {
        let table: &[(&str, &[&str])] = &[
            ("l’IA générative", &["=ia", "gener"]),
            ("L'IA", &["=ia"]),
            ("d'argent", &["argent"]),
            ("aujourd'hui", &["aujourd'hui"]),
            ("Aujourd’hui", &["aujourd'hui", "=aujourd'hui"]),
            ("« guillemets »", &["guillemet"]),
            ("sécurité\u{a0}routière", &["securit", "routier"]),
            ("securite routiere", &["securit", "routier"]),
            ("SÉCURITÉ", &["securit", "=securite"]),
            ("se\u{301}curite\u{301}", &["securit"]),
            ("génératives génératif", &["gener", "gener"]),
            ("Meta", &["met", "=meta"]),
            ("il met", &["met"]),
            ("UE PS RN PMA", &["=ue", "=ps", "=rn", "=pma"]),
            // Acronyms are their exact form: Snowball would make `OMS` the `om` of `OM`, and
            // `caf` is the stem of `café`.
            ("l'OMS et l'OM", &["=oms", "=om"]),
            ("CNRS, CNR", &["=cnrs", "=cnr"]),
            ("la Fifa, la FIFA", &["fif", "=fifa", "=fifa"]),
            ("la CAF, un café", &["=caf", "caf"]),
            ("Total", &["total", "=total"]),
            ("au total", &["total"]),
            ("qu'il a été", &["ete"]),
            ("Jusqu’à 35 %", &["35"]),
            ("1 200 morts, 3,5 %", &["1200", "mort", "3,5"]),
        ];
        for (input, expected) in table {
            assert_eq!(&terms(input), expected, "input: {input}");
        }
    }

    proptest::proptest! {
        /// Typing without accents gives the same terms, for any text of French letters,
        /// apostrophes, punctuation and capitals (exact forms included).
        #[test]
        fn accent_insensitive(text in "[a-zA-ZàâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛŒ'’ ,.«»-]{0,80}") {
            let bare: String = text.split_inclusive(|c: char| !c.is_alphanumeric())
                .map(|w| {
                    // Keep each word's case pattern: fold accents only, not case.
                    w.chars().map(|c| {
                        let f = fold(&c.to_string());
                        let mut f = f.chars();
                        match (f.next(), f.next()) {
                            (Some(b), None) if c.is_uppercase() => b.to_ascii_uppercase(),
                            (Some(b), None) => b,
                            _ => c,
                        }
                    }).collect::<String>()
                })
                .collect();
            let a: Vec<String> = analyze(&text).into_iter().map(|t| t.text).collect();
            let b: Vec<String> = analyze(&bare).into_iter().map(|t| t.text).collect();
            proptest::prop_assert_eq!(a, b);
        }

        /// Offsets always slice the text on character boundaries.
        #[test]
        fn offsets_are_char_boundaries(text in "\\PC{0,60}") {
            for t in analyze(&text) {
                proptest::prop_assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
                proptest::prop_assert!(t.from < t.to);
            }
        }
    }

    #[test]
    fn a_long_word_in_capitals_is_not_a_name() {
        let caps: Vec<bool> = analyze_query("SÉCURITÉ Meta MACRON ROUTIÈRE")
            .iter()
            .map(|w| w.capitalized)
            .collect();
        // Caps lock, a name, an acronym (or a name in capitals), caps lock.
        assert_eq!(caps, [false, true, true, false]);
    }

    #[test]
    fn offsets_slice_the_original_word() {
        let text = "Selon l’IA, c'est prévu.";
        let t = analyze(text);
        let ia = t.iter().find(|t| t.text == "=ia").expect("the word IA");
        assert_eq!(&text[ia.from..ia.to], "IA");
    }
}
