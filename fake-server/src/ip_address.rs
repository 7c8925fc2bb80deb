//! `create_ip_address`: finds the network, checks a label goes with a VIP, and hands out the
//! next free address of the version asked for.

use katapult_core::server::Caller;
use katapult_core::types as katapult;

use crate::access::peer;
use crate::addresses::reverse_dns;
use crate::auth::authenticate;
use crate::errors::{self, Invalid, empty};
use crate::lookup::{self, NetworkFailure};
use crate::store::Store;
use crate::world::{Owned, Scope};

/// Creates an IP address (the body of [`crate::Katapult`]'s `create_ip_address`).
pub(crate) fn create(
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
    let owner = world.organization_id(organization);
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
