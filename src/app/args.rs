//! Raw command-line arguments: the clap types, as the user typed them. They
//! are checked once, in `options`, and no command reads them directly.

use clap::{Parser, Subcommand, ValueEnum};
use gongwen::extract::{Kind, Status};
use std::path::PathBuf;

/// gongwen: search, measure, compare and deduplicate Chinese official documents.
#[derive(Debug, Parser)]
#[command(name = "gongwen", version, about, long_about = None)]
pub struct Args {
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

/// What an indicator measures (the library's [`Kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A change: 增长12.8%, 下降3.3%, 提高1.5个百分点.
    Growth,
    /// Money or a measured quantity: 2.13亿元, 220万吨.
    Amount,
    /// A number of things: 培训干部1963人.
    Count,
    /// A level that is a percentage: 满意率91.28%.
    Ratio,
    /// A named measure: “五个一”, 《…》.
    Measure,
    /// A place in a ranking: 增速居全国第2位.
    Rank,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Growth => Kind::Growth,
            KindArg::Amount => Kind::Amount,
            KindArg::Count => Kind::Count,
            KindArg::Ratio => Kind::Ratio,
            KindArg::Measure => Kind::Measure,
            KindArg::Rank => Kind::Rank,
        }
    }
}

/// What kind of statement a figure is (the library's [`Status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// A figure reached.
    Actual,
    /// A goal: 预期目标, 力争, 计划.
    Target,
    /// A yearly average: 年均增长.
    Average,
    /// A gap to another place or time: 高于全国0.4个百分点.
    Comparison,
    /// An evaluation standard: 每年至少有1项.
    Criterion,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Actual => Status::Actual,
            StatusArg::Target => Status::Target,
            StatusArg::Average => Status::Average,
            StatusArg::Comparison => Status::Comparison,
            StatusArg::Criterion => Status::Criterion,
        }
    }
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
        /// Only the files of shard K of N (by a stable hash of their
        /// path), into a shard store without near-duplicates, for
        /// `gongwen merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
    },
    /// One store from the shard stores of `ingest --shard K/N` (all N of
    /// them): tables, index and near-duplicates, as one ingest would make.
    Merge {
        /// The shard stores (the folders given to their `--store`).
        #[arg(required = true, value_name = "SHARD")]
        shards: Vec<PathBuf>,
        /// Verify these candidate pairs of near-duplicates (Parquet,
        /// columns doc_a and doc_b) instead of finding candidates here.
        #[arg(long, value_name = "FILE")]
        candidates: Option<PathBuf>,
    },
    /// Full-text search.
    Search(SearchArgs),
    /// The indicator table.
    Indicators(IndicatorsArgs),
    /// Localities side by side.
    Compare(CompareArgs),
    /// Targets set and outcomes reached, per locality, metric and year.
    Panel(PanelArgs),
    /// Dictionary term counts and attention measures per locality and year.
    Terms(TermsArgs),
    /// Keyword in context: every occurrence of a term with its surroundings.
    Kwic(KwicArgs),
    /// Passages shared across documents (text reuse), clustered, earliest
    /// first; `--diff A B`: the passages two documents share, aligned.
    Reuse(ReuseArgs),
    /// Near-duplicate pairs and clusters.
    Dedup {
        /// Report pairs whose containment is at least this: from 0.3, the
        /// lowest the store keeps, to 1.
        #[arg(long, default_value_t = gongwen::dedup::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// JSON Lines on stdout.
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
        /// Add the attention measures of this dictionary (see `terms`).
        #[arg(long, value_name = "FILE")]
        dict: Option<PathBuf>,
    },
    /// The local web app: search, read, compare and check duplicates in
    /// the browser, and a JSON API (see the README). Read-only; serves
    /// until Ctrl-C.
    Serve {
        /// The port (0: any free one; the URL is printed).
        #[arg(long, default_value_t = 8790)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 or ::1 lets
        /// other machines read the corpus.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// A folder of dictionaries that `/api/terms?dict=NAME` may name.
        #[arg(long, value_name = "DIR")]
        dicts: Option<PathBuf>,
    },
    /// Every document pre-segmented, as NDJSON for Quickwit or
    /// Elasticsearch/OpenSearch (see the README for their mappings); or the
    /// near-duplicate band keys as Arrow, for the Spark job.
    Export {
        /// One JSON object per line: metadata, the original text, and its
        /// words (and the title's) normalized and joined by spaces.
        #[arg(long)]
        ndjson: bool,
        /// Precede each document with an Elasticsearch/OpenSearch `_bulk`
        /// action line for this index.
        #[arg(long, value_name = "INDEX", requires = "ndjson")]
        bulk: Option<String>,
        /// The near-duplicate band keys (LSH) of every document as an
        /// Arrow IPC stream (doc_id, band, key): for grouping elsewhere
        /// (the Spark job), then `merge --candidates`.
        #[arg(long, conflicts_with = "ndjson")]
        bands: bool,
    },
    /// The documents in the store.
    Docs {
        /// JSON Lines on stdout.
        #[arg(long)]
        json: bool,
    },
}

