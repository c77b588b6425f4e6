//! The period a figure covers (`period`, `period_start`, `period_end`),
//! read from its sentence up to the figure: the period word nearest the
//! figure decides. A five-year plan (“十四五”时期), a span of years
//! (2021—2025年, 五年来, 比2020年) make it `multi_year`; months from the
//! start of a year (1—11月, 前三季度, 上半年) `ytd`; a quarter (一季度)
//! `quarter`; a year (2025年, 去年, 全年) or nothing `year`. Only a `year`
//! figure fills a year's cell of a comparison.

use super::status::plan_years;
use super::Period;

/// A figure's period and its first and last years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub period: Period,
    pub start: Option<i32>,
    pub end: Option<i32>,
}

lazy_regex! {
    YEARS = r"((?:19|20)\d{2})\s*(?:年)?\s*[—\-－–~～至到]+\s*((?:19|20)\d{2})\s*年";
    BASE_YEAR = r"(?:比|较|与)\s*((?:19|20)\d{2})\s*年(?:末|底)?(?:相比)?";
    FIVE_YEARS = r"过去五年|五年来|五年间|近五年|五年累计|五年共|五年中|这五年";
    YTD = r"(?:1|一)\s*[—\-－–~～至到]+\s*(?:\d{1,2}|[二三四五六七八九十]{1,2})\s*月|前三季度|上半年|前[两二三四五六七八九十]{1,2}个月";
    QUARTER = r"(?:^|[^前])(?:第)?[一二三四1-4]季度";
    YEAR = r"(?:^|[^比较与\d])(?:(?:19|20)\d{2}年|今年|去年|上年|全年|前年)";
}

/// The period of a figure whose sentence up to it is `prefix`, in a
/// paragraph that runs from `paragraph` to that sentence, and whose year is
/// `year` (the year it reports on; the end of a span): the period word
/// nearest the figure in its sentence, else the period a paragraph opens
/// on (“十四五”时期，… 城镇新增就业522万人), else a year's. Only a short
/// opening phrase of years sets a paragraph's period: 2025年是“十四五”规划
/// 收官之年 and 今年是“十五五”开局之年 name a plan, they don't speak of it.
///
/// None where neither says: the caller falls back on the part of the
/// report (see [`super::outline`]), else a year's.
pub fn period_in(paragraph: &str, prefix: &str, year: Option<i32>) -> Option<Span> {
    let lead = paragraph
        .split(['，', ',', '：', ':', '。'])
        .next()
        .filter(|l| l.chars().count() <= 12 && !l.contains('是'));
    let opened = lead
        .and_then(|l| marked(l, year))
        .filter(|s| s.period == Period::MultiYear);
    marked(prefix, year).or(opened)
}

impl Span {
    /// One year's.
    pub fn year(year: Option<i32>) -> Span {
        Span {
            period: Period::Year,
            start: year,
            end: year,
        }
    }
}

/// The period word ending nearest the end of `prefix`, if any.
fn marked(prefix: &str, year: Option<i32>) -> Option<Span> {
    let mut marks: Vec<(usize, Span)> = Vec::new();
    // Each pattern needs a character of its own: skip those that cannot
    // match (this runs for every figure, over its sentence so far).
    let has_year = prefix.contains('年');
    spans(prefix, year, has_year, &mut marks);
    let single = |period| Span {
        period,
        start: year,
        end: year,
    };
    let quarters = prefix.contains("季度");
    let ytd = quarters || prefix.contains('月') || prefix.contains("上半年");
    for m in ytd.then(|| YTD.find_iter(prefix)).into_iter().flatten() {
        marks.push((m.end(), single(Period::Ytd)));
    }
    for m in quarters
        .then(|| QUARTER.find_iter(prefix))
        .into_iter()
        .flatten()
    {
        marks.push((m.end(), single(Period::Quarter)));
    }
    for m in has_year
        .then(|| YEAR.find_iter(prefix))
        .into_iter()
        .flatten()
    {
        marks.push((m.end(), single(Period::Year)));
    }
    // The word ending nearest the figure; on a tie (2021—2025年 ends as
    // its 2025年 does), the span.
    marks
        .into_iter()
        .max_by_key(|(at, s)| (*at, s.period == Period::MultiYear))
        .map(|(_, s)| s)
}

