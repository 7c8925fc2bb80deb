//! Katapult authentication: the token, the network the request came from, the per-token rate
//! limit and the scope, in that order; and which organisations the identity may act on. The
//! token alone ([`check_token`]) is also the generated router's authentication step, before the
//! request's body is read.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use katapult_core::server::Caller;

use crate::config::Config;
use crate::errors::Denied;
use crate::world::{RateWindow, Scope, TokenKind, TokenRecord, World};

/// Capabilities tokens are recognised by this prefix.
const CAPABILITIES_PREFIX: &str = "kcap_";
/// The rate-limit window.
const WINDOW: Duration = Duration::from_secs(60);

/// Who a request acts as, once authenticated.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    organizations: Option<Vec<&'static str>>,
}

impl Identity {
    /// `permission_denied` unless the identity may act on `organization` (`id`, `sub_domain`).
    pub fn check_access(&self, organization_id: &str, sub_domain: &str) -> Result<(), Denied> {
        match &self.organizations {
            Some(allowed) if !allowed.contains(&organization_id) => Err(Denied::NoAccess {
                details: format!("This identity has no access to the organization '{sub_domain}'"),
            }),
            _ => Ok(()),
        }
    }
}

/// The record of a token the fake issued and can check now: `service_unavailable` while the
/// fake or the token's authenticator is down, `invalid_capabilities_token` for an unknown or
/// expired `kcap_…` token, `invalid_api_token` for any other unknown or expired token.
pub(crate) fn check_token<'w>(world: &'w World, token: &str) -> Result<&'w TokenRecord, Denied> {
    if world.unavailable {
        return Err(Denied::ServiceUnavailable);
    }
    let invalid = if token.starts_with(CAPABILITIES_PREFIX) {
        Denied::InvalidCapabilitiesToken
    } else {
        Denied::InvalidApiToken
    };
    let Some(record) = world.tokens.iter().find(|record| record.token == token) else {
        return Err(invalid);
    };
    if record.authenticator_down {
        return Err(Denied::ServiceUnavailable);
    }
    if record.expired {
        return Err(match record.kind {
            TokenKind::Capabilities => Denied::InvalidCapabilitiesToken,
            TokenKind::Api | TokenKind::OAuth2 => Denied::InvalidApiToken,
        });
    }
    Ok(record)
}

/// Authenticates `caller` for an operation needing `scope`, from `peer`, and counts the request
/// against the token's rate limit.
pub(crate) fn authenticate(
    world: &mut World,
    config: &Config,
    caller: &Caller,
    scope: Scope,
    peer: Option<IpAddr>,
) -> Result<Identity, Denied> {
    let token = caller.token();
    let record = check_token(world, token)?;
    if let Some(networks) = &record.allowed_networks {
        let allowed = peer.is_some_and(|ip| networks.iter().any(|network| network.contains(ip)));
        if !allowed {
            return Err(Denied::UnauthorizedNetwork {
                ip_address: peer.map_or_else(|| "unknown".into(), |ip| ip.to_string()),
            });
        }
    }
    let limit = record.rate_limit.unwrap_or(config.rate_limit);
    let granted = record
        .scopes
        .as_ref()
        .is_none_or(|scopes| scopes.contains(&scope));
    let identity = Identity {
        organizations: record.organizations.clone(),
    };
    count_request(world, token, limit)?;
    if !granted {
        return Err(Denied::ScopeNotGranted);
    }
    Ok(identity)
}

/// Counts one request in the token's current one-minute window.
fn count_request(world: &mut World, token: &str, limit: u32) -> Result<(), Denied> {
    let now = Instant::now();
    let window = world.usage.entry(token.to_string()).or_insert(RateWindow {
        started: now,
        count: 0,
    });
    if now.duration_since(window.started) >= WINDOW {
        *window = RateWindow {
            started: now,
            count: 0,
        };
    }
    if window.count >= limit {
        return Err(Denied::RateLimitReached {
            total_permitted: limit,
        });
    }
    window.count += 1;
    Ok(())
}
