//! The bare baseline for ingest throughput: jieba-rs segmentation (default
//! dictionary) plus tantivy indexing of the same files, in parallel over
//! documents with rayon, and nothing else — no decoding beyond UTF-8, no
//! extraction, no fingerprints, no Parquet. `bench/ingest.sh` compares
//! gongwen's whole ingest with it.
//!
//! Run: `cargo bench --bench baseline -- DIR` (default: ../shared/corpora/prov2026).

use rayon::prelude::*;
use std::time::Instant;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "../shared/corpora/prov2026".into());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let mut builder = Schema::builder();
    let indexing =
        TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = builder.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = Index::create_in_dir(tmp.path(), builder.build()).expect("index");
    let threads = rayon::current_num_threads().clamp(1, 4);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, 128 << 20)
        .expect("writer");
    let bytes: usize = paths
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let tokens = jieba
                .cut(&text, true)
                .into_iter()
                .enumerate()
                .map(|(i, t)| Token {
                    offset_from: t.byte_start,
                    offset_to: t.byte_end,
                    position: i,
                    text: t.word.to_string(),
                    position_length: 1,
                })
                .collect();
            let mut doc = TantivyDocument::default();
            doc.add_pre_tokenized_text(
                body,
                PreTokenizedString {
                    text: String::new(),
                    tokens,
                },
            );
            writer.add_document(doc).expect("add");
            text.len()
        })
        .sum();
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "baseline: {} files {:.1} MB in {secs:.2}s = {:.2} MB/s (jieba-rs + tantivy, {} threads)",
        paths.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        rayon::current_num_threads()
    );
}
