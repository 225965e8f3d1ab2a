//! The search stage: a query string becomes a tantivy query (with the same French analyzer as
//! the index), then ranked hits with snippets. Printing is `output`'s job.

pub mod all_words;
pub mod explain;
pub mod query;
pub mod ranking;
pub mod snippet;
pub mod spelling;
pub mod synonyms;
pub mod wording;

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::DocSet;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, EnableScoring,
    Occur, PhraseQuery, Query, RangeQuery, Scorer, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Order, TantivyDocument, Term};

use crate::analysis::{self, LABEL, OtherReading, QueryWord, analyze_query};
use crate::extract::date::{MAX_YEAR, MIN_YEAR};
use crate::index::store::{Store, StoreError};
use crate::schema::Fields;
use all_words::AllWordsQuery;
use explain::{
    ClauseExplanation, Explainer, HitExplanation, QueryExplanation, ScorePart, TermMatch,
};
use query::{Atom, FieldAtom, ParsedQuery, QueryField};
pub use ranking::RankingParams;
pub use snippet::Snippet;
use synonyms::Synonyms;
use wording::Wording;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first (score, then id).
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    Oldest,
}

/// A validated search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// Only articles published on or after this day.
    pub since: Option<NaiveDate>,
    /// Only articles published on or before this day.
    pub until: Option<NaiveDate>,
    /// Order.
    pub sort: SortOrder,
    /// How many hits.
    pub limit: usize,
    /// How many hits to skip.
    pub offset: usize,
    /// Ranking parameters.
    pub params: RankingParams,
    /// Synonym lists applied to the query (none when empty).
    pub synonyms: Arc<Synonyms>,
    /// Explain how the query was read and why each hit scored what it did.
    pub explain: bool,
}

impl SearchRequest {
    /// How many of the best articles the request needs: `offset + limit`, at most the
    /// index's `articles` (`-n 18446744073709551615` is a valid number, not one to allocate).
    fn wanted(&self, articles: u64) -> usize {
        let articles = usize::try_from(articles).unwrap_or(usize::MAX);
        self.offset.saturating_add(self.limit).min(articles)
    }
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1 for the first hit (counting the offset).
    pub rank: usize,
    /// Relevance score.
    pub score: f32,
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Site name.
    pub source: Option<String>,
    /// Section.
    pub section: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Source file.
    pub path: String,
    /// How many other copies of this article the index holds.
    pub duplicates: u64,
    /// The best passage, highlighted.
    pub snippet: Snippet,
    /// Why it scored what it did (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<HitExplanation>,
}

/// Results of one search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many articles match.
    pub total_hits: usize,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// The hits asked for.
    pub hits: Vec<Hit>,
    /// How the query was read (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<QueryExplanation>,
    /// Notes on how the query was read (malformed syntax, words ignored).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// An article as the index holds it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// Id.
    pub id: String,
    /// Source file.
    pub path: String,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: String,
    /// Standfirst.
    pub lede: String,
    /// Body, paragraphs separated by blank lines.
    pub body: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Publication day.
    pub date: Option<String>,
    /// Publication stamp (RFC 3339).
    pub published: Option<String>,
    /// Modification stamp (RFC 3339).
    pub modified: Option<String>,
    /// Site name.
    pub source: Option<String>,
    /// Section.
    pub section: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Language.
    pub lang: Option<String>,
    /// Other copies in the index.
    pub duplicates: u64,
}

/// Index-wide figures.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Articles (all copies).
    pub articles: u64,
    /// Earliest publication day.
    pub first_date: Option<String>,
    /// Latest publication day.
    pub last_date: Option<String>,
    /// Articles per source.
    pub sources: BTreeMap<String, u64>,
    /// Articles per section.
    pub sections: BTreeMap<String, u64>,
    /// Indexed folders.
    pub folders: Vec<String>,
    /// Size on disk in bytes.
    pub size_bytes: u64,
    /// Index folder.
    pub index: String,
}

/// Errors while searching.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Index trouble.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// tantivy failed.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl SearchError {
    /// Whether the error says an index file has vanished, as happens when an indexing run in
    /// another process deletes the files of a commit it has just replaced.
    fn is_vanished_file(&self) -> bool {
        fn tantivy_vanished(e: &tantivy::TantivyError) -> bool {
            use tantivy::TantivyError as T;
            use tantivy::directory::error::{OpenDirectoryError, OpenReadError};
            match e {
                T::OpenReadError(OpenReadError::FileDoesNotExist(_)) => true,
                T::OpenDirectoryError(OpenDirectoryError::DoesNotExist(_)) => true,
                T::IoError(io) => io.kind() == std::io::ErrorKind::NotFound,
                _ => false,
            }
        }
        match self {
            SearchError::Tantivy(e) | SearchError::Store(StoreError::Tantivy { error: e, .. }) => {
                tantivy_vanished(e)
            }
            SearchError::Store(StoreError::Io { error, .. }) => {
                error.kind() == std::io::ErrorKind::NotFound
            }
            _ => false,
        }
    }
}

/// Times an open is retried when the files it read have just been replaced.
const OPEN_RETRIES: u64 = 8;

/// At most this many terms for one truncated word.
const MAX_PREFIX_TERMS: usize = 64;

/// A searcher over an opened index.
pub struct Searcher {
    store: Store,
    searcher: tantivy::Searcher,
    /// How many articles hold each term looked up so far (`text_doc_freq`): reading a query
    /// asks for the same few terms several times (its names, acronyms, spellings, proximity),
    /// and each asking looks the term up in three fields of every segment.
    doc_freqs: Mutex<HashMap<String, u64>>,
}

/// How many articles match, the best of them with their scores, and the wording bonuses as
/// parts of `--explain`.
type Ranked = (
    usize,
    Vec<(f32, DocAddress)>,
    HashMap<DocAddress, Vec<ScorePart>>,
);

/// The tantivy query and the terms to highlight.
struct Built {
    query: Box<dyn Query>,
    /// For date sorts of short queries: `query` with every word required.
    every_word: Option<Box<dyn Query>>,
    /// Bonuses for query words found close together, computed in a second pass for the best
    /// candidates of `query` only (they read word positions, the costliest part of a search).
    proximity: Vec<Box<dyn Query>>,
    /// A short query's words as typed, stop words included, looked for in the stored text of
    /// the same candidates.
    wording: Vec<Wording>,
    highlight: HashSet<String>,
    /// The scoring parts, labelled, for `--explain`.
    parts: Vec<(String, Box<dyn Query>)>,
    explanation: QueryExplanation,
}

