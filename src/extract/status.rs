//! Status and year of a figure, read from the words before it.

use super::Status;

/// Words that make what follows in the sentence a target.
const TARGET_CUES: [&str; 17] = [
    "目标是",
    "预期为",
    "调控目标",
    "目标定为",
    "目标为",
    "预期目标",
    "主要目标",
    "力争",
    "计划",
    "确保",
    "争取",
    "预计",
    "设定为",
    "按增长",
    "要达到",
    "到2030年",
    "到2035年",
];

/// Words that make a sentence an evaluation standard.
const CRITERION_CUES: [&str; 4] = ["不少于", "至少", "不超过", "不低于"];
/// Words of recurring duty: a standard inside a section on standards.
const PERIODIC_CUES: [&str; 5] = ["每年", "每学期", "每季度", "每月", "每周"];
/// Words of a heading over evaluation standards.
const STANDARD_HEADINGS: [&str; 5] = ["标准", "要求", "考核", "评选", "办法"];

/// Words that, right before the figure, make it a yearly average.
const AVERAGE_CUES: [&str; 3] = ["年均", "平均每年", "年平均"];

/// The status of a figure from its sentence (up to the figure), the words
/// near it (its clause and expression), its whole sentence and the heading
/// of its section.
pub fn status_of(sentence_prefix: &str, near: &str, sentence: &str, heading: &str) -> Status {
    let standards = STANDARD_HEADINGS.iter().any(|w| heading.contains(w));
    let periodic = PERIODIC_CUES.iter().any(|c| sentence.contains(c));
    if AVERAGE_CUES.iter().any(|c| near.contains(c)) {
        Status::Average
    } else if TARGET_CUES.iter().any(|c| has_cue(sentence_prefix, c)) {
        Status::Target
    } else if CRITERION_CUES.iter().any(|c| sentence.contains(c))
        || (standards && (periodic || near.contains("以上")))
    {
        Status::Criterion
    } else {
        Status::Actual
    }
}

/// Whether `cue` stands in `text` as a target word: 计划 as a verb
/// (计划投资, 计划增长), not as the noun of a programme (行动计划，…;
/// 支持计划, 开发…; 计划单列市).
fn has_cue(text: &str, cue: &str) -> bool {
    if cue != "计划" {
        return text.contains(cue);
    }
    text.match_indices(cue).any(|(at, _)| {
        let after = &text[at + cue.len()..];
        let noun = after.is_empty()
            || after.starts_with(|c: char| !super::patterns::is_han(c))
            || ["的", "等", "和", "与", "及", "中", "单列", "生育", "经济"]
                .iter()
                .any(|w| after.starts_with(w));
        !noun
    })
}

lazy_regex! {
    EXPLICIT_YEAR = r"(?:^|[^\d])((?:19|20)\d{2})年";
    PLACEHOLDER_YEAR = r"(?:XX|xx|××|X|×|~|～|某|\?\?)年";
    RELATIVE_YEAR = r"(比|较|同)?(今年|去年|上年|前年|明年)";
}

/// The last year named in `prefix` that is not a comparison base
/// (快于2024年, 比2020年): explicit, placeholder (→ `Some(None)`), relative
/// to `doc_year` (去年), or a five-year plan's end year (“十四五” → 2025).
pub fn year_in(prefix: &str, doc_year: Option<i32>) -> Option<Option<i32>> {
    // Each year but a plan's ends on 年: a prefix without one is not
    // searched for them (this runs for every figure).
    let dated = if prefix.contains('年') { prefix } else { "" };
    let explicit = EXPLICIT_YEAR.captures_iter(dated).filter_map(|c| {
        let m = c.get(1)?;
        let base = prefix[..m.start()].ends_with(['于', '比', '较']);
        (!base).then(|| (m.start(), m.as_str().parse::<i32>().ok()))
    });
    let placeholder = PLACEHOLDER_YEAR.find_iter(dated).map(|m| (m.start(), None));
    let relative = RELATIVE_YEAR.captures_iter(dated).filter_map(|c| {
        let m = c.get(2)?;
        (c.get(1).is_none()).then(|| (m.start(), relative_year(m.as_str(), doc_year)))
    });
    let plans = plan_years(prefix)
        .into_iter()
        .filter(|(at, _)| {
            !prefix[..*at]
                .trim_end_matches('“')
                .ends_with(['于', '比', '较'])
        })
        .map(|(at, y)| (at, Some(y)));
    explicit
        .chain(placeholder)
        .chain(relative)
        .chain(plans)
        .max_by_key(|(at, _)| *at)
        .map(|(_, y)| y)
}

