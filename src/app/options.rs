//! Validated options: the raw arguments of `args`, checked once and turned
//! into typed values (library enums, known metric ids, an existing corpus).
//! Commands take these and never see a string they would have to check.

use super::args::{
    Args, Command, CompareArgs, IndicatorsArgs, IngestArgs, KwicArgs, PanelArgs, ReuseArgs,
    TermsArgs,
};
use super::messages::Messages;
use anyhow::{bail, ensure, Result};
use gongwen::extract::{Extractor, Kind, Status};
use gongwen::index::SearchOptions;
use gongwen::report::compare::Query;
use std::path::{Path, PathBuf};

/// Options every command has.
#[derive(Debug, Clone)]
pub struct Global {
    pub store: PathBuf,
    pub messages: Messages,
    /// Where commands write their data: stdout when None (`serve` sets a
    /// buffer).
    pub sink: Option<super::print::Sink>,
}

impl Global {
    /// The command's output: stdout, or the sink `serve` gave.
    pub fn out(&self) -> super::print::Out {
        super::print::Out::new(self.sink.as_ref())
    }
}

/// Output formats for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// CSV; with a byte-order mark when `bom`.
    Csv {
        bom: bool,
    },
    Md,
}

impl Format {
    /// The format chosen by mutually exclusive flags (clap rejects two).
    fn from_flags(json: bool, csv: bool, md: bool, bom: bool) -> Format {
        match (json, csv, md) {
            (true, _, _) => Format::Json,
            (_, true, _) => Format::Csv { bom },
            (_, _, true) => Format::Md,
            _ => Format::Human,
        }
    }
}

/// What `ingest` and `run` read: a corpus that exists.
#[derive(Debug, Clone)]
pub struct Ingest {
    pub corpus: PathBuf,
    pub dict: Option<PathBuf>,
    pub full: bool,
    /// Which columns of table files hold the text, title, locality, year.
    pub read: gongwen::corpus::ReadOptions,
    /// `ingest --shard K/N`.
    pub shard: Option<gongwen::ingest::Shard>,
}

/// Which indicator rows `indicators` prints: those of the localities,
/// metrics, statuses and year a comparison would take (an empty list lets
/// every value through, statuses too), and of these kinds.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFilter {
    pub query: Query,
    pub kinds: Vec<Kind>,
}

/// A command with its validated options.
#[derive(Debug, Clone)]
pub enum Cmd {
    Run {
        ingest: Ingest,
        reports: PathBuf,
    },
    Ingest(Ingest),
    /// `export --bands`.
    Bands,
    Merge {
        shards: Vec<PathBuf>,
        candidates: Option<PathBuf>,
    },
    Search(String, SearchOptions, bool),
    Indicators(IndicatorFilter, Format),
    Compare {
        query: Query,
        wide: bool,
        candidates: bool,
        format: Format,
    },
    Panel {
        query: gongwen::report::panel::Query,
        wide: bool,
        format: Format,
    },
    Terms {
        dict: PathBuf,
        by: gongwen::measure::terms::By,
        wide: bool,
        format: Format,
    },
    Kwic(gongwen::measure::kwic::Query, Format),
    Reuse(gongwen::reuse::rows::Query, Format),
    ReuseDiff(String, String, usize),
    Dedup {
        threshold: f64,
        json: bool,
    },
    Diff(String, String),
    Report {
        out: PathBuf,
        dict: Option<PathBuf>,
    },
    Docs {
        json: bool,
    },
    Serve(Serve),
    /// `export --ndjson`, with `_bulk` action lines for this index.
    Export {
        bulk: Option<String>,
    },
}

/// Where `serve` listens, and the dictionaries it may read.
#[derive(Debug, Clone)]
pub struct Serve {
    pub addr: std::net::SocketAddr,
    pub dicts: Option<PathBuf>,
}

/// Everything a run of gongwen needs, validated.
#[derive(Debug, Clone)]
pub struct Options {
    pub global: Global,
    pub cmd: Cmd,
}

impl Options {
    /// Checks the raw arguments; the error names the flag and what it accepts.
    pub fn from_args(args: Args) -> Result<Options> {
        let global = Global {
            store: args.store,
            messages: Messages::new(args.quiet, args.verbose),
            sink: None,
        };
        let cmd = command(args.command)?;
        Ok(Options { global, cmd })
    }
}