impl Searcher {
    /// Opens the index in `dir` for searching.
    ///
    /// An indexing run in another process may commit, merge and delete segment files between
    /// the moment this process reads the list of segments and the moment it opens them; as
    /// Lucene's `FindSegmentsFile` does, the open is then retried on the newer commit.
    pub fn open(dir: &Path) -> Result<Searcher, SearchError> {
        let mut attempt = 0;
        loop {
            match Searcher::open_once(dir) {
                Err(e) if attempt < OPEN_RETRIES && e.is_vanished_file() => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(5 * attempt));
                }
                other => return other,
            }
        }
    }

    fn open_once(dir: &Path) -> Result<Searcher, SearchError> {
        let store = Store::open(dir)?;
        let searcher = store.query_searcher()?;
        Ok(Searcher {
            store,
            searcher,
            doc_freqs: Mutex::default(),
        })
    }

    /// A field's name in the schema (for explanations).
    fn field_name(&self, field: Field) -> String {
        self.store.index.schema().get_field_name(field).to_owned()
    }

    fn fields(&self) -> &Fields {
        &self.store.fields
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let mut parsed = query::parse(&req.query);
        let mut notes = parsed.notes.clone();
        self.read_apart(&mut parsed, &mut notes)?;
        let built = self.build(&parsed, req, &mut notes)?;
        // Sorted by date, a short query keeps to the articles with every word if there are any.
        let first = built.every_word.as_ref().unwrap_or(&built.query);
        let (mut total_hits, mut ranked, mut wording_parts) =
            self.top_docs(&**first, &built, req)?;
        if built.every_word.is_some() && total_hits == 0 {
            notes.push("no article has every word: listing those with some of them".into());
            (total_hits, ranked, wording_parts) = self.top_docs(&*built.query, &built, req)?;
        }
        if total_hits == 0 && (req.since.is_some() || req.until.is_some()) {
            notes.extend(self.outside_dates(&parsed, req)?);
        }
        let mut hits = Vec::new();
        let explainer = if req.explain {
            Some(Explainer::new(&self.searcher, &built.parts)?)
        } else {
            None
        };
        let mut docs: Vec<(f32, String, TantivyDocument, DocAddress)> = Vec::new();
        for (score, addr) in ranked.drain(..) {
            let doc: TantivyDocument = self.searcher.doc(addr)?;
            let id = first_str(&doc, self.fields().id).unwrap_or_default();
            docs.push((score, id, doc, addr));
        }
        // Deterministic order: score (or date), then id.
        match req.sort {
            SortOrder::Relevance => {
                docs.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            }
            SortOrder::Date | SortOrder::Oldest => {
                let date = |d: &TantivyDocument| {
                    d.get_first(self.fields().date)
                        .and_then(|v| v.as_datetime())
                        .map(DateTime::into_timestamp_secs)
                };
                docs.sort_by(|a, b| {
                    let (da, db) = (date(&a.2), date(&b.2));
                    let by_date = if req.sort == SortOrder::Date {
                        db.cmp(&da)
                    } else {
                        // Oldest first, undated last.
                        da.is_none().cmp(&db.is_none()).then(da.cmp(&db))
                    };
                    by_date.then_with(|| a.1.cmp(&b.1))
                });
            }
        }
        for (i, (score, id, doc, addr)) in docs.into_iter().enumerate().skip(req.offset) {
            let f = self.fields();
            let lede = first_str(&doc, f.lede).unwrap_or_default();
            let body = first_str(&doc, f.body).unwrap_or_default();
            hits.push(Hit {
                rank: i + 1,
                score,
                title: first_str(&doc, f.title).unwrap_or_default(),
                date: doc
                    .get_first(f.date)
                    .and_then(|v| v.as_datetime())
                    .map(day_of),
                authors: all_str(&doc, f.authors),
                source: first_str(&doc, f.source),
                section: first_str(&doc, f.section),
                url: first_str(&doc, f.url),
                path: first_str(&doc, f.path).unwrap_or_default(),
                duplicates: self.duplicates_of(&doc)?,
                snippet: snippet::best_snippet(&[&body, &lede], &built.highlight),
                explanation: explainer.as_ref().map(|e| {
                    let mut x = e.explain(&self.searcher, addr);
                    x.parts
                        .extend(wording_parts.remove(&addr).unwrap_or_default());
                    x.parts.sort_by(|a, b| b.score.total_cmp(&a.score));
                    x
                }),
                id,
            });
        }
        Ok(SearchResults {
            query: req.query.clone(),
            total_hits,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            hits,
            explain: req.explain.then_some(built.explanation),
            notes,
        })
    }

    /// When nothing matches within `--since` / `--until`: how many articles match at other
    /// dates, the days of the oldest and newest, and how many have no date (`None` when none
    /// matches either).
    fn outside_dates(
        &self,
        parsed: &query::ParsedQuery,
        req: &SearchRequest,
    ) -> Result<Option<String>, SearchError> {
        let mut wide = SearchRequest {
            since: None,
            until: None,
            limit: 0,
            offset: 0,
            explain: false,
            ..req.clone()
        };
        let built = self.build(parsed, &wide, &mut Vec::new())?;
        let (n, _, _) = self.top_docs(&*built.query, &built, &wide)?;
        if n == 0 {
            return Ok(None);
        }
        // The dated ones: any day since year 1.
        wide.since = NaiveDate::from_ymd_opt(1, 1, 1);
        wide.limit = 1;
        let built = self.build(parsed, &wide, &mut Vec::new())?;
        let mut days = Vec::new();
        let mut dated = 0;
        for sort in [SortOrder::Oldest, SortOrder::Date] {
            wide.sort = sort;
            let (count, top, _) = self.top_docs(&*built.query, &built, &wide)?;
            dated = count;
            if let Some((_, addr)) = top.first() {
                let doc: TantivyDocument = self.searcher.doc(*addr)?;
                days.extend(
                    doc.get_first(self.fields().date)
                        .and_then(|v| v.as_datetime())
                        .map(day_of),
                );
            }
        }
        let mut note = format!(
            "none in the dates asked; without --since/--until, {n} {}",
            if n == 1 {
                "article matches"
            } else {
                "articles match"
            }
        );
        match days.as_slice() {
            [a, b] if a == b => note.push_str(&format!(", on {a}")),
            [a, b] => note.push_str(&format!(", from {a} to {b}")),
            _ => {}
        }
        if dated < n {
            note.push_str(&format!(" ({} undated)", n - dated));
        }
        Ok(Some(note))
    }

    /// The articles matching `query` and the best `offset + limit` of them in the request's
    /// order (scores with their proximity and wording bonuses when ranked by relevance; the
    /// wording bonuses also as parts of `--explain`).
    fn top_docs(
        &self,
        query: &dyn Query,
        built: &Built,
        req: &SearchRequest,
    ) -> Result<Ranked, SearchError> {
        let want = req.wanted(self.searcher.num_docs());
        let mut wording_parts = HashMap::new();
        if want == 0 {
            return Ok((
                self.searcher.search(query, &Count)?,
                Vec::new(),
                wording_parts,
            ));
        }
        Ok(match req.sort {
            SortOrder::Relevance => {
                // First pass without the proximity bonuses, then those bonuses for the best
                // candidates only.
                let depth = want.max(req.params.rerank_depth);
                let (n, mut top) = self
                    .searcher
                    .search(query, &(Count, TopDocs::with_limit(depth).order_by_score()))?;
                self.add_proximity(&built.proximity, &mut top)?;
                top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                if !built.wording.is_empty() {
                    // Reading stored text costs more than reading positions: fewer candidates,
                    // unless the user quoted the words.
                    let depth = wording::depth(&built.wording, &req.params, want).min(top.len());
                    wording_parts = self.add_wording(
                        &built.wording,
                        &req.params,
                        req.explain,
                        &mut top[..depth],
                    )?;
                    top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                }
                top.truncate(want);
                (n, top, wording_parts)
            }
            SortOrder::Date | SortOrder::Oldest => {
                let order = if req.sort == SortOrder::Date {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (n, top) = self.searcher.search(
                    query,
                    &(
                        Count,
                        TopDocs::with_limit(want).order_by_fast_field::<DateTime>("date", order),
                    ),
                )?;
                (
                    n,
                    top.into_iter().map(|(_, a)| (0.0, a)).collect(),
                    wording_parts,
                )
            }
        })
    }

    /// Adds to each candidate's score its wording bonuses (see `wording`): the stored title,
    /// standfirst and body are read and the wordings counted in each. Returns, when asked, the
    /// bonuses as parts of `--explain`.
    fn add_wording(
        &self,
        wordings: &[Wording],
        p: &RankingParams,
        explain: bool,
        candidates: &mut [(f32, DocAddress)],
    ) -> Result<HashMap<DocAddress, Vec<ScorePart>>, SearchError> {
        let mut parts = HashMap::new();
        let f = self.fields();
        let fields = [
            (f.title, "title", p.title_weight),
            (f.lede, "lede", p.lede_weight),
            (f.body, "body", p.body_weight),
        ];
        let mut folded = [String::new(), String::new(), String::new()];
        for (score, addr) in candidates.iter_mut() {
            let doc: TantivyDocument = self.searcher.doc(*addr)?;
            for ((field, _, _), out) in fields.iter().zip(&mut folded) {
                let text = doc.get_first(*field).and_then(|v| v.as_str());
                analysis::fold::fold_text_into(text.unwrap_or_default(), out);
            }
            for w in wordings {
                // (Per field: its name and bonus, where the wording is.)
                let found: Vec<(&str, f32)> = fields
                    .iter()
                    .zip(&folded)
                    .map(|((_, name, weight), text)| {
                        let n = wording::count(text, w);
                        (*name, wording::score(w, n, *weight, p.wording_weight))
                    })
                    .filter(|&(_, bonus)| bonus > 0.0)
                    .collect();
                if found.is_empty() {
                    continue;
                }
                // Added field by field, as the score's other parts are.
                for &(_, b) in &found {
                    *score += b;
                }
                if w.quoted {
                    *score += p.all_words_bonus;
                }
                if explain {
                    let text = w.text();
                    let explained = parts.entry(*addr).or_insert_with(Vec::new);
                    if w.quoted {
                        explained.push(ScorePart {
                            part: format!("\"{text}\" in quotes, as typed (bonus)"),
                            score: p.all_words_bonus,
                            matches: Vec::new(),
                        });
                    }
                    explained.push(ScorePart {
                        part: format!("\"{text}\" as typed"),
                        score: found.iter().map(|&(_, b)| b).sum(),
                        matches: found
                            .iter()
                            .map(|&(field, score)| TermMatch {
                                field: field.to_owned(),
                                term: text.clone(),
                                score,
                            })
                            .collect(),
                    });
                }
            }
        }
        Ok(parts)
    }

    /// Adds to each candidate's score its proximity bonuses: one scorer per segment, moved
    /// forward from candidate to candidate in document order, so positions are read for the
    /// candidates only.
    fn add_proximity(
        &self,
        proximity: &[Box<dyn Query>],
        candidates: &mut [(f32, DocAddress)],
    ) -> Result<(), SearchError> {
        if proximity.is_empty() || candidates.is_empty() {
            return Ok(());
        }
        let bonus = BooleanQuery::new(
            proximity
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect(),
        );
        let weight = bonus.weight(EnableScoring::enabled_from_searcher(&self.searcher))?;
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by_key(|&i| candidates[i].1);
        let mut scorer: Option<(u32, Box<dyn Scorer>)> = None;
        for i in order {
            let addr = candidates[i].1;
            if scorer
                .as_ref()
                .is_none_or(|(seg, _)| *seg != addr.segment_ord)
            {
                let reader = self.searcher.segment_reader(addr.segment_ord);
                scorer = Some((addr.segment_ord, weight.scorer(reader, 1.0)?));
            }
            let (_, s) = scorer.as_mut().expect("scorer of this segment");
            let mut doc = s.doc();
            if doc < addr.doc_id {
                doc = s.seek(addr.doc_id);
            }
            if doc == addr.doc_id {
                candidates[i].0 += s.score();
            }
        }
        Ok(())
    }

    /// How many other live copies share this article's body.
    fn duplicates_of(&self, doc: &TantivyDocument) -> Result<u64, SearchError> {
        let Some(key) = doc.get_first(self.fields().dup).and_then(|v| v.as_u64()) else {
            return Ok(0);
        };
        if key == 0 {
            return Ok(0);
        }
        let q = TermQuery::new(
            Term::from_field_u64(self.fields().dup, key),
            IndexRecordOption::Basic,
        );
        let n = self.searcher.search(&q, &Count)?;
        Ok(n.saturating_sub(1) as u64)
    }

    /// Turns a parsed query into a tantivy query.
    fn build(
        &self,
        parsed: &ParsedQuery,
        req: &SearchRequest,
        notes: &mut Vec<String>,
    ) -> Result<Built, SearchError> {
        let f = self.fields().clone();
        let text_clauses = parsed.clauses.iter().filter(|c| !c.negated).count();
        let short = text_clauses <= req.params.short_query_max_clauses;
        let mut params = req.params;
        if !short {
            params.exact_weight_capitalized = params.exact_weight_capitalized_long;
        }
        let p = &params;
        let mut highlight = HashSet::new();
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        // Per required clause, what makes it count towards the all-words rule (itself if None).
        let mut coverage: Vec<Option<Box<dyn Query>>> = Vec::new();
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The clauses on either side of `AND`, as filters (they score as parts of `should`).
        let mut and_filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut all_stems: Vec<String> = Vec::new();
        let mut explanation = QueryExplanation {
            short_query: short,
            ..QueryExplanation::default()
        };
        let mut parts: Vec<(String, Box<dyn Query>)> = Vec::new();
        // Synonyms serve the few words of a short query; in a pasted sentence they mostly add
        // noise (measured: known-item titles and standfirsts lose 0.006 and 0.010 MRR@10).
        let synonyms = if short {
            clause_synonyms(parsed, &req.synonyms)
        } else {
            Default::default()
        };
        // The stems of a short query's words, each the context of the others.
        let context: Vec<String> = if short {
            query_stems(parsed)
        } else {
            Vec::new()
        };
        for (ci, clause) in parsed.clauses.iter().enumerate() {
            let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
            let mut label_only = true;
            let mut info = ClauseExplanation {
                text: clause_text(clause),
                excluded: clause.negated,
                typed_glued: parsed
                    .typed_glued
                    .iter()
                    .find(|(i, _)| *i == ci)
                    .map(|(_, typed)| typed.clone()),
                ..ClauseExplanation::default()
            };
            for fa in &clause.alternatives {
                let hl = if clause.negated {
                    None
                } else {
                    Some(&mut highlight)
                };
                if let Some(q) = self.atom_query(
                    fa,
                    hl,
                    &mut all_stems,
                    clause.negated,
                    (p, short, &context),
                    &mut info,
                )? {
                    label_only &= fa.field.is_some_and(QueryField::is_label);
                    alternatives.push(q);
                }
            }
            if !alternatives.is_empty() {
                for alt in synonyms.get(&ci).into_iter().flatten() {
                    let fa = FieldAtom {
                        field: None,
                        atom: Atom::Phrase(alt.clone()),
                    };
                    let mut ignored_stems = Vec::new();
                    let mut ignored_info = ClauseExplanation::default();
                    if let Some(q) = self.atom_query(
                        &fa,
                        Some(&mut highlight),
                        &mut ignored_stems,
                        false,
                        (p, short, &[]),
                        &mut ignored_info,
                    )? {
                        alternatives.push(Box::new(BoostQuery::new(q, p.synonym_weight)));
                        info.synonyms.push(alt.clone());
                    }
                }
            }
            // A name counts towards the all-words rule where its exact form is (`Total` the
            // company), not where only its stem is (`au total`).
            let name_exact = (info.name
                && info.synonyms.is_empty()
                && clause.alternatives.len() == 1
                && clause.alternatives[0].field.is_none())
            .then(|| {
                info.terms
                    .iter()
                    .find(|t| t.starts_with(analysis::EXACT_PREFIX))
                    .cloned()
            })
            .flatten();
            if let Some(known) = &info.respelled {
                notes.push(format!(
                    "no article has {:?}: searched {known:?}, the closest word that the index holds",
                    info.text
                ));
            }

            explanation.clauses.push(info);
            if alternatives.is_empty() {
                continue;
            }
            let q: Box<dyn Query> = if alternatives.len() == 1 {
                alternatives.pop().expect("one alternative")
            } else {
                Box::new(BooleanQuery::new(
                    alternatives
                        .into_iter()
                        .map(|q| (Occur::Should, q))
                        .collect(),
                ))
            };
            if clause.negated {
                filters.push((Occur::MustNot, q));
            } else if label_only {
                // author:, source:, section:, tag: filter rather than rank.
                filters.push((Occur::Must, q));
            } else {
                if clause.required {
                    // `a AND b`: only articles with it, scored as any word.
                    and_filters.push((
                        Occur::Must,
                        Box::new(ConstScoreQuery::new(q.box_clone(), 0.0)),
                    ));
                }
                coverage.push(name_exact.map(|e| in_text_fields(&f, &e)));
                required.push(q.box_clone());
                if req.explain {
                    parts.push((clause_text(clause), q.box_clone()));
                }
                should.push((Occur::Should, q));
            }
        }
        if should.is_empty() && !filters.iter().any(|(o, _)| *o == Occur::Must) {
            if !parsed.clauses.is_empty() {
                notes.push(if parsed.clauses.iter().all(|c| c.negated) {
                    "the query only excludes words: nothing to search for".into()
                } else {
                    "no searchable word in the query (only stop words or punctuation)".into()
                });
            }
            return Ok(Built {
                query: Box::new(EmptyQuery),
                every_word: None,
                proximity: Vec::new(),
                wording: Vec::new(),
                highlight,
                parts,
                explanation,
            });
        }
        let mut top: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Sorted by date, a short query lists the articles with every word (when some have
        // them all): no score puts them first there.
        let mut every_word: Option<Box<dyn Query>> = None;
        if !should.is_empty() {
            let n = required.len();
            if n > 1 && short && req.sort != SortOrder::Relevance {
                every_word = Some(Box::new(every_clause(&required, &coverage)));
                top.push((Occur::Must, Box::new(BooleanQuery::new(should))));
                explanation.rules.push(format!(
                    "short query ({n} clauses, at most {}) sorted by date: only the articles with every word, when there are some",
                    p.short_query_max_clauses
                ));
            } else if n > 1 && short {
                if req.explain {
                    let all = every_clause(&required, &coverage);
                    let bonus = ConstScoreQuery::new(Box::new(all), p.all_words_bonus);
                    parts.push(("every word (bonus)".to_owned(), Box::new(bonus)));
                }
                top.push((
                    Occur::Must,
                    Box::new(AllWordsQuery::new(required, coverage, p.all_words_bonus)),
                ));
                explanation.rules.push(format!(
                    "short query ({n} clauses, at most {}): articles with every word first (bonus {})",
                    p.short_query_max_clauses, p.all_words_bonus
                ));
            } else {
                top.push((Occur::Must, Box::new(BooleanQuery::new(should))));
            }
        }
        let mut seen = HashSet::new();
        all_stems.retain(|s| seen.insert(s.clone()));
        let mut proximity: Vec<Box<dyn Query>> = Vec::new();
        if all_stems.len() > 1 && req.sort == SortOrder::Relevance {
            for (field, w) in [(f.title, p.title_weight), (f.body, p.body_weight)] {
                let terms: Vec<(usize, Term)> = all_stems
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (i, Term::from_field_text(field, s)))
                    .collect();
                let q = PhraseQuery::new_with_offset_and_slop(terms, p.proximity_slop);
                let q: Box<dyn Query> =
                    Box::new(BoostQuery::new(Box::new(q), w * p.proximity_weight));
                if req.explain {
                    let name = self.field_name(field);
                    parts.push((format!("words close together in {name}"), q.box_clone()));
                }
                proximity.push(q);
            }
            if p.pair_weight > 0.0 && all_stems.len() > 2 {
                // Each pair of neighbouring query words, found in order close together.
                for (field, w) in weighted_text_fields(&f, p) {
                    let pairs: Vec<(Occur, Box<dyn Query>)> = all_stems
                        .windows(2)
                        .map(|pair| -> (Occur, Box<dyn Query>) {
                            let terms = vec![
                                (0, Term::from_field_text(field, &pair[0])),
                                (1, Term::from_field_text(field, &pair[1])),
                            ];
                            (
                                Occur::Should,
                                Box::new(PhraseQuery::new_with_offset_and_slop(terms, p.pair_slop)),
                            )
                        })
                        .collect();
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(
                        Box::new(BooleanQuery::new(pairs)),
                        w * p.pair_weight,
                    ));
                    if req.explain {
                        let name = self.field_name(field);
                        parts.push((
                            format!("word pairs close together in {name}"),
                            q.box_clone(),
                        ));
                    }
                    proximity.push(q);
                }
                explanation.rules.push(format!(
                    "each pair of neighbouring words found in order within {} positions scores more (weight {})",
                    p.pair_slop, p.pair_weight
                ));
            }
            explanation.rules.push(format!(
                "words found in order within {} positions score more (weight {}; computed for the best {} articles by the other parts)",
                p.proximity_slop, p.proximity_weight, p.rerank_depth.max(req.wanted(self.searcher.num_docs()))
            ));
        }
        let wording = if short && req.sort == SortOrder::Relevance && p.wording_weight > 0.0 {
            wording::wordings(parsed, |word| {
                analyze_query(word)
                    .first()
                    .map_or(0.0, |w| self.text_idf(&w.stem))
            })
        } else {
            Vec::new()
        };
        if !wording.is_empty() {
            let listed: Vec<String> = wording.iter().map(|w| format!("{:?}", w.text())).collect();
            let quoted = wording.iter().any(|w| w.quoted);
            explanation.rules.push(format!(
                "the words as typed, stop words included ({}), score more (weight {}{}; read from the text of the best {} articles by the other parts)",
                listed.join(", "),
                p.wording_weight,
                if quoted {
                    format!("; in quotes, bonus {}", p.all_words_bonus)
                } else {
                    String::new()
                },
                wording::depth(&wording, p, req.wanted(self.searcher.num_docs()))
            ));
        }
        if !short && !req.synonyms.is_empty() {
            explanation
                .rules
                .push("long query: synonyms are not applied (they serve short queries)".into());
        }
        explanation.rules.push(format!(
            "field weights: title {}, standfirst {}, body {}; BM25 (k1 1.2, b 0.75)",
            p.title_weight, p.lede_weight, p.body_weight
        ));
        if explanation.clauses.iter().any(|c| c.name) {
            explanation.rules.push(format!(
                "names (capitalised words the index knows as such): exact form x{}, stem x{}",
                p.exact_weight_capitalized, p.name_stem_weight
            ));
        }
        for (occur, q) in filters.iter().filter(|_| req.explain) {
            if *occur == Occur::Must {
                parts.push(("field filter".to_owned(), q.box_clone()));
            }
        }
        top.extend(filters);
        top.extend(and_filters);
        // Copies of an article stand behind the copy that represents them.
        top.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_u64(f.canonical, 0),
                IndexRecordOption::Basic,
            )),
        ));
        if req.since.is_some() || req.until.is_some() {
            let lower = req
                .since
                .map_or(Bound::Unbounded, |d| Bound::Included(date_term(f.date, d)));
            let upper = req.until.map_or(Bound::Unbounded, |d| {
                Bound::Excluded(date_term(f.date, d.succ_opt().unwrap_or(d)))
            });
            let range: Box<dyn Query> = Box::new(RangeQuery::new(lower, upper));
            if req.explain {
                parts.push(("date range".to_owned(), range.box_clone()));
            }
            top.push((Occur::Must, range));
        }
        // The same query with every word required (the text clause comes first in `top`).
        let every_word = every_word.map(|every| -> Box<dyn Query> {
            let mut all: Vec<(Occur, Box<dyn Query>)> =
                top.iter().map(|(o, q)| (*o, q.box_clone())).collect();
            all[0] = (Occur::Must, every);
            Box::new(BooleanQuery::new(all))
        });
        Ok(Built {
            query: Box::new(BooleanQuery::new(top)),
            every_word,
            proximity,
            wording,
            highlight,
            parts,
            explanation,
        })
    }

    /// The query of one atom, or `None` when nothing of it is searchable (stop words).
    fn atom_query(
        &self,
        fa: &FieldAtom,
        mut highlight: Option<&mut HashSet<String>>,
        all_stems: &mut Vec<String>,
        negated: bool,
        (p, short, context): (&RankingParams, bool, &[String]),
        info: &mut ClauseExplanation,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let f = self.fields();
        let text_fields: Vec<(Field, f32)> = match fa.field {
            None => weighted_text_fields(f, p).to_vec(),
            Some(QueryField::Title) => vec![(f.title, 1.0)],
            Some(QueryField::Lede) => vec![(f.lede, 1.0)],
            Some(QueryField::Body) => vec![(f.body, 1.0)],
            Some(QueryField::Author) => return Ok(self.label_query(f.authors, fa)),
            Some(QueryField::Source) => return Ok(self.label_query(f.source, fa)),
            Some(QueryField::Section) => return Ok(self.label_query(f.section, fa)),
            Some(QueryField::Tag) => return Ok(self.label_query(f.tags, fa)),
        };
        let (text, prefix) = match &fa.atom {
            Atom::Word { text, prefix } => (text.as_str(), *prefix),
            Atom::Phrase(p) => (p.as_str(), false),
        };
        let mut words = analyze_query(text);
        if words.is_empty() {
            return Ok(None);
        }
        // A word whose stem the index does not hold: glued to an elided article, or typed
        // with a mistake.
        if let [word] = words.as_slice()
            && !prefix
            && !self.in_text(&word.stem)
        {
            if let Some(unglued) = self.glued_elision(word) {
                words = vec![unglued];
            } else if !negated && let Some(known) = self.respelled(word) {
                info.respelled = Some(known.stem.clone());
                words = vec![known];
            }
        }
        if !short {
            // In a pasted sentence, capitals are mostly typography: the exact form of a word
            // that is its own stem (`Total`, `Casino`) only tells names apart in short queries.
            for w in &mut words {
                if w.stem == w.folded {
                    w.exact = None;
                }
            }
        }
        // A single word may stand for an acronym, or for other forms of its word (a phrase has
        // its spellings instead: `phrase_spellings`). Typed in lower case in a short query, it
        // is read as a name when the archive mostly writes it with a capital (`carrefour`,
        // `casino`), everywhere or beside the query's other words (`total` beside `raffinerie`).
        if let [w] = words.as_mut_slice()
            && !prefix
        {
            if short && !w.capitalized && !negated {
                let why = if self.mostly_capitalised(w) {
                    Some("the archive mostly writes it with a capital".to_owned())
                } else {
                    self.capitalised_beside(w, context)?.map(|(capitalised, all)| {
                        format!(
                            "{capitalised} of the {all} articles that hold it beside the other words write it with a capital"
                        )
                    })
                };
                if why.is_some() {
                    w.capitalized = true;
                    info.name_because = why;
                }
            }
            w.also = self.other_reading(w, short);
        }
        if !negated && !prefix {
            // Proximity is searched with one term per word. An acronym is indexed as its
            // exact form alone (`CAC` as `=cac`): where that is the commoner reading (`cac` in
            // `cac 40`), proximity looks for it.
            all_stems.extend(words.iter().map(|w| self.proximity_term(w, short)));
        }
        // A capitalised word of a short query that the index knows as an exact form is a name.
        // (An acronym's own term is its exact form.)
        let name = short
            && words.len() == 1
            && words[0].capitalized
            && words[0]
                .exact
                .as_ref()
                .or(Some(&words[0].stem).filter(|s| s.starts_with(analysis::EXACT_PREFIX)))
                .is_some_and(|e| self.in_text(e));
        info.name |= name;
        for w in &words {
            if prefix {
                info.terms.push(format!("{}*", w.folded));
                continue;
            }
            info.terms.push(w.stem.clone());
            info.terms.extend(w.also.iter().map(|a| a.term.clone()));
            // Exact forms only count for capitalised words (weight 0 otherwise by default).
            if let Some(e) = w
                .exact
                .as_ref()
                .filter(|_| w.capitalized || p.exact_weight > 0.0)
            {
                info.terms.push(e.clone());
            }
        }
        // In a pasted sentence, the stems alone (the known-item sets moved by -0.0004 /
        // +0.0012 / -0.0005 MRR@10 with the acronyms' spellings, on `Etats-Unis`).
        let spellings = match (words.len() > 1 && !prefix, short) {
            (false, _) => Vec::new(),
            (true, true) => self.phrase_spellings(&words),
            (true, false) => vec![(words.iter().map(|w| w.stem.clone()).collect(), 1.0)],
        };
        for (spelling, _) in spellings.iter().skip(1) {
            for term in spelling {
                if !info.terms.contains(term) {
                    info.terms.push(term.clone());
                }
            }
        }
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, weight) in text_fields {
            let q: Box<dyn Query> = if prefix && words.len() == 1 {
                let terms = self.prefix_terms(field, &words[0])?;
                if let Some(h) = highlight.as_deref_mut() {
                    h.extend(terms.iter().cloned());
                }
                if terms.is_empty() {
                    continue;
                }
                Box::new(BooleanQuery::new(
                    terms
                        .iter()
                        .map(|t| -> (Occur, Box<dyn Query>) {
                            (Occur::Should, Box::new(term_query(field, t)))
                        })
                        .collect(),
                ))
            } else if words.len() == 1 {
                word_query(field, &words[0], (p, short), name)
            } else {
                // Several words in one atom (a phrase, or `Saint-Étienne`): in sequence, in
                // any of its spellings, counted once.
                let first = words[0].position;
                let mut phrases: Vec<Box<dyn Query>> = spellings
                    .iter()
                    .map(|(spelling, weight)| -> Box<dyn Query> {
                        let terms: Vec<(usize, Term)> = words
                            .iter()
                            .zip(spelling)
                            .map(|(w, t)| (w.position - first, Term::from_field_text(field, t)))
                            .collect();
                        let phrase = Box::new(PhraseQuery::new_with_offset_and_slop(terms, 0));
                        if *weight == 1.0 {
                            phrase
                        } else {
                            Box::new(BoostQuery::new(phrase, *weight))
                        }
                    })
                    .collect();
                if phrases.len() == 1 {
                    phrases.pop().expect("one spelling")
                } else {
                    Box::new(DisjunctionMaxQuery::new(phrases))
                }
            };
            per_field.push((Occur::Should, Box::new(BoostQuery::new(q, weight))));
        }
        if let Some(h) = highlight {
            for w in &words {
                h.insert(w.stem.clone());
                h.extend(w.also.iter().map(|a| a.term.clone()));
                if let Some(e) = &w.exact {
                    h.insert(e.clone());
                }
            }
        }
        if per_field.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        let q: Box<dyn Query> = Box::new(BooleanQuery::new(per_field));
        if info.respelled.is_some() {
            // A guess counts less than a word as typed.
            return Ok(Some(Box::new(BoostQuery::new(
                q,
                spelling::RESPELLED_WEIGHT,
            ))));
        }
        Ok(Some(q))
    }

    /// The spellings of a phrase, as sequences of terms: its stems, and where a word may be an
    /// acronym, the other spelling of that (see `acronym_reading`): `"cac 40"` is also searched
    /// as `=cac 40`, since `CAC` is indexed as its exact form alone, and `Covid-19` also as
    /// `=covid 19`. At most `MAX_PHRASE_SPELLINGS`: the words past that keep their stem only.
    fn phrase_spellings(&self, words: &[QueryWord]) -> Vec<(Vec<String>, f32)> {
        let mut spellings: Vec<Vec<String>> = vec![Vec::new()];
        for w in words {
            // (Only a spelling that at least half as many articles hold as the stem: a rare one
            // finds little more, and would move the ranking of the rest.)
            let other = self.acronym_reading(w).filter(|t| {
                spellings.len() * 2 <= MAX_PHRASE_SPELLINGS
                    && 2 * self.text_doc_freq(t) >= self.text_doc_freq(&w.stem)
            });
            let mut next = Vec::with_capacity(spellings.len() * 2);
            for spelling in &spellings {
                for term in std::iter::once(&w.stem).chain(other.as_ref()) {
                    let mut longer = spelling.clone();
                    longer.push(term.clone());
                    next.push(longer);
                }
            }
            spellings = next;
        }
        // A phrase weighs the rarity of its terms: each spelling weighs what the stems' does,
        // so that an article counts for the phrase it holds, not for how it spells it.
        let rarity = |spelling: &[String]| -> f32 {
            spelling
                .iter()
                .map(|t| self.text_idf(t))
                .sum::<f32>()
                .max(f32::EPSILON)
        };
        let stems = rarity(&spellings[0]);
        spellings
            .into_iter()
            .map(|spelling| {
                let weight = stems / rarity(&spelling);
                (spelling, weight)
            })
            .collect()
    }

    /// The other spelling of a word that may be an acronym, when the index holds it: for an
    /// acronym typed in capitals (`SNCF`, whose term is `=sncf`), its lower-case word when that
    /// is its own stem (`sncf`); for a short word typed otherwise (`oms`, `Covid`), the
    /// acronym (`=oms`, `=covid`).
    fn acronym_reading(&self, w: &QueryWord) -> Option<String> {
        let term = if w.stem.starts_with(analysis::EXACT_PREFIX) {
            Some(analysis::stem(&w.folded)).filter(|t| *t == w.folded)
        } else if (2..=analysis::ACRONYM_MAX_CHARS).contains(&w.folded.chars().count()) {
            Some(analysis::exact_term(&w.folded))
        } else {
            None
        }?;
        self.in_text(&term).then_some(term)
    }

    /// The other reading of a query word, when the index holds it. Acronyms are indexed as
    /// their exact form alone (`OMS` is `=oms`, apart from `om`, the term of `OM`; `CAF` is
    /// `=caf`, apart from `caf`, the stem of `café`), so:
    /// - a short word may be an acronym typed otherwise: `oms` and `Covid` also search `=oms`
    ///   and `=covid`. The two readings are one word, so each weighs with the rarity of the
    ///   more common one (as if they were one term): `PAYS` in a few headlines in capitals
    ///   does not outweigh `pays` everywhere;
    /// - an acronym typed in capitals may be written in lower case too: `SNCF` also searches
    ///   `sncf`, which weighs less (`CAF` means the fund; `caf` is mostly `café`). Not when
    ///   the lower-case word has another stem (`OMS`, not `om`);
    /// - otherwise, a word that Snowball stems apart from its other forms also searches their
    ///   stem, at a lower weight: `massacrées` (folded, its accents gone) → `massacr`, the stem
    ///   of `massacre` and `massacrer`; `manifestent` → `manifest`; `emplois` → `emploi` (see
    ///   `analysis::variant_stem`).
    fn other_reading(&self, w: &QueryWord, short: bool) -> Option<OtherReading> {
        if w.stem.starts_with(analysis::EXACT_PREFIX) {
            return self.acronym_reading(w).map(|term| OtherReading {
                term,
                weight: LESS_COMMON_READING,
                stem_weight: 1.0,
            });
        }
        let n_stem = self.text_doc_freq(&w.stem);
        // (A capitalised word of a short query searches its exact form, the acronym's term,
        // at a weight of its own already.)
        if !(short && w.capitalized && w.exact.is_some())
            && let Some(term) = self.acronym_reading(w)
        {
            let n_term = self.text_doc_freq(&term);
            return Some(self.one_word(term, n_term, n_stem, 1.0));
        }
        let term = analysis::variant_stem(&w.folded).filter(|t| *t != w.stem)?;
        let n_term = self.text_doc_freq(&term);
        (n_term > 0).then(|| self.one_word(term, n_term, n_stem, VARIANT_READING))
    }

    /// Whether the archive writes a word with a capital in more than half of the articles
    /// that hold it: on 15,000 OrangeSum articles, `carrefour` 0.62, `casino` 0.62, `free`
    /// 0.70, `vinci` and `renault` 1.00, against `orange` 0.32, `poste` 0.05, `total` 0.01,
    /// `pays` 0.08, `est` 0.04.
    fn mostly_capitalised(&self, w: &QueryWord) -> bool {
        w.exact.as_ref().is_some_and(|e| {
            let capitalised = self.text_doc_freq(e);
            capitalised > 0 && capitalised * 2 > self.text_doc_freq(&w.stem)
        })
    }

    /// The term that stands for a query word in the proximity bonuses: its stem, or in a short
    /// query the exact form of an acronym when more articles hold that (see `atom_query`).
    fn proximity_term(&self, w: &QueryWord, short: bool) -> String {
        if !short {
            // (In a pasted sentence, measured: one known-item title of 500 lost its first
            // place, through `ch`, whose acronym `CH` is commoner in titles.)
            return w.stem.clone();
        }
        match (&w.also, &w.exact) {
            (Some(also), _)
                if also.term.starts_with(analysis::EXACT_PREFIX) && also.stem_weight < 1.0 =>
            {
                also.term.clone()
            }
            (None, Some(exact))
                if w.capitalized && self.text_doc_freq(exact) > self.text_doc_freq(&w.stem) =>
            {
                exact.clone()
            }
            _ => w.stem.clone(),
        }
    }

    /// Whether the articles that hold the query's other words mostly write this one with a
    /// capital: beside `raffinerie`, `total` is the company; beside `morts`, the word.
    /// Returns how many of those articles write it with a capital, and how many hold it, when
    /// it is so.
    fn capitalised_beside(
        &self,
        w: &QueryWord,
        context: &[String],
    ) -> Result<Option<(usize, usize)>, SearchError> {
        let Some(exact) = &w.exact else {
            return Ok(None);
        };
        let others: Vec<&String> = context.iter().filter(|s| **s != w.stem).collect();
        if others.is_empty() || self.text_doc_freq(exact) < NAME_IN_CONTEXT_MIN_ARTICLES as u64 {
            return Ok(None);
        }
        // In the bodies: a headline's capitals are partly typography.
        let body = self.fields().body;
        let with = |term: &str| {
            BooleanQuery::new(
                others
                    .iter()
                    .map(|o| -> &str { o })
                    .chain([term])
                    .map(|t| -> (Occur, Box<dyn Query>) {
                        (Occur::Must, Box::new(term_query(body, t)))
                    })
                    .collect(),
            )
        };
        // The capitalised form first: it is the rarer, and often too rare to tell.
        let n_capitalised = self.searcher.search(&with(exact), &Count)?;
        if n_capitalised < NAME_IN_CONTEXT_MIN_ARTICLES {
            return Ok(None);
        }
        let n_word = self.searcher.search(&with(&w.stem), &Count)?;
        Ok(
            (n_capitalised as f64 > NAME_IN_CONTEXT_SHARE * n_word as f64)
                .then_some((n_capitalised, n_word)),
        )
    }

    /// Two readings of one word, `term` held by `n_term` articles and the word's stem by
    /// `n_stem`: each weighs with the rarity of the more common one (BM25's idf, over the three
    /// text fields taken as one), `term` times `weight`.
    fn one_word(&self, term: String, n_term: u64, n_stem: u64, weight: f32) -> OtherReading {
        let idf = |n: u64| self.idf(n);
        let common = idf(n_term.max(n_stem));
        OtherReading {
            term,
            weight: weight * common / idf(n_term),
            stem_weight: common / idf(n_stem),
        }
    }

    /// BM25's idf of a term that `n` articles hold, over the three text fields taken as one.
    fn idf(&self, n: u64) -> f32 {
        let docs = 3.0 * self.searcher.num_docs() as f32;
        let n = n as f32;
        (1.0 + (docs - n + 0.5) / (n + 0.5)).ln()
    }

    /// `idf` of `term`.
    fn text_idf(&self, term: &str) -> f32 {
        self.idf(self.text_doc_freq(term))
    }

    /// How many articles hold `term`, summed over title, standfirst and body (looked up once
    /// per searcher).
    fn text_doc_freq(&self, term: &str) -> u64 {
        let mut known = self.doc_freqs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = known.get(term) {
            return n;
        }
        let f = self.fields();
        let n = [f.title, f.lede, f.body]
            .into_iter()
            .map(|field| {
                self.searcher
                    .doc_freq(&Term::from_field_text(field, term))
                    .unwrap_or(0)
            })
            .sum();
        known.insert(term.to_owned(), n);
        n
    }

    /// Whether the title, standfirst or body of some article holds `term`.
    fn in_text(&self, term: &str) -> bool {
        self.text_doc_freq(term) > 0
    }

    /// Words of letters then digits typed glued (`COVID19`, `CAC40`, `Euro2016`) that more
    /// articles hold apart, in sequence (`Covid-19`, `CAC 40`, `Euro 2016`), than glued are
    /// read as typed with a hyphen (`COVID-19`): one clause of two words in sequence, with
    /// their synonyms, as if typed so. `G20`, which articles write glued, stays; so do
    /// letters that are a stop word (`a380`). Notes say what was read apart.
    fn read_apart(
        &self,
        parsed: &mut query::ParsedQuery,
        notes: &mut Vec<String>,
    ) -> Result<(), SearchError> {
        for (ci, clause) in parsed.clauses.iter_mut().enumerate() {
            for fa in &mut clause.alternatives {
                if fa.field.is_some_and(QueryField::is_label) {
                    continue;
                }
                let Atom::Word {
                    text,
                    prefix: false,
                } = &mut fa.atom
                else {
                    continue;
                };
                if let Some(apart) = self.apart_spelling(text)? {
                    notes.push(format!(
                        "searched {text:?} as {apart:?}, as more articles write it"
                    ));
                    parsed
                        .typed_glued
                        .push((ci, std::mem::replace(text, apart)));
                }
            }
        }
        Ok(())
    }

    /// `COVID-19` for `COVID19`, when more articles hold `covid 19` in sequence (in any of its
    /// spellings: `CAC` is indexed as its exact form alone) than `covid19`.
    fn apart_spelling(&self, typed: &str) -> Result<Option<String>, SearchError> {
        let Some(split) = typed.find(|c: char| c.is_ascii_digit()) else {
            return Ok(None);
        };
        let (letters, digits) = typed.split_at(split);
        if letters.len() < 2
            || !letters.chars().all(|c| c.is_ascii_alphabetic())
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Ok(None);
        }
        let apart = format!("{letters}-{digits}");
        let words = analyze_query(&apart);
        let glued = analyze_query(typed);
        let ([_, _], [glued]) = (words.as_slice(), glued.as_slice()) else {
            return Ok(None);
        };
        let f = self.fields();
        let mut in_sequence: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (spelling, _) in self.phrase_spellings(&words) {
            for field in [f.title, f.lede, f.body] {
                let terms = spelling
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect();
                in_sequence.push((Occur::Should, Box::new(PhraseQuery::new(terms))));
            }
        }
        let n_apart = self
            .searcher
            .search(&BooleanQuery::new(in_sequence), &Count)?;
        let n_glued = self
            .searcher
            .search(&*in_text_fields(f, &glued.stem), &Count)?;
        Ok((n_apart > n_glued).then_some(apart))
    }

    /// A word whose stem the index does not hold, read as an elided article or pronoun glued
    /// to a word that it knows: `loreal` for L'Oréal, `lequipe` for L'Équipe, typed
    /// without the apostrophe. The known word then stands for it, with the same place and case.
    fn glued_elision(&self, w: &QueryWord) -> Option<QueryWord> {
        let rest = w.folded.strip_prefix("qu").or_else(|| {
            let mut chars = w.folded.chars();
            matches!(
                chars.next(),
                Some('l' | 'd' | 'j' | 'm' | 'n' | 's' | 't' | 'c')
            )
            .then(|| chars.as_str())
        })?;
        let vowel_first = rest
            .chars()
            .next()
            .is_some_and(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h'));
        if !vowel_first || rest.chars().count() < 3 {
            return None;
        }
        let [word] = analyze_query(rest).try_into().ok()?;
        self.in_text(&word.stem).then_some(QueryWord {
            position: w.position,
            capitalized: w.capitalized,
            ..word
        })
    }

    /// A word whose stem the index does not hold, nor its exact form, typed with a mistake:
    /// the closest word that the index holds stands for it, with the same place and case
    /// (see `spelling`).
    fn respelled(&self, w: &QueryWord) -> Option<QueryWord> {
        if w.exact.as_ref().is_some_and(|e| self.in_text(e)) {
            return None;
        }
        let f = self.fields();
        let fields = [f.title, f.lede, f.body];
        let typos = spelling::allowed_typos(w.stem.chars().count());
        let stems = spelling::close_terms(&self.searcher, &fields, &w.stem, typos).ok()?;
        // Whole words close to the word typed, each standing for its stem (a whole word has a
        // letter more than a stem, or more, for as many mistakes).
        let typos = spelling::allowed_typos(w.folded.chars().count().saturating_sub(1));
        let forms = match w.exact.as_deref() {
            Some(e) => spelling::close_terms(&self.searcher, &fields, e, typos).ok()?,
            None => Default::default(),
        };
        let forms = forms.into_iter().map(|(form, distance)| {
            let word = form.trim_start_matches(analysis::EXACT_PREFIX);
            (analysis::stem(word), distance)
        });
        let (_, _, term) = stems
            .into_iter()
            .chain(forms)
            .map(|(term, distance)| (distance, Reverse(self.text_doc_freq(&term)), term))
            .filter(|(_, Reverse(n), _)| *n > 0)
            .min()?;
        let exact = analysis::exact_term(&term);
        Some(QueryWord {
            folded: term.clone(),
            stem: term,
            exact: self.in_text(&exact).then_some(exact),
            also: None,
            position: w.position,
            capitalized: w.capitalized,
        })
    }

    /// `author:Martin`: every word of the value, in a label field.
    fn label_query(&self, field: Field, fa: &FieldAtom) -> Option<Box<dyn Query>> {
        let text = match &fa.atom {
            Atom::Word { text, .. } | Atom::Phrase(text) => text,
        };
        let mut analyzer = self.store.index.tokenizers().get(LABEL)?;
        let terms = analysis::analyze_with(&mut analyzer, text);
        if terms.is_empty() {
            return None;
        }
        Some(Box::new(BooleanQuery::new(
            terms
                .iter()
                .map(|t| -> (Occur, Box<dyn Query>) {
                    (Occur::Must, Box::new(term_query(field, &t.text)))
                })
                .collect(),
        )))
    }

    /// Terms of `field` for a truncated word: stems starting with its folded form, and stems
    /// that are a slightly shorter prefix of it (`numéri*` → `numer`, the stem of numérique).
    fn prefix_terms(&self, field: Field, word: &QueryWord) -> Result<Vec<String>, SearchError> {
        let p = word.folded.as_str();
        let mut out: Vec<String> = Vec::new();
        let shortest = p.chars().count().saturating_sub(2).max(3);
        for segment in self.searcher.segment_readers() {
            let inv = segment.inverted_index(field)?;
            let mut stream = inv
                .terms()
                .range()
                .ge(p.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(p.as_bytes()) || out.len() >= MAX_PREFIX_TERMS {
                    break;
                }
                if let Ok(s) = std::str::from_utf8(key) {
                    out.push(s.to_owned());
                }
            }
            for (i, _) in p.char_indices().skip(shortest) {
                let candidate = &p[..i];
                if inv
                    .terms()
                    .get(candidate.as_bytes())
                    .map_err(tantivy::TantivyError::from)?
                    .is_some()
                {
                    out.push(candidate.to_owned());
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// An article by id.
    pub fn get(&self, id: &str) -> Result<Option<StoredArticle>, SearchError> {
        let f = self.fields().clone();
        let q = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(*addr)?;
        Ok(Some(StoredArticle {
            id: first_str(&doc, f.id).unwrap_or_default(),
            path: first_str(&doc, f.path).unwrap_or_default(),
            url: first_str(&doc, f.url),
            title: first_str(&doc, f.title).unwrap_or_default(),
            lede: first_str(&doc, f.lede).unwrap_or_default(),
            body: first_str(&doc, f.body).unwrap_or_default(),
            authors: all_str(&doc, f.authors),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(day_of),
            published: first_str(&doc, f.published),
            modified: first_str(&doc, f.modified),
            source: first_str(&doc, f.source),
            section: first_str(&doc, f.section),
            tags: all_str(&doc, f.tags),
            lang: first_str(&doc, f.lang),
            duplicates: self.duplicates_of(&doc)?,
        }))
    }

    /// Index-wide figures.
    pub fn stats(&self) -> Result<Stats, SearchError> {
        let mut sources = BTreeMap::new();
        let mut sections = BTreeMap::new();
        let mut first: Option<i64> = None;
        let mut last: Option<i64> = None;
        for segment in self.searcher.segment_readers() {
            let ff = segment.fast_fields();
            let dates = ff.date("date")?;
            let src = ff.str("source_key")?;
            let sec = ff.str("section_key")?;
            let mut buf = String::new();
            for doc in segment.doc_ids_alive() {
                if let Some(d) = dates.first(doc) {
                    let s = d.into_timestamp_secs();
                    first = Some(first.map_or(s, |f| f.min(s)));
                    last = Some(last.map_or(s, |l| l.max(s)));
                }
                for (col, map) in [(&src, &mut sources), (&sec, &mut sections)] {
                    if let Some(col) = col
                        && let Some(ord) = col.term_ords(doc).next()
                    {
                        buf.clear();
                        col.ord_to_str(ord, &mut buf)
                            .map_err(tantivy::TantivyError::from)?;
                        *map.entry(buf.clone()).or_insert(0) += 1;
                    }
                }
            }
        }
        let day = |s: i64| day_of(DateTime::from_timestamp_secs(s));
        Ok(Stats {
            articles: self.searcher.num_docs(),
            first_date: first.map(day),
            last_date: last.map(day),
            sources,
            sections,
            folders: self.store.roots(),
            size_bytes: dir_size(&self.store.dir),
            index: self.store.dir.to_string_lossy().into_owned(),
        })
    }
}

/// Weight of an acronym's lower-case reading (`sncf` for `SNCF`; see
/// `Searcher::other_reading`).
const LESS_COMMON_READING: f32 = 0.2;

/// Weight of the stem of a word's other forms beside its own (`massacr` for `massacrees`,
/// `manifest` for `manifestent`; see `Searcher::other_reading`). Measured with `kiosque eval`
/// (MRR@10, titles / standfirsts / PIAF): 0.7091 / 0.7734 / 0.7600 without it; with the
/// accented endings alone, 0.7092 / 0.7754 / 0.7606 at 0.3, 0.7087 / 0.7757 / 0.7606 at 0.5,
/// 0.7082 / 0.7759 / 0.7604 at 1; with the plural verbs too, 0.7093 / 0.7767 / 0.7608 at 0.3;
/// with the plurals in `-s` too, 0.7096 / 0.7767 / 0.7608.
const VARIANT_READING: f32 = 0.3;

/// At most this many spellings of a phrase are searched (see `Searcher::phrase_spellings`).
const MAX_PHRASE_SPELLINGS: usize = 8;

/// A lower-case word of a short query is read as a name when, of the articles that hold it and
/// the query's other words, more than this share write it with a capital (as when the archive
/// does so everywhere)...
const NAME_IN_CONTEXT_SHARE: f64 = 0.5;
/// ... and at least this many do (one or two articles are too few to tell).
const NAME_IN_CONTEXT_MIN_ARTICLES: usize = 3;

/// The stems of a query's words (not those it excludes).
fn query_stems(parsed: &ParsedQuery) -> Vec<String> {
    let mut stems = Vec::new();
    for clause in parsed.clauses.iter().filter(|c| !c.negated) {
        for fa in &clause.alternatives {
            if fa.field.is_some() {
                continue;
            }
            if let Atom::Word {
                text,
                prefix: false,
            }
            | Atom::Phrase(text) = &fa.atom
            {
                stems.extend(analyze_query(text).into_iter().map(|w| w.stem));
            }
        }
    }
    stems
}

/// `term` in the title, standfirst or body.
fn in_text_fields(f: &Fields, term: &str) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        [f.title, f.lede, f.body]
            .into_iter()
            .map(|field| -> (Occur, Box<dyn Query>) {
                (Occur::Should, Box::new(term_query(field, term)))
            })
            .collect(),
    ))
}

/// The fields a query word is searched in, with their ranking weights.
fn weighted_text_fields(f: &Fields, p: &RankingParams) -> [(Field, f32); 3] {
    [
        (f.title, p.title_weight),
        (f.lede, p.lede_weight),
        (f.body, p.body_weight),
    ]
}

fn term_query(field: Field, text: &str) -> TermQuery {
    TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    )
}

