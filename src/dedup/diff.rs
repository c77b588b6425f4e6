//! Aligned diff of two documents: passages (sentences, lines) of each that
//! the other lacks, and passages that were edited, with byte offsets into
//! both originals, so a person sees at a glance that one copy lacks section
//! 三 and writes `~年` where the other writes `XX年`.
//!
//! Passages are matched on their text with full-width forms folded and
//! whitespace dropped (a patience alignment on passages unique to both
//! sides, then a bounded LCS); passages left between matches are paired by
//! similarity into `Changed` blocks, the rest is `OnlyA` or `OnlyB`.

use super::shingle::normalize;
use crate::text::fold_char;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use xxhash_rust::xxh3::xxh3_64;

/// What a block of the diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The same passages in both (up to width and whitespace).
    Same,
    /// Passages of A that B lacks (`b` empty: where B would have them).
    OnlyA,
    /// Passages of B that A lacks.
    OnlyB,
    /// A passage of A edited into a passage of B.
    Changed,
}

/// One block of an aligned diff. The blocks of a diff, in order, tile both
/// texts: their `a_text`s concatenate to A and their `b_text`s to B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffBlock {
    pub kind: DiffKind,
    /// Byte spans of A and of B (an empty span where one side lacks the
    /// passage: where it would stand).
    pub a: Range<usize>,
    pub b: Range<usize>,
    pub a_text: String,
    pub b_text: String,
}

/// After this many characters a comma also ends a passage.
const SOFT_MAX_CHARS: usize = 120;
/// No passage is longer than this many characters (plus closing marks).
const HARD_MAX_CHARS: usize = 400;
/// Largest LCS table (cells) computed when unique anchors run out.
const LCS_CELLS: usize = 1 << 20;
/// Largest gap (A passages × B passages) paired by similarity.
const GAP_CELLS: usize = 1 << 16;
/// `OnlyA`/`OnlyB` runs of at most this many bytes (about 40 Chinese
/// characters) next to a `Changed` block are folded into it.
const SMALL_BYTES: usize = 120;
/// Passages at least this similar (Dice over character bigrams) pair up.
const PAIR_SIMILARITY: f64 = 0.5;

/// The aligned diff of `a` and `b`.
pub fn diff(a: &str, b: &str) -> Vec<DiffBlock> {
    let (pa, pb) = (passages(a), passages(b));
    let ka: Vec<u64> = pa.iter().map(|r| passage_key(&a[r.clone()])).collect();
    let kb: Vec<u64> = pb.iter().map(|r| passage_key(&b[r.clone()])).collect();
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (x, y) in align(&ka, &kb) {
        gap_ops(a, b, &pa, &pb, i..x, j..y, &mut ops);
        ops.push(Op {
            kind: DiffKind::Same,
            a: x..x + 1,
            b: y..y + 1,
        });
        (i, j) = (x + 1, y + 1);
    }
    gap_ops(a, b, &pa, &pb, i..pa.len(), j..pb.len(), &mut ops);
    merge(ops)
        .into_iter()
        .map(|op| block(a, b, &pa, &pb, op))
        .collect()
}

/// A block in passage indices.
#[derive(Debug, Clone)]
struct Op {
    kind: DiffKind,
    a: Range<usize>,
    b: Range<usize>,
}

/// Joins neighbouring blocks of the same kind, except `Changed` ones.
fn merge(ops: Vec<Op>) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops {
        match out.last_mut() {
            Some(last) if last.kind == op.kind && op.kind != DiffKind::Changed => {
                last.a.end = op.a.end;
                last.b.end = op.b.end;
            }
            _ => out.push(op),
        }
    }
    out
}

/// Turns passage indices into byte offsets and texts.
fn block(a: &str, b: &str, pa: &[Range<usize>], pb: &[Range<usize>], op: Op) -> DiffBlock {
    let ra = byte_span(pa, &op.a, a.len());
    let rb = byte_span(pb, &op.b, b.len());
    DiffBlock {
        kind: op.kind,
        a_text: a[ra.clone()].to_string(),
        b_text: b[rb.clone()].to_string(),
        a: ra,
        b: rb,
    }
}

