//! The panel of targets and outcomes: per locality, metric and year, the
//! growth target the locality set for the year and the growth it reported,
//! and the gap between them (the data of the "target overshooting"
//! literature, built from the texts).
//!
//! **Target** for year Y: a growth target (`status` target, a year's
//! period, in %) for Y, from a report of Y (or, for a report given at the
//! end of the year before, of Y−1), the first in document order. Five-year
//! and average targets are not annual targets and never enter. A target in
//! percentage points (高出全国平均水平1到2个百分点) is relative: it keeps its
//! text, and has no number, modifier, gap or verdict.
//!
//! **Actual** for year Y: a single-year growth (`status` actual) for Y,
//! from the review in the report of Y+1, else a report of Y (a late-year
//! estimate); exact figures before bounded ones (15%以上), then the first.
//!
//! **Series**: `gdp` continues `gnp` (国民生产总值, the headline measure
//! until 1992): where a report states no GDP figure for a side, its GNP
//! figure is taken; `--metric gnp` gives GNP alone.

use super::compare::signed;
use crate::extract::{Modifier, Status};
use crate::frames::{self, DocRow, IndicatorRow};
use std::collections::{BTreeMap, HashMap};

/// The file `report` writes the panel to.
pub const PANEL_FILE: &str = "panel.parquet";

/// A metric and the older series it continues.
const SERIES: &[(&str, &[&str])] = &[("gdp", &["gdp", "gnp"])];

/// What the panel holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Metric ids, in order; empty: every metric with a growth target.
    pub metrics: Vec<String>,
    /// Only localities within this place (北京 = 北京市).
    pub locality: Option<String>,
    /// The first and last year, inclusive.
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// One locality's target and outcome of one metric for one year (at
/// least one of the two; both of that locality and year).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelRow {
    /// The panel's metric (`gdp` also where a statement is GNP's).
    pub metric: String,
    pub target: Option<IndicatorRow>,
    pub actual: Option<IndicatorRow>,
}

impl PanelRow {
    fn main(&self) -> Option<&IndicatorRow> {
        self.target.as_ref().or(self.actual.as_ref())
    }

    pub fn locality(&self) -> &str {
        self.main()
            .and_then(|r| r.locality.as_deref())
            .unwrap_or("")
    }

    pub fn year(&self) -> i32 {
        self.main().and_then(|r| r.year).unwrap_or_default()
    }

    /// Whether the target is relative (in percentage points, to another
    /// place's or time's growth).
    pub fn relative(&self) -> bool {
        self.target
            .as_ref()
            .is_some_and(|t| t.unit.as_deref() == Some("个百分点"))
    }

    /// The target's figure (the low end of a range), signed.
    pub fn target(&self) -> Option<f64> {
        self.target
            .as_ref()
            .filter(|_| !self.relative())
            .and_then(signed)
    }

    /// The high end of a range target.
    pub fn target_high(&self) -> Option<f64> {
        let t = self.target.as_ref().filter(|_| !self.relative())?;
        t.value_high
    }

    pub fn target_modifier(&self) -> Option<Modifier> {
        self.target.as_ref().filter(|_| !self.relative())?.modifier
    }

    /// The outcome, signed (下降3% is -3).
    pub fn actual(&self) -> Option<f64> {
        self.actual.as_ref().and_then(signed)
    }

    /// Outcome minus target (its low end); None when either is missing.
    pub fn gap(&self) -> Option<f64> {
        let d = self.actual()? - self.target()?;
        // Figures have a few decimals: 13.4 − 8 is 5.4, not 5.4000000000000004.
        Some((d * 1e9).round() / 1e9)
    }

    /// Whether the outcome satisfies the target as worded: at most the
    /// target for 不超过/以内, else at least its low end.
    pub fn met(&self) -> Option<bool> {
        let (actual, target) = (self.actual()?, self.target()?);
        Some(match self.target_modifier() {
            Some(Modifier::AtMost) => actual <= self.target_high().unwrap_or(target),
            _ => actual >= target,
        })
    }
}

/// The metric ids of a series: the metric, then those it continues.
fn series(metric: &str) -> Vec<&str> {
    SERIES
        .iter()
        .find(|(m, _)| *m == metric)
        .map_or_else(|| vec![metric], |(_, s)| s.to_vec())
}

/// The columns of the indicators a panel chooses its statements by.
pub const COLUMNS: [&str; 10] = [
    "doc_id", "locality", "year", "kind", "metric", "unit", "modifier", "status", "start", "period",
];

