//! A segmenter for the few short strings of one `gongwen search` that cuts
//! them exactly as the full segmenter does, built in well under a
//! millisecond instead of the ~90 ms that loading jieba's 349,045-word
//! dictionary takes (that load was nine tenths of a search's time).
//!
//! jieba's cut of a text depends on its dictionary only through the words
//! that occur in that text (the DAG of candidate words, the runs of single
//! characters it looks up) and through the sum of all frequencies (a word's
//! weight is `ln(freq) - ln(total)`). An instance holding exactly the
//! dictionary words that are substrings of the query, with the frequencies
//! the full instance ends up with, plus one padding entry that brings the
//! total to the full one's, therefore cuts the query as the full instance
//! does. The padding word is two private-use characters; a query containing
//! them gets the full dictionary.

use super::Entry;
use jieba_rs::Jieba;
use std::collections::HashMap;
use std::sync::LazyLock;

/// jieba's default dictionary (the `dict.txt` embedded in jieba-rs 0.11),
/// sorted by word in byte order so that a word is found by binary search
/// without loading the file. `data/README.md` says where it comes from.
pub const DEFAULT_DICT: &str = include_str!("../../data/jieba_dict.txt");

/// The sum of the frequencies in [`DEFAULT_DICT`] (checked by a test
/// against the file and against `Jieba::new()`).
pub const DEFAULT_TOTAL: usize = 60_101_964;

/// The longest word of [`DEFAULT_DICT`], in characters.
const DEFAULT_MAX_CHARS: usize = 16;

/// The padding word: private-use characters never found in a document.
const PAD: &str = "\u{F8FF}\u{F8FE}";

/// The frequency of `word` in [`DEFAULT_DICT`].
pub fn default_freq(word: &str) -> Option<usize> {
    let dict = DEFAULT_DICT.as_bytes();
    let (mut lo, mut hi) = (0, dict.len());
    // `lo` and `hi` are always line starts (or the end); every step drops
    // the line around the midpoint and the half that cannot hold `word`.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = memchr::memrchr(b'\n', &dict[lo..mid]).map_or(lo, |i| lo + i + 1);
        let end = memchr::memchr(b'\n', &dict[mid..hi]).map_or(hi, |i| mid + i);
        let line = &DEFAULT_DICT[start..end];
        let mut fields = line.split_ascii_whitespace();
        let w = fields.next().unwrap_or_default();
        match w.cmp(word) {
            std::cmp::Ordering::Less => lo = (end + 1).min(hi),
            std::cmp::Ordering::Greater => hi = start,
            std::cmp::Ordering::Equal => return fields.next()?.parse().ok(),
        }
    }
    None
}

/// What the full segmenter's dictionary looks like after the extra entries
/// (gongwen's vocabulary, a user dictionary) are added to the default one:
/// the words whose frequency they set, the new total, the longest word.
pub struct Overlay {
    freqs: HashMap<String, usize>,
    total: usize,
    max_chars: usize,
}

/// The total frequency after gongwen's builtin vocabulary is added to the
/// default dictionary. Computing it takes a lookup per builtin word (about
/// a millisecond, a tenth of a search), so it is written here; a test
/// recomputes it and says the new value when `data/dict.txt` changes.
pub const BUILTIN_TOTAL: usize = 62_267_840;

/// The overlay of gongwen's builtin vocabulary alone.
static BUILTIN: LazyLock<Option<Overlay>> = LazyLock::new(|| {
    let entries = super::parse_dict(super::BUILTIN_DICT).ok()?;
    let mut o = Overlay {
        freqs: HashMap::with_capacity(entries.len()),
        total: BUILTIN_TOTAL,
        max_chars: DEFAULT_MAX_CHARS,
    };
    for e in entries {
        o.max_chars = o.max_chars.max(e.word.chars().count());
        o.freqs.insert(e.word, e.freq?);
    }
    Some(o)
});

impl Overlay {
    /// Adds `entries` in order, as `Jieba::add_word` does, on top of `base`
    /// (the default dictionary when `None`). `None` when an entry has no
    /// frequency: jieba would guess one from the whole dictionary.
    fn new(base: Option<&Overlay>, entries: &[Entry]) -> Option<Overlay> {
        let mut o = match base {
            Some(b) => Overlay {
                freqs: b.freqs.clone(),
                total: b.total,
                max_chars: b.max_chars,
            },
            None => Overlay {
                freqs: HashMap::new(),
                total: DEFAULT_TOTAL,
                max_chars: DEFAULT_MAX_CHARS,
            },
        };
        for e in entries {
            let freq = e.freq?;
            let old = o.freq(&e.word).unwrap_or(0);
            o.total = (o.total + freq).checked_sub(old)?;
            o.max_chars = o.max_chars.max(e.word.chars().count());
            o.freqs.insert(e.word.clone(), freq);
        }
        Some(o)
    }

    fn freq(&self, word: &str) -> Option<usize> {
        self.freqs.get(word).copied().or_else(|| default_freq(word))
    }
}

