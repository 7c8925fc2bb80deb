//! The generated server stubs over raw HTTP (reqwest, not the generated client): requests the
//! stub must reject never reach the implementation and get the documented status and body;
//! the implementation's results come back with their documented status; a panic is a 500 and
//! the server goes on serving.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use cinder_volume_manage::server::{
    Caller as CinderCaller, CinderVolumeManageApi, Rejection as CinderRejection,
};
use cinder_volume_manage::types as cinder;
use katapult_core::server::{Caller, KatapultCoreApi, Rejection, ServerConfig};
use katapult_core::types as katapult;
use sdk_tests::{ServedRouter, fixtures, serve_router};

/// Answers every operation with the seed page's success example, counts calls, and misbehaves
/// on request: an IP address labelled `panic` panics, one labelled `empty` gets the documented
/// `no_available_addresses` error. `strict` gives Katapult an authentication step of its own
/// ([`katapult_verdict`]); otherwise, and for Cinder always, the trait's default accepts every
/// well-formed credential.
#[derive(Clone, Default)]
struct Scripted {
    calls: Arc<AtomicUsize>,
    strict: bool,
}

fn success_example<T: serde::de::DeserializeOwned>(api: &str, operation: &str) -> T {
    let fixture = fixtures(api)
        .into_iter()
        .find(|f| f.operation_id == operation && f.code.is_none() && f.status.is_some())
        .expect("a success example");
    serde_json::from_value(fixture.body).expect("the example decodes")
}

impl KatapultCoreApi for Scripted {
    async fn authenticate(&self, caller: &Caller) -> Result<(), Rejection> {
        if !self.strict {
            return Ok(());
        }
        katapult_verdict(caller.token())
    }

    async fn create_file_storage_volume(
        &self,
        _caller: Caller,
        _body: katapult::CreateFileStorageVolumeRequest,
    ) -> Result<katapult::CreateFileStorageVolumeResponse, katapult::CreateFileStorageVolumeError>
    {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(success_example(
            "katapult-core",
            "create_file_storage_volume",
        ))
    }

    async fn assign_disk(
        &self,
        _caller: Caller,
        _body: katapult::AssignDiskRequest,
    ) -> Result<katapult::AssignDiskResponse, katapult::AssignDiskError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(success_example("katapult-core", "assign_disk"))
    }

    async fn create_ip_address(
        &self,
        caller: Caller,
        body: katapult::CreateIpAddressRequest,
    ) -> Result<katapult::CreateIpAddressResponse, katapult::CreateIpAddressError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        assert_eq!(
            caller.token(),
            "good-token",
            "the stub passes the bearer token through"
        );
        assert!(
            caller.peer().is_some_and(|peer| peer.ip().is_loopback()),
            "the caller's address reaches the implementation: {caller:?}"
        );
        match body.label.as_deref() {
            Some("panic") => panic!("the implementation failed"),
            Some("empty") => Err(katapult::CreateIpAddressError::NoAvailableAddresses {
                description: "The pool is empty".into(),
                detail: katapult::EmptyDetail(Default::default()),
            }),
            _ => Ok(success_example("katapult-core", "create_ip_address")),
        }
    }

    async fn create_load_balancer(
        &self,
        _caller: Caller,
        _body: katapult::CreateLoadBalancerRequest,
    ) -> Result<katapult::CreateLoadBalancerResponse, katapult::CreateLoadBalancerError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(success_example("katapult-core", "create_load_balancer"))
    }
}

impl CinderVolumeManageApi for Scripted {
    async fn manage_existing_volume(
        &self,
        caller: CinderCaller,
        project_id: String,
        body: cinder::ManageExistingVolumeRequest,
    ) -> Result<cinder::ManageExistingVolumeResponse, cinder_volume_manage::ManageExistingVolumeError>
    {
        self.calls.fetch_add(1, Ordering::SeqCst);
        assert_eq!(caller.token(), "keystone");
        assert_eq!(project_id, "proj-1");
        if body.volume.host == "missing-host" {
            return Err(cinder_volume_manage::ManageExistingVolumeError::NotFound(
                serde_json::from_value(
                    json!({"itemNotFound": {"message": "No such host", "code": 404}}),
                )
                .expect("a fault"),
            ));
        }
        Ok(success_example(
            "cinder-volume-manage",
            "manage_existing_volume",
        ))
    }
}

