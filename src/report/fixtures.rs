//! Rows of the seed's second article (合山市), shared by the report's tests.

use crate::frames::{DocRow, IndicatorRow};

/// The sentence the seed states 合山市's GDP in (shortened).
pub const SENTENCE: &str =
    "XX年全市共完成gdp120550万元,同比增长12.8%;财政收入达16536万元,同比增长30.23%。";

/// The seed's second article.
pub fn heshan_doc() -> DocRow {
    DocRow {
        doc_id: "62fd8de0a5bc173a".into(),
        source: "000_bd451ebd6a3dbfe1.txt".into(),
        ordinal: 2,
        title: Some("构建学习创新型领导班子的实践与体会".into()),
        locality: Some("合山市".into()),
        year: None,
        chars: 5583,
        locality_source: Some(crate::extract::LocalitySource::Mentions),
        text: None,
    }
}

/// A GDP statement of 合山市 in [`SENTENCE`]: `kind` (amount or growth),
/// `value` in `unit` (万元 or %), written `text` at byte `start`.
pub fn statement(kind: &str, value: f64, unit: &str, text: &str, start: usize) -> IndicatorRow {
    let doc = heshan_doc();
    let wan = unit == "万元";
    IndicatorRow {
        doc_id: doc.doc_id.into(),
        title: doc.title.map(Into::into),
        source: doc.source.into(),
        indicator: crate::extract::Indicator {
            locality: doc.locality,
            year: None,
            kind: kind.parse().expect("a kind"),
            metric: Some("gdp".into()),
            subject: None,
            value: Some(value),
            value_high: None,
            unit: Some(unit.into()),
            normalized_value: Some(if wan { value * 1e4 } else { value }),
            normalized_unit: Some(if wan { "元" } else { "%" }.into()),
            modifier: None,
            status: crate::extract::Status::Actual,
            direction: (kind == "growth").then_some(crate::extract::Direction::Up),
            basis: None,
            text: text.into(),
            start,
            end: start + text.len(),
            sentence: SENTENCE.into(),
            char_start: start,
            char_end: start + text.chars().count(),
            ..crate::extract::Indicator::default()
        },
    }
}
