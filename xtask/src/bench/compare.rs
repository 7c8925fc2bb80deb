//! `--compare`: openapi-generator 7.x side by side on the curated specs — generation wall time,
//! generated lines, dependency count and cold `cargo build` time of the generated crates.
//!
//! openapi-generator comes from PyPI (`openapi-generator-cli`, which bundles the JAR), pinned
//! to [`OPENAPI_GENERATOR_VERSION`] and installed into the project-local venv
//! `target/tools/venv-bench`; it needs Java 11+ on `PATH`. Every output goes under
//! `target/bench/compare/`, every cold build into its own `CARGO_TARGET_DIR` under
//! `target/bench/cold/`, so nothing is shared with the workspace's own build.

use super::build_profile::BuildProfile;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::measure::{ChildRun, count_lines, median_rss, median_wall, run_child};
use super::stages::{generate_command, xtask_exe};

/// The pinned openapi-generator release (PyPI `openapi-generator-cli`).
pub const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";

/// The project-local venv openapi-generator is installed into.
pub const VENV: &str = "target/tools/venv-bench";

/// Which generator produced a crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `cargo xtask generate`.
    Ours,
    /// openapi-generator with `-g rust`.
    Rust,
    /// openapi-generator with `-g rust-server`.
    RustServer,
}

impl Tool {
    /// Every tool, ours first.
    pub const ALL: [Tool; 3] = [Tool::Ours, Tool::Rust, Tool::RustServer];

    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Ours => "cargo xtask generate",
            Tool::Rust => "openapi-generator `rust`",
            Tool::RustServer => "openapi-generator `rust-server`",
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Rust => "rust",
            Tool::RustServer => "rust-server",
        }
    }
}

/// Generation of one spec by one tool.
#[derive(Debug, Clone)]
pub struct GenerationRow {
    /// The spec, relative to the workspace.
    pub spec: String,
    /// The generator.
    pub tool: Tool,
    /// Median wall time, process start to exit (a JVM start included for openapi-generator).
    pub wall: Duration,
    /// Median peak RSS, KiB.
    pub peak_rss_kib: Option<u64>,
    /// Rust files and their lines.
    pub rust_files: usize,
    /// Lines of Rust.
    pub rust_lines: usize,
    /// Every generated file (docs, scripts, manifests included).
    pub all_files: usize,
}

/// One generated crate built on its own.
#[derive(Debug, Clone)]
pub struct CrateRow {
    /// The spec, relative to the workspace.
    pub spec: String,
    /// The generator.
    pub tool: Tool,
    /// The features built (`default` or a list).
    pub features: String,
    /// Direct dependencies (normal and build).
    pub direct: usize,
    /// Every package compiled besides the crate itself (normal and build dependencies, for
    /// this host).
    pub packages: usize,
    /// Median cold `cargo build` time, when this crate was built.
    pub cold_build: Option<Duration>,
    /// The individual cold build times.
    pub cold_builds: Vec<Duration>,
    /// Why the crate did not build (the compiler's first error), if it did not.
    pub build_error: Option<String>,
    /// Where the last cold build's time went, with the generated crate's package name.
    pub profile: Option<(String, BuildProfile)>,
}

/// A way of building a generated crate: its features, and whether it is a target's figure
/// (built `--build-runs` times; other variants are built once).
struct Variant {
    no_default: bool,
    features: &'static [&'static str],
    label: &'static str,
    targeted: bool,
}

impl Variant {
    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.no_default {
            args.push("--no-default-features".to_string());
        }
        if !self.features.is_empty() {
            args.push("--features".to_string());
            args.push(self.features.join(","));
        }
        args
    }
}

fn variants(tool: Tool) -> &'static [Variant] {
    match tool {
        Tool::Ours => &[
            Variant {
                no_default: false,
                features: &[],
                label: "default (client, rustls)",
                targeted: true,
            },
            Variant {
                no_default: true,
                features: &["client", "native-tls", "all-operations"],
                label: "client, native-tls",
                targeted: false,
            },
            Variant {
                no_default: true,
                features: &["client", "all-operations"],
                label: "client, no TLS",
                targeted: false,
            },
            Variant {
                no_default: false,
                features: &["server"],
                label: "default + server",
                targeted: false,
            },
        ],
        Tool::Rust => &[
            Variant {
                no_default: false,
                features: &[],
                label: "default (native-tls)",
                targeted: true,
            },
            Variant {
                no_default: true,
                features: &[],
                label: "no TLS",
                targeted: false,
            },
        ],
        Tool::RustServer => &[Variant {
            no_default: false,
            features: &[],
            label: "default (client, server, client-tls)",
            targeted: false,
        }],
    }
}

