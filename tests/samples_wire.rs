//! The construct samples of `tests/samples/`, generated into `tests/generated/`, used as a
//! downstream crate uses them: each request goes through the generated client to a loopback
//! server, and the test asserts what went over the wire and what the caller got back.

use sample_responses::{
    Client, Error, ExportNoteSuccess, GetNotesByNoteIdError, GetNotesByNoteIdPlainSuccess,
    GetNotesByNoteIdSuccess, GetNotesByNoteIdTextSuccess, NoteLinkSuccess,
    PostNotesByNoteIdArchiveError, PutNoteSuccess, types,
};
use sdk_tests::{CannedResponse, LoopbackServer, RecordedRequest};
use serde_json::json;

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
async fn a_success_documented_only_as_default_is_the_success_and_the_other_errors() {
    let note = json!({"text": "archived", "pinned": false});
    let server = LoopbackServer::start(vec![
        CannedResponse::json(200, note.clone()),
        CannedResponse::json(409, json!({"message": "already"})),
        CannedResponse::json(418, note.clone()),
        CannedResponse::empty(404),
    ])
    .await;
    let client = client(&server);
    let archived = client
        .post_notes_by_note_id_archive()
        .note_id("n1")
        .send()
        .await
        .expect("a 2XX is the success `default` describes");
    assert_eq!(archived.into_inner().text, "archived");
    let mut errors = Vec::new();
    for _ in 0..3 {
        let Err(Error::ErrorResponse(response)) = client
            .post_notes_by_note_id_archive()
            .note_id("n1")
            .send()
            .await
        else {
            panic!("4XX answers are documented errors");
        };
        let status = response.status().as_u16();
        errors.push(
            PostNotesByNoteIdArchiveError::from_status_and_json(status, response.into_inner())
                .expect("decodes")
                .expect("documented"),
        );
    }
    match errors.as_slice() {
        [
            PostNotesByNoteIdArchiveError::Conflict(problem),
            PostNotesByNoteIdArchiveError::OtherClientError { status: 418, body },
            PostNotesByNoteIdArchiveError::NotFound(()),
        ] => {
            assert_eq!(problem.message, "already");
            assert_eq!(body.text, "archived");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_path_item_ref_is_an_operation_of_its_own_path() {
    let server =
        LoopbackServer::start(vec![CannedResponse::text(200, "text/plain", "plain note")]).await;
    let answer = client(&server)
        .get_notes_by_note_id_plain()
        .note_id("n1")
        .send()
        .await
        .expect("200 is a success");
    assert_eq!(server.requests()[0].path, "/notes/n1/plain");
    match answer.into_inner() {
        GetNotesByNoteIdPlainSuccess::Ok(text) => assert_eq!(text, "plain note"),
        other => panic!("expected the text, got {other:?}"),
    }
}

#[tokio::test]
async fn options_and_trace_operations_send_their_methods() {
    let server = LoopbackServer::start(vec![
        CannedResponse::empty(204),
        CannedResponse::text(200, "message/http", "TRACE /notes/n1/allowed HTTP/1.1"),
    ])
    .await;
    let client = client(&server);
    let allowed = client
        .note_options()
        .note_id("n1")
        .send()
        .await
        .expect("204");
    assert_eq!(allowed.status().as_u16(), 204);
    client.trace_note().note_id("n1").send().await.expect("200");
    let methods: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|request| (request.method.clone(), request.path.clone()))
        .collect();
    assert_eq!(
        methods,
        [
            ("OPTIONS".to_string(), "/notes/n1/allowed".to_string()),
            ("TRACE".to_string(), "/notes/n1/allowed".to_string()),
        ]
    );
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
}

/// Sends one request through a `sample-bodies` client built against a fresh loopback server,
/// and returns what the server received.
async fn received<F, Fut>(send: F) -> RecordedRequest
where
    F: FnOnce(sample_bodies::Client) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_bodies::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    send(client).await;
    server.requests().remove(0)
}

fn item() -> sample_bodies::types::Item {
    sample_bodies::types::Item {
        name: "bolt".into(),
        count: Some(3),
    }
}

#[tokio::test]
async fn a_vendor_json_body_is_sent_with_its_documented_content_type() {
    let request = received(|client| async move {
        client.post_vendor().body(item()).send().await.expect("204");
    })
    .await;
    assert_eq!(
        request.header("content-type"),
        Some("application/vnd.sample+json; charset=utf-8")
    );
    assert_eq!(request.body, json!({"name": "bolt", "count": 3}));
}

#[tokio::test]
async fn a_form_body_is_sent_as_a_form() {
    let request = received(|client| async move {
        client.post_form().body(item()).send().await.expect("204");
    })
    .await;
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.raw_body),
        "count=3&name=bolt"
    );
}

