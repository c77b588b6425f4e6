//! Bytes to text: BOMs, UTF-8, UTF-16 and legacy Chinese encodings
//! (GB18030/GBK/Big5) detected with `chardetng`, and binary files refused.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (not text)")]
    Binary,
    #[error("not valid text in any supported encoding (tried {0})")]
    Undecodable(&'static str),
}

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes a whole file. A BOM decides; otherwise valid UTF-8 is taken as
/// such, BOM-less UTF-16 is recognised by its NUL pattern or, for mostly
/// Chinese text, by decoding cleanly to Chinese, and anything else is tried
/// as GB18030 and Big5, then goes to `chardetng`. A result with replacement characters, or one that
/// is mostly control characters, is refused rather than stored as garbage.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return strict(enc, &bytes[bom_len..]);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Many NULs in valid UTF-8 may be UTF-16 of ASCII-range text.
        let utf8 = check_text(s.to_owned(), UTF_8.name());
        if utf8.is_ok() || !s.contains('\0') {
            return utf8;
        }
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return strict(enc, bytes);
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls == 0 {
        return legacy(bytes);
    }
    if let Some(d) = chinese_utf16(bytes) {
        return Ok(d);
    }
    // A few stray NULs in legacy text are dropped (as in UTF-8 text); many,
    // or NULs in bytes that are no text, mean a binary file.
    if nuls * 100 > sample.len() {
        return Err(DecodeError::Binary);
    }
    let cleaned: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
    legacy(&cleaned).map_err(|_| DecodeError::Binary)
}

/// BOM-less UTF-16 of mostly Chinese text, which has too little ASCII for
/// the NUL pattern: taken when one byte order decodes without error to
/// mostly Chinese. Only tried on bytes holding NULs (a newline or digit in
/// UTF-16), which GB18030 and Big5 text never does.
fn chinese_utf16(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() & 1 == 1 {
        return None;
    }
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .find_map(|enc| strict(enc, bytes).ok().filter(|d| mostly_chinese(&d.text)))
}

/// Text that is not UTF-8: Chinese legacy encodings first (a GB18030 file
/// can look like Latin-1 to a generic detector), then `chardetng`'s guess,
/// which is trusted only for mostly-ASCII text: a non-Chinese single-byte
/// reading of mostly non-ASCII bytes is garbage, not a document.
fn legacy(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    for enc in [encoding_rs::GB18030, encoding_rs::BIG5] {
        if let Ok(d) = strict(enc, bytes) {
            if mostly_chinese(&d.text) {
                return Ok(d);
            }
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let ascii = bytes.iter().filter(|b| b.is_ascii()).count();
    if ascii * 10 >= bytes.len() * 9 {
        return strict(enc, bytes);
    }
    Err(DecodeError::Undecodable("UTF-8, UTF-16, GB18030, Big5"))
}

/// Whether most non-ASCII characters of `text` are CJK ideographs or CJK
/// punctuation and full-width forms (common symbols not counted).
fn mostly_chinese(text: &str) -> bool {
    let (mut cjk, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        match c as u32 {
            0x3000..=0x303F
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF
            | 0x2010..=0x2027
            | 0x20000..=0x3134F => cjk += 1,
            // Symbols GB2312 has and documents use (●, ①, ℃, ×, ─, ㈠):
            // they say nothing either way.
            0xA7
            | 0xB0
            | 0xB1
            | 0xB7
            | 0xD7
            | 0xF7
            | 0x2028..=0x22FF
            | 0x2460..=0x27BF
            | 0x3200..=0x32FF => {}
            _ => other += 1,
        }
    }
    cjk > 0 && other * 5 <= cjk
}

fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Undecodable(enc.name()));
    }
    check_text(text.into_owned(), enc.name())
}

/// Refuses text that is mostly control characters (a binary file that
/// happens to decode) and strips NULs, which no document means to hold.
fn check_text(text: String, encoding: &'static str) -> Result<Decoded, DecodeError> {
    if mostly_controls(text.chars()) {
        return Err(DecodeError::Binary);
    }
    let text = if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    };
    Ok(Decoded { text, encoding })
}

