//! The construct samples of `tests/samples/`, generated into `tests/generated/`, used as a
//! downstream crate uses them: each request goes through the generated client to a loopback
//! server, and the test asserts what went over the wire and what the caller got back.

use sample_responses::{
    Client, Error, GetNotesByNoteIdError, GetNotesByNoteIdSuccess, GetNotesByNoteIdTextSuccess,
    PutNoteSuccess, types,
};
use sdk_tests::{CannedResponse, LoopbackServer};
use serde_json::{Value, json};

fn client(server: &LoopbackServer) -> Client {
    Client::builder(server.base.clone())
        .build()
        .expect("a client")
}

#[tokio::test]
async fn an_operation_without_operation_id_is_named_from_method_and_path() {
    let server =
        LoopbackServer::start(vec![CannedResponse::json(200, json!({"text": "hi"}))]).await;
    let answer = client(&server)
        .get_notes_by_note_id()
        .note_id("n1")
        .send()
        .await
        .expect("200 is a success");
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/notes/n1")
    );
    assert_eq!(answer.status().as_u16(), 200);
    match answer.into_inner() {
        GetNotesByNoteIdSuccess::Ok(note) => assert_eq!(note.text, "hi"),
        other => panic!("expected the note, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_without_a_body_is_its_own_variant() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let answer = client(&server)
        .get_notes_by_note_id()
        .note_id("n1")
        .send()
        .await
        .expect("204 is a success");
    assert_eq!(answer.status().as_u16(), 204);
    let body = answer.into_inner();
    assert!(
        matches!(body, GetNotesByNoteIdSuccess::NoContent),
        "{body:?}"
    );
    assert_eq!(body.status(), 204);
}

#[tokio::test]
async fn errors_with_and_without_a_body_decode_by_status() {
    let server = LoopbackServer::start(vec![
        CannedResponse::empty(404),
        CannedResponse::json(400, json!({"message": "bad id"})),
    ])
    .await;
    let client = client(&server);
    for (status, expected) in [(404u16, "not found"), (400, "bad id")] {
        let Err(Error::ErrorResponse(response)) =
            client.get_notes_by_note_id().note_id("n1").send().await
        else {
            panic!("{status} is a documented error");
        };
        assert_eq!(response.status().as_u16(), status);
        let error = GetNotesByNoteIdError::from_status_and_json(status, response.into_inner())
            .expect("decodes")
            .expect("documented");
        match (error, expected) {
            (GetNotesByNoteIdError::NotFound(()), "not found") => {}
            (GetNotesByNoteIdError::BadRequest(problem), message) => {
                assert_eq!(problem.message, message)
            }
            (other, _) => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn success_bodies_that_differ_by_status_are_typed_by_status() {
    let server = LoopbackServer::start(vec![
        CannedResponse::json(201, json!({"id": "n9"})),
        CannedResponse::json(200, json!({"text": "old", "pinned": null})),
    ])
    .await;
    let client = client(&server);
    let note = types::Note {
        text: "new".into(),
        pinned: Some(true),
    };
    let created = client
        .put_note()
        .note_id("n9")
        .body(note.clone())
        .send()
        .await
        .expect("201");
    assert!(
        matches!(created.into_inner(), PutNoteSuccess::Created(types::Created { ref id }) if id == "n9")
    );
    let replaced = client
        .put_note()
        .note_id("n9")
        .body(note)
        .send()
        .await
        .expect("200");
    assert!(
        matches!(replaced.into_inner(), PutNoteSuccess::Ok(types::Note { ref text, pinned: None }) if text == "old")
    );
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PUT", "/notes/n9")
    );
    assert_eq!(request.body, json!({"text": "new", "pinned": true}));
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn a_text_success_beside_a_json_one_keeps_its_text() {
    let server = LoopbackServer::start(vec![
        CannedResponse::text(200, "text/plain; charset=utf-8", "hello, world"),
        CannedResponse::json(202, json!({"percent": 40})),
    ])
    .await;
    let client = client(&server);
    let text = client
        .get_notes_by_note_id_text()
        .note_id("n1")
        .send()
        .await
        .expect("200");
    match text.into_inner() {
        GetNotesByNoteIdTextSuccess::Ok(text) => assert_eq!(text, "hello, world"),
        other => panic!("{other:?}"),
    }
    let progress = client
        .get_notes_by_note_id_text()
        .note_id("n1")
        .send()
        .await
        .expect("202");
    match progress.into_inner() {
        GetNotesByNoteIdTextSuccess::Accepted(progress) => assert_eq!(progress.percent, 40),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests()[1].path, "/notes/n1/text");
    let _: Value = Value::Null;
}
