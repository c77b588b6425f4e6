//! Sums of money written the ways the plain amount pattern does not read:
//! ranges whose ends share a scale (两到三万元, 一千到两千万元, 1万(含)-5万元,
//! 从8500到3万港元), vague amounts (几十万元, 数十亿元, 十几元: a range of
//! the numbers they can mean), neighbouring digits (八九亿元, 三五百元), the
//! formal numerals of cheques and contracts (壹万贰仟元, 肆佰叁拾萬圆整), a
//! count of 亿 (两个亿), a space inside (177.1 亿元), amounts beyond the 元
//! (港元, 日元, 卢布, 块钱), and a scaled numeral with no currency word
//! (三百万). Every sum is in base units: its value and high end are whole
//! 元 (or 港元 …), exactly. What the amount stage reads as it is (2.13亿元)
//! is left to it.

use super::number::{parse_number, Decimal};
use super::patterns::{is_han, Ctx};
use super::stages::{Candidate, Found, Stage, PRE};
use super::{Kind, Modifier};
use regex::{Captures, Match, Regex};

/// Digits (with thousands separators), or Chinese numerals, formal ones,
/// and the 几/数 of vague amounts.
const NUMBER: &str = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟几数]+)";
/// Scale words after digits.
const SCALE: &str = r"(?:万亿|亿|千万|百万|十万|万|千)";
/// Currencies, the first spelling of each its base unit.
const CURRENCY: &str =
    r"元人民币|元|圆整|圆|块钱|块|美元|欧元|港元|港币|日元|韩元|泰铢|卢布|新台币|台币|澳元|英镑";

/// The stage.
pub struct Money {
    re: Regex,
}

impl Money {
    pub fn new() -> Self {
        let pattern = format!(
            r"{PRE}(?:从)?(?P<a>{NUMBER})(?:个)?\s?(?P<ascale>{SCALE})?(?P<aunit>{CURRENCY})?(?:\(含\))?(?:(?P<sep>—+|–+|-+|~|至|到)(?P<b>{NUMBER})\s?(?P<bscale>{SCALE})?)?(?P<mid>多|余)?(?P<unit>{CURRENCY})?(?:(?P<jiao>[零一二两三四五六七八九\d])角)?(?:(?P<fen>[零一二两三四五六七八九\d])分)?(?:\(含\))?(?P<post>左右|上下|以上|以内|以下)?"
        );
        Money {
            re: Regex::new(&pattern).expect("money pattern"),
        }
    }
}

impl Default for Money {
    fn default() -> Self {
        Self::new()
    }
}

impl Stage for Money {
    fn run(&self, ctx: &Ctx, out: &mut Found) {
        // Most matches are plain (12元, 一是): only those with a mark of
        // this stage's forms are read in full, the costly part.
        for m in self.re.find_iter(ctx.f) {
            if !marked(m.as_str()) {
                continue;
            }
            let Some(caps) = self.re.captures_at(ctx.f, m.start()) else {
                continue;
            };
            if let Some(c) = read(ctx.f, &caps) {
                out.claim(c);
            }
        }
    }
}

/// Whether a match may be one of this stage's forms: a range mark, a vague
/// or formal numeral, a count of 亿, a space, a bracket, 角/分, 多, a
/// currency beyond 元, a numeral ending on 万 or 亿, or two digits in a row
/// (八九亿).
fn marked(text: &str) -> bool {
    const MARKS: &[char] = &[
        '—', '–', '-', '~', '至', '到', '几', '数', '个', ' ', '(', '角', '分', '多', '壹', '贰',
        '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾', '佰', '仟', '港', '日', '韩', '泰', '卢',
        '台', '澳', '英', '块', '圆',
    ];
    let digit = |c: char| "一二三四五六七八九".contains(c);
    let mut chars = text.chars();
    let Some(mut last) = chars.next() else {
        return false;
    };
    // One character (一 of 一是, 十 of 十四五) is never one of these forms.
    let mut neighbours = false;
    let mut more = false;
    for c in chars {
        more = true;
        neighbours |= digit(last) && digit(c);
        last = c;
    }
    more && (neighbours || text.contains(MARKS) || text.ends_with(['万', '亿']))
}

/// A number's value in base units, with the scale word after it.
fn scaled(number: &str, scale: &str) -> Option<Decimal> {
    let power = super::number::scale_power(scale)?;
    parse_number(number)?.shift(power)
}

