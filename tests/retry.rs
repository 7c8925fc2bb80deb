//! Retries as users deploy them: only what the server did not process is sent again, with
//! backoff, `Retry-After` honoured, bounded attempts and time, and a debug event per retry.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use katapult_core::types as katapult;
use katapult_core::{Client, Error, RetryPolicy};
use sdk_tests::{CannedResponse, LoopbackServer, fixtures};

fn fixture(operation: &str, name: &str) -> Value {
    fixtures("katapult-core")
        .into_iter()
        .find(|f| f.operation_id == operation && f.name == name)
        .unwrap_or_else(|| panic!("fixture {operation}/{name}"))
        .body
}

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(40),
        max_backoff: Duration::from_millis(100),
        max_elapsed: Duration::from_secs(5),
    }
}

fn client(base: &str, policy: Option<RetryPolicy>) -> Client {
    // Every test's events go to the counting subscriber from its first request on.
    retry_events();
    let builder = Client::builder(format!("{base}/core/v1"))
        .api_token("token")
        .expect("a token");
    let builder = match policy {
        Some(policy) => builder.retry(policy),
        None => builder,
    };
    builder.build().expect("a client")
}

fn volume_request() -> katapult::CreateFileStorageVolumeRequest {
    serde_json::from_value(json!({"organization": {"id": "org"}, "properties": {"name": "v"}}))
        .expect("a request")
}

fn ip_request() -> katapult::CreateIpAddressRequest {
    serde_json::from_value(json!({"organization": {"id": "org"}, "network": {"id": "net"}}))
        .expect("a request")
}

/// Counts `tracing` events at DEBUG level whose message mentions retrying, per thread.
///
/// It is the process's global subscriber, installed before any event: a subscriber set per
/// test (`set_default`) races with callsites that other test threads register first, and
/// tracing may then cache "never" for the retry event (a flaky count of 0).
struct RetryEvents;

thread_local! {
    static RETRY_EVENTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The retry events this thread has seen so far.
fn retry_events() -> usize {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(RetryEvents).expect("the first subscriber");
    });
    RETRY_EVENTS.with(std::cell::Cell::get)
}

impl tracing::Subscriber for RetryEvents {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() <= tracing::Level::DEBUG
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Message(bool);
        impl tracing::field::Visit for Message {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "message" && format!("{value:?}").contains("retrying") {
                    self.0 = true;
                }
            }
        }
        let mut message = Message(false);
        event.record(&mut message);
        if message.0 && *event.metadata().level() == tracing::Level::DEBUG {
            RETRY_EVENTS.with(|count| count.set(count.get() + 1));
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn rate_limited_twice_then_created_takes_three_requests_within_the_policy() {
    let events_before = retry_events();
    let limited = fixture("create_file_storage_volume", "429-rate_limit_reached");
    let server = LoopbackServer::start(vec![
        CannedResponse::json(429, limited.clone()),
        CannedResponse::json(429, limited),
        CannedResponse::json(201, fixture("create_file_storage_volume", "201")),
    ])
    .await;
    let policy = quick_policy();
    let started = Instant::now();
    let created = client(&server.base, Some(policy.clone()))
        .create_file_storage_volume()
        .body(volume_request())
        .send()
        .await
        .expect("the third attempt succeeds");
    let elapsed = started.elapsed();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(server.requests().len(), 3);
    // Two waits: the first in [20, 40] ms, the second in [40, 80] ms.
    assert!(elapsed >= Duration::from_millis(60), "waited {elapsed:?}");
    assert!(elapsed < policy.max_elapsed, "waited {elapsed:?}");
    assert_eq!(
        retry_events() - events_before,
        2,
        "one debug event per retry"
    );
    let requests = server.requests();
    assert!(
        requests.windows(2).all(|pair| pair[0].body == pair[1].body),
        "the same request each time"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let mut limited =
        CannedResponse::json(429, fixture("create_ip_address", "429-rate_limit_reached"));
    limited.headers.push(("retry-after".into(), "1".into()));
    let server = LoopbackServer::start(vec![
        limited,
        CannedResponse::json(200, fixture("create_ip_address", "200")),
    ])
    .await;
    let started = Instant::now();
    client(&server.base, Some(quick_policy()))
        .create_ip_address()
        .body(ip_request())
        .send()
        .await
        .expect("the second attempt succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was cut short"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_definitive_503_is_not_retried() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        503,
        fixture("create_ip_address", "503-no_available_addresses"),
    )])
    .await;
    let outcome = client(&server.base, Some(quick_policy()))
        .create_ip_address()
        .body(ip_request())
        .send()
        .await;
    match outcome {
        Err(Error::ErrorResponse(response)) => {
            let error = response.into_inner();
            assert_eq!(error.code(), "no_available_addresses");
            assert!(!error.is_retryable());
        }
        other => panic!("expected the documented 503, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn attempts_run_out_and_the_last_answer_is_decoded() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        503,
        fixture("create_ip_address", "503-service_unavailable"),
    )])
    .await;
    let policy = RetryPolicy {
        max_attempts: 3,
        ..quick_policy()
    };
    let outcome = client(&server.base, Some(policy))
        .create_ip_address()
        .body(ip_request())
        .send()
        .await;
    match outcome {
        Err(Error::ErrorResponse(response)) => {
            assert_eq!(response.status().as_u16(), 503);
            let error = response.into_inner();
            assert!(error.is_retryable());
            assert_eq!(
                error.to_string(),
                "create_ip_address: service_unavailable (HTTP 503): string",
                "Display names the operation, the code and the status"
            );
        }
        other => panic!("expected the documented 503, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn other_errors_and_clients_without_a_policy_send_once() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        422,
        fixture("create_ip_address", "422-validation_error"),
    )])
    .await;
    let outcome = client(&server.base, Some(quick_policy()))
        .create_ip_address()
        .body(ip_request())
        .send()
        .await;
    assert!(matches!(outcome, Err(Error::ErrorResponse(_))));
    assert_eq!(server.requests().len(), 1);

    let server = LoopbackServer::start(vec![CannedResponse::json(
        429,
        fixture("create_ip_address", "429-rate_limit_reached"),
    )])
    .await;
    let outcome = client(&server.base, None)
        .create_ip_address()
        .body(ip_request())
        .send()
        .await;
    assert!(matches!(outcome, Err(Error::ErrorResponse(_))));
    assert_eq!(server.requests().len(), 1, "retries are opt-in");
}

#[tokio::test]
async fn a_refused_connection_is_retried_because_nothing_was_sent() {
    // Find a free port, then serve on it only after the first attempt has been refused.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = probe.local_addr().expect("address");
    drop(probe);
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(30)).await;
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .expect("rebind the port");
        let (mut stream, _) = tokio::time::timeout(Duration::from_secs(5), listener.accept())
            .await
            .expect("the retry arrives")
            .expect("accept");
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut buffer = vec![0; 64 * 1024];
        let _ = stream.read(&mut buffer).await;
        let body = fixture("create_ip_address", "200").to_string();
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.expect("write");
        stream.write_all(body.as_bytes()).await.expect("write");
    });
    let policy = RetryPolicy {
        max_attempts: 6,
        initial_backoff: Duration::from_millis(50),
        ..quick_policy()
    };
    let created = client(&format!("http://{address}"), Some(policy))
        .create_ip_address()
        .body(ip_request())
        .send()
        .await
        .expect("a later attempt connects");
    assert_eq!(created.status().as_u16(), 200);
    late.await.expect("the late server ran");
}
