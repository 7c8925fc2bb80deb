//! The seeded world: the tokens, organisations, data centres, networks, virtual machines,
//! disks and Cinder projects every fake server starts with. The constants name them for
//! tests and for the README.

use std::collections::HashMap;

use katapult_core::types as katapult;

use crate::addresses::{Cidr, Pool, reverse_dns};
use crate::config::Config;
use crate::world::{
    Backend, CinderWorld, DiskRecord, KeystoneToken, NetworkRecord, OrganizationRecord, Owned,
    Project, Scope, Storage, TokenKind, TokenRecord, World,
};

/// API token with every scope, for every organisation.
pub const TOKEN_ADMIN: &str = "kat_admin";
/// API token that may act on `acme` only (`permission_denied` elsewhere).
pub const TOKEN_ACME_ONLY: &str = "kat_acme_only";
/// OAuth2 token granted only the `disks` scope (`scope_not_granted` elsewhere).
pub const TOKEN_DISKS_ONLY: &str = "oauth_disks_only";
/// OAuth2 token granted all four scopes.
pub const TOKEN_OAUTH_FULL: &str = "oauth_full";
/// API token accepted only from 203.0.113.0/24 and 2001:db8::/32
/// (`unauthorized_network_for_api_token` from 127.0.0.1).
pub const TOKEN_OFFICE_ONLY: &str = "kat_office_only";
/// API token accepted only from loopback (127.0.0.0/8, ::1).
pub const TOKEN_LOOPBACK_ONLY: &str = "kat_loopback_only";
/// API token limited to [`crate::Config::low_rate_limit`] requests a minute.
pub const TOKEN_RATE_LIMITED: &str = "kat_rate_limited";
/// API token whose authenticator is down: every request is `503 service_unavailable`.
pub const TOKEN_UNAVAILABLE: &str = "kat_unavailable";
/// Expired API token (`invalid_api_token`, like any unknown token).
pub const TOKEN_EXPIRED: &str = "kat_expired";
/// Capabilities token granting `ip_addresses` on `acme`.
pub const TOKEN_CAPABILITIES: &str = "kcap_acme_ip_addresses";
/// Expired capabilities token (`invalid_capabilities_token`, like any unknown `kcap_…`).
pub const TOKEN_CAPABILITIES_EXPIRED: &str = "kcap_expired";

/// Active organisation (sub-domain `acme`).
pub const ORG_ACME: &str = "org_acme";
/// Active organisation (sub-domain `globex`).
pub const ORG_GLOBEX: &str = "org_globex";
/// Active organisation that may not create resources (sub-domain `initech`).
pub const ORG_INITECH: &str = "org_initech";
/// Suspended organisation (sub-domain `umbrella`).
pub const ORG_UMBRELLA: &str = "org_umbrella";
/// Organisation not activated yet (sub-domain `hooli`).
pub const ORG_HOOLI: &str = "org_hooli";

/// London data centre, permalink `uk-lon-01`.
pub const DC_LONDON: &str = "dc_lon";
/// Amsterdam data centre, permalink `nl-ams-01`.
pub const DC_AMSTERDAM: &str = "dc_ams";

/// London public network `uk-lon-01-public`: IPv4 185.199.216.0/21 and IPv6 2a03:2800:1000::/48.
pub const NETWORK_LONDON: &str = "netw_lon_public";
/// London legacy network `uk-lon-01-legacy`: its IPv4 pool is exhausted, it has no IPv6.
pub const NETWORK_EXHAUSTED: &str = "netw_lon_legacy";
/// Amsterdam public network `nl-ams-01-public`: IPv4 31.216.48.0/22.
pub const NETWORK_AMSTERDAM: &str = "netw_ams_public";

/// `web-1.acme.katapult.cloud`, acme, London.
pub const VM_WEB_1: &str = "vm_web1";
/// `web-2.acme.katapult.cloud`, acme, London.
pub const VM_WEB_2: &str = "vm_web2";
/// `db-1.acme.katapult.cloud`, acme, Amsterdam.
pub const VM_DB_1: &str = "vm_db1";
/// `app-1.globex.katapult.cloud`, globex, London.
pub const VM_GLOBEX: &str = "vm_globex1";
/// Virtual machine group "Web servers" of acme.
pub const GROUP_WEB: &str = "vmgrp_web";
/// Tag "production" of acme.
pub const TAG_PRODUCTION: &str = "tag_production";

