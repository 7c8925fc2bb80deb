//! A real Swagger 2.0 document as its vendor publishes it: Prometheus Alertmanager's API v2
//! (`tests/samples/alertmanager-v2.yaml`, pinned in its header), converted on load and
//! generated into `tests/generated/sample-alertmanager-v2`. Its client talks to a loopback
//! server answering what Alertmanager answers; each test checks the request on the wire and
//! the values the caller gets back.

use sample_alertmanager_v2::{Client, types};
use sdk_tests::{CannedResponse, LoopbackServer};
use serde_json::json;

/// A client of the loopback server, mounted at the document's `basePath` as Alertmanager is.
fn client(server: &LoopbackServer) -> Client {
    Client::builder(format!("{}/api/v2", server.base))
        .build()
        .expect("a client")
}

#[tokio::test]
async fn alerts_are_listed_with_repeated_filters_and_decoded_with_their_times() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        200,
        json!([{
            "annotations": {"summary": "p99 latency above 1s"},
            "endsAt": "2026-12-08T02:00:00.000Z",
            "fingerprint": "0e4c0ad3b1c1d2b7",
            "receivers": [{"name": "team-ops"}],
            "startsAt": "2026-12-08T01:00:00.000Z",
            "status": {"inhibitedBy": [], "mutedBy": [], "silencedBy": [], "state": "active"},
            "updatedAt": "2026-12-08T01:05:00.123Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=latency",
            "labels": {"alertname": "HighLatency", "severity": "page"}
        }]),
    )])
    .await;
    let alerts = client(&server)
        .get_alerts()
        .active(true)
        .silenced(false)
        .filter(vec![
            "alertname=\"HighLatency\"".to_string(),
            "severity=~\"page|ticket\"".to_string(),
        ])
        .send()
        .await
        .expect("200 is the alerts")
        .into_inner();

    let request = &server.requests()[0];
    assert_eq!(request.method, "GET");
    // `collectionFormat: multi`: one `filter=` per matcher, each form-encoded.
    assert_eq!(
        request.path,
        "/api/v2/alerts?active=true&filter=alertname%3D%22HighLatency%22\
         &filter=severity%3D%7E%22page%7Cticket%22&silenced=false"
    );
    assert_eq!(alerts.len(), 1);
    let alert = &alerts[0];
    assert_eq!(
        alert.labels.get("alertname").map(String::as_str),
        Some("HighLatency")
    );
    assert_eq!(alert.receivers[0].name, "team-ops");
    assert!(matches!(
        alert.status.state,
        types::AlertStatusState::Active
    ));
    assert_eq!(
        alert.updated_at.to_rfc3339(),
        "2026-12-08T01:05:00.123+00:00"
    );
    assert_eq!(
        alert.generator_url.as_deref(),
        Some("http://prometheus:9090/graph?g0.expr=latency")
    );
}

#[tokio::test]
async fn a_silence_is_created_from_a_typed_body_and_deleted_by_its_uuid() {
    let server = LoopbackServer::start(vec![
        CannedResponse::json(
            200,
            json!({"silenceID": "3f3a1e5c-63a4-4b8c-9d43-05c2c2a9f3c1"}),
        ),
        CannedResponse::empty(200),
    ])
    .await;
    let client = client(&server);
    let silence = types::PostableSilence {
        annotations: None,
        comment: "deploying the API".into(),
        created_by: "ops@example.com".into(),
        ends_at: "2026-12-08T03:00:00Z".parse().expect("a time"),
        id: None,
        matchers: types::Matchers(vec![types::Matcher {
            is_equal: None,
            is_regex: false,
            name: "alertname".into(),
            value: "HighLatency".into(),
        }]),
        starts_at: "2026-12-08T02:00:00Z".parse().expect("a time"),
    };
    let created = client
        .post_silences()
        .body(silence)
        .send()
        .await
        .expect("200 is the new silence's id")
        .into_inner();
    let id = created.silence_id.expect("Alertmanager sends the id");
    client
        .delete_silence()
        .silence_id(id.parse::<uuid::Uuid>().expect("a UUID"))
        .send()
        .await
        .expect("200 is the deletion");

    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/api/v2/silences")
    );
    // Only what the caller set: no `id`, no `annotations`, no `isEqual` (its default).
    assert_eq!(
        requests[0].body,
        json!({
            "comment": "deploying the API",
            "createdBy": "ops@example.com",
            "endsAt": "2026-12-08T03:00:00Z",
            "matchers": [{"isRegex": false, "name": "alertname", "value": "HighLatency"}],
            "startsAt": "2026-12-08T02:00:00Z"
        })
    );
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        (
            "DELETE",
            "/api/v2/silence/3f3a1e5c-63a4-4b8c-9d43-05c2c2a9f3c1"
        )
    );
}

#[tokio::test]
async fn the_status_decodes_the_cluster_and_build_of_a_real_answer() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        200,
        json!({
            "cluster": {
                "name": "01JEXAMPLE0000000000000000",
                "peers": [{"address": "10.0.0.7:9094", "name": "01JEXAMPLE0000000000000000"}],
                "status": "ready"
            },
            "config": {"original": "global:\n  resolve_timeout: 5m\n"},
            "uptime": "2026-12-07T10:00:00.000Z",
            "versionInfo": {
                "branch": "HEAD", "buildDate": "20251101-10:00:00", "buildUser": "root@builder",
                "goVersion": "go1.24.2", "revision": "68fb2d5", "version": "0.29.0"
            }
        }),
    )])
    .await;
    let status = client(&server)
        .get_status()
        .send()
        .await
        .expect("200 is the status")
        .into_inner();
    assert_eq!(server.requests()[0].path, "/api/v2/status");
    assert!(matches!(
        status.cluster.status,
        types::ClusterStatusStatus::Ready
    ));
    assert_eq!(status.cluster.peers[0].address, "10.0.0.7:9094");
    assert_eq!(status.version_info.version, "0.29.0");
    assert!(status.config.original.contains("resolve_timeout"));
}

#[tokio::test]
async fn an_error_answer_is_the_documented_error_body() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        400,
        json!("bad matcher format: severity=~"),
    )])
    .await;
    let err = client(&server)
        .get_alerts()
        .filter(vec!["severity=~".to_string()])
        .send()
        .await
        .expect_err("400 is an error");
    let sample_alertmanager_v2::Error::ErrorResponse(response) = err else {
        panic!("a documented error response, got {err:?}");
    };
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(response.into_inner().0, "bad matcher format: severity=~");
}
