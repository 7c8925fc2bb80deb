//! The machine a run measured on, and its load: the machine is shared, so a run can wait
//! (bounded) for the other users' load to fall before it measures.

use std::process::Command;
use std::time::{Duration, Instant};

/// What the report says about the machine.
#[derive(Debug, Clone)]
pub struct Machine {
    /// Logical CPUs.
    pub cpus: usize,
    /// Total memory, GiB (`None` if `/proc/meminfo` cannot be read).
    pub memory_gib: Option<f64>,
    /// The CPU model from `/proc/cpuinfo`.
    pub cpu_model: String,
    /// `rustc --version`.
    pub rustc: String,
    /// `uname -sr`.
    pub os: String,
}

impl Machine {
    /// Reads what the system tells; unknown values read `unknown`.
    pub fn read() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = cpuinfo
            .lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                (key.trim() == "model name").then(|| value.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".to_string());
        let memory_gib = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| {
                text.lines().find_map(|line| {
                    let kib = line.strip_prefix("MemTotal:")?.trim().strip_suffix("kB")?;
                    kib.trim().parse::<f64>().ok()
                })
            })
            .map(|kib| kib / 1024.0 / 1024.0);
        Self {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib,
            cpu_model,
            rustc: command_line(
                std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()),
                &["--version"],
            ),
            os: command_line("uname".into(), &["-sr"]),
        }
    }
}

fn command_line(program: String, args: &[&str]) -> String {
    Command::new(&program)
        .args(args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load(pub f64, pub f64, pub f64);

impl std::fmt::Display for Load {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}, {:.2}, {:.2}", self.0, self.1, self.2)
    }
}

/// The current load averages, if the system reports them.
pub fn load() -> Option<Load> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<f64>().ok());
    Some(Load(fields.next()??, fields.next()??, fields.next()??))
}

/// How waiting for a quiet machine went.
#[derive(Debug, Clone, Copy)]
pub struct Quiet {
    /// How long the run waited.
    pub waited: Duration,
    /// The load when waiting stopped.
    pub load: Option<Load>,
    /// Whether the 1-minute load fell below the threshold (false: the wait timed out).
    pub reached: bool,
}

/// Waits, polling every `poll`, until the 1-minute load average is below `threshold`, for at
/// most `limit`; prints each poll to stderr.
pub fn wait_for_quiet(threshold: f64, limit: Duration, poll: Duration) -> Quiet {
    let start = Instant::now();
    loop {
        let now = load();
        let reached = now.is_none_or(|load| load.0 < threshold);
        if reached || start.elapsed() >= limit {
            return Quiet {
                waited: start.elapsed(),
                load: now,
                reached,
            };
        }
        if let Some(now) = now {
            eprintln!(
                "bench: load average {now}; waiting for the 1-minute load to fall below \
                 {threshold} ({:.0} s of at most {:.0} s)",
                start.elapsed().as_secs_f64(),
                limit.as_secs_f64()
            );
        }
        std::thread::sleep(poll.min(limit.saturating_sub(start.elapsed())));
    }
}
