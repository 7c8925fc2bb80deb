//! `generated/cinder-v3`, the crate of the spec imported from Cinder's whole api-ref folder,
//! on the wire: its generated client against its generated server stub on 127.0.0.1, for an
//! action of `POST /volumes/{volume_id}/action`, a list with query parameters and a create
//! with a body. The crate is compiled with two of its tags only (`volumes`,
//! `volume-actions`), as a user of part of a large API compiles it.

use std::sync::{Arc, Mutex};

use cinder_v3::server::{Caller, CinderV3Api, router};
use cinder_v3::{Client, types};
use sdk_tests::{CannedResponse, LoopbackServer, serve_router};
use serde_json::{Value, json};

/// What the stub's implementation received: operation, path parameters, query and body as
/// JSON, and the caller's token.
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

type Never = std::convert::Infallible;

/// The operations of the `volumes` tag this test does not call.
fn not_called(operation: &str) -> ! {
    panic!("{operation} is not driven by this test")
}

impl CinderV3Api for Recorder {
    async fn volumes_action(
        &self,
        caller: Caller,
        project_id: String,
        volume_id: String,
        version: Option<String>,
        body: types::VolumesActionBody,
    ) -> Result<cinder_v3::VolumesActionSuccess, cinder_v3::VolumesActionError> {
        self.record(
            "volumes_action",
            json!({
                "token": caller.token(),
                "project_id": project_id,
                "volume_id": volume_id,
                "version": version,
                "body": serde_json::to_value(&body).expect("encodes"),
            }),
        );
        match body {
            // Cinder answers os-extend with an empty 202.
            types::VolumesActionBody::VolumesActionOsExtend(_) => Ok(
                cinder_v3::VolumesActionSuccess::Accepted(types::VolumesActionResponse202(None)),
            ),
            other => panic!("only os-extend is sent, got {other:?}"),
        }
    }

    async fn list_accessible_volumes_with_details(
        &self,
        _: Caller,
        _: String,
        _: Option<String>,
        _: Option<String>,
        _: Option<String>,
        _: Option<String>,
        _: Option<i64>,
        _: Option<i64>,
        _: Option<String>,
        _: Option<String>,
        _: Option<bool>,
        _: Option<String>,
        _: Option<String>,
        _: Option<bool>,
        _: Option<String>,
    ) -> Result<
        types::ListAccessibleVolumesWithDetailsResponse,
        cinder_v3::ListAccessibleVolumesWithDetailsError,
    > {
        not_called("list_accessible_volumes_with_details")
    }

    async fn list_accessible_volumes(
        &self,
        _caller: Caller,
        project_id: String,
        all_tenants: Option<String>,
        sort: Option<String>,
        sort_key: Option<String>,
        sort_dir: Option<String>,
        limit: Option<i64>,
        offset: Option<i64>,
        marker: Option<String>,
        metadata: Option<String>,
        with_count: Option<bool>,
        created_at: Option<String>,
        consumes_quota: Option<bool>,
        updated_at: Option<String>,
        version: Option<String>,
    ) -> Result<types::ListAccessibleVolumesResponse, cinder_v3::ListAccessibleVolumesError> {
        self.record(
            "list_accessible_volumes",
            json!({
                "project_id": project_id,
                "all_tenants": all_tenants,
                "sort": sort,
                "sort_key": sort_key,
                "sort_dir": sort_dir,
                "limit": limit,
                "offset": offset,
                "marker": marker,
                "metadata": metadata,
                "with_count": with_count,
                "created_at": created_at,
                "consumes_quota": consumes_quota,
                "updated_at": updated_at,
                "version": version,
            }),
        );
        Ok(serde_json::from_value(json!({
            "volumes": [
                {"id": "v-1", "name": "first", "links": [{"href": "http://x/v-1", "rel": "self"}]},
                {"id": "v-2", "name": "second", "links": []},
            ],
            "count": 7,
        }))
        .expect("a list response"))
    }

