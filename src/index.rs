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

use crate::error::{Error, IoContext, Result};
use crate::segment::{self, Segmenter};
use crate::text::{fold_char, is_word_char, Token};
use crate::view::DocView;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::{
    PreTokenizedStream, PreTokenizedString, Token as TvToken, TokenStream, Tokenizer,
    TokenizerManager,
};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term};

/// Name of the word tokenizer of the `body` and `title` fields.
pub const WORDS: &str = "gongwen_words";
/// Name of the character tokenizer of the `*_chars` fields.
pub const CHARS: &str = "gongwen_chars";

/// Separates the words of the single segmentation pass in the text the
/// `body` field is fed: tantivy then only splits at it, so jieba runs once
/// per document. (Tantivy's `PreTokenizedString` does the same job but
/// round-trips every token through JSON inside the document; this costs
/// nothing.) The character never occurs in documents: it is a control
/// character that segmentation drops.
pub const WORD_SEPARATOR: char = '\u{1f}';

/// The text fed to the `body` field: the words of normalized text `text`
/// (a document view's), lower-cased, joined by [`WORD_SEPARATOR`].
pub fn joined_words(text: &str, tokens: &[Token]) -> String {
    let mut out = String::with_capacity(text.len() + tokens.len());
    for t in tokens {
        let word = t.as_str(text);
        // Most words have nothing to lower-case: copied whole.
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            out.push_str(&word.to_ascii_lowercase());
        } else {
            out.push_str(word);
        }
        out.push(WORD_SEPARATOR);
    }
    out
}

/// Index-time tokenizer of the word fields: splits at [`WORD_SEPARATOR`].
#[derive(Clone, Default)]
pub struct SplitWords;

impl Tokenizer for SplitWords {
    type TokenStream<'a> = SplitStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SplitStream<'a> {
        SplitStream {
            text,
            pos: 0,
            token: TvToken::default(),
            started: false,
        }
    }
}

/// The words of a joined text, one at a time.
pub struct SplitStream<'a> {
    text: &'a str,
    pos: usize,
    token: TvToken,
    started: bool,
}

impl TokenStream for SplitStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.pos..];
        let trimmed = rest.trim_start_matches(WORD_SEPARATOR);
        if trimmed.is_empty() {
            return false;
        }
        let start = self.pos + rest.len() - trimmed.len();
        let len = trimmed.find(WORD_SEPARATOR).unwrap_or(trimmed.len());
        self.token.text.clear();
        self.token.text.push_str(&trimmed[..len]);
        self.token.offset_from = start;
        self.token.offset_to = start + len;
        self.token.position = if self.started {
            self.token.position + 1
        } else {
            0
        };
        self.started = true;
        self.pos = start + len;
        true
    }
    fn token(&self) -> &TvToken {
        &self.token
    }
    fn token_mut(&mut self) -> &mut TvToken {
        &mut self.token
    }
}

/// Query-time tokenizer of the word fields: the segmenter ingest used,
/// so that a query is cut into the words the documents were cut into.
#[derive(Clone)]
pub struct WordTokenizer {
    pub segmenter: Segmenter,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = PreTokenizedStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        let tokens = self
            .segmenter
            .segment(text)
            .iter()
            .enumerate()
            .map(|(i, t)| tv_token(t.start, t.end, i, segment::index_form(t.as_str(text))))
            .collect();
        PreTokenizedStream::from(PreTokenizedString {
            text: String::new(),
            tokens,
        })
    }
}

/// Character tokenizer of the `*_chars` fields. At index time it is fed
/// a document view's normalized text and has nothing to fold; at query
/// time it folds (normalizes) the query's characters.
#[derive(Clone, Default)]
pub struct CharTokenizer {
    pub fold: bool,
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = CharStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharStream<'a> {
        CharStream {
            text,
            pos: 0,
            token: TvToken::default(),
            count: 0,
            fold: self.fold,
        }
    }
}

/// One token per CJK (or other non-ASCII alphanumeric) character, runs of
/// ASCII letters and runs of digits as one token each (`gdp120550` →
/// `gdp`, `120550`); punctuation and spaces are dropped. Reuses one token
/// buffer: no allocation per character.
pub struct CharStream<'a> {
    text: &'a str,
    pos: usize,
    token: TvToken,
    count: usize,
    fold: bool,
}

