//! The generated clients against the fake server (`fake-server/`) over real HTTP on 127.0.0.1:
//! every operation's success, every documented error code of every operation (status, variant
//! and detail), both APIs on one listener, and a consistent state after 1,000 concurrent
//! requests. Each test starts its own seeded fake on `127.0.0.1:0`.
//!
//! **Through Prism** (tests/conformance/run sets the variables of [`ProxyMode`]): the clients
//! talk to `prism proxy --errors` of each spec instead, which validates every request and every
//! response against the spec and turns a violation into an error answer the tests do not
//! expect. Prism forwards to one fixed upstream, a [`sdk_tests::relay`] in this process, which
//! hands each request on to the test's own fake (named in a header), so every test keeps its
//! fresh seeded fake and its store. Requests a test sends *deliberately against the spec* (no
//! credential, a lookup with both keys or none, an empty reference) go to the fake directly:
//! Prism would answer them itself, and what they test is the fake's answer.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use cinder_volume_manage::types as cinder;
use fake_server::{Config, FakeServer, seed};
use katapult_core::types as katapult;

// The sentences the documentation gives for each Katapult error code.
const INVALID_API_TOKEN: &str =
    "The API token provided was not valid (it may not exist or have expired)";
const INVALID_CAPABILITIES_TOKEN: &str = "The capabilities token provided was not valid (either not valid, expired or not signed by the correct key)";
const UNAUTHORIZED_NETWORK: &str = "Network is not allowed to access the API with this API token";
const SCOPE_NOT_GRANTED: &str =
    "The scope required for this endpoint has not been granted to the authenticating identity";
const PERMISSION_DENIED: &str =
    "The authenticated identity is not permitted to perform this action";
const RATE_LIMIT_REACHED: &str = "You have reached the rate limit for this type of request";
const SERVICE_UNAVAILABLE: &str = "The service is currently unavailable, please try again later";
const ORGANIZATION_NOT_FOUND: &str =
    "No organization was found matching any of the criteria provided in the arguments";
const ORGANIZATION_SUSPENDED: &str =
    "An organization was found from the arguments provided but it was suspended";
const ORGANIZATION_NOT_ACTIVATED: &str =
    "An organization was found from the arguments provided but it wasn't activated yet";
const RESOURCE_CREATION_RESTRICTED: &str =
    "The organization chosen is not permitted to create resources";
const VALIDATION_ERROR: &str =
    "A validation error occurred with the object that was being created/updated/deleted";
const NETWORK_NOT_FOUND: &str =
    "No network was found matching any of the criteria provided in the arguments";
const NO_AVAILABLE_ADDRESSES: &str = "Our pool of addresses for that version seems to have run dry. If this issue continues, please contact support.";
const DISK_NOT_FOUND: &str =
    "No disk was found matching any of the criteria provided in the arguments";
const VIRTUAL_MACHINE_NOT_FOUND: &str =
    "No virtual machine was found matching any of the criteria provided in the arguments";
const OBJECT_IN_TRASH: &str = "The object found is in the trash and therefore cannot be manipulated through the API. It should be restored in order to run this operation.";
const UNABLE_TO_ASSIGN: &str = "The disk can not be assigned to the virtual machine.";

const GLOBEX_DENIED: &str = "This identity has no access to the organization 'globex'";

async fn fake() -> FakeServer {
    fake_with(Config::default()).await
}

async fn fake_with(config: Config) -> FakeServer {
    fake_server::start("127.0.0.1:0", config)
        .await
        .expect("the fake starts on 127.0.0.1")
}

/// Where the clients send requests when the suite runs through Prism: each spec's
/// `prism proxy --errors`, whose upstream is the relay this process starts.
struct ProxyMode {
    /// `E2E_PRISM_KATAPULT_URL`: Prism in front of `<relay>/core/v1`, for katapult-core.yaml.
    katapult: String,
    /// `E2E_PRISM_CINDER_URL`: Prism in front of `<relay>`, for cinder-volume-manage.yaml.
    cinder: String,
}

/// The proxy mode when tests/conformance/run set it up: `E2E_PRISM_KATAPULT_URL`,
/// `E2E_PRISM_CINDER_URL`, and `E2E_RELAY_LISTEN` (the address both proxies forward to, where
/// the relay is started on first use). `None` when none is set; a partial setup panics.
fn proxy_mode() -> Option<&'static ProxyMode> {
    static MODE: OnceLock<Option<ProxyMode>> = OnceLock::new();
    MODE.get_or_init(|| {
        let names = [
            "E2E_PRISM_KATAPULT_URL",
            "E2E_PRISM_CINDER_URL",
            "E2E_RELAY_LISTEN",
        ];
        let values: Vec<Option<String>> = names
            .iter()
            .map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
            .collect();
        match values.as_slice() {
            [None, None, None] => None,
            [Some(katapult), Some(cinder), Some(relay)] => {
                sdk_tests::relay::spawn(relay)
                    .unwrap_or_else(|err| panic!("cannot start the relay on {relay}: {err}"));
                Some(ProxyMode {
                    katapult: katapult.clone(),
                    cinder: cinder.clone(),
                })
            }
            _ => panic!("set all of {names:?} to run through Prism, or none of them"),
        }
    })
    .as_ref()
}

/// A Katapult client builder for `server`: straight to it, or through Prism and the relay.
fn katapult_builder(server: &FakeServer) -> katapult_core::ClientBuilder {
    let target = server.address().to_string();
    let builder = match proxy_mode() {
        Some(proxy) => katapult_core::Client::builder(proxy.katapult.as_str())
            .header(sdk_tests::relay::TARGET_HEADER, &target)
            .expect("a valid header"),
        None => katapult_core::Client::builder(server.katapult_url()),
    };
    builder.timeout(Duration::from_secs(30))
}

fn katapult_client(server: &FakeServer, token: &str) -> katapult_core::Client {
    katapult_builder(server)
        .api_token(token)
        .expect("a valid token")
        .build()
        .expect("a client")
}

/// A Katapult client that sends no credential. Always straight to the fake: a request without
/// a credential breaks the spec's security requirement on purpose.
fn anonymous(server: &FakeServer) -> katapult_core::Client {
    katapult_core::Client::builder(server.katapult_url())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client")
}

/// A Katapult client that goes straight to the fake even through Prism, for the requests a
/// test sends deliberately against the spec (Prism would answer them itself).
fn katapult_client_direct(server: &FakeServer, token: &str) -> katapult_core::Client {
    katapult_core::Client::builder(server.katapult_url())
        .api_token(token)
        .expect("a valid token")
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client")
}

/// A Cinder client that goes straight to the fake even through Prism, for the requests a test
/// sends deliberately against the spec (Prism would answer them itself).
fn cinder_client_direct(server: &FakeServer, token: &str) -> cinder_volume_manage::Client {
    cinder_volume_manage::Client::builder(server.base_url())
        .timeout(Duration::from_secs(30))
        .keystone_token(token)
        .expect("a valid token")
        .build()
        .expect("a client")
}

/// A Cinder client for `server`; without a token (a deliberate breach of the spec's security
/// requirement) always straight to the fake.
fn cinder_client(server: &FakeServer, token: Option<&str>) -> cinder_volume_manage::Client {
    let target = server.address().to_string();
    let builder = match (proxy_mode(), token) {
        (Some(proxy), Some(_)) => cinder_volume_manage::Client::builder(proxy.cinder.as_str())
            .header(sdk_tests::relay::TARGET_HEADER, &target)
            .expect("a valid header"),
        _ => cinder_volume_manage::Client::builder(server.base_url()),
    };
    let builder = builder.timeout(Duration::from_secs(30));
    let builder = match token {
        Some(token) => builder.keystone_token(token).expect("a valid token"),
        None => builder,
    };
    builder.build().expect("a client")
}

/// Awaits a call that must fail with a documented Katapult error: checks that the status on
/// the wire and the decoded variant's documented status are both `$status`, and returns the
/// decoded error.
macro_rules! documented_error {
    ($call:expr, $status:expr) => {{
        match $call.await {
            Err(katapult_core::Error::ErrorResponse(response)) => {
                let on_the_wire = response.status().as_u16();
                let error = response.into_inner();
                assert_eq!(on_the_wire, $status, "status on the wire for {error:?}");
                assert_eq!(error.status(), $status, "documented status of {error:?}");
                error
            }
            other => panic!("expected a documented {} error, got {other:?}", $status),
        }
    }};
}

/// Destructures the expected variant or fails with what came instead.
macro_rules! expect_variant {
    ($error:expr, $pattern:pat => $body:expr) => {{
        let error = $error;
        match error {
            $pattern => $body,
            other => panic!("expected {}, got {other:?}", stringify!($pattern)),
        }
    }};
}

