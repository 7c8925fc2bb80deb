//! Support for the tests: the workspace's paths, the seed-page fixtures, a small HTTP server
//! on 127.0.0.1 that records what a client sent and answers with a canned response, and a
//! [`relay`] that puts many in-process servers behind one forwarding proxy, and
//! [`serve_router`], which serves a generated server stub's router on 127.0.0.1.

// The README's examples compile as doctests of this crate, so they cannot drift from the API.
#[doc = include_str!("../../README.md")]
mod readme {}

pub mod relay;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// The workspace root (the folder holding `spec/` and `generated/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

/// One example JSON body copied (or constructed) from a seed page.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The operationId the fixture belongs to.
    pub operation_id: String,
    /// The file name without extension: `201`, `422-validation_error`, `request`.
    pub name: String,
    /// The HTTP status, when the fixture is a response.
    pub status: Option<u16>,
    /// The error code, for error responses (`422-validation_error` → `validation_error`).
    pub code: Option<String>,
    /// The JSON body.
    pub body: Value,
}

/// Every fixture of an API (`tests/fixtures/<api>/<operationId>/<name>.json`), sorted.
pub fn fixtures(api: &str) -> Vec<Fixture> {
    let dir = workspace_root().join("tests/fixtures").join(api);
    let mut out = Vec::new();
    let mut operations: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("readable fixture folder").path())
        .collect();
    operations.sort();
    for operation in operations {
        let operation_id = file_name(&operation);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&operation)
            .expect("readable fixture folder")
            .map(|entry| entry.expect("readable fixture").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        for file in files {
            let name = file
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("UTF-8 fixture name")
                .to_string();
            let (status, code) = match name.split_once('-') {
                Some((status, code)) => (status.parse().ok(), Some(code.to_string())),
                None => (name.parse().ok(), None),
            };
            let text = std::fs::read_to_string(&file).expect("readable fixture");
            let body = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{} is not JSON: {err}", file.display()));
            out.push(Fixture {
                operation_id: operation_id.clone(),
                name,
                status,
                code,
                body,
            });
        }
    }
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|name| name.to_str())
        .expect("UTF-8 file name")
        .to_string()
}

/// A request as the loopback server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `POST`, `GET`, …
    pub method: String,
    /// The request target, e.g. `/core/v1/disks/disk/assign`.
    pub path: String,
    /// Header names (lower case) and values, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, parsed as JSON (`Value::Null` when empty or not JSON).
    pub body: Value,
    /// The body's bytes as received.
    pub raw_body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A canned response: status, body, extra headers.
#[derive(Debug, Clone)]
pub struct CannedResponse {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Value,
    /// Extra headers, e.g. `("retry-after", "1")`.
    pub headers: Vec<(String, String)>,
    /// A body other than `body`'s JSON, with its content type (`None`: no body at all).
    pub raw: Option<Option<(String, String)>>,
}

impl CannedResponse {
    /// A JSON response with no extra headers.
    pub fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
            raw: None,
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            raw: Some(None),
            ..Self::json(status, Value::Null)
        }
    }

    /// A response with a body of another media type.
    pub fn text(status: u16, content_type: &str, body: &str) -> Self {
        Self {
            raw: Some(Some((content_type.to_string(), body.to_string()))),
            ..Self::json(status, Value::Null)
        }
    }
}

/// An HTTP/1.1 server on 127.0.0.1 that answers each request with the next canned response
/// (the last one repeats) and records every request.
pub struct LoopbackServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    recorded: Arc<Mutex<Vec<RecordedRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

/// Upper bound on requests a loopback server answers, so a runaway client cannot loop forever.
const MAX_REQUESTS: usize = 1_000;
/// Upper bound on a request's head and body.
const MAX_REQUEST_BYTES: usize = 1 << 20;

impl LoopbackServer {
    /// Starts a server answering with `responses` in turn.
    pub async fn start(responses: Vec<CannedResponse>) -> Self {
        assert!(!responses.is_empty(), "a loopback server needs a response");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let log = recorded.clone();
        let task = tokio::spawn(async move {
            for index in 0..MAX_REQUESTS {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let response = responses[index.min(responses.len() - 1)].clone();
                let mut stream = BufReader::new(stream);
                let Some(request) = read_request(&mut stream).await else {
                    continue;
                };
                log.lock().expect("request log").push(request);
                let (content_type, body) = match &response.raw {
                    None => (
                        Some("application/json".to_string()),
                        response.body.to_string(),
                    ),
                    Some(None) => (None, String::new()),
                    Some(Some((content_type, body))) => (Some(content_type.clone()), body.clone()),
                };
                let mut head = format!(
                    "HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                    response.status,
                    body.len()
                );
                if let Some(content_type) = content_type {
                    head.push_str(&format!("content-type: {content_type}\r\n"));
                }
                for (name, value) in &response.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let stream = stream.get_mut();
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Self {
            base,
            recorded,
            task,
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorded.lock().expect("request log").clone()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request<R: AsyncBufReadExt + Unpin>(stream: &mut R) -> Option<RecordedRequest> {
    let read = async {
        let mut line = String::new();
        stream.read_line(&mut line).await.ok()?;
        let mut parts = line.split_whitespace();
        let method = parts.next()?.to_string();
        let path = parts.next()?.to_string();
        let mut headers = Vec::new();
        let mut length = 0usize;
        for _ in 0..200 {
            let mut header = String::new();
            stream.read_line(&mut header).await.ok()?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':')?;
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_string();
            if name == "content-length" {
                length = value.parse().ok()?;
            }
            headers.push((name, value));
        }
        if length > MAX_REQUEST_BYTES {
            return None;
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.ok()?;
        let raw_body = body;
        let body = serde_json::from_slice(&raw_body).unwrap_or(Value::Null);
        Some(RecordedRequest {
            method,
            path,
            headers,
            body,
            raw_body,
        })
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .ok()?
}

/// A router served on 127.0.0.1 for the length of a test (the task stops when it is dropped).
pub struct ServedRouter {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ServedRouter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves a generated server stub's `router` on a free loopback port, with each connection's
/// peer address available to the stub.
pub async fn serve_router(router: axum::Router) -> ServedRouter {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    ServedRouter { base, task }
}
