//! The ordered list of pattern stages. Each stage finds one family of
//! figures in the folded text and adds candidates for spans no earlier stage
//! has claimed. To add a pattern, write a small `Stage` — most are a regex
//! and a function reading one candidate from a match (`Pattern`) — and put
//! it in [`default_stages`] at the place where it should win over later ones.

use regex::{Captures, Match, Regex};
use std::collections::BTreeMap;

use super::number::{parse_number, scale_power, Decimal};
use super::patterns::{floor_boundary, Ctx};
use super::{Basis, Direction, Kind, Modifier, Status};

/// A figure found by a stage, with spans in the folded text.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    /// None for a blocker: a span (date, rank, quotation) that claims its
    /// text so no later stage reads a figure there, and yields no record.
    pub kind: Option<Kind>,
    pub start: usize,
    pub end: usize,
    /// Where the number itself starts.
    pub num_start: usize,
    /// Where context (metric, status, year) is read before: the start of
    /// the expression, or of the first item of a list (分别增长4.4%、5.9%).
    pub anchor: usize,
    pub value: Option<Decimal>,
    pub value_high: Option<Decimal>,
    pub scale: u32,
    pub unit: String,
    pub base_unit: String,
    pub modifier: Option<Modifier>,
    pub direction: Option<Direction>,
    pub basis: Option<Basis>,
    pub status: Option<Status>,
    pub subject: Option<String>,
}

impl Candidate {
    /// A figure of `kind` over the whole match `m`, in a unit with no
    /// scale word (so also its base unit).
    fn over(kind: Kind, m: Match, unit: &str) -> Candidate {
        Candidate {
            kind: Some(kind),
            start: m.start(),
            end: m.end(),
            unit: unit.to_string(),
            base_unit: unit.to_string(),
            ..Candidate::default()
        }
    }
}

/// One pattern stage.
pub trait Stage: Send + Sync {
    /// Adds this stage's candidates to `out`, skipping claimed spans.
    fn run(&self, ctx: &Ctx, out: &mut Found);
}

/// The candidates found so far, with their spans indexed so that asking
/// whether a span is still free costs a logarithm, not a scan of every
/// candidate (a scan made a long single-line file quadratic).
#[derive(Debug, Default)]
pub struct Found {
    candidates: Vec<Candidate>,
    /// Start of each claimed span → the furthest end of a span starting there.
    spans: BTreeMap<usize, usize>,
    /// The length of the longest span claimed: no span starting further
    /// than this before `start` can reach it.
    longest: usize,
}

impl Found {
    /// Whether `[start, end)` overlaps no candidate already found.
    pub fn free(&self, start: usize, end: usize) -> bool {
        let from = start.saturating_sub(self.longest);
        self.spans
            .range(from..end.max(from))
            .all(|(&s, &e)| e <= start || s >= end)
    }

    /// Adds `c` when its span is still free: earlier stages win.
    pub fn claim(&mut self, c: Candidate) {
        if self.free(c.start, c.end) {
            self.push(c);
        }
    }

    pub fn push(&mut self, c: Candidate) {
        let e = self.spans.entry(c.start).or_insert(c.end);
        *e = (*e).max(c.end);
        self.longest = self.longest.max(c.end.saturating_sub(c.start));
        self.candidates.push(c);
    }

    /// The candidates in the order they were found.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }
}

/// An Arabic number (thousands separators, decimals) or a Chinese numeral
/// of two or more characters that starts with a digit and holds a unit
/// (一千九百六十三, 两万).
pub const NUM: &str = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[一二两三四五六七八九][零〇一二两三四五六七八九十百千万亿]*[十百千万亿][零〇一二两三四五六七八九十百千万亿]*)";
/// Modifiers written before a number.
pub const PRE: &str =
    r"(?P<pre>大约|约|将近|接近|近|超过|逾|不少于|至少|不低于|不超过|不高于|最多|不到|超)?";
/// Modifiers written after a number and its unit.
pub const POST: &str = r"(?P<post>左右|上下|以上|以内|以下|多|余)?";
/// Range separators (4.5%—5%, 5%-5.5%, 4.5-5%).
pub const RANGE: &str = r"(?:%?(?:—|–|-|~|至|到)(?P<num2>\d+(?:\.\d+)?))?";

