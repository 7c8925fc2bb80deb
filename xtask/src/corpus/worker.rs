//! Isolation of the generator: documents are generated in worker subprocesses, so that no input
//! can crash or hang the run (a stack overflow or an allocation failure aborts the process, an
//! infinite loop never returns; neither is a panic that `catch_unwind` could stop).
//!
//! **Protocol.** The parent starts `xtask corpus-worker` with piped stdin and stdout and writes
//! one [`Request`] as a line of JSON; the worker answers each request with one [`Response`] as a
//! line of JSON on stdout (other stdout lines are ignored) and then reads the next. Its stderr
//! goes to a log file of its slot (`target/corpus/logs/worker-N.log`). A worker whose stdout
//! closes before it answered has crashed: the document is recorded as [`Outcome::Crashed`] with
//! the exit status and the end of the log, and a new worker takes the slot. A worker that does
//! not answer within the timeout is killed and its document recorded as
//! [`Outcome::TimedOut`]. The worker limits its own address space (`--memory-limit-mb`), so a
//! runaway allocation ends as a crash instead of exhausting the shared machine.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::process::ExitStatusExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use clap::Parser;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::examples::body_types_file;
use crate::error::Location;

/// The name of the hidden subcommand that runs a worker.
pub const SUBCOMMAND: &str = "corpus-worker";

/// One document to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The parent's number for the document; the response repeats it.
    pub id: usize,
    /// The document.
    pub path: PathBuf,
    /// Where to write the generated crate.
    pub out: PathBuf,
    /// The crate's package name.
    pub crate_name: String,
    /// Keep the crate after generating it (for `--check` or `--keep`); otherwise the worker
    /// removes it.
    pub keep: bool,
    /// A rewrite of progenitor's output that meets code of its kind it does not recognise
    /// fails the document (`--strict-passes`).
    #[serde(default)]
    pub strict_passes: bool,
}

/// What the worker tells about a document, whatever the outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocInfo {
    /// The `openapi` field (`3.0.3`), or `swagger 2.0`; `None` if unreadable.
    pub version: Option<String>,
    /// What APIs.guru converted it from (`info.x-origin`: `swagger 2.0`, `google v1`, …).
    pub origin: Option<String>,
    /// Operations under `paths`.
    pub operations: usize,
    /// Size in bytes.
    pub bytes: u64,
}

/// How generating one document ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    /// The crate was generated.
    Generated,
    /// The generator refused the document with a located error.
    Failed {
        /// `#/json/pointer`, `LINE:COLUMN`, or empty for the whole file.
        location: String,
        /// The error message.
        message: String,
    },
    /// A panic escaped the generator (the worker caught it).
    Panicked {
        /// The panic's message.
        message: String,
    },
    /// Not an input the generator is meant to read (Swagger 1.x).
    OutOfScope {
        /// Why.
        reason: String,
    },
    /// The worker died on the document (abort, stack overflow, out of memory, signal).
    Crashed {
        /// The exit status and the last lines the worker wrote to stderr.
        detail: String,
    },
    /// No answer within the timeout: the worker was killed.
    TimedOut,
}

/// The answer to one [`Request`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The request's `id`.
    pub id: usize,
    /// What the document is.
    #[serde(default)]
    pub info: DocInfo,
    /// How generation ended.
    pub outcome: Outcome,
    /// Generation time (for crashes and timeouts: until the parent noticed).
    pub seconds: f64,
}

/// Options of the hidden `corpus-worker` subcommand (started by `cargo xtask corpus`).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "cargo xtask corpus-worker",
    bin_name = "xtask corpus-worker",
    hide = true
)]
pub struct WorkerOptions {
    /// Address-space limit of the worker in MiB (0: none).
    #[arg(long, default_value_t = 0)]
    pub memory_limit_mb: u64,
    /// Test hook: `SUBSTRING=abort|overflow|hang|exit` misbehaves that way on documents whose
    /// path contains SUBSTRING.
    #[arg(long, hide = true, value_name = "SUBSTRING=KIND")]
    pub fault: Vec<String>,
}

