//! `gongwen compare` and `gongwen report` on the seed and on prov2026: the
//! figures a researcher cites, the tables and charts of the report page.

use super::{ingested, json_lines, prov2026, root, run, seed_dir};
use std::collections::HashMap;
use std::path::Path;

/// The contract's fields of a compare row.
const FIELDS: [&str; 11] = [
    "locality",
    "metric",
    "year",
    "status",
    "value",
    "unit",
    "normalized_value",
    "growth",
    "growth_unit",
    "doc_id",
    "text",
];

fn compare_json(store: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["compare", "--json"];
    all.extend(args);
    let (code, out, err) = run(store, &all);
    assert_eq!(code, 0, "compare failed: {err}");
    json_lines(&out)
}

fn row<'a>(rows: &'a [serde_json::Value], metric: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["locality"] == "合山市" && r["metric"] == metric)
        .unwrap_or_else(|| panic!("no 合山市 {metric} row"))
}

#[test]
fn seed_compare_gives_heshan_figures_with_their_growth() {
    let store = ingested(&seed_dir());
    let rows = compare_json(store.path(), &[]);
    for r in &rows {
        for f in FIELDS {
            assert!(r.get(f).is_some(), "missing {f} in {r}");
        }
    }
    let gdp = row(&rows, "gdp");
    assert_eq!(gdp["value"], 120550.0);
    assert_eq!(gdp["unit"], "万元");
    assert_eq!(gdp["normalized_value"], 1205500000.0);
    assert_eq!(gdp["growth"], 12.8);
    assert_eq!(gdp["growth_unit"], "%");
    assert_eq!(gdp["text"], "120550万元");
    // The first-months figure (41769万元, +21.8%) was the other candidate.
    assert_eq!(gdp["value_candidates"], 2);
    let fiscal = row(&rows, "fiscal_revenue");
    assert_eq!(
        (fiscal["value"].as_f64(), fiscal["growth"].as_f64()),
        (Some(16536.0), Some(30.23))
    );
    let retail = row(&rows, "retail_sales");
    assert_eq!(
        (retail["value"].as_f64(), retail["growth"].as_f64()),
        (Some(17444.0), Some(16.8))
    );
    let rural = row(&rows, "rural_income");
    assert_eq!(
        (rural["value"].as_f64(), rural["growth"].as_f64()),
        (Some(1895.0), Some(9.9))
    );
}