/// The stages in the order they claim text.
pub fn default_stages() -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(super::measure::Quotations::new()),
        Pattern::stage("gap", &gap_pattern(), gap),
        Pattern::stage("rank", RANK, rank),
        Box::new(Blockers::new()),
        Box::new(Growth::new()),
        Box::new(WordedGrowth::new()),
        Pattern::stage("doubling", DOUBLING, doubling),
        Box::new(super::money::Money::new()),
        Pattern::stage("amount", &quantity_pattern(AMOUNT_UNITS), amount),
        Pattern::stage("count", &quantity_pattern(CLASSIFIERS), count),
        Pattern::stage("ratio", &ratio_pattern(), ratio),
    ]
}

/// Reads the candidate of one match, or none.
type ReadMatch = fn(&Ctx, &Captures) -> Option<Candidate>;

/// A stage of one pattern whose every match gives at most one candidate:
/// most stages are a pattern and the function that reads its matches.
struct Pattern {
    re: Regex,
    read: ReadMatch,
}

impl Pattern {
    /// The stage reading the matches of `pattern` (a constant, so it
    /// compiles) with `read`; `name` says which pattern in a panic.
    fn stage(name: &str, pattern: &str, read: ReadMatch) -> Box<dyn Stage> {
        let re = Regex::new(pattern).unwrap_or_else(|e| panic!("{name} pattern: {e}"));
        Box::new(Pattern { re, read })
    }
}

impl Stage for Pattern {
    fn run(&self, ctx: &Ctx, out: &mut Found) {
        for caps in self.re.captures_iter(ctx.f) {
            if let Some(c) = (self.read)(ctx, &caps) {
                out.claim(c);
            }
        }
    }
}

/// Fills value, range and modifiers of `c` from the usual capture names.
fn fill_number(c: &mut Candidate, caps: &Captures) -> Option<()> {
    let num = caps.name("num")?;
    c.num_start = num.start();
    c.anchor = c.start;
    c.value = Some(parse_number(num.as_str())?);
    if let Some(n2) = caps.name("num2") {
        c.value_high = Some(parse_number(n2.as_str())?);
    }
    let word = |name: &str| caps.name(name).map(|m| m.as_str()).unwrap_or("");
    c.modifier = modifier_of(word("pre"), word("mid"), word("post"));
    if c.value_high.is_some() {
        c.modifier = Some(Modifier::Range);
    }
    Some(())
}

/// Modifier from the words before, between number and unit, and after.
pub fn modifier_of(pre: &str, mid: &str, post: &str) -> Option<Modifier> {
    let from_pre = match pre {
        "约" | "大约" | "近" | "将近" | "接近" => Some(Modifier::Approx),
        "超过" | "超" | "逾" => Some(Modifier::MoreThan),
        "不少于" | "至少" | "不低于" => Some(Modifier::AtLeast),
        "不超过" | "不高于" | "最多" | "不到" => Some(Modifier::AtMost),
        _ => None,
    };
    let from_post = match (mid, post) {
        ("多" | "余", _) | (_, "多" | "余" | "以上") => Some(Modifier::MoreThan),
        (_, "左右" | "上下") => Some(Modifier::Approx),
        (_, "以内" | "以下") => Some(Modifier::AtMost),
        _ => None,
    };
    from_pre.or(from_post)
}

/// Whether the number at `start` continues a code or word (s0100, G98,
/// 1.5.2); a number right after GDP/CPI (完成gdp120550万元) is not glued.
fn glued(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let letters = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    if letters > 0 {
        let word = before[before.len() - letters..].to_ascii_uppercase();
        return !matches!(word.as_str(), "GDP" | "CPI" | "PPI");
    }
    before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/' | '+'))
}

/// A place in a ranking: 增速居全国第2位, 总量排名全省第一, 位列西部前3.
const RANK: &str = r"(?P<verb>居|位居|位列|排名|排在|排|列)(?:全国|全省|全区|全市|全州|中部|西部|东部|东北|北方|南方|沿海|中西部|全球|世界|[^\d,;。:、第前]{0,6}?)(?:第(?P<num>\d+|[一二三四五六七八九十]{1,3})|前(?P<top>\d+|[一二三四五六七八九十]{1,3}))(?P<unit>位|名)?";

fn rank(_: &Ctx, caps: &Captures) -> Option<Candidate> {
    let m = caps.get(0)?;
    let verb = caps.name("verb")?;
    let (num, top) = match (caps.name("num"), caps.name("top")) {
        (Some(n), _) => (n, false),
        (None, Some(t)) => (t, true),
        _ => return None,
    };
    let unit = caps.name("unit").map_or("位", |u| u.as_str());
    Some(Candidate {
        num_start: num.start(),
        // Context is read before the ranking verb: 增速 is subjectless, so
        // the metric is the sentence's (地区生产总值增长5.8%，增速居全国第2位).
        anchor: verb.start(),
        value: Some(parse_number(num.as_str())?),
        modifier: top.then_some(Modifier::AtMost),
        ..Candidate::over(Kind::Rank, m, unit)
    })
}

