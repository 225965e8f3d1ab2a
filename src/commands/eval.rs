//! `kiosque eval`: run judged queries through `search` and print relevance measures.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use super::{EXIT_OK, Format};
use crate::eval::{Measures, mean, measure, parse_qrels, parse_queries};
use crate::search::{SearchRequest, Searcher};

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Index folder.
    pub index_dir: PathBuf,
    /// `qid<TAB>text` file.
    pub queries: PathBuf,
    /// TREC qrels file.
    pub qrels: PathBuf,
    /// Only the first N queries (that have judgments).
    pub first: Option<usize>,
    /// Print each query's measures too.
    pub per_query: bool,
    /// Ranking parameters to evaluate.
    pub params: crate::search::RankingParams,
    /// Synonym lists, as `search` uses them.
    pub synonyms: std::sync::Arc<crate::search::synonyms::Synonyms>,
}

#[derive(Debug, Serialize)]
struct PerQuery {
    qid: String,
    query: String,
    #[serde(flatten)]
    measures: Measures,
    first_relevant_rank: Option<usize>,
}

#[derive(Debug, Serialize)]
struct Report {
    queries: usize,
    #[serde(flatten)]
    overall: Measures,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    per_query: Vec<PerQuery>,
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Runs every judged query (top 100) and prints nDCG@10, MRR@10, Success@1/@10, Recall@100.
pub fn run(options: &EvalOptions, format: Format, out: &mut dyn Write) -> anyhow::Result<i32> {
    let queries = parse_queries(&read(&options.queries)?).map_err(anyhow::Error::msg)?;
    let qrels = parse_qrels(&read(&options.qrels)?).map_err(anyhow::Error::msg)?;
    let judged_queries = queries.iter().filter(|(qid, _)| qrels.contains_key(qid));
    if judged_queries.clone().next().is_none() {
        anyhow::bail!(
            "no query to measure: {} holds {} queries, and none of their ids has judgments in {} ({} ids)",
            options.queries.display(),
            queries.len(),
            options.qrels.display(),
            qrels.len()
        );
    }
    let searcher = Searcher::open(&options.index_dir)?;
    let mut per_query = Vec::new();
    for (qid, text) in judged_queries.take(options.first.unwrap_or(usize::MAX)) {
        let results = searcher.search(&SearchRequest {
            query: text.clone(),
            limit: 100,
            params: options.params,
            synonyms: options.synonyms.clone(),
            ..SearchRequest::default()
        })?;
        let ranking: Vec<String> = results.hits.into_iter().map(|h| h.id).collect();
        let judged = &qrels[qid];
        per_query.push(PerQuery {
            qid: qid.clone(),
            query: text.clone(),
            measures: measure(&ranking, judged),
            first_relevant_rank: ranking
                .iter()
                .position(|id| judged.get(id).is_some_and(|&g| g > 0))
                .map(|r| r + 1),
        });
    }
    let overall = mean(&per_query.iter().map(|p| p.measures).collect::<Vec<_>>());
    let report = Report {
        queries: per_query.len(),
        overall,
        per_query: if options.per_query {
            per_query
        } else {
            Vec::new()
        },
    };
    match format {
        Format::Json | Format::Jsonl => crate::output::json::write_pretty(out, &report)?,
        Format::Terminal(_) => {
            if options.per_query {
                writeln!(out, "qid\tndcg@10\tmrr@10\tfirst_rank\tquery")?;
                for p in &report.per_query {
                    writeln!(
                        out,
                        "{}\t{:.4}\t{:.4}\t{}\t{}",
                        p.qid,
                        p.measures.ndcg_10,
                        p.measures.mrr_10,
                        p.first_relevant_rank
                            .map_or("-".to_owned(), |r| r.to_string()),
                        p.query
                    )?;
                }
            }
            writeln!(
                out,
                "queries {}  nDCG@10 {:.4}  MRR@10 {:.4}  Success@1 {:.4}  Success@10 {:.4}  Recall@100 {:.4}",
                report.queries,
                overall.ndcg_10,
                overall.mrr_10,
                overall.success_1,
                overall.success_10,
                overall.recall_100
            )?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
