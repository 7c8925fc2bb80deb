//! `--bench`: median time to load and diff two specs (by default the two largest under
//! `spec/`), printed, never asserted.

use std::path::Path;
use std::time::{Duration, Instant};

use super::args::MAX_RUNS;
use super::compare::diff;
use super::input::load_input;
use crate::error::{GenError, Result};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// The two largest spec files under `root/spec/`.
pub fn largest_specs(root: &Path) -> Result<(String, String)> {
    let mut specs: Vec<(u64, String)> = crate::spec_files(root)?
        .into_iter()
        .map(|path| {
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            (size, path.display().to_string())
        })
        .collect();
    specs.sort_by(|a, b| b.cmp(a));
    match specs.as_slice() {
        [(_, first), (_, second), ..] => Ok((first.clone(), second.clone())),
        _ => Err(GenError::file(
            root.join("spec"),
            "the benchmark needs two specs under spec/",
        )),
    }
}

/// Loads and diffs `old` and `new` `runs` times; returns the printed lines.
pub fn bench(old: &str, new: &str, runs: usize) -> Result<String> {
    let runs = runs.clamp(1, MAX_RUNS);
    let mut end_to_end = Vec::with_capacity(runs);
    let mut diff_only = Vec::with_capacity(runs);
    let mut changes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (before, after) = (load_input(old)?, load_input(new)?);
        let loaded = Instant::now();
        let report = diff(&before, &after)?;
        let done = Instant::now();
        end_to_end.push(done - start);
        diff_only.push(done - loaded);
        changes = report.changes.len();
    }
    let profile = if cfg!(debug_assertions) {
        "debug build"
    } else {
        "release build"
    };
    Ok(format!(
        "spec-diff bench ({profile}, {runs} runs): {old} vs {new}\n\
         \x20 load + diff: median {}\n\
         \x20 diff only:   median {}\n\
         \x20 {changes} changes\n",
        millis(median(end_to_end)),
        millis(median(diff_only)),
    ))
}
