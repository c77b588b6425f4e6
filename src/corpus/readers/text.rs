//! Plain text and Markdown: decoded, then split into articles at headings
//! `第一篇:`, `第二篇：` … (one file may hold many).

use super::decode::decode;
use super::{FileBytes, Parsed, RawDoc, Reader};
use crate::corpus::split;

/// Reads `.txt`, `.text`, `.md` and `.markdown` files.
pub struct Text;

impl Reader for Text {
    fn name(&self) -> &'static str {
        "text"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "md", "markdown", "text"]
    }
    fn sniff(&self, head: &[u8]) -> Result<(), String> {
        super::sniff_text(head)
    }
    fn read(&self, file: FileBytes<'_>) -> Result<Parsed, String> {
        let decoded = decode(&file.bytes).map_err(|e| e.to_string())?;
        drop(file.bytes);
        Ok(Parsed {
            docs: articles(&decoded.text),
            problems: Vec::new(),
            encoding: decoded.encoding,
        })
    }
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
