//! The generator's own figures: per-stage times on the curated specs and on synthetic specs of
//! growing size, `regenerate --check`, and peak memory. Stages are timed by calling the same
//! public stage functions [`render_crate`](crate::generate::render_crate) chains.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::measure::{
    self, ChildRun, CpuTime, median, median_rss, median_run_cpu, median_wall, run_child_times,
    timed,
};
use super::synthetic::synthetic_yaml;
use crate::generate::normalise::normalise;
use crate::generate::render::RenderedCrate;
use crate::generate::render::output::{OutputTree, check_tree, write_tree};
use crate::generate::{client_stage, format_stage, load_stage, server_stage};

/// The hidden argument a child process gets to run `xtask::regenerate` on another root (so
/// `regenerate`'s memory is measured without rewriting `generated/`).
pub(crate) const REGENERATE_IN: &str = "--regenerate-in";

/// Median times of each stage for one spec, and what it produced.
#[derive(Debug, Clone)]
pub struct StageRow {
    /// The spec, relative to the workspace (or the synthetic spec's name).
    pub spec: String,
    /// Operations in the spec.
    pub operations: usize,
    /// Load, parse and validate.
    pub load: Duration,
    /// The progenitor-ready copy.
    pub normalise: Duration,
    /// progenitor (types and client), the error helpers, the credential methods.
    pub client: Duration,
    /// The server trait and router.
    pub server: Duration,
    /// prettyplease, templates and headers.
    pub format: Duration,
    /// Writing the crate (staging folder, then renames).
    pub write: Duration,
    /// Comparing the rendered crate with the files on disk, as `--check` does.
    pub check: Duration,
    /// The fastest run's load → write time (a shared machine's load only ever adds time, so
    /// the fastest run is the closest to the pipeline's own cost).
    pub fastest_pipeline: Duration,
    /// Files of the crate.
    pub files: usize,
    /// Lines of the crate (every file).
    pub lines: usize,
}

impl StageRow {
    /// Load through format plus write: what `regenerate` spends on this spec in-process.
    pub fn pipeline(&self) -> Duration {
        self.load + self.normalise + self.client + self.server + self.format + self.write
    }
}

/// One timed pass through the stages.
struct Pass {
    times: [Duration; 5],
    operations: usize,
    krate: RenderedCrate,
}

fn pass(spec: &Path, display: &Path, crate_name: &str) -> crate::Result<Pass> {
    let (loaded, load) = timed(|| load_stage(spec, display, crate_name));
    let mut loaded = loaded?;
    // As `render_crate` does: the document moves into the normalised copy.
    let document = std::mem::take(&mut loaded.document);
    let in_file = |err: crate::Located| err.in_file(&loaded.path);
    let (normalised, normalise_time) = timed(|| normalise(document));
    let mut normalised = normalised.map_err(in_file)?;
    let (client, client_time) = timed(|| client_stage(&mut normalised, false));
    let client = client.map_err(in_file)?;
    let (server, server_time) = timed(|| server_stage(&client, crate_name));
    let operations = normalised.operations.len();
    let (krate, format) = timed(|| format_stage(&loaded, client, server, crate_name));
    Ok(Pass {
        times: [load, normalise_time, client_time, server_time, format],
        operations,
        krate: krate.map_err(in_file)?,
    })
}

