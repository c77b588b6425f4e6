//! Command-line arguments (clap types only) and their validation into the
//! options the library takes.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gongwen: search, measure, compare and deduplicate Chinese official documents.
#[derive(Debug, Parser)]
#[command(name = "gongwen", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The store folder.
    #[arg(long, global = true, default_value = ".gongwen")]
    pub store: PathBuf,
    /// No progress and no messages except errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More messages.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// Output formats for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Csv,
    Md,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest a corpus, then write every report: the main job.
    Run {
        /// Corpus folder or file.
        #[arg(default_value = "corpus")]
        corpus: PathBuf,
        /// Where the reports go.
        #[arg(long, default_value = "reports")]
        reports: PathBuf,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Load, segment, index, extract and fingerprint a corpus into the store.
    Ingest {
        /// Corpus folder or file.
        corpus: PathBuf,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Full-text search.
    Search {
        /// Words, "phrases in quotes", AND/OR/NOT, -excluded.
        query: String,
        /// Only documents of this province, city or county (北京 = 北京市).
        #[arg(long)]
        locality: Option<String>,
        /// Only documents of this year.
        #[arg(long)]
        year: Option<i32>,
        /// Number of hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// JSON Lines on stdout.
        #[arg(long)]
        json: bool,
    },
    /// The indicator table.
    Indicators {
        #[arg(long)]
        locality: Option<String>,
        /// Metric id (gdp, fiscal_revenue, …).
        #[arg(long)]
        metric: Option<String>,
        /// growth, amount, count, ratio or measure.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// Localities side by side.
    Compare {
        /// Metric ids (repeatable); default: the headline metrics.
        #[arg(long)]
        metric: Vec<String>,
        /// actual, target or average.
        #[arg(long, default_value = "actual")]
        status: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        locality: Option<String>,
        /// One row per locality, one column per metric.
        #[arg(long)]
        wide: bool,
        #[arg(long)]
        json: bool,
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        #[arg(long, conflicts_with_all = ["json", "csv"])]
        md: bool,
    },
    /// Near-duplicate pairs and clusters.
    Dedup {
        /// Report pairs scoring at least this.
        #[arg(long)]
        threshold: Option<f64>,
        #[arg(long)]
        json: bool,
        /// Show what differs between two documents (ids or unique id prefixes).
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        diff: Option<Vec<String>>,
    },
    /// Markdown, HTML and CSV reports.
    Report {
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// The documents in the store.
    Docs {
        #[arg(long)]
        json: bool,
    },
}

/// Options shared by `ingest` and `run`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Extra segmentation dictionary (`word [freq] [tag]` per line).
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Rebuild from scratch.
    #[arg(long)]
    pub full: bool,
    /// Column of csv, jsonl and xlsx files holding the text (repeat it to
    /// join several); default: the first of text, content, full_text,
    /// body, 正文, 内容.
    #[arg(long = "text-column", value_name = "C")]
    pub text_columns: Vec<String>,
    /// Column holding the title; default: title or 标题.
    #[arg(long, value_name = "C")]
    pub title_column: Option<String>,
    /// Column holding the locality; default: locality, province, city,
    /// county or 地区.
    #[arg(long, value_name = "C")]
    pub locality_column: Option<String>,
    /// Column holding the year; default: year or 年份.
    #[arg(long, value_name = "C")]
    pub year_column: Option<String>,
}

impl IngestArgs {
    /// The column options, as the readers take them.
    pub fn read_options(&self) -> crate::corpus::ReadOptions {
        crate::corpus::ReadOptions {
            text_columns: self.text_columns.clone(),
            title_column: self.title_column.clone(),
            locality_column: self.locality_column.clone(),
            year_column: self.year_column.clone(),
        }
    }
}

impl Format {
    /// The format chosen by mutually exclusive flags.
    pub fn from_flags(json: bool, csv: bool, md: bool) -> Format {
        match (json, csv, md) {
            (true, _, _) => Format::Json,
            (_, true, _) => Format::Csv,
            (_, _, true) => Format::Md,
            _ => Format::Human,
        }
    }
}
