//! Reports written from a store generation into a folder: deterministic
//! (no timestamps, stable order), so a committed `reports/` can be checked.

use crate::error::{IoContext, Result};
use crate::frames;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Writes every report; returns the files written.
pub fn write_all(store_dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).at(out)?;
    let docs = frames::read_documents(store_dir, false)?;
    let path = out.join("documents.md");
    std::fs::write(&path, documents_md(&docs)).at(&path)?;
    Ok(vec![path])
}

/// The documents listing as a Markdown table.
pub fn documents_md(docs: &[frames::DocRow]) -> String {
    let mut s = String::from("# Documents\n\n| # | title | locality | year | chars | source | doc_id |\n|---|---|---|---|---|---|---|\n");
    for (i, d) in docs.iter().enumerate() {
        let cell = |v: Option<&str>| v.map_or("-".to_string(), |v| v.replace('|', "\\|"));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {}#{} | `{}` |",
            i + 1,
            cell(d.title.as_deref()),
            cell(d.locality.as_deref()),
            d.year.map_or("-".into(), |y| y.to_string()),
            d.chars,
            cell(Some(&d.source)),
            d.ordinal,
            d.doc_id
        );
    }
    s
}
