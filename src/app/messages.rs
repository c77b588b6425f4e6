//! Every line gongwen writes to stderr: errors, notes, per-file problems and
//! timings, each prefixed `gongwen: `. Nothing else in the binary writes to
//! stderr (the progress bar excepted), so `-q` and `-v` are decided here.

use std::fmt::Display;
use std::io::Write;

/// Which messages to print, from `-q` and `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    quiet: bool,
    verbose: bool,
}

impl Messages {
    pub fn new(quiet: bool, verbose: u8) -> Messages {
        Messages {
            quiet,
            verbose: verbose > 0,
        }
    }

    /// Whether notes are left out (`-q`).
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// What was done or found: left out with `-q`.
    pub fn note(&self, msg: impl Display) {
        if !self.quiet {
            line(msg);
        }
    }

    /// Details such as stage timings: only with `-v`.
    pub fn detail(&self, msg: impl Display) {
        if self.verbose {
            line(msg);
        }
    }
}

/// An error that ends the command; printed even with `-q`.
pub fn error(msg: impl Display) {
    line(msg);
}

/// The one place that writes to stderr. A closed stderr is ignored rather
/// than a panic (`eprintln!` panics when the write fails).
fn line(msg: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "gongwen: {msg}");
}
