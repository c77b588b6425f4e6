//! The full-text index (tantivy): schema, the writer fed with the jieba
//! tokens of the single segmentation pass, the searcher, filters and
//! highlighted snippets.
//!
//! Two views of each text are indexed:
//! - `body`/`title`: jieba words (pre-tokenized at ingest; queries are cut
//!   by the same segmenter), which rank whole-word matches well;
//! - `body_chars`/`title_chars`: one token per Chinese character (ASCII
//!   letters and digits as runs). Word tokens alone miss sub-words and
//!   single characters — `税` is inside the word 税收征管, `处理` inside
//!   待处理 — because a word index can only find whole words. A query on
//!   the character view becomes a phrase of characters, i.e. an exact
//!   substring search, so every contiguous occurrence is found. Character
//!   unigrams with positions cost more index space than bigrams but give
//!   exact single-character and odd-length matches without special cases.
//!
//! Both views fold full-width forms to half-width and ASCII to lower case,
//! so `ＧＤＰ`, `GDP` and `gdp` are one term.
//!
//! The parts: `tokenizer` (the three tokenizers), `schema` (the fields and
//! the tokenizers registered for them), `writer` (building an index at
//! ingest), `searcher` (queries, filters, hits) and `snippet` (highlighted
//! snippets of a hit).

mod candidates;
mod ranking;
mod schema;
mod searcher;
mod snippet;
mod stored;
mod tokenizer;
mod writer;

pub use candidates::{Found, Part, TextLookup};
pub use searcher::{query_terms, Hit, SearchOptions, Searcher, Total};
pub use snippet::{escape_html, matches, snippet, Snippet};
pub use stored::Kept;
pub use tokenizer::{
    char_tokens, joined_words, CharStream, CharTokenizer, SplitStream, SplitWords, WordTokenizer,
    CHARS, WORDS, WORD_SEPARATOR,
};
pub use writer::{merge_indexes, IndexBuilder};
