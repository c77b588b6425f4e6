//! `gongwen export --ndjson`: every document, its words cut and normalized
//! as the index sees them, for Quickwit or Elasticsearch.

use super::{ingested, json_lines, run, seed_dir};
use serde_json::Value;

#[test]
fn every_document_once_with_its_words_and_text() {
    let store = ingested(&seed_dir());
    let (code, out, err) = run(store.path(), &["export", "--ndjson"]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    let (_, docs, _) = run(store.path(), &["docs", "--json"]);
    let docs = json_lines(&docs);
    let ids = |rows: &[Value]| -> Vec<String> {
        rows.iter()
            .map(|r| r["doc_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&rows), ids(&docs), "one record per document, in order");
    for r in &rows {
        let words = r["words"].as_str().unwrap();
        let text = r["text"].as_str().unwrap();
        assert!(
            !words.is_empty() && words.split(' ').all(|w| !w.is_empty()),
            "{words}"
        );
        assert!(
            !words.contains(['，', '。', '\u{1f}', '\n']),
            "punctuation or separators in {words}"
        );
        assert!(
            !words.bytes().any(|b| b.is_ascii_uppercase()),
            "ASCII is lower-cased"
        );
        let title = r["title"].as_str().unwrap_or("");
        assert!(text.contains(title), "the original text");
    }
    let first = &rows[0]["words"].as_str().unwrap();
    assert!(
        first.contains(" 学习创新型 领导班子 "),
        "jieba's words: {first:.80}"
    );
}

#[test]
fn bulk_lines_name_the_index_and_the_id() {
    let store = ingested(&seed_dir());
    let (code, out, _) = run(store.path(), &["export", "--ndjson", "--bulk", "gongwen"]);
    assert_eq!(code, 0);
    let lines = json_lines(&out);
    assert_eq!(lines.len() % 2, 0);
    for pair in lines.chunks(2) {
        assert_eq!(pair[0]["index"]["_index"], "gongwen");
        assert_eq!(pair[0]["index"]["_id"], pair[1]["doc_id"]);
    }
    let (code, _, err) = run(store.path(), &["export"]);
    assert_eq!(code, 2);
    assert!(err.contains("--ndjson"), "{err}");
}
