//! `gongwen terms` and `gongwen kwic` on prov2026 and the national reports
//! 1954–2005 together: hits against an independent substring count, the
//! longest-first rule, the measures' formulas, contexts at exact offsets,
//! and bad dictionaries.

use super::{json_lines, prov2026, root, run};
use gongwen::frames;
use gongwen::text::normalize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

/// One store of both corpora, ingested once for the module.
fn store() -> &'static Path {
    static STORE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let corpus = tempfile::tempdir().unwrap();
            let national = root().join("../shared/corpora/national1954-2005");
            for dir in [prov2026(), national] {
                for f in std::fs::read_dir(dir).unwrap().flatten() {
                    std::fs::copy(f.path(), corpus.path().join(f.file_name())).unwrap();
                }
            }
            super::ingested(corpus.path())
        })
        .path()
}

/// Every document's id and normalized text.
fn texts() -> Vec<(String, String)> {
    let gen = gongwen::store::Store::new(store()).current().unwrap();
    frames::read_documents(gen.dir(), true)
        .unwrap()
        .into_iter()
        .map(|d| (d.doc_id, normalize(d.text.as_deref().unwrap_or(""))))
        .collect()
}

fn write_dict(dir: &Path, text: &str) -> String {
    let path = dir.join("dict.txt");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Per (doc_id, term): hits, from `terms --by doc --json`.
fn hits_by_doc(dict: &str) -> (HashMap<(String, String), u64>, Vec<Value>) {
    let (code, out, err) = run(store(), &["terms", "--dict", dict, "--by", "doc", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    let hits = rows
        .iter()
        .filter(|r| !r["term"].is_null())
        .map(|r| {
            let key = (
                r["doc_id"].as_str().unwrap().to_string(),
                r["term"].as_str().unwrap().to_string(),
            );
            (key, r["hits"].as_u64().unwrap())
        })
        .collect();
    (hits, rows)
}

/// A pseudo-random sequence (a fixed seed: the same terms every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Whether two terms can overlap in a text (one inside the other, or an
/// end of one the start of the other): then the longest-first rule, not a
/// plain count, decides.
fn may_overlap(a: &str, b: &str) -> bool {
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let edge =
        |x: &[char], y: &[char]| (1..x.len().min(y.len())).any(|k| x[x.len() - k..] == y[..k]);
    a.contains(b) || b.contains(a) || edge(&ac, &bc) || edge(&bc, &ac)
}

/// Han script (Unicode): the unified ideographs and their extensions, the
/// compatibility ideographs and 〇 (二〇二五年).
fn is_han(c: char) -> bool {
    let n = c as u32;
    (0x4E00..=0x9FFF).contains(&n)
        || (0x3400..=0x4DBF).contains(&n)
        || (0xF900..=0xFAFF).contains(&n)
        || (0x20000..=0x323AF).contains(&n)
        || c == '〇'
}

#[test]
fn two_hundred_random_terms_count_as_an_independent_substring_count() {
    let texts = texts();
    assert!(texts.len() >= 60, "{} documents", texts.len());
    let mut rng = Lcg(15);
    let mut terms: Vec<String> = Vec::new();
    while terms.len() < 200 {
        let (_, text) = &texts[rng.next(texts.len())];
        let chars: Vec<char> = text.chars().collect();
        let len = 2 + rng.next(4);
        let at = rng.next(chars.len().saturating_sub(len));
        let term: String = chars[at..(at + len).min(chars.len())].iter().collect();
        let han = term.chars().count() == len
            && term.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        if han && !terms.iter().any(|t| may_overlap(t, &term)) {
            terms.push(term);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let dict: String = terms.iter().map(|t| format!("random\t{t}\n")).collect();
    let (hits, rows) = hits_by_doc(&write_dict(dir.path(), &dict));
    let mut compared = 0;
    for (doc_id, text) in &texts {
        for t in &terms {
            let want = text.matches(t.as_str()).count() as u64;
            let got = hits.get(&(doc_id.clone(), t.clone())).copied();
            assert_eq!(got, Some(want), "{t} in {doc_id}");
            compared += want;
        }
    }
    assert!(compared > 1000, "the terms occur: {compared} hits");
    // The measures are their formulas; words and Han characters are the
    // document's own.
    let han: HashMap<&str, u64> = texts
        .iter()
        .map(|(id, t)| (id.as_str(), t.chars().filter(|&c| is_han(c)).count() as u64))
        .collect();
    for r in &rows {
        let (h, w, c) = (
            r["hits"].as_f64().unwrap(),
            r["words"].as_f64().unwrap(),
            r["han_chars"].as_f64().unwrap(),
        );
        assert!(
            (r["share_of_words"].as_f64().unwrap() - h / w * 100.0).abs() < 1e-9,
            "{r}"
        );
        assert!(
            (r["per_10k_chars"].as_f64().unwrap() - h / c * 10_000.0).abs() < 1e-9,
            "{r}"
        );
        assert_eq!(
            r["han_chars"].as_u64(),
            han.get(r["doc_id"].as_str().unwrap()).copied(),
            "{r}"
        );
        assert!(w > 0.0 && w < c, "fewer words than characters: {r}");
    }
}

#[test]
fn overlapping_terms_count_the_longest_first_and_totals_sum_them() {
    let texts = texts();
    let dir = tempfile::tempdir().unwrap();
    let dict = write_dict(dir.path(), "d\t数字\nd\t数字经济\nd\t经济\n");
    let (hits, rows) = hits_by_doc(&dict);
    let mut long = 0;
    for (doc_id, text) in &texts {
        let whole = text.matches("数字经济").count() as u64;
        let rest = text.replace("数字经济", "|");
        let get = |t: &str| hits[&(doc_id.clone(), t.to_string())];
        assert_eq!(get("数字经济"), whole, "{doc_id}");
        assert_eq!(get("数字"), rest.matches("数字").count() as u64, "{doc_id}");
        assert_eq!(get("经济"), rest.matches("经济").count() as u64, "{doc_id}");
        long += whole;
    }
    assert!(long >= 20, "数字经济 occurs: {long}");
    // Per document, the category's total is the sum of its terms.
    for total in rows.iter().filter(|r| r["term"].is_null()) {
        let sum: u64 = rows
            .iter()
            .filter(|r| !r["term"].is_null() && r["doc_id"] == total["doc_id"])
            .map(|r| r["hits"].as_u64().unwrap())
            .sum();
        assert_eq!(total["hits"].as_u64(), Some(sum));
    }
}

#[test]
fn locality_and_year_rows_sum_their_documents_and_wide_has_na_not_zero() {
    let dir = tempfile::tempdir().unwrap();
    let dict = write_dict(dir.path(), "环境\t生态\n环境\t绿色\n");
    let (code, out, err) = run(store(), &["terms", "--dict", &dict, "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    // 31 provinces in 2026 and the national reports' years, two terms and a
    // total each.
    let groups: HashSet<(String, String)> = rows
        .iter()
        .map(|r| (r["locality"].to_string(), r["year"].to_string()))
        .collect();
    assert_eq!(rows.len(), groups.len() * 3);
    assert!(groups.len() >= 31 + 30, "{} groups", groups.len());
    let (code, out, err) = run(store(), &["terms", "--dict", &dict, "--wide", "--csv"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("locality,year,words,han_chars,环境_hits,"),
        "{}",
        lines[0]
    );
    // Every locality with every year: 全国 has no 2026 report, so its 2026
    // row is empty, not zero.
    let national_2026 = lines
        .iter()
        .find(|l| l.starts_with("全国,2026,"))
        .expect("全国 2026 row");
    assert!(
        national_2026.trim_end_matches(',').ends_with("2026"),
        "{national_2026}"
    );
}

#[test]
fn kwic_gives_every_occurrence_at_its_offsets_with_its_context() {
    let gen = gongwen::store::Store::new(store()).current().unwrap();
    let docs: HashMap<String, String> = frames::read_documents(gen.dir(), true)
        .unwrap()
        .into_iter()
        .map(|d| (d.doc_id, d.text.unwrap_or_default()))
        .collect();
    // 經濟 in the 1954 report (traditional script) is found as 经济.
    for (term, window) in [("高质量发展", 10), ("经济", 4)] {
        let (code, out, err) = run(
            store(),
            &[
                "kwic",
                term,
                "--window",
                &window.to_string(),
                "--limit",
                "0",
                "--json",
            ],
        );
        assert_eq!(code, 0, "{err}");
        let rows = json_lines(&out);
        let want: usize = docs
            .values()
            .map(|t| normalize(t).matches(term).count())
            .sum();
        assert_eq!(rows.len(), want, "{term}");
        for r in &rows {
            let text = &docs[r["doc_id"].as_str().unwrap()];
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], r["match"].as_str().unwrap());
            assert_eq!(normalize(&text[s..e]), term);
            let left = r["left"].as_str().unwrap();
            assert!(
                text[..s].ends_with(left)
                    && left.chars().count() == window.min(text[..s].chars().count())
            );
            let right = r["right"].as_str().unwrap();
            assert!(
                text[e..].starts_with(right)
                    && right.chars().count() == window.min(text[e..].chars().count())
            );
        }
        if term == "经济" {
            assert!(
                rows.iter().any(|r| r["match"] == "經濟"),
                "the traditional form is found"
            );
        }
    }
    // A limit cuts, and says so.
    let (code, out, err) = run(
        store(),
        &[
            "kwic",
            "经济",
            "--limit",
            "5",
            "--locality",
            "安徽",
            "--json",
        ],
    );
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["locality"] == "安徽省"));
    assert!(err.contains("the first 5 occurrences"), "{err}");
}

#[test]
fn bad_dictionaries_get_a_clear_message_and_odd_ones_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let terms = |p: &str| run(store(), &["terms", "--dict", p, "--json"]);
    // Empty, a comment only, a tab-less line with a space, a missing file.
    std::fs::write(path("empty.txt"), "").unwrap();
    std::fs::write(path("comment.txt"), "# nothing\n\n").unwrap();
    std::fs::write(path("spaces.txt"), "环境\t生态\n数字 经济\n").unwrap();
    for (name, says) in [
        ("empty.txt", "no terms"),
        ("comment.txt", "no terms"),
        ("spaces.txt", "line 2: \"数字 经济\" has a space"),
        ("missing.txt", "cannot read"),
    ] {
        let (code, _, err) = terms(&path(name));
        assert_eq!(code, 2, "{name}");
        assert!(err.contains(says) && err.contains(name), "{name}: {err}");
    }
    // A BOM and GB18030 are read; the category is the file's name.
    std::fs::write(path("bom.txt"), "\u{FEFF}生态\n").unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode("生态\n绿色\n");
    std::fs::write(path("gb.txt"), &gb).unwrap();
    for (name, category, n) in [("bom.txt", "bom", 2), ("gb.txt", "gb", 3)] {
        let (code, out, err) = terms(&path(name));
        assert_eq!(code, 0, "{name}: {err}");
        let rows = json_lines(&out);
        assert!(rows.iter().all(|r| r["category"] == category), "{name}");
        assert_eq!(rows.len() % n, 0);
        assert!(rows
            .iter()
            .any(|r| r["term"] == "生态" && r["hits"].as_u64() > Some(0)));
    }
    // 100,000 terms: counted, each row present.
    let many: String = (0..100_000).map(|i| format!("n\t词{i}\n")).collect();
    std::fs::write(path("many.txt"), many + "n\t生态\n").unwrap();
    let (code, out, err) = run(
        store(),
        &["terms", "--dict", &path("many.txt"), "--wide", "--csv"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().count() > 31);
}

#[test]
fn kwic_reads_a_document_indexed_in_parts_from_the_documents_table() {
    // Over 1 MiB of text: the index holds it in parts, so its stored text
    // is not the whole document; offsets must still be the document's.
    let corpus = tempfile::tempdir().unwrap();
    let text = "推进高质量发展，建设现代化产业体系。".repeat(40_000) + "最后提到区块链技术。";
    std::fs::write(corpus.path().join("big.txt"), &text).unwrap();
    let store = super::ingested(corpus.path());
    let (code, out, err) = run(store.path(), &["kwic", "区块链", "--window", "4", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    let start = text.find("区块链").unwrap() as u64;
    assert_eq!(rows[0]["start"].as_u64(), Some(start));
    assert_eq!(
        (rows[0]["left"].as_str(), rows[0]["right"].as_str()),
        (Some("最后提到"), Some("技术。"))
    );
}
