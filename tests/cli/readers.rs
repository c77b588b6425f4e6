//! Every format in one corpus: docx, html, xlsx and pdf copies of a seed
//! article beside its txt, broken and encrypted files among them, and the
//! column options of csv files.

use crate::{json_lines, root, run, seed_dir};
use std::fs;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    fs::read(root().join("tests/fixtures/readers").join(name)).expect("fixture")
}

/// The seed's first article, as a txt of its own.
fn seed_article() -> String {
    let seed = fs::read_to_string(seed_dir().join("000_bd451ebd6a3dbfe1.txt")).unwrap();
    let end = seed.find("第二篇").unwrap();
    seed[..end].to_string()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The stored documents of a store, text included.
fn stored(store: &Path) -> Vec<gongwen::corpus::Document> {
    let gen = gongwen::store::Store::new(store).current().unwrap();
    let n = gen.manifest().unwrap().documents;
    gongwen::frames::read_document_slice(gen.dir(), 0, n).unwrap()
}

#[test]
fn docx_html_xlsx_and_pdf_copies_read_as_the_txt() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("seed1.txt"), seed_article()).unwrap();
    for name in ["seed1.docx", "seed1.html", "seed1.xlsx", "seed1.pdf"] {
        fs::write(p.join(name), fixture(name)).unwrap();
    }
    let mut cut = fixture("seed1.docx");
    cut.truncate(cut.len() / 2);
    fs::write(p.join("cut.docx"), cut).unwrap();
    fs::write(p.join("renamed.xlsx"), "标题,内容\n甲,乙\n").unwrap();
    fs::write(p.join("locked.pdf"), fixture("encrypted.pdf")).unwrap();

    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    for (name, why) in [
        ("cut.docx", "skipped: corrupt docx"),
        (
            "renamed.xlsx",
            "skipped: not a real .xlsx file (no zip signature)",
        ),
        ("locked.pdf", "skipped: encrypted PDF that needs a password"),
    ] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "one message for {name}:\n{err}");
        assert!(lines[0].contains(why), "{name}: {}", lines[0]);
    }
    assert!(err.contains("ingested 5 documents from 5 files"), "{err}");

    let docs = stored(store.path());
    let want = squash(&seed_article());
    for d in &docs {
        assert_eq!(squash(&d.text), want, "{}", d.source);
        let title = d.title.as_deref();
        assert_eq!(
            title,
            Some("构建学习创新型领导班子的实践与体会"),
            "{}",
            d.source
        );
    }
    let xlsx = docs.iter().find(|d| d.source == "seed1.xlsx").unwrap();
    assert_eq!(
        (xlsx.locality.as_deref(), xlsx.year),
        (Some("合山市"), Some(2008))
    );

    // Each copy is found by a search, and its figures extracted alike.
    let (_, out, _) = run(store.path(), &["search", "学习创新型领导班子", "--json"]);
    assert_eq!(json_lines(&out).len(), 5, "{out}");
}

#[test]
fn column_options_name_the_columns_of_tables() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "文件名称,摘要,全文,发文地区,成文年度\n\
        合山市工作总结,一、回顾,全年培训干部1963人。,广西合山市,2008\n";
    fs::write(dir.path().join("a.csv"), csv).unwrap();
    let store = tempfile::tempdir().unwrap();
    let corpus = dir.path().to_str().unwrap();

    // The defaults find no text column: one message, nothing ingested.
    let (code, _, err) = run(store.path(), &["ingest", corpus]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a.csv:1: no text column"), "{err}");

    let args = [
        "ingest",
        corpus,
        "--text-column",
        "摘要",
        "--text-column",
        "全文",
        "--title-column",
        "文件名称",
        "--locality-column",
        "发文地区",
        "--year-column",
        "成文年度",
    ];
    let (code, _, err) = run(store.path(), &args);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(store.path(), &["docs", "--json"]);
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1, "{out}");
    assert_eq!(docs[0]["title"], "合山市工作总结");
    assert_eq!(docs[0]["locality"], "广西合山市");
    assert_eq!(docs[0]["year"], 2008);
    let text = &stored(store.path())[0].text;
    assert_eq!(text, "一、回顾\n全年培训干部1963人。");

    // `run` takes them too.
    let reports = tempfile::tempdir().unwrap();
    let mut run_args = vec!["run", corpus, "-q", "--reports"];
    run_args.push(reports.path().to_str().unwrap());
    run_args.extend(&args[2..]);
    let (code, _, err) = run(store.path(), &run_args);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn locality_and_year_options_set_the_issuer_of_every_document() {
    let dir = tempfile::tempdir().unwrap();
    // A national report's passage that names 香港 and 台湾 and no issuer.
    let text = "我们要继续贯彻一国两制方针，保持香港长期繁荣稳定，推进台湾问题的解决。\n\
        国民生产总值比上年增长百分之八。\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let corpus = dir.path().to_str().unwrap();
    let store = tempfile::tempdir().unwrap();
    let docs = |s: &Path| json_lines(&run(s, &["docs", "--json"]).1);

    let (code, _, err) = run(store.path(), &["ingest", corpus]);
    assert_eq!(code, 0, "{err}");
    // Without the option only mentions are left to decide.
    let first = docs(store.path())[0].clone();
    let place = &first["locality"];
    assert!(place == "香港特别行政区" || place == "台湾省", "{place}");
    assert_eq!(first["locality_source"], "mentions");

    // The options are recorded: the unchanged file is read again.
    let args = ["ingest", corpus, "--locality", "全国", "--year", "1990"];
    let (code, _, err) = run(store.path(), &args);
    assert_eq!(code, 0, "{err}");
    let d = &docs(store.path())[0];
    assert_eq!(
        (d["locality"].as_str(), d["year"].as_i64()),
        (Some("全国"), Some(1990))
    );
    assert_eq!(d["locality_source"], "metadata");

    // A short name is the division's full name, as the filters read it.
    let (code, _, err) = run(store.path(), &["ingest", corpus, "--locality", "浙江"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(docs(store.path())[0]["locality"], "浙江省");
}
