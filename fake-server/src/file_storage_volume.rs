//! `create_file_storage_volume`: validates the name, data centre and associations, and stores
//! a pending volume with its NFS location.

use katapult_core::server::Caller;
use katapult_core::types as katapult;

use crate::access::peer;
use crate::arguments::{annotation_problems, annotations, unique_name};
use crate::auth::authenticate;
use crate::errors::{CreationRestricted, Invalid};
use crate::lookup;
use crate::store::Store;
use crate::world::{Owned, Scope};

/// Creates a file storage volume (the body of [`crate::Katapult`]'s
/// `create_file_storage_volume`).
pub(crate) fn create(
    store: &Store,
    caller: &Caller,
    body: katapult::CreateFileStorageVolumeRequest,
) -> Result<katapult::CreateFileStorageVolumeResponse, katapult::CreateFileStorageVolumeError> {
    let mut world = store.world();
    let identity = authenticate(
        &mut world,
        store.config(),
        caller,
        Scope::FileStorageVolumes,
        peer(),
    )?;
    let organization = lookup::organization(&world, &identity, &body.organization)?;
    if world.organizations[organization].creation_restricted {
        return Err(CreationRestricted.into());
    }
    let owner = world.organization_id(organization);
    let properties = body.properties;
    let mut problems = Vec::new();
    let name = unique_name(
        properties.name.as_deref(),
        world
            .file_storage_volumes
            .iter()
            .filter(|owned| owned.owner == owner)
            .map(|owned| owned.object.name.as_deref()),
        &mut problems,
    );
    let data_center = lookup::data_center(
        &world,
        "properties.data_center",
        properties.data_center.as_ref(),
    );
    if let Err(problem) = &data_center {
        problems.push(problem.clone());
    }
    for association in &properties.associations {
        if !world.owns_virtual_machine(&owner, association) {
            problems.push(format!(
                "properties.associations: `{association}` is not a virtual machine of this organization"
            ));
        }
    }
    problems.extend(annotation_problems(&body.annotations));
    let data_center = match data_center {
        Ok(index) if problems.is_empty() => index,
        _ => return Err(Invalid(problems).into()),
    };
    let permalink = world.data_centers[data_center]
        .permalink
        .clone()
        .unwrap_or_default();
    let id = world.new_id("fsv");
    let volume = katapult::FileStorageVolume {
        nfs_location: Some(format!("nfs.{permalink}.katapult.cloud:/volumes/{id}")),
        id: Some(id),
        name: Some(name.to_string()),
        data_center: world.data_center_summary(
            world.data_centers[data_center]
                .id
                .as_deref()
                .unwrap_or_default(),
        ),
        associations: properties.associations,
        state: Some(katapult::FileStorageVolumeState::Pending),
        size: Some(0),
    };
    world.file_storage_volumes.push(Owned {
        owner,
        object: volume.clone(),
    });
    Ok(katapult::CreateFileStorageVolumeResponse {
        file_storage_volume: volume,
        annotations: annotations(body.annotations),
    })
}
