//! Seeds: the winnowed character 8-grams of every document's similarity
//! form, grouped by hash into pairs of places where two documents share
//! text. Posting lists are capped: a hash in more than
//! [`super::ReuseConfig::max_df`] documents pairs every one of them with
//! the first only (a star), so work grows with the postings, not with
//! their square.

use crate::dedup::shingle::mix64;
use rayon::prelude::*;

/// Characters of a seed. Eight Han characters shared by chance are rare
/// outside formulas, and a two-character name swap leaves seeds between
/// swaps a dozen characters apart.
pub(crate) const SEED_CHARS: usize = 8;

/// One selected 8-gram: its hash, document and position in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Posting {
    pub hash: u32,
    pub doc: u32,
    pub pos: u32,
}

/// Two places where documents `a < b` share an 8-gram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Seed {
    pub a: u32,
    pub b: u32,
    pub pa: u32,
    pub pb: u32,
}

/// Hash of the 8 characters at each position of `form`.
fn gram_hashes(form: &[u16]) -> Vec<u32> {
    form.windows(SEED_CHARS)
        .map(|w| {
            let lo = w[..4].iter().fold(0u64, |h, &c| (h << 16) | c as u64);
            let hi = w[4..].iter().fold(0u64, |h, &c| (h << 16) | c as u64);
            (mix64(lo ^ mix64(hi)) >> 32) as u32
        })
        .collect()
}

/// The winnowed 8-grams of `form` (Schleimer, Wilkerson and Aiken): in
/// every `window` consecutive hashes the smallest (the rightmost of equal
/// ones) is kept, so that any run of `window + 7` characters two documents
/// share yields a seed in both.
pub(crate) fn winnow(form: &[u16], window: usize, doc: u32, out: &mut Vec<Posting>) {
    let hashes = gram_hashes(form);
    let window = window.max(1);
    let mut deque = std::collections::VecDeque::with_capacity(window + 1);
    let mut last = usize::MAX;
    for (j, &h) in hashes.iter().enumerate() {
        while deque.back().is_some_and(|&b: &usize| hashes[b] >= h) {
            deque.pop_back();
        }
        deque.push_back(j);
        if deque.front().is_some_and(|&f| f + window <= j) {
            deque.pop_front();
        }
        let full = j + 1 >= window || j + 1 == hashes.len();
        if let (true, Some(&min)) = (full, deque.front()) {
            if min != last {
                last = min;
                out.push(Posting {
                    hash: hashes[min],
                    doc,
                    pos: min as u32,
                });
            }
        }
    }
}

/// Occurrences of one hash in one document that are paired: a text that
/// repeats a phrase many times pairs only its first few.
const PER_DOC: usize = 4;

/// The seeds of sorted `postings`: every pair of documents sharing a hash
/// in at most `max_df` documents; beyond that, the first document with each
/// of the others. Sorted by `(a, b, pa, pb)`.
pub(crate) fn seeds(postings: &[Posting], max_df: usize) -> Vec<Seed> {
    let groups: Vec<&[Posting]> = postings.chunk_by(|x, y| x.hash == y.hash).collect();
    let mut seeds: Vec<Seed> = groups
        .par_iter()
        .filter(|g| g.first().map(|p| p.doc) != g.last().map(|p| p.doc))
        .flat_map_iter(|g| group_seeds(g, max_df))
        .collect();
    seeds.par_sort_unstable();
    seeds.dedup();
    seeds
}

/// The seeds of one hash's postings (sorted by document).
fn group_seeds(group: &[Posting], max_df: usize) -> Vec<Seed> {
    let docs: Vec<&[Posting]> = group
        .chunk_by(|x, y| x.doc == y.doc)
        .map(|d| &d[..d.len().min(PER_DOC)])
        .collect();
    let pair = |x: &Posting, y: &Posting| Seed {
        a: x.doc,
        b: y.doc,
        pa: x.pos,
        pb: y.pos,
    };
    let mut out = Vec::new();
    let hubs = if docs.len() > max_df { 1 } else { docs.len() };
    for (i, di) in docs.iter().enumerate().take(hubs) {
        for dj in &docs[i + 1..] {
            for x in di.iter() {
                out.extend(dj.iter().map(|y| pair(x, y)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> Vec<u16> {
        s.chars().map(|c| c as u16).collect()
    }

    #[test]
    fn shared_runs_of_window_plus_seven_share_a_seed() {
        let shared = "推进高水平对外开放稳外贸稳外资扩大制度型开放";
        let a = format!("今天天气很好我们去公园散步{shared}然后回家吃饭休息");
        let b = format!("农业生产稳中有进粮食总产量再创新高{shared}农民收入持续增长");
        for window in [1, 4, 8, 16] {
            let (mut pa, mut pb) = (Vec::new(), Vec::new());
            winnow(&units(&a), window, 0, &mut pa);
            winnow(&units(&b), window, 1, &mut pb);
            let ha: std::collections::HashSet<u32> = pa.iter().map(|p| p.hash).collect();
            assert!(pb.iter().any(|p| ha.contains(&p.hash)), "window {window}");
            // At most one seed per window, at least one per window.
            let n = a.chars().count() - SEED_CHARS + 1;
            assert!(
                pa.len() <= n && pa.len() * window > n - window,
                "{window}: {}",
                pa.len()
            );
        }
        let mut none = Vec::new();
        winnow(&units("太短了"), 16, 0, &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn large_groups_become_stars() {
        let postings: Vec<Posting> = (0..10)
            .map(|doc| Posting {
                hash: 7,
                doc,
                pos: doc * 3,
            })
            .collect();
        assert_eq!(seeds(&postings, 10).len(), 45);
        let star = seeds(&postings, 4);
        assert_eq!(star.len(), 9);
        assert!(star.iter().all(|s| s.a == 0 && s.pa == 0));
        assert!(seeds(&postings[..1], 4).is_empty());
    }
}
