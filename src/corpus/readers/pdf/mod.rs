//! PDF files with a text layer: the text shown on each page, in page
//! order, laid out in lines by position (see [`layout`] for running
//! headers, footers and wrapped lines), then split into articles as a text
//! file is. A PDF whose pages hold no text (scanned images) is one clear
//! message; so is one that needs a password.
//!
//! Text is read from the page content streams through the fonts' encodings
//! and ToUnicode maps (`lopdf`); text drawn inside form XObjects is not
//! read.

pub mod layout;

use super::text::articles;
use super::{FileBytes, Parsed};
use crate::corpus::Problem;
use layout::Piece;
use lopdf::{content::Content, Document, Encoding, Object, ObjectId};
use std::collections::BTreeMap;

/// The most one page's content stream (and a font's ToUnicode map) may
/// unpack to: a guard against decompression bombs.
const MAX_PAGE_BYTES: usize = 64 << 20;

/// The sniff of PDF files: a `%PDF-` header in the first kilobyte.
pub fn sniff(head: &[u8]) -> Result<(), String> {
    // Readers accept a header anywhere in the first kilobyte.
    let start = &head[..head.len().min(1024)];
    if head.is_empty() {
        Err("empty file".into())
    } else if memchr::memmem::find(start, b"%PDF-").is_some() {
        Ok(())
    } else {
        Err("not a real .pdf file (no %PDF header)".into())
    }
}

/// Reads `.pdf` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    let doc = Document::load_mem(&file.bytes).map_err(|e| format!("corrupt PDF ({e})"))?;
    drop(file.bytes);
    if doc.is_encrypted() {
        return Err("encrypted PDF that needs a password; not read".into());
    }
    if doc.get_pages().is_empty() {
        return Err("corrupt PDF (no pages found)".into());
    }
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    for (number, id) in doc.get_pages() {
        match page_pieces(&doc, id) {
            Ok(pieces) => pages.push(layout::lines(pieces)),
            Err(e) => problems.push(Problem::new(
                file.path,
                None,
                format!("page {number} skipped: {e}"),
            )),
        }
    }
    if pages.iter().all(Vec::is_empty) && problems.is_empty() {
        return Err("no text layer (scanned pages? run OCR first); not read".into());
    }
    let text = layout::text(pages);
    Ok(Parsed {
        docs: articles(&text),
        problems,
        encoding: "PDF",
    })
}

/// The pieces of text one page shows, with their positions.
fn page_pieces(doc: &Document, page: ObjectId) -> lopdf::Result<Vec<Piece>> {
    let mut encodings: BTreeMap<Vec<u8>, Encoding<'_>> = BTreeMap::new();
    for (name, font) in doc.get_page_fonts(page)? {
        // A font without a usable encoding shows nothing readable; the
        // page's other fonts still do.
        if let Ok(enc) = font.get_font_encoding_with_limit(doc, MAX_PAGE_BYTES) {
            encodings.insert(name, enc);
        }
    }
    let content = Content::decode(&doc.get_page_content_with_limit(page, MAX_PAGE_BYTES)?)?;
    let mut state = TextState::default();
    for op in &content.operations {
        state.apply(&op.operator, &op.operands, &encodings);
    }
    Ok(state.pieces)
}

/// A 2-D affine transform `[a b c d e f]`, as PDF writes them.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n`: the product m × n of PDF's row-vector convention.
fn times(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// The graphics and text state a content stream changes, as far as the
/// position of text needs it.
struct TextState<'a> {
    ctm: Matrix,
    saved: Vec<Matrix>,
    tm: Matrix,
    line: Matrix,
    leading: f32,
    size: f32,
    font: Option<&'a Encoding<'a>>,
    pieces: Vec<Piece>,
}

impl Default for TextState<'_> {
    fn default() -> Self {
        TextState {
            ctm: IDENTITY,
            saved: Vec::new(),
            tm: IDENTITY,
            line: IDENTITY,
            leading: 0.0,
            size: 0.0,
            font: None,
            pieces: Vec::new(),
        }
    }
}

fn numbers<const N: usize>(operands: &[Object]) -> Option<[f32; N]> {
    let mut out = [0.0; N];
    for (o, x) in operands.iter().zip(out.iter_mut()) {
        *x = o.as_float().ok()?;
    }
    (operands.len() >= N).then_some(out)
}

