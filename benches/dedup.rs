//! Benchmarks of near-duplicate detection on synthetic documents.
//!
//! `cargo bench --bench dedup` runs criterion on 1,000 documents of 3,000
//! characters. The scale run, `GONGWEN_DEDUP_SCALE=100000 cargo bench
//! --bench dedup` (run the binary under `/usr/bin/time -v` for peak RSS),
//! times fingerprinting and `find_pairs` once on that many documents and
//! prints recall on the planted duplicates; `GONGWEN_DEDUP_DUMP=FILE` also
//! writes the documents as JSON Lines for `bench/dedup_datasketch.py`.
//!
//! Measured on 100,000 documents (883 MB; 2,051 planted copies), 2 cores
//! shared with other work: fingerprints 5.6 s, `find_pairs` 5.4 s (7.0 s +
//! 10.0 s on one thread); peak RSS 994 MiB, of which 905 MiB is the texts
//! themselves; all planted copies found, no other pair reported.
//! datasketch (128 permutations, the same 42 × 3 banding, the same
//! verification) on the same documents, one core: 494 s, peak RSS 2.96 GiB.

#[path = "support/dedup_synth.rs"]
mod synth;

use criterion::Criterion;
use gongwen::dedup::{self, DedupConfig, Fingerprint, Pair};
use rayon::prelude::*;
use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

const DOC_CHARS: usize = 3000;
const SEED: u64 = 2026;

fn main() {
    if let Ok(n) = std::env::var("GONGWEN_DEDUP_SCALE") {
        scale_run(
            n.parse()
                .expect("GONGWEN_DEDUP_SCALE is a number of documents"),
        );
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}

fn corpus(n: usize) -> synth::Corpus {
    let sentences = synth::sentences(Path::new(env!("CARGO_MANIFEST_DIR")));
    synth::corpus(&sentences, n, DOC_CHARS, SEED)
}

fn fingerprints(docs: &[String]) -> Vec<Fingerprint> {
    docs.par_iter().map(|d| dedup::fingerprint(d)).collect()
}

fn benches(c: &mut Criterion) {
    let corpus = corpus(1000);
    let docs = &corpus.docs;
    let fps = fingerprints(docs);
    let cfg = DedupConfig::default();
    let mut group = c.benchmark_group("dedup_1000_docs");
    group.sample_size(10);
    group.bench_function("fingerprint", |b| b.iter(|| fingerprints(black_box(docs))));
    group.bench_function("find_pairs", |b| {
        b.iter(|| dedup::find_pairs(black_box(docs), &fps, &cfg))
    });
    group.finish();
    let (a, b) = corpus.planted.first().map_or((0, 1), |p| (p.0, p.1));
    c.bench_function("diff_3000_chars", |bench| {
        bench.iter(|| dedup::render_diff(&dedup::diff(black_box(&docs[a]), black_box(&docs[b]))))
    });
}

/// One timed run on `n` documents, with peak memory and planted recall.
fn scale_run(n: usize) {
    let t = Instant::now();
    let corpus = corpus(n);
    let bytes: usize = corpus.docs.iter().map(String::len).sum();
    println!(
        "generated {n} docs, {:.0} MB, in {:.1?}",
        bytes as f64 / 1e6,
        t.elapsed()
    );
    if let Ok(path) = std::env::var("GONGWEN_DEDUP_DUMP") {
        write_jsonl(Path::new(&path), &corpus).expect("writing the JSON Lines dump");
    }
    println!("peak RSS with the texts loaded: {} MiB", peak_rss_mib());
    let t = Instant::now();
    let fps = fingerprints(&corpus.docs);
    println!(
        "fingerprint: {:.2?}, peak RSS {} MiB",
        t.elapsed(),
        peak_rss_mib()
    );
    let t = Instant::now();
    let pairs = dedup::find_pairs(&corpus.docs, &fps, &DedupConfig::default());
    println!(
        "find_pairs: {:.2?}, peak RSS {} MiB",
        t.elapsed(),
        peak_rss_mib()
    );
    report_recall(&corpus, &pairs);
}

/// Planted pairs found, and reported pairs outside planted clusters.
fn report_recall(corpus: &synth::Corpus, pairs: &[Pair]) {
    let mut root: Vec<usize> = (0..corpus.docs.len()).collect();
    for &(orig, copy, _) in &corpus.planted {
        root[copy] = root[orig];
    }
    let shown: std::collections::HashSet<(usize, usize)> = pairs
        .iter()
        .filter(|p| dedup::reported(p, dedup::DEFAULT_THRESHOLD))
        .map(|p| (p.a, p.b))
        .collect();
    let found = corpus
        .planted
        .iter()
        .filter(|p| shown.contains(&(p.0, p.1)))
        .count();
    let stray = shown.iter().filter(|p| root[p.0] != root[p.1]).count();
    println!(
        "pairs kept {} (reported {}); planted found {found}/{}; reported outside planted clusters {stray}",
        pairs.len(),
        shown.len(),
        corpus.planted.len()
    );
    for (orig, copy, edit) in corpus
        .planted
        .iter()
        .filter(|p| !shown.contains(&(p.0, p.1)))
        .take(5)
    {
        let s = dedup::scores(&corpus.docs[*orig], &corpus.docs[*copy]);
        println!("  missed {orig}-{copy} {edit:?}: {s:?}");
    }
}

fn write_jsonl(path: &Path, corpus: &synth::Corpus) -> std::io::Result<()> {
    let mut original = vec![None; corpus.docs.len()];
    for &(orig, copy, _) in &corpus.planted {
        original[copy] = Some(orig);
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (i, doc) in corpus.docs.iter().enumerate() {
        let row = serde_json::json!({ "id": i, "original": original[i], "text": doc });
        writeln!(out, "{row}")?;
    }
    out.flush()
}

/// Peak resident memory of this process (Linux; 0 elsewhere).
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}
