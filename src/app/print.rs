//! Printers: JSON Lines, CSV and aligned human tables on stdout. A closed
//! pipe (`gongwen docs | head`) ends the program quietly.

use serde::Serialize;
use std::io::{self, BufWriter, Stdout, Write};

/// Buffered stdout that turns a broken pipe into a quiet exit.
pub struct Out {
    w: BufWriter<Stdout>,
}

impl Out {
    pub fn new() -> Out {
        Out {
            w: BufWriter::new(io::stdout()),
        }
    }

    pub fn line(&mut self, s: &str) {
        let r = writeln!(self.w, "{s}");
        check(r);
    }

    pub fn raw(&mut self, s: &str) {
        check(self.w.write_all(s.as_bytes()));
    }

    /// One JSON object per line.
    pub fn json<T: Serialize>(&mut self, value: &T) {
        let s = serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        self.line(&s);
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        check(self.w.flush());
    }
}

fn check(r: io::Result<()>) {
    if let Err(e) = r {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        super::messages::error(format_args!("writing output: {e}"));
        std::process::exit(2);
    }
}

/// Display width of a string: CJK and full-width characters count two.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Cuts `s` to at most `max` display columns, marking the cut with `…`.
pub fn clip(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = if is_wide(c) { 2 } else { 1 };
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// An aligned text table.
pub fn table(out: &mut Out, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let fmt = |cells: Vec<&str>| {
        let mut line = String::new();
        for (i, c) in cells.iter().enumerate() {
            line.push_str(c);
            if i + 1 < cells.len() {
                line.push_str(&" ".repeat(widths[i] - width(c) + 2));
            }
        }
        line
    };
    out.line(&fmt(header.to_vec()));
    for r in rows {
        out.line(&fmt(r.iter().map(String::as_str).collect()));
    }
}

/// A CSV writer on stdout.
pub fn csv_rows(out: &mut Out, header: &[&str], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    out.raw(&String::from_utf8_lossy(&bytes));
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_else(|| "-".into())
}
