//! Small text types shared by every stage: tokens as byte spans, the
//! normalization of text for analysis, and the offset map from normalized
//! text back to the original.
//!
//! Every offset that leaves a stage is a byte offset into the *original*
//! document text. Analysis runs on one normalized copy ([`Normalized`]):
//! full-width digits, letters and punctuation half-width, traditional
//! characters simplified, CJK radical and compatibility forms unified
//! (⻄ → 西), each character replaced by one character; its map sends
//! offsets back.

mod fold;

pub use fold::{han_form, han_sources};

/// A token as a byte span `[start, end)` of the text it was cut from.
/// Offsets are `u32` (texts over 4 GiB are never read): a document has
/// a token every four bytes or so, and `usize` pairs cost four bytes of
/// memory per byte of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
}

impl Token {
    /// The token `[start, end)`.
    pub fn new(start: usize, end: usize) -> Token {
        Token {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Byte offset of the token's start.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset just past the token.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's text in `text` (the document it was cut from).
    pub fn as_str<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start()..self.end()]
    }
}

/// Normalizes one character for analysis: full-width ASCII forms (`０-９`,
/// `Ａ-Ｚ`, `％`, `．`, `，` …) become their ASCII twins and the ideographic
/// space a space; traditional characters become simplified (數 → 数) and
/// radical or compatibility forms the unified ideograph (⻄ → 西).
/// Everything else is returned unchanged.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c if (c as u32) < 0x2E80 => c,
        c => han_form(c).unwrap_or(c),
    }
}

/// Every character `c` whose `fold_char(c).to_ascii_lowercase()` may be
/// `to`, `to` itself included, sorted: where a match of a folded term can
/// start in unfolded text (a candidate; the match is checked by folding).
pub fn unfold(to: char) -> Vec<char> {
    let mut out = vec![to];
    let into = |t: char, out: &mut Vec<char>| {
        out.push(t);
        if t == ' ' {
            out.push('\u{3000}');
        }
        if ('!'..='~').contains(&t) {
            out.extend(char::from_u32(t as u32 + 0xFEE0));
        }
        out.extend(han_sources(t));
    };
    into(to, &mut out);
    if to.is_ascii_lowercase() {
        into(to.to_ascii_uppercase(), &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether `c` is a space within a line (not a line break): what a
/// phrase may run across, in the index's positions and in the matching of
/// highlights and counts alike.
#[inline]
pub fn is_inline_space(c: char) -> bool {
    c.is_whitespace()
        && !matches!(
            c,
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
}

/// Whether `c` is a letter or digit of any script: `char::is_alphanumeric`
/// with the common CJK ideographs answered first, without the Unicode
/// table lookup that dominates it on Chinese text.
#[inline]
pub fn is_word_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_ascii_alphanumeric() || c.is_alphanumeric()
}

/// Whether `c` is a Han character (an ideograph of the unified blocks and
/// their extensions, the compatibility block, or 〇): what `han_chars`
/// counts.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{3007}'
        | '\u{20000}'..='\u{323AF}')
}

/// Whether [`fold_char`] changes any character of `text`.
pub fn has_foldable(text: &str) -> bool {
    foldable_chars(text).next().is_some()
}

/// The characters of `text` that [`fold_char`] changes, with their byte
/// offsets. Only non-ASCII characters can change, so ASCII stretches are
/// skipped a byte at a time without decoding; a three-byte character (all
/// of Chinese) is decoded from its bytes and looked up in a bitmap of the
/// BMP characters that fold, which stays in the first-level cache.
fn foldable_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let folds = &*FOLDS;
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() {
            let b = bytes[pos];
            if b < 0x80 {
                pos += 1;
                continue;
            }
            let at = pos;
            if (0xE0..0xF0).contains(&b) && pos + 2 < bytes.len() {
                let cp = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[pos + 1] & 0x3F) << 6)
                    | u32::from(bytes[pos + 2] & 0x3F);
                pos += 3;
                if folds[(cp >> 6) as usize] >> (cp & 63) & 1 == 1 {
                    return char::from_u32(cp).map(|c| (at, c));
                }
                continue;
            }
            let c = text[at..].chars().next()?;
            pos += c.len_utf8();
            if fold_char(c) != c {
                return Some((at, c));
            }
        }
        None
    })
}