#[test]
fn seed_wide_table_reads_as_a_paper_table() {
    let store = ingested(&seed_dir());
    let (code, out, _) = run(
        store.path(),
        &[
            "compare",
            "--wide",
            "--metric",
            "gdp",
            "--metric",
            "fiscal_revenue",
            "--metric",
            "retail_sales",
            "--metric",
            "rural_income",
        ],
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("seed_compare_wide", out);
    let (_, md, _) = run(
        store.path(),
        &["compare", "--wide", "--md", "--metric", "gdp"],
    );
    assert!(md.contains("| 合山市 | - | 120550万元 (+12.8%) |"), "{md}");
}

#[test]
fn compare_formats_and_errors() {
    let store = ingested(&seed_dir());
    let (_, csv, _) = run(store.path(), &["compare", "--csv", "--metric", "gdp"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with(
        "locality,metric,year,status,value,unit,normalized_value,growth,growth_unit,doc_id,text"
    ));
    assert!(lines
        .next()
        .unwrap()
        .starts_with("合山市,gdp,,actual,120550,万元,1205500000,12.8,%,"));
    let wide = compare_json(store.path(), &["--wide", "--metric", "gdp"]);
    assert_eq!(wide.len(), 1);
    assert_eq!(wide[0]["gdp_growth"], 12.8);
    let (code, _, err) = run(store.path(), &["compare", "--metric", "nonsense"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown metric"), "{err}");
    let (code, _, _) = run(store.path(), &["compare", "--metric", "trade"]);
    assert_eq!(code, 1, "no locality states trade");
}

fn gold() -> HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(root().join("tests/gold/prov2026_gdp.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("province"))
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(String::from).collect();
            (f[0].clone(), f)
        })
        .collect()
}

/// How many provinces' growth equals the gold table's column `col`, of
/// those the gold table gives one for.
fn matching(rows: &[serde_json::Value], col: usize) -> (usize, usize) {
    let gold = gold();
    let expected: Vec<(&String, f64)> = gold
        .iter()
        .filter_map(|(p, f)| Some((p, f[col].parse::<f64>().ok()?)))
        .collect();
    let hits = expected
        .iter()
        .filter(|(p, g)| {
            rows.iter()
                .any(|r| r["locality"] == p.as_str() && r["growth"].as_f64() == Some(*g))
        })
        .count();
    (hits, expected.len())
}

#[test]
fn prov2026_gdp_growth_matches_the_gold_table() {
    let store = ingested(&prov2026());
    let actual = compare_json(store.path(), &["--metric", "gdp"]);
    assert_eq!(actual.len(), 31);
    assert!(actual
        .iter()
        .all(|r| r["year"] == 2025 && r["status"] == "actual"));
    let (hits, n) = matching(&actual, 1);
    assert!(hits >= 30 && n == 31, "actual: {hits}/{n}");
    let target = compare_json(store.path(), &["--metric", "gdp", "--status", "target"]);
    assert!(target.iter().all(|r| r["year"] == 2026));
    let (hits, n) = matching(&target, 3);
    assert!(hits >= 30, "target: {hits}/{n}");
    let (code, out, _) = run(store.path(), &["compare", "--metric", "gdp"]);
    assert_eq!(code, 0);
    let first = out.lines().nth(1).unwrap();
    assert!(
        first.starts_with("西藏自治区"),
        "sorted by growth, highest first: {first}"
    );
}

#[test]
fn prov2026_wide_csv_keeps_ranges_modifiers_and_candidates() {
    let store = ingested(&prov2026());
    let args = [
        "compare", "--metric", "gdp", "--status", "target", "--wide", "--csv",
    ];
    let (code, out, err) = run(store.path(), &args);
    assert_eq!(code, 0, "{err}");
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let head = rows.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).expect(name);
    let anhui = rows
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "安徽省")
        .unwrap();
    // 全省地区生产总值增长5%—5.5%.
    assert_eq!(&anhui[col("gdp_growth")], "5");
    assert_eq!(&anhui[col("gdp_growth_high")], "5.5");
    assert_eq!(&anhui[col("gdp_growth_modifier")], "range");
    // Figures and targets in one table: a row per locality and status.
    let args = [
        "compare", "--metric", "gdp", "--status", "actual", "--status", "target", "--wide", "--csv",
    ];
    let (code, out, err) = run(store.path(), &args);
    assert_eq!(code, 0, "{err}");
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let head = rows.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).expect(name);
    let anhui: Vec<Vec<String>> = rows
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "安徽省")
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let cells = |r: &Vec<String>| {
        let c = |n: &str| r[col(n)].clone();
        (c("year"), c("status"), c("gdp_growth"))
    };
    let got: Vec<_> = anhui.iter().map(cells).collect();
    // 全省生产总值增长5.5% in 2025; 5%—5.5% set for 2026.
    let want = [("2025", "actual", "5.5"), ("2026", "target", "5")];
    let want: Vec<_> = want
        .iter()
        .map(|(y, s, g)| (y.to_string(), s.to_string(), g.to_string()))
        .collect();
    assert_eq!(got, want);
    // Every statement a cell was chosen from, and which it took.
    let cands = compare_json(store.path(), &["--metric", "gdp", "--candidates"]);
    assert!(cands.len() > 31, "some cells had several statements");
    for row in compare_json(store.path(), &["--metric", "gdp"]) {
        let cell: Vec<_> = cands
            .iter()
            .filter(|r| r["locality"] == row["locality"])
            .collect();
        let growth: Vec<_> = cell.iter().filter(|r| r["chosen"] == "growth").collect();
        assert_eq!(
            growth.len(),
            usize::from(!row["growth"].is_null()),
            "{cell:?}"
        );
        if let Some(g) = growth.first() {
            assert_eq!(g["value"], row["growth"]);
        }
    }
}

