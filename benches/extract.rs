//! Indicator extraction throughput (MB/s) on the seed document and, when
//! present, the provincial 2026 government work reports.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen::extract::{DocInput, Extractor};

const SEED: &str = include_str!("../corpus/000_bd451ebd6a3dbfe1.txt");

/// The prov2026 report texts (the last CSV column), if the corpus is here.
fn prov_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/prov2026");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .filter_map(|raw| {
            raw.split_once(",\"")
                .map(|(_, t)| t.trim_end().trim_end_matches('"').to_string())
        })
        .collect()
}

fn bench(c: &mut Criterion, name: &str, texts: &[String]) {
    let extractor = Extractor::global();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| extractor.extract(&DocInput::plain(t)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    Extractor::global();
    bench(c, "seed", &[SEED.to_string()]);
    let prov = prov_texts();
    if !prov.is_empty() {
        bench(c, "prov2026", &prov);
    }
}

criterion_group!(benches, extraction);
criterion_main!(benches);
