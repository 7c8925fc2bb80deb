//! The example JSON of every seed page decodes into the generated types and re-encodes to the
//! same JSON: no field lost, renamed or retyped. Error examples decode into the variant of
//! their `code`, whose documented status is the one the page files them under.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use cinder_volume_manage::types as cinder;
use katapult_core::types as katapult;
use sdk_tests::{Fixture, fixtures};

/// Decodes `body` as `T` and encodes it again; panics unless the result equals `body`.
///
/// `null` and an absent property are the same thing for an optional property, and the
/// generated types omit `None`; so nulls are removed from both sides before comparing.
fn round_trip<T: DeserializeOwned + Serialize>(fixture: &Fixture) -> T {
    let decoded: T = serde_json::from_value(fixture.body.clone()).unwrap_or_else(|err| {
        panic!(
            "{}/{} does not decode into {}: {err}",
            fixture.operation_id,
            fixture.name,
            std::any::type_name::<T>()
        )
    });
    let encoded = serde_json::to_value(&decoded).expect("generated types encode");
    assert_eq!(
        without_nulls(encoded),
        without_nulls(fixture.body.clone()),
        "{}/{} changed in a round trip through {}",
        fixture.operation_id,
        fixture.name,
        std::any::type_name::<T>()
    );
    decoded
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// Checks an error fixture: it decodes into the variant named by its file, with that status.
macro_rules! check_error {
    ($fixture:expr, $error:ty) => {{
        let fixture: &Fixture = $fixture;
        let error: $error = round_trip(fixture);
        assert_eq!(
            Some(error.code()),
            fixture.code.as_deref(),
            "{}/{}",
            fixture.operation_id,
            fixture.name
        );
        assert_eq!(
            Some(error.status()),
            fixture.status,
            "{}/{}",
            fixture.operation_id,
            fixture.name
        );
    }};
}

#[test]
fn katapult_examples_round_trip_through_the_generated_types() {
    let all = fixtures("katapult-core");
    assert_eq!(all.len(), 56, "the four pages' success and error examples");
    for fixture in &all {
        match (fixture.operation_id.as_str(), fixture.code.is_some()) {
            ("create_file_storage_volume", false) => {
                assert_eq!(fixture.status, Some(201));
                let response: katapult::CreateFileStorageVolumeResponse = round_trip(fixture);
                assert_eq!(
                    response.file_storage_volume.state,
                    Some(katapult::FileStorageVolumeState::Pending)
                );
                assert_eq!(response.file_storage_volume.size, Some(0));
            }
            ("create_file_storage_volume", true) => {
                check_error!(fixture, katapult::CreateFileStorageVolumeError)
            }
            ("assign_disk", false) => {
                assert_eq!(fixture.status, Some(200));
                let response: katapult::AssignDiskResponse = round_trip(fixture);
                let installation = response
                    .disk
                    .installation
                    .expect("the example has an installation");
                let version = installation
                    .disk_template_version
                    .expect("the example has a version");
                let template = version.disk_template.expect("the example has a template");
                assert_eq!(template.permalink.as_deref(), Some("string"));
            }
            ("assign_disk", true) => check_error!(fixture, katapult::AssignDiskError),
            ("create_ip_address", false) => {
                assert_eq!(fixture.status, Some(200));
                let response: katapult::CreateIpAddressResponse = round_trip(fixture);
                assert_eq!(response.ip_address.vip, Some(true));
            }
            ("create_ip_address", true) => check_error!(fixture, katapult::CreateIpAddressError),
            ("create_load_balancer", false) => {
                assert_eq!(fixture.status, Some(201));
                let response: katapult::CreateLoadBalancerResponse = round_trip(fixture);
                assert_eq!(response.load_balancer.resources.len(), 1);
            }
            ("create_load_balancer", true) => {
                check_error!(fixture, katapult::CreateLoadBalancerError)
            }
            (other, _) => panic!("fixture for an unknown operation {other}"),
        }
    }
}

#[test]
fn typed_error_details_carry_the_documented_fields() {
    let all = fixtures("katapult-core");
    let find = |operation: &str, name: &str| {
        all.iter()
            .find(|f| f.operation_id == operation && f.name == name)
            .unwrap_or_else(|| panic!("fixture {operation}/{name}"))
    };
    match round_trip::<katapult::CreateIpAddressError>(find(
        "create_ip_address",
        "422-validation_error",
    )) {
        katapult::CreateIpAddressError::ValidationError { detail, .. } => {
            assert_eq!(detail.errors, vec!["string".to_string()]);
        }
        other => panic!("expected ValidationError, got {other:?}"),
    }
    match round_trip::<katapult::CreateIpAddressError>(find(
        "create_ip_address",
        "429-rate_limit_reached",
    )) {
        katapult::CreateIpAddressError::RateLimitReached { detail, .. } => {
            assert_eq!(detail.total_permitted, Some(0));
        }
        other => panic!("expected RateLimitReached, got {other:?}"),
    }
    match round_trip::<katapult::AssignDiskError>(find("assign_disk", "406-object_in_trash")) {
        katapult::AssignDiskError::ObjectInTrash { detail, .. } => {
            let trash = detail.trash_object.expect("the example has a trash object");
            assert_eq!(trash.keep_until, Some(0));
        }
        other => panic!("expected ObjectInTrash, got {other:?}"),
    }
    let no_addresses: katapult::CreateIpAddressError =
        round_trip(find("create_ip_address", "503-no_available_addresses"));
    assert_eq!(
        (no_addresses.status(), no_addresses.code()),
        (503, "no_available_addresses")
    );
}

#[test]
fn an_unknown_error_code_is_rejected_not_guessed() {
    let body = serde_json::json!({"code": "no_such_code", "description": "x", "detail": {}});
    assert!(serde_json::from_value::<katapult::CreateIpAddressError>(body).is_err());
}

#[test]
fn cinder_examples_round_trip_through_the_generated_types() {
    let all = fixtures("cinder-volume-manage");
    assert_eq!(all.len(), 2);
    for fixture in &all {
        match fixture.name.as_str() {
            "request" => {
                let request: cinder::ManageExistingVolumeRequest = round_trip(fixture);
                assert_eq!(
                    request.volume.ref_.source_name.as_deref(),
                    Some("existingLV")
                );
            }
            "202" => {
                let response: cinder::ManageExistingVolumeResponse = round_trip(fixture);
                assert_eq!(response.volume.size, 0);
            }
            other => panic!("unexpected fixture {other}"),
        }
    }
}
