//! Extraction quality on the public sets in `../shared/corpora/` (after
//! `../shared/corpora/unpack.sh target/corpora`):
//!
//! ```text
//! cargo run --release --example eval_extract -- [SHARED_CORPORA] [UNPACKED]
//! ```
//! prints, for `orangesum-html`, title and date match rates and the mean body token F1 against
//! `expected.jsonl`; for `scrapinghub-aeb`, the mean body token F1 against `ground-truth.json`;
//! for `trafilatura-eval-fr`, the share of "with" snippets present and "without" snippets absent;
//! and pages per second of extraction.
//!
//! With `EVAL_PER_PAGE=1`, each `orangesum-html` page is printed to stderr: id, body F1,
//! F1 of standfirst + body, body tokens, expected tokens, standfirst tokens (to find the pages
//! that lose most, and whether the standfirst/body split is what they lose).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kiosque::article::Article;
use kiosque::discover::FileKind;
use kiosque::extract::extract_bytes;
use rayon::prelude::*;
use serde_json::Value;

fn tokens(s: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for t in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *bag.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// F1 of two bags of lower-cased alphanumeric tokens.
fn f1(got: &str, want: &str) -> f64 {
    let (g, w) = (tokens(got), tokens(want));
    let (ng, nw): (usize, usize) = (g.values().sum(), w.values().sum());
    if ng == 0 && nw == 0 {
        return 1.0;
    }
    let common: usize = g
        .iter()
        .map(|(t, n)| (*n).min(*w.get(t).unwrap_or(&0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / ng as f64, common as f64 / nw as f64);
    2.0 * p * r / (p + r)
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn extract(path: &Path) -> Article {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    extract_bytes(&bytes, FileKind::Html, "x")
        .ok()
        .and_then(|e| e.articles.into_iter().next())
        .unwrap_or_default()
}

fn orangesum(shared: &Path, unpacked: &Path) {
    let expected = std::fs::read_to_string(shared.join("orangesum-html/expected.jsonl"))
        .expect("expected.jsonl");
    let records: Vec<Value> = expected
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let started = Instant::now();
    let results: Vec<(bool, bool, f64)> = records
        .par_iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap_or_default();
            let a = extract(&unpacked.join(format!("orangesum-html/html/{id}.html")));
            let want_title = norm(r["title"].as_str().unwrap_or_default());
            let got_title = norm(&a.title);
            let title_ok = !got_title.is_empty() && want_title.starts_with(&got_title);
            let date_ok = a.published.map(|d| d.day_string()).as_deref() == r["date"].as_str();
            let body = a.body.join("\n");
            if std::env::var_os("EVAL_PER_PAGE").is_some() {
                let want = r["article"].as_str().unwrap_or_default();
                eprintln!(
                    "{id}\t{:.4}\t{:.4}\t{}\t{}\t{}",
                    f1(&body, want),
                    f1(&format!("{}\n{body}", a.lede), want),
                    tokens(&body).values().sum::<usize>(),
                    tokens(want).values().sum::<usize>(),
                    tokens(&a.lede).values().sum::<usize>()
                );
            }
            (
                title_ok,
                date_ok,
                f1(&body, r["article"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let secs = started.elapsed().as_secs_f64();
    let n = results.len() as f64;
    println!(
        "orangesum-html ({} pages): title {:.2} %, date {:.2} %, body token F1 {:.4}  [targets: 99 %, 99 %, 0.97]; {:.0} pages/s on {} threads",
        results.len(),
        100.0 * results.iter().filter(|r| r.0).count() as f64 / n,
        100.0 * results.iter().filter(|r| r.1).count() as f64 / n,
        results.iter().map(|r| r.2).sum::<f64>() / n,
        n / secs,
        rayon::current_num_threads()
    );
}

fn scrapinghub(shared: &Path, unpacked: &Path) {
    let truth: HashMap<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(shared.join("scrapinghub-aeb/ground-truth.json"))
            .expect("ground truth"),
    )
    .expect("ground truth parses");
    let scores: Vec<f64> = truth
        .par_iter()
        .map(|(id, v)| {
            let a = extract(&unpacked.join(format!("scrapinghub-aeb/html/{id}.html")));
            f1(
                &a.body.join("\n"),
                v["articleBody"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    println!(
        "scrapinghub-aeb ({} pages): body token F1 {:.4}  [target: 0.93]",
        scores.len(),
        scores.iter().sum::<f64>() / scores.len() as f64
    );
}

fn trafilatura(shared: &Path) {
    let dir = shared.join("trafilatura-eval-fr");
    let data: HashMap<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("evaldata-fr.json")).expect("evaldata"),
    )
    .expect("evaldata parses");
    let (mut with_found, mut with_total, mut without_absent, mut without_total) = (0, 0, 0, 0);
    let mut with_in_body = 0;
    for v in data.values() {
        let a = extract(
            &dir.join("html")
                .join(v["file"].as_str().unwrap_or_default()),
        );
        let body = norm(&a.body.join("\n"));
        let all = norm(&format!("{}\n{}\n{}", a.title, a.lede, a.body.join("\n")));
        for s in v["with"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            with_total += 1;
            if all.contains(&norm(s)) {
                with_found += 1;
            }
            if body.contains(&norm(s)) {
                with_in_body += 1;
            }
        }
        for s in v["without"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            without_total += 1;
            if !all.contains(&norm(s)) {
                without_absent += 1;
            }
        }
    }
    // Both shares over what `kiosque extract` gives (title, standfirst, body); the body alone
    // too, since some "with" snippets are headlines or standfirsts, which kiosque keeps apart.
    println!(
        "trafilatura-eval-fr ({} pages): with present {:.1} % (body alone {:.1} %), without absent {:.1} %  [targets: 90 %, 90 %]",
        data.len(),
        100.0 * with_found as f64 / with_total.max(1) as f64,
        100.0 * with_in_body as f64 / with_total.max(1) as f64,
        100.0 * without_absent as f64 / without_total.max(1) as f64
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let shared = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpora".into()));
    let unpacked = PathBuf::from(args.next().unwrap_or_else(|| "target/corpora".into()));
    orangesum(&shared, &unpacked);
    scrapinghub(&shared, &unpacked);
    trafilatura(&shared);
}
