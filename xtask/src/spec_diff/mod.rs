//! `cargo xtask spec-diff`: what a spec change does to users of the generated Rust SDK.
//!
//! Wire-compatibility tools judge from the HTTP side; the SDK is stricter (a response enum
//! value added breaks a closed Rust enum, an operationId change renames a method, an error
//! code removed removes a variant). Every change gets a stable rule id and a severity from the
//! rule table on [`model::Rule`]; the exit status is 0 (no breaking change), 1 (breaking) or
//! 2 (could not compare).
//!
//! Files: [`model`] (rules, changes, report), `view` (a schema as Rust sees it), `schema`
//! (schema comparison), `sides` (the two documents and the generator's plans), `operations`
//! (operations, parameters, bodies), `responses` (success and errors), `security`,
//! [`report`] (text, JSON, Markdown), [`input`] (files and `REV:path`), [`release`]
//! (`--against-released`, semver), [`bench`](mod@bench) (`--bench`). Documents are read
//! through [`crate::spec`] (operations, parameters, `$ref`s, media types).

pub mod bench;
mod collect;
pub mod input;
pub mod model;
mod operations;
pub mod release;
pub mod report;
mod responses;
mod schema;
mod security;
mod sides;
mod view;

use std::process::ExitCode;

use serde_json::Value;

use crate::error::Result;
use crate::spec::LoadedSpec;
pub use model::{Change, OperationRef, Report, Rule, Severity, Verdict};
pub use report::{Format, render};

/// Usage of `cargo xtask spec-diff`.
pub const USAGE: &str = "\
usage:
  cargo xtask spec-diff OLD NEW [--format text|json|markdown]
      Compare two OpenAPI specs from a Rust SDK user's view. OLD and NEW are files or git
      revisions as REV:path (e.g. HEAD~1:spec/katapult-core.yaml).
  cargo xtask spec-diff --against-released [--format text|json|markdown]
      Compare each spec/<name>.yaml with spec/released/<name>.yaml; a breaking change needs a
      major bump of info.version.
  cargo xtask spec-diff --bench [OLD NEW] [--runs N]
      Print the median time to load and diff two specs (default: the two largest in spec/).

exit status: 0 no breaking change, 1 breaking change, 2 could not compare";

/// Compares two loaded specs.
pub fn diff(old: &LoadedSpec, new: &LoadedSpec) -> Result<Report> {
    let mut document = collect::Collector::new(None);
    let info = |spec: &LoadedSpec| spec.document.get("info").cloned().unwrap_or(Value::Null);
    document.docs(&info(old), &info(new), "/info", &["title", "description"]);
    security::diff_schemes(&mut document, &old.document, &new.document);
    let mut changes = document.into_changes();
    changes.extend(operations::diff_operations(old, new)?);
    Ok(Report::new(changes))
}

/// Loads OLD and NEW (files or `REV:path`) and compares them.
pub fn diff_inputs(old: &str, new: &str) -> Result<Report> {
    let old = input::load_input(old)?;
    let new = input::load_input(new)?;
    diff(&old, &new)
}

/// What a `spec-diff` run printed and how it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The exit status.
    pub verdict: Verdict,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    fn could_not_compare(message: String) -> Self {
        Self {
            verdict: Verdict::CouldNotCompare,
            stdout: String::new(),
            stderr: format!("error: {message}\n"),
        }
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Diff {
        old: String,
        new: String,
    },
    AgainstReleased,
    Bench {
        pair: Option<(String, String)>,
        runs: usize,
    },
    Help,
}

