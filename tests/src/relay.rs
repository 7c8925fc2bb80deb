//! A loopback relay that lets many in-process servers sit behind one forwarding proxy.
//!
//! A proxy such as `prism proxy` forwards to one fixed upstream, but each end-to-end test starts
//! its own seeded fake (its own state, its own port). The relay is that fixed upstream: every
//! request names the server it is meant for in the [`TARGET_HEADER`] header (`127.0.0.1:<port>`),
//! and the relay sends it there unchanged (method, path, query, headers, body) and returns the
//! answer unchanged. It runs on a thread and runtime of its own, so it outlives any one test.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use katapult_core::server::axum;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The request header naming the `host:port` a request is meant for.
pub const TARGET_HEADER: &str = "x-relay-target";

/// Largest body relayed in either direction.
const MAX_BODY: usize = 16 << 20;

/// Binds `listen` (e.g. `127.0.0.1:4020`) and relays every request it receives to the server
/// its [`TARGET_HEADER`] names, until the process ends. Returns the address it listens on.
pub fn spawn(listen: &str) -> io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(listen)?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    // reqwest is compiled without a TLS provider of its own (the generated crates' `rustls`).
    katapult_core::install_tls_provider();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(io::Error::other)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("relay")
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("relay".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let app = axum::Router::new().fallback(relay).with_state(http);
                let _ = axum::serve(listener, app).await;
            })
        })?;
    Ok(address)
}

/// Headers that belong to one connection, not to the request or response.
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "transfer-encoding"
            | "te"
            | "trailer"
            | "upgrade"
            | "host"
            | "content-length"
    )
}

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if !hop_by_hop(name) && name.as_str() != TARGET_HEADER {
            to.append(name.clone(), value.clone());
        }
    }
}

async fn relay(State(http): State<reqwest::Client>, request: Request) -> Response {
    match forward(&http, request).await {
        Ok(response) => response,
        Err(problem) => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/plain")],
            format!("relay: {problem}"),
        )
            .into_response(),
    }
}

async fn forward(http: &reqwest::Client, request: Request) -> Result<Response, String> {
    let (parts, body) = request.into_parts();
    let target = parts
        .headers
        .get(TARGET_HEADER)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| format!("the request has no {TARGET_HEADER} header"))?;
    let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|err| format!("reading the request body: {err}"))?;
    let mut headers = HeaderMap::new();
    copy_headers(&parts.headers, &mut headers);
    let answer = http
        .request(parts.method, format!("http://{target}{path}"))
        .headers(headers)
        .body(body)
        .send()
        .await
        .map_err(|err| format!("forwarding to {target}: {err}"))?;
    let status = answer.status();
    let mut response_headers = HeaderMap::new();
    copy_headers(answer.headers(), &mut response_headers);
    let body = answer
        .bytes()
        .await
        .map_err(|err| format!("reading the answer of {target}: {err}"))?;
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = response_headers;
    Ok(response)
}
