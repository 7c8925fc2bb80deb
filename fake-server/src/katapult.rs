//! The fake Katapult Core API: [`KatapultCoreApi`] over the shared [`Store`], one module per
//! operation. Each operation authenticates, resolves its lookups, validates, and then changes
//! the world under one lock, so concurrent requests never lose or duplicate objects.

use std::sync::Arc;

use katapult_core::server::{Caller, KatapultCoreApi, Rejection};
use katapult_core::types as katapult;

use crate::auth::check_token;
use crate::store::Store;

/// The in-memory Katapult Core API.
#[derive(Clone)]
pub struct Katapult {
    store: Arc<Store>,
}

impl Katapult {
    /// A Katapult API over `store`.
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }
}

impl KatapultCoreApi for Katapult {
    /// The token is checked before the request is read: an unknown or expired token gets its
    /// documented 403 whatever the body. The network, the rate and the scope are checked by
    /// each operation, which checks the token again.
    async fn authenticate(&self, caller: &Caller) -> Result<(), Rejection> {
        check_token(&self.store.world(), caller.token())
            .map(|_| ())
            .map_err(|denied| denied.rejection())
    }

    async fn create_file_storage_volume(
        &self,
        caller: Caller,
        body: katapult::CreateFileStorageVolumeRequest,
    ) -> Result<katapult::CreateFileStorageVolumeResponse, katapult::CreateFileStorageVolumeError>
    {
        crate::file_storage_volume::create(&self.store, &caller, body)
    }

    async fn assign_disk(
        &self,
        caller: Caller,
        body: katapult::AssignDiskRequest,
    ) -> Result<katapult::AssignDiskResponse, katapult::AssignDiskError> {
        crate::disk::assign(&self.store, &caller, body)
    }

    async fn create_ip_address(
        &self,
        caller: Caller,
        body: katapult::CreateIpAddressRequest,
    ) -> Result<katapult::CreateIpAddressResponse, katapult::CreateIpAddressError> {
        crate::ip_address::create(&self.store, &caller, body)
    }

    async fn create_load_balancer(
        &self,
        caller: Caller,
        body: katapult::CreateLoadBalancerRequest,
    ) -> Result<katapult::CreateLoadBalancerResponse, katapult::CreateLoadBalancerError> {
        crate::load_balancer::create(&self.store, &caller, body)
    }
}
