//! Typing mistakes: a query word that no article holds is searched as the closest word that the
//! index holds (`Macorn` as `macron`, `instiutionnelle` as `institutionnelle`), as search boxes
//! do. Stems of five to seven letters may be one letter off, longer ones two; swapping two
//! neighbouring letters counts as one. Whole words that the index holds as exact forms are
//! looked at too, for mistakes in a word's ending. Among the closest words, the one most
//! articles hold wins.

use std::collections::BTreeMap;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy_fst::Automaton;

use crate::analysis::EXACT_PREFIX;

/// Weight of a word searched in place of the word typed: a guess counts less than what was
/// typed. Measured with `kiosque eval` (PIAF questions, MRR@10): 0.7508 without respelling,
/// 0.7606 at weight 1, 0.7600 at 0.5; at weight 1 one standfirst lost its article (`Messein`,
/// a village that the archive does not name, searched as `messin`), at 0.5 none did.
pub const RESPELLED_WEIGHT: f32 = 0.5;

/// How many letters a stem of `chars` letters may be off: none below five letters (too many
/// short words are one letter apart), one up to seven, two from eight. The first letter must
/// be right: mistakes there are rare, and allowing them made `géologiques` `neolog` and `Syrie`
/// `ser` on PIAF's index.
pub fn allowed_typos(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// The terms of `fields` closest to `probe`, at most `typos` edits away, with their distance;
/// only exact forms when `probe` is one (`=gouvernemnt`), only stems otherwise. Exact forms are
/// the index's dictionary of whole words (those it has seen capitalised): a mistake in a
/// word's ending (`gouvernemnt`, whose stem is itself) is one edit from a whole word
/// (`=gouvernement`) and far from its stem (`gouvern`). The first letter must be the same. One
/// edit is tried first: the automaton for two takes about 20 ms to build. Empty when `typos`
/// is 0 or nothing is that close.
pub fn close_terms(
    searcher: &Searcher,
    fields: &[Field],
    probe: &str,
    typos: u8,
) -> tantivy::Result<BTreeMap<String, u8>> {
    let exact = probe.starts_with(EXACT_PREFIX);
    let first = probe.trim_start_matches(EXACT_PREFIX).chars().next();
    let mut out = BTreeMap::new();
    for distance in 1..=typos {
        let dfa = LevenshteinAutomatonBuilder::new(distance, true).build_dfa(probe);
        for segment in searcher.segment_readers() {
            for &field in fields {
                let inverted = segment.inverted_index(field)?;
                let mut terms = inverted.terms().search(Dfa(&dfa)).into_stream()?;
                while terms.advance() {
                    let key = terms.key();
                    let Ok(text) = std::str::from_utf8(key) else {
                        continue;
                    };
                    if text.starts_with(EXACT_PREFIX) != exact
                        || text == probe
                        || text.trim_start_matches(EXACT_PREFIX).chars().next() != first
                    {
                        continue;
                    }
                    if let Distance::Exact(d) = dfa.eval(key) {
                        out.entry(text.to_owned()).or_insert(d);
                    }
                }
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    Ok(out)
}

/// The Levenshtein automaton, as the term dictionary walks it.
struct Dfa<'a>(&'a DFA);

impl Automaton for Dfa<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_words_may_be_further_off() {
        assert_eq!(allowed_typos(4), 0);
        assert_eq!(allowed_typos(5), 1);
        assert_eq!(allowed_typos(7), 1);
        assert_eq!(allowed_typos(8), 2);
    }
}
