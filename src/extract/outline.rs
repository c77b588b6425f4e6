//! The outline of a report: which part of it a figure stands in, and the
//! time its paragraph speaks of. A government work report reviews the past
//! year and the five-year plan just ended (一、2025年和“十四五”时期工作回顾),
//! sets out the next plan (二、“十五五”时期主要目标任务) and the work of
//! the coming year (三、2026年重点工作); within the review, a paragraph
//! opening on 这五年, 五年来 or “十四五”时期是…的五年 speaks of the five
//! years until one opens on 2025年, 过去一年 or 一年来. A figure in the
//! coming year's part is a target for that year even where its sentence
//! has no target word (贵州: 固定资产投资增长3%左右；…); one in the next
//! plan's part is a target over the plan's years.
//!
//! Documents without such headings (experience reports, speeches) have one
//! part, [`Part::Other`], and only their paragraphs' openings count.

use super::period::Span;
use super::status::plan_years;
use super::Period;

/// The kind of part a top-level heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A review of past years (回顾, 总结, 成就): figures are actuals.
    Review,
    /// The next five-year plan (“十五五”时期主要目标任务): targets over
    /// `start..=end`.
    Plan { start: i32, end: i32 },
    /// The coming year's work (2026年重点工作, 今年工作安排): targets for
    /// the document's year.
    Coming,
    /// Before any heading, or under headings that say none of these.
    Other,
}

/// What a figure's place in the outline says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub part: Part,
    /// The paragraph (or an earlier one of the part) opens on five past
    /// years: a figure with no period word of its own covers them.
    pub five_years: bool,
}

/// The parts and paragraph openings of one document (folded text).
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// `(offset, frame)` from which the frame holds, sorted by offset.
    frames: Vec<(usize, Frame)>,
}

/// Headings of parts are short lines.
const HEADING_MAX_CHARS: usize = 40;

impl Outline {
    /// The outline of folded text `f`, a document of `doc_year`.
    pub fn new(f: &str, doc_year: Option<i32>) -> Outline {
        let mut frames = Vec::new();
        let mut frame = Frame {
            part: Part::Other,
            five_years: false,
        };
        let mut start = 0;
        for line in f.split_inclusive('\n') {
            let text = line.trim();
            if let Some(part) = heading_part(text, doc_year) {
                frame = Frame {
                    part,
                    five_years: part == Part::Review && reviews_only_a_plan(text),
                };
                frames.push((start, frame));
            } else if frame.part == Part::Other {
                // Without parts, an opening holds for its own paragraph
                // only (see `period::period_in`).
            } else if let Some(lead) = opening(text, doc_year) {
                let next = match (frame.part, lead) {
                    (Part::Coming, _) => frame,
                    (_, Lead::Ahead) => Frame {
                        part: plan_part(text, doc_year),
                        five_years: false,
                    },
                    (Part::Plan { .. }, _) => frame,
                    (part, lead) => Frame {
                        part,
                        five_years: lead == Lead::FiveYears,
                    },
                };
                if next != frame {
                    frame = next;
                    frames.push((start, frame));
                }
            }
            start += line.len();
        }
        Outline { frames }
    }

    /// The frame at folded offset `pos`.
    pub fn at(&self, pos: usize) -> Frame {
        let i = self.frames.partition_point(|(at, _)| *at <= pos);
        i.checked_sub(1).map_or(
            Frame {
                part: Part::Other,
                five_years: false,
            },
            |i| self.frames[i].1,
        )
    }
}

impl Frame {
    /// The period a figure with no period word of its own covers, given
    /// its year (`None`: a single year's).
    pub fn period(&self, year: Option<i32>) -> Option<Span> {
        let multi = |start, end| Span {
            period: Period::MultiYear,
            start,
            end,
        };
        match self.part {
            // A plan's figure dated to one of its years (2026年) is that year's.
            Part::Plan { start, end } if year.is_none_or(|y| y == end) => {
                Some(multi(Some(start), Some(end)))
            }
            Part::Plan { .. } | Part::Coming => None,
            _ if self.five_years => Some(multi(year.map(|y| y - 4), year)),
            _ => None,
        }
    }

