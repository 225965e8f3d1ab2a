//! The JSON that scripts rely on: `search --json`, `search --jsonl`, `extract --json`,
//! `stats --json`, `index --json`. Field names and types are pinned here with test-only
//! structs that refuse unknown fields, so that any rename, addition or removal is a
//! deliberate, visible change of the contract.

mod common;

use std::collections::BTreeSet;

use common::{Workspace, shared};
use serde::Deserialize;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// The contract, as strict structs.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Results {
    query: String,
    total_hits: u64,
    took_ms: f64,
    hits: Vec<Hit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every field is checked by deserializing; only some are read
struct Hit {
    rank: u64,
    score: f64,
    id: String,
    title: String,
    date: Option<String>,
    authors: Vec<String>,
    source: Option<String>,
    section: Option<String>,
    url: Option<String>,
    path: String,
    duplicates: u64,
    snippet: Snippet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snippet {
    text: String,
    highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every field is checked by deserializing; only some are read
struct Extracted {
    id: String,
    path: String,
    url: Option<String>,
    title: String,
    lede: String,
    body: String,
    authors: Vec<String>,
    date: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    source: Option<String>,
    section: Option<String>,
    tags: Vec<String>,
    lang: Option<String>,
}

const HIT_KEYS: &[&str] = &[
    "rank",
    "score",
    "id",
    "title",
    "date",
    "authors",
    "source",
    "section",
    "url",
    "path",
    "duplicates",
    "snippet",
];

const EXTRACT_KEYS: &[&str] = &[
    "id",
    "path",
    "url",
    "title",
    "lede",
    "body",
    "authors",
    "date",
    "published",
    "modified",
    "source",
    "section",
    "tags",
    "lang",
];

/// The keys of a JSON object (serde's `Option` accepts a missing key; the contract wants every
/// key present, `null` when unknown).
#[track_caller]
fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not a JSON object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set(names: &[&'static str]) -> BTreeSet<&'static str> {
    names.iter().copied().collect()
}

fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.split('-').all(|p| p.bytes().all(|c| c.is_ascii_digit()))
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

/// Every rule a hit must follow; `rank` is the expected rank.
#[track_caller]
fn check_hit(h: &Hit, rank: u64) {
    assert_eq!(
        h.rank, rank,
        "ranks count from 1 (plus the offset), without gaps: {h:?}"
    );
    assert!(h.score.is_finite(), "score must be a finite number: {h:?}");
    assert!(!h.id.is_empty(), "empty id: {h:?}");
    assert!(!h.path.is_empty(), "empty path: {h:?}");
    if let Some(d) = &h.date {
        assert!(is_day(d), "date must be YYYY-MM-DD or null, got {d:?}");
    }
    for a in &h.authors {
        assert!(!a.trim().is_empty(), "empty author in {:?}", h.authors);
    }
    let chars: Vec<char> = h.snippet.text.chars().collect();
    let mut previous_end = 0;
    for &[start, end] in &h.snippet.highlights {
        assert!(
            start < end && end <= chars.len(),
            "highlight [{start}, {end}) is not a non-empty range of the {}-code-point snippet {:?}",
            chars.len(),
            h.snippet.text
        );
        assert!(
            start >= previous_end,
            "highlights must be sorted and not overlap: {:?}",
            h.snippet.highlights
        );
        previous_end = end;
        let slice: String = chars[start..end].iter().collect();
        assert!(
            !slice.trim().is_empty(),
            "highlight [{start}, {end}) covers only white space in {:?}",
            h.snippet.text
        );
    }
}

/// `search --json ARGS`: parsed strictly, with each hit object's keys checked.
#[track_caller]
fn strict_search(ws: &Workspace, args: &[&str]) -> Results {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = ws.search_raw(&all);
    assert!(matches!(run.code, Some(0 | 1)), "{run:?}");
    let value: Value = run.json();
    assert_eq!(
        keys(&value),
        set(&["query", "total_hits", "took_ms", "hits"]),
        "top-level keys of search --json"
    );
    for h in value["hits"].as_array().expect("hits is an array") {
        assert_eq!(keys(h), set(HIT_KEYS), "keys of a hit: {h}");
        assert_eq!(
            keys(&h["snippet"]),
            set(&["text", "highlights"]),
            "keys of a snippet"
        );
    }
    assert!(
        value["total_hits"].is_u64(),
        "total_hits must be an integer"
    );
    assert!(value["took_ms"].is_number(), "took_ms must be a number");
    run.json()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn search_json_has_exactly_the_documented_fields_and_types() {
    let ws = shared();
    let cases: [(&[&str], &[&str]); 3] = [
        (&[], &["IA", "générative", "Meta"]),
        (&[], &["sécurité", "routière"]),
        (&["-n", "50"], &["France"]),
    ];
    for (options, words) in cases {
        let query = [options, words].concat();
        let r = strict_search(ws, &query);
        assert_eq!(r.query, words.join(" "), "query echoes the words given");
        assert!(!r.hits.is_empty(), "{query:?} finds something");
        assert!(r.total_hits >= r.hits.len() as u64);
        assert!(r.took_ms >= 0.0);
        for (i, h) in r.hits.iter().enumerate() {
            check_hit(h, i as u64 + 1);
        }
    }
}

#[test]
fn ranks_continue_after_the_offset() {
    let r = strict_search(shared(), &["-n", "3", "--offset", "2", "Meta"]);
    assert_eq!(r.hits.len(), 3, "{r:?}");
    for (i, h) in r.hits.iter().enumerate() {
        check_hit(h, i as u64 + 3);
    }
}

#[test]
fn no_result_is_still_a_complete_document() {
    let ws = shared();
    let run = ws.search_raw(&["--json", "wombatxyz"]);
    run.expect_code(1);
    let value: Value = run.json();
    assert_eq!(
        keys(&value),
        set(&["query", "total_hits", "took_ms", "hits"])
    );
    let r: Results = run.json();
    assert_eq!(r.total_hits, 0);
    assert!(r.hits.is_empty());
    assert_eq!(r.query, "wombatxyz");
}

#[test]
fn highlights_are_code_point_offsets_into_the_snippet() {
    // Characters outside the Basic Multilingual Plane before the match: offsets counted in
    // bytes or in UTF-16 units would not land on the word.
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("espace.txt"),
        "Espace\n\nLe lancement 🚀 de la fusée 𝔸𝔹 Ariane a réussi, « Ariane » vole.\n",
    )
    .unwrap();
    ws.index_report(&[&dir], 0);
    let r = strict_search(&ws, &["Ariane"]);
    assert_eq!(r.hits.len(), 1);
    let h = &r.hits[0];
    check_hit(h, 1);
    let chars: Vec<char> = h.snippet.text.chars().collect();
    let shown: Vec<String> = h
        .snippet
        .highlights
        .iter()
        .map(|&[a, b]| chars[a..b].iter().collect())
        .collect();
    assert_eq!(shown, ["Ariane", "Ariane"], "snippet {:?}", h.snippet);
}

#[test]
fn jsonl_gives_one_hit_object_per_line_with_the_same_fields() {
    let ws = shared();
    let query = ["-n", "20", "IA", "générative"];
    let whole = strict_search(ws, &query);

    let mut args = vec!["--jsonl"];
    args.extend_from_slice(&query);
    let run = ws.search_raw(&args);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), whole.hits.len(), "one line per hit:{run:?}");
    for (i, line) in lines.iter().enumerate() {
        let value: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("line {} is not JSON ({e}): {line}", i + 1));
        assert_eq!(keys(&value), set(HIT_KEYS), "keys of a --jsonl hit");
        let hit: Hit = serde_json::from_value(value).expect("a hit");
        check_hit(&hit, i as u64 + 1);
        assert_eq!(
            hit.id, whole.hits[i].id,
            "--jsonl and --json list the same hits"
        );
        assert_eq!(hit.snippet.text, whole.hits[i].snippet.text);
    }
}

#[test]
fn jsonl_prints_nothing_when_nothing_is_found() {
    let run = shared().search_raw(&["--jsonl", "wombatxyz"]);
    run.expect_code(1);
    assert_eq!(run.stdout.trim(), "", "{run:?}");
}

#[test]
fn extract_json_has_exactly_the_documented_fields() {
    let ws = Workspace::with_samples();
    let files = common::article_files(&ws.corpus());
    let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), "--json".into()];
    args.extend(files.iter().map(Into::into));
    let run = ws.run(args);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        45,
        "44 articles and one republished copy:{run:?}"
    );
    for line in lines {
        let value: Value = serde_json::from_str(line).expect("one JSON object per line");
        assert_eq!(
            keys(&value),
            set(EXTRACT_KEYS),
            "keys of extract --json: {line}"
        );
        let a: Extracted = serde_json::from_value(value).expect("types of extract --json");
        assert!(!a.id.is_empty() && !a.path.is_empty(), "{a:?}");
        if let Some(d) = &a.date {
            assert!(is_day(d), "date must be YYYY-MM-DD, got {d:?}");
        }
    }
}

#[test]
fn stats_json_counts_the_articles() {
    let stats = shared().stats();
    assert_eq!(
        stats["articles"].as_u64(),
        Some(45),
        "stats --json has \"articles\": {stats}"
    );
}

#[test]
fn index_json_summary_has_its_counters() {
    let ws = Workspace::with_samples();
    let run = ws.index([ws.corpus()]);
    run.expect_code(0);
    let v: Value = run.json();
    for k in [
        "files_seen",
        "files_indexed",
        "articles_indexed",
        "unchanged",
        "removed",
        "ignored",
        "duplicates",
        "articles_total",
    ] {
        assert!(v[k].is_u64(), "index --json: {k} must be an integer in {v}");
    }
    for k in ["failed", "warnings"] {
        assert!(v[k].is_array(), "index --json: {k} must be an array in {v}");
    }
}
