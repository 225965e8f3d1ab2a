//! Snippet generation: time per snippet of `best_snippet` over the body and standfirst of
//! articles that match a query, for a few queries. The highlight terms are built as the searcher
//! builds them: each query word's stem, plus its exact form when that differs.
//!
//! `cargo bench --bench snippet`

mod common;

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{BenchmarkId, Throughput, criterion_group, criterion_main};
use kiosque::analysis;
use kiosque::search::snippet::best_snippet;

/// Queries typical of a news archive: one word, a name, a few words, stop words included.
const QUERIES: [&str; 5] = [
    "coronavirus",
    "Emmanuel Macron",
    "réforme des retraites",
    "sécurité routière",
    "prix de l'essence en hausse",
];

/// At most this many matching articles per query.
const HITS: usize = 100;

/// The highlight terms of a query, as `Searcher::build` collects them for plain words.
fn highlight_terms(query: &str) -> HashSet<String> {
    let mut terms = HashSet::new();
    for w in analysis::analyze_query(query) {
        terms.insert(w.stem);
        terms.extend(w.exact);
    }
    terms
}

fn snippets(c: &mut criterion::Criterion) {
    let data = common::articles();
    eprintln!("snippet: {} — {} articles", data.source, data.docs.len());
    // Every article's terms, once, to find the hits of each query.
    let mut analyzer = analysis::french_analyzer();
    let doc_terms: Vec<HashSet<String>> = data
        .docs
        .iter()
        .map(|d| {
            let mut t: HashSet<String> = analysis::analyze_with(&mut analyzer, &d.body)
                .into_iter()
                .map(|t| t.text)
                .collect();
            t.extend(
                analysis::analyze_with(&mut analyzer, &d.lede)
                    .into_iter()
                    .map(|t| t.text),
            );
            t
        })
        .collect();

    let mut group = c.benchmark_group("snippet");
    // One iteration is one snippet: `time` is the time per snippet.
    group.throughput(Throughput::Elements(1));
    for query in QUERIES {
        let terms = highlight_terms(query);
        let mut hits: Vec<[&str; 2]> = data
            .docs
            .iter()
            .zip(&doc_terms)
            .filter(|(_, t)| !t.is_disjoint(&terms))
            .map(|(d, _)| [d.body.as_str(), d.lede.as_str()])
            .take(HITS)
            .collect();
        let matched = !hits.is_empty();
        if !matched {
            // No article matches (tiny sample set): snippets of non-matching text still count.
            hits = data
                .docs
                .iter()
                .take(HITS)
                .map(|d| [d.body.as_str(), d.lede.as_str()])
                .collect();
        }
        let avg_kb = hits.iter().map(|h| h[0].len() + h[1].len()).sum::<usize>() as f64
            / hits.len() as f64
            / 1e3;
        eprintln!(
            "snippet: {query:?} → terms {:?}, {} {} articles, {avg_kb:.1} KB on average",
            {
                let mut t: Vec<&String> = terms.iter().collect();
                t.sort();
                t
            },
            hits.len(),
            if matched {
                "matching"
            } else {
                "(none matching)"
            }
        );
        group.bench_with_input(BenchmarkId::new("best_snippet", query), &hits, |b, hits| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % hits.len();
                black_box(best_snippet(black_box(&hits[i]), &terms))
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = snippets
}
criterion_main!(benches);
