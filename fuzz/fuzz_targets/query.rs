#![no_main]
//! The query side: the lenient query parser, query analysis (words, elisions, folding, stop
//! words, stemming) and snippets with highlights.
//!
//! The input, read as lossy UTF-8, is `query NUL body NUL lede`; without a NUL the query text is
//! also the body, so that the snippet has something to match.

use std::collections::HashSet;

use kiosque::analysis::analyze_query;
use kiosque::search::query::{Atom, MAX_CLAUSES, parse};
use kiosque::search::snippet::{Snippet, best_snippet, make_snippet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.splitn(3, '\0');
    let query = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or(query);
    let lede = parts.next().unwrap_or_default();

    let parsed = parse(query);
    assert!(parsed.clauses.len() <= MAX_CLAUSES);
    let mut seen = HashSet::new();
    // The highlight terms, as search::Searcher::atom_query collects them.
    let mut terms: HashSet<String> = HashSet::new();
    for clause in &parsed.clauses {
        assert!(seen.insert(clause), "duplicate clause {clause:?}");
        assert!(!clause.alternatives.is_empty(), "clause without atom");
        // `-a OR b` is not an alternative: an excluded clause has one atom.
        assert!(
            !clause.negated || clause.alternatives.len() == 1,
            "{clause:?}"
        );
        for fa in &clause.alternatives {
            let text = match &fa.atom {
                Atom::Word { text, .. } => {
                    assert!(
                        !text.trim().is_empty() && !text.ends_with('*'),
                        "{:?}",
                        fa.atom
                    );
                    text
                }
                Atom::Phrase(p) => {
                    assert!(!p.trim().is_empty(), "blank phrase");
                    p
                }
            };
            let words = analyze_query(text);
            // Phrase queries subtract the first word's position from the others'.
            assert!(
                words.windows(2).all(|w| w[0].position <= w[1].position),
                "positions out of order in {text:?}"
            );
            for w in words {
                terms.insert(w.stem);
                terms.extend(w.exact);
            }
        }
    }
    // Whole-query analysis too (it slices the text at each word's offset).
    let _ = analyze_query(query);
    // Arbitrary terms as well (short ones switch the matcher to "every word is a candidate").
    terms.extend(query.split_whitespace().take(8).map(str::to_owned));

    check_snippet(&best_snippet(&[body, lede], &terms));
    check_snippet(&make_snippet(body, &terms));
});

/// What `Snippet` promises: `[start, end)` ranges in code points into its text, in order, not
/// overlapping, each covering a word (not blank).
fn check_snippet(s: &Snippet) {
    let chars: Vec<char> = s.text.chars().collect();
    let mut last = 0;
    for &[a, b] in &s.highlights {
        assert!(
            a < b && b <= chars.len() && a >= last,
            "bad highlight [{a}, {b}) after {last} in {:?}",
            s.text
        );
        assert!(
            chars[a..b].iter().any(|c| !c.is_whitespace()),
            "blank highlight"
        );
        last = b;
    }
}