fn parse_args(args: &[String]) -> std::result::Result<(Mode, Format), String> {
    let mut format = Format::Text;
    let mut files = Vec::new();
    let mut against_released = false;
    let mut bench = false;
    let mut runs = 20;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag {
            "--format" => {
                let name = value("--format")?;
                format = Format::parse(&name)
                    .ok_or_else(|| format!("unknown format `{name}` (text, json or markdown)"))?;
            }
            "--against-released" => against_released = true,
            "--bench" => bench = true,
            "--runs" => {
                let text = value("--runs")?;
                runs = text
                    .parse::<usize>()
                    .ok()
                    .filter(|runs| (1..=bench::MAX_RUNS).contains(runs))
                    .ok_or_else(|| {
                        format!("--runs needs a number from 1 to {}", bench::MAX_RUNS)
                    })?;
            }
            "-h" | "--help" => return Ok((Mode::Help, format)),
            other if other.starts_with('-') && other.len() > 1 => {
                return Err(format!("unknown argument `{other}`"));
            }
            _ => files.push(arg.clone()),
        }
    }
    let pair = match files.as_slice() {
        [] => None,
        [old, new] => Some((old.clone(), new.clone())),
        _ => {
            return Err(format!(
                "expected OLD and NEW, got {} file argument(s)",
                files.len()
            ));
        }
    };
    let mode = match (against_released, bench, pair) {
        (true, true, _) => return Err("--against-released and --bench exclude each other".into()),
        (true, false, None) => Mode::AgainstReleased,
        (true, false, Some(_)) => return Err("--against-released takes no OLD and NEW".into()),
        (false, true, pair) => Mode::Bench { pair, runs },
        (false, false, Some((old, new))) => Mode::Diff { old, new },
        (false, false, None) => return Err("expected OLD and NEW".into()),
    };
    Ok((mode, format))
}

/// Runs `spec-diff` with its arguments (those after `spec-diff`), without printing.
pub fn run(args: &[String]) -> Outcome {
    let (mode, format) = match parse_args(args) {
        Ok(parsed) => parsed,
        Err(message) => return Outcome::could_not_compare(format!("{message}\n{USAGE}")),
    };
    match mode {
        Mode::Help => Outcome {
            verdict: Verdict::NoBreaking,
            stdout: format!("{USAGE}\n"),
            stderr: String::new(),
        },
        Mode::Diff { old, new } => match diff_inputs(&old, &new) {
            Ok(report) => Outcome {
                verdict: report.verdict(),
                stdout: render(&report, format),
                stderr: String::new(),
            },
            Err(err) => Outcome::could_not_compare(err.to_string()),
        },
        Mode::AgainstReleased => {
            let check = release::against_released(&crate::workspace_root(), format);
            let mut stderr = String::new();
            for message in &check.messages {
                stderr.push_str(message);
                stderr.push('\n');
            }
            Outcome {
                verdict: check.verdict,
                stdout: check.report,
                stderr,
            }
        }
        Mode::Bench { pair, runs } => {
            let pair = match pair {
                Some(pair) => Ok(pair),
                None => bench::largest_specs(&crate::workspace_root()),
            };
            match pair.and_then(|(old, new)| bench::bench(&old, &new, runs)) {
                Ok(stdout) => Outcome {
                    verdict: Verdict::NoBreaking,
                    stdout,
                    stderr: String::new(),
                },
                Err(err) => Outcome::could_not_compare(err.to_string()),
            }
        }
    }
}

/// Runs `spec-diff`, prints its output and returns its exit status.
pub fn main(args: &[String]) -> ExitCode {
    let outcome = run(args);
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    ExitCode::from(outcome.verdict.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn flags_parse() {
        assert_eq!(
            parse_args(&args(&["a.yaml", "b.yaml", "--format", "json"])),
            Ok((
                Mode::Diff {
                    old: "a.yaml".into(),
                    new: "b.yaml".into()
                },
                Format::Json
            ))
        );
        assert_eq!(
            parse_args(&args(&["--against-released", "--format=markdown"])),
            Ok((Mode::AgainstReleased, Format::Markdown))
        );
        assert_eq!(
            parse_args(&args(&["--bench", "--runs", "3"])),
            Ok((
                Mode::Bench {
                    pair: None,
                    runs: 3
                },
                Format::Text
            ))
        );
        assert!(parse_args(&args(&["a.yaml"])).is_err());
        assert!(parse_args(&args(&["a", "b", "--format", "xml"])).is_err());
        assert!(parse_args(&args(&["--against-released", "a", "b"])).is_err());
        assert!(parse_args(&args(&["--runs", "0", "--bench"])).is_err());
        assert!(parse_args(&args(&["--nope"])).is_err());
    }

    #[test]
    fn bad_arguments_exit_2() {
        let outcome = run(&args(&["only-one.yaml"]));
        assert_eq!(outcome.verdict, Verdict::CouldNotCompare);
        assert!(outcome.stderr.starts_with("error: "));
    }
}
