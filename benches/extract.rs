//! HTML extraction speed (pages/s): decoding, parsing, metadata and main-text extraction of raw
//! news pages through `extract_bytes`, as the indexer calls it.
//!
//! `cargo bench --bench extract`

mod common;

use std::hint::black_box;

use criterion::{SamplingMode, Throughput, criterion_group, criterion_main};
use kiosque::discover::FileKind;
use kiosque::extract::extract_bytes;

fn extract_html(c: &mut criterion::Criterion) {
    let (source, pages) = common::html_pages();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let failed = pages
        .iter()
        .filter(|p| extract_bytes(p, FileKind::Html, "bench").is_err())
        .count();
    eprintln!(
        "extract: {source} — {} pages, {:.1} MB, {failed} without an article",
        pages.len(),
        bytes as f64 / 1e6
    );

    let mut group = c.benchmark_group("extract");
    // One iteration is every page (several MB of HTML): flat sampling and the
    // minimum of 10 samples keep the run short.
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("html_pages", |b| {
        b.iter(|| {
            for p in &pages {
                let _ = black_box(extract_bytes(black_box(p), FileKind::Html, "bench"));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = extract_html
}
criterion_main!(benches);
