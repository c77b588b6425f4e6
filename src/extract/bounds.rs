//! Where sentences, clauses and list items end in a document: the
//! punctuation that ends a unit, found once per document, so that finding
//! the unit around a figure is a binary search instead of a scan of the
//! text before and after it (done several times for every figure).

/// Which units a character ends, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ends(u8);

/// A sentence, for status and year: 。!? and line breaks.
pub const PERIOD: Ends = Ends(1);
/// A metric's reach (财政收入…;社会消费品…): a sentence or a `;`.
pub const SEMI: Ends = Ends(2);
/// A list of items paired by 分别: also `,` and `:`.
pub const LIST_ENDS: Ends = Ends(4);
/// A clause: also `、`.
pub const CLAUSE: Ends = Ends(8);

/// The units `c` ends (none for most characters).
fn ends_of(c: char) -> u8 {
    match c {
        '。' | '!' | '?' | '\n' => PERIOD.0 | SEMI.0 | LIST_ENDS.0 | CLAUSE.0,
        ';' => SEMI.0 | LIST_ENDS.0 | CLAUSE.0,
        ',' | ':' => LIST_ENDS.0 | CLAUSE.0,
        '、' => CLAUSE.0,
        _ => 0,
    }
}

/// Whether `c` ends a `unit`.
pub fn ends(c: char, unit: Ends) -> bool {
    ends_of(c) & unit.0 != 0
}

/// One ending character: its byte offset, byte length and the units it ends.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    len: u8,
    ends: u8,
}

/// The ending characters of a text, in text order.
#[derive(Debug, Default)]
pub struct Bounds(Vec<Mark>);

impl Bounds {
    /// The ending characters of `text`.
    pub fn new(text: &str) -> Bounds {
        let marks = text
            .char_indices()
            .filter_map(|(at, c)| {
                let ends = ends_of(c);
                (ends != 0).then(|| Mark {
                    at,
                    len: c.len_utf8() as u8,
                    ends,
                })
            })
            .collect();
        Bounds(marks)
    }

    /// The byte right after the last character ending `unit` that lies
    /// wholly in `floor..pos`, or `floor` when there is none.
    pub fn start(&self, floor: usize, pos: usize, unit: Ends) -> usize {
        let i = self.0.partition_point(|m| m.at < pos);
        self.0[..i]
            .iter()
            .rev()
            .take_while(|m| m.at >= floor)
            .find(|m| m.ends & unit.0 != 0 && m.at + usize::from(m.len) <= pos)
            .map_or(floor, |m| m.at + usize::from(m.len))
    }

    /// The byte right after the first character ending `unit` that lies
    /// wholly in `pos..ceil`, or `ceil` when there is none.
    pub fn end(&self, pos: usize, ceil: usize, unit: Ends) -> usize {
        let i = self.0.partition_point(|m| m.at < pos);
        self.0[i..]
            .iter()
            .take_while(|m| m.at < ceil)
            .find(|m| m.ends & unit.0 != 0 && m.at + usize::from(m.len) <= ceil)
            .map_or(ceil, |m| m.at + usize::from(m.len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a scan of the text finds: the reference the marks must agree with.
    fn scanned_start(text: &str, floor: usize, pos: usize, set: &[char]) -> usize {
        text[floor..pos].rfind(set).map_or(floor, |i| {
            floor + i + text[floor + i..].chars().next().map_or(1, char::len_utf8)
        })
    }

    fn scanned_end(text: &str, pos: usize, ceil: usize, set: &[char]) -> usize {
        text[pos..ceil].find(set).map_or(ceil, |i| {
            pos + i + text[pos + i..].chars().next().map_or(1, char::len_utf8)
        })
    }

    #[test]
    fn units_found_from_the_marks_are_those_a_scan_finds() {
        // Folded text (ASCII punctuation), with every kind of ending.
        let text = "2025年,全省地区生产总值增长5.4%;一般公共预算收入增长3.2%、税收\n\
                    收入增长4%。居民人均可支配收入:增长5.5%!分别增长6.5%和7%?完";
        let units: [(Ends, &[char]); 4] = [
            (PERIOD, &['。', '!', '?', '\n']),
            (SEMI, &['。', '!', '?', '\n', ';']),
            (LIST_ENDS, &[',', ':', ';', '。', '!', '?', '\n']),
            (CLAUSE, &[',', '、', ':', ';', '。', '!', '?', '\n']),
        ];
        let bounds = Bounds::new(text);
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (unit, set) in units {
            for &pos in &cuts {
                for &other in &cuts {
                    if other <= pos {
                        assert_eq!(
                            bounds.start(other, pos, unit),
                            scanned_start(text, other, pos, set),
                            "start {other}..{pos}"
                        );
                    } else {
                        assert_eq!(
                            bounds.end(pos, other, unit),
                            scanned_end(text, pos, other, set),
                            "end {pos}..{other}"
                        );
                    }
                }
            }
        }
    }
}
