//! Small text types shared by every stage: tokens as byte spans, full-width
//! folding, and the offset map from folded text back to the original.
//!
//! Every offset that leaves a stage is a byte offset into the *original*
//! document text. Analysis often runs on a folded copy (full-width digits and
//! punctuation turned half-width); [`Folded`] maps its offsets back.

/// A token as a byte span `[start, end)` of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text in `text` (the document it was cut from).
    pub fn as_str<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Folds one character for analysis: full-width ASCII forms (`０-９`, `Ａ-Ｚ`,
/// `％`, `．`, `，` …) become their ASCII twins and the ideographic space a
/// space. Everything else is returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether `c` is a letter or digit of any script: `char::is_alphanumeric`
/// with the common CJK ideographs answered first, without the Unicode
/// table lookup that dominates it on Chinese text.
#[inline]
pub fn is_word_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_ascii_alphanumeric() || c.is_alphanumeric()
}

/// Maps the bytes `from..to` of `original`, copied unchanged, each to the
/// start of its character.
fn map_stretch(original: &str, from: usize, to: usize, orig: &mut Vec<u32>) {
    let mut start = from as u32;
    for (i, b) in original.as_bytes()[from..to].iter().enumerate() {
        if b & 0xC0 != 0x80 {
            start = (from + i) as u32;
        }
        orig.push(start);
    }
}

/// Whether [`fold_char`] changes any character of `text`.
pub fn has_foldable(text: &str) -> bool {
    foldable_chars(text).next().is_some()
}

/// The characters of `text` that [`fold_char`] changes, with their byte
/// offsets. They are all three bytes long in UTF-8 and start with `0xE3`
/// (U+3000) or `0xEF` (U+FF01..U+FF5E), bytes that only ever lead a
/// character, so a byte scan finds every candidate.
fn foldable_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    memchr::memchr2_iter(0xE3, 0xEF, text.as_bytes()).filter_map(move |pos| {
        let c = text[pos..].chars().next()?;
        (fold_char(c) != c).then_some((pos, c))
    })
}

/// Text folded with [`fold_char`], with a map back to the original.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `orig[i]` is the original byte offset of folded byte `i`; one extra
    /// entry maps `text.len()` to the original length.
    orig: Vec<u32>,
}

impl Folded {
    /// Folds `original`. Offsets up to 4 GiB are supported.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut orig = Vec::with_capacity(original.len() + 1);
        // Unchanged stretches are copied whole; only characters that start
        // with a lead byte of a foldable one are looked at.
        let mut copied = 0;
        for (pos, c) in foldable_chars(original) {
            let f = fold_char(c);
            text.push_str(&original[copied..pos]);
            map_stretch(original, copied, pos, &mut orig);
            text.push(f);
            orig.extend(std::iter::repeat_n(pos as u32, f.len_utf8()));
            copied = pos + c.len_utf8();
        }
        text.push_str(&original[copied..]);
        map_stretch(original, copied, original.len(), &mut orig);
        orig.push(original.len() as u32);
        Folded { text, orig }
    }

    /// The original byte offset of folded byte offset `pos` (a char boundary
    /// of the folded text, or its length).
    pub fn to_original(&self, pos: usize) -> usize {
        self.orig[pos.min(self.orig.len() - 1)] as usize
    }

    /// Maps a folded span `[start, end)` to the original span it covers.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_original(start), self.to_original(end))
    }
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
    fn word_chars_are_exactly_the_alphanumeric_chars() {
        let differ: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_word_char(c) != c.is_alphanumeric())
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// Folding one character at a time, the obvious way.
    fn folded_by_chars(original: &str) -> (String, Vec<u32>) {
        let mut text = String::new();
        let mut orig = Vec::new();
        for (pos, c) in original.char_indices() {
            let f = fold_char(c);
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
        ];
        let seed = include_str!("../corpus/000_bd451ebd6a3dbfe1.txt");
        let report = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/prov2026/2026_上海市_政府工作报告.csv"
        ))
        .expect("prov2026 corpus at ../shared/corpora/prov2026");
        assert!(has_foldable(&report));
        for s in samples.iter().copied().chain([seed, report.as_str()]) {
            let f = Folded::new(s);
            let (text, orig) = folded_by_chars(s);
            assert_eq!(f.text, text, "{s:?}");
            assert_eq!(f.orig, orig, "{s:?}");
            assert_eq!(has_foldable(s), text != s, "{s:?}");
        }
    }

    #[test]
    fn folds_full_width_digits_and_percent() {
        let f = Folded::new("增长７．３％，ＧＤＰ");
        assert_eq!(f.text, "增长7.3%,GDP");
    }

    #[test]
    fn folded_offsets_map_back_on_mixed_text() {
        let original = "GDP增长５.１％左右";
        let f = Folded::new(original);
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
