//! The fake Katapult Core API: [`KatapultCoreApi`] over the shared [`Store`]. Each operation
//! authenticates, resolves its lookups, validates, and then changes the world under one lock,
//! so concurrent requests never lose or duplicate objects.

use std::net::IpAddr;
use std::sync::Arc;

use katapult_core::server::{Caller, KatapultCoreApi};
use katapult_core::types as katapult;

use crate::access::peer;
use crate::auth::authenticate;
use crate::errors::{self, CreationRestricted, Invalid, empty};
use crate::lookup::{self, NetworkFailure};
use crate::state::{Owned, Scope, Store, World};

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
    async fn create_file_storage_volume(
        &self,
        caller: Caller,
        body: katapult::CreateFileStorageVolumeRequest,
    ) -> Result<katapult::CreateFileStorageVolumeResponse, katapult::CreateFileStorageVolumeError>
    {
        create_file_storage_volume(&self.store, &caller, body)
    }

    async fn assign_disk(
        &self,
        caller: Caller,
        body: katapult::AssignDiskRequest,
    ) -> Result<katapult::AssignDiskResponse, katapult::AssignDiskError> {
        assign_disk(&self.store, &caller, body)
    }

    async fn create_ip_address(
        &self,
        caller: Caller,
        body: katapult::CreateIpAddressRequest,
    ) -> Result<katapult::CreateIpAddressResponse, katapult::CreateIpAddressError> {
        create_ip_address(&self.store, &caller, body)
    }

    async fn create_load_balancer(
        &self,
        caller: Caller,
        body: katapult::CreateLoadBalancerRequest,
    ) -> Result<katapult::CreateLoadBalancerResponse, katapult::CreateLoadBalancerError> {
        crate::load_balancer::create(&self.store, &caller, body)
    }
}