/// Byte span of passages `idx`; an empty range sits where passage
/// `idx.start` begins (or at the end of the text).
fn byte_span(spans: &[Range<usize>], idx: &Range<usize>, len: usize) -> Range<usize> {
    let at = |i: usize| spans.get(i).map_or(len, |r| r.start);
    if idx.start < idx.end {
        at(idx.start)..spans[idx.end - 1].end
    } else {
        at(idx.start)..at(idx.start)
    }
}

/// Splits `text` into passages that tile it: a passage ends after a
/// sentence mark or a line break (with the closing marks and whitespace
/// that follow), or at a comma once it is long.
fn passages(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let (mut start, mut chars, mut ending) = (0, 0, false);
    for (i, c) in text.char_indices() {
        let trailing = is_closer(c) || c.is_whitespace() || is_terminator(c);
        if ending && !trailing {
            spans.push(start..i);
            (start, chars, ending) = (i, 0, false);
        }
        chars += 1;
        let soft = chars >= SOFT_MAX_CHARS && matches!(c, '，' | ',' | '、' | '：' | ':');
        ending |= is_terminator(c) || soft || chars >= HARD_MAX_CHARS;
    }
    if start < text.len() {
        spans.push(start..text.len());
    }
    spans
}

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '）' | ')' | '」' | '』' | '】' | ']' | '》'
    )
}

/// Matching key of a passage: folded, without whitespace.
fn passage_key(passage: &str) -> u64 {
    let folded: String = passage
        .chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect();
    xxh3_64(folded.as_bytes())
}

/// Matched passage pairs `(i, j)`, increasing in both: common prefix and
/// suffix, then passages unique to both sides in longest increasing order,
/// recursively between them, then a bounded LCS where none are unique.
fn align(a: &[u64], b: &[u64]) -> Vec<(usize, usize)> {
    let mut matches = Vec::new();
    let mut work = vec![(0..a.len(), 0..b.len())];
    while let Some((mut ra, mut rb)) = work.pop() {
        while ra.start < ra.end && rb.start < rb.end && a[ra.start] == b[rb.start] {
            matches.push((ra.start, rb.start));
            (ra.start, rb.start) = (ra.start + 1, rb.start + 1);
        }
        while ra.start < ra.end && rb.start < rb.end && a[ra.end - 1] == b[rb.end - 1] {
            (ra.end, rb.end) = (ra.end - 1, rb.end - 1);
            matches.push((ra.end, rb.end));
        }
        if ra.is_empty() || rb.is_empty() {
            continue;
        }
        let anchors = unique_anchors(&a[ra.clone()], &b[rb.clone()]);
        if anchors.is_empty() {
            let lcs = lcs(&a[ra.clone()], &b[rb.clone()]).unwrap_or_default();
            matches.extend(lcs.into_iter().map(|(x, y)| (x + ra.start, y + rb.start)));
            continue;
        }
        let (mut pa, mut pb) = (ra.start, rb.start);
        for (x, y) in anchors {
            let (x, y) = (x + ra.start, y + rb.start);
            matches.push((x, y));
            work.push((pa..x, pb..y));
            (pa, pb) = (x + 1, y + 1);
        }
        work.push((pa..ra.end, pb..rb.end));
    }
    matches.sort_unstable();
    matches
}

/// Pairs of positions of keys that occur exactly once in `a` and once in
/// `b`, reduced to their longest chain increasing in both.
fn unique_anchors(a: &[u64], b: &[u64]) -> Vec<(usize, usize)> {
    #[derive(Default)]
    struct Seen {
        in_a: u32,
        at_a: usize,
        in_b: u32,
        at_b: usize,
    }
    let mut seen: HashMap<u64, Seen> = HashMap::new();
    for (i, k) in a.iter().enumerate() {
        let e = seen.entry(*k).or_default();
        (e.in_a, e.at_a) = (e.in_a + 1, i);
    }
    for (j, k) in b.iter().enumerate() {
        if let Some(e) = seen.get_mut(k) {
            (e.in_b, e.at_b) = (e.in_b + 1, j);
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .values()
        .filter(|e| e.in_a == 1 && e.in_b == 1)
        .map(|e| (e.at_a, e.at_b))
        .collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (sorted by `.0`) increasing in `.1`.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, y)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < y);
        prev[k] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        chain.push(pairs[k]);
        cur = prev[k];
    }
    chain.reverse();
    chain
}

