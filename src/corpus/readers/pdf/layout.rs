//! From positioned pieces of text to the text of a document: pieces at one
//! height make a line (left to right), lines run top to bottom, running
//! headers and footers that repeat on most pages are left out, and lines
//! that a paragraph wrapped are joined again: a line starting at the left
//! margin continues the line before it when the document indents its
//! paragraphs (as Chinese official documents do, two characters) unless it
//! is an article heading, and a word hyphenated at a line end is whole
//! again.

use crate::corpus::split;
use std::collections::{HashMap, HashSet};

/// A piece of text a page shows: where its first glyph starts (in points
/// from the bottom left), the font size, and the text.
#[derive(Debug, Clone)]
pub struct Piece {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// A line of a page: where it starts, its largest font size, its text.
#[derive(Debug, Clone)]
pub struct Line {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// The lines of one page, top to bottom.
pub fn lines(mut pieces: Vec<Piece>) -> Vec<Line> {
    // Stable: pieces at the same height keep the content stream's order.
    pieces.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    for p in pieces {
        match groups.last_mut() {
            // Within 40% of the font size: superscripts and mixed fonts
            // sit a little off the baseline.
            Some(g) if (g[0].y - p.y).abs() <= 0.4 * g[0].size.max(p.size).max(1.0) => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    groups.into_iter().filter_map(line).collect()
}

fn line(mut pieces: Vec<Piece>) -> Option<Line> {
    pieces.sort_by(|a, b| a.x.total_cmp(&b.x));
    let first = pieces.first()?;
    let (x, y) = (first.x, first.y);
    let size = pieces.iter().map(|p| p.size).fold(0.0, f32::max);
    let mut text = String::new();
    for p in &pieces {
        // Glyph widths are not known, so neither is a gap between pieces:
        // only two Latin words are told apart by a space. Digits join, as
        // a number drawn in pieces ("2" "000") must.
        let next = p.text.trim();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if letter(text.chars().last()) && letter(next.chars().next()) {
            text.push(' ');
        }
        text.push_str(next);
    }
    (!text.is_empty()).then_some(Line { x, y, size, text })
}

/// Appends the next line of a paragraph to `text`: with a space between
/// Latin letters or digits (a line ends between words there), directly
/// otherwise (Chinese has no spaces).
fn glue(text: &mut String, next: &str) {
    let before = text.chars().last();
    let after = next.chars().next();
    if before.is_some_and(|c| c.is_ascii_alphanumeric())
        && after.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        text.push(' ');
    }
    text.push_str(next);
}

/// The text of a document from its pages' lines.
pub fn text(mut pages: Vec<Vec<Line>>) -> String {
    drop_running(&mut pages);
    let lines: Vec<(Line, bool)> = pages.into_iter().flat_map(at_margin).collect();
    let indented = lines
        .iter()
        .filter(|(l, margin)| !margin && l.text.chars().count() > 1)
        .count();
    // Paragraphs are told by their indented first lines only where the
    // document indents them: else every line stays a line.
    let indents = indented * 20 >= lines.len() && indented < lines.len();
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for (line, margin) in &lines {
        match previous {
            Some(p) if hyphenated(p, &line.text) => {
                out.pop();
                out.push_str(&line.text);
            }
            Some(_) if indents && *margin && !split::is_heading(&line.text) => {
                glue(&mut out, &line.text)
            }
            Some(_) => {
                out.push('\n');
                out.push_str(&line.text);
            }
            None => out.push_str(&line.text),
        }
        previous = Some(&line.text);
    }
    out.push('\n');
    out
}

/// Pairs each line of a page with whether it starts at the page's left
/// margin: the leftmost start that two lines share.
fn at_margin(page: Vec<Line>) -> Vec<(Line, bool)> {
    let mut starts: HashMap<i32, usize> = HashMap::new();
    for l in &page {
        *starts.entry(l.x.round() as i32).or_default() += 1;
    }
    let shared = starts
        .iter()
        .filter(|(_, &n)| n >= 2)
        .map(|(&x, _)| x)
        .min();
    let margin = shared.or_else(|| starts.keys().copied().min()).unwrap_or(0) as f32;
    page.into_iter()
        .map(|l| {
            let at = (l.x - margin).abs() < 0.5 * l.size.max(1.0);
            (l, at)
        })
        .collect()
}

/// Whether `line` ends in a word broken by a hyphen that `next` finishes.
fn hyphenated(line: &str, next: &str) -> bool {
    let mut end = line.chars().rev();
    end.next() == Some('-')
        && end.next().is_some_and(|c| c.is_ascii_alphabetic())
        && next.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// A line as running headers and footers repeat it: white space left out
/// and digits (the page number) made one.
fn running_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if crate::text::fold_char(c).is_ascii_digit() {
                '#'
            } else {
                c
            }
        })
        .collect()
}

/// Leaves out the lines at the top and bottom of pages (two each) that
/// repeat, page numbers aside, on most pages (at least two, and 60%).
fn drop_running(pages: &mut [Vec<Line>]) {
    let edges = |n: usize| -> HashSet<usize> {
        [0, 1, n.saturating_sub(2), n.saturating_sub(1)]
            .into_iter()
            .filter(|&i| i < n)
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let keys: HashSet<String> = edges(page.len())
            .into_iter()
            .map(|i| running_key(&page[i].text))
            .collect();
        keys.into_iter()
            .for_each(|k| *counts.entry(k).or_default() += 1);
    }
    let pages_n = pages.len();
    let running = |k: &str| {
        let n = counts.get(k).copied().unwrap_or(0);
        n >= 2 && n * 10 >= pages_n * 6
    };
    for page in pages.iter_mut() {
        let at_edge = edges(page.len());
        let mut i = 0;
        page.retain(|l| {
            i += 1;
            !(at_edge.contains(&(i - 1)) && running(&running_key(&l.text)))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f32, y: f32, text: &str) -> Piece {
        Piece {
            x,
            y,
            size: 16.0,
            text: text.into(),
        }
    }

    fn page(lines: &[(f32, &str)]) -> Vec<Line> {
        let pieces = lines
            .iter()
            .enumerate()
            .map(|(i, (x, t))| at(*x, 800.0 - 20.0 * i as f32, t))
            .collect();
        super::lines(pieces)
    }

    #[test]
    fn pieces_make_lines_left_to_right_top_to_bottom() {
        let pieces = vec![
            at(120.0, 700.0, "月开始"),
            at(80.0, 700.5, "从2008年"),
            at(80.0, 720.0, "第一行"),
            at(80.0, 680.0, "GDP"),
            at(120.0, 680.0, "growth"),
            at(80.0, 660.0, "听课干部2"),
            at(110.0, 660.0, "000多人次"),
        ];
        let text: Vec<String> = lines(pieces).into_iter().map(|l| l.text).collect();
        assert_eq!(
            text,
            [
                "第一行",
                "从2008年月开始",
                "GDP growth",
                "听课干部2000多人次"
            ]
        );
    }

    #[test]
    fn running_headers_and_page_numbers_are_left_out() {
        let heads = [
            "一、分析形势。",
            "二、确定思路。",
            "三、组织实施。",
            "四、取得成效。",
        ];
        let pages: Vec<Vec<Line>> = (1..=4)
            .map(|n| {
                let number = format!("- {n} -");
                page(&[
                    (200.0, "合山市经验材料汇编"),
                    (104.0, heads[n - 1]),
                    (80.0, "正文。"),
                    (280.0, number.as_str()),
                ])
            })
            .collect();
        let text = text(pages);
        assert!(!text.contains("汇编"), "{text}");
        assert!(!text.contains('-'), "{text}");
        for head in heads {
            assert_eq!(text.matches(head).count(), 1, "{text}");
        }
    }

    #[test]
    fn wrapped_lines_of_indented_paragraphs_are_joined() {
        let lines = page(&[
            (104.0, "为了进一步提高各级领导班子的整体素质，开创工作新"),
            (80.0, "局面，增长5."),
            (80.0, "4%。"),
            (104.0, "一、分析形势，确定创建活动思路"),
            (
                104.0,
                "发展是当今时代的主旋律，是我们党执政兴国的第一要务。",
            ),
            (80.0, "如何抓住机遇，是首要问题。"),
            (80.0, "第二篇:创新型领导班子"),
            (104.0, "the text is hyphen-"),
            (80.0, "ated and wrapped, in two"),
            (80.0, "lines"),
        ]);
        assert_eq!(
            text(vec![lines]),
            "为了进一步提高各级领导班子的整体素质，开创工作新局面，增长5.4%。\n\
             一、分析形势，确定创建活动思路\n\
             发展是当今时代的主旋律，是我们党执政兴国的第一要务。如何抓住机遇，是首要问题。\n\
             第二篇:创新型领导班子\n\
             the text is hyphenated and wrapped, in two lines\n"
        );
    }

    #[test]
    fn without_indents_lines_stay_lines() {
        let lines = page(&[(80.0, "第一行没有句号"), (80.0, "第二行"), (80.0, "第三行")]);
        assert_eq!(text(vec![lines]), "第一行没有句号\n第二行\n第三行\n");
    }
}