/// The root disk of web-1 (already assigned).
pub const DISK_WEB_1_ROOT: &str = "disk_web1_root";
/// A detached acme data disk in London.
pub const DISK_DATA_1: &str = "disk_data1";
/// Another detached acme data disk in London.
pub const DISK_DATA_2: &str = "disk_data2";
/// A detached acme disk in Amsterdam.
pub const DISK_AMSTERDAM: &str = "disk_ams_data";
/// An acme disk in the trash (`object_in_trash`).
pub const DISK_TRASHED: &str = "disk_trashed";
/// A detached globex disk in London.
pub const DISK_GLOBEX: &str = "disk_globex_data";

/// The Cinder project of the admin and member tokens.
pub const PROJECT: &str = "87c8522052ca4eed98bc672b4c1a3ddb";
/// A project whose volume quota (10) is used up.
pub const PROJECT_QUOTA_FULL: &str = "quota-full-project";
/// A project with a 5 GiB quota.
pub const PROJECT_SMALL: &str = "small-project";
/// Keystone token of an admin of [`PROJECT`].
pub const KEYSTONE_ADMIN: &str = "keystone-admin";
/// Keystone token of a member (not admin) of [`PROJECT`]: policy forbids managing volumes.
pub const KEYSTONE_MEMBER: &str = "keystone-member";
/// Expired Keystone token.
pub const KEYSTONE_EXPIRED: &str = "keystone-expired";
/// Keystone token of an admin of [`PROJECT_QUOTA_FULL`].
pub const KEYSTONE_QUOTA_FULL: &str = "keystone-quota-full";
/// Keystone token of an admin of [`PROJECT_SMALL`].
pub const KEYSTONE_SMALL: &str = "keystone-small";
/// The user of [`KEYSTONE_ADMIN`].
pub const KEYSTONE_ADMIN_USER: &str = "eae1472b5fc5496998a3d06550929e7e";
/// LVM back end: holds `existingLV` (id `1234`, 10.5 GiB) and `existing-lv-2` (id `5678`, 20 GiB).
pub const CINDER_HOST_LVM: &str = "cinder-volume-1@lvmdriver-1#lvmdriver-1";
/// Ceph back end: holds `legacy-rbd-1` (id `rbd-0001`, 1 GiB).
pub const CINDER_HOST_CEPH: &str = "cinder-volume-2@ceph#rbd";

const GIB: u64 = 1 << 30;
/// 2023-11-14T22:13:20Z: when the seeded objects were created.
const SEEDED_AT: i64 = 1_700_000_000;

/// A fresh seeded world; `config` sets the rate limit of [`TOKEN_RATE_LIMITED`].
pub(crate) fn world(config: &Config) -> World {
    let organizations = organizations();
    let data_centers = vec![
        data_center(DC_LONDON, "London", "uk-lon-01", uk()),
        data_center(DC_AMSTERDAM, "Amsterdam", "nl-ams-01", netherlands()),
    ];
    let networks = networks(&data_centers);
    let virtual_machines = virtual_machines(&organizations, &data_centers, &networks);
    World {
        unavailable: false,
        next_id: 0,
        disks: disks(&data_centers),
        data_centers,
        organizations,
        networks,
        virtual_machines,
        groups: vec![Owned {
            owner: ORG_ACME.into(),
            object: web_group(),
        }],
        tags: vec![Owned {
            owner: ORG_ACME.into(),
            object: production_tag(),
        }],
        tokens: tokens(config),
        usage: HashMap::new(),
        file_storage_volumes: Vec::new(),
        ip_addresses: Vec::new(),
        load_balancers: Vec::new(),
        cinder: cinder(),
    }
}

