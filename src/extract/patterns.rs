//! The extraction context of one document: folded text, sentence and clause
//! boundaries, metric mentions and localities; and the step that turns a
//! stage's candidate into an [`Indicator`].

use super::bounds::{ends, Bounds, Ends, CLAUSE, LIST_ENDS, PERIOD, SEMI};
use super::metric::{Mention, MetricTable};
use super::outline::{Outline, Part};
use super::period::Span;
use super::stages::Candidate;
use super::status::{plan_years, reviews_past_year, status_of, year_in};
use super::{Basis, DocInput, Indicator, Kind, Modifier, Status};
use crate::place::Sections;
use crate::text::Normalized;

/// Everything the stages and the finishing step read about one document.
pub struct Ctx<'a> {
    orig: &'a str,
    folded: &'a Normalized,
    /// The folded text the stages match on.
    pub f: &'a str,
    metrics: &'a MetricTable,
    mentions: Vec<Mention>,
    doc_year: Option<i32>,
    review: bool,
    /// Locality sections (original byte offsets).
    places: &'a Sections,
    /// Section heading lines (一、评价标准) as `(start, newline offset)`,
    /// found once so that looking one up is a binary search.
    headings: Vec<(usize, usize)>,
    /// The report's parts and paragraph openings.
    outline: Outline,
    /// Where sentences, clauses and list items end.
    bounds: Bounds,
}

/// What separates the items of such a list, and its figures.
const ITEM_SEPARATORS: [char; 3] = ['、', '和', '及'];
/// Verbs that stand right before a figure.
const VERBS: &[&str] = &[
    "增长", "下降", "提高", "降低", "增加", "减少", "达到", "达", "超过", "突破", "完成", "实现",
    "为", "是", "约", "近", "超",
];

impl<'a> Ctx<'a> {
    /// Prepares the context of `doc`, whose folded text is `folded`.
    pub fn new(
        doc: &DocInput<'a>,
        folded: &'a Normalized,
        places: &'a Sections,
        metrics: &'a MetricTable,
    ) -> Self {
        let f = folded.text.as_str();
        Ctx {
            orig: doc.text,
            folded,
            f,
            metrics,
            mentions: metrics.mentions(f),
            doc_year: doc.year,
            review: reviews_past_year(f),
            places,
            headings: headings(f),
            outline: Outline::new(f, doc.year),
            bounds: Bounds::new(f),
        }
    }

    /// Start of the unit (sentence, clause…) around `pos` ended by `ends`.
    fn unit_start(&self, pos: usize, ends: Ends) -> usize {
        let floor = floor_boundary(self.f, pos.saturating_sub(MAX_UNIT));
        self.bounds.start(floor, pos, ends)
    }

    /// End of the unit around `pos` ended by `ends` (the end char included).
    fn unit_end(&self, pos: usize, ends: Ends) -> usize {
        let ceil = ceil_boundary(self.f, pos.saturating_add(MAX_UNIT));
        self.bounds.end(pos, ceil, ends)
    }

    /// Start of the sentence around `pos`, joining a line that a hard wrap
    /// cut mid-sentence (…主要预期目标\n是:…) to the line before.
    fn sentence_start(&self, pos: usize) -> usize {
        let start = self.unit_start(pos, PERIOD);
        let before = self.f[..start].strip_suffix('\n').unwrap_or("");
        match before.chars().next_back() {
            Some(c) if is_han(c) && start > 0 => self.unit_start(start - 1, PERIOD),
            _ => start,
        }
    }

    /// Basis (同比/比上年 → yoy, 环比 → mom) from the clause before `pos`.
    pub fn basis_before(&self, pos: usize) -> Option<Basis> {
        let clause = &self.f[self.unit_start(pos, CLAUSE)..pos];
        if clause.contains("环比") {
            Some(Basis::Mom)
        } else if ["同比", "比上年", "比去年", "较上年"]
            .iter()
            .any(|w| clause.contains(w))
        {
            Some(Basis::Yoy)
        } else {
            None
        }
    }