/// Checks the codes every Katapult operation documents for credentials, networks, rates,
/// scopes and the service, on a fresh fake per operation: `missing_api_token`,
/// `invalid_api_token`, `invalid_capabilities_token`, `unauthorized_network_for_api_token`,
/// `scope_not_granted` (with `$scope_token`), `service_unavailable` and `rate_limit_reached`.
/// `$call` uses `$client` to send a request that is otherwise valid.
macro_rules! assert_credential_errors {
    ($error:ident, $scope_token:expr, |$client:ident| $call:expr) => {{
        let server = fake().await;

        let $client = anonymous(&server);
        expect_variant!(documented_error!($call, 400),
            katapult::$error::MissingApiToken { description, detail } => {
                assert!(!description.is_empty());
                assert!(detail.is_empty(), "{detail:?}");
            });

        for token in [seed::TOKEN_EXPIRED, "kat_never_issued"] {
            let $client = katapult_client(&server, token);
            expect_variant!(documented_error!($call, 403),
                katapult::$error::InvalidApiToken { description, detail } => {
                    assert_eq!(description, INVALID_API_TOKEN);
                    assert!(detail.is_empty(), "{detail:?}");
                });
        }

        for token in [seed::TOKEN_CAPABILITIES_EXPIRED, "kcap_forged_signature"] {
            let $client = katapult_client(&server, token);
            expect_variant!(documented_error!($call, 403),
                katapult::$error::InvalidCapabilitiesToken { description, detail } => {
                    assert_eq!(description, INVALID_CAPABILITIES_TOKEN);
                    assert!(detail.is_empty(), "{detail:?}");
                });
        }

        let $client = katapult_client(&server, seed::TOKEN_OFFICE_ONLY);
        expect_variant!(documented_error!($call, 403),
            katapult::$error::UnauthorizedNetworkForApiToken { description, detail } => {
                assert_eq!(description, UNAUTHORIZED_NETWORK);
                assert_eq!(detail.ip_address.as_deref(), Some("127.0.0.1"));
            });

        let $client = katapult_client(&server, $scope_token);
        expect_variant!(documented_error!($call, 403),
            katapult::$error::ScopeNotGranted { description, detail } => {
                assert_eq!(description, SCOPE_NOT_GRANTED);
                assert!(detail.is_empty(), "{detail:?}");
            });

        let $client = katapult_client(&server, seed::TOKEN_UNAVAILABLE);
        expect_variant!(documented_error!($call, 503),
            katapult::$error::ServiceUnavailable { description, detail } => {
                assert_eq!(description, SERVICE_UNAVAILABLE);
                assert!(detail.is_empty(), "{detail:?}");
            });
        server.store().set_unavailable(true);
        let $client = katapult_client(&server, seed::TOKEN_ADMIN);
        expect_variant!(documented_error!($call, 503),
            katapult::$error::ServiceUnavailable { description, .. } => {
                assert_eq!(description, SERVICE_UNAVAILABLE);
            });
        server.store().set_unavailable(false);

        // The first `low_rate_limit` requests of the minute pass (whatever they answer).
        let limit = server.store().config().low_rate_limit;
        let $client = katapult_client(&server, seed::TOKEN_RATE_LIMITED);
        for _ in 0..limit {
            if let Err(katapult_core::Error::ErrorResponse(response)) = $call.await {
                assert_ne!(response.status().as_u16(), 429, "limited too early");
            }
        }
        expect_variant!(documented_error!($call, 429),
            katapult::$error::RateLimitReached { description, detail } => {
                assert_eq!(description, RATE_LIMIT_REACHED);
                assert_eq!(detail.total_permitted, Some(i64::from(limit)));
            });
    }};
}

fn organization(sub_domain: &str) -> katapult::OrganizationLookup {
    katapult::OrganizationLookup {
        id: None,
        sub_domain: Some(sub_domain.into()),
    }
}

fn data_center(permalink: &str) -> Option<katapult::DataCenterLookup> {
    Some(katapult::DataCenterLookup {
        id: None,
        permalink: Some(permalink.into()),
    })
}

fn annotation(key: &str, value: &str) -> katapult::AnnotationArguments {
    katapult::AnnotationArguments {
        key: Some(key.into()),
        value: Some(value.into()),
    }
}

fn volume_request(sub_domain: &str, name: &str) -> katapult::CreateFileStorageVolumeRequest {
    katapult::CreateFileStorageVolumeRequest {
        organization: organization(sub_domain),
        properties: katapult::FileStorageVolumeArguments {
            name: Some(name.into()),
            data_center: data_center("uk-lon-01"),
            associations: Vec::new(),
        },
        annotations: Vec::new(),
    }
}

fn ip_request(sub_domain: &str, network: &str) -> katapult::CreateIpAddressRequest {
    katapult::CreateIpAddressRequest {
        organization: organization(sub_domain),
        network: katapult::NetworkLookup {
            id: None,
            permalink: Some(network.into()),
        },
        version: None,
        vip: None,
        label: None,
    }
}

fn lb_request(
    sub_domain: &str,
    name: &str,
    resource_ids: &[&str],
) -> katapult::CreateLoadBalancerRequest {
    katapult::CreateLoadBalancerRequest {
        organization: organization(sub_domain),
        properties: katapult::LoadBalancerArguments {
            name: Some(name.into()),
            data_center: data_center("uk-lon-01"),
            resource_ids: resource_ids.iter().map(|id| id.to_string()).collect(),
            ..Default::default()
        },
        annotations: Vec::new(),
    }
}

fn assign_request(disk: &str, virtual_machine: &str) -> katapult::AssignDiskRequest {
    katapult::AssignDiskRequest {
        disk: katapult::DiskLookup {
            id: Some(disk.into()),
        },
        virtual_machine: katapult::VirtualMachineLookup {
            id: Some(virtual_machine.into()),
            fqdn: None,
        },
    }
}

fn london() -> katapult::DataCenter {
    katapult::DataCenter {
        id: Some(seed::DC_LONDON.into()),
        name: Some("London".into()),
        permalink: Some("uk-lon-01".into()),
    }
}

fn assert_london(actual: Option<&katapult::DataCenter>) {
    let actual = actual.expect("a data centre");
    let expected = london();
    assert_eq!(
        (&actual.id, &actual.name, &actual.permalink),
        (&expected.id, &expected.name, &expected.permalink)
    );
}

// ---------------------------------------------------------------------------------------
// create_file_storage_volume

#[tokio::test]
async fn create_file_storage_volume_succeeds() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let mut request = volume_request("acme", "shared-data");
    request.properties.associations = vec![seed::VM_WEB_1.into()];
    request.annotations = vec![annotation("team", "storage")];
    let created = client
        .create_file_storage_volume()
        .body(request)
        .send()
        .await
        .expect("201");
    assert_eq!(created.status().as_u16(), 201);
    let created = created.into_inner();
    let volume = &created.file_storage_volume;
    let id = volume.id.clone().expect("an id");
    assert!(id.starts_with("fsv_"), "{id}");
    assert_eq!(volume.name.as_deref(), Some("shared-data"));
    assert_london(volume.data_center.as_ref());
    assert_eq!(volume.associations, vec![seed::VM_WEB_1.to_string()]);
    assert_eq!(
        volume.state,
        Some(katapult::FileStorageVolumeState::Pending)
    );
    assert_eq!(
        volume.nfs_location.as_deref(),
        Some(format!("nfs.uk-lon-01.katapult.cloud:/volumes/{id}").as_str())
    );
    assert_eq!(volume.size, Some(0));
    assert_eq!(created.annotations.len(), 1);
    assert_eq!(created.annotations[0].key.as_deref(), Some("team"));
    assert_eq!(created.annotations[0].value.as_deref(), Some("storage"));

    // An OAuth2 token with the scope, and a network-restricted token from an allowed network.
    for (token, name) in [
        (seed::TOKEN_OAUTH_FULL, "oauth-volume"),
        (seed::TOKEN_LOOPBACK_ONLY, "loopback-volume"),
    ] {
        let created = katapult_client(&server, token)
            .create_file_storage_volume()
            .body(volume_request("acme", name))
            .send()
            .await
            .expect("201");
        assert_eq!(created.file_storage_volume.name.as_deref(), Some(name));
    }
    let stored: Vec<Option<String>> = server
        .store()
        .file_storage_volumes()
        .into_iter()
        .map(|volume| volume.id)
        .collect();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].as_deref(), Some(id.as_str()));
}

