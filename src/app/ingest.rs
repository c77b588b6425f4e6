//! `gongwen ingest` and the ingest half of `gongwen run`: the dictionary,
//! the progress bar, and the summary line.

use super::options::{Global, Ingest};
use super::progress::Progress;
use super::Outcome;
use anyhow::{Context, Result};
use gongwen::ingest::{self, IngestOptions, IngestSummary};

/// Ingests the corpus into the store; files that could not be read were
/// named as they came and make the outcome [`Outcome::Skipped`].
pub fn run(global: &Global, args: &Ingest) -> Result<Outcome> {
    let extra = user_dict(args)?;
    let mut opts = IngestOptions::new(&args.corpus, &global.store);
    opts.full = args.full;
    opts.user_dict = extra;
    opts.read = args.read.clone();
    opts.shard = args.shard;
    let progress = Progress::new(global.messages);
    let summary = ingest::ingest(&opts, &progress)
        .with_context(|| format!("ingesting {}", args.corpus.display()))?;
    progress.finish();
    global.messages.note(summary_line(&summary, global));
    stage_times(global, &summary.timings);
    Ok(if summary.problems.is_empty() {
        Outcome::Done
    } else {
        Outcome::Skipped
    })
}

/// Merges shard stores into the store; the summary line says what it holds.
pub fn merge(
    global: &Global,
    shards: &[std::path::PathBuf],
    candidates: Option<&std::path::Path>,
) -> Result<Outcome> {
    let mut opts = gongwen::ingest::MergeOptions::new(shards.to_vec(), &global.store);
    opts.candidates = candidates.map(Into::into);
    let summary = gongwen::ingest::merge(&opts).context("merging shard stores")?;
    let m = &summary.manifest;
    global.messages.note(format_args!(
        "merged {} shards: {} documents from {} files into {}, {} near-duplicate pairs",
        summary.shards,
        m.documents,
        summary.files,
        global.store.display(),
        m.duplicates
    ));
    stage_times(global, &summary.timings);
    Ok(Outcome::Done)
}

/// Each stage's wall time, with `-v`.
fn stage_times(global: &Global, timings: &gongwen::ingest::Timings) {
    for (stage, d) in &timings.stages {
        let secs = d.as_secs_f64();
        global
            .messages
            .detail(format_args!("{stage:>38}: {secs:>8.2} s"));
    }
}

/// Reads `--dict` and checks it; the error names the file and line.
fn user_dict(args: &Ingest) -> Result<Option<String>> {
    let Some(path) = &args.dict else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading dictionary {}", path.display()))?;
    gongwen::segment::check_dict(&text)
        .map_err(|e| anyhow::anyhow!("dictionary {}: {e}", path.display()))?;
    Ok(Some(text))
}

/// `ingested 5 documents from 1 files (0.1 MB) into .gongwen`, with the
/// unchanged and skipped files when there are any.
fn summary_line(s: &IngestSummary, global: &Global) -> String {
    let unchanged = match s.unchanged_files {
        0 => String::new(),
        n => format!(" ({n} unchanged since the last ingest)"),
    };
    let skipped = if s.skipped_files > 0 || !s.problems.is_empty() {
        format!(
            ", skipped {} files and {} problems (see above)",
            s.skipped_files,
            s.problems.len()
        )
    } else {
        String::new()
    };
    format!(
        "ingested {} documents from {} files{unchanged} ({:.1} MB) into {}{skipped}",
        s.documents,
        s.files.saturating_sub(s.skipped_files),
        s.bytes as f64 / 1e6,
        global.store.display()
    )
}
