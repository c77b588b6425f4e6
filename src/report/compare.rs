//! The comparison table: one row per locality, status and metric, for the
//! statuses asked for (actual figures by default; actual and target side
//! by side when both are asked for) and one year per locality and status,
//! built from the indicators table.
//!
//! A row joins an *amount* (kind `amount`, `count` or `ratio`: the value) and
//! a *growth* of the same metric, locality, year and status. A row may have
//! only a growth (`value` null) or only a value (`growth` null).
//!
//! **Selection rule.** When a locality states a metric more than once for
//! the same year and status (a summary and a detail, a whole year and its
//! first months, a sub-region, a five-year total), one figure is chosen and
//! the number of candidates is kept in `value_candidates` and
//! `growth_candidates`:
//! - only statements of the year's period and of the locality as a whole
//!   are candidates: extraction gives five-year figures, months, quarters
//!   and parts (sub-regions, sub-populations, 出口 for 进出口) their own
//!   period, metric or none (see [`crate::extract`]);
//! - the value: exact figures before approximate or bounded ones (约, 超过);
//!   then one stated alongside a growth in the same sentence; then the
//!   first in document order;
//! - the growth: exact before approximate; then the first in document
//!   order (a report states a year's figures first where it reviews the
//!   year).
//!
//! The choice never looks at the values themselves, nor at other
//! localities': `compare --candidates` lists every statement a cell was
//! chosen from.
//!
//! **Year.** `--year` selects a year; by default each locality's own
//! reporting year is used: of the years its statements of that status refer
//! to, the one nearest the year of its documents (a 2026 report: 2025 for
//! actual figures, 2026 for targets, the 2021–2025 average rather than the
//! 2030 plan), then the one most statements refer to, then the latest;
//! statements without a year only when it states none.

use crate::error::Result;
use crate::extract::{Direction, Kind, Modifier, Status};
use crate::frames::{self, DocRow, IndicatorRow};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Metric ids, in column order; empty: every metric that has figures.
    pub metrics: Vec<String>,
    /// The statuses of the statements compared, in row order (each is
    /// compared on its own; never empty: empty means actual).
    pub statuses: Vec<Status>,
    /// One year for every locality; None: each locality's reporting year.
    pub year: Option<i32>,
    /// Only localities within this place (北京 = 北京市).
    pub locality: Option<String>,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            metrics: Vec::new(),
            statuses: vec![Status::Actual],
            year: None,
            locality: None,
        }
    }
}

/// One locality's figure for one metric: the statement its value is read
/// from and the one its growth is read from (at least one of the two), and
/// how many there were of each. The contract's fields are read from these
/// (see [`super::tables::comparison`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    pub locality: String,
    pub metric: String,
    pub status: Status,
    /// The amount, count or ratio chosen.
    pub value_from: Option<IndicatorRow>,
    /// The growth chosen.
    pub growth_from: Option<IndicatorRow>,
    pub value_candidates: usize,
    pub growth_candidates: usize,
    /// Every statement the cell was chosen from, in document order.
    pub candidates: Vec<IndicatorRow>,
}

impl CompareRow {
    /// The statement the row is read from: the value's, else the growth's.
    pub fn main(&self) -> Option<&IndicatorRow> {
        self.value_from.as_ref().or(self.growth_from.as_ref())
    }

    /// The year the figures refer to.
    pub fn year(&self) -> Option<i32> {
        self.main().and_then(|m| m.year)
    }

    pub fn value(&self) -> Option<f64> {
        self.value_from.as_ref().and_then(|v| v.value)
    }

    /// The value in base units (元, 人).
    pub fn normalized_value(&self) -> Option<f64> {
        self.value_from.as_ref().and_then(|v| v.normalized_value)
    }

    /// Signed: a stated fall (下降3.3%) is -3.3.
    pub fn growth(&self) -> Option<f64> {
        self.growth_from.as_ref().and_then(signed)
    }

    pub fn modifier(&self) -> Option<Modifier> {
        self.value_from.as_ref().and_then(modifier)
    }

    pub fn growth_modifier(&self) -> Option<Modifier> {
        self.growth_from.as_ref().and_then(modifier)
    }
}

