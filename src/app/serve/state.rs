//! What the server loads once (the searcher and its segmenter, the report's
//! tables, the documents by id), the answers it keeps, and how a request's
//! work is bounded: a few at a time, each for at most `WORK_TIME`.

use super::super::messages::Messages;
use super::super::options::{Global, Serve};
use anyhow::{Context, Result};
use axum::http::StatusCode;
use gongwen::frames::{self, DocRow};
use gongwen::index::{Kept, Searcher};
use gongwen::report::Tables;
use gongwen::reuse::rows::ReuseRow;
use gongwen::store::{Generation, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The longest a request's work may take before it is answered 503.
const WORK_TIME: Duration = Duration::from_secs(10);
/// Requests worked on at once, per core; more wait for a turn, first come
/// first served (within `WORK_TIME`): a request runs to its end instead of
/// sharing the cores with many others, which keeps the slowest answers
/// close to the typical.
const WORKERS_PER_CORE: usize = 1;
/// Answers kept (commands' JSON and pages' tables), and the largest kept.
const CACHE_ENTRIES: usize = 512;
const CACHE_BYTES: usize = 8 << 20;
/// Bytes of document texts kept.
const TEXT_CACHE_BYTES: usize = 64 << 20;

type Slot = Arc<Mutex<Option<Arc<String>>>>;

/// Why a request got no answer: each is a status and a message.
#[derive(Debug)]
pub enum Fail {
    /// The request is wrong (400), with what is wrong.
    Bad(String),
    /// No such document or page (404).
    NotFound(String),
    /// Too much work at once, or too long (503).
    Busy(String),
    /// The server failed (500).
    Internal(String),
    /// A query string over the limit (414).
    TooLong(String),
    /// A `Host` this server does not serve (421).
    OtherHost(String),
}

impl Fail {
    pub fn status(&self) -> StatusCode {
        match self {
            Fail::Bad(_) => StatusCode::BAD_REQUEST,
            Fail::NotFound(_) => StatusCode::NOT_FOUND,
            Fail::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Fail::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Fail::TooLong(_) => StatusCode::URI_TOO_LONG,
            Fail::OtherHost(_) => StatusCode::MISDIRECTED_REQUEST,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Fail::Bad(m)
            | Fail::NotFound(m)
            | Fail::Busy(m)
            | Fail::Internal(m)
            | Fail::TooLong(m)
            | Fail::OtherHost(m) => m,
        }
    }

    /// A library error: the query's fault when it is a bad query, the
    /// server's otherwise.
    pub fn from_lib(e: gongwen::error::Error) -> Fail {
        match e {
            gongwen::error::Error::Query { .. } | gongwen::error::Error::Invalid(_) => {
                Fail::Bad(e.to_string())
            }
            other => Fail::Internal(other.to_string()),
        }
    }
}

/// The server's state, shared by every request.
pub struct App {
    /// The caller's options, quiet, with no sink: commands run with a copy
    /// that has one.
    pub global: Global,
    /// The caller's messages (`-v`: a line per request).
    messages: Messages,
    pub dicts: Option<PathBuf>,
    pub gen: Generation,
    pub searcher: Searcher,
    pub tables: Tables,
    /// Row of each document in `tables.docs` (= in the documents table).
    pub rows: HashMap<String, usize>,
    /// Each document's rows in `tables.indicators`.
    figures: HashMap<String, Vec<usize>>,
    reuse: OnceLock<std::result::Result<Arc<Vec<ReuseRow>>, String>>,
    /// Answers by key; a slot's lock makes requests for an answer being
    /// made wait for it instead of making it again.
    cache: Mutex<HashMap<String, Slot>>,
    /// Texts of documents indexed in parts read for document pages and
    /// diffs, and their bytes in all.
    texts: Kept<usize, str>,
    work: Arc<Semaphore>,
    hosts: OnceLock<Vec<String>>,
}

impl App {
    /// Opens the store's current generation and loads what every request
    /// reads.
    pub fn load(global: &Global, opts: &Serve) -> Result<App> {
        let gen = Store::new(&global.store).current()?;
        let segmenter = gen.segmenter()?;
        let searcher = Searcher::open(&gen.index_dir(), segmenter)?;
        let tables = Tables::read(gen.dir()).context("reading the store's tables")?;
        let rows = tables
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.doc_id.clone(), i))
            .collect();
        let mut figures: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in tables.indicators.iter().enumerate() {
            figures.entry(r.doc_id.to_string()).or_default().push(i);
        }
        let messages = global.messages;
        let mut global = global.clone();
        global.messages = Messages::new(true, 0);
        Ok(App {
            global,
            messages,
            dicts: opts.dicts.clone(),
            gen,
            searcher,
            tables,
            rows,
            figures,
            reuse: OnceLock::new(),
            cache: Mutex::new(HashMap::new()),
            texts: Kept::new(TEXT_CACHE_BYTES),
            work: Arc::new(Semaphore::new(
                WORKERS_PER_CORE * std::thread::available_parallelism().map_or(2, usize::from),
            )),
            hosts: OnceLock::new(),
        })
    }
}