#[tokio::test]
async fn a_multipart_body_is_sent_as_multipart_with_a_part_per_field() {
    let request = received(|client| async move {
        let body = sample_bodies::types::UploadBody {
            title: "report".into(),
            tags: vec!["a".into(), "b".into()],
            size: Some(12),
            file: "file contents".into(),
        };
        client.upload().body(body).send().await.expect("204");
    })
    .await;
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("multipart: {content_type}"));
    let text = String::from_utf8(request.raw_body.clone()).expect("UTF-8");
    let parts: Vec<(String, String)> = text
        .split(&format!("--{boundary}"))
        .filter(|part| !part.trim().is_empty() && part.trim() != "--")
        .map(|part| {
            let (head, value) = part.split_once("\r\n\r\n").expect("a part head");
            let name = head
                .split("name=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("a part name");
            (name.to_string(), value.trim_end_matches("\r\n").to_string())
        })
        .collect();
    let parts: Vec<(&str, &str)> = parts
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            ("file", "file contents"),
            ("size", "12"),
            ("tags", "a"),
            ("tags", "b"),
            ("title", "report")
        ]
    );
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
}

#[tokio::test]
async fn bytes_and_text_bodies_keep_their_documented_content_types() {
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let sent = png.clone();
    let request = received(|client| async move {
        client.put_image().body(sent).send().await.expect("204");
    })
    .await;
    assert_eq!(request.header("content-type"), Some("image/png"));
    assert_eq!(request.raw_body, png);

    let request = received(|client| async move {
        client
            .put_csv()
            .body("a,b\n1,2\n")
            .send()
            .await
            .expect("204");
    })
    .await;
    assert_eq!(request.header("content-type"), Some("text/csv"));
    assert_eq!(request.raw_body, b"a,b\n1,2\n");
}

#[tokio::test]
async fn json_is_chosen_among_several_media_types_and_a_body_without_schema_takes_any_json() {
    let request = received(|client| async move {
        client.post_either().body(item()).send().await.expect("204");
    })
    .await;
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body, json!({"name": "bolt", "count": 3}));

    let request = received(|client| async move {
        let anything = sample_bodies::types::PostAnythingBody(json!({"free": [1, "form"]}));
        client
            .post_anything()
            .body(anything)
            .send()
            .await
            .expect("204");
    })
    .await;
    assert_eq!(request.body, json!({"free": [1, "form"]}));
}

#[tokio::test]
async fn parameters_are_sent_as_their_styles_say() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_parameters::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let filter = json!({"name": "ann", "min_age": 30})
        .as_object()
        .cloned()
        .expect("an object");
    client
        .get_list()
        .list_id("L1")
        .list_id_query("q1")
        .filter(filter)
        .ids(vec![1, 2, 3])
        .tags(vec!["a".to_string(), "b".to_string()])
        .session("s3cr3t")
        .theme("dark")
        .x_request_id("req-9")
        .where_(object(json!({"a": 1})))
        .send()
        .await
        .expect("204");
    let request = &server.requests()[0];
    let (path, query) = request.path.split_once('?').expect("a query string");
    assert_eq!(path, "/lists/L1");
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("key=value");
            let decode = |text: &str| {
                let text = text.replace('+', " ");
                let mut out = Vec::new();
                let bytes = text.as_bytes();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' && i + 2 < bytes.len() {
                        out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).expect("hex"));
                        i += 3;
                    } else {
                        out.push(bytes[i]);
                        i += 1;
                    }
                }
                String::from_utf8(out).expect("UTF-8")
            };
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort();
    let expected: Vec<(String, String)> = [
        ("filter[min_age]", "30"),
        ("filter[name]", "ann"),
        ("ids", "1|2|3"),
        ("list_id", "q1"),
        ("tags", "a b"),
        ("where", "{\"a\":1}"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
    assert_eq!(request.header("cookie"), Some("session=s3cr3t; theme=dark"));
    assert_eq!(request.header("x-request-id"), Some("req-9"));
    assert_eq!(
        request.header("session"),
        None,
        "the cookie is not also a header"
    );
}

#[tokio::test]
async fn a_path_parameter_is_sent_percent_encoded_in_its_segment() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_parameters::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    client
        .get_list()
        .list_id("a b/c?d#e%f")
        .session("s")
        .send()
        .await
        .expect("204");
    let request = &server.requests()[0];
    assert_eq!(request.path, "/lists/a%20b%2Fc%3Fd%23e%25f");
}

