//! Alignment: seeds of a pair of documents chained into passages, and the
//! passages extended over the edits copying makes.
//!
//! Seeds of one passage lie near one diagonal (`pb - pa`). A chain takes
//! the next seed when it follows within [`MAX_GAP`] characters in both
//! documents and the diagonal moves by at most [`MAX_SHIFT`] (words
//! inserted or dropped). Between seeds anything goes (a name swapped, a
//! number changed); past the last seeds the passage is extended character
//! by character, a match scoring +1 and a mismatch −3, and stops where the
//! score falls [`X_DROP`] below its best, at the best.

use super::seeds::{Seed, SEED_CHARS};
use crate::dedup::shingle::similarity_spans;

/// Most characters between the end of a passage's last seed and the next
/// seed. Seeds of a shared run start at most `window` characters apart; an
/// edit removes the seeds that overlap it, 8 more for each character.
pub const MAX_GAP: u32 = 48;

/// Most characters inserted into or dropped from one copy between seeds.
pub const MAX_SHIFT: u32 = 24;

/// How far below its best the extension's score may fall before it stops:
/// two mismatches in a row (a name swapped) cost 6, and 7 matches after
/// them win it back.
pub const X_DROP: i32 = 10;

/// A passage shared by documents `a` and `b`: half-open ranges of their
/// similarity forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Passage {
    pub a: u32,
    pub b: u32,
    pub sa: u32,
    pub ea: u32,
    pub sb: u32,
    pub eb: u32,
}

impl Passage {
    /// Characters of the shorter side.
    pub fn chars(&self) -> u32 {
        (self.ea - self.sa).min(self.eb - self.sb)
    }
}

/// Chains the seeds of one pair of documents (sorted by `pa`).
pub(crate) fn chain(seeds: &[Seed]) -> Vec<Passage> {
    let k = SEED_CHARS as u32;
    let mut open: Vec<Passage> = Vec::new();
    let mut done = Vec::new();
    for s in seeds {
        // Chains that ended too far back are done.
        let (old, live): (Vec<Passage>, Vec<Passage>) =
            open.into_iter().partition(|c| c.ea + MAX_GAP < s.pa);
        done.extend(old);
        open = live;
        let follows = |c: &Passage| {
            let (da, db) = (s.pa as i64 - c.ea as i64, s.pb as i64 - c.eb as i64);
            da > -(k as i64)
                && db > -(k as i64)
                && db <= MAX_GAP as i64
                && (da - db).abs() <= MAX_SHIFT as i64
        };
        let diag = |c: &Passage| ((s.pb as i64 - s.pa as i64) - (c.eb as i64 - c.ea as i64)).abs();
        match open
            .iter_mut()
            .filter(|c| follows(c))
            .min_by_key(|c| diag(c))
        {
            Some(c) => {
                c.ea = c.ea.max(s.pa + k);
                c.eb = c.eb.max(s.pb + k);
            }
            None => open.push(Passage {
                a: s.a,
                b: s.b,
                sa: s.pa,
                ea: s.pa + k,
                sb: s.pb,
                eb: s.pb + k,
            }),
        }
    }
    done.extend(open);
    done
}

/// A document's similarity form for alignment: a `u16` per character, and
/// where its sentences end.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub units: Vec<u16>,
    /// Bit `i`: a sentence or paragraph ends before character `i` (`。！？；`
    /// or a line break between it and the one before).
    breaks: Vec<u64>,
}

impl Form {
    /// The form of `text`: its similarity form (see `dedup::shingle`) with
    /// the breaks found between the characters' byte spans.
    pub fn of(text: &str) -> Form {
        let (chars, spans) = similarity_spans(text);
        let units = chars
            .iter()
            .map(|&c| u16::try_from(c as u32).unwrap_or(u16::MAX))
            .collect();
        let mut breaks = vec![0u64; chars.len() / 64 + 1];
        for i in 1..spans.len() {
            let between = &text[spans[i - 1].1 as usize..spans[i].0 as usize];
            if between.contains(['。', '！', '？', '；', '!', '?', ';', '\n']) {
                breaks[i / 64] |= 1 << (i % 64);
            }
        }
        Form { units, breaks }
    }

    /// Whether a sentence ends before character `i` (the form's ends do).
    fn break_before(&self, i: usize) -> bool {
        i == 0 || i >= self.units.len() || self.breaks[i / 64] & (1 << (i % 64)) != 0
    }
}

/// What ending a passage where both documents end a sentence is worth in
/// the extension's score: a two-character name swapped a few characters
/// from a passage's start is crossed when the sentence starts there in
/// both copies.
const BREAK_BONUS: i32 = 8;