impl App {
    pub fn messages(&self) -> Messages {
        self.messages
    }

    /// The `Host` headers answered: the address listened on, and
    /// `localhost` for a loopback one.
    pub fn set_host(&self, addr: &std::net::SocketAddr) {
        let port = addr.port();
        let mut hosts = vec![addr.to_string()];
        if addr.ip().is_loopback() {
            hosts.push(format!("localhost:{port}"));
        }
        let _ = self.hosts.set(hosts);
    }

    /// Whether a request's `Host` is one served; an address other than a
    /// loopback one (`--host 0.0.0.0`) takes any.
    pub fn host_allowed(&self, host: Option<&str>) -> bool {
        match self.hosts.get() {
            Some(hosts) if hosts[0].starts_with("127.") || hosts[0].starts_with("[::1]") => {
                host.is_some_and(|h| hosts.iter().any(|a| a.eq_ignore_ascii_case(h)))
            }
            _ => true,
        }
    }

    /// Runs `f` on a blocking thread when one of the turns (`WORKERS_PER_CORE`) is
    /// free, for at most `WORK_TIME` in all (503 after that).
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&App) -> std::result::Result<T, Fail> + Send + 'static,
    ) -> std::result::Result<T, Fail> {
        let busy = || {
            Fail::Busy(format!(
                "the server is busy: no answer within {} s",
                WORK_TIME.as_secs()
            ))
        };
        let deadline = tokio::time::Instant::now() + WORK_TIME;
        let permit = tokio::time::timeout_at(deadline, Arc::clone(&self.work).acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        let app = Arc::clone(self);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&app)
        });
        match tokio::time::timeout_at(deadline, task).await {
            Err(_) => Err(busy()),
            Ok(Err(e)) => Err(Fail::Internal(format!("the request's work failed: {e}"))),
            Ok(Ok(answer)) => answer,
        }
    }

    /// The answer kept under `key`, or `make`'s, kept when it is small
    /// enough (an error is not kept). Requests for an answer being made
    /// wait for it: a slow table is made once, not once per request.
    pub fn cached(
        &self,
        key: &str,
        make: impl FnOnce() -> std::result::Result<String, Fail>,
    ) -> std::result::Result<Arc<String>, Fail> {
        let slot = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if cache.len() >= CACHE_ENTRIES && !cache.contains_key(key) {
                cache.clear();
            }
            Arc::clone(cache.entry(key.to_string()).or_default())
        };
        let mut kept = slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(answer) = &*kept {
            return Ok(Arc::clone(answer));
        }
        let answer = Arc::new(make()?);
        if answer.len() <= CACHE_BYTES {
            *kept = Some(Arc::clone(&answer));
        }
        Ok(answer)
    }

    /// The document with this id (exactly), with its row.
    pub fn doc(&self, id: &str) -> std::result::Result<(usize, &DocRow), Fail> {
        let valid = !id.is_empty()
            && id.len() <= 128
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(Fail::Bad(format!("{id:?} is not a document id")));
        }
        match self.rows.get(id) {
            Some(&row) => Ok((row, &self.tables.docs[row])),
            None => Err(Fail::NotFound(format!("no document with id {id:?}"))),
        }
    }

    /// The indicators of the document `id`.
    pub fn figures(&self, id: &str) -> Vec<&gongwen::frames::IndicatorRow> {
        self.figures
            .get(id)
            .map(|rows| rows.iter().map(|&i| &self.tables.indicators[i]).collect())
            .unwrap_or_default()
    }

    /// The text of the document at `row`: the index's stored copy (a
    /// document indexed whole; the searcher keeps those it read), or read
    /// from the documents table (a row group decompressed: seconds on a
    /// gigabyte) and kept here.
    pub fn text(&self, row: usize) -> std::result::Result<Arc<str>, Fail> {
        let id = &self.tables.docs[row].doc_id;
        if let Some(text) = self.searcher.stored_text(id).map_err(Fail::from_lib)? {
            return Ok(text);
        }
        if let Some(text) = self.texts.get(&row) {
            return Ok(text);
        }
        let text: Arc<str> = frames::read_texts(self.gen.dir(), &[row])
            .map_err(|e| Fail::Internal(e.to_string()))?
            .pop()
            .ok_or_else(|| Fail::Internal(format!("the store has no text at row {row}")))?
            .into();
        self.texts.keep(row, &text, text.len());
        Ok(text)
    }

    /// The shared passages of the store (every cluster, boilerplate
    /// flagged), computed when first asked for.
    pub fn reuse(&self) -> std::result::Result<Arc<Vec<ReuseRow>>, Fail> {
        self.reuse
            .get_or_init(|| {
                let query = gongwen::reuse::rows::Query {
                    min_chars: gongwen::reuse::DEFAULT_MIN_CHARS,
                    locality: None,
                    boilerplate: true,
                };
                gongwen::reuse::rows::reuse(self.gen.dir(), &query)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(Fail::Internal)
    }
}