#[tokio::test]
async fn parameters_typed_by_alternatives_are_sent_as_their_text() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_parameters::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    client
        .get_host()
        .address("2001:db8::1")
        .port("8080")
        .country(vec!["DE".to_string(), "-FR".to_string()])
        .sort(sample_parameters::types::Sort::Desc)
        .send()
        .await
        .expect("204");
    let request = &server.requests()[0];
    assert_eq!(
        request.path,
        "/hosts/2001:db8::1?country=DE&country=-FR&port=8080&sort=desc"
    );
}

/// A JSON object as the map the builders take for an object parameter (keys in order, so
/// the text is the same whether or not serde_json keeps insertion order).
fn object(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    value.as_object().cloned().expect("an object")
}

#[tokio::test]
async fn lists_and_objects_in_paths_headers_and_cookies_are_written_in_their_style() {
    use sample_parameters::types::Sort;
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_parameters::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let filter = object(json!({"min_age": 30, "name": "ann"}));
    client
        .get_styled()
        .ids(vec![1, 2, 3])
        .point(object(json!({"x": 1, "y": 2})))
        .labels(vec!["a".to_string(), "b".to_string()])
        .matrix(vec!["m1".to_string(), "m2".to_string()])
        .x_features(vec![Sort::Asc, Sort::Desc])
        .x_filter(filter.clone())
        .x_filter_exploded(filter.clone())
        .x_search(object(
            json!({"term": "rust", "within": {"field": "title"}}),
        ))
        .x_nested("inner,deep")
        .flavours(vec!["vanilla".to_string(), "mint".to_string()])
        .sizes(vec![1, 2])
        .prefs(filter)
        .colour(object(json!({"G": 200, "R": 100})))
        .csv(vec![4, 5])
        .range(object(json!({"min_age": 18, "name": "bo"})))
        .send()
        .await
        .expect("204");
    let request = &server.requests()[0];
    // simple (a list; an object exploded), label exploded, matrix; a query list and a query
    // object unexploded (one value each, its commas encoded as the query's).
    assert_eq!(
        request.path,
        "/styled/1,2,3/x=1,y=2/.a.b/;matrix=m1,m2?csv=4%2C5&range=min_age%2C18%2Cname%2Cbo"
    );
    assert_eq!(request.header("x-features"), Some("asc,desc"));
    assert_eq!(request.header("x-filter"), Some("min_age,30,name,ann"));
    assert_eq!(
        request.header("x-filter-exploded"),
        Some("min_age=30,name=ann")
    );
    assert_eq!(
        request.header("x-search"),
        Some(r#"{"term":"rust","within":{"field":"title"}}"#)
    );
    // An object holding an object: a string the caller writes (and a warning at generation).
    assert_eq!(request.header("x-nested"), Some("inner,deep"));
    // form: exploded by default (a pair per item or property), or one pair when not.
    assert_eq!(
        request.header("cookie"),
        Some("flavours=vanilla; flavours=mint; sizes=1,2; prefs=min_age,30,name,ann; G=200; R=100")
    );
    for cookie in ["flavours", "sizes", "prefs", "colour"] {
        assert_eq!(
            request.header(cookie),
            None,
            "{cookie} is not also a header"
        );
    }
}

#[tokio::test]
async fn a_nested_value_its_style_cannot_write_is_an_invalid_request_not_a_panic() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_parameters::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    // The map type takes any JSON; a nested value has no text in the simple style.
    let result = client
        .get_styled()
        .ids(vec![1])
        .point(object(json!({"x": {"deep": 1}})))
        .labels(Vec::<String>::new())
        .matrix(vec!["m".to_string()])
        .x_features(Vec::<sample_parameters::types::Sort>::new())
        .send()
        .await;
    match result {
        Err(sample_parameters::Error::InvalidRequest(why)) => {
            assert!(why.contains("cannot write"), "{why}")
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_document_split_over_files_generates_one_client() {
    let droplet = json!({"id": 7, "name": "web", "region": {"slug": "ams3"}});
    let server = LoopbackServer::start(vec![
        CannedResponse::json(200, json!({"droplets": [droplet.clone()]})),
        CannedResponse::json(200, droplet),
        CannedResponse::json(404, json!({"id": "not_found", "message": "no droplet 8"})),
    ])
    .await;
    let client = sample_split::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let listed = client
        .list_droplets()
        .per_page(20)
        .send()
        .await
        .expect("200");
    assert_eq!(listed.into_inner().droplets[0].region.slug, "ams3");
    let one = client
        .get_droplet()
        .droplet_id(7)
        .send()
        .await
        .expect("200");
    assert_eq!(one.into_inner().name, "web");
    let Err(sample_split::Error::ErrorResponse(missing)) =
        client.get_droplet().droplet_id(8).send().await
    else {
        panic!("404 is a documented error");
    };
    assert_eq!(missing.status().as_u16(), 404);
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/droplets?per_page=20", "/droplets/7", "/droplets/8"]
    );
}

#[tokio::test]
async fn an_openapi_3_1_document_reads_null_types_const_and_exclusive_bounds() {
    let server = LoopbackServer::start(vec![
        CannedResponse::json(
            200,
            json!({"name": "Rex", "nickname": null, "kind": "pet", "age": 3,
                   "owner": {"id": "o1"}}),
        ),
        CannedResponse::empty(204),
        CannedResponse::json(
            200,
            json!({"name": "Rex", "nickname": "R", "kind": "pet", "age": 0}),
        ),
    ])
    .await;
    let client = sample_openapi31::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let pet = client
        .get_pet()
        .pet_id("p1")
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!(
        pet.nickname, None,
        "`type: [string, \"null\"]` decodes null"
    );
    assert_eq!(pet.age.get(), 3);
    assert_eq!(
        pet.owner.as_ref().map(|owner| owner.id.as_str()),
        Some("o1")
    );
    client
        .put_pet()
        .pet_id("p1")
        .body(pet)
        .send()
        .await
        .expect("204");
    assert_eq!(
        server.requests()[1].body,
        json!({"name": "Rex", "nickname": null, "kind": "pet", "age": 3, "owner": {"id": "o1"}}),
        "the nullable field is sent as null"
    );
    let err = client.get_pet().pet_id("p1").send().await.unwrap_err();
    assert!(
        matches!(err, sample_openapi31::Error::InvalidResponsePayload(..)),
        "`exclusiveMinimum: 0` rejects an age of 0: {err:?}"
    );
}

#[tokio::test]
async fn properties_that_share_a_rust_name_keep_their_wire_names() {
    let stored = json!({
        "_type": "draft", "type": "note", "@id": "urn:r:1", "id": 1,
        "createdAt": "today", "created_at": "2026-11-29", "owner": {"email": "a@b.c"},
        "contact": {"phone": "555", "verified": true}, "reaction": "+1", "note__c": "custom"
    });
    // An empty list is left out and a list the JSON leaves out is empty; a defaulted field
    // the JSON leaves out is `None` (its default is the server's, documented on the field).
    let mut answered = stored.clone();
    answered["reaction"] = json!("-1");
    answered["contact"] = json!({"labels": ["work"]});
    let server = LoopbackServer::start(vec![CannedResponse::json(200, answered)]).await;
    let client = sample_bodies::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let record = sample_bodies::types::Record {
        underscore_type: sample_bodies::types::RecordType::Draft,
        type_: "note".into(),
        at_id: "urn:r:1".into(),
        id: 1,
        created_at_2: Some("today".into()),
        created_at: Some("2026-11-29".into()),
        owner: Some(sample_bodies::types::RecordOwner2 {
            email: Some("a@b.c".into()),
        }),
        contact: Some(sample_bodies::types::RecordContact {
            phone: Some("555".into()),
            verified: Some(true),
            labels: Vec::new(),
        }),
        reaction: Some(sample_bodies::types::RecordReaction::Plus1),
        extra: [("note__c".to_string(), json!("custom"))]
            .into_iter()
            .collect(),
    };
    let answer = client.put_record().body(record).send().await.expect("200");
    assert_eq!(server.requests()[0].body, stored, "what went over the wire");
    let answer = answer.into_inner();
    assert_eq!(
        (answer.at_id.as_str(), answer.id, answer.type_.as_str()),
        ("urn:r:1", 1, "note")
    );
    assert_eq!(answer.created_at_2.as_deref(), Some("today"));
    assert_eq!(answer.created_at.as_deref(), Some("2026-11-29"));
    assert_eq!(answer.extra.get("note__c"), Some(&json!("custom")));
    let contact = answer.contact.as_ref().expect("a contact");
    assert_eq!(
        (
            contact.phone.as_deref(),
            contact.verified,
            contact.labels.as_slice()
        ),
        (None, None, ["work".to_string()].as_slice())
    );
    assert!(matches!(
        answer.underscore_type,
        sample_bodies::types::RecordType::Draft
    ));
    // `+1` and `-1` are variants of their own, as `Plus1` and `Minus1`.
    assert!(matches!(
        answer.reaction,
        Some(sample_bodies::types::RecordReaction::Minus1)
    ));
    assert_eq!(
        "+1".parse::<sample_bodies::types::RecordReaction>().ok(),
        Some(sample_bodies::types::RecordReaction::Plus1)
    );
}

fn redirect(status: u16, location: &str) -> CannedResponse {
    CannedResponse {
        headers: vec![("location".into(), location.into())],
        ..CannedResponse::empty(status)
    }
}

#[tokio::test]
async fn a_documented_redirection_is_an_answer_holding_its_location() {
    let server = LoopbackServer::start(vec![
        redirect(303, "/exports/e1"),
        CannedResponse::json(202, json!({"percent": 40})),
        redirect(302, "https://files.example.invalid/n1"),
    ])
    .await;
    let client = client(&server);
    let answer = client
        .export_note()
        .note_id("n1")
        .send()
        .await
        .expect("303 is documented");
    assert_eq!(answer.status().as_u16(), 303);
    match answer.into_inner() {
        ExportNoteSuccess::SeeOther(location) => {
            assert_eq!(location.as_deref(), Some("/exports/e1"))
        }
        other => panic!("expected the redirection, got {other:?}"),
    }
    let answer = client
        .export_note()
        .note_id("n1")
        .send()
        .await
        .expect("202");
    assert!(matches!(
        answer.into_inner(),
        ExportNoteSuccess::Accepted(types::Progress { percent: 40 })
    ));
    // The only documented answer is a redirection elsewhere: returned, not followed.
    let answer = client
        .note_link()
        .note_id("n1")
        .send()
        .await
        .expect("302 is documented");
    let NoteLinkSuccess::Found(location) = answer.into_inner();
    assert_eq!(
        location.as_deref(),
        Some("https://files.example.invalid/n1")
    );
    let requests = server.requests();
    assert_eq!(
        requests
            .iter()
            .map(|request| (request.method.as_str(), request.path.as_str()))
            .collect::<Vec<_>>(),
        [
            ("POST", "/notes/n1/export"),
            ("POST", "/notes/n1/export"),
            ("GET", "/notes/n1/link")
        ],
        "no redirection was followed"
    );
}

#[tokio::test]
async fn not_modified_is_an_answer_without_a_value() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(304)]).await;
    let answer = client(&server)
        .get_notes_by_note_id()
        .note_id("n1")
        .send()
        .await
        .expect("304 is documented");
    assert_eq!(answer.status().as_u16(), 304);
    assert!(matches!(
        answer.into_inner(),
        GetNotesByNoteIdSuccess::NotModified
    ));
}

