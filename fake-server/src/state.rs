//! The fake's world — organisations, data centres, networks, virtual machines, disks, tokens,
//! Cinder projects and back ends, and everything requests created — behind one mutex.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use cinder_volume_manage::types as cinder;
use katapult_core::types as katapult;

/// Options of a fake server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Requests per minute each Katapult token may make (the `total_permitted` of
    /// `rate_limit_reached`).
    pub rate_limit: u32,
    /// Requests per minute of the seeded [`crate::seed::TOKEN_RATE_LIMITED`], small so that a
    /// test reaches `rate_limit_reached` quickly.
    pub low_rate_limit: u32,
    /// Log one line per request (method, path, status, latency) to standard error.
    pub log_requests: bool,
    /// Largest request body accepted, in bytes (larger ones get 413).
    pub body_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rate_limit: 5_000,
            low_rate_limit: 3,
            log_requests: false,
            body_limit: katapult_core::server::DEFAULT_BODY_LIMIT,
        }
    }
}

/// The shared, mutex-guarded state of one fake server. Tests read it through the listing
/// methods to check what requests created.
pub struct Store {
    world: Mutex<World>,
    config: Config,
    public_url: String,
}

impl Store {
    /// A store holding the seeded world ([`crate::seed`]). `public_url` is the server's own
    /// base URL, used in the links of Cinder volumes.
    pub fn seeded(config: Config, public_url: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            world: Mutex::new(crate::seed::world(&config)),
            config,
            public_url: public_url.into(),
        })
    }

    /// The options the server runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Locks the world. A panic while it was held does not poison the fake for later requests.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes every Katapult request answer `503 service_unavailable` (or serve again).
    pub fn set_unavailable(&self, unavailable: bool) {
        self.world().unavailable = unavailable;
    }

    /// Every file storage volume created so far.
    pub fn file_storage_volumes(&self) -> Vec<katapult::FileStorageVolume> {
        let world = self.world();
        world
            .file_storage_volumes
            .iter()
            .map(|owned| owned.object.clone())
            .collect()
    }

    /// Every IP address created so far (by `create_ip_address`; load balancers' addresses are
    /// on the load balancers).
    pub fn ip_addresses(&self) -> Vec<katapult::IpAddress> {
        let world = self.world();
        world
            .ip_addresses
            .iter()
            .map(|owned| owned.object.clone())
            .collect()
    }

    /// Every load balancer created so far.
    pub fn load_balancers(&self) -> Vec<katapult::LoadBalancer> {
        let world = self.world();
        world
            .load_balancers
            .iter()
            .map(|owned| owned.object.clone())
            .collect()
    }

    /// A disk by id, as it is now (seeded disks included).
    pub fn disk(&self, id: &str) -> Option<katapult::Disk> {
        let world = self.world();
        world
            .disks
            .iter()
            .find(|record| record.disk.id.as_deref() == Some(id))
            .map(|record| record.disk.clone())
    }

    /// Every Cinder volume put under management so far.
    pub fn managed_volumes(&self) -> Vec<cinder::Volume> {
        let world = self.world();
        world
            .cinder
            .volumes
            .iter()
            .map(|owned| owned.object.clone())
            .collect()
    }
}

/// An object and the organisation (or Cinder project) it belongs to.
pub(crate) struct Owned<T> {
    pub owner: String,
    pub object: T,
}

/// Everything the fake knows.
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

/// A range of addresses handed out in order.
pub(crate) struct Pool {
    /// The network address.
    pub base: IpAddr,
    /// The prefix length of the network.
    pub prefix: u8,
    /// The offset from `base` of the next address to hand out.
    pub next: u64,
    /// One past the offset of the last address.
    pub end: u64,
}

impl Pool {
    /// The next free address, or `None` when the pool has run dry.
    pub fn allocate(&mut self) -> Option<IpAddr> {
        if self.next >= self.end {
            return None;
        }
        let offset = self.next;
        self.next += 1;
        Some(match self.base {
            IpAddr::V4(base) => IpAddr::V4(Ipv4Addr::from(
                u32::from(base) + u32::try_from(offset).ok()?,
            )),
            IpAddr::V6(base) => IpAddr::V6(Ipv6Addr::from(u128::from(base) + u128::from(offset))),
        })
    }
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
    /// Requests per minute; `None` uses [`Config::rate_limit`].
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

/// An IPv4 or IPv6 network in CIDR form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cidr {
    base: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `a.b.c.d/n` or `x:y::/n`.
    pub fn parse(text: &str) -> Option<Self> {
        let (base, prefix) = text.split_once('/')?;
        let base: IpAddr = base.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Self { base, prefix })
    }

    /// Whether `address` is inside the network (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.base, address) {
            (IpAddr::V4(base), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(base) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(base), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(base) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// Cinder's side of the world.
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

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// A Unix time as Cinder writes it: `2014-07-18T00:12:54.000000` (UTC, no zone).
pub(crate) fn cinder_timestamp(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let time = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000000",
        time / 3_600,
        time % 3_600 / 60,
        time % 60
    )
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
    fn cidrs_match_their_own_addresses_only() {
        let office = Cidr::parse("203.0.113.0/24").expect("valid");
        assert!(office.contains("203.0.113.77".parse().expect("ip")));
        assert!(!office.contains("127.0.0.1".parse().expect("ip")));
        assert!(!office.contains("::1".parse().expect("ip")));
        let loopback = Cidr::parse("127.0.0.0/8").expect("valid");
        assert!(loopback.contains("::ffff:127.0.0.1".parse().expect("ip")));
        let v6 = Cidr::parse("::1/128").expect("valid");
        assert!(v6.contains("::1".parse().expect("ip")));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .expect("valid")
                .contains("8.8.8.8".parse().expect("ip"))
        );
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
    }

    #[test]
    fn ids_are_distinct_and_shaped() {
        let mut world = crate::seed::world(&Config::default());
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

    #[test]
    fn timestamps_are_cinder_shaped() {
        assert_eq!(cinder_timestamp(0), "1970-01-01T00:00:00.000000");
        assert_eq!(
            cinder_timestamp(1_405_642_374),
            "2014-07-18T00:12:54.000000"
        );
        assert_eq!(cinder_timestamp(951_782_400), "2000-02-29T00:00:00.000000");
    }

    #[test]
    fn pools_run_dry() {
        let mut pool = Pool {
            base: "192.0.2.0".parse().expect("ip"),
            prefix: 30,
            next: 1,
            end: 3,
        };
        assert_eq!(pool.allocate(), Some("192.0.2.1".parse().expect("ip")));
        assert_eq!(pool.allocate(), Some("192.0.2.2".parse().expect("ip")));
        assert_eq!(pool.allocate(), None);
    }
}
