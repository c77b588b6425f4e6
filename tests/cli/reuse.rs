//! `gongwen reuse` on prov2026 with a 400-character passage of one report
//! planted, edited, into three others, and a formula planted into all 31:
//! one cluster of exactly the four, whole spans, the earliest by date; the
//! formula flagged; filters, the aligned view, and bad arguments.

use super::{json_lines, prov2026, run};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The reports planted into, and the source (the first in file order).
const COPIES: [usize; 3] = [7, 15, 23];

const FORMULA: &str = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，\
                       完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，\
                       统筹发展和安全，持续增进民生福祉，保持社会大局稳定，奋力谱写中国式现代化新篇章。";

struct Planted {
    store: tempfile::TempDir,
    /// Province of each report, by file order.
    provinces: Vec<String>,
    /// Its publish_date.
    dates: Vec<String>,
    /// The copies as planted (the source's passage first).
    copies: Vec<String>,
}

/// A copy as copying makes it: the place swapped, numbers changed, a
/// phrase inserted, two characters dropped.
fn edit(passage: &str, source: &str, place: &str) -> String {
    let short = source.trim_end_matches(['省', '市']);
    let out = passage
        .replace(short, place)
        .replace("我省", "我县")
        .replace("我市", "我县");
    let out: String = out
        .chars()
        .map(|c| if c.is_ascii_digit() { '3' } else { c })
        .collect();
    let chars: Vec<char> = out.chars().collect();
    let (third, two_thirds) = (chars.len() / 3, 2 * chars.len() / 3);
    let head: String = chars[..third].iter().collect();
    let mid: String = chars[third..two_thirds].iter().collect();
    let tail: String = chars[two_thirds + 2..].iter().collect();
    format!("{head}进一步{mid}{tail}")
}

/// Inserts `passage` as a line of its own after the line break that
/// follows character `at` of `text`.
fn insert(text: &str, at: usize, passage: &str) -> String {
    let byte = text.char_indices().nth(at).map_or(text.len(), |c| c.0);
    let cut = text[byte..].find('\n').map_or(text.len(), |i| byte + i + 1);
    format!("{}{passage}\n{}", &text[..cut], &text[cut..])
}

fn planted() -> &'static Planted {
    static PLANTED: OnceLock<Planted> = OnceLock::new();
    PLANTED.get_or_init(|| {
        let corpus = tempfile::tempdir().unwrap();
        let mut files: Vec<_> = std::fs::read_dir(prov2026())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        let mut reports: Vec<Vec<String>> = Vec::new();
        let mut header = None;
        for f in &files {
            let mut r = csv::Reader::from_path(f).unwrap();
            header = Some(r.headers().unwrap().clone());
            reports.push(
                r.records()
                    .next()
                    .unwrap()
                    .unwrap()
                    .iter()
                    .map(String::from)
                    .collect(),
            );
        }
        let header = header.unwrap();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}') == name)
                .unwrap()
        };
        let (province, date, text) = (col("province"), col("publish_date"), col("full_text"));
        let source = reports[0][text].clone();
        let start = source.char_indices().nth(4000).unwrap().0;
        let line = start + source[start..].find('\n').unwrap() + 1;
        let passage: String = source[line..].chars().take(400).collect();
        let mut copies = vec![passage.clone()];
        for (n, &i) in COPIES.iter().enumerate() {
            let copy = edit(&passage, &reports[0][province], ["合山", "瓮安", "桐梓"][n]);
            reports[i][text] = insert(&reports[i][text], 6000, &copy);
            copies.push(copy);
        }
        for r in reports.iter_mut() {
            r[text] = insert(&r[text], 2000, FORMULA);
        }
        for (f, r) in files.iter().zip(&reports) {
            let mut w = csv::Writer::from_path(corpus.path().join(f.file_name().unwrap())).unwrap();
            w.write_record(header.iter().map(|h| h.trim_start_matches('\u{feff}')))
                .unwrap();
            w.write_record(r).unwrap();
            w.flush().unwrap();
        }
        Planted {
            store: super::ingested(corpus.path()),
            provinces: reports.iter().map(|r| r[province].clone()).collect(),
            dates: reports.iter().map(|r| r[date].clone()).collect(),
            copies,
        }
    })
}

fn reuse(args: &[&str]) -> (i32, Vec<Value>, String) {
    let mut all = vec!["reuse", "--json"];
    all.extend(args);
    let (code, out, err) = run(planted().store.path(), &all);
    (code, json_lines(&out), err)
}

fn clusters(rows: &[Value]) -> BTreeMap<u64, Vec<&Value>> {
    let mut out: BTreeMap<u64, Vec<&Value>> = BTreeMap::new();
    for r in rows {
        out.entry(r["cluster"].as_u64().unwrap())
            .or_default()
            .push(r);
    }
    out
}

/// `n` characters of `s` from character `from`.
fn chars(s: &str, from: usize, n: usize) -> String {
    s.chars().skip(from).take(n).collect()
}

