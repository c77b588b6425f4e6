//! How figures are written in reports and tables: numbers without float
//! noise, values with their unit and modifier, signed growths, escaping.

use super::compare::CompareRow;
use crate::extract::Modifier;

/// A number as people write it: integers without `.0`, no float noise.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A figure with its unit and modifier: `约5%`, `5—5.5%`, `超过3万亿元`.
fn figure(
    v: f64,
    high: Option<f64>,
    unit: Option<&str>,
    modifier: Option<Modifier>,
    sign: bool,
) -> String {
    let plain = modifier.is_none() && high.is_none();
    let plus = if sign && plain && v > 0.0 { "+" } else { "" };
    let unit = unit.unwrap_or("");
    let body = match high {
        Some(h) => format!("{plus}{}—{}{unit}", num(v), num(h)),
        None => format!("{plus}{}{unit}", num(v)),
    };
    match modifier {
        Some(Modifier::Approx) => format!("约{body}"),
        Some(Modifier::MoreThan) => format!("{body}以上"),
        Some(Modifier::AtLeast) => format!("≥{body}"),
        Some(Modifier::AtMost) => format!("≤{body}"),
        // A range is written by its two ends.
        Some(Modifier::Range) | None => body,
    }
}

/// The row's value as written (`120550万元`), or empty.
pub fn value(r: &CompareRow) -> String {
    match (&r.value_from, r.value()) {
        (Some(s), Some(v)) => figure(v, s.value_high, s.unit.as_deref(), r.modifier(), false),
        _ => String::new(),
    }
}

/// The row's growth, signed (`+12.8%`, `-3.3%`), or empty.
pub fn growth(r: &CompareRow) -> String {
    match (&r.growth_from, r.growth()) {
        (Some(s), Some(g)) => figure(
            g,
            s.value_high,
            s.unit.as_deref(),
            r.growth_modifier(),
            true,
        ),
        _ => String::new(),
    }
}

/// Where a figure comes from, for a tooltip: the sentence(s) and the title.
pub fn provenance(r: &CompareRow) -> String {
    let Some(main) = r.main() else {
        return String::new();
    };
    let mut s = main.sentence.to_string();
    let growth = r.growth_from.as_ref().map(|g| &*g.sentence);
    if let Some(gs) = growth.filter(|g| *g != &*main.sentence) {
        s.push_str(" / ");
        s.push_str(gs);
    }
    let title = main.title.as_deref().unwrap_or("");
    format!("{s} — {title} ({}, {})", main.source, main.doc_id)
}

/// The number of candidates, when more than one: `2 values, 3 growths`.
pub fn candidates(r: &CompareRow) -> String {
    let mut parts = Vec::new();
    if r.value_candidates > 1 {
        parts.push(format!("{} values", r.value_candidates));
    }
    if r.growth_candidates > 1 {
        parts.push(format!("{} growths", r.growth_candidates));
    }
    parts.join(", ")
}

/// A metric's name for people (the metric table's first form), else its id.
pub fn metric_label(id: &str) -> &str {
    match id {
        "gdp" => "地区生产总值 (GDP)",
        "fiscal_revenue" => "财政收入",
        "general_budget_revenue" => "一般公共预算收入",
        "retail_sales" => "社会消费品零售总额",
        "fixed_asset_investment" => "固定资产投资",
        "industrial_value_added" => "规上工业增加值",
        "industrial_profit" => "规上工业利润",
        "disposable_income" => "居民人均可支配收入",
        "rural_income" => "农村居民收入",
        "new_urban_jobs" => "城镇新增就业",
        "unemployment_rate" => "城镇调查失业率",
        "trade" => "进出口总额",
        other => other,
    }
}

/// The year of a set of rows: `2025`, or a note when they differ.
pub fn years(rows: &[&CompareRow]) -> String {
    let mut ys: Vec<Option<i32>> = rows.iter().map(|r| r.year()).collect();
    ys.sort();
    ys.dedup();
    match ys.as_slice() {
        [Some(y)] => y.to_string(),
        [None] | [] => "year not stated".into(),
        _ => "each locality's reporting year".into(),
    }
}

/// Text escaped for HTML content and attribute values.
pub use crate::index::escape_html as html;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_no_float_noise() {
        assert_eq!(num(120550.0), "120550");
        assert_eq!(num(30.23), "30.23");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-3.3), "-3.3");
    }

    #[test]
    fn figures_carry_modifiers_and_signs() {
        assert_eq!(
            figure(5.0, None, Some("%"), Some(Modifier::Approx), true),
            "约5%"
        );
        assert_eq!(
            figure(5.0, Some(5.5), Some("%"), Some(Modifier::Range), false),
            "5—5.5%"
        );
        assert_eq!(figure(-3.3, None, Some("%"), None, true), "-3.3%");
        assert_eq!(
            html("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
