//! `--runtime`'s instruction counts: callgrind (valgrind) counts the instructions of
//! `create_ip_address` round trips with each pair of `benches/src/servers.rs`, run by the
//! `round-trips` binary of `benches/`. Unlike a time, the count does not move with the
//! machine's load, so it tells a real difference of a percent or two from noise; it counts
//! work, not waiting, so the paired times still judge the target.

use std::path::Path;
use std::process::Command;

use super::runtime::{CROSSED, target_dir};

/// Counted round trips per run (after the binary's warm-up ones).
pub const ROUND_TRIPS: usize = 1_000;

/// The pairs counted: the two whole pairs, then the crossed ones.
pub const PAIRS: [&str; 4] = ["generated", "hand_written", CROSSED[0], CROSSED[1]];

/// Runs of each count; the lowest is kept (a run only ever does extra work: a timer firing
/// while valgrind slows the program down fifty times, say).
const RUNS: usize = 2;

/// Instructions per round trip with one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct InstructionCount {
    /// The pair, as [`PAIRS`] names it.
    pub pair: String,
    /// Instructions per round trip: (count with [`ROUND_TRIPS`] − count with none) ÷
    /// [`ROUND_TRIPS`].
    pub per_round_trip: f64,
}

/// Builds `round-trips` and counts each pair's instructions; an error when valgrind is not
/// installed or a run fails.
pub fn count(root: &Path) -> Result<Vec<InstructionCount>, String> {
    let found = Command::new("valgrind").arg("--version").output();
    if !found.is_ok_and(|out| out.status.success()) {
        return Err("valgrind is not installed (Debian's package `valgrind`)".into());
    }
    eprintln!("bench: round-trip instructions (callgrind; a few minutes)");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--profile", "bench", "-p", "sdk-benches"])
        .args(["--bin", "round-trips"])
        .current_dir(root)
        .status()
        .map_err(|err| format!("cannot run cargo build: {err}"))?;
    if !status.success() {
        return Err(format!("cargo build of round-trips failed ({status})"));
    }
    // The bench profile builds into `release/`.
    let binary = target_dir(root).join("release/round-trips");
    let runs = PAIRS.len() * 2 * RUNS;
    let mut done = 0;
    let mut lowest = |pair: &str, round_trips: usize| -> Result<u64, String> {
        let mut counts = Vec::new();
        for _ in 0..RUNS {
            done += 1;
            eprintln!("bench: callgrind [{done}/{runs}] {pair}, {round_trips} round trips");
            counts.push(instructions(&binary, pair, round_trips)?);
        }
        counts.into_iter().min().ok_or_else(|| "no run".to_string())
    };
    let mut out = Vec::new();
    for pair in PAIRS {
        let fixed = lowest(pair, 0)?;
        let total = lowest(pair, ROUND_TRIPS)?;
        out.push(InstructionCount {
            pair: pair.to_string(),
            per_round_trip: total.saturating_sub(fixed) as f64 / ROUND_TRIPS as f64,
        });
    }
    Ok(out)
}

/// The instructions callgrind counted in one run of `binary pair round_trips`.
fn instructions(binary: &Path, pair: &str, round_trips: usize) -> Result<u64, String> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(binary)
        .args([pair, &round_trips.to_string()])
        .output()
        .map_err(|err| format!("cannot run valgrind: {err}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "{} {pair} {round_trips} under callgrind failed ({}): {}",
            binary.display(),
            out.status,
            stderr.trim()
        ));
    }
    collected(&stderr)
        .ok_or_else(|| format!("no instruction count in callgrind's output: {stderr}"))
}

/// The total of callgrind's `==PID== Collected : N` line.
fn collected(stderr: &str) -> Option<u64> {
    stderr.lines().find_map(|line| {
        let (_, count) = line.split_once("Collected :")?;
        count.trim().parse().ok()
    })
}

/// generated ÷ hand-written instructions for `pair`, from `counts`.
pub fn ratio_to_hand_written(counts: &[InstructionCount], pair: &str) -> Option<f64> {
    let of = |name: &str| {
        counts
            .iter()
            .find(|count| count.pair == name)
            .map(|count| count.per_round_trip)
    };
    let hand = of("hand_written").filter(|hand| *hand > 0.0)?;
    Some(of(pair)? / hand)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_is_read_from_callgrinds_summary() {
        let stderr = "==4461== Callgrind, a call-graph generating cache profiler\n\
                      ==4461== Events    : Ir\n\
                      ==4461== Collected : 222126794\n\
                      ==4461== \n\
                      ==4461== I   refs:      222,126,794\n";
        assert_eq!(collected(stderr), Some(222_126_794));
        assert_eq!(collected("==1== I   refs: 5\n"), None);
    }

    #[test]
    fn ratios_are_to_the_hand_written_pair() {
        let counts = [
            InstructionCount {
                pair: "generated".into(),
                per_round_trip: 150_000.0,
            },
            InstructionCount {
                pair: "hand_written".into(),
                per_round_trip: 120_000.0,
            },
        ];
        assert_eq!(ratio_to_hand_written(&counts, "generated"), Some(1.25));
        assert_eq!(ratio_to_hand_written(&counts, "hand_written"), Some(1.0));
        assert_eq!(ratio_to_hand_written(&counts, CROSSED[0]), None);
    }
}