#[tokio::test]
async fn create_file_storage_volume_credential_errors() {
    assert_credential_errors!(
        CreateFileStorageVolumeError,
        seed::TOKEN_DISKS_ONLY,
        |client| {
            client
                .create_file_storage_volume()
                .body(volume_request("acme", &format!("v-{}", unique_suffix())))
                .send()
        }
    );
}

/// A distinct number per call, so that rate-limit probes do not trip the name uniqueness check.
fn unique_suffix() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[tokio::test]
async fn create_file_storage_volume_organization_errors() {
    let server = fake().await;
    let admin = katapult_client(&server, seed::TOKEN_ADMIN);
    let send = |client: &katapult_core::Client, sub_domain: &str| {
        let (client, body) = (client.clone(), volume_request(sub_domain, "data"));
        async move { client.create_file_storage_volume().body(body).send().await }
    };

    expect_variant!(documented_error!(send(&admin, "nope"), 404),
    katapult::CreateFileStorageVolumeError::OrganizationNotFound { description, detail } => {
        assert_eq!(description, ORGANIZATION_NOT_FOUND);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, "umbrella"), 403),
    katapult::CreateFileStorageVolumeError::OrganizationSuspended { description, detail } => {
        assert_eq!(description, ORGANIZATION_SUSPENDED);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, "hooli"), 403),
    katapult::CreateFileStorageVolumeError::OrganizationNotActivated { description, detail } => {
        assert_eq!(description, ORGANIZATION_NOT_ACTIVATED);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, "initech"), 403),
    katapult::CreateFileStorageVolumeError::ResourceCreationRestricted { description, detail } => {
        assert_eq!(description, RESOURCE_CREATION_RESTRICTED);
        assert!(detail.is_empty());
    });
    let acme_only = katapult_client(&server, seed::TOKEN_ACME_ONLY);
    expect_variant!(documented_error!(send(&acme_only, "globex"), 403),
    katapult::CreateFileStorageVolumeError::PermissionDenied { description, detail } => {
        assert_eq!(description, PERMISSION_DENIED);
        assert_eq!(detail.details.as_deref(), Some(GLOBEX_DENIED));
    });
    assert!(server.store().file_storage_volumes().is_empty());
}

#[tokio::test]
async fn create_file_storage_volume_validation_errors() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    // For requests against the spec on purpose (straight to the fake even through Prism).
    let direct = katapult_client_direct(&server, seed::TOKEN_ADMIN);
    let errors_of = |client: &katapult_core::Client,
                     request: katapult::CreateFileStorageVolumeRequest| {
        let client = client.clone();
        async move {
            expect_variant!(documented_error!(client.create_file_storage_volume().body(request).send(), 422),
            katapult::CreateFileStorageVolumeError::ValidationError { description, detail } => {
                assert_eq!(description, VALIDATION_ERROR);
                detail.errors
            })
        }
    };

    let mut request = volume_request("acme", "  ");
    request.properties.data_center = data_center("mars-01");
    request.properties.associations = vec![seed::VM_GLOBEX.into()];
    request.annotations = vec![katapult::AnnotationArguments {
        key: None,
        value: Some("orphan".into()),
    }];
    assert_eq!(
        errors_of(&client, request).await,
        vec![
            "properties.name: can't be blank",
            "properties.data_center: no data centre has the permalink `mars-01`",
            "properties.associations: `vm_globex1` is not a virtual machine of this organization",
            "annotations[0].key: can't be blank",
        ]
    );

    let mut request = volume_request("acme", "no-dc");
    request.properties.data_center = None;
    assert_eq!(
        errors_of(&client, request).await,
        vec!["properties.data_center: a data centre must be given"]
    );

    let mut request = volume_request("acme", "both-keys");
    request.organization.id = Some(seed::ORG_ACME.into());
    assert_eq!(
        errors_of(&direct, request).await,
        vec!["organization: exactly one of `id` or `sub_domain` must be given"]
    );

    client
        .create_file_storage_volume()
        .body(volume_request("acme", "taken"))
        .send()
        .await
        .expect("the first one is created");
    assert_eq!(
        errors_of(&client, volume_request("acme", "taken")).await,
        vec!["properties.name: has already been taken"]
    );
    // Names are unique per organisation only.
    client
        .create_file_storage_volume()
        .body(volume_request("globex", "taken"))
        .send()
        .await
        .expect("another organisation may use the name");
    assert_eq!(server.store().file_storage_volumes().len(), 2);
}

// ---------------------------------------------------------------------------------------
// assign_disk

#[tokio::test]
async fn assign_disk_succeeds() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let request = katapult::AssignDiskRequest {
        disk: katapult::DiskLookup {
            id: Some(seed::DISK_DATA_1.into()),
        },
        virtual_machine: katapult::VirtualMachineLookup {
            id: None,
            fqdn: Some("web-1.acme.katapult.cloud".into()),
        },
    };
    let assigned = client
        .assign_disk()
        .body(request)
        .send()
        .await
        .expect("200");
    assert_eq!(assigned.status().as_u16(), 200);
    let disk = assigned.into_inner().disk;
    assert_eq!(disk.id.as_deref(), Some(seed::DISK_DATA_1));
    assert_eq!(disk.name.as_deref(), Some("data-1"));
    assert_eq!(disk.size_in_gb, Some(100));
    assert_eq!(disk.state, Some(katapult::DiskState::Built));
    assert_eq!(disk.storage_speed, Some(katapult::DiskStorageSpeed::Nvme));
    assert_eq!(disk.bus_type, Some(katapult::DiskBusType::Virtio));
    assert!(
        disk.wwn
            .as_deref()
            .is_some_and(|wwn| wwn.starts_with("naa."))
    );
    assert_london(disk.data_center.as_ref());
    let attachment = disk.virtual_machine_disk.expect("now on a machine");
    let machine = attachment.virtual_machine.expect("the machine");
    assert_eq!(machine.id.as_deref(), Some(seed::VM_WEB_1));
    assert_eq!(machine.fqdn.as_deref(), Some("web-1.acme.katapult.cloud"));
    assert_eq!(
        attachment.state,
        Some(katapult::VirtualMachineDiskState::Attached)
    );
    assert_eq!(attachment.attach_on_boot, Some(true));
    assert_eq!(attachment.boot, Some(false));
    let stored = server.store().disk(seed::DISK_DATA_1).expect("seeded");
    assert!(stored.virtual_machine_disk.is_some(), "the store keeps it");

    // An OAuth2 token with only the disks scope may assign disks.
    let disks_only = katapult_client(&server, seed::TOKEN_DISKS_ONLY);
    let assigned = disks_only
        .assign_disk()
        .body(assign_request(seed::DISK_DATA_2, seed::VM_WEB_2))
        .send()
        .await
        .expect("200");
    let on = assigned.into_inner().disk.virtual_machine_disk;
    assert_eq!(
        on.and_then(|attachment| attachment.virtual_machine)
            .and_then(|machine| machine.id)
            .as_deref(),
        Some(seed::VM_WEB_2)
    );
}

#[tokio::test]
async fn assign_disk_credential_errors() {
    // The capabilities token holds only the ip_addresses scope.
    assert_credential_errors!(AssignDiskError, seed::TOKEN_CAPABILITIES, |client| {
        client
            .assign_disk()
            .body(assign_request("disk_nope", seed::VM_WEB_1))
            .send()
    });
}

