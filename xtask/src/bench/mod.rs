//! `cargo xtask bench`: every benchmark figure from one command, printed, and with `--all`
//! written to `BENCHMARKS.md`.
//!
//! - [`stages`]: per-stage times on the curated specs, synthetic specs of growing size
//!   ([`synthetic`]), `regenerate --check`, peak memory — the default, fast subset;
//! - [`compare`]: openapi-generator side by side (`--compare`; installs it, many minutes);
//! - [`runtime`]: the criterion benches of `benches/` (`--runtime`);
//! - [`report`]: the figures against the benchmark targets, as Markdown.
//!
//! Nothing here fails on a slow figure: a missed target is reported, with its reason and plan.

pub mod compare;
pub mod machine;
pub mod measure;
pub mod report;
pub mod runtime;
pub mod stages;
pub mod synthetic;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use machine::{Machine, load, wait_for_quiet};
use report::Report;

const USAGE: &str = "\
usage: cargo run --release -p xtask -- bench [--compare] [--runtime] [--all] [OPTIONS]

  (default)        per-stage times on spec/*, synthetic specs of 50, 200 and 800 operations,
                   `regenerate --check` time, peak RSS; about a minute
  --compare        also openapi-generator (rust, rust-server) side by side: generation time,
                   lines, dependencies, cold `cargo build`; installs openapi-generator-cli
                   into target/tools/venv-bench; many minutes
  --runtime        also the criterion benches (cargo bench -p sdk-benches)
  --all            all of the above, after waiting for a quiet machine; writes BENCHMARKS.md

options:
  --runs N         runs behind each median (default 5)
  --build-runs N   cold builds per crate with --compare (default 3)
  --sizes A,B,C    synthetic sizes in operations (default 50,200,800)
  --wait-quiet S   first wait up to S seconds for the 1-minute load average to fall below 1.0
                   (default 600 with --all, else 0)
  --report FILE    write the Markdown report to FILE (default with --all: BENCHMARKS.md)

Use a release build: in-process figures of a debug build are several times slower.
exit status: 0 figures printed, 2 a benchmark could not run";

/// The hidden argument a child process gets to run `xtask::regenerate` on another root (so
/// `regenerate`'s memory is measured without rewriting `generated/`).
pub(crate) const REGENERATE_IN: &str = "--regenerate-in";

/// Runs per median unless `--runs` says otherwise.
pub const DEFAULT_RUNS: usize = 5;

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Runs behind each median.
    pub runs: usize,
    /// Cold builds per crate with `--compare`.
    pub build_runs: usize,
    /// Synthetic sizes, in operations.
    pub sizes: Vec<usize>,
    /// openapi-generator side by side.
    pub compare: bool,
    /// Criterion benches.
    pub runtime: bool,
    /// How long to wait for a quiet machine first.
    pub wait_quiet: Duration,
    /// Where to write the Markdown report.
    pub report: Option<PathBuf>,
    /// The arguments as given, for the report.
    pub command: String,
}

enum Parsed {
    Run(Options),
    Help,
    RegenerateIn(PathBuf),
    Measure {
        result: PathBuf,
        program: String,
        args: Vec<String>,
    },
}

/// Entry point of `cargo xtask bench ARGS`.
pub fn main(args: &[String]) -> ExitCode {
    match parse(args) {
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Parsed::Measure {
            result,
            program,
            args,
        }) => {
            let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
            measure::measure_main(&result, program.as_ref(), &args)
        }
        Ok(Parsed::RegenerateIn(root)) => match crate::regenerate(&root, false) {
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(2)
            }
        },
        Ok(Parsed::Run(options)) => match run(&crate::workspace_root(), &options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
    }
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut options = Options {
        runs: DEFAULT_RUNS,
        build_runs: 3,
        sizes: vec![50, 200, 800],
        compare: false,
        runtime: false,
        wait_quiet: Duration::ZERO,
        report: None,
        command: std::iter::once("cargo run --release -p xtask -- bench")
            .chain(args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let mut all = false;
    let mut wait = None;
    let mut args = args.iter();
    let number = |flag: &str, value: Option<&String>, max: usize| -> Result<usize, String> {
        value
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| format!("{flag} needs a number from 1 to {max}"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--compare" => options.compare = true,
            "--runtime" => options.runtime = true,
            "--all" => all = true,
            "--runs" => options.runs = number("--runs", args.next(), 100)?,
            "--build-runs" => options.build_runs = number("--build-runs", args.next(), 20)?,
            "--wait-quiet" => {
                wait = Some(Duration::from_secs(
                    args.next()
                        .and_then(|v| v.parse::<u64>().ok())
                        .filter(|s| *s <= 3600)
                        .ok_or("--wait-quiet needs seconds, at most 3600")?,
                ))
            }
            "--sizes" => {
                let sizes: Option<Vec<usize>> = args.next().map(|list| {
                    list.split(',')
                        .map(|size| size.trim().parse::<usize>().ok())
                        .collect::<Option<Vec<_>>>()
                        .unwrap_or_default()
                });
                options.sizes = sizes
                    .filter(|sizes| {
                        !sizes.is_empty() && sizes.iter().all(|s| (1..=20_000).contains(s))
                    })
                    .ok_or("--sizes needs a comma-separated list of 1 to 20000")?;
            }
            "--report" => {
                options.report = Some(PathBuf::from(
                    args.next().ok_or("--report needs a file name")?,
                ))
            }
            measure::MEASURE_INTO => {
                let result = args.next().ok_or("--measure-into needs a file")?;
                if args.next().map(String::as_str) != Some("--") {
                    return Err("--measure-into FILE needs `-- PROGRAM ARGS…`".into());
                }
                let program = args.next().ok_or("--measure-into needs a program")?;
                return Ok(Parsed::Measure {
                    result: PathBuf::from(result),
                    program: program.clone(),
                    args: args.cloned().collect(),
                });
            }
            REGENERATE_IN => {
                let root = args.next().ok_or("--regenerate-in needs a folder")?;
                return Ok(Parsed::RegenerateIn(PathBuf::from(root)));
            }
            "-h" | "--help" => return Ok(Parsed::Help),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if all {
        options.compare = true;
        options.runtime = true;
        if options.report.is_none() {
            options.report = Some(crate::workspace_root().join("BENCHMARKS.md"));
        }
    }
    options.wait_quiet = wait.unwrap_or(if all {
        Duration::from_secs(600)
    } else {
        Duration::ZERO
    });
    Ok(Parsed::Run(options))
}

/// Measures what `options` asks, printing each section as it is done, then the whole report.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let profile = if cfg!(debug_assertions) {
        eprintln!(
            "warning: a debug build of the xtask; in-process figures are several times slower. \
             Use `cargo run --release -p xtask -- bench`."
        );
        "debug"
    } else {
        "release"
    };
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|date| !date.is_empty())
        .unwrap_or_else(|| "an unknown date".into());
    let quiet = (!options.wait_quiet.is_zero())
        .then(|| wait_for_quiet(1.0, options.wait_quiet, Duration::from_secs(30)));
    let mut report = Report {
        command: options.command.clone(),
        date,
        machine: Machine::read(),
        profile,
        runs: options.runs,
        quiet,
        loads: Vec::new(),
        stages: None,
        synthetic: None,
        check: None,
        compare: None,
        runtime: None,
        failures: Vec::new(),
    };

    report.loads.push(("at the start".into(), load()));
    eprintln!("bench: stages of the curated specs");
    report.stages = Some(stages::curated(root, options.runs).map_err(|err| err.to_string())?);
    eprintln!("bench: synthetic specs of {:?} operations", options.sizes);
    report.synthetic = Some(stages::synthetic(root, &options.sizes, options.runs)?);
    eprintln!("bench: regenerate --check and regenerate");
    report.check = Some(stages::check(root, options.runs)?);
    // The long sections report a failure and let the rest of the run finish.
    if options.compare {
        report
            .loads
            .push(("before openapi-generator side by side".into(), load()));
        match compare::run(root, options.runs, options.build_runs) {
            Ok(figures) => report.compare = Some(figures),
            Err(message) => report.failures.push(("--compare".into(), message)),
        }
    }
    if options.runtime {
        report
            .loads
            .push(("before the runtime benches".into(), load()));
        match runtime::run(root) {
            Ok(figures) => report.runtime = Some(figures),
            Err(message) => report.failures.push(("--runtime".into(), message)),
        }
    }
    report.loads.push(("at the end".into(), load()));

    let markdown = report.markdown();
    println!("{markdown}");
    if let Some(path) = &options.report {
        std::fs::write(path, &markdown)
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        eprintln!("bench: wrote {}", path.display());
    }
    match report.failures.first() {
        Some((section, message)) => Err(format!("{section} could not run: {message}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Options {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        match parse(&args) {
            Ok(Parsed::Run(options)) => options,
            _ => panic!("{args:?} parses as a run"),
        }
    }

    #[test]
    fn the_default_is_the_fast_subset_and_all_is_everything() {
        let fast = parsed(&[]);
        assert!(!fast.compare && !fast.runtime && fast.report.is_none());
        assert_eq!(fast.wait_quiet, Duration::ZERO);
        let all = parsed(&["--all"]);
        assert!(all.compare && all.runtime);
        assert!(all.report.is_some_and(|p| p.ends_with("BENCHMARKS.md")));
        assert_eq!(all.wait_quiet, Duration::from_secs(600));
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        for args in [
            &["--runs", "0"][..],
            &["--runs"],
            &["--sizes", "50,x"],
            &["--sizes", ""],
            &["--wait-quiet", "-1"],
            &["--frobnicate"],
        ] {
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            assert!(parse(&args).is_err(), "{args:?}");
        }
    }
}