async fn katapult_server(config: ServerConfig) -> (ServedRouter, Scripted) {
    let api = Scripted::default();
    (
        serve_router(katapult_core::server::router_with_config(
            api.clone(),
            config,
        ))
        .await,
        api,
    )
}

fn ip_request() -> Value {
    json!({
        "organization": {"sub_domain": "acme"},
        "network": {"permalink": "uk-lon-01-public"},
        "version": "ipv4"
    })
}

/// Sends a request and returns status, `Allow` header, and the body as JSON.
async fn send(request: reqwest::RequestBuilder) -> (u16, Option<String>, Value) {
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let allow = response
        .headers()
        .get("allow")
        .map(|v| v.to_str().expect("ASCII").to_string());
    let content_type = response.headers().get("content-type").cloned();
    let text = response.text().await.expect("a body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("a JSON body")
    };
    if !text.is_empty() {
        assert_eq!(
            content_type.as_ref().map(|v| v.to_str().expect("ASCII")),
            Some("application/json")
        );
    }
    (status, allow, body)
}

/// A plain reqwest client. reqwest is built without a TLS crypto provider (the generated crates'
/// `rustls` feature), so one is installed first, as a downstream user would.
fn http() -> reqwest::Client {
    katapult_core::install_tls_provider();
    reqwest::Client::new()
}

fn post_ip(base: &str) -> reqwest::RequestBuilder {
    http().post(format!("{base}/organizations/organization/ip_addresses"))
}

/// A documented error body must decode into the operation's error enum with its status.
fn assert_documented(status: u16, body: &Value, code: &str) -> katapult::CreateIpAddressError {
    let error: katapult::CreateIpAddressError = serde_json::from_value(body.clone())
        .unwrap_or_else(|err| panic!("undocumented body {body}: {err}"));
    assert_eq!((error.status(), error.code()), (status, code), "{body}");
    error
}

