//! Synonyms and acronyms applied at query time: `IA` also finds « intelligence artificielle »,
//! and the other way round. The curated French news list ships in
//! `index_schema/synonyms-fr.txt`; users add their own with `--synonyms FILE` or
//! `$KIOSQUE_SYNONYMS`.
//!
//! File format: one group of equivalent expressions per line, separated by `,` or `=`;
//! `#` starts a comment. Expressions are compared after the query analysis (case, accents,
//! elision, stop words, stemming), so `Union européenne` also matches `union europeenne`.

use std::path::Path;
use std::sync::OnceLock;

use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::analysis::{EXACT_PREFIX, analyze_query, fold, stop, words};

/// The list shipped with kiosque.
const BUILT_IN: &str = include_str!("../../index_schema/synonyms-fr.txt");

/// One expression of a group. Its stems are worked out only when a query could match it:
/// a search process reads the whole list but analyzes only the expressions whose first word
/// starts like a query word (stemming only rewrites endings).
#[derive(Debug, Clone)]
struct Expression {
    /// As written in the file.
    text: String,
    /// First two bytes of its first word once folded (stop words skipped); `None` when that
    /// word is shorter (then it is always analyzed).
    head: Option<[u8; 2]>,
    /// Stems in order (stop words dropped), on first need.
    stems: OnceLock<Vec<String>>,
}

impl Expression {
    fn new(text: &str) -> Option<Expression> {
        let mut tokenizer = words::WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut first = None;
        while stream.advance() {
            let folded = fold::fold(&stream.token().text);
            if !stop::is_stop_word(&folded) {
                first = Some(folded);
                break;
            }
        }
        let first = first?;
        Some(Expression {
            text: text.to_owned(),
            head: match first.as_bytes() {
                [a, b, ..] => Some([*a, *b]),
                _ => None,
            },
            stems: OnceLock::new(),
        })
    }

    fn stems(&self) -> &[String] {
        self.stems.get_or_init(|| {
            analyze_query(&self.text)
                .into_iter()
                .map(|w| w.stem)
                .collect()
        })
    }
}

/// Groups of equivalent expressions.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Expression>>,
}

/// A synonym found in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// Index of the first query word matched (in the sequence given to [`Synonyms::expand`]).
    pub start: usize,
    /// How many query words were matched.
    pub len: usize,
    /// The expression matched, as written in the list.
    pub matched: String,
    /// The equivalent expressions to search too, as written in the list.
    pub alternatives: Vec<String>,
}

impl Synonyms {
    /// The built-in list.
    pub fn built_in() -> Synonyms {
        let mut s = Synonyms::default();
        s.add_text(BUILT_IN);
        s
    }

    /// The built-in list plus a user's file.
    pub fn with_file(path: &Path) -> std::io::Result<Synonyms> {
        let text = std::fs::read_to_string(path)?;
        let mut s = Synonyms::built_in();
        s.add_text(&text);
        Ok(s)
    }

