//! `--check`: `cargo check --all-features` of each generated crate, one crate at a time, all
//! sharing one target directory (`target/corpus/check-target`), so the dependencies every
//! generated crate has (progenitor-client, reqwest, axum, …) are compiled once.
//!
//! The crates are standalone crates written by `generate --out` under the workspace's
//! `target/`; each gets an empty `[workspace]` table so that cargo does not take it for a
//! member of this workspace, and the first `Cargo.lock` resolved is copied to the next crates,
//! so they all build against the same dependency versions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::documents::rank;
use super::results::{CheckResult, DocResult};
use super::{classify, process};

/// The indices of the generated crates of `results` to check, in path order: all of them, or at
/// most `limit` chosen to be diverse — the one with the most operations, the largest file, one
/// of each OpenAPI version (3.1 before 3.0), then the rest by the seeded sample rank; only
/// crates of at most `max_operations` operations, if given.
pub fn choose(
    results: &[DocResult],
    limit: Option<usize>,
    max_operations: Option<usize>,
    seed: u64,
) -> Vec<usize> {
    let generated: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].generated())
        .filter(|&i| max_operations.is_none_or(|max| results[i].info.operations <= max))
        .collect();
    let Some(limit) = limit else {
        return generated;
    };
    let mut picks: Vec<usize> = Vec::new();
    let pick = |index: Option<usize>, picks: &mut Vec<usize>| {
        if let Some(index) = index
            && picks.len() < limit
            && !picks.contains(&index)
        {
            picks.push(index);
        }
    };
    pick(
        generated
            .iter()
            .copied()
            .max_by_key(|&i| (results[i].info.operations, std::cmp::Reverse(i))),
        &mut picks,
    );
    pick(
        generated
            .iter()
            .copied()
            .max_by_key(|&i| (results[i].info.bytes, std::cmp::Reverse(i))),
        &mut picks,
    );
    for version in ["3.1", "3.0"] {
        let first = generated.iter().copied().min_by_key(|&i| {
            let matches = results[i]
                .info
                .version
                .as_deref()
                .is_some_and(|v| v.starts_with(version));
            (!matches, rank(seed, &results[i].document))
        });
        let first = first.filter(|&i| {
            results[i]
                .info
                .version
                .as_deref()
                .is_some_and(|v| v.starts_with(version))
        });
        pick(first, &mut picks);
    }
    let mut by_rank = generated.clone();
    by_rank.sort_by_key(|&i| rank(seed, &results[i].document));
    for index in by_rank {
        pick(Some(index), &mut picks);
    }
    picks.sort_unstable();
    picks
}

/// Where the checks share their build.
pub fn target_dir(root: &Path) -> PathBuf {
    root.join("target/corpus/check-target")
}

/// Checks each crate of `crates` in turn (`cargo -j jobs`); `tick` is called after each.
pub fn check_all(
    crates: &[PathBuf],
    target: &Path,
    jobs: usize,
    timeout: Duration,
    mut tick: impl FnMut(&Path, &CheckResult),
) -> Vec<CheckResult> {
    let mut seed_lock: Option<PathBuf> = None;
    let mut results = Vec::with_capacity(crates.len());
    for dir in crates {
        let result = check_one(dir, target, jobs, timeout, seed_lock.as_deref());
        if result.ok && seed_lock.is_none() {
            seed_lock = Some(dir.join("Cargo.lock"));
        }
        tick(dir, &result);
        results.push(result);
    }
    results
}

/// `cargo check --all-features` of the crate in `dir`.
pub fn check_one(
    dir: &Path,
    target: &Path,
    jobs: usize,
    timeout: Duration,
    seed_lock: Option<&Path>,
) -> CheckResult {
    let failed = |message: String| CheckResult {
        ok: false,
        timed_out: false,
        errors: 1,
        warnings: 0,
        first_warning: None,
        cause: Some(classify::rustc_cause(&message)),
        first_error: Some(message),
        seconds: 0.0,
    };
    if let Err(err) = standalone(dir) {
        return failed(format!("error: {err}"));
    }
    if let Some(seed) = seed_lock
        && !dir.join("Cargo.lock").exists()
    {
        let _ = std::fs::copy(seed, dir.join("Cargo.lock"));
    }
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["check", "--all-features", "--message-format", "short", "-j"])
        .arg(jobs.max(1).to_string())
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never");
    match process::run(&mut cargo, timeout) {
        Err(err) => failed(format!("error: {err}")),
        Ok(done) => {
            let mut result = summarize(&done.stderr);
            result.ok = done.success();
            result.timed_out = done.timed_out();
            result.seconds = done.elapsed.as_secs_f64();
            if !result.ok && result.first_error.is_none() {
                let why = if result.timed_out {
                    "error: cargo check timed out".to_string()
                } else {
                    format!("error: cargo check failed ({:?})", done.status)
                };
                result.cause = Some(classify::rustc_cause(&why));
                result.first_error = Some(why);
            }
            result
        }
    }
}

