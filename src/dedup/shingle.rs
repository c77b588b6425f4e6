//! Normalization and character shingles: the form of a text that similarity
//! is measured on.
//!
//! Normalization folds full-width forms, drops whitespace and punctuation,
//! lower-cases Latin letters and turns every number and every redaction
//! placeholder (`XX年`, `~年`, `×××`, `○○县`, `20XX`) into one symbol,
//! [`PLACEHOLDER`]: a copy with its years blanked out reads the same as the
//! original.

use crate::text::fold_char;
use xxhash_rust::xxh3::xxh3_64;

/// Shingle length in characters (measured: see the module docs of `dedup`).
pub const SHINGLE_CHARS: usize = 5;

/// The one symbol that numbers and redaction placeholders become.
pub const PLACEHOLDER: char = '□';

/// Longest shingle [`shingles_of`] accepts (larger `k` is clamped).
const MAX_K: usize = 16;

/// Marks that stand for a blanked-out value: `~年`, `×××`, `○○县`, `**`.
/// (`～` and `＊` arrive here already folded to `~` and `*`.)
fn is_redaction_mark(c: char) -> bool {
    matches!(
        c,
        '~' | '〜' | '×' | '*' | '○' | '□' | '■' | '●' | '△' | '╳' | '✕' | '〓'
    )
}

/// CJK and general punctuation (`。`, `、`, `“`, `”`, `《`, `【`, `…`),
/// dropped without a Unicode table lookup; `〇` and `々` are kept.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}')
}

/// The normalized characters of `text`.
pub fn normalize(text: &str) -> Vec<char> {
    similarity_form(text, text.chars().map(fold_char))
}

/// The similarity form of `chars`, the characters of `text` already folded
/// with [`fold_char`] (a document view's normalized text is).
pub fn similarity_form(text: &str, chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut form = Form {
        out: Vec::with_capacity(text.len() / 3 + 1),
        letters: Vec::new(),
    };
    chars.for_each(|c| form.push(c));
    form.finish()
}

/// The similarity form built a character at a time; `out` only grows at
/// its end, so a caller may hash and drop all but its last characters.
struct Form {
    out: Vec<char>,
    letters: Vec<char>,
}

impl Form {
    fn push(&mut self, c: char) {
        if c.is_ascii_alphabetic() {
            self.letters.push(c);
            return;
        }
        flush_letters(&mut self.letters, &mut self.out);
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            self.out.push(c);
        } else if c.is_ascii_digit() || is_redaction_mark(c) {
            push_placeholder(&mut self.out);
        } else if !is_cjk_punctuation(c) && c.is_alphanumeric() {
            self.out.extend(c.to_lowercase());
        }
    }

    fn finish(mut self) -> Vec<char> {
        flush_letters(&mut self.letters, &mut self.out);
        self.out
    }
}

/// Ends a run of Latin letters: `XX`/`x` is a placeholder, a word is kept.
fn flush_letters(letters: &mut Vec<char>, out: &mut Vec<char>) {
    if letters.is_empty() {
        return;
    }
    if letters.iter().all(|c| matches!(c, 'x' | 'X')) {
        push_placeholder(out);
    } else {
        out.extend(letters.iter().map(char::to_ascii_lowercase));
    }
    letters.clear();
}

/// Pushes the placeholder unless the last symbol already is one, so that
/// `2025年`, `XX年`, `~年` and `20XX年` all become `□年`.
fn push_placeholder(out: &mut Vec<char>) {
    if out.last() != Some(&PLACEHOLDER) {
        out.push(PLACEHOLDER);
    }
}

/// Characters of similarity form hashed at a time by [`shingles_folded`].
const FORM_WINDOW: usize = 1 << 20;

/// Shingle hashes gathered before they are sorted into the set.
const PENDING_HASHES: usize = 1 << 22;

/// The shingle hashes of a text already folded with [`fold_char`]: the
/// same set as [`shingles_of`] its similarity form, built in windows of
/// a million characters that overlap by a shingle, so that a long
/// document costs memory in proportion to its distinct shingles, not to
/// its length (a 200 MB document's form and hashes took 800 MB at once).
pub fn shingles_folded(text: &str) -> Vec<u64> {
    shingles_windowed(text, FORM_WINDOW, PENDING_HASHES)
}

/// [`shingles_folded`] with the window and the pending bound as arguments.
fn shingles_windowed(text: &str, window: usize, pending: usize) -> Vec<u64> {
    let k = SHINGLE_CHARS;
    let mut form = Form {
        out: Vec::with_capacity(text.len().min(window) / 3 + k),
        letters: Vec::new(),
    };
    let mut set = ShingleSet {
        limit: pending,
        ..ShingleSet::default()
    };
    for c in text.chars() {
        form.push(c);
        if form.out.len() >= window + k {
            set.add_windows(&form.out, k);
            // Windows starting in the last k-1 characters are not complete.
            form.out.drain(..form.out.len() - (k - 1).max(1));
        }
    }
    let out = form.finish();
    if out.len() >= k {
        set.add_windows(&out, k);
    } else if !set.any && !out.is_empty() {
        // A text shorter than a shingle is one shingle (see shingles_of).
        set.pending.push(hash_chars(&out));
    }
    set.finish()
}

