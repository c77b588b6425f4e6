//! Indicator extraction: growth rates, amounts, counts, ratios and named
//! measures, each with metric, modifier, status, year, locality and its exact
//! byte span in the original text.
//!
//! Extraction runs an ordered list of small pattern stages (the `stages` module) over
//! the full-width-folded text; earlier stages claim their spans first. Each
//! candidate is then given its metric ([`metric`]), status and year
//! ([`status`]) and locality ([`crate::place`]).

mod bounds;
mod kinds;
mod measure;
pub mod metric;
mod money;
pub mod number;
pub mod outline;
mod patterns;
pub mod period;
mod stages;
pub mod status;

#[cfg(test)]
mod gold_tests;
#[cfg(test)]
mod prop_tests;

use std::sync::{Arc, LazyLock};

pub use kinds::{Basis, Direction, Kind, LocalitySource, Modifier, Period, Status};
pub use metric::MetricTable;
pub use number::{parse_number, Decimal};

use crate::place::Sections;
use crate::text::Normalized;

/// One document handed to the extractor. A document's view
/// ([`crate::view::DocView::extract_input`]) hands over its normalized text
/// and locality sections; for a bare text they are worked out here.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    /// The original document text.
    pub text: &'a str,
    /// `text` normalized, when already done.
    pub norm: Option<&'a Normalized>,
    /// Locality sections of `text`, when already found.
    pub sections: Option<&'a Sections>,
    /// The document's main locality from metadata (e.g. 北京市), if known.
    pub locality: Option<&'a str>,
    /// The document's year from metadata, if known.
    pub year: Option<i32>,
}

impl<'a> DocInput<'a> {
    /// A document with text only: no locality or year.
    pub fn plain(text: &'a str) -> Self {
        DocInput {
            text,
            norm: None,
            sections: None,
            locality: None,
            year: None,
        }
    }
}

/// One indicator, as specified by the `indicators` JSON contract (the
/// fields after the document's, in contract order).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Indicator {
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub kind: Kind,
    pub metric: Option<String>,
    pub subject: Option<String>,
    pub value: Option<f64>,
    pub value_high: Option<f64>,
    pub unit: Option<String>,
    pub normalized_value: Option<f64>,
    pub normalized_unit: Option<String>,
    pub modifier: Option<Modifier>,
    pub status: Status,
    pub direction: Option<Direction>,
    pub basis: Option<Basis>,
    /// Exactly `doc.text[start..end]`.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The sentence (or clause) the figure stands in; shared between the
    /// rows of one sentence.
    pub sentence: Arc<str>,
    /// `start` and `end` as character offsets, for languages that slice
    /// strings by characters (Python, R, Stata).
    pub char_start: usize,
    pub char_end: usize,
    /// The time the figure covers, and its first and last years (see
    /// [`period`]): only a `year` figure fills a year's cell.
    pub period: Period,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
}

/// The version of the extraction rules: bump it with any change that
/// makes unchanged text yield other rows (a pattern, a cue word, the
/// outline), so that stores made before it are read again.
pub const RULES_VERSION: u32 = 8;

/// The rules rows are made with: [`RULES_VERSION`] and a hash of the
/// builtin metric table, as recorded in a store's manifest.
pub fn rules() -> String {
    let table = xxhash_rust::xxh3::xxh3_64(include_str!("../../data/metrics.tsv").as_bytes());
    format!("{RULES_VERSION}-{table:016x}")
}

/// The indicator extractor: compiled stages plus a metric table. Build it
/// once and share it (it is `Sync`).
pub struct Extractor {
    metrics: MetricTable,
    stages: Vec<Box<dyn stages::Stage>>,
}

static GLOBAL: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(MetricTable::builtin()));

impl Extractor {
    /// An extractor using `metrics` to link figures to metric ids.
    pub fn new(metrics: MetricTable) -> Self {
        Extractor {
            metrics,
            stages: stages::default_stages(),
        }
    }