/// Times every stage `runs` times on one spec. The crate is written under `scratch` (never
/// into `generated/`) and checked against `check_against` (a crate folder; `None`: against
/// what was just written).
pub fn stage_row(
    spec: &Path,
    display: &Path,
    crate_name: &str,
    runs: usize,
    scratch: &Path,
    check_against: Option<&Path>,
) -> crate::Result<StageRow> {
    let mut samples: [Vec<Duration>; 7] = Default::default();
    let mut fastest_pipeline = Duration::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let pass = pass(spec, display, crate_name)?;
        for (stage, time) in pass.times.iter().enumerate() {
            samples[stage].push(*time);
        }
        let tree = OutputTree {
            root: scratch.join("generated"),
            owns_root: true,
            label: PathBuf::from("generated"),
        };
        let krates = std::slice::from_ref(&pass.krate);
        let (written, write) = timed(|| write_tree(&tree, krates, &scratch.join("staging")));
        written?;
        samples[5].push(write);
        fastest_pipeline = fastest_pipeline.min(pass.times.iter().sum::<Duration>() + write);
        let against_root = check_against
            .map(Path::to_path_buf)
            .unwrap_or_else(|| tree.root.join(crate_name));
        let against = OutputTree {
            label: against_root.clone(),
            root: against_root,
            owns_root: false,
        };
        let (_, check) = timed(|| check_tree(&against, krates));
        samples[6].push(check);
        last = Some(pass);
    }
    let last: Pass = last.ok_or_else(|| crate::GenError::file(spec, "no benchmark run"))?;
    let lines = last
        .krate
        .files
        .values()
        .map(|text| text.lines().count())
        .sum();
    Ok(StageRow {
        spec: display.display().to_string(),
        operations: last.operations,
        load: median(&samples[0]),
        normalise: median(&samples[1]),
        client: median(&samples[2]),
        server: median(&samples[3]),
        format: median(&samples[4]),
        write: median(&samples[5]),
        check: median(&samples[6]),
        fastest_pipeline,
        files: last.krate.files.len(),
        lines,
    })
}

/// Stage times of every curated spec; `--check` compares with `generated/<name>/`.
pub fn curated(root: &Path, runs: usize) -> crate::Result<Vec<StageRow>> {
    let scratch = root.join("target/bench/stages");
    let mut rows = Vec::new();
    for spec in crate::spec_files(root)? {
        let display = spec.strip_prefix(root).unwrap_or(&spec).to_path_buf();
        let name = crate_name(&spec);
        let against = root.join("generated").join(&name);
        rows.push(stage_row(
            &spec,
            &display,
            &name,
            runs,
            &scratch,
            Some(&against),
        )?);
    }
    Ok(rows)
}

fn crate_name(spec: &Path) -> String {
    spec.file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default()
        .to_string()
}

/// One synthetic size: in-process stage times and the `generate` command run as a process.
#[derive(Debug, Clone)]
pub struct SyntheticRow {
    /// In-process stage medians (the spec column names the file).
    pub stages: StageRow,
    /// Bytes of the spec.
    pub spec_bytes: usize,
    /// Component schemas in the spec.
    pub schemas: usize,
    /// Median wall time of `xtask generate` on it, process start to exit.
    pub process: Duration,
    /// Median peak RSS of that process, KiB.
    pub peak_rss_kib: Option<u64>,
    /// CPU time of the run with the median wall time.
    pub process_cpu: Option<CpuTime>,
}

/// Writes the synthetic spec of each size under `target/bench/synthetic/` and measures it.
pub fn synthetic(root: &Path, sizes: &[usize], runs: usize) -> Result<Vec<SyntheticRow>, String> {
    let dir = root.join("target/bench/synthetic");
    std::fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let exe = xtask_exe()?;
    let mut rows = Vec::new();
    for &size in sizes {
        let name = format!("synthetic-{size}");
        let spec = dir.join(format!("{name}.yaml"));
        let text = synthetic_yaml(size).map_err(|err| err.to_string())?;
        std::fs::write(&spec, &text).map_err(|err| format!("{}: {err}", spec.display()))?;
        let schemas = super::synthetic::synthetic_spec(size)["components"]["schemas"]
            .as_object()
            .map_or(0, |schemas| schemas.len());
        let display = PathBuf::from(format!("target/bench/synthetic/{name}.yaml"));
        let stages = stage_row(&spec, &display, &name, runs, &dir.join("stages"), None)
            .map_err(|err| err.to_string())?;
        let out = dir.join(&name);
        let processes =
            run_child_times(runs, &dir.join("logs").join(format!("{name}.log")), || {
                generate_command(&exe, &spec, &out, &name)
            })?;
        rows.push(SyntheticRow {
            stages,
            spec_bytes: text.len(),
            schemas,
            process: median_wall(&processes),
            peak_rss_kib: median_rss(&processes),
            process_cpu: median_run_cpu(&processes),
        });
    }
    Ok(rows)
}