/// A longest common subsequence as matched index pairs, or `None` when the
/// table would exceed [`LCS_CELLS`].
pub(super) fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Option<Vec<(usize, usize)>> {
    if (a.len() + 1).saturating_mul(b.len() + 1) > LCS_CELLS {
        return None;
    }
    let equal = |i: usize, j: usize| if a[i] == b[j] { 1.0 } else { 0.0 };
    Some(heaviest_pairing(a.len(), b.len(), equal))
}

/// The monotone pairing of `0..m` with `0..n` whose pairs weigh most in
/// all, where `weight(i, j)` is 0 for a pair that may not be made (with
/// weight 1 for each equal pair, a longest common subsequence). Sums of
/// such weights are exact in `f64` up to far beyond [`LCS_CELLS`].
fn heaviest_pairing(
    m: usize,
    n: usize,
    weight: impl Fn(usize, usize) -> f64,
) -> Vec<(usize, usize)> {
    let w = n + 1;
    let mut t = vec![0.0f64; (m + 1) * w];
    for i in (0..m).rev() {
        for j in (0..n).rev() {
            let s = weight(i, j);
            let take = if s > 0.0 {
                s + t[(i + 1) * w + j + 1]
            } else {
                0.0
            };
            t[i * w + j] = take.max(t[(i + 1) * w + j]).max(t[i * w + j + 1]);
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < m && j < n {
        let s = weight(i, j);
        if s > 0.0 && t[i * w + j] == s + t[(i + 1) * w + j + 1] {
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if t[(i + 1) * w + j] >= t[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The blocks of a gap between matched passages: similar passages pair up
/// as `Changed`, the others are `OnlyA` / `OnlyB`.
fn gap_ops(
    a: &str,
    b: &str,
    pa: &[Range<usize>],
    pb: &[Range<usize>],
    ga: Range<usize>,
    gb: Range<usize>,
    ops: &mut Vec<Op>,
) {
    let paired = gap_pairs(a, b, &pa[ga.clone()], &pb[gb.clone()]);
    let mut local = Vec::new();
    let (mut i, mut j) = (0, 0);
    let only = |kind, a: Range<usize>, b: Range<usize>| Op { kind, a, b };
    for (x, y) in paired.into_iter().chain([(ga.len(), gb.len())]) {
        let (x0, y0) = (ga.start + i, gb.start + j);
        if x > i {
            local.push(only(DiffKind::OnlyA, x0..ga.start + x, y0..y0));
        }
        if y > j {
            local.push(only(
                DiffKind::OnlyB,
                ga.start + x..ga.start + x,
                y0..gb.start + y,
            ));
        }
        if x < ga.len() && y < gb.len() {
            let (x1, y1) = (ga.start + x, gb.start + y);
            local.push(only(DiffKind::Changed, x1..x1 + 1, y1..y1 + 1));
        }
        (i, j) = (x + 1, y + 1);
    }
    let bytes = |op: &Op| byte_span(pa, &op.a, a.len()).len() + byte_span(pb, &op.b, b.len()).len();
    ops.extend(absorb_small(local, |op| bytes(op) <= SMALL_BYTES));
}

/// Folds short `OnlyA`/`OnlyB` runs next to a `Changed` block into it, so
/// that a sentence split differently in the two texts (`基矗干部…` against
/// `基础。干部…`) reads as one edit.
fn absorb_small(ops: Vec<Op>, small: impl Fn(&Op) -> bool) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for mut op in ops {
        if op.kind == DiffKind::Changed {
            while out
                .last()
                .is_some_and(|l| l.kind != DiffKind::Changed && small(l))
            {
                if let Some(last) = out.pop() {
                    (op.a.start, op.b.start) = (last.a.start, last.b.start);
                }
            }
            out.push(op);
            continue;
        }
        match out.last_mut() {
            Some(last) if last.kind == DiffKind::Changed && small(&op) => {
                (last.a.end, last.b.end) = (op.a.end, op.b.end);
            }
            _ => out.push(op),
        }
    }
    out
}

/// Pairs of similar passages (indices into `pa`, `pb`) in a gap; none when
/// one side is empty or the gap is over [`GAP_CELLS`].
fn gap_pairs(a: &str, b: &str, pa: &[Range<usize>], pb: &[Range<usize>]) -> Vec<(usize, usize)> {
    if pa.is_empty() || pb.is_empty() || (pa.len() + 1).saturating_mul(pb.len() + 1) > GAP_CELLS {
        return Vec::new();
    }
    let sets_a: Vec<Vec<u64>> = pa.iter().map(|r| bigrams(&a[r.clone()])).collect();
    let sets_b: Vec<Vec<u64>> = pb.iter().map(|r| bigrams(&b[r.clone()])).collect();
    pair_passages(&sets_a, &sets_b)
}

/// A monotone pairing of passages (as bigram sets) maximizing the total
/// similarity of pairs at least [`PAIR_SIMILARITY`] alike.
fn pair_passages(a: &[Vec<u64>], b: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let alike = |i: usize, j: usize| {
        let s = dice(&a[i], &b[j]);
        if s >= PAIR_SIMILARITY {
            s
        } else {
            0.0
        }
    };
    heaviest_pairing(a.len(), b.len(), alike)
}

/// Sorted set of character bigram hashes of a passage's normalized text (a
/// one-character passage gives its one character).
fn bigrams(passage: &str) -> Vec<u64> {
    let chars = normalize(passage);
    let key = |w: &[char]| w.iter().fold(0u64, |h, &c| (h << 21) | c as u64);
    let mut set: Vec<u64> = if chars.len() < 2 {
        chars.iter().map(|&c| c as u64).collect()
    } else {
        chars.windows(2).map(key).collect()
    };
    set.sort_unstable();
    set.dedup();
    set
}

/// Dice similarity `2|A∩B| / (|A|+|B|)` of two sorted sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::render_diff;

    fn rebuild(blocks: &[DiffBlock]) -> (String, String) {
        let a = blocks.iter().map(|b| b.a_text.as_str()).collect();
        let b = blocks.iter().map(|b| b.b_text.as_str()).collect();
        (a, b)
    }

    const B: &str = "一、分析形势。\n从XX年5月开始,合山市委开展活动。\n二、精心组织。\n我们认真策划,周密部署。\n三、创新显威力。\n全市各级领导班子大胆创新。\n四、几点体会。\n认识到位是前提。\n";

    #[test]
    fn a_missing_section_and_a_blanked_year() {
        let a = "一、分析形势。\n从~年5月开始,合山市委开展活动。\n二、精心组织。\n我们认真策划,周密部署。\n四、几点体会。\n认识到位是前提。\n";
        let blocks = diff(a, B);
        assert_eq!(rebuild(&blocks), (a.to_string(), B.to_string()));
        let kinds: Vec<DiffKind> = blocks.iter().map(|b| b.kind).collect();
        use DiffKind::*;
        assert_eq!(kinds, vec![Same, Changed, Same, OnlyB, Same]);
        assert_eq!(
            blocks[3].b_text,
            "三、创新显威力。\n全市各级领导班子大胆创新。\n"
        );
        assert_eq!(&B[blocks[3].b.clone()], blocks[3].b_text);
        assert!(blocks[3].a.is_empty());
        let text = render_diff(&blocks);
        assert!(text.contains("从[-~-]{+XX+}年5月开始"), "{text}");
        assert!(text.contains("+ B5-6  only in B"), "{text}");
        assert!(text.contains("+ 三、创新显威力。"), "{text}");
    }

    #[test]
    fn identical_and_empty_texts() {
        let blocks = diff(B, B);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].kind, DiffKind::Same);
        assert!(diff("", "").is_empty());
        let only = diff("", B);
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].kind, DiffKind::OnlyB);
    }

    #[test]
    fn passages_tile_the_text() {
        let t = "第一句。”第二句!\n\n  第三句没有结尾";
        let p = passages(t);
        assert_eq!(p.len(), 3);
        assert_eq!(&t[p[0].clone()], "第一句。”");
        assert_eq!(p.last().unwrap().end, t.len());
    }
}
