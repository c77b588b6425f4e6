//! Reports written from a store generation into a folder: the comparison
//! of localities ([`compare`]), rendered as HTML with inline SVG charts,
//! Markdown and CSV. Deterministic (no timestamps, stable order), so a
//! committed `reports/` can be checked.

pub mod compare;
pub mod csv;
pub mod duplicates;
pub mod format;
pub mod html;
pub mod localities;
pub mod markdown;
pub mod svg;

use crate::error::{IoContext, Result};
use crate::frames::{self, DocRow, IndicatorRow};
use crate::store::Generation;
use std::path::{Path, PathBuf};

/// What the reports are made from, read once.
pub struct Inputs {
    pub docs: Vec<DocRow>,
    pub indicators: Vec<IndicatorRow>,
    pub comparison: compare::Comparison,
    /// The targets the localities state, of every metric.
    pub targets: compare::Comparison,
    pub duplicates: Option<Vec<duplicates::Pair>>,
}

impl Inputs {
    /// Reads a store generation.
    pub fn read(gen: &Generation) -> Result<Inputs> {
        let comparison = compare::compare(gen, &compare::Query::default())?;
        let targets = compare::Query {
            status: "target".into(),
            ..Default::default()
        };
        Ok(Inputs {
            docs: frames::read_documents(gen.dir(), false)?,
            indicators: frames::read_indicators(gen.dir())?,
            targets: compare::compare(gen, &targets)?,
            comparison,
            duplicates: duplicates::load(gen)?,
        })
    }
}

/// The report files and their contents, in a fixed order.
pub fn render(inputs: &Inputs) -> Vec<(&'static str, String)> {
    let c = &inputs.comparison;
    let locs = localities::localities(&inputs.docs, &inputs.indicators);
    let page = html::Page {
        docs: &inputs.docs,
        indicators: inputs.indicators.len(),
        comparison: c,
        targets: &inputs.targets,
        localities: &locs,
        duplicates: inputs.duplicates.as_deref(),
    };
    let mut files = vec![
        ("index.html", html::page(&page)),
        ("compare.md", markdown::compare(c, &inputs.targets)),
        ("compare.csv", csv::compare(c)),
        ("compare_wide.csv", csv::compare_wide(c)),
        ("localities.md", markdown::localities(&locs)),
        ("indicators.csv", csv::indicators(&inputs.indicators)),
        ("documents.csv", csv::documents(&inputs.docs)),
        ("documents.md", markdown::documents(&inputs.docs)),
    ];
    if let Some(pairs) = inputs.duplicates.as_deref().filter(|p| !p.is_empty()) {
        files.push(("duplicates.md", markdown::duplicates(pairs)));
    }
    files
}

/// Writes every report; returns the files written.
pub fn write_all(gen: &Generation, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).at(out)?;
    let inputs = Inputs::read(gen)?;
    let mut written = Vec::new();
    for (name, text) in render(&inputs) {
        let path = out.join(name);
        std::fs::write(&path, text).at(&path)?;
        written.push(path);
    }
    remove_stale(out, &written)?;
    Ok(written)
}

/// Removes a report of an earlier run that this run does not write
/// (`duplicates.md` once the duplicates are gone).
fn remove_stale(out: &Path, written: &[PathBuf]) -> Result<()> {
    let stale = out.join("duplicates.md");
    if stale.exists() && !written.contains(&stale) {
        std::fs::remove_file(&stale).at(&stale)?;
    }
    Ok(())
}
