//! The server stub of the bodies sample (`tests/samples/bodies.yaml`) reads what the generated
//! client sends: a form, multipart with a part per field (a part per list item), bytes and
//! text; a malformed body gets the documented error answer, never a 500. The client and the
//! server are the generated crate's, talking over loopback. The responses sample's stub
//! answers a documented redirection with its `Location`, and its client returns it; the
//! parameters sample's stub hands header and cookie parameters to the implementation.

use std::sync::{Arc, Mutex};

use sample_bodies::server::{SampleBodiesApi, router};
use sample_bodies::{Client, types};
use sdk_tests::serve_router;
use serde_json::{Value, json};

/// What the implementation received, per operation, as JSON.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(&'static str, Value)>>>);

impl Recorder {
    fn record(&self, operation: &'static str, value: Value) {
        self.0
            .lock()
            .expect("not poisoned")
            .push((operation, value));
    }

    fn taken(&self) -> Vec<(&'static str, Value)> {
        std::mem::take(&mut *self.0.lock().expect("not poisoned"))
    }
}

type Done = std::result::Result<(), std::convert::Infallible>;

impl SampleBodiesApi for Recorder {
    async fn post_vendor(&self, body: types::Item) -> Done {
        self.record(
            "post_vendor",
            serde_json::to_value(body).unwrap_or_default(),
        );
        Ok(())
    }
    async fn post_form(&self, body: types::Item) -> Done {
        self.record("post_form", serde_json::to_value(body).unwrap_or_default());
        Ok(())
    }
    async fn upload(&self, body: types::UploadBody) -> Done {
        self.record("upload", serde_json::to_value(body).unwrap_or_default());
        Ok(())
    }
    async fn put_image(&self, body: Vec<u8>) -> Done {
        self.record("put_image", json!(body));
        Ok(())
    }
    async fn put_csv(&self, body: Option<String>) -> Done {
        self.record("put_csv", json!(body));
        Ok(())
    }
    async fn post_either(&self, body: Option<types::Item>) -> Done {
        self.record(
            "post_either",
            serde_json::to_value(body).unwrap_or_default(),
        );
        Ok(())
    }
    async fn post_anything(&self, body: Option<types::PostAnythingBody>) -> Done {
        self.record(
            "post_anything",
            serde_json::to_value(body).unwrap_or_default(),
        );
        Ok(())
    }
    async fn put_record(
        &self,
        body: types::Record,
    ) -> std::result::Result<types::Record, std::convert::Infallible> {
        self.record(
            "put_record",
            serde_json::to_value(&body).unwrap_or_default(),
        );
        Ok(body)
    }
}

#[tokio::test]
async fn the_server_reads_every_body_the_client_sends() {
    let recorder = Recorder::default();
    let served = serve_router(router(recorder.clone())).await;
    let client = Client::builder(served.base.clone())
        .build()
        .expect("a client");
    let item = types::Item {
        name: "bolt".into(),
        count: Some(3),
    };
    client
        .post_form()
        .body(item)
        .send()
        .await
        .expect("form: 204");
    let upload = types::UploadBody {
        title: "report".into(),
        tags: vec!["only".into()],
        size: Some(12),
        file: "file contents".into(),
    };
    client
        .upload()
        .body(upload)
        .send()
        .await
        .expect("multipart: 204");
    let png = vec![0x89, b'P', b'N', b'G', 0, 255];
    client
        .put_image()
        .body(png.clone())
        .send()
        .await
        .expect("bytes: 204");
    client
        .put_csv()
        .body("a,b\n1,2\n")
        .send()
        .await
        .expect("text: 204");
    assert_eq!(
        recorder.taken(),
        [
            ("post_form", json!({"name": "bolt", "count": 3})),
            (
                "upload",
                json!({"title": "report", "tags": ["only"], "size": 12, "file": "file contents"})
            ),
            ("put_image", json!(png)),
            ("put_csv", json!("a,b\n1,2\n")),
        ]
    );
}