    async fn create_volume(
        &self,
        _caller: Caller,
        project_id: String,
        version: Option<String>,
        body: types::CreateVolumeRequest,
    ) -> Result<types::CreateVolumeResponse, Never> {
        let sent = serde_json::to_value(&body).expect("encodes");
        self.record(
            "create_volume",
            json!({ "project_id": project_id, "version": version, "body": sent }),
        );
        Ok(serde_json::from_value(json!({
            "volume": {
                "id": "v-3",
                "name": body.volume.name,
                "size": body.volume.size,
                "status": "creating",
                "multiattach": false,
                "metadata": {"purpose": "test"},
            }
        }))
        .expect("a create response"))
    }

    async fn show_volume_details(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: Option<String>,
    ) -> Result<types::ShowVolumeDetailsResponse, Never> {
        not_called("show_volume_details")
    }

    async fn update_volume(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: Option<String>,
        _: types::UpdateVolumeRequest,
    ) -> Result<types::UpdateVolumeResponse, Never> {
        not_called("update_volume")
    }

    async fn delete_volume(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: Option<bool>,
        _: Option<bool>,
        _: Option<String>,
    ) -> Result<(), Never> {
        not_called("delete_volume")
    }

    async fn show_volume_metadata(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: Option<String>,
    ) -> Result<types::ShowVolumeMetadataResponse, Never> {
        not_called("show_volume_metadata")
    }

    async fn update_volume_metadata(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: Option<String>,
        _: types::CreateSnapshotMetadataRequest,
    ) -> Result<types::ShowSnapshotMetadataResponse, Never> {
        not_called("update_volume_metadata")
    }

    async fn create_metadata_for_volume(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: Option<String>,
        _: types::CreateSnapshotMetadataRequest,
    ) -> Result<types::ShowSnapshotMetadataResponse, Never> {
        not_called("create_metadata_for_volume")
    }

    async fn show_volume_metadata_for_specific_key(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: String,
        _: Option<String>,
    ) -> Result<types::ShowSnapshotMetadataForSpecificKeyResponse, Never> {
        not_called("show_volume_metadata_for_specific_key")
    }

    async fn update_volume_metadata_for_specific_key(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: String,
        _: Option<String>,
        _: types::UpdateSnapshotMetadataForSpecificKeyRequest,
    ) -> Result<types::ShowSnapshotMetadataForSpecificKeyResponse, Never> {
        not_called("update_volume_metadata_for_specific_key")
    }

    async fn delete_volume_metadata(
        &self,
        _: Caller,
        _: String,
        _: String,
        _: String,
        _: Option<String>,
    ) -> Result<(), Never> {
        not_called("delete_volume_metadata")
    }

    async fn get_volumes_summary(
        &self,
        _: Caller,
        _: String,
        _: Option<String>,
        _: Option<String>,
    ) -> Result<types::GetVolumesSummaryResponse, Never> {
        not_called("get_volumes_summary")
    }
}

async fn served() -> (sdk_tests::ServedRouter, Recorder, Client) {
    let recorder = Recorder::default();
    let server = serve_router(router(recorder.clone())).await;
    let client = Client::builder(server.base.clone())
        .keystone_token("keystone-token")
        .expect("a valid token")
        .build()
        .expect("a client");
    (server, recorder, client)
}

#[tokio::test]
async fn an_action_of_the_volume_action_url_reaches_the_stub_as_its_member() {
    let (_server, recorder, client) = served().await;
    let body: types::VolumesActionBody =
        serde_json::from_value(json!({"os-extend": {"new_size": 3}})).expect("os-extend");
    assert!(
        matches!(body, types::VolumesActionBody::VolumesActionOsExtend(_)),
        "the action's key picks its member: {body:?}"
    );
    let answer = client
        .volumes_action()
        .project_id("proj-1")
        .volume_id("vol-1")
        .open_stack_api_version("volume 3.42")
        .body(body)
        .send()
        .await
        .expect("the action is accepted");
    assert_eq!(answer.status().as_u16(), 202);
    assert!(
        matches!(
            answer.into_inner(),
            cinder_v3::VolumesActionSuccess::Accepted(types::VolumesActionResponse202(None))
        ),
        "os-extend's 202 has no body"
    );
    assert_eq!(
        recorder.taken(),
        [(
            "volumes_action",
            json!({
                "token": "keystone-token",
                "project_id": "proj-1",
                "volume_id": "vol-1",
                "version": "volume 3.42",
                "body": {"os-extend": {"new_size": 3}},
            })
        )]
    );
}

