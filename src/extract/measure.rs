//! Named measures: quoted numbered formulas (“三个一流,两个满意”, “五个一”,
//! “一新三好”, “四帮四促”) and policy documents in 《》. Every quotation is
//! also claimed, so figures inside titles and slogans are never read.

use regex::Regex;

use super::patterns::{is_han, Ctx};
use super::stages::{Candidate, Found, Stage};
use super::Kind;

/// Words that mark a title in 《》 as a policy document, not a work of art.
const POLICY_WORDS: [&str; 22] = [
    "方案", "意见", "办法", "决定", "通知", "规划", "纲要", "制度", "条例", "规定", "细则", "计划",
    "实施", "报告", "标准", "指南", "措施", "法", "政策", "建议", "要点", "清单",
];

/// Chinese numerals that make a quoted phrase a numbered formula.
const FORMULA_DIGITS: &[char] = &[
    '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
];

/// Words that, after a single numeral, make a formula (三个代表, 三大平台).
const FORMULA_HEADS: &[char] = &[
    '个', '大', '项', '条', '种', '化', '型', '突', '抓', '联', '严', '比', '查', '访', '帮', '促',
    '进', '创', '争', '有', '无', '不', '心', '好', '新', '看', '制', '线',
];

/// Idioms that look like formulas.
const IDIOMS: [&str; 4] = ["一举三得", "一举两得", "一言堂", "一刀切"];

/// The stage claiming quotations and emitting named measures.
pub struct Quotations {
    re: Regex,
}

impl Quotations {
    pub fn new() -> Self {
        Quotations {
            re: Regex::new(r#"“[^“”\n]{1,30}”|《[^《》\n]{1,60}》|"[^"\n]{1,30}""#)
                .expect("quotation pattern"),
        }
    }
}

impl Stage for Quotations {
    fn run(&self, ctx: &Ctx, out: &mut Found) {
        // A match is its opening mark, the quoted text and the closing
        // mark: which mark opens it says which kind it is, with no need
        // for the pattern's groups (the costly part of a match).
        for m in self.re.find_iter(ctx.f) {
            let quoted = m.as_str();
            let mut chars = quoted.chars();
            let open = chars.next();
            chars.next_back();
            let measure = match open {
                Some('《') => is_policy_title(chars.as_str()),
                Some(_) => is_formula(chars.as_str()),
                None => false,
            };
            out.claim(Candidate {
                kind: measure.then_some(Kind::Measure),
                start: m.start(),
                end: m.end(),
                num_start: m.start(),
                anchor: m.start(),
                ..Candidate::default()
            });
        }
    }
}

/// A title naming a policy document (《…实施方案》), not an opera (《鸡为媒》).
pub fn is_policy_title(title: &str) -> bool {
    POLICY_WORDS.iter().any(|w| title.contains(w))
}

/// A short numbered formula: Chinese text with a numeral leading a part
/// (“五个一”, “三个一流,两个满意”, “四帮四促”, “一新三好”).
pub fn is_formula(q: &str) -> bool {
    let chars: Vec<char> = q
        .chars()
        .filter(|c| !matches!(c, ',' | '、' | ' '))
        .collect();
    let han = chars.iter().all(|c| is_han(*c));
    let leads = chars.first().is_some_and(|c| FORMULA_DIGITS.contains(c));
    let numerals = chars.iter().filter(|c| FORMULA_DIGITS.contains(c)).count();
    let headed = chars.get(1).is_some_and(|c| FORMULA_HEADS.contains(c));
    let idiom = IDIOMS.contains(&q);
    han && leads && (numerals >= 2 || headed) && chars.len() <= 12 && !is_plan_name(q) && !idiom
}

/// “十四五” and its kin name periods, not measures.
fn is_plan_name(q: &str) -> bool {
    q.len() == 9 && q.starts_with('十') && q.ends_with('五')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_titles() {
        assert!(is_formula("三个一流,两个满意"));
        assert!(is_formula("五个一"));
        assert!(is_formula("一新三好"));
        assert!(is_formula("四帮四促"));
        assert!(!is_formula("工业强市"));
        assert!(!is_formula("十四五"));
        assert!(!is_formula("1+1"));
        assert!(!is_formula("一言堂"));
        assert!(!is_formula("一站式"));
        assert!(!is_formula("双拥模范城"));
        assert!(is_policy_title(
            "合山市关于开展创建学习创新型领导班子活动实施方案"
        ));
        assert!(!is_policy_title("鸡为媒"));
    }
}
