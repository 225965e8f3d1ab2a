//! Duplicate groups: articles whose bodies are the same once case and white space are
//! normalised (wire copy published twice). The earliest-published copy, then the smallest id,
//! stands for its group (`canonical` = 1); searches skip the others and count them.
//!
//! Documents are immutable in tantivy, so after a run's commit the groups it touched are read
//! back and every copy whose flag is wrong is re-added with the right one. The run already adds
//! a copy as not canonical when one added before it comes first (`update`), so what is re-added
//! is mostly the copies that a later one displaced. A fresh index finds its groups in its own
//! `dup` terms ([`shared_keys`]).

use rustc_hash::FxHashMap as HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

use crate::schema::Fields;

/// One copy of a group, with what decides which copy stands for it.
struct Copy {
    addr: DocAddress,
    date: i64,
    id: String,
    canonical: bool,
}

/// Re-adds the copies whose `canonical` flag is wrong in the groups `keys`; returns how many
/// documents changed (the caller commits). A key maps to `true` when the run only added
/// documents with it.
pub fn settle(
    searcher: &Searcher,
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    keys: &HashMap<u64, bool>,
) -> tantivy::Result<usize> {
    let mut changed = 0;
    let mut sorted: Vec<(u64, bool)> = keys
        .iter()
        .map(|(&k, &added_only)| (k, added_only))
        .filter(|&(k, _)| k != 0)
        .collect();
    sorted.sort_unstable();
    for (key, added_only) in sorted {
        let term = Term::from_field_u64(fields.dup, key);
        // A key that this run only added, held by one document in the index (deleted ones
        // included), is that new document's alone: it was added as canonical, which it is.
        // Most keys are so, and this skips their search.
        if added_only && searcher.doc_freq(&term)? <= 1 {
            continue;
        }
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let addrs = searcher.search(&q, &DocSetCollector)?;
        let mut copies = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let seg = searcher.segment_reader(addr.segment_ord);
            let ff = seg.fast_fields();
            let date = ff
                .date("date")?
                .first(addr.doc_id)
                .map_or(i64::MAX, |d| d.into_timestamp_secs());
            let canonical = ff.u64("canonical")?.first(addr.doc_id) == Some(1);
            let mut id = String::new();
            if let Some(col) = ff.str("id")?
                && let Some(ord) = col.term_ords(addr.doc_id).next()
            {
                col.ord_to_str(ord, &mut id)?;
            }
            copies.push(Copy {
                addr,
                date,
                id,
                canonical,
            });
        }
        let Some(best) = copies
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)))
            .map(|(i, _)| i)
        else {
            continue;
        };
        for (i, c) in copies.iter().enumerate() {
            let should = i == best;
            if c.canonical != should {
                readd(searcher, writer, fields, c.addr, should)?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

/// The duplicate keys held by more than one document of the index (deleted ones included: a
/// key is looked at again, not missed). Reads each segment's term dictionary of `dup` in order;
/// the only memory it takes is 8 bytes per segment term, while it runs.
pub fn shared_keys(searcher: &Searcher, dup: Field) -> tantivy::Result<Vec<u64>> {
    let mut keys = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(dup)?;
        let mut terms = inverted.terms().stream()?;
        while let Some((bytes, info)) = terms.next() {
            let Ok(bytes) = <[u8; 8]>::try_from(bytes) else {
                continue;
            };
            let key = u64::from_be_bytes(bytes);
            // Twice in one segment: both copies at once.
            for _ in 0..info.doc_freq.min(2) {
                keys.push(key);
            }
        }
    }
    keys.sort_unstable();
    let mut shared: Vec<u64> = keys
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    shared.dedup();
    Ok(shared)
}

/// Deletes one document (by id and path) and adds it back with another `canonical` flag.
fn readd(
    searcher: &Searcher,
    writer: &IndexWriter<TantivyDocument>,
    f: &Fields,
    addr: DocAddress,
    canonical: bool,
) -> tantivy::Result<()> {
    let stored: TantivyDocument = searcher.doc(addr)?;
    let mut doc = TantivyDocument::default();
    for (field, value) in stored.field_values() {
        if field == f.canonical {
            continue;
        }
        if field == f.source
            && let Some(s) = value.as_str()
        {
            doc.add_text(f.source_key, s);
        }
        if field == f.section
            && let Some(s) = value.as_str()
        {
            doc.add_text(f.section_key, s);
        }
        doc.add_field_value(field, value);
    }
    doc.add_u64(f.canonical, u64::from(canonical));
    let text = |field| {
        stored
            .get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let this: Vec<(Occur, Box<dyn Query>)> = vec![
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.id, &text(f.id)),
                IndexRecordOption::Basic,
            )),
        ),
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.path, &text(f.path)),
                IndexRecordOption::Basic,
            )),
        ),
    ];
    writer.delete_query(Box::new(BooleanQuery::new(this)))?;
    writer.add_document(doc)?;
    Ok(())
}