fn tokens(config: &Config) -> Vec<TokenRecord> {
    let token = |token, kind| TokenRecord {
        token,
        kind,
        scopes: None,
        organizations: None,
        allowed_networks: None,
        rate_limit: None,
        expired: false,
        authenticator_down: false,
    };
    let cidrs = |list: &[&str]| list.iter().filter_map(|text| Cidr::parse(text)).collect();
    let all = vec![
        Scope::FileStorageVolumes,
        Scope::Disks,
        Scope::IpAddresses,
        Scope::LoadBalancers,
    ];
    vec![
        token(TOKEN_ADMIN, TokenKind::Api),
        TokenRecord {
            organizations: Some(vec![ORG_ACME]),
            ..token(TOKEN_ACME_ONLY, TokenKind::Api)
        },
        TokenRecord {
            scopes: Some(vec![Scope::Disks]),
            ..token(TOKEN_DISKS_ONLY, TokenKind::OAuth2)
        },
        TokenRecord {
            scopes: Some(all),
            ..token(TOKEN_OAUTH_FULL, TokenKind::OAuth2)
        },
        TokenRecord {
            allowed_networks: Some(cidrs(&["203.0.113.0/24", "2001:db8::/32"])),
            ..token(TOKEN_OFFICE_ONLY, TokenKind::Api)
        },
        TokenRecord {
            allowed_networks: Some(cidrs(&["127.0.0.0/8", "::1/128"])),
            ..token(TOKEN_LOOPBACK_ONLY, TokenKind::Api)
        },
        TokenRecord {
            rate_limit: Some(config.low_rate_limit),
            ..token(TOKEN_RATE_LIMITED, TokenKind::Api)
        },
        TokenRecord {
            authenticator_down: true,
            ..token(TOKEN_UNAVAILABLE, TokenKind::Api)
        },
        TokenRecord {
            expired: true,
            ..token(TOKEN_EXPIRED, TokenKind::Api)
        },
        TokenRecord {
            scopes: Some(vec![Scope::IpAddresses]),
            organizations: Some(vec![ORG_ACME]),
            ..token(TOKEN_CAPABILITIES, TokenKind::Capabilities)
        },
        TokenRecord {
            expired: true,
            ..token(TOKEN_CAPABILITIES_EXPIRED, TokenKind::Capabilities)
        },
    ]
}

fn uk() -> katapult::Country {
    country(
        "ctry_gb",
        "United Kingdom",
        "GB",
        "GBR",
        "Europe/London",
        false,
    )
}

fn netherlands() -> katapult::Country {
    country(
        "ctry_nl",
        "Netherlands",
        "NL",
        "NLD",
        "Europe/Amsterdam",
        true,
    )
}

fn country(
    id: &str,
    name: &str,
    iso2: &str,
    iso3: &str,
    zone: &str,
    eu: bool,
) -> katapult::Country {
    katapult::Country {
        id: Some(id.into()),
        name: Some(name.into()),
        iso_code2: Some(iso2.into()),
        iso_code3: Some(iso3.into()),
        time_zone: Some(zone.into()),
        eu: Some(eu),
    }
}

fn data_center(
    id: &str,
    name: &str,
    permalink: &str,
    country: katapult::Country,
) -> katapult::DataCenterWithCountry {
    katapult::DataCenterWithCountry {
        id: Some(id.into()),
        name: Some(name.into()),
        permalink: Some(permalink.into()),
        country: Some(country),
    }
}

fn organizations() -> Vec<OrganizationRecord> {
    let organization = |id: &str, name: &str, sub_domain: &str| katapult::Organization {
        id: Some(id.into()),
        name: Some(name.into()),
        sub_domain: Some(sub_domain.into()),
        infrastructure_domain: Some(format!("{sub_domain}.katapult.cloud")),
        created_at: Some(SEEDED_AT),
        activated_at: Some(SEEDED_AT + 3_600),
        suspended: Some(false),
        managed: Some(false),
        billing_name: Some(name.into()),
        address1: Some("1 Example Street".into()),
        address2: None,
        address3: Some("London".into()),
        address4: None,
        postcode: Some("EC1A 1AA".into()),
        vat_number: None,
        phone_number: Some("+44 20 7946 0000".into()),
        currency: Some(katapult::Currency {
            id: Some("cur_gbp".into()),
            name: Some("British Pound".into()),
            iso_code: Some("GBP".into()),
            symbol: Some("£".into()),
        }),
        country: Some(uk()),
        country_state: None,
    };
    let record = |organization, creation_restricted| OrganizationRecord {
        organization,
        creation_restricted,
    };
    vec![
        record(organization(ORG_ACME, "Acme Ltd", "acme"), false),
        record(
            organization(ORG_GLOBEX, "Globex Corporation", "globex"),
            false,
        ),
        record(organization(ORG_INITECH, "Initech", "initech"), true),
        record(
            katapult::Organization {
                suspended: Some(true),
                ..organization(ORG_UMBRELLA, "Umbrella Corporation", "umbrella")
            },
            false,
        ),
        record(
            katapult::Organization {
                activated_at: None,
                ..organization(ORG_HOOLI, "Hooli", "hooli")
            },
            false,
        ),
    ]
}