// The arguments of `gongwen search`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words (a document must have all of them), "an exact phrase" (as
    /// written, spaces aside; never across punctuation or a line break),
    /// OR, NOT, -excluded.
    pub query: String,
    /// Only documents of this province, city or county (北京 = 北京市).
    #[arg(long)]
    pub locality: Option<String>,
    /// Only documents of this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Number of hits.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Count the occurrences in each document (`count`), and in all the
    /// matching documents (the last line, or on stderr with --json).
    #[arg(long)]
    pub count: bool,
    /// JSON Lines on stdout.
    #[arg(long)]
    pub json: bool,
}

// The arguments of `gongwen indicators`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct IndicatorsArgs {
    /// Only figures of this province, city or county (北京 = 北京市).
    #[arg(long)]
    pub locality: Option<String>,
    /// Only figures of this metric id (gdp, fiscal_revenue, …; any case;
    /// repeatable).
    #[arg(long)]
    pub metric: Vec<String>,
    /// Only figures of this kind (repeatable).
    #[arg(long, value_enum, ignore_case = true)]
    pub kind: Vec<KindArg>,
    /// Only statements of this status (repeatable; default: all).
    #[arg(long, value_enum, ignore_case = true)]
    pub status: Vec<StatusArg>,
    /// Only figures that refer to this year (as `compare --year`).
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub out: TableOutput,
}

/// How a table goes to stdout: `--json`, `--csv [--bom]`, or (default)
/// aligned text.
#[derive(Debug, clap::Args)]
pub struct TableOutput {
    /// JSON Lines on stdout.
    #[arg(long)]
    pub json: bool,
    /// CSV on stdout.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// With --csv: start with a byte-order mark, so that Excel reads the
    /// file as UTF-8 (the report's CSV files always have one).
    #[arg(long, requires = "csv")]
    pub bom: bool,
}

// The arguments of `gongwen compare`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Metric ids, any case (repeatable); default: the headline metrics.
    #[arg(long)]
    pub metric: Vec<String>,
    /// The statements to compare (repeatable: `--status actual --status
    /// target` puts each locality's figures and targets side by side).
    #[arg(long, value_enum, ignore_case = true, default_value = "actual")]
    pub status: Vec<StatusArg>,
    /// One year for every locality (default: each locality's reporting year).
    #[arg(long)]
    pub year: Option<i32>,
    /// Only localities within this place (北京 = 北京市).
    #[arg(long)]
    pub locality: Option<String>,
    /// One row per locality, one column per metric.
    #[arg(long)]
    pub wide: bool,
    /// Every statement each cell was chosen from, with the one it took.
    #[arg(long, conflicts_with = "wide")]
    pub candidates: bool,
    #[command(flatten)]
    pub out: TableOutput,
    /// A Markdown table on stdout.
    #[arg(long, conflicts_with_all = ["json", "csv"])]
    pub md: bool,
}

