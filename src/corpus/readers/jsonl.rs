//! JSON Lines files: one object per line, one document per object, with
//! the column rules of [`super::columns`] over the object's keys.

use super::columns::Columns;
use super::{FileBytes, Parsed, RawDoc, TextFile};

/// Reads `.jsonl` and `.ndjson` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    super::read_text(file, read_jsonl)
}

/// Reads JSON Lines: one object per line. A line that is not a JSON object
/// is reported with its number and skipped.
pub fn read_jsonl(text: &str, file: &mut TextFile) -> Vec<RawDoc> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let obj = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                file.problem(Some(line_no), "not a JSON object".into());
                continue;
            }
            Err(e) => {
                file.problem(Some(line_no), format!("not JSON: {e}"));
                continue;
            }
        };
        let names: Vec<String> = obj.keys().cloned().collect();
        match Columns::new(names, file.options) {
            Ok(cols) => docs.push(cols.row(docs.len() as u32 + 1, |c| {
                obj.get(&cols.names[c]).and_then(json_scalar)
            })),
            Err(msg) => file.problem(Some(line_no), msg),
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
    use crate::corpus::readers::ReadOptions;
    use proptest::prelude::*;
    use std::path::Path;

    static NONE: ReadOptions = ReadOptions::NONE;

    #[test]
    fn jsonl_bad_line_is_reported_with_its_number() {
        let t = "{\"title\":\"甲\",\"text\":\"正文\",\"year\":2025}\n{oops\n{\"title\":\"乙\",\"content\":\"二\",\"city\":\"合山市\"}\n";
        let mut file = TextFile::new(Path::new("x.jsonl"), &NONE);
        let d = read_jsonl(t, &mut file);
        let p = file.problems;
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].year, Some(2025));
        assert_eq!(d[1].locality.as_deref(), Some("合山市"));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(2));
    }

    proptest! {
        #[test]
        fn written_jsonl_reads_back(texts in prop::collection::vec(any::<String>(), 0..20)) {
            let lines: Vec<String> = texts
                .iter()
                .map(|t| serde_json::json!({"text": t, "year": 2026}).to_string())
                .collect();
            let mut file = TextFile::new(Path::new("a.jsonl"), &NONE);
            let docs = read_jsonl(&lines.join("\n"), &mut file);
            let p = file.problems;
            prop_assert!(p.is_empty(), "{:?}", p);
            let got: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
            let want: Vec<&str> = texts.iter().map(String::as_str).collect();
            prop_assert_eq!(got, want);
        }
    }
}
