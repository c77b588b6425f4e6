//! The command-line application: runs each command and prints its result.
//! stdout carries data, stderr messages and progress. Exit 0 ok, 1 nothing
//! found, 2 error (or files skipped during ingest).

mod compare;
mod print;
mod progress;

use anyhow::{Context, Result};
use clap::Parser;
use gongwen::cli::{Cli, Command, Format, IngestArgs};
use gongwen::frames;
use gongwen::index::{SearchOptions, Searcher};
use gongwen::ingest::{self, IngestOptions, IngestSummary};
use gongwen::store::Store;
use print::{opt, Out};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gongwen: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Run {
            corpus,
            reports,
            ingest,
        } => {
            let summary = do_ingest(cli, corpus, ingest)?;
            write_reports(cli, reports)?;
            Ok(ingest_exit(&summary))
        }
        Command::Ingest { corpus, ingest } => {
            let summary = do_ingest(cli, corpus, ingest)?;
            Ok(ingest_exit(&summary))
        }
        Command::Docs { json } => docs(cli, *json),
        Command::Search {
            query,
            locality,
            year,
            limit,
            json,
        } => {
            let opts = SearchOptions {
                locality: locality.clone(),
                year: *year,
                limit: *limit,
            };
            search(cli, query, &opts, *json)
        }
        Command::Indicators {
            locality,
            metric,
            kind,
            json,
            csv,
        } => indicators(
            cli,
            locality.as_deref(),
            metric.as_deref(),
            kind.as_deref(),
            Format::from_flags(*json, *csv, false),
        ),
        Command::Dedup {
            threshold,
            json,
            diff,
        } => match diff {
            Some(ids) => dedup_diff(cli, &ids[0], &ids[1]),
            None => dedup(
                cli,
                threshold.unwrap_or(gongwen::dedup::DEFAULT_THRESHOLD),
                *json,
            ),
        },
        Command::Report { out } => {
            write_reports(cli, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare {
            metric,
            status,
            year,
            locality,
            wide,
            json,
            csv,
            md,
        } => compare::run(compare::Args {
            query: gongwen::report::compare::Query {
                metrics: metric.clone(),
                status: status.clone(),
                year: *year,
                locality: locality.clone(),
            },
            wide: *wide,
            format: Format::from_flags(*json, *csv, *md),
            cli,
        }),
    }
}

fn do_ingest(cli: &Cli, corpus: &Path, args: &IngestArgs) -> Result<IngestSummary> {
    let extra = match &args.dict {
        Some(p) => Some(
            std::fs::read_to_string(p)
                .with_context(|| format!("reading dictionary {}", p.display()))?,
        ),
        None => None,
    };
    gongwen::segment::init(extra.as_deref()).map_err(|e| {
        anyhow::anyhow!(
            "dictionary {}: {e}",
            args.dict.as_deref().unwrap_or(Path::new("")).display()
        )
    })?;
    let mut opts = IngestOptions::new(corpus, &cli.store);
    opts.read = args.read_options();
    // The store does not record the column options its rows were read
    // with, so rows kept from the last ingest may have been read otherwise:
    // with column options, everything is read again.
    opts.full = args.full || opts.read != gongwen::corpus::ReadOptions::default();
    opts.user_dict = extra;
    let progress = progress::Progress::new(cli.quiet);
    let summary = ingest::ingest(&opts, &progress)
        .with_context(|| format!("ingesting {}", corpus.display()))?;
    progress.finish();
    if !cli.quiet {
        let skipped = if summary.skipped_files > 0 || !summary.problems.is_empty() {
            format!(
                ", skipped {} files and {} problems (see above)",
                summary.skipped_files,
                summary.problems.len()
            )
        } else {
            String::new()
        };
        let unchanged = if summary.unchanged_files > 0 {
            format!(
                " ({} unchanged since the last ingest)",
                summary.unchanged_files
            )
        } else {
            String::new()
        };
        eprintln!(
            "gongwen: ingested {} documents from {} files{unchanged} ({:.1} MB) into {}{skipped}",
            summary.documents,
            summary.files - summary.skipped_files,
            summary.bytes as f64 / 1e6,
            cli.store.display()
        );
    }
    if cli.verbose > 0 {
        for (stage, d) in &summary.timings.stages {
            eprintln!("gongwen: {stage:>38}: {:>8.2} s", d.as_secs_f64());
        }
    }
    Ok(summary)
}

