//! Places: a gazetteer of China's administrative divisions built from the
//! `cpca` crate's tables (with safe short forms), locality matching, a
//! document's main locality, and per-section attribution (speakers in a
//! dialogue each speak for their own locality).

use crate::extract::LocalitySource;
use crate::text::Normalized;
use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    National,
    Province,
    City,
    County,
}

/// One division: its full name, level and parent's index.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub level: Level,
    pub parent: Option<usize>,
}

/// Administrative divisions with their full and short forms.
pub struct Gazetteer {
    places: Vec<Place>,
    /// Every form (full and short) → place index; first added wins.
    lookup: HashMap<String, usize>,
    /// Forms safe to look for in running text, with their places.
    scan_forms: Vec<usize>,
    scanner: Option<AhoCorasick>,
}

/// The name every national body resolves to.
pub const NATIONAL: &str = "全国";

/// Phrases naming the national level.
const NATIONAL_FORMS: [&str; 5] = ["全国", "国务院", "党中央", "中共中央", "中央"];

/// Ethnic group names that appear in autonomous divisions' names.
const ETHNIC: [&str; 45] = [
    "布依族",
    "苗族",
    "水族",
    "侗族",
    "土家族",
    "藏族",
    "彝族",
    "羌族",
    "回族",
    "蒙古族",
    "维吾尔",
    "哈萨克族",
    "柯尔克孜",
    "壮族",
    "瑶族",
    "仫佬族",
    "毛南族",
    "仡佬族",
    "黎族",
    "傣族",
    "景颇族",
    "白族",
    "哈尼族",
    "傈僳族",
    "纳西族",
    "拉祜族",
    "佤族",
    "普米族",
    "独龙族",
    "怒族",
    "朝鲜族",
    "满族",
    "畲族",
    "土族",
    "撒拉族",
    "东乡族",
    "保安族",
    "裕固族",
    "锡伯族",
    "达斡尔族",
    "鄂温克族",
    "鄂伦春族",
    "塔吉克",
    "阿昌族",
    "德昂族",
];

/// Short forms that are ordinary words, never read as places in text.
const COMMON_WORDS: [&str; 24] = [
    "来宾", "朝阳", "长治", "安康", "白银", "中山", "黄山", "兴安", "大同", "白山", "阿里", "日照",
    "山南", "海西", "海北", "黄南", "海东", "玉树", "普洱", "三沙", "黑河", "吉林", "和田", "海南",
];

static GLOBAL: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::from_cpca);