#[tokio::test]
async fn an_undocumented_redirection_is_still_followed() {
    let server = LoopbackServer::start(vec![
        redirect(307, "/notes/moved"),
        CannedResponse::json(200, json!({"text": "here"})),
    ])
    .await;
    let answer = client(&server)
        .get_notes_by_note_id()
        .note_id("n1")
        .send()
        .await
        .expect("followed to a 200");
    assert!(matches!(
        answer.into_inner(),
        GetNotesByNoteIdSuccess::Ok(types::Note { ref text, .. }) if text == "here"
    ));
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/notes/n1", "/notes/moved"]);
}

/// A `sample-swagger2` client against a loopback server answering `answers` in turn.
async fn swagger2_client(
    answers: Vec<CannedResponse>,
) -> (LoopbackServer, sample_swagger2::Client) {
    let server = LoopbackServer::start(answers).await;
    let client = sample_swagger2::Client::builder(server.base.clone())
        .api_key("k3y")
        .expect("a header value")
        .build()
        .expect("a client");
    (server, client)
}

#[tokio::test]
async fn a_swagger_2_document_sends_its_parameters_bodies_and_credentials() {
    let pet = json!({"id": 7, "name": "Rex", "tag": null});
    let (server, client) = swagger2_client(vec![
        CannedResponse::json(200, json!([pet.clone()])),
        CannedResponse::json(201, pet.clone()),
        CannedResponse::json(200, pet),
    ])
    .await;
    use sample_swagger2::types::{ListPetsStatusItem, NewPet, RenamePetBody};
    let listed = client
        .list_pets()
        .limit(std::num::NonZeroU32::new(5).expect("non-zero"))
        .tags(vec!["a".to_string(), "b".to_string()])
        .status(vec![
            ListPetsStatusItem::Available,
            ListPetsStatusItem::Sold,
        ])
        .send()
        .await
        .expect("200");
    let listed = listed.into_inner();
    assert_eq!(listed.0[0].name, "Rex");
    assert_eq!(listed.0[0].tag, None, "x-nullable reads null");
    let body = NewPet {
        name: "Rex".into(),
        tag: Some("dog".into()),
    };
    client.add_pet().body(body).send().await.expect("201");
    let renamed = client
        .rename_pet()
        .pet_id(7)
        .body(RenamePetBody { name: "Max".into() })
        .send()
        .await
        .expect("200");
    assert_eq!(renamed.into_inner().id, 7);
    let requests = server.requests();
    // `multi` repeats the key; `pipes` joins with `|`.
    assert_eq!(
        requests[0].path,
        "/pets?limit=5&status=available%7Csold&tags=a&tags=b"
    );
    assert_eq!(requests[0].header("x-api-key"), Some("k3y"));
    assert_eq!(requests[1].body, json!({"name": "Rex", "tag": "dog"}));
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(requests[2].path, "/pets/7/rename");
    assert_eq!(
        requests[2].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(String::from_utf8_lossy(&requests[2].raw_body), "name=Max");
}

/// `getPet`'s 200 refers to its schema as go-swagger writes it, `$ref: Pet`: read as
/// `#/definitions/Pet`, so the pet decodes into its own type.
#[tokio::test]
async fn a_swagger_2_bare_definition_reference_decodes_into_the_definition() {
    let (server, client) = swagger2_client(vec![CannedResponse::json(
        200,
        json!({"id": 7, "name": "Rex"}),
    )])
    .await;
    let pet: sample_swagger2::types::Pet = client
        .get_pet()
        .pet_id(7)
        .send()
        .await
        .expect("200")
        .into_inner();
    assert_eq!((pet.id, pet.name.as_str()), (7, "Rex"));
    assert_eq!(server.requests()[0].path, "/pets/7");
}

#[tokio::test]
async fn a_swagger_2_file_field_is_sent_as_multipart_and_a_file_response_read_as_bytes() {
    let (server, client) = swagger2_client(vec![
        CannedResponse::empty(204),
        CannedResponse::json(404, json!({"code": 404, "message": "no pet 8"})),
        CannedResponse::text(200, "image/png", "PNG bytes"),
    ])
    .await;
    let body = sample_swagger2::types::UploadPhotoBody {
        caption: Some("smile".into()),
        photo: "PNG bytes".into(),
    };
    client
        .upload_photo()
        .pet_id(7)
        .body(body)
        .send()
        .await
        .expect("204");
    let Err(sample_swagger2::Error::ErrorResponse(missing)) =
        client.get_pet().pet_id(8).send().await
    else {
        panic!("404 is the document's NotFound response");
    };
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(missing.message, "no pet 8");
    let photo = client.get_photo().pet_id(7).send().await.expect("200");
    let mut chunks = photo.into_inner().into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = futures_util::StreamExt::next(&mut chunks).await {
        bytes.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(bytes, b"PNG bytes");
    let requests = server.requests();
    let content_type = requests[0].header("content-type").expect("a content type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let text = String::from_utf8_lossy(&requests[0].raw_body);
    assert!(text.contains("name=\"photo\""), "{text}");
    assert!(text.contains("PNG bytes"), "{text}");
    assert!(text.contains("name=\"caption\""), "{text}");
    assert_eq!(requests[1].path, "/pets/8");
}

#[tokio::test]
async fn operations_request_bodies_and_headers_from_other_files_are_bundled() {
    let droplet = json!({"id": 9, "name": "db", "region": {"slug": "fra1"}});
    let server = LoopbackServer::start(vec![
        CannedResponse::json(201, droplet),
        CannedResponse::json(200, json!([{"slug": "ams3"}, {"slug": "fra1"}])),
    ])
    .await;
    let client = sample_split::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let body = sample_split::types::DropletCreate {
        name: "db".into(),
        region: "fra1".into(),
    };
    let created = client
        .create_droplet()
        .body(body)
        .send()
        .await
        .expect("201");
    assert_eq!(created.into_inner().region.slug, "fra1");
    let regions = client.list_regions().send().await.expect("200");
    assert_eq!(regions.into_inner()[1].slug, "fra1");
    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/droplets")
    );
    assert_eq!(requests[0].body, json!({"name": "db", "region": "fra1"}));
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        ("GET", "/regions")
    );
}

#[tokio::test]
async fn a_websocket_endpoint_is_a_plain_operation_that_sends_its_request() {
    let answer = CannedResponse::json(404, json!({"message": "no note n1"}));
    let server = LoopbackServer::start(vec![answer]).await;
    let Err(Error::ErrorResponse(missing)) =
        client(&server).stream_note().note_id("n1").send().await
    else {
        panic!("404 is documented as an error");
    };
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(missing.message, "no note n1");
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/notes/n1/stream")
    );
}

