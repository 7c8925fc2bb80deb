//! The generated clients against a server on 127.0.0.1: each operation sends the documented
//! method, path, credential and JSON body, and decodes the success and every documented error
//! status into the right types.

use serde_json::{Value, json};

use cinder_volume_manage::types as cinder;
use katapult_core::types as katapult;
use sdk_tests::{CannedResponse, Fixture, LoopbackServer, RecordedRequest, fixtures};

const TOKEN: &str = "kat-secret-token";

/// The canned responses for one operation: the success example, then each error example.
fn responses_for(api: &str, operation: &str) -> (Vec<CannedResponse>, Vec<Fixture>) {
    let mut all: Vec<Fixture> = fixtures(api)
        .into_iter()
        .filter(|f| f.operation_id == operation && f.status.is_some())
        .collect();
    // Success first, then errors in file order.
    all.sort_by_key(|f| (f.code.is_some(), f.name.clone()));
    let responses = all
        .iter()
        .map(|f| CannedResponse::json(f.status.expect("response fixture"), f.body.clone()))
        .collect();
    (responses, all)
}

fn katapult_client(server: &LoopbackServer) -> katapult_core::Client {
    katapult_core::Client::builder(format!("{}/core/v1", server.base))
        .api_token(TOKEN)
        .expect("a valid token")
        .build()
        .expect("a client")
}

/// What every Katapult request must look like on the wire.
fn assert_katapult_request(request: &RecordedRequest, path: &str, body: &Value) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, format!("/core/v1{path}"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("api-version"),
        None,
        "neither API defines api-version"
    );
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("katapult-core/", "1.0.0")),
        "the client names itself"
    );
    assert_eq!(&request.body, body);
}

/// Calls the operation once per error fixture and checks status, variant code and status().
macro_rules! assert_documented_errors {
    ($errors:expr, $call:expr) => {{
        for fixture in $errors {
            match $call.await {
                Err(katapult_core::Error::ErrorResponse(response)) => {
                    assert_eq!(
                        Some(response.status().as_u16()),
                        fixture.status,
                        "{}",
                        fixture.name
                    );
                    let error = response.into_inner();
                    assert_eq!(
                        Some(error.code()),
                        fixture.code.as_deref(),
                        "{}",
                        fixture.name
                    );
                    assert_eq!(Some(error.status()), fixture.status, "{}", fixture.name);
                }
                other => panic!(
                    "{}: expected a documented error, got {other:?}",
                    fixture.name
                ),
            }
        }
    }};
}

fn organization() -> katapult::OrganizationLookup {
    katapult::OrganizationLookup {
        id: None,
        sub_domain: Some("acme".into()),
    }
}

#[tokio::test]
async fn create_file_storage_volume_round_trip() {
    let (responses, fixtures) = responses_for("katapult-core", "create_file_storage_volume");
    let server = LoopbackServer::start(responses).await;
    let client = katapult_client(&server);
    let request = katapult::CreateFileStorageVolumeRequest {
        organization: organization(),
        properties: katapult::FileStorageVolumeArguments {
            name: Some("shared-data".into()),
            data_center: Some(katapult::DataCenterLookup {
                id: None,
                permalink: Some("uk-lon-01".into()),
            }),
            associations: vec!["vm_abc".into()],
        },
        annotations: vec![katapult::AnnotationArguments {
            key: Some("team".into()),
            value: Some("storage".into()),
        }],
    };
    let created = client
        .create_file_storage_volume()
        .body(request.clone())
        .send()
        .await
        .expect("201 decodes");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(
        created.file_storage_volume.nfs_location.as_deref(),
        Some("string")
    );
    assert_katapult_request(
        &server.requests()[0],
        "/organizations/organization/file_storage_volumes",
        &json!({
            "organization": {"sub_domain": "acme"},
            "properties": {
                "name": "shared-data",
                "data_center": {"permalink": "uk-lon-01"},
                "associations": ["vm_abc"]
            },
            "annotations": [{"key": "team", "value": "storage"}]
        }),
    );
    assert_documented_errors!(
        fixtures.iter().filter(|f| f.code.is_some()),
        client
            .create_file_storage_volume()
            .body(request.clone())
            .send()
    );
}

