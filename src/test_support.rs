//! Helpers shared by the unit tests.

use proptest::prelude::*;
use std::ops::Range;

/// Strings made of `len` pieces drawn from `pieces`: text in which the
/// marks a parser cares about meet in every order.
pub fn joined(pieces: Vec<&'static str>, len: Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), len).prop_map(|v| v.concat())
}

/// The seed document of the corpus (five articles, two near-copies).
pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/000_bd451ebd6a3dbfe1.txt"
);
const PROV2026: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/prov2026");

/// The seed's five articles, split at lines starting `第一篇` … `第五篇`.
pub fn seed_articles() -> Vec<String> {
    let text = std::fs::read_to_string(SEED).expect("seed document in corpus/");
    let head = regex::Regex::new(r"^第[一二三四五]篇").unwrap();
    let mut articles: Vec<String> = Vec::new();
    for line in text.lines() {
        if head.is_match(line) || articles.is_empty() {
            articles.push(String::new());
        }
        let last = articles.last_mut().unwrap();
        last.push_str(line);
        last.push('\n');
    }
    articles
}

/// The prov2026 reports as `(province, full_text)`, sorted by file name.
pub fn prov2026() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(PROV2026)
        .expect("prov2026 corpus at ../shared/corpora/prov2026")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    files.iter().map(|p| read_report(p)).collect()
}

fn read_report(path: &std::path::Path) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (province, full_text) = (col("province"), col("full_text"));
    let row = rows.records().next().unwrap().unwrap();
    (row[province].to_string(), row[full_text].to_string())
}

/// `n` characters of `text` from character `from`.
pub fn chars_of(text: &str, from: usize, n: usize) -> String {
    text.chars().skip(from).take(n).collect()
}
