//! `gongwen compare`: localities side by side, as a human table (sorted by
//! the first metric), JSON Lines, CSV or Markdown, long or `--wide`: the
//! comparison tables of the report.

use super::print::Out;
use anyhow::Result;
use gongwen::cli::{Cli, Format};
use gongwen::extract::Status;
use gongwen::report::compare::{self, Query};
use gongwen::report::tables;
use gongwen::store::Store;
use std::process::ExitCode;

/// The arguments of `compare`, as the CLI gives them.
pub struct Args<'a> {
    /// Made by [`query`].
    pub query: Query,
    pub wide: bool,
    pub format: Format,
    pub cli: &'a Cli,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let gen = Store::new(&args.cli.store).current()?;
    let c = compare::compare_store(gen.dir(), &args.query)?;
    if c.rows.is_empty() {
        if !args.cli.quiet {
            eprintln!("gongwen: no locality states a figure for these metrics");
        }
        return Ok(ExitCode::from(1));
    }
    let table = if args.wide {
        tables::wide(&c, "wide")
    } else {
        tables::comparison(&c)
    };
    Out::new().table(&table, args.format);
    Ok(ExitCode::SUCCESS)
}

/// The query asked for, its metrics and status checked.
pub fn query(
    metrics: &[String],
    status: &str,
    year: Option<i32>,
    locality: &Option<String>,
) -> Result<Query> {
    let known = gongwen::extract::Extractor::global().metrics().ids();
    for m in metrics {
        anyhow::ensure!(
            known.contains(&m.as_str()),
            "unknown metric {m:?}: known metrics are {}",
            known.join(", ")
        );
    }
    let status: Status = status.parse().map_err(|_| {
        anyhow::anyhow!(
            "unknown status {status:?}: use actual, target, average, comparison, criterion"
        )
    })?;
    Ok(Query {
        metrics: metrics.to_vec(),
        status,
        year,
        locality: locality.clone(),
    })
}