/// Entry point of `xtask corpus-worker`: answers requests until stdin closes.
pub fn main(options: &WorkerOptions) -> ExitCode {
    if options.memory_limit_mb > 0 {
        limit_memory(options.memory_limit_mb.saturating_mul(1024 * 1024));
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    let mut line = String::new();
    let mut input = stdin.lock();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return ExitCode::SUCCESS,
            Ok(_) => {}
        }
        let request: Request = match serde_json::from_str(line.trim()) {
            Ok(request) => request,
            Err(err) => {
                eprintln!("corpus-worker: ignoring a request that is not JSON: {err}");
                continue;
            }
        };
        inject_fault(&options.fault, &request.path);
        let response = handle(&request);
        let Ok(text) = serde_json::to_string(&response) else {
            return ExitCode::from(2);
        };
        if writeln!(stdout, "{text}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return ExitCode::SUCCESS;
        }
    }
}

/// Generates one document (in this process) and describes the outcome.
pub fn handle(request: &Request) -> Response {
    let info = catch_unwind(|| inspect(&request.path)).unwrap_or_default();
    let started = Instant::now();
    let outcome = if let Some(reason) = out_of_scope(&info) {
        Outcome::OutOfScope { reason }
    } else {
        let result = catch_unwind(AssertUnwindSafe(|| {
            let options = crate::generate::Options {
                strict_passes: request.strict_passes,
                ..crate::generate::Options::default()
            };
            crate::generate::generate_with(
                &request.path,
                &request.out,
                Some(&request.crate_name),
                options,
            )
        }));
        match result {
            Ok(Ok(run)) => {
                if request.keep {
                    // For `--examples`: beside the crate, not in it. Best effort: a missing
                    // file is reported by the examples check.
                    if let Ok(text) = serde_json::to_string(&run.body_types) {
                        let _ = std::fs::write(body_types_file(&request.out), text);
                    }
                }
                Outcome::Generated
            }
            Ok(Err(err)) => Outcome::Failed {
                location: match &err.location {
                    Location::File => String::new(),
                    Location::Line { line, column } => format!("{line}:{column}"),
                    Location::Pointer(pointer) => format!("#{pointer}"),
                },
                message: err.message,
            },
            Err(panic) => Outcome::Panicked {
                message: panic_message(panic.as_ref()),
            },
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if !request.keep {
        remove_output(&request.out);
    }
    Response {
        id: request.id,
        info,
        outcome,
        seconds,
    }
}

fn out_of_scope(info: &DocInfo) -> Option<String> {
    let version = info.version.as_deref()?;
    // Swagger 2.0 is converted on load (`spec::swagger2`); only the older versions are not.
    (version.starts_with("swagger") && !version.starts_with("swagger 2.")).then(|| {
        format!("{version}: Swagger before 2.0 is not supported (convert it to OpenAPI 3 first)")
    })
}

/// Removes a generated crate and the staging folder `generate` puts beside it.
fn remove_output(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    if let Some(name) = out.file_name().and_then(|name| name.to_str()) {
        let _ = std::fs::remove_dir_all(out.with_file_name(format!(".{name}.xtask-staging")));
    }
}

/// Reads the version, origin and operation count of a document (best effort: a document that
/// does not parse reads as unknown, and generation reports why).
pub fn inspect(path: &Path) -> DocInfo {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let Ok(text) = std::fs::read_to_string(path) else {
        return DocInfo {
            bytes,
            ..DocInfo::default()
        };
    };
    let is_json = path.extension().is_some_and(|ext| ext == "json");
    let document: Option<Value> = if is_json {
        serde_json::from_str(&text).ok()
    } else {
        serde_yaml::from_str(&text).ok()
    };
    let Some(document) = document else {
        return DocInfo {
            bytes,
            ..DocInfo::default()
        };
    };
    describe_document(&document, bytes)
}

/// The [`DocInfo`] of a parsed document.
pub fn describe_document(document: &Value, bytes: u64) -> DocInfo {
    let version = match (document.get("openapi"), document.get("swagger")) {
        (Some(version), _) => Some(scalar(version)),
        (None, Some(version)) => Some(format!("swagger {}", scalar(version))),
        (None, None) => None,
    };
    let origin = document
        .pointer("/info/x-origin")
        .and_then(|origin| match origin {
            Value::Array(items) => items.last(),
            other => Some(other),
        })
        .and_then(|origin| {
            let format = origin.get("format").map(scalar)?;
            Some(match origin.get("version").map(scalar) {
                Some(version) => format!("{format} {version}"),
                None => format,
            })
        });
    let operations = document
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    crate::spec::METHODS
                        .iter()
                        .filter(|method| item.contains_key(**method))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0);
    DocInfo {
        version,
        origin,
        operations,
        bytes,
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = panic.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_string()
    }
}

fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit(2) reads the struct we pass; it only lowers this process's own limit.
    let failed = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0;
    if failed {
        eprintln!("corpus-worker: cannot limit memory to {bytes} bytes");
    }
}

