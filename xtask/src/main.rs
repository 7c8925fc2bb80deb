//! `cargo xtask`: regenerate the SDK crates from `spec/`, or generate one from any spec.
//!
//! The command line is defined once, in [`xtask::cli`]; `cargo xtask --help` lists it.

use std::process::ExitCode;

use clap::Parser;
use xtask::cli::{Cli, Command, GenerateArgs};
use xtask::generate::{Options, Run, generate_with, regenerate_with};
use xtask::{Outcome, Result, bench, corpus, docs_check, docs_import, spec_diff, workspace};

/// The generator allocates and frees millions of small token trees; mimalloc does that about
/// twice as fast as the system allocator (measured by `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match &Cli::parse().command {
        Command::Regenerate(args) => finish(workspace::locate().and_then(|root| {
            let options = Options {
                check: args.check,
                deny_warnings: args.deny_warnings,
                struct_builders: false,
            };
            regenerate_with(&root, options)
        })),
        Command::Generate(GenerateArgs {
            spec,
            out,
            crate_name,
            check,
            deny_warnings,
            struct_builders,
        }) => {
            let options = Options {
                check: *check,
                deny_warnings: *deny_warnings,
                struct_builders: *struct_builders,
            };
            finish(generate_with(spec, out, crate_name.as_deref(), options))
        }
        Command::SpecDiff(args) => spec_diff::execute(args),
        Command::DocsCheck(args) => docs_check::execute(args),
        Command::DocsImport(args) => docs_import::execute(args),
        Command::Bench(args) => bench::execute(args),
        Command::Corpus(options) => corpus::run(options),
        Command::CorpusWorker(options) => corpus::worker_main(options),
    }
}

/// Prints the warnings (once per place, then how many), and exits 0 up to date, 1 stale (with
/// the unified diff on stdout), 2 an error.
fn finish(result: Result<Run>) -> ExitCode {
    if let Ok(run) = &result {
        for warning in &run.warnings {
            eprintln!("warning: {warning}");
        }
        if !run.warnings.is_empty() {
            eprintln!(
                "{} warning(s); --deny-warnings makes them errors",
                run.warnings.len()
            );
        }
    }
    match result.map(|run| run.outcome) {
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