/// The words of `prefix` that name several years (a plan, 2021—2025年,
/// 比2020年, 五年来), each with where it ends.
fn spans(prefix: &str, year: Option<i32>, has_year: bool, marks: &mut Vec<(usize, Span)>) {
    let multi = |start: Option<i32>, end: Option<i32>| Span {
        period: Period::MultiYear,
        start,
        end,
    };
    for (at, end) in plan_years(prefix) {
        // 较“十三五”末: the span since the plan ended.
        let base = prefix[..at].trim_end_matches('“').ends_with(['比', '较']);
        let span = if base {
            multi(Some(end + 1), year)
        } else {
            multi(Some(end - 4), Some(end))
        };
        marks.push((at + "十四五".len(), span));
    }
    for c in has_year
        .then(|| YEARS.captures_iter(prefix))
        .into_iter()
        .flatten()
    {
        let (a, b) = (c[1].parse().ok(), c[2].parse().ok());
        marks.push((c.get(0).map_or(0, |m| m.end()), multi(a, b)));
    }
    for c in has_year
        .then(|| BASE_YEAR.captures_iter(prefix))
        .into_iter()
        .flatten()
    {
        let base: Option<i32> = c[1].parse().ok();
        let at = c.get(0).map_or(0, |m| m.end());
        // 比2024年 in a report on 2025 is last year's base: one year.
        if let (Some(b), Some(y)) = (base, year) {
            if b + 1 < y {
                marks.push((at, multi(Some(b + 1), Some(y))));
            }
        }
    }
    let five = prefix.contains('五').then(|| FIVE_YEARS.find_iter(prefix));
    for m in five.into_iter().flatten() {
        marks.push((m.end(), multi(year.map(|y| y - 4), year)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(prefix: &str) -> (Period, Option<i32>, Option<i32>) {
        let s = period_in("", prefix, Some(2025)).unwrap_or(Span::year(Some(2025)));
        (s.period, s.start, s.end)
    }

    #[test]
    fn spans_from_the_words_before_the_figure() {
        use Period::*;
        // Sentences of prov2026, up to the figure.
        let cases = [
            (
                "“十四五”时期,全省城镇新增就业",
                (MultiYear, Some(2021), Some(2025)),
            ),
            ("五年来,城镇新增就业", (MultiYear, Some(2021), Some(2025))),
            (
                "全省经济总量较“十三五”末的9323.1亿元增加4374.4亿元,",
                (MultiYear, Some(2021), Some(2025)),
            ),
            ("比2020年", (MultiYear, Some(2021), Some(2025))),
            (
                "2021—2025年,进出口总额",
                (MultiYear, Some(2021), Some(2025)),
            ),
            (
                "“十四五”时期工作回顾。2025年,地区生产总值",
                (Year, Some(2025), Some(2025)),
            ),
            ("全年地区生产总值", (Year, Some(2025), Some(2025))),
            ("地区生产总值", (Year, Some(2025), Some(2025))),
            ("比上年", (Year, Some(2025), Some(2025))),
            ("1—11月,规模以上工业增加值", (Ytd, Some(2025), Some(2025))),
            ("前三季度,地区生产总值", (Ytd, Some(2025), Some(2025))),
            ("一季度,地区生产总值", (Quarter, Some(2025), Some(2025))),
        ];
        for (prefix, want) in cases {
            assert_eq!(period(prefix), want, "{prefix}");
        }
    }

    #[test]
    fn a_paragraph_on_five_years_spans_them_until_a_sentence_names_a_year() {
        let period_in = |p, s, y| period_in(p, s, y).unwrap_or(Span::year(y));
        // 四川: the paragraph opens on the five years; its job figure is theirs.
        let paragraph = "“十四五”时期,我们团结带领全省人民砥砺奋进。";
        let s = period_in(paragraph, "城乡就业增收更加提质,城镇新增就业", Some(2025));
        assert_eq!((s.period, s.start), (Period::MultiYear, Some(2021)));
        let s = period_in(paragraph, "2025年,城镇新增就业", Some(2025));
        assert_eq!((s.period, s.start), (Period::Year, Some(2025)));
        // 陕西: a paragraph that only names the plan.
        let named = "2025年是“十四五”规划收官之年。";
        let s = period_in(named, "全省地区生产总值", Some(2025));
        assert_eq!(s.period, Period::Year);
        let s = period_in(
            "今年是“十五五”开局之年。",
            "主要预期目标是:经济",
            Some(2026),
        );
        assert_eq!(s.period, Period::Year);
    }
}
