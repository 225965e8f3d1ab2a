//! Duplicate groups: articles whose bodies are the same once case and white space are
//! normalised (wire copy published twice). The earliest-published copy, then the smallest id,
//! stands for its group (`canonical` = 1); searches skip the others and count them.
//!
//! Documents are immutable in tantivy, so a copy whose flag is wrong is deleted and added again
//! with the right one. While adding, a run adds a copy as not canonical when one added before it
//! comes first, and remembers where each group's first copy came from ([`FirstCopies`]): when a
//! later copy displaces it, the run reads it again and re-adds it before its commit, into the
//! segments being written. After the commit, [`settle`] reads back the groups the run touched
//! and puts right what is still wrong (groups past the memory bound, copies that could not be
//! read again); on a fresh index it usually finds nothing, and adds no segment of its own. A
//! fresh index finds its groups in its own `dup` terms ([`shared_keys`]).

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
/// goes in as not canonical at once, and a copy that comes before it says which copy it
/// displaced (the run re-adds that one before its commit, so that settling finds nothing to
/// change). Copies are ordered as [`settle`] orders them, by date then id, the id by its first
/// 16 bytes (ids that differ only further on are not told apart: settling decides). Bounded,
/// so that memory stays flat on large archives: past [`FIRST_COPIES_MAX_KEYS`] keys, new groups
/// are not remembered and settling decides. `T` says where a copy came from.
pub struct FirstCopies<T>(Mutex<HashMap<u64, (i64, u128, T)>>);

impl<T> Default for FirstCopies<T> {
    fn default() -> Self {
        FirstCopies(Mutex::default())
    }
}

/// Where a copy stands in its group, as far as the copies added before it tell.
#[derive(Debug, PartialEq, Eq)]
pub enum Standing<T> {
    /// It may stand for its group (canonical). `Some`: the copy that stood for the group
    /// until now, added as canonical, which it no longer is.
    First(Option<T>),
    /// A copy added before it comes first: not canonical.
    After,
}

impl<T> FirstCopies<T> {
    /// Where a copy with duplicate key `dup`, added from `origin`, stands; remembers it if it
    /// comes first.
    pub fn add(&self, dup: u64, date: Option<i64>, id: &str, origin: T) -> Standing<T> {
        if dup == 0 {
            return Standing::First(None);
        }
        let this = (date.unwrap_or(UNDATED), id_prefix(id));
        let mut first = self.0.lock().expect("no panics while holding");
        let len = first.len();
        match first.entry(dup) {
            Entry::Vacant(v) => {
                if len < FIRST_COPIES_MAX_KEYS {
                    v.insert((this.0, this.1, origin));
                }
                Standing::First(None)
            }
            Entry::Occupied(mut o) => {
                let (date, prefix, _) = o.get();
                match this.cmp(&(*date, *prefix)) {
                    std::cmp::Ordering::Greater => Standing::After,
                    // Not told apart here: both stand for now, settling decides.
                    std::cmp::Ordering::Equal => Standing::First(None),
                    std::cmp::Ordering::Less => {
                        let (_, _, displaced) = o.insert((this.0, this.1, origin));
                        Standing::First(Some(displaced))
                    }
                }
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

/// Deletes the document of article `id` from file `path` (of the documents added so far).
pub fn delete_copy(
    writer: &IndexWriter<TantivyDocument>,
    f: &Fields,
    id: &str,
    path: &str,
) -> tantivy::Result<()> {
    let this: Vec<(Occur, Box<dyn Query>)> = vec![
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.id, id),
                IndexRecordOption::Basic,
            )),
        ),
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.path, path),
                IndexRecordOption::Basic,
            )),
        ),
    ];
    writer.delete_query(Box::new(BooleanQuery::new(this)))?;
    Ok(())
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
    delete_copy(writer, f, &text(f.id), &text(f.path))?;
    writer.add_document(doc)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::FirstCopies;
    use super::Standing::{After, First};

    #[test]
    fn a_copy_after_the_first_one_added_is_not_canonical() {
        let first = FirstCopies::default();
        let day = Some(1_700_000_000);
        // Same day: ids compared as text ("115" < "49" < "6").
        assert_eq!(first.add(7, day, "115", 'a'), First(None));
        assert_eq!(first.add(7, day, "49", 'b'), After);
        assert_eq!(first.add(7, day, "6", 'c'), After);
        // Published later, or undated: after it; published earlier: before it, and the copy
        // that stood for the group until now is displaced.
        assert_eq!(first.add(7, Some(1_700_086_400), "1", 'd'), After);
        assert_eq!(first.add(7, None, "0", 'e'), After);
        assert_eq!(
            first.add(7, Some(1_699_913_600), "9", 'f'),
            First(Some('a'))
        );
        assert_eq!(
            first.add(7, Some(1_699_000_000), "9", 'g'),
            First(Some('f'))
        );
        // In the other order, each copy comes first so far and displaces the one before.
        let first = FirstCopies::default();
        assert_eq!(first.add(7, day, "6", 'a'), First(None));
        assert_eq!(first.add(7, day, "49", 'b'), First(Some('a')));
        assert_eq!(first.add(7, day, "115", 'c'), First(Some('b')));
        // Ids alike in their first 16 bytes are not told apart here: settling decides.
        assert_eq!(first.add(8, day, "https://example.org/b", 'a'), First(None));
        assert_eq!(first.add(8, day, "https://example.org/a", 'b'), First(None));
        assert_eq!(first.add(8, day, "https://example.org/c", 'c'), First(None));
        // No body, no group.
        assert_eq!(first.add(0, day, "x", 'a'), First(None));
        assert_eq!(first.add(0, None, "y", 'b'), First(None));
    }
}
