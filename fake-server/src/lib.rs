//! # fake-server
//!
//! A stateful, in-memory implementation of the two generated server traits —
//! [`katapult_core::server::KatapultCoreApi`] and
//! [`cinder_volume_manage::server::CinderVolumeManageApi`] — served on one listener: Katapult
//! under [`KATAPULT_PREFIX`] (`/core/v1`), Cinder's `/v2/{project_id}/os-volume-manage` at the
//! root. Unknown paths get each API's own 404 (Katapult's under `/core/v1`, Cinder's elsewhere).
//!
//! Run it with `cargo run -p fake-server -- --listen 127.0.0.1:8080`, or start it inside a test
//! with [`start`] on `127.0.0.1:0`. It starts from the world in [`seed`]; created objects get
//! ids, states and the fields the documentation shows, and can be listed through [`Store`].
//!
//! ## Reaching every documented error
//!
//! Katapult, every operation (tokens are the constants in [`seed`]). The token itself is checked
//! in the generated router's authentication step, before the request's body is read: an unknown
//! or expired token (and an unavailable service) gets its answer whatever the body.
//!
//! | code | status | request |
//! | --- | --- | --- |
//! | `missing_api_token` | 400 | no `Authorization` header (answered by the generated router) |
//! | `invalid_api_token` | 403 | token `kat_expired`, or any unknown token |
//! | `invalid_capabilities_token` | 403 | token `kcap_expired`, or any unknown `kcap_…` token |
//! | `unauthorized_network_for_api_token` | 403 | token `kat_office_only` from 127.0.0.1 (`detail.ip_address` is the caller's address) |
//! | `scope_not_granted` | 403 | OAuth2 token `oauth_disks_only`; for `assign_disk`, the capabilities token `kcap_acme_ip_addresses` |
//! | `permission_denied` | 403 | token `kat_acme_only` on organisation `globex` (`assign_disk`: disk `disk_globex_data` or machine `vm_globex1`) |
//! | `rate_limit_reached` | 429 | token `kat_rate_limited`, past [`Config::low_rate_limit`] requests in a minute (`detail.total_permitted`) |
//! | `service_unavailable` | 503 | token `kat_unavailable` (its authenticator is down), or any token after [`Store::set_unavailable`] |
//!
//! Katapult, per operation:
//!
//! | operation | code | status | request |
//! | --- | --- | --- | --- |
//! | file storage volume, IP address, load balancer | `organization_not_found` | 404 | `organization: {sub_domain: "nope"}` |
//! | file storage volume, IP address, load balancer | `organization_suspended` | 403 | `organization: {sub_domain: "umbrella"}` |
//! | file storage volume, IP address, load balancer | `organization_not_activated` | 403 | `organization: {sub_domain: "hooli"}` |
//! | file storage volume, load balancer | `resource_creation_restricted` | 403 | `organization: {sub_domain: "initech"}` |
//! | file storage volume | `validation_error` | 422 | a blank or taken `name`; no or an unknown `data_center`; an `associations` id that is not one of the organisation's machines; an annotation without `key`; an organisation lookup with both or neither key |
//! | IP address | `validation_error` | 422 | `label` without `vip: true`; a network or organisation lookup with both or neither key |
//! | IP address | `network_not_found` | 404 | `network: {permalink: "nope"}` |
//! | IP address | `no_available_addresses` | 503 | `network: {permalink: "uk-lon-01-legacy"}` (its IPv4 pool is exhausted; it has no IPv6) |
//! | load balancer | `validation_error` | 422 | a blank or taken `name`; no or an unknown `data_center`; `resource_ids` not of the organisation, not of `resource_type`, or in another data centre; weights naming other machines or outside 1..=100; unknown `standby_vms`; `backend_certificate_key` without `backend_certificate` |
//! | assign disk | `disk_not_found` | 404 | `disk: {id: "nope"}` |
//! | assign disk | `virtual_machine_not_found` | 404 | `virtual_machine: {fqdn: "nope"}` |
//! | assign disk | `object_in_trash` | 406 | `disk: {id: "disk_trashed"}` (`detail.trash_object` describes the trash entry) |
//! | assign disk | `unable_to_assign` | 422 | a disk already assigned (`disk_web1_root`), a disk and machine in different data centres (`disk_ams_data` → `vm_web1`) or organisations (`disk_globex_data` → `vm_web1` with `kat_admin`) |
//!
//! Cinder `manage_existing_volume` (Keystone tokens in `X-Auth-Token`):
//!
//! | status | fault | request |
//! | --- | --- | --- |
//! | 400 | `badRequest` | a URL project other than the token's ("Malformed request url"); a `ref` with neither `source-name` nor `source-id`; a `name` over 255 characters; an unknown `availability_zone`; a reference to no storage on the host; storage already managed |
//! | 401 | `unauthorized` | no `X-Auth-Token` (answered by the generated router), `keystone-expired`, or any unknown token (both before the body is read) |
//! | 403 | `forbidden` | `keystone-member` (not an admin: policy forbids `volume_extension:volume_manage`) |
//! | 404 | `itemNotFound` | an unknown `host`, or an unknown `volume_type` |
//! | 413 | `overLimit` | `keystone-quota-full` (volume quota used up), or `keystone-small` managing `existingLV` (11 GiB over a 5 GiB quota) |