    /// Adds the groups of a list (same format as the file).
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let group: Vec<Expression> = line
                .split([',', '='])
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .filter_map(Expression::new)
                .collect();
            if group.len() > 1 {
                self.groups.push(group);
            }
        }
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there is no group.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Finds the expressions of the list in a sequence of query words, longest first and
    /// without overlaps, and says what else to search for each. Each word is its stem and
    /// another term it may match (the same, or the exact form of a lower-case word: `oms` is
    /// the acronym `OMS`, whose term is `=oms`, before it is the stem `om`); an
    /// expression matched through those other terms wins over one of the same length matched
    /// through stems.
    pub fn expand(&self, words: &[(&str, &str)]) -> Vec<Expansion> {
        let mut out = Vec::new();
        let heads: Vec<[u8; 2]> = words
            .iter()
            .flat_map(|(s, o)| [s, o])
            .filter_map(|s| match s.trim_start_matches(EXACT_PREFIX).as_bytes() {
                [a, b, ..] => Some([*a, *b]),
                _ => None,
            })
            .collect();
        let may_start = |e: &Expression| e.head.is_none_or(|h| heads.contains(&h));
        let mut i = 0;
        while i < words.len() {
            // ((length, words matched through their other term), group, expression)
            let mut best: Option<((usize, usize), usize, usize)> = None;
            for (g, group) in self.groups.iter().enumerate() {
                for (e, expr) in group.iter().enumerate() {
                    if !may_start(expr) {
                        continue;
                    }
                    let st = expr.stems();
                    let n = st.len();
                    if n == 0 || i + n > words.len() {
                        continue;
                    }
                    let pairs = st.iter().zip(&words[i..i + n]);
                    if !pairs.clone().all(|(a, (s, o))| a == s || a == o) {
                        continue;
                    }
                    let other = pairs.filter(|(a, (s, o))| a != s && a == o).count();
                    if best.is_none_or(|(rank, _, _)| (n, other) > rank) {
                        best = Some(((n, other), g, e));
                    }
                }
            }
            match best {
                Some(((n, _), g, e)) => {
                    let group = &self.groups[g];
                    let mut alternatives: Vec<String> = Vec::new();
                    for (k, other) in group.iter().enumerate() {
                        if k != e
                            && other.stems() != group[e].stems()
                            && !alternatives.contains(&other.text)
                        {
                            alternatives.push(other.text.clone());
                        }
                    }
                    if !alternatives.is_empty() {
                        out.push(Expansion {
                            start: i,
                            len: n,
                            matched: group[e].text.clone(),
                            alternatives,
                        });
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<String> {
        analyze_query(q).into_iter().map(|w| w.stem).collect()
    }

    fn expand(s: &Synonyms, q: &str) -> Vec<Expansion> {
        let st = stems(q);
        let refs: Vec<(&str, &str)> = st.iter().map(|s| (s.as_str(), s.as_str())).collect();
        s.expand(&refs)
    }

    #[test]
    fn a_lower_case_word_matches_an_acronym_before_a_stem() {
        let mut s = Synonyms::default();
        s.add_text("OM = Olympique de Marseille\nOMS = Organisation mondiale de la santé\n");
        // `oms` typed in lower case: its stem is `om`, its acronym reading `=oms` (OMS).
        let e = s.expand(&[("om", "=oms")]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].alternatives, ["Organisation mondiale de la santé"]);
        // `om` typed in lower case is OM.
        let e = s.expand(&[("om", "=om")]);
        assert_eq!(e[0].alternatives, ["Olympique de Marseille"]);
        // Its stem alone is no acronym.
        assert!(s.expand(&[("om", "om")]).is_empty());
    }

    #[test]
    fn acronyms_and_their_expansions_find_each_other() {
        let mut s = Synonyms::default();
        s.add_text("IA = intelligence artificielle\n# a comment\nUE, Union européenne, Union européenne des 27\n");
        assert_eq!(s.len(), 2);
        let e = expand(&s, "l'IA générative");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].start, e[0].len), (0, 1));
        assert_eq!(e[0].alternatives, vec!["intelligence artificielle"]);
        let e = expand(&s, "les intelligences artificielles");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].start, e[0].len), (0, 2));
        assert_eq!(e[0].alternatives, vec!["IA"]);
        // Accents and case do not matter; the longest expression wins.
        let e = expand(&s, "sommet de l'union europeenne des 27 à Bruxelles");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].matched, "Union européenne des 27");
        assert_eq!(e[0].len, 3, "{e:?}");
        assert!(expand(&s, "la météo de demain").is_empty());
    }

    #[test]
    fn the_built_in_list_loads_and_knows_the_usual_acronyms() {
        let s = Synonyms::built_in();
        assert!(s.len() >= 40, "{} groups", s.len());
        for (acronym, expansion) in [
            ("IA", "intelligence artificielle"),
            ("UE", "Union européenne"),
            ("SNCF", "Société nationale des chemins de fer français"),
            ("PMA", "procréation médicalement assistée"),
        ] {
            let e = expand(&s, acronym);
            assert!(
                e.iter()
                    .any(|x| x.alternatives.iter().any(|a| a == expansion)),
                "{acronym}: {e:?}"
            );
        }
    }

    #[test]
    fn lines_with_one_expression_are_ignored() {
        let mut s = Synonyms::default();
        s.add_text("seul\n , ,\nle, la\n");
        assert!(s.is_empty(), "{s:?}");
    }
}
