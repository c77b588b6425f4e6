//! `gongwen serve` on a free port: the API answers what the CLI prints,
//! corpus markup stays text, bad requests get 4xx, Ctrl-C stops it.

use super::{ingested, json_lines, prov2026, run};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running server; interrupted when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(store: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(["serve", "--port", "0", "-q", "--store"])
            .arg(store)
            .arg("--dicts")
            .arg(super::root().join("data/dicts"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("serve printed {line:?}, not its URL"))
            .to_string();
        Server { child, addr }
    }

    /// One HTTP/1.1 request: (status, head, body).
    fn request(&self, method: &str, path: &str, host: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path, &self.addr);
        (status, body)
    }

    fn api(&self, path: &str) -> Vec<Value> {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        match serde_json::from_str(&body) {
            Ok(Value::Array(rows)) => rows,
            other => panic!("{path}: not a JSON array: {other:?}"),
        }
    }

    /// Ctrl-C; the exit status.
    fn interrupt(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prov_store() -> &'static Path {
    static STORE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STORE.get_or_init(|| ingested(&prov2026())).path()
}

fn q(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn each_api_endpoint_answers_what_the_cli_prints() {
    let store = prov_store();
    let server = Server::start(store);
    let dict = super::root().join("data/dicts/environment.txt");
    let cases: [(String, Vec<&str>); 13] = [
        (
            format!("search?q={}&limit=20", q("乡村振兴")),
            vec!["search", "--limit", "20", "乡村振兴"],
        ),
        (
            format!("search?q={}&locality={}", q("科技"), q("湖南")),
            vec!["search", "--locality", "湖南", "科技"],
        ),
        ("docs".into(), vec!["docs"]),
        (
            "indicators?kind=growth&metric=gdp".into(),
            vec!["indicators", "--kind", "growth", "--metric", "gdp"],
        ),
        ("compare".into(), vec!["compare"]),
        (
            "compare?metric=gdp&status=target&wide=1".into(),
            vec!["compare", "--metric", "gdp", "--status", "target", "--wide"],
        ),
        ("panel".into(), vec!["panel"]),
        (
            format!("kwic?term={}&limit=30", q("生态")),
            vec!["kwic", "生态", "--limit", "30"],
        ),
        (
            "reuse?min_chars=100".into(),
            vec!["reuse", "--min-chars", "100"],
        ),
        (
            "dedup?threshold=0.3".into(),
            vec!["dedup", "--threshold", "0.3"],
        ),
        (
            format!("search?q={}", q("政府 -腐败")),
            vec!["search", "政府 -腐败"],
        ),
        (
            "terms?dict=environment.txt&wide=1".into(),
            vec!["terms", "--dict", dict.to_str().unwrap(), "--wide"],
        ),
        (
            format!("search?q={}&count=1&limit=3", q("\"新质生产力\"")),
            vec!["search", "--count", "--limit", "3", "\"新质生产力\""],
        ),
    ];
    for (path, argv) in cases {
        let api = server.api(&format!("/api/{path}"));
        let mut args = argv.clone();
        args.insert(1, "--json");
        let (code, out, err) = run(store, &args);
        assert!(code <= 1, "{argv:?}: {err}");
        assert_eq!(
            api,
            json_lines(&out),
            "/api/{path} differs from gongwen {argv:?}"
        );
        assert!(
            !api.is_empty() || path.starts_with("dedup"),
            "/api/{path} found nothing"
        );
    }
}

#[test]
fn markup_in_the_corpus_stays_text() {
    let corpus = tempfile::tempdir().unwrap();
    let text = "<script>alert('标题')</script>关于经济工作的报告\n\
                全市经济增长5.2%。<img src=x onerror=alert(1)>乡村振兴扎实推进，\
                <a href=\"javascript:alert(2)\">链接</a>。";
    std::fs::write(corpus.path().join("x.txt"), text).unwrap();
    let store = ingested(corpus.path());
    let server = Server::start(store.path());
    let id = server.api("/api/docs")[0]["doc_id"]
        .as_str()
        .unwrap()
        .to_string();
    for path in [
        format!("/search?q={}", q("乡村振兴")),
        format!("/doc/{id}?q={}", q("<script>")),
        format!("/diff?a={id}&b={id}"),
        "/".to_string(),
        "/indicators".to_string(),
    ] {
        let (status, body) = server.get(&path);
        assert_eq!(status, 200, "{path}");
        for raw in ["<script>alert", "<img src=x", "<a href=\"javascript"] {
            assert!(!body.contains(raw), "{path} lets {raw:?} through");
        }
        if !path.starts_with("/indicators") && path != "/" {
            assert!(body.contains("&lt;"), "{path} shows no escaped markup");
        }
    }
    let (_, body) = server.get(&format!("/doc/{id}"));
    assert!(
        body.contains("&lt;script&gt;alert("),
        "the text is shown as text"
    );
}

#[test]
fn bad_requests_get_a_4xx_and_a_message() {
    let server = Server::start(prov_store());
    let long = format!("/search?q={}", "x".repeat(5000));
    let cases: Vec<(&str, String)> = vec![
        (
            "a limit that is no number",
            "/api/search?q=abc&limit=abc".into(),
        ),
        ("a limit of zero", "/api/kwic?term=abc&limit=0".into()),
        (
            "an unclosed quote",
            format!("/api/search?q={}", q("\"改革")),
        ),
        (
            "an unclosed quote, page",
            format!("/search?q={}", q("\"改革")),
        ),
        (
            "a path out of the store",
            "/doc/..%2F..%2Fetc%2Fpasswd".into(),
        ),
        (
            "a path out of the store, raw",
            "/doc/../../etc/passwd".into(),
        ),
        ("an unknown id", "/doc/0000000000000000".into()),
        ("an unknown id in a diff", "/diff?a=zzzz&b=yyyy".into()),
        ("a diff of one document", "/diff?a=abc".into()),
        ("an unknown page number", "/search?q=x&page=0".into()),
        ("a page that is no number", "/search?q=x&page=abc".into()),
        ("a year that is no year", "/search?q=x&year=MMXXVI".into()),
        ("an unknown metric", "/api/compare?metric=nonsense".into()),
        ("an unknown option", "/api/docs?frobnicate=1".into()),
        ("the store", "/api/search?q=x&store=/etc".into()),
        ("a flag with a value", "/api/compare?wide=maybe".into()),
        ("kwic without a term", "/api/kwic".into()),
        ("an unknown command", "/api/ingest?corpus=/".into()),
        ("bytes that are no UTF-8", "/api/search?q=%FF%FE".into()),
        ("an unknown page", "/nothing/here".into()),
        ("a dictionary by path", "/api/terms?dict=/etc/passwd".into()),
        ("a query string too long", long),
    ];
    for (what, path) in cases {
        let (status, body) = server.get(&path);
        assert!(
            (400..500).contains(&status),
            "{what}: {path} gave {status}: {body}"
        );
        if path.starts_with("/api/") && status != 404 {
            let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            assert!(
                v["error"].as_str().is_some_and(|m| !m.is_empty()),
                "{what}: {body}"
            );
        }
    }
    let (status, _, _) = server.request("POST", "/api/docs", &server.addr);
    assert_eq!(status, 405, "POST");
    let (status, _, _) = server.request("GET", "/api/docs", "evil.example:80");
    assert_eq!(status, 421, "another host's name (DNS rebinding)");
    let (status, head, _) = server.request("GET", "/", &server.addr);
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(!head.contains("access-control-allow-origin"), "{head}");
}

#[test]
fn ctrl_c_stops_it_cleanly() {
    let mut server = Server::start(prov_store());
    assert_eq!(server.get("/").0, 200);
    assert_eq!(server.interrupt(), Some(0), "exit status after Ctrl-C");
}
