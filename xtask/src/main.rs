//! `cargo xtask`: regenerate the SDK crates from `spec/`, or generate one from any spec.
//!
//! The command line is defined once, in [`xtask::cli`]; `cargo xtask --help` lists it.

use std::process::ExitCode;

use clap::Parser;
use xtask::cli::{Cli, Command};
use xtask::generate::{GenerateArgs, Options, Run, generate_with, regenerate_with};
use xtask::{Outcome, Result, bench, corpus, docs_check, docs_import, spec_diff, workspace};

/// The generator allocates and frees millions of small token trees; mimalloc does that about
/// twice as fast as the system allocator (measured by `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc returns freed memory to the OS 10 ms after it is freed, and the kernel zeroes
/// every such page again when the generator reuses it: a `perf` profile
/// of the 200-operation synthetic spec had a third of the time in the kernel's `clear_page`.
/// Purging after five seconds instead keeps the memory of one stage for the next, so a
/// generation of a few seconds returns nothing before it exits. Measured on 2026-11-30
/// (`/usr/bin/time`, 800-operation synthetic spec): a one-second delay purged halfway through
/// and took 2.4–2.8 s with 0.5–0.8 s in the kernel; five seconds took 2.0 s with 0.03 s in the
/// kernel. Microsoft Graph's peak resident memory is the same with either (3.7 GiB); never
/// purging raised it by 60 MiB.
fn keep_freed_memory_for_a_while() {
    // `mi_option_purge_delay`, by its place in mimalloc's option enum (the same in its v2 and
    // v3): libmimalloc-sys exports no constant for it. `MIMALLOC_VERBOSE=1 cargo xtask --help`
    // lists the options as set: `option 'purge_delay': 5000`.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const FIVE_SECONDS_MS: std::ffi::c_long = 5000;
    // SAFETY: sets one of mimalloc's options to a valid value; called before any thread starts
    // (mimalloc's option setters are not thread-safe).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, FIVE_SECONDS_MS) };
}

fn main() -> ExitCode {
    keep_freed_memory_for_a_while();
    match &Cli::parse().command {
        Command::Regenerate(args) => finish(workspace::locate().and_then(|root| {
            let options = Options {
                check: args.check,
                deny_warnings: args.deny_warnings,
                struct_builders: false,
                strict_passes: args.strict_passes,
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
            strict_passes,
        }) => {
            let options = Options {
                check: *check,
                deny_warnings: *deny_warnings,
                struct_builders: *struct_builders,
                strict_passes: *strict_passes,
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