/// The test hook behind `--fault`: misbehave on matching documents as a broken generator would.
fn inject_fault(faults: &[String], path: &Path) {
    let path = path.to_string_lossy();
    for fault in faults {
        let Some((needle, kind)) = fault.split_once('=') else {
            continue;
        };
        if !path.contains(needle) {
            continue;
        }
        match kind {
            "abort" => std::process::abort(),
            "exit" => std::process::exit(3),
            "overflow" => {
                std::hint::black_box(overflow(0));
            }
            // Sleeps far longer than any test's timeout; the parent kills it.
            "hang" => std::thread::sleep(Duration::from_secs(3600)),
            _ => {}
        }
    }
}

/// Recurses until the stack overflows (the depth test only keeps it from being unconditional).
fn overflow(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 64]);
    if depth == u64::MAX {
        return frame[0];
    }
    overflow(depth + 1).wrapping_add(frame[1])
}

// ---- the parent's side ----------------------------------------------------------------------

/// A line (or the end of output, `None`) from the worker of `slot` started as `generation`.
struct Message {
    slot: usize,
    generation: u64,
    line: Option<String>,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    generation: u64,
}

struct Busy {
    request: Request,
    started: Instant,
    log_offset: u64,
}

#[derive(Default)]
struct Slot {
    worker: Option<Worker>,
    busy: Option<Busy>,
}

/// A fixed number of worker processes, each with one document at a time.
pub struct Pool {
    program: PathBuf,
    args: Vec<OsString>,
    timeout: Duration,
    log_dir: PathBuf,
    slots: Vec<Slot>,
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    generations: u64,
    /// Workers started (first starts and restarts).
    pub started: usize,
}

impl Pool {
    /// A pool of `jobs` workers run as `program args…`, each document limited to `timeout`;
    /// worker logs go to `log_dir/worker-N.log` (truncated now).
    pub fn new(
        program: PathBuf,
        args: Vec<OsString>,
        jobs: usize,
        timeout: Duration,
        log_dir: &Path,
    ) -> Result<Self, String> {
        std::fs::create_dir_all(log_dir)
            .map_err(|err| format!("cannot create {}: {err}", log_dir.display()))?;
        let jobs = jobs.max(1);
        for slot in 0..jobs {
            let log = Self::log_path(log_dir, slot);
            File::create(&log).map_err(|err| format!("cannot create {}: {err}", log.display()))?;
        }
        let (sender, receiver) = channel();
        Ok(Self {
            program,
            args,
            timeout,
            log_dir: log_dir.to_path_buf(),
            slots: (0..jobs).map(|_| Slot::default()).collect(),
            sender,
            receiver,
            generations: 0,
            started: 0,
        })
    }

    fn log_path(log_dir: &Path, slot: usize) -> PathBuf {
        log_dir.join(format!("worker-{slot}.log"))
    }

