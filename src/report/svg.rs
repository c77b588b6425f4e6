//! Inline SVG bar charts: one horizontal bar per locality, sorted, each
//! labelled with its value and carrying its source sentence as a `<title>`
//! tooltip. No scripts, no external fonts.

use super::format::html;
use std::fmt::Write as _;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The label printed at the end of the bar (`+5.4%`).
    pub text: String,
    /// The tooltip: where the figure comes from.
    pub tip: String,
}

const WIDTH: f64 = 760.0;
const LABEL_W: f64 = 150.0;
const TEXT_W: f64 = 110.0;
const ROW_H: f64 = 22.0;
const BAR_H: f64 = 15.0;
const TOP: f64 = 8.0;

/// Bars sorted by value, highest first (then by label).
pub fn sorted(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.label.cmp(&b.label)));
    bars
}

/// The horizontal extent of zero and the scale, for values `bars`.
fn scale(bars: &[Bar]) -> (f64, f64) {
    let lo = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let k = (WIDTH - LABEL_W - TEXT_W) / span;
    (LABEL_W - lo * k, k)
}

/// An SVG bar chart of `bars` (in the order given).
pub fn bar_chart(id: &str, caption: &str, bars: &[Bar]) -> String {
    let height = TOP * 2.0 + ROW_H * bars.len() as f64;
    let (zero, k) = scale(bars);
    let mut s = format!(
        "<svg class=\"chart\" id=\"chart-{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">\n",
        html(id),
        html(caption)
    );
    for (i, b) in bars.iter().enumerate() {
        bar(&mut s, b, TOP + ROW_H * i as f64, zero, k);
    }
    let _ = writeln!(
        s,
        "<line x1=\"{zero:.1}\" y1=\"{TOP}\" x2=\"{zero:.1}\" y2=\"{:.1}\" class=\"axis\"/>\n</svg>",
        height - TOP
    );
    s
}

fn bar(s: &mut String, b: &Bar, y: f64, zero: f64, k: f64) {
    let x = zero + b.value * k;
    let (left, w) = (x.min(zero), (x - zero).abs().max(1.0));
    let text_x = x.max(zero) + 4.0;
    let mid = y + BAR_H / 2.0 + 4.0;
    let neg = if b.value < 0.0 { " neg" } else { "" };
    let _ = writeln!(
        s,
        "<g class=\"bar\"><title>{tip}</title><text x=\"{lx:.1}\" y=\"{mid:.1}\" class=\"label\" text-anchor=\"end\">{label}</text><rect class=\"bar{neg}\" x=\"{left:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR_H}\"/><text x=\"{text_x:.1}\" y=\"{mid:.1}\" class=\"value\">{text}</text></g>",
        tip = html(&b.tip),
        lx = LABEL_W - 8.0,
        label = html(&b.label),
        text = html(&b.text),
    );
}

/// One year of a panel chart: the target band (low, high; equal for a
/// single figure), the outcome, and the tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct YearMark {
    pub year: i32,
    pub target: Option<(f64, f64)>,
    pub actual: Option<f64>,
    pub tip: String,
}

const SMALL_W: f64 = 260.0;
const SMALL_H: f64 = 130.0;
const PAD: f64 = 26.0;

/// A small SVG chart of one locality's targets (a band, or a tick for a
/// single figure) and outcomes (a dot) by year, each with its tooltip.
pub fn panel_chart(id: &str, caption: &str, marks: &[YearMark]) -> String {
    let years = || marks.iter().map(|m| m.year);
    let (y0, y1) = (years().min().unwrap_or(0), years().max().unwrap_or(0));
    let values = marks.iter().flat_map(|m| {
        let t = m.target.map(|(l, h)| [l, h]).unwrap_or([f64::NAN; 2]);
        [t[0], t[1], m.actual.unwrap_or(f64::NAN)]
    });
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = (SMALL_W - 2.0 * PAD) / f64::from((y1 - y0).max(1));
    let x = |y: i32| PAD + f64::from(y - y0) * step + if y0 == y1 { step / 2.0 } else { 0.0 };
    let y = |v: f64| SMALL_H - PAD - (v - lo) / span * (SMALL_H - 2.0 * PAD);
    let mut s = format!(
        "<svg class=\"band\" id=\"panel-{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{SMALL_W}\" height=\"{SMALL_H}\" viewBox=\"0 0 {SMALL_W} {SMALL_H}\" role=\"img\" aria-label=\"{}\">\n",
        html(id),
        html(caption)
    );
    let _ = writeln!(
        s,
        "<line x1=\"{PAD}\" y1=\"{z:.1}\" x2=\"{:.1}\" y2=\"{z:.1}\" class=\"axis\"/>",
        SMALL_W - PAD,
        z = y(0.0)
    );
    for m in marks {
        let cx = x(m.year);
        let _ = write!(s, "<g><title>{}</title>", html(&m.tip));
        if let Some((l, h)) = m.target {
            let (top, bottom) = (y(h), y(l));
            let _ = write!(
                s,
                "<rect class=\"target\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"{:.1}\"/>",
                cx - 5.0,
                top - 1.0,
                (bottom - top).max(0.0) + 2.0
            );
        }
        if let Some(a) = m.actual {
            let _ = write!(
                s,
                "<circle class=\"actual\" cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"3.5\"/>",
                y(a)
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            SMALL_H - 8.0,
            m.year
        );
    }
    s.push_str("</svg>");
    s
}

/// One line of a [`line_chart`]: a name and its points (year, value,
/// tooltip), in year order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i32, f64, String)>,
}