impl TokenStream for CharStream<'_> {
    fn advance(&mut self) -> bool {
        let fold = |c: char| if self.fold { fold_char(c) } else { c };
        let next = self.text[self.pos..]
            .char_indices()
            .map(|(i, c)| (self.pos + i, fold(c)))
            .find(|(_, f)| is_word_char(*f));
        let Some((start, first)) = next else {
            self.pos = self.text.len();
            return false;
        };
        self.token.text.clear();
        self.token.text.push(first.to_ascii_lowercase());
        let mut end = start + self.text[start..].chars().next().map_or(1, char::len_utf8);
        if first.is_ascii_alphanumeric() {
            let base = end;
            for (i, c) in self.text[base..].char_indices() {
                let f = fold(c);
                if !f.is_ascii_alphanumeric() || f.is_ascii_digit() != first.is_ascii_digit() {
                    break;
                }
                self.token.text.push(f.to_ascii_lowercase());
                end = base + i + c.len_utf8();
            }
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.count;
        self.count += 1;
        self.pos = end;
        true
    }
    fn token(&self) -> &TvToken {
        &self.token
    }
    fn token_mut(&mut self) -> &mut TvToken {
        &mut self.token
    }
}

/// All character tokens of `text`, folded (see [`CharStream`]).
pub fn char_tokens(text: &str) -> Vec<TvToken> {
    let mut out = Vec::new();
    let mut tokenizer = CharTokenizer { fold: true };
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

fn tv_token(start: usize, end: usize, position: usize, text: String) -> TvToken {
    TvToken {
        offset_from: start,
        offset_to: end,
        position,
        text,
        position_length: 1,
    }
}

/// The index's fields.
#[derive(Clone, Copy)]
struct Fields {
    doc_id: Field,
    title: Field,
    title_text: Field,
    title_chars: Field,
    body: Field,
    body_chars: Field,
    text: Field,
    source: Field,
    locality: Field,
    locality_keys: Field,
    year: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tok: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        doc_id: b.add_text_field("doc_id", STRING | STORED),
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

fn fields_of(schema: &Schema) -> Result<Fields> {
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

fn register(index: &Index) {
    index.tokenizers().register(WORDS, SplitWords);
    index
        .tokenizers()
        .register(CHARS, CharTokenizer { fold: false });
}

/// The tokenizers queries are cut with: jieba for the word fields, and
/// both fold the query's characters as documents were normalized.
fn query_tokenizers(segmenter: &Segmenter) -> TokenizerManager {
    let manager = TokenizerManager::default();
    let segmenter = segmenter.clone();
    manager.register(WORDS, WordTokenizer { segmenter });
    manager.register(CHARS, CharTokenizer { fold: true });
    manager
}

fn tv_err(path: &Path) -> impl FnOnce(tantivy::TantivyError) -> Error + '_ {
    move |source| Error::Index {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the index of a new store generation.
pub struct IndexBuilder {
    writer: IndexWriter<Tracked>,
    fields: Fields,
    path: PathBuf,
    queue: Arc<Queue>,
    /// The most bytes of documents that may wait for tantivy's threads.
    queue_limit: usize,
}

/// Bytes of documents handed to tantivy and not yet indexed. tantivy's
/// own queue holds up to 10,000 documents whatever their size; when
/// segmentation and extraction outrun indexing it filled up, and a 1 GB
/// ingest's memory grew with the corpus. Producers now wait while this is
/// over the limit.
#[derive(Default)]
struct Queue {
    bytes: Mutex<usize>,
    drained: Condvar,
}

/// A document on its way through tantivy: gives its bytes back to the
/// [`Queue`] when tantivy drops it, indexed.
struct Tracked {
    doc: TantivyDocument,
    bytes: usize,
    queue: Arc<Queue>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let mut bytes = self.queue.bytes.lock().unwrap_or_else(|e| e.into_inner());
        *bytes = bytes.saturating_sub(self.bytes);
        self.queue.drained.notify_all();
    }
}

impl tantivy::Document for Tracked {
    type Value<'a> = <TantivyDocument as tantivy::Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as tantivy::Document>::FieldsValuesIter<'a>;
    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

impl IndexBuilder {
    /// Creates an empty index in `dir` with a bounded writer heap.
    pub fn create(dir: &Path, heap_bytes: usize) -> Result<IndexBuilder> {
        std::fs::create_dir_all(dir).at(dir)?;
        let (schema, _) = schema();
        let index = Index::create_in_dir(dir, schema).map_err(tv_err(dir))?;
        Self::with_index(index, dir, heap_bytes)
    }

    /// Starts from a copy of the index in `previous` (its files hard-linked
    /// where possible: tantivy never changes a segment file once written),
    /// to add documents incrementally.
    pub fn update(dir: &Path, previous: &Path, heap_bytes: usize) -> Result<IndexBuilder> {
        std::fs::create_dir_all(dir).at(dir)?;
        for entry in std::fs::read_dir(previous).at(previous)? {
            let entry = entry.at(previous)?;
            let name = entry.file_name();
            if name.to_string_lossy().ends_with(".lock") {
                continue;
            }
            let to = dir.join(&name);
            if std::fs::hard_link(entry.path(), &to).is_err() {
                std::fs::copy(entry.path(), &to).at(&to)?;
            }
        }
        let index = Index::open_in_dir(dir).map_err(tv_err(dir))?;
        Self::with_index(index, dir, heap_bytes)
    }

    fn with_index(index: Index, dir: &Path, heap_bytes: usize) -> Result<IndexBuilder> {
        register(&index);
        let fields = fields_of(&index.schema())?;
        // Indexing is about a quarter of an ingest's work, so one indexing
        // thread per four rayon workers keeps up; on two cores one thread
        // ran 3% faster than two (fewer threads contending for two cores,
        // larger segments) and leaves fewer segments for searches to open.
        let threads = (rayon::current_num_threads() / 4).clamp(1, 8);
        let heap = heap_bytes.max(threads * (16 << 20));
        let writer: IndexWriter<Tracked> = index
            .writer_with_num_threads(threads, heap)
            .map_err(tv_err(dir))?;
        // No background merges while ingesting: merging reads every segment
        // back (through mmap, so it counts in the process's memory) and a
        // 1 GB corpus then peaked at 2.8 GB. Segments stay as flushed from
        // the bounded heap; a search visits a few dozen of them.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(IndexBuilder {
            writer,
            fields,
            path: dir.to_path_buf(),
            queue: Arc::default(),
            queue_limit: heap / 2,
        })
    }

    /// Adds one document from its view: the words of its single
    /// segmentation pass and its normalized text. Safe to call from many
    /// threads at once.
    pub fn add(&self, view: &DocView) -> Result<()> {
        let (f, doc) = (&self.fields, &view.doc);
        let mut d = TantivyDocument::default();
        d.add_text(f.doc_id, &doc.doc_id);
        let title = doc.title.as_deref().unwrap_or("");
        d.add_text(f.title, joined_words(&view.title, &view.title_tokens));
        d.add_text(f.title_text, title);
        d.add_text(f.title_chars, &view.title);
        d.add_text(f.body, joined_words(&view.norm.text, &view.tokens));
        d.add_text(f.body_chars, &view.norm.text);
        d.add_text(f.text, &doc.text);
        d.add_text(f.source, &doc.source);
        if let Some(loc) = &doc.locality {
            d.add_text(f.locality, loc);
            for k in crate::place::containing_names(loc) {
                d.add_text(f.locality_keys, k);
            }
        }
        if let Some(y) = doc.year {
            d.add_i64(f.year, i64::from(y));
        }
        // The text goes in three times: words, characters, stored.
        let bytes = 3 * doc.text.len() + title.len();
        {
            let mut queued = self.queue.bytes.lock().unwrap_or_else(|e| e.into_inner());
            while *queued > 0 && *queued + bytes > self.queue_limit {
                queued = self
                    .queue
                    .drained
                    .wait(queued)
                    .unwrap_or_else(|e| e.into_inner());
            }
            *queued += bytes;
        }
        let tracked = Tracked {
            doc: d,
            bytes,
            queue: Arc::clone(&self.queue),
        };
        self.writer
            .add_document(tracked)
            .map_err(tv_err(&self.path))?;
        Ok(())
    }

    /// Commits and waits for merges to end.
    pub fn finish(mut self) -> Result<()> {
        self.writer.commit().map_err(tv_err(&self.path))?;
        self.writer
            .wait_merging_threads()
            .map_err(tv_err(&self.path))
    }
}

/// Search filters and the number of hits wanted.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub limit: usize,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub score: f32,
    pub snippet: Snippet,
}

/// A snippet as pieces of text, the matched ones flagged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snippet {
    pub parts: Vec<(String, bool)>,
}