#[tokio::test]
async fn assign_disk_lookup_and_assignment_errors() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let send = |client: &katapult_core::Client, request: katapult::AssignDiskRequest| {
        let client = client.clone();
        async move { client.assign_disk().body(request).send().await }
    };

    // An empty disk lookup is against the spec on purpose (straight to the fake even through
    // Prism).
    let direct = katapult_client_direct(&server, seed::TOKEN_ADMIN);
    for (disk, client) in [(Some("disk_nope".to_string()), &client), (None, &direct)] {
        let request = katapult::AssignDiskRequest {
            disk: katapult::DiskLookup { id: disk },
            virtual_machine: katapult::VirtualMachineLookup {
                id: Some(seed::VM_WEB_1.into()),
                fqdn: None,
            },
        };
        expect_variant!(documented_error!(send(client, request), 404),
        katapult::AssignDiskError::DiskNotFound { description, detail } => {
            assert_eq!(description, DISK_NOT_FOUND);
            assert!(detail.is_empty());
        });
    }

    let request = katapult::AssignDiskRequest {
        disk: katapult::DiskLookup {
            id: Some(seed::DISK_DATA_1.into()),
        },
        virtual_machine: katapult::VirtualMachineLookup {
            id: None,
            fqdn: Some("nope.acme.katapult.cloud".into()),
        },
    };
    expect_variant!(documented_error!(send(&client, request), 404),
    katapult::AssignDiskError::VirtualMachineNotFound { description, detail } => {
        assert_eq!(description, VIRTUAL_MACHINE_NOT_FOUND);
        assert!(detail.is_empty());
    });

    expect_variant!(
    documented_error!(send(&client, assign_request(seed::DISK_TRASHED, seed::VM_WEB_1)), 406),
    katapult::AssignDiskError::ObjectInTrash { description, detail } => {
        assert_eq!(description, OBJECT_IN_TRASH);
        let trash = detail.trash_object.expect("the trash entry");
        assert_eq!(trash.id.as_deref(), Some("trsh_disk_trashed"));
        assert_eq!(trash.object_id.as_deref(), Some(seed::DISK_TRASHED));
        assert_eq!(trash.object_type.as_deref(), Some("Disk"));
        assert!(trash.keep_until.is_some_and(|until| until > 1_700_000_000));
    });

    let acme_only = katapult_client(&server, seed::TOKEN_ACME_ONLY);
    for request in [
        assign_request(seed::DISK_GLOBEX, seed::VM_WEB_1),
        assign_request(seed::DISK_DATA_2, seed::VM_GLOBEX),
    ] {
        expect_variant!(documented_error!(send(&acme_only, request), 403),
        katapult::AssignDiskError::PermissionDenied { description, detail } => {
            assert_eq!(description, PERMISSION_DENIED);
            assert_eq!(detail.details.as_deref(), Some(GLOBEX_DENIED));
        });
    }

    let unable = |request| {
        let client = client.clone();
        async move {
            expect_variant!(documented_error!(client.assign_disk().body(request).send(), 422),
            katapult::AssignDiskError::UnableToAssign { description, detail } => {
                assert_eq!(description, UNABLE_TO_ASSIGN);
                detail.errors
            })
        }
    };
    assert_eq!(
        unable(assign_request(seed::DISK_WEB_1_ROOT, seed::VM_WEB_2)).await,
        vec!["The disk is already assigned to the virtual machine web-1.acme.katapult.cloud"]
    );
    assert_eq!(
        unable(assign_request(seed::DISK_AMSTERDAM, seed::VM_WEB_1)).await,
        vec!["The disk is in the data centre dc_ams but the virtual machine is in dc_lon"]
    );
    assert_eq!(
        unable(assign_request(seed::DISK_GLOBEX, seed::VM_WEB_1)).await,
        vec!["The disk and the virtual machine belong to different organizations"]
    );
    // A disk assigned by a request cannot be assigned again.
    client
        .assign_disk()
        .body(assign_request(seed::DISK_DATA_1, seed::VM_WEB_1))
        .send()
        .await
        .expect("assigned");
    assert_eq!(
        unable(assign_request(seed::DISK_DATA_1, seed::VM_WEB_2)).await,
        vec!["The disk is already assigned to the virtual machine web-1.acme.katapult.cloud"]
    );
}

// ---------------------------------------------------------------------------------------
// create_ip_address

#[tokio::test]
async fn create_ip_address_succeeds() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let created = client
        .create_ip_address()
        .body(ip_request("acme", "uk-lon-01-public"))
        .send()
        .await
        .expect("200");
    assert_eq!(created.status().as_u16(), 200);
    let ip = created.into_inner().ip_address;
    assert!(ip.id.as_deref().is_some_and(|id| id.starts_with("ip_")));
    assert_eq!(ip.address.as_deref(), Some("185.199.216.10"));
    assert_eq!(ip.address_with_mask.as_deref(), Some("185.199.216.10/21"));
    assert_eq!(
        ip.reverse_dns.as_deref(),
        Some("185-199-216-10.uk-lon-01.katapult.cloud")
    );
    assert_eq!(ip.vip, Some(false));
    assert_eq!(ip.label, None);
    let network = ip.network.expect("the network");
    assert_eq!(network.id.as_deref(), Some(seed::NETWORK_LONDON));
    assert_eq!(network.permalink.as_deref(), Some("uk-lon-01-public"));
    let dc = network.data_center.expect("the data centre");
    assert_eq!(dc.permalink.as_deref(), Some("uk-lon-01"));
    let country = dc.country.expect("the country");
    assert_eq!(country.iso_code2.as_deref(), Some("GB"));
    assert_eq!(country.eu, Some(false));

    // IPv6, as a labelled VIP, looked up by network id.
    let mut request = ip_request("acme", "");
    request.network = katapult::NetworkLookup {
        id: Some(seed::NETWORK_LONDON.into()),
        permalink: None,
    };
    request.version = Some(katapult::CreateIpAddressRequestVersion::Ipv6);
    request.vip = Some(true);
    request.label = Some("frontend".into());
    let v6 = client
        .create_ip_address()
        .body(request)
        .send()
        .await
        .expect("200")
        .into_inner()
        .ip_address;
    assert_eq!(v6.address.as_deref(), Some("2a03:2800:1000::10"));
    assert_eq!(
        v6.address_with_mask.as_deref(),
        Some("2a03:2800:1000::10/48")
    );
    assert_eq!(v6.vip, Some(true));
    assert_eq!(v6.label.as_deref(), Some("frontend"));

    // The capabilities token works for its organisation; addresses are handed out in order.
    let capabilities = katapult_client(&server, seed::TOKEN_CAPABILITIES);
    let next = capabilities
        .create_ip_address()
        .body(ip_request("acme", "uk-lon-01-public"))
        .send()
        .await
        .expect("200")
        .into_inner()
        .ip_address;
    assert_eq!(next.address.as_deref(), Some("185.199.216.11"));
    let stored: Vec<Option<String>> = server
        .store()
        .ip_addresses()
        .into_iter()
        .map(|ip| ip.address)
        .collect();
    assert_eq!(
        stored,
        vec![
            Some("185.199.216.10".to_string()),
            Some("2a03:2800:1000::10".to_string()),
            Some("185.199.216.11".to_string())
        ]
    );
}

#[tokio::test]
async fn create_ip_address_credential_errors() {
    assert_credential_errors!(CreateIpAddressError, seed::TOKEN_DISKS_ONLY, |client| {
        client
            .create_ip_address()
            .body(ip_request("acme", "uk-lon-01-public"))
            .send()
    });
}

#[tokio::test]
async fn create_ip_address_lookup_and_pool_errors() {
    let server = fake().await;
    let admin = katapult_client(&server, seed::TOKEN_ADMIN);
    let send = |client: &katapult_core::Client, request: katapult::CreateIpAddressRequest| {
        let client = client.clone();
        async move { client.create_ip_address().body(request).send().await }
    };

    expect_variant!(documented_error!(send(&admin, ip_request("nope", "uk-lon-01-public")), 404),
    katapult::CreateIpAddressError::OrganizationNotFound { description, detail } => {
        assert_eq!(description, ORGANIZATION_NOT_FOUND);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, ip_request("umbrella", "uk-lon-01-public")), 403),
    katapult::CreateIpAddressError::OrganizationSuspended { description, detail } => {
        assert_eq!(description, ORGANIZATION_SUSPENDED);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, ip_request("hooli", "uk-lon-01-public")), 403),
    katapult::CreateIpAddressError::OrganizationNotActivated { description, detail } => {
        assert_eq!(description, ORGANIZATION_NOT_ACTIVATED);
        assert!(detail.is_empty());
    });
    let capabilities = katapult_client(&server, seed::TOKEN_CAPABILITIES);
    expect_variant!(documented_error!(send(&capabilities, ip_request("globex", "uk-lon-01-public")), 403),
    katapult::CreateIpAddressError::PermissionDenied { description, detail } => {
        assert_eq!(description, PERMISSION_DENIED);
        assert_eq!(detail.details.as_deref(), Some(GLOBEX_DENIED));
    });
    expect_variant!(documented_error!(send(&admin, ip_request("acme", "nope")), 404),
    katapult::CreateIpAddressError::NetworkNotFound { description, detail } => {
        assert_eq!(description, NETWORK_NOT_FOUND);
        assert!(detail.is_empty());
    });

    for version in [
        None,
        Some(katapult::CreateIpAddressRequestVersion::Ipv4),
        Some(katapult::CreateIpAddressRequestVersion::Ipv6),
    ] {
        let mut request = ip_request("acme", "uk-lon-01-legacy");
        request.version = version;
        expect_variant!(documented_error!(send(&admin, request), 503),
        katapult::CreateIpAddressError::NoAvailableAddresses { description, detail } => {
            assert_eq!(description, NO_AVAILABLE_ADDRESSES);
            assert!(detail.is_empty());
        });
    }

    let invalid = |client: &katapult_core::Client, request| {
        let client = client.clone();
        async move {
            expect_variant!(documented_error!(client.create_ip_address().body(request).send(), 422),
            katapult::CreateIpAddressError::ValidationError { description, detail } => {
                assert_eq!(description, VALIDATION_ERROR);
                detail.errors
            })
        }
    };
    let mut request = ip_request("acme", "uk-lon-01-public");
    request.label = Some("not a vip".into());
    assert_eq!(
        invalid(&admin, request).await,
        vec!["label: can only be given to a VIP (`vip: true`)"]
    );
    // Lookups with both keys or none are against the spec on purpose (straight to the fake even
    // through Prism).
    let direct = katapult_client_direct(&server, seed::TOKEN_ADMIN);
    let mut request = ip_request("acme", "uk-lon-01-public");
    request.network.id = Some(seed::NETWORK_LONDON.into());
    assert_eq!(
        invalid(&direct, request).await,
        vec!["network: exactly one of `id` or `permalink` must be given"]
    );
    let mut request = ip_request("acme", "uk-lon-01-public");
    request.organization.sub_domain = None;
    assert_eq!(
        invalid(&direct, request).await,
        vec!["organization: exactly one of `id` or `sub_domain` must be given"]
    );
    assert!(
        server.store().ip_addresses().is_empty(),
        "nothing was created"
    );
}