/// `regenerate --check` and `regenerate` as processes, and `--check` in-process.
#[derive(Debug, Clone)]
pub struct CheckRow {
    /// Median wall time of `xtask regenerate --check` on the workspace.
    pub check_process: Duration,
    /// Its exit code (0 up to date, 1 stale).
    pub check_exit: Option<i32>,
    /// Median peak RSS of it, KiB.
    pub check_rss_kib: Option<u64>,
    /// Median of `xtask::regenerate(root, true)` called in-process.
    pub check_in_process: Duration,
    /// Median wall time of a full `regenerate` (render and write) as a process, on a copy
    /// of `spec/` under `target/bench/regenerate/`.
    pub regenerate_process: Duration,
    /// Median peak RSS of it, KiB.
    pub regenerate_rss_kib: Option<u64>,
}

/// Measures `regenerate --check` (read-only, on the workspace) and a full `regenerate` (on a
/// copy, so `generated/` is never rewritten by a benchmark).
pub fn check(root: &Path, runs: usize) -> Result<CheckRow, String> {
    let exe = xtask_exe()?;
    let logs = root.join("target/bench/logs");
    let mut check_runs: Vec<ChildRun> = Vec::new();
    for _ in 0..runs.max(1) {
        let mut command = Command::new(&exe);
        command.args(["regenerate", "--check"]).current_dir(root);
        let run = measure::run_child(&mut command, &logs.join("regenerate-check.log"))?;
        if !matches!(run.exit_code, Some(0 | 1)) {
            return Err(format!(
                "`xtask regenerate --check` exited with {:?}; see {}",
                run.exit_code,
                logs.join("regenerate-check.log").display()
            ));
        }
        check_runs.push(run);
    }
    let mut in_process = Vec::new();
    for _ in 0..runs.max(1) {
        let (outcome, time) = timed(|| crate::regenerate(root, true));
        outcome.map_err(|err| err.to_string())?;
        in_process.push(time);
    }

    let copy = root.join("target/bench/regenerate");
    let _ = std::fs::remove_dir_all(copy.join("spec"));
    std::fs::create_dir_all(copy.join("spec")).map_err(|err| format!("{err}"))?;
    for spec in crate::spec_files(root).map_err(|err| err.to_string())? {
        if let Some(name) = spec.file_name() {
            std::fs::copy(&spec, copy.join("spec").join(name))
                .map_err(|err| format!("{}: {err}", spec.display()))?;
        }
    }
    let regenerate_runs = run_child_times(runs, &logs.join("regenerate.log"), || {
        let mut command = Command::new(&exe);
        command.args(["bench", REGENERATE_IN]).arg(&copy);
        command
    })?;
    Ok(CheckRow {
        check_process: median_wall(&check_runs),
        check_exit: check_runs.last().and_then(|run| run.exit_code),
        check_rss_kib: median_rss(&check_runs),
        check_in_process: median(&in_process),
        regenerate_process: median_wall(&regenerate_runs),
        regenerate_rss_kib: median_rss(&regenerate_runs),
    })
}

/// The running xtask binary (a release build under `cargo run --release`).
pub fn xtask_exe() -> Result<PathBuf, String> {
    std::env::current_exe().map_err(|err| format!("cannot find the xtask binary: {err}"))
}

/// `<exe> generate --spec <spec> --out <out> --crate-name <name>`: the generator as a user runs
/// it, in a process of its own.
pub fn generate_command(exe: &Path, spec: &Path, out: &Path, crate_name: &str) -> Command {
    let mut command = Command::new(exe);
    command
        .arg("generate")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", crate_name]);
    command
}
