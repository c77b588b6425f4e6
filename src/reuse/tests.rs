//! Reuse on real text: passages of prov2026 planted, edited, into other
//! reports; a formula planted into all of them; the seed's near-copies.

use super::*;
use crate::test_support::{prov2026, seed_articles};

/// Form characters of `s` as a string (what lengths are counted in).
fn form_str(s: &str) -> String {
    normalize(s).into_iter().collect()
}

/// A passage of `text` of about `chars` characters starting at the first
/// line break after character `from`.
fn passage_of(text: &str, from: usize, chars: usize) -> String {
    let rest: String = text.chars().skip(from).collect();
    let start = rest.find('\n').map_or(0, |i| i + 1);
    rest[start..].chars().take(chars).collect()
}

/// Inserts `passage` into `text` at the first line break after its middle;
/// returns the new text and the byte range of the passage in it.
fn plant(text: &str, passage: &str) -> (String, std::ops::Range<usize>) {
    let mid = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(0, |c| c.0);
    let at = text[mid..].find('\n').map_or(text.len(), |i| mid + i + 1);
    let planted = format!("{}{}\n{}", &text[..at], passage, &text[at..]);
    (planted, at..at + passage.len())
}

/// The kind of edits a copy makes: names swapped, numbers changed, a few
/// words in, a few out.
fn edit(passage: &str, place: &str) -> String {
    let mut out = passage.replace("我省", "我市").replace("全省", "全市");
    for name in ["安徽", "北京", "福建", "甘肃", "广东"] {
        out = out.replace(name, place);
    }
    let out: String = out
        .chars()
        .map(|c| if c.is_ascii_digit() { '7' } else { c })
        .collect();
    let third = out.char_indices().nth(out.chars().count() / 3).unwrap().0;
    let two_thirds = out
        .char_indices()
        .nth(2 * out.chars().count() / 3)
        .unwrap()
        .0;
    // A phrase inserted, and two characters dropped.
    let mut dropped = out[two_thirds..].chars();
    dropped.next();
    dropped.next();
    format!(
        "{}切实{}{}",
        &out[..third],
        &out[third..two_thirds],
        dropped.as_str()
    )
}

/// The 31 reports with a 400-character passage of report 0 planted,
/// edited, into reports 7, 15 and 23; and where each copy is.
fn planted_four() -> (Vec<String>, Vec<(usize, std::ops::Range<usize>)>) {
    let mut texts: Vec<String> = prov2026().into_iter().map(|r| r.1).collect();
    let passage = passage_of(&texts[0], 3000, 400);
    let at0 = texts[0].find(&passage).unwrap();
    let mut places = vec![(0, at0..at0 + passage.len())];
    for (i, place) in [(7, "合山"), (15, "瓮安"), (23, "桐梓")] {
        let (planted, range) = plant(&texts[i], &edit(&passage, place));
        texts[i] = planted;
        places.push((i, range));
    }
    (texts, places)
}

#[test]
fn a_passage_copied_into_three_reports_is_one_cluster_of_four() {
    let (texts, places) = planted_four();
    let clusters = find_reuse(&texts[..], &ReuseConfig::default(), &[]).unwrap();
    let docs = |c: &Cluster| c.members.iter().map(|m| m.doc).collect::<Vec<_>>();
    let (_, source) = &places[0];
    let four: Vec<&Cluster> = clusters
        .iter()
        .filter(|c| {
            c.members
                .iter()
                .any(|m| m.doc == 0 && m.start < source.end && source.start < m.end)
        })
        .collect();
    assert_eq!(four.len(), 1, "{clusters:#?}");
    let c = four[0];
    assert_eq!(docs(c), [0, 7, 15, 23], "exactly the four: {c:#?}");
    assert_eq!(c.size, 4);
    for (m, (doc, range)) in c.members.iter().zip(&places) {
        assert_eq!(m.doc, *doc);
        assert_eq!(m.text, texts[m.doc][m.start..m.end]);
        // The whole copy: every character of its form, at most two more
        // at either end (a copy that happens to meet the same word).
        let copy = form_str(&texts[m.doc][range.clone()]);
        let found = form_str(&m.text);
        assert!(found.contains(&copy), "doc {doc}: {found}\n  copy {copy}");
        assert!(
            found.chars().count() <= copy.chars().count() + 4,
            "doc {doc}: {found}"
        );
    }
}