#![warn(missing_docs)]

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use katapult_core::server::axum;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod access;
mod addresses;
mod arguments;
mod auth;
mod cinder;
mod clock;
mod config;
mod disk;
mod errors;
mod file_storage_volume;
mod ip_address;
mod katapult;
mod load_balancer;
mod lookup;
pub mod seed;
mod store;
mod world;

pub use cinder::Cinder;
pub use config::Config;
pub use katapult::Katapult;
pub use store::Store;

/// The path the Katapult Core API is served under (its documented base URL's path).
pub const KATAPULT_PREFIX: &str = "/core/v1";

/// One router serving both APIs over `store`, with the per-request log and peer address.
pub fn app(store: Arc<Store>) -> axum::Router {
    let config = store.config().clone();
    let katapult = katapult_core::server::router_with_config(
        Katapult::new(store.clone()),
        katapult_core::server::ServerConfig {
            body_limit: config.body_limit,
        },
    );
    let cinder = cinder_volume_manage::server::router_with_config(
        Cinder::new(store),
        cinder_volume_manage::server::ServerConfig {
            body_limit: config.body_limit,
        },
    );
    // Both routers have a fallback, which `merge` refuses; nesting keeps each API's own 404
    // for its own paths.
    cinder
        .nest(KATAPULT_PREFIX, katapult)
        .layer(axum::middleware::from_fn_with_state(
            config.log_requests,
            access::around,
        ))
}

/// Serves both APIs over `store` on `listener` until `shutdown` completes, then finishes the
/// requests in flight.
pub async fn serve(
    listener: TcpListener,
    store: Arc<Store>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let service = app(store).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// A fake server running on a task of the current Tokio runtime.
pub struct FakeServer {
    address: SocketAddr,
    store: Arc<Store>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

/// Binds `listen` (e.g. `127.0.0.1:0`) and serves a freshly seeded fake on it.
pub async fn start(listen: &str, config: Config) -> io::Result<FakeServer> {
    let listener = TcpListener::bind(listen).await?;
    let address = listener.local_addr()?;
    let store = Store::seeded(config, format!("http://{address}"));
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, store.clone(), async {
        let _ = stopped.await;
    }));
    Ok(FakeServer {
        address,
        store,
        shutdown: Some(shutdown),
        task,
    })
}

impl FakeServer {
    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://<address>`: the Cinder endpoint.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// `http://<address>/core/v1`: the Katapult base URL.
    pub fn katapult_url(&self) -> String {
        format!("{}{KATAPULT_PREFIX}", self.base_url())
    }

    /// The state behind the server.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Stops accepting connections, finishes the requests in flight and waits for the server.
    pub async fn stop(mut self) -> io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        (&mut self.task).await.map_err(io::Error::other)?
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