fn networks(data_centers: &[katapult::DataCenterWithCountry]) -> Vec<NetworkRecord> {
    let network = |id: &str, name: &str, permalink: &str, dc: usize| katapult::Network {
        id: Some(id.into()),
        name: Some(name.into()),
        permalink: Some(permalink.into()),
        data_center: Some(data_centers[dc].clone()),
    };
    let pool = |base: &str, prefix, next, end| {
        Some(Pool {
            base: base.parse().expect("seeded pools are valid"),
            prefix,
            next,
            end,
        })
    };
    vec![
        NetworkRecord {
            network: network(NETWORK_LONDON, "Public Network", "uk-lon-01-public", 0),
            ipv4: pool("185.199.216.0", 21, 10, 2_040),
            ipv6: pool("2a03:2800:1000::", 48, 0x10, 0x1_0000),
        },
        NetworkRecord {
            network: network(NETWORK_EXHAUSTED, "Legacy Network", "uk-lon-01-legacy", 0),
            // Every address of the /29 is taken.
            ipv4: pool("93.184.216.0", 29, 7, 7),
            ipv6: None,
        },
        NetworkRecord {
            network: network(NETWORK_AMSTERDAM, "Public Network", "nl-ams-01-public", 1),
            ipv4: pool("31.216.48.0", 22, 10, 1_020),
            ipv6: None,
        },
    ]
}

fn web_group() -> katapult::VirtualMachineGroup {
    katapult::VirtualMachineGroup {
        id: Some(GROUP_WEB.into()),
        name: Some("Web servers".into()),
        segregate: true,
        auto_segregate: Some(false),
        created_at: Some(SEEDED_AT),
    }
}

fn production_tag() -> katapult::Tag {
    katapult::Tag {
        id: Some(TAG_PRODUCTION.into()),
        name: Some("production".into()),
        color: katapult::TagColor::Red,
        created_at: Some(SEEDED_AT),
    }
}

struct VmSeed {
    id: &'static str,
    hostname: &'static str,
    organization: usize,
    data_center: usize,
    address: &'static str,
    network: usize,
}

