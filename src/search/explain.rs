//! `search --explain`: how the query was read (terms, names, synonyms, rules) and why each hit
//! scored what it did, part by part (each query word, the all-words bonus, proximity), down to
//! the terms that matched in each field.

use serde::Serialize;
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::schema::{Field, Schema};
use tantivy::{DocAddress, Searcher};

/// How the query was read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueryExplanation {
    /// One entry per query clause.
    pub clauses: Vec<ClauseExplanation>,
    /// Whether the query counts as short (a few words the user wants) rather than a pasted
    /// sentence: short queries put articles with every word first and read capitalised
    /// words as names.
    pub short_query: bool,
    /// The rules applied, in words.
    pub rules: Vec<String>,
}

/// How one clause was read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClauseExplanation {
    /// The clause as typed (with its field, `-`, quotes, `*`).
    pub text: String,
    /// The index terms searched (stems, and `=exact` forms).
    pub terms: Vec<String>,
    /// Whether it excludes articles rather than finds them.
    pub excluded: bool,
    /// Read as a name (a capitalised word whose exact form the index holds).
    pub name: bool,
    /// Why a word typed in lower case was read as a name (the archive writes it with a capital).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_because: Option<String>,
    /// Synonyms searched too (from the synonym lists).
    pub synonyms: Vec<String>,
    /// The word that the index holds, searched in place of a word that no article holds
    /// (a typing mistake: `Macorn` → `macron`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respelled: Option<String>,
    /// The word as typed, letters and digits glued (`COVID19`), when it was read apart (the
    /// clause's text, `COVID-19`), as more articles write it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typed_glued: Option<String>,
}

/// Why one hit scored what it did.
#[derive(Debug, Clone, Serialize)]
pub struct HitExplanation {
    /// The parts of the score, largest first.
    pub parts: Vec<ScorePart>,
}

/// One part of a score.
#[derive(Debug, Clone, Serialize)]
pub struct ScorePart {
    /// What it rewards (a query clause, the all-words bonus, proximity...).
    pub part: String,
    /// Its share of the score.
    pub score: f32,
    /// The terms that matched, per field, with their share (weights applied).
    pub matches: Vec<TermMatch>,
}

/// One term matched in one field.
#[derive(Debug, Clone, Serialize)]
pub struct TermMatch {
    /// Field name.
    pub field: String,
    /// Index term (stem, or `=exact` form).
    pub term: String,
    /// Its share of the score.
    pub score: f32,
}

/// The scoring parts of a query, ready to explain documents.
pub struct Explainer {
    parts: Vec<(String, Box<dyn Weight>)>,
    schema: Schema,
}

impl Explainer {
    /// Prepares the weights of each labelled part.
    pub fn new(searcher: &Searcher, parts: &[(String, Box<dyn Query>)]) -> tantivy::Result<Self> {
        let mut weights = Vec::with_capacity(parts.len());
        for (label, q) in parts {
            weights.push((
                label.clone(),
                q.weight(EnableScoring::enabled_from_searcher(searcher))?,
            ));
        }
        Ok(Explainer {
            parts: weights,
            schema: searcher.schema().clone(),
        })
    }

    /// Explains one document's score.
    pub fn explain(&self, searcher: &Searcher, addr: DocAddress) -> HitExplanation {
        let reader = searcher.segment_reader(addr.segment_ord);
        let mut parts = Vec::new();
        for (label, weight) in &self.parts {
            // A part that does not match this document adds nothing.
            let Ok(e) = weight.explain(reader, addr.doc_id) else {
                continue;
            };
            let mut matches = Vec::new();
            if let Ok(tree) = serde_json::to_value(&e) {
                collect_terms(&tree, 1.0, &self.schema, &mut matches);
            }
            matches.sort_by(|a, b| b.score.total_cmp(&a.score));
            parts.push(ScorePart {
                part: label.clone(),
                score: e.value(),
                matches,
            });
        }
        parts.sort_by(|a, b| b.score.total_cmp(&a.score));
        HitExplanation { parts }
    }
}

/// Walks tantivy's explanation tree (as JSON: `value`, `description`, `details`, `context`),
/// collecting term leaves with the product of the boosts above them.
fn collect_terms(node: &serde_json::Value, boost: f32, schema: &Schema, out: &mut Vec<TermMatch>) {
    let description = node["description"].as_str().unwrap_or("");
    let value = node["value"].as_f64().unwrap_or(0.0) as f32;
    if let Some(contexts) = node["context"].as_array() {
        for c in contexts.iter().filter_map(|c| c.as_str()) {
            if let Some((field, term)) = parse_term(c, schema) {
                out.push(TermMatch {
                    field,
                    term,
                    score: value * boost,
                });
                return;
            }
        }
    }
    let boost = match description
        .strip_prefix("Boost x")
        .and_then(|s| s.split_whitespace().next())
        .and_then(|b| b.parse::<f32>().ok())
    {
        Some(b) => boost * b,
        None => boost,
    };
    if description.starts_with("Phrase Scorer") {
        out.push(TermMatch {
            field: String::new(),
            term: "(words in sequence)".to_owned(),
            score: value * boost,
        });
        return;
    }
    if let Some(details) = node["details"].as_array() {
        for d in details {
            collect_terms(d, boost, schema, out);
        }
    }
}

/// Reads `Term=Term(field=3, type=Str, "meta")` (tantivy's debug form of a term).
fn parse_term(context: &str, schema: &Schema) -> Option<(String, String)> {
    let rest = context.strip_prefix("Term=Term(field=")?;
    let (id, rest) = rest.split_once(',')?;
    let id: u32 = id.trim().parse().ok()?;
    let start = rest.find('"')?;
    let end = rest.rfind('"')?;
    if end <= start {
        return None;
    }
    let quoted = &rest[start..=end];
    let term: String = serde_json::from_str(quoted).unwrap_or_else(|_| quoted.to_owned());
    let field = schema.get_field_name(Field::from_field_id(id)).to_owned();
    Some((field, term))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, TEXT};

    #[test]
    fn terms_are_read_from_tantivy_contexts() {
        let mut b = Schema::builder();
        b.add_text_field("title", TEXT | STORED);
        b.add_text_field("body", TEXT);
        let schema = b.build();
        assert_eq!(
            parse_term(r#"Term=Term(field=1, type=Str, "meta")"#, &schema),
            Some(("body".to_owned(), "meta".to_owned()))
        );
        assert_eq!(
            parse_term(r#"Term=Term(field=0, type=Str, "=l\"ia")"#, &schema),
            Some(("title".to_owned(), "=l\"ia".to_owned()))
        );
        assert_eq!(parse_term("something else", &schema), None);
    }

    #[test]
    fn boosts_multiply_down_the_tree() {
        let mut b = Schema::builder();
        b.add_text_field("title", TEXT | STORED);
        let schema = b.build();
        let tree = serde_json::json!({
            "value": 6.0, "description": "Boost x2 of ...",
            "details": [{"value": 3.0, "description": "TermQuery, product of...",
                         "context": ["Term=Term(field=0, type=Str, \"met\")"]}]
        });
        let mut out = Vec::new();
        collect_terms(&tree, 1.0, &schema, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].term, "met");
        assert!((out[0].score - 6.0).abs() < 1e-6);
    }
}