/// The low and high ends a vague or paired numeral stands for: 几十万 →
/// 10万–100万, 十几 → 10–20, 八九亿 → 8亿–9亿, 三五百 → 300–500.
fn blur(numeral: &str) -> Option<(Decimal, Decimal)> {
    let chars: Vec<char> = numeral.chars().collect();
    let rest = |from: usize| chars[from..].iter().collect::<String>();
    if let Some(tail) = numeral.strip_prefix("十几") {
        let unit = if tail.is_empty() {
            Decimal::int(1)
        } else {
            parse_number(&format!("一{tail}"))?
        };
        return Some((unit.times(10)?, unit.times(20)?));
    }
    if let Some(tail) = numeral
        .strip_prefix('几')
        .or_else(|| numeral.strip_prefix('数'))
    {
        let low = parse_number(&format!("一{tail}"))?;
        return (!tail.is_empty())
            .then_some(())
            .and(Some((low, low.times(10)?)));
    }
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i / 3 + 1);
    match (
        chars.first().and_then(|c| digit(*c)),
        chars.get(1).and_then(|c| digit(*c)),
    ) {
        (Some(a), Some(b)) if b > a => {
            let tail = rest(2);
            Some((
                parse_number(&format!("{}{tail}", chars[0]))?,
                parse_number(&format!("{}{tail}", chars[1]))?,
            ))
        }
        _ => None,
    }
}

/// The base unit of a currency as written.
fn base_unit(currency: &str) -> &str {
    match currency {
        "元人民币" | "圆整" | "圆" | "块钱" | "块" => "元",
        "港币" => "港元",
        "台币" => "新台币",
        c => c,
    }
}

/// The parts of one match: each end's digits and scale word, the currency,
/// and each end's range when it is vague (几十万) or paired (八九亿).
struct Parts<'a> {
    a: &'a str,
    ascale: &'a str,
    b: &'a str,
    bscale: &'a str,
    currency: &'a str,
    a_blur: Option<(Decimal, Decimal)>,
    b_blur: Option<(Decimal, Decimal)>,
    /// 3000多元: more than the number, below its next unit.
    more: bool,
}

/// Whether a numeral is written in Chinese characters, not digits.
fn chinese(s: &str) -> bool {
    !s.starts_with(|c: char| c.is_ascii_digit())
}

