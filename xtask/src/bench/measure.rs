//! Measuring: medians of in-process timings, and child processes timed with their peak
//! resident set size (from `wait4`'s resource usage, read by a small spawner process, so no
//! external `time` tool is needed).

use std::ffi::{OsStr, OsString};
use std::fs::OpenOptions;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// One run of a child process.
#[derive(Debug, Clone, Copy)]
pub struct ChildRun {
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// Peak resident set size of the child and the descendants it waited for, in KiB
    /// (`None` where the platform does not report it).
    pub peak_rss_kib: Option<u64>,
    /// The exit code (`None` if a signal ended it).
    pub exit_code: Option<i32>,
    /// CPU time of the child and the descendants it waited for (`None` where the platform
    /// does not report it).
    pub cpu: Option<CpuTime>,
}

/// CPU time from `wait4`'s resource usage: in the program, and in the kernel on its behalf
/// (for a generator, mostly zeroing the pages it first touches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuTime {
    /// `ru_utime`.
    pub user: Duration,
    /// `ru_stime`.
    pub system: Duration,
}

impl ChildRun {
    /// Whether the child exited with status 0.
    pub fn succeeded(&self) -> bool {
        self.exit_code == Some(0)
    }
}

/// The hidden argument of `xtask bench` that makes it a measuring spawner:
/// `bench --measure-into FILE -- PROGRAM ARGS…` runs the program and writes its figures to FILE.
pub(crate) const MEASURE_INTO: &str = "--measure-into";

/// Runs `command` to completion with its output appended to `log`, and measures it.
///
/// The command is started by a fresh `xtask bench --measure-into` process, not by this one:
/// on Linux a child's `ru_maxrss` starts from the resident set of the process that spawned it
/// (the high-water mark of the address space it replaces at `exec`), and the benchmark process
/// itself grows to hundreds of MiB. The spawner stays a few MiB, so the figure is the
/// command's own.
pub fn run_child(command: &mut Command, log: &Path) -> Result<ChildRun, String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = log.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    let result = dir.join(format!(
        ".measure-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let exe =
        std::env::current_exe().map_err(|err| format!("cannot find the xtask binary: {err}"))?;
    let mut spawner = Command::new(exe);
    spawner
        .args(["bench", MEASURE_INTO])
        .arg(&result)
        .arg("--")
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => spawner.env(key, value),
            None => spawner.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        spawner.current_dir(dir);
    }
    let open = || {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|err| format!("cannot open {}: {err}", log.display()))
    };
    let status = spawner
        .stdin(Stdio::null())
        .stdout(Stdio::from(open()?))
        .stderr(Stdio::from(open()?))
        .status()
        .map_err(|err| format!("cannot run {:?}: {err}", command.get_program()))?;
    let text = std::fs::read_to_string(&result);
    let _ = std::fs::remove_file(&result);
    let text = text.map_err(|_| {
        format!(
            "{:?} could not be measured ({status}); see {}",
            command.get_program(),
            log.display()
        )
    })?;
    parse_result(&text).ok_or_else(|| format!("unreadable measurement `{text}`"))
}

