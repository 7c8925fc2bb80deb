//! `cargo xtask`: regenerate the SDK crates from `spec/`, or generate one from any spec.
//!
//! The command line is defined once, in [`xtask::cli`]; `cargo xtask --help` lists it.

use std::process::ExitCode;

use clap::Parser;
use xtask::cli::{Cli, Command, GenerateArgs};
use xtask::{Outcome, Result, bench, docs_check, generate, regenerate, spec_diff, workspace};

fn main() -> ExitCode {
    match &Cli::parse().command {
        Command::Regenerate(args) => {
            finish(workspace::locate().and_then(|root| regenerate(&root, args.check)))
        }
        Command::Generate(GenerateArgs {
            spec,
            out,
            crate_name,
            check,
        }) => finish(generate(spec, out, crate_name.as_deref(), *check)),
        Command::SpecDiff(args) => spec_diff::execute(args),
        Command::DocsCheck(args) => docs_check::execute(args),
        Command::Bench(args) => bench::execute(args),
    }
}

/// Exit status 0 up to date, 1 stale (with the unified diff on stdout), 2 an error.
fn finish(result: Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::UpToDate) => ExitCode::SUCCESS,
        Ok(Outcome::Stale(diff)) => {
            print!("{diff}");
            eprintln!(
                "generated code is stale: run `cargo xtask regenerate` and commit the result"
            );
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}
