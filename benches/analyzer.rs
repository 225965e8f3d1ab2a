//! Throughput of the French analyzer (MB/s of article text): the whole chain as the index and
//! snippets run it, and the word tokenizer alone; and of the duplicate key that the index
//! computes for every article.
//!
//! `cargo bench --bench analyzer`

mod common;

use std::hint::black_box;

use criterion::{SamplingMode, Throughput, criterion_group, criterion_main};
use kiosque::analysis::{self, words::WordTokenizer};
use kiosque::article::Article;
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn analyzer(c: &mut criterion::Criterion) {
    let data = common::articles();
    let texts: Vec<&str> = data.docs.iter().map(|d| d.body.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    eprintln!(
        "analyzer: {} — {} texts, {:.1} MB",
        data.source,
        texts.len(),
        bytes as f64 / 1e6
    );

    let mut group = c.benchmark_group("analyzer");
    // One iteration is the whole text set (a few MB): flat sampling and the
    // minimum of 10 samples keep the run short.
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));

    // `analyze` as called per text (it builds the analyzer each time).
    group.bench_function("analyze", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(analysis::analyze(black_box(t)));
            }
        })
    });

    // The same chain built once and reused, as the indexer's tokenizer manager does.
    group.bench_function("analyze_with_reused", |b| {
        let mut a = analysis::french_analyzer();
        b.iter(|| {
            for t in &texts {
                black_box(analysis::analyze_with(&mut a, black_box(t)));
            }
        })
    });

    // Word splitting and elision only (no folding, stop words or stemming).
    group.bench_function("word_tokenizer", |b| {
        let mut tokenizer = WordTokenizer::default();
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                let mut stream = tokenizer.token_stream(black_box(t));
                while stream.advance() {
                    n += stream.token().text.len();
                }
            }
            black_box(n)
        })
    });

    // The duplicate key of every article (its body, lower-cased and re-spaced, hashed).
    let articles: Vec<Article> = texts
        .iter()
        .map(|t| Article {
            body: t.split("\n\n").map(str::to_owned).collect(),
            ..Article::default()
        })
        .collect();
    group.bench_function("duplicate_key", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(kiosque::schema::duplicate_key(black_box(a)));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = analyzer
}
criterion_main!(benches);
