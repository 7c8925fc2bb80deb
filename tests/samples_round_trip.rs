//! What decode → encode keeps, on the wire: a loopback server sends a real-shaped response,
//! the generated client decodes it, and the value is sent back as a request body (or encoded)
//! and compared with what the server sent, after normalising (`null` is absent).
//! The samples are `tests/samples/roundtrip.yaml` (defaults, `anyOf`, `oneOf`, the 3.0
//! spellings of nullable) and `tests/samples/nullable31.yaml` (the 3.1 spellings).

use sample_roundtrip::types;
use sdk_tests::{CannedResponse, LoopbackServer};
use serde_json::{Value, json};

/// `value` without the object members that are `null` (null and absent are the same).
fn normalised(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(key, member)| (key.clone(), normalised(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalised).collect()),
        other => other.clone(),
    }
}

fn client(server: &LoopbackServer) -> sample_roundtrip::Client {
    sample_roundtrip::Client::builder(server.base.clone())
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_default_the_document_left_out_is_not_written_back() {
    let sent = [
        json!({"name": "n"}),
        json!({"name": "n", "per_page": 50, "notify": false, "theme": "dark", "label": "",
               "ratio": 0.5}),
    ];
    let mut canned: Vec<CannedResponse> = sent
        .iter()
        .map(|body| CannedResponse::json(200, body.clone()))
        .collect();
    canned.push(CannedResponse::empty(204));
    let server = LoopbackServer::start(canned).await;
    let client = client(&server);
    let mut decoded = Vec::new();
    for _ in &sent {
        decoded.push(
            client
                .get_settings()
                .send()
                .await
                .expect("200")
                .into_inner(),
        );
    }
    assert_eq!(decoded[0].per_page, None, "left out: the server's default");
    assert_eq!(decoded[1].per_page, Some(50));
    assert_eq!(decoded[1].notify, Some(false), "sent as its default: kept");
    for settings in decoded {
        client
            .put_settings()
            .body(settings)
            .send()
            .await
            .expect("204");
    }
    let requests = server.requests();
    assert_eq!(requests[2].body, sent[0], "no default is written back");
    assert_eq!(requests[3].body, sent[1], "every value sent is sent back");
}

#[tokio::test]
async fn a_request_sends_only_what_its_caller_set() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let settings = types::Settings {
        name: "n".into(),
        per_page: Some(10),
        notify: None,
        theme: None,
        label: None,
        ratio: None,
    };
    client(&server)
        .put_settings()
        .body(settings)
        .send()
        .await
        .expect("204");
    assert_eq!(
        server.requests()[0].body,
        json!({"name": "n", "per_page": 10})
    );
}

#[tokio::test]
async fn any_of_keeps_the_member_that_matched_whole() {
    let sent = json!([
        {"id": 1, "event": "locked", "lock_reason": null, "actor": {"login": "octo"}},
        {"id": 2, "event": "renamed", "rename": {"from": "a", "to": "b"},
         "actor": {"login": "octo"}},
        {"id": 3, "event": "labeled", "label": {"name": "bug", "color": "f00"}},
        {"id": 4, "event": "commented", "label": "a string label"},
        {"event": "other"}
    ]);
    let server = LoopbackServer::start(vec![CannedResponse::json(200, sent.clone())]).await;
    let events = client(&server)
        .list_events()
        .send()
        .await
        .expect("200")
        .into_inner();
    assert!(
        matches!(
            events.as_slice(),
            [
                types::TimelineEvent::Locked(_),
                types::TimelineEvent::Renamed(_),
                types::TimelineEvent::Labeled(_),
                types::TimelineEvent::Commented(_),
                types::TimelineEvent::Commented(_),
            ]
        ),
        "{events:?}"
    );
    let encoded = serde_json::to_value(&events).expect("encodes");
    assert_eq!(normalised(&encoded), normalised(&sent));
}

#[tokio::test]
async fn one_of_without_discriminator_tries_the_most_specific_member_first() {
    let sent = json!([
        {"radius": 1.5, "centre": {"x": 0.0, "y": 2.0}},
        {"width": 2.0, "height": 3.0, "sides": 4},
        {"sides": 5}
    ]);
    let server = LoopbackServer::start(vec![CannedResponse::json(200, sent.clone())]).await;
    let figures = client(&server)
        .list_figures()
        .send()
        .await
        .expect("200")
        .into_inner();
    let encoded = serde_json::to_value(&figures).expect("encodes");
    assert_eq!(
        normalised(&encoded),
        normalised(&sent),
        "no member is swallowed by the loose one: {figures:?}"
    );
}

#[tokio::test]
async fn every_openapi_3_0_spelling_of_nullable_reads_and_writes_null() {
    let all_null = json!({"plain": null, "ref_in_all_of": null, "nullable_wrapper": null,
                          "enum_with_null": null, "object": null});
    let all_set = json!({"plain": "p", "ref_in_all_of": "note", "nullable_wrapper": "red",
                         "enum_with_null": "large", "object": {"size": 2},
                         "optional_nullable": 7});
    let server = LoopbackServer::start(vec![
        CannedResponse::json(200, all_null.clone()),
        CannedResponse::json(200, all_set.clone()),
        CannedResponse::empty(204),
    ])
    .await;
    let client = client(&server);
    let nulls = client
        .get_nullables()
        .send()
        .await
        .expect("200")
        .into_inner();
    let set = client
        .get_nullables()
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(nulls.plain, None);
    assert!(nulls.object.is_none() && nulls.enum_with_null.is_none());
    assert_eq!(set.plain.as_deref(), Some("p"));
    assert_eq!(set.object.as_ref().map(|object| object.size), Some(2));
    for value in [nulls, set] {
        client
            .put_nullables()
            .body(value)
            .send()
            .await
            .expect("204");
    }
    let requests = server.requests();
    assert_eq!(
        requests[2].body, all_null,
        "required nullables are sent as null"
    );
    assert_eq!(requests[3].body, all_set);
}

#[tokio::test]
async fn every_openapi_3_1_spelling_of_nullable_reads_and_writes_null() {
    use sample_nullable31::types as types31;
    let all_null = json!({"type_array": null, "any_of_null": null, "one_of_null": null, "enum_with_null": null});
    let all_set = json!({"type_array": 3, "any_of_null": {"x": 1}, "one_of_null": "s", "enum_with_null": "on"});
    let server = LoopbackServer::start(vec![
        CannedResponse::json(200, all_null.clone()),
        CannedResponse::json(200, all_set.clone()),
        CannedResponse::empty(204),
    ])
    .await;
    let client = sample_nullable31::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let nulls: types31::Nullables = client
        .get_nullables()
        .send()
        .await
        .expect("200")
        .into_inner();
    let set = client
        .get_nullables()
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(nulls.type_array, None);
    assert!(nulls.any_of_null.is_none() && nulls.one_of_null.is_none());
    assert!(nulls.enum_with_null.is_none());
    assert_eq!(set.type_array, Some(3));
    assert_eq!(set.any_of_null.as_ref().map(|point| point.x), Some(1));
    for value in [nulls, set] {
        client
            .put_nullables()
            .body(value)
            .send()
            .await
            .expect("204");
    }
    let requests = server.requests();
    assert_eq!(requests[2].body, all_null);
    assert_eq!(requests[3].body, all_set);
}