/// A comparison: its metric columns and rows ordered by locality (the
/// first status's first metric figure, highest first), then status, then
/// metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub metrics: Vec<String>,
    pub statuses: Vec<Status>,
    pub rows: Vec<CompareRow>,
    /// The cells left empty (the locality states no figure of the whole
    /// for its year) where it states something else: rows with neither
    /// value nor growth whose `candidates` are what it states instead, in
    /// document order: the metric's parts (城镇 and 农村 income for all
    /// residents', 出口 for 进出口; see `data/metrics.tsv`) for that year,
    /// and the metric over another period that ends in that year.
    pub missing: Vec<CompareRow>,
}

/// One locality and status with one optional row per metric column.
#[derive(Debug, Clone, PartialEq)]
pub struct WideRow<'a> {
    pub locality: &'a str,
    pub status: Status,
    pub cells: Vec<Option<&'a CompareRow>>,
}

impl Comparison {
    /// The statuses compared, as people read them ("actual, target").
    pub fn status(&self) -> String {
        let names: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
        names.join(", ")
    }

    /// The localities in row order.
    pub fn localities(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.locality.as_str()) {
                out.push(&r.locality);
            }
        }
        out
    }

    /// One row per locality and status, one cell per metric.
    pub fn wide(&self) -> Vec<WideRow<'_>> {
        let mut keys: Vec<(&str, Status)> = Vec::new();
        for r in &self.rows {
            if keys.last() != Some(&(r.locality.as_str(), r.status)) {
                keys.push((&r.locality, r.status));
            }
        }
        keys.into_iter()
            .map(|(l, s)| WideRow {
                locality: l,
                status: s,
                cells: self
                    .metrics
                    .iter()
                    .map(|m| {
                        self.rows
                            .iter()
                            .find(|r| r.locality == l && r.status == s && &r.metric == m)
                    })
                    .collect(),
            })
            .collect()
    }

    /// The rows of one metric, in row order.
    pub fn metric_rows(&self, metric: &str) -> Vec<&CompareRow> {
        self.rows.iter().filter(|r| r.metric == metric).collect()
    }
}

/// Compares the localities of a store generation, reading its documents
/// and indicators (a report, which has them read already, calls [`compare`]).
pub fn compare_store(store_dir: &Path, query: &Query) -> Result<Comparison> {
    let docs = frames::read_documents(store_dir, false)?;
    let indicators = frames::read_indicators(store_dir)?;
    Ok(compare(&docs, &indicators, query))
}

/// Compares the localities of `docs` (in store order) by their
/// `indicators`: each status on its own, then side by side.
pub fn compare(docs: &[DocRow], indicators: &[IndicatorRow], query: &Query) -> Comparison {
    let statuses = if query.statuses.is_empty() {
        vec![Status::Actual]
    } else {
        query.statuses.clone()
    };
    let each: Vec<Comparison> = statuses
        .iter()
        .map(|s| compare_status(docs, indicators, query, *s))
        .collect();
    merge(each)
}

/// Puts the comparisons of several statuses side by side: the metric
/// columns of all (in the order asked for), localities in the order of the
/// first that has them, each locality's statuses in the order asked for.
fn merge(mut each: Vec<Comparison>) -> Comparison {
    if each.len() == 1 {
        return each.remove(0);
    }
    let mut metrics: Vec<String> = Vec::new();
    let mut localities: Vec<String> = Vec::new();
    let mut statuses = Vec::new();
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for c in each {
        missing.extend(c.missing);
        for m in c.metrics {
            if !metrics.contains(&m) {
                metrics.push(m);
            }
        }
        for l in c.rows.iter().map(|r| &r.locality) {
            if !localities.contains(l) {
                localities.push(l.clone());
            }
        }
        statuses.extend(c.statuses);
        rows.extend(c.rows);
    }
    let at = |l: &str| localities.iter().position(|x| x == l);
    let status_at = |s: Status| statuses.iter().position(|x| *x == s);
    let col = |m: &str| metrics.iter().position(|x| x == m);
    // Stable: rows keep their order within a locality, status and metric.
    rows.sort_by_key(|r| (at(&r.locality), status_at(r.status), col(&r.metric)));
    Comparison {
        metrics,
        statuses,
        rows,
        missing,
    }
}

