//! `gongwen indicators`: the indicator table, filtered by locality, metric,
//! kind, status and year, as a table, JSON Lines or CSV.

use super::options::{Format, Global, IndicatorFilter};
use super::print::Out;
use super::Outcome;
use anyhow::Result;
use gongwen::frames::{self, IndicatorRow};
use gongwen::report::tables;
use gongwen::store::Store;

impl IndicatorFilter {
    /// Whether `r` passes every filter given. Status and year mean what they
    /// mean for `compare`: the statement's status, the year it refers to.
    fn keeps(&self, r: &IndicatorRow) -> bool {
        self.kind.is_none_or(|k| r.kind == k)
            && self.status.is_none_or(|s| r.status == s)
            && self.year.is_none_or(|y| r.year == Some(y))
            && self
                .metric
                .as_ref()
                .is_none_or(|m| r.metric.as_ref() == Some(m))
            && self.locality.as_deref().is_none_or(|l| {
                r.locality
                    .as_deref()
                    .is_some_and(|rl| gongwen::place::same_locality(l, rl))
            })
    }
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
    Out::new().table(&tables::indicators(&rows), format);
    Ok(Outcome::Done)
}
