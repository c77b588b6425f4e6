//! Output on stdout: a table rendered by the library's printers (aligned
//! for people, JSON Lines, CSV or Markdown) and single lines. A closed pipe
//! (`gongwen docs | head`) ends the program quietly. `serve` runs the same
//! commands into a [`Sink`] instead, and answers with what they wrote.

use super::options::Format;
use gongwen::report::block::Table;
use gongwen::report::print::{csv, json, markdown, terminal};
use serde::Serialize;
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::{Arc, Mutex};

/// Where a command's output goes instead of stdout: what it wrote is
/// appended when its [`Out`] is dropped.
pub type Sink = Arc<Mutex<Vec<u8>>>;

/// Buffered stdout that turns a broken pipe into a quiet exit, or a buffer
/// for a [`Sink`].
pub struct Out {
    w: Writer,
}

enum Writer {
    Stdout(BufWriter<Stdout>),
    Buffer(Vec<u8>, Sink),
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Writer::Stdout(w) => w.write(buf),
            Writer::Buffer(v, _) => v.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Writer::Stdout(w) => w.flush(),
            Writer::Buffer(v, sink) => {
                let mut shared = sink.lock().unwrap_or_else(|p| p.into_inner());
                shared.append(v);
                Ok(())
            }
        }
    }
}

impl Out {
    /// Output to `sink`, or to stdout when there is none.
    pub fn new(sink: Option<&Sink>) -> Out {
        let w = match sink {
            Some(sink) => Writer::Buffer(Vec::new(), Arc::clone(sink)),
            None => Writer::Stdout(BufWriter::new(io::stdout())),
        };
        Out { w }
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
