//! `ingest`, `docs` and `run`: the seed's five articles, prov2026's 31
//! reports, and one bad file of each kind in an otherwise good corpus.

use super::*;
use std::fs;

const SEED_TITLES: [&str; 5] = [
    "构建学习创新型领导班子的实践与体会",
    "构建学习创新型领导班子的实践与体会",
    "创新型领导班子",
    "学习实践与创新",
    "对话:市县领导班子制度创新与实践",
];

#[test]
fn seed_gives_five_articles_with_their_titles() {
    let store = ingested(&seed_dir());
    let (code, out, _) = run(store.path(), &["docs", "--json"]);
    assert_eq!(code, 0);
    let docs = json_lines(&out);
    let titles: Vec<&str> = docs.iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(titles, SEED_TITLES);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d["ordinal"], i as u64 + 1);
        assert_eq!(d["source"], "000_bd451ebd6a3dbfe1.txt");
        assert!(
            d["year"].is_null(),
            "the seed's years are blanked (~年/XX年)"
        );
        assert!(d["chars"].as_u64().unwrap() > 1000);
        for f in [
            "doc_id", "title", "source", "ordinal", "locality", "year", "chars",
        ] {
            assert!(d.get(f).is_some(), "missing {f}");
        }
    }
}

#[test]
fn doc_ids_are_stable_across_runs() {
    let a = ingested(&seed_dir());
    let b = ingested(&seed_dir());
    let ids = |s: &Path| {
        json_lines(&run(s, &["docs", "--json"]).1)
            .iter()
            .map(|d| d["doc_id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(a.path()), ids(b.path()));
}

#[test]
fn gb18030_and_utf16_copies_give_the_same_documents() {
    let seed = fs::read_to_string(seed_dir().join("000_bd451ebd6a3dbfe1.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&seed);
    assert!(!unmappable);
    fs::write(dir.path().join("gb.txt"), &gb).unwrap();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in seed.encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    fs::write(dir.path().join("le.txt"), le).unwrap();
    fs::write(dir.path().join("be.txt"), be).unwrap();
    let store = ingested(dir.path());
    let rows = gongwen::frames::read_documents(
        gongwen::store::Store::new(store.path())
            .current()
            .unwrap()
            .dir(),
        true,
    )
    .unwrap();
    assert_eq!(rows.len(), 15);
    let original = ingested(&seed_dir());
    let orig = gongwen::frames::read_documents(
        gongwen::store::Store::new(original.path())
            .current()
            .unwrap()
            .dir(),
        true,
    )
    .unwrap();
    for source in ["be.txt", "gb.txt", "le.txt"] {
        let texts: Vec<_> = rows
            .iter()
            .filter(|r| r.source == source)
            .map(|r| (r.title.clone(), r.text.clone()))
            .collect();
        let want: Vec<_> = orig
            .iter()
            .map(|r| (r.title.clone(), r.text.clone()))
            .collect();
        assert_eq!(texts, want, "{source}");
    }
}

#[test]
fn prov2026_gives_31_provinces_of_2026() {
    let store = ingested(&prov2026());
    let (_, out, _) = run(store.path(), &["docs", "--json"]);
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 31);
    let mut provinces: Vec<&str> = docs
        .iter()
        .map(|d| d["locality"].as_str().unwrap())
        .collect();
    provinces.sort();
    provinces.dedup();
    assert_eq!(provinces.len(), 31);
    assert!(provinces.contains(&"广西壮族自治区") && provinces.contains(&"北京市"));
    assert!(docs.iter().all(|d| d["year"] == 2026));
    let gen = gongwen::store::Store::new(store.path()).current().unwrap();
    let rows = gongwen::frames::read_documents(gen.dir(), true).unwrap();
    assert!(rows
        .iter()
        .all(|r| !r.text.as_deref().unwrap().starts_with('\u{feff}')));
    assert!(rows
        .iter()
        .any(|r| r.text.as_deref().unwrap().starts_with("下载")));
}

#[test]
fn bad_files_are_reported_one_by_one_and_the_rest_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::copy(
        seed_dir().join("000_bd451ebd6a3dbfe1.txt"),
        p.join("good.txt"),
    )
    .unwrap();
    fs::write(
        p.join("good.jsonl"),
        "{\"title\":\"甲\",\"text\":\"全市培训干部1963人。\",\"city\":\"合山市\",\"year\":2008}\n",
    )
    .unwrap();
    fs::write(
        p.join("binary.txt"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0xD8, 0, 1, 2, 3],
    )
    .unwrap();
    fs::write(p.join("photo.png"), [0x89, b'P', b'N', b'G']).unwrap();
    fs::write(
        p.join("undecodable.txt"),
        [
            0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0x81,
        ],
    )
    .unwrap();
    fs::write(p.join("empty.md"), "").unwrap();
    fs::write(
        p.join("broken.csv"),
        "title,text\n乙,正常一行\n丙,\"引号没有闭合\n",
    )
    .unwrap();
    fs::write(
        p.join("bad.jsonl"),
        "{\"title\":\"丁\",\"text\":\"好行\"}\nnot json\n",
    )
    .unwrap();
    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    for (name, why) in [
        ("binary.txt", "binary"),
        ("photo.png", "not a supported file type"),
        ("undecodable.txt", "not valid text"),
        ("empty.md", "empty"),
        ("broken.csv:3", "unclosed quote"),
        ("bad.jsonl:2", "not JSON"),
    ] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "one message for {name}:\n{err}");
        assert!(lines[0].contains(why), "{name}: {}", lines[0]);
    }
    let (_, out, _) = run(store.path(), &["docs", "--json"]);
    let docs = json_lines(&out);
    let titles: Vec<&str> = docs.iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(docs.len(), 5 + 1 + 1 + 1, "{titles:?}");
    for t in ["甲", "乙", "丁"] {
        assert!(titles.contains(&t), "{t} missing from {titles:?}");
    }
}

#[test]
fn run_writes_the_documents_report() {
    let store = tempfile::tempdir().unwrap();
    let reports = tempfile::tempdir().unwrap();
    let out = gongwen()
        .args(["run", seed_dir().to_str().unwrap(), "--reports"])
        .arg(reports.path())
        .arg("--store")
        .arg(store.path())
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = fs::read_to_string(reports.path().join("documents.md")).unwrap();
    assert_eq!(md.matches("构建学习创新型领导班子的实践与体会").count(), 2);
    assert!(md.contains("对话:市县领导班子制度创新与实践"));
}

#[test]
fn commands_on_a_missing_store_say_what_to_do() {
    let store = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&store.path().join("nothing"), &["docs"]);
    assert_eq!(code, 2);
    assert!(err.contains("run `gongwen ingest"), "{err}");
}

