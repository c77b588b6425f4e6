//! Fuzz target: arbitrary bytes through every reader (docx, xlsx, pdf and
//! html included), the decoder, the article splitter, the table readers,
//! the number parser and indicator extraction. Nothing may panic, and
//! every span must point into the text it came from.

#![no_main]

use gongwen::corpus::readers::{self, csv, jsonl, FileBytes, ReadOptions, TextFile};
use gongwen::corpus::{decode, split};
use gongwen::extract::{parse_number, DocInput, Extractor};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    for reader in readers::default_readers() {
        let _ = reader.sniff(bytes);
        let _ = reader.read(FileBytes {
            bytes: bytes.to_vec(),
            path: Path::new("fuzz"),
            options: &ReadOptions::NONE,
        });
    }
    let Ok(decoded) = decode::decode(bytes) else {
        return;
    };
    let text = decoded.text.as_str();
    assert!(!text.contains('\0'));
    let mut end = 0;
    for a in split::split_articles(text) {
        assert!(end <= a.start && a.start <= a.end, "articles in order");
        assert!(text.get(a.start..a.end).is_some(), "on char boundaries");
        assert!(text[end..a.start].trim().is_empty(), "only blanks left out");
        end = a.end;
        let article = &text[a.start..a.end];
        for i in Extractor::global().extract(&DocInput::plain(article)) {
            assert_eq!(article.get(i.start..i.end), Some(i.text.as_str()));
        }
    }
    assert_eq!(end, text.len(), "the last article runs to the end");
    for word in text
        .split(|c: char| c.is_whitespace() || c == '，')
        .take(64)
    {
        if let Some(n) = parse_number(word) {
            let _ = n.to_f64();
            let _ = n.to_string();
        }
    }
    csv::read_csv(
        text,
        &mut TextFile::new(Path::new("fuzz.csv"), &ReadOptions::NONE),
    );
    jsonl::read_jsonl(
        text,
        &mut TextFile::new(Path::new("fuzz.jsonl"), &ReadOptions::NONE),
    );
});
