//! Generates the character table of text normalization (`src/text/fold.rs`):
//! every character that normalization replaces by another, as pairs of code
//! points in `$OUT_DIR/fold_table.bin`.
//!
//! The pairs come from well-kept sources, not from a hand-typed table:
//! - traditional → simplified: what OpenCC's `t2s` conversion
//!   (`ferrous-opencc`) makes of each character standing alone;
//! - CJK compatibility ideographs and Kangxi radicals: their NFKC form
//!   (`unicode-normalization`);
//! - the CJK Radicals Supplement (⻄, ⻓), which NFKC leaves alone: the
//!   Unicode property Equivalent_Unified_Ideograph (`data/cjk_radicals.tsv`).
//!
//! A radical or compatibility form is mapped first and its result then
//! converted to simplified (⾧ → 長 → 长).

use std::collections::BTreeMap;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// The code points that may be traditional characters: CJK unified
/// ideographs (extension A, the main block, extensions B–F) and the
/// compatibility ideographs.
const HAN: [(u32, u32); 4] = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=data/cjk_radicals.tsv");
    let mut map: BTreeMap<u32, u32> = BTreeMap::new();
    radicals_and_compatibility(&mut map);
    let t2s = t2s_table();
    // Compose: the radical's ideograph may itself be traditional.
    for to in map.values_mut() {
        if let Some(&s) = t2s.get(to) {
            *to = s;
        }
    }
    for (from, to) in &t2s {
        map.entry(*from).or_insert(*to);
    }
    // Follow chains (a → b, b → c) to their end, so that normalizing
    // normalized text changes nothing.
    let snapshot = map.clone();
    for to in map.values_mut() {
        for _ in 0..4 {
            match snapshot.get(to) {
                Some(&next) if next != *to => *to = next,
                _ => break,
            }
        }
    }
    map.retain(|from, to| from != to);
    let mut bytes = Vec::with_capacity(map.len() * 8);
    for (from, to) in map {
        bytes.extend_from_slice(&from.to_le_bytes());
        bytes.extend_from_slice(&to.to_le_bytes());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("fold_table.bin");
    std::fs::write(out, bytes).expect("write fold_table.bin");
}

/// Radicals (Equivalent_Unified_Ideograph) and compatibility ideographs and
/// Kangxi radicals (NFKC), each to one unified ideograph.
fn radicals_and_compatibility(map: &mut BTreeMap<u32, u32>) {
    let tsv = std::fs::read_to_string("data/cjk_radicals.tsv").expect("data/cjk_radicals.tsv");
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let from = cols.next().and_then(|c| u32::from_str_radix(c, 16).ok());
        let to = cols.next().and_then(|c| u32::from_str_radix(c, 16).ok());
        if let (Some(f), Some(t)) = (from, to) {
            map.insert(f, t);
        }
    }
    let compat = [(0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)];
    for c in compat
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter_map(char::from_u32)
    {
        let mut n = std::iter::once(c).nfkc();
        if let (Some(one), None) = (n.next(), n.next()) {
            if one != c {
                map.insert(c as u32, one as u32);
            }
        }
    }
}

/// Traditional → simplified for single characters: every Han character is
/// converted alone (one per line, so that no phrase spans two), and the
/// ones that come back as a different single character are kept.
fn t2s_table() -> BTreeMap<u32, u32> {
    use ferrous_opencc::{config::BuiltinConfig, OpenCC};
    let cc = OpenCC::from_config(BuiltinConfig::T2s).expect("OpenCC t2s");
    let chars: Vec<char> = HAN
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter_map(char::from_u32)
        .collect();
    let joined: String = chars.iter().flat_map(|&c| [c, '\n']).collect();
    let converted = cc.convert(&joined);
    let lines: Vec<&str> = converted.split('\n').collect();
    assert_eq!(lines.len(), chars.len() + 1, "t2s changed the line count");
    let mut map = BTreeMap::new();
    for (&c, line) in chars.iter().zip(&lines) {
        let mut it = line.chars();
        if let (Some(s), None) = (it.next(), it.next()) {
            if s != c {
                map.insert(c as u32, s as u32);
            }
        }
    }
    map
}
