//! The neutral blocks that report sections and CLI commands produce and the
//! printers render: headings, paragraphs, lists, charts and tables. A block
//! says what is shown, never how; a [`Table`] holds its cells once and says
//! which columns each audience sees.

use super::svg::Bar;

/// One piece of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading. Level 1 titles a file; on the page, which has a title of
    /// its own, every level sits one deeper (a section's heading is an h2).
    Heading { level: u8, text: String },
    /// Running text.
    Paragraph(Vec<Span>),
    /// An aside on how to read what is around it (set smaller on the page).
    Note(Vec<Span>),
    /// A bulleted list.
    List(Vec<Item>),
    /// A bar chart.
    Chart(Chart),
    /// Small charts of targets against outcomes by year, one per locality.
    Panels(Vec<PanelChart>),
    /// A measure by year, one line per locality.
    Lines(LineChart),
    /// A table.
    Table(Table),
}

impl Block {
    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Span::Plain(text.into())])
    }

    /// A note of plain text.
    pub fn note(text: impl Into<String>) -> Block {
        Block::Note(vec![Span::Plain(text.into())])
    }

    /// A heading.
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }
}

/// A run of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Plain(String),
    /// Stressed: bold on the page and in Markdown.
    Strong(String),
    /// A name as typed (a column, a command): backquoted in Markdown.
    Code(String),
    /// Another part of the report, named as the reader finds it: `page` on
    /// the HTML page, `file` in the other files.
    Ref {
        page: &'static str,
        file: &'static str,
    },
}

/// One entry of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub spans: Vec<Span>,
    /// The sentence the entry is read from: a tooltip on the page, quoted
    /// after the entry in Markdown.
    pub quote: Option<String>,
    /// An aside (`… and 4 more`), set smaller on the page.
    pub note: bool,
}

impl Item {
    /// An entry of plain text.
    pub fn plain(text: impl Into<String>) -> Item {
        Item {
            spans: vec![Span::Plain(text.into())],
            quote: None,
            note: false,
        }
    }
}

/// A horizontal bar chart: one bar per locality, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What is charted (a metric id): names the chart on the page.
    pub id: String,
    pub caption: String,
    pub bars: Vec<Bar>,
}

/// One locality's targets and outcomes by year (see [`crate::report::svg::panel_chart`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelChart {
    pub id: String,
    pub caption: String,
    pub marks: Vec<crate::report::svg::YearMark>,
}

/// A measure by year, one line per series (see [`crate::report::svg::line_chart`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub id: String,
    pub caption: String,
    pub series: Vec<crate::report::svg::Series>,
}

/// The audiences of a table: each sees its own columns, in its own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Programs: JSON Lines and CSV, the contract's columns and raw values.
    Data,
    /// A person at a terminal: a compact aligned table.
    Terminal,
    /// A Markdown file.
    Markdown,
    /// The HTML page.
    Html,
}

/// One column as an audience sees it: a field of the table, its header and
/// how it is set.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Index of the field in each row.
    pub field: usize,
    pub header: String,
    /// On the terminal, text longer than this many columns is cut.
    pub clip: Option<usize>,
    /// A figure: aligned right on the page.
    pub right: bool,
}

impl Column {
    /// This column's cell of `row`.
    pub fn cell<'r>(&self, row: &'r [Cell]) -> &'r Cell {
        row.get(self.field).unwrap_or(&Cell::Null)
    }
}

/// A table: every field's cell for each row, and the columns each [`View`]
/// shows. Build one with [`Table::build`].
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// What the table holds (`documents`, `wide`): its class on the page.
    pub class: String,
    /// Each row's cells, one per field.
    pub rows: Vec<Vec<Cell>>,
    data: Vec<Column>,
    terminal: Vec<Column>,
    markdown: Vec<Column>,
    html: Vec<Column>,
    /// On the page, the first column names its row (a row header).
    pub row_headers: bool,
    /// JSON keys in alphabetical order instead of column order: `compare
    /// --wide --json` has always written them so.
    pub sorted_keys: bool,
}

/// One value of a table, typed so that each printer can set it its way.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Not known: empty in CSV, `null` in JSON, `-` for people.
    Null,
    /// Nothing to show: an empty cell (`-` on the terminal, whose columns
    /// are aligned by spaces).
    Empty,
    Text(String),
    Int(i64),
    /// Yes or no: `true`/`false` in JSON, 1/0 in CSV (for Stata and R).
    Bool(bool),
    /// A number: as it is in JSON, without float noise elsewhere.
    Num(f64),
    /// A number shown to people with this many decimals (0.917).
    Fixed(f64, usize),
    /// An identifier: backquoted in Markdown.
    Code(String),
    /// A document by its id and title: the title with the id as tooltip on
    /// the page, both in Markdown and on the terminal.
    Doc {
        id: String,
        title: Option<String>,
    },
    /// A figure as written, its growth (either may be empty) and where it is
    /// read from (a tooltip on the page).
    Figure {
        value: String,
        growth: String,
        falls: bool,
        source: String,
    },
}

