//! Snippets of a hit: a window around the first match, every match in it
//! flagged, and their HTML form.

use crate::text::fold_char;

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
pub(super) fn highlight_terms(mut terms: Vec<String>) -> Vec<String> {
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

/// A window of about `2 * radius` characters around the first match of any
/// term, every match inside it flagged. Matching is on folded characters, so
/// `gdp` finds `ＧＤＰ`; the pieces are the original text, cut at character
/// boundaries.
pub fn snippet(text: &str, terms: &[String], radius: usize) -> Snippet {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars
        .iter()
        .map(|&c| fold_char(c).to_ascii_lowercase())
        .collect();
    let term_chars: Vec<Vec<char>> = terms.iter().map(|t| t.chars().collect()).collect();
    let match_at = |i: usize| {
        term_chars
            .iter()
            .find(|t| !t.is_empty() && folded[i..].starts_with(t))
            .map(|t| t.len())
    };
    let first = (0..folded.len()).find(|&i| match_at(i).is_some());
    let centre = first.unwrap_or(0);
    let start = centre.saturating_sub(radius);
    let end = (centre + radius).min(chars.len());
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut plain = String::new();
    let mut i = start;
    while i < end {
        if let Some(len) = match_at(i) {
            if !plain.is_empty() {
                parts.push((std::mem::take(&mut plain), false));
            }
            parts.push((chars[i..i + len].iter().collect(), true));
            i += len;
        } else {
            plain.push(if chars[i] == '\n' || chars[i] == '\r' {
                ' '
            } else {
                chars[i]
            });
            i += 1;
        }
    }
    if !plain.is_empty() {
        parts.push((plain, false));
    }
    Snippet { parts }
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
    }

    #[test]
    fn snippet_without_match_starts_at_the_beginning() {
        let s = snippet("甲乙丙", &["丁".to_string()], 10);
        assert_eq!(s.parts, vec![("甲乙丙".to_string(), false)]);
    }
}