    /// The words a count counts: after a classifier (8个先进集体), else the
    /// words before the number (培训干部1963人).
    pub fn subject_of(&self, c: &Candidate) -> Option<String> {
        let after: String = self.f[c.end..]
            .chars()
            .take_while(|ch| is_han(*ch) && !matches!(ch, '和' | '及' | '与'))
            .take(8)
            .collect();
        let classifier = [
            "个", "项", "家", "所", "座", "条", "批", "台", "件", "部", "种", "处", "支", "类",
            "套", "门", "名", "位",
        ];
        let words = if classifier.contains(&c.base_unit.as_str()) && !after.is_empty() {
            after
        } else {
            let before: Vec<char> = self.f[..c.start]
                .chars()
                .rev()
                .take_while(|ch| is_han(*ch))
                .take(10)
                .collect();
            before.into_iter().rev().collect()
        };
        let words = trim_filler(&words);
        (!words.is_empty()).then(|| words.to_string())
    }

    /// The metric id of a figure: a metric named in its own clause, or, when
    /// the clause has no subject of its own (同比增长12.8%), the nearest
    /// metric named earlier in the sentence. None where the name is
    /// qualified to a part of the whole (see [`whole_scope`]).
    fn metric_of(&self, c: &Candidate, kind: Kind) -> Option<String> {
        let sentence = self.unit_start(c.anchor, SEMI);
        let clause = self.unit_start(c.anchor, CLAUSE).max(sentence);
        // Mentions are in text order: the last one starting before `to`.
        let last_in = |from: usize, to: usize| {
            let i = self.mentions.partition_point(|m| m.start < to);
            i.checked_sub(1)
                .map(|i| &self.mentions[i])
                .filter(|m| m.start >= from)
        };
        let mention = if let Some((from, to)) = self.list_item(c, sentence) {
            // 规上工业增加值、规上服务业营收分别增长6.5%和7%: the item's own.
            last_in(from, to)?
        } else {
            match last_in(clause, c.anchor) {
                Some(m) => m,
                // 同比增长12.8%: the metric named earlier in the sentence,
                // unless a clause between has a subject of its own.
                None if subjectless(&self.f[clause..c.anchor]) => {
                    let earlier = last_in(sentence, clause)?;
                    if self.own_subject_between(earlier.end, clause) {
                        return None;
                    }
                    earlier
                }
                None => return None,
            }
        };
        let id = self.metrics.id_for(mention, kind)?;
        // 扣除房地产开发投资后，固定资产投资…: what is left of the whole.
        let lead = &self.f[sentence.min(mention.start)..mention.start];
        if ["扣除", "剔除", "不含"].iter().any(|w| lead.contains(w)) {
            return None;
        }
        let (start, _) = self.folded.span_to_original(mention.start, mention.end);
        let locality = self.locality_at(start);
        whole_scope(qualifier_before(self.f, mention.start), locality.as_deref())
            .then(|| id.to_string())
    }

    /// In a list that 分别 pairs with figures (A、B和C分别增长x、y和z),
    /// the span of the item figure `c` stands for; None when `c` is not in
    /// such a list or the items and figures cannot be paired.
    fn list_item(&self, c: &Candidate, sentence: usize) -> Option<(usize, usize)> {
        let head = c.anchor;
        let base = self.unit_start(head, LIST_ENDS).max(sentence);
        let before = &self.f[base..head];
        let at = before.rfind("分别")?;
        if !subjectless(&before[at..]) {
            return None;
        }
        let index = self.f[head..c.start.max(head)]
            .matches(ITEM_SEPARATORS)
            .count();
        let mut items = Vec::new();
        let mut from = 0;
        for (i, ch) in before[..at].char_indices() {
            if ITEM_SEPARATORS.contains(&ch) {
                items.push((base + from, base + i));
                from = i + ch.len_utf8();
            }
        }
        items.push((base + from, base + at));
        (items.len() >= 2)
            .then(|| items.get(index).copied())
            .flatten()
    }

    /// Whether a clause between `from` and `to` has a subject of its own
    /// (…固定资产投资增长4.6%，重大工程投资完成2510.1亿元、增长5.3%: the
    /// 5.3% is the project investment's, not the metric named before).
    fn own_subject_between(&self, from: usize, to: usize) -> bool {
        let Some(span) = self.f.get(from..to) else {
            return false;
        };
        // A clause with a figure and words before it that are neither a
        // verb of change nor a rank or comparison (稳居全国前十强,
        // 增速居全国第2位 are said of the metric).
        span.split(|c| ends(c, CLAUSE)).skip(1).any(|clause| {
            let Some(digit) = clause.find(|ch: char| ch.is_ascii_digit()) else {
                return false;
            };
            let mut words = &clause[..digit];
            while let Some(verb) = VERBS.iter().find(|v| words.ends_with(**v)) {
                words = &words[..words.len() - verb.len()];
            }
            let said_of = ["居", "第", "排", "列", "占", "比", "较", "于"];
            !said_of.iter().any(|w| words.contains(w)) && !subjectless(words)
        })
    }