/// Everything `--compare` measured.
#[derive(Debug, Clone)]
pub struct CompareFigures {
    /// `java -version`'s first line.
    pub java: String,
    /// Generation runs per tool and spec.
    pub runs: usize,
    /// Generation figures, per spec and tool.
    pub generation: Vec<GenerationRow>,
    /// Crate figures.
    pub crates: Vec<CrateRow>,
}

/// Installs openapi-generator if needed, then measures.
pub fn run(root: &Path, runs: usize, build_runs: usize) -> Result<CompareFigures, String> {
    let java = java_version()?;
    let cli = ensure_openapi_generator(root)?;
    let exe = xtask_exe()?;
    let base = root.join("target/bench/compare");
    let logs = root.join("target/bench/logs");
    let specs = crate::spec_files(root).map_err(|err| err.to_string())?;
    let largest = specs
        .iter()
        .max_by_key(|spec| std::fs::metadata(spec).map_or(0, |m| m.len()))
        .cloned();

    let mut generation = Vec::new();
    let mut crates = Vec::new();
    for spec in &specs {
        let name = spec
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("spec")
            .to_string();
        let display = spec
            .strip_prefix(root)
            .unwrap_or(spec)
            .display()
            .to_string();
        for tool in Tool::ALL {
            let out = base.join(&name).join(tool.dir());
            let log = logs.join(format!("compare-{name}-{}.log", tool.dir()));
            let mut samples: Vec<ChildRun> = Vec::new();
            for _ in 0..runs.max(1) {
                remove_dir(&out)?;
                let mut command = match tool {
                    Tool::Ours => generate_command(&exe, spec, &out, &name),
                    Tool::Rust | Tool::RustServer => {
                        let mut command = Command::new(&cli);
                        command
                            .args(["generate", "-g", tool.dir(), "-i"])
                            .arg(spec)
                            .arg("-o")
                            .arg(&out);
                        command
                    }
                };
                eprintln!("bench: generating {display} with {}", tool.label());
                let run = run_child(&mut command, &log)?;
                if !run.succeeded() {
                    return Err(format!(
                        "{} failed on {display} (exit {:?}); see {}",
                        tool.label(),
                        run.exit_code,
                        log.display()
                    ));
                }
                samples.push(run);
            }
            let (rust_files, rust_lines) = count_lines(&out, &[".rs"]);
            let (all_files, _) = count_lines(&out, &[]);
            generation.push(GenerationRow {
                spec: display.clone(),
                tool,
                wall: median_wall(&samples),
                peak_rss_kib: median_rss(&samples),
                rust_files,
                rust_lines,
                all_files,
            });
            standalone(&out)?;
            for variant in variants(tool) {
                let args = variant.args();
                let (direct, packages) = dependency_counts(&out, &args, &log)?;
                let mut row = CrateRow {
                    spec: display.clone(),
                    tool,
                    features: variant.label.to_string(),
                    direct,
                    packages,
                    cold_build: None,
                    cold_builds: Vec::new(),
                    build_error: None,
                    profile: None,
                };
                if Some(spec) == largest.as_ref() {
                    let label = format!("{name}-{}-{}", tool.dir(), variant.label)
                        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
                    let runs = if variant.targeted { build_runs } else { 1 };
                    match cold_builds(root, &out, &args, &label, runs, &log)? {
                        Ok((times, profile)) => {
                            row.cold_build = Some(super::measure::median(&times));
                            row.cold_builds = times;
                            row.profile = Some((package_name(&out)?, profile));
                        }
                        Err(error) => row.build_error = Some(error),
                    }
                }
                crates.push(row);
            }
        }
    }
    Ok(CompareFigures {
        java,
        runs: runs.max(1),
        generation,
        crates,
    })
}

pub(crate) fn java_version() -> Result<String, String> {
    let out = Command::new("java")
        .arg("-version")
        .output()
        .map_err(|err| format!("openapi-generator needs Java on PATH: {err}"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    Ok(text.lines().next().unwrap_or("java").trim().to_string())
}

/// The `openapi-generator-cli` of the bench venv, installed (pinned) when missing or another
/// version.
pub(crate) fn ensure_openapi_generator(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(VENV);
    let bin = venv.join("bin");
    let cli = bin.join("openapi-generator-cli");
    let installed = Command::new(bin.join("pip"))
        .args(["show", "openapi-generator-cli"])
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("Version: ").map(str::to_string))
        });
    if cli.exists() && installed.as_deref() == Some(OPENAPI_GENERATOR_VERSION) {
        return Ok(cli);
    }
    eprintln!(
        "bench: installing openapi-generator-cli=={OPENAPI_GENERATOR_VERSION} into {}",
        venv.display()
    );
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let status = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .map_err(|err| format!("cannot run {python}: {err}"))?;
    if !status.success() {
        return Err(format!("`{python} -m venv {}` failed", venv.display()));
    }
    let status = Command::new(bin.join("pip"))
        .args(["install", "--quiet"])
        .arg(format!(
            "openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"
        ))
        .status()
        .map_err(|err| format!("cannot run pip: {err}"))?;
    if !status.success() || !cli.exists() {
        return Err(format!(
            "cannot install openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"
        ));
    }
    Ok(cli)
}