/// A segmenter that cuts every substring of `covers` exactly as the full
/// one loaded with `extra` after the builtin vocabulary would; `None` when
/// that cannot be promised (an extra entry without a frequency, a cover
/// holding the padding characters).
pub fn partial(extra: &[Entry], covers: &[String]) -> Option<Jieba> {
    if covers.iter().any(|c| c.contains(['\u{F8FF}', '\u{F8FE}'])) {
        return None;
    }
    let builtin = BUILTIN.as_ref()?;
    let with_extra;
    let overlay = if extra.is_empty() {
        builtin
    } else {
        with_extra = Overlay::new(Some(builtin), extra)?;
        &with_extra
    };
    let mut words: HashMap<&str, usize> = HashMap::new();
    for cover in covers {
        let starts: Vec<usize> = cover.char_indices().map(|(i, _)| i).collect();
        for (k, &i) in starts.iter().enumerate() {
            let ends = starts[k + 1..]
                .iter()
                .copied()
                .chain([cover.len()])
                .take(overlay.max_chars);
            for j in ends {
                let w = &cover[i..j];
                if let Some(f) = overlay.freq(w) {
                    words.insert(w, f);
                }
            }
        }
    }
    let sum: usize = words.values().sum();
    let pad = overlay.total.checked_sub(sum)?;
    let mut jieba = Jieba::empty();
    for (w, f) in words {
        jieba.add_word(w, Some(f), None);
    }
    jieba.add_word(PAD, Some(pad), None);
    Some(jieba)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{parse_dict, BUILTIN_DICT};

    const SEED: &str = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");

    fn prov(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/../shared/corpora/prov2026/2026_{name}_政府工作报告.csv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("prov2026 corpus at ../shared/corpora/prov2026")
    }

    fn full(extra: &[Entry]) -> Jieba {
        let mut j = Jieba::new();
        for e in parse_dict(BUILTIN_DICT).unwrap().iter().chain(extra) {
            j.add_word(&e.word, e.freq, e.tag.as_deref());
        }
        j
    }

    fn cut<'a>(j: &Jieba, s: &'a str) -> Vec<&'a str> {
        j.cut(s, true).into_iter().map(|t| t.word).collect()
    }

    fn clauses(text: &str) -> impl Iterator<Item = &str> {
        text.split(['。', '，', '；', '\n', '：'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    #[test]
    fn shipped_dictionary_is_jiebas_own() {
        let (mut n, mut total) = (0, 0);
        let mut last = "";
        for line in DEFAULT_DICT.lines() {
            let mut f = line.split_ascii_whitespace();
            let w = f.next().unwrap();
            assert!(last < w, "not sorted at {w}");
            last = w;
            total += f.next().unwrap().parse::<usize>().unwrap();
            n += 1;
        }
        assert_eq!(n, 349_045);
        assert_eq!(total, DEFAULT_TOTAL);
        let debug = format!("{:?}", Jieba::new());
        assert!(
            debug.contains(&format!("total_freq: {DEFAULT_TOTAL}")),
            "{}",
            &debug[..debug.len().min(300)]
        );
        // Same words, same frequencies: the same cut of whole reports.
        let from_file = Jieba::with_dict(&mut DEFAULT_DICT.as_bytes()).unwrap();
        let (a, b) = (Jieba::new(), from_file);
        for text in [SEED.to_string(), prov("广东省"), prov("西藏自治区")] {
            assert_eq!(cut(&a, &text), cut(&b, &text));
        }
    }

    #[test]
    fn builtin_total_is_up_to_date() {
        let entries = parse_dict(BUILTIN_DICT).unwrap();
        let total = Overlay::new(None, &entries).unwrap().total;
        assert_eq!(
            total, BUILTIN_TOTAL,
            "data/dict.txt changed: set BUILTIN_TOTAL in src/segment/query.rs to {total}"
        );
        let mut j = full(&[]);
        j.add_word("\u{F8FF}", Some(1), None);
        let debug = format!("{j:?}");
        assert!(debug.contains(&format!("total_freq: {}", total + 1)));
    }

    #[test]
    fn lookups_find_every_word_and_nothing_else() {
        assert_eq!(default_freq("1号店"), Some(3));
        assert_eq!(default_freq("生产力"), Some(2033));
        assert_eq!(default_freq("龢"), Some(732));
        for w in ["", "新质生产力", "生产力x", "\u{F8FF}", "zzzz"] {
            assert_eq!(default_freq(w), None, "{w}");
        }
        for line in DEFAULT_DICT.lines().step_by(97) {
            let mut f = line.split_ascii_whitespace();
            let (w, freq) = (f.next().unwrap(), f.next().unwrap().parse().ok());
            assert_eq!(default_freq(w), freq, "{w}");
        }
    }

    #[test]
    fn partial_segmenter_cuts_every_clause_like_the_full_one() {
        let texts = [SEED.to_string(), prov("北京市"), prov("广西壮族自治区")];
        let full = full(&[]);
        let mut checked = 0;
        for text in &texts {
            for clause in clauses(text) {
                let p = partial(&[], &[clause.to_string()]).expect("no extra entries");
                assert_eq!(cut(&p, clause), cut(&full, clause), "{clause}");
                checked += 1;
            }
        }
        assert!(checked > 2000, "{checked}");
    }

    #[test]
    fn partial_segmenter_follows_a_user_dictionary() {
        let extra = parse_dict("四帮四促 3000 n\n生产力 5 n\n新质 90000 n\n").unwrap();
        let full = full(&extra);
        for q in [
            "开展四帮四促活动",
            "发展新质生产力",
            "新质生产力 营商环境",
            "生产力",
        ] {
            let p = partial(&extra, &[q.to_string()]).unwrap();
            assert_eq!(cut(&p, q), cut(&full, q), "{q}");
        }
        assert!(cut(&full, "开展四帮四促活动").contains(&"四帮四促"));
        // Without a frequency jieba would guess one from the whole
        // dictionary: no partial segmenter then.
        let guessed = parse_dict("四帮四促\n").unwrap();
        assert!(partial(&guessed, &["四帮四促".to_string()]).is_none());
        assert!(partial(&[], &["a\u{F8FF}".to_string()]).is_none());
    }
}
