//! Web pages (`.html`, `.htm`): one document per page, its `<title>` the
//! title, its text the page's main text as a browser lays it out in lines,
//! without scripts, styles and the site's chrome (navigation, header,
//! footer, breadcrumbs, share bars).

use super::{FileBytes, Parsed, RawDoc};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node, Selector};

/// Reads `.html` and `.htm` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    super::read_text(file, |html, _| {
        let (title, text) = page_text(html);
        let ordinal = 1;
        vec![RawDoc {
            title,
            text,
            ordinal,
            ..RawDoc::default()
        }]
    })
}

/// Elements that never hold the page's text.
const CHROME_TAGS: [&str; 15] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "object", "canvas",
];
/// ARIA roles of chrome.
const CHROME_ROLES: [&str; 5] = [
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "complementary",
];
/// Class names and ids that government and news sites give their chrome
/// (whole names only: `content-header` is not chrome).
const CHROME_NAMES: [&str; 12] = [
    "nav",
    "navbar",
    "menu",
    "header",
    "footer",
    "breadcrumb",
    "crumb",
    "share",
    "sidebar",
    "copyright",
    "toolbar",
    "position",
];
/// Elements that start and end a line.
const BLOCK_TAGS: [&str; 29] = [
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "tr",
    "ul",
];

/// The title and the main text of a page.
pub fn page_text(html: &str) -> (Option<String>, String) {
    let doc = scraper::Html::parse_document(html);
    let title = first(&doc, "title")
        .map(|t| collapse(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    (title, visible_text(content_root(&doc)))
}

fn first<'a>(doc: &'a scraper::Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    doc.select(&selector).next()
}

/// Where the main text is: the `<article>` with the most text, else the
/// `<main>` element, else the body (chrome is left out in all cases).
fn content_root(doc: &scraper::Html) -> ElementRef<'_> {
    for selector in ["article", "main, [role=main]"] {
        let Ok(selector) = Selector::parse(selector) else {
            continue;
        };
        let largest = doc
            .select(&selector)
            .max_by_key(|e| e.text().map(str::len).sum::<usize>());
        if let Some(e) = largest {
            return e;
        }
    }
    first(doc, "body").unwrap_or_else(|| doc.root_element())
}

/// Whether an element is chrome: by tag, role, class or id, or hidden.
fn is_chrome(e: &scraper::node::Element) -> bool {
    let name = e.name();
    let chrome_name = |n: &str| CHROME_NAMES.iter().any(|c| n.eq_ignore_ascii_case(c));
    let hidden = e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        });
    CHROME_TAGS.contains(&name)
        || e.attr("role").is_some_and(|r| CHROME_ROLES.contains(&r))
        || e.classes().any(chrome_name)
        || e.id().is_some_and(chrome_name)
        || hidden
}

/// The text under `root` in lines: block elements and `<br>` break lines,
/// table cells are separated by a tab, runs of white space are one space.
fn visible_text(root: ElementRef<'_>) -> String {
    let mut out = Lines::default();
    // Depth inside a chrome element: nothing under it is read.
    let mut skip = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if skip > 0 || is_chrome(e) => skip += 1,
                Node::Element(e) => match e.name() {
                    "br" => out.line_break(),
                    "td" | "th" => out.cell(),
                    n if BLOCK_TAGS.contains(&n) => out.end_line(),
                    _ => {}
                },
                Node::Text(t) if skip == 0 => out.push_text(t),
                _ => {}
            },
            Edge::Close(node) => match node.value() {
                Node::Element(_) if skip > 0 => skip -= 1,
                Node::Element(e) if BLOCK_TAGS.contains(&e.name()) => out.end_line(),
                _ => {}
            },
        }
    }
    out.finish()
}

/// Text laid out in lines, white space collapsed as a browser does.
#[derive(Default)]
struct Lines {
    out: String,
    space: bool,
}