    /// Whether the part makes a figure a target.
    pub fn is_ahead(&self) -> bool {
        matches!(self.part, Part::Plan { .. } | Part::Coming)
    }
}

/// How a paragraph opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// On a past year (2025年是…, 过去一年, 一年来).
    Year,
    /// On the past five years (这五年, 五年来, “十四五”时期是…的五年).
    FiveYears,
    /// On the years ahead (今后五年, 未来五年, “十五五”时期, 再奋斗五年).
    Ahead,
}

/// Words of the years ahead.
const AHEAD: [&str; 6] = [
    "十五五",
    "第十五个五年",
    "今后五年",
    "未来五年",
    "再奋斗五年",
    "今后一个时期",
];

/// The part a heading line opens, if `line` is one: a short line without
/// a sentence's end that starts with a Chinese ordinal and 、, or holds no
/// punctuation at all (“十四五”时期工作回顾, 2026年重点工作).
fn heading_part(line: &str, doc_year: Option<i32>) -> Option<Part> {
    // The title (2026年甘肃省政府工作报告) is not a part.
    if line.len() > HEADING_MAX_CHARS * 4
        || line.chars().count() > HEADING_MAX_CHARS
        || line.contains(['。', '报'])
    {
        return None;
    }
    let ordinal = line
        .split_once('、')
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(super::patterns::is_cn_ordinal));
    // An unnumbered heading is a line of words only (2026年重点工作).
    let bare = !line.contains([',', '，', ':', '：', ';', '；', '!', '！', '?', '？']);
    if !ordinal && !bare {
        return None;
    }
    let review = ["回顾", "总结", "成就", "成绩"]
        .iter()
        .any(|w| line.contains(w));
    let coming_year = doc_year.is_some_and(|y| line.contains(&format!("{y}年")));
    let work = ["工作", "任务", "安排"].iter().any(|w| line.contains(w));
    if coming_year && work && !review {
        Some(Part::Coming)
    } else if review {
        Some(Part::Review)
    } else if AHEAD.iter().any(|w| line.contains(w)) && work {
        Some(plan_part(line, doc_year))
    } else if line.contains("今年") && work {
        Some(Part::Coming)
    } else {
        None
    }
}

/// The plan part named in `text` (the plan ending last), else the five
/// years from `doc_year`.
fn plan_part(text: &str, doc_year: Option<i32>) -> Part {
    let named = plan_years(text).into_iter().map(|(_, end)| end).max();
    let end = named.or(doc_year.map(|y| y + 4)).unwrap_or(0);
    Part::Plan {
        start: end - 4,
        end,
    }
}

/// Whether a review heading names a five-year plan and no single year
/// (一、“十四五”时期工作回顾): its figures cover the plan's years until a
/// paragraph opens on one year.
fn reviews_only_a_plan(line: &str) -> bool {
    !plan_years(line).is_empty() && !line.contains("年工作") && !has_year(line)
}

/// Whether `text` names a year in digits (2025年).
fn has_year(text: &str) -> bool {
    text.char_indices().any(|(i, c)| {
        c == '年'
            && text[..i].len() >= 4
            && text[..i].chars().rev().take(4).all(|d| d.is_ascii_digit())
    })
}

/// Whether `text` opens on a year in digits (1997年).
fn starts_with_year(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 7 && b[..4].iter().all(u8::is_ascii_digit) && text[4..].starts_with('年')
}