/// A set of shingle hashes built in parts: sorted, without repeats.
#[derive(Default)]
struct ShingleSet {
    sorted: Vec<u64>,
    pending: Vec<u64>,
    /// Whether any whole window was hashed.
    any: bool,
    /// How many pending hashes are settled at once.
    limit: usize,
}

impl ShingleSet {
    fn add_windows(&mut self, chars: &[char], k: usize) {
        self.any = true;
        self.pending.extend(chars.windows(k).map(hash_chars));
        if self.pending.len() >= self.limit {
            self.settle();
        }
    }

    /// Sorts the pending hashes into the set.
    fn settle(&mut self) {
        self.pending.sort_unstable();
        self.pending.dedup();
        if self.sorted.is_empty() {
            self.sorted = std::mem::take(&mut self.pending);
            return;
        }
        let mut merged = Vec::with_capacity(self.sorted.len() + self.pending.len());
        let (mut a, mut b) = (
            self.sorted.iter().peekable(),
            self.pending.iter().peekable(),
        );
        while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
            merged.push(x.min(y));
            if x <= y {
                a.next();
            }
            if y <= x {
                b.next();
            }
        }
        merged.extend(a.chain(b));
        self.sorted = merged;
        self.pending.clear();
    }

    fn finish(mut self) -> Vec<u64> {
        self.settle();
        self.sorted
    }
}

/// The set of shingle hashes of `text` (sorted, without repeats).
pub fn shingles(text: &str) -> Vec<u64> {
    shingles_of(&normalize(text), SHINGLE_CHARS)
}

/// The set of hashes of the `k`-character windows of `chars`. A text shorter
/// than `k` (but not empty) is one shingle, so that short texts still compare.
pub fn shingles_of(chars: &[char], k: usize) -> Vec<u64> {
    let mut out = shingle_sequence(chars, k);
    // (A radix sort, radsort, was tried: 4.8% of an ingest against 3.9%
    // for this one on prov2026-sized documents.)
    out.sort_unstable();
    out.dedup();
    out
}

/// The hashes of the `k`-character windows of `chars` in text order,
/// repeats kept (one hash for a text shorter than `k`, none for an empty
/// one).
pub fn shingle_sequence(chars: &[char], k: usize) -> Vec<u64> {
    let k = k.clamp(1, MAX_K);
    if chars.len() < k {
        (!chars.is_empty())
            .then(|| hash_chars(chars))
            .into_iter()
            .collect()
    } else {
        chars.windows(k).map(hash_chars).collect()
    }
}

/// Hash of a window of at most [`MAX_K`] characters: short windows are
/// packed losslessly (21 bits a character) and mixed, longer ones hashed.
fn hash_chars(window: &[char]) -> u64 {
    if window.len() <= 6 {
        let packed = window.iter().fold(0u128, |w, &c| (w << 21) | c as u128);
        return mix64((packed as u64) ^ mix64((packed >> 64) as u64 ^ window.len() as u64));
    }
    let mut buf = [0u8; 4 * MAX_K];
    let n = window.len().min(MAX_K);
    for (dst, c) in buf.chunks_exact_mut(4).zip(&window[..n]) {
        dst.copy_from_slice(&(*c as u32).to_le_bytes());
    }
    xxh3_64(&buf[..4 * n])
}

/// The SplitMix64 finalizer: a bijection of `u64` that mixes every bit.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).into_iter().collect()
    }

    #[test]
    fn placeholders_and_numbers_read_alike() {
        let forms = [
            "从~年5月开始",
            "从XX年5月开始",
            "从2006年5月开始",
            "从ＸＸ年５月开始",
        ];
        for f in forms {
            assert_eq!(norm(f), "从□年□月开始", "{f}");
        }
        assert_eq!(norm("×××同志、20XX年"), "□同志□年");
        assert_eq!(norm("〜年，〇〇县"), "□年〇〇县");
        assert_eq!(norm("增长5.1%～5.5%"), "增长□");
    }

    #[test]
    fn drops_space_and_punctuation_keeps_words() {
        assert_eq!(norm("一、分析形势，\n确定 思路。"), "一分析形势确定思路");
        assert_eq!(norm("ＧＤＰ增长与Xi'an"), "gdp增长与xian");
        assert_eq!(norm("X光"), "□光");
    }

    #[test]
    fn shingle_sets() {
        assert!(shingles("").is_empty());
        assert!(shingles("。，  \n").is_empty());
        assert_eq!(shingles("基础").len(), 1);
        assert_eq!(shingles("领导班子建设").len(), 2);
        assert_eq!(shingles("啊啊啊啊啊啊啊啊").len(), 1);
        assert_eq!(shingles("2006年工作"), shingles("XX年 工作"));
    }

    #[test]
    fn windowed_shingles_are_the_whole_texts_shingles() {
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let samples = [
            seed,
            "ABC",
            "增长",
            "",
            "XXXX年XX月，2025年GDP增长5.3%，abc defg 。。。北京上海广州深圳",
        ];
        for text in samples {
            let folded = crate::text::normalize(text);
            let whole = shingles_of(&similarity_form(&folded, folded.chars()), SHINGLE_CHARS);
            assert_eq!(shingles_folded(&folded), whole);
            for (window, pending) in [(1, 1), (3, 7), (64, 100), (1000, 5)] {
                assert_eq!(
                    shingles_windowed(&folded, window, pending),
                    whole,
                    "{window} {pending}"
                );
            }
        }
        assert!(shingles_folded(seed).len() > 1000);
    }
}