#[tokio::test]
async fn a_list_sends_its_query_parameters_and_reads_count_beside_the_list() {
    let (_server, recorder, client) = served().await;
    let list = client
        .list_accessible_volumes()
        .project_id("proj-1")
        .limit(2)
        .marker("v-0")
        .sort("name:asc")
        .with_count(true)
        .all_tenants("True")
        .send()
        .await
        .expect("the list decodes");
    assert_eq!(list.status().as_u16(), 200);
    let list = list.into_inner();
    assert_eq!(list.count, Some(7));
    let ids: Vec<Option<&str>> = list.volumes.iter().map(|v| v.id.as_deref()).collect();
    assert_eq!(ids, [Some("v-1"), Some("v-2")]);
    assert_eq!(list.volumes[0].links.len(), 1);
    assert_eq!(
        recorder.taken(),
        [(
            "list_accessible_volumes",
            json!({
                "project_id": "proj-1",
                "all_tenants": "True",
                "sort": "name:asc",
                "sort_key": null,
                "sort_dir": null,
                "limit": 2,
                "offset": null,
                "marker": "v-0",
                "metadata": null,
                "with_count": true,
                "created_at": null,
                "consumes_quota": null,
                "updated_at": null,
                "version": null,
            })
        )]
    );
}

#[tokio::test]
async fn a_create_sends_its_body_and_reads_the_created_volume() {
    let (_server, recorder, client) = served().await;
    let request: types::CreateVolumeRequest = serde_json::from_value(json!({
        "volume": {"size": 10, "name": "data", "multiattach": true},
        "OS-SCH-HNT:scheduler_hints": {"same_host": ["v-1"]},
    }))
    .expect("a create request");
    let created = client
        .create_volume()
        .project_id("proj-1")
        .body(request)
        .send()
        .await
        .expect("the create is accepted");
    assert_eq!(created.status().as_u16(), 202);
    let volume = created.into_inner().volume.expect("the created volume");
    assert_eq!(volume.id.as_deref(), Some("v-3"));
    assert_eq!(volume.size, Some(10));
    assert_eq!(volume.status.as_deref(), Some("creating"));
    assert_eq!(volume.metadata.get("purpose"), Some(&json!("test")));
    assert_eq!(
        recorder.taken(),
        [(
            "create_volume",
            json!({
                "project_id": "proj-1",
                "version": null,
                "body": {
                    "volume": {"size": 10, "name": "data", "multiattach": true},
                    "OS-SCH-HNT:scheduler_hints": {"same_host": ["v-1"]},
                },
            })
        )]
    );
}

/// Cinder itself answers os-extend with a 202 and no body at all (not `null`): the client
/// reads it as the action's answer without one, not as a decoding error.
#[tokio::test]
async fn an_action_answered_with_an_empty_202_is_accepted_without_a_body() {
    let server = LoopbackServer::start(vec![CannedResponse::empty(202)]).await;
    let client = Client::builder(server.base.clone())
        .keystone_token("keystone-token")
        .expect("a valid token")
        .build()
        .expect("a client");
    let body: types::VolumesActionBody =
        serde_json::from_value(json!({"os-extend": {"new_size": 3}})).expect("os-extend");
    let answer = client
        .volumes_action()
        .project_id("proj-1")
        .volume_id("vol-1")
        .body(body)
        .send()
        .await
        .expect("an empty 202 decodes");
    assert!(matches!(
        answer.into_inner(),
        cinder_v3::VolumesActionSuccess::Accepted(types::VolumesActionResponse202(None))
    ));
    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/v3/proj-1/volumes/vol-1/action");
    assert_eq!(sent.body, json!({"os-extend": {"new_size": 3}}));
}