const LINE_W: f64 = 760.0;
const LINE_H: f64 = 300.0;
/// Room on the right for the series' names.
const NAME_W: f64 = 110.0;
/// Strokes, in turn (a name beside each line's last point tells them apart).
const STROKES: [&str; 8] = [
    "#3b6ea5", "#b5523b", "#5a9e4b", "#e3b23c", "#7b5ea7", "#3c9d9b", "#c0608f", "#777777",
];

/// A line per series across years; a dot per point with its tooltip; the
/// series' names at their last points.
pub fn line_chart(id: &str, caption: &str, series: &[Series]) -> String {
    let points = || series.iter().flat_map(|s| s.points.iter());
    let (y0, y1) = (
        points().map(|p| p.0).min().unwrap_or(0),
        points().map(|p| p.0).max().unwrap_or(0),
    );
    let hi = points()
        .map(|p| p.1)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let hi = if hi > 0.0 { hi } else { 1.0 };
    let step = (LINE_W - NAME_W - 2.0 * PAD) / f64::from((y1 - y0).max(1));
    let x = |y: i32| PAD + f64::from(y - y0) * step + if y0 == y1 { step / 2.0 } else { 0.0 };
    let y = |v: f64| LINE_H - PAD - v / hi * (LINE_H - 2.0 * PAD);
    let mut s = format!(
        "<svg class=\"lines\" id=\"lines-{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{LINE_W}\" height=\"{LINE_H}\" viewBox=\"0 0 {LINE_W} {LINE_H}\" role=\"img\" aria-label=\"{}\">\n",
        html(id),
        html(caption)
    );
    let z = y(0.0);
    let _ = writeln!(
        s,
        "<line x1=\"{PAD}\" y1=\"{z:.1}\" x2=\"{:.1}\" y2=\"{z:.1}\" class=\"axis\"/>",
        LINE_W - NAME_W - PAD
    );
    let _ = writeln!(
        s,
        "<text x=\"2\" y=\"{:.1}\">{}</text>",
        PAD - 8.0,
        number(hi)
    );
    for year in [y0, y1] {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{year}</text>",
            x(year),
            LINE_H - 8.0
        );
    }
    for (i, line) in series.iter().enumerate() {
        polyline(&mut s, line, STROKES[i % STROKES.len()], (&x, &y));
    }
    s.push_str("</svg>");
    s
}

/// One series: its line, a dot with a tooltip per point, its name at the
/// last point; `at` places a (year, value) on the chart.
fn polyline(
    s: &mut String,
    line: &Series,
    stroke: &str,
    at: (&dyn Fn(i32) -> f64, &dyn Fn(f64) -> f64),
) {
    let (x, y) = at;
    let path: Vec<String> = line
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
        .collect();
    let _ = write!(
        s,
        "<g><title>{}</title><polyline fill=\"none\" stroke=\"{stroke}\" points=\"{}\"/>",
        html(&line.name),
        path.join(" ")
    );
    for (year, v, tip) in &line.points {
        let (cx, cy) = (x(*year), y(*v));
        let tip = html(tip);
        let _ = write!(s, "<circle fill=\"{stroke}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"2.5\"><title>{tip}</title></circle>");
    }
    if let Some((year, v, _)) = line.points.last() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{stroke}\">{}</text>",
            x(*year) + 5.0,
            y(*v) + 3.0,
            html(&line.name)
        );
    }
    s.push_str("</g>\n");
}

/// A value for an axis label, without float noise.
fn number(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(label: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: format!("{value}%"),
            tip: format!("{label} <sentence>"),
        }
    }

    #[test]
    fn one_rect_and_tooltip_per_bar_sorted() {
        let bars = sorted(vec![b("乙", 4.0), b("甲", 5.4), b("丙", -1.0)]);
        assert_eq!(bars[0].label, "甲");
        let svg = bar_chart("gdp", "GDP", &bars);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert_eq!(svg.matches("<title>").count(), 3);
        assert!(svg.contains("&lt;sentence&gt;"));
        assert!(svg.contains("class=\"bar neg\""));
    }

    #[test]
    fn a_panel_chart_has_a_band_per_target_and_a_dot_per_outcome() {
        let mark = |year, target, actual| YearMark {
            year,
            target,
            actual,
            tip: format!("{year} <s>"),
        };
        let svg = panel_chart(
            "全国",
            "GDP",
            &[
                mark(1995, Some((8.0, 9.0)), None),
                mark(1997, Some((8.0, 8.0)), Some(8.8)),
                mark(1998, None, Some(-1.0)),
            ],
        );
        assert_eq!(svg.matches("class=\"target\"").count(), 2);
        assert_eq!(svg.matches("class=\"actual\"").count(), 2);
        assert_eq!(svg.matches("<title>").count(), 3);
        assert!(svg.contains("&lt;s&gt;") && !svg.contains("NaN"));
        let one = panel_chart("x", "x", &[mark(2026, Some((5.0, 5.0)), None)]);
        assert!(!one.contains("NaN") && !one.contains("inf"));
    }

    #[test]
    fn all_zero_values_do_not_divide_by_zero() {
        let svg = bar_chart("x", "x", &[b("甲", 0.0)]);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
}