#[tokio::test]
async fn assign_disk_round_trip() {
    let (responses, fixtures) = responses_for("katapult-core", "assign_disk");
    let server = LoopbackServer::start(responses).await;
    let client = katapult_client(&server);
    let request = katapult::AssignDiskRequest {
        disk: katapult::DiskLookup {
            id: Some("disk_1".into()),
        },
        virtual_machine: katapult::VirtualMachineLookup {
            id: None,
            fqdn: Some("web-1.acme.example".into()),
        },
    };
    let assigned = client
        .assign_disk()
        .body(request.clone())
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(assigned.status().as_u16(), 200);
    assert_eq!(assigned.disk.state, Some(katapult::DiskState::NotBuilt));
    assert_katapult_request(
        &server.requests()[0],
        "/disks/disk/assign",
        &json!({"disk": {"id": "disk_1"}, "virtual_machine": {"fqdn": "web-1.acme.example"}}),
    );
    assert_documented_errors!(
        fixtures.iter().filter(|f| f.code.is_some()),
        client.assign_disk().body(request.clone()).send()
    );
}

#[tokio::test]
async fn create_ip_address_round_trip() {
    let (responses, fixtures) = responses_for("katapult-core", "create_ip_address");
    let server = LoopbackServer::start(responses).await;
    let client = katapult_client(&server);
    let request = katapult::CreateIpAddressRequest {
        organization: organization(),
        network: katapult::NetworkLookup {
            id: None,
            permalink: Some("uk-lon-01-public".into()),
        },
        version: Some(katapult::CreateIpAddressRequestVersion::Ipv4),
        vip: Some(true),
        label: Some("frontend".into()),
    };
    let created = client
        .create_ip_address()
        .body(request.clone())
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(
        created
            .ip_address
            .network
            .as_ref()
            .map(|n| n.permalink.as_deref()),
        Some(Some("string"))
    );
    assert_katapult_request(
        &server.requests()[0],
        "/organizations/organization/ip_addresses",
        &json!({
            "organization": {"sub_domain": "acme"},
            "network": {"permalink": "uk-lon-01-public"},
            "version": "ipv4",
            "vip": true,
            "label": "frontend"
        }),
    );
    assert_documented_errors!(
        fixtures.iter().filter(|f| f.code.is_some()),
        client.create_ip_address().body(request.clone()).send()
    );
}

#[tokio::test]
async fn create_load_balancer_round_trip() {
    let (responses, fixtures) = responses_for("katapult-core", "create_load_balancer");
    let server = LoopbackServer::start(responses).await;
    let client = katapult_client(&server);
    let request: katapult::CreateLoadBalancerRequest = serde_json::from_value(json!({
        "organization": {"id": "org_1"},
        "properties": {
            "name": "web",
            "resource_type": "virtual_machines",
            "resource_ids": ["vm_1", "vm_2"],
            "https_redirect": true
        }
    }))
    .expect("a valid request");
    let created = client
        .create_load_balancer()
        .body(request.clone())
        .send()
        .await
        .expect("201 decodes");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(
        created.load_balancer.resource_type,
        Some(katapult::LoadBalancerResourceType::VirtualMachines)
    );
    assert_katapult_request(
        &server.requests()[0],
        "/organizations/organization/load_balancers",
        &json!({
            "organization": {"id": "org_1"},
            "properties": {
                "name": "web",
                "resource_type": "virtual_machines",
                "resource_ids": ["vm_1", "vm_2"],
                "https_redirect": true
            }
        }),
    );
    assert_documented_errors!(
        fixtures.iter().filter(|f| f.code.is_some()),
        client.create_load_balancer().body(request.clone()).send()
    );
}

