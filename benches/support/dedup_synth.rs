//! Deterministic synthetic corpus for the dedup benchmarks: documents of
//! about 3,000 characters recombined from the sentences of real reports,
//! with random edits, and planted near-duplicates of earlier documents.

use std::path::Path;

/// A small, seeded pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// How a planted duplicate differs from its original.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    Exact,
    Truncated,
    NumbersBlanked,
    Rewritten,
}

/// A synthetic corpus and the planted pairs `(original, copy)`.
pub struct Corpus {
    pub docs: Vec<String>,
    pub planted: Vec<(usize, usize, Edit)>,
}

/// Sentences of the prov2026 reports (or, without them, of `corpus/`).
pub fn sentences(manifest_dir: &Path) -> Vec<String> {
    let prov = manifest_dir.join("../shared/corpora/prov2026");
    let dir = if prov.is_dir() {
        prov
    } else {
        manifest_dir.join("corpus")
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for s in text.split_inclusive(['。', '！', '？', '\n']) {
            let s = s.trim().trim_matches('"');
            if s.chars().count() >= 8 {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// `n` documents of about `chars` characters; about one in fifty is a
/// planted near-duplicate of an earlier document.
pub fn corpus(sentences: &[String], n: usize, chars: usize, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed);
    let alphabet: Vec<char> = sentences
        .iter()
        .take(2000)
        .flat_map(|s| s.chars())
        .collect();
    let mut docs: Vec<String> = Vec::with_capacity(n);
    let mut planted = Vec::new();
    for i in 0..n {
        if i > 10 && rng.chance(0.02) {
            let original = rng.below(i);
            let edit = [
                Edit::Exact,
                Edit::Truncated,
                Edit::NumbersBlanked,
                Edit::Rewritten,
            ][rng.below(4)];
            let copy = planted_copy(&docs[original], edit, &mut rng);
            docs.push(copy);
            planted.push((original, i, edit));
        } else {
            docs.push(document(sentences, &alphabet, chars, &mut rng));
        }
    }
    Corpus { docs, planted }
}

/// A fresh document: random sentences, a third of them edited, in
/// paragraphs of three to six sentences.
fn document(sentences: &[String], alphabet: &[char], chars: usize, rng: &mut Rng) -> String {
    let mut doc = String::with_capacity(chars * 3 + 64);
    let (mut count, mut in_paragraph) = (0, 0);
    while count < chars {
        let s = &sentences[rng.below(sentences.len())];
        let s = if rng.chance(0.3) {
            edited(s, alphabet, rng)
        } else {
            s.clone()
        };
        count += s.chars().count();
        doc.push_str(&s);
        in_paragraph += 1;
        if in_paragraph >= 3 + rng.below(4) {
            doc.push('\n');
            in_paragraph = 0;
        }
    }
    doc
}

/// `s` with a few characters replaced and its numbers changed.
fn edited(s: &str, alphabet: &[char], rng: &mut Rng) -> String {
    let edits = 1 + rng.below(3);
    let mut out: Vec<char> = s.chars().collect();
    for _ in 0..edits {
        let at = rng.below(out.len());
        out[at] = alphabet[rng.below(alphabet.len())];
    }
    let digit = |c: char, rng: &mut Rng| {
        if c.is_ascii_digit() {
            (b'0' + rng.below(10) as u8) as char
        } else {
            c
        }
    };
    out.into_iter().map(|c| digit(c, rng)).collect()
}

fn planted_copy(original: &str, edit: Edit, rng: &mut Rng) -> String {
    match edit {
        Edit::Exact => original.to_string(),
        Edit::Truncated => {
            let keep = original.chars().count() * (60 + rng.below(31)) / 100;
            original.chars().take(keep).collect()
        }
        Edit::NumbersBlanked => {
            let mut out = String::with_capacity(original.len());
            let mut in_number = false;
            for c in original.chars() {
                if c.is_ascii_digit() {
                    if !in_number {
                        out.push_str("XX");
                    }
                    in_number = true;
                } else {
                    in_number = false;
                    out.push(c);
                }
            }
            out
        }
        Edit::Rewritten => original
            .split_inclusive('。')
            .map(|s| {
                if rng.chance(0.1) {
                    s.chars().rev().collect()
                } else {
                    s.to_string()
                }
            })
            .collect(),
    }
}
