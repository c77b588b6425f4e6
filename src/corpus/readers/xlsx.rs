//! Excel workbooks (`.xlsx`): on every sheet whose first row names a text
//! column, each further row is a document, with the column rules of
//! [`super::columns`] that CSV files follow. Numbers read as their shortest
//! decimal (`2026`, not `2026.0`) and dates as `YYYY-MM-DD`, so that a row
//! reads as the same row saved as CSV.

use super::columns::Columns;
use super::{FileBytes, Parsed, RawDoc, ReadOptions};
use calamine::{Data, Range, Reader as _};
use std::io::Cursor;

/// Reads `.xlsx` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    let mut book = calamine::Xlsx::new(Cursor::new(file.bytes)).map_err(book_error)?;
    let (mut docs, mut missing) = (Vec::new(), Vec::new());
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("corrupt xlsx (sheet {name}: {e})"))?;
        match sheet_rows(&range, file.options, docs.len() as u32) {
            Ok(rows) => docs.extend(rows),
            Err(msg) => missing.push(format!("sheet {name}: {msg}")),
        }
    }
    // A workbook's other sheets (notes, lookups) need no text column;
    // only a workbook where no sheet has one is a problem.
    if docs.is_empty() && !missing.is_empty() {
        return Err(missing.join("; "));
    }
    Ok(Parsed {
        docs,
        problems: Vec::new(),
        encoding: "UTF-8",
    })
}

fn book_error(e: calamine::XlsxError) -> String {
    match e {
        calamine::XlsxError::Password => "password-protected xlsx; not read".into(),
        e => format!("corrupt xlsx ({e})"),
    }
}

/// The rows of one sheet under its header row, numbered on from `before`
/// (rows of earlier sheets). An empty sheet has none; `Err` says that the
/// header has no text column.
fn sheet_rows(
    range: &Range<Data>,
    options: &ReadOptions,
    before: u32,
) -> Result<Vec<RawDoc>, String> {
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = header.iter().map(|c| cell(c).unwrap_or_default()).collect();
    let columns = Columns::new(names, options)?;
    Ok(rows
        .enumerate()
        .map(|(i, row)| {
            let ordinal = before + i as u32 + 1;
            columns.row(ordinal, |c| row.get(c).and_then(cell))
        })
        .collect())
}

/// A cell as the text a CSV export would hold; `None` for an error value.
fn cell(c: &Data) -> Option<String> {
    Some(match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::readers::fixtures;
    use calamine::{ExcelDateTime, ExcelDateTimeType};
    use std::path::Path;

    #[test]
    fn an_xlsx_copy_of_the_seed_reads_as_the_txt() {
        // 内容 is the text column of this sheet.
        let (doc, _) = fixtures::seed_copy("seed1.xlsx");
        assert_eq!(doc.locality.as_deref(), Some("合山市"));
        assert_eq!(doc.year, Some(2008));
    }

    #[test]
    fn a_row_reads_as_the_same_row_of_its_csv() {
        // Hebei's 2026 report, opened from CSV and saved as xlsx by
        // LibreOffice, which typed the year as a number and the date as a
        // date.
        let from_xlsx = fixtures::read("hebei.xlsx", fixtures::bytes("hebei2026.xlsx")).unwrap();
        let csv = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpora/prov2026/2026_河北省_政府工作报告.csv"),
        );
        // The corpora are beside the repository in CI and in a checkout
        // of the project; the xlsx half of the test runs on its own.
        let Ok(csv) = csv else {
            assert_eq!(from_xlsx.docs[0].year, Some(2026));
            return;
        };
        let from_csv = fixtures::read("hebei.csv", csv).unwrap();
        let (x, c) = (&from_xlsx.docs, &from_csv.docs);
        assert_eq!(x.len(), 1);
        assert_eq!(c.len(), 1);
        assert_eq!(x[0].title, c[0].title);
        assert_eq!(x[0].locality, c[0].locality);
        assert_eq!(x[0].year, c[0].year);
        assert_eq!(x[0].metadata, c[0].metadata);
        assert_eq!(x[0].text, c[0].text);
    }

    #[test]
    fn a_truncated_xlsx_is_one_message() {
        let mut bytes = fixtures::bytes("seed1.xlsx");
        bytes.truncate(bytes.len() * 2 / 3);
        let err = fixtures::read("cut.xlsx", bytes).unwrap_err();
        assert!(err.starts_with("corrupt xlsx"), "{err}");
    }

    #[test]
    fn cells_read_as_csv_text() {
        assert_eq!(cell(&Data::Float(2026.0)).as_deref(), Some("2026"));
        assert_eq!(cell(&Data::Float(5.4)).as_deref(), Some("5.4"));
        assert_eq!(cell(&Data::Int(1963)).as_deref(), Some("1963"));
        assert_eq!(cell(&Data::Empty).as_deref(), Some(""));
        // 2026-02-02 is day 46055 of Excel's 1900 calendar.
        let date = ExcelDateTime::new(46055.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell(&Data::DateTime(date)).as_deref(), Some("2026-02-02"));
        let noon = ExcelDateTime::new(46055.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            cell(&Data::DateTime(noon)).as_deref(),
            Some("2026-02-02 12:00:00")
        );
    }
}