    /// Runs every request and calls `done` once for each, in the order they finish. Fails only
    /// when a worker cannot be started at all.
    pub fn run(
        &mut self,
        requests: Vec<Request>,
        mut done: impl FnMut(&Request, Response),
    ) -> Result<(), String> {
        let mut queue: VecDeque<Request> = requests.into();
        loop {
            for slot in 0..self.slots.len() {
                if self.slots[slot].busy.is_some() {
                    continue;
                }
                let Some(request) = queue.pop_front() else {
                    break;
                };
                if let Some((request, response)) = self.dispatch(slot, request)? {
                    done(&request, response);
                }
            }
            let Some(deadline) = self.earliest_deadline() else {
                if queue.is_empty() {
                    break;
                }
                continue;
            };
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(wait) {
                Ok(message) => {
                    if let Some((request, response)) = self.receive(message) {
                        done(&request, response);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    for (request, response) in self.expire() {
                        done(&request, response);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the workers' output channel closed".to_string());
                }
            }
        }
        self.shutdown();
        Ok(())
    }

    fn earliest_deadline(&self) -> Option<Instant> {
        self.slots
            .iter()
            .filter_map(|slot| slot.busy.as_ref())
            .map(|busy| busy.started + self.timeout)
            .min()
    }

    fn spawn(&mut self, slot: usize) -> Result<(), String> {
        let log_path = Self::log_path(&self.log_dir, slot);
        let log = File::options()
            .append(true)
            .create(true)
            .open(&log_path)
            .map_err(|err| format!("cannot open {}: {err}", log_path.display()))?;
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|err| {
                format!(
                    "cannot start the corpus worker `{}`: {err}",
                    self.program.display()
                )
            })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the corpus worker has no stdin or stdout".to_string());
        };
        self.generations += 1;
        self.started += 1;
        let generation = self.generations;
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let message = Message {
                            slot,
                            generation,
                            line: Some(line.trim_end().to_string()),
                        };
                        if sender.send(message).is_err() {
                            return;
                        }
                    }
                }
            }
            let _ = sender.send(Message {
                slot,
                generation,
                line: None,
            });
        });
        self.slots[slot].worker = Some(Worker {
            child,
            stdin,
            generation,
        });
        Ok(())
    }

    /// Hands `request` to the worker of `slot` (starting one if needed). A worker that cannot
    /// take it is replaced once; if the new one cannot either, the document is a crash.
    fn dispatch(
        &mut self,
        slot: usize,
        request: Request,
    ) -> Result<Option<(Request, Response)>, String> {
        let mut line = serde_json::to_string(&request)
            .map_err(|err| format!("cannot encode a worker request: {err}"))?;
        line.push('\n');
        for _attempt in 0..2 {
            if self.slots[slot].worker.is_none() {
                self.spawn(slot)?;
            }
            let log_offset = std::fs::metadata(Self::log_path(&self.log_dir, slot))
                .map(|m| m.len())
                .unwrap_or(0);
            let Some(worker) = self.slots[slot].worker.as_mut() else {
                continue;
            };
            let sent = worker
                .stdin
                .write_all(line.as_bytes())
                .and_then(|()| worker.stdin.flush());
            if sent.is_ok() {
                self.slots[slot].busy = Some(Busy {
                    request,
                    started: Instant::now(),
                    log_offset,
                });
                return Ok(None);
            }
            self.retire(slot);
        }
        let response = Response {
            id: request.id,
            info: DocInfo::default(),
            outcome: Outcome::Crashed {
                detail: "the worker could not take the document".to_string(),
            },
            seconds: 0.0,
        };
        Ok(Some((request, response)))
    }

    /// Kills and reaps the worker of `slot`, if any, and returns its exit status.
    fn retire(&mut self, slot: usize) -> Option<ExitStatus> {
        let mut worker = self.slots[slot].worker.take()?;
        let _ = worker.child.kill();
        worker.child.wait().ok()
    }

    fn receive(&mut self, message: Message) -> Option<(Request, Response)> {
        let slot = &mut self.slots[message.slot];
        let current = slot
            .worker
            .as_ref()
            .is_some_and(|worker| worker.generation == message.generation);
        if !current {
            return None; // a late line of a worker already replaced
        }
        match message.line {
            Some(line) => {
                let response: Response = serde_json::from_str(&line).ok()?;
                let busy = slot.busy.take_if(|busy| busy.request.id == response.id)?;
                Some((busy.request, response))
            }
            None => {
                // Its stdout closed: the worker is gone (or going). Reap it.
                let mut worker = slot.worker.take()?;
                let status = wait_briefly(&mut worker.child).or_else(|| {
                    let _ = worker.child.kill();
                    worker.child.wait().ok()
                });
                let busy = slot.busy.take()?;
                let detail = crash_detail(
                    status,
                    &Self::log_path(&self.log_dir, message.slot),
                    busy.log_offset,
                );
                let response = Response {
                    id: busy.request.id,
                    info: DocInfo::default(),
                    outcome: Outcome::Crashed { detail },
                    seconds: busy.started.elapsed().as_secs_f64(),
                };
                Some((busy.request, response))
            }
        }
    }

    /// Kills the workers past their deadline; their documents timed out.
    fn expire(&mut self) -> Vec<(Request, Response)> {
        let now = Instant::now();
        let mut expired = Vec::new();
        for slot in 0..self.slots.len() {
            let late = self.slots[slot]
                .busy
                .as_ref()
                .is_some_and(|busy| busy.started + self.timeout <= now);
            if !late {
                continue;
            }
            self.retire(slot);
            if let Some(busy) = self.slots[slot].busy.take() {
                let response = Response {
                    id: busy.request.id,
                    info: DocInfo::default(),
                    outcome: Outcome::TimedOut,
                    seconds: busy.started.elapsed().as_secs_f64(),
                };
                expired.push((busy.request, response));
            }
        }
        expired
    }

    /// Closes every worker's stdin (they exit at end of input) and reaps them; a worker still
    /// running a second later is killed.
    fn shutdown(&mut self) {
        let workers: Vec<Worker> = self
            .slots
            .iter_mut()
            .filter_map(|slot| slot.worker.take())
            .collect();
        for Worker {
            mut child, stdin, ..
        } in workers
        {
            drop(stdin);
            if wait_briefly(&mut child).is_none() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Waits up to a second for `child` to exit; `None` if it is still running.
fn wait_briefly(child: &mut Child) -> Option<ExitStatus> {
    for _ in 0..100 {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// "killed by signal 6 (SIGABRT)" or "exited with status 3", then the last lines of the
/// worker's log written since `offset`.
fn crash_detail(status: Option<ExitStatus>, log: &Path, offset: u64) -> String {
    let how = match status {
        Some(status) => match (status.signal(), status.code()) {
            (Some(signal), _) => format!("killed by signal {signal}{}", signal_name(signal)),
            (None, Some(code)) => format!("exited with status {code}"),
            (None, None) => "ended".to_string(),
        },
        None => "closed its output".to_string(),
    };
    let mut text = String::new();
    if let Ok(mut file) = File::open(log)
        && file.seek(SeekFrom::Start(offset)).is_ok()
    {
        let _ = file.take(64 * 1024).read_to_string(&mut text);
    }
    let tail: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let tail = tail[tail.len().saturating_sub(3)..].join(" | ");
    if tail.is_empty() {
        format!("the worker {how}")
    } else {
        format!("the worker {how}: {tail}")
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGABRT => " (SIGABRT)",
        libc::SIGSEGV => " (SIGSEGV)",
        libc::SIGKILL => " (SIGKILL)",
        libc::SIGBUS => " (SIGBUS)",
        libc::SIGILL => " (SIGILL)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A stand-in worker speaking the protocol in `sh`: it answers "generated", aborts on a
    /// path containing `crash`, exits on `quit`, and sleeps past any timeout on `hang`.
    const FAKE_WORKER: &str = r#"
while IFS= read -r line; do
    id=$(printf '%s' "$line" | sed 's/.*"id":\([0-9]*\).*/\1/')
    case "$line" in
        *crash*) echo "about to crash" >&2; kill -ABRT $$ ;;
        *quit*) exit 7 ;;
        *hang*) exec sleep 30 ;;
    esac
    echo "noise that is not a response"
    printf '{"id":%s,"outcome":{"status":"generated"},"seconds":0.5}\n' "$id"
done
"#;

    fn request(id: usize, name: &str) -> Request {
        Request {
            id,
            path: PathBuf::from(format!("/docs/{name}.json")),
            out: PathBuf::from(format!("/out/{name}")),
            crate_name: name.to_string(),
            keep: false,
            strict_passes: false,
        }
    }

    fn fake_pool(jobs: usize, timeout: Duration, logs: &Path) -> Pool {
        Pool::new(
            PathBuf::from("sh"),
            vec!["-c".into(), FAKE_WORKER.into()],
            jobs,
            timeout,
            logs,
        )
        .unwrap()
    }

    fn run_all(pool: &mut Pool, names: &[&str]) -> Vec<(String, Outcome)> {
        let requests = names
            .iter()
            .enumerate()
            .map(|(id, name)| request(id, name))
            .collect();
        let mut results = Vec::new();
        pool.run(requests, |request, response| {
            assert_eq!(request.id, response.id);
            results.push((request.crate_name.clone(), response.outcome));
        })
        .unwrap();
        results.sort_by(|a, b| a.0.cmp(&b.0));
        results
    }

    #[test]
    fn the_protocol_round_trips_as_json_lines() {
        let request = request(3, "a");
        let line = serde_json::to_string(&request).unwrap();
        assert!(!line.contains('\n'));
        assert_eq!(serde_json::from_str::<Request>(&line).unwrap(), request);
        let response = Response {
            id: 3,
            info: DocInfo {
                version: Some("3.0.0".into()),
                origin: None,
                operations: 2,
                bytes: 10,
            },
            outcome: Outcome::Failed {
                location: "#/paths".into(),
                message: "no".into(),
            },
            seconds: 0.25,
        };
        let line = serde_json::to_string(&response).unwrap();
        assert!(line.contains(r#""status":"failed""#), "{line}");
        assert_eq!(serde_json::from_str::<Response>(&line).unwrap(), response);
    }

    #[test]
    fn a_crash_is_recorded_and_the_next_documents_still_run() {
        let logs = tempfile::tempdir().unwrap();
        let mut pool = fake_pool(1, Duration::from_secs(20), logs.path());
        let results = run_all(&mut pool, &["a-ok", "b-crash", "c-ok", "d-quit", "e-ok"]);
        assert_eq!(results[0].1, Outcome::Generated);
        match &results[1].1 {
            Outcome::Crashed { detail } => {
                assert!(detail.contains("SIGABRT"), "{detail}");
                assert!(detail.contains("about to crash"), "{detail}");
            }
            other => panic!("expected a crash, got {other:?}"),
        }
        assert_eq!(results[2].1, Outcome::Generated);
        match &results[3].1 {
            Outcome::Crashed { detail } => assert!(detail.contains("status 7"), "{detail}"),
            other => panic!("expected a crash, got {other:?}"),
        }
        assert_eq!(results[4].1, Outcome::Generated);
        assert_eq!(pool.started, 3, "one worker, restarted after each crash");
    }

    #[test]
    fn a_document_past_the_timeout_is_recorded_and_its_worker_replaced() {
        let logs = tempfile::tempdir().unwrap();
        let mut pool = fake_pool(2, Duration::from_millis(500), logs.path());
        let started = Instant::now();
        let results = run_all(&mut pool, &["a-hang", "b-ok", "c-ok", "d-ok"]);
        assert_eq!(results[0].1, Outcome::TimedOut);
        assert!(results[1..].iter().all(|(_, o)| *o == Outcome::Generated));
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn a_worker_that_cannot_start_is_an_error() {
        let logs = tempfile::tempdir().unwrap();
        let mut pool = Pool::new(
            PathBuf::from("/nonexistent/corpus-worker"),
            Vec::new(),
            1,
            Duration::from_secs(1),
            logs.path(),
        )
        .unwrap();
        assert!(pool.run(vec![request(0, "a")], |_, _| {}).is_err());
    }

    #[test]
    fn a_document_is_described_by_version_origin_and_operations() {
        let document = json!({
            "openapi": "3.0.0",
            "info": {"x-origin": [{"format": "swagger", "version": "2.0"}]},
            "paths": {
                "/a": {"get": {}, "post": {}, "parameters": []},
                "/b": {"delete": {}}
            }
        });
        let info = describe_document(&document, 42);
        assert_eq!(info.version.as_deref(), Some("3.0.0"));
        assert_eq!(info.origin.as_deref(), Some("swagger 2.0"));
        assert_eq!(info.operations, 3);
        let swagger = describe_document(&json!({"swagger": "2.0", "paths": {}}), 1);
        assert_eq!(swagger.version.as_deref(), Some("swagger 2.0"));
        assert!(out_of_scope(&swagger).is_none(), "2.0 is converted on load");
        let older = describe_document(&json!({"swagger": "1.2", "paths": {}}), 1);
        assert!(out_of_scope(&older).is_some());
        assert!(out_of_scope(&info).is_none());
    }
}
