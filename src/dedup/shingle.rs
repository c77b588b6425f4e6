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
    let mut form = Form::new(text.len() / 3 + 1, ());
    chars.for_each(|c| form.push(c, (0, 0)));
    form.finish().0
}

/// The similarity form of `text` (as [`normalize`]) and, for each of its
/// characters, the byte span of `text` it stands for: a placeholder spans
/// the whole number or redaction it replaces.
pub fn similarity_spans(text: &str) -> (Vec<char>, Vec<(u32, u32)>) {
    let mut form = Form::new(text.len() / 3 + 1, Vec::with_capacity(text.len() / 3 + 1));
    for (at, c) in text.char_indices() {
        let span = (at as u32, (at + c.len_utf8()) as u32);
        form.push(fold_char(c), span);
    }
    form.finish()
}

/// Where the byte spans of a form's characters go: nowhere (`()`), or a
/// vector beside the characters.
trait Track {
    /// A character was added, standing for `span`.
    fn push(&mut self, span: (u32, u32));
    /// The last character (a placeholder) now also stands for text up to `end`.
    fn stretch(&mut self, end: u32);
}

impl Track for () {
    #[inline]
    fn push(&mut self, _: (u32, u32)) {}
    #[inline]
    fn stretch(&mut self, _: u32) {}
}

impl Track for Vec<(u32, u32)> {
    fn push(&mut self, span: (u32, u32)) {
        Vec::push(self, span);
    }
    fn stretch(&mut self, end: u32) {
        if let Some(last) = self.last_mut() {
            last.1 = end;
        }
    }
}

/// The similarity form built a character at a time; `out` only grows at
/// its end, so a caller may hash and drop all but its last characters
/// (when it does not track spans).
struct Form<T: Track> {
    out: Vec<char>,
    /// A run of Latin letters not yet written, with their spans.
    letters: Vec<(char, (u32, u32))>,
    track: T,
}

impl<T: Track> Form<T> {
    fn new(capacity: usize, track: T) -> Self {
        Form {
            out: Vec::with_capacity(capacity),
            letters: Vec::new(),
            track,
        }
    }

    fn push(&mut self, c: char, span: (u32, u32)) {
        if c.is_ascii_alphabetic() {
            self.letters.push((c, span));
            return;
        }
        self.flush_letters();
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            self.emit(c, span);
        } else if c.is_ascii_digit() || is_redaction_mark(c) {
            self.placeholder(span);
        } else if !is_cjk_punctuation(c) && c.is_alphanumeric() {
            c.to_lowercase().for_each(|l| self.emit(l, span));
        }
    }

    fn emit(&mut self, c: char, span: (u32, u32)) {
        self.out.push(c);
        self.track.push(span);
    }

    /// Adds the placeholder unless the last symbol already is one, so that
    /// `2025年`, `XX年`, `~年` and `20XX年` all become `□年`.
    fn placeholder(&mut self, span: (u32, u32)) {
        if self.out.last() == Some(&PLACEHOLDER) {
            self.track.stretch(span.1);
        } else {
            self.emit(PLACEHOLDER, span);
        }
    }

    /// Ends a run of Latin letters: `XX`/`x` is a placeholder, a word is kept.
    fn flush_letters(&mut self) {
        let (Some(first), Some(last)) = (self.letters.first(), self.letters.last()) else {
            return;
        };
        if self.letters.iter().all(|(c, _)| matches!(c, 'x' | 'X')) {
            self.placeholder((first.1 .0, last.1 .1));
        } else {
            let letters = std::mem::take(&mut self.letters);
            for &(c, span) in &letters {
                self.emit(c.to_ascii_lowercase(), span);
            }
            self.letters = letters;
        }
        self.letters.clear();
    }

    fn finish(mut self) -> (Vec<char>, T) {
        self.flush_letters();
        (self.out, self.track)
    }
}

/// Characters of similarity form hashed at a time by [`each_shingle_folded`].
const FORM_WINDOW: usize = 1 << 20;

/// Calls `f` with the hash of each shingle of a text already folded with
/// [`fold_char`], in text order and repeats included: as a set, the same as
/// [`shingles_of`] its similarity form. The form is built in windows of a
/// million characters that overlap by a shingle, so a long document's form
/// is never held whole (a 200 MB document's form and hashes took 800 MB at
/// once).
pub fn each_shingle_folded(text: &str, f: impl FnMut(u64)) {
    each_shingle_windowed(text, FORM_WINDOW, f)
}

/// [`each_shingle_folded`] with the window as an argument.
fn each_shingle_windowed(text: &str, window: usize, mut f: impl FnMut(u64)) {
    let k = SHINGLE_CHARS;
    let mut form = Form::new(text.len().min(window) / 3 + k, ());
    let mut any = false;
    for c in text.chars() {
        form.push(c, (0, 0));
        if form.out.len() >= window + k {
            any = true;
            form.out.windows(k).for_each(|w| f(hash_chars(w)));
            // Windows starting in the last k-1 characters are not complete.
            form.out.drain(..form.out.len() - (k - 1).max(1));
        }
    }
    let (out, ()) = form.finish();
    if out.len() >= k {
        out.windows(k).for_each(|w| f(hash_chars(w)));
    } else if !any && !out.is_empty() {
        // A text shorter than a shingle is one shingle (see shingles_of).
        f(hash_chars(&out));
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
    fn spans_point_at_what_each_character_stands_for() {
        let text = "从２００６年XX月，ＧＤＰ增长5.1%～5.5%。Xi'an 〇〇县";
        let (chars, spans) = similarity_spans(text);
        assert_eq!(chars, normalize(text));
        let pieces: Vec<&str> = spans
            .iter()
            .map(|&(s, e)| &text[s as usize..e as usize])
            .collect();
        assert_eq!(
            pieces,
            [
                "从",
                "２００６",
                "年",
                "XX",
                "月",
                "Ｇ",
                "Ｄ",
                "Ｐ",
                "增",
                "长",
                "5.1%～5.5",
                "X",
                "i",
                "a",
                "n",
                "〇",
                "〇",
                "县"
            ]
        );
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let (chars, spans) = similarity_spans(seed);
        assert_eq!(chars, normalize(seed));
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
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
        let set = |window: usize, folded: &str| {
            let mut all = Vec::new();
            each_shingle_windowed(folded, window, |h| all.push(h));
            all.sort_unstable();
            all.dedup();
            all
        };
        for text in samples {
            let folded = crate::text::normalize(text);
            let whole = shingles_of(&similarity_form(&folded, folded.chars()), SHINGLE_CHARS);
            assert_eq!(set(FORM_WINDOW, &folded), whole);
            for window in [1, 3, 64, 1000] {
                assert_eq!(set(window, &folded), whole, "{window}");
            }
        }
        assert!(set(FORM_WINDOW, seed).len() > 1000);
    }
}
