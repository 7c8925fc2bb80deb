//! Server runtime shared by every generated server stub: the authenticated caller, limits,
//! the errors the stub answers itself, and request-body decoding that never panics.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Default limit on a request body: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The credential a request carried, after the stub checked it is present.
///
/// Whether the credential is *valid* is the implementation's decision (answer with the
/// operation's documented error when it is not).
#[derive(Clone, PartialEq, Eq)]
pub struct Caller {
    scheme: &'static str,
    token: String,
    peer: Option<SocketAddr>,
}

impl Caller {
    /// A caller authenticated by `scheme` (a `securitySchemes` name) with `token`.
    pub fn new(scheme: &'static str, token: impl Into<String>) -> Self {
        Self {
            scheme,
            token: token.into(),
            peer: None,
        }
    }

    /// The same caller, connected from `peer`.
    pub fn with_peer(mut self, peer: Option<SocketAddr>) -> Self {
        self.peer = peer;
        self
    }

    /// The address the request came from: present when the router is served with
    /// `into_make_service_with_connect_info::<SocketAddr>()`.
    pub fn peer(&self) -> Option<SocketAddr> {
        self.peer
    }

    /// The security scheme the credential matched, as the spec names it. Schemes that send
    /// the same header (an API token and an OAuth2 access token, both `Bearer`) cannot be told
    /// apart on the wire: the first the operation lists is named.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The token itself.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl fmt::Debug for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("scheme", &self.scheme)
            .field("token", &"<redacted>")
            .field("peer", &self.peer)
            .finish()
    }
}

/// Options of a generated router.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes; larger ones get 413.
    pub body_limit: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

/// A request the stub answers itself, without calling the implementation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StubError {
    /// The operation needs a credential and the request carried none.
    MissingCredential,
    /// The body, a path or a query parameter is not what the operation takes.
    InvalidRequest {
        /// What is wrong, one entry per problem.
        errors: Vec<String>,
    },
    /// The body is larger than [`ServerConfig::body_limit`].
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body is not JSON by its `Content-Type`.
    UnsupportedMediaType,
    /// No operation has this path.
    NotFound,
    /// The path exists, the method does not (the `Allow` header lists the methods).
    MethodNotAllowed,
    /// The implementation panicked; the server goes on serving.
    Internal,
}

impl StubError {
    /// The HTTP status the stub answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::MissingCredential => 401,
            Self::InvalidRequest { .. } => 400,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType => 415,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Internal => 500,
        }
    }

    /// A snake_case code for the error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingCredential => "missing_credential",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Internal => "internal_error",
        }
    }

    /// A sentence for the error body.
    pub fn message(&self) -> String {
        match self {
            Self::MissingCredential => "No credential was provided with the request.".into(),
            Self::InvalidRequest { errors } => {
                format!("The request is invalid: {}", errors.join("; "))
            }
            Self::PayloadTooLarge { limit } => {
                format!("The request body is larger than the limit of {limit} bytes.")
            }
            Self::UnsupportedMediaType => {
                "The request body must be JSON (Content-Type: application/json).".into()
            }
            Self::NotFound => "No operation has this path.".into(),
            Self::MethodNotAllowed => "The path does not accept this method.".into(),
            Self::Internal => "The server failed while handling the request.".into(),
        }
    }

    /// The problems listed in the body (only for invalid requests).
    pub fn errors(&self) -> &[String] {
        match self {
            Self::InvalidRequest { errors } => errors,
            _ => &[],
        }
    }
}

/// The value of `Authorization: Bearer <token>`, if present and non-empty.
#[allow(dead_code)] // whether an API needs it depends on its spec
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// The value of a credential header such as `X-Auth-Token`, if present and non-empty.
#[allow(dead_code)] // whether an API needs it depends on its spec
pub(crate) fn header_token(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Reads and decodes a JSON body. `Ok(None)` when the body is empty and optional.
#[allow(dead_code)] // whether an API needs it depends on its spec
pub(crate) async fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
) -> Result<Option<T>, StubError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(StubError::PayloadTooLarge { limit });
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| StubError::PayloadTooLarge { limit })?;
    if bytes.is_empty() {
        if required {
            return Err(StubError::InvalidRequest {
                errors: vec!["the request body is required".into()],
            });
        }
        return Ok(None);
    }
    if !is_json(headers) {
        return Err(StubError::UnsupportedMediaType);
    }
    let mut decoder = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut decoder).map_err(|err| {
        let at = err.path().to_string();
        let at = if at == "." {
            "body".to_string()
        } else {
            format!("body.{at}")
        };
        StubError::InvalidRequest {
            errors: vec![format!("{at}: {}", err.inner())],
        }
    })?;
    decoder.end().map_err(|err| StubError::InvalidRequest {
        errors: vec![format!("body: {err}")],
    })?;
    Ok(Some(value))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"))
}

/// Parses one path or query parameter.
#[allow(dead_code)] // whether an API needs it depends on its spec
pub(crate) fn parse_param<T: std::str::FromStr>(name: &str, raw: &str) -> Result<T, String> {
    raw.parse()
        .map_err(|_| format!("parameter `{name}`: `{raw}` is not a valid value"))
}

/// A JSON response with `status`.
pub(crate) fn json_response(status: u16, body: &impl Serialize) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A response with `status` and no body.
#[allow(dead_code)] // whether an API needs it depends on its spec
pub(crate) fn empty_response(status: u16) -> Response {
    StatusCode::from_u16(status)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}

/// Runs an implementation's future; a panic inside it becomes `Err(StubError::Internal)`.
pub(crate) async fn guarded<F: Future>(future: F) -> Result<F::Output, StubError> {
    AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .map_err(|_| StubError::Internal)
}
