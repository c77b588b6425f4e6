//! Word documents (`.docx`): the paragraphs of `word/document.xml`, one
//! line each, then split into articles as a text file is. Running headers
//! and footers live in other parts of the package and are not read.

use super::text::articles;
use super::{FileBytes, Parsed};
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// The most `word/document.xml` may hold unpacked: a guard against a zip
/// bomb (the XML of a 500-page report is about 10 MB).
const MAX_XML_BYTES: u64 = 512 << 20;

/// Reads `.docx` files.
pub fn read(file: FileBytes<'_>) -> Result<Parsed, String> {
    let xml = zip_part(file.bytes, "word/document.xml", "docx")?;
    let text = paragraphs(&xml).map_err(|e| format!("corrupt docx (word/document.xml: {e})"))?;
    Ok(Parsed {
        docs: articles(&text),
        problems: Vec::new(),
        encoding: "UTF-8",
    })
}

/// One part of a zip package (docx, xlsx), unpacked, as UTF-8 text.
pub fn zip_part(bytes: Vec<u8>, name: &str, format: &str) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("corrupt {format} (not a readable zip: {e})"))?;
    let part = zip
        .by_name(name)
        .map_err(|_| format!("corrupt {format} (no {name} in the package)"))?;
    if part.size() > MAX_XML_BYTES {
        return Err(format!(
            "{name} unpacks to {} MB, more than any document holds; not read",
            part.size() >> 20
        ));
    }
    let mut xml = String::new();
    part.take(MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| format!("corrupt {format} ({name}: {e})"))?;
    Ok(xml)
}

/// The text of WordprocessingML: one line per paragraph (`w:p`), runs'
/// text (`w:t`) joined, tabs and line breaks kept. Deleted text
/// (`w:delText`) and field codes (`w:instrText`) are other elements and so
/// left out; the fallback copy of a text box (`mc:Fallback`) is skipped so
/// that its text is not read twice.
fn paragraphs(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let (mut in_text, mut skip) = (false, 0usize);
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "Fallback" => skip += 1,
                "t" => in_text = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "Fallback" => skip = skip.saturating_sub(1),
                "t" => in_text = false,
                "p" if skip == 0 => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) if skip == 0 => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip == 0 => push_reference(&mut out, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Appends the character an XML reference (`&amp;`, `&#x4E2D;`) stands for.
pub fn push_reference(out: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::readers::{fixtures, ReadOptions};
    use std::path::Path;

    fn read(bytes: Vec<u8>) -> Result<Parsed, String> {
        super::read(FileBytes {
            bytes,
            path: Path::new("a.docx"),
            options: &ReadOptions::NONE,
        })
    }

    #[test]
    fn runs_tabs_breaks_and_references() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
            <w:p><w:r><w:t>第一篇:合山市</w:t></w:r><w:r><w:t xml:space="preserve">工作 &amp; 总结</w:t></w:r></w:p>
            <w:p><w:r><w:t>增长</w:t><w:tab/><w:t>5.4%</w:t><w:br/><w:t>&#x4E2D;</w:t></w:r>
              <w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del>
              <w:r><w:instrText>PAGE</w:instrText></w:r></w:p>
            <w:p/>
            <w:p><mc:AlternateContent><mc:Choice><w:t>框</w:t></mc:Choice><mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:p>
            </w:body></w:document>"#;
        let text = paragraphs(xml).unwrap();
        assert_eq!(text, "第一篇:合山市工作 & 总结\n增长\t5.4%\n中\n\n框\n");
    }

    #[test]
    fn a_docx_copy_of_the_seed_reads_as_the_txt() {
        // One line per paragraph, as in the txt; the running header and
        // the page-number footer are other parts of the package.
        let (doc, _) = fixtures::seed_copy("seed1.docx");
        assert!(!doc.text.contains("汇编"));
    }

    #[test]
    fn a_truncated_docx_is_one_message() {
        let mut bytes = fixtures::bytes("seed1.docx");
        bytes.truncate(bytes.len() / 2);
        let err = fixtures::read("cut.docx", bytes).unwrap_err();
        assert!(err.starts_with("corrupt docx"), "{err}");
    }

    #[test]
    fn not_a_zip_is_one_message() {
        let err = read("第一篇:不是压缩包".as_bytes().to_vec()).unwrap_err();
        assert!(err.starts_with("corrupt docx (not a readable zip"), "{err}");
    }
}
