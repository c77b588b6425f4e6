//! The extraction context of one document: folded text, sentence and clause
//! boundaries, metric mentions and localities; and the step that turns a
//! stage's candidate into an [`Indicator`].

use super::metric::{Mention, MetricTable};
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
}

/// Characters that end a sentence for status and year.
const PERIOD: &[char] = &['。', '!', '?', '\n'];
/// Characters that also end a metric's reach (财政收入…;社会消费品…).
const SEMI: &[char] = &['。', '!', '?', '\n', ';'];
/// Characters that end a clause.
const CLAUSE: &[char] = &[',', '、', ':', ';', '。', '!', '?', '\n'];

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
        }
    }

    /// Start of the unit (sentence, clause…) around `pos` ended by `ends`.
    fn unit_start(&self, pos: usize, ends: &[char]) -> usize {
        let floor = floor_boundary(self.f, pos.saturating_sub(MAX_UNIT));
        self.f[floor..pos].rfind(ends).map_or(floor, |i| {
            floor + i + self.f[floor + i..].chars().next().map_or(1, char::len_utf8)
        })
    }

    /// End of the unit around `pos` ended by `ends` (the end char included).
    fn unit_end(&self, pos: usize, ends: &[char]) -> usize {
        let ceil = ceil_boundary(self.f, pos.saturating_add(MAX_UNIT));
        self.f[pos..ceil].find(ends).map_or(ceil, |i| {
            pos + i + self.f[pos + i..].chars().next().map_or(1, char::len_utf8)
        })
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
    /// metric named earlier in the sentence.
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
        let mention = match last_in(clause, c.anchor) {
            Some(m) => Some(m),
            None if subjectless(&self.f[clause..c.anchor]) => last_in(sentence, clause),
            None => None,
        };
        mention
            .and_then(|m| self.metrics.id_for(m, kind))
            .map(str::to_string)
    }

    /// Status from the sentence, the clause and the expression itself.
    fn status_of(&self, c: &Candidate) -> Status {
        if let Some(s) = c.status {
            return s;
        }
        let start = self.sentence_start(c.anchor);
        let clause = self.unit_start(c.anchor, CLAUSE);
        let end = self.unit_end(c.end.min(self.f.len()), PERIOD);
        let heading = self.heading_before(start);
        status_of(
            &self.f[start..c.anchor],
            &self.f[clause..c.end],
            &self.f[start..end],
            heading,
        )
    }

    /// The year a figure refers to (see [`year_in`]), else by status: a
    /// target is for the document's year, an actual for the year reviewed.
    /// `start` is the start of the candidate's sentence.
    fn year_of(&self, c: &Candidate, start: usize, status: Status) -> Option<i32> {
        if let Some(y) = year_in(&self.f[start..c.anchor], self.doc_year) {
            return y;
        }
        match status {
            Status::Target => self.doc_year,
            Status::Average => self.plan_year_before(start),
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

    /// Turns a candidate into a record; None for blockers.
    pub fn finish(&self, c: &Candidate) -> Option<Indicator> {
        let kind = c.kind?;
        let (start, end) = self.folded.span_to_original(c.start, c.end);
        let status = self.status_of(c);
        let mut modifier = c.modifier;
        if status == Status::Criterion
            && modifier == Some(Modifier::MoreThan)
            && self.f[..c.end].ends_with("以上")
        {
            modifier = Some(Modifier::AtLeast);
        }
        let normalized = c.value.and_then(|v| v.shift(c.scale));
        // The sentence is found once for the year and the period.
        let sentence_start = self.unit_start(c.anchor, PERIOD);
        let year = self.year_of(c, sentence_start, status);
        // The paragraph's start, looked for only so far back: a figure in
        // a paragraph longer than that is far from its opening (and a
        // long one-line text is not scanned back once per figure).
        let mut from = sentence_start.saturating_sub(6000);
        while !self.f.is_char_boundary(from) {
            from += 1;
        }
        let paragraph_start = match self.f[from..sentence_start].rfind('\n') {
            Some(i) => from + i + 1,
            None if from == 0 => 0,
            None => sentence_start,
        };
        let span = super::period::period_in(
            &self.f[paragraph_start..sentence_start],
            &self.f[sentence_start..c.anchor],
            year,
        );
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
fn floor_boundary(s: &str, i: usize) -> usize {
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
fn is_cn_ordinal(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// Whether `c` is a CJK ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
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