impl<'a> TextState<'a> {
    fn apply(&mut self, op: &str, operands: &[Object], fonts: &'a BTreeMap<Vec<u8>, Encoding<'a>>) {
        match op {
            "q" => self.saved.push(self.ctm),
            "Q" => self.ctm = self.saved.pop().unwrap_or(IDENTITY),
            "cm" => {
                if let Some(m) = numbers::<6>(operands) {
                    self.ctm = times(&m, &self.ctm);
                }
            }
            "BT" => (self.tm, self.line) = (IDENTITY, IDENTITY),
            "Tf" => {
                self.font = operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| fonts.get(n));
                self.size = operands
                    .get(1)
                    .and_then(|s| s.as_float().ok())
                    .unwrap_or(0.0);
            }
            "Td" | "TD" => {
                if let Some([x, y]) = numbers::<2>(operands) {
                    if op == "TD" {
                        self.leading = -y;
                    }
                    self.move_line(x, y);
                }
            }
            "Tm" => {
                if let Some(m) = numbers::<6>(operands) {
                    (self.tm, self.line) = (m, m);
                }
            }
            "TL" => self.leading = numbers::<1>(operands).map_or(self.leading, |[l]| l),
            "T*" => self.move_line(0.0, -self.leading),
            "Tj" | "TJ" => self.show(operands),
            "'" => {
                self.move_line(0.0, -self.leading);
                self.show(operands);
            }
            "\"" => {
                self.move_line(0.0, -self.leading);
                self.show(operands.get(2..).unwrap_or_default());
            }
            _ => {}
        }
    }

    fn move_line(&mut self, x: f32, y: f32) {
        self.line = times(&[1.0, 0.0, 0.0, 1.0, x, y], &self.line);
        self.tm = self.line;
    }

    /// Records the text of a show operator at the current position. Glyph
    /// widths are not known, so the position does not advance: pieces of
    /// one line are ordered by where they start.
    fn show(&mut self, operands: &[Object]) {
        let Some(font) = self.font else {
            return;
        };
        let mut text = String::new();
        for o in operands {
            collect(font, o, &mut text);
        }
        if text.trim().is_empty() {
            return;
        }
        let m = times(&self.tm, &self.ctm);
        let size = self.size.abs() * m[2].hypot(m[3]);
        self.pieces.push(Piece {
            x: m[4],
            y: m[5],
            size,
            text,
        });
    }
}

/// The text of a string or a `TJ` array; a wide gap in an array (a quarter
/// of the font size or more) after Latin text is a space.
fn collect(font: &Encoding<'_>, o: &Object, out: &mut String) {
    match o {
        Object::String(bytes, _) => {
            // Codes the encoding cannot map are left out, not guessed.
            let _ = font.write_to_string(bytes, out);
        }
        Object::Array(items) => {
            for item in items {
                let gap = item.as_float().is_ok_and(|g| g <= -250.0);
                if gap
                    && out
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    out.push(' ');
                } else {
                    collect(font, item, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::readers::fixtures;
    use lopdf::{dictionary, Stream};

    #[test]
    fn a_pdf_copy_of_the_seed_reads_as_the_txt() {
        // Four pages: the running header and the page numbers are gone,
        // and the lines that wrapped are paragraphs again, one per line
        // as in the txt.
        fixtures::seed_copy("seed1.pdf");
    }

    #[test]
    fn an_owner_password_does_not_stop_reading() {
        let parsed = fixtures::read("o.pdf", fixtures::bytes("owner-only.pdf")).unwrap();
        // One page: its running header cannot be told from a heading.
        let texts: Vec<&str> = parsed.docs.iter().map(|d| d.text.as_str()).collect();
        let text = fixtures::squash(&texts.concat());
        let first: String = fixtures::seed_article().lines().take(2).collect();
        assert!(text.contains(&fixtures::squash(&first)), "{text}");
    }

    #[test]
    fn a_user_password_is_one_message() {
        let err = fixtures::read("e.pdf", fixtures::bytes("encrypted.pdf")).unwrap_err();
        assert_eq!(err, "encrypted PDF that needs a password; not read");
    }

    #[test]
    fn a_truncated_pdf_is_one_message() {
        let mut bytes = fixtures::bytes("seed1.pdf");
        bytes.truncate(4096);
        let err = fixtures::read("cut.pdf", bytes).unwrap_err();
        assert!(err.starts_with("corrupt PDF"), "{err}");
    }

    #[test]
    fn not_a_pdf_is_refused_by_its_first_bytes() {
        let err = fixtures::read("a.pdf", "第一篇:文本".as_bytes().to_vec()).unwrap_err();
        assert_eq!(err, "not a real .pdf file (no %PDF header)");
    }

    /// A one-page PDF whose page is a picture, as a scanner makes them.
    fn scanned_pdf() -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![0, 255, 255, 0],
        ));
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"q 400 0 0 600 100 100 cm /Im1 Do Q".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
        });
        let kids = dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 };
        doc.objects.insert(pages, Object::Dictionary(kids));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("written");
        out
    }

    #[test]
    fn a_scanned_pdf_says_it_has_no_text_layer() {
        let err = fixtures::read("scan.pdf", scanned_pdf()).unwrap_err();
        assert_eq!(
            err,
            "no text layer (scanned pages? run OCR first); not read"
        );
    }
}
