//! The fake's world — organisations, data centres, networks, virtual machines, disks, tokens,
//! Cinder projects and back ends, and everything requests created — and how to find things in
//! it. [`crate::store::Store`] keeps it behind one mutex; [`crate::seed`] fills it.

use std::collections::HashMap;
use std::time::Instant;

use cinder_volume_manage::types as cinder;
use katapult_core::types as katapult;

use crate::addresses::{Cidr, Pool};

/// An object and the organisation (or Cinder project) it belongs to.
pub(crate) struct Owned<T> {
    pub owner: String,
    pub object: T,
}

/// Everything the fake knows (empty by default; [`crate::seed::world`] is the seeded one).
#[derive(Default)]
pub(crate) struct World {
    /// Every Katapult request answers `service_unavailable` while set.
    pub unavailable: bool,
    /// Source of object ids.
    pub next_id: u64,
    pub data_centers: Vec<katapult::DataCenterWithCountry>,
    pub organizations: Vec<OrganizationRecord>,
    pub networks: Vec<NetworkRecord>,
    pub virtual_machines: Vec<Owned<katapult::VirtualMachine>>,
    pub groups: Vec<Owned<katapult::VirtualMachineGroup>>,
    pub tags: Vec<Owned<katapult::Tag>>,
    pub disks: Vec<DiskRecord>,
    pub tokens: Vec<TokenRecord>,
    /// Rate-limit windows by token.
    pub usage: HashMap<String, RateWindow>,
    pub file_storage_volumes: Vec<Owned<katapult::FileStorageVolume>>,
    pub ip_addresses: Vec<Owned<katapult::IpAddress>>,
    pub load_balancers: Vec<Owned<katapult::LoadBalancer>>,
    pub cinder: CinderWorld,
}

impl World {
    /// A new id such as `fsv_3kTMd8fG0aB`: unique within the world, stable across runs.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{}", base62(splitmix64(self.next_id)))
    }

    /// A new UUID-shaped id (Cinder's volume ids).
    pub fn new_uuid(&mut self) -> String {
        self.next_id += 1;
        let high = splitmix64(self.next_id);
        let low = splitmix64(high ^ self.next_id);
        let value = (u128::from(high) << 64 | u128::from(low)) & !(0xf << 76) | (0x4 << 76);
        let hex = format!("{value:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    /// A data centre in the short form embedded in volumes, disks and load balancers.
    pub fn data_center_summary(&self, id: &str) -> Option<katapult::DataCenter> {
        self.data_centers
            .iter()
            .find(|dc| dc.id.as_deref() == Some(id))
            .map(|dc| katapult::DataCenter {
                id: dc.id.clone(),
                name: dc.name.clone(),
                permalink: dc.permalink.clone(),
            })
    }

    /// The id of the organisation at `index`.
    pub fn organization_id(&self, index: usize) -> String {
        self.organizations[index]
            .organization
            .id
            .clone()
            .unwrap_or_default()
    }

    /// The sub-domain of the organisation with `id` (for messages).
    pub fn sub_domain<'w>(&'w self, id: &'w str) -> &'w str {
        self.organizations
            .iter()
            .map(|record| &record.organization)
            .find(|organization| organization.id.as_deref() == Some(id))
            .and_then(|organization| organization.sub_domain.as_deref())
            .unwrap_or(id)
    }

    /// Whether `id` names a virtual machine of the organisation `owner`.
    pub fn owns_virtual_machine(&self, owner: &str, id: &str) -> bool {
        self.virtual_machines
            .iter()
            .any(|owned| owned.owner == owner && owned.object.id.as_deref() == Some(id))
    }
}

/// An organisation and whether it may create resources.
pub(crate) struct OrganizationRecord {
    pub organization: katapult::Organization,
    /// Set on organisations that may not create file storage volumes or load balancers.
    pub creation_restricted: bool,
}

/// A network and its address pools.
pub(crate) struct NetworkRecord {
    pub network: katapult::Network,
    pub ipv4: Option<Pool>,
    pub ipv6: Option<Pool>,
}

/// A disk, its place, and the trash entry when it has been deleted.
pub(crate) struct DiskRecord {
    pub organization: String,
    pub data_center: String,
    pub disk: katapult::Disk,
    pub trash: Option<katapult::TrashObject>,
}

/// The four OAuth2 scopes (`api.katapult.io/core/v1/<name>`), one per operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    FileStorageVolumes,
    Disks,
    IpAddresses,
    LoadBalancers,
}

/// What kind of credential a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// An API token.
    Api,
    /// An OAuth2 access token (always scoped).
    OAuth2,
    /// A signed capabilities token (`kcap_…`).
    Capabilities,
}

/// A Katapult credential the fake knows.
pub(crate) struct TokenRecord {
    pub token: &'static str,
    pub kind: TokenKind,
    /// The scopes granted; `None` grants every scope.
    pub scopes: Option<Vec<Scope>>,
    /// The organisations the identity may act on; `None` is every organisation.
    pub organizations: Option<Vec<&'static str>>,
    /// The networks requests may come from; `None` is anywhere.
    pub allowed_networks: Option<Vec<Cidr>>,
    /// Requests per minute; `None` uses [`crate::Config::rate_limit`].
    pub rate_limit: Option<u32>,
    /// Expired (or revoked): it authenticates nothing.
    pub expired: bool,
    /// The authenticator behind this token is down: every request is `service_unavailable`.
    pub authenticator_down: bool,
}

/// A fixed one-minute window of requests.
pub(crate) struct RateWindow {
    pub started: Instant,
    pub count: u32,
}

/// Cinder's side of the world.
#[derive(Default)]
pub(crate) struct CinderWorld {
    pub projects: Vec<Project>,
    pub tokens: Vec<KeystoneToken>,
    pub backends: Vec<Backend>,
    pub volume_types: Vec<&'static str>,
    pub availability_zones: Vec<&'static str>,
    pub volumes: Vec<Owned<cinder::Volume>>,
}

/// A Keystone project and its volume quotas.
pub(crate) struct Project {
    pub id: &'static str,
    pub volumes_quota: i64,
    pub gigabytes_quota: i64,
    /// Volumes and gigabytes in use before the fake started.
    pub volumes_in_use: i64,
    pub gigabytes_in_use: i64,
}

/// A Keystone token scoped to a project.
pub(crate) struct KeystoneToken {
    pub token: &'static str,
    pub user_id: &'static str,
    pub project_id: &'static str,
    /// Holds the `admin` role (Cinder's default policy lets only admins manage volumes).
    pub admin: bool,
    pub expired: bool,
}

/// A `cinder-volume` service (`host@backend#pool`) and the storage it holds.
pub(crate) struct Backend {
    pub host: &'static str,
    pub storage: Vec<Storage>,
}

/// A volume on a back end that Cinder may not manage yet.
pub(crate) struct Storage {
    pub source_name: &'static str,
    pub source_id: &'static str,
    pub size_in_bytes: u64,
    /// The Cinder volume managing it, once managed.
    pub managed_by: Option<String>,
}

fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `value` in base 62, always 11 characters (so distinct values give distinct strings).
fn base62(mut value: u64) -> String {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 11];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(value % 62) as usize];
        value /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_shaped() {
        let mut world = World::default();
        let ids: std::collections::HashSet<String> =
            (0..10_000).map(|_| world.new_id("fsv")).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(
            ids.iter()
                .all(|id| id.len() == 15 && id.starts_with("fsv_"))
        );
        let uuid = world.new_uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4", "{uuid}");
    }
}