// The arguments of `gongwen panel`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct PanelArgs {
    /// Metric ids, any case (repeatable); default: every metric with a
    /// growth target. `gdp` continues with GNP where a year states no GDP.
    #[arg(long)]
    pub metric: Vec<String>,
    #[command(flatten)]
    pub years: YearSpan,
    /// Only localities within this place (北京 = 北京市).
    #[arg(long)]
    pub locality: Option<String>,
    /// One row per locality and year, columns per metric (for Stata's and
    /// R's panel commands).
    #[arg(long)]
    pub wide: bool,
    #[command(flatten)]
    pub out: TableOutput,
}

// The arguments of `gongwen terms`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct TermsArgs {
    /// The dictionary: one term per line, `category<TAB>term` or `term`
    /// (the category is then the file's name); `#` comments.
    #[arg(long, value_name = "FILE")]
    pub dict: PathBuf,
    /// Group by `locality,year` (the default) or by `doc`.
    #[arg(long, default_value = "locality,year", value_name = "GROUPS")]
    pub by: String,
    /// One row per locality and year (every pair: NA where a locality has
    /// no document that year), columns per category.
    #[arg(long)]
    pub wide: bool,
    #[command(flatten)]
    pub out: TableOutput,
}

// The arguments of `gongwen kwic`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct KwicArgs {
    /// The term (matched in the folded text: 數字 finds 数字, ＧＤＰ GDP).
    pub term: String,
    /// Characters of context each side.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub window: usize,
    /// Only documents of this place (北京 = 北京市).
    #[arg(long)]
    pub locality: Option<String>,
    #[arg(long)]
    pub year: Option<i32>,
    /// At most this many occurrences; 0: all.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub out: TableOutput,
}

// The arguments of `gongwen reuse`; its help text is the variant doc.
#[derive(Debug, clap::Args)]
pub struct ReuseArgs {
    /// Shortest passage reported, in characters without punctuation or
    /// space (a number counts as one).
    #[arg(long, default_value_t = gongwen::reuse::DEFAULT_MIN_CHARS, value_name = "N")]
    pub min_chars: usize,
    /// Only clusters with a passage in this place (北京 = 北京市).
    #[arg(long)]
    pub locality: Option<String>,
    /// Leave out formulas: passages shared by very many documents (see the
    /// README), which are otherwise listed with `boilerplate` true.
    #[arg(long)]
    pub no_boilerplate: bool,
    /// Show the passages two documents share (ids or unique id prefixes),
    /// aligned, with what differs marked.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub diff: Option<Vec<String>>,
    #[command(flatten)]
    pub out: TableOutput,
}

/// The years a panel covers.
#[derive(Debug, clap::Args)]
pub struct YearSpan {
    /// The first year (default: the earliest year with a target or an
    /// outcome).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// The last year (default: the latest).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
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
    /// The issuer of every document, when you know it (e.g. 全国 for the
    /// national reports): replaces metadata and what the text says.
    #[arg(long, value_name = "L")]
    pub locality: Option<String>,
    /// The year of every document, when you know it.
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each clap value is the library's contract string, and every library
    /// value has a flag value (the match fails to compile when one is added).
    #[test]
    fn value_enums_mirror_the_library() {
        for k in KindArg::value_variants() {
            let name = k.to_possible_value().unwrap();
            assert_eq!(Kind::from(*k).as_str(), name.get_name());
        }
        for s in StatusArg::value_variants() {
            let name = s.to_possible_value().unwrap();
            assert_eq!(Status::from(*s).as_str(), name.get_name());
        }
        let back = |k: Kind| match k {
            Kind::Growth => KindArg::Growth,
            Kind::Amount => KindArg::Amount,
            Kind::Count => KindArg::Count,
            Kind::Ratio => KindArg::Ratio,
            Kind::Measure => KindArg::Measure,
            Kind::Rank => KindArg::Rank,
        };
        assert_eq!(back(Kind::Ratio), KindArg::Ratio);
        let back = |s: Status| match s {
            Status::Actual => StatusArg::Actual,
            Status::Target => StatusArg::Target,
            Status::Average => StatusArg::Average,
            Status::Comparison => StatusArg::Comparison,
            Status::Criterion => StatusArg::Criterion,
        };
        assert_eq!(back(Status::Criterion), StatusArg::Criterion);
    }

    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
