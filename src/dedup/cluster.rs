//! Clusters of near-duplicates: connected components (union-find) of the
//! pairs reported at a threshold.

use super::{reported, Pair};

/// Union-find over `0..n` with path halving and union by smaller root.
#[derive(Debug, Clone)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    /// The root of `x`: the smallest member of its set.
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grand = self.parent[self.parent[x] as usize];
            self.parent[x] = grand;
            x = grand as usize;
        }
        x
    }

    pub(crate) fn union(&mut self, x: usize, y: usize) {
        let (rx, ry) = (self.find(x), self.find(y));
        let (lo, hi) = (rx.min(ry), rx.max(ry));
        self.parent[hi] = lo as u32;
    }
}

/// Sets `cluster` on every pair: the connected components of the graph whose
/// edges are the pairs reported at `threshold`, numbered 0, 1, … in order of
/// first appearance in `pairs`. A pair not reported at `threshold` gets the
/// cluster of its document `a`. Call again after filtering at another
/// threshold.
pub fn assign_clusters(pairs: &mut [Pair], threshold: f64) {
    let mut docs: Vec<usize> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
    docs.sort_unstable();
    docs.dedup();
    let index = |d: usize| docs.binary_search(&d).unwrap_or_else(|i| i);
    let mut uf = UnionFind::new(docs.len());
    for p in pairs.iter().filter(|p| reported(p, threshold)) {
        uf.union(index(p.a), index(p.b));
    }
    let mut label = vec![usize::MAX; docs.len()];
    let mut next = 0;
    for p in pairs.iter_mut() {
        let root = uf.find(index(p.a));
        if label[root] == usize::MAX {
            label[root] = next;
            next += 1;
        }
        p.cluster = label[root];
    }
}

/// The stored pairs reported at `threshold`, with clusters renumbered as
/// the connected components at that threshold (stored rows carry the
/// clusters of the default threshold).
pub fn rows_at(
    rows: Vec<crate::frames::DuplicateRow>,
    threshold: f64,
) -> Vec<crate::frames::DuplicateRow> {
    let mut rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.containment >= threshold)
        .collect();
    let mut ids: Vec<&str> = rows
        .iter()
        .flat_map(|r| [r.doc_a.as_str(), r.doc_b.as_str()])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let index = |id: &str| ids.binary_search(&id).unwrap_or(0);
    let mut pairs: Vec<Pair> = rows
        .iter()
        .map(|r| Pair {
            a: index(&r.doc_a),
            b: index(&r.doc_b),
            jaccard: r.jaccard,
            containment: r.containment,
            cluster: 0,
        })
        .collect();
    assign_clusters(&mut pairs, threshold);
    for (r, p) in rows.iter_mut().zip(&pairs) {
        r.cluster = p.cluster as u64;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: usize, b: usize, containment: f64) -> Pair {
        Pair {
            a,
            b,
            jaccard: containment / 2.0,
            containment,
            cluster: 99,
        }
    }

    #[test]
    fn components_over_reported_pairs() {
        let mut pairs = vec![
            pair(1, 5, 0.9),
            pair(2, 3, 0.8),
            pair(3, 5, 0.35),
            pair(41, 42, 0.35),
        ];
        assign_clusters(&mut pairs, 0.7);
        let ids: Vec<usize> = pairs.iter().map(|p| p.cluster).collect();
        assert_eq!(ids, vec![0, 1, 1, 2]);
        assign_clusters(&mut pairs, 0.3);
        let ids: Vec<usize> = pairs.iter().map(|p| p.cluster).collect();
        assert_eq!(ids, vec![0, 0, 0, 1]);
    }

    #[test]
    fn union_find_roots_are_smallest_members() {
        let mut uf = UnionFind::new(6);
        uf.union(4, 2);
        uf.union(5, 4);
        assert_eq!(uf.find(5), 2);
        assert_eq!(uf.find(0), 0);
    }

    #[test]
    fn stored_rows_are_filtered_and_renumbered() {
        let row = |a: &str, b: &str, containment: f64| crate::frames::DuplicateRow {
            cluster: 7,
            doc_a: a.into(),
            doc_b: b.into(),
            title_a: None,
            title_b: None,
            jaccard: containment / 2.0,
            containment,
        };
        let rows = vec![
            row("d9", "d2", 0.9),
            row("d2", "d5", 0.4),
            row("d7", "d8", 0.8),
        ];
        let at = |t| {
            rows_at(rows.clone(), t)
                .iter()
                .map(|r| r.cluster)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(0.5), vec![0, 1]);
        assert_eq!(at(0.3), vec![0, 0, 1]);
    }
}