#[tokio::test]
async fn malformed_form_and_multipart_bodies_get_the_documented_answer() {
    let recorder = Recorder::default();
    let served = serve_router(router(recorder.clone())).await;
    // reqwest is built without a TLS provider of its own (see the crate docs).
    sample_bodies::install_tls_provider();
    let http = reqwest::Client::new();
    let send = |path: &'static str, content_type: &'static str, body: &'static str| {
        let request = http
            .post(format!("{}{path}", served.base))
            .header("content-type", content_type)
            .body(body);
        async move {
            let response = request.send().await.expect("an answer");
            let status = response.status().as_u16();
            let body: Value = response.json().await.expect("a JSON error body");
            (status, body)
        }
    };
    let (status, body) = send("/form", "application/x-www-form-urlencoded", "count=three").await;
    assert_eq!(status, 400, "{body}");
    let text = body.to_string();
    assert!(text.contains("name") || text.contains("count"), "{text}");
    let (status, body) = send("/form", "application/json", r#"{"name": "bolt"}"#).await;
    assert_eq!(status, 415, "{body}");
    assert!(
        body.to_string()
            .contains("application/x-www-form-urlencoded"),
        "{body}"
    );
    let (status, body) = send(
        "/upload",
        "multipart/form-data; boundary=xyz",
        "--xyz\r\ncontent-disposition: form-data; name=\"title\"\r\n\r\nno end",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("multipart"), "{body}");
    assert!(
        recorder.taken().is_empty(),
        "no malformed body reached the implementation"
    );
}

#[tokio::test]
async fn properties_that_share_a_rust_name_reach_the_server_by_their_wire_names() {
    let recorder = Recorder::default();
    let served = serve_router(router(recorder.clone())).await;
    let sent = json!({"_type": "record", "type": "t", "@id": "a", "id": 7, "createdAt": "x"});
    sample_bodies::install_tls_provider();
    let response = reqwest::Client::new()
        .put(format!("{}/records", served.base))
        .json(&sent)
        .send()
        .await
        .expect("the stub answers");
    assert_eq!(response.status().as_u16(), 200);
    let echoed: Value = response.json().await.expect("JSON");
    assert_eq!(echoed, sent);
    assert_eq!(recorder.taken(), [("put_record", sent)]);
}

/// The responses sample's API: only the redirections are under test.
struct Exports;

type Never = std::convert::Infallible;

impl sample_responses::server::SampleResponsesApi for Exports {
    async fn get_notes_by_note_id(
        &self,
        _: String,
    ) -> Result<sample_responses::GetNotesByNoteIdSuccess, sample_responses::GetNotesByNoteIdError>
    {
        unreachable!("not under test")
    }
    async fn put_note(
        &self,
        _: String,
        _: sample_responses::types::Note,
    ) -> Result<sample_responses::PutNoteSuccess, Never> {
        unreachable!("not under test")
    }
    async fn note_options(&self, _: String) -> Result<(), Never> {
        unreachable!("not under test")
    }
    async fn trace_note(&self, _: String) -> Result<(), Never> {
        unreachable!("not under test")
    }
    async fn get_notes_by_note_id_text(
        &self,
        _: String,
    ) -> Result<sample_responses::GetNotesByNoteIdTextSuccess, Never> {
        unreachable!("not under test")
    }
    async fn get_notes_by_note_id_plain(
        &self,
        _: String,
    ) -> Result<sample_responses::GetNotesByNoteIdPlainSuccess, Never> {
        unreachable!("not under test")
    }
    async fn post_notes_by_note_id_archive(
        &self,
        _: String,
    ) -> Result<sample_responses::types::Note, sample_responses::PostNotesByNoteIdArchiveError>
    {
        unreachable!("not under test")
    }
    async fn export_note(
        &self,
        note_id: String,
    ) -> Result<sample_responses::ExportNoteSuccess, Never> {
        Ok(sample_responses::ExportNoteSuccess::SeeOther(Some(
            format!("/exports/{note_id}"),
        )))
    }
    async fn note_link(&self, _: String) -> Result<sample_responses::NoteLinkSuccess, Never> {
        Ok(sample_responses::NoteLinkSuccess::Found(None))
    }
    async fn stream_note(&self, _: String) -> Result<(), sample_responses::StreamNoteError> {
        unreachable!("not under test")
    }
    async fn list_jobs(
        &self,
        _: Option<i64>,
        _: Option<String>,
    ) -> Result<sample_responses::types::JobResultsPage, Never> {
        unreachable!("not under test")
    }
}

#[tokio::test]
async fn a_redirection_is_answered_with_its_location_and_read_back_by_the_client() {
    let served = serve_router(sample_responses::server::router(Exports)).await;
    sample_responses::install_tls_provider();
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .post(format!("{}/notes/n1/export", served.base))
        .send()
        .await
        .expect("the stub answers");
    assert_eq!(raw.status().as_u16(), 303);
    assert_eq!(
        raw.headers()
            .get("location")
            .and_then(|value| value.to_str().ok()),
        Some("/exports/n1")
    );
    let client = sample_responses::Client::builder(served.base.clone())
        .build()
        .expect("a client");
    let answer = client
        .export_note()
        .note_id("n1")
        .send()
        .await
        .expect("documented");
    assert!(matches!(
        answer.into_inner(),
        sample_responses::ExportNoteSuccess::SeeOther(Some(ref location)) if location == "/exports/n1"
    ));
    let answer = client
        .note_link()
        .note_id("n1")
        .send()
        .await
        .expect("documented");
    assert_eq!(answer.status().as_u16(), 302);
    let sample_responses::NoteLinkSuccess::Found(location) = answer.into_inner();
    assert_eq!(location, None, "no Location sent, none read");
}