/// The comparison of one status.
fn compare_status(
    docs: &[DocRow],
    indicators: &[IndicatorRow],
    query: &Query,
    status: Status,
) -> Comparison {
    let metrics = metric_ids(query);
    let rank: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.doc_id.as_str(), i))
        .collect();
    let doc_years: HashMap<String, i32> = docs
        .iter()
        .filter_map(|d| Some((d.doc_id.clone(), d.year?)))
        .collect();
    let mut rows: Vec<IndicatorRow> = indicators
        .iter()
        .filter(|r| r.status == status && is_candidate(r, query, &metrics))
        .cloned()
        .collect();
    rows.sort_by(|a, b| order_key(a, &rank).cmp(&order_key(b, &rank)));
    let mut c = from_candidates(rows, &doc_years, query, status, metrics);
    c.missing = missing(&c, indicators, query, status, &doc_years);
    for m in &mut c.missing {
        m.candidates
            .sort_by(|a, b| order_key(a, &rank).cmp(&order_key(b, &rank)));
    }
    c
}

/// The empty cells of `c` (a comparison of `status`) where the locality
/// states a part of the metric or the metric over another period. Every
/// locality with statements of the status counts, also one that fills no
/// cell; its year is its reporting year.
fn missing(
    c: &Comparison,
    indicators: &[IndicatorRow],
    query: &Query,
    status: Status,
    doc_years: &HashMap<String, i32>,
) -> Vec<CompareRow> {
    let table = crate::extract::Extractor::global().metrics();
    let of_status: Vec<&IndicatorRow> = indicators
        .iter()
        .filter(|r| {
            r.status == status
                && r.locality.is_some()
                && query.locality.as_deref().is_none_or(|q| in_locality(q, r))
        })
        .collect();
    let mut out = Vec::new();
    for (l, year) in locality_years(c, &of_status, query.year, doc_years) {
        for m in &c.metrics {
            if c.rows.iter().any(|r| r.locality == l && &r.metric == m) {
                continue;
            }
            let parts = table.parts_of(m);
            let related = |r: &IndicatorRow| {
                r.metric
                    .as_deref()
                    .is_some_and(|x| x == m || parts.contains(&x))
            };
            let found: Vec<IndicatorRow> = of_status
                .iter()
                .filter(|r| {
                    loc(r) == l
                        && related(r)
                        && !matches!(r.kind, Kind::Measure)
                        && (r.year == year || r.period_end == year)
                })
                .map(|r| (*r).clone())
                .collect();
            if !found.is_empty() {
                out.push(CompareRow {
                    locality: l.to_string(),
                    metric: m.clone(),
                    status,
                    value_from: None,
                    growth_from: None,
                    value_candidates: 0,
                    growth_candidates: 0,
                    candidates: found,
                });
            }
        }
    }
    out
}

/// Every locality of `rows` (the comparison's first, in row order) with the
/// year of its cells: the year its filled cells have, else its reporting
/// year (or `year` when one was asked for).
fn locality_years<'a>(
    c: &'a Comparison,
    rows: &[&'a IndicatorRow],
    year: Option<i32>,
    doc_years: &HashMap<String, i32>,
) -> Vec<(&'a str, Option<i32>)> {
    let mut out: Vec<(&str, Option<i32>)> = c
        .localities()
        .into_iter()
        .map(|l| {
            (
                l,
                c.rows
                    .iter()
                    .find(|r| r.locality == l)
                    .and_then(CompareRow::year),
            )
        })
        .collect();
    for r in rows {
        if out.iter().any(|(l, _)| *l == loc(r)) {
            continue;
        }
        let mine = rows.iter().filter(|x| loc(x) == loc(r));
        let years: Vec<Option<i32>> = mine.clone().map(|x| x.year).collect();
        let doc = mine
            .filter_map(|x| doc_years.get(&*x.doc_id).copied())
            .max();
        out.push((loc(r), year.or_else(|| reporting_year(&years, doc))));
    }
    out
}

/// Builds the comparison of `status` from candidate rows (of that status)
/// already in document order; `doc_years` gives the year of each document
/// that states one.
pub fn from_candidates(
    rows: Vec<IndicatorRow>,
    doc_years: &HashMap<String, i32>,
    query: &Query,
    status: Status,
    metrics: Vec<String>,
) -> Comparison {
    let rows: Vec<IndicatorRow> = rows
        .into_iter()
        .filter(|r| query.locality.as_deref().is_none_or(|q| in_locality(q, r)))
        .collect();
    let metrics = if query.metrics.is_empty() {
        metrics
            .into_iter()
            .filter(|m| rows.iter().any(|r| r.metric.as_deref() == Some(m)))
            .collect()
    } else {
        metrics
    };
    let groups = group(&rows, doc_years, query.year);
    let mut out: Vec<CompareRow> = groups
        .iter()
        .filter_map(|((loc, metric), g)| {
            let slot = Slot {
                locality: loc,
                metric,
                status,
            };
            select(&slot, g)
        })
        .collect();
    sort_rows(&mut out, &metrics);
    Comparison {
        metrics,
        statuses: vec![status],
        rows: out,
        missing: Vec::new(),
    }
}

