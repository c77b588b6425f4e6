//! Chinese word segmentation: one shared `Jieba` per process, loaded with a
//! dictionary of governance terms, cutting text into byte-offset tokens in
//! which numbers with their units (`23,876人`, `12.8%`, `2.13亿元`) stay whole.

use crate::text::Token;
use jieba_rs::Jieba;
use regex::Regex;
use std::sync::{LazyLock, OnceLock};

/// The governance vocabulary shipped with gongwen (`data/dict.txt`).
pub const BUILTIN_DICT: &str = include_str!("../data/dict.txt");

mod query;

/// The user dictionary's entries, set once per process by [`init`] or
/// [`init_for_query`].
static EXTRA: OnceLock<Vec<Entry>> = OnceLock::new();
/// jieba with its default dictionary, the builtin one and [`EXTRA`].
static FULL: OnceLock<Jieba> = OnceLock::new();
/// A small segmenter for the query of this process, and what it covers.
static PARTIAL: OnceLock<(Jieba, Vec<String>)> = OnceLock::new();

/// Numbers with an optional scale and unit, as one token. Full-width digits
/// and signs are matched as written; dates such as `2025年` stay whole too.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?",
        r"(?:[%％‰]|(?:万亿|亿|万|千)?(?:个百分点|百分点|千瓦时|平方米|平方公里|人次|美元|元|人|个|项|家|场|期|次|篇|节|门|所|吨|度|公里|米|亩|公顷|户|名|件|套|台|辆|座|条|年|月|日|岁|倍|头|批|种)|万亿|亿|万)?",
    ))
    .expect("number regex")
});

/// One dictionary line: `word [freq] [tag]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub word: String,
    pub freq: Option<usize>,
    pub tag: Option<String>,
}

/// Loads the shared segmenter with the builtin dictionary plus `extra`
/// (a user dictionary in the same format). Only the first call has effect;
/// it returns an error naming the bad line of `extra`.
pub fn init(extra: Option<&str>) -> Result<(), String> {
    set_extra(extra)?;
    full();
    Ok(())
}

/// Prepares the segmenter for a process that cuts only `query` (one
/// `gongwen search`): instead of loading jieba's whole dictionary, a small
/// one with the words that occur in the query, which cuts it the same way
/// (see the `query` module). Any other text still gets the full dictionary,
/// loaded when first needed.
pub fn init_for_query(extra: Option<&str>, query: &str) -> Result<(), String> {
    set_extra(extra)?;
    let folded: String = query.chars().map(crate::text::fold_char).collect();
    let covers = vec![query.to_string(), folded];
    let extra = EXTRA.get().map_or(&[][..], Vec::as_slice);
    if let Some(j) = query::partial(extra, &covers) {
        let _ = PARTIAL.set((j, covers));
    }
    Ok(())
}

fn set_extra(extra: Option<&str>) -> Result<(), String> {
    if EXTRA.get().is_some() {
        return Ok(());
    }
    let entries = match extra {
        Some(e) => parse_dict(e)?,
        None => Vec::new(),
    };
    let _ = EXTRA.set(entries);
    Ok(())
}

/// The full segmenter, loaded on first use.
fn full() -> &'static Jieba {
    FULL.get_or_init(|| {
        let mut j = Jieba::new();
        // The builtin dictionary is tested; a failure here would be a build defect.
        let builtin = parse_dict(BUILTIN_DICT).unwrap_or_default();
        let extra = EXTRA.get().map_or(&[][..], Vec::as_slice);
        for e in builtin.iter().chain(extra) {
            j.add_word(&e.word, e.freq, e.tag.as_deref());
        }
        j
    })
}

/// The segmenter for `text`: the query's small one when it covers `text`.
fn jieba_for(text: &str) -> &'static Jieba {
    match PARTIAL.get() {
        Some((j, covers)) if covers.iter().any(|c| c.contains(text)) => j,
        _ => full(),
    }
}

/// Parses `word [freq] [tag]` lines; `#` starts a comment line.
fn parse_dict(dict: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, line) in dict.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let word = parts.next().unwrap_or_default();
        let freq = match parts.next() {
            Some(f) => Some(
                f.parse::<usize>()
                    .map_err(|_| format!("line {}: frequency {f:?} is not a number", i + 1))?,
            ),
            None => None,
        };
        out.push(Entry {
            word: word.to_string(),
            freq,
            tag: parts.next().map(str::to_string),
        });
    }
    Ok(out)
}

/// Cuts `text` into word tokens (byte spans into `text`). Whitespace and
/// punctuation are left out; numbers with units are single tokens.
/// Full-width letters and digits are folded before cutting (jieba knows
/// `GDP`, not `ＧＤＰ`), and the spans mapped back to the original.
pub fn segment(text: &str) -> Vec<Token> {
    if !crate::text::has_foldable(text) {
        return segment_plain(text);
    }
    let folded = crate::text::Folded::new(text);
    segment_plain(&folded.text)
        .into_iter()
        .map(|t| {
            let (start, end) = folded.span_to_original(t.start, t.end);
            Token { start, end }
        })
        .collect()
}

fn segment_plain(text: &str) -> Vec<Token> {
    let jieba = jieba_for(text);
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut pos = 0;
    for m in NUMBER.find_iter(text) {
        cut_into(jieba, text, pos, m.start(), &mut out);
        out.push(Token {
            start: m.start(),
            end: m.end(),
        });
        pos = m.end();
    }
    cut_into(jieba, text, pos, text.len(), &mut out);
    out
}

fn cut_into(jieba: &Jieba, text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    if from >= to {
        return;
    }
    for t in jieba.cut(&text[from..to], true) {
        if t.word.chars().any(crate::text::is_word_char) {
            out.push(Token {
                start: from + t.byte_start,
                end: from + t.byte_end,
            });
        }
    }
}

/// The form a token is indexed and searched under: full-width folded to
/// half-width, ASCII lower-cased.
pub fn index_form(word: &str) -> String {
    word.chars()
        .map(|c| crate::text::fold_char(c).to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        segment(text).iter().map(|t| t.as_str(text)).collect()
    }

    #[test]
    fn numbers_with_units_stay_whole() {
        let w = words("全市共培训干部23,876人,gdp增长12.8%,财政收入2.13亿元,增长５.１％");
        for n in ["23,876人", "12.8%", "2.13亿元", "５.１％"] {
            assert!(w.contains(&n), "{n} not whole in {w:?}");
        }
    }

    #[test]
    fn governance_terms_are_words() {
        let w = words("构建学习创新型领导班子,发展新质生产力,一般公共预算收入增长");
        for t in ["领导班子", "新质生产力", "一般公共预算收入"] {
            assert!(w.contains(&t), "{t} not a word in {w:?}");
        }
    }

    #[test]
    fn tokens_are_byte_spans_of_mixed_text() {
        let text = "ＧＤＰ达到120550万元，同比增长12.8%。Party建设";
        for t in segment(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(!t.as_str(text).trim().is_empty());
        }
        assert!(words(text).contains(&"120550万元"));
        assert_eq!(words("ＧＤＰ增长")[0], "ＧＤＰ");
        assert_eq!(index_form("ＧＤＰ"), "gdp");
    }

    #[test]
    fn user_dictionary_lines_are_checked() {
        let entries = parse_dict("# comment\n四帮四促 3000 n\n改革\n").unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].freq, Some(3000));
        assert_eq!(entries[1].freq, None);
        let err = parse_dict("好词 many n\n").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }
}
