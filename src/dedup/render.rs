//! Rendering of a diff for a person: a character-level diff of edited
//! passages and the plain-text form the CLI prints.

use super::diff::{lcs, DiffBlock, DiffKind};
use std::ops::Range;

/// Character-level diff of two (short) texts, as pieces in reading order:
/// `Same` (text of A), `OnlyA` (text of A), `OnlyB` (text of B). Texts too
/// long for the bounded LCS come back as one `OnlyA` and one `OnlyB` piece
/// between their common prefix and suffix.
pub fn inline_diff<'a>(a: &'a str, b: &'a str) -> Vec<(DiffKind, &'a str)> {
    let ca: Vec<(usize, char)> = a.char_indices().collect();
    let cb: Vec<(usize, char)> = b.char_indices().collect();
    let prefix = ca.iter().zip(&cb).take_while(|(x, y)| x.1 == y.1).count();
    let room = ca.len().min(cb.len()) - prefix;
    let suffix = ca
        .iter()
        .rev()
        .zip(cb.iter().rev())
        .take(room)
        .take_while(|(x, y)| x.1 == y.1)
        .count();
    let at = |cs: &[(usize, char)], i: usize, len: usize| cs.get(i).map_or(len, |c| c.0);
    let (a0, a1) = (
        at(&ca, prefix, a.len()),
        at(&ca, ca.len() - suffix, a.len()),
    );
    let (b0, b1) = (
        at(&cb, prefix, b.len()),
        at(&cb, cb.len() - suffix, b.len()),
    );
    let mut pieces = vec![(DiffKind::Same, 0..a0)];
    let mid_a: Vec<char> = a[a0..a1].chars().collect();
    let mid_b: Vec<char> = b[b0..b1].chars().collect();
    match lcs(&mid_a, &mid_b) {
        Some(m) => middle_pieces(&a[a0..a1], &b[b0..b1], (a0, b0), &m, &mut pieces),
        None => pieces.extend([(DiffKind::OnlyA, a0..a1), (DiffKind::OnlyB, b0..b1)]),
    }
    pieces.push((DiffKind::Same, a1..a.len()));
    merge_pieces(pieces)
        .into_iter()
        .map(|(kind, r)| {
            (
                kind,
                if kind == DiffKind::OnlyB {
                    &b[r]
                } else {
                    &a[r]
                },
            )
        })
        .collect()
}

/// Pieces (byte ranges of A, or of B for `OnlyB`) of the middle of an
/// inline diff, which starts at byte `origin` of each text, from its matched
/// character pairs.
fn middle_pieces(
    a: &str,
    b: &str,
    origin: (usize, usize),
    m: &[(usize, usize)],
    out: &mut Vec<(DiffKind, Range<usize>)>,
) {
    let oa: Vec<usize> = a
        .char_indices()
        .map(|c| c.0 + origin.0)
        .chain([a.len() + origin.0])
        .collect();
    let ob: Vec<usize> = b
        .char_indices()
        .map(|c| c.0 + origin.1)
        .chain([b.len() + origin.1])
        .collect();
    let end = (oa.len() - 1, ob.len() - 1);
    let (mut i, mut j) = (0, 0);
    for &(x, y) in m.iter().chain([&end]) {
        out.push((DiffKind::OnlyA, oa[i]..oa[x]));
        out.push((DiffKind::OnlyB, ob[j]..ob[y]));
        if (x, y) != end {
            out.push((DiffKind::Same, oa[x]..oa[x + 1]));
        }
        (i, j) = (x + 1, y + 1);
    }
}

/// Drops empty pieces and joins neighbours of one kind that touch.
fn merge_pieces(pieces: Vec<(DiffKind, Range<usize>)>) -> Vec<(DiffKind, Range<usize>)> {
    let mut out: Vec<(DiffKind, Range<usize>)> = Vec::new();
    for (kind, r) in pieces.into_iter().filter(|p| !p.1.is_empty()) {
        match out.last_mut() {
            Some(last) if last.0 == kind && last.1.end == r.start => last.1.end = r.end,
            _ => out.push((kind, r)),
        }
    }
    out
}

