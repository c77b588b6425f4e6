//! Reports written from a store generation into a folder. The store's
//! tables are read once ([`Tables`]); each of the [`sections`] turns them
//! into neutral [`block`]s — tables defined once in [`tables`], charts,
//! notes — and the [printers](mod@print) render the blocks as the HTML page,
//! Markdown and CSV files, or, for the CLI, terminal tables and JSON Lines.
//! Deterministic (no timestamps, stable order), so a committed `reports/`
//! can be checked.

pub mod block;
pub mod compare;
pub mod format;
pub mod panel;
pub mod print;
pub mod sections;
pub mod svg;
pub mod tables;

use crate::error::{IoContext, Result};
use crate::extract::Status;
use crate::frames::{self, DocRow, DuplicateRow, IndicatorRow};
use print::html::{Page, PageSection};
use sections::{Body, Entry};
use std::path::{Path, PathBuf};

/// What the reports are made from: the store's tables, read once per run.
pub struct Tables {
    pub docs: Vec<DocRow>,
    pub indicators: Vec<IndicatorRow>,
    /// None: the near-duplicate stage has not run on the store.
    pub duplicates: Option<Vec<DuplicateRow>>,
    /// The localities' actual figures of every metric.
    pub comparison: compare::Comparison,
    /// The targets the localities state, of every metric.
    pub targets: compare::Comparison,
    /// Targets against outcomes, by locality, metric and year.
    pub panel: Vec<panel::PanelRow>,
    /// A dictionary's attention measures by locality and year (empty: no
    /// dictionary given, and no section).
    pub terms: Vec<crate::measure::terms::TermRow>,
    /// Shared passages (None: not computed, and the section says so).
    pub reuse: Option<Vec<crate::reuse::rows::ReuseRow>>,
}

impl Tables {
    /// Reads a store generation: each table once.
    pub fn read(store_dir: &Path) -> Result<Tables> {
        let duplicates = if store_dir.join(frames::DUPLICATES).exists() {
            Some(frames::read_duplicates(store_dir)?)
        } else {
            None
        };
        Ok(Tables::new(
            frames::read_documents(store_dir, false)?,
            frames::read_indicators(store_dir)?,
            duplicates,
        ))
    }

    /// The tables of these rows, with their comparisons.
    pub fn new(
        docs: Vec<DocRow>,
        indicators: Vec<IndicatorRow>,
        duplicates: Option<Vec<DuplicateRow>>,
    ) -> Tables {
        let query = |status| compare::Query {
            statuses: vec![status],
            ..Default::default()
        };
        Tables {
            comparison: compare::compare(&docs, &indicators, &query(Status::Actual)),
            targets: compare::compare(&docs, &indicators, &query(Status::Target)),
            panel: panel::panel(&docs, &indicators, &panel::Query::default()),
            terms: Vec::new(),
            reuse: None,
            duplicates: duplicates.map(sections::ordered_duplicates),
            docs,
            indicators,
        }
    }
}

/// The report files and their contents: the page, then each section's
/// files in section order.
pub fn render(t: &Tables) -> Vec<(&'static str, String)> {
    let sections = if t.terms.is_empty() {
        sections::default_sections()
    } else {
        sections::sections_with_terms()
    };
    let mut files = vec![("index.html", print::html::page(&page(t, &sections)))];
    for file in sections.iter().flat_map(|e| e.section.files(t)) {
        let text = match &file.body {
            Body::Markdown(blocks) => print::markdown::file(blocks),
            Body::Csv(table) => print::csv::file(table),
        };
        files.push((file.name, text));
    }
    files
}

/// The page blocks of the report's section with anchor `id`
/// (`comparison`, `charts`, `panel`, `duplicates`, …), as the report's page
/// shows them; None for an unknown anchor.
pub fn section_page(t: &Tables, id: &str) -> Option<Vec<block::Block>> {
    sections::sections_with_terms()
        .into_iter()
        .find(|e| e.id == id)
        .map(|e| e.section.page(t))
}

