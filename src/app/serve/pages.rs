//! The pages a reader starts from: the corpus at a glance, search with
//! counts by locality and year, and a document with the query's hits and
//! its figures marked. maud escapes every value put into a template; only
//! the report's own printer output (which escapes its cells) goes in as
//! HTML.

use super::api::MAX_QUERY_CHARS;
use super::state::{App, Fail};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use gongwen::frames::{DocRow, IndicatorRow};
use gongwen::index::{self, Hit, SearchOptions};
use gongwen::report::{self, print::html, tables};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// Hits on a page of search results.
const PER_PAGE: usize = 10;
/// The last page of results one can ask for.
const MAX_PAGE: usize = 200;
/// A document's page shows at most this much of its text.
const MAX_SHOWN_BYTES: usize = 4 << 20;

const NAV: [(&str, &str); 8] = [
    ("/", "Corpus"),
    ("/search", "Search"),
    ("/indicators", "Indicators"),
    ("/compare", "Compare"),
    ("/panel", "Targets and outcomes"),
    ("/duplicates", "Duplicates"),
    ("/reuse", "Shared passages"),
    ("/terms", "Attention"),
];

/// A page: the navigation, then `body`.
pub fn layout(title: &str, here: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · gongwen" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    nav {
                        @for (href, label) in NAV {
                            a href=(href) class=[(here == href).then_some("here")] { (label) }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A failure as a page with its status.
pub fn failed(fail: &Fail) -> Response {
    let page = layout(
        "Error",
        "",
        html! { h1 { "Error " (fail.status().as_u16()) } p.error { (fail.message()) } },
    );
    (fail.status(), page).into_response()
}

/// A page made on a blocking thread, or its failure as a page.
pub async fn page(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> Result<Markup, Fail> + Send + 'static,
) -> Response {
    match app.blocking(f).await {
        Ok(markup) => markup.into_response(),
        Err(fail) => failed(&fail),
    }
}

pub async fn not_found() -> Response {
    failed(&Fail::NotFound("no such page".into()))
}

/// `/`: what the corpus holds, a search box, the headline comparison.
pub async fn home(State(app): State<Arc<App>>) -> Response {
    page(&app, |app| {
        let t = &app.tables;
        let table = app.cached("page:/", || {
            Ok(html::table(&tables::wide(&t.comparison, "wide")))
        })?;
        // The summary counts localities over every indicator: made once.
        let summary = app.cached("page:/summary", || Ok(report::summary(t)))?;
        Ok(layout(
            "gongwen",
            "/",
            html! {
                h1 { "The corpus" }
                p #summary { (summary.as_str()) }
                (search_form(&SearchParams::default()))
                h2 { "Headline comparison" }
                p.note {
                    "Each locality's own figures for its reporting year; "
                    a href="/compare" { "filter, chart and choose metrics" } "."
                }
                (PreEscaped(table.as_str()))
            },
        ))
    })
    .await
}

/// The parameters of `/search` (and of the links it makes).
#[derive(Debug, Default, Clone, Deserialize, serde::Serialize)]
pub struct SearchParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<String>,
}

impl SearchParams {
    /// This search's URL with `change` made to it.
    fn url(&self, change: impl FnOnce(&mut SearchParams)) -> String {
        let mut p = self.clone();
        change(&mut p);
        format!(
            "/search?{}",
            serde_urlencoded::to_string(&p).unwrap_or_default()
        )
    }

    /// The query, filters and page, checked.
    fn checked(&self) -> Result<(String, SearchOptions, usize), Fail> {
        let q = self.q.clone().unwrap_or_default();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(Fail::Bad(format!(
                "the query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let year = match self.year.as_deref().filter(|y| !y.is_empty()) {
            None => None,
            Some(y) => Some(
                y.parse()
                    .map_err(|_| Fail::Bad(format!("year={y:?} is not a year")))?,
            ),
        };
        let page = match self.page.as_deref().filter(|p| !p.is_empty()) {
            None => 1,
            Some(p) => match p.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => {
                    return Err(Fail::Bad(format!(
                        "page={p:?}: a number from 1 to {MAX_PAGE}"
                    )))
                }
            },
        };
        let locality = self.locality.clone().filter(|l| !l.is_empty());
        Ok((
            q,
            SearchOptions {
                locality,
                year,
                limit: page * PER_PAGE,
                count: false,
            },
            page,
        ))
    }
}

fn search_form(p: &SearchParams) -> Markup {
    html! {
        form #search.inline action="/search" method="get" {
            input #q type="search" name="q" value=[p.q.as_deref()] placeholder="词语、\"短语\"、AND/OR/NOT" autofocus;
            input type="text" name="locality" value=[p.locality.as_deref()] placeholder="locality" size="8";
            input type="text" name="year" value=[p.year.as_deref()] placeholder="year" size="5";
            button type="submit" { "Search" }
        }
    }
}

/// `/search`: hits with their snippets, counts by locality and year of
/// every matching document, paging.
pub async fn search(State(app): State<Arc<App>>, Query(p): Query<SearchParams>) -> Response {
    page(&app, move |app| {
        let (q, opts, page) = p.checked()?;
        if q.trim().is_empty() {
            return Ok(layout("Search", "/search", html! { h1 { "Search" } (search_form(&p)) }));
        }
        let (hits, ids) = app
            .searcher
            .search_with_ids(&q, &opts)
            .map_err(Fail::from_lib)?;
        let shown: Vec<&Hit> = hits.iter().skip((page - 1) * PER_PAGE).collect();
        let more = ids.len() > page * PER_PAGE && hits.len() == page * PER_PAGE;
        Ok(layout(
            &q,
            "/search",
            html! {
                h1 { "Search" }
                (search_form(&p))
                p #count { (ids.len()) " documents" }
                (facets(app, &p, &ids))
                ol #hits start=((page - 1) * PER_PAGE + 1) {
                    @for h in &shown { (hit(h, &q)) }
                }
                div.paging {
                    @if page > 1 { a #prev href=(p.url(|p| p.page = Some((page - 1).to_string()))) { "← previous" } }
                    @if more { a #next href=(p.url(|p| p.page = Some((page + 1).to_string()))) { "next →" } }
                }
            },
        ))
    })
    .await
}

fn hit(h: &Hit, q: &str) -> Markup {
    let href = format!(
        "/doc/{}?{}",
        h.doc_id,
        serde_urlencoded::to_string([("q", q)]).unwrap_or_default()
    );
    html! {
        li.hit {
            a.title href=(href) { (h.title.as_deref().unwrap_or("(untitled)")) }
            span.meta {
                (h.locality.as_deref().unwrap_or("-")) " · "
                (h.year.map_or("-".to_string(), |y| y.to_string())) " · " (h.source)
            }
            p.snippet {
                "…"
                @for (s, matched) in &h.snippet.parts {
                    @if *matched { mark { (s) } } @else { (s) }
                }
                "…"
            }
        }
    }
}

/// Counts of the matching documents by locality and by year, each a link
/// that narrows the search to it.
fn facets(app: &App, p: &SearchParams, ids: &[String]) -> Markup {
    let mut places: BTreeMap<&str, usize> = BTreeMap::new();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for d in ids
        .iter()
        .filter_map(|id| app.rows.get(id))
        .map(|&r| &app.tables.docs[r])
    {
        *places
            .entry(d.locality.as_deref().unwrap_or("-"))
            .or_default() += 1;
        if let Some(y) = d.year {
            *years.entry(y).or_default() += 1;
        }
    }
    let mut places: Vec<_> = places.into_iter().collect();
    places.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    html! {
        div.facets {
            div {
                b { "Locality" }
                ul #facet-locality {
                    @for (name, n) in &places {
                        li { a href=(p.url(|p| { p.locality = Some((*name).to_string()); p.page = None; })) { (name) " (" (n) ")" } }
                    }
                }
            }
            div {
                b { "Year" }
                ul #facet-year {
                    @for (y, n) in years.iter().rev() {
                        li { a href=(p.url(|p| { p.year = Some(y.to_string()); p.page = None; })) { (y) " (" (n) ")" } }
                    }
                }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DocParams {
    #[serde(default)]
    q: Option<String>,
}

/// `/doc/{id}`: the whole text, the query's hits and the figures marked;
/// each figure links to its row of the indicators, and `#START-END`
/// (bytes of the text) marks and shows a span.
pub async fn doc(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(p): Query<DocParams>,
) -> Response {
    page(&app, move |app| {
        let (row, d) = app.doc(&id)?;
        let whole = app.text(row)?;
        let full = whole.len();
        let mut cut = full.min(MAX_SHOWN_BYTES);
        while !whole.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &whole[..cut];
        let q = p.q.unwrap_or_default();
        let hits = if q.trim().is_empty() {
            Vec::new()
        } else {
            index::matches(text, &index::query_terms(&q))
        };
        let figs = figures(text, app.figures(&id));
        Ok(layout(
            d.title.as_deref().unwrap_or(&id),
            "",
            html! {
                h1 { (d.title.as_deref().unwrap_or("(untitled)")) }
                (doc_meta(d, figs.len(), hits.len(), &q))
                @if full > text.len() {
                    p.note { "The first " (text.len()) " of " (full) " bytes are shown." }
                }
                (doc_text(text, &figs, &hits))
            },
        ))
    })
    .await
}

fn doc_meta(d: &DocRow, figures: usize, hits: usize, q: &str) -> Markup {
    html! {
        p.meta {
            (d.locality.as_deref().unwrap_or("locality not known"))
            @if let Some(s) = &d.locality_source { " (from " (s.as_str()) ")" }
            " · " (d.year.map_or("year not known".to_string(), |y| y.to_string()))
            " · " (d.source) "#" (d.ordinal) " · " (d.chars) " characters · id " code { (d.doc_id) }
        }
        p.meta {
            a href=(format!("/indicators?doc={}", d.doc_id)) { (figures) " figures" }
            @if !q.is_empty() { " · " (hits) " matches of " b { (q) } }
        }
    }
}

/// A figure of the document: its span, its link and its tooltip.
struct Fig {
    span: Range<usize>,
    href: String,
    tip: String,
}

/// The document's figures that lie inside `text`, in order, none
/// overlapping an earlier one.
fn figures(text: &str, rows: Vec<&IndicatorRow>) -> Vec<Fig> {
    let mut out: Vec<Fig> = Vec::new();
    let mut rows = rows;
    rows.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    for r in rows {
        let ok = r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && out.last().is_none_or(|f| f.span.end <= r.start);
        if !ok {
            continue;
        }
        let tip = format!(
            "{} · {} · {}{}",
            r.metric.as_deref().unwrap_or("-"),
            r.kind.as_str(),
            r.status.as_str(),
            r.year.map_or(String::new(), |y| format!(" · {y}"))
        );
        out.push(Fig {
            span: r.start..r.end,
            href: format!(
                "/indicators?doc={0}#ind-{0}-{1}-{2}",
                r.doc_id, r.start, r.end
            ),
            tip,
        });
    }
    out
}

/// The text in paragraphs (cut after each line break that is not inside a
/// figure), each with the byte it starts at; the article's text is the
/// document's exactly, which the script's byte offsets rely on.
fn doc_text(text: &str, figs: &[Fig], hits: &[Range<usize>]) -> Markup {
    let mut paras = Vec::new();
    let mut start = 0;
    let mut f = 0;
    for (i, _) in text.match_indices('\n') {
        while f < figs.len() && figs[f].span.end <= i {
            f += 1;
        }
        let inside = figs.get(f).is_some_and(|g| g.span.start <= i);
        if !inside {
            paras.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < text.len() {
        paras.push(start..text.len());
    }
    html! {
        article #text {
            @for p in &paras {
                p data-start=(p.start) { (paragraph(text, p.clone(), figs, hits)) }
            }
        }
    }
}

fn paragraph(text: &str, p: Range<usize>, figs: &[Fig], hits: &[Range<usize>]) -> Markup {
    let first = figs.partition_point(|f| f.span.start < p.start);
    let inside: Vec<&Fig> = figs[first..]
        .iter()
        .take_while(|f| f.span.end <= p.end)
        .collect();
    let mut at = p.start;
    let mut pieces = Vec::new();
    for f in inside {
        pieces.push((at..f.span.start, None));
        pieces.push((f.span.clone(), Some(f)));
        at = f.span.end;
    }
    pieces.push((at..p.end, None));
    html! {
        @for (r, fig) in &pieces {
            @if let Some(f) = fig {
                a.fig id=(format!("{}-{}", r.start, r.end)) href=(f.href) title=(f.tip) { (marked(text, r.clone(), hits)) }
            } @else {
                (marked(text, r.clone(), hits))
            }
        }
    }
}

/// `text[r]` with the parts inside `hits` marked.
fn marked(text: &str, r: Range<usize>, hits: &[Range<usize>]) -> Markup {
    let first = hits.partition_point(|h| h.end <= r.start);
    let mut at = r.start;
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    for h in hits[first..].iter().take_while(|h| h.start < r.end) {
        let (s, e) = (h.start.max(r.start), h.end.min(r.end));
        if at < s {
            pieces.push((at..s, false));
        }
        pieces.push((s..e, true));
        at = e;
    }
    if at < r.end {
        pieces.push((at..r.end, false));
    }
    html! {
        @for (span, hit) in &pieces {
            @if *hit { mark.hit { (&text[span.clone()]) } } @else { (&text[span.clone()]) }
        }
    }
}
