//! The generated clients against Prism's mock of each spec (`prism mock`, a third-party
//! implementation of the spec): every operation of the spec is called and its success
//! decodes; with `Prefer: code=<status>` every documented error status decodes into the
//! operation's typed error; and Prism's request validation finds nothing wrong with any
//! request the client sends (no `sl-violations` header on any answer).
//!
//! The tests need the mocks, so they are ignored by a plain `cargo test`; tests/conformance/run
//! starts `prism mock` for each spec and runs them with `--ignored`, the mocks' base URLs in
//! `PRISM_KATAPULT_URL` and `PRISM_CINDER_URL`. Without those variables the tests fail.

use std::collections::BTreeSet;
use std::time::Duration;

use cinder_volume_manage::ManageExistingVolumeError;
use cinder_volume_manage::types as cinder;
use katapult_core::types as katapult;
use katapult_core::{Error, ResponseValue};
use sdk_tests::{fixtures, workspace_root};
use serde_json::Value;

/// The header Prism puts on a response when the request (or its own answer) broke the spec.
const VIOLATIONS: &str = "sl-violations";

/// The base URL of a mock, from `variable`; a missing variable fails the test.
fn mock_url(variable: &str) -> String {
    match std::env::var(variable) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{variable} is not set: these tests need Prism's mock of the spec. Run \
             tests/conformance/run, which starts `prism mock` and sets it."
        ),
    }
}

/// The documented statuses of one operation: its success and its errors.
struct Statuses {
    success: u16,
    errors: Vec<u16>,
}

/// Every operation of `spec/<file>` by operationId, with its documented statuses.
fn operations(file: &str) -> Vec<(String, Statuses)> {
    let path = workspace_root().join("spec").join(file);
    let spec = xtask::spec::load_spec(&path)
        .unwrap_or_else(|err| panic!("{} does not load: {err}", path.display()));
    let mut out = Vec::new();
    let paths = spec.document["paths"].as_object().expect("paths");
    for item in paths.values() {
        for method in xtask::spec::METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation["operationId"].as_str().expect("an operationId");
            let statuses: Vec<u16> = operation["responses"]
                .as_object()
                .expect("responses")
                .keys()
                .filter_map(|status| status.parse().ok())
                .collect();
            let success = statuses
                .iter()
                .copied()
                .find(|status| (200..300).contains(status))
                .unwrap_or_else(|| panic!("{id} documents no success"));
            let errors = statuses.into_iter().filter(|s| *s >= 400).collect();
            out.push((id.to_string(), Statuses { success, errors }));
        }
    }
    out
}

/// Fails when Prism reported a violation for the exchange. Checked before anything else, so a
/// request Prism found invalid is reported as such, whatever Prism answered it with. (Both
/// generated crates re-export the same `progenitor_client` types.)
fn assert_no_violations<T, E>(what: &str, result: &Result<ResponseValue<T>, Error<E>>) {
    let headers = match result {
        Ok(response) => Some(response.headers()),
        Err(Error::ErrorResponse(response)) => Some(response.headers()),
        Err(Error::UnexpectedResponse(response)) => Some(response.headers()),
        Err(_) => None,
    };
    if let Some(violations) = headers.and_then(|headers| headers.get(VIOLATIONS)) {
        panic!(
            "{what}: Prism reports the exchange breaks the spec: {}",
            violations.to_str().unwrap_or("<not text>")
        );
    }
}

fn katapult_client(base: &str, prefer_status: Option<u16>) -> katapult_core::Client {
    let mut builder = katapult_core::Client::builder(base)
        .api_token("kat_prism")
        .expect("a valid token")
        .timeout(Duration::from_secs(30));
    if let Some(status) = prefer_status {
        builder = builder
            .header("prefer", &format!("code={status}"))
            .expect("a valid header");
    }
    builder.build().expect("a client")
}

