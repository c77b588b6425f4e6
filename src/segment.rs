//! Chinese word segmentation: a [`Segmenter`] value holding jieba loaded
//! with a dictionary of governance terms (and a store's user dictionary),
//! cutting normalized text into byte-offset tokens in which numbers with
//! their units (`23,876人`, `12.8%`, `2.13亿元`) stay whole.
//!
//! The segmenter is a value, not process state: an ingest builds one from
//! its `--dict`, a store generation yields the one it was built with
//! ([`crate::store::Generation::segmenter`]), and a search gets a small one
//! for its query's words (see the `query` module).

use crate::text::Token;
use jieba_rs::Jieba;
use regex::Regex;
use std::sync::{Arc, LazyLock, OnceLock};

/// The governance vocabulary shipped with gongwen (`data/dict.txt`).
pub const BUILTIN_DICT: &str = include_str!("../data/dict.txt");

mod query;

/// jieba with its default dictionary and the builtin one, loaded once per
/// process and shared by every segmenter without a user dictionary.
static BUILTIN: LazyLock<Arc<Jieba>> = LazyLock::new(|| Arc::new(load(&[])));

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

/// A word segmenter: cheap to clone and shared across threads.
#[derive(Clone)]
pub struct Segmenter {
    inner: Arc<Inner>,
}

struct Inner {
    /// The user dictionary's entries.
    extra: Vec<Entry>,
    /// The whole segmenter, loaded on first use when `small` is set.
    full: OnceLock<Arc<Jieba>>,
    /// A small segmenter for the strings in `covers` (one search's query).
    small: Option<(Jieba, Vec<String>)>,
}

impl Segmenter {
    /// The segmenter with gongwen's vocabulary and no user dictionary.
    pub fn builtin() -> Segmenter {
        Segmenter::new(None).unwrap_or_else(|_| unreachable!("no user dictionary, no error"))
    }

    /// The segmenter with gongwen's vocabulary plus `user_dict` (a user
    /// dictionary, `word [freq] [tag]` per line); an error names its bad line.
    pub fn new(user_dict: Option<&str>) -> Result<Segmenter, String> {
        let extra = user_dict.map(parse_dict).transpose()?.unwrap_or_default();
        let full = OnceLock::new();
        if extra.is_empty() {
            let _ = full.set(Arc::clone(&BUILTIN));
        } else {
            let _ = full.set(Arc::new(load(&extra)));
        }
        Ok(Segmenter {
            inner: Arc::new(Inner {
                extra,
                full,
                small: None,
            }),
        })
    }

    /// A segmenter for a process that cuts only `query` (one `gongwen
    /// search`): instead of loading jieba's whole dictionary, a small one
    /// with the words that occur in the query, which cuts it the same way
    /// (see the `query` module). Any other text still gets the full
    /// dictionary, loaded when first needed.
    pub fn for_query(user_dict: Option<&str>, query: &str) -> Result<Segmenter, String> {
        let extra = user_dict.map(parse_dict).transpose()?.unwrap_or_default();
        let covers = vec![query.to_string(), crate::text::normalize(query)];
        let small = query::partial(&extra, &covers).map(|j| (j, covers));
        Ok(Segmenter {
            inner: Arc::new(Inner {
                extra,
                full: OnceLock::new(),
                small,
            }),
        })
    }

    /// The jieba instance for `text`: the query's small one when it covers it.
    fn jieba_for(&self, text: &str) -> &Jieba {
        match &self.inner.small {
            Some((j, covers)) if covers.iter().any(|c| c.contains(text)) => j,
            _ => self.inner.full.get_or_init(|| {
                if self.inner.extra.is_empty() {
                    Arc::clone(&BUILTIN)
                } else {
                    Arc::new(load(&self.inner.extra))
                }
            }),
        }
    }

    /// Cuts `text` into word tokens (byte spans of `text`). Whitespace and
    /// punctuation are left out; numbers with units are single tokens.
    /// `text` should be normalized ([`crate::text::Normalized`]): jieba
    /// knows `GDP` and 数字经济, not `ＧＤＰ` or 數字經濟.
    pub fn cut(&self, text: &str) -> Vec<Token> {
        let jieba = self.jieba_for(text);
        // About a token per seven bytes of official Chinese.
        let mut out = Vec::with_capacity(text.len() / 8);
        let mut pos = 0;
        for m in NUMBER.find_iter(text) {
            cut_into(jieba, text, pos, m.start(), &mut out);
            out.push(Token::new(m.start(), m.end()));
            pos = m.end();
        }
        cut_into(jieba, text, pos, text.len(), &mut out);
        out
    }

    /// Cuts any text: normalizes it, cuts, and maps the tokens back to
    /// byte spans of `text`. (A document's view cuts its normalized text
    /// once with [`Segmenter::cut`].)
    pub fn segment(&self, text: &str) -> Vec<Token> {
        let n = crate::text::Normalized::new(text);
        let mut tokens = self.cut(&n.text);
        if !n.is_identity() {
            for t in &mut tokens {
                let (s, e) = n.span_to_original(t.start(), t.end());
                *t = Token::new(s, e);
            }
        }
        tokens
    }
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("user_words", &self.inner.extra.len())
            .field("query", &self.inner.small.as_ref().map(|(_, c)| &c[0]))
            .finish()
    }
}

/// jieba with its default dictionary, the builtin one and `extra`.
fn load(extra: &[Entry]) -> Jieba {
    let mut j = Jieba::new();
    // The builtin dictionary is tested; a failure here would be a build defect.
    let builtin = parse_dict(BUILTIN_DICT).unwrap_or_default();
    for e in builtin.iter().chain(extra) {
        j.add_word(&e.word, e.freq, e.tag.as_deref());
    }
    j
}

/// Checks a user dictionary (`word [freq] [tag]` per line) without
/// loading it; the error names the bad line.
pub fn check_dict(dict: &str) -> Result<(), String> {
    parse_dict(dict).map(|_| ())
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

fn cut_into(jieba: &Jieba, text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    if from >= to {
        return;
    }
    for t in jieba.cut(&text[from..to], true) {
        if t.word.chars().any(crate::text::is_word_char) {
            out.push(Token::new(from + t.byte_start, from + t.byte_end));
        }
    }
}

/// The form a token is indexed and searched under: normalized
/// ([`crate::text::fold_char`]), ASCII lower-cased.
pub fn index_form(word: &str) -> String {
    word.chars()
        .map(|c| crate::text::fold_char(c).to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Segmenter::builtin()
            .segment(text)
            .iter()
            .map(|t| t.as_str(text))
            .collect()
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
        for t in Segmenter::builtin().segment(text) {
            assert!(text.is_char_boundary(t.start()) && text.is_char_boundary(t.end()));
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
