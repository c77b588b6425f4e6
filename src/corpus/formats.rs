//! File formats: plain text and Markdown (one file, possibly many
//! articles), CSV and JSON Lines (one row, one document, with metadata).

use super::Problem;
use std::path::Path;

/// A document as read from a row or an article, before ids are assigned.
#[derive(Debug, Clone, Default)]
pub struct RawDoc {
    pub title: Option<String>,
    pub text: String,
    pub locality: Option<String>,
    pub year: Option<i32>,
    /// Other columns, kept as metadata (name, value), in column order.
    pub metadata: Vec<(String, String)>,
    /// 1-based article number in a file, or row number in a table.
    pub ordinal: u32,
}

/// The formats gongwen reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Jsonl,
}

impl Format {
    /// The format of `path`, from its extension (case-insensitive).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" | "text" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

const TEXT_COLUMNS: [&str; 5] = ["text", "content", "full_text", "body", "正文"];
const TITLE_COLUMNS: [&str; 2] = ["title", "标题"];
const LOCALITY_COLUMNS: [&str; 5] = ["locality", "province", "city", "county", "地区"];
const YEAR_COLUMNS: [&str; 2] = ["year", "年份"];

/// Finds the first of `names` among `columns` (trimmed, case-insensitive).
fn pick(columns: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| {
        columns.iter().position(|c| {
            c.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(n)
        })
    })
}

/// Reads a year written as `2026`, `2026年` or `2026.0`.
pub fn parse_year(s: &str) -> Option<i32> {
    let digits: String = s
        .trim()
        .chars()
        .map(crate::text::fold_char)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let y: i32 = digits.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

/// Column positions of a table's header.
struct Columns {
    names: Vec<String>,
    text: usize,
    title: Option<usize>,
    locality: Option<usize>,
    year: Option<usize>,
}

impl Columns {
    fn new(names: Vec<String>) -> Result<Columns, String> {
        let text = pick(&names, &TEXT_COLUMNS).ok_or_else(|| {
            format!(
                "no text column (expected one of {}; found {})",
                TEXT_COLUMNS.join(", "),
                names.join(", ")
            )
        })?;
        Ok(Columns {
            text,
            title: pick(&names, &TITLE_COLUMNS),
            locality: pick(&names, &LOCALITY_COLUMNS),
            year: pick(&names, &YEAR_COLUMNS),
            names,
        })
    }

    /// Builds a document from the row's values (`get(i)` is column i).
    fn row(&self, ordinal: u32, get: impl Fn(usize) -> Option<String>) -> RawDoc {
        let nonempty = |i: Option<usize>| {
            i.and_then(&get)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let used = [Some(self.text), self.title, self.locality, self.year];
        let metadata = (0..self.names.len())
            .filter(|i| !used.contains(&Some(*i)))
            .filter_map(|i| get(i).map(|v| (self.names[i].trim().to_string(), v)))
            .collect();
        RawDoc {
            title: nonempty(self.title),
            text: get(self.text).unwrap_or_default(),
            locality: nonempty(self.locality),
            year: nonempty(self.year).and_then(|y| parse_year(&y)),
            metadata,
            ordinal,
        }
    }
}

/// Reads CSV text. Rows that cannot be parsed are reported with their line
/// and skipped; the other rows are still read.
pub fn read_csv(text: &str, problems: &mut Vec<Problem>, path: &Path) -> Vec<RawDoc> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            problems.push(Problem::new(
                path,
                None,
                format!("unreadable CSV header: {e}"),
            ));
            return Vec::new();
        }
    };
    let columns = match Columns::new(header) {
        Ok(c) => c,
        Err(msg) => {
            problems.push(Problem::new(path, Some(1), msg));
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
                problems.push(Problem::new(
                    path,
                    line,
                    format!("bad CSV row: {}", csv_error_kind(&e)),
                ));
            }
        }
    }
    // A quoted field that never closes swallows the rest of the file into
    // the last row: that row is dropped and the opening quote reported.
    if let Some(line) = unclosed_quote(text) {
        if last_ok && docs.pop().is_some() {
            let msg = "unclosed quote: this row runs to the end of the file and was skipped";
            problems.push(Problem::new(path, Some(line), msg.to_string()));
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

fn csv_error_kind(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len} (a broken quote?)")
        }
        _ => e.to_string(),
    }
}

/// Reads JSON Lines: one object per line. A line that is not a JSON object
/// is reported with its number and skipped.
pub fn read_jsonl(text: &str, problems: &mut Vec<Problem>, path: &Path) -> Vec<RawDoc> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let obj = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                problems.push(Problem::new(
                    path,
                    Some(line_no),
                    "not a JSON object".into(),
                ));
                continue;
            }
            Err(e) => {
                problems.push(Problem::new(path, Some(line_no), format!("not JSON: {e}")));
                continue;
            }
        };
        let names: Vec<String> = obj.keys().cloned().collect();
        match Columns::new(names) {
            Ok(cols) => docs.push(cols.row(docs.len() as u32 + 1, |c| {
                obj.get(&cols.names[c]).and_then(json_scalar)
            })),
            Err(msg) => problems.push(Problem::new(path, Some(line_no), msg)),
        }
    }
    docs
}