fn in_locality(query: &str, r: &IndicatorRow) -> bool {
    r.locality
        .as_deref()
        .is_some_and(|l| crate::place::same_locality(query, l))
}

/// The metric ids asked for, or every id of the metric table.
fn metric_ids(query: &Query) -> Vec<String> {
    if query.metrics.is_empty() {
        let table = crate::extract::Extractor::global().metrics();
        table.ids().into_iter().map(str::to_string).collect()
    } else {
        query.metrics.clone()
    }
}

/// Rows by locality, then document position in the store, then offset.
fn order_key<'a>(r: &'a IndicatorRow, rank: &HashMap<&str, usize>) -> (&'a str, usize, usize) {
    let doc = rank.get(&*r.doc_id).copied().unwrap_or(usize::MAX);
    (r.locality.as_deref().unwrap_or(""), doc, r.start)
}

/// Whether an indicator row (of a status asked for) can enter the
/// comparison: the metrics and the year asked for, a figure (not a named
/// measure nor a rank) of one year (not five years', nor months'; averages
/// are over years), and a locality.
fn is_candidate(r: &IndicatorRow, query: &Query, metrics: &[String]) -> bool {
    // A year's figure, or an average (which is over years).
    (r.period == crate::extract::Period::Year || r.status == Status::Average)
        && r.metric.as_ref().is_some_and(|m| metrics.contains(m))
        && !matches!(kind(r), Some(Kind::Measure | Kind::Rank))
        && r.locality.is_some()
        && query.year.is_none_or(|y| r.year == Some(y))
}

/// The row's kind, modifier and direction as the library's enums (the
/// store keeps their contract strings); None for a value no code writes.
fn kind(r: &IndicatorRow) -> Option<Kind> {
    Some(r.kind)
}

fn modifier(r: &IndicatorRow) -> Option<Modifier> {
    r.modifier
}

fn direction(r: &IndicatorRow) -> Option<Direction> {
    r.direction
}

type Groups<'a> = BTreeMap<(String, String), Vec<&'a IndicatorRow>>;

/// Candidates by (locality, metric), keeping each locality's year only.
fn group<'a>(
    rows: &'a [IndicatorRow],
    doc_years: &HashMap<String, i32>,
    year: Option<i32>,
) -> Groups<'a> {
    let mut years: BTreeMap<&str, (Vec<Option<i32>>, Option<i32>)> = BTreeMap::new();
    for r in rows {
        let e = years.entry(loc(r)).or_default();
        e.0.push(r.year);
        e.1 = e.1.max(doc_years.get(&*r.doc_id).copied());
    }
    let chosen: HashMap<&str, Option<i32>> = years
        .into_iter()
        .map(|(l, (ys, doc))| (l, year.or_else(|| reporting_year(&ys, doc))))
        .collect();
    let mut groups = Groups::new();
    for r in rows.iter().filter(|r| chosen.get(loc(r)) == Some(&r.year)) {
        let key = (loc(r).to_string(), r.metric.clone().unwrap_or_default());
        groups.entry(key).or_default().push(r);
    }
    groups
}

fn loc(r: &IndicatorRow) -> &str {
    r.locality.as_deref().unwrap_or("")
}

/// Of the `years` statements refer to, the one nearest `doc_year` (the
/// year of the documents), then the one most refer to, then the latest;
/// None when no statement has a year.
pub fn reporting_year(years: &[Option<i32>], doc_year: Option<i32>) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for y in years.iter().flatten() {
        *counts.entry(*y).or_default() += 1;
    }
    let distance = |y: i32| doc_year.map_or(0, |d| (d - y).abs());
    counts
        .into_iter()
        .max_by(|a, b| {
            distance(b.0)
                .cmp(&distance(a.0))
                .then(a.1.cmp(&b.1))
                .then(a.0.cmp(&b.0))
        })
        .map(|(y, _)| y)
}

fn is_growth(r: &IndicatorRow) -> bool {
    kind(r) == Some(Kind::Growth)
}