fn virtual_machines(
    organizations: &[OrganizationRecord],
    data_centers: &[katapult::DataCenterWithCountry],
    networks: &[NetworkRecord],
) -> Vec<Owned<katapult::VirtualMachine>> {
    let seeds = [
        VmSeed {
            id: VM_WEB_1,
            hostname: "web-1",
            organization: 0,
            data_center: 0,
            address: "185.199.216.2",
            network: 0,
        },
        VmSeed {
            id: VM_WEB_2,
            hostname: "web-2",
            organization: 0,
            data_center: 0,
            address: "185.199.216.3",
            network: 0,
        },
        VmSeed {
            id: VM_DB_1,
            hostname: "db-1",
            organization: 0,
            data_center: 1,
            address: "31.216.48.2",
            network: 2,
        },
        VmSeed {
            id: VM_GLOBEX,
            hostname: "app-1",
            organization: 1,
            data_center: 0,
            address: "185.199.216.4",
            network: 0,
        },
    ];
    seeds
        .iter()
        .map(|seed| {
            let organization = organizations[seed.organization].organization.clone();
            let sub_domain = organization.sub_domain.clone().unwrap_or_default();
            let dc = data_centers[seed.data_center].clone();
            let in_acme = seed.organization == 0;
            let vm = katapult::VirtualMachine {
                id: Some(seed.id.into()),
                name: Some(seed.hostname.into()),
                hostname: Some(seed.hostname.into()),
                fqdn: format!("{}.{sub_domain}.katapult.cloud", seed.hostname),
                description: None,
                created_at: Some(SEEDED_AT),
                initial_root_password: None,
                state: Some(katapult::VirtualMachineState::Started),
                zone: Some(katapult::Zone {
                    id: Some(format!("zone_{}_a", &seed_suffix(&dc))),
                    name: Some(format!("{} Zone A", dc.name.clone().unwrap_or_default())),
                    permalink: Some(format!("{}-a", dc.permalink.clone().unwrap_or_default())),
                    data_center: Some(dc.clone()),
                }),
                organization: Some(organization),
                group: in_acme.then(web_group),
                package: Some(package()),
                attached_iso: None,
                memory_in_gb: Some(4),
                cpu_cores: Some(2),
                use_dedicated_cpus: Some(false),
                gpu_type: None,
                gpus: Vec::new(),
                tags: if in_acme {
                    vec![production_tag()]
                } else {
                    Vec::new()
                },
                tag_names: if in_acme {
                    vec!["production".into()]
                } else {
                    Vec::new()
                },
                ip_addresses: vec![vm_address(seed, &networks[seed.network])],
                hypervisor: Some(katapult::Hypervisor {
                    id: Some(format!("hv_{}", seed_suffix(&dc))),
                    name: Some(format!(
                        "hv-01.{}",
                        dc.permalink.clone().unwrap_or_default()
                    )),
                    ip_address: Some("10.0.0.11".into()),
                }),
            };
            Owned {
                owner: organizations[seed.organization]
                    .organization
                    .id
                    .clone()
                    .unwrap_or_default(),
                object: vm,
            }
        })
        .collect()
}

fn seed_suffix(dc: &katapult::DataCenterWithCountry) -> String {
    dc.id
        .as_deref()
        .and_then(|id| id.strip_prefix("dc_"))
        .unwrap_or("x")
        .to_string()
}

fn vm_address(seed: &VmSeed, network: &NetworkRecord) -> katapult::IpAddress {
    let prefix = network.ipv4.as_ref().map_or(32, |pool| pool.prefix);
    let network = &network.network;
    katapult::IpAddress {
        id: Some(format!("ip_{}", seed.id.trim_start_matches("vm_"))),
        address: Some(seed.address.into()),
        reverse_dns: Some(reverse_dns(seed.address, network)),
        vip: Some(false),
        label: None,
        address_with_mask: Some(format!("{}/{prefix}", seed.address)),
        network: Some(network.clone()),
        allocation_id: Some(seed.id.into()),
        allocation_type: Some("VirtualMachine".into()),
    }
}

fn package() -> katapult::VirtualMachinePackage {
    katapult::VirtualMachinePackage {
        id: Some("vmpkg_rock_4".into()),
        name: Some("Rock 4".into()),
        permalink: Some("rock-4".into()),
        cpu_cores: Some(2),
        ipv4_addresses: Some(1),
        memory_in_gb: Some(4),
        storage_in_gb: Some(80),
        monthly_bandwidth_allowance_in_gb: Some(4_000),
        privacy: Some(katapult::VirtualMachinePackagePrivacy::Public),
        icon: None,
        use_dedicated_cpus: Some(false),
        group: Some(katapult::VirtualMachinePackageGroup {
            id: Some("vmpkggrp_rock".into()),
            name: Some("Rock".into()),
        }),
    }
}

