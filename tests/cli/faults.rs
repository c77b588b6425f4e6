//! Bad input of every kind in one corpus: each bad file gets one message
//! naming it (and its line), the rest is ingested, the summary counts what
//! was skipped, the exit code is 2, and nothing panics.

use super::*;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::time::{Duration, Instant};

const TEXT: &str = "第一篇:合山市工作总结\n合山市委按照“以深化学习为基础”的思路,全年地区生产总值增长5.4%,培训干部1963人。\n第二篇:学习实践与创新\n全市新增城镇就业2.1万人●完成投资2.13亿元。\n";

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = match (bom, le) {
        (false, _) => vec![],
        (true, true) => vec![0xFF, 0xFE],
        (true, false) => vec![0xFE, 0xFF],
    };
    for u in s.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// The stored documents of a store: (source, title, text).
fn stored(store: &Path) -> Vec<(String, Option<String>, String)> {
    let gen = gongwen::store::Store::new(store).current().unwrap();
    gongwen::frames::read_documents(gen.dir(), true)
        .unwrap()
        .into_iter()
        .map(|r| (r.source, r.title, r.text.unwrap_or_default()))
        .collect()
}

fn no_panic(err: &str) {
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
}

#[test]
fn every_encoding_in_one_folder_is_read_right() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend(TEXT.as_bytes());
    let gb = encoding_rs::GB18030.encode(TEXT).0.into_owned();
    // Short GB18030 that a generic detector reads as Latin-1 (合山市委 is
    // BA CF C9 BD CA D0 CE AF: all Latin-1 letters).
    let latin1ish = encoding_rs::GB18030
        .encode("合山市委工作总结")
        .0
        .into_owned();
    let files: [(&str, Vec<u8>); 8] = [
        ("utf8.txt", TEXT.as_bytes().to_vec()),
        ("utf8-bom.txt", bom8),
        ("gb18030.txt", gb),
        ("utf16le-bom.txt", utf16(TEXT, true, true)),
        ("utf16be-bom.txt", utf16(TEXT, false, true)),
        ("utf16le.txt", utf16(TEXT, true, false)),
        ("utf16be.txt", utf16(TEXT, false, false)),
        ("latin1-looking.txt", latin1ish),
    ];
    for (name, bytes) in &files {
        fs::write(p.join(name), bytes).unwrap();
    }
    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    no_panic(&err);
    let docs = stored(store.path());
    for (name, _) in &files[..7] {
        let texts: String = docs
            .iter()
            .filter(|d| d.0 == *name)
            .map(|d| d.2.as_str())
            .collect();
        assert_eq!(texts, TEXT, "{name}");
    }
    let latin = docs.iter().find(|d| d.0 == "latin1-looking.txt").unwrap();
    assert_eq!(latin.2, "合山市委工作总结");
    assert!(
        err.contains("ingested 15 documents from 8 files"),
        "summary: {err}"
    );
}

/// A deterministic single line of `bytes` bytes of report-like text.
fn one_long_line(bytes: usize) -> String {
    const WORDS: [&str; 12] = [
        "合山市",
        "地区生产总值",
        "增长5.4%",
        "培训干部1963人",
        "全面推进",
        "改革创新",
        ",",
        "。",
        "完成投资2.13亿元",
        "领导班子",
        "学习实践",
        "满意率91.28%",
    ];
    let (mut out, mut x) = (String::with_capacity(bytes + 32), 0x2545_f491_u64);
    while out.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(WORDS[(x % WORDS.len() as u64) as usize]);
    }
    out
}

/// Runs an ingest and returns (exit code, stderr, wall time, peak RSS in
/// bytes as the kernel reports it while the process runs).
fn timed_ingest(corpus: &Path, store: &Path) -> (i32, String, Duration, u64) {
    let started = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["ingest", corpus.to_str().unwrap(), "-q", "--store"])
        .arg(store)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if let Ok(status) = fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0) * 1024);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code().unwrap_or(-1), err, started.elapsed(), peak)
}

#[test]
fn a_20_mb_single_line_file_ingests_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let line = one_long_line(20 << 20);
    fs::write(dir.path().join("one-line.txt"), &line).unwrap();
    let store = tempfile::tempdir().unwrap();
    let (code, err, took, peak) = timed_ingest(dir.path(), store.path());
    assert_eq!(code, 0, "{err}");
    eprintln!("20 MB single line: {took:?}, peak RSS {} MB", peak >> 20);
    // Measured at 7-16 s and 1.1-1.4 GB on a busy 2-core machine; the
    // bounds catch a quadratic stage (8 minutes for 20 MB before) or a
    // runaway copy.
    assert!(took < Duration::from_secs(120), "took {took:?}");
    assert!(peak < 4 << 30, "peak RSS {} MB", peak >> 20);
    let docs = stored(store.path());
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].2.len(), line.len());
}

