//! `search`: words, phrases, sub-words, width folding, filters, highlights
//! and malformed queries, on the seed and on prov2026.

use super::*;
use std::sync::LazyLock;

static SEED: LazyLock<tempfile::TempDir> = LazyLock::new(|| ingested(&seed_dir()));
static PROV: LazyLock<tempfile::TempDir> = LazyLock::new(|| ingested(&prov2026()));

fn hits(store: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = vec!["search"];
    a.extend_from_slice(args);
    a.push("--json");
    let (code, out, err) = run(store, &a);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    json_lines(&out)
}

/// Ordinals of the seed articles a query returns.
fn seed_ordinals(args: &[&str]) -> Vec<u64> {
    let docs = json_lines(&run(SEED.path(), &["docs", "--json"]).1);
    let mut ords: Vec<u64> = hits(SEED.path(), args)
        .iter()
        .map(|h| {
            docs.iter().find(|d| d["doc_id"] == h["doc_id"]).unwrap()["ordinal"]
                .as_u64()
                .unwrap()
        })
        .collect();
    ords.sort();
    ords
}

#[test]
fn a_word_finds_the_two_heshan_articles() {
    assert_eq!(seed_ordinals(&["培训干部"]), [1, 2]);
}

#[test]
fn a_quoted_phrase_finds_the_dialogue() {
    assert_eq!(seed_ordinals(&["\"五个人人\""]), [5]);
}

#[test]
fn phrases_must_be_contiguous() {
    assert_eq!(seed_ordinals(&["\"学习创新型领导班子\""]), [1, 2]);
    let (code, out, err) = run(SEED.path(), &["search", "\"领导班子创新\"", "--json"]);
    assert_eq!(
        (code, out.as_str()),
        (1, ""),
        "article 3 has only 创新型领导班子"
    );
    assert!(err.contains("no documents match"), "{err}");
}

#[test]
fn sub_words_and_single_characters_are_found() {
    // 税 occurs only inside words (税收, 财税 …); 处理 inside 处理好, 及时处理.
    assert_eq!(seed_ordinals(&["税"]), [2]);
    assert_eq!(seed_ordinals(&["处理"]), [2, 3, 5]);
    let p = hits(PROV.path(), &["税", "--limit", "100"]);
    assert!(p.len() > 25, "税 found in {} reports", p.len());
}

#[test]
fn full_width_and_half_width_queries_match_alike() {
    let a = seed_ordinals(&["ＧＤＰ"]);
    assert_eq!(a, seed_ordinals(&["gdp"]));
    assert_eq!(a, [2]);
}

#[test]
fn every_highlight_is_exactly_a_query_word() {
    for (store, q, words) in [
        (SEED.path(), "培训干部", vec!["培训干部"]),
        (SEED.path(), "\"五个人人\"", vec!["五个人人"]),
        (SEED.path(), "gdp", vec!["gdp", "GDP", "ＧＤＰ"]),
        (
            PROV.path(),
            "新质生产力 人工智能",
            vec!["新质生产力", "人工智能"],
        ),
    ] {
        let hs = hits(store, &[q, "--limit", "20"]);
        assert!(!hs.is_empty(), "{q}");
        for h in hs {
            let snip = h["snippet"].as_str().unwrap();
            let marked: Vec<&str> = snip
                .split("<b>")
                .skip(1)
                .map(|s| s.split("</b>").next().unwrap())
                .collect();
            assert!(!marked.is_empty(), "{q}: nothing marked in {snip}");
            for m in marked {
                assert!(words.contains(&m), "{q}: marked {m:?} in {snip}");
            }
        }
    }
}

#[test]
fn locality_filter_takes_names_with_or_without_suffix() {
    let hs = hits(PROV.path(), &["新质生产力", "--locality", "北京"]);
    assert_eq!(hs[0]["locality"], "北京市");
    assert!(hs.iter().all(|h| h["locality"] == "北京市"));
    let full = hits(PROV.path(), &["新质生产力", "--locality", "北京市"]);
    assert_eq!(hs, full);
    let gx = hits(PROV.path(), &["新质生产力", "--locality", "广西"]);
    assert_eq!(gx[0]["locality"], "广西壮族自治区");
}

#[test]
fn year_filter_keeps_all_31_reports() {
    assert_eq!(
        hits(
            PROV.path(),
            &["政府工作", "--year", "2026", "--limit", "100"]
        )
        .len(),
        31
    );
    assert!(hits(PROV.path(), &["政府工作", "--year", "2025"]).is_empty());
}

#[test]
fn malformed_queries_get_a_message_and_exit_2() {
    for q in ["\"unclosed", "AND AND", ""] {
        let (code, out, err) = run(SEED.path(), &["search", q]);
        assert_eq!(code, 2, "{q:?}: {err}");
        assert!(out.is_empty());
        assert!(
            err.starts_with("gongwen: ") && err.contains("query"),
            "{q:?}: {err}"
        );
    }
}

