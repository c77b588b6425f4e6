//! Term dictionaries: the word lists attention measures count.
//!
//! A dictionary is a text file (UTF-8 with or without a BOM; GB18030,
//! UTF-16 and the other encodings the corpus readers detect are decoded
//! too) with one term per line, `category<TAB>term` or just `term` (the
//! category is then the file's name without extension). `#` starts a
//! comment line; blank lines are skipped; spaces around a field are
//! trimmed. A term is matched in its normalized form (full-width,
//! traditional and radical forms folded, as the documents are), so 數字化
//! and 数字化 are one term.

use crate::text::{is_word_char, normalize};
use std::path::Path;

/// A parsed dictionary: categories in order of first appearance, terms in
/// file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    pub categories: Vec<String>,
    pub terms: Vec<Term>,
}

/// One term of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Index into [`Dictionary::categories`].
    pub category: usize,
    /// The term as the file writes it.
    pub text: String,
    /// What is looked for in the normalized documents.
    pub normalized: String,
    /// Its line in the file (from 1).
    pub line: usize,
}

/// Why a dictionary cannot be used: every bad line, with its number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dictionary {path}: {}", problems.join("; "))]
pub struct DictError {
    pub path: String,
    pub problems: Vec<String>,
}

/// The most problems one error lists.
const MAX_PROBLEMS: usize = 10;

impl Dictionary {
    /// Reads and parses the dictionary at `path`. Returns it with warnings
    /// (duplicate terms, kept once), or every line that makes it unusable.
    pub fn read(path: &Path) -> Result<(Dictionary, Vec<String>), DictError> {
        let fail = |p: String| DictError {
            path: path.display().to_string(),
            problems: vec![p],
        };
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        let text = match crate::corpus::decode::decode(&bytes) {
            Ok(d) => d.text,
            Err(crate::corpus::decode::DecodeError::Empty) => String::new(),
            Err(e) => return Err(fail(format!("not a text file: {e}"))),
        };
        let name = path
            .file_stem()
            .map_or_else(|| "terms".to_string(), |s| s.to_string_lossy().into_owned());
        Dictionary::parse(&text, &name).map_err(|problems| DictError {
            path: path.display().to_string(),
            problems,
        })
    }

    /// Parses a dictionary's text; `name` is the category of lines without
    /// one. Returns it with warnings, or the problems that make it unusable.
    pub fn parse(text: &str, name: &str) -> Result<(Dictionary, Vec<String>), Vec<String>> {
        let mut dict = Dictionary::default();
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        // normalized term → its first line
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            // Spaces and CR around the line go; a tab is a separator.
            let raw = raw.trim_matches(|c: char| c.is_whitespace() && c != '\t');
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let (category, term) = match raw.split_once('\t') {
                Some((c, t)) => (c.trim(), t.trim()),
                None => (name, raw),
            };
            if let Err(p) = check(category, term) {
                problems.push(format!("line {line}: {p}"));
                continue;
            }
            let normalized = normalize(term);
            if let Some(first) = seen.get(&normalized) {
                warnings.push(format!(
                    "line {line}: {term} is the term of line {first} again; counted once, in the category of line {first}"
                ));
                continue;
            }
            seen.insert(normalized.clone(), line);
            let category = match dict.categories.iter().position(|c| c == category) {
                Some(c) => c,
                None => {
                    dict.categories.push(category.to_string());
                    dict.categories.len() - 1
                }
            };
            dict.terms.push(Term {
                category,
                text: term.to_string(),
                normalized,
                line,
            });
        }
        if problems.is_empty() && dict.terms.is_empty() {
            problems.push("no terms (one per line: category<TAB>term, or term)".into());
        }
        if problems.len() > MAX_PROBLEMS {
            let more = problems.len() - MAX_PROBLEMS;
            problems.truncate(MAX_PROBLEMS);
            problems.push(format!("and {more} more"));
        }
        if problems.is_empty() {
            Ok((dict, warnings))
        } else {
            Err(problems)
        }
    }

    /// The terms of category `c`, as indices into [`Dictionary::terms`].
    pub fn of_category(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.terms
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.category == c)
            .map(|(i, _)| i)
    }
}

/// Why a line's category and term cannot be used.
fn check(category: &str, term: &str) -> Result<(), String> {
    if term.is_empty() || category.is_empty() {
        return Err("an empty category or term (category<TAB>term)".into());
    }
    if term.contains('\t') {
        return Err(format!("{term:?} has more than one tab"));
    }
    if term.chars().any(char::is_whitespace) {
        return Err(format!(
            "{term:?} has a space: a term is matched as written, spaces included, and no document writes one inside a word; separate the category with a tab"
        ));
    }
    term_problem(term).map_or(Ok(()), Err)
}

/// What makes `term` one that can never be found (no letter, digit or Han
/// character), or None: the rule `terms` and `kwic` share.
pub fn term_problem(term: &str) -> Option<String> {
    (!term.chars().any(is_word_char))
        .then(|| format!("{term:?} has no letter, digit or Han character"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_terms_comments_bom_and_duplicates() {
        let text = "\u{FEFF}# 数字经济\n数字技术\t人工智能\n\n数字技术\t大數據\n云计算\n数字技术\t大数据\n";
        let (d, warnings) = Dictionary::parse(text, "digital").unwrap();
        assert_eq!(d.categories, ["数字技术", "digital"]);
        let terms: Vec<(&str, &str, usize)> = d
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.normalized.as_str(), t.line))
            .collect();
        assert_eq!(
            terms,
            [
                ("人工智能", "人工智能", 2),
                ("大數據", "大数据", 4),
                ("云计算", "云计算", 5)
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("line 6: 大数据 is the term of line 4"),
            "{warnings:?}"
        );
        assert_eq!(d.of_category(0).collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn bad_lines_are_named_and_an_empty_dictionary_refused() {
        let err = Dictionary::parse("数字 经济\n绿色\t\n，。\n", "x").unwrap_err();
        assert_eq!(err.len(), 3);
        assert!(
            err[0].starts_with("line 1: \"数字 经济\" has a space"),
            "{err:?}"
        );
        assert!(err[1].starts_with("line 2: an empty"));
        assert!(err[2].starts_with("line 3:"));
        assert_eq!(
            Dictionary::parse("# only a comment\n\n", "x")
                .unwrap_err()
                .len(),
            1
        );
        let many: String = (0..30).map(|i| format!("a b{i}\n")).collect();
        let err = Dictionary::parse(&many, "x").unwrap_err();
        assert_eq!(err.last().map(String::as_str), Some("and 20 more"));
    }
}
