//! Property tests: extraction never panics and every record's text is the
//! exact slice of the document at its byte offsets.

use proptest::prelude::*;

use super::stages::{Candidate, Found};
use super::{DocInput, Extractor};

fn check(text: &str, year: Option<i32>) {
    let doc = DocInput {
        text,
        norm: None,
        sections: None,
        locality: None,
        year,
    };
    let found = Extractor::global().extract(&doc);
    for i in &found {
        assert_eq!(text.get(i.start..i.end), Some(i.text.as_str()));
        assert!(i.value.is_none_or(f64::is_finite));
    }
    assert!(found.windows(2).all(|w| w[0].start <= w[1].start));
}

/// Characters that the patterns care about, mixed with a little noise.
fn relevant() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    let pieces = vec![
        "0", "1", "2", "5", "9", ".", ",", "，", "%", "％", "５", "．", "万", "亿", "万亿",
        "元", "年", "月", "日", "增长", "下降", "高于全国", "个百分点", "倍", "多", "余", "左右", "以上", "—",
        "-", "~", "XX", "×", "“", "”", "《", "》", "\n", "记者:", "一", "两", "三", "十", "百",
        "千", "个", "人", "项", "第", "前", "年均", "目标是", "翻一番", "百分之", "点", "gdp", "地区生产总值",
        "：", "姚高员:", "中共", "嘉善县委",
    ];
    crate::test_support::joined(pieces, 0..60)
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_unicode(text in "\\PC*", year in prop::option::of(1900i32..2100)) {
        check(&text, year);
    }

    #[test]
    fn never_panics_on_pattern_characters(text in relevant(), year in prop::option::of(1900i32..2100)) {
        check(&text, year);
    }

    #[test]
    fn found_spans_answer_like_a_scan(
        spans in prop::collection::vec((0usize..200, 0usize..40), 0..60),
        queries in prop::collection::vec((0usize..240, 0usize..40), 1..20),
    ) {
        let mut found = Found::default();
        let mut all: Vec<(usize, usize)> = Vec::new();
        for (start, len) in spans {
            let free = all.iter().all(|&(s, e)| e <= start || s >= start + len);
            prop_assert_eq!(found.free(start, start + len), free);
            // Push overlapping spans too, as list continuations do.
            found.push(Candidate { start, end: start + len, ..Candidate::default() });
            all.push((start, start + len));
        }
        for (start, len) in queries {
            let free = all.iter().all(|&(s, e)| e <= start || s >= start + len);
            prop_assert_eq!(found.free(start, start + len), free, "[{}, {})", start, start + len);
        }
    }
}

/// A report run together without punctuation (as in a careless dump) has no
/// sentence ends: each figure's sentence is the text around it within
/// `MAX_UNIT` bytes either way, not the whole document (a 19 MB line once
/// needed 24 GB).
#[test]
fn sentences_stay_bounded_in_text_without_punctuation() {
    let report = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/prov2026/2026_北京市_政府工作报告.csv"
    ))
    .expect("prov2026 corpus at ../shared/corpora/prov2026");
    let flat: String = report
        .chars()
        .filter(|c| !"。，；！？：\n\r".contains(*c))
        .collect::<String>()
        .repeat(4);
    let doc = DocInput {
        text: &flat,
        norm: None,
        sections: None,
        locality: None,
        year: Some(2026),
    };
    let found = Extractor::global().extract(&doc);
    assert!(found.len() > 100, "{}", found.len());
    for i in &found {
        assert_eq!(flat.get(i.start..i.end), Some(i.text.as_str()));
        // MAX_UNIT counts bytes of the folded text, which has as many
        // characters as the original (full-width forms fold to one byte).
        let chars = i.sentence.chars().count();
        assert!(chars <= 2 * super::patterns::MAX_UNIT + 8, "{chars} chars");
        assert!(flat.contains(&*i.sentence));
        // The character offsets slice the same text, as Python would.
        let by_chars: String = flat
            .chars()
            .skip(i.char_start)
            .take(i.char_end - i.char_start)
            .collect();
        assert_eq!(by_chars, i.text);
    }
}

proptest! {
    #[test]
    fn decimal_to_f64_is_the_value_its_string_parses_to(
        mantissa in prop_oneof![
            -(1i128 << 54)..(1i128 << 54),
            -100_000i128..100_000,
            any::<i64>().prop_map(i128::from),
        ],
        scale in 0u32..30,
    ) {
        let d = super::number::Decimal { mantissa, scale };
        let parsed: f64 = d.to_string().parse().unwrap();
        prop_assert_eq!(d.to_f64().to_bits(), parsed.to_bits(), "{}", d);
    }
}
