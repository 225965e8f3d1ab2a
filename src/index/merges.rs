//! Which segments an indexing run merges, and when.
//!
//! tantivy's default policy merges eight segments of a size into one eight times larger, without
//! bound, up to four merges at once. A merge reads the segments it merges through the memory map,
//! so while it runs they count in the process's memory: on a 1,000,000-article archive the last
//! merges read eight segments of 62,000 articles (1.3 GB), and indexing peaked at 1.9 GB
//! resident, 1.35 GB of it mapped segment files. Here a merge never builds a segment of more than
//! [`MAX_MERGED_DOCS`] articles, and merges run one at a time (`update`), so what a merge maps
//! stays under ~400 MB whatever the size of the archive.
//!
//! Measured on the scaled 1M-article corpus (`scripts/bench`): peak resident memory 1.9 GB ->
//! under 0.9 GB, indexing 136 -> 113 s; the index has 11 segments instead of 3, and a search
//! process takes 13 ms median and 35 ms at the 95th percentile instead of 8 and 32 (targets: 20
//! and 50). Archives up to ~450,000 articles (fewer than eight segments of one thread's memory
//! budget) are not merged during the run at all, as before.

use tantivy::index::SegmentMeta;
use tantivy::indexer::{MergeCandidate, MergePolicy};

/// The largest segment a merge builds, in articles (about 2.7 KB of index each: ~400 MB).
/// `KIOSQUE_MAX_MERGED_DOCS` overrides it, for measurements.
pub const MAX_MERGED_DOCS: u32 = 150_000;

/// Merges the smallest segments together, never into more than `max_docs` articles.
#[derive(Debug, Clone)]
pub struct BoundedMerges {
    /// The largest segment a merge may build.
    pub max_docs: u32,
    /// How many segments below half of `max_docs` wait before they are merged.
    pub min_segments: usize,
}

impl Default for BoundedMerges {
    fn default() -> BoundedMerges {
        BoundedMerges {
            max_docs: std::env::var("KIOSQUE_MAX_MERGED_DOCS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(MAX_MERGED_DOCS),
            min_segments: 8,
        }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        // Segments that a merge can still grow, smallest first.
        let mut small: Vec<&SegmentMeta> = segments
            .iter()
            .filter(|s| s.num_docs() < self.max_docs / 2)
            .collect();
        if small.len() < self.min_segments {
            return Vec::new();
        }
        small.sort_by_key(|s| s.num_docs());
        // One merge at a time: the smallest segments, as many as fit.
        let mut total = 0u32;
        let mut ids = Vec::new();
        for s in small {
            if total + s.num_docs() > self.max_docs {
                break;
            }
            total += s.num_docs();
            ids.push(s.id());
        }
        if ids.len() < 2 {
            return Vec::new();
        }
        vec![MergeCandidate(ids)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::Index;
    use tantivy::index::SegmentId;
    use tantivy::schema::Schema;

    fn metas(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = Index::create_in_ram(Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn merged_sizes(policy: &BoundedMerges, segments: &[SegmentMeta]) -> Vec<Vec<u32>> {
        policy
            .compute_merge_candidates(segments)
            .into_iter()
            .map(|c| {
                let mut sizes: Vec<u32> =
                    c.0.iter()
                        .map(|id| segments.iter().find(|s| s.id() == *id).unwrap().num_docs())
                        .collect();
                sizes.sort_unstable();
                sizes
            })
            .collect()
    }

    const POLICY: BoundedMerges = BoundedMerges {
        max_docs: 150_000,
        min_segments: 8,
    };

    #[test]
    fn a_few_segments_are_left_as_they_are() {
        // A 36k-article run: two thread segments and the one of the duplicates settled.
        assert!(merged_sizes(&POLICY, &metas(&[18_470, 17_682, 2_029])).is_empty());
    }

    #[test]
    fn the_smallest_segments_are_merged_up_to_the_bound() {
        let segments = metas(&[
            62_000, 61_000, 62_500, 60_000, 62_100, 61_900, 62_200, 3_000,
        ]);
        assert_eq!(
            merged_sizes(&POLICY, &segments),
            vec![vec![3_000, 60_000, 61_000]]
        );
    }

    #[test]
    fn no_merge_builds_more_than_the_bound_nor_touches_large_segments() {
        for sizes in [
            vec![74_999; 9],
            vec![75_000; 12],
            vec![140_000, 120_000, 10, 20, 30, 40, 50, 60, 70, 80],
            vec![149_999, 1, 1, 1, 1, 1, 1, 1, 1],
        ] {
            let segments = metas(&sizes);
            for merge in merged_sizes(&POLICY, &segments) {
                assert!(merge.len() >= 2, "{sizes:?}: {merge:?}");
                assert!(
                    merge.iter().sum::<u32>() <= POLICY.max_docs,
                    "{sizes:?}: {merge:?}"
                );
                assert!(merge.iter().all(|&n| n < POLICY.max_docs / 2), "{sizes:?}");
            }
        }
        assert!(merged_sizes(&POLICY, &metas(&[75_000; 12])).is_empty());
        assert_eq!(
            merged_sizes(&POLICY, &metas(&[74_999; 9])),
            vec![vec![74_999, 74_999]]
        );
    }
}
