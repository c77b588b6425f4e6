//! Output on stdout: a table rendered by the library's printers (aligned
//! for people, JSON Lines, CSV or Markdown) and single lines. A closed pipe
//! (`gongwen docs | head`) ends the program quietly.

use super::options::Format;
use gongwen::report::block::Table;
use gongwen::report::print::{csv, json, markdown, terminal};
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

    /// A table in `format`.
    pub fn table(&mut self, t: &Table, format: Format) {
        let text = match format {
            Format::Human => terminal::table(t),
            Format::Json => json::table(t),
            Format::Csv { bom: false } => csv::table(t),
            Format::Csv { bom: true } => csv::file(t),
            Format::Md => markdown::table(t),
        };
        self.raw(&text);
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

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_else(|| "-".into())
}