#[tokio::test]
async fn a_well_formed_request_reaches_the_implementation_and_gets_the_documented_success() {
    let (server, api) = katapult_server(ServerConfig::default()).await;
    let (status, _, body) = send(
        post_ip(&server.base)
            .bearer_auth("good-token")
            .json(&ip_request()),
    )
    .await;
    assert_eq!(status, 200);
    let decoded: katapult::CreateIpAddressResponse =
        serde_json::from_value(body).expect("the success type");
    assert_eq!(decoded.ip_address.id.as_deref(), Some("string"));
    assert_eq!(api.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_missing_token_gets_the_documented_missing_api_token() {
    let (server, api) = katapult_server(ServerConfig::default()).await;
    for request in [
        post_ip(&server.base).json(&ip_request()),
        post_ip(&server.base)
            .header("authorization", "Basic Zm9vOmJhcg==")
            .json(&ip_request()),
        post_ip(&server.base)
            .header("authorization", "Bearer ")
            .json(&ip_request()),
    ] {
        let (status, _, body) = send(request).await;
        assert_eq!(status, 400);
        assert_documented(400, &body, "missing_api_token");
        assert_eq!(body["detail"], json!({}));
        assert_eq!(
            body["description"],
            "No API token was provided in the Authorization header. Ensure a token is provided prefixed with Bearer",
            "the API's own sentence, from the spec"
        );
    }
    assert_eq!(
        api.calls.load(Ordering::SeqCst),
        0,
        "rejected requests never reach the trait"
    );
}

#[tokio::test]
async fn bodies_that_do_not_decode_get_the_documented_validation_error() {
    let (server, api) = katapult_server(ServerConfig::default()).await;
    let cases: [(&str, &str); 4] = [
        ("{not json", "body"),
        (r#"{"network": {"permalink": "x"}}"#, "organization"),
        (
            r#"{"organization": {"id": "o"}, "network": {"id": "n"}, "vip": "yes"}"#,
            "body.vip",
        ),
        (
            r#"{"organization": {"id": "o"}, "network": {"id": "n"}, "version": "ipv5"}"#,
            "body.version",
        ),
    ];
    for (raw, mentioned) in cases {
        let request = post_ip(&server.base)
            .bearer_auth("good-token")
            .header("content-type", "application/json")
            .body(raw);
        let (status, _, body) = send(request).await;
        assert_eq!(status, 422, "{raw}");
        match assert_documented(422, &body, "validation_error") {
            katapult::CreateIpAddressError::ValidationError { detail, .. } => {
                assert_eq!(detail.errors.len(), 1, "{body}");
                assert!(
                    detail.errors[0].contains(mentioned),
                    "{raw}: {:?}",
                    detail.errors
                );
            }
            other => panic!("expected ValidationError, got {other:?}"),
        }
    }
    let (status, _, body) = send(post_ip(&server.base).bearer_auth("good-token")).await;
    assert_eq!(status, 422, "an empty body where one is required");
    assert_documented(422, &body, "validation_error");
    assert_eq!(api.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_operation_can_name_its_own_code_for_a_body_that_does_not_decode() {
    // assign_disk documents no validation_error; its `x-stub-errors` names its own 422
    // unable_to_assign, so the answer is still a documented body the client decodes.
    let (server, api) = katapult_server(ServerConfig::default()).await;
    let request = http()
        .post(format!("{}/disks/disk/assign", server.base))
        .bearer_auth("good-token")
        .json(&json!({"disk": {"id": 1}}));
    let (status, _, body) = send(request).await;
    assert_eq!(status, 422);
    let error: katapult::AssignDiskError = serde_json::from_value(body.clone())
        .unwrap_or_else(|err| panic!("undocumented body {body}: {err}"));
    match error {
        katapult::AssignDiskError::UnableToAssign { detail, .. } => {
            assert_eq!(detail.errors.len(), 1, "{body}");
            assert!(detail.errors[0].contains("body.disk.id"), "{body}");
        }
        other => panic!("expected UnableToAssign, got {other:?}"),
    }
    assert_eq!(api.calls.load(Ordering::SeqCst), 0);
}

/// A problem is named by its path in the body and serde's own words, `body.<path>: <message>`
/// (`body: …` for the document as a whole and for what follows it), whether the body fails in
/// the decoder or after it; a JSON media type is recognised in any case, with parameters and as
/// a `+json` suffix.
#[tokio::test]
async fn validation_messages_are_exact_and_json_media_types_are_recognised_in_any_case() {
    let (server, api) = katapult_server(ServerConfig::default()).await;
    let serde_says = |raw: &str| {
        serde_json::from_str::<katapult::CreateIpAddressRequest>(raw)
            .expect_err("the case does not decode")
            .to_string()
    };
    let cases = [
        // `?`: serde_path_to_error's name for a key that could not be read.
        ("{not json", "body.?"),
        (r#"{"network": {"permalink": "x"}}"#, "body"),
        (
            r#"{"organization": {"id": "o"}, "network": {"id": "n"}, "vip": "yes"}"#,
            "body.vip",
        ),
        (
            r#"{"organization": {"id": 7}, "network": {"id": "n"}}"#,
            "body.organization.id",
        ),
        (
            r#"{"organization": {"id": "o"}, "network": {"id": "n"}} trailing"#,
            "body",
        ),
    ];
    for (raw, at) in cases {
        let request = post_ip(&server.base)
            .bearer_auth("good-token")
            .header("content-type", "application/json")
            .body(raw);
        let (status, _, body) = send(request).await;
        assert_eq!(status, 422, "{raw}");
        match assert_documented(422, &body, "validation_error") {
            katapult::CreateIpAddressError::ValidationError { detail, .. } => {
                assert_eq!(
                    detail.errors,
                    [format!("{at}: {}", serde_says(raw))],
                    "{raw}"
                );
            }
            other => panic!("expected ValidationError, got {other:?}"),
        }
    }
    assert_eq!(api.calls.load(Ordering::SeqCst), 0);

    for content_type in [
        "Application/JSON",
        "application/json; charset=utf-8",
        " application/vnd.katapult+JSON ;v=1",
    ] {
        let request = post_ip(&server.base)
            .bearer_auth("good-token")
            .header("content-type", content_type)
            .body(ip_request().to_string());
        let (status, _, body) = send(request).await;
        assert_eq!(status, 200, "{content_type}: {body}");
    }
    for content_type in ["application/jsonx", "json", "text/json+xml"] {
        let request = post_ip(&server.base)
            .bearer_auth("good-token")
            .header("content-type", content_type)
            .body(ip_request().to_string());
        let (status, _, body) = send(request).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (415, Some("unsupported_media_type")),
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn unknown_paths_wrong_methods_large_bodies_and_wrong_media_types() {
    let (server, api) = katapult_server(ServerConfig { body_limit: 1024 }).await;
    let client = http();

    let (status, _, body) = send(client.get(format!("{}/no/such/path", server.base))).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    assert!(
        body["description"].is_string() && body["detail"].is_object(),
        "{body}"
    );

    let (status, allow, body) = send(client.get(format!(
        "{}/organizations/organization/ip_addresses",
        server.base
    )))
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    assert_eq!(allow.as_deref(), Some("POST"));

    let big =
        json!({"organization": {"id": "o"}, "network": {"id": "n"}, "label": "x".repeat(2048)});
    let (status, _, body) = send(post_ip(&server.base).bearer_auth("good-token").json(&big)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (413, Some("payload_too_large"))
    );

    let chunks = [vec![b' '; 800], vec![b' '; 800]].map(Ok::<_, std::io::Error>);
    let chunked = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let request = post_ip(&server.base)
        .bearer_auth("good-token")
        .header("content-type", "application/json")
        .body(chunked);
    let (status, _, _) = send(request).await;
    assert_eq!(status, 413, "a body without Content-Length is limited too");

    let request = post_ip(&server.base)
        .bearer_auth("good-token")
        .header("content-type", "text/plain")
        .body(ip_request().to_string());
    let (status, _, body) = send(request).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );

    assert_eq!(api.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn documented_errors_from_the_implementation_keep_their_status_and_body() {
    let (server, _) = katapult_server(ServerConfig::default()).await;
    let mut request = ip_request();
    request["label"] = json!("empty");
    let (status, _, body) = send(
        post_ip(&server.base)
            .bearer_auth("good-token")
            .json(&request),
    )
    .await;
    assert_eq!(status, 503);
    assert_documented(503, &body, "no_available_addresses");
    assert_eq!(body["description"], "The pool is empty");
}

#[tokio::test]
async fn a_panic_is_a_500_in_the_api_shape_and_the_server_keeps_serving() {
    let (server, api) = katapult_server(ServerConfig::default()).await;
    let mut request = ip_request();
    request["label"] = json!("panic");
    let (status, _, body) = send(
        post_ip(&server.base)
            .bearer_auth("good-token")
            .json(&request),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (500, Some("internal_error"))
    );
    assert!(body["detail"].is_object(), "{body}");

    let (status, _, _) = send(
        post_ip(&server.base)
            .bearer_auth("good-token")
            .json(&ip_request()),
    )
    .await;
    assert_eq!(status, 200, "the server goes on serving");
    assert_eq!(api.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn cinder_rejections_use_the_openstack_fault_shape() {
    let api = Scripted::default();
    let server = serve_router(cinder_volume_manage::server::router(api.clone())).await;
    let client = http();
    let url = format!("{}/v2/proj-1/os-volume-manage", server.base);
    let request: Value = fixtures("cinder-volume-manage")
        .into_iter()
        .find(|f| f.name == "request")
        .expect("request example")
        .body;

    let (status, _, body) = send(client.post(&url).json(&request)).await;
    assert_eq!(status, 401);
    assert_eq!(body["unauthorized"]["code"], 401, "{body}");
    let fault: cinder::CinderFault =
        serde_json::from_value(body).expect("a documented CinderFault");
    assert!(
        matches!(fault, cinder::CinderFault::Unauthorized(_)),
        "{fault:?}"
    );

    let (status, _, body) = send(
        client
            .post(&url)
            .header("x-auth-token", "keystone")
            .json(&json!({"volume": {}})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["badRequest"]["message"]
            .as_str()
            .expect("a message")
            .contains("host"),
        "{body}"
    );

    let (status, _, body) = send(client.post(format!("{}/v2/proj-1/nothing", server.base))).await;
    assert_eq!(
        (status, body["itemNotFound"]["code"].as_u64()),
        (404, Some(404))
    );

    let (status, _, body) = send(
        client
            .post(&url)
            .header("x-auth-token", "keystone")
            .json(&request),
    )
    .await;
    assert_eq!(status, 202);
    serde_json::from_value::<cinder::ManageExistingVolumeResponse>(body).expect("the success type");

    let mut missing = request.clone();
    missing["volume"]["host"] = json!("missing-host");
    let (status, _, body) = send(
        client
            .post(&url)
            .header("x-auth-token", "keystone")
            .json(&missing),
    )
    .await;
    assert_eq!(
        (status, body["itemNotFound"]["message"].as_str()),
        (404, Some("No such host"))
    );
    assert_eq!(api.calls.load(Ordering::SeqCst), 2);
}

/// The strict [`Scripted`]'s authentication step: `unknown-token` is refused as an invalid
/// credential, `kcap_unknown` with the documented `invalid_capabilities_token`, `odd-token`
/// with a code no operation documents, and `panicking-token` panics; every other credential
/// passes.
fn katapult_verdict(token: &str) -> Result<(), Rejection> {
    match token {
        "unknown-token" => Err(Rejection::invalid_credential()),
        "kcap_unknown" => Err(Rejection::documented(
            "invalid_capabilities_token",
            CAPABILITIES_REFUSED,
        )),
        "odd-token" => Err(Rejection::documented("no_such_code", "Refused oddly")),
        "panicking-token" => panic!("the authentication step failed"),
        _ => Ok(()),
    }
}

const CAPABILITIES_REFUSED: &str = "This capabilities token was never signed";

/// A Cinder whose authentication step refuses every token with Keystone's sentence; its
/// operation is never reached.
struct KeystoneDown;

impl CinderVolumeManageApi for KeystoneDown {
    async fn authenticate(&self, _caller: &CinderCaller) -> Result<(), CinderRejection> {
        Err(CinderRejection::invalid_credential()
            .with_message("The request you have made requires authentication."))
    }

    async fn manage_existing_volume(
        &self,
        _caller: CinderCaller,
        _project_id: String,
        _body: cinder::ManageExistingVolumeRequest,
    ) -> Result<cinder::ManageExistingVolumeResponse, cinder_volume_manage::ManageExistingVolumeError>
    {
        panic!("a refused caller reached the operation")
    }
}

async fn strict_katapult_server() -> (ServedRouter, Scripted) {
    let api = Scripted {
        strict: true,
        ..Scripted::default()
    };
    let config = ServerConfig { body_limit: 1024 };
    (
        serve_router(katapult_core::server::router_with_config(
            api.clone(),
            config,
        ))
        .await,
        api,
    )
}

/// Request bodies the stub would refuse if it read them: not JSON, missing a required field,
/// a wrong type, no body at all, not JSON by its media type, larger than the limit (1 KiB in
/// [`strict_katapult_server`]).
fn refusable_bodies(base: &str) -> Vec<reqwest::RequestBuilder> {
    let raw = |body: &str| {
        post_ip(base)
            .header("content-type", "application/json")
            .body(body.to_string())
    };
    vec![
        raw("{not json"),
        raw(r#"{"network": {"permalink": "x"}}"#),
        raw(r#"{"organization": {"id": "o"}, "network": {"id": "n"}, "vip": "yes"}"#),
        post_ip(base),
        post_ip(base)
            .header("content-type", "text/plain")
            .body(ip_request().to_string()),
        post_ip(base).json(&json!({"label": "x".repeat(2048)})),
    ]
}

#[tokio::test]
async fn an_unknown_token_is_refused_before_the_body_is_read() {
    let (server, api) = strict_katapult_server().await;
    let mut requests = refusable_bodies(&server.base);
    requests.push(post_ip(&server.base).json(&ip_request()));
    for request in requests {
        let (status, _, body) = send(request.bearer_auth("unknown-token")).await;
        assert_eq!(status, 403, "{body}");
        assert_documented(403, &body, "invalid_api_token");
        assert_eq!(
            body["description"],
            "The API token provided was not valid (it may not exist or have expired)",
            "the API's own sentence, from the spec"
        );
        assert_eq!(body["detail"], json!({}), "nothing about the body: {body}");
    }
    assert_eq!(api.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_missing_token_with_an_invalid_body_gets_the_documented_missing_api_token() {
    let (server, api) = strict_katapult_server().await;
    for request in refusable_bodies(&server.base) {
        let (status, _, body) = send(request).await;
        assert_eq!(status, 400, "{body}");
        assert_documented(400, &body, "missing_api_token");
        assert_eq!(body["detail"], json!({}), "nothing about the body: {body}");
    }
    assert_eq!(api.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_accepted_token_with_an_invalid_body_still_gets_the_validation_error() {
    let (server, api) = strict_katapult_server().await;
    let request = post_ip(&server.base)
        .bearer_auth("good-token")
        .header("content-type", "application/json")
        .body(r#"{"network": {"permalink": "x"}}"#);
    let (status, _, body) = send(request).await;
    assert_eq!(status, 422);
    assert_documented(422, &body, "validation_error");
    let (status, _, _) = send(
        post_ip(&server.base)
            .bearer_auth("good-token")
            .json(&ip_request()),
    )
    .await;
    assert_eq!(status, 200, "the accepted token reaches the implementation");
    assert_eq!(api.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_authentication_step_answers_with_any_code_the_operation_documents() {
    let (server, api) = strict_katapult_server().await;
    let (status, _, body) = send(
        post_ip(&server.base)
            .bearer_auth("kcap_unknown")
            .body("{not json"),
    )
    .await;
    assert_eq!(status, 403);
    assert_documented(403, &body, "invalid_capabilities_token");
    assert_eq!(body["description"], CAPABILITIES_REFUSED);

    // A code the operation does not document is answered as an invalid credential, with the
    // sentence given.
    let (status, _, body) = send(post_ip(&server.base).bearer_auth("odd-token")).await;
    assert_eq!(status, 403);
    assert_documented(403, &body, "invalid_api_token");
    assert_eq!(body["description"], "Refused oddly");
    assert_eq!(api.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_panic_in_the_authentication_step_is_a_500_and_the_server_keeps_serving() {
    let (server, api) = strict_katapult_server().await;
    let (status, _, body) = send(
        post_ip(&server.base)
            .bearer_auth("panicking-token")
            .json(&ip_request()),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (500, Some("internal_error"))
    );
    let (status, _, _) = send(
        post_ip(&server.base)
            .bearer_auth("good-token")
            .json(&ip_request()),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(api.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn cinder_refuses_an_unknown_token_with_its_401_fault_whatever_the_body() {
    let server = serve_router(cinder_volume_manage::server::router(KeystoneDown)).await;
    let url = format!("{}/v2/proj-1/os-volume-manage", server.base);
    let valid = fixtures("cinder-volume-manage")
        .into_iter()
        .find(|f| f.name == "request")
        .expect("request example")
        .body;
    for body in [json!({"volume": {}}), json!("not an object"), valid] {
        let (status, _, body) = send(
            http()
                .post(&url)
                .header("x-auth-token", "keystone-unknown")
                .json(&body),
        )
        .await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(
            body["unauthorized"]["message"],
            "The request you have made requires authentication."
        );
        let fault: cinder::CinderFault =
            serde_json::from_value(body).expect("a documented CinderFault");
        assert!(
            matches!(fault, cinder::CinderFault::Unauthorized(_)),
            "{fault:?}"
        );
    }
}
