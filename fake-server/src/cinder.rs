//! The fake Cinder volume-manage extension: [`CinderVolumeManageApi`] over the shared
//! [`Store`]. Keystone tokens are scoped to a project; only admins may manage volumes (Cinder's
//! default policy); the back ends hold seeded storage that can be managed once each; project
//! quotas are enforced. Faults carry Cinder's own messages.

use std::sync::Arc;

use cinder_volume_manage::ManageExistingVolumeError;
use cinder_volume_manage::server::{Caller, CinderVolumeManageApi, Rejection};
use cinder_volume_manage::types as cinder;

use crate::clock::{cinder_timestamp, now};
use crate::store::Store;
use crate::world::{KeystoneToken, Owned, World};

/// The in-memory Cinder volume-manage API.
#[derive(Clone)]
pub struct Cinder {
    store: Arc<Store>,
}

impl Cinder {
    /// A Cinder API over `store`.
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }
}

impl CinderVolumeManageApi for Cinder {
    /// The token is checked before the request is read: an unknown or expired token gets the
    /// 401 fault whatever the body. Whether it may manage volumes is the operation's check.
    async fn authenticate(&self, caller: &Caller) -> Result<(), Rejection> {
        match keystone_token(&self.store.world(), caller.token()) {
            Some(_) => Ok(()),
            None => Err(Rejection::invalid_credential().with_message(UNAUTHENTICATED)),
        }
    }

    async fn manage_existing_volume(
        &self,
        caller: Caller,
        project_id: String,
        body: cinder::ManageExistingVolumeRequest,
    ) -> Result<cinder::ManageExistingVolumeResponse, ManageExistingVolumeError> {
        manage(&self.store, &caller, &project_id, body.volume).map_err(Into::into)
    }
}

const GIB: u64 = 1 << 30;
const MAX_NAME: usize = 255;
const DEFAULT_ZONE: &str = "nova";

/// A Cinder fault before it becomes the operation's error: the status names the fault.
#[derive(Debug)]
struct Fault {
    status: u16,
    message: String,
}

impl Fault {
    fn bad_request(message: String) -> Self {
        Self {
            status: 400,
            message,
        }
    }

    fn not_found(message: String) -> Self {
        Self {
            status: 404,
            message,
        }
    }

    fn over_limit(message: String) -> Self {
        Self {
            status: 413,
            message,
        }
    }
}

impl From<Fault> for ManageExistingVolumeError {
    fn from(Fault { status, message }: Fault) -> Self {
        let detail = cinder::FaultDetail {
            code: i64::from(status),
            message,
        };
        match status {
            401 => Self::Unauthorized(cinder::CinderFault::Unauthorized(detail)),
            403 => Self::Forbidden(cinder::CinderFault::Forbidden(detail)),
            404 => Self::NotFound(cinder::CinderFault::ItemNotFound(detail)),
            413 => Self::PayloadTooLarge(cinder::CinderFault::OverLimit(detail)),
            _ => Self::BadRequest(cinder::CinderFault::BadRequest(detail)),
        }
    }
}

fn manage(
    store: &Store,
    caller: &Caller,
    project_id: &str,
    request: cinder::VolumeManageArguments,
) -> Result<cinder::ManageExistingVolumeResponse, Fault> {
    let mut world = store.world();
    let (user_id, token_project) = authorize(&world, caller)?;
    if token_project != project_id {
        return Err(Fault::bad_request("Malformed request url".into()));
    }
    validate(&world, &request)?;
    let (backend, storage) = find_storage(&world, &request)?;
    let found = &world.cinder.backends[backend].storage[storage];
    let size = i64::try_from(found.size_in_bytes.div_ceil(GIB)).unwrap_or(i64::MAX);
    check_quota(&world, project_id, size)?;

    let id = world.new_uuid();
    let base = store.public_url().trim_end_matches('/');
    let volume = cinder::Volume {
        status: "creating".into(),
        migration_status: None,
        user_id: user_id.into(),
        attachments: Vec::new(),
        links: vec![
            cinder::Link {
                href: format!("{base}/v2/{project_id}/volumes/{id}"),
                rel: "self".into(),
            },
            cinder::Link {
                href: format!("{base}/{project_id}/volumes/{id}"),
                rel: "bookmark".into(),
            },
        ],
        availability_zone: Some(
            request
                .availability_zone
                .unwrap_or_else(|| DEFAULT_ZONE.into()),
        ),
        bootable: if request.bootable.unwrap_or(false) {
            cinder::VolumeBootable::True
        } else {
            cinder::VolumeBootable::False
        },
        encrypted: false,
        created_at: cinder_timestamp(now()),
        description: request.description,
        updated_at: None,
        volume_type: request.volume_type,
        name: request.name,
        replication_status: "disabled".into(),
        consistencygroup_id: None,
        source_volid: None,
        snapshot_id: None,
        multiattach: false,
        metadata: request
            .metadata
            .unwrap_or_else(|| cinder::VolumeMetadata(Default::default())),
        id: id.clone(),
        size,
    };
    world.cinder.backends[backend].storage[storage].managed_by = Some(id);
    world.cinder.volumes.push(Owned {
        owner: project_id.to_string(),
        object: volume.clone(),
    });
    Ok(cinder::ManageExistingVolumeResponse { volume })
}

