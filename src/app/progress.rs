//! Progress on stderr: an indicatif bar (hidden when stderr is not a
//! terminal or with `-q`), suspended while a problem is printed.

use super::messages::Messages;
use gongwen::corpus::Problem;
use gongwen::ingest::Observer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: ProgressBar,
    messages: Messages,
}

impl Progress {
    pub fn new(messages: Messages) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if messages.quiet() || !std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        let style = ProgressStyle::with_template(
            "{spinner} ingesting {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress { bar, messages }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Observer for Progress {
    fn started(&self, _files: usize, bytes: u64) {
        self.bar.set_length(bytes);
    }

    fn file_done(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn problem(&self, problem: &Problem) {
        self.bar.suspend(|| self.messages.note(problem));
    }
}
