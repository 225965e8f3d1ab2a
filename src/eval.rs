//! Relevance evaluation with judged queries (TREC formats), as search engineers tune:
//! nDCG@10, MRR@10, Success@1, Success@10, Recall@100, overall and per query.

use std::collections::HashMap;

use serde::Serialize;

/// Graded judgments: query id → (doc id → grade). Grades of 0 or less are not relevant.
pub type Qrels = HashMap<String, HashMap<String, i32>>;

/// Reads queries: `qid<TAB>text` per line (blank lines and `#` comments skipped).
pub fn parse_queries(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (qid, q) = line
            .split_once('\t')
            .ok_or_else(|| format!("queries line {}: expected `qid<TAB>text`", i + 1))?;
        out.push((qid.trim().to_owned(), q.to_owned()));
    }
    Ok(out)
}

/// Reads TREC qrels: `qid iter docid grade` per line.
pub fn parse_qrels(text: &str) -> Result<Qrels, String> {
    let mut out: Qrels = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.is_empty() {
            continue;
        }
        let [qid, _, doc, grade] = parts[..] else {
            return Err(format!(
                "qrels line {}: expected `qid 0 docid grade`",
                i + 1
            ));
        };
        let grade: i32 = grade
            .parse()
            .map_err(|_| format!("qrels line {}: grade {grade:?} is not a number", i + 1))?;
        out.entry(qid.to_owned())
            .or_default()
            .insert(doc.to_owned(), grade);
    }
    Ok(out)
}

/// The measures of one query (or their means over queries).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Measures {
    /// Normalised discounted cumulative gain at 10 (graded; gain 2^g − 1).
    pub ndcg_10: f64,
    /// Reciprocal rank of the first relevant hit within 10.
    pub mrr_10: f64,
    /// A relevant hit at rank 1.
    pub success_1: f64,
    /// A relevant hit within 10.
    pub success_10: f64,
    /// Share of the relevant documents found within 100.
    pub recall_100: f64,
}

/// Measures one ranking (doc ids, best first) against one query's judgments.
pub fn measure(ranking: &[String], judged: &HashMap<String, i32>) -> Measures {
    let grade = |id: &String| judged.get(id).copied().unwrap_or(0).max(0);
    let gain = |g: i32| f64::from((1u32 << g.min(20)) - 1);
    let dcg: f64 = ranking
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, id)| gain(grade(id)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &g)| gain(g) / ((i + 2) as f64).log2())
        .sum();
    let first = ranking.iter().take(10).position(|id| grade(id) > 0);
    let relevant = ideal.len();
    let found = ranking.iter().take(100).filter(|id| grade(id) > 0).count();
    Measures {
        ndcg_10: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        mrr_10: first.map_or(0.0, |r| 1.0 / (r + 1) as f64),
        success_1: f64::from(u8::from(first == Some(0))),
        success_10: f64::from(u8::from(first.is_some())),
        recall_100: if relevant > 0 {
            found as f64 / relevant as f64
        } else {
            0.0
        },
    }
}

/// Mean of per-query measures.
pub fn mean(all: &[Measures]) -> Measures {
    let n = all.len().max(1) as f64;
    let sum = |f: fn(&Measures) -> f64| all.iter().map(f).sum::<f64>() / n;
    Measures {
        ndcg_10: sum(|m| m.ndcg_10),
        mrr_10: sum(|m| m.mrr_10),
        success_1: sum(|m| m.success_1),
        success_10: sum(|m| m.success_10),
        recall_100: sum(|m| m.recall_100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    fn judged(v: &[(&str, i32)]) -> HashMap<String, i32> {
        v.iter().map(|(d, g)| ((*d).to_owned(), *g)).collect()
    }

    #[test]
    fn known_item_at_rank_two() {
        let m = measure(&ids(&["x", "a", "y"]), &judged(&[("a", 1)]));
        assert_eq!(m.mrr_10, 0.5);
        assert_eq!(m.success_1, 0.0);
        assert_eq!(m.success_10, 1.0);
        assert_eq!(m.recall_100, 1.0);
        // DCG = 1/log2(3); IDCG = 1/log2(2) = 1.
        assert!((m.ndcg_10 - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn graded_ndcg_by_hand() {
        // Ranking b(1), a(2); ideal a(2), b(1). Gains 2^g - 1: 1, 3.
        let m = measure(&ids(&["b", "a"]), &judged(&[("a", 2), ("b", 1)]));
        let dcg = 1.0 / 2f64.log2() + 3.0 / 3f64.log2();
        let idcg = 3.0 / 2f64.log2() + 1.0 / 3f64.log2();
        assert!((m.ndcg_10 - dcg / idcg).abs() < 1e-12);
        assert_eq!(m.mrr_10, 1.0);
    }

    #[test]
    fn miss_and_partial_recall() {
        let ranking: Vec<String> = (0..20).map(|i| format!("d{i}")).collect();
        let m = measure(&ranking, &judged(&[("d15", 1), ("zz", 1), ("d3", 0)]));
        assert_eq!(m.mrr_10, 0.0);
        assert_eq!(m.success_10, 0.0);
        assert_eq!(m.recall_100, 0.5);
        assert_eq!(m.ndcg_10, 0.0);
    }

    #[test]
    fn parses_trec_files() {
        let q = parse_queries("t1\tprix de l'essence\n\nt2\tMeta\n").expect("parses");
        assert_eq!(q[0], ("t1".to_owned(), "prix de l'essence".to_owned()));
        let r = parse_qrels("t1 0 10 1\nt1 0 11 2\n").expect("parses");
        assert_eq!(r["t1"]["11"], 2);
        assert!(parse_qrels("t1 0 10").is_err());
        assert!(parse_queries("no tab").is_err());
    }

    #[test]
    fn mean_of_measures() {
        let a = Measures {
            mrr_10: 1.0,
            ..Measures::default()
        };
        assert_eq!(mean(&[a, Measures::default()]).mrr_10, 0.5);
    }
}
