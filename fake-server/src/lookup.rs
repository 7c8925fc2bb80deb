//! Resolving the API's lookup objects (`{"id": …}` or `{"permalink": …}` …) against the world.

use katapult_core::types as katapult;

use crate::auth::Identity;
use crate::errors::{Invalid, OrganizationFailure};
use crate::world::World;

/// The one key a lookup gives: `Err` with a validation sentence when it gives none or several.
fn one_key<'a>(
    field: &str,
    keys: [(&'static str, Option<&'a str>); 2],
) -> Result<(&'static str, &'a str), String> {
    let given: Vec<(&'static str, &'a str)> = keys
        .iter()
        .filter_map(|(key, value)| value.map(|value| (*key, value)))
        .collect();
    match given.as_slice() {
        [one] => Ok(*one),
        _ => Err(format!(
            "{field}: exactly one of `{}` or `{}` must be given",
            keys[0].0, keys[1].0
        )),
    }
}

/// The organisation a request names, if the identity may act on it and it is in good standing.
/// Returns its index in `world.organizations`.
pub(crate) fn organization(
    world: &World,
    identity: &Identity,
    lookup: &katapult::OrganizationLookup,
) -> Result<usize, OrganizationFailure> {
    let (key, value) = one_key(
        "organization",
        [
            ("id", lookup.id.as_deref()),
            ("sub_domain", lookup.sub_domain.as_deref()),
        ],
    )
    .map_err(|problem| OrganizationFailure::Invalid(Invalid(vec![problem])))?;
    let index = world
        .organizations
        .iter()
        .position(|record| {
            let organization = &record.organization;
            let candidate = if key == "id" {
                &organization.id
            } else {
                &organization.sub_domain
            };
            candidate.as_deref() == Some(value)
        })
        .ok_or(OrganizationFailure::NotFound)?;
    let organization = &world.organizations[index].organization;
    identity
        .check_access(
            organization.id.as_deref().unwrap_or_default(),
            organization.sub_domain.as_deref().unwrap_or_default(),
        )
        .map_err(OrganizationFailure::Denied)?;
    if organization.suspended == Some(true) {
        return Err(OrganizationFailure::Suspended);
    }
    if organization.activated_at.is_none() {
        return Err(OrganizationFailure::NotActivated);
    }
    Ok(index)
}

/// The data centre `field` names: its index in `world.data_centers`, or a validation sentence.
pub(crate) fn data_center(
    world: &World,
    field: &str,
    lookup: Option<&katapult::DataCenterLookup>,
) -> Result<usize, String> {
    let lookup = lookup.ok_or_else(|| format!("{field}: a data centre must be given"))?;
    let (key, value) = one_key(
        field,
        [
            ("id", lookup.id.as_deref()),
            ("permalink", lookup.permalink.as_deref()),
        ],
    )?;
    world
        .data_centers
        .iter()
        .position(|dc| {
            let candidate = if key == "id" { &dc.id } else { &dc.permalink };
            candidate.as_deref() == Some(value)
        })
        .ok_or_else(|| format!("{field}: no data centre has the {key} `{value}`"))
}

/// Why a network lookup failed.
pub(crate) enum NetworkFailure {
    Invalid(String),
    NotFound,
}

/// The network a request names: its index in `world.networks`.
pub(crate) fn network(
    world: &World,
    lookup: &katapult::NetworkLookup,
) -> Result<usize, NetworkFailure> {
    let (key, value) = one_key(
        "network",
        [
            ("id", lookup.id.as_deref()),
            ("permalink", lookup.permalink.as_deref()),
        ],
    )
    .map_err(NetworkFailure::Invalid)?;
    world
        .networks
        .iter()
        .position(|record| {
            let network = &record.network;
            let candidate = if key == "id" {
                &network.id
            } else {
                &network.permalink
            };
            candidate.as_deref() == Some(value)
        })
        .ok_or(NetworkFailure::NotFound)
}

/// The disk a request names (its index in `world.disks`); `None` when no disk matches.
pub(crate) fn disk(world: &World, lookup: &katapult::DiskLookup) -> Option<usize> {
    let id = lookup.id.as_deref()?;
    world
        .disks
        .iter()
        .position(|record| record.disk.id.as_deref() == Some(id))
}

/// The virtual machine a request names (its index in `world.virtual_machines`); `None` when no
/// machine matches every key given.
pub(crate) fn virtual_machine(
    world: &World,
    lookup: &katapult::VirtualMachineLookup,
) -> Option<usize> {
    if lookup.id.is_none() && lookup.fqdn.is_none() {
        return None;
    }
    world.virtual_machines.iter().position(|owned| {
        let vm = &owned.object;
        lookup
            .id
            .as_ref()
            .is_none_or(|id| vm.id.as_ref() == Some(id))
            && lookup.fqdn.as_ref().is_none_or(|fqdn| &vm.fqdn == fqdn)
    })
}