/// One bit per BMP code point: whether [`fold_char`] changes it.
static FOLDS: std::sync::LazyLock<Box<[u64; 1024]>> = std::sync::LazyLock::new(|| {
    let mut bits = Box::new([0u64; 1024]);
    for cp in 0..0x10000u32 {
        if let Some(c) = char::from_u32(cp) {
            if fold_char(c) != c {
                bits[(cp >> 6) as usize] |= 1 << (cp & 63);
            }
        }
    }
    bits
});

/// Text normalized with [`fold_char`], with a map back to the original.
///
/// Folding replaces each character by one character, mostly of the same
/// length (traditional → simplified), so the map keeps only the places
/// where lengths differ (full-width → ASCII): memory in proportion to
/// those characters, not to the text (a byte-per-byte map cost four bytes
/// a byte, 800 MB for a 200 MB document).
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Per folded character whose length changed: the normalized and the
    /// original byte offsets just after it. Between two such characters
    /// the offsets differ by a constant.
    shifts: Vec<(u32, u32)>,
    /// Whether folding changed nothing (the text is the original).
    identity: bool,
}

impl Normalized {
    /// Normalizes `original`. Offsets up to 4 GiB are supported.
    pub fn new(original: &str) -> Self {
        let mut changed = foldable_chars(original).peekable();
        if changed.peek().is_none() {
            return Normalized {
                text: original.to_string(),
                shifts: Vec::new(),
                identity: true,
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut shifts = Vec::new();
        // Unchanged stretches are copied whole.
        let mut copied = 0;
        for (pos, c) in changed {
            let f = fold_char(c);
            text.push_str(&original[copied..pos]);
            text.push(f);
            copied = pos + c.len_utf8();
            if f.len_utf8() != c.len_utf8() {
                shifts.push((text.len() as u32, copied as u32));
            }
        }
        text.push_str(&original[copied..]);
        Normalized {
            text,
            shifts,
            identity: false,
        }
    }

    /// Whether normalization changed nothing (the text is the original).
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// The original byte offset of normalized byte offset `pos`: of the
    /// start of the character it falls in (the text's length past the end).
    pub fn to_original(&self, pos: usize) -> usize {
        let mut pos = pos.min(self.text.len());
        if self.identity {
            return pos;
        }
        while !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        let after = self.shifts.partition_point(|&(n, _)| n as usize <= pos);
        match after.checked_sub(1) {
            None => pos,
            Some(i) => {
                let (n, o) = self.shifts[i];
                o as usize + (pos - n as usize)
            }
        }
    }

    /// Maps a normalized span `[start, end)` to the original span it covers.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_original(start), self.to_original(end))
    }
}

/// The normalized form of a text without the map back: borrowed when
/// nothing folds; unchanged stretches are copied whole, in one scan.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    let mut changed = foldable_chars(text).peekable();
    if changed.peek().is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (pos, c) in changed {
        out.push_str(&text[copied..pos]);
        out.push(fold_char(c));
        copied = pos + c.len_utf8();
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The normalized form of a short text (a title, a query): the text only.
pub fn normalize(text: &str) -> String {
    fold(text).into_owned()
}

/// Byte offset of `part` inside `whole`, when `part` is a sub-slice of it
/// (as the words jieba cuts are). This is the one place where slices are
/// turned into byte offsets.
pub fn subslice_offset(whole: &str, part: &str) -> Option<usize> {
    let start = whole.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    (p >= start && p + part.len() <= start + whole.len()).then(|| p - start)
}

/// Byte offset of the `n`th character of `text` (its length when `n` is past
/// the end). Used where a library reports character offsets.
pub fn char_to_byte(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

/// Cuts `s` to at most `max` bytes at a character boundary.
pub fn truncate_at_char(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfold_finds_every_character_that_folds_to_a_character() {
        let mut missing = Vec::new();
        for x in (0..0x11_0000u32).filter_map(char::from_u32) {
            let to = fold_char(x).to_ascii_lowercase();
            if !unfold(to).contains(&x) {
                missing.push(x);
            }
        }
        assert!(
            missing.is_empty(),
            "{:?}",
            &missing[..missing.len().min(20)]
        );
        assert!(
            unfold('数').starts_with(&['数', '數']),
            "{:?}",
            unfold('数')
        );
        assert_eq!(unfold('g'), ['G', 'g', 'Ｇ', 'ｇ']);
        assert!(unfold('西').contains(&'⻄'));
    }

    #[test]
    fn fold_is_normalize_and_borrows_when_nothing_folds() {
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        for text in [
            seed,
            "推進數字化，ＧＤＰ增长５．３％　⻄部",
            "",
            "纯简体文本",
        ] {
            assert_eq!(fold(text), normalize(text));
            assert_eq!(fold(text), Normalized::new(text).text);
        }
        // Every character, through the bitmap of the three-byte ones too.
        let every: String = (1..0x3_0000u32).filter_map(char::from_u32).collect();
        let one_by_one: String = every.chars().map(fold_char).collect();
        assert_eq!(fold(&every), one_by_one);
        assert!(matches!(fold("纯简体文本"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(fold("數字"), std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn word_chars_are_exactly_the_alphanumeric_chars() {
        let differ: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_word_char(c) != c.is_alphanumeric())
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// Folding one character at a time, the obvious way.
    fn folded_by_chars(original: &str) -> (String, Vec<u32>) {
        if !original.chars().any(|c| fold_char(c) != c) {
            return (original.to_string(), Vec::new());
        }
        let mut text = String::new();
        let mut orig = Vec::new();
        for (pos, c) in original.char_indices() {
            let f = fold_char(c);
            // Every byte of a character maps to the character's start.
            orig.extend(std::iter::repeat_n(pos as u32, f.len_utf8()));
            text.push(f);
        }
        orig.push(original.len() as u32);
        (text, orig)
    }

    #[test]
    fn folding_copies_stretches_exactly_as_char_by_char() {
        let samples = [
            "",
            "全年地区生产总值增长５．３％，ＧＤＰ达到１２０５５０万元。",
            "\u{3000}\u{3000}一、（一）　ＡＢＣ～～　end！",
            "ascii only, 2025 年",
            "ｚ",
            "\u{FF00}\u{FF5F}\u{FFE5}\u{3001}\u{3002}",
            "一九五四年政府工作報告：發展國民經濟，⻄部𠀋\u{2F800}",
        ];
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let report = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/prov2026/2026_上海市_政府工作报告.csv"
        ))
        .expect("prov2026 corpus at ../shared/corpora/prov2026");
        assert!(has_foldable(&report));
        for s in samples.iter().copied().chain([seed, report.as_str()]) {
            let f = Normalized::new(s);
            let (text, orig) = folded_by_chars(s);
            assert_eq!(f.text, text, "{s:?}");
            assert_eq!(f.is_identity(), orig.is_empty(), "{s:?}");
            for pos in 0..=text.len() + 1 {
                let want = orig
                    .get(pos.min(text.len()))
                    .map_or(pos.min(s.len()), |&o| o as usize);
                assert_eq!(f.to_original(pos), want, "{s:?} at {pos}");
            }
            assert_eq!(has_foldable(s), text != s, "{s:?}");
        }
    }

    #[test]
    fn traditional_and_radical_forms_are_simplified_with_offsets_back() {
        let original = "陝西省⻄安市人民政府工作報告：數字經濟增長８％";
        let n = Normalized::new(original);
        assert_eq!(n.text, "陕西省西安市人民政府工作报告:数字经济增长8%");
        let at = n.text.find("数字经济").unwrap();
        let (s, e) = n.span_to_original(at, at + "数字经济".len());
        assert_eq!(&original[s..e], "數字經濟");
        assert_eq!(normalize("⻄安"), "西安");
        assert!(Normalized::new("数字经济增长8%").is_identity());
    }

    #[test]
    fn folds_full_width_digits_and_percent() {
        let f = Normalized::new("增长７．３％，ＧＤＰ");
        assert_eq!(f.text, "增长7.3%,GDP");
    }

    #[test]
    fn folded_offsets_map_back_on_mixed_text() {
        let original = "GDP增长５.１％左右";
        let f = Normalized::new(original);
        let at = f.text.find("5.1%").unwrap();
        let (s, e) = f.span_to_original(at, at + "5.1%".len());
        assert_eq!(&original[s..e], "５.１％");
        assert_eq!(f.to_original(f.text.len()), original.len());
    }

    #[test]
    fn subslice_offsets() {
        let t = "合山市GDP增长12.8%";
        let w = &t[9..12];
        assert_eq!(subslice_offset(t, w), Some(9));
        assert_eq!(subslice_offset(t, "GDP"), None);
    }

    #[test]
    fn char_offsets_become_byte_offsets() {
        let t = "ａb合c";
        assert_eq!(char_to_byte(t, 0), 0);
        assert_eq!(char_to_byte(t, 1), 3);
        assert_eq!(char_to_byte(t, 2), 4);
        assert_eq!(char_to_byte(t, 3), 7);
        assert_eq!(char_to_byte(t, 9), t.len());
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_at_char("领导班子", 7), "领导");
        assert_eq!(truncate_at_char("ab", 7), "ab");
    }
}