// ---------------------------------------------------------------------------------------
// create_load_balancer

#[tokio::test]
async fn create_load_balancer_succeeds() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let mut request = lb_request("acme", "web", &[seed::VM_WEB_1, seed::VM_WEB_2]);
    request.properties.resource_type = Some(katapult::LoadBalancerResourceType::VirtualMachines);
    request.properties.https_redirect = Some(true);
    request.properties.enable_weighting = Some(true);
    request.properties.weights = vec![
        katapult::LoadBalancerWeightArguments {
            virtual_machine_id: Some(seed::VM_WEB_1.into()),
            weight: Some(60),
        },
        katapult::LoadBalancerWeightArguments {
            virtual_machine_id: Some(seed::VM_WEB_2.into()),
            weight: Some(40),
        },
    ];
    request.properties.standby_vms = vec![seed::VM_WEB_2.into()];
    request.annotations = vec![annotation("env", "production")];
    let created = client
        .create_load_balancer()
        .body(request)
        .send()
        .await
        .expect("201");
    assert_eq!(created.status().as_u16(), 201);
    let created = created.into_inner();
    let lb = &created.load_balancer;
    let id = lb.id.clone().expect("an id");
    assert!(id.starts_with("lb_"), "{id}");
    assert_eq!(
        lb.api_reference.as_deref(),
        Some(format!("lb-{}", id.trim_start_matches("lb_").to_lowercase()).as_str())
    );
    assert_eq!(lb.name.as_deref(), Some("web"));
    assert_eq!(
        lb.resource_type,
        Some(katapult::LoadBalancerResourceType::VirtualMachines)
    );
    assert_eq!(lb.resource_ids, vec![seed::VM_WEB_1, seed::VM_WEB_2]);
    let fqdns: Vec<String> = lb
        .resources
        .iter()
        .map(|resource| match &resource.resources {
            Some(katapult::LoadBalancerResourceVariant::VirtualMachine(vm)) => vm.fqdn.clone(),
            other => panic!("expected a virtual machine, got {other:?}"),
        })
        .collect();
    assert_eq!(
        fqdns,
        vec!["web-1.acme.katapult.cloud", "web-2.acme.katapult.cloud"]
    );
    let address = lb.ip_address.as_ref().expect("an address");
    assert_eq!(address.address.as_deref(), Some("185.199.216.10"));
    assert!(
        address
            .id
            .as_deref()
            .is_some_and(|id| id.starts_with("ip_"))
    );
    assert_eq!(lb.https_redirect, Some(true));
    assert_eq!(lb.enable_weighting, Some(true));
    assert_eq!(lb.weights.len(), 2);
    assert_eq!(
        lb.weights[1].virtual_machine_id.as_deref(),
        Some(seed::VM_WEB_2)
    );
    assert_eq!(lb.weights[1].weight, Some(40));
    assert_eq!(lb.standby_vms, vec![seed::VM_WEB_2]);
    assert_london(lb.data_center.as_ref());
    assert_eq!(created.annotations[0].key.as_deref(), Some("env"));

    // Groups and tags are resources too.
    let mut request = lb_request("acme", "by-group", &[seed::GROUP_WEB]);
    request.properties.resource_type =
        Some(katapult::LoadBalancerResourceType::VirtualMachineGroups);
    let by_group = client
        .create_load_balancer()
        .body(request)
        .send()
        .await
        .expect("201")
        .into_inner()
        .load_balancer;
    match &by_group.resources[0].resources {
        Some(katapult::LoadBalancerResourceVariant::VirtualMachineGroup(group)) => {
            assert_eq!(group.name.as_deref(), Some("Web servers"));
            assert!(group.segregate);
        }
        other => panic!("expected a group, got {other:?}"),
    }
    let mut request = lb_request("acme", "by-tag", &[seed::TAG_PRODUCTION]);
    request.properties.resource_type = Some(katapult::LoadBalancerResourceType::Tags);
    let by_tag = katapult_client(&server, seed::TOKEN_OAUTH_FULL)
        .create_load_balancer()
        .body(request)
        .send()
        .await
        .expect("201")
        .into_inner()
        .load_balancer;
    match &by_tag.resources[0].resources {
        Some(katapult::LoadBalancerResourceVariant::Tag(tag)) => {
            assert_eq!(tag.color, katapult::TagColor::Red);
            assert_eq!(tag.name.as_deref(), Some("production"));
        }
        other => panic!("expected a tag, got {other:?}"),
    }
    let stored: Vec<Option<String>> = server
        .store()
        .load_balancers()
        .into_iter()
        .map(|lb| lb.name)
        .collect();
    assert_eq!(
        stored,
        vec![
            Some("web".to_string()),
            Some("by-group".to_string()),
            Some("by-tag".to_string())
        ]
    );
}

#[tokio::test]
async fn create_load_balancer_credential_errors() {
    assert_credential_errors!(CreateLoadBalancerError, seed::TOKEN_DISKS_ONLY, |client| {
        client
            .create_load_balancer()
            .body(lb_request(
                "acme",
                &format!("lb-{}", unique_suffix()),
                &[seed::VM_WEB_1],
            ))
            .send()
    });
}

#[tokio::test]
async fn create_load_balancer_organization_errors() {
    let server = fake().await;
    let admin = katapult_client(&server, seed::TOKEN_ADMIN);
    let send = |client: &katapult_core::Client, sub_domain: &str| {
        let (client, body) = (client.clone(), lb_request(sub_domain, "web", &[]));
        async move { client.create_load_balancer().body(body).send().await }
    };
    expect_variant!(documented_error!(send(&admin, "nope"), 404),
    katapult::CreateLoadBalancerError::OrganizationNotFound { description, detail } => {
        assert_eq!(description, ORGANIZATION_NOT_FOUND);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, "umbrella"), 403),
    katapult::CreateLoadBalancerError::OrganizationSuspended { description, detail } => {
        assert_eq!(description, ORGANIZATION_SUSPENDED);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, "hooli"), 403),
    katapult::CreateLoadBalancerError::OrganizationNotActivated { description, detail } => {
        assert_eq!(description, ORGANIZATION_NOT_ACTIVATED);
        assert!(detail.is_empty());
    });
    expect_variant!(documented_error!(send(&admin, "initech"), 403),
    katapult::CreateLoadBalancerError::ResourceCreationRestricted { description, detail } => {
        assert_eq!(description, RESOURCE_CREATION_RESTRICTED);
        assert!(detail.is_empty());
    });
    let acme_only = katapult_client(&server, seed::TOKEN_ACME_ONLY);
    expect_variant!(documented_error!(send(&acme_only, "globex"), 403),
    katapult::CreateLoadBalancerError::PermissionDenied { description, detail } => {
        assert_eq!(description, PERMISSION_DENIED);
        assert_eq!(detail.details.as_deref(), Some(GLOBEX_DENIED));
    });
    assert!(server.store().load_balancers().is_empty());
}