impl Snippet {
    /// HTML-escaped, matches wrapped in `<b>…</b>`.
    pub fn to_html(&self) -> String {
        self.parts
            .iter()
            .map(|(s, hit)| {
                if *hit {
                    format!("<b>{}</b>", escape_html(s))
                } else {
                    escape_html(s)
                }
            })
            .collect()
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An opened index, ready for queries.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: PathBuf,
    segmenter: Segmenter,
}

impl Searcher {
    /// Opens a generation's index (`Generation::index_dir`) for queries
    /// cut with `segmenter` (`Generation::query_segmenter`), the one its
    /// documents were cut with.
    pub fn open(dir: &Path, segmenter: Segmenter) -> Result<Searcher> {
        let index = Index::open_in_dir(dir).map_err(tv_err(dir))?;
        register(&index);
        let fields = fields_of(&index.schema())?;
        // A searcher serves one generation, which never changes: no reload
        // policy, so no thread watching the index for commits.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(tv_err(dir))?;
        Ok(Searcher {
            index,
            reader,
            fields,
            path: dir.to_path_buf(),
            segmenter,
        })
    }

    /// Runs `query` with `opts`' filters; hits best first.
    ///
    /// Whole words are looked for first (the word fields, which ranking
    /// and block-max pruning serve well); only when they give fewer hits
    /// than asked for does the query also run on the character fields,
    /// which find sub-words and single characters but make a phrase query
    /// over the positions of very common characters — tens of milliseconds
    /// on a gigabyte of text instead of one or two.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>> {
        let full = self.parse(query, false)?;
        let words = self.parse(query, true)?;
        let limit = opts.limit.max(1);
        let hits = self.run(query, words, opts, limit)?;
        if hits.len() >= limit {
            return Ok(hits);
        }
        self.run(query, full, opts, limit)
    }

