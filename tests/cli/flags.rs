//! Flags checked before anything runs, the filters `indicators` shares with
//! `compare`, and the exit codes the README promises (0 ok, 1 nothing
//! found, 2 error), tried as a new user would.

use super::{gongwen, ingested, json_lines, prov2026, run, seed_dir};
use std::fs;
use std::path::Path;
use std::sync::LazyLock;

static SEED: LazyLock<tempfile::TempDir> = LazyLock::new(|| ingested(&seed_dir()));
/// Beijing's 2026 report alone: actual 2025 figures and 2026 targets.
static BEIJING: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| ingested(&prov2026().join("2026_北京市_政府工作报告.csv")));

fn texts(rows: &[serde_json::Value]) -> Vec<&str> {
    rows.iter().map(|r| r["text"].as_str().unwrap()).collect()
}

fn entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn run_without_a_corpus_stops_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen()
        .arg("run")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no corpus at corpus: no such file or folder"),
        "{err}"
    );
    assert!(err.contains("gongwen run FOLDER"), "{err}");
    assert_eq!(
        entries(dir.path()),
        Vec::<String>::new(),
        "no store, no reports"
    );
}

#[test]
fn ingesting_a_mistyped_corpus_leaves_the_store_as_it_was() {
    let store = ingested(&seed_dir());
    let (code, _, err) = run(store.path(), &["ingest", "/nonexistent/gongwen-korpus"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no corpus at /nonexistent/gongwen-korpus"),
        "{err}"
    );
    let (code, out, _) = run(store.path(), &["docs", "--json"]);
    assert_eq!((code, json_lines(&out).len()), (0, 5));
}

#[test]
fn docs_on_an_empty_store_finds_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let store = ingested(empty.path());
    for args in [vec!["docs"], vec!["docs", "--json"]] {
        let (code, out, err) = run(store.path(), &args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains("holds no documents"), "{err}");
    }
    let (code, _, err) = run(store.path(), &["docs", "-q"]);
    assert_eq!((code, err.as_str()), (1, ""), "-q keeps the note back");
}

#[test]
fn indicators_filter_by_status_and_year_as_compare_does() {
    let store = BEIJING.path();
    let base = [
        "indicators",
        "--json",
        "--metric",
        "gdp",
        "--kind",
        "growth",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(extra);
        let (code, out, err) = run(store, &args);
        assert!(code <= 1, "{err}");
        json_lines(&out)
    };
    let targets = with(&["--status", "target"]);
    assert_eq!(texts(&targets), ["增长5%左右"]);
    assert_eq!(targets[0]["year"], 2026);
    let actual_2025 = with(&["--status", "actual", "--year", "2025"]);
    assert_eq!(texts(&actual_2025), ["增长5.4%"]);
    let all_2025 = with(&["--year", "2025"]);
    assert!(
        all_2025.len() > actual_2025.len(),
        "average and comparison too"
    );
    assert!(all_2025.iter().all(|r| r["year"] == 2025));
    assert!(with(&["--status", "criterion"]).is_empty());
    // Repeated, a filter lets any of its values through.
    let both = with(&["--status", "target", "--status", "actual", "--year", "2025"]);
    assert_eq!(texts(&both), ["增长5.4%"], "the target is for 2026");
    let both = with(&["--status", "target", "--status", "actual"]);
    assert!(texts(&both).contains(&"增长5%左右"), "{both:?}");
    assert!(texts(&both).contains(&"增长5.4%"), "{both:?}");
    assert!(both
        .iter()
        .all(|r| r["status"] == "target" || r["status"] == "actual"));
    // compare picks its figure from the same rows.
    let (_, out, _) = run(
        store,
        &["compare", "--json", "--metric", "gdp", "--year", "2025"],
    );
    assert_eq!(json_lines(&out)[0]["growth"], 5.4);
}

#[test]
fn kind_and_status_take_the_listed_values_in_any_case() {
    let store = BEIJING.path();
    let (code, out, _) = run(
        store,
        &["indicators", "--metric", "gdp", "--status", "Target"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("增长5%左右"), "{out}");
    let (code, _, err) = run(store, &["indicators", "--kind", "rate"]);
    assert_eq!(code, 2);
    assert!(err.contains("growth") && err.contains("measure"), "{err}");
    let (code, _, err) = run(store, &["compare", "--status", "planned"]);
    assert_eq!(code, 2);
    assert!(err.contains("target") && err.contains("criterion"), "{err}");
}

#[test]
fn metric_ids_are_case_insensitive_and_unknown_ones_are_listed() {
    let store = SEED.path();
    let (code, lower, _) = run(store, &["indicators", "--json", "--metric", "gdp"]);
    let (_, upper, _) = run(store, &["indicators", "--json", "--metric", "GDP"]);
    assert_eq!(code, 0);
    assert!(texts(&json_lines(&upper)).contains(&"120550万元"));
    assert_eq!(lower, upper);
    let (code, out, _) = run(store, &["compare", "--json", "--metric", "Fiscal_Revenue"]);
    assert_eq!(code, 0);
    assert_eq!(json_lines(&out)[0]["metric"], "fiscal_revenue");
    for cmd in ["indicators", "compare"] {
        let (code, _, err) = run(store, &[cmd, "--metric", "GPD"]);
        assert_eq!(code, 2, "{cmd}");
        assert!(err.contains("unknown metric \"GPD\""), "{err}");
        assert!(
            err.contains("gdp, ") && err.contains("unemployment_rate"),
            "{err}"
        );
    }
}

#[test]
fn a_dedup_threshold_below_the_floor_is_refused_not_raised() {
    let store = SEED.path();
    let (code, _, err) = run(store, &["dedup", "--threshold", "0.2"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--threshold 0.2") && err.contains("0.3"),
        "{err}"
    );
    let (code, out, _) = run(store, &["dedup", "--threshold", "0.3", "--json"]);
    assert_eq!(
        (code, json_lines(&out).len()),
        (0, 1),
        "the seed's one pair"
    );
    let (code, _, _) = run(store, &["dedup", "--threshold", "0.99"]);
    assert_eq!(code, 1, "its containment is 0.985");
    let help = gongwen().args(["dedup", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("from 0.3") && help.contains("default: 0.5"),
        "{help}"
    );
}

#[test]
fn bom_starts_csv_on_stdout_for_excel_and_needs_csv() {
    let store = BEIJING.path();
    let (code, with, err) = run(store, &["compare", "--csv", "--bom"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        with.starts_with("\u{feff}locality,metric,year,status"),
        "{with}"
    );
    let (_, without, _) = run(store, &["indicators", "--csv"]);
    assert!(without.starts_with("doc_id,title"), "{without}");
    let (_, bom, _) = run(store, &["indicators", "--csv", "--bom"]);
    assert_eq!(bom, format!("\u{feff}{without}"));
    let (code, _, err) = run(store, &["compare", "--bom"]);
    assert_eq!(code, 2, "--bom without --csv: {err}");
    assert!(err.contains("--csv"), "{err}");
}
