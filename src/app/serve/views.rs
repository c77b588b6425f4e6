//! The analyses' pages: indicators (each row linking to its place in the
//! document), the comparison with its charts and a filter, targets and
//! outcomes, near-duplicates, a side-by-side diff and shared passages. The
//! options are the CLI's, checked by its code (`api::argv`); the tables
//! and sections are the report's.

use super::api;
use super::pages::{layout, page};
use super::state::{App, Fail};
use crate::app::options::Cmd;
use axum::extract::{Query, State};
use axum::response::Response;
use gongwen::dedup::{self, DiffBlock, DiffKind};
use gongwen::frames::IndicatorRow;
use gongwen::report::{self, compare, format, print::html, tables};
use maud::{html, Markup, PreEscaped};
use std::sync::Arc;

type Params = Query<Vec<(String, String)>>;

/// Rows of the indicators on a page (all of one document's).
const PER_PAGE: usize = 200;
const MAX_DOC_ROWS: usize = 20_000;

/// The parameters named `keys`, taken out of `params`.
fn take(params: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let at = params.iter().position(|(k, _)| k == key)?;
    Some(params.remove(at).1)
}

/// `/indicators?doc=&locality=&metric=&kind=&status=&year=&page=`.
pub async fn indicators(State(app): State<Arc<App>>, Query(mut params): Params) -> Response {
    page(&app, move |app| {
        let doc = take(&mut params, "doc").filter(|d| !d.is_empty());
        let page_no = match take(&mut params, "page").filter(|p| !p.is_empty()) {
            None => 1,
            Some(p) => p
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| Fail::Bad(format!("page={p:?} is not a page number")))?,
        };
        let argv = api::argv(app, "indicators", &params)?;
        let Cmd::Indicators(filter, _) = api::parse(&argv)?.cmd else {
            return Err(Fail::Internal("indicators options".into()));
        };
        let rows: Vec<&IndicatorRow> = match &doc {
            Some(id) => {
                app.doc(id)?;
                app.figures(id)
            }
            None => app.tables.indicators.iter().collect(),
        };
        let rows: Vec<&IndicatorRow> = rows.into_iter().filter(|r| filter.keeps(r)).collect();
        let (per, first) = match doc {
            Some(_) => (MAX_DOC_ROWS, 0),
            None => (PER_PAGE, (page_no - 1) * PER_PAGE),
        };
        let shown: Vec<&IndicatorRow> = rows.iter().skip(first).take(per).copied().collect();
        let link = |n: usize| {
            let mut p = params.clone();
            p.push(("page".into(), n.to_string()));
            format!("/indicators?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
        };
        Ok(layout(
            "Indicators",
            "/indicators",
            html! {
                h1 { "Indicators" }
                (filters(&params))
                p #count { (rows.len()) " figures" @if rows.len() > shown.len() { ", " (first + 1) "–" (first + shown.len()) " shown" } }
                (indicator_table(&shown))
                div.paging {
                    @if first > 0 { a #prev href=(link(page_no - 1)) { "← previous" } }
                    @if first + shown.len() < rows.len() { a #next href=(link(page_no + 1)) { "next →" } }
                }
            },
        ))
    })
    .await
}

fn filters(params: &[(String, String)]) -> Markup {
    let value = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    html! {
        form.inline action="/indicators" method="get" {
            input type="text" name="locality" value=[value("locality")] placeholder="locality" size="8";
            input type="text" name="metric" value=[value("metric")] placeholder="metric (gdp…)" size="12";
            select name="kind" {
                option value="" { "any kind" }
                @for k in ["growth", "amount", "count", "ratio", "measure", "rank"] {
                    option value=(k) selected[value("kind") == Some(k)] { (k) }
                }
            }
            select name="status" {
                option value="" { "any status" }
                @for s in ["actual", "target", "average", "comparison", "criterion"] {
                    option value=(s) selected[value("status") == Some(s)] { (s) }
                }
            }
            input type="text" name="year" value=[value("year")] placeholder="year" size="5";
            button type="submit" { "Filter" }
        }
    }
}

fn indicator_table(rows: &[&IndicatorRow]) -> Markup {
    html! {
        table #indicators {
            thead { tr { th { "document" } th { "locality" } th { "year" } th { "metric" } th { "kind" } th { "status" } th { "value" } th { "text" } } }
            tbody {
                @for r in rows {
                    tr id=(format!("ind-{}-{}-{}", r.doc_id, r.start, r.end)) {
                        td { a href=(format!("/doc/{}", r.doc_id)) { (r.title.as_deref().unwrap_or(&r.doc_id)) } }
                        td { (r.locality.as_deref().unwrap_or("")) }
                        td { (r.year.map(|y| y.to_string()).unwrap_or_default()) }
                        td { (r.metric.as_deref().unwrap_or("")) }
                        td { (r.kind.as_str()) }
                        td { (r.status.as_str()) }
                        td.num { (r.value.map(format::num).unwrap_or_default()) " " (r.unit.as_deref().unwrap_or("")) }
                        td.text { a.at href=(format!("/doc/{}#{}-{}", r.doc_id, r.start, r.end)) title=(&*r.sentence) { (r.text) } }
                    }
                }
            }
        }
    }
}

/// `/compare?metric=&status=&year=&locality=`: the report's comparison and
/// charts, or the table of the options given; a filter over the rows.
pub async fn compare(State(app): State<Arc<App>>, Query(params): Params) -> Response {
    page(&app, move |app| {
        let body = if params.iter().all(|(_, v)| v.is_empty()) {
            let blocks = app.cached("page:/compare", || {
                let t = &app.tables;
                let mut b = report::section_page(t, "comparison").unwrap_or_default();
                b.extend(report::section_page(t, "charts").unwrap_or_default());
                Ok(html::blocks(&b))
            })?;
            PreEscaped(blocks.to_string())
        } else {
            let argv = api::argv(app, "compare", &params)?;
            let Cmd::Compare { query, .. } = api::parse(&argv)?.cmd else {
                return Err(Fail::Internal("compare options".into()));
            };
            let t = &app.tables;
            let c = compare::compare(&t.docs, &t.indicators, &query);
            PreEscaped(html::table(&tables::wide(&c, "wide")))
        };
        Ok(layout(
            "Compare",
            "/compare",
            html! {
                h1 { "Localities side by side" }
                form.inline action="/compare" method="get" {
                    input type="text" name="metric" placeholder="metric (gdp, fiscal_revenue…)" size="20";
                    select name="status" { option value="actual" { "actual" } option value="target" { "target" } }
                    input type="text" name="year" placeholder="year" size="5";
                    input type="text" name="locality" placeholder="within (locality)" size="10";
                    button type="submit" { "Compare" }
                }
                p { "Filter rows: " input #filter type="search" placeholder="湖南, 江…"; " " span #shown {} }
                (body)
            },
        ))
    })
    .await
}

/// `/panel`: the report's targets and outcomes.
pub async fn panel(State(app): State<Arc<App>>) -> Response {
    section_page(app, "/panel", "panel", "Targets and outcomes").await
}

async fn section_page(
    app: Arc<App>,
    here: &'static str,
    id: &'static str,
    title: &'static str,
) -> Response {
    page(&app, move |app| {
        let blocks = app.cached(&format!("page:{here}"), || {
            Ok(html::blocks(
                &report::section_page(&app.tables, id).unwrap_or_default(),
            ))
        })?;
        Ok(layout(
            title,
            here,
            html! { h1 { (title) } (PreEscaped(blocks.as_str())) },
        ))
    })
    .await
}

/// `/duplicates`: near-duplicate pairs, each with a link to their diff.
pub async fn duplicates(State(app): State<Arc<App>>) -> Response {
    page(&app, |app| {
        let rows = app
            .tables
            .duplicates
            .clone()
            .map(|r| dedup::rows_at(r, dedup::DEFAULT_THRESHOLD))
            .unwrap_or_default();
        let title = |id: &str, t: &Option<String>| t.clone().unwrap_or_else(|| id.to_string());
        Ok(layout(
            "Duplicates",
            "/duplicates",
            html! {
                h1 { "Near-duplicates" }
                p #count { (rows.len()) " pairs with containment ≥ " (dedup::DEFAULT_THRESHOLD) }
                table #duplicates {
                    thead { tr { th { "cluster" } th { "A" } th { "B" } th { "containment" } th { "jaccard" } th {} } }
                    tbody {
                        @for r in &rows {
                            tr {
                                td { (r.cluster) }
                                td { a href=(format!("/doc/{}", r.doc_a)) { (title(&r.doc_a, &r.title_a)) } }
                                td { a href=(format!("/doc/{}", r.doc_b)) { (title(&r.doc_b, &r.title_b)) } }
                                td.num { (format!("{:.3}", r.containment)) }
                                td.num { (format!("{:.3}", r.jaccard)) }
                                td { a.diff href=(format!("/diff?a={}&b={}", r.doc_a, r.doc_b)) { "diff" } }
                            }
                        }
                    }
                }
            },
        ))
    })
    .await
}

/// `/diff?a=&b=`: two documents side by side, passages aligned, what one
/// lacks struck through or marked inserted.
pub async fn diff(State(app): State<Arc<App>>, Query(mut params): Params) -> Response {
    page(&app, move |app| {
        let mut one = |k: &str| {
            take(&mut params, k)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Fail::Bad(format!("diff needs {k}=DOC_ID")))
        };
        let (a, b) = (one("a")?, one("b")?);
        let find = |id: &str| {
            super::super::dedup::find(&app.tables.docs, id)
                .map(|d| app.rows[&d.doc_id])
                .map_err(|e| Fail::NotFound(e.to_string()))
        };
        let (ra, rb) = (find(&a)?, find(&b)?);
        let (ta, tb) = (app.text(ra)?, app.text(rb)?);
        let (da, db) = (&app.tables.docs[ra], &app.tables.docs[rb]);
        let blocks = dedup::diff(&ta, &tb);
        let name =
            |d: &gongwen::frames::DocRow| d.title.clone().unwrap_or_else(|| d.doc_id.clone());
        Ok(layout(
            "Diff",
            "/duplicates",
            html! {
                h1 { "What differs" }
                div #diff {
                    div.side.a.head { "A " a href=(format!("/doc/{}", da.doc_id)) { (name(da)) } }
                    div.side.b.head { "B " a href=(format!("/doc/{}", db.doc_id)) { (name(db)) } }
                    @for block in &blocks { (diff_block(block)) }
                }
            },
        ))
    })
    .await
}

