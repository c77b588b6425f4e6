//! The terminal: a table's terminal columns, aligned by display width (a
//! Chinese character takes two columns), long text cut with `…`.

use crate::report::block::{Cell, Column, Table, View};

/// The table as aligned lines, the header first, each ended by a newline.
pub fn table(t: &Table) -> String {
    let columns = t.columns(View::Terminal);
    let header: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|row| columns.iter().map(|c| text(c.cell(row), c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for line in std::iter::once(&header).chain(&rows) {
        for (i, (cell, w)) in line.iter().zip(&widths).enumerate() {
            out.push_str(cell);
            // The last column is not padded: no trailing spaces.
            if i + 1 < line.len() {
                out.push_str(&" ".repeat(w - width(cell) + 2));
            }
        }
        out.push('\n');
    }
    out
}

/// A cell as the terminal shows it in `column`.
fn text(cell: &Cell, column: &Column) -> String {
    let clip_to = |s: &str| match column.clip {
        Some(max) => clip(s, max),
        None => s.to_string(),
    };
    match cell {
        // An empty cell would leave a hole the eye reads as misaligned.
        Cell::Empty => "-".into(),
        Cell::Doc { id, title } => format!("{id} {}", clip_to(title.as_deref().unwrap_or("-"))),
        other => clip_to(&other.plain()),
    }
}

/// Display width of a string: CJK and full-width characters count two.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Cuts `s` to at most `max` display columns, marking the cut with `…`.
pub fn clip(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = if is_wide(c) { 2 } else { 1 };
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_take_two_columns_and_cuts_are_marked() {
        assert_eq!(width("合山市 GDP"), 10);
        assert_eq!(width("１２．８％"), 10, "full-width forms are wide too");
        assert_eq!(clip("构建学习创新型领导班子", 10), "构建学习…");
        assert_eq!(clip("合山市", 6), "合山市");
    }
}