fn json_scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn csv_rows_with_metadata_columns() {
        let t = "province,year,title,source_url,full_text\n北京市,2026,2026年北京市政府工作报告,http://x,\"各位代表：\n现在…\"\n";
        let mut p = Vec::new();
        let d = read_csv(t, &mut p, Path::new("a.csv"));
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
        let mut p = Vec::new();
        let d = read_csv("a,b\n1,2\n", &mut p, Path::new("x.csv"));
        assert!(d.is_empty());
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("no text column"), "{}", p[0].message);
    }

    #[test]
    fn csv_broken_quote_keeps_good_rows() {
        let t = "标题,正文\n甲,第一行\n乙,\"未闭合,引号\n丙,第三行\n";
        let mut p = Vec::new();
        let d = read_csv(t, &mut p, Path::new("x.csv"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title.as_deref(), Some("甲"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(3));
    }

    #[test]
    fn jsonl_bad_line_is_reported_with_its_number() {
        let t = "{\"title\":\"甲\",\"text\":\"正文\",\"year\":2025}\n{oops\n{\"title\":\"乙\",\"content\":\"二\",\"city\":\"合山市\"}\n";
        let mut p = Vec::new();
        let d = read_jsonl(t, &mut p, Path::new("x.jsonl"));
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].year, Some(2025));
        assert_eq!(d[1].locality.as_deref(), Some("合山市"));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(2));
    }

    #[test]
    fn years_in_several_forms() {
        assert_eq!(parse_year("2026"), Some(2026));
        assert_eq!(parse_year("２０２５年"), Some(2025));
        assert_eq!(parse_year("XX年"), None);
        assert_eq!(parse_year("12"), None);
    }

    #[test]
    fn csv_quote_inside_an_unquoted_field_is_text() {
        let t = "title,text\n甲,他说\"好\n乙,正常\n";
        let mut p = Vec::new();
        let d = read_csv(t, &mut p, Path::new("x.csv"));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].text, "他说\"好");
    }

    #[test]
    fn csv_unclosed_quote_in_a_bad_last_row_drops_no_good_row() {
        let t = "title,text\n甲,好\n乙,x,\"未闭合\n丙\n";
        let mut p = Vec::new();
        let d = read_csv(t, &mut p, Path::new("x.csv"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title.as_deref(), Some("甲"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(3));
    }

    #[test]
    fn unclosed_quote_lines() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\"\"y\"\n"), None);
        assert_eq!(unclosed_quote("a,b\n1,\"x\n\n2,3\n"), Some(2));
        assert_eq!(unclosed_quote("a,b\n1,x\"y\n"), None);
    }

    /// Problems name the file and, when they have one, a line of it.
    fn check_problems(text: &str, problems: &[Problem], path: &str) {
        let lines = text.lines().count() as u64 + 1;
        for p in problems {
            assert_eq!(p.path, Path::new(path));
            assert!(p.line.is_none_or(|l| (1..=lines).contains(&l)), "{p:?}");
        }
    }

    fn table_noise() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "title,text\n",
            "标题,正文,年份\n",
            "\"",
            "\"\"",
            ",",
            "\n",
            "\r\n",
            "甲",
            "正文",
            "2026",
            "{",
            "}",
            "[",
            "]",
            ":",
            "\"text\"",
            "\"title\":",
            "null",
            "\u{feff}",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn readers_never_panic_on_arbitrary_text(text in any::<String>()) {
            let mut p = Vec::new();
            read_csv(&text, &mut p, Path::new("a.csv"));
            check_problems(&text, &p, "a.csv");
            let mut p = Vec::new();
            read_jsonl(&text, &mut p, Path::new("a.jsonl"));
            check_problems(&text, &p, "a.jsonl");
        }

        #[test]
        fn readers_never_panic_on_table_noise(text in table_noise()) {
            let mut p = Vec::new();
            read_csv(&text, &mut p, Path::new("a.csv"));
            check_problems(&text, &p, "a.csv");
            let mut p = Vec::new();
            read_jsonl(&text, &mut p, Path::new("a.jsonl"));
            check_problems(&text, &p, "a.jsonl");
        }

        #[test]
        fn written_csv_reads_back(rows in prop::collection::vec((any::<String>(), any::<String>()), 0..20)) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["title", "text"]).unwrap();
            for (title, text) in &rows {
                w.write_record([title, text]).unwrap();
            }
            let written = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let mut p = Vec::new();
            let docs = read_csv(&written, &mut p, Path::new("a.csv"));
            prop_assert!(p.is_empty(), "{:?}", p);
            let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
            let want: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
            prop_assert_eq!(texts, want);
        }

        #[test]
        fn written_jsonl_reads_back(texts in prop::collection::vec(any::<String>(), 0..20)) {
            let lines: Vec<String> = texts
                .iter()
                .map(|t| serde_json::json!({"text": t, "year": 2026}).to_string())
                .collect();
            let mut p = Vec::new();
            let docs = read_jsonl(&lines.join("\n"), &mut p, Path::new("a.jsonl"));
            prop_assert!(p.is_empty(), "{:?}", p);
            let got: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
            let want: Vec<&str> = texts.iter().map(String::as_str).collect();
            prop_assert_eq!(got, want);
        }
    }
}
