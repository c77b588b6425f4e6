//! One bar chart per compared metric: the localities' growths (or, where
//! none states a growth, their values), highest first.

use super::Section;
use crate::report::block::{Block, Chart};
use crate::report::compare::CompareRow;
use crate::report::format::{self, metric_label};
use crate::report::svg::{self, Bar};
use crate::report::Tables;

/// The charts section.
pub struct Charts;

impl Section for Charts {
    fn page(&self, t: &Tables) -> Vec<Block> {
        let c = &t.comparison;
        let charts: Vec<Block> = c
            .metrics
            .iter()
            .filter_map(|m| {
                let rows = c.metric_rows(m);
                let (bars, what) = bars(&rows);
                (!bars.is_empty()).then(|| {
                    let caption = format!(
                        "{} {what} by locality ({}, {})",
                        metric_label(m),
                        c.status(),
                        format::years(&rows)
                    );
                    Block::Chart(Chart {
                        id: m.clone(),
                        caption,
                        bars,
                    })
                })
            })
            .collect();
        if charts.is_empty() {
            return vec![Block::paragraph("No figures to chart.")];
        }
        charts
    }
}

/// The bars of one metric: percentage growths (else growths of the first
/// unit stated) when any locality states a growth, else values of one
/// normalized unit; and which of the two they are.
pub fn bars(rows: &[&CompareRow]) -> (Vec<Bar>, &'static str) {
    let by_growth = rows.iter().any(|r| r.growth().is_some());
    let growth_unit = |r: &CompareRow| r.growth_from.as_ref().and_then(|g| g.unit.clone());
    let base_unit = |r: &CompareRow| {
        r.value_from
            .as_ref()
            .and_then(|v| v.normalized_unit.clone())
    };
    let unit = if by_growth {
        let pct = rows.iter().any(|r| growth_unit(r).as_deref() == Some("%"));
        let first = rows.iter().find_map(|r| growth_unit(r));
        pct.then(|| "%".to_string()).or(first)
    } else {
        rows.iter().find_map(|r| base_unit(r))
    };
    let bars = rows
        .iter()
        .filter_map(|r| {
            let (value, text) = if by_growth && growth_unit(r) == unit {
                (r.growth()?, format::growth(r))
            } else if !by_growth && base_unit(r) == unit {
                (r.normalized_value()?, format::value(r))
            } else {
                return None;
            };
            let tip = format!("{} {}: {}", r.locality, text, format::provenance(r));
            Some(Bar {
                label: r.locality.clone(),
                value,
                text,
                tip,
            })
        })
        .collect();
    (
        svg::sorted(bars),
        if by_growth { "growth" } else { "value" },
    )
}
