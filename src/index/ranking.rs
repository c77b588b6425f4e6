//! The best `n` index documents by score, equal scores in the order of
//! their doc ids, in one pass.
//!
//! Ordering ties by doc id makes a hit list independent of how the index
//! is cut into segments (one ingest, or shards merged); resubmitted copies
//! tie often. Each segment keeps its best `n` by (score, doc-id term
//! ordinal) — ordinals are in string order within a segment — and asks
//! tantivy only for documents scoring at least its `n`-th, so that block
//! skipping works as for a plain top-`n` (a document scoring less than the
//! `n`-th cannot enter the list, a tie can). The `n` kept per segment get
//! their ids as strings, and the segments' lists are merged by (score, id).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// The collector: the best `n` by score, then doc id (the `doc_id` fast
/// field), best first.
pub(super) struct ScoreThenId {
    pub n: usize,
}

/// One kept document of a segment.
#[derive(Clone, Copy)]
struct Entry {
    score: Score,
    ord: u64,
    doc: DocId,
}

impl Entry {
    /// Better first: a higher score, then a lower doc-id ordinal, then
    /// (parts of one long document share its id) the earlier part.
    fn rank(&self, other: &Entry) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.ord.cmp(&other.ord))
            .then(self.doc.cmp(&other.doc))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.rank(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// The heap's greatest is the worst kept.
    fn cmp(&self, other: &Entry) -> Ordering {
        self.rank(other)
    }
}

/// A segment's best `n` so far.
pub(super) struct SegmentTop {
    segment: SegmentOrdinal,
    ids: Option<StrColumn>,
    n: usize,
    heap: BinaryHeap<Entry>,
}

impl SegmentTop {
    /// The least score a document must reach to be looked at: the `n`-th
    /// kept one's, less a hair (tantivy passes scores above the threshold,
    /// and an equal score may still enter on its id).
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.n => worst.score.next_down(),
            _ => Score::MIN,
        }
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<(Score, String, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.n == 0 {
            return;
        }
        let ord = self
            .ids
            .as_ref()
            .and_then(|c| c.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        let entry = Entry { score, ord, doc };
        if self.heap.len() < self.n {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if entry < *worst {
                *worst = entry;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let entries = self.heap.into_vec();
        let ids = self.ids.as_ref().map(|c| ids_of(c, &entries));
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let id = ids.as_ref().and_then(|ids| ids.get(i)).cloned();
                (
                    e.score,
                    id.unwrap_or_default(),
                    DocAddress::new(self.segment, e.doc),
                )
            })
            .collect()
    }
}

/// The doc ids of `entries` (in their order) from the column's dictionary,
/// read once in ordinal order (a list of thousands, as `--count` asks for,
/// looked up one by one decoded a dictionary block each). Empty strings
/// where the dictionary cannot be read.
fn ids_of(column: &StrColumn, entries: &[Entry]) -> Vec<String> {
    // u64::MAX stands for a document without an id.
    let mut ords: Vec<u64> = entries
        .iter()
        .map(|e| e.ord)
        .filter(|&o| o != u64::MAX)
        .collect();
    ords.sort_unstable();
    ords.dedup();
    let mut names = Vec::with_capacity(ords.len());
    let read = column.dictionary().sorted_ords_to_term_cb(&ords, |b| {
        names.push(String::from_utf8_lossy(b).into_owned())
    });
    if read.is_err() || names.len() != ords.len() {
        names = vec![String::new(); ords.len()];
    }
    entries
        .iter()
        .map(|e| {
            ords.binary_search(&e.ord)
                .ok()
                .and_then(|i| names.get(i))
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

impl Collector for ScoreThenId {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        Ok(SegmentTop {
            segment,
            ids: reader.fast_fields().str("doc_id")?,
            n: self.n,
            heap: BinaryHeap::with_capacity(self.n + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(Score, String, DocAddress)>>,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut all: Vec<(Score, String, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        all.truncate(self.n);
        Ok(all.into_iter().map(|(s, _, a)| (s, a)).collect())
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, String, DocAddress)>> {
        let mut top = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                top.collect(doc, score);
            }
            top.threshold()
        })?;
        Ok(top.harvest())
    }
}