impl Gazetteer {
    /// The shared gazetteer, built once from `cpca`'s division tables.
    pub fn global() -> &'static Gazetteer {
        &GLOBAL
    }

    /// Builds the gazetteer from `cpca`'s provinces, cities and counties.
    pub fn from_cpca() -> Self {
        let parser = cpca::AddressParser::global();
        let mut g = Gazetteer::empty();
        let nation = g.add(NATIONAL, Level::National, None);
        // cpca lists addresses abroad as a province 国外: no locality.
        for p in parser
            .provinces()
            .into_iter()
            .filter(|p| p.as_str() != "国外")
        {
            let pi = g.add(p, Level::Province, Some(nation));
            for c in parser.cities_of_province(p) {
                let ci = if c == p {
                    pi
                } else {
                    g.add(c, Level::City, Some(pi))
                };
                for d in parser.districts_of_city(c) {
                    g.add(d, Level::County, Some(ci));
                }
            }
        }
        for form in NATIONAL_FORMS {
            g.lookup.entry(form.to_string()).or_insert(nation);
        }
        g.build_scanner();
        g
    }

    fn empty() -> Self {
        Gazetteer {
            places: Vec::new(),
            lookup: HashMap::new(),
            scan_forms: Vec::new(),
            scanner: None,
        }
    }

    /// Adds a place and its forms; returns its index.
    fn add(&mut self, name: &str, level: Level, parent: Option<usize>) -> usize {
        let idx = self.places.len();
        self.places.push(Place {
            name: name.to_string(),
            level,
            parent,
        });
        self.lookup.entry(name.to_string()).or_insert(idx);
        for short in short_forms(name, level) {
            self.lookup.entry(short).or_insert(idx);
        }
        idx
    }

    /// Compiles the matcher over forms that are safe in running text: full
    /// names, and short forms of provinces and cities that are not words.
    fn build_scanner(&mut self) {
        let mut forms: Vec<(String, usize)> = Vec::new();
        for (i, p) in self.places.iter().enumerate() {
            forms.push((p.name.clone(), i));
            if matches!(p.level, Level::Province | Level::City) {
                for s in short_forms(&p.name, p.level) {
                    if !COMMON_WORDS.contains(&s.as_str()) && self.lookup.get(&s) == Some(&i) {
                        forms.push((s, i));
                    }
                }
            }
        }
        forms.extend(NATIONAL_FORMS.iter().map(|f| (f.to_string(), 0)));
        self.scan_forms = forms.iter().map(|(_, i)| *i).collect();
        // A DFA: every document is scanned for thousands of names, and
        // the default NFA's state walk was 9% of extraction.
        self.scanner = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(forms.iter().map(|(f, _)| f.as_str()))
            .ok();
    }

    /// The place a name (full or short form) stands for.
    pub fn resolve(&self, name: &str) -> Option<&Place> {
        self.lookup
            .get(name.trim())
            .and_then(|i| self.places.get(*i))
    }

    /// Places named in `text`: (byte start, byte end, place), left to right.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(usize, usize, &'a Place)> {
        let Some(s) = &self.scanner else {
            return Vec::new();
        };
        s.find_iter(text)
            .filter_map(|m| {
                let p = self
                    .places
                    .get(*self.scan_forms.get(m.pattern().as_usize())?)?;
                Some((m.start(), m.end(), p))
            })
            .collect()
    }

    /// Whether `inner` is `outer` or lies inside it.
    fn within(&self, inner: &Place, outer: &Place) -> bool {
        let mut cur = Some(inner);
        while let Some(p) = cur {
            if p.name == outer.name && p.level == outer.level {
                return true;
            }
            cur = p.parent.and_then(|i| self.places.get(i));
        }
        false
    }
}

/// Short forms of a division's full name: 北京市 → 北京, 广西壮族自治区 →
/// 广西, 黔南布依族苗族自治州 → 黔南州 and 黔南, 嘉善县 → 嘉善.
fn short_forms(name: &str, level: Level) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(prefix) = autonomous_prefix(name) {
        if name.ends_with("自治州") {
            out.push(format!("{prefix}州"));
        }
        out.push(prefix.to_string());
    } else {
        let suffixes: &[&str] = match level {
            Level::Province => &["特别行政区", "省", "市"],
            Level::City => &["市", "地区", "盟"],
            _ => &["市", "县"],
        };
        if let Some(stem) = suffixes.iter().find_map(|s| name.strip_suffix(s)) {
            out.push(stem.to_string());
        }
    }
    out.retain(|s| s.chars().count() >= 2 && s != name);
    out
}

/// The place part of an autonomous division's name (before the first
/// ethnic group or 自治): 黔南布依族苗族自治州 → 黔南, 内蒙古自治区 → 内蒙古.
fn autonomous_prefix(name: &str) -> Option<&str> {
    if !name.contains("自治") {
        return None;
    }
    let cut = ETHNIC
        .iter()
        .filter_map(|e| name.find(e))
        .chain(name.find("自治"))
        .min()?;
    Some(&name[..cut])
}

/// Whether a `--locality` query names `locality` or a place containing it
/// (北京 ~ 北京市, 嘉善 ~ 嘉善县, 黔南州 ~ 黔南布依族苗族自治州, 浙江 ~ 嘉善县).
pub fn same_locality(query: &str, locality: &str) -> bool {
    let (q, l) = (query.trim(), locality.trim());
    if q.is_empty() || l.is_empty() {
        return false;
    }
    if q == l {
        return true;
    }
    let g = Gazetteer::global();
    match (g.resolve(q), g.resolve(l)) {
        (Some(qp), Some(lp)) => g.within(lp, qp),
        _ => strip_level(q) == strip_level(l),
    }
}

