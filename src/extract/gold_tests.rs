//! Tests against hand-labelled data: precision and recall on the seed
//! document's gold file, and GDP figures of the 31 provincial 2026 reports.

use std::path::{Path, PathBuf};

use super::{DocInput, Extractor, Indicator, Kind, Status};

const SEED: &str = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
const SEED_GOLD: &str = include_str!("../../tests/gold/seed_indicators.tsv");
const PROV_GOLD: &str = include_str!("../../tests/gold/prov2026_gdp.tsv");

/// One gold row: span, kind, value, unit, locality.
struct Gold {
    start: usize,
    end: usize,
    kind: Kind,
    value: Option<f64>,
    unit: Option<String>,
    locality: String,
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Rows of a gold TSV with a header line, `#` comments skipped.
fn rows(tsv: &str) -> Vec<Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

fn seed_gold() -> Vec<Gold> {
    rows(SEED_GOLD)
        .into_iter()
        .map(|r| Gold {
            start: r[0].parse().unwrap(),
            end: r[0].parse::<usize>().unwrap() + r[1].len(),
            kind: r[2].parse().unwrap(),
            value: opt(r[3]).map(|v| v.parse().unwrap()),
            unit: opt(r[5]).map(str::to_string),
            locality: r[9].to_string(),
        })
        .collect()
}

/// The seed's articles (lines starting 第X篇) as (offset, text).
fn articles(text: &str) -> Vec<(usize, &str)> {
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('第') && line.contains("篇:") {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|w| (w[0], &text[w[0]..w[1]]))
        .collect()
}

/// Every indicator of the seed, offsets shifted to the whole file.
fn seed_indicators() -> Vec<Indicator> {
    let mut out = Vec::new();
    for (offset, article) in articles(SEED) {
        for mut i in Extractor::global().extract(&DocInput::plain(article)) {
            assert_eq!(&article[i.start..i.end], i.text);
            (i.start, i.end) = (i.start + offset, i.end + offset);
            out.push(i);
        }
    }
    out
}

fn matches(g: &Gold, i: &Indicator) -> bool {
    i.start < g.end && g.start < i.end && i.kind == g.kind && i.value == g.value && i.unit == g.unit
}

/// (precision, recall, matched pairs) over the records of `kinds`.
fn score<'a>(
    gold: &'a [Gold],
    found: &'a [Indicator],
    kinds: &[Kind],
) -> (f64, f64, Vec<(&'a Gold, &'a Indicator)>) {
    let gold: Vec<&Gold> = gold.iter().filter(|g| kinds.contains(&g.kind)).collect();
    let found: Vec<&Indicator> = found.iter().filter(|i| kinds.contains(&i.kind)).collect();
    let pairs: Vec<(&Gold, &Indicator)> = gold
        .iter()
        .filter_map(|g| found.iter().find(|i| matches(g, i)).map(|i| (*g, *i)))
        .collect();
    let correct = found
        .iter()
        .filter(|i| gold.iter().any(|g| matches(g, i)))
        .count();
    let precision = correct as f64 / found.len().max(1) as f64;
    let recall = pairs.len() as f64 / gold.len().max(1) as f64;
    (precision, recall, pairs)
}

#[test]
fn seed_precision_and_recall() {
    let gold = seed_gold();
    let found = seed_indicators();
    let numeric = [Kind::Growth, Kind::Amount, Kind::Count, Kind::Ratio];
    let (p, r, pairs) = score(&gold, &found, &numeric);
    let located = pairs
        .iter()
        .filter(|(g, i)| i.locality.as_deref() == Some(g.locality.as_str()))
        .count();
    let (mp, mr, _) = score(&gold, &found, &[Kind::Measure]);
    println!(
        "seed numeric: precision {p:.3} recall {r:.3}; locality {located}/{}",
        pairs.len()
    );
    println!("seed measures: precision {mp:.3} recall {mr:.3}");
    assert!(p >= 0.95, "precision {p:.3}");
    assert!(r >= 0.90, "recall {r:.3}");
    assert!(
        located as f64 >= 0.95 * pairs.len() as f64,
        "locality {located}/{}",
        pairs.len()
    );
    assert!(mr >= 0.8 && mp >= 0.7, "measures p {mp:.3} r {mr:.3}");
}

#[test]
fn seed_placeholders_are_never_numbers_or_years() {
    let found = seed_indicators();
    assert!(found
        .iter()
        .all(|i| !i.text.contains("XX") && !i.text.contains('~')));
    let figures = found.iter().filter(|i| i.kind != Kind::Measure);
    assert!(figures.clone().count() > 50);
    assert!(
        figures.clone().all(|i| i.year.is_none()),
        "the seed's figures are undated (XX年, ~年)"
    );
    let plan = found
        .iter()
        .find(|i| i.text.starts_with("《哈尔滨市"))
        .expect("harbin plan");
    assert_eq!(plan.year, Some(2002));
    let gdp = reading(&found, "120550万元");
    assert_eq!(gdp.normalized_value, Some(1_205_500_000.0));
    assert_eq!(gdp.metric.as_deref(), Some("gdp"));
    let invest = reading(&found, "2.13亿元");
    assert_eq!(invest.normalized_value, Some(213_000_000.0));
    assert_eq!(invest.normalized_unit.as_deref(), Some("元"));
}