/// A text without space and punctuation, numbers as they are.
fn bare(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[test]
fn the_planted_passage_is_one_cluster_of_exactly_the_four() {
    let p = planted();
    let (code, rows, err) = reuse(&[]);
    assert_eq!(code, 0, "{err}");
    let want: BTreeSet<&str> = std::iter::once(0)
        .chain(COPIES)
        .map(|i| p.provinces[i].as_str())
        .collect();
    let found: Vec<Vec<&Value>> = clusters(&rows)
        .into_values()
        .filter(|c| {
            c.iter().any(|r| {
                bare(r["text"].as_str().unwrap()).contains(&chars(&bare(&p.copies[1]), 40, 160))
            })
        })
        .collect();
    assert_eq!(found.len(), 1, "one cluster has the passage");
    let c = &found[0];
    let places: BTreeSet<&str> = c.iter().map(|r| r["locality"].as_str().unwrap()).collect();
    assert_eq!(places, want, "exactly the four");
    assert_eq!(c.len(), 4);
    for r in c {
        assert_eq!(r["size"], 4);
        assert_eq!(r["boilerplate"], false);
        let i = p
            .provinces
            .iter()
            .position(|x| x == r["locality"].as_str().unwrap())
            .unwrap();
        let copy = &p.copies[std::iter::once(0)
            .chain(COPIES)
            .position(|j| j == i)
            .unwrap()];
        let text = bare(r["text"].as_str().unwrap());
        assert!(
            text.contains(&bare(copy)),
            "{}: the whole copy\n{text}\n{copy}",
            p.provinces[i]
        );
        assert!(
            text.chars().count() <= bare(copy).chars().count() + 4,
            "{text}"
        );
    }
    // The earliest: the smallest publish_date of the four (all are 2026).
    let first = std::iter::once(0)
        .chain(COPIES)
        .min_by_key(|&i| &p.dates[i])
        .unwrap();
    let first_id = c
        .iter()
        .find(|r| r["locality"] == p.provinces[first].as_str())
        .unwrap()["doc_id"]
        .clone();
    assert!(c.iter().all(|r| r["earliest"] == first_id));
    assert_eq!(c[0]["doc_id"], first_id, "earliest first");
}

#[test]
fn offsets_are_bytes_of_the_text_and_the_formula_is_boilerplate() {
    let (_, rows, _) = reuse(&["--min-chars", "40"]);
    let gen = gongwen::store::Store::new(planted().store.path())
        .current()
        .unwrap();
    let docs = gongwen::frames::read_documents(gen.dir(), true).unwrap();
    let text_of = |id: &str| {
        docs.iter()
            .find(|d| d.doc_id == id)
            .unwrap()
            .text
            .clone()
            .unwrap()
    };
    for r in &rows {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text_of(r["doc_id"].as_str().unwrap())[s..e],
            r["text"].as_str().unwrap()
        );
    }
    // In each report the planted formula is a passage flagged boilerplate.
    let with_formula: BTreeSet<&str> = rows
        .iter()
        .filter(|r| {
            r["boilerplate"] == true && bare(r["text"].as_str().unwrap()).contains(&bare(FORMULA))
        })
        .map(|r| r["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(with_formula.len(), 31);
    let (_, hidden, _) = reuse(&["--min-chars", "40", "--no-boilerplate"]);
    assert!(hidden.iter().all(|r| r["boilerplate"] == false));
    assert!(hidden.iter().all(|r| r["size"] != 31));
    assert_eq!(
        hidden.len(),
        rows.iter().filter(|r| r["boilerplate"] == false).count()
    );
}

#[test]
fn a_place_keeps_its_clusters_whole() {
    let p = planted();
    let place = &p.provinces[COPIES[1]];
    let short = place.trim_end_matches(['省', '市']);
    let (code, rows, _) = reuse(&["--locality", short, "--no-boilerplate"]);
    assert_eq!(code, 0);
    let all = clusters(&rows);
    assert!(!all.is_empty());
    for c in all.values() {
        assert!(c.iter().any(|r| r["locality"] == place.as_str()), "{c:?}");
    }
    assert!(
        all.values().any(|c| c.len() == 4),
        "the planted cluster, all four"
    );
}

#[test]
fn two_documents_aligned_with_the_edits_marked() {
    let p = planted();
    let (_, rows, _) = reuse(&[]);
    let id = |i: usize| {
        rows.iter()
            .find(|r| r["locality"] == p.provinces[i].as_str())
            .unwrap()["doc_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (a, b) = (id(0), id(COPIES[0]));
    let (code, out, err) = run(p.store.path(), &["reuse", "--diff", &a[..12], &b[..12]]);
    assert_eq!(code, 0, "{err}");
    // The copy's inserted phrase and its changed numbers are marked.
    assert!(out.contains("进一步+}"), "{out}");
    assert!(out.contains("[-26-]{+33+}"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("= A bytes")));
}

#[test]
fn bad_arguments_and_small_stores() {
    let store = planted().store.path();
    for bad in ["0", "abc", "-5", ""] {
        let (code, _, err) = run(store, &["reuse", &format!("--min-chars={bad}")]);
        assert_eq!(code, 2, "--min-chars {bad}: {err}");
        assert!(err.contains("min-chars"), "{err}");
    }
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("one.txt"),
        "关于加强基层党建工作的报告\n我县坚持抓党建促发展。",
    )
    .unwrap();
    let one = super::ingested(corpus.path());
    let (code, out, err) = run(one.path(), &["reuse", "--json"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("no passage"), "{err}");
    let (empty, none) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(
        none.path(),
        &["ingest", empty.path().to_str().unwrap(), "-q"],
    );
    let (code, _, err) = run(none.path(), &["reuse"]);
    assert!(code == 1 || code == 2, "{err}");
    assert!(!err.contains("panick"), "{err}");
}