/// A name without its level suffix, for names outside the gazetteer.
fn strip_level(name: &str) -> &str {
    ["自治区", "自治州", "自治县", "省", "市", "县", "区", "州"]
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|r| r.chars().count() >= 2))
        .unwrap_or(name)
}

/// The main locality of a document with no metadata (see [`issuer`]).
pub fn document_locality(title: &str, text: &str) -> Option<String> {
    issuer(title, text).map(|(l, _)| l)
}

/// The issuer of a document with no metadata, and where it was found: a
/// place named in the title or in the report's own heading line, else the
/// body the speaker reports for (我代表…人民政府; 国务院 → 全国), else the
/// place the text names most often (the most specific one on a tie), else
/// 全国 for a text that speaks of national bodies only.
pub fn issuer(title: &str, text: &str) -> Option<(String, LocalitySource)> {
    let g = Gazetteer::global();
    let found = |source| move |l: String| (l, source);
    title_locality(g, title)
        .or_else(|| heading_locality(g, text))
        .map(found(LocalitySource::Title))
        .or_else(|| issuer_locality(text).map(found(LocalitySource::Issuer)))
        .or_else(|| dominant(g, text).map(found(LocalitySource::Mentions)))
}

/// The issuer named by a report's own heading line in the opening
/// (`2026年吉林省政府工作报告` below a web page's 下载/打印 chrome, when
/// the first line became the title).
fn heading_locality(g: &Gazetteer, text: &str) -> Option<String> {
    crate::text::truncate_at_char(text, ISSUER_HEAD)
        .lines()
        .map(str::trim)
        .filter(|l| l.len() <= 120 && l.ends_with("工作报告"))
        .find_map(|l| title_locality(g, l))
}

/// The issuer named in a title: its most specific place, or the nation
/// when the title names only a national body (中华人民共和国国务院). A
/// sentence is not a title (a text's first line stands in for a missing
/// one): the places it mentions are mentions.
fn title_locality(g: &Gazetteer, title: &str) -> Option<String> {
    if title.contains(['。', '；', '！', '？']) {
        return None;
    }
    last_place(title).or_else(|| {
        // Only national forms left to find (国务院, 全国 …).
        (title.contains("中华人民共和国") || !g.find(title).is_empty())
            .then(|| NATIONAL.to_string())
    })
}

/// How far into a text the speaker names the body they report for.
const ISSUER_HEAD: usize = 3000;

/// The body a report is given for, in its opening: the body the speaker
/// represents (我代表国务院, 我代表浙江省人民政府), else the signature
/// under the heading (广东省省长 孟凡利), else the congress it is given to
/// (在广东省第十四届人民代表大会). The nation for a national body, else the
/// place named; `None` when the opening names none of them with a place
/// (我代表省人民政府 alone).
fn issuer_locality(text: &str) -> Option<String> {
    static ISSUER: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"我代表([^，,。、\s]{0,24}?)(人民政府|政府|国务院)")
            .expect("issuer pattern")
    });
    static SIGNATURE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?m)^[ \t\u{3000}]*(\S{2,24}?)代?(省长|市长|县长|区长|州长|盟长|旗长|主席)[ \t\u{3000}]+\S{2,12}[ \t\u{3000}]*$",
        )
        .expect("signature pattern")
    });
    static CONGRESS: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"在(\S{0,24}?)第[一二三四五六七八九十]+届\s*(全国)?人民代表大会")
            .expect("congress pattern")
    });
    let head = crate::text::truncate_at_char(text, ISSUER_HEAD);
    if let Some(m) = ISSUER.captures(head) {
        if &m[2] == "国务院" {
            return Some(NATIONAL.to_string());
        }
        if let Some(place) = last_place(&m[1]) {
            return Some(place);
        }
    }
    if let Some(place) = SIGNATURE
        .captures_iter(head)
        .find_map(|m| last_place(&m[1]))
    {
        return Some(place);
    }
    let m = CONGRESS.captures(head)?;
    if m.get(2).is_some() {
        return Some(NATIONAL.to_string());
    }
    last_place(&m[1])
}