/// Whether more than a tenth of the first 4,096 characters are control
/// characters other than line breaks, tabs and form feeds.
fn mostly_controls(chars: impl Iterator<Item = char>) -> bool {
    let (mut n, mut controls) = (0usize, 0usize);
    for c in chars.take(4096) {
        n += 1;
        controls += usize::from(c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    }
    n > 0 && controls * 10 > n
}

/// How much of a file [`looks_binary`] wants to see: the 4,096 characters
/// [`decode`] samples fit in it in any encoding (at most 4 bytes each), and
/// so do the 8,192 bytes whose NULs it counts.
pub const SNIFF_BYTES: usize = 32 << 10;

/// Whether the first [`SNIFF_BYTES`] of a file (the whole of a shorter one)
/// already show that [`decode`] will refuse it as binary, so that it need
/// not be read whole. It says so only when every reading `decode` would
/// try fails on these bytes alone: no BOM, NULs in more than 1% of the first
/// 8 KiB (so no legacy encoding is tried), and as UTF-8 and as UTF-16 in
/// either byte order the first 4,096 characters are invalid or mostly
/// control characters. A file it lets through may still be refused later;
/// a file it refuses would never have been read.
pub fn looks_binary(head: &[u8]) -> bool {
    if head.is_empty() || Encoding::for_bom(head).is_some() {
        return false;
    }
    let sample = &head[..head.len().min(8192)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls * 100 <= sample.len() {
        return false;
    }
    !(utf8_could_be_text(head)
        || utf16_could_be_text(head, true)
        || utf16_could_be_text(head, false))
}

/// Whether `head` starts a UTF-8 text that `check_text` accepts: valid up to
/// a character cut off at the end, and not mostly control characters.
fn utf8_could_be_text(head: &[u8]) -> bool {
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !mostly_controls(valid.chars())
}

/// Whether `head` starts a UTF-16 text (`le`: little-endian) whose first
/// 4,096 characters decode and are not mostly control characters.
fn utf16_could_be_text(head: &[u8], le: bool) -> bool {
    let units = head.chunks_exact(2).map(|p| {
        let pair = [p[0], p[1]];
        if le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut chars = Vec::with_capacity(4096);
    for c in char::decode_utf16(units).take(4096) {
        match c {
            Ok(c) => chars.push(c),
            Err(_) => return false,
        }
    }
    !mostly_controls(chars.into_iter())
}

/// UTF-16 without a BOM: most code units of CJK or ASCII text put a NUL in
/// the high byte for ASCII, so NULs cluster at odd (LE) or even (BE) offsets.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1
            } else {
                odd += 1
            }
        }
    }
    let half = sample.len() / 2;
    if odd * 5 > half && even * 20 < half.max(1) {
        Some(UTF_16LE)
    } else if even * 5 > half && odd * 20 < half.max(1) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = "第一篇:构建学习创新型领导班子的实践与体会\n合山市委按照“以深化学习为基础”的思路,在全市范围内开展了创建活动。";

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap().text, SAMPLE);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(SAMPLE.as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_both_orders_with_bom() {
        assert_eq!(decode(&utf16(SAMPLE, true, true)).unwrap().text, SAMPLE);
        assert_eq!(decode(&utf16(SAMPLE, false, true)).unwrap().text, SAMPLE);
    }

    #[test]
    fn utf16_without_bom_from_ascii_heavy_text() {
        let s = "GDP 2025: 5.4% growth; 地区生产总值增长5.4%";
        assert_eq!(decode(&utf16(s, true, false)).unwrap().text, s);
        assert_eq!(decode(&utf16(s, false, false)).unwrap().text, s);
    }

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = encoding_rs::GB18030.encode(SAMPLE);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
    }

    #[test]
    fn gb18030_that_looks_like_latin1_is_read_as_chinese() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("合山市委");
        assert_eq!(decode(&bytes).unwrap().text, "合山市委");
    }

    #[test]
    fn garbage_bytes_are_undecodable() {
        let junk = [
            0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0x81,
        ];
        assert!(matches!(decode(&junk), Err(DecodeError::Undecodable(_))));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 1, 2, 3,
        ];
        assert_eq!(decode(&png).unwrap_err(), DecodeError::Binary);
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 32) as u8 | 1).collect();
        assert!(decode(&noise).is_err());
    }

    #[test]
    fn chinese_utf16_without_bom_in_both_orders() {
        for le in [true, false] {
            let d = decode(&utf16(SAMPLE, le, false)).unwrap();
            assert_eq!(d.text, SAMPLE);
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
        }
    }

    #[test]
    fn stray_nuls_in_gb18030_are_dropped() {
        let (gb, _, _) = encoding_rs::GB18030.encode(SAMPLE);
        let mut b = gb.to_vec();
        b.insert(10, 0);
        assert_eq!(decode(&b).unwrap().text, SAMPLE);
    }

    #[test]
    fn gb18030_four_byte_characters() {
        let s = "𠀀𠀁𠀂是扩展B区的字,㊣与€也只有四字节编码。";
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(s);
        assert!(!unmappable);
        assert_eq!(decode(&gb).unwrap().text, s);
    }

    #[test]
    fn legacy_lines_of_the_seed_are_never_read_as_utf16() {
        let seed = include_str!("../../../corpus/000_bd451ebd6a3dbfe1.txt");
        for line in seed.lines().filter(|l| l.chars().count() >= 4).take(300) {
            let (gb, _, _) = encoding_rs::GB18030.encode(line);
            let d = decode(&gb).map_err(|e| format!("{line}: {e}"));
            assert_eq!(d.map(|d| d.text), Ok(line.to_string()));
        }
    }

    /// Chinese text as found in documents: ideographs, punctuation, digits
    /// and newlines.
    fn chinese_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => proptest::char::range('\u{4E00}', '\u{9FA5}').prop_map(String::from),
            1 => prop::sample::select(vec!["，", "。", "、", "：", "“", "”", "（", "）"])
                .prop_map(String::from),
            1 => "[0-9]{1,4}(\\.[0-9])?%?",
            1 => Just("\n".to_string()),
        ];
        prop::collection::vec(piece, 4..200).prop_map(|v| v.concat())
    }

    #[test]
    fn sniffing_refuses_zeros_and_executables_from_their_head() {
        assert!(looks_binary(&[0; SNIFF_BYTES]));
        let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
        elf.resize(SNIFF_BYTES, 0);
        elf[4000..4005].copy_from_slice(b"hello");
        assert!(looks_binary(&elf));
        assert_eq!(decode(&elf).unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn sniffing_lets_text_through() {
        assert!(!looks_binary(b""));
        assert!(!looks_binary(SAMPLE.as_bytes()));
        for le in [true, false] {
            assert!(!looks_binary(&utf16("GDP 2025: 5.4%\n", le, false)));
            assert!(!looks_binary(&utf16(SAMPLE, le, true)));
        }
        // 4 KB of text, then NULs (a file cut short and padded): decode
        // reads its first 4,096 characters as text, so sniffing must too.
        let mut padded = "GDP grew 5.4% in 2025.\n".repeat(170).into_bytes();
        padded.resize(SNIFF_BYTES, 0);
        assert!(!looks_binary(&padded));
        assert!(decode(&padded).is_ok());
    }

    /// Bytes in which NULs are common: runs of them, text in UTF-8 and
    /// UTF-16, noise and control bytes, in any order.
    fn nul_heavy() -> impl Strategy<Value = Vec<u8>> {
        let chunk = prop_oneof![
            (1usize..6000).prop_map(|n| vec![0u8; n]),
            chinese_text().prop_map(String::into_bytes),
            chinese_text().prop_map(|s| utf16(&s, true, false)),
            chinese_text().prop_map(|s| utf16(&s, false, false)),
            prop::collection::vec(any::<u8>(), 0..3000),
            prop::collection::vec(0u8..32, 0..3000),
        ];
        prop::collection::vec(chunk, 1..10).prop_map(|v| v.concat())
    }

    fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
        for &(at, byte, op) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let at = at % bytes.len();
            match op % 4 {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
        }
        bytes
    }

    fn well_formed(result: &Result<Decoded, DecodeError>) {
        if let Ok(d) = result {
            assert!(!d.text.contains('\0'));
            assert!(!d.encoding.is_empty());
        }
    }

    proptest! {
        /// What the sniff refuses from the first bytes, decoding the whole
        /// file refuses too: no text file is lost to it.
        #[test]
        fn sniffing_never_refuses_what_decode_reads(bytes in nul_heavy()) {
            if looks_binary(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
                prop_assert!(decode(&bytes).is_err());
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let first = decode(&bytes);
            well_formed(&first);
            prop_assert_eq!(first.map(|d| d.text), decode(&bytes).map(|d| d.text));
        }

        #[test]
        fn utf8_text_is_read_as_it_is(s in "\\PC{1,300}") {
            let d = decode(s.as_bytes()).unwrap();
            prop_assert_eq!(d.text, s);
        }

        #[test]
        fn chinese_text_round_trips_in_every_encoding(s in chinese_text()) {
            let (gb, _, _) = encoding_rs::GB18030.encode(&s);
            let mut bom8 = vec![0xEF, 0xBB, 0xBF];
            bom8.extend(s.as_bytes());
            let mut cases = vec![
                ("UTF-8", s.as_bytes().to_vec()),
                ("UTF-8 BOM", bom8),
                ("UTF-16LE BOM", utf16(&s, true, true)),
                ("UTF-16BE BOM", utf16(&s, false, true)),
                ("GB18030", gb.to_vec()),
            ];
            // Without a BOM, UTF-16 is recognised by the NULs of its
            // newlines and digits: text with none of them is ambiguous.
            if s.chars().any(|c| c.is_ascii()) {
                cases.push(("UTF-16LE", utf16(&s, true, false)));
                cases.push(("UTF-16BE", utf16(&s, false, false)));
            }
            // Short GB18030 text can happen to be valid UTF-8 (旨 is D6 BC,
            // a Hebrew point in UTF-8); UTF-8 wins, rightly, in general.
            cases.retain(|(name, b)| *name != "GB18030" || std::str::from_utf8(b).is_err());
            for (name, bytes) in cases {
                let d = decode(&bytes).map_err(|e| format!("{name}: {e}"));
                prop_assert_eq!(d.map(|d| d.text), Ok(s.clone()), "{}", name);
            }
        }

        #[test]
        fn mutated_real_text_never_panics(
            gb in any::<bool>(),
            start in 0usize..5000,
            edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..12),
        ) {
            let seed = include_str!("../../../corpus/000_bd451ebd6a3dbfe1.txt");
            let start = seed.char_indices().map(|(i, _)| i).find(|&i| i >= start).unwrap_or(0);
            let end = seed.char_indices().map(|(i, _)| i).find(|&i| i >= start + 3000);
            let text = &seed[start..end.unwrap_or(seed.len())];
            let bytes = if gb {
                encoding_rs::GB18030.encode(text).0.into_owned()
            } else {
                text.as_bytes().to_vec()
            };
            let result = decode(&mutate(bytes, &edits));
            well_formed(&result);
        }
    }
}