fn command(c: Command) -> Result<Cmd> {
    Ok(match c {
        Command::Run {
            corpus,
            reports,
            ingest,
        } => Cmd::Run {
            ingest: ingest_options(corpus, ingest)?,
            reports,
        },
        Command::Ingest {
            corpus,
            ingest,
            shard,
        } => Cmd::Ingest(Ingest {
            shard: shard.as_deref().map(shard_spec).transpose()?,
            ..ingest_options(corpus, ingest)?
        }),
        Command::Merge { shards, candidates } => Cmd::Merge { shards, candidates },
        Command::Search(a) => {
            let opts = SearchOptions {
                locality: a.locality,
                year: a.year,
                limit: a.limit,
                count: a.count,
            };
            Cmd::Search(a.query, opts, a.json)
        }
        Command::Indicators(a) => indicators(a)?,
        Command::Compare(a) => compare(a)?,
        Command::Panel(a) => panel(a)?,
        Command::Terms(a) => terms(a)?,
        Command::Kwic(a) => kwic(a)?,
        Command::Reuse(a) => reuse(a)?,
        Command::Dedup {
            threshold,
            json,
            diff,
        } => match diff.as_deref() {
            Some([a, b]) => Cmd::Diff(a.clone(), b.clone()),
            Some(_) => bail!("--diff takes two document ids"),
            None => Cmd::Dedup {
                threshold: dedup_threshold(threshold)?,
                json,
            },
        },
        Command::Report { out, dict } => Cmd::Report { out, dict },
        Command::Docs { json } => Cmd::Docs { json },
        Command::Serve { port, host, dicts } => Cmd::Serve(serve(port, &host, dicts)?),
        Command::Export {
            ndjson,
            bulk,
            bands,
        } => export(ndjson, bulk, bands)?,
    })
}

fn export(ndjson: bool, bulk: Option<String>, bands: bool) -> Result<Cmd> {
    if bands {
        return Ok(Cmd::Bands);
    }
    ensure!(
        ndjson,
        "say which format: gongwen export --ndjson (or --bands)"
    );
    if let Some(index) = &bulk {
        ensure!(
            !index.is_empty() && !index.contains(['"', '\\', '/', '*', '?', ' ', ',', '#']),
            "--bulk {index:?} is not an index name"
        );
    }
    Ok(Cmd::Export { bulk })
}

fn serve(port: u16, host: &str, dicts: Option<PathBuf>) -> Result<Serve> {
    let ip: std::net::IpAddr = match host {
        "localhost" => std::net::Ipv4Addr::LOCALHOST.into(),
        _ => host.parse().map_err(|_| {
            anyhow::anyhow!("--host {host:?} is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)")
        })?,
    };
    if let Some(d) = &dicts {
        ensure!(d.is_dir(), "--dicts {}: no such folder", d.display());
    }
    Ok(Serve {
        addr: (ip, port).into(),
        dicts,
    })
}

fn indicators(a: IndicatorsArgs) -> Result<Cmd> {
    let query = Query {
        locality: a.locality,
        metrics: a
            .metric
            .iter()
            .map(|m| metric_id(m))
            .collect::<Result<_>>()?,
        statuses: a.status.into_iter().map(Status::from).collect(),
        year: a.year,
    };
    let filter = IndicatorFilter {
        query,
        kinds: a.kind.into_iter().map(Kind::from).collect(),
    };
    Ok(Cmd::Indicators(
        filter,
        Format::from_flags(a.out.json, a.out.csv, false, a.out.bom),
    ))
}

fn compare(a: CompareArgs) -> Result<Cmd> {
    let metrics = a
        .metric
        .iter()
        .map(|m| metric_id(m))
        .collect::<Result<Vec<_>>>()?;
    let query = Query {
        metrics,
        // Each status once, in the order given.
        statuses: a
            .status
            .into_iter()
            .map(Status::from)
            .fold(Vec::new(), |mut v, s| {
                if !v.contains(&s) {
                    v.push(s);
                }
                v
            }),
        year: a.year,
        locality: a.locality,
    };
    Ok(Cmd::Compare {
        query,
        wide: a.wide,
        candidates: a.candidates,
        format: Format::from_flags(a.out.json, a.out.csv, a.md, a.out.bom),
    })
}

