//! `gongwen indicators`: the indicator table, filtered by locality, metric,
//! kind, status and year, as a table, JSON Lines or CSV.

use super::options::{Format, Global, IndicatorFilter};
use super::Outcome;
use anyhow::Result;
use gongwen::frames::{self, IndicatorRow};
use gongwen::report::tables;
use gongwen::store::Store;

impl IndicatorFilter {
    /// Whether `r` passes every filter given (a list: any of its values).
    /// Status and year mean what they mean for `compare`: the statement's
    /// status, the year it refers to.
    pub(super) fn keeps(&self, r: &IndicatorRow) -> bool {
        let q = &self.query;
        any_of(&self.kinds, &r.kind)
            && any_of(&q.statuses, &r.status)
            && q.year.is_none_or(|y| r.year == Some(y))
            && (q.metrics.is_empty() || r.metric.as_ref().is_some_and(|m| q.metrics.contains(m)))
            && q.locality.as_deref().is_none_or(|l| {
                r.locality
                    .as_deref()
                    .is_some_and(|rl| gongwen::place::same_locality(l, rl))
            })
    }
}

/// Whether `x` is in `list`, or `list` is empty (no filter).
fn any_of<T: PartialEq>(list: &[T], x: &T) -> bool {
    list.is_empty() || list.contains(x)
}

/// Prints the store's indicators that pass `filter`.
pub fn run(global: &Global, filter: &IndicatorFilter, format: Format) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let rows: Vec<_> = frames::read_indicators(gen.dir())?
        .into_iter()
        .filter(|r| filter.keeps(r))
        .collect();
    if rows.is_empty() {
        return Ok(Outcome::Nothing("no indicators match".into()));
    }
    global.out().table(&tables::indicators(&rows), format);
    Ok(Outcome::Done)
}
