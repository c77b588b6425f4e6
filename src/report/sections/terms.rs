//! Attention measures (`report --dict FILE`): per category, a line chart of
//! its share of words by year, one line per locality, and the measure by
//! locality and year; `terms.md`, `terms.csv` (every term) and
//! `terms_wide.csv` (a balanced panel, NA where a locality has no
//! document in a year).

use super::{File, Section};
use crate::measure::terms::TermRow;
use crate::report::block::{Block, LineChart};
use crate::report::svg::Series;
use crate::report::{tables, Tables};

/// The attention measures section.
pub struct Terms;

impl Section for Terms {
    fn page(&self, t: &Tables) -> Vec<Block> {
        blocks(&t.terms, true)
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        let mut md = vec![Block::heading(1, "Attention measures")];
        md.extend(blocks(&t.terms, false));
        vec![
            File::markdown("terms.md", md),
            File::csv("terms.csv", tables::terms(&t.terms, false)),
            File::csv("terms_wide.csv", tables::terms_wide(&t.terms)),
        ]
    }
}

/// How the measures are made, for readers of the report.
const RULE: &str = "Hits: occurrences of a dictionary term in the text (full-width, traditional \
and radical forms folded; inside longer words too; where terms overlap the longest counts, once). \
Words: the jieba words of the text with a letter, digit or Han character (punctuation is not a \
word). share of words = hits / words × 100; per 10k chars = hits / Han characters × 10,000. \
A locality and year without a document is empty, not 0.";

fn blocks(rows: &[TermRow], charts: bool) -> Vec<Block> {
    let mut out = vec![Block::note(RULE)];
    if charts {
        for c in tables::categories_of(rows) {
            out.push(Block::Lines(LineChart {
                id: c.to_string(),
                caption: format!("{c}: share of words (%) by year"),
                series: series(rows, c),
            }));
        }
    }
    out.push(Block::Table(tables::terms_wide(rows)));
    out
}

/// One line per locality: the category's share of words by year.
fn series(rows: &[TermRow], category: &str) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    let totals = rows
        .iter()
        .filter(|r| r.term.is_none() && r.category == category);
    for r in totals {
        let (Some(year), Some(v)) = (r.year, r.share_of_words()) else {
            continue;
        };
        let name = r.locality.clone().unwrap_or_else(|| "(no locality)".into());
        let tip = format!(
            "{name} {year}: {} hits, {v:.3}% of {} words",
            r.hits, r.words
        );
        match out.iter_mut().find(|s| s.name == name) {
            Some(s) => s.points.push((year, v, tip)),
            None => out.push(Series {
                name,
                points: vec![(year, v, tip)],
            }),
        }
    }
    for s in &mut out {
        s.points.sort_by_key(|p| p.0);
    }
    out
}