/// The parameters sample's API: records the header and cookie parameters `get_list` is given.
#[derive(Clone, Default)]
struct Lists(Arc<Mutex<Vec<Value>>>);

impl sample_parameters::server::SampleParametersApi for Lists {
    #[allow(clippy::too_many_arguments)]
    async fn get_list(
        &self,
        list_id: String,
        _: Option<String>,
        _: Option<String>,
        _: Option<String>,
        _: Option<String>,
        _: Option<String>,
        x_request_id: Option<String>,
        x_limit: Option<i64>,
        session: String,
        theme: Option<String>,
    ) -> Result<(), Never> {
        self.0.lock().expect("not poisoned").push(json!({
            "list_id": list_id, "x_request_id": x_request_id, "x_limit": x_limit,
            "session": session, "theme": theme
        }));
        Ok(())
    }
    async fn get_host(
        &self,
        address: String,
        _: Option<String>,
        _: Option<String>,
        sort: Option<sample_parameters::types::Sort>,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), Never> {
        self.0.lock().expect("not poisoned").push(json!({
            "address": address, "sort": sort.map(|sort| sort.to_string()),
            "since": since.map(|since| since.to_rfc3339())
        }));
        Ok(())
    }
    #[allow(clippy::too_many_arguments)]
    async fn get_styled(
        &self,
        ids: String,
        point: String,
        labels: String,
        matrix: String,
        csv: Option<String>,
        range: Option<String>,
        x_features: String,
        x_filter: Option<String>,
        x_filter_exploded: Option<String>,
        x_search: Option<String>,
        x_nested: Option<String>,
        flavours: Option<String>,
        sizes: Option<String>,
        prefs: Option<String>,
        colour: Option<String>,
    ) -> Result<(), Never> {
        self.0.lock().expect("not poisoned").push(json!({
            "ids": ids, "point": point, "labels": labels, "matrix": matrix, "csv": csv,
            "range": range,
            "x_features": x_features, "x_filter": x_filter, "x_filter_exploded": x_filter_exploded,
            "x_search": x_search, "x_nested": x_nested, "flavours": flavours, "sizes": sizes,
            "prefs": prefs, "colour": colour
        }));
        Ok(())
    }
    async fn get_feed(
        &self,
        stream_query: Option<bool>,
        json_query: Option<String>,
    ) -> Result<(), Never> {
        self.0.lock().expect("not poisoned").push(json!({
            "stream": stream_query, "json": json_query
        }));
        Ok(())
    }
}

/// Query parameters named like the runtime functions a request builder calls (`stream`,
/// `json`) are `stream_query` and `json_query` in Rust, and keep their names on the wire: the
/// generated client sends `?json=…&stream=…` and the stub reads them back.
#[tokio::test]
async fn parameters_named_like_runtime_functions_keep_their_wire_names() {
    let lists = Lists::default();
    let served = serve_router(sample_parameters::server::router(lists.clone())).await;
    let client = sample_parameters::Client::builder(served.base.clone())
        .build()
        .expect("a client");
    client
        .get_feed()
        .stream_query(true)
        .json_query("compact")
        .send()
        .await
        .expect("204");
    assert_eq!(
        std::mem::take(&mut *lists.0.lock().expect("not poisoned")),
        [json!({"stream": true, "json": "compact"})]
    );
}

