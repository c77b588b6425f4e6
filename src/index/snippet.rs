//! Snippets of a hit: a window around the first match, every match in it
//! flagged, and their HTML form.

use crate::text::{fold_char, is_inline_space, unfold};

/// A snippet as pieces of text, the matched ones flagged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snippet {
    pub parts: Vec<(String, bool)>,
}

impl Snippet {
    /// HTML-escaped, matches wrapped in `<b>…</b>`.
    pub fn to_html(&self) -> String {
        self.parts
            .iter()
            .map(|(s, hit)| {
                if *hit {
                    format!("<b>{}</b>", escape_html(s))
                } else {
                    escape_html(s)
                }
            })
            .collect()
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Highlight terms, folded, longest first so that longer matches win.
pub fn highlight_terms(mut terms: Vec<String>) -> Vec<String> {
    for t in terms.iter_mut() {
        *t = t
            .chars()
            .map(|c| fold_char(c).to_ascii_lowercase())
            .collect();
    }
    terms.retain(|t| !t.trim().is_empty());
    terms.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    terms.dedup();
    terms
}

/// Byte ranges of every match of `terms` (as [`super::query_terms`] gives
/// them) in `text`, left to right, a longer term winning where two start
/// at one place; matching is on folded characters, as in [`snippet`].
pub fn matches(text: &str, terms: &[String]) -> Vec<std::ops::Range<usize>> {
    let term_chars: Vec<Vec<char>> = terms.iter().map(|t| t.chars().collect()).collect();
    let mut out = Vec::new();
    let mut from = 0;
    for b in Starts::new(text, &term_chars) {
        if b < from {
            continue;
        }
        if let Some(end) = term_chars.iter().find_map(|t| match_at(text, b, t)) {
            out.push(b..end);
            from = end;
        }
    }
    out
}

/// The byte offsets, ascending, where a character that folds to the first
/// character of a term stands: where a match may start. Each such
/// character is looked for with `memmem` — the text is not folded.
struct Starts<'t> {
    text: &'t [u8],
    needles: Vec<([u8; 4], usize)>,
    next: Vec<Option<usize>>,
}

impl<'t> Starts<'t> {
    fn new(text: &'t str, terms: &[Vec<char>]) -> Starts<'t> {
        let mut firsts: Vec<char> = terms
            .iter()
            .filter_map(|t| t.first())
            .flat_map(|&c| unfold(c))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let needles: Vec<([u8; 4], usize)> = firsts
            .iter()
            .map(|c| {
                let mut buf = [0u8; 4];
                let len = c.encode_utf8(&mut buf).len();
                (buf, len)
            })
            .collect();
        let text = text.as_bytes();
        let next = needles
            .iter()
            .map(|(n, len)| memchr::memmem::find(text, &n[..*len]))
            .collect();
        Starts {
            text,
            needles,
            next,
        }
    }
}

impl Iterator for Starts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let (i, at) = self
            .next
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .min_by_key(|&(_, p)| p)?;
        let (n, len) = &self.needles[i];
        let from = at + len;
        self.next[i] = memchr::memmem::find(&self.text[from..], &n[..*len]).map(|p| from + p);
        Some(at)
    }
}

/// The byte offset just past a match of `term` starting at byte `b` of
/// `text`, if one starts there: each character folded, spaces within a
/// line allowed between the term's characters, as the index lets a phrase
/// match across them.
fn match_at(text: &str, b: usize, term: &[char]) -> Option<usize> {
    let (first, rest) = term.split_first()?;
    let mut chars = text[b..].char_indices();
    if chars.next().map(|(_, c)| fold(c)) != Some(*first) {
        return None;
    }
    for &want in rest {
        loop {
            let (_, c) = chars.next()?;
            let f = fold(c);
            if f == want {
                break;
            }
            if !is_inline_space(f) {
                return None;
            }
        }
    }
    Some(b + chars.offset())
}

/// A window of about `2 * radius` characters around the first match of any
/// term, every match inside it flagged. Matching is on folded characters, so
/// `gdp` finds `ＧＤＰ`; the pieces are the original text, cut at character
/// boundaries.
pub fn snippet(text: &str, terms: &[String], radius: usize) -> Snippet {
    let term_chars: Vec<Vec<char>> = terms.iter().map(|t| t.chars().collect()).collect();
    let longest = term_chars.iter().map(Vec::len).max().unwrap_or(0);
    // Only the window is cut into characters: a hit's text may be long.
    let centre = first_match(text, &term_chars).unwrap_or(0);
    let start = text[..centre]
        .char_indices()
        .rev()
        .take(radius)
        .last()
        .map_or(centre, |(b, _)| b);
    let mut after = text[centre..].char_indices().map(|(b, _)| centre + b);
    let end = after.nth(radius).unwrap_or(text.len());
    let reach = text[end..]
        .char_indices()
        .nth(2 * longest)
        .map_or(text.len(), |(b, _)| end + b);
    // A match starting in the window may run past it, up to `reach`.
    let near = &text[..reach];
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut plain = String::new();
    let mut from = start;
    for (b, c) in text[start..end].char_indices().map(|(b, c)| (start + b, c)) {
        if b < from {
            continue;
        }
        if let Some(e) = term_chars.iter().find_map(|t| match_at(near, b, t)) {
            if !plain.is_empty() {
                parts.push((std::mem::take(&mut plain), false));
            }
            parts.push((text[b..e].to_string(), true));
            from = e;
        } else {
            plain.push(if c == '\n' || c == '\r' { ' ' } else { c });
        }
    }
    if !plain.is_empty() {
        parts.push((plain, false));
    }
    Snippet { parts }
}

