//! `gongwen compare`: localities side by side, as a human table (sorted by
//! the first metric), JSON Lines, CSV or Markdown, long or `--wide`.

use super::options::{Format, Global};
use super::print::{self, Out};
use super::Outcome;
use anyhow::Result;
use gongwen::report::compare::{self, Comparison, Query};
use gongwen::report::{csv, format, markdown};
use gongwen::store::Store;
use serde_json::{Map, Value};

/// The arguments of `compare`, validated (known metrics, a status).
pub struct Args<'a> {
    pub query: Query,
    pub wide: bool,
    pub format: Format,
    pub global: &'a Global,
}

pub fn run(args: Args) -> Result<Outcome> {
    let gen = Store::new(&args.global.store).current()?;
    let c = compare::compare(&gen, &args.query)?;
    if c.rows.is_empty() {
        let note = "no locality states a figure for these metrics";
        return Ok(Outcome::Nothing(note.into()));
    }
    let mut out = Out::new();
    match (args.format, args.wide) {
        (Format::Json, false) => c.rows.iter().for_each(|r| out.json(r)),
        (Format::Json, true) => wide_json(&c).iter().for_each(|v| out.json(v)),
        (Format::Csv, false) => {
            out.raw(&csv::table(&csv::COMPARE_COLUMNS, &csv::compare_cells(&c)))
        }
        (Format::Csv, true) => {
            let header = csv::wide_header(&c);
            let h: Vec<&str> = header.iter().map(String::as_str).collect();
            out.raw(&csv::table(&h, &csv::wide_cells(&c)));
        }
        (Format::Md, false) => out.raw(&markdown::long_table(&c)),
        (Format::Md, true) => out.raw(&markdown::wide_table(&c)),
        (Format::Human, false) => long_human(&mut out, &c),
        (Format::Human, true) => wide_human(&mut out, &c),
    }
    Ok(Outcome::Done)
}

fn long_human(out: &mut Out, c: &Comparison) {
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                r.locality.clone(),
                print::opt(&r.year),
                r.metric.clone(),
                format::value(r),
                format::growth(r),
                format::candidates(r),
                print::clip(r.title.as_deref().unwrap_or("-"), 24),
            ]
        })
        .collect();
    let header = [
        "locality",
        "year",
        "metric",
        "value",
        "growth",
        "candidates",
        "source",
    ];
    print::table(out, &header, &rows);
}

fn wide_human(out: &mut Out, c: &Comparison) {
    let mut header = vec!["locality", "year"];
    header.extend(c.metrics.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = c
        .wide()
        .iter()
        .map(|w| {
            let year = w.cells.iter().flatten().find_map(|r| r.year);
            let mut line = vec![w.locality.to_string(), print::opt(&year)];
            line.extend(w.cells.iter().map(|r| r.map_or("-".into(), format::cell)));
            line
        })
        .collect();
    print::table(out, &header, &rows);
}

/// One JSON object per locality: `locality`, `year`, then for each metric
/// `<m>`, `<m>_unit`, `<m>_growth`, `<m>_growth_unit` (null when unknown).
fn wide_json(c: &Comparison) -> Vec<Value> {
    c.wide()
        .iter()
        .map(|w| {
            let mut o = Map::new();
            o.insert("locality".into(), w.locality.into());
            let year = w.cells.iter().flatten().find_map(|r| r.year);
            o.insert("year".into(), year.into());
            for (m, cell) in c.metrics.iter().zip(&w.cells) {
                o.insert(m.clone(), cell.and_then(|r| r.value).into());
                o.insert(
                    format!("{m}_unit"),
                    cell.and_then(|r| r.unit.clone()).into(),
                );
                o.insert(format!("{m}_growth"), cell.and_then(|r| r.growth).into());
                let gu = cell.and_then(|r| r.growth_unit.clone());
                o.insert(format!("{m}_growth_unit"), gu.into());
            }
            Value::Object(o)
        })
        .collect()
}