/// One word in one field: its stem, plus its exact form weighted on top. A word typed with a
/// capital whose exact form the index holds is read as a name: its stem (`met` for `Meta`)
/// then counts only a little.
fn word_query(
    field: Field,
    w: &QueryWord,
    (p, short): (&RankingParams, bool),
    name: bool,
) -> Box<dyn Query> {
    let weight = if w.capitalized {
        p.exact_weight_capitalized
    } else {
        p.exact_weight
    };
    let stem: Box<dyn Query> = Box::new(term_query(field, &w.stem));
    // An acronym's one term is its exact form, standing for both the stem and the exact form
    // that other capitalised words have: it weighs what the two would. (In a long query, the
    // exact form of a word that is its own stem does not count.)
    let stem: Box<dyn Query> = if w.stem.starts_with(analysis::EXACT_PREFIX) {
        let stem_weight = if name { p.name_stem_weight } else { 1.0 };
        let exact_weight = if short { weight } else { 0.0 };
        Box::new(BoostQuery::new(stem, stem_weight + exact_weight))
    } else {
        stem
    };
    // The word's other reading (`oms`: the stem `om`, or the acronym `OMS`): whichever an
    // article holds, counted once.
    let stem: Box<dyn Query> = match &w.also {
        Some(also) => Box::new(DisjunctionMaxQuery::new(vec![
            Box::new(BoostQuery::new(stem, also.stem_weight)),
            Box::new(BoostQuery::new(
                Box::new(term_query(field, &also.term)),
                also.weight,
            )),
        ])),
        None => stem,
    };
    let stem: Box<dyn Query> = if name && w.exact.is_some() {
        Box::new(BoostQuery::new(stem, p.name_stem_weight))
    } else {
        stem
    };
    match &w.exact {
        // A document with the exact form has the stem at the same place: an exact form that
        // weighs nothing finds nothing more, and would only cost its postings.
        Some(e) if weight > 0.0 => Box::new(BooleanQuery::new(vec![
            (Occur::Should, stem),
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term_query(field, e)), weight)),
            ),
        ])),
        _ => stem,
    }
}