/// A growth as a signed number (下降3.3% is -3.3).
pub(crate) fn signed(r: &IndicatorRow) -> Option<f64> {
    let v = r.value?;
    Some(if direction(r) == Some(Direction::Down) {
        -v
    } else {
        v
    })
}

/// Whether growth `g` is stated right after amount `a`: same sentence, and
/// no other amount of `amounts` in between.
fn alongside(a: &IndicatorRow, g: &IndicatorRow, amounts: &[&IndicatorRow]) -> bool {
    a.doc_id == g.doc_id
        && a.sentence == g.sentence
        && g.start >= a.end
        && !amounts
            .iter()
            .any(|b| b.doc_id == a.doc_id && b.start >= a.end && b.start < g.start)
}

/// The place of a row in the comparison.
struct Slot<'a> {
    locality: &'a str,
    metric: &'a str,
    status: Status,
}

/// One row from a locality's candidates for one metric.
fn select(slot: &Slot, rows: &[&IndicatorRow]) -> Option<CompareRow> {
    let (growths, amounts): (Vec<&IndicatorRow>, Vec<&IndicatorRow>) =
        rows.iter().partition(|r| is_growth(r));
    let value = pick_value(&amounts, &growths);
    let growth = pick_growth(&growths);
    let mut row = build_row(
        slot,
        Pick {
            row: value,
            candidates: amounts.len(),
        },
        Pick {
            row: growth,
            candidates: growths.len(),
        },
    )?;
    row.candidates = rows.iter().map(|r| (*r).clone()).collect();
    Some(row)
}

/// The statement chosen for a value or a growth, and of how many.
struct Pick<'a> {
    row: Option<&'a IndicatorRow>,
    candidates: usize,
}

/// Exact figures before approximate or bounded ones (约, 超过).
fn exact_first(a: &IndicatorRow, b: &IndicatorRow) -> Ordering {
    a.modifier.is_some().cmp(&b.modifier.is_some())
}

fn pick_value<'a>(
    amounts: &[&'a IndicatorRow],
    growths: &[&IndicatorRow],
) -> Option<&'a IndicatorRow> {
    let paired = |a: &IndicatorRow| growths.iter().any(|g| alongside(a, g, amounts));
    amounts
        .iter()
        .copied()
        .min_by(|a, b| exact_first(a, b).then(paired(b).cmp(&paired(a))))
}

fn pick_growth<'a>(growths: &[&'a IndicatorRow]) -> Option<&'a IndicatorRow> {
    growths.iter().copied().min_by(|a, b| exact_first(a, b))
}

fn build_row(slot: &Slot, value: Pick, growth: Pick) -> Option<CompareRow> {
    value.row.or(growth.row)?;
    Some(CompareRow {
        locality: slot.locality.to_string(),
        metric: slot.metric.to_string(),
        status: slot.status,
        value_from: value.row.cloned(),
        growth_from: growth.row.cloned(),
        value_candidates: value.candidates,
        growth_candidates: growth.candidates,
        candidates: Vec::new(),
    })
}

/// The figure a row is ranked by: its growth, else its normalized value.
pub fn rank_figure(r: &CompareRow, by_growth: bool) -> Option<f64> {
    if by_growth {
        r.growth()
    } else {
        r.normalized_value()
    }
}

/// Orders rows by locality — the first metric's figure, highest first,
/// localities without it last, then by name — and then by metric column.
fn sort_rows(rows: &mut [CompareRow], metrics: &[String]) {
    let first = metrics.first().map(String::as_str).unwrap_or("");
    let by_growth = rows
        .iter()
        .any(|r| r.metric == first && r.growth().is_some());
    let key: HashMap<String, Option<f64>> = rows
        .iter()
        .filter(|r| r.metric == first)
        .map(|r| (r.locality.clone(), rank_figure(r, by_growth)))
        .collect();
    let figure = |l: &str| key.get(l).copied().flatten();
    let col = |m: &str| metrics.iter().position(|x| x == m).unwrap_or(usize::MAX);
    rows.sort_by(|a, b| {
        desc(figure(&a.locality), figure(&b.locality))
            .then_with(|| a.locality.cmp(&b.locality))
            .then_with(|| col(&a.metric).cmp(&col(&b.metric)))
    });
}

