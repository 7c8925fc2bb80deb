//! The progress counter on stderr: `[ 123/300] ok 100 · failed 20 · crashed 0 · timed out 0 ·
//! 1m02s`, redrawn in place on a terminal, else printed as a line every 10 % or 30 seconds.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The tally of one phase (generation, validation, checks).
#[derive(Debug)]
pub struct Progress {
    phase: &'static str,
    total: usize,
    done: usize,
    counts: Vec<(&'static str, usize)>,
    started: Instant,
    last_line: Instant,
    last_tenth: usize,
    terminal: bool,
    silent: bool,
}

impl Progress {
    /// A counter for `total` items of `phase`, counting each of `labels`.
    pub fn new(phase: &'static str, total: usize, labels: &[&'static str]) -> Self {
        let now = Instant::now();
        let progress = Self {
            phase,
            total,
            done: 0,
            counts: labels.iter().map(|label| (*label, 0)).collect(),
            started: now,
            last_line: now,
            last_tenth: 0,
            terminal: std::io::stderr().is_terminal(),
            silent: cfg!(test),
        };
        progress.draw("");
        progress
    }

    /// One more item done, counted under `label`; `current` names it.
    pub fn tick(&mut self, label: &str, current: &str) {
        self.done += 1;
        if let Some(count) = self.counts.iter_mut().find(|(l, _)| *l == label) {
            count.1 += 1;
        }
        let tenth = self.done * 10 / self.total.max(1);
        let due = self.terminal
            || tenth > self.last_tenth
            || self.last_line.elapsed() >= Duration::from_secs(30)
            || self.done == self.total;
        if due {
            self.last_tenth = tenth;
            self.last_line = Instant::now();
            self.draw(current);
        }
    }

    /// The counter line.
    pub fn line(&self) -> String {
        let width = self.total.to_string().len();
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(label, count)| format!("{label} {count}"))
            .collect();
        format!(
            "{} [{:>width$}/{}] {} · {}",
            self.phase,
            self.done,
            self.total,
            counts.join(" · "),
            clock(self.started.elapsed()),
        )
    }

    fn draw(&self, current: &str) {
        if self.silent {
            return;
        }
        let mut stderr = std::io::stderr().lock();
        if self.terminal {
            let current: String = current.chars().take(50).collect();
            let _ = write!(stderr, "\r\x1b[K{}  {current}", self.line());
        } else {
            let _ = writeln!(stderr, "{}", self.line());
        }
        let _ = stderr.flush();
    }

    /// Ends the counter (a final newline on a terminal) and returns its elapsed time.
    pub fn finish(self) -> Duration {
        if self.terminal && !self.silent {
            let _ = writeln!(std::io::stderr(), "\r\x1b[K{}", self.line());
        }
        self.started.elapsed()
    }
}

/// `1h02m03s`, `2m03s` or `3.4s`.
pub fn clock(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    if seconds >= 3600 {
        format!(
            "{}h{:02}m{:02}s",
            seconds / 3600,
            seconds % 3600 / 60,
            seconds % 60
        )
    } else if seconds >= 60 {
        format!("{}m{:02}s", seconds / 60, seconds % 60)
    } else {
        format!("{:.1}s", elapsed.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_each_label() {
        let mut progress = Progress::new("generate", 3, &["ok", "failed"]);
        progress.tick("ok", "a.json");
        progress.tick("failed", "b.json");
        progress.tick("ok", "c.json");
        let line = progress.line();
        assert!(
            line.starts_with("generate [3/3] ok 2 · failed 1 · "),
            "{line}"
        );
    }

    #[test]
    fn clocks_read_naturally() {
        assert_eq!(clock(Duration::from_millis(3400)), "3.4s");
        assert_eq!(clock(Duration::from_secs(123)), "2m03s");
        assert_eq!(clock(Duration::from_secs(3723)), "1h02m03s");
    }
}
