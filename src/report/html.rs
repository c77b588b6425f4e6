//! `index.html`: one self-contained page (inline CSS and SVG, no scripts,
//! nothing fetched) built from an ordered list of sections.

use super::compare::{CompareRow, Comparison};
use super::duplicates::Pair;
use super::format::{self, html, metric_label};
use super::localities::{describe, Locality, SHOWN};
use super::svg::{self, Bar};
use crate::frames::DocRow;
use std::fmt::Write as _;

/// Everything the page shows.
pub struct Page<'a> {
    pub docs: &'a [DocRow],
    pub indicators: usize,
    pub comparison: &'a Comparison,
    /// The same metrics' targets.
    pub targets: &'a Comparison,
    pub localities: &'a [Locality<'a>],
    /// None: the near-duplicate stage has not run.
    pub duplicates: Option<&'a [Pair]>,
}

/// A section of the page: its anchor, heading and body.
type Section = (&'static str, &'static str, fn(&Page, &mut String));

/// The page's sections, in order.
const SECTIONS: &[Section] = &[
    ("comparison", "Comparison", comparison),
    ("charts", "Charts", charts),
    ("targets", "Targets", targets),
    (
        "localities",
        "What the corpus says of each locality",
        localities,
    ),
    ("duplicates", "Near-duplicate documents", duplicates),
    ("documents", "Documents", documents),
];

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{margin-bottom:.2em}.summary{color:#555}nav a{margin-right:1em}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f7}td.num{text-align:right;white-space:nowrap}td .g{color:#2a6f2a;display:block}td .neg{color:#b5523b}
svg.chart text{font-size:12px;font-family:inherit}svg.chart rect.bar{fill:#3b6ea5}svg.chart rect.neg{fill:#b5523b}svg.chart .axis{stroke:#888}
figure{margin:1.5em 0}figcaption{font-weight:bold;margin-bottom:.3em}li{margin:.2em 0}.note{color:#666;font-size:13px}";

/// The whole page.
pub fn page(p: &Page) -> String {
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        s,
        "<title>gongwen report</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>"
    );
    header(p, &mut s);
    for (id, heading, body) in SECTIONS {
        let _ = writeln!(s, "<section id=\"{id}\">\n<h2>{heading}</h2>");
        body(p, &mut s);
        s.push_str("</section>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn header(p: &Page, s: &mut String) {
    let localities: Vec<&str> = p.localities.iter().map(|l| l.name).collect();
    let mut years: Vec<i32> = p.docs.iter().filter_map(|d| d.year).collect();
    years.sort();
    years.dedup();
    let years = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => "years not stated".into(),
    };
    let _ = writeln!(
        s,
        "<h1>gongwen report</h1>\n<p class=\"summary\">{} documents · {} localities · {} indicators · {years}</p>",
        p.docs.len(),
        localities.len(),
        p.indicators
    );
    s.push_str("<nav>");
    for (id, heading, _) in SECTIONS {
        let _ = write!(s, "<a href=\"#{id}\">{heading}</a>");
    }
    s.push_str("</nav>\n");
}

fn comparison(p: &Page, s: &mut String) {
    wide_table(p.comparison, "wide", s);
    let _ = writeln!(
        s,
        "<p class=\"note\">{}</p>",
        html(&super::markdown::SELECTION_NOTE.trim().replace('`', ""))
    );
}

fn targets(p: &Page, s: &mut String) {
    wide_table(p.targets, "wide targets", s);
}

/// A comparison as a table: one row per locality, one column per metric.
fn wide_table(c: &Comparison, class: &str, s: &mut String) {
    if c.rows.is_empty() {
        s.push_str("<p>No locality states a figure of the compared metrics.</p>\n");
        return;
    }
    let all: Vec<&CompareRow> = c.rows.iter().collect();
    let _ = writeln!(
        s,
        "<p>Status <b>{}</b>, {}. Each cell shows the value and, below it, the growth; hover for the source sentence.</p>",
        html(&c.status),
        html(&format::years(&all))
    );
    let _ = write!(s, "<table class=\"{class}\">\n<thead><tr><th>locality</th>");
    for m in &c.metrics {
        let _ = write!(s, "<th>{}</th>", html(metric_label(m)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for w in c.wide() {
        let _ = write!(s, "<tr><th>{}</th>", html(w.locality));
        for cell in &w.cells {
            s.push_str(&wide_cell(*cell));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn wide_cell(r: Option<&CompareRow>) -> String {
    let Some(r) = r else {
        return "<td></td>".into();
    };
    let cands = format::candidates(r);
    let cands = if cands.is_empty() {
        String::new()
    } else {
        format!(" [{cands}]")
    };
    let neg = if r.growth.is_some_and(|g| g < 0.0) {
        " neg"
    } else {
        ""
    };
    format!(
        "<td class=\"num\" title=\"{}{}\">{}<span class=\"g{neg}\">{}</span></td>",
        html(&format::provenance(r)),
        html(&cands),
        html(&format::value(r)),
        html(&format::growth(r))
    )
}

/// The bars of one metric: percentage growths (else growths of the first
/// unit stated) when any locality states a growth, else values of one
/// normalized unit.
pub fn bars(rows: &[&CompareRow]) -> (Vec<Bar>, &'static str) {
    let by_growth = rows.iter().any(|r| r.growth.is_some());
    let unit = if by_growth {
        let pct = rows.iter().any(|r| r.growth_unit.as_deref() == Some("%"));
        let first = rows.iter().find_map(|r| r.growth_unit.clone());
        pct.then(|| "%".to_string()).or(first)
    } else {
        rows.iter().find_map(|r| r.normalized_unit.clone())
    };
    let bars = rows
        .iter()
        .filter_map(|r| {
            let (value, text) = if by_growth && r.growth_unit == unit {
                (r.growth?, format::growth(r))
            } else if !by_growth && r.normalized_unit == unit {
                (r.normalized_value?, format::value(r))
            } else {
                return None;
            };
            let tip = format!("{} {}: {}", r.locality, text, format::provenance(r));
            Some(Bar {
                label: r.locality.clone(),
                value,
                text,
                tip,
            })
        })
        .collect();
    (
        svg::sorted(bars),
        if by_growth { "growth" } else { "value" },
    )
}

fn charts(p: &Page, s: &mut String) {
    let c = p.comparison;
    let mut any = false;
    for m in &c.metrics {
        let rows = c.metric_rows(m);
        let (bars, what) = bars(&rows);
        if bars.is_empty() {
            continue;
        }
        any = true;
        let caption = format!(
            "{} {what} by locality ({}, {})",
            metric_label(m),
            c.status,
            format::years(&rows)
        );
        let _ = writeln!(
            s,
            "<figure data-metric=\"{}\">\n<figcaption>{}</figcaption>",
            html(m),
            html(&caption)
        );
        s.push_str(&svg::bar_chart(m, &caption, &bars));
        s.push_str("</figure>\n");
    }
    if !any {
        s.push_str("<p>No figures to chart.</p>\n");
    }
}

fn localities(p: &Page, s: &mut String) {
    for l in p.localities {
        let _ = writeln!(s, "<h3>{}</h3>\n<ul>", html(l.name));
        for d in &l.documents {
            let _ = writeln!(s, "<li>document: {}</li>", html(d));
        }
        if l.metric_statements > 0 {
            let _ = writeln!(
                s,
                "<li>{} figures of compared metrics (see the comparison)</li>",
                l.metric_statements
            );
        }
        for r in l.statements.iter().take(SHOWN) {
            let _ = writeln!(
                s,
                "<li title=\"{}\">{}</li>",
                html(&r.sentence),
                html(&describe(r))
            );
        }
        if l.statements.len() > SHOWN {
            let _ = writeln!(
                s,
                "<li class=\"note\">… and {} more in indicators.csv</li>",
                l.statements.len() - SHOWN
            );
        }
        s.push_str("</ul>\n");
    }
}

fn duplicates(p: &Page, s: &mut String) {
    let Some(pairs) = p.duplicates else {
        s.push_str("<p class=\"note\">Near-duplicate detection has not run on this store.</p>\n");
        return;
    };
    if pairs.is_empty() {
        s.push_str("<p>No near-duplicate documents.</p>\n");
        return;
    }
    s.push_str("<table class=\"duplicates\">\n<thead><tr><th>cluster</th><th>document A</th><th>document B</th><th>jaccard</th><th>containment</th></tr></thead>\n<tbody>\n");
    for d in pairs {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td title=\"{}\">{}</td><td title=\"{}\">{}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
            d.cluster,
            html(&d.doc_a),
            html(d.title_a.as_deref().unwrap_or("-")),
            html(&d.doc_b),
            html(d.title_b.as_deref().unwrap_or("-")),
            d.jaccard,
            d.containment
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn documents(p: &Page, s: &mut String) {
    s.push_str("<table class=\"documents\">\n<thead><tr><th>#</th><th>title</th><th>locality</th><th>year</th><th>chars</th><th>source</th></tr></thead>\n<tbody>\n");
    for (i, d) in p.docs.iter().enumerate() {
        let _ = writeln!(
            s,
            "<tr><td class=\"num\">{}</td><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}#{}</td></tr>",
            i + 1,
            html(&d.doc_id),
            html(d.title.as_deref().unwrap_or("(untitled)")),
            html(d.locality.as_deref().unwrap_or("-")),
            d.year.map_or("-".into(), |y| y.to_string()),
            d.chars,
            html(&d.source),
            d.ordinal
        );
    }
    s.push_str("</tbody>\n</table>\n");
}