/// Dates, years, ranks, list markers and ordinals: claimed so they never
/// become figures. A number after 第 is an ordinal (第二十六届投洽会,
/// 第三十三次领导人非正式会议), and so is a session of a congress or a
/// plenum written without it (党的二十届四中全会, 二十届历次全会, 十一届三中全会,
/// 省委十二届七次、八次全会, 十届全国人大一次会议, 二十届中央纪委四次全会,
/// 政协十四届三次会议): none is a count of 届 or 次.
/// A count stays one where no such body follows (连续12届获…, 举办4届南博会).
struct Blockers {
    re: Regex,
}

impl Blockers {
    fn new() -> Self {
        let re = Regex::new(concat!(
            r"(?m)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}月\d{1,2}[日号]|\d{1,4}年\d{1,2}月|\d{1,2}[日号月]|",
            r"\d+年|第(?:\d+|[零〇一二两三四五六七八九十百千]+)|前\d+(?:名|位)?|\d{1,2}[:时]\d{1,2}分?|^\s*\(?\d+[、.)]|\(\d+\)|",
            r"[零〇一二两三四五六七八九十百\d]+届(?:(?:[零〇一二两三四五六七八九十\d]+[中次]、?)+(?:全会|全体会议|会议)|",
            r"(?:[零〇一二两三四五六七八九十\d]+[中次]、?)*(?:历次全会|全会|全体会议|全国人大|人大|人民代表大会|",
            r"全国政协|政协|代表大会|党代会|中央|纪委|委员会|省委|市委|县委|区委))"
        ))
        .expect("blocker pattern");
        Blockers { re }
    }
}

impl Stage for Blockers {
    fn run(&self, ctx: &Ctx, out: &mut Found) {
        for m in self.re.find_iter(ctx.f) {
            out.claim(Candidate {
                start: m.start(),
                end: m.end(),
                ..Candidate::default()
            });
        }
    }
}

/// A gap to another place or time: 高于全国0.4个百分点, 快于2024年1.8个百分点,
/// 高出全国平均水平1到2个百分点 (a range).
fn gap_pattern() -> String {
    format!(
        r"(?P<cmp>高于|低于|快于|慢于|好于|优于|超出|高出|落后于|落后)(?P<base>(?:\d{{4}}年|[^\d,;。:、%]){{0,14}}?){PRE}(?P<num>{NUM}){RANGE}(?P<unit>个百分点|%)"
    )
}

fn gap(_: &Ctx, caps: &Captures) -> Option<Candidate> {
    let m = caps.get(0)?;
    let unit = caps.name("unit").map_or("", |u| u.as_str());
    let mut c = Candidate::over(Kind::Growth, m, unit);
    c.status = Some(Status::Comparison);
    let down = matches!(&caps["cmp"], "低于" | "慢于" | "落后于" | "落后");
    c.direction = Some(if down { Direction::Down } else { Direction::Up });
    fill_number(&mut c, caps)?;
    Some(c)
}

/// A change written out or spaced as old reports have it: 增长百分之十二点八,
/// 增长速度定为百分之八至九 (a range), 经济增长8 ．8 ％ (spaces inside). The
/// pattern finds the number (百分之 is rare, so this is cheap); the verb
/// before it is checked after.
struct WordedGrowth {
    number: Regex,
    verb: Regex,
}

impl WordedGrowth {
    fn new() -> Self {
        let cn = "[零〇一二两三四五六七八九十百点]+";
        let number = format!(
            r"(?:百分之(?P<cn>{cn})(?:(?:至|到)(?:百分之)?(?P<cn2>{cn}))?|(?:(?P<spaced>\d+ +\. *\d+|\d+\. +\d+) *|(?P<apart>\d+(?:\.\d+)?) +)%){POST}"
        );
        let verb = format!(
            r"(?P<verb>{VERBS})(?:速度|率)?(?:的)?(?:宏观调控目标|调控目标|预期目标|目标|计划|预期)?,?(?:定为|为|是|要达到|达到|达)?{PRE}$"
        );
        WordedGrowth {
            number: Regex::new(&number).expect("worded growth pattern"),
            verb: Regex::new(&verb).expect("growth verb pattern"),
        }
    }
}