/// Calls `$operation` with `$request` once for its success and once per documented error
/// status (`Prefer: code=<status>`), checking the status, the decoded type and Prism's verdict.
macro_rules! check_katapult_operation {
    ($base:expr, $statuses:expr, $operation:ident, $request:expr) => {{
        let name = stringify!($operation);
        let statuses: &Statuses = $statuses;
        let result = katapult_client($base, None)
            .$operation()
            .body($request)
            .send()
            .await;
        assert_no_violations(name, &result);
        let response =
            result.unwrap_or_else(|err| panic!("{name}: the success does not decode: {err:?}"));
        assert_eq!(response.status().as_u16(), statuses.success, "{name}");
        for &status in &statuses.errors {
            let result = katapult_client($base, Some(status))
                .$operation()
                .body($request)
                .send()
                .await;
            assert_no_violations(&format!("{name} {status}"), &result);
            match result {
                Err(Error::ErrorResponse(response)) => {
                    assert_eq!(response.status().as_u16(), status, "{name}");
                    let error = response.into_inner();
                    assert_eq!(
                        error.status(),
                        status,
                        "{name}: the {status} body decoded as {error:?}"
                    );
                }
                other => panic!("{name}: expected the documented {status} error, got {other:?}"),
            }
        }
    }};
}

fn create_file_storage_volume_request() -> katapult::CreateFileStorageVolumeRequest {
    katapult::CreateFileStorageVolumeRequest {
        organization: katapult::OrganizationLookup {
            id: None,
            sub_domain: Some("acme".into()),
        },
        properties: katapult::FileStorageVolumeArguments {
            name: Some("shared-data".into()),
            data_center: Some(katapult::DataCenterLookup {
                id: None,
                permalink: Some("uk-lon-01".into()),
            }),
            associations: vec!["vm_web1".into()],
        },
        annotations: vec![katapult::AnnotationArguments {
            key: Some("team".into()),
            value: Some("storage".into()),
        }],
    }
}

fn assign_disk_request() -> katapult::AssignDiskRequest {
    katapult::AssignDiskRequest {
        disk: katapult::DiskLookup {
            id: Some("disk_data1".into()),
        },
        virtual_machine: katapult::VirtualMachineLookup {
            id: None,
            fqdn: Some("web-1.acme.katapult.cloud".into()),
        },
    }
}

fn create_ip_address_request() -> katapult::CreateIpAddressRequest {
    katapult::CreateIpAddressRequest {
        organization: katapult::OrganizationLookup {
            id: Some("org_acme".into()),
            sub_domain: None,
        },
        network: katapult::NetworkLookup {
            id: None,
            permalink: Some("uk-lon-01-public".into()),
        },
        version: Some(katapult::CreateIpAddressRequestVersion::Ipv6),
        vip: Some(true),
        label: Some("frontend".into()),
    }
}

fn create_load_balancer_request() -> katapult::CreateLoadBalancerRequest {
    katapult::CreateLoadBalancerRequest {
        organization: katapult::OrganizationLookup {
            id: None,
            sub_domain: Some("acme".into()),
        },
        properties: katapult::LoadBalancerArguments {
            name: Some("web".into()),
            resource_type: Some(katapult::LoadBalancerResourceType::VirtualMachines),
            resource_ids: vec!["vm_web1".into(), "vm_web2".into()],
            data_center: Some(katapult::DataCenterLookup {
                id: Some("dc_lon".into()),
                permalink: None,
            }),
            https_redirect: Some(true),
            backend_certificate: Some("-----BEGIN CERTIFICATE-----".into()),
            backend_certificate_key: Some("-----BEGIN PRIVATE KEY-----".into()),
            enable_weighting: Some(true),
            weights: vec![katapult::LoadBalancerWeightArguments {
                virtual_machine_id: Some("vm_web1".into()),
                weight: Some(60),
            }],
            standby_vms: vec!["vm_web2".into()],
        },
        annotations: vec![katapult::AnnotationArguments {
            key: Some("role".into()),
            value: Some("frontend".into()),
        }],
    }
}