#[test]
fn a_passage_in_every_report_is_boilerplate_and_four_are_not() {
    let (mut texts, _) = planted_four();
    let formula =
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，\
                   完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，\
                   统筹发展和安全，持续增进民生福祉，保持社会大局稳定，奋力谱写中国式现代化新篇章";
    // At the start: the middle holds the planted passage.
    for t in texts.iter_mut() {
        *t = format!("{formula}。\n{t}");
    }
    let clusters = find_reuse(&texts[..], &ReuseConfig::default(), &[]).unwrap();
    // In every report the formula is a passage of a boilerplate cluster.
    for doc in 0..texts.len() {
        let flagged = clusters.iter().any(|c| {
            c.boilerplate
                && c.members
                    .iter()
                    .any(|m| m.doc == doc && form_str(&m.text).contains(&form_str(formula)))
        });
        assert!(flagged, "report {doc}");
    }
    let four = clusters
        .iter()
        .find(|c| c.members.iter().map(|m| m.doc).eq([0, 7, 15, 23]) && c.longest() > 300);
    assert!(!four.expect("the planted passage").boilerplate);
    // Page chrome and the closing thanks are formulas however few
    // documents a cluster of them has.
    for c in &clusters {
        if c.members
            .iter()
            .any(|m| m.text.starts_with("下载\n打印\n全屏"))
        {
            assert!(c.boilerplate, "{c:#?}");
        }
    }
    // Counted by unit: the 31 as near-copies of one are one unit; only
    // what is common in it is a formula, and nothing is.
    let one = vec![0; texts.len()];
    let clusters = find_reuse(&texts[..], &ReuseConfig::default(), &one).unwrap();
    assert!(clusters.iter().all(|c| !c.boilerplate));
}

#[test]
fn the_seeds_near_copies_share_their_common_passages() {
    let articles = seed_articles();
    let clusters = find_reuse(&articles[..], &ReuseConfig::default(), &[]).unwrap();
    let pair: Vec<&Cluster> = clusters
        .iter()
        .filter(|c| c.members.iter().map(|m| m.doc).eq([0, 1]))
        .collect();
    let covered: usize = pair.iter().map(|c| c.members[0].chars).sum();
    let first = normalize(&articles[0]).len();
    // The first article (2,792 characters of form) is a damaged, truncated
    // copy of the second (4,872), which has 2,081 characters more in its
    // middle: all of the first is found, in two passages around them.
    assert_eq!(pair.len(), 2, "{pair:#?}");
    assert!(covered + 4 >= first, "{covered} of {first}");
    assert!(
        clusters
            .iter()
            .all(|c| c.members.iter().all(|m| m.doc <= 1)),
        "{clusters:#?}"
    );
}

#[test]
fn nothing_to_share_and_odd_inputs() {
    let none: [&str; 0] = [];
    assert!(find_reuse(&none[..], &ReuseConfig::default(), &[])
        .unwrap()
        .is_empty());
    let one = ["党的建设".repeat(100)];
    assert!(find_reuse(&one[..], &ReuseConfig::default(), &[])
        .unwrap()
        .is_empty());
    let far = "𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉".repeat(20);
    let odd = [String::new(), "。。。".to_string(), far.clone(), far];
    let found = find_reuse(
        &odd[..],
        &ReuseConfig {
            min_chars: 20,
            ..ReuseConfig::default()
        },
        &[],
    )
    .unwrap();
    assert!(found.iter().all(|c| c
        .members
        .iter()
        .all(|m| odd[m.doc][m.start..m.end] == m.text)));
    let (a, b) = ("天".repeat(500), "天".repeat(300));
    let found = shared(&a, &b, 60);
    assert!(found
        .iter()
        .all(|(ra, rb)| ra.end <= a.len() && rb.end <= b.len()));
}
