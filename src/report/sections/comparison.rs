//! The comparison of localities: on the page the wide table and how a
//! figure is chosen; `compare.md` (with every figure's source and the
//! targets), `compare.csv` and `compare_wide.csv`.

use super::{File, Section};
use crate::report::block::{Block, Span};
use crate::report::compare::{CompareRow, Comparison as Compared};
use crate::report::{format, tables, Tables};

/// The comparison section.
pub struct Comparison;

impl Section for Comparison {
    fn page(&self, t: &Tables) -> Vec<Block> {
        let mut blocks = wide_blocks(&t.comparison, "wide");
        blocks.push(Block::Note(selection_note()));
        blocks
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        vec![
            File::markdown("compare.md", markdown(&t.comparison, &t.targets)),
            File::csv("compare.csv", tables::comparison(&t.comparison)),
            File::csv("compare_wide.csv", tables::wide(&t.comparison, "wide")),
        ]
    }
}

/// A comparison on the page: what it shows, then its wide table (`class`
/// names the table).
pub fn wide_blocks(c: &Compared, class: &str) -> Vec<Block> {
    if c.rows.is_empty() {
        return vec![Block::paragraph(
            "No locality states a figure of the compared metrics.",
        )];
    }
    let all: Vec<&CompareRow> = c.rows.iter().collect();
    let what = Block::Paragraph(vec![
        Span::Plain("Status ".into()),
        Span::Strong(c.status()),
        Span::Plain(format!(
            ", {}. Each cell shows the value and, below it, the growth; hover for the source sentence.",
            format::years(&all)
        )),
    ]);
    vec![what, Block::Table(tables::wide(c, class))]
}

/// `compare.md`: the comparison, every figure with its source, then the
/// targets.
fn markdown(c: &Compared, targets: &Compared) -> Vec<Block> {
    let mut blocks = vec![Block::heading(
        1,
        format!("Comparison of localities ({})", c.status()),
    )];
    if c.rows.is_empty() {
        blocks.push(Block::paragraph(
            "No locality states a figure for these metrics.",
        ));
        return blocks;
    }
    blocks.extend([
        Block::Table(tables::wide(c, "wide")),
        Block::heading(2, "Figures and their sources"),
        Block::Note(selection_note()),
        Block::Table(tables::comparison(c)),
    ]);
    if !targets.rows.is_empty() {
        blocks.extend([
            Block::heading(2, format!("Targets ({})", targets.status())),
            Block::Table(tables::wide(targets, "wide targets")),
            Block::Table(tables::comparison(targets)),
        ]);
    }
    blocks
}

/// How a figure is chosen among several, for readers of the reports.
fn selection_note() -> Vec<Span> {
    vec![
        Span::Plain(
            "Only a figure of that one year and of the locality as a whole fills a cell: five-year \
figures, months and quarters, and parts (a city of a province, urban or rural residents, exports) \
do not. When a locality states a metric more than once for the same year and status, the value \
chosen is an exact figure, stated alongside a growth, the first; the growth chosen is exact, the \
first (a report states a year's figures first where it reviews the year). The choice never looks \
at the figures themselves. "
                .into(),
        ),
        Span::Code("candidates".into()),
        Span::Plain(" counts the statements there were; ".into()),
        Span::Code("gongwen compare --candidates".into()),
        Span::Plain(" lists them.".into()),
    ]
}