#[test]
fn human_output_lists_title_locality_and_snippet() {
    let (code, out, _) = run(SEED.path(), &["search", "培训干部", "--limit", "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("构建学习创新型领导班子的实践与体会"), "{out}");
    assert!(
        out.contains("[培训干部]"),
        "not a terminal: matches in brackets\n{out}"
    );
}

/// `gongwen search` cuts its query with a small dictionary of the query's
/// own words (`segment::init_for_query`); this test process has the full
/// one. Both must return the same documents with the same scores.
#[test]
fn the_command_ranks_exactly_as_the_full_dictionary_does() {
    use gongwen::index::{SearchOptions, Searcher};
    let gen = gongwen::store::Store::new(PROV.path()).current().unwrap();
    let searcher = Searcher::open(&gen.index_dir(), gen.segmenter().unwrap()).unwrap();
    let queries = [
        "新质生产力",
        "一般公共预算收入增长",
        "乡村振兴 农民收入",
        "\"营商环境\"",
        "中国式现代化",
        "规上工业增加值",
        "ＧＤＰ增长",
        "税",
        "坚持稳中求进工作总基调",
    ];
    for q in queries {
        let cli: Vec<(String, f64)> = hits(PROV.path(), &[q, "--limit", "20"])
            .iter()
            .map(|h| {
                (
                    h["doc_id"].as_str().unwrap().to_string(),
                    h["score"].as_f64().unwrap(),
                )
            })
            .collect();
        let lib: Vec<(String, f64)> = searcher
            .search(
                q,
                &SearchOptions {
                    limit: 20,
                    ..Default::default()
                },
            )
            .unwrap()
            .into_iter()
            .map(|h| (h.doc_id, f64::from(h.score)))
            .collect();
        assert!(!lib.is_empty(), "{q}");
        assert_eq!(cli.len(), lib.len(), "{q}");
        for ((a, x), (b, y)) in cli.iter().zip(&lib) {
            assert_eq!(a, b, "{q}");
            assert!((x - y).abs() <= 1e-4 * y.abs().max(1.0), "{q}: {x} vs {y}");
        }
    }
}

/// The 1954 national report is in traditional script: a simplified query
/// finds it, and a traditional one finds the simplified reports too.
#[test]
fn traditional_and_simplified_find_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let national =
        root().join("../shared/corpora/national1954-2005/government_work_reports_1954-2005.jsonl");
    let line = std::fs::read_to_string(national)
        .unwrap()
        .lines()
        .find(|l| l.contains("\"year\": 1954"))
        .unwrap()
        .to_string();
    std::fs::write(dir.path().join("1954.jsonl"), line + "\n").unwrap();
    std::fs::write(
        dir.path().join("xian.txt"),
        "陝西省⻄安市人民政府工作報告\n2025年，全市地區生產總值增長５．６％，數字經濟加快發展。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("simplified.txt"),
        "大力发展数字经济，国民经济持续恢复。\n",
    )
    .unwrap();
    let store = ingested(dir.path());
    let titles = |q: &str| -> Vec<String> {
        let (_, out, _) = run(store.path(), &["search", q, "--json", "--limit", "10"]);
        let mut t: Vec<String> = json_lines(&out)
            .iter()
            .map(|h| h["source"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles("国民经济"), ["1954.jsonl", "simplified.txt"]);
    assert_eq!(titles("數字經濟"), ["simplified.txt", "xian.txt"]);
    assert_eq!(titles("数字经济"), ["simplified.txt", "xian.txt"]);
    let (_, out, _) = run(store.path(), &["docs", "--json"]);
    let xian = json_lines(&out)
        .into_iter()
        .find(|d| d["source"] == "xian.txt")
        .unwrap();
    assert_eq!(xian["locality"], "西安市");
    let (_, out, _) = run(store.path(), &["indicators", "--json", "--metric", "gdp"]);
    let gdp = json_lines(&out);
    assert_eq!(gdp.len(), 1, "{out}");
    assert_eq!(gdp[0]["value"], 5.6);
    assert_eq!(gdp[0]["text"], "增長５．６％");
    assert_eq!(gdp[0]["locality"], "西安市");
    let (_, out, _) = run(
        store.path(),
        &["search", "国民经济", "--year", "1954", "--json"],
    );
    assert!(
        out.contains("<b>國民經濟</b>"),
        "highlight in the original script: {out}"
    );
}

/// A document longer than the index's part size (1 MiB) is indexed in
/// parts: a phrase near its end is found, with its snippet, and a word in
/// every part gives the document once, beside a short one.
#[test]
fn a_long_document_is_one_hit_and_found_to_its_end() {
    let corpus = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(seed_dir().join("000_bd451ebd6a3dbfe1.txt")).unwrap();
    // The seed's paragraphs run together: no line looks like an article's
    // title, so the file stays one document.
    let body: String = seed.lines().filter(|l| l.len() > 60).collect();
    let mut long = String::new();
    while long.len() < 3 << 20 {
        long.push_str(&body);
    }
    long.push('\n');
    long.push_str("最后一段写明了示范区的蓝莓种植经验。\n");
    std::fs::write(corpus.path().join("long.txt"), &long).unwrap();
    std::fs::write(
        corpus.path().join("short.txt"),
        "短材料\n我们培训干部三百人。\n",
    )
    .unwrap();
    let store = ingested(corpus.path());
    let found = hits(store.path(), &["\"蓝莓种植\""]);
    // (Hits are not printed on failure: their titles run to megabytes.)
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["source"], "long.txt");
    let snippet = found[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<b>蓝莓种植</b>"), "{snippet}");
    let both = hits(store.path(), &["培训干部", "--limit", "10"]);
    let mut sources: Vec<&str> = both.iter().map(|h| h["source"].as_str().unwrap()).collect();
    sources.sort();
    assert_eq!(sources, ["long.txt", "short.txt"]);
}
