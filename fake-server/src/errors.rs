//! The Katapult errors the fake answers with: the fake's kinds of refusal, the sentences the
//! documentation gives for each code, and conversions into each operation's error enum.

use katapult_core::server::Rejection;
use katapult_core::types as katapult;

/// A request refused before its body is looked at, or for whom it acts on: the credential,
/// the network, the rate, the scope or the identity's access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Denied {
    ServiceUnavailable,
    InvalidApiToken,
    InvalidCapabilitiesToken,
    UnauthorizedNetwork { ip_address: String },
    RateLimitReached { total_permitted: u32 },
    ScopeNotGranted,
    NoAccess { details: String },
}

/// Why the organisation a request names cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OrganizationFailure {
    /// The lookup does not give exactly one key.
    Invalid(Invalid),
    NotFound,
    /// Found, but the identity may not act on it.
    Denied(Denied),
    Suspended,
    NotActivated,
}

/// What is wrong with the request's content, one sentence per problem (`validation_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Invalid(pub Vec<String>);

/// The organisation may not create resources (`resource_creation_restricted`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CreationRestricted;

pub(crate) const UNAUTHORIZED_NETWORK: &str =
    "Network is not allowed to access the API with this API token";
pub(crate) const INVALID_API_TOKEN: &str =
    "The API token provided was not valid (it may not exist or have expired)";
pub(crate) const INVALID_CAPABILITIES_TOKEN: &str = "The capabilities token provided was not valid (either not valid, expired or not signed by the correct key)";
pub(crate) const SCOPE_NOT_GRANTED: &str =
    "The scope required for this endpoint has not been granted to the authenticating identity";
pub(crate) const ORGANIZATION_SUSPENDED: &str =
    "An organization was found from the arguments provided but it was suspended";
pub(crate) const ORGANIZATION_NOT_ACTIVATED: &str =
    "An organization was found from the arguments provided but it wasn't activated yet";
pub(crate) const PERMISSION_DENIED: &str =
    "The authenticated identity is not permitted to perform this action";
pub(crate) const RESOURCE_CREATION_RESTRICTED: &str =
    "The organization chosen is not permitted to create resources";
pub(crate) const ORGANIZATION_NOT_FOUND: &str =
    "No organization was found matching any of the criteria provided in the arguments";
pub(crate) const NETWORK_NOT_FOUND: &str =
    "No network was found matching any of the criteria provided in the arguments";
pub(crate) const DISK_NOT_FOUND: &str =
    "No disk was found matching any of the criteria provided in the arguments";
pub(crate) const VIRTUAL_MACHINE_NOT_FOUND: &str =
    "No virtual machine was found matching any of the criteria provided in the arguments";
pub(crate) const OBJECT_IN_TRASH: &str = "The object found is in the trash and therefore cannot be manipulated through the API. It should be restored in order to run this operation.";
pub(crate) const VALIDATION_ERROR: &str =
    "A validation error occurred with the object that was being created/updated/deleted";
pub(crate) const UNABLE_TO_ASSIGN: &str = "The disk can not be assigned to the virtual machine.";
pub(crate) const RATE_LIMIT_REACHED: &str =
    "You have reached the rate limit for this type of request";
pub(crate) const SERVICE_UNAVAILABLE: &str =
    "The service is currently unavailable, please try again later";
pub(crate) const NO_AVAILABLE_ADDRESSES: &str = "Our pool of addresses for that version seems to have run dry. If this issue continues, please contact support.";

impl Denied {
    /// The refusal as the generated router's authentication step gives it: the same code and
    /// sentence (a `detail` beyond `{}` needs the operation's own error, so only the token's
    /// refusals are made there).
    pub(crate) fn rejection(self) -> Rejection {
        let (code, message) = match self {
            Self::InvalidApiToken => return Rejection::invalid_credential(),
            Self::ServiceUnavailable => ("service_unavailable", SERVICE_UNAVAILABLE),
            Self::InvalidCapabilitiesToken => {
                ("invalid_capabilities_token", INVALID_CAPABILITIES_TOKEN)
            }
            Self::UnauthorizedNetwork { .. } => {
                ("unauthorized_network_for_api_token", UNAUTHORIZED_NETWORK)
            }
            Self::RateLimitReached { .. } => ("rate_limit_reached", RATE_LIMIT_REACHED),
            Self::ScopeNotGranted => ("scope_not_granted", SCOPE_NOT_GRANTED),
            Self::NoAccess { .. } => ("permission_denied", PERMISSION_DENIED),
        };
        Rejection::documented(code, message)
    }
}