/// 今年/去年/… relative to `doc_year`.
fn relative_year(word: &str, doc_year: Option<i32>) -> Option<i32> {
    let offset = match word {
        "今年" => 0,
        "去年" | "上年" => -1,
        "前年" => -2,
        _ => 1,
    };
    doc_year.map(|y| y + offset)
}

/// Five-year plans named in `text` (十一五 … 十六五) with their end years, in
/// text order. One pass over the 十 of the text: this runs for every figure.
pub fn plan_years(text: &str) -> Vec<(usize, i32)> {
    text.match_indices('十')
        .filter_map(|(at, _)| {
            let mut next = text[at + '十'.len_utf8()..].chars();
            let end = match (next.next()?, next.next()?) {
                ('一', '五') => 2010,
                ('二', '五') => 2015,
                ('三', '五') => 2020,
                ('四', '五') => 2025,
                ('五', '五') => 2030,
                ('六', '五') => 2035,
                _ => return None,
            };
            Some((at, end))
        })
        .collect()
}

/// Whether a document reviews a past year (a government work report): its
/// actual figures then belong to the year before the document's year.
pub fn reviews_past_year(text: &str) -> bool {
    ["工作回顾", "过去一年", "一年来", "政府工作报告"]
        .iter()
        .any(|w| text.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_found_in_text_order_with_their_end_years() {
        let text = "“十四五”时期成就显著，“十五五”开局，十五个项目，第十一五";
        let years: Vec<i32> = plan_years(text).into_iter().map(|(_, y)| y).collect();
        assert_eq!(years, [2025, 2030, 2010]);
        let (at, _) = plan_years(text)[0];
        assert!(text[at..].starts_with("十四五"));
        assert!(plan_years("十").is_empty() && plan_years("二十").is_empty());
    }

    #[test]
    fn statuses_from_context() {
        // (sentence up to the figure, words near it, sentence, heading, status)
        let cases = [
            (
                "主要预期目标是:地区生产总值",
                "增长",
                "…",
                "",
                Status::Target,
            ),
            ("地区生产总值", "年均增长", "…", "", Status::Average),
            ("", "", "每年至少有1项创新性工作", "", Status::Criterion),
            (
                "",
                "",
                "每年有2项以上创新性工作",
                "二、评价标准",
                Status::Criterion,
            ),
            ("", "", "每人每月增加500多元", "三、成效", Status::Actual),
            (
                "全区地区生产总值",
                "增长",
                "增速高于预期目标",
                "",
                Status::Actual,
            ),
        ];
        for (prefix, near, sentence, heading, want) in cases {
            let got = status_of(prefix, near, sentence, heading);
            assert_eq!(got, want, "{sentence} under {heading:?}");
        }
    }

    #[test]
    fn years_explicit_relative_placeholder_and_plans() {
        assert_eq!(year_in("2025年全省", Some(2026)), Some(Some(2025)));
        assert_eq!(year_in("全年GDP增长4%,快于2024年", Some(2026)), None);
        assert_eq!(year_in("XX年全市共完成gdp", Some(2012)), Some(None));
        assert_eq!(year_in("~年,我市", None), Some(None));
        assert_eq!(year_in("去年以来,", Some(2012)), Some(Some(2011)));
        assert_eq!(year_in("比上年", Some(2012)), None);
        assert_eq!(year_in("“十四五”时期", None), Some(Some(2025)));
        assert_eq!(year_in("从2020年的", None), Some(Some(2020)));
    }
}