impl Lines {
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if is_html_space(c) {
                self.space = !self.at_line_start();
            } else {
                if std::mem::take(&mut self.space) {
                    self.out.push(' ');
                }
                self.out.push(c);
            }
        }
    }
    /// Ends the line unless it is empty: blocks don't make blank lines.
    fn end_line(&mut self) {
        self.space = false;
        if !self.at_line_start() {
            self.out.push('\n');
        }
    }
    /// `<br>`: a line break even on an empty line.
    fn line_break(&mut self) {
        self.space = false;
        self.out.push('\n');
    }
    fn cell(&mut self) {
        self.space = false;
        if !self.at_line_start() {
            self.out.push('\t');
        }
    }
    fn finish(self) -> String {
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        lines.join("\n").trim_matches('\n').to_string()
    }
}

/// HTML's white space, and the no-break space that pages use to indent
/// paragraphs.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}')
}

/// Runs of white space as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split(is_html_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::readers::fixtures;

    #[test]
    fn chrome_scripts_and_styles_are_left_out() {
        let page = r#"<html><head><title> 合山市 工作总结 </title>
            <style>p { color: red }</style></head>
            <body><div id="header">合山市人民政府门户网站</div>
            <ul class="nav menu"><li>首页</li><li>政务公开</li></ul>
            <div class="crumb">当前位置：首页</div>
            <div id="zoom"><p>　　全年培训干部<b>1963</b>人，
            增长5.4%。</p><p>第二段<br>换行</p>
            <table><tr><td>指标</td><td>增长</td></tr></table>
            <p style="display: none">隐藏</p>
            <script>document.write("统计")</script></div>
            <div class="footer">版权所有</div></body></html>"#;
        let (title, text) = page_text(page);
        assert_eq!(title.as_deref(), Some("合山市 工作总结"));
        assert_eq!(
            text,
            "　　全年培训干部1963人， 增长5.4%。\n第二段\n换行\n指标\t增长"
        );
    }

    #[test]
    fn an_html_copy_of_the_seed_reads_as_the_txt() {
        let (_, encoding) = fixtures::seed_copy("seed1.html");
        assert_eq!(encoding, "UTF-8");
    }

    #[test]
    fn an_old_style_gbk_page_without_article_markup() {
        // Table layout, chrome in divs named by class and id, GBK bytes.
        let article = fixtures::seed_article();
        let paras: String = article.lines().map(|l| format!("<p>{l}</p>\n")).collect();
        let page = format!(
            "<html><head><meta charset=gbk><title>合山市人民政府</title></head><body>\
             <div id=top><a>首页</a></div><div class=\"position\">您的位置：首页</div>\
             <table><tr><td><div id=zoom>{paras}</div></td></tr></table>\
             <div class=\"bottom copyright\">主办：合山市人民政府</div></body></html>"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        let parsed = fixtures::read("old.htm", gbk.into_owned()).unwrap();
        let doc = &parsed.docs[0];
        // GBK bytes read as GB18030, of which GBK is a part.
        assert_eq!(parsed.encoding, "gb18030");
        assert_eq!(doc.title.as_deref(), Some("合山市人民政府"));
        let text = fixtures::squash(&doc.text);
        assert!(text.ends_with(&fixtures::squash(&article)), "{}", doc.text);
        assert!(
            !text.contains("位置") && !text.contains("主办"),
            "{}",
            doc.text
        );
    }

    #[test]
    fn the_largest_article_is_the_text() {
        let page = "<body><nav>导航</nav><article><p>短</p></article>\
            <article><h1>标题</h1><p>正文较长的一篇文章</p></article><p>页脚</p></body>";
        let (title, text) = page_text(page);
        assert_eq!(title, None);
        assert_eq!(text, "标题\n正文较长的一篇文章");
    }

    #[test]
    fn broken_markup_still_gives_text() {
        let (_, text) = page_text("<p>未闭合<div>嵌套</p></span>尾巴");
        assert_eq!(text, "未闭合\n嵌套\n尾巴");
    }
}