fn ingest_exit(summary: &IngestSummary) -> ExitCode {
    if summary.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

#[derive(Serialize)]
struct DocJson<'a> {
    doc_id: &'a str,
    title: Option<&'a str>,
    source: &'a str,
    ordinal: u32,
    locality: Option<&'a str>,
    year: Option<i32>,
    chars: u64,
}

fn docs(cli: &Cli, json: bool) -> Result<ExitCode> {
    let gen = Store::new(&cli.store).current()?;
    let rows = frames::read_documents(gen.dir(), false)?;
    let mut out = Out::new();
    if json {
        for d in &rows {
            out.json(&DocJson {
                doc_id: &d.doc_id,
                title: d.title.as_deref(),
                source: &d.source,
                ordinal: d.ordinal,
                locality: d.locality.as_deref(),
                year: d.year,
                chars: d.chars,
            });
        }
    } else {
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|d| {
                vec![
                    d.doc_id.clone(),
                    print::clip(d.title.as_deref().unwrap_or("-"), 40),
                    opt(&d.locality),
                    opt(&d.year),
                    d.chars.to_string(),
                    format!("{}#{}", d.source, d.ordinal),
                ]
            })
            .collect();
        print::table(
            &mut out,
            &["doc_id", "title", "locality", "year", "chars", "source"],
            &table,
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct HitJson<'a> {
    doc_id: &'a str,
    title: Option<&'a str>,
    source: &'a str,
    locality: Option<&'a str>,
    year: Option<i32>,
    score: f32,
    snippet: String,
}

fn search(cli: &Cli, query: &str, opts: &SearchOptions, json: bool) -> Result<ExitCode> {
    let gen = Store::new(&cli.store).current()?;
    gongwen::segment::init_for_query(ingest::user_dict(gen.dir()).as_deref(), query)
        .map_err(|e| anyhow::anyhow!("stored dictionary: {e}"))?;
    let searcher = Searcher::open(&gen.dir().join("index"))?;
    let hits = searcher.search(query, opts)?;
    if hits.is_empty() {
        if !cli.quiet {
            eprintln!("gongwen: no documents match {query:?}");
        }
        return Ok(ExitCode::from(1));
    }
    let mut out = Out::new();
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for h in &hits {
        if json {
            out.json(&HitJson {
                doc_id: &h.doc_id,
                title: h.title.as_deref(),
                source: &h.source,
                locality: h.locality.as_deref(),
                year: h.year,
                score: h.score,
                snippet: h.snippet.to_html(),
            });
            continue;
        }
        out.line(&format!(
            "{}  [{} {}]  {}  {:.2}",
            h.title.as_deref().unwrap_or("(untitled)"),
            opt(&h.locality),
            opt(&h.year),
            h.source,
            h.score
        ));
        let snippet: String = h
            .snippet
            .parts
            .iter()
            .map(|(s, hit)| match (hit, bold) {
                (true, true) => format!("\x1b[1m{s}\x1b[0m"),
                (true, false) => format!("[{s}]"),
                _ => s.clone(),
            })
            .collect();
        out.line(&format!("    …{snippet}…"));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_reports(cli: &Cli, out_dir: &Path) -> Result<()> {
    let gen = Store::new(&cli.store).current()?;
    let files = gongwen::report::write_all(gen.dir(), out_dir)?;
    if !cli.quiet {
        eprintln!(
            "gongwen: wrote {} report files to {}",
            files.len(),
            out_dir.display()
        );
    }
    Ok(())
}

fn indicators(
    cli: &Cli,
    locality: Option<&str>,
    metric: Option<&str>,
    kind: Option<&str>,
    format: Format,
) -> Result<ExitCode> {
    if let Some(k) = kind {
        k.parse::<gongwen::extract::Kind>().map_err(|_| {
            anyhow::anyhow!("unknown kind {k:?}: use growth, amount, count, ratio or measure")
        })?;
    }
    if let Some(m) = metric {
        let known = gongwen::extract::Extractor::global().metrics().ids();
        anyhow::ensure!(
            known.contains(&m),
            "unknown metric {m:?}: known metrics are {}",
            known.join(", ")
        );
    }
    let gen = Store::new(&cli.store).current()?;
    let rows: Vec<_> = frames::read_indicators(gen.dir())?
        .into_iter()
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| metric.is_none_or(|m| r.metric.as_deref() == Some(m)))
        .filter(|r| {
            locality.is_none_or(|l| {
                r.locality
                    .as_deref()
                    .is_some_and(|rl| gongwen::place::same_locality(l, rl))
            })
        })
        .collect();
    if rows.is_empty() {
        if !cli.quiet {
            eprintln!("gongwen: no indicators match");
        }
        return Ok(ExitCode::from(1));
    }
    let mut out = Out::new();
    match format {
        Format::Json => rows.iter().for_each(|r| out.json(r)),
        Format::Csv => {
            let table = gongwen::report::csv::indicator_cells(&rows);
            print::csv_rows(&mut out, &frames::INDICATOR_COLUMNS, &table);
        }
        _ => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        opt(&r.locality),
                        opt(&r.year),
                        r.kind.clone(),
                        opt(&r.metric),
                        print::clip(&r.text, 24),
                        opt(&r.normalized_value.map(gongwen::report::format::num)),
                        opt(&r.normalized_unit),
                        r.status.clone(),
                        opt(&r.modifier),
                        print::clip(r.title.as_deref().unwrap_or("-"), 20),
                    ]
                })
                .collect();
            let header = [
                "locality", "year", "kind", "metric", "text", "value", "unit", "status",
                "modifier", "title",
            ];
            print::table(&mut out, &header, &table);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn dedup(cli: &Cli, threshold: f64, json: bool) -> Result<ExitCode> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&threshold),
        "--threshold must be between 0 and 1, not {threshold}"
    );
    let gen = Store::new(&cli.store).current()?;
    let rows = gongwen::dedup::rows_at(frames::read_duplicates(gen.dir())?, threshold);
    if rows.is_empty() {
        if !cli.quiet {
            eprintln!("gongwen: no near-duplicate pairs at threshold {threshold}");
        }
        return Ok(ExitCode::from(1));
    }
    let mut out = Out::new();
    if json {
        rows.iter().for_each(|r| out.json(r));
        return Ok(ExitCode::SUCCESS);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.cluster.to_string(),
                format!("{:.3}", r.containment),
                format!("{:.3}", r.jaccard),
                format!(
                    "{} {}",
                    r.doc_a,
                    print::clip(r.title_a.as_deref().unwrap_or("-"), 30)
                ),
                format!(
                    "{} {}",
                    r.doc_b,
                    print::clip(r.title_b.as_deref().unwrap_or("-"), 30)
                ),
            ]
        })
        .collect();
    print::table(
        &mut out,
        &["cluster", "containment", "jaccard", "doc_a", "doc_b"],
        &table,
    );
    Ok(ExitCode::SUCCESS)
}

