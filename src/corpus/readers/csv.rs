//! CSV files: a header row, then one document per row, with the column
//! rules of [`super::columns`].

use super::columns::Columns;
use super::{FileBytes, Parsed, RawDoc, TextFile};

/// Reads `.csv` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    super::read_text(file, read_csv)
}

/// Reads CSV text. Rows that cannot be parsed are reported with their line
/// and skipped; the other rows are still read.
pub fn read_csv(text: &str, file: &mut TextFile) -> Vec<RawDoc> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            file.problem(None, format!("unreadable CSV header: {e}"));
            return Vec::new();
        }
    };
    let columns = match Columns::new(header, file.options) {
        Ok(c) => c,
        Err(msg) => {
            file.problem(Some(1), msg);
            return Vec::new();
        }
    };
    let mut docs = Vec::new();
    // Whether the last record was read (rather than reported).
    let mut last_ok = false;
    for (i, rec) in reader.records().enumerate() {
        last_ok = rec.is_ok();
        match rec {
            Ok(r) => docs.push(columns.row(i as u32 + 1, |c| r.get(c).map(str::to_string))),
            Err(e) => {
                let line = e.position().map(|p| p.line());
                file.problem(line, format!("bad CSV row: {}", csv_error_kind(&e)));
            }
        }
    }
    // A quoted field that never closes swallows the rest of the file into
    // the last row: that row is dropped and the opening quote reported.
    if let Some(line) = unclosed_quote(text) {
        if last_ok && docs.pop().is_some() {
            let msg = "unclosed quote: this row runs to the end of the file and was skipped";
            file.problem(Some(line), msg.to_string());
        }
    }
    docs
}

/// The line where a quoted field opens that is still open at the end of
/// the file, read as the csv reader does: a quote opens a field only at
/// its start, and `""` inside a quoted field is a quote.
fn unclosed_quote(text: &str) -> Option<u64> {
    let (mut line, mut opened) = (1u64, 1u64);
    let (mut in_quote, mut field_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if in_quote {
            if b == b'"' && bytes.next_if_eq(&b'"').is_none() {
                in_quote = false;
            }
            field_start = false;
        } else if b == b'"' && field_start {
            (in_quote, opened, field_start) = (true, line, false);
        } else {
            field_start = matches!(b, b',' | b'\n' | b'\r');
        }
        if b == b'\n' {
            line += 1;
        }
    }
    in_quote.then_some(opened)
}

fn csv_error_kind(e: &::csv::Error) -> String {
    match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len} (a broken quote?)")
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::readers::jsonl::read_jsonl;
    use crate::corpus::readers::ReadOptions;
    use crate::corpus::Problem;
    use proptest::prelude::*;
    use std::path::Path;

    static NONE: ReadOptions = ReadOptions::NONE;

    fn read(text: &str) -> (Vec<RawDoc>, Vec<Problem>) {
        let mut file = TextFile::new(Path::new("x.csv"), &NONE);
        let docs = read_csv(text, &mut file);
        (docs, file.problems)
    }

    #[test]
    fn csv_rows_with_metadata_columns() {
        let t = "province,year,title,source_url,full_text\n北京市,2026,2026年北京市政府工作报告,http://x,\"各位代表：\n现在…\"\n";
        let (d, p) = read(t);
        assert!(p.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].locality.as_deref(), Some("北京市"));
        assert_eq!(d[0].year, Some(2026));
        assert_eq!(d[0].title.as_deref(), Some("2026年北京市政府工作报告"));
        assert_eq!(d[0].text, "各位代表：\n现在…");
        assert_eq!(
            d[0].metadata,
            vec![("source_url".to_string(), "http://x".to_string())]
        );
    }

    #[test]
    fn csv_without_text_column_is_one_problem() {
        let (d, p) = read("a,b\n1,2\n");
        assert!(d.is_empty());
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("no text column"), "{}", p[0].message);
    }

    #[test]
    fn csv_broken_quote_keeps_good_rows() {
        for t in [
            "标题,正文\n甲,第一行\n乙,\"未闭合,引号\n丙,第三行\n",
            // An unclosed quote in a bad last row drops no good row.
            "title,text\n甲,好\n乙,x,\"未闭合\n丙\n",
        ] {
            let (d, p) = read(t);
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].title.as_deref(), Some("甲"));
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!(p[0].line, Some(3));
        }
    }

    #[test]
    fn csv_quote_inside_an_unquoted_field_is_text() {
        let t = "title,text\n甲,他说\"好\n乙,正常\n";
        let (d, p) = read(t);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].text, "他说\"好");
    }

    #[test]
    fn unclosed_quote_lines() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\"\"y\"\n"), None);
        assert_eq!(unclosed_quote("a,b\n1,\"x\n\n2,3\n"), Some(2));
        assert_eq!(unclosed_quote("a,b\n1,x\"y\n"), None);
    }

    /// Reads `text` as CSV and as JSON Lines: problems name the file and,
    /// when they have one, a line of it.
    fn read_as_both(text: &str) {
        let lines = text.lines().count() as u64 + 1;
        let mut csv = TextFile::new(Path::new("a.csv"), &NONE);
        let mut jsonl = TextFile::new(Path::new("a.jsonl"), &NONE);
        read_csv(text, &mut csv);
        read_jsonl(text, &mut jsonl);
        for (file, path) in [(csv, "a.csv"), (jsonl, "a.jsonl")] {
            for p in file.problems {
                assert_eq!(p.path, Path::new(path));
                assert!(p.line.is_none_or(|l| (1..=lines).contains(&l)), "{p:?}");
            }
        }
    }

    fn table_noise() -> impl Strategy<Value = String> {
        #[rustfmt::skip]
        let pieces = vec![
            "title,text\n", "标题,正文,年份\n", "\"", "\"\"", ",", "\n", "\r\n", "甲", "正文", "2026",
            "{", "}", "[", "]", ":", "\"text\"", "\"title\":", "null", "\u{feff}",
        ];
        crate::test_support::joined(pieces, 0..60)
    }

    proptest! {
        #[test]
        fn readers_never_panic(text in prop_oneof![any::<String>(), table_noise()]) {
            read_as_both(&text);
        }

        #[test]
        fn written_csv_reads_back(rows in prop::collection::vec((any::<String>(), any::<String>()), 0..20)) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["title", "text"]).unwrap();
            for (title, text) in &rows {
                w.write_record([title, text]).unwrap();
            }
            let written = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let (docs, p) = read(&written);
            prop_assert!(p.is_empty(), "{:?}", p);
            let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
            let want: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
            prop_assert_eq!(texts, want);
        }

    }
}
