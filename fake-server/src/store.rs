//! The state behind one fake server: its world behind one mutex, its options and its own URL,
//! with the listings tests read.

use std::sync::{Arc, Mutex, MutexGuard};

use cinder_volume_manage::types as cinder;
use katapult_core::types as katapult;

use crate::config::Config;
use crate::seed;
use crate::world::World;

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
            world: Mutex::new(seed::world(&config)),
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