#[test]
fn a_second_ingest_while_one_holds_the_lock_fails_clearly() {
    let store = ingested(&seed_dir());
    let _held = gongwen::store::Store::new(store.path()).lock().unwrap();
    let (code, _, err) = run(store.path(), &["ingest", seed_dir().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("locked") && err.contains("pid"), "{err}");
    let (code, out, _) = run(store.path(), &["docs", "--json"]);
    assert_eq!((code, json_lines(&out).len()), (0, 5), "readers still work");
}

#[test]
fn a_user_dictionary_is_kept_with_the_store_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("dict.txt");
    fs::write(&dict, "# 本地词汇\n五大访 5000 n\n四帮四促\n").unwrap();
    let store = tempfile::tempdir().unwrap();
    let seed = seed_dir();
    let args = [
        "ingest",
        seed.to_str().unwrap(),
        "--dict",
        dict.to_str().unwrap(),
    ];
    let (code, _, err) = run(store.path(), &args);
    assert_eq!(code, 0, "{err}");
    let gen = gongwen::store::Store::new(store.path()).current().unwrap();
    assert!(gen.user_dict().unwrap().contains("五大访"));
    let (_, _, err) = run(store.path(), &args);
    assert!(
        err.contains("1 unchanged"),
        "same dictionary, nothing to redo: {err}"
    );
    let (_, _, err) = run(store.path(), &["ingest", seed.to_str().unwrap()]);
    assert!(
        !err.contains("unchanged"),
        "another dictionary rebuilds: {err}"
    );
    // Rows made by other extraction rules (an older gongwen) are made anew.
    let (_, _, err) = run(store.path(), &["ingest", seed.to_str().unwrap()]);
    assert!(err.contains("1 unchanged"), "{err}");
    let gen = gongwen::store::Store::new(store.path()).current().unwrap();
    let manifest = gen.dir().join("manifest.json");
    let text = fs::read_to_string(&manifest).unwrap();
    let rules = gongwen::extract::rules();
    assert!(text.contains(&rules), "{text}");
    fs::write(&manifest, text.replace(&rules, "0-older")).unwrap();
    let (_, _, err) = run(store.path(), &["ingest", seed.to_str().unwrap()]);
    assert!(!err.contains("unchanged"), "other rules rebuild: {err}");
    let (code, out, _) = run(store.path(), &["search", "\"五大访\"", "--json"]);
    assert_eq!((code, json_lines(&out).len()), (0, 1));
    fs::write(&dict, "好词 很多 n\n").unwrap();
    let (code, _, err) = run(store.path(), &args);
    assert_eq!(code, 2);
    assert!(err.contains("line 1") && err.contains("dict.txt"), "{err}");
}