/// Extends `p` over the forms of its documents at both ends.
pub(crate) fn extend(p: &mut Passage, a: &Form, b: &Form) {
    let (sa, sb, ea, eb) = (p.sa as usize, p.sb as usize, p.ea as usize, p.eb as usize);
    let left = best_run(
        (0..sa).rev().zip((0..sb).rev()),
        (&a.units, &b.units),
        |n| a.break_before(sa - n) && b.break_before(sb - n),
    );
    let right = best_run(
        (ea..a.units.len()).zip(eb..b.units.len()),
        (&a.units, &b.units),
        |n| a.break_before(ea + n) && b.break_before(eb + n),
    );
    p.sa -= left as u32;
    p.sb -= left as u32;
    p.ea += right as u32;
    p.eb += right as u32;
}

/// How many of the character pairs `steps` to take: the length at which
/// the running score (+1 a match, −3 a mismatch, [`BREAK_BONUS`] more
/// where `at_break(length)`) is best, stopping once the score without
/// bonus falls [`X_DROP`] below its best.
fn best_run(
    steps: impl Iterator<Item = (usize, usize)>,
    (a, b): (&[u16], &[u16]),
    at_break: impl Fn(usize) -> bool,
) -> usize {
    let bonus = |n: usize| if at_break(n) { BREAK_BONUS } else { 0 };
    let (mut score, mut top) = (0i32, 0i32);
    let (mut best, mut best_len) = (bonus(0), 0usize);
    for (n, (i, j)) in steps.enumerate() {
        score += if a[i] == b[j] { 1 } else { -3 };
        top = top.max(score);
        if score + bonus(n + 1) > best {
            (best, best_len) = (score + bonus(n + 1), n + 1);
        }
        if score < top - X_DROP {
            break;
        }
    }
    best_len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(pa: u32, pb: u32) -> Seed {
        Seed { a: 0, b: 1, pa, pb }
    }

    #[test]
    fn seeds_on_a_diagonal_chain_and_far_ones_do_not() {
        let seeds = [seed(10, 110), seed(30, 130), seed(60, 158), seed(500, 900)];
        let mut passages = chain(&seeds);
        passages.sort();
        assert_eq!(passages.len(), 2);
        assert_eq!((passages[0].sa, passages[0].ea), (10, 68));
        assert_eq!((passages[0].sb, passages[0].eb), (110, 166));
        assert_eq!((passages[1].sa, passages[1].sb), (500, 900));
    }

    #[test]
    fn a_repeated_passage_gives_two_chains() {
        // B has A's passage twice, 300 characters apart.
        let seeds = [seed(0, 0), seed(0, 300), seed(20, 20), seed(20, 320)];
        let passages = chain(&seeds);
        assert_eq!(passages.len(), 2, "{passages:?}");
    }

    #[test]
    fn extension_crosses_a_swap_and_stops_at_the_end() {
        let a = Form::of("甲乙丙丁戊己庚辛壬癸合山市大力推进乡村振兴战略子丑寅卯");
        let b = Form::of("一二三四五六七八九十瓮安市大力推进乡村振兴战略辰巳午未");
        // A seed on 大力推进乡村振兴 (A 13, B 13).
        let seed = Passage {
            a: 0,
            b: 1,
            sa: 13,
            ea: 21,
            sb: 13,
            eb: 21,
        };
        let mut p = seed;
        extend(&mut p, &a, &b);
        // 战略 is added at the right, 市 at the left; the swapped 合山/瓮安
        // is not worth crossing for what lies before it.
        assert_eq!((p.sa, p.ea, p.sb, p.eb), (12, 23, 12, 23));
        let a2 = Form::of("各级党委政府高度重视合山市大力推进乡村振兴战略");
        let b2 = Form::of("各级党委政府高度重视瓮安市大力推进乡村振兴战略");
        let mut p = seed;
        extend(&mut p, &a2, &b2);
        assert_eq!((p.sa, p.ea), (0, 23), "the swap is crossed");
        // A swap two characters after where the sentence starts in both.
        let a3 = Form::of("子丑寅卯。大力合山市大力推进乡村振兴战略。辰巳");
        let b3 = Form::of("甲乙丙丁。大力瓮安市大力推进乡村振兴战略。午未");
        let mut p = Passage {
            sa: 9,
            ea: 17,
            sb: 9,
            eb: 17,
            ..seed
        };
        extend(&mut p, &a3, &b3);
        assert_eq!((p.sa, p.ea, p.sb, p.eb), (4, 19, 4, 19), "{p:?}");
    }

    #[test]
    fn breaks_are_where_sentences_end() {
        let f = Form::of("一二。三四\n五；六 七");
        let at: Vec<usize> = (0..=f.units.len()).filter(|&i| f.break_before(i)).collect();
        assert_eq!(at, [0, 2, 4, 5, 7]);
    }
}