impl Stage for WordedGrowth {
    fn run(&self, ctx: &Ctx, out: &mut Found) {
        // Most documents write neither (a scan for bytes, not a pattern).
        let spaced = [" .", ". ", " %"].iter().any(|w| ctx.f.contains(w));
        if !ctx.f.contains("百分之") && !spaced {
            return;
        }
        for caps in self.number.captures_iter(ctx.f) {
            let Some(m) = caps.get(0) else { continue };
            let from = floor_boundary(ctx.f, m.start().saturating_sub(60));
            let Some(verb) = self.verb.captures(&ctx.f[from..m.start()]) else {
                continue;
            };
            if let Some(c) = worded_growth(ctx, from, &verb, &caps) {
                out.claim(c);
            }
        }
    }
}

/// The candidate of a worded growth whose verb part `verb` was matched in
/// the text from `from`.
fn worded_growth(ctx: &Ctx, from: usize, verb: &Captures, caps: &Captures) -> Option<Candidate> {
    let m = caps.get(0)?;
    let start = from + verb.get(0)?.start();
    let number = caps
        .name("cn")
        .or(caps.name("spaced"))
        .or(caps.name("apart"))?;
    let mut c = Candidate {
        kind: Some(Kind::Growth),
        start,
        end: m.end(),
        num_start: number.start(),
        anchor: start,
        unit: "%".into(),
        base_unit: "%".into(),
        ..Candidate::default()
    };
    c.value = Some(parse_number(&number.as_str().replace(' ', ""))?);
    if let Some(high) = caps.name("cn2") {
        c.value_high = Some(parse_number(high.as_str())?);
    }
    c.modifier = if c.value_high.is_some() {
        Some(Modifier::Range)
    } else {
        modifier_of(group(verb, "pre"), "", group(caps, "post"))
    };
    c.direction = Some(direction_of(group(verb, "verb")));
    c.basis = ctx.basis_before(c.start);
    Some(c)
}

/// The text of a named group, or "".
fn group<'h>(caps: &Captures<'h>, name: &str) -> &'h str {
    caps.name(name).map_or("", |w| w.as_str())
}

/// The direction a verb of change gives.
fn direction_of(verb: &str) -> Direction {
    let down = ["下降", "降低", "回落", "减少", "下滑", "降幅", "降"].contains(&verb);
    if down {
        Direction::Down
    } else {
        Direction::Up
    }
}

/// A change: 增长12.8%, 下降3.3%, 提高1.5个百分点, 增长9倍多, and lists
/// after one verb (分别增长4.4%、5.9%).
struct Growth {
    re: Regex,
    next: Regex,
}

const VERBS: &str = "增长率|增长|下降|提高|降低|回落|上升|减少|增加|提升|上涨|下滑|回升|增速|增幅|降幅|涨幅|降|涨|增";

impl Growth {
    fn new() -> Self {
        let pat = format!(
            r"(?P<verb>(?:{VERBS}))(?:速度|率)?(?:的)?(?:宏观调控目标|调控目标|预期目标|目标|预期)?,?(?:了|为|达到|达|均为|分别为|定为|是)?{PRE}(?P<num>{NUM}){RANGE}(?P<mid>多)?(?P<unit>%|个百分点|倍){POST}"
        );
        let next =
            format!(r"^(?:、|和|及)(?P<num>\d+(?:\.\d+)?){RANGE}(?P<unit>%|个百分点|倍){POST}");
        Growth {
            re: Regex::new(&pat).expect("growth pattern"),
            next: Regex::new(&next).expect("growth list pattern"),
        }
    }

    fn candidate(&self, ctx: &Ctx, caps: &Captures, verb: &str) -> Option<Candidate> {
        let m = caps.get(0)?;
        let unit = caps.name("unit")?.as_str();
        let mut c = Candidate::over(Kind::Growth, m, unit);
        fill_number(&mut c, caps)?;
        c.direction = Some(direction_of(verb));
        c.basis = ctx.basis_before(c.start);
        Some(c)
    }
}

impl Stage for Growth {
    fn run(&self, ctx: &Ctx, out: &mut Found) {
        for caps in self.re.captures_iter(ctx.f) {
            let verb = caps.name("verb").map_or("", |v| v.as_str());
            let Some(c) = self.candidate(ctx, &caps, verb) else {
                continue;
            };
            if !out.free(c.start, c.end) {
                continue;
            }
            let (mut end, head) = (c.end, c.start);
            out.push(c);
            while let Some(next) = self.next.captures(&ctx.f[end..]) {
                let Some(mut c) = self.candidate(ctx, &next, verb) else {
                    break;
                };
                let skip = next.name("num").map_or(0, |n| n.start());
                (c.start, c.end, c.num_start) = (end + skip, end + c.end, end + c.num_start);
                c.anchor = head;
                end = c.end;
                out.push(c);
            }
        }
    }
}