/// The columns it shows of the statements chosen, read for those alone.
pub const SHOWN_COLUMNS: [&str; 6] = [
    "title",
    "value",
    "value_high",
    "direction",
    "text",
    "sentence",
];

/// The panel of a store generation's indicators (documents `docs`, in
/// store order): [`panel`], reading of the millions of indicators only
/// those that may enter, and their texts only for those chosen.
pub fn read(
    dir: &std::path::Path,
    docs: &[DocRow],
    query: &Query,
) -> crate::error::Result<Vec<PanelRow>> {
    let growths = [("kind", "growth"), ("period", "year")];
    let selected = frames::read_indicators_where(dir, &COLUMNS, &growths, |k| may_enter(query, k))?;
    let picks = pick(docs, &selected.rows, query);
    let used: Vec<usize> = picks
        .iter()
        .flat_map(|p| [p.target, p.actual])
        .flatten()
        .collect();
    let at: Vec<usize> = used.iter().map(|&i| selected.at[i]).collect();
    let mut chosen: Vec<IndicatorRow> = used.iter().map(|&i| selected.rows[i].clone()).collect();
    frames::fill_indicators(dir, &at, &mut chosen, &SHOWN_COLUMNS)?;
    let mut chosen = chosen.into_iter();
    let mut next = |i: Option<usize>| i.and_then(|_| chosen.next());
    Ok(picks
        .into_iter()
        .map(|p| PanelRow {
            target: next(p.target),
            actual: next(p.actual),
            metric: p.metric,
        })
        .collect())
}

/// Whether an indicator may enter the panel `query` asks for, from its
/// categorical columns alone (what `usable` checks first): a growth of
/// one year with a metric (of the series asked for, if any), a target in %
/// or percentage points or an outcome in %.
pub fn may_enter(query: &Query, k: crate::frames::Keys) -> bool {
    let asked =
        |m: &str| query.metrics.is_empty() || query.metrics.iter().any(|q| series(q).contains(&m));
    k.kind == Some("growth")
        && k.period == Some("year")
        && k.metric.is_some_and(asked)
        && match k.status {
            Some("target") => matches!(k.unit, Some("%" | "个百分点")),
            Some("actual") => k.unit == Some("%"),
            _ => false,
        }
}

/// The panel of `indicators` (documents `docs`, in store order), by
/// locality, metric (in query order) and year.
pub fn panel(docs: &[DocRow], indicators: &[IndicatorRow], query: &Query) -> Vec<PanelRow> {
    pick(docs, indicators, query)
        .into_iter()
        .map(|p| PanelRow {
            target: p.target.map(|i| indicators[i].clone()),
            actual: p.actual.map(|i| indicators[i].clone()),
            metric: p.metric,
        })
        .collect()
}

/// A cell of the panel: its metric and the statements (indices into the
/// indicators) that fill it.
struct Pick {
    metric: String,
    target: Option<usize>,
    actual: Option<usize>,
}

/// The cells of [`panel`], by locality, metric and year.
fn pick(docs: &[DocRow], indicators: &[IndicatorRow], query: &Query) -> Vec<Pick> {
    let doc_year: HashMap<&str, (i32, usize)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((d.doc_id.as_str(), (d.year?, i))))
        .collect();
    let statements: Vec<(usize, &IndicatorRow, (i32, usize))> = indicators
        .iter()
        .enumerate()
        .filter(|(_, r)| usable(r, query))
        .filter_map(|(i, r)| Some((i, r, *doc_year.get(&*r.doc_id)?)))
        .collect();
    let metrics = if query.metrics.is_empty() {
        default_metrics(statements.iter().map(|s| s.1))
    } else {
        query.metrics.clone()
    };
    // How good a source of its cell a statement is (lower is better), or
    // None when it cannot fill one: report, series, exact, order.
    let key = |r: &IndicatorRow, (year, at): (i32, usize), ids: &[&str]| -> Option<Key> {
        let side = Side::of(r, year, r.year?)?;
        let bounded = r.status == Status::Actual && r.modifier.is_some();
        Some((side.rank, series_rank(r, ids), bounded, at, r.start))
    };
    // Per cell, the best target and outcome so far, with their keys.
    type Best = Option<(Key, usize)>;
    let mut cells: BTreeMap<(&str, usize, i32), (Best, Best)> = BTreeMap::new();
    for (col, m) in metrics.iter().enumerate() {
        let ids = series(m);
        for &(i, r, doc) in statements.iter().filter(|s| in_series(s.1, &ids)) {
            let (Some(l), Some(y), Some(k)) = (r.locality.as_deref(), r.year, key(r, doc, &ids))
            else {
                continue;
            };
            let (target, actual) = cells.entry((l, col, y)).or_default();
            let slot = match r.status {
                Status::Target => target,
                _ => actual,
            };
            if slot.as_ref().is_none_or(|(old, _)| k < *old) {
                *slot = Some((k, i));
            }
        }
    }
    cells
        .into_iter()
        .map(|((_, col, _), (target, actual))| Pick {
            metric: metrics[col].clone(),
            target: target.map(|(_, i)| i),
            actual: actual.map(|(_, i)| i),
        })
        .collect()
}