#[tokio::test]
async fn create_load_balancer_validation_errors() {
    let server = fake().await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let invalid = |request| {
        let client = client.clone();
        async move {
            expect_variant!(documented_error!(client.create_load_balancer().body(request).send(), 422),
            katapult::CreateLoadBalancerError::ValidationError { description, detail } => {
                assert_eq!(description, VALIDATION_ERROR);
                detail.errors
            })
        }
    };

    let mut request = lb_request("acme", "", &[seed::VM_WEB_1, "vm_nope", seed::VM_GLOBEX]);
    request.properties.data_center = None;
    request.properties.weights = vec![katapult::LoadBalancerWeightArguments {
        virtual_machine_id: Some(seed::VM_DB_1.into()),
        weight: Some(0),
    }];
    request.properties.standby_vms = vec!["vm_nope".into()];
    request.properties.backend_certificate_key = Some("-----BEGIN PRIVATE KEY-----".into());
    request.annotations = vec![annotation(" ", "blank")];
    assert_eq!(
        invalid(request).await,
        vec![
            "properties.name: can't be blank",
            "properties.data_center: a data centre must be given",
            "properties.resource_ids: `vm_nope` is not a virtual machine of this organization",
            "properties.resource_ids: `vm_globex1` is not a virtual machine of this organization",
            "properties.weights[0].virtual_machine_id: `vm_db1` is not one of the load balancer's virtual machines",
            "properties.weights[0].weight: must be between 1 and 100",
            "properties.standby_vms: `vm_nope` is not a virtual machine of this organization",
            "properties.backend_certificate_key: needs a backend_certificate",
            "annotations[0].key: can't be blank",
        ]
    );

    // A machine in another data centre; a group id given for virtual machines; a tag as a group.
    assert_eq!(
        invalid(lb_request("acme", "far", &[seed::VM_DB_1])).await,
        vec![
            "properties.resource_ids: the virtual machine `vm_db1` is not in the load balancer's data centre"
        ]
    );
    assert_eq!(
        invalid(lb_request("acme", "kind", &[seed::GROUP_WEB])).await,
        vec!["properties.resource_ids: `vmgrp_web` is not a virtual machine of this organization"]
    );
    let mut request = lb_request("acme", "tag-as-group", &[seed::TAG_PRODUCTION]);
    request.properties.resource_type =
        Some(katapult::LoadBalancerResourceType::VirtualMachineGroups);
    assert_eq!(
        invalid(request).await,
        vec![
            "properties.resource_ids: `tag_production` is not a virtual machine group of this organization"
        ]
    );
    let mut request = lb_request("acme", "mars", &[]);
    request.properties.data_center = Some(katapult::DataCenterLookup {
        id: Some("dc_mars".into()),
        permalink: None,
    });
    assert_eq!(
        invalid(request).await,
        vec!["properties.data_center: no data centre has the id `dc_mars`"]
    );

    client
        .create_load_balancer()
        .body(lb_request("acme", "taken", &[]))
        .send()
        .await
        .expect("the first one is created");
    assert_eq!(
        invalid(lb_request("acme", "taken", &[])).await,
        vec!["properties.name: has already been taken"]
    );
    assert_eq!(server.store().load_balancers().len(), 1);
}

// ---------------------------------------------------------------------------------------
// Cinder manage_existing_volume

fn manage_request(host: &str, source_name: &str) -> cinder::ManageExistingVolumeRequest {
    cinder::ManageExistingVolumeRequest {
        volume: cinder::VolumeManageArguments {
            host: host.into(),
            ref_: cinder::VolumeManageRef {
                source_name: Some(source_name.into()),
                source_id: None,
            },
            name: None,
            description: None,
            availability_zone: None,
            volume_type: None,
            bootable: None,
            metadata: None,
        },
    }
}

/// The fixture's request (`tests/fixtures/…/request.json`).
fn fixture_request() -> cinder::ManageExistingVolumeRequest {
    let fixture = sdk_tests::fixtures("cinder-volume-manage")
        .into_iter()
        .find(|fixture| fixture.name == "request")
        .expect("the request fixture");
    serde_json::from_value(fixture.body).expect("the fixture decodes")
}

/// Awaits a call that must fail with a Cinder fault: checks the status, that the body has the
/// one key `$key` and that its `code` is the status; returns the message.
macro_rules! cinder_fault {
    ($call:expr, $status:expr, $key:expr) => {{
        match $call.await {
            Err(cinder_volume_manage::Error::ErrorResponse(response)) => {
                assert_eq!(response.status().as_u16(), $status);
                let fault = response.into_inner();
                let body = serde_json::to_value(&fault).expect("encodes");
                let keys: Vec<&String> = body.as_object().expect("an object").keys().collect();
                assert_eq!(keys, vec![$key], "{body}");
                let detail = match (fault, $key) {
                    (cinder::CinderFault::BadRequest(detail), "badRequest")
                    | (cinder::CinderFault::Unauthorized(detail), "unauthorized")
                    | (cinder::CinderFault::Forbidden(detail), "forbidden")
                    | (cinder::CinderFault::ItemNotFound(detail), "itemNotFound")
                    | (cinder::CinderFault::OverLimit(detail), "overLimit") => detail,
                    (other, key) => panic!("expected a {key} fault, got {other:?}"),
                };
                assert_eq!(detail.code, $status);
                detail.message
            }
            other => panic!("expected a {} {} fault, got {other:?}", $status, $key),
        }
    }};
}

#[tokio::test]
async fn manage_existing_volume_succeeds() {
    let server = fake().await;
    let client = cinder_client(&server, Some(seed::KEYSTONE_ADMIN));
    let managed = client
        .manage_existing_volume()
        .project_id(seed::PROJECT)
        .body(fixture_request())
        .send()
        .await
        .expect("202");
    assert_eq!(managed.status().as_u16(), 202);
    let volume = managed.into_inner().volume;
    assert_eq!(volume.id.len(), 36, "{}", volume.id);
    assert_eq!(volume.status, "creating");
    assert_eq!(volume.size, 11, "10.5 GiB rounds up to 11");
    assert_eq!(volume.name.as_deref(), Some("New Volume"));
    assert_eq!(
        volume.description.as_deref(),
        Some("Volume imported from existingLV")
    );
    assert_eq!(volume.availability_zone.as_deref(), Some("az2"));
    assert_eq!(volume.bootable, cinder::VolumeBootable::True);
    assert_eq!(volume.user_id, seed::KEYSTONE_ADMIN_USER);
    assert_eq!(volume.volume_type, None);
    assert_eq!(volume.updated_at, None);
    assert_eq!(volume.replication_status, "disabled");
    assert!(!volume.encrypted && !volume.multiattach);
    assert!(volume.attachments.is_empty());
    assert_eq!(
        volume.metadata.0.get("key1").map(String::as_str),
        Some("value1")
    );
    assert_eq!(volume.created_at.len(), "2014-07-18T00:12:54.000000".len());
    assert!(
        volume.created_at.ends_with(".000000"),
        "{}",
        volume.created_at
    );
    let links: Vec<(String, String)> = volume
        .links
        .iter()
        .map(|link| (link.rel.clone(), link.href.clone()))
        .collect();
    let base = server.base_url();
    assert_eq!(
        links,
        vec![
            (
                "self".to_string(),
                format!("{base}/v2/{}/volumes/{}", seed::PROJECT, volume.id)
            ),
            (
                "bookmark".to_string(),
                format!("{base}/{}/volumes/{}", seed::PROJECT, volume.id)
            ),
        ]
    );

    // By source-id only, with a volume type, the default zone and no name.
    let mut request = manage_request(seed::CINDER_HOST_LVM, "");
    request.volume.ref_ = cinder::VolumeManageRef {
        source_name: None,
        source_id: Some("5678".into()),
    };
    request.volume.volume_type = Some("lvmdriver-1".into());
    let second = client
        .manage_existing_volume()
        .project_id(seed::PROJECT)
        .body(request)
        .send()
        .await
        .expect("202")
        .into_inner()
        .volume;
    assert_eq!(second.size, 20);
    assert_eq!(second.availability_zone.as_deref(), Some("nova"));
    assert_eq!(second.volume_type.as_deref(), Some("lvmdriver-1"));
    assert_eq!(second.bootable, cinder::VolumeBootable::False);
    assert_eq!(second.name, None);
    assert_ne!(second.id, volume.id);

    let stored: Vec<String> = server
        .store()
        .managed_volumes()
        .into_iter()
        .map(|volume| volume.id)
        .collect();
    assert_eq!(stored, vec![volume.id, second.id]);
}

