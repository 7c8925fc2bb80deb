//! Around every request: make the peer's address available to the handlers (the generated
//! trait does not pass it, and tokens may be limited to networks) and log one line.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use katapult_core::server::axum;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static PEER: IpAddr;
}

/// The address the current request came from, when the server was started with connection
/// info (as [`crate::serve`] does).
pub(crate) fn peer() -> Option<IpAddr> {
    PEER.try_with(|peer| *peer).ok()
}

/// Middleware: runs the request with its peer address in scope and, when `log` is set, writes
/// `<method> <path> <status> <latency>` to standard error.
pub(crate) async fn around(State(log): State<bool>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    let response = match peer {
        Some(peer) => PEER.scope(peer, next.run(request)).await,
        None => next.run(request).await,
    };
    if log {
        // Not eprintln!: a closed stderr must not turn a served request into a panic.
        let _ = writeln!(
            std::io::stderr().lock(),
            "{method} {path} {} {:.1}ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1_000.0
        );
    }
    response
}
