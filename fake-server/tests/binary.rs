//! The `fake-server` binary: it prints its address, serves a request, logs it on one line, and
//! exits cleanly on SIGINT (Ctrl-C). Every wait is bounded.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_fake-server");
const STARTUP: Duration = Duration::from_secs(30);
const EXIT: Duration = Duration::from_secs(15);

/// Kills the child if a test fails before it exits.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Reads the first line of standard output (`fake-server listening on http://<address>`).
fn listening_address(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = send.send(line);
        // Keep draining, as a terminal would, until the server exits.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let line = receive
        .recv_timeout(STARTUP)
        .expect("the server prints its address in time");
    line.trim()
        .strip_prefix("fake-server listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string()
}

/// One HTTP/1.1 request over a fresh connection; returns the status and body.
fn post(address: &str, path: &str, token: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_for_exit(child: &mut Child) -> std::process::ExitStatus {
    let started = Instant::now();
    while started.elapsed() < EXIT {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not exit within {EXIT:?} of SIGINT");
}

#[test]
fn serves_logs_and_stops_on_sigint() {
    let child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    let mut running = Running(child);
    let address = listening_address(&mut running.0);
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let (status, body) = post(
        &address,
        "/core/v1/organizations/organization/ip_addresses",
        "kat_admin",
        r#"{"organization":{"sub_domain":"acme"},"network":{"permalink":"uk-lon-01-public"}}"#,
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""address":"185.199.216.10""#), "{body}");

    let interrupted = Command::new("kill")
        .args(["-INT", &running.0.id().to_string()])
        .status()
        .expect("run kill");
    assert!(interrupted.success());
    let status = wait_for_exit(&mut running.0);
    assert!(status.success(), "exit status {status:?}");

    let mut log = String::new();
    running
        .0
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut log)
        .expect("read the log");
    let line = log
        .lines()
        .find(|line| line.starts_with("POST /core/v1/organizations/organization/ip_addresses"))
        .unwrap_or_else(|| panic!("no log line for the request in {log:?}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields.len(), 4, "method, path, status, latency: {line}");
    assert_eq!(fields[2], "200");
    assert!(fields[3].ends_with("ms"), "{line}");
    assert!(log.contains("fake-server: stopped"), "{log}");
}

#[test]
fn help_exits_zero_and_bad_arguments_exit_two() {
    let help = Command::new(BINARY)
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--listen ADDR"));
    let bad = Command::new(BINARY)
        .arg("--bogus")
        .output()
        .expect("run --bogus");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown argument `--bogus`"));
}
