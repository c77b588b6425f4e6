//! `/api/{command}`: the CLI's commands with the query's parameters as
//! their options (`/api/compare?metric=gdp&wide=1` is `gongwen compare
//! --metric gdp --wide --json`), validated by the same code, answering a
//! JSON array of exactly the records `--json` prints. `search` is answered
//! from the searcher loaded once; the other commands' answers are kept, as
//! the store never changes under the server.

use super::super::args::Args;
use super::super::options::{Cmd, Options};
use super::super::search::{find, hit_json};
use super::super::Outcome;
use super::state::{App, Fail};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use clap::{CommandFactory, Parser};
use gongwen::index::SearchOptions;
use std::sync::{Arc, Mutex};

/// Commands the API runs, and the parameter of each that is its positional
/// argument.
const COMMANDS: [(&str, Option<&str>); 9] = [
    ("search", Some("q")),
    ("docs", None),
    ("indicators", None),
    ("compare", None),
    ("panel", None),
    ("terms", None),
    ("kwic", Some("term")),
    ("reuse", None),
    ("dedup", None),
];

/// Options the API does not take: the output is always JSON, and the store
/// is the server's.
const REFUSED: [&str; 10] = [
    "json", "csv", "md", "bom", "diff", "store", "quiet", "verbose", "help", "version",
];

/// The most hits or occurrences one answer may have.
const MAX_LIMIT: usize = 10_000;
/// The longest search query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// `GET /api/{command}?…`: a JSON array, or `{"error": …}` with a 4xx
/// status (5xx only when the server fails).
pub async fn answer(
    State(app): State<Arc<App>>,
    Path(command): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    match app
        .blocking(move |app| records(app, &command, &params))
        .await
    {
        Ok(body) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string(),
        )
            .into_response(),
        Err(fail) => error(&fail),
    }
}

