//! The index's fields, and the tokenizers registered under their names.

use super::tokenizer::{CharTokenizer, SplitWords, WordTokenizer, CHARS, WORDS};
use crate::error::{Error, Result};
use crate::segment::Segmenter;
use std::path::Path;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TokenizerManager;
use tantivy::Index;

/// The index's fields.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) doc_id: Field,
    pub(super) title: Field,
    pub(super) title_text: Field,
    pub(super) title_chars: Field,
    pub(super) body: Field,
    pub(super) body_chars: Field,
    pub(super) text: Field,
    pub(super) source: Field,
    pub(super) locality: Field,
    pub(super) locality_keys: Field,
    pub(super) year: Field,
}

pub(super) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tok: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        doc_id: b.add_text_field("doc_id", STRING | STORED | FAST),
        title: b.add_text_field("title", indexed(WORDS)),
        title_text: b.add_text_field("title_text", STORED),
        title_chars: b.add_text_field("title_chars", indexed(CHARS)),
        body: b.add_text_field("body", indexed(WORDS)),
        body_chars: b.add_text_field("body_chars", indexed(CHARS)),
        text: b.add_text_field("text", STORED),
        source: b.add_text_field("source", STRING | STORED),
        locality: b.add_text_field("locality", STORED),
        locality_keys: b.add_text_field("locality_keys", STRING),
        year: b.add_i64_field("year", INDEXED | STORED | FAST),
    };
    (b.build(), fields)
}

pub(super) fn fields_of(schema: &Schema) -> Result<Fields> {
    let f = |name: &str| {
        schema
            .get_field(name)
            .map_err(|e| Error::Invalid(format!("index lacks field {name}: {e}")))
    };
    Ok(Fields {
        doc_id: f("doc_id")?,
        title: f("title")?,
        title_text: f("title_text")?,
        title_chars: f("title_chars")?,
        body: f("body")?,
        body_chars: f("body_chars")?,
        text: f("text")?,
        source: f("source")?,
        locality: f("locality")?,
        locality_keys: f("locality_keys")?,
        year: f("year")?,
    })
}

/// Opens a generation's index for reading: its tokenizers registered,
/// its fields, and a reader. A generation never changes: no reload policy,
/// so no thread watching the index for commits.
pub(super) fn open_reader(dir: &Path) -> Result<(Index, tantivy::IndexReader, Fields)> {
    let index = Index::open_in_dir(dir).map_err(tv_err(dir))?;
    register(&index);
    let fields = fields_of(&index.schema())?;
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(tv_err(dir))?;
    Ok((index, reader, fields))
}

pub(super) fn register(index: &Index) {
    index.tokenizers().register(WORDS, SplitWords);
    index
        .tokenizers()
        .register(CHARS, CharTokenizer { fold: false });
}

/// The tokenizers queries are cut with: jieba for the word fields.
pub(super) fn query_tokenizers(segmenter: &Segmenter) -> TokenizerManager {
    let manager = TokenizerManager::default();
    let segmenter = segmenter.clone();
    manager.register(WORDS, WordTokenizer { segmenter });
    manager.register(CHARS, CharTokenizer { fold: true });
    manager
}

pub(super) fn tv_err(path: &Path) -> impl FnOnce(tantivy::TantivyError) -> Error + '_ {
    move |error| Error::Index {
        path: path.to_path_buf(),
        error,
    }
}