impl Cell {
    /// A value as text (a string, or a categorical value's contract
    /// string), or [`Cell::Null`].
    pub fn opt<T: ToString>(v: &Option<T>) -> Cell {
        v.as_ref().map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }

    /// Yes or no, or [`Cell::Null`].
    pub fn bool(v: Option<bool>) -> Cell {
        v.map_or(Cell::Null, Cell::Bool)
    }

    /// A number, or [`Cell::Null`].
    pub fn num(v: Option<f64>) -> Cell {
        v.map_or(Cell::Null, Cell::Num)
    }

    /// A whole number, or [`Cell::Null`].
    pub fn int<T: TryInto<i64>>(v: Option<T>) -> Cell {
        v.and_then(|v| v.try_into().ok())
            .map_or(Cell::Null, Cell::Int)
    }
}

/// How a field's cell is made from a row's position and the row.
type MakeCell<'a, R> = Box<dyn Fn(usize, &R) -> Cell + 'a>;

/// The fields of a table over rows of type `R`: each a name and how a
/// row's cell is made.
pub struct Fields<'a, R> {
    fields: Vec<(String, MakeCell<'a, R>)>,
}

impl<'a, R> Default for Fields<'a, R> {
    fn default() -> Self {
        Fields { fields: Vec::new() }
    }
}

impl<'a, R> Fields<'a, R> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the field `name`, its cell made by `cell`.
    pub fn field(mut self, name: impl Into<String>, cell: impl Fn(&R) -> Cell + 'a) -> Self {
        self.fields
            .push((name.into(), Box::new(move |_, r| cell(r))));
        self
    }

    /// Adds the field `name`: the row's number, from 1.
    pub fn row_number(mut self, name: &str) -> Self {
        let number = |i: usize, _: &R| Cell::Int(i as i64 + 1);
        self.fields.push((name.into(), Box::new(number)));
        self
    }

    /// Adds every field of `more`.
    pub fn extend(mut self, more: Fields<'a, R>) -> Self {
        self.fields.extend(more.fields);
        self
    }
}

/// A column of a view: the field `name`, shown under its own name.
pub fn col(name: &str) -> ColumnSpec {
    ColumnSpec {
        field: name.to_string(),
        header: None,
        clip: None,
        right: false,
    }
}

/// A column of a view, before its field is looked up.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    field: String,
    header: Option<String>,
    clip: Option<usize>,
    right: bool,
}

impl ColumnSpec {
    /// Shown under `header` instead of the field's name.
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.header = Some(header.into());
        self
    }

    /// Cut to `width` display columns on the terminal.
    pub fn clip(mut self, width: usize) -> Self {
        self.clip = Some(width);
        self
    }

    /// Aligned right on the page.
    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }
}

/// The columns of each view, by field name.
#[derive(Debug, Clone, Default)]
pub struct Views {
    pub data: Vec<ColumnSpec>,
    pub terminal: Vec<ColumnSpec>,
    pub markdown: Vec<ColumnSpec>,
    pub html: Vec<ColumnSpec>,
}

/// Columns named by field: every name in `names`, shown as it is.
pub fn cols(names: &[&str]) -> Vec<ColumnSpec> {
    names.iter().map(|n| col(n)).collect()
}

impl Table {
    /// The table of `rows` with `fields`, seen through `views`. A column
    /// naming no field is left out (the table tests catch such a slip).
    pub fn build<R>(class: &str, rows: &[R], fields: Fields<'_, R>, views: Views) -> Table {
        let fields = fields.fields;
        let names: Vec<String> = fields.iter().map(|f| f.0.clone()).collect();
        let resolve = |specs: Vec<ColumnSpec>| -> Vec<Column> {
            specs
                .into_iter()
                .filter_map(|s| {
                    let field = names.iter().position(|n| *n == s.field)?;
                    Some(Column {
                        field,
                        header: s.header.unwrap_or(s.field),
                        clip: s.clip,
                        right: s.right,
                    })
                })
                .collect()
        };
        let cells = rows
            .iter()
            .enumerate()
            .map(|(i, r)| fields.iter().map(|f| (f.1)(i, r)).collect())
            .collect();
        Table {
            class: class.to_string(),
            data: resolve(views.data),
            terminal: resolve(views.terminal),
            markdown: resolve(views.markdown),
            html: resolve(views.html),
            rows: cells,
            row_headers: false,
            sorted_keys: false,
        }
    }

    /// The columns `view` shows.
    pub fn columns(&self, view: View) -> &[Column] {
        match view {
            View::Data => &self.data,
            View::Terminal => &self.terminal,
            View::Markdown => &self.markdown,
            View::Html => &self.html,
        }
    }
}