/// The most frequently named non-national place of `text`.
fn dominant(g: &Gazetteer, text: &str) -> Option<String> {
    let mut counts: HashMap<&str, (usize, Level, usize)> = HashMap::new();
    let mut national = 0;
    for (at, _, p) in g.find(text) {
        if p.level == Level::National {
            national += 1;
            continue;
        }
        let e = counts.entry(p.name.as_str()).or_insert((0, p.level, at));
        e.0 += 1;
    }
    let best = counts.into_iter().max_by(|a, b| {
        (a.1 .0, a.1 .1, std::cmp::Reverse(a.1 .2)).cmp(&(
            b.1 .0,
            b.1 .1,
            std::cmp::Reverse(b.1 .2),
        ))
    });
    match best {
        Some((name, _)) => Some(name.to_string()),
        None if national > 0 => Some(NATIONAL.to_string()),
        None => None,
    }
}

/// Locality sections of a document: `(original byte offset, locality from
/// there on)`, sorted. The first section holds the document's main
/// locality; in a dialogue each speaker's turns belong to the place of
/// their post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections(Vec<(usize, Option<String>)>);

impl Sections {
    /// The sections of a document whose normalized text is `norm`; its main
    /// locality is `main`, else [`document_locality`] with the first line as
    /// title. Offsets are mapped back to the original text.
    pub fn find(norm: &Normalized, main: Option<&str>) -> Sections {
        let first_line = norm.text.lines().next().unwrap_or("");
        let main = main
            .map(str::to_string)
            .or_else(|| document_locality(first_line, &norm.text));
        Sections::with_main(norm, main)
    }

    /// The sections of a document whose main locality is already known
    /// (`None`: none was found).
    pub fn with_main(norm: &Normalized, main: Option<String>) -> Sections {
        let mut v = locality_sections(&norm.text, main);
        for (at, _) in &mut v {
            *at = norm.to_original(*at);
        }
        Sections(v)
    }

    /// The locality in force at original offset `pos`.
    pub fn at(&self, pos: usize) -> Option<&str> {
        let i = self.0.partition_point(|(start, _)| *start <= pos);
        self.0
            .get(i.checked_sub(1)?)
            .and_then(|(_, l)| l.as_deref())
    }

    /// The sections as `(original byte offset, locality)` pairs.
    pub fn as_slice(&self) -> &[(usize, Option<String>)] {
        &self.0
    }
}

/// Locality sections of `text` (offsets into it) whose main locality is
/// `main`: a dialogue's turns go to the places of their speakers.
fn locality_sections(text: &str, main: Option<String>) -> Vec<(usize, Option<String>)> {
    let mut out = vec![(0, main.clone())];
    let speakers = speaker_places(text);
    if speakers.is_empty() {
        return out;
    }
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(name) = turn_speaker(line) {
            let place = match speakers.get(name) {
                Some(p) => p.clone(),
                None => first_place(line).or_else(|| main.clone()),
            };
            out.push((at, place));
        }
        at += line.len();
    }
    out
}

/// The speaker a dialogue line starts with (`姜国文:`), if any.
fn turn_speaker(line: &str) -> Option<&str> {
    // A name is at most four ideographs (12 bytes): the colon is within the
    // first 15 bytes (a long paragraph is not searched to its end).
    let head = crate::text::truncate_at_char(line, 15);
    let colon = head.find([':', '：'])?;
    let name = &line[..colon];
    let n = name.chars().count();
    ((2..=4).contains(&n) && name.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
        .then_some(name)
}

/// Each speaker of a dialogue with the locality of their post, read from
/// the roster where they are introduced (姚高员中共浙江省嘉善县委书记).
fn speaker_places(text: &str) -> HashMap<String, Option<String>> {
    let mut names: Vec<&str> = text
        .lines()
        .filter_map(turn_speaker)
        .filter(|n| !matches!(*n, "记者" | "主持人" | "对话人" | "问" | "答"))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = HashMap::new();
    for name in &names {
        let Some(post) = roster_post(text, name, &names) else {
            continue;
        };
        out.insert(name.to_string(), last_place(post));
    }
    out
}

/// The post written right after a speaker's name where it is followed by
/// 中共 (or a place), up to the next speaker's name or the end of the line.
fn roster_post<'a>(text: &'a str, name: &str, names: &[&str]) -> Option<&'a str> {
    let at = memchr::memmem::find_iter(text.as_bytes(), name).find(|i| {
        let rest = &text[i + name.len()..];
        let head = crate::text::truncate_at_char(rest, 24);
        rest.starts_with("中共")
            || Gazetteer::global()
                .find(head)
                .first()
                .is_some_and(|f| f.0 == 0)
    })?;
    let rest = &text[at + name.len()..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let skip = "中共".len();
    let next_post = line
        .get(skip..)
        .and_then(|r| r.find("中共"))
        .map(|i| i + skip);
    let next = names
        .iter()
        .filter_map(|n| line.find(n))
        .chain(next_post)
        .min()
        .unwrap_or(line_end);
    Some(&rest[..next])
}