fn create_file_storage_volume(
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
    let owner = organization_id(&world, organization);
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
        if !owns_virtual_machine(&world, &owner, association) {
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

fn assign_disk(
    store: &Store,
    caller: &Caller,
    body: katapult::AssignDiskRequest,
) -> Result<katapult::AssignDiskResponse, katapult::AssignDiskError> {
    let mut world = store.world();
    let identity = authenticate(&mut world, store.config(), caller, Scope::Disks, peer())?;
    let disk = lookup::disk(&world, &body.disk).ok_or_else(|| {
        katapult::AssignDiskError::DiskNotFound {
            description: errors::DISK_NOT_FOUND.into(),
            detail: empty(),
        }
    })?;
    if let Some(trash) = &world.disks[disk].trash {
        return Err(katapult::AssignDiskError::ObjectInTrash {
            description: errors::OBJECT_IN_TRASH.into(),
            detail: katapult::ObjectInTrashDetail {
                trash_object: Some(trash.clone()),
            },
        });
    }
    let disk_owner = world.disks[disk].organization.clone();
    identity.check_access(&disk_owner, sub_domain(&world, &disk_owner))?;
    let vm = lookup::virtual_machine(&world, &body.virtual_machine).ok_or_else(|| {
        katapult::AssignDiskError::VirtualMachineNotFound {
            description: errors::VIRTUAL_MACHINE_NOT_FOUND.into(),
            detail: empty(),
        }
    })?;
    let vm_owner = world.virtual_machines[vm].owner.clone();
    identity.check_access(&vm_owner, sub_domain(&world, &vm_owner))?;
    let problems = assignment_problems(&world, disk, vm);
    if !problems.is_empty() {
        return Err(katapult::AssignDiskError::UnableToAssign {
            description: errors::UNABLE_TO_ASSIGN.into(),
            detail: katapult::UnableToAssign { errors: problems },
        });
    }
    let machine = &world.virtual_machines[vm].object;
    let summary = katapult::VirtualMachineSummary {
        id: machine.id.clone(),
        fqdn: Some(machine.fqdn.clone()),
    };
    let record = &mut world.disks[disk];
    record.disk.virtual_machine_disk = Some(katapult::VirtualMachineDisk {
        virtual_machine: Some(summary),
        attach_on_boot: Some(true),
        boot: Some(false),
        state: Some(katapult::VirtualMachineDiskState::Attached),
    });
    Ok(katapult::AssignDiskResponse {
        disk: record.disk.clone(),
    })
}

/// Why the disk cannot go on the virtual machine (empty when it can).
fn assignment_problems(world: &World, disk: usize, vm: usize) -> Vec<String> {
    let record = &world.disks[disk];
    let machine = &world.virtual_machines[vm];
    let mut problems = Vec::new();
    if let Some(attached) = record
        .disk
        .virtual_machine_disk
        .as_ref()
        .and_then(|attachment| attachment.virtual_machine.as_ref())
    {
        problems.push(format!(
            "The disk is already assigned to the virtual machine {}",
            attached.fqdn.as_deref().unwrap_or("?")
        ));
    }
    if record.organization != machine.owner {
        problems
            .push("The disk and the virtual machine belong to different organizations".to_string());
    }
    let vm_data_center = machine
        .object
        .zone
        .as_ref()
        .and_then(|zone| zone.data_center.as_ref())
        .and_then(|dc| dc.id.clone())
        .unwrap_or_default();
    if record.data_center != vm_data_center {
        problems.push(format!(
            "The disk is in the data centre {} but the virtual machine is in {}",
            record.data_center, vm_data_center
        ));
    }
    problems
}

fn create_ip_address(
    store: &Store,
    caller: &Caller,
    body: katapult::CreateIpAddressRequest,
) -> Result<katapult::CreateIpAddressResponse, katapult::CreateIpAddressError> {
    let mut world = store.world();
    let identity = authenticate(
        &mut world,
        store.config(),
        caller,
        Scope::IpAddresses,
        peer(),
    )?;
    let organization = lookup::organization(&world, &identity, &body.organization)?;
    let owner = organization_id(&world, organization);
    let network = lookup::network(&world, &body.network).map_err(|failure| match failure {
        NetworkFailure::Invalid(problem) => Invalid(vec![problem]).into(),
        NetworkFailure::NotFound => katapult::CreateIpAddressError::NetworkNotFound {
            description: errors::NETWORK_NOT_FOUND.into(),
            detail: empty(),
        },
    })?;
    let vip = body.vip.unwrap_or(false);
    if body.label.is_some() && !vip {
        return Err(Invalid(vec![
            "label: can only be given to a VIP (`vip: true`)".into(),
        ])
        .into());
    }
    let version = body
        .version
        .unwrap_or(katapult::CreateIpAddressRequestVersion::Ipv4);
    let record = &mut world.networks[network];
    let pool = match version {
        katapult::CreateIpAddressRequestVersion::Ipv4 => record.ipv4.as_mut(),
        katapult::CreateIpAddressRequestVersion::Ipv6 => record.ipv6.as_mut(),
    };
    let Some((address, prefix)) =
        pool.and_then(|pool| pool.allocate().map(|address| (address, pool.prefix)))
    else {
        return Err(katapult::CreateIpAddressError::NoAvailableAddresses {
            description: errors::NO_AVAILABLE_ADDRESSES.into(),
            detail: empty(),
        });
    };
    let network = record.network.clone();
    let ip_address = katapult::IpAddress {
        id: Some(world.new_id("ip")),
        address: Some(address.to_string()),
        reverse_dns: Some(reverse_dns(&address.to_string(), &network)),
        vip: Some(vip),
        label: body.label,
        address_with_mask: Some(format!("{address}/{prefix}")),
        network: Some(network),
        allocation_id: None,
        allocation_type: None,
    };
    world.ip_addresses.push(Owned {
        owner,
        object: ip_address.clone(),
    });
    Ok(katapult::CreateIpAddressResponse { ip_address })
}

/// The reverse DNS name Katapult gives an address: `185-199-216-10.uk-lon-01.katapult.cloud`.
pub(crate) fn reverse_dns(address: &str, network: &katapult::Network) -> String {
    let permalink = network
        .data_center
        .as_ref()
        .and_then(|dc| dc.permalink.as_deref())
        .unwrap_or("katapult");
    let label = match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => v6
            .segments()
            .iter()
            .map(|segment| format!("{segment:x}"))
            .collect::<Vec<_>>()
            .join("-"),
        _ => address.replace('.', "-"),
    };
    format!("{label}.{permalink}.katapult.cloud")
}

/// The id of the organisation at `index`.
pub(crate) fn organization_id(world: &World, index: usize) -> String {
    world.organizations[index]
        .organization
        .id
        .clone()
        .unwrap_or_default()
}

/// The sub-domain of the organisation with `id` (for messages).
fn sub_domain<'w>(world: &'w World, id: &'w str) -> &'w str {
    world
        .organizations
        .iter()
        .map(|record| &record.organization)
        .find(|organization| organization.id.as_deref() == Some(id))
        .and_then(|organization| organization.sub_domain.as_deref())
        .unwrap_or(id)
}

/// Whether `id` names a virtual machine of the organisation `owner`.
pub(crate) fn owns_virtual_machine(world: &World, owner: &str, id: &str) -> bool {
    world
        .virtual_machines
        .iter()
        .any(|owned| owned.owner == owner && owned.object.id.as_deref() == Some(id))
}

/// Validation sentences for annotations without a key.
pub(crate) fn annotation_problems(annotations: &[katapult::AnnotationArguments]) -> Vec<String> {
    annotations
        .iter()
        .enumerate()
        .filter(|(_, annotation)| {
            annotation
                .key
                .as_deref()
                .is_none_or(|key| key.trim().is_empty())
        })
        .map(|(index, _)| format!("annotations[{index}].key: can't be blank"))
        .collect()
}

/// The annotations of a created object, as given.
pub(crate) fn annotations(given: Vec<katapult::AnnotationArguments>) -> Vec<katapult::Annotation> {
    given
        .into_iter()
        .map(|annotation| katapult::Annotation {
            key: annotation.key,
            value: annotation.value,
        })
        .collect()
}

/// `properties.name`, trimmed, after checking it is given and not among `taken` (the names of
/// the owner's objects of the same kind); problems are pushed as validation errors.
pub(crate) fn unique_name<'n, 't>(
    name: Option<&'n str>,
    mut taken: impl Iterator<Item = Option<&'t str>>,
    problems: &mut Vec<String>,
) -> &'n str {
    let name = name.map(str::trim).unwrap_or_default();
    if name.is_empty() {
        problems.push("properties.name: can't be blank".to_string());
    } else if taken.any(|other| other == Some(name)) {
        problems.push("properties.name: has already been taken".to_string());
    }
    name
}