    /// Status from the sentence, the clause and the expression itself.
    /// `said` is the year the figure's sentence names ([`year_in`]).
    fn status_of(&self, c: &Candidate, said: Option<Option<i32>>) -> Status {
        match c.status {
            // A gap set as a goal (增长高出全国平均水平1到2个百分点 among the
            // coming year's targets) is a relative target.
            Some(Status::Comparison) => match self.stated_status(c, said) {
                Status::Target => Status::Target,
                _ => Status::Comparison,
            },
            Some(s) => s,
            None => self.stated_status(c, said),
        }
    }

    /// The status the words around a figure give it.
    fn stated_status(&self, c: &Candidate, said: Option<Option<i32>>) -> Status {
        let start = self.sentence_start(c.anchor);
        let clause = self.unit_start(c.anchor, CLAUSE);
        let end = self.unit_end(c.end.min(self.f.len()), PERIOD);
        let heading = self.heading_before(start);
        // The words up to the number itself: 增长速度的调控目标定为8%.
        let status = status_of(
            &self.f[start..c.num_start.clamp(c.anchor, self.f.len())],
            &self.f[clause..c.end],
            &self.f[start..end],
            heading,
        );
        // In the coming year's part or the next plan's, a figure is a
        // target unless its sentence names a past year.
        let past = || {
            said.flatten()
                .zip(self.doc_year)
                .is_some_and(|(y, doc)| y < doc)
        };
        if status == Status::Actual && self.outline.at(start).is_ahead() && !past() {
            Status::Target
        } else {
            status
        }
    }

    /// The year a figure refers to (see [`year_in`]), else by status: a
    /// target is for the document's year, an actual for the year reviewed.
    /// `start` is the start of the candidate's sentence.
    fn year_of(&self, start: usize, status: Status, said: Option<Option<i32>>) -> Option<i32> {
        if let Some(y) = said {
            return y;
        }
        match status {
            Status::Target => match self.outline.at(start).part {
                Part::Plan { end, .. } => Some(end),
                _ => self.doc_year,
            },
            Status::Average => self.plan_year_before(start).or_else(|| {
                // An average in a paragraph on the past five years: theirs.
                let frame = self.outline.at(start);
                frame
                    .five_years
                    .then(|| self.doc_year.map(|y| y - 1))
                    .flatten()
            }),
            _ if self.review => self.doc_year.map(|y| y - 1),
            _ => self.doc_year,
        }
    }

    /// The last section heading (一、评价标准) ending before `pos`, or "".
    fn heading_before(&self, pos: usize) -> &str {
        let i = self.headings.partition_point(|(_, nl)| *nl < pos);
        i.checked_sub(1).map_or("", |i| {
            let (start, nl) = self.headings[i];
            &self.f[start..nl]
        })
    }

    /// The five-year plan named last in the 2,000 bytes before `pos`.
    fn plan_year_before(&self, pos: usize) -> Option<i32> {
        let mut from = pos.saturating_sub(2000);
        while !self.f.is_char_boundary(from) {
            from += 1;
        }
        plan_years(&self.f[from..pos])
            .into_iter()
            .max_by_key(|(at, _)| *at)
            .map(|(_, y)| y)
    }

    /// The locality in force at original offset `pos`.
    fn locality_at(&self, pos: usize) -> Option<String> {
        self.places.at(pos).map(str::to_string)
    }

    /// The original text of the sentence around folded offset `pos`.
    fn sentence_at(&self, pos: usize) -> String {
        let (s, e) = (self.unit_start(pos, PERIOD), self.unit_end(pos, PERIOD));
        let (s, e) = self.folded.span_to_original(s, e);
        self.orig
            .get(s..e)
            .unwrap_or("")
            .trim_end_matches('\n')
            .to_string()
    }