    fn run(
        &self,
        text: &str,
        parsed: Box<dyn Query>,
        opts: &SearchOptions,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed)];
        if let Some(loc) = &opts.locality {
            let key = crate::place::canonical(loc);
            let term = Term::from_field_text(self.fields.locality_keys, &key);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if let Some(y) = opts.year {
            let term = Term::from_field_i64(self.fields.year, i64::from(y));
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        let terms = highlight_terms(query_text_terms(text));
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(tv_err(&self.path))?;
        top.into_iter()
            .map(|(score, addr)| {
                let doc: TantivyDocument = searcher.doc(addr).map_err(tv_err(&self.path))?;
                Ok(self.hit(&doc, score, &terms))
            })
            .collect()
    }

    /// Parses `query` for the word fields only, or for all fields.
    fn parse(&self, query: &str, words_only: bool) -> Result<Box<dyn Query>> {
        let bad = |message: String| Error::Query {
            query: query.to_string(),
            message,
        };
        if query.trim().is_empty() {
            return Err(bad("the query is empty".into()));
        }
        if query.chars().filter(|&c| c == '"').count() % 2 == 1 {
            return Err(bad("a quote is not closed".into()));
        }
        let f = &self.fields;
        let mut fields = vec![f.title, f.body];
        if !words_only {
            fields.extend([f.title_chars, f.body_chars]);
        }
        let mut parser = QueryParser::new(
            self.index.schema(),
            fields,
            query_tokenizers(&self.segmenter),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        parser.set_field_boost(f.body, 1.5);
        parser.parse_query(query).map_err(|e| bad(e.to_string()))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, terms: &[String]) -> Hit {
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let text = s(f.text).unwrap_or_default();
        Hit {
            doc_id: s(f.doc_id).unwrap_or_default(),
            title: s(f.title_text).filter(|t| !t.is_empty()),
            source: s(f.source).unwrap_or_default(),
            locality: s(f.locality),
            year: doc
                .get_first(f.year)
                .and_then(|v| v.as_i64())
                .map(|y| y as i32),
            score,
            snippet: snippet(&text, terms, 60),
        }
    }
}

/// The words and phrases a user typed, without operators and quotes:
/// `"学习创新型" AND 班子 -腐败` → [学习创新型, 班子]. Excluded terms are
/// not highlighted.
fn query_text_terms(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query;
    while let Some(open) = rest.find('"') {
        words_outside_quotes(&rest[..open], &mut out);
        let after = &rest[open + 1..];
        let close = after.find('"').unwrap_or(after.len());
        if !rest[..open].ends_with('-') {
            out.push(after[..close].to_string());
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    words_outside_quotes(rest, &mut out);
    out
}

fn words_outside_quotes(s: &str, out: &mut Vec<String>) {
    for w in s.split_whitespace() {
        if matches!(w, "AND" | "OR" | "NOT") || w.starts_with('-') {
            continue;
        }
        let w = w.rsplit(':').next().unwrap_or(w);
        let w = w.trim_matches(|c: char| "+()[]{}^~*".contains(c));
        if !w.is_empty() {
            out.push(w.to_string());
        }
    }
}

/// Highlight terms, folded, longest first so that longer matches win.
fn highlight_terms(mut terms: Vec<String>) -> Vec<String> {
    for t in terms.iter_mut() {
        *t = t
            .chars()
            .map(|c| fold_char(c).to_ascii_lowercase())
            .collect();
    }
    terms.retain(|t| !t.trim().is_empty());
    terms.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    terms.dedup();
    terms
}

/// A window of about `2 * radius` characters around the first match of any
/// term, every match inside it flagged. Matching is on folded characters, so
/// `gdp` finds `ＧＤＰ`; the pieces are the original text, cut at character
/// boundaries.
pub fn snippet(text: &str, terms: &[String], radius: usize) -> Snippet {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars
        .iter()
        .map(|&c| fold_char(c).to_ascii_lowercase())
        .collect();
    let term_chars: Vec<Vec<char>> = terms.iter().map(|t| t.chars().collect()).collect();
    let match_at = |i: usize| {
        term_chars
            .iter()
            .find(|t| !t.is_empty() && folded[i..].starts_with(t))
            .map(|t| t.len())
    };
    let first = (0..folded.len()).find(|&i| match_at(i).is_some());
    let centre = first.unwrap_or(0);
    let start = centre.saturating_sub(radius);
    let end = (centre + radius).min(chars.len());
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut plain = String::new();
    let mut i = start;
    while i < end {
        if let Some(len) = match_at(i) {
            if !plain.is_empty() {
                parts.push((std::mem::take(&mut plain), false));
            }
            parts.push((chars[i..i + len].iter().collect(), true));
            i += len;
        } else {
            plain.push(if chars[i] == '\n' || chars[i] == '\r' {
                ' '
            } else {
                chars[i]
            });
            i += 1;
        }
    }
    if !plain.is_empty() {
        parts.push((plain, false));
    }
    Snippet { parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_words_are_the_folded_lower_cased_words() {
        let seed = include_str!("../corpus/000_bd451ebd6a3dbfe1.txt");
        let mixed = "ＧＤＰ增长５．３％，GDP达到120550万元　Party建设ｚｈｉ";
        let seg = Segmenter::builtin();
        for text in [seed, mixed] {
            let norm = crate::text::Normalized::new(text);
            let tokens = seg.cut(&norm.text);
            let joined = joined_words(&norm.text, &tokens);
            let words: Vec<&str> = joined.split(WORD_SEPARATOR).collect();
            assert_eq!(words.len(), tokens.len() + 1);
            for (w, t) in words.iter().zip(&tokens) {
                let (s, e) = norm.span_to_original(t.start, t.end);
                assert_eq!(*w, segment::index_form(&text[s..e]));
            }
        }
        let norm = crate::text::normalize(mixed);
        assert!(joined_words(&norm, &seg.cut(&norm)).starts_with("gdp\u{1f}"));
    }

    #[test]
    fn char_tokens_fold_and_keep_ascii_runs() {
        let toks = char_tokens("税收ＧＤＰ增长12.8%,gdp120550万元");
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            ["税", "收", "gdp", "增", "长", "12", "8", "gdp", "120550", "万", "元"]
        );
        assert_eq!(toks[2].offset_from, 6);
        assert_eq!(toks[2].offset_to, 15);
        assert!(toks.iter().enumerate().all(|(i, t)| t.position == i));
    }

    #[test]
    fn query_terms_without_operators() {
        let t = query_text_terms("\"学习创新型领导班子\" AND 培训干部 -腐败 title:合山");
        assert_eq!(t, ["学习创新型领导班子", "培训干部", "合山"]);
    }

    #[test]
    fn snippet_marks_exactly_the_terms_on_mixed_text() {
        let text = "前文。全市ＧＤＰ增长12.8%，gdp总量120550万元<好>";
        let s = snippet(text, &highlight_terms(vec!["GDP".into()]), 20);
        let marked: Vec<&str> = s
            .parts
            .iter()
            .filter(|p| p.1)
            .map(|p| p.0.as_str())
            .collect();
        assert_eq!(marked, ["ＧＤＰ", "gdp"]);
        let html = snippet(text, &highlight_terms(vec!["万元".into()]), 40).to_html();
        assert!(html.contains("<b>万元</b>&lt;好&gt;"), "{html}");
    }

    #[test]
    fn snippet_without_match_starts_at_the_beginning() {
        let s = snippet("甲乙丙", &["丁".to_string()], 10);
        assert_eq!(s.parts, vec![("甲乙丙".to_string(), false)]);
    }
}
