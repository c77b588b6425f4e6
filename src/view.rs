//! One view per document, built once: the original text, its normalized
//! form with the offset map back, the jieba tokens of one segmentation
//! pass, and the locality sections. Every analysis, the index and the
//! near-duplicate fingerprint read the view; nothing folds, segments or
//! scans for places a second time.

use crate::corpus::Document;
use crate::extract::DocInput;
use crate::place::{self, Sections};
use crate::segment::Segmenter;
use crate::text::{self, Normalized, Token};

/// A document and what every analysis reads of it.
#[derive(Debug, Clone)]
pub struct DocView {
    /// The document; its `locality` is filled from the text when metadata
    /// had none.
    pub doc: Document,
    /// The normalized text (full-width, traditional and radical forms
    /// folded) with its map back to `doc.text`.
    pub norm: Normalized,
    /// The normalized title (empty when the document has none).
    pub title: String,
    /// Word tokens: byte spans of `norm.text`.
    pub tokens: Vec<Token>,
    /// Word tokens of `title`.
    pub title_tokens: Vec<Token>,
    /// Locality sections (offsets into `doc.text`).
    pub sections: Sections,
}

impl DocView {
    /// Builds the view of `doc`, cutting it with `seg`.
    pub fn new(doc: Document, seg: &Segmenter) -> DocView {
        let mut view = DocView::untokenized(doc);
        view.tokens = seg.cut(&view.norm.text);
        view.title_tokens = seg.cut(&view.title);
        view
    }

    /// The view without tokens: for analyses that need none (extraction
    /// of a bare text).
    pub fn untokenized(mut doc: Document) -> DocView {
        let norm = Normalized::new(&doc.text);
        let title = text::normalize(doc.title.as_deref().unwrap_or(""));
        if doc.locality.is_none() {
            if let Some((locality, source)) = place::issuer(&title, &norm.text) {
                doc.locality = Some(locality);
                doc.locality_source = Some(source);
            }
        }
        let sections = Sections::with_main(&norm, doc.locality.clone());
        DocView {
            doc,
            norm,
            title,
            tokens: Vec::new(),
            title_tokens: Vec::new(),
            sections,
        }
    }

    /// What the indicator extractor reads of the view.
    pub fn extract_input(&self) -> DocInput<'_> {
        DocInput {
            text: &self.doc.text,
            norm: Some(&self.norm),
            sections: Some(&self.sections),
            locality: self.doc.locality.as_deref(),
            year: self.doc.year,
        }
    }

    /// The words of the body, as normalized text.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().map(|t| t.as_str(&self.norm.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> Document {
        Document {
            doc_id: "d".into(),
            source: "a.txt".into(),
            ordinal: 1,
            title: Some(title.into()),
            text: text.into(),
            ..Document::default()
        }
    }

    #[test]
    fn traditional_title_gives_the_locality_and_figures() {
        let title = "陝西省⻄安市人民政府工作報告";
        let text = "陝西省⻄安市人民政府工作報告\n二〇二五年，全市地區生產總值增長５．６％，數字經濟加快發展。";
        let view = DocView::new(doc(title, text), &Segmenter::builtin());
        assert_eq!(view.doc.locality.as_deref(), Some("西安市"));
        assert!(
            view.words().any(|w| w == "数字经济"),
            "{:?}",
            view.words().collect::<Vec<_>>()
        );
        let found = crate::extract::Extractor::global().extract(&view.extract_input());
        let gdp = found
            .iter()
            .find(|i| i.metric.as_deref() == Some("gdp"))
            .unwrap();
        assert_eq!(gdp.value, Some(5.6));
        assert_eq!(gdp.text, "增長５．６％");
        assert_eq!(&text[gdp.start..gdp.end], gdp.text);
        assert_eq!(gdp.locality.as_deref(), Some("西安市"));
    }
}