#[test]
fn seed_dialogue_speakers_own_their_figures() {
    let found = seed_indicators();
    let at = |t: &str| reading(&found, t).locality.as_deref();
    assert_eq!(at("91.28%"), Some("嘉善县"));
    assert_eq!(at("235人"), Some("哈尔滨市"));
}

/// The indicator whose text is `text`; the test fails when none is.
fn reading<'a>(found: &'a [Indicator], text: &str) -> &'a Indicator {
    let found = found.iter().find(|i| i.text == text);
    found.unwrap_or_else(|| panic!("no indicator reads {text}"))
}

/// The repository root (the folder holding `src/`), from this file's path.
fn repo_root() -> PathBuf {
    let file = Path::new(file!());
    let here = match file.is_absolute() {
        true => file.to_path_buf(),
        false => Path::new(env!("CARGO_MANIFEST_DIR")).join(file),
    };
    here.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Fields of a CSV record set (RFC 4180 quoting).
fn csv_fields(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// (province, GDP growth records) of every prov2026 report.
fn prov_records() -> Vec<(String, Vec<Indicator>)> {
    let dir = repo_root().join("../shared/corpora/prov2026");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let raw = std::fs::read_to_string(&path).unwrap();
        let rows = csv_fields(raw.trim_start_matches('\u{feff}'));
        let (header, row) = (&rows[0], &rows[1]);
        let col = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        let doc = DocInput {
            text: col("full_text"),
            norm: None,
            sections: None,
            locality: Some(col("province")),
            year: col("year").parse().ok(),
        };
        let found = Extractor::global().extract(&doc);
        assert!(found
            .iter()
            .all(|i| doc.text.get(i.start..i.end) == Some(i.text.as_str())));
        let gdp = found
            .into_iter()
            .filter(|i| i.metric.as_deref() == Some("gdp") && i.kind == Kind::Growth);
        out.push((col("province").clone(), gdp.collect()));
    }
    out
}

fn has(records: &[Indicator], status: Status, year: Option<i32>, value: f64) -> Option<&Indicator> {
    records.iter().find(|i| {
        i.status == status && (year.is_none() || i.year == year) && i.value == Some(value)
    })
}

#[test]
fn prov2026_gdp_growth_actual_average_target_and_gaps() {
    let records = prov_records();
    assert_eq!(records.len(), 31);
    let (mut actual, mut target, mut average, mut gaps) = ((0, 0), (0, 0), (0, 0), (0, 0));
    for row in rows(PROV_GOLD) {
        let (_, found) = records.iter().find(|(p, _)| p == row[0]).expect(row[0]);
        let num = |s: &str| opt(s).map(|v| v.parse::<f64>().unwrap());
        actual.1 += 1;
        if let Some(i) = has(found, Status::Actual, Some(2025), num(row[1]).unwrap()) {
            actual.0 += 1;
            assert_eq!(i.locality.as_deref(), Some(row[0]));
        }
        target.1 += 1;
        let t = has(found, Status::Target, Some(2026), num(row[3]).unwrap());
        let modifier = opt(row[5]).map(|m| m.parse().unwrap());
        if t.is_some_and(|t| t.value_high == num(row[4]) && t.modifier == modifier) {
            target.0 += 1;
        }
        if let Some(avg) = num(row[2]) {
            average.1 += 1;
            average.0 += has(found, Status::Average, None, avg).is_some() as usize;
        }
        if let Some(gap) = num(row[6]) {
            gaps.1 += 1;
            let g = has(found, Status::Comparison, None, gap.abs());
            let down = g.is_some_and(|g| g.direction == Some(super::Direction::Down));
            gaps.0 += (g.is_some() && down == (gap < 0.0)) as usize;
        }
    }
    println!("prov2026 gdp: actual {actual:?} target {target:?} average {average:?} gaps {gaps:?}");
    assert!(actual.0 >= 30, "actual 2025 growth for {}/31", actual.0);
    assert!(target.0 >= 29, "2026 targets {target:?}");
    assert!(average.0 * 10 >= average.1 * 9, "averages {average:?}");
    assert!(gaps.0 == gaps.1, "gaps {gaps:?}");
}

/// JioNLP's money cases that fit official documents
/// (tests/gold/money_cases.tsv): the sum in base units, and the high end of
/// a range or vague amount, exactly.
#[test]
fn money_ranges_vague_and_formal_numerals() {
    let cases = rows(include_str!("../../tests/gold/money_cases.tsv"));
    let mut missed = Vec::new();
    for case in &cases {
        let (text, value, high) = (case[0], case[1], opt(case[2]));
        let found = Extractor::global().extract(&DocInput::plain(&format!("投入{text}。")));
        let base = |i: &Indicator, v: Option<f64>| {
            let factor = match (i.normalized_value, i.value) {
                (Some(n), Some(v)) if v != 0.0 => n / v,
                _ => 1.0,
            };
            v.map(|v| v * factor)
        };
        let want = |s: &str| s.parse::<f64>().unwrap();
        let exact = found.iter().any(|i| {
            i.kind == Kind::Amount
                && base(i, i.value) == Some(want(value))
                && base(i, i.value_high) == high.map(want)
        });
        if !exact {
            missed.push(format!("{text}: {found:?}"));
        }
    }
    assert!(cases.len() >= 32);
    assert!(
        missed.is_empty(),
        "{} of {} missed: {missed:#?}",
        missed.len(),
        cases.len()
    );
}