pub(crate) fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {err}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Makes a crate under `target/bench/` its own workspace root, so cargo does not take it for a
/// member of this workspace.
pub(crate) fn standalone(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|err| format!("{}: {err}", manifest.display()))?;
    if text.lines().any(|line| line.trim() == "[workspace]") {
        return Ok(());
    }
    std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
        .map_err(|err| format!("{}: {err}", manifest.display()))
}

pub(crate) fn cargo(dir: &Path, args: &[&str], extra: &[String]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(extra)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR");
    command
}

/// (direct, all) dependencies compiled for this host: normal and build edges.
fn dependency_counts(dir: &Path, extra: &[String], log: &Path) -> Result<(usize, usize), String> {
    if !dir.join("Cargo.lock").exists() {
        let run = run_child(&mut cargo(dir, &["generate-lockfile"], &[]), log)?;
        if !run.succeeded() {
            return Err(format!(
                "cargo generate-lockfile failed in {}; see {}",
                dir.display(),
                log.display()
            ));
        }
    }
    let count = |depth: Option<&str>| -> Result<usize, String> {
        let mut args = vec![
            "tree",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "-f",
            "{p}",
        ];
        if let Some(depth) = depth {
            args.extend(["--depth", depth]);
        }
        let out = cargo(dir, &args, extra)
            .output()
            .map_err(|err| format!("cannot run cargo tree: {err}"))?;
        if !out.status.success() {
            return Err(format!(
                "cargo tree failed in {}: {}",
                dir.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let packages: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                Some(format!("{} {}", words.next()?, words.next()?))
            })
            .collect();
        Ok(packages.len().saturating_sub(1))
    };
    Ok((count(Some("1"))?, count(None)?))
}

/// The `[package]` name of the crate in `dir`.
fn package_name(dir: &Path) -> Result<String, String> {
    let path = dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    manifest
        .lines()
        .find_map(|line| {
            let value = line.trim().strip_prefix("name")?.trim().strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_string())
        })
        .ok_or_else(|| format!("{}: no package name", path.display()))
}

/// Cold builds: dependencies downloaded (`cargo fetch`) but nothing compiled — an empty
/// `CARGO_TARGET_DIR` of its own for each run — with the last run's timing profile.
/// `Ok(Err(first error))` when the crate does not compile (a finding, not a failure of the
/// benchmark).
fn cold_builds(
    root: &Path,
    dir: &Path,
    extra: &[String],
    label: &str,
    runs: usize,
    log: &Path,
) -> Result<Result<(Vec<Duration>, BuildProfile), String>, String> {
    let fetched = run_child(&mut cargo(dir, &["fetch"], &[]), log)?;
    if !fetched.succeeded() {
        return Err(format!("cargo fetch failed; see {}", log.display()));
    }
    let target = root.join("target/bench/cold").join(label);
    let build_log = log.with_file_name(format!("cold-{label}.log"));
    let mut times = Vec::new();
    for run in 0..runs.max(1) {
        remove_dir(&target)?;
        let _ = std::fs::remove_file(&build_log);
        eprintln!(
            "bench: cold `cargo build` of {label} ({} of {})",
            run + 1,
            runs.max(1)
        );
        let mut command = cargo(dir, &["build", "--timings"], extra);
        command.env("CARGO_TARGET_DIR", &target);
        let built = run_child(&mut command, &build_log)?;
        if !built.succeeded() {
            remove_dir(&target)?;
            let text = std::fs::read_to_string(&build_log).unwrap_or_default();
            let errors = text.lines().filter(|l| l.starts_with("error")).count();
            let first = text
                .lines()
                .find(|line| line.starts_with("error"))
                .unwrap_or("error: see the log")
                .to_string();
            return Ok(Err(format!(
                "does not compile ({errors} error lines; first: `{first}`)"
            )));
        }
        times.push(built.wall);
    }
    let profile = BuildProfile::read(&target)?;
    remove_dir(&target)?;
    Ok(Ok((times, profile)))
}
