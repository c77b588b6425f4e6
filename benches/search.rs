//! Segmentation throughput (MB/s, the whole jieba pass with numbers kept
//! whole) and query latency (parse, search, snippets) on an index of the 31
//! provincial reports — or on the store named by `GONGWEN_BENCH_STORE`
//! (e.g. the 1 GB store `bench/ingest.sh 1000` leaves in target/bench).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen::index::{SearchOptions, Searcher};
use gongwen::ingest::{ingest, IngestOptions, Silent};
use gongwen::store::Store;
use std::path::{Path, PathBuf};

fn prov2026() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/prov2026")
}

fn texts() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(prov2026())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn segmentation(c: &mut Criterion) {
    let texts = texts();
    let seg = gongwen::segment::Segmenter::builtin();
    seg.segment("预热");
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.sample_size(10);
    group.bench_function("prov2026", |b| {
        b.iter(|| texts.iter().map(|t| seg.segment(t).len()).sum::<usize>())
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = match std::env::var_os("GONGWEN_BENCH_STORE") {
        Some(s) => PathBuf::from(s),
        None => {
            let dir = tmp.path().join("store");
            ingest(&IngestOptions::new(prov2026(), &dir), &Silent).expect("ingest prov2026");
            dir
        }
    };
    let gen = Store::new(&store).current().expect("store");
    let searcher =
        Searcher::open(&gen.index_dir(), gen.segmenter().expect("segmenter")).expect("index");
    let opts = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    let filtered = SearchOptions {
        locality: Some("北京".into()),
        year: Some(2026),
        limit: 10,
        count: false,
    };
    let mut group = c.benchmark_group("query");
    for (name, q, o) in [
        ("word", "新质生产力", &opts),
        ("phrase", "\"地区生产总值\"", &opts),
        ("single_char", "税", &opts),
        ("two_words", "乡村振兴 农民收入", &opts),
        ("filtered", "营商环境", &filtered),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| searcher.search(q, o).expect("search").len())
        });
    }
    group.finish();
}

criterion_group!(benches, segmentation, queries);
criterion_main!(benches);
