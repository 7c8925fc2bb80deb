//! `--runtime`: runs the criterion benches of `benches/` (`cargo bench -p sdk-benches`) and
//! reads back their medians: decoding and encoding the largest response, and client→server
//! round trips on 127.0.0.1, each with the generated code and with a hand-written baseline.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

/// The criterion groups `benches/` defines, and the functions of each (each has a
/// `generated` and a `hand_written` parameter, and may have the [`CROSSED`] ones).
pub const GROUPS: [(&str, &[&str]); 2] = [
    (
        "codec",
        &["decode_create_load_balancer", "encode_create_load_balancer"],
    ),
    ("round_trip", &["create_ip_address", "create_load_balancer"]),
];

/// Parameters of a round trip with one half generated and the other hand-written.
pub const CROSSED: [&str; 2] = [
    "generated_client_hand_written_server",
    "hand_written_client_generated_server",
];

/// One generated-vs-baseline pair.
#[derive(Debug, Clone)]
pub struct RuntimePair {
    /// The criterion group.
    pub group: String,
    /// The benchmark.
    pub name: String,
    /// Median time per iteration with the generated code.
    pub generated: Duration,
    /// Median time per iteration with the hand-written baseline.
    pub hand_written: Duration,
    /// Crossed pairs (e.g. the generated client against the hand-written server), where the
    /// bench has them: (parameter, median, paired ratio to the hand-written pair).
    pub crossed: Vec<(String, Duration, Option<f64>)>,
    /// generated ÷ hand-written time measured in alternating blocks, which a shared machine's
    /// changing load affects far less than two separate medians.
    pub paired_ratio: Option<f64>,
}

impl RuntimePair {
    /// generated ÷ hand-written time (below 1: the generated code is faster).
    pub fn time_ratio(&self) -> f64 {
        ratio(self.generated, self.hand_written)
    }

    /// The paired ratio where there is one, else the ratio of the two medians.
    pub fn best_ratio(&self) -> f64 {
        self.paired_ratio.unwrap_or_else(|| self.time_ratio())
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    if b.is_zero() {
        f64::NAN
    } else {
        a.as_secs_f64() / b.as_secs_f64()
    }
}

/// Runs the criterion benches and reads their medians.
pub fn run(root: &Path) -> Result<Vec<RuntimePair>, String> {
    let criterion = target_dir(root).join("criterion");
    for (group, _) in GROUPS {
        // Stale results of an earlier run must not be read back as this run's.
        let _ = std::fs::remove_dir_all(criterion.join(group));
    }
    let paired_dir = root.join("target/bench/paired");
    let _ = std::fs::remove_dir_all(&paired_dir);
    std::fs::create_dir_all(&paired_dir)
        .map_err(|err| format!("{}: {err}", paired_dir.display()))?;
    eprintln!("bench: cargo bench -p sdk-benches (criterion; a few minutes)");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["bench", "-p", "sdk-benches"])
        .env("SDK_BENCH_PAIRED", &paired_dir)
        .current_dir(root)
        .status()
        .map_err(|err| format!("cannot run cargo bench: {err}"))?;
    if !status.success() {
        return Err(format!("cargo bench -p sdk-benches failed ({status})"));
    }
    let paired_at = |group: &str, key: &str| {
        std::fs::read_to_string(paired_dir.join(format!("{group}.json")))
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .as_ref()
            .and_then(|paired| paired.get(key))
            .and_then(|entry| entry.get("ratio"))
            .and_then(Value::as_f64)
            .filter(|ratio| ratio.is_finite() && *ratio > 0.0)
    };
    let mut pairs = Vec::new();
    for (group, names) in GROUPS {
        for name in names {
            let read = |side: &str| median_of(&criterion.join(group).join(name).join(side));
            let crossed = CROSSED
                .iter()
                .filter_map(|side| {
                    let paired = paired_at(group, &format!("{name}/{side}"));
                    read(side).ok().map(|time| (side.to_string(), time, paired))
                })
                .collect();
            pairs.push(RuntimePair {
                group: group.to_string(),
                name: name.to_string(),
                generated: read("generated")?,
                hand_written: read("hand_written")?,
                crossed,
                paired_ratio: paired_at(group, name),
            });
        }
    }
    Ok(pairs)
}

/// The build's target folder: `CARGO_TARGET_DIR` or the workspace's `target/`.
pub(super) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"))
}

/// The median of a criterion benchmark (`<dir>/new/estimates.json`).
fn median_of(dir: &Path) -> Result<Duration, String> {
    let path = dir.join("new/estimates.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|err| format!("no criterion result at {}: {err}", path.display()))?;
    let estimates: Value = serde_json::from_str(&text)
        .map_err(|err| format!("{}: not criterion's JSON: {err}", path.display()))?;
    let nanos = estimates
        .pointer("/median/point_estimate")
        .and_then(Value::as_f64)
        .filter(|nanos| nanos.is_finite() && *nanos >= 0.0)
        .ok_or_else(|| format!("{}: no median", path.display()))?;
    Ok(Duration::from_secs_f64(nanos / 1e9))
}
