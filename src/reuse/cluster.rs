//! Clusters: the places of one document that passages cover are merged
//! into occurrences (two passages overlapping by half of the shorter are
//! one occurrence), and occurrences joined by a passage form a cluster.

use super::align::Passage;
use crate::dedup::UnionFind;

/// A passage's place in one document: a half-open range of its similarity
/// form until [`super::find_reuse`] turns it into bytes of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    /// Position of the document in the corpus.
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    /// Characters of the similarity form it covers (see [`super`]).
    pub chars: usize,
    /// The text of `start..end` (filled with the byte offsets).
    pub text: String,
    /// The share of its 5-character shingles that are common to very many
    /// documents (see [`super`]'s boilerplate).
    pub common: f64,
}

/// Occurrences of one shared passage, in corpus order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// 1 for the cluster with the most documents, then by length.
    pub id: usize,
    pub members: Vec<Occurrence>,
    /// Number of distinct documents.
    pub size: usize,
    /// A formula, not reuse (see [`super`]'s boilerplate).
    pub boilerplate: bool,
}

impl Cluster {
    /// The longest occurrence, in characters of the similarity form.
    pub fn longest(&self) -> usize {
        self.members.iter().map(|m| m.chars).max().unwrap_or(0)
    }

    /// The median of `f` over the occurrences (the upper one of two).
    pub fn median<T: PartialOrd + Copy>(&self, f: impl Fn(&Occurrence) -> T) -> Option<T> {
        let mut v: Vec<T> = self.members.iter().map(f).collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        v.get(v.len() / 2).copied()
    }
}

/// The clusters of `passages`, numbered by size, then longest, then place.
pub(crate) fn clusters(passages: &[Passage]) -> Vec<Cluster> {
    // (doc, start, end, passage, side)
    let mut places: Vec<(u32, u32, u32, usize, usize)> = Vec::with_capacity(2 * passages.len());
    for (i, p) in passages.iter().enumerate() {
        places.push((p.a, p.sa, p.ea, i, 0));
        places.push((p.b, p.sb, p.eb, i, 1));
    }
    places.sort_unstable();
    let mut nodes: Vec<Occurrence> = Vec::new();
    let mut node_of = vec![[0usize; 2]; passages.len()];
    for &(doc, s, e, i, side) in &places {
        let (doc, s, e) = (doc as usize, s as usize, e as usize);
        match nodes.last_mut() {
            Some(n) if n.doc == doc && overlaps_by_half(n, s, e) => n.end = n.end.max(e),
            _ => nodes.push(Occurrence {
                doc,
                start: s,
                end: e,
                chars: 0,
                text: String::new(),
                common: 0.0,
            }),
        }
        node_of[i][side] = nodes.len() - 1;
    }
    let mut uf = UnionFind::new(nodes.len());
    for [x, y] in &node_of {
        uf.union(*x, *y);
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Occurrence>> = Default::default();
    for (i, mut n) in nodes.into_iter().enumerate() {
        n.chars = n.end - n.start;
        groups.entry(uf.find(i)).or_default().push(n);
    }
    let mut out: Vec<Cluster> = groups
        .into_values()
        .map(|members| {
            let mut docs: Vec<usize> = members.iter().map(|m| m.doc).collect();
            docs.dedup();
            Cluster {
                id: 0,
                size: docs.len(),
                members,
                boilerplate: false,
            }
        })
        .collect();
    out.sort_by(|x, y| {
        (y.size, y.longest())
            .cmp(&(x.size, x.longest()))
            .then_with(|| {
                (x.members[0].doc, x.members[0].start).cmp(&(y.members[0].doc, y.members[0].start))
            })
    });
    for (i, c) in out.iter_mut().enumerate() {
        c.id = i + 1;
    }
    out
}

/// Whether `s..e` (starting at or after `n`) overlaps occurrence `n` by at
/// least half of the shorter of the two.
fn overlaps_by_half(n: &Occurrence, s: usize, e: usize) -> bool {
    let overlap = n.end.min(e).saturating_sub(s);
    let shorter = (n.end - n.start).min(e - s);
    overlap > 0 && 2 * overlap >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: u32, sa: u32, ea: u32, b: u32, sb: u32, eb: u32) -> Passage {
        Passage {
            a,
            b,
            sa,
            ea,
            sb,
            eb,
        }
    }

    #[test]
    fn overlapping_places_are_one_occurrence_and_join_clusters() {
        // 0 shares 100..500 with 1, and 120..300 with 2 (part of the same);
        // 0 and 3 share 900..1000, elsewhere.
        let passages = [
            p(0, 100, 500, 1, 0, 400),
            p(0, 120, 300, 2, 50, 230),
            p(0, 900, 1000, 3, 10, 110),
        ];
        let c = clusters(&passages);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].id, c[0].size), (1, 3));
        let docs: Vec<(usize, usize, usize)> = c[0]
            .members
            .iter()
            .map(|m| (m.doc, m.start, m.end))
            .collect();
        assert_eq!(docs, [(0, 100, 500), (1, 0, 400), (2, 50, 230)]);
        assert_eq!(c[1].size, 2);
        assert_eq!(c[1].members[0].start, 900);
    }

    #[test]
    fn barely_touching_places_stay_apart() {
        let passages = [p(0, 0, 100, 1, 0, 100), p(0, 90, 200, 2, 0, 110)];
        let c = clusters(&passages);
        assert_eq!(c.len(), 2, "{c:?}");
    }
}