/// A failure as JSON.
pub fn error(fail: &Fail) -> Response {
    let body = serde_json::json!({ "error": fail.message() }).to_string();
    (
        fail.status(),
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn records(app: &App, command: &str, params: &[(String, String)]) -> Result<Arc<String>, Fail> {
    let argv = argv(app, command, params)?;
    let opts = parse(&argv)?;
    let key = argv.join("\u{1f}");
    match &opts.cmd {
        Cmd::Search(query, search, _) => self::search(app, query, search),
        // From the tables loaded once, not read again as the CLI does.
        Cmd::Compare {
            query,
            wide,
            candidates,
            ..
        } => app.cached(&key, || {
            let t = &app.tables;
            let c = gongwen::report::compare::compare(&t.docs, &t.indicators, query);
            let table = super::super::compare::table(&c, *wide, *candidates);
            let lines = gongwen::report::print::json::table(&table);
            Ok(array(if c.rows.is_empty() { "" } else { &lines }))
        }),
        _ => app.cached(&key, || run(app, opts)),
    }
}

/// The command line the parameters stand for: flags first (a flag given
/// `0`, `false` or `off` is left out), then `--` and the positional
/// argument, so that a query such as `-腐败` stays a query.
pub fn argv(app: &App, command: &str, params: &[(String, String)]) -> Result<Vec<String>, Fail> {
    let Some(&(_, positional)) = COMMANDS.iter().find(|(c, _)| *c == command) else {
        let known: Vec<&str> = COMMANDS.iter().map(|(c, _)| *c).collect();
        return Err(Fail::NotFound(format!(
            "no API command {command:?}; there are {}",
            known.join(", ")
        )));
    };
    let cli = Args::command();
    let sub = cli.find_subcommand(command);
    let mut argv = vec!["gongwen".to_string(), command.to_string(), "--json".into()];
    let mut last = None;
    for (key, value) in params {
        if Some(key.as_str()) == positional {
            last = Some(value.clone());
            continue;
        }
        let flag = key.replace('_', "-");
        if REFUSED.contains(&flag.as_str()) {
            return Err(Fail::Bad(format!("the API does not take {key:?}")));
        }
        let takes_value = sub
            .and_then(|s| {
                s.get_arguments()
                    .find(|a| a.get_long() == Some(flag.as_str()))
            })
            .map(|a| a.get_action().takes_values());
        match takes_value {
            Some(false) => match value.as_str() {
                "" | "1" | "true" | "on" => argv.push(format!("--{flag}")),
                "0" | "false" | "off" => {}
                _ => {
                    return Err(Fail::Bad(format!(
                        "{key}={value:?}: use {key}=1 or {key}=0"
                    )))
                }
            },
            _ => argv.push(format!("--{flag}={}", value_of(app, &flag, value)?)),
        }
    }
    if let Some(p) = positional {
        let value = last.ok_or_else(|| Fail::Bad(format!("{command} needs {p}=…")))?;
        if command == "search" && value.chars().count() > MAX_QUERY_CHARS {
            return Err(Fail::Bad(format!(
                "the query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        argv.extend(["--".into(), value]);
    }
    Ok(argv)
}

/// A parameter's value as the command line takes it: a limit within
/// bounds, a dictionary by its name in the server's `--dicts` folder.
fn value_of(app: &App, flag: &str, value: &str) -> Result<String, Fail> {
    match flag {
        "limit" => match value.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(value.into()),
            _ => Err(Fail::Bad(format!(
                "limit={value:?}: a number from 1 to {MAX_LIMIT}"
            ))),
        },
        "dict" => {
            let Some(dir) = &app.dicts else {
                return Err(Fail::Bad(
                    "this server has no dictionaries (gongwen serve --dicts DIR)".into(),
                ));
            };
            let plain =
                !value.is_empty() && !value.starts_with('.') && !value.contains(['/', '\\', '\0']);
            let path = dir.join(value);
            if plain && path.is_file() {
                Ok(path.display().to_string())
            } else {
                Err(Fail::NotFound(format!("no dictionary {value:?}")))
            }
        }
        _ => Ok(value.into()),
    }
}

/// The options `argv` stands for, checked by the CLI's own code.
pub fn parse(argv: &[String]) -> Result<Options, Fail> {
    let args = Args::try_parse_from(argv).map_err(|e| {
        let text = e.to_string();
        let first = text.lines().next().unwrap_or("bad parameters");
        Fail::Bad(first.trim_start_matches("error: ").to_string())
    })?;
    Options::from_args(args).map_err(|e| Fail::Bad(format!("{e:#}")))
}

/// Hits as `search --json` prints them, from the loaded searcher.
fn search(app: &App, query: &str, opts: &SearchOptions) -> Result<Arc<String>, Fail> {
    let hits = if opts.count {
        find(&app.searcher, query, opts).map(|(hits, _)| hits)
    } else {
        app.searcher.search(query, opts)
    }
    .map_err(Fail::from_lib)?;
    let lines: Vec<String> = hits
        .iter()
        .take(opts.limit.max(1))
        .map(|h| serde_json::to_string(&hit_json(h)))
        .collect::<Result<_, _>>()
        .map_err(|e| Fail::Internal(e.to_string()))?;
    Ok(Arc::new(format!("[{}]", lines.join(","))))
}

/// Runs the command into a buffer; its JSON Lines become one array (the
/// lines are the command's records, joined as they are).
fn run(app: &App, mut opts: Options) -> Result<String, Fail> {
    let sink = Arc::new(Mutex::new(Vec::new()));
    opts.global = app.global.clone();
    opts.global.sink = Some(Arc::clone(&sink));
    match super::super::run(&opts) {
        Ok(Outcome::Done | Outcome::Nothing(_) | Outcome::Skipped) => {}
        Err(e) => {
            let ours = e
                .downcast_ref::<gongwen::error::Error>()
                .is_some_and(|e| !matches!(e, gongwen::error::Error::Invalid(_)));
            let message = format!("{e:#}");
            return Err(if ours {
                Fail::Internal(message)
            } else {
                Fail::Bad(message)
            });
        }
    }
    let bytes = std::mem::take(&mut *sink.lock().unwrap_or_else(|p| p.into_inner()));
    let text = String::from_utf8(bytes).map_err(|e| Fail::Internal(e.to_string()))?;
    Ok(array(&text))
}

/// JSON Lines as one array: the lines joined as they are.
fn array(json_lines: &str) -> String {
    let lines: Vec<&str> = json_lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    format!("[{}]", lines.join(","))
}