/// Highest first, None last.
fn desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::statement;

    #[test]
    fn reporting_year_is_nearest_the_documents_then_most_stated() {
        let ys = [
            Some(2025),
            Some(2025),
            Some(2030),
            Some(2030),
            Some(2030),
            None,
        ];
        assert_eq!(reporting_year(&ys, Some(2026)), Some(2025));
        assert_eq!(reporting_year(&ys, None), Some(2030));
        assert_eq!(
            reporting_year(&[Some(2026), Some(2030)], Some(2026)),
            Some(2026)
        );
        assert_eq!(reporting_year(&[None, None], Some(2026)), None);
    }

    /// A 2025 GDP statement of `loc`, in its own document.
    fn ind(
        loc: &str,
        kind: &str,
        value: f64,
        unit: &str,
        start: usize,
        sentence: &str,
    ) -> IndicatorRow {
        let norm = if unit == "亿元" { value * 1e8 } else { value };
        let mut row = statement(kind, value, unit, &format!("{value}{unit}"), start);
        row.doc_id = format!("doc-{loc}").into();
        row.locality = Some(loc.into());
        row.year = Some(2025);
        row.normalized_value = Some(norm);
        row.end = start + 8;
        row.sentence = sentence.into();
        row
    }

    fn compare_rows(rows: Vec<IndicatorRow>) -> Comparison {
        let q = Query::default();
        from_candidates(
            rows,
            &HashMap::new(),
            &q,
            Status::Actual,
            vec!["gdp".into()],
        )
    }

    #[test]
    fn the_first_statement_wins_whatever_other_localities_state() {
        let mut rows = vec![
            ind("吉林省", "growth", 5.0, "%", 10, "a"),
            ind("吉林省", "amount", 15000.0, "亿元", 100, "b"),
            ind("吉林省", "growth", 19.8, "%", 110, "b"),
        ];
        // Other provinces near the second figure: the choice stays.
        for (i, p) in ["北京市", "上海市", "天津市"].iter().enumerate() {
            rows.push(ind(p, "growth", 19.0 + i as f64 / 10.0, "%", 0, "c"));
        }
        let c = compare_rows(rows);
        let jilin = c.rows.iter().find(|r| r.locality == "吉林省").unwrap();
        assert_eq!((jilin.value(), jilin.growth()), (Some(15000.0), Some(5.0)));
        assert_eq!((jilin.value_candidates, jilin.growth_candidates), (1, 2));
        assert_eq!(c.localities()[0], "天津市", "highest growth first");
    }

    #[test]
    fn value_is_exact_then_the_one_stated_with_a_growth_then_the_first() {
        let mut over = ind("湖北省", "amount", 60000.0, "亿元", 10, "a");
        over.modifier = Some(Modifier::MoreThan);
        let c = compare_rows(vec![
            over,
            ind("湖北省", "amount", 62661.0, "亿元", 30, "a"),
            ind("湖北省", "amount", 38000.0, "亿元", 90, "b"),
        ]);
        assert_eq!(c.rows[0].value(), Some(62661.0));
        let c = compare_rows(vec![
            ind("合山市", "amount", 41769.0, "万元", 5, "c"),
            ind("合山市", "amount", 120550.0, "万元", 10, "a"),
            ind("合山市", "growth", 12.8, "%", 20, "a"),
            ind("合山市", "amount", 41769.0, "万元", 90, "b"),
            ind("合山市", "growth", 21.8, "%", 100, "b"),
        ]);
        assert_eq!(
            (c.rows[0].value(), c.rows[0].growth()),
            (Some(120550.0), Some(12.8))
        );
    }

    #[test]
    fn only_figures_of_the_status_asked_for_enter() {
        let mut target = ind("北京市", "growth", 5.0, "%", 10, "预期目标:增长5%左右");
        target.status = Status::Target;
        let mut measure = ind("北京市", "growth", 0.0, "%", 30, "“五子”联动");
        measure.kind = Kind::Measure;
        let actual = ind("北京市", "growth", 5.2, "%", 50, "增长5.2%");
        let rows = [target, measure, actual];
        let query = Query {
            statuses: vec![Status::Target],
            ..Query::default()
        };
        let c = compare(&[], &rows, &query);
        assert_eq!(c.rows.len(), 1);
        assert_eq!(
            (c.rows[0].growth(), c.rows[0].status),
            (Some(5.0), Status::Target)
        );
        let c = compare(&[], &rows, &Query::default());
        assert_eq!(
            (c.rows[0].growth(), c.rows[0].growth_candidates),
            (Some(5.2), 1)
        );
    }
}