/// Recursion through compositions, which once overflowed the generator's stack: an inline
/// `allOf` that brings back the schema holding it is a named type, and an `allOf` member's
/// `additionalProperties` that would apply to a property leading back is read as open.
#[tokio::test]
async fn schemas_recursive_through_all_of_decode_every_level() {
    let kitten = json!({
        "name": "Tom",
        "siblings": [
            {"name": "Ann", "rank": 1, "siblings": [{"name": "Bo", "rank": 2}]},
            {"name": "Cy", "rank": 3, "lineage": {"name": "Cy's", "mother": {"name": "Dot"}}}
        ],
        "lineage": {"name": "Tabby", "mother": {"name": "Queen"}, "generation": 7}
    });
    let server = LoopbackServer::start(vec![CannedResponse::json(200, kitten.clone())]).await;
    let client = sample_generic::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let answer = client
        .get_litter()
        .litter_id("l1")
        .send()
        .await
        .expect("200 is a success");
    assert_eq!(server.requests()[0].path, "/litters/l1");
    let tom = answer.into_inner();
    assert_eq!(tom.name, "Tom");
    let ranks: Vec<(&str, i64)> = tom
        .siblings
        .iter()
        .map(|sibling| (sibling.name.as_str(), sibling.rank))
        .collect();
    assert_eq!(ranks, [("Ann", 1), ("Cy", 3)]);
    assert_eq!(tom.siblings[0].siblings[0].name, "Bo");
    assert_eq!(tom.siblings[0].siblings[0].rank, 2);
    let mother = |lineage: &sample_generic::types::Lineage| {
        lineage
            .mother
            .as_ref()
            .as_ref()
            .and_then(|m| m.name.clone())
    };
    let lineage = tom.lineage.as_ref().expect("Tom's lineage");
    assert_eq!(lineage.name.as_deref(), Some("Tabby"));
    assert_eq!(mother(lineage).as_deref(), Some("Queen"));
    let cys = tom.siblings[1].lineage.as_ref().expect("Cy's lineage");
    assert_eq!(mother(cys).as_deref(), Some("Dot"));
}

