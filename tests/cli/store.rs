//! The store under change and faults: incremental ingest equals a full
//! one, a killed ingest leaves the previous store intact, old formats get
//! advice, not a crash.

use super::*;
use gongwen::frames;
use gongwen::index::{SearchOptions, Searcher};
use gongwen::store::Store;
use std::fs;
use std::time::Duration;

/// Copies the first `n` prov2026 reports and the seed into `dir`.
fn small_corpus(dir: &Path, n: usize) {
    fs::copy(
        seed_dir().join("000_bd451ebd6a3dbfe1.txt"),
        dir.join("seed.txt"),
    )
    .unwrap();
    for f in prov_files().into_iter().take(n) {
        fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
}

fn prov_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(prov2026())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn tables(
    store: &Path,
) -> (
    Vec<gongwen::corpus::Document>,
    Vec<frames::IndicatorRow>,
    Vec<frames::DuplicateRow>,
) {
    let gen = Store::new(store).current().unwrap();
    let n = gen.manifest().unwrap().documents;
    (
        frames::read_document_slice(gen.dir(), 0, n).unwrap(),
        frames::read_indicators(gen.dir()).unwrap(),
        frames::read_duplicates(gen.dir()).unwrap(),
    )
}

fn ranked(store: &Path, query: &str) -> Vec<(String, f32)> {
    let gen = Store::new(store).current().unwrap();
    let s = Searcher::open(&gen.index_dir(), gen.segmenter().unwrap()).unwrap();
    let mut hits: Vec<(String, f32)> = s
        .search(
            query,
            &SearchOptions {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .map(|h| (h.doc_id, h.score))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0));
    hits
}

/// Ingests `corpus` incrementally into `inc` and from scratch into a new
/// store; checks the tables are equal and search ranks alike, scores within
/// `tolerance` (relative). Returns the incremental run's stderr.
fn check_against_full(corpus: &Path, inc: &Path, tolerance: f32) -> String {
    let (code, _, err) = run(inc, &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let full = tempfile::tempdir().unwrap();
    let (code, _, _) = run(
        full.path(),
        &["ingest", corpus.to_str().unwrap(), "--full", "-q"],
    );
    assert_eq!(code, 0);
    let (a, b) = (tables(inc), tables(full.path()));
    assert_eq!(a.0, b.0, "documents");
    assert_eq!(a.1, b.1, "indicators");
    assert_eq!(a.2, b.2, "duplicates");
    for q in [
        "培训干部",
        "新质生产力",
        "税",
        "\"地区生产总值\"",
        "各位代表",
    ] {
        let (x, y) = (ranked(inc, q), ranked(full.path(), q));
        assert_eq!(x.len(), y.len(), "{q}");
        for (p, r) in x.iter().zip(&y) {
            assert_eq!(p.0, r.0, "{q}");
            assert!(
                (p.1 - r.1).abs() <= tolerance * r.1,
                "{q}: score {} vs {} (tolerance {tolerance})",
                p.1,
                r.1
            );
        }
    }
    err
}

#[test]
fn incremental_ingest_equals_a_full_one() {
    let corpus = tempfile::tempdir().unwrap();
    let c = corpus.path();
    small_corpus(c, 8);
    let inc = tempfile::tempdir().unwrap();
    let (code, _, err) = run(inc.path(), &["ingest", c.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The corpus grows: only the new files are processed; the result is
    // exactly that of a full ingest, scores included.
    for f in prov_files().into_iter().skip(8).take(3) {
        fs::copy(&f, c.join(f.file_name().unwrap())).unwrap();
    }
    let err = check_against_full(c, inc.path(), 1e-6);
    assert!(
        err.contains("9 unchanged"),
        "only new files are processed: {err}"
    );
    // One file changes, one goes away: only the changed file is parsed and
    // measured; the index is rebuilt, so scores are still exactly equal.
    let first = prov_files()[0].file_name().unwrap().to_owned();
    let changed = fs::read_to_string(c.join(&first))
        .unwrap()
        .replace("各位代表：", "各位代表：新增一段：全年培训干部1963人。");
    fs::write(c.join(&first), changed).unwrap();
    fs::remove_file(c.join(prov_files()[1].file_name().unwrap())).unwrap();
    let err = check_against_full(c, inc.path(), 1e-6);
    assert!(
        err.contains("10 unchanged"),
        "only the changed file is parsed: {err}"
    );
    let (docs, rows, _) = tables(inc.path());
    assert_eq!(docs.len(), 5 + 8 + 3 - 1, "documents");
    assert!(rows
        .iter()
        .any(|r| r.text == "1963人" && &*r.source == first.to_str().unwrap()));
}

#[test]
fn a_killed_ingest_leaves_the_previous_store_readable() {
    let corpus = tempfile::tempdir().unwrap();
    for (i, f) in prov_files().iter().enumerate() {
        for copy in 0..3 {
            fs::copy(f, corpus.path().join(format!("{copy}_{i}.csv"))).unwrap();
        }
    }
    let store = ingested(&seed_dir());
    let docs = || json_lines(&run(store.path(), &["docs", "--json"]).1).len();
    assert_eq!(docs(), 5);
    for delay_ms in [30, 120, 300, 700, 1200] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args([
                "ingest",
                corpus.path().to_str().unwrap(),
                "--full",
                "-q",
                "--store",
            ])
            .arg(store.path())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let n = docs();
        assert!(
            n == 5 || (status.success() && n == 93),
            "after a kill at {delay_ms} ms: {n} documents"
        );
        let (code, out, _) = run(store.path(), &["search", "培训干部", "--json"]);
        assert!(
            code == 0 || code == 1,
            "search still works after a kill at {delay_ms} ms"
        );
        assert!(n != 5 || json_lines(&out).len() == 2);
    }
    let (code, _, err) = run(
        store.path(),
        &["ingest", corpus.path().to_str().unwrap(), "-q"],
    );
    assert_eq!(code, 0, "the next run completes: {err}");
    assert_eq!(docs(), 93);
    let leftovers = fs::read_dir(store.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("tmp-")
        })
        .count();
    assert_eq!(
        leftovers, 0,
        "staging folders of killed runs are cleaned up"
    );
}

#[test]
fn an_old_store_format_gets_advice_not_a_crash() {
    let store = ingested(&seed_dir());
    let gen = Store::new(store.path()).current().unwrap();
    let path = gen.dir().join("manifest.json");
    let current = format!("\"format_version\": {}", gongwen::store::FORMAT_VERSION);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace(&current, "\"format_version\": 0");
    fs::write(&path, text).unwrap();
    for args in [
        vec!["docs"],
        vec!["search", "班子"],
        vec!["ingest", "corpus"],
    ] {
        let mut a = args.clone();
        if a[0] == "ingest" {
            a[1] = seed_dir().to_str().unwrap().to_string().leak();
        }
        let (code, _, err) = run(store.path(), &a);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains("format version 0") && err.contains("--full"),
            "{args:?}: {err}"
        );
    }
    let (code, _, err) = run(
        store.path(),
        &["ingest", seed_dir().to_str().unwrap(), "--full", "-q"],
    );
    assert_eq!(code, 0, "{err}");
    fs::write(
        Store::new(store.path())
            .current()
            .unwrap()
            .dir()
            .join("manifest.json"),
        "{ not json",
    )
    .unwrap();
    let (code, _, err) = run(store.path(), &["docs"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unreadable manifest") && err.contains("--full"),
        "{err}"
    );
}

#[test]
fn seed_has_exactly_one_near_duplicate_pair() {
    let store = ingested(&seed_dir());
    let docs = json_lines(&run(store.path(), &["docs", "--json"]).1);
    let (code, out, _) = run(store.path(), &["dedup", "--json"]);
    assert_eq!(code, 0);
    let pairs = json_lines(&out);
    assert_eq!(pairs.len(), 1, "{out}");
    let p = &pairs[0];
    assert_eq!(
        (&p["doc_a"], &p["doc_b"]),
        (&docs[0]["doc_id"], &docs[1]["doc_id"])
    );
    assert!(p["containment"].as_f64().unwrap() >= 0.9, "{p}");
    assert!(p["jaccard"].as_f64().unwrap() < 0.7, "{p}");
    for f in ["cluster", "title_a", "title_b"] {
        assert!(p.get(f).is_some());
    }
    let (a, b) = (
        docs[0]["doc_id"].as_str().unwrap(),
        docs[1]["doc_id"].as_str().unwrap(),
    );
    let (code, diff, _) = run(store.path(), &["dedup", "--diff", &a[..6], &b[..6]]);
    assert_eq!(code, 0);
    assert!(diff.contains("[-~-]{+XX+}"), "placeholders differ: {diff}");
    assert!(diff.contains("only in B"), "A lacks section 三: {diff}");
}

#[test]
fn prov2026_has_no_near_duplicates_despite_the_shared_page_chrome() {
    let store = ingested(&prov2026());
    let (code, out, _) = run(store.path(), &["dedup", "--json"]);
    assert_eq!((code, out.as_str()), (1, ""));
}
