//! Exact numbers: Arabic (with thousands separators), full-width and Chinese
//! numerals, scaled by 万/亿/万亿 without floating-point error.

use std::fmt;

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

impl Decimal {
    /// An integer value.
    pub fn int(n: i128) -> Self {
        Decimal {
            mantissa: n,
            scale: 0,
        }
    }

    /// Multiplies by `10^power` exactly (None on overflow).
    pub fn shift(self, power: u32) -> Option<Self> {
        let take = power.min(self.scale);
        let rest = power - take;
        let mantissa = self.mantissa.checked_mul(10i128.checked_pow(rest)?)?;
        Some(
            Decimal {
                mantissa,
                scale: self.scale - take,
            }
            .trimmed(),
        )
    }

    /// Multiplies by an integer exactly (None on overflow).
    pub fn times(self, n: i128) -> Option<Self> {
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(n)?,
            scale: self.scale,
        })
    }

    /// Drops trailing zeros of the fraction.
    pub fn trimmed(mut self) -> Self {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The nearest `f64` (so `2.13亿` becomes exactly `213000000.0`).
    /// A mantissa of at most 2^53 and a power of ten of at most 10^22 are
    /// both exact in an `f64`, and a division of exact values rounds once,
    /// to the nearest: the value the decimal string parses to, without
    /// writing it (this runs for every figure). Other values go through
    /// the string.
    pub fn to_f64(self) -> f64 {
        const POWERS: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        match POWERS.get(self.scale as usize) {
            Some(power) if self.mantissa.unsigned_abs() <= 1 << 53 => self.mantissa as f64 / power,
            _ => self.to_string().parse().unwrap_or(f64::NAN),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// Parses a number written in Arabic digits (half- or full-width, with
/// optional `,` thousands separators and one decimal point), in Chinese
/// numerals (一千九百六十三, 两万, 十二点八), or as 百分之… (returned as the
/// percentage, 百分之十二点八 → 12.8). Returns None for anything else,
/// including placeholders such as `XX` or `××`.
pub fn parse_number(s: &str) -> Option<Decimal> {
    let folded: String = s.trim().chars().map(crate::text::fold_char).collect();
    let t = folded.as_str();
    if let Some(rest) = t.strip_prefix("百分之") {
        return parse_number(rest);
    }
    if t.chars().next()?.is_ascii_digit() {
        parse_arabic(t)
    } else {
        parse_chinese(t)
    }
}

/// Arabic digits with optional thousands separators and decimal point.
fn parse_arabic(t: &str) -> Option<Decimal> {
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    if !separators_ok(int) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = int
        .chars()
        .filter(|c| *c != ',')
        .chain(frac.chars())
        .collect();
    if digits.is_empty() || digits.len() > 30 {
        return None;
    }
    let mantissa = digits.parse::<i128>().ok()?;
    Some(
        Decimal {
            mantissa,
            scale: frac.len() as u32,
        }
        .trimmed(),
    )
}

/// Digits, or groups of three after the first group when `,` is used.
fn separators_ok(int: &str) -> bool {
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let first_ok =
        !first.is_empty() && first.len() <= 30 && first.bytes().all(|b| b.is_ascii_digit());
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Value of a single Chinese digit.
fn cn_digit(c: char) -> Option<i128> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a Chinese unit below 万.
fn cn_small_unit(c: char) -> Option<i128> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Chinese numerals, with 万/亿 sections and an optional 点 fraction.
fn parse_chinese(t: &str) -> Option<Decimal> {
    let (int, frac) = match t.split_once('点') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let mut value = Decimal::int(chinese_integer(int)?);
    if let Some(frac) = frac {
        let digits: Option<String> = frac
            .chars()
            .map(|c| cn_digit(c).map(|d| char::from(b'0' + d as u8)))
            .collect();
        let digits = digits.filter(|d| !d.is_empty())?;
        let f = parse_arabic(&format!("0.{digits}"))?;
        let whole = value.shift(f.scale)?;
        value = Decimal {
            mantissa: whole.mantissa + f.mantissa,
            scale: f.scale,
        }
        .trimmed();
    }
    Some(value)
}

/// The integer part of a Chinese numeral (一千九百六十三, 两万, 十二).
fn chinese_integer(s: &str) -> Option<i128> {
    if s.is_empty() {
        return None;
    }
    let (mut total, mut section, mut digit) = (0i128, 0i128, None::<i128>);
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
        } else if let Some(u) = cn_small_unit(c) {
            section += digit.take().unwrap_or(1) * u;
        } else if c == '万' {
            let part = (section + digit.take().unwrap_or(0)).max(1);
            total = total.checked_add(part.checked_mul(10_000)?)?;
            section = 0;
        } else if c == '亿' {
            let part = (total + section + digit.take().unwrap_or(0)).max(1);
            total = part.checked_mul(100_000_000)?;
            section = 0;
        } else {
            return None;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

/// Power of ten of a scale word: 万 → 4, 亿 → 8, 万亿 → 12, 千 → 3, 百 → 2.
pub fn scale_power(word: &str) -> Option<u32> {
    Some(match word {
        "" => 0,
        "百" => 2,
        "千" => 3,
        "万" => 4,
        "十万" => 5,
        "百万" => 6,
        "千万" => 7,
        "亿" => 8,
        "万亿" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_chinese_numbers_read_exactly() {
        let cases = [
            // Arabic, with separators and full-width forms.
            ("1,963", Some("1963")),
            ("７．３", Some("7.3")),
            ("５.１", Some("5.1")),
            ("60199.45", Some("60199.45")),
            ("12,34", None),
            ("XX", None),
            ("××", None),
            // Chinese numerals.
            ("一千九百六十三", Some("1963")),
            ("两万", Some("20000")),
            ("十二", Some("12")),
            ("百分之十二点八", Some("12.8")),
            ("三", Some("3")),
            ("一亿二千万", Some("120000000")),
            ("零", Some("0")),
            ("好", None),
        ];
        for (text, want) in cases {
            let got = parse_number(text).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{text}");
        }
    }

    #[test]
    fn scaling_is_exact() {
        let v = parse_number("2.13").unwrap().shift(8).unwrap();
        assert_eq!(v.to_f64(), 213_000_000.0);
        let v = parse_number("5.2").unwrap().shift(12).unwrap();
        assert_eq!(v.to_f64(), 5_200_000_000_000.0);
        let v = parse_number("0.3").unwrap();
        assert_eq!(v.to_f64(), 0.3);
        assert_eq!(
            parse_number("120550")
                .unwrap()
                .shift(4)
                .unwrap()
                .to_string(),
            "1205500000"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC{0,40}") {
            let _ = parse_number(&s).map(|d| (d.to_f64(), d.to_string()));
        }

        #[test]
        fn chinese_numerals_print_and_read_back(
            s in "(百分之)?[零〇一二两三四五六七八九十百千万亿壹贰叁拾佰仟]{1,14}(点[零一二三四五六七八九]{1,4})?",
        ) {
            if let Some(d) = parse_number(&s) {
                proptest::prop_assert!(d.mantissa >= 0 && d.to_f64().is_finite());
                let printed = d.to_string();
                if printed.len() <= 30 {
                    proptest::prop_assert_eq!(parse_number(&printed), Some(d), "{}", printed);
                }
            }
        }

        #[test]
        fn arabic_with_separators_is_exact(n in 0u64..u64::MAX, frac in "[0-9]{0,6}") {
            let digits = n.to_string();
            let grouped: Vec<String> = digits
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            let written = match frac.as_str() {
                "" => grouped.join(","),
                f => format!("{}.{f}", grouped.join(",")),
            };
            let plain = match frac.as_str() {
                "" => digits.clone(),
                f => format!("{digits}.{f}"),
            };
            let want = parse_number(&plain).unwrap();
            proptest::prop_assert_eq!(parse_number(&written), Some(want));
            proptest::prop_assert_eq!(want.to_f64(), plain.parse::<f64>().unwrap());
        }
    }
}