/// The term of a day's start. Days are kept within the years that articles can have
/// (`MIN_YEAR`..=`MAX_YEAR`): tantivy counts time in nanoseconds, which wrap around before
/// 1678 and after 2262, so `--since 1500` found nothing and `--until 1500` found everything.
fn date_term(field: Field, d: NaiveDate) -> Term {
    let first = NaiveDate::from_ymd_opt(MIN_YEAR, 1, 1).expect("a valid day");
    let after_last = NaiveDate::from_ymd_opt(MAX_YEAR + 1, 1, 1).expect("a valid day");
    let secs = d
        .clamp(first, after_last)
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    Term::from_field_date(field, DateTime::from_timestamp_secs(secs))
}

fn day_of(d: DateTime) -> String {
    chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn all_str(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// A clause as the user typed it (field, `-`, quotes, `*`), for `--explain`.
fn clause_text(clause: &query::Clause) -> String {
    let atoms: Vec<String> = clause
        .alternatives
        .iter()
        .map(|fa| {
            let field = fa.field.map_or(String::new(), |f| {
                format!("{}:", format!("{f:?}").to_lowercase())
            });
            match &fa.atom {
                Atom::Word { text, prefix } => {
                    format!("{field}{text}{}", if *prefix { "*" } else { "" })
                }
                Atom::Phrase(text) => format!("{field}\"{text}\""),
            }
        })
        .collect();
    format!(
        "{}{}",
        if clause.negated {
            "-"
        } else if clause.required {
            "+"
        } else {
            ""
        },
        atoms.join(" OR ")
    )
}

/// Synonyms to search beside each clause: expressions of the lists found in the query's plain
/// words and phrases (across clauses: `intelligence artificielle` typed as two words), each
/// attached to the clauses it covers whole.
fn clause_synonyms(
    parsed: &ParsedQuery,
    synonyms: &Synonyms,
) -> std::collections::HashMap<usize, Vec<String>> {
    let mut out: std::collections::HashMap<usize, Vec<String>> = Default::default();
    if synonyms.is_empty() {
        return out;
    }
    // The query's words in order: each its stem, its other term and its clause; other clauses
    // break the sequence. A lower-case word may also be an acronym typed in lower case (`oms`):
    // its exact form is its other term. An acronym typed in capitals (`COVID`, whose term is
    // `=covid`) may be a word that the list writes in lower case (`covid`): that is its other.
    const BREAK: &str = "\u{0}";
    let mut seq: Vec<(String, String, Option<usize>)> = Vec::new();
    for (ci, c) in parsed.clauses.iter().enumerate() {
        match c.plain_text() {
            Some(t) => seq.extend(analyze_query(t).into_iter().map(|w| {
                let other = if w.stem.starts_with(analysis::EXACT_PREFIX) {
                    analysis::stem(&w.folded)
                } else if w.capitalized {
                    w.stem.clone()
                } else {
                    analysis::exact_term(&w.folded)
                };
                (w.stem, other, Some(ci))
            })),
            None => seq.push((BREAK.to_owned(), BREAK.to_owned(), None)),
        }
    }
    let words: Vec<(&str, &str)> = seq
        .iter()
        .map(|(s, o, _)| (s.as_str(), o.as_str()))
        .collect();
    for e in synonyms.expand(&words) {
        let covered: Vec<usize> = seq[e.start..e.start + e.len]
            .iter()
            .filter_map(|(_, _, c)| *c)
            .collect();
        // Only whole clauses: `"intelligence artificielle générative"` is not `IA`.
        let whole = covered.iter().all(|ci| {
            let total = seq.iter().filter(|(_, _, c)| *c == Some(*ci)).count();
            let inside = covered.iter().filter(|c| *c == ci).count();
            total == inside
        });
        if !whole {
            continue;
        }
        let mut seen = HashSet::new();
        for ci in covered {
            if seen.insert(ci) {
                out.entry(ci)
                    .or_default()
                    .extend(e.alternatives.iter().cloned());
            }
        }
    }
    // An expression that holds the clause's own words, or another synonym, in a row finds
    // nothing they do not (`covid-19` for `covid`, `Organisation des Nations unies` beside
    // `Nations unies`): it would only count those articles twice, and a phrase is the
    // costliest query there is (it reads word positions).
    for (ci, alternatives) in out.iter_mut() {
        let own: Vec<String> = seq
            .iter()
            .filter(|(_, _, c)| *c == Some(*ci))
            .map(|(s, _, _)| s.clone())
            .collect();
        let stems: Vec<Vec<String>> = alternatives
            .iter()
            .map(|a| analyze_query(a).into_iter().map(|w| w.stem).collect())
            .collect();
        let mut keep = Vec::new();
        for (i, alt) in alternatives.iter().enumerate() {
            let subsumed = holds_in_a_row(&stems[i], &own)
                || stems.iter().enumerate().any(|(j, other)| {
                    j != i && holds_in_a_row(&stems[i], other) && (stems[i] != *other || j < i)
                });
            if !subsumed {
                keep.push(alt.clone());
            }
        }
        *alternatives = keep;
    }
    out
}

/// Articles with every clause (each as its coverage query says, when it has one).
fn every_clause(required: &[Box<dyn Query>], coverage: &[Option<Box<dyn Query>>]) -> BooleanQuery {
    BooleanQuery::new(
        required
            .iter()
            .zip(coverage)
            .map(|(q, c)| (Occur::Must, c.as_ref().unwrap_or(q).box_clone()))
            .collect(),
    )
}

/// Whether `run` is found in `words`, in a row (an empty run is not).
fn holds_in_a_row(words: &[String], run: &[String]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|w| w == run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synonyms_of(query: &str, groups: &str) -> Vec<Vec<String>> {
        let mut list = Synonyms::default();
        list.add_text(groups);
        let parsed = query::parse(query);
        let found = clause_synonyms(&parsed, &list);
        (0..parsed.clauses.len())
            .map(|ci| found.get(&ci).cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn synonyms_that_hold_the_word_or_another_synonym_are_left_out() {
        // `covid-19` finds only articles `covid` finds.
        assert_eq!(
            synonyms_of("covid", "covid = covid-19 = coronavirus"),
            [["coronavirus"]]
        );
        // The long name holds the short one.
        assert_eq!(
            synonyms_of(
                "ONU",
                "ONU = Nations unies = Organisation des Nations unies"
            ),
            [["Nations unies"]]
        );
        // Words in another order, or apart, are not the same phrase: kept.
        assert_eq!(
            synonyms_of("UE", "UE = Union européenne = européenne union"),
            [["Union européenne", "européenne union"]]
        );
        // An acronym typed in capitals matches the list's word in lower case, and the other
        // way round.
        // (`COVID` is the acronym's term, `=covid`: the list's `covid-19` does not hold it.)
        assert_eq!(
            synonyms_of("COVID", "covid = covid-19 = coronavirus"),
            [["covid-19", "coronavirus"]]
        );
        for typed in ["Covid", "covid"] {
            assert_eq!(
                synonyms_of(typed, "covid = covid-19 = coronavirus"),
                [["coronavirus"]],
                "{typed}"
            );
        }
        assert_eq!(
            synonyms_of("COVID-19", "covid-19 = coronavirus"),
            [["coronavirus"]]
        );
        assert_eq!(
            synonyms_of("sncf", "SNCF = chemins de fer"),
            [["chemins de fer"]]
        );
        // The same expression twice counts once.
        assert_eq!(
            synonyms_of(
                "IA",
                "IA = intelligence artificielle\nIA = intelligence artificielle"
            ),
            [["intelligence artificielle"]]
        );
    }
}