impl<'a> Parts<'a> {
    fn of(caps: &Captures<'a>) -> Parts<'a> {
        let word = |name: &str| caps.name(name).map_or("", |x| x.as_str());
        let (a, ascale) = split_scale(word("a"), word("ascale"));
        let (b, bscale) = split_scale(word("b"), word("bscale"));
        let currency = match (word("unit"), word("aunit")) {
            ("", u) | (u, _) => u,
        };
        Parts {
            a,
            ascale,
            b,
            bscale,
            currency,
            a_blur: blur(a),
            b_blur: (!b.is_empty()).then(|| blur(b)).flatten(),
            more: word("mid") == "多" && !chinese(a) && !currency.is_empty(),
        }
    }

    /// Whether the match needs this stage rather than the plain amount's:
    /// a range, a vague or formal numeral, 两个亿, a space inside, a bare
    /// 三百万, 3000多, a currency other than 元, (含), 角 or 分.
    fn needed(&self, f: &str, m: &Match, caps: &Captures) -> bool {
        let (a, currency) = (self.a, self.currency);
        if a.is_empty() {
            return false;
        }
        let formal = a.contains([
            '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾', '佰', '仟',
        ]);
        let bare = self.bare(f, m);
        if currency.is_empty() && !bare {
            return false;
        }
        let plain_currency = matches!(currency, "元" | "美元" | "欧元");
        (!self.b.is_empty() && !currency.is_empty())
            || self.a_blur.is_some()
            || self.b_blur.is_some()
            || formal
            || m.as_str().contains('个')
            || m.as_str().contains(' ')
            || bare
            || self.more
            || (!currency.is_empty() && !plain_currency)
            || m.as_str().contains("(含)")
            || caps.name("jiao").is_some()
            || caps.name("fen").is_some()
    }

    /// 三百万 with no currency, standing alone.
    fn bare(&self, f: &str, m: &Match) -> bool {
        self.currency.is_empty()
            && chinese(self.a)
            && matches!(self.ascale, "万" | "亿" | "万亿")
            && self.b.is_empty()
            && !f[m.end()..].starts_with(|c: char| is_han(c) || c.is_ascii_alphanumeric())
    }

    /// The low and high ends in base units; `a_bare`: the low end has
    /// neither scale nor unit of its own.
    fn ends(&self, a_bare: bool) -> Option<(Decimal, Option<Decimal>)> {
        let (a, ascale, b) = (self.a, self.ascale, self.b);
        let (mut low, mut high) = match self.a_blur {
            Some((l, h)) => (l.shift(power(ascale)?)?, Some(h.shift(power(ascale)?)?)),
            None => (scaled(a, ascale)?, None),
        };
        if !b.is_empty() {
            let (b_low, b_high) = match self.b_blur {
                Some((l, h)) => (l, Some(h)),
                None => (parse_number(b)?, None),
            };
            let p = power(self.bscale)?;
            // A low end without scale or unit shares the high end's scale
            // (两到三万 = 2万–3万), unless it is already larger (从8500到3万).
            let a_bare = a_bare && ascale.is_empty();
            if a_bare && self.a_blur.is_none() && less(parse_number(a)?, b_low) {
                low = scaled(a, self.bscale)?;
            }
            high = Some(b_high.unwrap_or(b_low).shift(p)?);
        }
        Some((low, high))
    }
}

/// 元一角七分: the 元 with its tenths and hundredths.
fn with_cents(mut low: Decimal, caps: &Captures) -> Option<Decimal> {
    for (name, power) in [("jiao", 1), ("fen", 2)] {
        if let Some(d) = caps.name(name).and_then(|d| parse_digit(d.as_str())) {
            let whole = low.shift(power)?;
            low = Decimal {
                mantissa: whole.mantissa + d,
                scale: power,
            }
            .trimmed();
        }
    }
    Some(low)
}

/// 3000多: below the next unit of its last non-zero digit (4000).
fn below_next_unit(low: Decimal) -> Option<Decimal> {
    let digits = low.to_string();
    let zeros = digits.len() - digits.trim_end_matches('0').len();
    (low.scale == 0)
        .then(|| low.mantissa.checked_add(10i128.checked_pow(zeros as u32)?))
        .flatten()
        .map(Decimal::int)
}

/// The candidate of one match, when it needs this stage.
fn read(f: &str, caps: &Captures) -> Option<Candidate> {
    let m = caps.get(0)?;
    let word = |name: &str| caps.name(name).map_or("", |x| x.as_str());
    let parts = Parts::of(caps);
    // 块 is a classifier (三块牌匾) unless nothing follows it.
    if parts.currency == "块" && f[m.end()..].starts_with(is_han) {
        return None;
    }
    if !parts.needed(f, &m, caps) {
        return None;
    }
    let (low, mut high) = parts.ends(word("aunit").is_empty())?;
    let low = with_cents(low, caps)?;
    let mut modifier = super::stages::modifier_of(word("pre"), word("mid"), word("post"));
    if parts.more {
        high = below_next_unit(low);
    } else if high.is_some() {
        modifier = Some(Modifier::Range);
    }
    let unit = base_unit(parts.currency);
    Some(Candidate {
        kind: Some(Kind::Amount),
        start: m.start(),
        end: m.end(),
        num_start: caps.name("a")?.start(),
        anchor: m.start(),
        value: Some(low),
        value_high: high,
        scale: 0,
        unit: unit.to_string(),
        base_unit: unit.to_string(),
        modifier,
        ..Candidate::default()
    })
}

/// A Chinese numeral's closing 万, 亿 or 万亿 as its scale word (两千万 →
/// 两千 and 万), so that both ends of a range can share it.
fn split_scale<'a>(number: &'a str, scale: &'a str) -> (&'a str, &'a str) {
    if !scale.is_empty() || number.starts_with(|c: char| c.is_ascii_digit()) {
        return (number, scale);
    }
    for word in ["万亿", "亿", "万"] {
        if let Some(rest) = number.strip_suffix(word) {
            if !rest.is_empty() {
                return (rest, &number[rest.len()..]);
            }
        }
    }
    (number, scale)
}

/// One digit, Arabic or Chinese.
fn parse_digit(d: &str) -> Option<i128> {
    d.parse().ok().or_else(|| {
        let n = parse_number(&format!("{d}十"))?;
        Some(n.mantissa / 10)
    })
}

/// The power of ten of a scale word.
fn power(scale: &str) -> Option<u32> {
    super::number::scale_power(scale)
}

/// Whether `a < b`.
fn less(a: Decimal, b: Decimal) -> bool {
    a.to_f64() < b.to_f64()
}
