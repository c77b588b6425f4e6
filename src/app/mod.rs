//! The command-line application: raw arguments (`args`) are validated once
//! into typed options (`options`), a command runs on those and returns an
//! [`Outcome`], and `main` turns that into the exit code. stdout carries
//! data; stderr carries the progress bar and the lines of `messages`.
//! Exit 0 ok, 1 nothing found, 2 error (or files skipped during ingest).

mod args;
mod compare;
mod dedup;
mod docs;
mod export;
mod indicators;
mod ingest;
mod messages;
mod options;
mod panel;
mod print;
mod progress;
mod reuse;
mod search;
mod serve;
mod terms;

use anyhow::Result;
use clap::Parser;
use options::{Cmd, Global, Options};
use std::path::Path;
use std::process::ExitCode;

/// How a command ended, short of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked (exit 0).
    Done,
    /// Nothing matched; the note says what was looked for (exit 1).
    Nothing(String),
    /// Ingested, but some files were skipped; each was named as it came
    /// (exit 2, so that scripts notice).
    Skipped,
}

pub fn main() -> ExitCode {
    let opts = match Options::from_args(args::Args::parse()) {
        Ok(opts) => opts,
        Err(e) => return failed(&e),
    };
    match run(&opts) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing(note)) => {
            opts.global.messages.note(note);
            ExitCode::from(1)
        }
        Ok(Outcome::Skipped) => ExitCode::from(2),
        Err(e) => failed(&e),
    }
}

fn failed(e: &anyhow::Error) -> ExitCode {
    messages::error(format_args!("{e:#}"));
    ExitCode::from(2)
}

fn run(opts: &Options) -> Result<Outcome> {
    let global = &opts.global;
    match &opts.cmd {
        Cmd::Run { ingest, reports } => {
            let outcome = ingest::run(global, ingest)?;
            write_reports(global, reports, None)?;
            Ok(outcome)
        }
        Cmd::Ingest(ingest) => ingest::run(global, ingest),
        Cmd::Merge { shards, candidates } => ingest::merge(global, shards, candidates.as_deref()),
        Cmd::Search(query, search, json) => search::run(global, query, search, *json),
        Cmd::Indicators(filter, format) => indicators::run(global, filter, *format),
        Cmd::Compare {
            query,
            wide,
            candidates,
            format,
        } => compare::run(compare::Args {
            query: query.clone(),
            wide: *wide,
            candidates: *candidates,
            format: *format,
            global,
        }),
        Cmd::Panel {
            query,
            wide,
            format,
        } => panel::run(global, query, *wide, *format),
        Cmd::Terms {
            dict,
            by,
            wide,
            format,
        } => terms::run(global, dict, *by, *wide, *format),
        Cmd::Kwic(query, format) => terms::kwic(global, query, *format),
        Cmd::Reuse(query, format) => reuse::run(global, query, *format),
        Cmd::ReuseDiff(a, b, min_chars) => reuse::diff(global, a, b, *min_chars),
        Cmd::Dedup { threshold, json } => dedup::run(global, *threshold, *json),
        Cmd::Diff(a, b) => dedup::diff(global, a, b),
        Cmd::Report { out, dict } => {
            write_reports(global, out, dict.as_deref())?;
            Ok(Outcome::Done)
        }
        Cmd::Docs { json } => docs::run(global, *json),
        Cmd::Serve(opts) => serve::run(global, opts),
        Cmd::Export { bulk } => export::run(global, bulk.as_deref()),
        Cmd::Bands => export::bands(global),
    }
}

fn write_reports(global: &Global, out_dir: &Path, dict: Option<&Path>) -> Result<()> {
    let dict = dict
        .map(|path| terms::read_dict(global, path))
        .transpose()?;
    let gen = gongwen::store::Store::new(&global.store).current()?;
    let files = gongwen::report::write_all(gen.dir(), out_dir, dict.as_ref())?;
    global.messages.note(format_args!(
        "wrote {} report files to {}",
        files.len(),
        out_dir.display()
    ));
    Ok(())
}