    /// The start of the paragraph of the sentence at `sentence_start`,
    /// looked for only so far back: a figure in a paragraph longer than
    /// that is far from its opening (and a long one-line text is not
    /// scanned back once per figure).
    fn paragraph_start(&self, sentence_start: usize) -> usize {
        let mut from = sentence_start.saturating_sub(6000);
        while !self.f.is_char_boundary(from) {
            from += 1;
        }
        match self.f[from..sentence_start].rfind('\n') {
            Some(i) => from + i + 1,
            None if from == 0 => 0,
            None => sentence_start,
        }
    }

    /// Turns a candidate into a record; None for blockers.
    pub fn finish(&self, c: &Candidate) -> Option<Indicator> {
        let kind = c.kind?;
        let (start, end) = self.folded.span_to_original(c.start, c.end);
        // The sentence is found once for the year, the status and the period.
        let sentence_start = self.unit_start(c.anchor, PERIOD);
        let said = year_in(&self.f[sentence_start..c.anchor], self.doc_year);
        let status = self.status_of(c, said);
        let mut modifier = c.modifier;
        if status == Status::Criterion
            && modifier == Some(Modifier::MoreThan)
            && self.f[..c.end].ends_with("以上")
        {
            modifier = Some(Modifier::AtLeast);
        }
        let normalized = c.value.and_then(|v| v.shift(c.scale));
        let year = self.year_of(sentence_start, status, said);
        let span = super::period::period_in(
            &self.f[self.paragraph_start(sentence_start)..sentence_start],
            &self.f[sentence_start..c.anchor],
            year,
        )
        .or_else(|| self.outline.at(sentence_start).period(year))
        .unwrap_or(Span::year(year));
        Some(Indicator {
            kind,
            metric: (kind != Kind::Measure)
                .then(|| self.metric_of(c, kind))
                .flatten(),
            subject: c.subject.clone(),
            value: c.value.map(|v| v.to_f64()),
            value_high: c.value_high.map(|v| v.to_f64()),
            unit: (!c.unit.is_empty()).then(|| c.unit.clone()),
            normalized_value: normalized.map(|v| v.to_f64()),
            normalized_unit: (!c.base_unit.is_empty() && c.value.is_some())
                .then(|| c.base_unit.clone()),
            modifier,
            status,
            direction: c.direction,
            basis: c.basis,
            text: self.orig.get(start..end)?.to_string(),
            start,
            end,
            sentence: self.sentence_at(c.start).into(),
            // Counted for all indicators at once (`fill_char_offsets`).
            char_start: 0,
            char_end: 0,
            period: span.period,
            period_start: span.start,
            period_end: span.end,
            locality: self.locality_at(start),
            year,
        })
    }
}

/// How far a sentence or clause is looked for on either side of a
/// figure, in bytes (800 Chinese characters; the longest sentence of the 31
/// provincial reports is 1,914 bytes in all). Text without punctuation (a
/// dump of many reports on one line) otherwise made every figure's
/// sentence the rest of the document: a 19 MB line ran out of memory at
/// 24 GB.
pub const MAX_UNIT: usize = 2_400;

/// The char boundary of `s` at or before `i` (its length when past it).
pub(super) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary of `s` at or after `i` (its length when past it).
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether `c` is a Chinese numeral used for section numbers.
pub(super) fn is_cn_ordinal(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// Whether `c` is a CJK ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The ideographs right before folded offset `pos`: what qualifies a
/// metric's name (城乡居民人均可支配收入, “一带一路”国家进出口).
fn qualifier_before(f: &str, pos: usize) -> &str {
    let before = &f[..pos];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_han(*c))
        .take(16)
        .last()
        .map_or(pos, |(i, _)| i);
    &before[start..]
}

/// Words before a metric's name that leave it the whole of the locality:
/// the locality itself (全省, 我市), time, verbs of reporting and aiming,
/// and the usual qualifiers of the headline series (规上, 外贸, 地方).
#[rustfmt::skip]
const WHOLE_WORDS: &[&str] = &[
    "全省", "全市", "全区", "全州", "全县", "全国", "全自治区", "我省", "我市", "我区", "我县", "本省", "本市", "全体", "全年",
    "今年", "去年", "上年", "年均", "每年", "年", "时期", "实现", "完成", "达到", "其中", "力争", "确保", "争取", "提出", "包括",
    "预计", "初步统计", "同比", "累计", "快于", "高于", "低于", "规模以上", "规上", "规模", "外贸", "货物和服务", "货物", "地方",
    "一是", "二是", "三是", "四是", "五是", "六是", "的", "共", "合计", "总计",
    "计划", "预期", "拟", "要", "中央",
];