/// `send`'s future is `Send`, as a task on a multi-threaded runtime needs: a success and a
/// documented error, each answered in a spawned task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_sent_from_spawned_tasks() {
    let (responses, fixtures) = responses_for("katapult-core", "create_ip_address");
    let server = LoopbackServer::start(responses).await;
    let request = katapult::CreateIpAddressRequest {
        organization: organization(),
        network: katapult::NetworkLookup {
            id: None,
            permalink: Some("uk-lon-01-public".into()),
        },
        version: None,
        vip: None,
        label: None,
    };
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let client = katapult_client(&server);
        let request = request.clone();
        let task =
            tokio::spawn(async move { client.create_ip_address().body(request).send().await });
        statuses.push(match task.await.expect("the task ends") {
            Ok(created) => created.status().as_u16(),
            Err(katapult_core::Error::ErrorResponse(error)) => error.status().as_u16(),
            Err(other) => panic!("expected a documented answer, got {other:?}"),
        });
    }
    assert_eq!(
        statuses,
        [
            fixtures[0].status.expect("a status"),
            fixtures[1].status.expect("a status")
        ]
    );
}

#[tokio::test]
async fn an_undocumented_status_is_not_forced_into_a_documented_type() {
    let server =
        LoopbackServer::start(vec![CannedResponse::json(418, json!({"teapot": true}))]).await;
    let client = katapult_client(&server);
    let request = katapult::AssignDiskRequest {
        disk: katapult::DiskLookup {
            id: Some("d".into()),
        },
        virtual_machine: katapult::VirtualMachineLookup {
            id: Some("v".into()),
            fqdn: None,
        },
    };
    match client.assign_disk().body(request).send().await {
        Err(katapult_core::Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status().as_u16(), 418)
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn manage_existing_volume_round_trip() {
    let all = fixtures("cinder-volume-manage");
    let request_fixture = all
        .iter()
        .find(|f| f.name == "request")
        .expect("request fixture");
    let response_fixture = all
        .iter()
        .find(|f| f.name == "202")
        .expect("response fixture");
    let fault =
        json!({"itemNotFound": {"message": "Volume type could not be found.", "code": 404}});
    let server = LoopbackServer::start(vec![
        CannedResponse::json(202, response_fixture.body.clone()),
        CannedResponse::json(404, fault.clone()),
    ])
    .await;
    let client = cinder_volume_manage::Client::builder(server.base.clone())
        .keystone_token("keystone-token")
        .expect("a valid token")
        .build()
        .expect("a client");
    let request: cinder::ManageExistingVolumeRequest =
        serde_json::from_value(request_fixture.body.clone()).expect("the request example decodes");

    let managed = client
        .manage_existing_volume()
        .project_id("proj-1")
        .body(request.clone())
        .send()
        .await
        .expect("202 decodes");
    assert_eq!(managed.status().as_u16(), 202);
    assert_eq!(managed.volume.bootable, cinder::VolumeBootable::True);

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/v2/proj-1/os-volume-manage");
    assert_eq!(sent.header("x-auth-token"), Some("keystone-token"));
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(sent.body, serde_json::to_value(&request).expect("encodes"));

    match client
        .manage_existing_volume()
        .project_id("proj-1")
        .body(request)
        .send()
        .await
    {
        Err(cinder_volume_manage::Error::ErrorResponse(response)) => {
            assert_eq!(response.status().as_u16(), 404);
            let body = serde_json::to_value(response.into_inner()).expect("encodes");
            assert_eq!(body, fault);
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[test]
fn credentials_never_show_in_debug_output() {
    let builder = katapult_core::Client::builder("http://127.0.0.1:9")
        .api_token(TOKEN)
        .expect("a valid token");
    let shown = format!("{builder:?}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    assert!(shown.contains("<redacted>"));
    let client = builder.build().expect("a client");
    assert!(!format!("{client:?}").contains(TOKEN));
}

#[test]
fn base_urls_are_checked_and_a_trailing_slash_dropped() {
    use katapult_core::{BuildError, ClientInfo};
    for bad in ["not a url", "ftp://example.com", "/core/v1", "http://"] {
        match katapult_core::Client::builder(bad).build() {
            Err(BuildError::InvalidBaseUrl(url)) => assert!(!url.is_empty()),
            other => panic!("{bad}: expected InvalidBaseUrl, got {other:?}"),
        }
    }
    let client = katapult_core::Client::builder("http://127.0.0.1:9/core/v1/")
        .build()
        .expect("a valid URL");
    assert_eq!(client.baseurl(), "http://127.0.0.1:9/core/v1");
}

/// A request goes to `<base URL><operation path>` however its client was made: by the builder
/// (which parses the base URL once, and each request only its path), by progenitor's
/// `Client::new` (nothing parsed in advance), or with another client's state and another base
/// URL.
#[tokio::test]
async fn every_client_sends_to_its_own_base_url() {
    use katapult_core::{ClientInfo, ClientState};
    let (responses, _) = responses_for("katapult-core", "create_ip_address");
    let server = LoopbackServer::start(vec![responses[0].clone()]).await;
    let built = katapult_core::Client::builder(format!("{}/core/v1/", server.base))
        .build()
        .expect("a client");
    let plain =
        katapult_core::Client::new(&format!("{}/plain/v2", server.base), ClientState::default());
    let moved = katapult_core::Client::new_with_client(
        &format!("{}/moved", server.base),
        built.client().clone(),
        built.inner().clone(),
    );
    let request = katapult::CreateIpAddressRequest {
        organization: organization(),
        network: katapult::NetworkLookup {
            id: Some("netw_1".into()),
            permalink: None,
        },
        version: None,
        vip: None,
        label: None,
    };
    for client in [&built, &plain, &moved] {
        client
            .create_ip_address()
            .body(request.clone())
            .send()
            .await
            .expect("200 decodes");
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    let path = "/organizations/organization/ip_addresses";
    assert_eq!(
        paths,
        [
            format!("/core/v1{path}"),
            format!("/plain/v2{path}"),
            format!("/moved{path}")
        ]
    );
}

#[test]
fn every_operations_errors_can_be_handled_alike() {
    use katapult_core::DocumentedError;
    fn describe(error: &dyn DocumentedError) -> String {
        format!(
            "{} {} {:?} retry={}",
            error.operation_id(),
            error.status(),
            error.code(),
            error.is_retryable()
        )
    }
    let body = |name: &str, operation: &str| {
        fixtures("katapult-core")
            .into_iter()
            .find(|f| f.operation_id == operation && f.name == name)
            .expect("fixture")
            .body
    };
    let ip: katapult::CreateIpAddressError =
        serde_json::from_value(body("429-rate_limit_reached", "create_ip_address"))
            .expect("decodes");
    let disk: katapult::AssignDiskError =
        serde_json::from_value(body("406-object_in_trash", "assign_disk")).expect("decodes");
    let cinder = cinder_volume_manage::ManageExistingVolumeError::from_status_and_json(
        404,
        json!({"itemNotFound": {"message": "gone", "code": 404}}),
    )
    .expect("decodes")
    .expect("404 is documented");
    let errors: [&dyn DocumentedError; 2] = [&ip, &disk];
    let described: Vec<String> = errors.iter().map(|error| describe(*error)).collect();
    assert_eq!(
        described,
        [
            "create_ip_address 429 Some(\"rate_limit_reached\") retry=true",
            "assign_disk 406 Some(\"object_in_trash\") retry=false",
        ]
    );
    let cinder: &dyn cinder_volume_manage::DocumentedError = &cinder;
    assert_eq!(
        (
            cinder.operation_id(),
            cinder.status(),
            cinder.code(),
            cinder.is_retryable()
        ),
        ("manage_existing_volume", 404, None, false)
    );
}