#[tokio::test]
#[ignore = "needs prism: run by tests/conformance/run"]
async fn every_katapult_operation_and_documented_status_decodes_from_the_mock() {
    let base = mock_url("PRISM_KATAPULT_URL");
    let mut called = BTreeSet::new();
    for (id, statuses) in operations("katapult-core.yaml") {
        match id.as_str() {
            "create_file_storage_volume" => check_katapult_operation!(
                &base,
                &statuses,
                create_file_storage_volume,
                create_file_storage_volume_request()
            ),
            "assign_disk" => {
                check_katapult_operation!(&base, &statuses, assign_disk, assign_disk_request())
            }
            "create_ip_address" => check_katapult_operation!(
                &base,
                &statuses,
                create_ip_address,
                create_ip_address_request()
            ),
            "create_load_balancer" => check_katapult_operation!(
                &base,
                &statuses,
                create_load_balancer,
                create_load_balancer_request()
            ),
            other => panic!("the spec has an operation this test does not call: {other}"),
        }
        called.insert(id);
    }
    assert_eq!(called.len(), 4, "{called:?}");
}

fn cinder_client(base: &str, prefer_status: Option<u16>) -> cinder_volume_manage::Client {
    let mut builder = cinder_volume_manage::Client::builder(base)
        .keystone_token("keystone-prism")
        .expect("a valid token")
        .timeout(Duration::from_secs(30));
    if let Some(status) = prefer_status {
        builder = builder
            .header("prefer", &format!("code={status}"))
            .expect("a valid header");
    }
    builder.build().expect("a client")
}

/// The seed page's request (every field given), as the client sends it.
fn manage_existing_volume_request() -> cinder::ManageExistingVolumeRequest {
    let request = fixtures("cinder-volume-manage")
        .into_iter()
        .find(|fixture| {
            fixture.operation_id == "manage_existing_volume" && fixture.name == "request"
        })
        .expect("the request fixture");
    serde_json::from_value(request.body).expect("the request fixture decodes")
}

#[tokio::test]
#[ignore = "needs prism: run by tests/conformance/run"]
async fn every_cinder_operation_and_documented_status_decodes_from_the_mock() {
    let base = mock_url("PRISM_CINDER_URL");
    let project = "87c8522052ca4eed98bc672b4c1a3ddb";
    let mut called = BTreeSet::new();
    for (id, statuses) in operations("cinder-volume-manage.yaml") {
        assert_eq!(
            id, "manage_existing_volume",
            "the spec has an operation this test does not call"
        );
        let result = cinder_client(&base, None)
            .manage_existing_volume()
            .project_id(project)
            .body(manage_existing_volume_request())
            .send()
            .await;
        assert_no_violations(&id, &result);
        let response =
            result.unwrap_or_else(|err| panic!("{id}: the success does not decode: {err:?}"));
        assert_eq!(response.status().as_u16(), statuses.success);
        for &status in &statuses.errors {
            let result = cinder_client(&base, Some(status))
                .manage_existing_volume()
                .project_id(project)
                .body(manage_existing_volume_request())
                .send()
                .await;
            assert_no_violations(&format!("{id} {status}"), &result);
            match result {
                Err(Error::ErrorResponse(response)) => {
                    assert_eq!(response.status().as_u16(), status, "{id}");
                    let body: Value = serde_json::to_value(response.into_inner()).expect("encodes");
                    let error = ManageExistingVolumeError::from_status_and_json(status, body)
                        .unwrap_or_else(|err| {
                            panic!("{id}: the {status} body does not decode: {err}")
                        })
                        .unwrap_or_else(|| panic!("{id}: {status} is not a documented error"));
                    assert_eq!(error.status(), status, "{id}: decoded as {error:?}");
                }
                other => panic!("{id}: expected the documented {status} error, got {other:?}"),
            }
        }
        called.insert(id);
    }
    assert_eq!(called.len(), 1, "{called:?}");
}