#[tokio::test]
async fn a_paginated_list_streams_every_page_and_tagged_unit_variants_decode() {
    // `x-dropshot-pagination`: the builder's `stream()` follows `next_page` to the last page.
    // Each job's progress is a `oneOf` of objects told apart by their constant `state`.
    let server = LoopbackServer::start(vec![
        CannedResponse::json(
            200,
            json!({"items": [{"id": "a", "progress": {"state": "running"}}], "next_page": "t2"}),
        ),
        CannedResponse::json(
            200,
            json!({"items": [{"id": "b", "progress": {"state": "done"}}]}),
        ),
    ])
    .await;
    let jobs: Vec<types::Job> = futures_util::TryStreamExt::try_collect(
        client(&server)
            .list_jobs()
            .limit(std::num::NonZeroU32::new(1).expect("not zero"))
            .stream(),
    )
    .await
    .expect("every page");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path, "/jobs?limit=1");
    assert_eq!(requests[1].path, "/jobs?limit=1&page_token=t2");
    let ids: Vec<&str> = jobs.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert!(matches!(jobs[0].progress, types::JobProgress::Running));
    assert!(matches!(jobs[1].progress, types::JobProgress::Done));
    assert_eq!(
        serde_json::to_value(&jobs[1]).expect("encodes"),
        json!({"id": "b", "progress": {"state": "done"}})
    );
}

