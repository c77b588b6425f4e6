//! Plain text and Markdown: decoded, then split into articles at headings
//! `第一篇:`, `第二篇：` … (one file may hold many).

use super::{FileBytes, Parsed, RawDoc};
use crate::corpus::split;

/// Reads `.txt`, `.text`, `.md` and `.markdown` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    super::read_text(file, |text, _| articles(text))
}

/// The articles of a text: what every reader of running text (txt, docx,
/// pdf) hands on.
pub fn articles(text: &str) -> Vec<RawDoc> {
    split::split_articles(text)
        .into_iter()
        .map(|a| RawDoc {
            title: a.title,
            text: text[a.start..a.end].to_string(),
            ordinal: a.ordinal,
            ..RawDoc::default()
        })
        .collect()
}
