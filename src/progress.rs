//! Progress of long work, counted by the library and shown by the command layer, so that the
//! library never prints.

// Progress is shown on stderr, beside the output.
#![allow(clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn advance(&self) {
        self.advance_by(1);
    }

    pub fn advance_by(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    pub fn total(&self) -> usize {
        self.total.load(Ordering::Relaxed)
    }
}

/// Runs `work`, showing `label: done/total unit` on stderr every half second once it has taken
/// a second, only when stderr is a terminal (so logs and pipes stay clean).
pub fn show_while<T>(label: &str, unit: &str, progress: &Progress, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut shown = false;
            let mut waited = Duration::ZERO;
            let tick = Duration::from_millis(100);
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
                waited += tick;
                if waited >= Duration::from_secs(1) && waited.as_millis().is_multiple_of(500) {
                    eprint!("\r{label}: {}/{} {unit}", progress.done(), progress.total());
                    shown = true;
                }
            }
            if shown {
                eprint!("\r{}\r", " ".repeat(label.len() + unit.len() + 32));
                let _ = std::io::stderr().flush();
            }
        });
        let result = work();
        finished.store(true, Ordering::Relaxed);
        result
    })
}
