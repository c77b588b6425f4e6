//! The word counts table: per document, the words and Han characters of
//! its text, the denominators of the attention measures (`gongwen terms`).
//! Counted here because the view holds the one jieba pass: a measure over
//! a gigabyte must not segment it again.

use super::Analysis;
use crate::frames::{Col, Table, WORD_COUNTS};
use crate::view::DocView;

/// A document's words and Han characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordCountRow {
    pub doc_id: String,
    /// jieba tokens of the text with a letter, digit or Han character
    /// (punctuation and spaces are not words).
    pub words: u64,
    /// Han characters of the text.
    pub han_chars: u64,
}

impl Table for WordCountRow {
    const FILE: &'static str = WORD_COUNTS;
    fn columns() -> Vec<Col<Self>> {
        vec![
            Col::str("doc_id", |r| &r.doc_id, |r, v| r.doc_id = v.into()),
            Col::u64("words", |r| r.words, |r, v| r.words = v),
            Col::u64("han_chars", |r| r.han_chars, |r, v| r.han_chars = v),
        ]
    }
}

/// Counts each document's words and Han characters.
pub struct WordCounts;

impl Analysis for WordCounts {
    type Row = WordCountRow;
    fn rows(&self, view: &DocView, out: &mut Vec<WordCountRow>) {
        out.push(WordCountRow {
            doc_id: view.doc.doc_id.clone(),
            words: view
                .words()
                .filter(|w| w.chars().any(crate::text::is_word_char))
                .count() as u64,
            han_chars: view
                .norm
                .text
                .chars()
                .filter(|&c| crate::text::is_han(c))
                .count() as u64,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::segment::Segmenter;

    #[test]
    fn punctuation_and_spaces_are_not_words_and_han_characters_are_counted() {
        let doc = Document {
            doc_id: "d".into(),
            text: "发展数字经济，GDP增长5.3%。 　全年".into(),
            ..Document::default()
        };
        let view = DocView::new(doc, &Segmenter::builtin());
        let mut rows = Vec::new();
        WordCounts.rows(&view, &mut rows);
        // Every word but the punctuation and the spaces (5.3% is one word).
        let words: Vec<&str> = view.words().collect();
        assert_eq!(words, ["发展", "数字经济", "GDP", "增长", "5.3%", "全年"]);
        assert_eq!(rows[0].words, 6);
        // 发展数字经济 增长 全年: 10 Han characters; GDP, digits and % are not.
        assert_eq!(rows[0].han_chars, 10);
    }
}
