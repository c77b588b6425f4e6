//! `gongwen serve`: a local web app over one store generation, read-only.
//!
//! - `state`: what is loaded once per process (the searcher with its
//!   segmenter, the report's tables, the documents by id) and the bounded
//!   blocking work every request is answered with;
//! - `api`: `/api/{command}`, the CLI's own commands run with the query's
//!   parameters as their options, answering a JSON array of exactly their
//!   `--json` records;
//! - `pages` (the corpus, search, a document) and `views` (indicators,
//!   comparison, panel, duplicates, diff, shared passages): server-rendered
//!   HTML from maud templates, which escape every value;
//! - `assets`: the one style sheet and the little script, served from the
//!   binary (no external resource, so that the page works offline).
//!
//! Every response carries a content security policy that allows nothing
//! from elsewhere and no inline script; there are no CORS headers, so other
//! sites' pages cannot read the answers, and a `Host` other than the one
//! served is refused (DNS rebinding).

mod api;
mod assets;
mod pages;
mod state;
mod views;

use super::options::{Global, Serve};
use super::Outcome;
use anyhow::{Context, Result};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use state::{App, Fail};
use std::sync::Arc;
use std::time::Instant;

/// The longest query string a request may have.
const MAX_QUERY_BYTES: usize = 4096;

/// Loads the store, listens on `opts.addr` and serves until Ctrl-C (or
/// SIGTERM), then finishes the requests under way.
pub fn run(global: &Global, opts: &Serve) -> Result<Outcome> {
    let started = Instant::now();
    let app = Arc::new(App::load(global, opts)?);
    global.messages.detail(format_args!(
        "loaded the store in {:.2} s",
        started.elapsed().as_secs_f64()
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(serve(global, opts, app))?;
    global.messages.note("stopped");
    Ok(Outcome::Done)
}

async fn serve(global: &Global, opts: &Serve, app: Arc<App>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .with_context(|| format!("cannot listen on {}", opts.addr))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        global.messages.note(format_args!(
            "warning: listening on {}: other machines can read this corpus",
            addr.ip()
        ));
    }
    let url = format!("http://{addr}/");
    app.set_host(&addr);
    global.messages.note(format_args!(
        "serving {} at {url} (Ctrl-C stops)",
        global.store.display()
    ));
    global.out().line(&url);
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving")
}

/// Every route; unknown paths get the 404 page.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/doc/{id}", get(pages::doc))
        .route("/indicators", get(views::indicators))
        .route("/compare", get(views::compare))
        .route("/panel", get(views::panel))
        .route("/duplicates", get(views::duplicates))
        .route("/diff", get(views::diff))
        .route("/reuse", get(views::reuse))
        .route("/terms", get(views::terms))
        .route("/api/{command}", get(api::answer))
        .route("/static/app.css", get(assets::css))
        .route("/static/app.js", get(assets::js))
        .fallback(pages::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

/// Before a request: its host and the size of its query; after: the
/// headers that keep the pages to themselves, and a line with `-v`.
async fn guard(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let line = format!("{} {}", request.method(), request.uri().path());
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let query = request.uri().query().unwrap_or("");
    let refused = if !app.host_allowed(host) {
        Some(Fail::OtherHost(format!(
            "this server does not serve {host:?}"
        )))
    } else if query.len() > MAX_QUERY_BYTES {
        let message = format!("the query string is longer than {MAX_QUERY_BYTES} bytes");
        Some(Fail::TooLong(message))
    } else if !decodes_to_utf8(query) {
        Some(Fail::Bad(
            "the query string is not UTF-8 once decoded".into(),
        ))
    } else {
        None
    };
    let mut response = match refused {
        Some(fail) if request.uri().path().starts_with("/api/") => api::error(&fail),
        Some(fail) => pages::failed(&fail),
        None => next.run(request).await,
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; connect-src 'self'; form-action 'self'; \
             base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    app.messages().detail(format_args!(
        "{line} {} {:.1} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1e3
    ));
    response
}

/// Whether a query string's percent-escapes decode to UTF-8 (the parser
/// would put U+FFFD for bytes that do not, and answer a different query).
fn decodes_to_utf8(query: &str) -> bool {
    let b = query.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |at: usize| b.get(at).and_then(|&c| (c as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                bytes.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                bytes.push(c);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&bytes).is_ok()
}

/// Ctrl-C, or SIGTERM where there is one.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