/// How the paragraph `line` opens: the first clause of its first or
/// second sentence, after a greeting (各位代表！) or a dash, when that
/// clause is about time; the second sentence's wins (2025年是“十四五”收官
/// 之年。五年来，我们… speaks of the five years).
fn opening(line: &str, doc_year: Option<i32>) -> Option<Lead> {
    let mut sentences = line.split('。');
    let first = sentences.next().and_then(|s| clause_lead(s, doc_year));
    sentences
        .next()
        .and_then(|s| clause_lead(s, doc_year))
        .or(first)
}

/// The lead of one sentence's first clause.
fn clause_lead(sentence: &str, doc_year: Option<i32>) -> Option<Lead> {
    let mut rest = sentence.trim_start_matches(['—', '-', ' ']);
    for greeting in ["各位代表!", "各位代表，", "各位代表,"] {
        rest = rest.strip_prefix(greeting).unwrap_or(rest);
    }
    let clause = rest.split([',', '，', '。', ':', '：', ';']).next()?;
    let clause = clause.strip_prefix("刚刚过去的").unwrap_or(clause);
    let past = doc_year.map(|y| format!("{}年", y - 1));
    let on_year = ["过去一年", "一年来", "这一年", "过去的一年"]
        .iter()
        .any(|w| clause.starts_with(w))
        || match past {
            Some(p) => clause.starts_with(&p),
            None => starts_with_year(clause),
        };
    if on_year {
        Some(Lead::Year)
    } else if AHEAD.iter().any(|w| clause.contains(w)) {
        Some(Lead::Ahead)
    } else if clause.contains("五年") || clause.trim_start_matches('“').starts_with("十四五")
    {
        Some(Lead::FiveYears)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<(String, Frame)> {
        let outline = Outline::new(text, Some(2026));
        text.lines()
            .map(|l| {
                let at = text.find(l).unwrap();
                (l.chars().take(8).collect(), outline.at(at))
            })
            .collect()
    }

    #[test]
    fn parts_and_openings_of_a_government_work_report() {
        // The shape of prov2026's reports (河南, 北京, 河北), folded.
        let text = "各位代表:\n\
            一、“十四五”时期和2025年工作回顾\n\
            过去的五年极不寻常。\n\
            民生福祉不断增进。城镇新增就业603.7万人。\n\
            刚刚过去的2025年很不平凡。\n\
            城镇新增就业121.7万人。\n\
            各位代表!“十四五”时期是极不平凡的五年。\n\
            二、“十五五”时期主要目标任务\n\
            城镇新增就业500万人以上。\n\
            三、2026年重点工作安排\n\
            城镇新增就业110万人以上。\n\
            各位代表!五年看头年。\n";
        let f = frames(text);
        let review = |five_years| Frame {
            part: Part::Review,
            five_years,
        };
        assert_eq!(f[0].1.part, Part::Other);
        assert_eq!(f[1].1, review(false));
        assert_eq!(f[3].1, review(true), "{:?}", f[3]);
        assert_eq!(f[5].1, review(false));
        assert_eq!(f[6].1, review(true));
        assert_eq!(
            f[8].1.part,
            Part::Plan {
                start: 2026,
                end: 2030
            }
        );
        assert_eq!(f[10].1.part, Part::Coming);
        assert_eq!(f[11].1.part, Part::Coming, "a past look stays in its part");
    }

    #[test]
    fn a_review_of_the_plan_alone_spans_it_until_a_year_opens() {
        let text = "一、“十四五”时期经济社会发展回顾\n城镇新增就业452万人。\n刚刚过去的2025年,我们…\n城镇新增就业86万人。\n";
        let f = frames(text);
        assert!(f[1].1.five_years);
        assert!(!f[3].1.five_years);
    }

    #[test]
    fn documents_without_such_headings_keep_one_part() {
        // The seed's experience reports: numbered headings of their own.
        let text = "一、主要做法\n我们培训干部1963人。\n二、几点体会\n五年来,我们坚持学习。\n培训干部300人。\n";
        let f = frames(text);
        assert!(f
            .iter()
            .all(|(_, fr)| fr.part == Part::Other && !fr.five_years));
    }
}
