//! Targets against outcomes: per metric, one small chart per locality (the
//! target band and the outcome by year) and the panel table with every
//! figure's sentence; `panel.md` and `panel.csv` (and `panel.parquet`,
//! written beside them).

use super::{File, Section};
use crate::report::block::{Block, PanelChart};
use crate::report::format::metric_label;
use crate::report::panel::{metrics_of, PanelRow};
use crate::report::svg::YearMark;
use crate::report::{tables, Tables};

/// The panel section.
pub struct Panel;

impl Section for Panel {
    fn page(&self, t: &Tables) -> Vec<Block> {
        blocks(&t.panel, true)
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        let mut md = vec![Block::heading(1, "Targets and outcomes")];
        md.extend(blocks(&t.panel, false));
        vec![
            File::markdown("panel.md", md),
            File::csv("panel.csv", tables::panel(&t.panel)),
        ]
    }
}

/// The rule, then per metric its charts (on the page) and table.
fn blocks(rows: &[PanelRow], charts: bool) -> Vec<Block> {
    if rows.is_empty() {
        return vec![Block::paragraph(
            "No locality states a growth target or outcome with the year of its report.",
        )];
    }
    let mut out = vec![Block::note(RULE)];
    for m in metrics_of(rows) {
        let of_metric: Vec<PanelRow> = rows.iter().filter(|r| r.metric == m).cloned().collect();
        out.push(Block::heading(3, metric_label(m)));
        if charts {
            out.push(Block::Panels(small_multiples(&of_metric)));
        }
        out.push(Block::Table(tables::panel(&of_metric)));
    }
    out
}

/// How the panel is made, for readers of the report.
const RULE: &str = "The target for a year is the growth target the report of that year sets \
for it (预期目标, 力争, 计划; a range keeps both ends); the outcome is the single-year growth \
the next year's report gives (else the year's own report). Five-year and average figures never \
enter. gap = outcome − target (its low end); met = the outcome satisfies the target as worded \
(at least the target, at most for 以内/不超过). GDP continues with GNP where a report states no \
GDP (before 1993). Hover a band or a dot for its sentence.";

/// One chart per locality of one metric's rows (in locality order).
fn small_multiples(rows: &[PanelRow]) -> Vec<PanelChart> {
    let mut charts: Vec<PanelChart> = Vec::new();
    for r in rows {
        let sentence = |s: &Option<crate::frames::IndicatorRow>| {
            s.as_ref().map_or(String::new(), |x| x.sentence.to_string())
        };
        let mark = YearMark {
            year: r.year(),
            target: r.target().map(|t| (t, r.target_high().unwrap_or(t))),
            actual: r.actual(),
            tip: format!(
                "{} {}: {} {}",
                r.locality(),
                r.year(),
                sentence(&r.target),
                sentence(&r.actual)
            )
            .trim()
            .to_string(),
        };
        match charts.last_mut() {
            Some(c) if c.caption == r.locality() => c.marks.push(mark),
            _ => charts.push(PanelChart {
                id: format!("{}-{}", r.metric, r.locality()),
                caption: r.locality().to_string(),
                marks: vec![mark],
            }),
        }
    }
    charts
}