#[tokio::test]
async fn an_optional_enum_or_date_time_parameter_reaches_the_implementation_typed() {
    use sample_parameters::types::Sort;
    let lists = Lists::default();
    let served = serve_router(sample_parameters::server::router(lists.clone())).await;
    let client = sample_parameters::Client::builder(served.base.clone())
        .build()
        .expect("a client");
    let since = chrono::DateTime::parse_from_rfc3339("2026-11-30T06:00:00Z")
        .expect("a date-time")
        .to_utc();
    client
        .get_host()
        .address("10.0.0.1")
        .sort(Sort::Desc)
        .since(since)
        .send()
        .await
        .expect("204");
    client
        .get_host()
        .address("10.0.0.2")
        .send()
        .await
        .expect("204 without them");
    assert_eq!(
        std::mem::take(&mut *lists.0.lock().expect("not poisoned")),
        [
            json!({"address": "10.0.0.1", "sort": "desc", "since": "2026-11-30T06:00:00+00:00"}),
            json!({"address": "10.0.0.2", "sort": null, "since": null}),
        ]
    );
    // A value outside the enum, or not a date-time, is the stub's 400; the implementation is
    // not called.
    let http = reqwest::Client::new();
    for (query, problem) in [
        (
            "sort=sideways",
            "parameter `sort`: `sideways` is not a valid value",
        ),
        (
            "since=yesterday",
            "parameter `since`: `yesterday` is not a valid value",
        ),
    ] {
        let response = http
            .get(format!("{}/hosts/10.0.0.3?{query}", served.base))
            .send()
            .await
            .expect("the stub answers");
        assert_eq!(response.status().as_u16(), 400, "{query}");
        let body = response.text().await.expect("a body");
        assert!(body.contains(problem), "{query}: {body}");
    }
    assert!(lists.0.lock().expect("not poisoned").is_empty());
}

#[tokio::test]
async fn header_and_cookie_parameters_reach_the_implementation() {
    let lists = Lists::default();
    let served = serve_router(sample_parameters::server::router(lists.clone())).await;
    let client = sample_parameters::Client::builder(served.base.clone())
        .build()
        .expect("a client");
    client
        .get_list()
        .list_id("L1")
        .session("s3cr3t")
        .theme("dark")
        .x_request_id("req-9")
        .x_limit(25)
        .send()
        .await
        .expect("204");
    client
        .get_list()
        .list_id("L2")
        .session("other")
        .send()
        .await
        .expect("204 without the optional ones");
    assert_eq!(
        std::mem::take(&mut *lists.0.lock().expect("not poisoned")),
        [
            json!({"list_id": "L1", "x_request_id": "req-9", "x_limit": 25,
                   "session": "s3cr3t", "theme": "dark"}),
            json!({"list_id": "L2", "x_request_id": null, "x_limit": null,
                   "session": "other", "theme": null}),
        ]
    );
    // A missing required cookie and a header that is not a number are refused with the
    // stub's 400, and the implementation is not called.
    sample_parameters::install_tls_provider();
    let http = reqwest::Client::new();
    for (header, cookie) in [("10", None), ("ten", Some("session=s"))] {
        let mut request = http
            .get(format!("{}/lists/L3", served.base))
            .header("x-limit", header);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("the stub answers");
        assert_eq!(response.status().as_u16(), 400, "{header} {cookie:?}");
        let body = response.text().await.expect("a body");
        let expected = if cookie.is_none() {
            "missing cookie `session`"
        } else {
            "`ten` is not a valid value"
        };
        assert!(body.contains(expected), "{body}");
    }
    assert!(lists.0.lock().expect("not poisoned").is_empty());
}

#[tokio::test]
async fn lists_and_objects_reach_the_implementation_as_the_text_the_client_wrote() {
    use sample_parameters::types::Sort;
    let lists = Lists::default();
    let served = serve_router(sample_parameters::server::router(lists.clone())).await;
    let client = sample_parameters::Client::builder(served.base.clone())
        .build()
        .expect("a client");
    let object = |value: Value| value.as_object().cloned().expect("an object");
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
        .x_search(object(json!({"term": "rust"})))
        .flavours(vec!["vanilla".to_string(), "mint".to_string()])
        .sizes(vec![1, 2])
        .prefs(filter)
        .colour(object(json!({"G": 200, "R": 100})))
        .csv(vec![4, 5])
        .range(object(json!({"min_age": 18, "name": "bo"})))
        .send()
        .await
        .expect("the stub accepts what the client sends");
    // The stub hands each over as the request's text; it does not split lists and objects
    // back into values. An exploded cookie list arrives as its first pair, and an exploded
    // cookie object, whose pairs are named by its properties, not at all.
    assert_eq!(
        std::mem::take(&mut *lists.0.lock().expect("not poisoned")),
        [json!({
            "ids": "1,2,3", "point": "x=1,y=2", "labels": ".a.b", "matrix": ";matrix=m1,m2",
            "csv": "4,5", "range": "min_age,18,name,bo", "x_features": "asc,desc", "x_filter": "min_age,30,name,ann",
            "x_filter_exploded": "min_age=30,name=ann", "x_search": "{\"term\":\"rust\"}",
            "x_nested": null, "flavours": "vanilla", "sizes": "1,2",
            "prefs": "min_age,30,name,ann", "colour": null
        })]
    );
}