fn dedup_diff(cli: &Cli, a: &str, b: &str) -> Result<ExitCode> {
    let gen = Store::new(&cli.store).current()?;
    let docs = frames::read_documents(gen.dir(), true)?;
    let find = |id: &str| -> Result<&frames::DocRow> {
        let found: Vec<_> = docs.iter().filter(|d| d.doc_id.starts_with(id)).collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => anyhow::bail!("no document with id {id:?} (see `gongwen docs`)"),
            _ => anyhow::bail!(
                "{id:?} is the prefix of {} document ids; give more of it",
                found.len()
            ),
        }
    };
    let (da, db) = (find(a)?, find(b)?);
    let (ta, tb) = (
        da.text.as_deref().unwrap_or(""),
        db.text.as_deref().unwrap_or(""),
    );
    let mut out = Out::new();
    let title = |d: &frames::DocRow| {
        format!(
            "{} {} ({}#{})",
            d.doc_id,
            d.title.as_deref().unwrap_or("-"),
            d.source,
            d.ordinal
        )
    };
    out.line(&format!("--- A {}", title(da)));
    out.line(&format!("+++ B {}", title(db)));
    out.raw(&gongwen::dedup::render_diff(&gongwen::dedup::diff(ta, tb)));
    Ok(ExitCode::SUCCESS)
}
