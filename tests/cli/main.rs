//! End-to-end tests of the `gongwen` binary on the seed, on prov2026 and on
//! corpora of bad files, each in a temporary folder.

mod export;
mod faults;
mod flags;
mod ingest;
mod panel;
mod phrases;
mod readers;
mod report;
mod reuse;
mod search;
mod serve;
mod shard;
mod store;
mod terms;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed corpus shipped in `corpus/`.
pub fn seed_dir() -> PathBuf {
    root().join("corpus")
}

/// The 31 provincial reports, in `../shared` (always there in CI).
pub fn prov2026() -> PathBuf {
    root().join("../shared/corpora/prov2026")
}

pub fn gongwen() -> Command {
    Command::cargo_bin("gongwen").expect("binary built")
}

/// Runs `gongwen ARGS --store STORE` and returns (exit code, stdout, stderr).
pub fn run(store: &Path, args: &[&str]) -> (i32, String, String) {
    let out = gongwen()
        .args(args)
        .arg("--store")
        .arg(store)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Parses JSON Lines.
pub fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// A store ingested once from `corpus` and shared by the tests of a module.
pub fn ingested(corpus: &Path) -> tempfile::TempDir {
    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", corpus.to_str().unwrap(), "-q"]);
    assert_eq!(code, 0, "ingest failed: {err}");
    store
}