    /// The shared extractor with the builtin metric table.
    pub fn global() -> &'static Extractor {
        &GLOBAL
    }

    /// The metric table in use.
    pub fn metrics(&self) -> &MetricTable {
        &self.metrics
    }

    /// Every indicator of `doc`, sorted by start offset.
    pub fn extract(&self, doc: &DocInput) -> Vec<Indicator> {
        let own_norm;
        let norm = match doc.norm {
            Some(n) => n,
            None => {
                own_norm = Normalized::new(doc.text);
                &own_norm
            }
        };
        let own_sections;
        let sections = match doc.sections {
            Some(s) => s,
            None => {
                own_sections = Sections::find(norm, doc.locality);
                &own_sections
            }
        };
        let ctx = patterns::Ctx::new(doc, norm, sections, &self.metrics);
        let mut found = stages::Found::default();
        for stage in &self.stages {
            stage.run(&ctx, &mut found);
        }
        let mut out: Vec<Indicator> = found
            .candidates()
            .iter()
            .filter_map(|c| ctx.finish(c))
            .collect();
        out.sort_by_key(|i| (i.start, i.end));
        fill_char_offsets(doc.text, &mut out);
        out
    }
}

/// Sets the character offsets of `found` (sorted by start, byte offsets
/// into `text`), counting the text's characters once.
fn fill_char_offsets(text: &str, found: &mut [Indicator]) {
    let (mut byte, mut chars) = (0, 0);
    for i in found {
        chars += text.get(byte..i.start).map_or(0, |s| s.chars().count());
        byte = byte.max(i.start);
        i.char_start = chars;
        i.char_end = chars + text.get(i.start..i.end).map_or(0, |s| s.chars().count());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<Indicator> {
        Extractor::global().extract(&DocInput::plain(text))
    }

    /// The indicators of `text` as a report of 2026.
    fn report_of_2026(text: &str) -> Vec<Indicator> {
        let doc = DocInput {
            year: Some(2026),
            ..DocInput::plain(text)
        };
        Extractor::global().extract(&doc)
    }

    #[test]
    fn full_width_and_chinese_numerals() {
        let found = one(
            "全省生产总值增长７．３％，培训干部一千九百六十三人，投入两万元，占比百分之十二点八。",
        );
        let texts: Vec<&str> = found.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "增长７．３％",
                "一千九百六十三人",
                "两万元",
                "百分之十二点八"
            ]
        );
        assert_eq!(found[0].value, Some(7.3));
        // 全省生产总值 is six characters and eighteen bytes.
        assert_eq!((found[0].char_start, found[0].char_end), (6, 12));
        assert_eq!(found[0].start, 18);
        assert_eq!(found[0].metric.as_deref(), Some("gdp"));
        assert_eq!(found[1].value, Some(1963.0));
        assert_eq!(found[2].normalized_value, Some(20000.0));
        assert_eq!(found[3].kind, Kind::Ratio);
    }

    #[test]
    fn dates_ranks_and_placeholders_are_not_indicators() {
        let found = one(
            "我市于今年4月26日召开会议,以总分第二名跨入前10名。XX年听课干部XX多人次。2012-8-16",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn ordinals_of_sessions_and_events_are_not_counts() {
        // Phrases of prov2026 and of the national reports.
        for text in [
            "全面贯彻落实党的二十大和二十届历次全会精神",
            "按照党的二十届四中全会部署",
            "按照省委十一届十次全会和省委经济工作会议部署",
            "省委十二届七次、八次全会",
            "完成了市十六届人大三次会议确定的目标任务",
            "办好第二十六届投洽会",
            "亚太经合组织(APEC)第三十三次领导人非正式会议",
            "党的十一届三中全会以来",
            "考虑到十届全国人大一次会议",
            "二十届中央纪委四次全会",
            "二十届中央第三轮巡视",
            "政协二十届三次会议",
        ] {
            let found = one(text);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        // Counts of events and awards stay counts (云南 and 福建, prov2026).
        let found = one("圆满举办4届南博会、3届华商聚云南,连续12届获中国戏剧梅花奖");
        let counts: Vec<&str> = found.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(counts, ["4届", "3届", "12届"]);
    }

    #[test]
    fn growth_lists_gaps_and_doubling() {
        let found = one("城镇、农村居民人均可支配收入分别增长4.4%、5.9%,进出口总额实现翻番,地区生产总值增长4.7%、低于全国0.3个百分点。");
        let growth: Vec<(&str, Option<f64>)> =
            found.iter().map(|i| (i.text.as_str(), i.value)).collect();
        assert_eq!(growth[1], ("5.9%", Some(5.9)));
        assert_eq!(found[2].text, "翻番");
        assert_eq!(found[2].value, Some(100.0));
        assert_eq!(found[2].metric.as_deref(), Some("trade"));
        let gap = found.last().unwrap();
        assert_eq!(
            (gap.status, gap.direction, gap.metric.as_deref()),
            (Status::Comparison, Some(Direction::Down), Some("gdp"))
        );
    }

    #[test]
    fn each_figure_binds_to_its_own_clause_and_the_whole() {
        // Sentences of prov2026 (江苏, 上海, 湖南, 甘肃, 新疆, 四川).
        let metric = |text: &str, figure: &str| {
            let found = one(text);
            let i = found.iter().find(|i| i.text == figure).expect(figure);
            i.metric.clone()
        };
        let list =
            "规上工业增加值、规上服务业营收分别增长6.5%和7%,社会消费品零售总额达4.64万亿元。";
        assert_eq!(
            metric(list, "增长6.5%").as_deref(),
            Some("industrial_value_added")
        );
        assert_eq!(metric(list, "7%"), None, "the services' revenue");
        let own = "全社会固定资产投资增长4.6%,重大工程投资完成2510.1亿元、增长5.3%。";
        assert_eq!(
            metric(own, "增长4.6%").as_deref(),
            Some("fixed_asset_investment")
        );
        assert_eq!(metric(own, "增长5.3%"), None, "the projects' investment");
        let said_of = "全省地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%。";
        assert_eq!(metric(said_of, "增长4.8%").as_deref(), Some("gdp"));
        let rest = "扣除房地产开发投资后,固定资产投资增长2.7%。";
        assert_eq!(metric(rest, "增长2.7%"), None);
        let partners = "外贸进出口总额增长19.9%,对共建“一带一路”国家进出口增长14.7%。";
        assert_eq!(metric(partners, "增长19.9%").as_deref(), Some("trade"));
        assert_eq!(metric(partners, "增长14.7%"), None);
        let populations = "城乡居民人均可支配收入分别增长4.4%、5.6%。";
        assert_eq!(metric(populations, "增长4.4%"), None);
        let urban = "城镇和农村居民人均可支配收入分别增长4.3%、5.5%。";
        assert_eq!(metric(urban, "增长4.3%"), None);
        assert_eq!(metric(urban, "5.5%").as_deref(), Some("rural_income"));
        let exports = "外贸进出口总额达到4.51万亿元、增长5.6%,其中出口增长10.8%。";
        assert_eq!(metric(exports, "增长10.8%").as_deref(), Some("exports"));
    }

    #[test]
    fn ranks_and_growth_in_words_or_with_spaces() {
        // prov2026 (甘肃) and the national reports of 1992, 1995 and 1998.
        let found = one(
            "地区生产总值增长5.8%,增速居全国第2位;规模以上工业增加值增长9.5%,增速居全国第3位。",
        );
        let ranks: Vec<_> = found.iter().filter(|i| i.kind == Kind::Rank).collect();
        assert_eq!(ranks.len(), 2, "{found:?}");
        assert_eq!(
            (ranks[0].value, ranks[0].metric.as_deref()),
            (Some(2.0), Some("gdp"))
        );
        assert_eq!(ranks[1].metric.as_deref(), Some("industrial_value_added"));
        assert_eq!(ranks[0].text, "居全国第2位");
        let old = one("１９９１年国民生产总值比上年增长百分之七。国民生产总值增长速度定为百分之八至九。去年经济增长8 ．8 ％。主要目标是:经济增长速度8 ％。");
        let growth: Vec<_> = old
            .iter()
            .map(|i| (i.kind, i.metric.as_deref(), i.value, i.value_high))
            .collect();
        assert_eq!(
            growth,
            [
                (Kind::Growth, Some("gnp"), Some(7.0), None),
                (Kind::Growth, Some("gnp"), Some(8.0), Some(9.0)),
                (Kind::Growth, Some("gdp"), Some(8.8), None),
                (Kind::Growth, Some("gdp"), Some(8.0), None),
            ]
        );
    }

    #[test]
    fn national_targets_worded_as_the_reports_word_them() {
        // The reports of 1995, 1997 and 2004.
        for (text, value, high) in [
            (
                "今年经济增长速度的宏观调控目标，定为百分之八至九。",
                8.0,
                Some(9.0),
            ),
            (
                "经济增长速度的调控目标定为８％,物价上涨幅度低一些。",
                8.0,
                None,
            ),
            ("中央提出今年经济增长预期目标为7%左右。", 7.0, None),
            ("今年的经济增长预期为７％左右。", 7.0, None),
        ] {
            let found = report_of_2026(text);
            let t = &found[0];
            assert_eq!(
                (t.metric.as_deref(), t.status, t.value, t.value_high),
                (Some("gdp"), Status::Target, Some(value), high),
                "{text}"
            );
        }
    }

    #[test]
    fn a_gap_set_as_a_goal_is_a_relative_target() {
        let found = report_of_2026(
            "一、2025年工作回顾\n全市生产总值增长6.1%，高于全国0.9个百分点。\n二、2026年主要预期目标\n主要预期目标是：地区生产总值增长高出全国平均水平1到2个百分点。\n",
        );
        let gap = found.iter().find(|i| i.text.contains("0.9")).unwrap();
        assert_eq!(gap.status, Status::Comparison);
        let goal = found.iter().find(|i| i.text.contains("1到2")).unwrap();
        assert_eq!(
            (
                goal.metric.as_deref(),
                goal.status,
                goal.value,
                goal.value_high
            ),
            (Some("gdp"), Status::Target, Some(1.0), Some(2.0))
        );
        assert_eq!(goal.unit.as_deref(), Some("个百分点"));
    }

    #[test]
    fn a_programme_named_plan_is_no_target() {
        let found = report_of_2026("一、2025年工作回顾\n实施岗位挖潜扩容支持计划,开发政策性岗位35万个,全省城镇新增就业107万人。计划投资120亿元。\n");
        let jobs = found.iter().find(|i| i.text == "107万人").unwrap();
        assert_eq!((jobs.status, jobs.year), (Status::Actual, Some(2025)));
        let planned = found.iter().find(|i| i.text == "120亿元").unwrap();
        assert_eq!(planned.status, Status::Target);
    }

    #[test]
    fn targets_ranges_and_years() {
        let found = report_of_2026("一、2025年工作回顾\n地区生产总值增长5.4%。\n主要预期目标是:地区生产总值增长4.5%—5%,城镇调查失业率5.5%左右。");
        assert_eq!(
            (found[0].status, found[0].year),
            (Status::Actual, Some(2025))
        );
        let t = &found[1];
        assert_eq!(
            (t.status, t.year, t.modifier),
            (Status::Target, Some(2026), Some(Modifier::Range))
        );
        assert_eq!((t.value, t.value_high), (Some(4.5), Some(5.0)));
        assert_eq!(found[2].metric.as_deref(), Some("unemployment_rate"));
        assert_eq!(found[2].modifier, Some(Modifier::Approx));
    }
}
