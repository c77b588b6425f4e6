//! Splitting one file into articles headed `第一篇:`, `第二篇：` … and
//! reading Chinese numerals in those headings.

/// One article of a file: its heading's title, 1-based ordinal and the
/// byte span of the article (heading line included) in the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: Option<String>,
    pub ordinal: u32,
    pub start: usize,
    pub end: usize,
}

lazy_regex! {
    HEADING = r"(?m)^[ \t\u{3000}]*第([〇零一二两三四五六七八九十百0-9０-９]{1,6})篇[ \t\u{3000}]*[:：][ \t\u{3000}]*([^\r\n]*)";
}

/// Whether `line` is an article heading (`第二篇：…`).
pub fn is_heading(line: &str) -> bool {
    HEADING.find(line).is_some_and(|m| m.start() == 0)
}

/// Splits `text` at article headings. A text without headings is one
/// article without a title; text before the first heading, when it holds
/// more than whitespace, becomes an untitled article of its own.
pub fn split_articles(text: &str) -> Vec<Article> {
    let heads: Vec<_> = HEADING.captures_iter(text).collect();
    if heads.is_empty() {
        return vec![Article {
            title: None,
            ordinal: 1,
            start: 0,
            end: text.len(),
        }];
    }
    let mut out = Vec::with_capacity(heads.len() + 1);
    let first = heads[0].get(0).map_or(0, |m| m.start());
    if !text[..first].trim().is_empty() {
        out.push(Article {
            title: None,
            ordinal: 0,
            start: 0,
            end: first,
        });
    }
    for (i, cap) in heads.iter().enumerate() {
        let start = cap.get(0).map_or(0, |m| m.start());
        let end = heads
            .get(i + 1)
            .and_then(|c| c.get(0))
            .map_or(text.len(), |m| m.start());
        let ordinal = parse_small_numeral(&cap[1]).unwrap_or(i as u32 + 1);
        let title = cap[2].trim().trim_end_matches('\r').to_string();
        out.push(Article {
            title: (!title.is_empty()).then_some(title),
            ordinal,
            start,
            end,
        });
    }
    out
}

/// Reads numbers such as 一, 十二, 九十九, 一百零五, 两, or Arabic digits
/// (half- or full-width). Returns `None` for anything else.
pub fn parse_small_numeral(s: &str) -> Option<u32> {
    let folded: String = s.chars().map(crate::text::fold_char).collect();
    if let Ok(n) = folded.parse::<u32>() {
        return Some(n);
    }
    let (mut total, mut digit) = (0u32, None::<u32>);
    for c in s.chars() {
        let d = match c {
            '〇' | '零' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            _ => return None,
        };
        total += digit.take().unwrap_or(1) * unit;
    }
    let n = total + digit.unwrap_or(0);
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numerals_up_to_ninety_nine_and_beyond() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("九十九", 99),
            ("一百零五", 105),
            ("两", 2),
            ("12", 12),
            ("１２", 12),
        ];
        for (s, n) in cases {
            assert_eq!(parse_small_numeral(s), Some(n), "{s}");
        }
        assert_eq!(parse_small_numeral("甲"), None);
    }

    #[test]
    fn headings_are_told_at_the_start_of_a_line() {
        assert!(is_heading("第二篇:构建学习创新型领导班子的实践与体会"));
        assert!(is_heading("　第十二篇：对话"));
        assert!(!is_heading("在第二篇:中说到"));
        assert!(!is_heading("第二篇文章"));
    }

    #[test]
    fn splits_with_both_colons_and_keeps_spans() {
        let t = "前言\n第一篇:甲文\n正文一\n第二篇：乙文\n正文二\n第九十九篇: 丙文\n正文三";
        let a = split_articles(t);
        assert_eq!(a.len(), 4);
        assert_eq!((a[0].ordinal, a[0].title.as_deref()), (0, None));
        assert_eq!(a[1].title.as_deref(), Some("甲文"));
        assert_eq!(a[2].title.as_deref(), Some("乙文"));
        assert_eq!((a[3].ordinal, a[3].title.as_deref()), (99, Some("丙文")));
        assert!(t[a[2].start..a[2].end].starts_with("第二篇"));
        assert!(t[a[2].start..a[2].end].ends_with("正文二\n"));
    }

    #[test]
    fn a_heading_mid_line_is_not_a_heading() {
        let t = "他说第一篇:不是标题\n正文";
        assert_eq!(split_articles(t).len(), 1);
    }

    #[test]
    fn seed_gives_five_titled_articles() {
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let titles: Vec<_> = split_articles(seed)
            .into_iter()
            .map(|a| a.title.unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "构建学习创新型领导班子的实践与体会",
                "构建学习创新型领导班子的实践与体会",
                "创新型领导班子",
                "学习实践与创新",
                "对话:市县领导班子制度创新与实践",
            ]
        );
    }

    /// Articles are in order, on char boundaries, leave out only blanks
    /// before the first heading, and the last runs to the end.
    fn check_cover(text: &str) {
        let articles = split_articles(text);
        assert!(!articles.is_empty());
        let mut end = 0;
        for a in &articles {
            assert!(end <= a.start && a.start <= a.end, "{articles:?}");
            assert!(text.get(a.start..a.end).is_some(), "{articles:?}");
            assert!(text[end..a.start].trim().is_empty());
            end = a.end;
        }
        assert_eq!(end, text.len());
    }

    fn headed_text() -> impl Strategy<Value = String> {
        #[rustfmt::skip]
        let pieces = vec![
            "第一篇:", "第十二篇：", "第１２篇: ", "第一百零五篇:", "第篇:", "第", "篇", ":", "：", "\n", "\r\n", " ",
            "\t", "\u{3000}", "甲文", "正文。", "二", "〇", "9",
        ];
        crate::test_support::joined(pieces, 0..40)
    }

    proptest! {
        #[test]
        fn numerals_never_panic(s in "[〇零一二两三四五六七八九十百0-9０-９]{0,12}") {
            let _ = parse_small_numeral(&s);
        }

        #[test]
        fn articles_cover_any_text(text in prop_oneof![any::<String>(), headed_text()]) {
            check_cover(&text);
        }
    }
}