/// The spawner's side of [`run_child`]: runs `program` with this process's standard streams,
/// environment and folder, and writes `exit-code peak-rss-kib wall-ns user-ns system-ns` to
/// `result` (`-` for what the platform does not report).
pub fn measure_main(result: &Path, program: &OsStr, args: &[OsString]) -> ExitCode {
    let start = Instant::now();
    let measured = Command::new(program)
        .args(args)
        .spawn()
        .map_err(|err| format!("cannot run {program:?}: {err}"))
        .and_then(wait_measured);
    let wall = start.elapsed();
    let written = measured.and_then(|(exit_code, rss, cpu)| {
        let or_dash = |value: Option<String>| value.unwrap_or_else(|| "-".to_string());
        let line = format!(
            "{} {} {} {} {}",
            or_dash(exit_code.map(|code| code.to_string())),
            or_dash(rss.map(|kib| kib.to_string())),
            wall.as_nanos(),
            or_dash(cpu.map(|cpu| cpu.user.as_nanos().to_string())),
            or_dash(cpu.map(|cpu| cpu.system.as_nanos().to_string())),
        );
        std::fs::write(result, line).map_err(|err| format!("{}: {err}", result.display()))
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_result(text: &str) -> Option<ChildRun> {
    let mut fields = text.split_whitespace();
    let exit_code = fields.next()?;
    let rss = fields.next()?;
    let wall = fields.next()?.parse::<u64>().ok()?;
    let nanos = |field: Option<&str>| field?.parse::<u64>().ok().map(Duration::from_nanos);
    let cpu = match (nanos(fields.next()), nanos(fields.next())) {
        (Some(user), Some(system)) => Some(CpuTime { user, system }),
        _ => None,
    };
    Some(ChildRun {
        exit_code: if exit_code == "-" {
            None
        } else {
            Some(exit_code.parse().ok()?)
        },
        peak_rss_kib: if rss == "-" {
            None
        } else {
            Some(rss.parse().ok()?)
        },
        wall: Duration::from_nanos(wall),
        cpu,
    })
}

/// Runs `command` `runs` times; fails on the first unsuccessful run, naming the log.
pub fn run_child_times(
    runs: usize,
    log: &Path,
    mut command: impl FnMut() -> Command,
) -> Result<Vec<ChildRun>, String> {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let run = run_child(&mut command(), log)?;
        if !run.succeeded() {
            return Err(format!(
                "{:?} exited with {:?}; see {}",
                command().get_program(),
                run.exit_code,
                log.display()
            ));
        }
        out.push(run);
    }
    Ok(out)
}

/// What the spawner learns of its child: the exit code, the peak RSS (KiB) and the CPU time.
type Measured = (Option<i32>, Option<u64>, Option<CpuTime>);

#[cfg(unix)]
fn wait_measured(child: std::process::Child) -> Result<Measured, String> {
    let pid = libc::pid_t::try_from(child.id()).map_err(|err| format!("pid: {err}"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (std's `Child` is never waited on);
        // the pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("cannot wait for process {pid}: {err}"));
        }
    }
    drop(child);
    let exit_code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    // Linux reports KiB, macOS bytes.
    let kib = if cfg!(target_os = "macos") {
        max_rss / 1024
    } else {
        max_rss
    };
    let duration = |time: libc::timeval| {
        Duration::from_secs(u64::try_from(time.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(time.tv_usec).unwrap_or(0))
    };
    let cpu = CpuTime {
        user: duration(usage.ru_utime),
        system: duration(usage.ru_stime),
    };
    Ok((exit_code, Some(kib), Some(cpu)))
}

#[cfg(not(unix))]
fn wait_measured(mut child: std::process::Child) -> Result<Measured, String> {
    let status = child
        .wait()
        .map_err(|err| format!("cannot wait for the child: {err}"))?;
    Ok((status.code(), None, None))
}

/// The median of some durations (the upper one of an even count); zero for none.
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// The median wall time of child runs.
pub fn median_wall(runs: &[ChildRun]) -> Duration {
    median(&runs.iter().map(|run| run.wall).collect::<Vec<_>>())
}

/// The CPU time of the run whose wall time is the median (the one [`median_wall`] reports).
pub fn median_run_cpu(runs: &[ChildRun]) -> Option<CpuTime> {
    let mut sorted: Vec<&ChildRun> = runs.iter().collect();
    sorted.sort_by_key(|run| run.wall);
    sorted.get(sorted.len() / 2)?.cpu
}

/// The median peak RSS of child runs, in KiB.
pub fn median_rss(runs: &[ChildRun]) -> Option<u64> {
    let mut values: Vec<u64> = runs.iter().filter_map(|run| run.peak_rss_kib).collect();
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

/// Runs `f` and returns its result with the time it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Counts the lines of every file below `dir` whose name ends in one of `extensions` (all files
/// for none), skipping `target/` folders; returns (files, lines).
pub fn count_lines(dir: &Path, extensions: &[&str]) -> (usize, usize) {
    let mut files = 0;
    let mut lines = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if name != "target" {
                    pending.push(path);
                }
                continue;
            }
            if !extensions.is_empty() && !extensions.iter().any(|ext| name.ends_with(ext)) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&path) {
                files += 1;
                lines += bytes.iter().filter(|&&b| b == b'\n').count();
            }
        }
    }
    (files, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[cfg(unix)]
    #[test]
    fn a_child_reports_its_exit_code_memory_and_cpu_time() {
        // A bounded loop, so that the child spends measurable CPU time.
        let busy = "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 3";
        let child = Command::new("sh")
            .args(["-c", busy])
            .spawn()
            .expect("sh runs");
        let (exit_code, rss, cpu) = wait_measured(child).expect("measured");
        assert_eq!(exit_code, Some(3));
        assert!(rss.is_some_and(|kib| kib > 0));
        assert!(cpu.is_some_and(|cpu| cpu.user + cpu.system > Duration::ZERO));
    }

    #[test]
    fn measurements_read_back() {
        let run = parse_result("0 2048 1500000 1000000 250000").expect("parses");
        assert_eq!(
            (run.exit_code, run.peak_rss_kib, run.wall),
            (Some(0), Some(2048), Duration::from_micros(1500))
        );
        assert_eq!(
            run.cpu,
            Some(CpuTime {
                user: Duration::from_millis(1),
                system: Duration::from_micros(250),
            })
        );
        assert!(parse_result("0 2048 1500000 - -").is_some_and(|run| run.cpu.is_none()));
        assert!(parse_result("- - 1").is_some_and(|run| run.exit_code.is_none()));
        assert!(parse_result("x").is_none());
    }
}
