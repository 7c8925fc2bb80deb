//! Running a command with a time limit and its output captured (the validator, `cargo check`,
//! npm and pip): a command that outlives its limit is killed with everything it started, never
//! waited on for ever.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// At most this much of each output stream is kept (the rest is read and dropped).
const OUTPUT_CAP: usize = 1 << 20;

/// How a command ended.
#[derive(Debug)]
pub struct Finished {
    /// Its exit status; `None` when it was killed at the time limit.
    pub status: Option<ExitStatus>,
    /// Standard output (the first MiB).
    pub stdout: String,
    /// Standard error (the first MiB).
    pub stderr: String,
    /// Wall time until it ended or was killed.
    pub elapsed: Duration,
}

impl Finished {
    /// Whether it exited with status 0.
    pub fn success(&self) -> bool {
        self.status.is_some_and(|status| status.success())
    }

    /// Whether it was killed at the time limit.
    pub fn timed_out(&self) -> bool {
        self.status.is_none()
    }
}

/// Runs `command` (stdin closed, stdout and stderr captured) for at most `timeout`. The command
/// gets a process group of its own, so that a kill at the limit also stops its children (the
/// `rustc` under `cargo`, for instance).
pub fn run(command: &mut Command, timeout: Duration) -> Result<Finished, String> {
    run_with_input(command, Stdio::null(), timeout)
}

/// [`run`] with `input` as the command's stdin (a file, say).
pub fn run_with_input(
    command: &mut Command,
    input: Stdio,
    timeout: Duration,
) -> Result<Finished, String> {
    command
        .stdin(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let start = Instant::now();
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot run `{program}`: {err}"))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait(&mut child, start, timeout)?;
    Ok(Finished {
        status,
        stdout: join(stdout),
        stderr: join(stderr),
        elapsed: start.elapsed(),
    })
}

/// Waits for `child` until `start + timeout`, then kills its process group.
fn wait(
    child: &mut Child,
    start: Instant,
    timeout: Duration,
) -> Result<Option<ExitStatus>, String> {
    let mut pause = Duration::from_millis(5);
    loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|err| format!("cannot wait for a child process: {err}"))?
        {
            return Ok(Some(status));
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            kill_group(child);
            return Ok(None);
        }
        std::thread::sleep(pause.min(timeout - elapsed));
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// Kills the process group led by `child` (and `child` itself), then reaps it.
pub fn kill_group(child: &mut Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group `pid`, which `child`
        // leads (it was spawned with `process_group(0)`); no memory is involved.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn drain(stream: Option<impl Read + Send + 'static>) -> Option<JoinHandle<String>> {
    let mut stream = stream?;
    Some(std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 8192];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            let room = OUTPUT_CAP.saturating_sub(kept.len());
            kept.extend_from_slice(&buffer[..n.min(room)]);
        }
        String::from_utf8_lossy(&kept).into_owned()
    }))
}

fn join(handle: Option<JoinHandle<String>>) -> String {
    handle
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_status_are_captured() {
        let done = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(done.stdout, "out\n");
        assert_eq!(done.stderr, "err\n");
        assert_eq!(done.status.and_then(|s| s.code()), Some(3));
        assert!(!done.success() && !done.timed_out());
    }

    #[test]
    fn a_command_past_its_limit_is_killed_with_its_children() {
        // The grandchild `sleep` holds the output pipes: without the group kill, reading them
        // would wait for it.
        let done = run(
            Command::new("sh").args(["-c", "sleep 30 & sleep 30"]),
            Duration::from_millis(200),
        )
        .unwrap();
        assert!(done.timed_out());
        assert!(done.elapsed < Duration::from_secs(10), "{:?}", done.elapsed);
    }
}