/// 翻一番 (growth of 100%), 翻两番 (300%), 翻番.
const DOUBLING: &str = r"翻了?(?P<n>一|两|二|三|1|2|3)?番";

fn doubling(_: &Ctx, caps: &Captures) -> Option<Candidate> {
    let m = caps.get(0)?;
    let times = caps
        .name("n")
        .and_then(|n| parse_number(n.as_str()))
        .map_or(1, |d| d.mantissa);
    let value = (1i128 << times.clamp(1, 10)) - 1;
    Some(Candidate {
        num_start: m.start(),
        anchor: m.start(),
        value: Decimal::int(value).times(100),
        direction: Some(Direction::Up),
        ..Candidate::over(Kind::Growth, m, "%")
    })
}

/// Builds a quantity pattern: number, optional scale word, unit.
fn quantity_pattern(units: &str) -> String {
    format!(
        r"{PRE}(?P<num>{NUM}){RANGE}(?P<scale>万亿|亿|万|千)?(?P<mid>多|余)?(?P<unit>{units}){POST}"
    )
}

/// Money and measured quantities: 2.13亿元, 220万吨, 60亿度, 5.2万亿元.
const AMOUNT_UNITS: &str =
    "元|美元|欧元|吨|度|千瓦时|千瓦|亩|斤|公斤|千克|平方公里|平方米|立方米|公里|公顷|标准箱";

fn amount(ctx: &Ctx, caps: &Captures) -> Option<Candidate> {
    quantity(ctx, caps, Kind::Amount)
}

/// A candidate for a scaled quantity, or None when the number is glued to
/// a code or the unit is really part of another word.
fn quantity(ctx: &Ctx, caps: &Captures, kind: Kind) -> Option<Candidate> {
    let m = caps.get(0)?;
    let num = caps.name("num")?;
    if glued(ctx.f, num.start()) {
        return None;
    }
    let scale = caps.name("scale").map_or("", |s| s.as_str());
    let unit = caps.name("unit")?.as_str();
    let mut c = Candidate {
        kind: Some(kind),
        start: m.start(),
        end: m.end(),
        scale: scale_power(scale)?,
        unit: format!("{scale}{unit}"),
        base_unit: unit.to_string(),
        ..Candidate::default()
    };
    fill_number(&mut c, caps)?;
    Some(c)
}

/// A number of things: 培训干部1963人, 8个先进集体, 2200余项.
const CLASSIFIERS: &str = "人次|人|个|项|家|场|期|次|篇|节|门|所|户|名|座|条|批|台|件|部|种|处|位|支|类|套|间|本|张|辆|架|艘|株|头|只|栋|幢|块|起|例|宗|届|轮|课时|学时|课";

fn count(ctx: &Ctx, caps: &Captures) -> Option<Candidate> {
    let mut c = quantity(ctx, caps, Kind::Count)?;
    let after = &ctx.f[c.end..];
    if c.base_unit == "个" && (after.starts_with("百分点") || after.starts_with('月')) {
        return None;
    }
    if c.base_unit == "个" && caps.name("post").is_some_and(|p| p.as_str() == "多") {
        return None;
    }
    c.subject = ctx.subject_of(&c);
    Some(c)
}

/// A percentage that is a level: 满意率91.28%, 比重达54%, 百分之十二.
fn ratio_pattern() -> String {
    format!(
        r"{PRE}(?:(?P<num>\d+(?:\.\d+)?){RANGE}%|百分之(?P<cn>[零〇一二两三四五六七八九十百点]+)){POST}"
    )
}

fn ratio(ctx: &Ctx, caps: &Captures) -> Option<Candidate> {
    let m = caps.get(0)?;
    let mut c = Candidate::over(Kind::Ratio, m, "%");
    let ok = match caps.name("cn") {
        Some(cn) => {
            (c.num_start, c.anchor) = (m.start(), m.start());
            c.value = parse_number(cn.as_str());
            let word = |n: &str| caps.name(n).map_or("", |w| w.as_str());
            c.modifier = modifier_of(word("pre"), "", word("post"));
            c.value.is_some()
        }
        None => fill_number(&mut c, caps).is_some() && !glued(ctx.f, c.num_start),
    };
    ok.then_some(c)
}