#[test]
fn prov2026_empty_cells_show_what_was_found_instead() {
    let store = ingested(&prov2026());
    let metrics = ["--metric", "trade", "--metric", "disposable_income"];
    let cells = compare_json(store.path(), &metrics);
    let has = |loc: &str, metric: &str| {
        cells
            .iter()
            .any(|r| r["locality"] == loc && r["metric"] == metric)
    };
    // 天津: only 出口增长10.1%; 浙江: only 城镇和农村居民人均可支配收入分别增长
    // 4.3%、5.5%. Neither is the whole, so both cells stay empty.
    assert!(!has("天津市", "trade") && !has("浙江省", "disposable_income"));
    // Where the whole is stated, it fills the cell: 陕西 居民人均可支配收入增长5.6％.
    assert!(has("陕西省", "disposable_income") && has("陕西省", "trade"));
    let mut args = metrics.to_vec();
    args.push("--candidates");
    let found = compare_json(store.path(), &args);
    let instead = |loc: &str, metric: &str| -> Vec<(String, f64)> {
        found
            .iter()
            .filter(|r| r["locality"] == loc && r["metric"] == metric)
            .map(|r| {
                assert_eq!(r["chosen"], "instead", "{r}");
                let of = r["statement_metric"].as_str().unwrap_or("").to_string();
                (of, r["value"].as_f64().unwrap_or(f64::NAN))
            })
            .collect()
    };
    assert!(instead("天津市", "trade").contains(&("exports".into(), 10.1)));
    let zhejiang = instead("浙江省", "disposable_income");
    assert!(
        zhejiang.contains(&("rural_income".into(), 5.5)),
        "{zhejiang:?}"
    );
}

#[test]
fn prov2026_locality_filter_and_year() {
    let store = ingested(&prov2026());
    let rows = compare_json(store.path(), &["--metric", "gdp", "--locality", "北京"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["locality"], "北京市");
    assert_eq!(rows[0]["growth"], 5.4);
    let avg = compare_json(store.path(), &["--metric", "gdp", "--status", "average"]);
    let (hits, n) = matching(&avg, 2);
    assert!(hits + 1 >= n, "average 2021–2025: {hits}/{n}");
    let y2030 = compare_json(
        store.path(),
        &["--metric", "gdp", "--status", "average", "--year", "2030"],
    );
    assert!(!y2030.is_empty() && y2030.iter().all(|r| r["year"] == 2030));
}

/// The part of `html` from `start` to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn prov2026_report_has_a_31_bar_gdp_chart_and_31_row_wide_table() {
    let store = ingested(&prov2026());
    let out = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        store.path(),
        &["report", "--out", out.path().to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let chart = between(&html, "id=\"chart-gdp\"", "</svg>");
    assert_eq!(chart.matches("<rect").count(), 31);
    assert_eq!(chart.matches("<title>").count(), 31);
    let wide = between(&html, "<table class=\"wide\">", "</table>");
    assert_eq!(
        between(wide, "<tbody>", "</tbody>").matches("<tr>").count(),
        31
    );
    assert!(wide.contains("西藏自治区"));
}

#[test]
fn seed_report_is_complete_self_contained_and_deterministic() {
    let store = ingested(&seed_dir());
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        let (code, _, err) = run(
            store.path(),
            &["report", "--out", dir.path().to_str().unwrap(), "-q"],
        );
        assert_eq!(code, 0, "{err}");
    }
    for name in [
        "index.html",
        "compare.md",
        "compare.csv",
        "indicators.csv",
        "documents.csv",
        "documents.md",
        "localities.md",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap_or_else(|_| panic!("no {name}"));
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between two runs");
        let text = String::from_utf8(x).unwrap();
        assert!(
            !text.contains(store.path().to_str().unwrap()),
            "{name} names the store"
        );
        if name.ends_with(".csv") {
            assert!(text.starts_with('\u{feff}'), "{name} has no BOM");
        }
    }
    let html = std::fs::read_to_string(a.path().join("index.html")).unwrap();
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    assert_eq!(
        html.matches("http").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(html.contains("120550万元"));
    let places = between(&html, "<section id=\"localities\">", "</section>");
    for place in [
        "合山市",
        "佳木斯市",
        "哈尔滨市",
        "瓮安县",
        "嘉善县",
        "许昌市",
    ] {
        assert!(
            places.contains(&format!("<h3>{place}</h3>")),
            "{place} not listed"
        );
    }
    assert!(places.contains("“五大访”"), "what is said of 瓮安县");
}

#[test]
fn seed_localities_report_says_what_is_said_of_each() {
    let store = ingested(&seed_dir());
    let out = tempfile::tempdir().unwrap();
    run(
        store.path(),
        &["report", "--out", out.path().to_str().unwrap(), "-q"],
    );
    let md = std::fs::read_to_string(out.path().join("localities.md")).unwrap();
    let jiashan = between(&md, "## 嘉善县", "\n\n## ");
    insta::assert_snapshot!("seed_localities_jiashan", jiashan);
}
