//! Markdown: a file of blocks. A blank line follows each block, except that
//! a file ends right after its last table or paragraph (headings and lists
//! keep theirs, as the reports always have).

use super::inline;
use crate::report::block::{Block, Cell, Chart, Item, Span, Table, View};

/// A Markdown file of `blocks`.
pub fn file(blocks: &[Block]) -> String {
    let mut s = String::new();
    // Small charts are for the page; the table beside them has every figure.
    let shown: Vec<&Block> = blocks
        .iter()
        .filter(|b| !matches!(b, Block::Panels(_) | Block::Lines(_)))
        .collect();
    for b in &shown {
        block(&mut s, b);
        s.push('\n');
    }
    let bare_end = matches!(
        shown.last(),
        Some(Block::Paragraph(_) | Block::Note(_) | Block::Table(_) | Block::Chart(_))
    );
    if bare_end {
        s.pop();
    }
    s
}

fn block(s: &mut String, b: &Block) {
    match b {
        Block::Heading { level, text } => {
            let hashes = "#".repeat(usize::from(*level).max(1));
            s.push_str(&format!("{hashes} {}\n", md(text)));
        }
        Block::Paragraph(spans) | Block::Note(spans) => {
            s.push_str(&inline(spans, span));
            s.push('\n');
        }
        Block::Table(t) => s.push_str(&table(t)),
        Block::List(items) => items.iter().for_each(|i| item(s, i)),
        Block::Chart(c) => chart(s, c),
        Block::Panels(_) | Block::Lines(_) => {}
    }
}

/// A run of text: strong in `**`, code in backquotes, a reference by file.
fn span(span: &Span) -> String {
    match span {
        Span::Plain(t) => md(t),
        Span::Strong(t) => format!("**{}**", md(t)),
        Span::Code(t) => format!("`{}`", md(t)),
        Span::Ref { file, .. } => md(file),
    }
}

/// A list entry; the sentence it is read from is quoted after it.
fn item(s: &mut String, i: &Item) {
    s.push_str("- ");
    s.push_str(&inline(&i.spans, span));
    if let Some(q) = &i.quote {
        s.push_str(&format!(" — “{}”", md(q)));
    }
    s.push('\n');
}

/// A chart as its caption and one entry per bar.
fn chart(s: &mut String, c: &Chart) {
    s.push_str(&format!("**{}**\n\n", md(&c.caption)));
    for b in &c.bars {
        s.push_str(&format!("- {}: {}\n", md(&b.label), md(&b.text)));
    }
}

/// A table's Markdown columns.
pub fn table(t: &Table) -> String {
    let columns = t.columns(View::Markdown);
    let header: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
    let mut s = format!("| {} |\n", header.join(" | "));
    s.push_str(&format!("|{}\n", "---|".repeat(columns.len())));
    for row in &t.rows {
        let cells: Vec<String> = columns.iter().map(|c| md(&cell(c.cell(row)))).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s
}

/// A cell as Markdown shows it: identifiers in backquotes, a document as
/// its title and id.
fn cell(c: &Cell) -> String {
    match c {
        Cell::Code(id) => format!("`{id}`"),
        Cell::Doc { id, title } => format!("{} (`{id}`)", title.as_deref().unwrap_or("-")),
        other => other.plain(),
    }
}

/// Text made safe for one line of Markdown (one table cell).
pub fn md(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_blocks_and_a_file_ends_after_its_last_paragraph() {
        let blocks = [
            Block::heading(1, "Comparison of localities (actual)"),
            Block::paragraph("No locality states a figure for these metrics."),
        ];
        assert_eq!(
            file(&blocks),
            "# Comparison of localities (actual)\n\nNo locality states a figure for these metrics.\n"
        );
    }

    #[test]
    fn lists_quote_their_sentence_and_keep_the_blank_line_after_them() {
        let statement = Item {
            quote: Some("群众满意率91.28%。".into()),
            ..Item::plain("91.28% (ratio)")
        };
        let blocks = [
            Block::heading(2, "嘉善县"),
            Block::List(vec![Item::plain("document: 嘉善县委工作报告"), statement]),
        ];
        assert_eq!(
            file(&blocks),
            "## 嘉善县\n\n- document: 嘉善县委工作报告\n- 91.28% (ratio) — “群众满意率91.28%。”\n\n"
        );
    }

    #[test]
    fn a_reference_names_the_file_and_code_is_backquoted() {
        let spans = [
            Span::Ref {
                page: "the comparison",
                file: "compare.md",
            },
            Span::Plain(": ".into()),
            Span::Code("candidates".into()),
        ];
        assert_eq!(inline(&spans, span), "compare.md: `candidates`");
    }

    #[test]
    fn a_pipe_or_newline_cannot_break_a_table_row() {
        assert_eq!(md("a|b\nc"), "a\\|b c");
    }
}