/// The last non-national place named in `text`, including counties named
/// by their full form (…、瓮安县委书记 → 瓮安县).
fn last_place(text: &str) -> Option<String> {
    let g = Gazetteer::global();
    g.find(text)
        .into_iter()
        .rev()
        .find(|(_, _, p)| p.level != Level::National)
        .map(|(_, _, p)| p.name.clone())
}

/// The first non-national place named in `text`.
fn first_place(text: &str) -> Option<String> {
    let g = Gazetteer::global();
    g.find(text)
        .into_iter()
        .find(|(_, _, p)| p.level != Level::National)
        .map(|(_, _, p)| p.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_resolve() {
        let g = Gazetteer::global();
        assert_eq!(g.resolve("北京").map(|p| p.name.as_str()), Some("北京市"));
        assert_eq!(
            g.resolve("广西").map(|p| p.name.as_str()),
            Some("广西壮族自治区")
        );
        assert_eq!(
            g.resolve("黔南州").map(|p| p.name.as_str()),
            Some("黔南布依族苗族自治州")
        );
        assert_eq!(g.resolve("嘉善").map(|p| p.name.as_str()), Some("嘉善县"));
        assert_eq!(g.resolve("合山").map(|p| p.name.as_str()), Some("合山市"));
    }

    #[test]
    fn locality_queries() {
        assert!(same_locality("北京", "北京市"));
        assert!(same_locality("嘉善", "嘉善县"));
        assert!(same_locality("黔南州", "黔南布依族苗族自治州"));
        assert!(same_locality("浙江", "嘉善县"));
        assert!(!same_locality("嘉善", "北京市"));
        assert!(!same_locality("", "北京市"));
    }

    #[test]
    fn common_words_are_not_places_in_text() {
        let g = Gazetteer::global();
        assert!(g.find("各位来宾,朝阳产业,长治久安").is_empty());
        assert_eq!(
            g.find("在许昌召开").first().map(|f| f.2.name.as_str()),
            Some("许昌市")
        );
    }

    #[test]
    fn dialogue_speakers_get_their_posts_locality() {
        let text = "对话人:姜国文中共黑龙江省哈尔滨市委副书记、市纪委书记李亚中共河南省许昌市委书记\n\
                    姚高员中共浙江省嘉善县委书记\n记者:哈尔滨市委是如何做的?\n姜国文:成立由235人组成的委员会。\n\
                    记者:嘉善县委呢?\n姚高员:群众满意率91.28%。\n";
        let sections = Sections::find(&Normalized::new(text), None);
        let at = |needle: &str| sections.at(text.find(needle).unwrap());
        assert_eq!(at("235人"), Some("哈尔滨市"));
        assert_eq!(at("91.28%"), Some("嘉善县"));
    }
}

/// The canonical name a locality query or value stands for: the full name
/// of the division it resolves to (北京 → 北京市, 黔南州 → 黔南布依族苗族自治州),
/// else the name without its level suffix.
pub fn canonical(name: &str) -> String {
    let name = name.trim();
    match Gazetteer::global().resolve(name) {
        Some(p) => p.name.clone(),
        None => strip_level(name).to_string(),
    }
}

/// The canonical names under which a document of `locality` is found: its
/// own and those of the divisions containing it (嘉善县 → 嘉善县, 嘉兴市,
/// 浙江省), so that a filter on a province also finds its counties. A
/// filter matches when `canonical(query)` is one of these.
pub fn containing_names(locality: &str) -> Vec<String> {
    let g = Gazetteer::global();
    let mut out = vec![canonical(locality)];
    let mut cur = g.resolve(locality.trim());
    while let Some(p) = cur {
        if !out.contains(&p.name) {
            out.push(p.name.clone());
        }
        cur = p.parent.and_then(|i| g.places.get(i));
    }
    out
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn canonical_names_and_their_containers() {
        assert_eq!(canonical("北京"), "北京市");
        assert_eq!(canonical("广西"), "广西壮族自治区");
        assert_eq!(canonical("黔南州"), "黔南布依族苗族自治州");
        let names = containing_names("嘉善县");
        assert!(names.contains(&"浙江省".to_string()), "{names:?}");
        assert!(names.contains(&canonical("嘉善")), "{names:?}");
        assert_eq!(containing_names("某某乡"), ["某某乡"]);
    }

    fn shared(path: &str) -> String {
        let p = format!("{}/../shared/corpora/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    }

    #[test]
    fn national_reports_are_issued_by_the_nation_whatever_they_mention() {
        let lines = shared("national1954-2005/government_work_reports_1954-2005.jsonl");
        let mut n = 0;
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let text = crate::text::normalize(v["content"].as_str().unwrap_or(""));
            let title = crate::text::normalize(v["title"].as_str().unwrap_or(""));
            // With the title, and without it (the issuer in the opening).
            assert_eq!(
                document_locality(&title, &text).as_deref(),
                Some(NATIONAL),
                "{title}"
            );
            if text.contains("我代表国务院") {
                assert_eq!(
                    issuer("", &text),
                    Some((NATIONAL.to_string(), LocalitySource::Issuer)),
                    "{title}"
                );
            }
            n += 1;
        }
        assert_eq!(n, 33);
        assert_eq!(
            document_locality("", "香港、澳门和台湾同胞，国外侨胞").as_deref(),
            Some("香港特别行政区")
        );
        assert_ne!(document_locality("", "国外").as_deref(), Some("国外"));
    }

    #[test]
    fn the_signature_or_the_congress_names_the_issuer() {
        // 广东's opening: 我代表省人民政府 names no place; 香港 is mentioned
        // more often than 广东 in the passage that follows.
        let guangdong = "政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n\
            广东省省长 孟凡利\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n\
            联合港澳承办十五运会，香港紫荆花、香港队、香港市民。";
        let want = |place: &str| Some((place.to_string(), LocalitySource::Issuer));
        assert_eq!(issuer("政府工作报告", guangdong), want("广东省"));
        let congress = "——在浙江省第十四届人民代表大会第四次会议上\n各位代表：\n\
            现在，我代表省人民政府，向大会报告工作。上海、上海、江苏。";
        assert_eq!(issuer("", congress), want("浙江省"));
        let national = "——2005年3月5日在第十届全国人民代表大会第三次会议上\n\
            各位代表：香港、澳门、台湾。";
        assert_eq!(issuer("", national), want(NATIONAL));
    }

    #[test]
    fn provincial_reports_without_metadata_get_their_issuer() {
        let mut n = 0;
        let dir = format!("{}/../shared/corpora/prov2026", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(&dir).expect("prov2026") {
            let path = entry.expect("entry").path();
            let mut rows = csv::Reader::from_path(&path).expect("csv");
            let headers = rows.headers().expect("headers").clone();
            let col = |name: &str| {
                headers
                    .iter()
                    .position(|h| h.trim_start_matches('\u{feff}') == name)
            };
            let (pc, tc) = (
                col("province").expect("province"),
                col("full_text").expect("text"),
            );
            for row in rows.records() {
                let row = row.expect("row");
                let text = crate::text::normalize(&row[tc]);
                // A .txt copy's title is its first line: the web page's 下载.
                let title = text.lines().next().unwrap_or("");
                let (got, source) = issuer(title, &text).expect("an issuer");
                assert_eq!(got, row[pc], "{}", path.display());
                // Found where the report names itself, never by counting.
                assert_ne!(source, LocalitySource::Mentions, "{}", path.display());
                n += 1;
            }
        }
        assert_eq!(n, 31);
    }
}
