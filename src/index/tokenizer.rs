//! The index's tokenizers: the words of the single segmentation pass at
//! index time, jieba at query time, and one token per character.

use crate::segment::{self, Segmenter};
use crate::text::{fold_char, is_inline_space, is_word_char, Token};
use tantivy::tokenizer::{
    PreTokenizedStream, PreTokenizedString, Token as TvToken, TokenStream, Tokenizer,
};

/// Name of the word tokenizer of the `body` and `title` fields.
pub const WORDS: &str = "gongwen_words";
/// Name of the character tokenizer of the `*_chars` fields.
pub const CHARS: &str = "gongwen_chars";

/// Separates the words of the single segmentation pass in the text the
/// `body` field is fed: tantivy then only splits at it, so jieba runs once
/// per document. (Tantivy's `PreTokenizedString` does the same job but
/// round-trips every token through JSON inside the document; this costs
/// nothing.) The character never occurs in documents: it is a control
/// character that segmentation drops.
pub const WORD_SEPARATOR: char = '\u{1f}';

/// The text fed to the `body` field: the words `tokens` of normalized
/// text `text` (a document view's, or a part of it), lower-cased, joined
/// by [`WORD_SEPARATOR`].
pub fn joined_words(text: &str, tokens: &[Token]) -> String {
    let span = match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => b.end() - a.start(),
        _ => 0,
    };
    let mut out = String::with_capacity(span + tokens.len());
    for t in tokens {
        let word = t.as_str(text);
        // Most words have nothing to lower-case: copied whole.
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            out.push_str(&word.to_ascii_lowercase());
        } else {
            out.push_str(word);
        }
        out.push(WORD_SEPARATOR);
    }
    out
}

/// Index-time tokenizer of the word fields: splits at [`WORD_SEPARATOR`].
#[derive(Clone, Default)]
pub struct SplitWords;

impl Tokenizer for SplitWords {
    type TokenStream<'a> = SplitStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SplitStream<'a> {
        SplitStream {
            text,
            pos: 0,
            token: TvToken::default(),
            started: false,
        }
    }
}

/// The words of a joined text, one at a time.
pub struct SplitStream<'a> {
    text: &'a str,
    pos: usize,
    token: TvToken,
    started: bool,
}

impl TokenStream for SplitStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.pos..];
        let trimmed = rest.trim_start_matches(WORD_SEPARATOR);
        if trimmed.is_empty() {
            return false;
        }
        let start = self.pos + rest.len() - trimmed.len();
        let len = trimmed.find(WORD_SEPARATOR).unwrap_or(trimmed.len());
        self.token.text.clear();
        self.token.text.push_str(&trimmed[..len]);
        self.token.offset_from = start;
        self.token.offset_to = start + len;
        self.token.position = if self.started {
            self.token.position + 1
        } else {
            0
        };
        self.started = true;
        self.pos = start + len;
        true
    }
    fn token(&self) -> &TvToken {
        &self.token
    }
    fn token_mut(&mut self) -> &mut TvToken {
        &mut self.token
    }
}

/// Query-time tokenizer of the word fields: the segmenter ingest used,
/// so that a query is cut into the words the documents were cut into.
#[derive(Clone)]
pub struct WordTokenizer {
    pub segmenter: Segmenter,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = PreTokenizedStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        let tokens = self
            .segmenter
            .segment(text)
            .iter()
            .enumerate()
            .map(|(i, t)| tv_token(t.start(), t.end(), i, segment::index_form(t.as_str(text))))
            .collect();
        PreTokenizedStream::from(PreTokenizedString {
            text: String::new(),
            tokens,
        })
    }
}

/// Character tokenizer of the `*_chars` fields. At index time it is fed
/// a document view's normalized text and has nothing to fold; at query
/// time it folds (normalizes) the query's characters.
#[derive(Clone, Default)]
pub struct CharTokenizer {
    pub fold: bool,
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = CharStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharStream<'a> {
        CharStream {
            text,
            pos: 0,
            token: TvToken::default(),
            count: 0,
            fold: self.fold,
        }
    }
}

