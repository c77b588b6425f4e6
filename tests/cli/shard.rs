//! `ingest --shard K/N` and `merge`: shard stores merged equal one ingest
//! of the corpus — documents, indicators, near-duplicates (across shards),
//! hits, the manifest's files — and bad splits are refused with exit 2.

use super::{json_lines, prov2026, run};
use gongwen::ingest::shard_of;
use gongwen::store::FORMAT_VERSION;
use std::path::Path;

/// prov2026 plus truncated copies (60%) of ten of its reports, each named
/// so that for `n` shards the copy falls in another shard than its
/// original (the near-duplicate step must join them across shards), and a
/// group of 70 copies of one.
fn corpus_with_copies(dir: &Path, n: u32) {
    for f in std::fs::read_dir(prov2026()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", dir.to_str().unwrap(), "-q"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(store.path(), &["export", "--ndjson"]);
    std::fs::create_dir(dir.join("copies")).unwrap();
    for doc in json_lines(&out).iter().take(10) {
        let source = doc["source"].as_str().unwrap();
        let text = doc["text"].as_str().unwrap();
        let cut = text
            .char_indices()
            .nth(text.chars().count() * 6 / 10)
            .unwrap()
            .0;
        let stem = source.trim_end_matches(".csv");
        let name = (0..)
            .map(|i| format!("copies/{stem}-{i}.txt"))
            .find(|c| shard_of(c, n) != shard_of(source, n))
            .unwrap();
        std::fs::write(dir.join(name), &text[..cut]).unwrap();
    }
    // A group of 70 copies (30% to 99% of one report): band buckets over
    // the cap (`dedup::BUCKET_CAP`), which give star edges.
    let first = &json_lines(&out)[0];
    let text = first["text"].as_str().unwrap();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    std::fs::create_dir(dir.join("group")).unwrap();
    for i in 0..70 {
        let cut = chars[chars.len() * (30 + i) / 100].0;
        std::fs::write(dir.join(format!("group/{i:02}.txt")), &text[..cut]).unwrap();
    }
}

/// What must not differ between two stores of one corpus.
fn outputs(store: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for args in [
        &["docs", "--json"][..],
        &["indicators", "--json"],
        &["dedup", "--json", "--threshold", "0.3"],
        &["compare", "--json"],
        &["search", "经济", "--json", "--limit", "10"],
        &[
            "search",
            "\"高质量发展\"",
            "--json",
            "--count",
            "--limit",
            "10",
        ],
        &["search", "生态 环境", "--json", "--limit", "10"],
        // Two documents tie for 10th place: the one with the smaller id.
        &["search", "乡村振兴", "--json", "--limit", "10"],
    ] {
        let (code, stdout, err) = run(store, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.push(stdout);
    }
    let manifest = std::fs::read_to_string(store.join("current/manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    out.push(manifest["files"].to_string());
    out
}

#[test]
fn shards_merged_equal_one_ingest() {
    let n = 4;
    let corpus = tempfile::tempdir().unwrap();
    corpus_with_copies(corpus.path(), n);
    let corpus = corpus.path().to_str().unwrap();
    let whole = tempfile::tempdir().unwrap();
    let (code, _, err) = run(whole.path(), &["ingest", corpus, "-q"]);
    assert_eq!(code, 0, "{err}");
    let shards: Vec<tempfile::TempDir> = (1..=n).map(|_| tempfile::tempdir().unwrap()).collect();
    for (k, shard) in (1..).zip(&shards) {
        let spec = format!("{k}/{n}");
        let (code, _, err) = run(shard.path(), &["ingest", corpus, "--shard", &spec, "-q"]);
        assert_eq!(code, 0, "{err}");
        let (_, dups, _) = run(shard.path(), &["dedup", "--json"]);
        assert_eq!(dups.trim(), "", "a shard finds no near-duplicates");
    }
    let merged = tempfile::tempdir().unwrap();
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|s| s.path().to_str().unwrap()));
    let (code, _, err) = run(merged.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("merged 4 shards: 111 documents from 111 files"),
        "{err}"
    );
    let (want, got) = (outputs(whole.path()), outputs(merged.path()));
    let pairs = json_lines(&got[2]).len();
    assert!(pairs >= 10 + 70, "the copies and the group: {pairs}");
    for (w, g) in want.iter().zip(&got) {
        assert_eq!(w, g);
    }
}

#[test]
fn bad_shard_specs_and_merges_exit_2() {
    let corpus = prov2026();
    let corpus = corpus.to_str().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    for spec in ["5/4", "0/0", "2", "a/3"] {
        let (code, _, err) = run(scratch.path(), &["ingest", corpus, "--shard", spec]);
        assert_eq!(code, 2, "{spec}");
        assert!(err.contains(&format!("--shard \"{spec}\"")), "{err}");
    }
    let dir = |name: &str| scratch.path().join(name).to_str().unwrap().to_string();
    let ingest = |store: &str, extra: &[&str]| {
        let mut args = vec!["ingest", corpus, "-q"];
        args.extend(extra);
        let (code, _, err) = run(Path::new(store), &args);
        assert_eq!(code, 0, "{err}");
    };
    ingest(&dir("a1"), &["--shard", "1/2"]);
    ingest(&dir("a2"), &["--shard", "2/2"]);
    ingest(&dir("b3"), &["--shard", "2/3"]);
    let dict = scratch.path().join("dict.txt");
    std::fs::write(&dict, "经济体系 5\n").unwrap();
    ingest(
        &dir("d2"),
        &["--shard", "2/2", "--dict", dict.to_str().unwrap()],
    );
    ingest(&dir("whole"), &[]);
    let merge = |shards: &[&str]| {
        let mut args = vec!["merge"];
        args.extend(shards);
        let (code, _, err) = run(Path::new(&dir("out")), &args);
        assert_eq!(code, 2, "{shards:?}");
        err
    };
    assert!(merge(&[&dir("a1")]).contains("shard 2/2 missing"));
    // A missing candidates file is named, its cause said once.
    let missing = dir("none.parquet");
    let err = merge(&[&dir("a1"), &dir("a2"), "--candidates", &missing]);
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(err.contains("none.parquet"), "{err}");
    assert!(merge(&[&dir("a1"), &dir("b3")]).contains("merge the shards of one split"));
    assert!(merge(&[&dir("a2"), &dir("a2")]).contains("are both shard 2/2"));
    assert!(merge(&[&dir("a1"), &dir("d2")]).contains("another user dictionary"));
    assert!(merge(&[&dir("a1"), &dir("whole")]).contains("not a shard store"));
    let manifest = Path::new(&dir("a2")).join("current/manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (now, old) = (FORMAT_VERSION, FORMAT_VERSION - 1);
    let text = text.replace(
        &format!("\"format_version\": {now}"),
        &format!("\"format_version\": {old}"),
    );
    std::fs::write(&manifest, text).unwrap();
    assert!(merge(&[&dir("a1"), &dir("a2")]).contains(&format!("has format version {old}")));
    assert!(
        !Path::new(&dir("out")).join("current").exists(),
        "nothing written"
    );
}