/// Keystone's sentence for a token it does not know (or no longer accepts).
const UNAUTHENTICATED: &str = "The request you have made requires authentication.";

/// The Keystone token `token`, if it is known and not expired.
fn keystone_token<'w>(world: &'w World, token: &str) -> Option<&'w KeystoneToken> {
    world
        .cinder
        .tokens
        .iter()
        .find(|known| known.token == token && !known.expired)
}

/// The user and project of a valid token that may manage volumes (401, 403 otherwise).
fn authorize(world: &World, caller: &Caller) -> Result<(&'static str, &'static str), Fault> {
    let token = keystone_token(world, caller.token()).ok_or_else(|| Fault {
        status: 401,
        message: UNAUTHENTICATED.into(),
    })?;
    if !token.admin {
        return Err(Fault {
            status: 403,
            message: "Policy doesn't allow volume_extension:volume_manage to be performed.".into(),
        });
    }
    Ok((token.user_id, token.project_id))
}

/// Checks the request's own fields, then the volume type and zone it names.
fn validate(world: &World, request: &cinder::VolumeManageArguments) -> Result<(), Fault> {
    if request.ref_.source_name.is_none() && request.ref_.source_id.is_none() {
        return Err(Fault::bad_request(
            "Invalid input received: the reference must contain a source-name or a source-id."
                .into(),
        ));
    }
    if request
        .name
        .as_ref()
        .is_some_and(|name| name.chars().count() > MAX_NAME)
    {
        return Err(Fault::bad_request(format!(
            "Invalid input received: name has more than {MAX_NAME} characters."
        )));
    }
    if !world
        .cinder
        .backends
        .iter()
        .any(|backend| backend.host == request.host)
    {
        return Err(Fault::not_found(format!(
            "Service {} could not be found.",
            request.host
        )));
    }
    if let Some(volume_type) = &request.volume_type
        && !world.cinder.volume_types.contains(&volume_type.as_str())
    {
        return Err(Fault::not_found(format!(
            "Volume type with name {volume_type} could not be found."
        )));
    }
    if let Some(zone) = &request.availability_zone
        && !world.cinder.availability_zones.contains(&zone.as_str())
    {
        return Err(Fault::bad_request(format!(
            "Invalid input received: Availability zone '{zone}' is invalid."
        )));
    }
    Ok(())
}

/// The storage the reference names on the request's host, if not managed yet.
fn find_storage(
    world: &World,
    request: &cinder::VolumeManageArguments,
) -> Result<(usize, usize), Fault> {
    let reference = &request.ref_;
    let shown = serde_json::to_string(reference).unwrap_or_default();
    let backend = world
        .cinder
        .backends
        .iter()
        .position(|backend| backend.host == request.host)
        .ok_or_else(|| Fault::not_found(format!("Service {} could not be found.", request.host)))?;
    let storage = world.cinder.backends[backend]
        .storage
        .iter()
        .position(|storage| {
            reference
                .source_name
                .as_deref()
                .is_none_or(|name| name == storage.source_name)
                && reference
                    .source_id
                    .as_deref()
                    .is_none_or(|id| id == storage.source_id)
        })
        .ok_or_else(|| {
            Fault::bad_request(format!(
                "Manage existing volume failed due to invalid backend reference {shown}: \
                 no such volume on {}.",
                request.host
            ))
        })?;
    if world.cinder.backends[backend].storage[storage]
        .managed_by
        .is_some()
    {
        return Err(Fault::bad_request(format!(
            "Unable to manage existing volume. Volume {shown} already managed."
        )));
    }
    Ok((backend, storage))
}

/// 413 when one more volume of `size` GiB exceeds the project's quotas.
fn check_quota(world: &World, project_id: &str, size: i64) -> Result<(), Fault> {
    let Some(project) = world
        .cinder
        .projects
        .iter()
        .find(|project| project.id == project_id)
    else {
        return Ok(());
    };
    let managed = world
        .cinder
        .volumes
        .iter()
        .filter(|owned| owned.owner == project_id);
    let (volumes, gigabytes) = managed.fold(
        (project.volumes_in_use, project.gigabytes_in_use),
        |(count, total), owned| (count + 1, total + owned.object.size),
    );
    if volumes + 1 > project.volumes_quota {
        return Err(Fault::over_limit(format!(
            "VolumeLimitExceeded: Maximum number of volumes allowed ({}) exceeded for quota 'volumes'.",
            project.volumes_quota
        )));
    }
    if gigabytes + size > project.gigabytes_quota {
        return Err(Fault::over_limit(format!(
            "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed \
             gigabytes quota. Requested {size}G, quota is {}G and {gigabytes}G has been consumed.",
            project.gigabytes_quota
        )));
    }
    Ok(())
}