fn disks(data_centers: &[katapult::DataCenterWithCountry]) -> Vec<DiskRecord> {
    let summary = |dc: usize| katapult::DataCenter {
        id: data_centers[dc].id.clone(),
        name: data_centers[dc].name.clone(),
        permalink: data_centers[dc].permalink.clone(),
    };
    let disk = |id: &str, name: &str, size, dc: usize| katapult::Disk {
        id: Some(id.into()),
        name: Some(name.into()),
        size_in_gb: Some(size),
        wwn: Some(wwn(id)),
        state: Some(katapult::DiskState::Built),
        created_at: Some(SEEDED_AT),
        storage_speed: Some(katapult::DiskStorageSpeed::Nvme),
        io_profile: Some(katapult::IoProfile {
            id: Some("iop_standard".into()),
            name: Some("Standard".into()),
            permalink: Some("standard".into()),
            speed_in_mb: Some(500),
            iops: Some(5_000),
        }),
        bus_type: Some(katapult::DiskBusType::Virtio),
        data_center: Some(summary(dc)),
        virtual_machine_disk: None,
        installation: None,
    };
    let record = |organization: &str, dc: usize, disk| DiskRecord {
        organization: organization.into(),
        data_center: data_centers[dc].id.clone().unwrap_or_default(),
        disk,
        trash: None,
    };
    let root = katapult::Disk {
        virtual_machine_disk: Some(katapult::VirtualMachineDisk {
            virtual_machine: Some(katapult::VirtualMachineSummary {
                id: Some(VM_WEB_1.into()),
                fqdn: Some("web-1.acme.katapult.cloud".into()),
            }),
            attach_on_boot: Some(true),
            boot: Some(true),
            state: Some(katapult::VirtualMachineDiskState::Attached),
        }),
        ..disk(DISK_WEB_1_ROOT, "web-1 root", 80, 0)
    };
    vec![
        record(ORG_ACME, 0, root),
        record(ORG_ACME, 0, disk(DISK_DATA_1, "data-1", 100, 0)),
        record(ORG_ACME, 0, disk(DISK_DATA_2, "data-2", 50, 0)),
        record(ORG_ACME, 1, disk(DISK_AMSTERDAM, "ams-data", 200, 1)),
        DiskRecord {
            trash: Some(katapult::TrashObject {
                id: Some("trsh_disk_trashed".into()),
                keep_until: Some(SEEDED_AT + 14 * 86_400),
                object_id: Some(DISK_TRASHED.into()),
                object_type: Some("Disk".into()),
            }),
            ..record(ORG_ACME, 0, disk(DISK_TRASHED, "old-data", 20, 0))
        },
        record(ORG_GLOBEX, 0, disk(DISK_GLOBEX, "globex-data", 100, 0)),
    ]
}

/// A World Wide Name for a disk, derived from its id (FNV-1a).
fn wwn(id: &str) -> String {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("naa.6001405{hash:016x}")
}

fn cinder() -> CinderWorld {
    let project = |id, volumes_quota, gigabytes_quota, volumes_in_use, gigabytes_in_use| Project {
        id,
        volumes_quota,
        gigabytes_quota,
        volumes_in_use,
        gigabytes_in_use,
    };
    let token = |token, user_id, project_id, admin, expired| KeystoneToken {
        token,
        user_id,
        project_id,
        admin,
        expired,
    };
    let storage = |source_name, source_id, size_in_bytes| Storage {
        source_name,
        source_id,
        size_in_bytes,
        managed_by: None,
    };
    CinderWorld {
        projects: vec![
            project(PROJECT, 10, 1_000, 0, 0),
            project(PROJECT_QUOTA_FULL, 10, 1_000, 10, 100),
            project(PROJECT_SMALL, 10, 5, 0, 0),
        ],
        tokens: vec![
            token(KEYSTONE_ADMIN, KEYSTONE_ADMIN_USER, PROJECT, true, false),
            token(
                KEYSTONE_MEMBER,
                "7c9a9bd2f2d04a5e9b1a3e6f0c4d8e21",
                PROJECT,
                false,
                false,
            ),
            token(KEYSTONE_EXPIRED, KEYSTONE_ADMIN_USER, PROJECT, true, true),
            token(
                KEYSTONE_QUOTA_FULL,
                "1f0e3d2c4b5a69788796a5b4c3d2e1f0",
                PROJECT_QUOTA_FULL,
                true,
                false,
            ),
            token(
                KEYSTONE_SMALL,
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                PROJECT_SMALL,
                true,
                false,
            ),
        ],
        backends: vec![
            Backend {
                host: CINDER_HOST_LVM,
                storage: vec![
                    storage("existingLV", "1234", 10 * GIB + GIB / 2),
                    storage("existing-lv-2", "5678", 20 * GIB),
                ],
            },
            Backend {
                host: CINDER_HOST_CEPH,
                storage: vec![storage("legacy-rbd-1", "rbd-0001", GIB)],
            },
        ],
        volume_types: vec!["lvmdriver-1", "ceph"],
        availability_zones: vec!["nova", "az2"],
        volumes: Vec::new(),
    }
}
