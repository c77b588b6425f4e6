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
    let mut last_line = None;
    for (i, rec) in reader.records().enumerate() {
        match rec {
            Ok(r) => {
                last_line = r.position().map(|p| p.line());
                docs.push(columns.row(i as u32 + 1, |c| r.get(c).map(str::to_string)));
            }
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
    // An odd number of quotes means a quoted field never closed: the csv
    // reader then swallows the rest of the file into the last row.
    if text.bytes().filter(|&b| b == b'"').count() % 2 == 1 && docs.pop().is_some() {
        let msg =
            "unclosed quote: this row runs to the end of the file and was skipped".to_string();
        problems.push(Problem::new(path, last_line, msg));
    }
    docs
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
}
