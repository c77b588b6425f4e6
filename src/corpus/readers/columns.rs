//! The column rules every table reader (CSV, JSON Lines, xlsx) shares:
//! which column holds the text, the title, the locality and the year, and
//! the other columns kept as metadata.

use super::{RawDoc, ReadOptions};

/// Text columns by default: the first present is the text.
pub const TEXT_COLUMNS: [&str; 6] = ["text", "content", "full_text", "body", "正文", "内容"];
const TITLE_COLUMNS: [&str; 2] = ["title", "标题"];
const LOCALITY_COLUMNS: [&str; 5] = ["locality", "province", "city", "county", "地区"];
const YEAR_COLUMNS: [&str; 2] = ["year", "年份"];

/// Whether header cell `column` is `name` (trimmed, a BOM left out,
/// case-insensitive).
fn same_name(column: &str, name: &str) -> bool {
    column
        .trim()
        .trim_start_matches('\u{feff}')
        .eq_ignore_ascii_case(name.trim())
}

/// Finds the first of `names` among `columns`.
fn pick(columns: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| columns.iter().position(|c| same_name(c, n)))
}

/// The column named by an option, else the first of the default names.
fn pick_named(columns: &[String], named: Option<&str>, defaults: &[&str]) -> Option<usize> {
    match named {
        Some(n) => pick(columns, &[n]),
        None => pick(columns, defaults),
    }
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
pub struct Columns {
    pub names: Vec<String>,
    /// The text columns, in the order their values are joined.
    text: Vec<usize>,
    title: Option<usize>,
    locality: Option<usize>,
    year: Option<usize>,
}

impl Columns {
    /// Finds the columns of header `names`; `Err` says that no text column
    /// is there.
    pub fn new(names: Vec<String>, options: &ReadOptions) -> Result<Columns, String> {
        let text = text_columns(&names, &options.text_columns)?;
        Ok(Columns {
            text,
            title: pick_named(&names, options.title_column.as_deref(), &TITLE_COLUMNS),
            locality: pick_named(
                &names,
                options.locality_column.as_deref(),
                &LOCALITY_COLUMNS,
            ),
            year: pick_named(&names, options.year_column.as_deref(), &YEAR_COLUMNS),
            names,
        })
    }

    /// Builds a document from the row's values (`get(i)` is column i).
    pub fn row(&self, ordinal: u32, get: impl Fn(usize) -> Option<String>) -> RawDoc {
        let nonempty = |i: Option<usize>| {
            i.and_then(&get)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let used = |i: usize| {
            self.text.contains(&i) || [self.title, self.locality, self.year].contains(&Some(i))
        };
        let metadata = (0..self.names.len())
            .filter(|&i| !used(i))
            .filter_map(|i| get(i).map(|v| (self.names[i].trim().to_string(), v)))
            .collect();
        RawDoc {
            title: nonempty(self.title),
            text: self.text_of(&get),
            locality: nonempty(self.locality),
            year: nonempty(self.year).and_then(|y| parse_year(&y)),
            metadata,
            ordinal,
        }
    }

    /// One text column's value as it is; several columns' non-blank values
    /// joined by a line break.
    fn text_of(&self, get: impl Fn(usize) -> Option<String>) -> String {
        if let [one] = self.text[..] {
            return get(one).unwrap_or_default();
        }
        let parts: Vec<String> = self
            .text
            .iter()
            .filter_map(|&i| get(i))
            .filter(|v| !v.trim().is_empty())
            .collect();
        parts.join("\n")
    }
}

/// The text columns: those named, in their order, or the first default.
fn text_columns(names: &[String], named: &[String]) -> Result<Vec<usize>, String> {
    if named.is_empty() {
        return pick(names, &TEXT_COLUMNS).map(|i| vec![i]).ok_or_else(|| {
            format!(
                "no text column (expected one of {}; found {})",
                TEXT_COLUMNS.join(", "),
                names.join(", ")
            )
        });
    }
    let found: Vec<usize> = named
        .iter()
        .filter_map(|n| pick(names, &[n.as_str()]))
        .collect();
    if found.is_empty() {
        return Err(format!(
            "no text column (expected {} as named; found {})",
            named.join(", "),
            names.join(", ")
        ));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn years_in_several_forms() {
        assert_eq!(parse_year("2026"), Some(2026));
        assert_eq!(parse_year("２０２５年"), Some(2025));
        assert_eq!(parse_year("2026.0"), Some(2026));
        assert_eq!(parse_year("XX年"), None);
        assert_eq!(parse_year("12"), None);
    }

    #[test]
    fn neirong_is_a_text_column_after_the_others() {
        let opts = ReadOptions::default();
        let c = Columns::new(header(&["标题", "内容"]), &opts).unwrap();
        let row = ["合山市工作总结", "全年培训干部1963人。"];
        let d = c.row(1, |i| row.get(i).map(|s| s.to_string()));
        assert_eq!(d.text, "全年培训干部1963人。");
        assert_eq!(d.title.as_deref(), Some("合山市工作总结"));
        // With 正文 present too, 正文 wins as it did before 内容 was known,
        // and 内容 stays metadata.
        let c = Columns::new(header(&["内容", "正文"]), &opts).unwrap();
        let d = c.row(1, |i| ["摘要", "全文"].get(i).map(|s| s.to_string()));
        assert_eq!(d.text, "全文");
        assert_eq!(d.metadata, vec![("内容".to_string(), "摘要".to_string())]);
    }

    #[test]
    fn named_columns_replace_the_defaults() {
        let opts = ReadOptions {
            text_columns: vec!["摘要".into(), "全文".into()],
            title_column: Some("文件名称".into()),
            locality_column: Some("发文单位所在地".into()),
            year_column: Some("成文年度".into()),
            ..ReadOptions::default()
        };
        let names = header(&[
            "文件名称",
            "title",
            "摘要",
            "全文",
            "发文单位所在地",
            "成文年度",
        ]);
        let c = Columns::new(names, &opts).unwrap();
        let row = [
            "2026年合山市政府工作报告",
            "别的标题",
            "一、回顾",
            "二、任务",
            "广西合山市",
            "2026",
        ];
        let d = c.row(7, |i| row.get(i).map(|s| s.to_string()));
        assert_eq!(d.text, "一、回顾\n二、任务");
        assert_eq!(d.title.as_deref(), Some("2026年合山市政府工作报告"));
        assert_eq!(d.locality.as_deref(), Some("广西合山市"));
        assert_eq!(d.year, Some(2026));
        assert_eq!(d.ordinal, 7);
        assert_eq!(
            d.metadata,
            vec![("title".to_string(), "别的标题".to_string())]
        );
    }

    #[test]
    fn a_named_text_column_that_is_missing_is_said() {
        let opts = ReadOptions {
            text_columns: vec!["全文".into()],
            ..ReadOptions::default()
        };
        let err = Columns::new(header(&["title", "text"]), &opts)
            .err()
            .unwrap();
        assert!(err.contains("no text column"), "{err}");
        assert!(err.contains("全文"), "{err}");
        assert!(err.contains("found title, text"), "{err}");
    }
}
