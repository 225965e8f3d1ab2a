//! Duplicate groups: articles whose bodies are the same once case and white space are
//! normalised (wire copy published twice). The earliest-published copy, then the smallest id,
//! stands for its group (`canonical` = 1); searches skip the others and count them.
//!
//! Documents are immutable in tantivy, so after a run's commit the groups it touched are read
//! back and every copy whose flag is wrong is re-added with the right one. The run already adds
//! a copy as not canonical when one added before it comes first ([`FirstCopies`]), so what is
//! re-added is mostly the copies that a later one displaced. A fresh index finds its groups in its own
//! `dup` terms ([`shared_keys`]).

use std::collections::hash_map::Entry;
use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

use crate::schema::Fields;

/// The date of an undated copy, where copies are ordered: after every dated one.
const UNDATED: i64 = i64::MAX;

/// How many duplicate keys [`FirstCopies`] remembers (about 17 MB of table).
const FIRST_COPIES_MAX_KEYS: usize = 400_000;

/// The first copy added so far of each group, during a run, so that a copy that comes after it
/// goes in as not canonical at once and settling re-adds only the copies a later one displaced
/// (36k OrangeSum: 417 instead of 2,029). Copies are ordered as [`settle`] orders them, by date
/// then id, the id by its first 16 bytes (ids that differ only further on are not told apart:
/// settling decides). Bounded, so that memory stays flat on large archives: past
/// [`FIRST_COPIES_MAX_KEYS`] keys, new groups are not remembered and settling decides.
#[derive(Default)]
pub struct FirstCopies(Mutex<HashMap<u64, (i64, u128)>>);

impl FirstCopies {
    /// Whether a copy with duplicate key `dup` may stand for its group, as far as the copies
    /// added before it tell (`false`: one of them comes first); remembers it if so.
    pub fn may_stand_for(&self, dup: u64, date: Option<i64>, id: &str) -> bool {
        if dup == 0 {
            return true;
        }
        let this = (date.unwrap_or(UNDATED), id_prefix(id));
        let mut first = self.0.lock().expect("no panics while holding");
        let len = first.len();
        match first.entry(dup) {
            Entry::Vacant(v) => {
                if len < FIRST_COPIES_MAX_KEYS {
                    v.insert(this);
                }
                true
            }
            Entry::Occupied(o) if this > *o.get() => false,
            Entry::Occupied(mut o) => {
                o.insert(this);
                true
            }
        }
    }
}

/// The first 16 bytes of an id, as an integer that sorts as the ids do (byte order, shorter
/// first on a common prefix). Ids that differ only further on compare equal.
fn id_prefix(id: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = id.len().min(16);
    b[..n].copy_from_slice(&id.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

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
                .map_or(UNDATED, |d| d.into_timestamp_secs());
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

#[cfg(test)]
mod tests {
    use super::FirstCopies;

    #[test]
    fn a_copy_after_the_first_one_added_is_not_canonical() {
        let first = FirstCopies::default();
        let day = Some(1_700_000_000);
        // Same day: ids compared as text ("115" < "49" < "6").
        assert!(first.may_stand_for(7, day, "115"));
        assert!(!first.may_stand_for(7, day, "49"));
        assert!(!first.may_stand_for(7, day, "6"));
        // Published later, or undated: after it; published earlier: before it.
        assert!(!first.may_stand_for(7, Some(1_700_086_400), "1"));
        assert!(!first.may_stand_for(7, None, "0"));
        assert!(first.may_stand_for(7, Some(1_699_913_600), "9"));
        // In the other order, each copy comes first so far.
        let first = FirstCopies::default();
        for id in ["6", "49", "115"] {
            assert!(first.may_stand_for(7, day, id), "{id}");
        }
        // Ids alike in their first 16 bytes are not told apart here: settling decides.
        assert!(first.may_stand_for(8, day, "https://example.org/b"));
        assert!(first.may_stand_for(8, day, "https://example.org/a"));
        assert!(first.may_stand_for(8, day, "https://example.org/c"));
        // No body, no group.
        assert!(first.may_stand_for(0, day, "x"));
        assert!(first.may_stand_for(0, None, "y"));
    }
}