#[tokio::test]
async fn manage_existing_volume_faults() {
    let server = fake().await;
    let admin = cinder_client(&server, Some(seed::KEYSTONE_ADMIN));
    let send = |client: &cinder_volume_manage::Client,
                project: &str,
                request: cinder::ManageExistingVolumeRequest| {
        let (client, project) = (client.clone(), project.to_string());
        async move {
            client
                .manage_existing_volume()
                .project_id(project)
                .body(request)
                .send()
                .await
        }
    };
    let lvm = |name: &str| manage_request(seed::CINDER_HOST_LVM, name);

    // 401: no token (the router), an expired token, an unknown token.
    let message = cinder_fault!(
        send(
            &cinder_client(&server, None),
            seed::PROJECT,
            lvm("existingLV")
        ),
        401,
        "unauthorized"
    );
    assert!(!message.is_empty());
    for token in [seed::KEYSTONE_EXPIRED, "gAAAAA-unknown"] {
        let message = cinder_fault!(
            send(
                &cinder_client(&server, Some(token)),
                seed::PROJECT,
                lvm("existingLV")
            ),
            401,
            "unauthorized"
        );
        assert_eq!(
            message,
            "The request you have made requires authentication."
        );
    }

    // 403: a member, not an admin.
    let message = cinder_fault!(
        send(
            &cinder_client(&server, Some(seed::KEYSTONE_MEMBER)),
            seed::PROJECT,
            lvm("existingLV")
        ),
        403,
        "forbidden"
    );
    assert_eq!(
        message,
        "Policy doesn't allow volume_extension:volume_manage to be performed."
    );

    // 400s.
    let message = cinder_fault!(
        send(&admin, "another-project", lvm("existingLV")),
        400,
        "badRequest"
    );
    assert_eq!(message, "Malformed request url");
    // An empty reference is against the spec on purpose (straight to the fake even through
    // Prism).
    let mut request = lvm("existingLV");
    request.volume.ref_ = cinder::VolumeManageRef::default();
    let direct = cinder_client_direct(&server, seed::KEYSTONE_ADMIN);
    let message = cinder_fault!(send(&direct, seed::PROJECT, request), 400, "badRequest");
    assert_eq!(
        message,
        "Invalid input received: the reference must contain a source-name or a source-id."
    );
    let mut request = lvm("existingLV");
    request.volume.name = Some("n".repeat(256));
    let message = cinder_fault!(send(&admin, seed::PROJECT, request), 400, "badRequest");
    assert_eq!(
        message,
        "Invalid input received: name has more than 255 characters."
    );
    let mut request = lvm("existingLV");
    request.volume.availability_zone = Some("mars".into());
    let message = cinder_fault!(send(&admin, seed::PROJECT, request), 400, "badRequest");
    assert_eq!(
        message,
        "Invalid input received: Availability zone 'mars' is invalid."
    );
    let message = cinder_fault!(send(&admin, seed::PROJECT, lvm("ghost")), 400, "badRequest");
    assert_eq!(
        message,
        format!(
            "Manage existing volume failed due to invalid backend reference {{\"source-name\":\"ghost\"}}: no such volume on {}.",
            seed::CINDER_HOST_LVM
        )
    );

    // 404s.
    let message = cinder_fault!(
        send(
            &admin,
            seed::PROJECT,
            manage_request("cinder-volume-9@nope#nope", "existingLV")
        ),
        404,
        "itemNotFound"
    );
    assert_eq!(
        message,
        "Service cinder-volume-9@nope#nope could not be found."
    );
    let mut request = lvm("existingLV");
    request.volume.volume_type = Some("gold".into());
    let message = cinder_fault!(send(&admin, seed::PROJECT, request), 404, "itemNotFound");
    assert_eq!(message, "Volume type with name gold could not be found.");

    // 413s: the volume quota, then the gigabyte quota.
    let message = cinder_fault!(
        send(
            &cinder_client(&server, Some(seed::KEYSTONE_QUOTA_FULL)),
            seed::PROJECT_QUOTA_FULL,
            lvm("existingLV")
        ),
        413,
        "overLimit"
    );
    assert_eq!(
        message,
        "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'."
    );
    let message = cinder_fault!(
        send(
            &cinder_client(&server, Some(seed::KEYSTONE_SMALL)),
            seed::PROJECT_SMALL,
            lvm("existingLV")
        ),
        413,
        "overLimit"
    );
    assert_eq!(
        message,
        "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 11G, quota is 5G and 0G has been consumed."
    );
    assert!(
        server.store().managed_volumes().is_empty(),
        "nothing was managed"
    );

    // Storage can be managed once.
    send(&admin, seed::PROJECT, lvm("existingLV"))
        .await
        .expect("managed");
    let message = cinder_fault!(
        send(&admin, seed::PROJECT, lvm("existingLV")),
        400,
        "badRequest"
    );
    assert_eq!(
        message,
        "Unable to manage existing volume. Volume {\"source-name\":\"existingLV\"} already managed."
    );
    assert_eq!(server.store().managed_volumes().len(), 1);
}

// ---------------------------------------------------------------------------------------
// One listener, two APIs

#[tokio::test]
async fn both_apis_share_one_listener_and_keep_their_own_404() {
    let server = fake().await;
    // reqwest is compiled without a TLS provider of its own (the generated crates' `rustls`).
    katapult_core::install_tls_provider();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client");
    let get = |path: &str| http.get(format!("{}{path}", server.base_url())).send();

    let response = get("/core/v1/no/such/operation").await.expect("answered");
    assert_eq!(response.status().as_u16(), 404);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["code"], "not_found", "Katapult's shape: {body}");

    let response = get("/v2/project/no-such-extension")
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 404);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["itemNotFound"]["code"], 404, "Cinder's shape: {body}");

    let response = get("/core/v1/organizations/organization/ip_addresses")
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
}

// ---------------------------------------------------------------------------------------
// Authentication before the body (raw HTTP, straight to the fake: these requests break the spec)