/// How good a source of its cell a statement is, lower first: the report
/// it comes from, its series, bounded or exact, document, offset.
type Key = (u8, usize, bool, usize, usize);

/// Where a statement may fill a cell of year `y`, and how good a source
/// it is (lower is better).
struct Side {
    rank: u8,
}

impl Side {
    /// A target from the report of its year (or of the year before); an
    /// outcome from the report of the next year (or of its own year).
    fn of(r: &IndicatorRow, doc_year: i32, y: i32) -> Option<Side> {
        let rank = match (r.status, doc_year - y) {
            (Status::Target, 0) | (Status::Actual, 1) => 0,
            (Status::Target, -1) | (Status::Actual, 0) => 1,
            _ => return None,
        };
        Some(Side { rank })
    }
}

/// The place of the statement's metric in the series (GDP before GNP).
fn series_rank(r: &IndicatorRow, ids: &[&str]) -> usize {
    let m = r.metric.as_deref().unwrap_or("");
    ids.iter().position(|x| *x == m).unwrap_or(usize::MAX)
}

fn in_series(r: &IndicatorRow, ids: &[&str]) -> bool {
    r.metric.as_deref().is_some_and(|m| ids.contains(&m))
}

/// What [`may_enter`] checks, then a locality and a year asked for.
fn usable(r: &IndicatorRow, q: &Query) -> bool {
    let keys = crate::frames::Keys {
        kind: Some(r.kind.as_str()),
        period: Some(r.period.as_str()),
        status: Some(r.status.as_str()),
        unit: r.unit.as_deref(),
        metric: r.metric.as_deref(),
    };
    may_enter(q, keys)
        && r.year
            .is_some_and(|y| q.from.is_none_or(|f| y >= f) && q.to.is_none_or(|t| y <= t))
        && r.locality.as_deref().is_some_and(|l| {
            q.locality
                .as_deref()
                .is_none_or(|want| crate::place::same_locality(want, l))
        })
}

/// Every metric with a growth target, in the metric table's order; a
/// series another one continues (gnp, continued by gdp) only on its own.
fn default_metrics<'r>(statements: impl Iterator<Item = &'r IndicatorRow>) -> Vec<String> {
    let table = crate::extract::Extractor::global().metrics();
    let targeted: std::collections::HashSet<&str> = statements
        .filter(|r| r.status == Status::Target)
        .filter_map(|r| r.metric.as_deref())
        .collect();
    let targeted = |m: &str| targeted.contains(m);
    let ids: Vec<&str> = table.ids();
    let continued = |m: &str| {
        SERIES
            .iter()
            .any(|(head, s)| *head != m && s.contains(&m) && ids.contains(head))
    };
    ids.iter()
        .filter(|m| {
            let own = series(m);
            own.iter().any(|x| targeted(x)) && !(continued(m) && own.len() == 1)
        })
        .map(|m| m.to_string())
        .collect()
}

/// One locality and year with one optional row per metric column.
#[derive(Debug, Clone, PartialEq)]
pub struct WideRow<'a> {
    pub locality: &'a str,
    pub year: i32,
    pub cells: Vec<Option<&'a PanelRow>>,
}

/// The metrics of `rows`, in their order.
pub fn metrics_of(rows: &[PanelRow]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in rows {
        if !out.contains(&r.metric.as_str()) {
            out.push(&r.metric);
        }
    }
    out
}

/// One row per locality and year, one cell per metric of `metrics`.
pub fn wide<'a>(rows: &'a [PanelRow], metrics: &[&str]) -> Vec<WideRow<'a>> {
    let mut keyed: BTreeMap<(&str, i32), Vec<Option<&PanelRow>>> = BTreeMap::new();
    for r in rows {
        let cells = keyed
            .entry((r.locality(), r.year()))
            .or_insert_with(|| vec![None; metrics.len()]);
        if let Some(i) = metrics.iter().position(|m| *m == r.metric) {
            cells[i] = Some(r);
        }
    }
    keyed
        .into_iter()
        .map(|((locality, year), cells)| WideRow {
            locality,
            year,
            cells,
        })
        .collect()
}