/// Whether a metric's name qualified by `qualifier` (the ideographs right
/// before it) still names the whole of `locality`: nothing is left once
/// the words of [`WHOLE_WORDS`] and the locality's own name are taken off.
/// What is left names a part: a sub-region (兰州新区经济总量, 武汉都市圈),
/// a sub-population (城乡居民, 脱贫地区农村居民), trade with some partners
/// (对东盟、欧盟进出口), a sector (非烟非能工业增加值, 跨境电商进出口).
/// A name listed with its siblings (城镇和农村居民…分别) is left to the
/// list.
pub fn whole_scope(qualifier: &str, locality: Option<&str>) -> bool {
    let mut rest = qualifier;
    loop {
        let len = rest.len();
        for w in WHOLE_WORDS {
            rest = rest.strip_prefix(w).unwrap_or(rest);
            rest = rest.strip_suffix(w).unwrap_or(rest);
        }
        if rest.len() == len {
            break;
        }
    }
    rest.is_empty()
        || rest.ends_with(['和', '及', '与'])
        || locality.is_some_and(|l| crate::place::same_locality(rest, l) && same_or_short(rest, l))
}

/// Whether `name` is `locality` or its short form (陕西 for 陕西省), not a
/// place within it.
fn same_or_short(name: &str, locality: &str) -> bool {
    locality.starts_with(name) && name.chars().count() >= 2
}

/// Whether a clause prefix has no subject of its own: only connective
/// words such as 同比, 全年, 年均, 分别 before the figure.
fn subjectless(prefix: &str) -> bool {
    let mut rest = prefix.trim();
    let fillers = [
        "同比",
        "环比",
        "比上年",
        "比去年",
        "较上年",
        "全年",
        "年均",
        "分别",
        "实际",
        "其中",
        "增速",
        "均",
        "共",
        "累计",
        "完成",
        "实现",
        "达到",
        "达",
        "为",
        "并",
        "且",
    ];
    while let Some(f) = fillers.iter().find(|f| rest.starts_with(**f)) {
        rest = &rest[f.len()..];
    }
    !rest.chars().any(is_han)
}

/// Drops leading words that are not part of a count's subject.
fn trim_filler(words: &str) -> &str {
    let mut rest = words;
    for w in [
        "我市",
        "全市",
        "全县",
        "全省",
        "共有",
        "共",
        "累计",
        "先后",
        "评选出",
        "其中",
        "已",
        "有",
    ] {
        rest = rest.strip_prefix(w).unwrap_or(rest);
    }
    rest
}

/// The section heading lines of `f`: short lines that start with a Chinese
/// ordinal and hold a 、, each followed by a newline.
fn headings(f: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (nl, _) in f.match_indices('\n') {
        let line = &f[start..nl];
        if line.starts_with(is_cn_ordinal) && line.contains('、') && line.chars().count() <= 30 {
            out.push((start, nl));
        }
        start = nl + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metric_qualified_to_a_part_is_not_the_whole() {
        // (words right before the metric's name, locality, whole?) — prov2026.
        #[rustfmt::skip]
        let cases = [
            ("", Some("河南省"), true), ("年全市共完成", None, true), ("全省", Some("湖南省"), true),
            ("带动陕西", Some("陕西省"), false), ("陕西", Some("陕西省"), true),
            ("力争规上", Some("甘肃省"), true), ("城乡", Some("江苏省"), false),
            ("国家", Some("上海市"), false), ("欧盟", Some("湖北省"), false),
            ("非烟非能", Some("云南省"), false), ("兰州新区", Some("甘肃省"), false),
            ("武汉都市圈", Some("湖北省"), false), ("预计大湾区", Some("广东省"), false),
            ("跨境电商", Some("广西壮族自治区"), false), ("城镇和", Some("贵州省"), true),
        ];
        for (q, locality, whole) in cases {
            assert_eq!(whole_scope(q, locality), whole, "{q}");
        }
        assert_eq!(qualifier_before("XX年全市共完成gdp", 20), "年全市共完成");
    }
}