#[test]
fn huge_and_binary_files_are_skipped_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("good.txt"), TEXT).unwrap();
    // Sparse files of NULs: nothing is written to the disk.
    fs::File::create(p.join("zeros.txt"))
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    fs::File::create(p.join("zeros.md"))
        .unwrap()
        .set_len(900 << 20)
        .unwrap();
    let store = tempfile::tempdir().unwrap();
    let (code, err, took, peak) = timed_ingest(p, store.path());
    assert_eq!(code, 2, "{err}");
    eprintln!(
        "3 GB and 900 MB of zeros: {took:?}, peak RSS {} MB",
        peak >> 20
    );
    // Read whole, the 900 MB file alone would take 900 MB (and 3 GB would
    // take 8 GB and 23 s, as it did): only their first bytes are read.
    assert!(peak < 400 << 20, "peak RSS {} MB", peak >> 20);
    assert!(took < Duration::from_secs(60), "took {took:?}");

    let (code, _, err) = run(store.path(), &["ingest", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    for (name, why) in [
        ("zeros.txt", "skipped: 3.0 GB is larger than 1 GB; not read"),
        ("zeros.md", "skipped: binary file (not text)"),
    ] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "one message for {name}:\n{err}");
        assert!(lines[0].ends_with(why), "{name}: {}", lines[0]);
    }
    assert_eq!(stored(store.path()).len(), 2);
}

#[test]
fn bad_files_of_every_kind_in_one_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("good.txt"), TEXT).unwrap();
    fs::write(p.join("zero.txt"), "").unwrap();
    // NULs between characters of good UTF-8: dropped, the text kept.
    let nul = TEXT.replacen("思路", "思\0\0路", 1);
    fs::write(p.join("nul.txt"), nul).unwrap();
    let unreadable = p.join("unreadable.txt");
    fs::write(&unreadable, TEXT).unwrap();
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o000)).unwrap();
    // Root (CI) reads it anyway.
    let can_read = fs::read(&unreadable).is_ok();
    fs::create_dir(p.join("loop")).unwrap();
    symlink("..", p.join("loop/up")).unwrap();
    symlink("b.txt", p.join("a.txt")).unwrap();
    symlink("a.txt", p.join("b.txt")).unwrap();
    symlink("nowhere.txt", p.join("dangling.txt")).unwrap();
    let odd = [
        "name with spaces.txt",
        "中文 名字.txt",
        "quote\"s'.txt",
        "new\nline.txt",
    ];
    for name in odd {
        fs::write(p.join(name), TEXT).unwrap();
    }
    fs::write(p.join("no-text-column.csv"), "title,province\n甲,广西\n").unwrap();
    fs::write(
        p.join("broken-middle.csv"),
        "title,text\n甲,第一行\n乙,\"坏\"引号,多\n丙,第三行\n",
    )
    .unwrap();
    let huge = "增长5.4%。".repeat(400_000);
    fs::write(
        p.join("bad.jsonl"),
        format!(
            "{{\"title\":\"丁\",\"text\":\"好行\"}}\n{{oops\n[1,2,3]\n{}\n",
            serde_json::json!({"title": "戊", "text": huge})
        ),
    )
    .unwrap();

    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", p.to_str().unwrap()]);
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o644)).unwrap();
    no_panic(&err);
    assert_eq!(code, 2, "{err}");
    let mut expect = vec![
        ("zero.txt", "empty file"),
        ("/a.txt", "broken link"),
        ("/b.txt", "broken link"),
        ("dangling.txt", "broken link"),
        ("loop/up", "symlink loop"),
        ("no-text-column.csv:1", "no text column"),
        ("broken-middle.csv:3", "3 fields where the header has 2"),
        ("bad.jsonl:2", "not JSON"),
        ("bad.jsonl:3", "not a JSON object"),
    ];
    if !can_read {
        expect.push(("unreadable.txt", "Permission denied"));
    }
    for (name, why) in &expect {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "one message for {name}:\n{err}");
        assert!(lines[0].contains(why), "{name}: {}", lines[0]);
    }
    let messages = err.lines().filter(|l| !l.contains("ingested")).count();
    assert_eq!(messages, expect.len(), "no other messages:\n{err}");

    // 2 articles each from good, nul, unreadable (when readable) and the
    // odd names; 2 rows of broken-middle.csv; 2 lines of bad.jsonl.
    let files = 1 + 1 + usize::from(can_read) + odd.len();
    let documents = 2 * files + 2 + 2;
    let skipped = 6 + usize::from(!can_read);
    let summary = format!("ingested {documents} documents from {} files", files + 2);
    assert!(err.contains(&summary), "{summary}:\n{err}");
    let tail = format!("skipped {skipped} files and {} problems", expect.len());
    assert!(err.contains(&tail), "{tail}:\n{err}");

    let docs = stored(store.path());
    assert_eq!(docs.len(), documents);
    for name in odd.iter().chain(&["good.txt", "nul.txt"]) {
        let n = docs.iter().filter(|d| d.0 == *name).count();
        assert_eq!(n, 2, "{name}");
    }
    let nul_text: String = docs
        .iter()
        .filter(|d| d.0 == "nul.txt")
        .map(|d| d.2.as_str())
        .collect();
    assert_eq!(nul_text, TEXT);
    let titles = |source: &str| -> Vec<Option<String>> {
        docs.iter()
            .filter(|d| d.0 == source)
            .map(|d| d.1.clone())
            .collect()
    };
    assert_eq!(
        titles("broken-middle.csv"),
        [Some("甲".to_string()), Some("丙".to_string())]
    );
    assert_eq!(
        titles("bad.jsonl"),
        [Some("丁".to_string()), Some("戊".to_string())]
    );
    let long = docs.iter().find(|d| d.1.as_deref() == Some("戊")).unwrap();
    assert_eq!(long.2, huge);
}