/// Plain-text rendering of a diff for the terminal: passages in common are
/// summarized, passages only in one text are printed in full (`-` for A, `+`
/// for B), edited passages are printed once with `[-A's text-]{+B's text+}`
/// marks. Line numbers (`A12`, `B14-20`) are 1-based lines of each text.
pub fn render_diff(blocks: &[DiffBlock]) -> String {
    let mut out = String::new();
    let (mut line_a, mut line_b) = (1, 1);
    for block in blocks {
        let la = lines(line_a, &block.a_text);
        let lb = lines(line_b, &block.b_text);
        match block.kind {
            DiffKind::Same => render_same(&mut out, &la, &lb, &block.a_text),
            DiffKind::OnlyA => render_only(&mut out, '-', &format!("A{la}"), &block.a_text),
            DiffKind::OnlyB => render_only(&mut out, '+', &format!("B{lb}"), &block.b_text),
            DiffKind::Changed => render_changed(&mut out, &la, &lb, block),
        }
        line_a += block.a_text.matches('\n').count();
        line_b += block.b_text.matches('\n').count();
    }
    out
}

/// `12` or `12-14`: the lines a block's text covers, from line `first`.
fn lines(first: usize, text: &str) -> String {
    let last = first + text.trim_end().matches('\n').count();
    if last == first {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

fn char_count(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

fn render_same(out: &mut String, la: &str, lb: &str, text: &str) {
    let flat: Vec<char> = text
        .split_whitespace()
        .collect::<String>()
        .chars()
        .collect();
    let excerpt: String = if flat.len() <= 30 {
        flat.iter().collect()
    } else {
        let head: String = flat[..12].iter().collect();
        let tail: String = flat[flat.len() - 12..].iter().collect();
        format!("{head}…{tail}")
    };
    out.push_str(&format!(
        "= A{la} B{lb}  {} chars in both  {excerpt}\n",
        char_count(text)
    ));
}

fn render_only(out: &mut String, mark: char, lines: &str, text: &str) {
    let side = if mark == '-' { "A" } else { "B" };
    out.push_str(&format!(
        "{mark} {lines}  only in {side}, {} chars\n",
        char_count(text)
    ));
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(&format!("{mark} {line}\n"));
    }
}

fn render_changed(out: &mut String, la: &str, lb: &str, block: &DiffBlock) {
    out.push_str(&format!("~ A{la} B{lb}  changed\n~ "));
    out.push_str(&marked(block.a_text.trim_end(), block.b_text.trim_end()));
    out.push('\n');
}

/// `a` and `b` on one line, what only A has as `[-…-]` and what only B
/// has as `{+…+}` (line breaks shown as spaces).
pub fn marked(a: &str, b: &str) -> String {
    let mut out = String::new();
    for (kind, piece) in inline_diff(a, b) {
        let blank = piece.trim().is_empty();
        let piece = piece.replace('\n', " ");
        match kind {
            DiffKind::OnlyA if blank => {}
            DiffKind::OnlyA => out.push_str(&format!("[-{piece}-]")),
            DiffKind::OnlyB if !blank => out.push_str(&format!("{{+{piece}+}}")),
            _ => out.push_str(&piece),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_pieces() {
        let p = inline_diff("提高素质是基矗干部", "提高素质是基础。干部");
        use DiffKind::*;
        assert_eq!(
            p,
            vec![
                (Same, "提高素质是基"),
                (OnlyA, "矗"),
                (OnlyB, "础。"),
                (Same, "干部")
            ]
        );
        assert_eq!(inline_diff("", ""), vec![]);
        assert_eq!(inline_diff("ab", "ab"), vec![(Same, "ab")]);
    }
}