fn diff_block(b: &DiffBlock) -> Markup {
    match b.kind {
        DiffKind::Same => html! {
            div.side.a.same { (b.a_text) }
            div.side.b.same { (b.b_text) }
        },
        DiffKind::OnlyA => html! { div.side.a { del { (b.a_text) } } div.side.b {} },
        DiffKind::OnlyB => html! { div.side.a {} div.side.b { ins { (b.b_text) } } },
        DiffKind::Changed => {
            let parts = dedup::inline_diff(&b.a_text, &b.b_text);
            html! {
                div.side.a {
                    @for (kind, s) in &parts {
                        @match kind {
                            DiffKind::OnlyA => { del { (s) } }
                            DiffKind::OnlyB => {}
                            _ => { (s) }
                        }
                    }
                }
                div.side.b {
                    @for (kind, s) in &parts {
                        @match kind {
                            DiffKind::OnlyB => { ins { (s) } }
                            DiffKind::OnlyA => {}
                            _ => { (s) }
                        }
                    }
                }
            }
        }
    }
}

/// `/terms?dict=NAME`: the attention measures of a dictionary in the
/// server's `--dicts` folder, by locality and year (the report's table).
pub async fn terms(State(app): State<Arc<App>>, Query(mut params): Params) -> Response {
    page(&app, move |app| {
        let Some(dir) = app.dicts.clone() else {
            let note = "Start the server with --dicts DIR to measure a dictionary of that folder.";
            return Ok(layout("Attention", "/terms", html! { h1 { "Attention measures" } p.note { (note) } }));
        };
        let names = dictionaries(&dir);
        let chosen = take(&mut params, "dict").filter(|d| !d.is_empty());
        let table = match &chosen {
            None => None,
            Some(name) => {
                let argv = api::argv(app, "terms", &[("dict".into(), name.clone())])?;
                let Cmd::Terms { dict, by, .. } = api::parse(&argv)?.cmd else {
                    return Err(Fail::Internal("terms options".into()));
                };
                let key = format!("page:/terms?{name}");
                Some(app.cached(&key, || {
                    let (d, _) = gongwen::measure::Dictionary::read(&dict)
                        .map_err(|e| Fail::Bad(e.to_string()))?;
                    let rows = gongwen::measure::terms::measure(app.gen.dir(), &d, by)
                        .map_err(Fail::from_lib)?;
                    Ok(html::table(&tables::terms(&rows, false)))
                })?)
            }
        };
        Ok(layout(
            "Attention",
            "/terms",
            html! {
                h1 { "Attention measures" }
                p { "Dictionaries: " @for n in &names { a href=(format!("/terms?{}", serde_urlencoded::to_string([("dict", n)]).unwrap_or_default())) { (n) } " " } }
                @if let Some(t) = table { p #filter-note { "Filter rows: " input #filter type="search"; " " span #shown {} } (PreEscaped(t.as_str())) }
            },
        ))
    })
    .await
}

/// The files of a dictionaries folder, by name.
fn dictionaries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `/reuse`: shared passages by cluster, each occurrence linking to its
/// place in its document.
pub async fn reuse(State(app): State<Arc<App>>) -> Response {
    page(&app, |app| {
        let rows = app.reuse()?;
        let clusters = rows.iter().map(|r| r.cluster).collect::<std::collections::BTreeSet<_>>();
        Ok(layout(
            "Shared passages",
            "/reuse",
            html! {
                h1 { "Shared passages" }
                p #count { (rows.len()) " passages in " (clusters.len()) " clusters; boilerplate: shared by very many documents (see the README)" }
                table #reuse {
                    thead { tr { th { "cluster" } th { "documents" } th { "boilerplate" } th { "document" } th { "locality" } th { "year" } th { "passage" } } }
                    tbody {
                        @for r in rows.iter() {
                            tr {
                                td { (r.cluster) }
                                td.num { (r.size) }
                                td { @if r.boilerplate { "yes" } }
                                td { a href=(format!("/doc/{}", r.doc_id)) { (r.title.as_deref().unwrap_or(&r.doc_id)) } @if r.earliest == r.doc_id { " (earliest)" } }
                                td { (r.locality.as_deref().unwrap_or("")) }
                                td { (r.year.map(|y| y.to_string()).unwrap_or_default()) }
                                td { a href=(format!("/doc/{}#{}-{}", r.doc_id, r.start, r.end)) { (clip(&r.text, 80)) } }
                            }
                        }
                    }
                }
            },
        ))
    })
    .await
}

fn clip(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
