//! `assign_disk`: finds the disk and the virtual machine, checks the identity may act on both
//! and that they can go together, and attaches the disk.

use katapult_core::server::Caller;
use katapult_core::types as katapult;

use crate::access::peer;
use crate::auth::authenticate;
use crate::errors::{self, empty};
use crate::lookup;
use crate::store::Store;
use crate::world::{Scope, World};

/// Assigns a disk to a virtual machine (the body of [`crate::Katapult`]'s `assign_disk`).
pub(crate) fn assign(
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
    identity.check_access(&disk_owner, world.sub_domain(&disk_owner))?;
    let vm = lookup::virtual_machine(&world, &body.virtual_machine).ok_or_else(|| {
        katapult::AssignDiskError::VirtualMachineNotFound {
            description: errors::VIRTUAL_MACHINE_NOT_FOUND.into(),
            detail: empty(),
        }
    })?;
    let vm_owner = world.virtual_machines[vm].owner.clone();
    identity.check_access(&vm_owner, world.sub_domain(&vm_owner))?;
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
