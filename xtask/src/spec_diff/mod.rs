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

pub mod args;
pub mod bench;
mod collect;
mod compare;
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

pub use args::SpecDiffArgs;
pub use compare::{diff, diff_inputs};
pub use model::{Change, OperationRef, Report, Rule, Severity, Verdict};
pub use report::{Format, render};

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

/// Runs `spec-diff` with its arguments (those after `spec-diff`), without printing.
pub fn run(args: &[String]) -> Outcome {
    match crate::subcommand::parse::<SpecDiffArgs>("spec-diff", args) {
        Ok(args) => outcome(&args),
        Err(err) if err.exit_code() == 0 => Outcome {
            verdict: Verdict::NoBreaking,
            stdout: err.to_string(),
            stderr: String::new(),
        },
        Err(err) => Outcome {
            verdict: Verdict::CouldNotCompare,
            stdout: String::new(),
            stderr: err.to_string(),
        },
    }
}

/// Runs `spec-diff` with its parsed arguments, without printing.
///
/// `--against-released`, and `--bench` without OLD and NEW, read the specs of the checkout
/// holding the current directory.
pub fn outcome(args: &SpecDiffArgs) -> Outcome {
    if args.against_released {
        let root = match crate::workspace::locate() {
            Ok(root) => root,
            Err(err) => return Outcome::could_not_compare(err.to_string()),
        };
        let check = release::against_released(&root, args.format);
        let mut stderr = String::new();
        for message in &check.messages {
            stderr.push_str(message);
            stderr.push('\n');
        }
        return Outcome {
            verdict: check.verdict,
            stdout: check.report,
            stderr,
        };
    }
    let pair = args.old.clone().zip(args.new.clone());
    if args.bench {
        let pair = match pair {
            Some(pair) => Ok(pair),
            None => crate::workspace::locate().and_then(|root| bench::largest_specs(&root)),
        };
        return match pair.and_then(|(old, new)| bench::bench(&old, &new, args.runs)) {
            Ok(stdout) => Outcome {
                verdict: Verdict::NoBreaking,
                stdout,
                stderr: String::new(),
            },
            Err(err) => Outcome::could_not_compare(err.to_string()),
        };
    }
    let Some((old, new)) = pair else {
        // clap requires OLD and NEW without --against-released or --bench.
        return Outcome::could_not_compare("expected OLD and NEW".into());
    };
    match diff_inputs(&old, &new) {
        Ok(report) => Outcome {
            verdict: report.verdict(),
            stdout: render(&report, args.format),
            stderr: String::new(),
        },
        Err(err) => Outcome::could_not_compare(err.to_string()),
    }
}

/// Runs `spec-diff` with its parsed arguments, prints its output and returns its exit status.
pub fn execute(args: &SpecDiffArgs) -> ExitCode {
    let outcome = outcome(args);
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
    fn bad_arguments_exit_2() {
        let outcome = run(&args(&["only-one.yaml"]));
        assert_eq!(outcome.verdict, Verdict::CouldNotCompare);
        assert!(outcome.stderr.starts_with("error: "));
    }

    #[test]
    fn help_exits_0_on_stdout() {
        let outcome = run(&args(&["--help"]));
        assert_eq!(outcome.verdict, Verdict::NoBreaking);
        assert!(
            outcome.stdout.contains("--against-released"),
            "{}",
            outcome.stdout
        );
        assert!(outcome.stderr.is_empty());
    }
}