/// One token per CJK (or other non-ASCII alphanumeric) character, runs of
/// ASCII letters and runs of digits as one token each (`gdp120550` →
/// `gdp`, `120550`); punctuation and spaces are dropped. Punctuation and
/// line breaks leave a gap of one position, spaces none: a phrase (a run of
/// consecutive positions) then matches across spaces but never across
/// `改革、开放` or the end of a line. Reuses one token
/// buffer: no allocation per character.
pub struct CharStream<'a> {
    text: &'a str,
    pos: usize,
    token: TvToken,
    count: usize,
    fold: bool,
}

impl TokenStream for CharStream<'_> {
    fn advance(&mut self) -> bool {
        let fold = |c: char| if self.fold { fold_char(c) } else { c };
        let mut breaks = false;
        let next = self.text[self.pos..]
            .char_indices()
            .map(|(i, c)| (self.pos + i, fold(c)))
            .find(|&(_, f)| {
                let word = is_word_char(f);
                breaks |= !word && !is_inline_space(f);
                word
            });
        let Some((start, first)) = next else {
            self.pos = self.text.len();
            return false;
        };
        if breaks && self.count > 0 {
            self.count += 1;
        }
        self.token.text.clear();
        self.token.text.push(first.to_ascii_lowercase());
        let mut end = start + self.text[start..].chars().next().map_or(1, char::len_utf8);
        if first.is_ascii_alphanumeric() {
            let base = end;
            for (i, c) in self.text[base..].char_indices() {
                let f = fold(c);
                if !f.is_ascii_alphanumeric() || f.is_ascii_digit() != first.is_ascii_digit() {
                    break;
                }
                self.token.text.push(f.to_ascii_lowercase());
                end = base + i + c.len_utf8();
            }
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.count;
        self.count += 1;
        self.pos = end;
        true
    }
    fn token(&self) -> &TvToken {
        &self.token
    }
    fn token_mut(&mut self) -> &mut TvToken {
        &mut self.token
    }
}

/// All character tokens of `text` (see [`CharStream`]).
pub fn char_tokens(text: &str) -> Vec<TvToken> {
    let mut out = Vec::new();
    let mut tokenizer = CharTokenizer { fold: true };
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

fn tv_token(start: usize, end: usize, position: usize, text: String) -> TvToken {
    TvToken {
        offset_from: start,
        offset_to: end,
        position,
        text,
        position_length: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_words_are_the_folded_lower_cased_words() {
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let mixed = "ＧＤＰ增长５．３％，GDP达到120550万元　Party建设ｚｈｉ";
        let seg = Segmenter::builtin();
        for text in [seed, mixed] {
            let norm = crate::text::Normalized::new(text);
            let tokens = seg.cut(&norm.text);
            let joined = joined_words(&norm.text, &tokens);
            let words: Vec<&str> = joined.split(WORD_SEPARATOR).collect();
            assert_eq!(words.len(), tokens.len() + 1);
            for (w, t) in words.iter().zip(&tokens) {
                let (s, e) = norm.span_to_original(t.start(), t.end());
                assert_eq!(*w, segment::index_form(&text[s..e]));
            }
        }
        let norm = crate::text::normalize(mixed);
        assert!(joined_words(&norm, &seg.cut(&norm)).starts_with("gdp\u{1f}"));
    }

    #[test]
    fn char_tokens_fold_and_keep_ascii_runs() {
        let toks = char_tokens("税收ＧＤＰ增长12.8%,gdp120550万元");
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            ["税", "收", "gdp", "增", "长", "12", "8", "gdp", "120550", "万", "元"]
        );
        assert_eq!(toks[2].offset_from, 6);
        assert_eq!(toks[2].offset_to, 15);
        let positions: Vec<usize> = toks.iter().map(|t| t.position).collect();
        // `.`, `%` and `,` each leave a gap: 12 and 8 are no phrase.
        assert_eq!(positions, [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12]);
    }

    #[test]
    fn phrases_end_at_punctuation_and_line_breaks_not_at_spaces() {
        let positions =
            |text: &str| -> Vec<usize> { char_tokens(text).iter().map(|t| t.position).collect() };
        assert_eq!(positions("改革 开放"), [0, 1, 2, 3]);
        assert_eq!(positions("改革\u{3000}开放"), [0, 1, 2, 3]);
        assert_eq!(positions("改革、开放"), [0, 1, 3, 4]);
        assert_eq!(positions("改革\n开放"), [0, 1, 3, 4]);
        assert_eq!(positions("改革\r\n 开放"), [0, 1, 3, 4]);
        assert_eq!(positions("、改革"), [0, 1]);
    }
}