/// An empty `detail` object (`{}`).
pub(crate) fn empty<T: From<serde_json::Map<String, serde_json::Value>>>() -> T {
    serde_json::Map::new().into()
}

/// `From<Denied>` for operation error enums (every operation documents these codes).
macro_rules! from_denied {
    ($($operation:ident),+) => {$(
        impl From<Denied> for katapult::$operation {
            fn from(denied: Denied) -> Self {
                match denied {
                    Denied::ServiceUnavailable => Self::ServiceUnavailable {
                        description: SERVICE_UNAVAILABLE.into(),
                        detail: empty(),
                    },
                    Denied::InvalidApiToken => Self::InvalidApiToken {
                        description: INVALID_API_TOKEN.into(),
                        detail: empty(),
                    },
                    Denied::InvalidCapabilitiesToken => Self::InvalidCapabilitiesToken {
                        description: INVALID_CAPABILITIES_TOKEN.into(),
                        detail: empty(),
                    },
                    Denied::UnauthorizedNetwork { ip_address } => {
                        Self::UnauthorizedNetworkForApiToken {
                            description: UNAUTHORIZED_NETWORK.into(),
                            detail: katapult::UnauthorizedNetworkForApiTokenDetail {
                                ip_address: Some(ip_address),
                            },
                        }
                    }
                    Denied::RateLimitReached { total_permitted } => Self::RateLimitReached {
                        description: RATE_LIMIT_REACHED.into(),
                        detail: katapult::RateLimitReachedDetail {
                            total_permitted: Some(i64::from(total_permitted)),
                        },
                    },
                    Denied::ScopeNotGranted => Self::ScopeNotGranted {
                        description: SCOPE_NOT_GRANTED.into(),
                        detail: empty(),
                    },
                    Denied::NoAccess { details } => Self::PermissionDenied {
                        description: PERMISSION_DENIED.into(),
                        detail: katapult::PermissionDeniedDetail {
                            details: Some(details),
                        },
                    },
                }
            }
        }
    )+};
}

/// `From<Invalid>` and `From<OrganizationFailure>` for the operations that take an
/// organisation and document `validation_error`.
macro_rules! from_organization_and_invalid {
    ($($operation:ident),+) => {$(
        impl From<Invalid> for katapult::$operation {
            fn from(Invalid(errors): Invalid) -> Self {
                Self::ValidationError {
                    description: VALIDATION_ERROR.into(),
                    detail: katapult::ValidationError { errors },
                }
            }
        }

        impl From<OrganizationFailure> for katapult::$operation {
            fn from(failure: OrganizationFailure) -> Self {
                match failure {
                    OrganizationFailure::Invalid(invalid) => invalid.into(),
                    OrganizationFailure::Denied(denied) => denied.into(),
                    OrganizationFailure::NotFound => Self::OrganizationNotFound {
                        description: ORGANIZATION_NOT_FOUND.into(),
                        detail: empty(),
                    },
                    OrganizationFailure::Suspended => Self::OrganizationSuspended {
                        description: ORGANIZATION_SUSPENDED.into(),
                        detail: empty(),
                    },
                    OrganizationFailure::NotActivated => Self::OrganizationNotActivated {
                        description: ORGANIZATION_NOT_ACTIVATED.into(),
                        detail: empty(),
                    },
                }
            }
        }
    )+};
}

/// `From<CreationRestricted>` for the operations that document `resource_creation_restricted`.
macro_rules! from_creation_restricted {
    ($($operation:ident),+) => {$(
        impl From<CreationRestricted> for katapult::$operation {
            fn from(_: CreationRestricted) -> Self {
                Self::ResourceCreationRestricted {
                    description: RESOURCE_CREATION_RESTRICTED.into(),
                    detail: empty(),
                }
            }
        }
    )+};
}

from_denied!(
    CreateFileStorageVolumeError,
    AssignDiskError,
    CreateIpAddressError,
    CreateLoadBalancerError
);
from_organization_and_invalid!(
    CreateFileStorageVolumeError,
    CreateIpAddressError,
    CreateLoadBalancerError
);
from_creation_restricted!(CreateFileStorageVolumeError, CreateLoadBalancerError);