fn terms(a: TermsArgs) -> Result<Cmd> {
    use gongwen::measure::terms::By;
    let by = match a.by.replace(' ', "").as_str() {
        "locality,year" | "year,locality" => By::LocalityYear,
        "doc" => By::Doc,
        other => bail!("--by {other}: give locality,year or doc"),
    };
    Ok(Cmd::Terms {
        dict: a.dict,
        by,
        wide: a.wide,
        format: Format::from_flags(a.out.json, a.out.csv, false, a.out.bom),
    })
}

fn kwic(a: KwicArgs) -> Result<Cmd> {
    let term = a.term.trim().to_string();
    if let Some(problem) = gongwen::measure::dict::term_problem(&term) {
        bail!("kwic: {problem}");
    }
    ensure!(
        !term.chars().any(char::is_whitespace),
        "kwic {term:?}: a term has no spaces (one term at a time)"
    );
    let query = gongwen::measure::kwic::Query {
        term,
        window: a.window,
        locality: a.locality,
        year: a.year,
        limit: a.limit,
    };
    Ok(Cmd::Kwic(
        query,
        Format::from_flags(a.out.json, a.out.csv, false, a.out.bom),
    ))
}

fn reuse(a: ReuseArgs) -> Result<Cmd> {
    ensure!(
        a.min_chars >= 1,
        "--min-chars {}: a passage has at least 1 character (default {})",
        a.min_chars,
        gongwen::reuse::DEFAULT_MIN_CHARS
    );
    if let Some(ids) = a.diff {
        let [x, y] = ids.as_slice() else {
            bail!("--diff takes two document ids");
        };
        return Ok(Cmd::ReuseDiff(x.clone(), y.clone(), a.min_chars));
    }
    let query = gongwen::reuse::rows::Query {
        min_chars: a.min_chars,
        locality: a.locality,
        boilerplate: !a.no_boilerplate,
    };
    Ok(Cmd::Reuse(
        query,
        Format::from_flags(a.out.json, a.out.csv, false, a.out.bom),
    ))
}

fn panel(a: PanelArgs) -> Result<Cmd> {
    let (from, to) = (a.years.from, a.years.to);
    if let (Some(from), Some(to)) = (from, to) {
        ensure!(
            from <= to,
            "--from {from} is after --to {to}: the first year must not be after the last"
        );
    }
    let query = gongwen::report::panel::Query {
        metrics: a
            .metric
            .iter()
            .map(|m| metric_id(m))
            .collect::<Result<Vec<_>>>()?,
        locality: a.locality,
        from,
        to,
    };
    Ok(Cmd::Panel {
        query,
        wide: a.wide,
        format: Format::from_flags(a.out.json, a.out.csv, false, a.out.bom),
    })
}

/// `--shard K/N`.
fn shard_spec(spec: &str) -> Result<gongwen::ingest::Shard> {
    gongwen::ingest::Shard::parse(spec).map_err(|e| anyhow::anyhow!(e))
}

/// `ingest` and `run` stop here when the corpus is missing: ingesting
/// nothing would replace the store with an empty one and write empty reports.
fn ingest_options(corpus: PathBuf, args: IngestArgs) -> Result<Ingest> {
    if !corpus.exists() {
        bail!("{}", missing_corpus(&corpus));
    }
    Ok(Ingest {
        corpus,
        shard: None,
        dict: args.dict,
        full: args.full,
        read: gongwen::corpus::ReadOptions {
            text_columns: args.text_columns,
            title_column: args.title_column,
            locality_column: args.locality_column,
            year_column: args.year_column,
            // 浙江 → 浙江省, as the filters read it; a name the gazetteer
            // does not know is kept as typed.
            locality: args.locality.map(|l| {
                let l = l.trim();
                gongwen::place::Gazetteer::global()
                    .resolve(l)
                    .map_or_else(|| l.to_string(), |p| p.name.clone())
            }),
            year: args.year,
        },
    })
}

fn missing_corpus(corpus: &Path) -> String {
    let mut msg = format!("no corpus at {}: no such file or folder", corpus.display());
    if corpus == Path::new("corpus") {
        msg.push_str(" (`gongwen run` reads corpus/ in the current folder; give yours: `gongwen run FOLDER`)");
    }
    msg
}

