//! `create_load_balancer`: validates the properties against the organisation's virtual
//! machines, groups and tags, gives the balancer an address in its data centre, and stores it.

use katapult_core::server::Caller;
use katapult_core::types as katapult;

use crate::access::peer;
use crate::arguments::{annotation_problems, annotations, unique_name};
use crate::auth::authenticate;
use crate::errors::{CreationRestricted, Invalid};
use crate::lookup;
use crate::store::Store;
use crate::world::{Owned, Scope, World};

/// Creates a load balancer (the body of [`crate::Katapult`]'s `create_load_balancer`).
pub(crate) fn create(
    store: &Store,
    caller: &Caller,
    body: katapult::CreateLoadBalancerRequest,
) -> Result<katapult::CreateLoadBalancerResponse, katapult::CreateLoadBalancerError> {
    let mut world = store.world();
    let identity = authenticate(
        &mut world,
        store.config(),
        caller,
        Scope::LoadBalancers,
        peer(),
    )?;
    let organization = lookup::organization(&world, &identity, &body.organization)?;
    if world.organizations[organization].creation_restricted {
        return Err(CreationRestricted.into());
    }
    let owner = world.organization_id(organization);
    let properties = body.properties;
    let resource_type = properties
        .resource_type
        .unwrap_or(katapult::LoadBalancerResourceType::VirtualMachines);
    let mut problems = Vec::new();
    let name = unique_name(
        properties.name.as_deref(),
        world
            .load_balancers
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
    let data_center_id = data_center
        .as_ref()
        .ok()
        .and_then(|index| world.data_centers[*index].id.clone());
    if let Err(problem) = &data_center {
        problems.push(problem.clone());
    }
    let mut resources = Vec::new();
    for id in &properties.resource_ids {
        match resource(&world, &owner, resource_type, id) {
            Ok(found) => resources.push(found),
            Err(problem) => problems.push(problem),
        }
    }
    if let Some(dc) = &data_center_id {
        problems.extend(resources.iter().filter_map(|found| match found {
            katapult::LoadBalancerResourceVariant::VirtualMachine(vm)
                if vm_data_center(vm) != Some(dc.as_str()) =>
            {
                Some(format!(
                    "properties.resource_ids: the virtual machine `{}` is not in the load balancer's data centre",
                    vm.id.as_deref().unwrap_or_default()
                ))
            }
            _ => None,
        }));
    }
    problems.extend(weight_problems(&properties, resource_type));
    for id in &properties.standby_vms {
        if !world.owns_virtual_machine(&owner, id) {
            problems.push(format!(
                "properties.standby_vms: `{id}` is not a virtual machine of this organization"
            ));
        }
    }
    if properties.backend_certificate_key.is_some() && properties.backend_certificate.is_none() {
        problems
            .push("properties.backend_certificate_key: needs a backend_certificate".to_string());
    }
    problems.extend(annotation_problems(&body.annotations));
    let data_center_id = match data_center_id {
        Some(id) if problems.is_empty() => id,
        _ => return Err(Invalid(problems).into()),
    };
    let Some(address) = allocate_address(&mut world, &data_center_id) else {
        return Err(Invalid(vec![
            "properties.data_center: no IPv4 address is free in this data centre".into(),
        ])
        .into());
    };
    let id = world.new_id("lb");
    let load_balancer = katapult::LoadBalancer {
        api_reference: Some(format!(
            "lb-{}",
            id.trim_start_matches("lb_").to_lowercase()
        )),
        id: Some(id),
        name: Some(name.to_string()),
        resource_type: Some(resource_type),
        resources: resources
            .into_iter()
            .map(|found| katapult::LoadBalancerResource {
                resources: Some(found),
            })
            .collect(),
        resource_ids: properties.resource_ids,
        ip_address: Some(katapult::IpAddressSummary {
            id: Some(world.new_id("ip")),
            address: Some(address),
        }),
        https_redirect: Some(properties.https_redirect.unwrap_or(false)),
        backend_certificate: properties.backend_certificate,
        backend_certificate_key: properties.backend_certificate_key,
        data_center: world.data_center_summary(&data_center_id),
        enable_weighting: Some(properties.enable_weighting.unwrap_or(false)),
        weights: properties
            .weights
            .into_iter()
            .map(|weight| katapult::LoadBalancerWeight {
                virtual_machine_id: weight.virtual_machine_id,
                weight: weight.weight,
            })
            .collect(),
        standby_vms: properties.standby_vms,
    };
    world.load_balancers.push(Owned {
        owner,
        object: load_balancer.clone(),
    });
    Ok(katapult::CreateLoadBalancerResponse {
        load_balancer,
        annotations: annotations(body.annotations),
    })
}

/// The resource `id` of the kind `resource_type`, if the organisation `owner` has it.
fn resource(
    world: &World,
    owner: &str,
    resource_type: katapult::LoadBalancerResourceType,
    id: &str,
) -> Result<katapult::LoadBalancerResourceVariant, String> {
    fn find<T: Clone>(
        list: &[Owned<T>],
        owner: &str,
        id: &str,
        id_of: fn(&T) -> Option<&str>,
    ) -> Option<T> {
        list.iter()
            .find(|owned| owned.owner == owner && id_of(&owned.object) == Some(id))
            .map(|owned| owned.object.clone())
    }
    let (found, kind) = match resource_type {
        katapult::LoadBalancerResourceType::VirtualMachines => (
            find(&world.virtual_machines, owner, id, |vm| vm.id.as_deref()).map(Into::into),
            "virtual machine",
        ),
        katapult::LoadBalancerResourceType::VirtualMachineGroups => (
            find(&world.groups, owner, id, |group| group.id.as_deref()).map(Into::into),
            "virtual machine group",
        ),
        katapult::LoadBalancerResourceType::Tags => (
            find(&world.tags, owner, id, |tag| tag.id.as_deref()).map(Into::into),
            "tag",
        ),
    };
    found.ok_or_else(|| {
        format!("properties.resource_ids: `{id}` is not a {kind} of this organization")
    })
}

fn vm_data_center(vm: &katapult::VirtualMachine) -> Option<&str> {
    vm.zone
        .as_ref()
        .and_then(|zone| zone.data_center.as_ref())
        .and_then(|dc| dc.id.as_deref())
}

/// Weights name one of the balancer's virtual machines and lie in 1..=100.
fn weight_problems(
    properties: &katapult::LoadBalancerArguments,
    resource_type: katapult::LoadBalancerResourceType,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, weight) in properties.weights.iter().enumerate() {
        let target = weight.virtual_machine_id.as_deref().unwrap_or_default();
        if resource_type != katapult::LoadBalancerResourceType::VirtualMachines
            || !properties.resource_ids.iter().any(|id| id == target)
        {
            problems.push(format!(
                "properties.weights[{index}].virtual_machine_id: `{target}` is not one of the load balancer's virtual machines"
            ));
        }
        if !weight
            .weight
            .is_some_and(|value| (1..=100).contains(&value))
        {
            problems.push(format!(
                "properties.weights[{index}].weight: must be between 1 and 100"
            ));
        }
    }
    problems
}

/// An address from the first public network of the data centre with one free.
fn allocate_address(world: &mut World, data_center: &str) -> Option<String> {
    world
        .networks
        .iter_mut()
        .filter(|record| {
            record
                .network
                .data_center
                .as_ref()
                .and_then(|dc| dc.id.as_deref())
                == Some(data_center)
        })
        .find_map(|record| record.ipv4.as_mut().and_then(|pool| pool.allocate()))
        .map(|address| address.to_string())
}