/// The HTML page: a summary line, then every section's part.
fn page(t: &Tables, sections: &[Entry]) -> Page {
    Page {
        title: "gongwen report".into(),
        summary: summary(t),
        sections: sections
            .iter()
            .map(|e| PageSection {
                id: e.id,
                heading: e.heading,
                blocks: e.section.page(t),
            })
            .collect(),
    }
}

/// `93 documents · 31 localities · 2400 indicators · 2025–2026`.
pub fn summary(t: &Tables) -> String {
    let localities = sections::localities::names(&t.docs, &t.indicators).len();
    let mut years: Vec<i32> = t.docs.iter().filter_map(|d| d.year).collect();
    years.sort();
    years.dedup();
    let years = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => "years not stated".into(),
    };
    format!(
        "{} documents · {localities} localities · {} indicators · {years}",
        t.docs.len(),
        t.indicators.len()
    )
}

/// Writes every report, with the attention measures of `dict` when one
/// is given; returns the files written.
pub fn write_all(
    store_dir: &Path,
    out: &Path,
    dict: Option<&crate::measure::Dictionary>,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).at(out)?;
    let mut tables = Tables::read(store_dir)?;
    if let Some(dict) = dict {
        let by = crate::measure::terms::By::LocalityYear;
        tables.terms = crate::measure::terms::measure(store_dir, dict, by)?;
    }
    let reuse = crate::reuse::rows::Query {
        min_chars: crate::reuse::DEFAULT_MIN_CHARS,
        locality: None,
        boilerplate: true,
    };
    tables.reuse = Some(crate::reuse::rows::reuse(store_dir, &reuse)?);
    let mut written = Vec::new();
    for (name, text) in render(&tables) {
        let path = out.join(name);
        std::fs::write(&path, text).at(&path)?;
        written.push(path);
    }
    // For Stata, R and pandas: the panel with its types.
    let path = out.join(panel::PANEL_FILE);
    print::parquet::write(&tables::panel(&tables.panel), &path)?;
    written.push(path);
    remove_stale(out, &written)?;
    Ok(written)
}

/// Removes a report of an earlier run that this run does not write
/// (`duplicates.md` once the duplicates are gone, the attention measures
/// of a run with a dictionary).
fn remove_stale(out: &Path, written: &[PathBuf]) -> Result<()> {
    for name in [
        "duplicates.md",
        "terms.md",
        "terms.csv",
        "terms_wide.csv",
        "reuse.md",
        "reuse.csv",
    ] {
        let stale = out.join(name);
        if stale.exists() && !written.contains(&stale) {
            std::fs::remove_file(&stale).at(&stale)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod fixtures;

#[cfg(test)]
mod tests {
    use super::fixtures::{heshan_doc, statement};
    use super::*;

    fn tables() -> Tables {
        let indicators = vec![
            statement("amount", 120550.0, "万元", "120550万元", 20),
            statement("growth", 12.8, "%", "增长12.8%", 36),
        ];
        Tables::new(vec![heshan_doc()], indicators, None)
    }

    #[test]
    fn every_section_renders_from_tables_read_once() {
        let files = render(&tables());
        let names: Vec<&str> = files.iter().map(|f| f.0).collect();
        assert_eq!(
            names,
            [
                "index.html",
                "compare.md",
                "compare.csv",
                "compare_wide.csv",
                "panel.md",
                "panel.csv",
                "localities.md",
                "indicators.csv",
                "documents.csv",
                "documents.md",
            ],
            "no duplicates.md where the dedup stage has not run"
        );
        let text = |name: &str| files.iter().find(|f| f.0 == name).map_or("", |f| &f.1);
        let page = text("index.html");
        assert!(page.contains(
            "<p class=\"summary\">1 documents · 1 localities · 2 indicators · years not stated</p>"
        ));
        assert!(page.contains("<a href=\"#duplicates\">Near-duplicate documents</a>"));
        assert!(page.contains("Near-duplicate detection has not run on this store."));
        assert!(page.contains("<figure data-metric=\"gdp\">"));
        assert!(text("compare.md").contains("| 合山市 | - | 120550万元 (+12.8%) |"));
        assert!(text("compare.csv").starts_with("\u{feff}locality,metric,year,status,value"));
        assert!(text("localities.md").contains("- 2 figures of compared metrics (see compare.md)"));
    }
}