/// `tests/samples/names.yaml`: the operation `build`'s error enum would have had the name of
/// the crate's own `BuildError` (the client builder's); it is `BuildError2`, and decodes the
/// documented 400 into the schema `BuildError` it holds.
#[tokio::test]
async fn an_error_enum_named_like_a_crate_type_gets_the_next_free_name() {
    let server = LoopbackServer::start(vec![
        CannedResponse::json(400, json!({"message": "no Dockerfile"})),
        CannedResponse::json(200, json!({"id": "b1"})),
    ])
    .await;
    let client = sample_names::Client::builder(server.base.clone())
        .build()
        .expect("a client: `BuildError` is still the builder's error");
    let Err(sample_names::Error::ErrorResponse(response)) = client.build().send().await else {
        panic!("400 is a documented error");
    };
    let error: sample_names::BuildError2 = sample_names::BuildError2::from_status_and_json(
        response.status().as_u16(),
        response.into_inner(),
    )
    .expect("decodes")
    .expect("documented");
    match error {
        sample_names::BuildError2::BadRequest(sample_names::types::BuildError { message }) => {
            assert_eq!(message, "no Dockerfile")
        }
        other => panic!("expected the 400, got {other:?}"),
    }
    let build = client.build().send().await.expect("200 is a success");
    assert_eq!(build.into_inner().id, "b1");
    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/build")
    );
}