/// Sends `body` (raw, as JSON) to `path` of the fake with `headers`; the status and JSON body.
async fn post_raw(
    server: &FakeServer,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, serde_json::Value) {
    // reqwest is compiled without a TLS provider of its own (the generated crates' `rustls`).
    katapult_core::install_tls_provider();
    let mut request = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client")
        .post(format!("{}{path}", server.base_url()))
        .header("content-type", "application/json")
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

/// Bodies the generated router refuses when it reads them: not JSON, a required field missing,
/// a field of the wrong type, none at all.
const UNDECODABLE_BODIES: [&str; 4] = [
    "{not json",
    r#"{"network": {"permalink": "uk-lon-01-public"}}"#,
    r#"{"organization": {"sub_domain": "acme"}, "network": {"permalink": "uk-lon-01-public"}, "vip": "yes"}"#,
    "",
];

const IP_ADDRESSES: &str = "/core/v1/organizations/organization/ip_addresses";

#[tokio::test]
async fn an_unknown_token_gets_invalid_api_token_whatever_the_body() {
    let server = fake().await;
    for token in ["kat_never_issued", seed::TOKEN_EXPIRED] {
        let bearer = format!("Bearer {token}");
        for body in UNDECODABLE_BODIES {
            let (status, answer) =
                post_raw(&server, IP_ADDRESSES, &[("authorization", &bearer)], body).await;
            assert_eq!(status, 403, "{token} {body:?}: {answer}");
            let error: katapult::CreateIpAddressError =
                serde_json::from_value(answer.clone()).expect("a documented error");
            expect_variant!(error, katapult::CreateIpAddressError::InvalidApiToken { description, .. } => {
                assert_eq!(description, INVALID_API_TOKEN);
            });
            assert_eq!(
                answer["detail"],
                serde_json::json!({}),
                "nothing about the body"
            );
        }
    }
    // The same before the body for capabilities tokens and an unavailable authenticator.
    let (status, answer) = post_raw(
        &server,
        IP_ADDRESSES,
        &[("authorization", "Bearer kcap_forged_signature")],
        "{not json",
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (403, Some("invalid_capabilities_token"))
    );
    assert_eq!(answer["description"], INVALID_CAPABILITIES_TOKEN);
    let bearer = format!("Bearer {}", seed::TOKEN_UNAVAILABLE);
    let (status, answer) = post_raw(
        &server,
        IP_ADDRESSES,
        &[("authorization", &bearer)],
        "{not json",
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (503, Some("service_unavailable"))
    );
    assert_eq!(answer["description"], SERVICE_UNAVAILABLE);
    assert!(server.store().ip_addresses().is_empty());
}

#[tokio::test]
async fn a_missing_token_gets_missing_api_token_whatever_the_body() {
    let server = fake().await;
    for body in UNDECODABLE_BODIES {
        let (status, answer) = post_raw(&server, IP_ADDRESSES, &[], body).await;
        assert_eq!(status, 400, "{body:?}: {answer}");
        let error: katapult::CreateIpAddressError =
            serde_json::from_value(answer).expect("a documented error");
        assert_eq!(error.code(), "missing_api_token");
    }
}

#[tokio::test]
async fn a_valid_token_with_an_undecodable_body_gets_the_validation_error() {
    let server = fake().await;
    let bearer = format!("Bearer {}", seed::TOKEN_ADMIN);
    for body in UNDECODABLE_BODIES {
        let (status, answer) =
            post_raw(&server, IP_ADDRESSES, &[("authorization", &bearer)], body).await;
        assert_eq!(status, 422, "{body:?}: {answer}");
        let error: katapult::CreateIpAddressError =
            serde_json::from_value(answer).expect("a documented error");
        expect_variant!(error, katapult::CreateIpAddressError::ValidationError { description, detail } => {
            assert_eq!(description, VALIDATION_ERROR);
            assert_eq!(detail.errors.len(), 1, "{:?}", detail.errors);
        });
    }
}

#[tokio::test]
async fn cinder_answers_an_unknown_token_with_its_401_whatever_the_body() {
    let server = fake().await;
    let path = format!("/v2/{}/os-volume-manage", seed::PROJECT);
    for token in ["keystone-never-issued", seed::KEYSTONE_EXPIRED] {
        for body in [r#"{"volume": {}}"#, "{not json", ""] {
            let (status, answer) = post_raw(&server, &path, &[("x-auth-token", token)], body).await;
            assert_eq!(status, 401, "{token} {body:?}: {answer}");
            assert_eq!(
                answer["unauthorized"]["message"],
                "The request you have made requires authentication."
            );
        }
    }
    let (status, answer) = post_raw(
        &server,
        &path,
        &[("x-auth-token", seed::KEYSTONE_ADMIN)],
        r#"{"volume": {}}"#,
    )
    .await;
    assert_eq!(status, 400, "a valid token reaches the decoder: {answer}");
    assert!(server.store().managed_volumes().is_empty());
}

// ---------------------------------------------------------------------------------------
// Concurrency

/// What one request of the load test produced.
#[derive(Debug)]
enum Outcome {
    Volume(String),
    SharedNameVolume(String),
    SharedNameTaken,
    Address { id: String, address: String },
    LoadBalancer { id: String, address: String },
}

/// Request `step` of task `task`: a uniquely named volume, an IP address, a load balancer, or a
/// volume whose name every task tries to take (exactly one may win).
async fn one_request(client: &katapult_core::Client, task: usize, step: usize) -> Outcome {
    match step % 4 {
        0 => {
            let created = client
                .create_file_storage_volume()
                .body(volume_request("acme", &format!("vol-{task}-{step}")))
                .send()
                .await
                .expect("a unique name is accepted");
            Outcome::Volume(created.into_inner().file_storage_volume.id.expect("id"))
        }
        1 => {
            let ip = client
                .create_ip_address()
                .body(ip_request("acme", "uk-lon-01-public"))
                .send()
                .await
                .expect("the pool has room")
                .into_inner()
                .ip_address;
            Outcome::Address {
                id: ip.id.expect("id"),
                address: ip.address.expect("address"),
            }
        }
        2 => {
            let lb = client
                .create_load_balancer()
                .body(lb_request(
                    "acme",
                    &format!("lb-{task}-{step}"),
                    &[seed::VM_WEB_1],
                ))
                .send()
                .await
                .expect("a unique name is accepted")
                .into_inner()
                .load_balancer;
            Outcome::LoadBalancer {
                id: lb.id.expect("id"),
                address: lb.ip_address.and_then(|ip| ip.address).expect("address"),
            }
        }
        _ => match client
            .create_file_storage_volume()
            .body(volume_request("acme", "shared"))
            .send()
            .await
        {
            Ok(created) => {
                Outcome::SharedNameVolume(created.into_inner().file_storage_volume.id.expect("id"))
            }
            Err(katapult_core::Error::ErrorResponse(response)) => match response.into_inner() {
                katapult::CreateFileStorageVolumeError::ValidationError { detail, .. } => {
                    assert_eq!(
                        detail.errors,
                        vec!["properties.name: has already been taken"]
                    );
                    Outcome::SharedNameTaken
                }
                other => panic!("unexpected error {other:?}"),
            },
            Err(other) => panic!("unexpected failure {other:?}"),
        },
    }
}

fn assert_unique<'a>(what: &str, values: impl IntoIterator<Item = &'a String>) -> usize {
    let values: Vec<&String> = values.into_iter().collect();
    let unique: HashSet<&String> = values.iter().copied().collect();
    assert_eq!(unique.len(), values.len(), "duplicate {what}");
    values.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_requests_leave_the_state_consistent() {
    const TASKS: usize = 50;
    const PER_TASK: usize = 20;
    let server = fake_with(Config {
        rate_limit: 10_000,
        ..Config::default()
    })
    .await;
    let client = katapult_client(&server, seed::TOKEN_ADMIN);
    let load = async {
        let mut tasks = tokio::task::JoinSet::new();
        for task in 0..TASKS {
            let client = client.clone();
            tasks.spawn(async move {
                let mut outcomes = Vec::with_capacity(PER_TASK);
                for step in 0..PER_TASK {
                    outcomes.push(one_request(&client, task, step).await);
                }
                outcomes
            });
        }
        let mut outcomes = Vec::with_capacity(TASKS * PER_TASK);
        while let Some(done) = tasks.join_next().await {
            outcomes.extend(done.expect("a task panicked"));
        }
        outcomes
    };
    let outcomes = tokio::time::timeout(Duration::from_secs(120), load)
        .await
        .expect("1,000 requests finish within two minutes");
    assert_eq!(outcomes.len(), TASKS * PER_TASK);

    let mut volumes = Vec::new();
    let mut shared = Vec::new();
    let mut taken = 0;
    let mut addresses = Vec::new();
    let mut address_ids = Vec::new();
    let mut balancers = Vec::new();
    let mut all_addresses = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Volume(id) => volumes.push(id),
            Outcome::SharedNameVolume(id) => shared.push(id),
            Outcome::SharedNameTaken => taken += 1,
            Outcome::Address { id, address } => {
                address_ids.push(id);
                addresses.push(address.clone());
                all_addresses.push(address);
            }
            Outcome::LoadBalancer { id, address } => {
                balancers.push(id);
                all_addresses.push(address);
            }
        }
    }
    let quarter = TASKS * PER_TASK / 4;
    assert_eq!(shared.len(), 1, "exactly one request took the shared name");
    assert_eq!(taken, quarter - 1);
    assert_eq!(volumes.len(), quarter);
    assert_eq!(address_ids.len(), quarter);
    assert_eq!(balancers.len(), quarter);
    assert_unique("addresses handed out", &all_addresses);

    // The store holds exactly what the responses reported: nothing lost, nothing doubled.
    let stored_volumes: Vec<String> = server
        .store()
        .file_storage_volumes()
        .into_iter()
        .map(|volume| volume.id.expect("id"))
        .collect();
    assert_eq!(assert_unique("volume ids", &stored_volumes), quarter + 1);
    let created: HashSet<&String> = volumes.iter().chain(&shared).collect();
    assert_eq!(stored_volumes.iter().collect::<HashSet<_>>(), created);
    let shared_in_store = server
        .store()
        .file_storage_volumes()
        .into_iter()
        .filter(|volume| volume.name.as_deref() == Some("shared"))
        .count();
    assert_eq!(shared_in_store, 1);

    let stored_ips = server.store().ip_addresses();
    let stored_ip_ids: Vec<String> = stored_ips
        .iter()
        .map(|ip| ip.id.clone().expect("id"))
        .collect();
    assert_eq!(assert_unique("IP address ids", &stored_ip_ids), quarter);
    assert_eq!(
        stored_ip_ids.iter().collect::<HashSet<_>>(),
        address_ids.iter().collect::<HashSet<_>>()
    );
    let stored_addresses: Vec<String> = stored_ips
        .iter()
        .map(|ip| ip.address.clone().expect("address"))
        .collect();
    assert_eq!(
        stored_addresses.iter().collect::<HashSet<_>>(),
        addresses.iter().collect::<HashSet<_>>()
    );

    let stored_balancers: Vec<String> = server
        .store()
        .load_balancers()
        .into_iter()
        .map(|lb| lb.id.expect("id"))
        .collect();
    assert_eq!(
        assert_unique("load balancer ids", &stored_balancers),
        quarter
    );
    assert_eq!(
        stored_balancers.iter().collect::<HashSet<_>>(),
        balancers.iter().collect::<HashSet<_>>()
    );
    server.stop().await.expect("a clean stop");
}
