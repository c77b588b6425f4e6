//! `gongwen panel` on the national reports 1954–2005 (against the labels
//! of tests/gold/national_panel.tsv) and on prov2026, and its errors.

use super::{ingested, json_lines, prov2026, root, run};
use serde_json::Value;

fn national() -> std::path::PathBuf {
    root().join("../shared/corpora/national1954-2005")
}

fn gold() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join("tests/gold/national_panel.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// A JSON number or null as the gold writes it ("" for null).
fn num(v: &Value) -> String {
    v.as_f64().map_or(String::new(), |x| format!("{x}"))
}

/// The GDP panel of `store`, as JSON records.
fn gdp_panel(store: &std::path::Path) -> Vec<Value> {
    let (code, out, err) = run(store, &["panel", "--metric", "gdp", "--json"]);
    assert_eq!(code, 0, "{err}");
    json_lines(&out)
}

#[test]
fn national_gdp_panel_agrees_with_the_labels_for_every_year() {
    let store = ingested(&national());
    let rows = gdp_panel(store.path());
    let gold = gold();
    let years: Vec<String> = rows.iter().map(|r| r["year"].to_string()).collect();
    let want: Vec<String> = gold.iter().map(|g| g[0].clone()).collect();
    assert_eq!(years, want, "one row per labelled year, no other");
    for (r, g) in rows.iter().zip(&gold) {
        let met = match r["met"].as_bool() {
            Some(b) => u8::from(b).to_string(),
            None => String::new(),
        };
        let got = [
            num(&r["target"]),
            num(&r["target_high"]),
            r["target_modifier"].as_str().unwrap_or("").to_string(),
            num(&r["actual"]),
            num(&r["gap"]),
            met,
        ];
        assert_eq!(got[..], g[1..7], "{} {r}", g[0]);
        // The figures are read from the labelled sentences.
        for (text, sentence) in [("target_text", &g[9]), ("actual_text", &g[10])] {
            if let Some(t) = r[text].as_str() {
                let t = t.trim_start_matches("增长");
                assert!(
                    sentence.contains(t.trim()),
                    "{} {text} {t} not in {sentence}",
                    g[0]
                );
            }
        }
    }
}

#[test]
fn prov2026_panel_has_the_2026_targets_as_worded_and_the_2025_outcomes() {
    let store = ingested(&prov2026());
    let rows = gdp_panel(store.path());
    let of = |y: i64| rows.iter().filter(move |r| r["year"] == y);
    assert_eq!(of(2026).filter(|r| !r["target"].is_null()).count(), 31);
    assert_eq!(of(2025).filter(|r| !r["actual"].is_null()).count(), 31);
    let anhui = of(2026).find(|r| r["locality"] == "安徽省").unwrap();
    // 全省生产总值增长5%—5.5%.
    assert_eq!(
        (
            &anhui["target"],
            &anhui["target_high"],
            &anhui["target_modifier"]
        ),
        (&Value::from(5.0), &Value::from(5.5), &Value::from("range"))
    );
    // Wide: one row per locality and year, for Stata's xtset.
    let (code, out, _) = run(
        store.path(),
        &[
            "panel", "--metric", "gdp", "--wide", "--csv", "--from", "2026",
        ],
    );
    assert_eq!(code, 0);
    let mut lines = out.lines();
    let head = lines.next().unwrap();
    assert!(head.starts_with("locality,year,gdp_target,gdp_target_high,gdp_target_modifier,gdp_actual,gdp_gap,gdp_met"), "{head}");
    assert_eq!(lines.count(), 31);
}

#[test]
fn panel_refuses_bad_years_unknown_metrics_and_an_empty_store() {
    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["panel", "--from", "2026", "--to", "2025"]);
    assert_eq!(code, 2);
    assert!(err.contains("--from 2026 is after --to 2025"), "{err}");
    let (code, _, err) = run(store.path(), &["panel", "--metric", "gpd"]);
    assert_eq!(code, 2);
    assert!(err.contains("gpd"), "{err}");
    let (code, _, err) = run(store.path(), &["panel"]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.is_empty());
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        store.path(),
        &["ingest", empty.path().to_str().unwrap(), "-q"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(store.path(), &["panel"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("holds no documents"), "{err}");
}

/// The panel read selectively from the store (short columns, then the
/// texts of the rows chosen) shows what the panel of all indicators in
/// memory shows, long and wide.
#[test]
fn the_selective_read_gives_the_panel_of_all_indicators() {
    use gongwen::frames;
    use gongwen::report::panel::{self, Query};
    use gongwen::report::tables;
    for corpus in [national(), prov2026()] {
        let store = ingested(&corpus);
        let gen = gongwen::store::Store::new(store.path()).current().unwrap();
        let docs = frames::read_documents(gen.dir(), false).unwrap();
        let all = frames::read_indicators(gen.dir()).unwrap();
        for query in [
            Query::default(),
            Query {
                metrics: vec!["gnp".into()],
                ..Query::default()
            },
        ] {
            let read = panel::read(gen.dir(), &docs, &query).unwrap();
            assert!(!read.is_empty() || query.metrics == ["gnp"]);
            let whole = panel::panel(&docs, &all, &query);
            let shown = |rows: &[panel::PanelRow]| (tables::panel(rows), tables::panel_wide(rows));
            assert_eq!(shown(&read), shown(&whole), "{}", corpus.display());
        }
        // Rows far apart, out of order and twice: each gets its own texts.
        let n = all.len();
        let at = [n - 1, 0, 1, 0, n - 2];
        let mut rows = vec![frames::IndicatorRow::default(); at.len()];
        frames::fill_indicators(gen.dir(), &at, &mut rows, &["text", "sentence", "value"]).unwrap();
        for (r, &i) in rows.iter().zip(&at) {
            assert_eq!(
                (&r.text, &r.sentence, r.value),
                (&all[i].text, &all[i].sentence, all[i].value)
            );
        }
        assert!(
            n > 4096 || corpus == national(),
            "prov2026 spans slices: {n} rows"
        );
    }
}
