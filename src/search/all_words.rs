//! The all-words rule as one query: the articles matching any of a short query's clauses, each
//! scored by the sum of its matching clauses, plus a bonus when it matches all of them. A clause
//! may come with a stricter query that decides whether it counts for the bonus (a name counts
//! only where its exact form is: `Total` the company, not `au total`).
//!
//! Written as a tantivy boolean query, the rule needs the clauses twice (once in the union that
//! finds and scores, once in the intersection that earns the bonus), and every clause, phrases
//! included, is evaluated twice per article. Here each clause's scorer runs once: the union
//! moves the few clause scorers of a short query together and counts those on the document.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Articles with any clause; the sum of the clauses found, plus `bonus` when all are.
pub struct AllWordsQuery {
    clauses: Vec<Box<dyn Query>>,
    /// Per clause, what must match for it to count towards the bonus (the clause itself when
    /// `None`). It must match only documents the clause matches.
    coverage: Vec<Option<Box<dyn Query>>>,
    bonus: Score,
}

impl AllWordsQuery {
    /// `clauses` must not be empty; `coverage` has one entry per clause.
    pub fn new(
        clauses: Vec<Box<dyn Query>>,
        coverage: Vec<Option<Box<dyn Query>>>,
        bonus: Score,
    ) -> AllWordsQuery {
        assert_eq!(
            clauses.len(),
            coverage.len(),
            "one coverage entry per clause"
        );
        AllWordsQuery {
            clauses,
            coverage,
            bonus,
        }
    }
}

impl Clone for AllWordsQuery {
    fn clone(&self) -> Self {
        AllWordsQuery {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
            coverage: self
                .coverage
                .iter()
                .map(|c| c.as_ref().map(|q| q.box_clone()))
                .collect(),
            bonus: self.bonus,
        }
    }
}

impl fmt::Debug for AllWordsQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AllWordsQuery")
            .field("clauses", &self.clauses)
            .field("coverage", &self.coverage)
            .field("bonus", &self.bonus)
            .finish()
    }
}

impl Query for AllWordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let coverage = self
            .coverage
            .iter()
            .map(|c| c.as_ref().map(|q| q.weight(enable_scoring)).transpose())
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AllWordsWeight {
            weights,
            coverage,
            bonus: self.bonus,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.clauses {
            q.query_terms(visitor);
        }
    }
}

struct AllWordsWeight {
    weights: Vec<Box<dyn Weight>>,
    coverage: Vec<Option<Box<dyn Weight>>>,
    bonus: Score,
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let coverage = self
            .coverage
            .iter()
            .map(|c| c.as_ref().map(|w| w.scorer(reader, boost)).transpose())
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scorer = AllWordsScorer {
            scorers,
            coverage,
            doc: 0,
            bonus: self.bonus * boost,
        };
        scorer.doc = scorer.first_doc();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #{doc} does not match"
            )));
        }
        let mut explanation = Explanation::new(
            "sum of the clauses found, and the bonus when all are",
            scorer.score(),
        );
        let mut all = true;
        for (w, c) in self.weights.iter().zip(&self.coverage) {
            match w.explain(reader, doc) {
                Ok(e) => explanation.add_detail(e),
                Err(_) => all = false,
            }
            if let Some(c) = c {
                all &= c.explain(reader, doc).is_ok();
            }
        }
        if all {
            explanation.add_detail(Explanation::new("every clause (bonus)", self.bonus));
        }
        Ok(explanation)
    }
}

struct AllWordsScorer {
    scorers: Vec<Box<dyn Scorer>>,
    /// Moved forward lazily, when their clause is on the document.
    coverage: Vec<Option<Box<dyn Scorer>>>,
    doc: DocId,
    bonus: Score,
}

impl AllWordsScorer {
    fn first_doc(&self) -> DocId {
        self.scorers
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for AllWordsScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        let mut next = TERMINATED;
        for s in &mut self.scorers {
            let d = if s.doc() == current {
                s.advance()
            } else {
                s.doc()
            };
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for s in &mut self.scorers {
            let d = if s.doc() < target {
                s.seek(target)
            } else {
                s.doc()
            };
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for AllWordsScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum = 0.0;
        let mut all = true;
        for (s, c) in self.scorers.iter_mut().zip(&mut self.coverage) {
            if s.doc() == doc {
                sum += s.score();
                if let Some(c) = c {
                    if c.doc() < doc {
                        c.seek(doc);
                    }
                    all &= c.doc() == doc;
                }
            } else {
                all = false;
            }
        }
        if all { sum + self.bonus } else { sum }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::doc;
    use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, IndexWriter};

    /// The same scores as the boolean query it replaces (union of the clauses, plus a constant
    /// score for their intersection), on every document, over several segments.
    #[test]
    fn scores_like_the_union_plus_a_bonus_for_the_intersection() {
        let mut builder = Schema::builder();
        let word = builder.add_text_field("w", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let texts = ["a", "b", "c", "a b", "a c", "b c", "a b c", "d", "a a"];
        for (i, t) in texts.iter().enumerate() {
            let mut d = tantivy::TantivyDocument::default();
            for w in t.split(' ') {
                d.add_text(word, w);
            }
            writer.add_document(d).expect("add");
            if i % 4 == 3 {
                writer.commit().expect("commit");
            }
        }
        writer.add_document(doc!(word => "e")).expect("add");
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let clause = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(word, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        for words in [
            vec!["a", "b"],
            vec!["a", "b", "c"],
            vec!["c", "d"],
            vec!["z", "a"],
        ] {
            let clauses: Vec<Box<dyn Query>> = words.iter().map(|w| clause(w)).collect();
            let mine = AllWordsQuery::new(
                clauses.iter().map(|q| q.box_clone()).collect(),
                clauses.iter().map(|_| None).collect(),
                100.0,
            );
            let union = BooleanQuery::new(
                clauses
                    .iter()
                    .map(|q| (Occur::Should, q.box_clone()))
                    .collect(),
            );
            let all = BooleanQuery::new(
                clauses
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect(),
            );
            let theirs = BooleanQuery::new(vec![
                (Occur::Must, Box::new(union) as Box<dyn Query>),
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(all), 100.0)),
                ),
            ]);
            let top = |q: &dyn Query| {
                let mut v = searcher
                    .search(q, &TopDocs::with_limit(100).order_by_score())
                    .expect("search");
                v.sort_by_key(|(_, a)| *a);
                v
            };
            let (a, b) = (top(&mine), top(&theirs));
            assert_eq!(a.len(), b.len(), "{words:?}");
            for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                assert_eq!(da, db, "{words:?}");
                assert!((sa - sb).abs() < 1e-4, "{words:?}: {sa} vs {sb}");
            }
            assert_eq!(
                searcher.search(&mine, &Count).expect("count"),
                searcher.search(&theirs, &Count).expect("count")
            );
            // Seeking lands on the same documents as advancing.
            let weight = mine
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .expect("weight");
            for reader in searcher.segment_readers() {
                let mut walked = Vec::new();
                let mut s = weight.scorer(reader, 1.0).expect("scorer");
                while s.doc() != TERMINATED {
                    walked.push(s.doc());
                    s.advance();
                }
                for &d in &walked {
                    let mut s = weight.scorer(reader, 1.0).expect("scorer");
                    assert_eq!(s.seek(d), d);
                }
            }
        }
    }
}