/// Counts the diagnostics of `cargo check --message-format short` output and keeps the first
/// error.
pub fn summarize(stderr: &str) -> CheckResult {
    let mut errors = 0;
    let mut warnings = 0;
    let mut first_error = None;
    let mut first_warning = None;
    for line in stderr.lines() {
        let Some(diagnostic) = diagnostic(line) else {
            continue;
        };
        if diagnostic.starts_with("warning") {
            // `warning: `x` (lib) generated 3 warnings` is a summary, not a diagnostic.
            if !diagnostic.contains(") generated ") {
                warnings += 1;
                if first_warning.is_none() {
                    first_warning = Some(diagnostic.to_string());
                }
            }
        } else if diagnostic.starts_with("error") {
            let summary = diagnostic.starts_with("error: could not compile")
                || diagnostic.starts_with("error: aborting");
            if !summary {
                errors += 1;
                if first_error.is_none() {
                    first_error = Some(diagnostic.to_string());
                }
            }
        }
    }
    CheckResult {
        ok: errors == 0,
        timed_out: false,
        errors,
        warnings,
        first_warning,
        cause: first_error.as_deref().map(classify::rustc_cause),
        first_error,
        seconds: 0.0,
    }
}

/// The diagnostic part of a line (`src/x.rs:1:2: error[E1]: m` → `error[E1]: m`), if it is one.
fn diagnostic(line: &str) -> Option<&str> {
    let line = line.trim_start();
    if line.starts_with("error") || line.starts_with("warning") {
        return Some(line);
    }
    let at = [line.find(": error"), line.find(": warning")]
        .into_iter()
        .flatten()
        .min()?;
    Some(&line[at + 2..])
}

/// Gives the crate in `dir` an empty `[workspace]` table (once).
fn standalone(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|err| format!("{}: {err}", manifest.display()))?;
    if text.lines().any(|line| line.trim() == "[workspace]") {
        return Ok(());
    }
    std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
        .map_err(|err| format!("{}: {err}", manifest.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_diagnostics_are_counted_and_the_first_error_kept() {
        let stderr = "\
    Checking corpus-x v0.1.0 (/t/x)
src/types.rs:10:5: error[E0425]: cannot find value `base64` in the crate root
src/lib.rs:3:1: warning: unused import: `std::fmt`
src/types.rs:12:5: error[E0308]: mismatched types
warning: `corpus-x` (lib) generated 1 warning
error: could not compile `corpus-x` (lib) due to 2 previous errors; 1 warning emitted
";
        let result = summarize(stderr);
        assert_eq!((result.errors, result.warnings, result.ok), (2, 1, false));
        assert_eq!(
            result.first_error.as_deref(),
            Some("error[E0425]: cannot find value `base64` in the crate root")
        );
        assert_eq!(
            result.cause.as_deref(),
            Some("E0425 cannot find value `…` in the crate root")
        );
        assert_eq!(
            result.first_warning.as_deref(),
            Some("warning: unused import: `std::fmt`")
        );
        assert!(summarize("    Checking x\n    Finished `dev` profile\n").ok);
    }

    fn generated(document: &str, version: &str, operations: usize, bytes: u64) -> DocResult {
        DocResult {
            document: document.into(),
            crate_name: document.into(),
            reason: crate::corpus::Reason::All,
            info: crate::corpus::worker::DocInfo {
                version: Some(version.into()),
                origin: None,
                operations,
                bytes,
            },
            outcome: crate::corpus::worker::Outcome::Generated,
            cause: None,
            seconds: 0.0,
            validator: None,
            check: None,
            examples: None,
        }
    }

    #[test]
    fn a_limited_check_takes_the_largest_and_each_version_first() {
        let mut results: Vec<DocResult> = (0..30)
            .map(|i| generated(&format!("d{i:02}.json"), "3.0.0", i % 7, 100))
            .collect();
        results[4].info.operations = 500;
        results[9].info.bytes = 10_000;
        results[17].info.version = Some("3.1.0".into());
        results[20].outcome = crate::corpus::worker::Outcome::TimedOut;
        let chosen = choose(&results, Some(5), None, 1);
        assert_eq!(chosen.len(), 5);
        for must in [4, 9, 17] {
            assert!(chosen.contains(&must), "{chosen:?}");
        }
        assert!(!chosen.contains(&20));
        assert_eq!(chosen, choose(&results, Some(5), None, 1));
        assert_eq!(choose(&results, None, None, 1).len(), 29);
        assert!(
            choose(&results, Some(5), Some(100), 1)
                .iter()
                .all(|&i| results[i].info.operations <= 100)
        );
    }

    #[test]
    fn a_crate_gets_its_own_workspace_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        standalone(dir.path()).unwrap();
        standalone(dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
        assert_eq!(text.matches("[workspace]").count(), 1);
    }
}