fn fold(c: char) -> char {
    fold_char(c).to_ascii_lowercase()
}

/// The byte offset of the first match of any of `terms` (folded), found
/// without folding the text before it.
fn first_match(text: &str, terms: &[Vec<char>]) -> Option<usize> {
    Starts::new(text, terms).find(|&b| terms.iter().any(|t| match_at(text, b, t).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_exactly_the_terms_on_mixed_text() {
        let text = "前文。全市ＧＤＰ增长12.8%，gdp总量120550万元<好>";
        let s = snippet(text, &highlight_terms(vec!["GDP".into()]), 20);
        let marked: Vec<&str> = s
            .parts
            .iter()
            .filter(|p| p.1)
            .map(|p| p.0.as_str())
            .collect();
        assert_eq!(marked, ["ＧＤＰ", "gdp"]);
        let html = snippet(text, &highlight_terms(vec!["万元".into()]), 40).to_html();
        assert!(html.contains("<b>万元</b>&lt;好&gt;"), "{html}");
        let at: Vec<&str> = matches(text, &highlight_terms(vec!["GDP".into(), "万元".into()]))
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(at, ["ＧＤＰ", "gdp", "万元"]);
        let text = "改革 开放，改革、开放，改革\n开放";
        let at: Vec<&str> = matches(text, &highlight_terms(vec!["改革开放".into()]))
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            at,
            ["改革 开放"],
            "spaces within a phrase, not punctuation or lines"
        );
    }

    /// The characters `term` takes from `folded[i..]` when it starts there:
    /// spaces within a line may stand between its characters, as the index
    /// lets a phrase match across them.
    fn match_len(folded: &[char], i: usize, term: &[char]) -> Option<usize> {
        let (first, rest) = term.split_first()?;
        if folded.get(i) != Some(first) {
            return None;
        }
        let mut j = i + 1;
        for &c in rest {
            while folded.get(j).is_some_and(|&f| f != c && is_inline_space(f)) {
                j += 1;
            }
            if folded.get(j) != Some(&c) {
                return None;
            }
            j += 1;
        }
        Some(j - i)
    }

    /// What `matches` gives, by folding every character and trying every
    /// term at every one.
    fn matches_by_folding(text: &str, terms: &[String]) -> Vec<std::ops::Range<usize>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let folded: Vec<char> = chars.iter().map(|&(_, c)| fold(c)).collect();
        let term_chars: Vec<Vec<char>> = terms.iter().map(|t| t.chars().collect()).collect();
        let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
        let (mut out, mut i) = (Vec::new(), 0);
        while i < folded.len() {
            match term_chars.iter().find_map(|t| match_len(&folded, i, t)) {
                Some(len) => {
                    out.push(byte_at(i)..byte_at(i + len));
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn matches_found_from_unfolded_starts_are_those_of_folding_everything() {
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let mixed = format!("{seed}\n推進數字化 改革　開放，ＧＤＰ增长５．３％ Gdp ⻄部 西部");
        let chars: Vec<char> = mixed.chars().collect();
        let mut checked = 0;
        for (k, at) in (0..chars.len()).step_by(89).enumerate() {
            let len = 1 + k % 4;
            let Some(piece) = chars.get(at..at + len) else {
                continue;
            };
            let terms = highlight_terms(vec![piece.iter().collect(), "数字".into(), "gdp".into()]);
            assert_eq!(
                matches(&mixed, &terms),
                matches_by_folding(&mixed, &terms),
                "{terms:?}"
            );
            let centre = first_match(
                &mixed,
                &terms
                    .iter()
                    .map(|t| t.chars().collect())
                    .collect::<Vec<_>>(),
            );
            assert_eq!(
                centre,
                matches_by_folding(&mixed, &terms).first().map(|r| r.start)
            );
            checked += 1;
        }
        assert!(checked > 20, "{checked}");
        let terms = highlight_terms(vec!["改革开放".into(), "西部".into()]);
        let found: Vec<&str> = matches(&mixed, &terms)
            .into_iter()
            .map(|r| &mixed[r])
            .collect();
        assert!(
            found.ends_with(&["改革　開放", "⻄部", "西部"]),
            "{found:?}"
        );
    }

    #[test]
    fn snippet_without_match_starts_at_the_beginning() {
        let s = snippet("甲乙丙", &["丁".to_string()], 10);
        assert_eq!(s.parts, vec![("甲乙丙".to_string(), false)]);
    }
}