/// `tests/samples/names.yaml`: `job`'s inline response and its inline enum parameter would
/// have taken names typify and a schema already have (`JobResponse`, `JobRun`); they are
/// `JobResponse2` and `JobRun2`, sent and decoded as the document says.
#[tokio::test]
async fn types_named_like_existing_ones_are_renamed_and_used_on_the_wire() {
    use sample_names::types::{Job, JobResponse, JobResponse2, JobRun2};
    let server = LoopbackServer::start(vec![CannedResponse::json(
        200,
        json!({"id": "j1", "response": {"response": "accepted"}}),
    )])
    .await;
    let client = sample_names::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    let answer = client
        .job()
        .run(JobRun2::Later)
        .send()
        .await
        .expect("200 is a success");
    let job: JobResponse2 = answer.into_inner();
    assert_eq!(job.id, "j1");
    assert!(matches!(
        job.response,
        Some(Job {
            response: Some(JobResponse::Accepted)
        })
    ));
    assert_eq!(server.requests()[0].path, "/jobs?run=later");
}

/// `stream` and `json` would shadow the runtime functions a builder's `send` calls: in Rust
/// they are `stream_query` and `json_query`, on the wire still `stream` and `json`.
#[tokio::test]
async fn parameters_named_like_runtime_functions_are_sent_under_their_own_names() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(204)]).await;
    let client = sample_parameters::Client::builder(server.base.clone())
        .build()
        .expect("a client");
    client
        .get_feed()
        .stream_query(true)
        .json_query("compact")
        .send()
        .await
        .expect("204");
    assert_eq!(server.requests()[0].path, "/feeds?json=compact&stream=true");
}

/// `tests/samples/names.yaml`: `Tag.name` (a string with a minimum length, a newtype) and
/// `Device.owner` (an object titled `Device Owner`) would be typify's `TagName` and
/// `DeviceOwner`, both schemas' names: they are `TagName2` and `DeviceOwner2`, and every one
/// of the four decodes its own JSON.
#[tokio::test]
async fn inline_types_typify_names_like_a_schema_get_the_next_free_name() {
    let server = LoopbackServer::start(vec![CannedResponse::json(
        200,
        json!({
            "tag": {"name": "Fragile"},
            "device": {"owner": {"id": "u1"}},
            "label": {"text": "fragile goods"},
            "owner": {"email": "ops@example.com"}
        }),
    )])
    .await;
    let answer = sample_names::Client::builder(server.base.clone())
        .build()
        .expect("a client")
        .tag()
        .send()
        .await
        .expect("200")
        .into_inner();
    let name: &sample_names::types::TagName2 = &answer.tag.name;
    assert_eq!(name.to_string(), "Fragile");
    let owner: &sample_names::types::DeviceOwner2 = &answer.device.owner;
    assert_eq!(owner.id, "u1");
    let label: Option<sample_names::types::TagName> = answer.label;
    assert_eq!(
        label.and_then(|label| label.text).as_deref(),
        Some("fragile goods")
    );
    let schema_owner: Option<sample_names::types::DeviceOwner> = answer.owner;
    assert_eq!(
        schema_owner.and_then(|owner| owner.email).as_deref(),
        Some("ops@example.com")
    );
}