/// A metric id as the metric table spells it: ids are lower-case, so
/// `GDP` and `Gdp` mean `gdp`.
fn metric_id(raw: &str) -> Result<String> {
    let id = raw.trim().to_ascii_lowercase();
    let known = Extractor::global().metrics().ids();
    ensure!(
        known.contains(&id.as_str()),
        "unknown metric {raw:?}: known metrics are {}",
        known.join(", ")
    );
    Ok(id)
}

/// Pairs below the floor are not kept in the store, so a lower threshold
/// would silently give the floor's pairs: refuse it and say why.
fn dedup_threshold(t: f64) -> Result<f64> {
    let floor = gongwen::dedup::DEFAULT_FLOOR;
    ensure!(
        (floor..=1.0).contains(&t),
        "--threshold {t} is outside {floor}–1: the store keeps pairs from containment \
         {floor} up (below it near-duplicates are found only by chance)"
    );
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn options(argv: &[&str]) -> Result<Options> {
        let mut all = vec!["gongwen"];
        all.extend(argv);
        Options::from_args(Args::try_parse_from(all)?)
    }

    #[test]
    fn metric_ids_are_case_insensitive_and_checked() {
        assert_eq!(metric_id("GDP").unwrap(), "gdp");
        assert_eq!(metric_id(" Retail_Sales ").unwrap(), "retail_sales");
        let err = metric_id("gpd").unwrap_err().to_string();
        assert!(
            err.contains("\"gpd\"") && err.contains("fiscal_revenue"),
            "{err}"
        );
    }

    #[test]
    fn indicator_filters_become_library_values() {
        let o = options(&[
            "indicators",
            "--kind",
            "Growth",
            "--status",
            "target",
            "--status",
            "ACTUAL",
        ])
        .unwrap();
        let Cmd::Indicators(f, Format::Human) = o.cmd else {
            panic!("{:?}", o.cmd)
        };
        assert_eq!(
            (f.kinds, f.query.statuses),
            (vec![Kind::Growth], vec![Status::Target, Status::Actual])
        );
        assert!(options(&["indicators", "--kind", "rate"]).is_err());
    }

    #[test]
    fn compare_takes_the_status_contract_string() {
        let o = options(&["compare", "--status", "AVERAGE", "--metric", "Gdp", "--md"]).unwrap();
        let Cmd::Compare { query, format, .. } = o.cmd else {
            panic!("{:?}", o.cmd)
        };
        assert_eq!(
            (query.statuses, format),
            (vec![Status::Average], Format::Md)
        );
        assert_eq!(query.metrics, ["gdp"]);
        let o = options(&[
            "compare", "--status", "target", "--status", "actual", "--status", "TARGET",
        ]);
        let Cmd::Compare { query, .. } = o.unwrap().cmd else {
            panic!("not compare")
        };
        assert_eq!(query.statuses, [Status::Target, Status::Actual]);
    }

    #[test]
    fn dedup_threshold_names_the_floor() {
        assert!(dedup_threshold(0.3).is_ok() && dedup_threshold(1.0).is_ok());
        let err = dedup_threshold(0.2).unwrap_err().to_string();
        assert!(err.contains("0.3"), "{err}");
        assert!(dedup_threshold(f64::NAN).is_err());
        assert!(dedup_threshold(1.5).is_err());
    }

    /// The help text states the floor as a literal; it must be the library's.
    #[test]
    fn dedup_help_states_the_floor() {
        use clap::CommandFactory;
        let mut cmd = Args::command();
        let help = cmd
            .find_subcommand_mut("dedup")
            .unwrap()
            .render_long_help()
            .to_string();
        let floor = gongwen::dedup::DEFAULT_FLOOR;
        assert!(
            help.contains(&format!("from {floor}, the lowest")),
            "{help}"
        );
    }

    #[test]
    fn a_missing_corpus_is_refused_before_anything_runs() {
        let err = options(&["run", "/nonexistent/gongwen-corpus"]).unwrap_err();
        assert!(err.to_string().contains("no such file or folder"), "{err}");
        assert!(options(&["ingest", "corpus"]).is_ok(), "the seed corpus");
    }
}
