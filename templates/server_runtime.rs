//! Server runtime shared by every generated server stub: the authenticated caller, limits,
//! the errors the stub answers itself, and the request handling every operation shares —
//! find the credential, let the implementation authenticate it (before anything else is read),
//! extract and parse the path and query parameters, decode the body, call the implementation
//! behind a panic guard, and answer every outcome with a documented status and body.
//!
//! The generated `server.rs` describes each operation with an [`Operation`] constant and
//! hands each request to an [`Input`]; what varies with the spec lives there, the rest here.
//! This file relies on two items of the generated code: `crate::DocumentedError` (the
//! operations' error types) and `crate::server::ERROR_SHAPE` (the API's error body).

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::str::FromStr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Default limit on a request body: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The credential a request carried, after the stub checked it is present.
///
/// Whether the credential is *valid* is the implementation's decision: refuse it in the
/// trait's authentication step with a [`Rejection`], before the request is read, or answer
/// with the operation's documented error.
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

/// Why the trait's authentication step refused a caller. The router answers it with a
/// documented error of the operation, before the request's parameters or body are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    code: Option<Cow<'static, str>>,
    message: Option<Cow<'static, str>>,
}

impl Rejection {
    /// The credential is not valid (unknown, expired or revoked). Answered with the error the
    /// spec's `x-stub-errors: invalid-credential` names for the operation (Katapult: 403
    /// `invalid_api_token`, with the spec's sentence), or else with 401 `invalid_credential`
    /// in the API's error shape.
    pub fn invalid_credential() -> Self {
        Self {
            code: None,
            message: None,
        }
    }

    /// Answered with the operation's documented error whose code is `code`, with `message` as
    /// its sentence: for APIs whose errors carry a code, e.g. Katapult's
    /// `invalid_capabilities_token`. An operation that does not document `code` (or whose
    /// error needs more than a code and a sentence) answers as for
    /// [`Rejection::invalid_credential`], with `message`.
    pub fn documented(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            code: Some(code.into()),
            message: Some(message.into()),
        }
    }

    /// The same rejection, answered with `message` as its sentence instead of the spec's.
    pub fn with_message(mut self, message: impl Into<Cow<'static, str>>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The documented code asked for, if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The sentence asked for, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
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
    /// The implementation refused the credential ([`Rejection::invalid_credential`]).
    InvalidCredential,
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
    /// The body's `Content-Type` is not the one the operation takes.
    UnsupportedMediaType {
        /// The media type the operation takes, e.g. `application/json`.
        expected: &'static str,
    },
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
            Self::InvalidCredential => 401,
            Self::InvalidRequest { .. } => 400,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Internal => 500,
        }
    }

    /// A snake_case code for the error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingCredential => "missing_credential",
            Self::InvalidCredential => "invalid_credential",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Internal => "internal_error",
        }
    }

    /// A sentence for the error body.
    pub fn message(&self) -> String {
        match self {
            Self::MissingCredential => "No credential was provided with the request.".into(),
            Self::InvalidCredential => "The credential provided is not valid.".into(),
            Self::InvalidRequest { errors } => {
                format!("The request is invalid: {}", errors.join("; "))
            }
            Self::PayloadTooLarge { limit } => {
                format!("The request body is larger than the limit of {limit} bytes.")
            }
            Self::UnsupportedMediaType { expected } => {
                format!("The request body must be of type {expected} (its Content-Type).")
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

/// The answer to a request the stub rejects itself, in this API's error shape.
pub fn stub_response(error: &StubError) -> Response {
    let status = error.status();
    json_response(
        status,
        &stub_error_body(status, error.code(), &error.message(), error.errors()),
    )
}

/// The body of an error the stub answers itself (`status`, a snake_case `code`, a sentence,
/// and the problems of an invalid request), in this API's error shape.
pub fn stub_error_body(
    status: u16,
    code: &str,
    message: &str,
    errors: &[String],
) -> serde_json::Value {
    crate::server::ERROR_SHAPE.body(status, code, message, errors)
}

/// The shape of an API's error bodies, read from its spec by the generator.
#[allow(dead_code)] // an API has one shape
pub(crate) enum ErrorShape {
    /// Errors tagged by a code (Katapult): `{<tag>: code, <field>: …}`, with the fields of
    /// the first documented error.
    Tagged {
        /// The discriminating property, e.g. `code`.
        tag: &'static str,
        /// The other required properties and what each holds.
        fields: &'static [(&'static str, Field)],
    },
    /// OpenStack faults: one key naming the fault, whose value holds `message` and `code`:
    /// `{<fault key>: {"message": message, "code": status}}`.
    Fault,
    /// Anything else: `{"code": code, "message": message}`, with `errors` when there are some.
    Plain,
}

/// What a property of a [`ErrorShape::Tagged`] body holds.
#[allow(dead_code)] // which an API needs depends on its spec
pub(crate) enum Field {
    /// The sentence (a string property).
    Message,
    /// The HTTP status (a number property).
    Status,
    /// The problems (an object property): `{"errors": [...]}`, or `{}` when there are none.
    Problems,
}

impl ErrorShape {
    /// An error body of this shape.
    pub(crate) fn body(
        &self,
        status: u16,
        code: &str,
        message: &str,
        errors: &[String],
    ) -> serde_json::Value {
        match self {
            Self::Tagged { tag, fields } => {
                let mut body = serde_json::Map::new();
                body.insert(tag.to_string(), code.into());
                for (name, field) in fields.iter() {
                    let value = match field {
                        Field::Message => message.into(),
                        Field::Status => status.into(),
                        Field::Problems if errors.is_empty() => serde_json::json!({}),
                        Field::Problems => serde_json::json!({ "errors": errors }),
                    };
                    body.insert(name.to_string(), value);
                }
                serde_json::Value::Object(body)
            }
            Self::Fault => {
                let key = match status {
                    400 => "badRequest",
                    401 => "unauthorized",
                    403 => "forbidden",
                    404 => "itemNotFound",
                    405 => "badMethod",
                    409 => "conflictingRequest",
                    413 => "overLimit",
                    415 => "badMediaType",
                    501 => "notImplemented",
                    503 => "serviceUnavailable",
                    _ => "computeFault",
                };
                serde_json::json!({ key: { "message": message, "code": status } })
            }
            Self::Plain if errors.is_empty() => {
                serde_json::json!({ "code": code, "message": message })
            }
            Self::Plain => {
                serde_json::json!({ "code": code, "message": message, "errors": errors })
            }
        }
    }
}

/// Where a request carries a credential of one security scheme.
#[allow(dead_code)] // which an API needs depends on its spec
pub(crate) enum Scheme {
    /// `Authorization: Bearer <token>`; the scheme's name.
    Bearer(&'static str),
    /// A header of its own, such as `X-Auth-Token`: the scheme's name and the header's.
    Header(&'static str, &'static str),
}

/// A documented error the stub answers with itself: its status, its code, and the sentence
/// the spec gives for it (`None`: the stub's own sentence).
#[derive(Clone, Copy)]
pub(crate) struct Documented {
    /// The status the spec documents for it.
    pub status: u16,
    /// Its code, e.g. `missing_api_token`.
    pub code: &'static str,
    /// The spec's sentence for it (the error schema's description).
    pub message: Option<&'static str>,
}

/// How one operation takes its requests: the credentials it accepts, and the documented
/// errors (`x-stub-errors`) answering the requests the stub refuses itself. `None` answers
/// with the stub's own error, in the API's error shape. `E` is the operation's error type.
pub(crate) struct Operation<E> {
    /// The schemes the operation accepts, in the order its `security` lists them (empty:
    /// no credential needed).
    pub credentials: &'static [Scheme],
    /// The answer to a request without a credential.
    pub missing_credential: Option<Documented>,
    /// The answer to a credential the implementation refuses.
    pub invalid_credential: Option<Documented>,
    /// The answer to a request whose parameters or body do not decode.
    pub invalid_request: Option<Documented>,
    /// The operation's error type.
    pub error: PhantomData<fn() -> E>,
}

impl<E> Operation<E> {
    /// An operation that takes no credential and answers every refused request with the
    /// stub's own errors: most operations, which then need no constant of their own.
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    pub(crate) const PLAIN: Self = Operation {
        credentials: &[],
        missing_credential: None,
        invalid_credential: None,
        invalid_request: None,
        error: PhantomData,
    };
}

impl<E: OperationError> Operation<E> {
    /// The answer to `error`: the documented error the operation names for it, if any.
    fn refuse(&self, error: StubError) -> Response {
        self.refuse_saying(error, None)
    }

    /// The answer to the authentication step's `rejection`.
    fn reject(&self, rejection: Rejection) -> Response {
        if let (Some(code), Some(message)) = (&rejection.code, &rejection.message)
            && let Some(error) = E::with_code(code, message)
        {
            return error.answer();
        }
        self.refuse_saying(StubError::InvalidCredential, rejection.message.as_deref())
    }

    /// As [`Operation::refuse`], with `message` instead of the usual sentence.
    fn refuse_saying(&self, error: StubError, message: Option<&str>) -> Response {
        let documented = match error {
            StubError::MissingCredential => self.missing_credential,
            StubError::InvalidCredential => self.invalid_credential,
            StubError::InvalidRequest { .. } => self.invalid_request,
            _ => None,
        };
        let (status, code) = match documented {
            Some(documented) => (documented.status, documented.code),
            None => (error.status(), error.code()),
        };
        let message = match message.or(documented.and_then(|documented| documented.message)) {
            Some(message) => Cow::Borrowed(message),
            None => Cow::Owned(error.message()),
        };
        json_response(
            status,
            &stub_error_body(status, code, &message, error.errors()),
        )
    }
}

/// An operation's error type as the router answers it. Errors tagged by a code are answered
/// by their serde form; the generated code implements it for errors typed by status.
pub(crate) trait OperationError: Sized {
    /// The response: the error's documented status and body.
    fn answer(self) -> Response;

    /// The documented error with `code` and `message` in the API's error shape, if the
    /// operation documents one.
    fn with_code(code: &str, message: &str) -> Option<Self> {
        let _ = (code, message);
        None
    }
}

impl<E: Serialize + DeserializeOwned + crate::DocumentedError> OperationError for E {
    fn answer(self) -> Response {
        json_response(crate::DocumentedError::status(&self), &self)
    }

    fn with_code(code: &str, message: &str) -> Option<Self> {
        let decode = |status| serde_json::from_value(stub_error_body(status, code, message, &[]));
        // The status is known once the code is: decode again where the shape carries it.
        let error: Self = decode(0).ok()?;
        decode(crate::DocumentedError::status(&error))
            .ok()
            .or(Some(error))
    }
}

impl OperationError for Infallible {
    fn answer(self) -> Response {
        match self {}
    }
}

/// The answer to an error typed by status, from its `to_status_and_json()` (the
/// `documented_error!` macro implements [`OperationError`] with it).
#[allow(dead_code)] // whether an API needs it depends on its spec
pub(crate) fn by_status(
    (status, body): (u16, Result<serde_json::Value, serde_json::Error>),
) -> Response {
    match body {
        Ok(body) => json_response(status, &body),
        Err(_) => stub_response(&StubError::Internal),
    }
}

/// What a trait method returns: a future of the operation's result, `Send` so that the
/// router can serve it on any thread. Implement the method as an `async fn` returning
/// `Result<T, E>`; every such future is a `Reply<T, E>`.
pub trait Reply<T, E>: Future<Output = Result<T, E>> + Send {}

impl<F: Future<Output = Result<T, E>> + Send, T, E> Reply<T, E> for F {}

/// What every handler of a router shares: the implementation and the router's options.
pub(crate) struct Shared<A> {
    /// The implementation of the API's trait.
    pub api: A,
    /// The router's options.
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    pub config: ServerConfig,
}

impl<A> std::ops::Deref for Shared<A> {
    type Target = A;

    fn deref(&self) -> &A {
        &self.api
    }
}

/// What a handler answers: the response, or the refusal that is the response.
#[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
pub(crate) type Handled = Result<Response, Response>;

/// A request to one operation of the router, with what the router's handlers share: every
/// handler's one argument.
#[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
pub(crate) struct Incoming<A> {
    shared: Arc<Shared<A>>,
    request: Request,
}

impl<A: Send + Sync + 'static> FromRequest<Arc<Shared<A>>> for Incoming<A> {
    type Rejection = Infallible;

    async fn from_request(request: Request, shared: &Arc<Shared<A>>) -> Result<Self, Infallible> {
        Ok(Self {
            shared: Arc::clone(shared),
            request,
        })
    }
}

impl<A> Incoming<A> {
    /// The implementation, and the request taken apart for `operation` (see [`Input::new`]).
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    pub(crate) fn input<E: OperationError + 'static>(
        self,
        operation: &'static Operation<E>,
    ) -> (Arc<Shared<A>>, Input<E>) {
        let input = Input::new(operation, &self.shared.config, self.request);
        (self.shared, input)
    }
}

/// The router's answer to a path no operation has.
pub(crate) async fn not_found() -> Response {
    stub_response(&StubError::NotFound)
}

/// The router's answer to a method the path does not accept.
pub(crate) async fn method_not_allowed() -> Response {
    stub_response(&StubError::MethodNotAllowed)
}

/// One request to an operation, taken apart step by step in the order the stub checks it:
/// the credential ([`Input::caller`], then [`Input::admit`] with the implementation's
/// verdict on it), the path and query parameters ([`Input::path`],
/// [`Input::query`]: problems are collected, not answered at once), the body
/// ([`Input::body`], which first answers the collected problems), and the call
/// ([`Input::respond`]). Every refusal is an `Err` holding the answer.
pub(crate) struct Input<E: 'static> {
    operation: &'static Operation<E>,
    // The request's headers and peer rather than all its parts: `Input` lives in the
    // handler's future, which axum boxes, and a smaller box is a cheaper allocation.
    headers: HeaderMap,
    peer: Option<SocketAddr>,
    body: Body,
    limit: usize,
    path: HashMap<String, String>,
    query: Vec<(String, String)>,
    /// Why the path or the query could not be read at all: a problem once a parameter of
    /// either is asked for.
    unreadable: [Option<String>; 2],
    problems: Vec<String>,
}

// A refusal is the response itself, built once and sent: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
impl<E: OperationError + 'static> Input<E> {
    /// Takes `request` to `operation` apart. Nothing is checked yet.
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    pub(crate) fn new(
        operation: &'static Operation<E>,
        config: &ServerConfig,
        request: Request,
    ) -> Self {
        let (mut parts, body) = request.into_parts();
        // axum's `Path` is asynchronous in name only: it reads the parameters the router has
        // already matched, so it is ready when first polled (and `Input` is built in place,
        // not moved out of a future).
        let path = Path::<HashMap<String, String>>::from_request_parts(&mut parts, &());
        let (path, path_problem) = match path.now_or_never() {
            Some(Ok(Path(path))) => (path, None),
            Some(Err(rejection)) => (HashMap::new(), Some(format!("path: {rejection}"))),
            None => (
                HashMap::new(),
                Some("path: the parameters are not ready".into()),
            ),
        };
        // Without a query string there is nothing to decode (and nothing that can fail).
        let (query, query_problem) =
            match parts.uri.query().map(|_| Query::try_from_uri(&parts.uri)) {
                None => (Vec::new(), None),
                Some(Ok(Query(query))) => (query, None),
                Some(Err(rejection)) => (Vec::new(), Some(format!("query: {rejection}"))),
            };
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        Self {
            operation,
            headers: parts.headers,
            peer,
            body,
            limit: config.body_limit,
            path,
            query,
            unreadable: [path_problem, query_problem],
            problems: Vec::new(),
        }
    }

    /// The credential of the first scheme the operation accepts that the request carries;
    /// without one, the operation's answer to a missing credential.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn caller(&self) -> Result<Caller, Response> {
        let headers = &self.headers;
        let peer = self.peer;
        self.operation
            .credentials
            .iter()
            .find_map(|scheme| match scheme {
                Scheme::Bearer(name) => bearer_token(headers).map(|token| (*name, token)),
                Scheme::Header(name, header) => {
                    header_token(headers, header).map(|token| (*name, token))
                }
            })
            .map(|(scheme, token)| Caller::new(scheme, token).with_peer(peer))
            .ok_or_else(|| self.operation.refuse(StubError::MissingCredential))
    }

    /// Waits for the implementation's authentication step; a rejection (or a panic) is
    /// answered before anything else of the request is read.
    /// (`&mut self`, as every step that awaits: the body is not `Sync`.)
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn admit(
        &mut self,
        verdict: impl Future<Output = Result<(), Rejection>>,
    ) -> Result<(), Response> {
        match guarded(verdict).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(rejection)) => Err(self.operation.reject(rejection)),
            Err(error) => Err(stub_response(&error)),
        }
    }

    /// The path parameter `name`, parsed; a problem (and a default value) when it is missing
    /// or does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn path<T: FromStr + Default>(&mut self, name: &str) -> T {
        self.problems.extend(self.unreadable[0].take());
        match self.path.get(name).map(|raw| parse_param(name, raw)) {
            Some(Ok(value)) => value,
            Some(Err(problem)) => self.problem(problem),
            None => self.problem(format!("missing path parameter `{name}`")),
        }
    }

    /// The optional query parameter `name`, parsed; `None` and a problem when it does not
    /// parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn query<T: FromStr>(&mut self, name: &str) -> Option<T> {
        self.problems.extend(self.unreadable[1].take());
        let (_, raw) = self.query.iter().find(|(key, _)| key == name)?;
        let raw = raw.clone();
        self.parsed(name, &raw)
    }

    /// The required query parameter `name`, parsed; a problem (and a default value) when it
    /// is missing or does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn required_query<T: FromStr + Default>(&mut self, name: &str) -> T {
        self.required(Self::query, name, "query parameter")
    }

    /// The optional header parameter `name`, parsed; `None` and a problem when it is not text
    /// or does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn header<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let raw = self.headers.get(name)?;
        let Ok(raw) = raw.to_str() else {
            self.problems
                .push(format!("header `{name}`: the value is not text"));
            return None;
        };
        let raw = raw.trim().to_string();
        self.parsed(name, &raw)
    }

    /// The required header parameter `name`, parsed; a problem (and a default value) when it
    /// is missing or does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn required_header<T: FromStr + Default>(&mut self, name: &str) -> T {
        self.required(Self::header, name, "header")
    }

    /// The optional cookie parameter `name` (from the `Cookie` headers), parsed; `None` and a
    /// problem when it does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn cookie<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let raw = self
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find_map(|(key, value)| (key == name).then(|| value.to_string()))?;
        self.parsed(name, &raw)
    }

    /// The required cookie parameter `name`, parsed; a problem (and a default value) when it
    /// is missing or does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) fn required_cookie<T: FromStr + Default>(&mut self, name: &str) -> T {
        self.required(Self::cookie, name, "cookie")
    }

    /// `raw` parsed as the parameter `name`; `None` and a problem when it does not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    fn parsed<T: FromStr>(&mut self, name: &str, raw: &str) -> Option<T> {
        parse_param(name, raw)
            .map_err(|problem| self.problems.push(problem))
            .ok()
    }

    /// A required parameter through its optional reader: a problem (and a default value) when
    /// it is missing; the reader has recorded one when it did not parse.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    fn required<T: Default>(
        &mut self,
        read: impl FnOnce(&mut Self, &str) -> Option<T>,
        name: &str,
        what: &str,
    ) -> T {
        let before = self.problems.len();
        match read(self, name) {
            Some(value) => value,
            None if self.problems.len() > before => T::default(),
            None => self.problem(format!("missing {what} `{name}`")),
        }
    }

    /// The required JSON body, decoded, once the parameters are known to be valid.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn body<T: DeserializeOwned>(&mut self) -> Result<T, Response> {
        match self.read_body(true).await? {
            Some(body) => Ok(body),
            None => Err(self.invalid(vec!["the request body is required".into()])),
        }
    }

    /// The optional JSON body, decoded (`None` when empty), once the parameters are known to
    /// be valid.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn optional_body<T: DeserializeOwned>(
        &mut self,
    ) -> Result<Option<T>, Response> {
        self.read_body(false).await
    }

    /// Calls the implementation once the request is known to be valid, and answers its
    /// result: `status` with the JSON value, or the documented error.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn respond<T: Serialize>(
        &mut self,
        status: u16,
        call: impl Future<Output = Result<T, E>>,
    ) -> Result<Response, Response> {
        let value = self.call(call).await?;
        Ok(json_response(status, &value))
    }

    /// As [`Input::respond`], for a success typed by status: the variant says the status and
    /// whether there is a body (`answer`: the type's `to_status_and_json`).
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn respond_by_status<T>(
        &mut self,
        call: impl Future<Output = Result<T, E>>,
        answer: impl FnOnce(&T) -> (u16, Result<Option<serde_json::Value>, serde_json::Error>),
    ) -> Result<Response, Response> {
        let value = self.call(call).await?;
        Ok(match answer(&value) {
            // A redirection's value is its `Location`.
            (status @ 300..=399, Ok(Some(serde_json::Value::String(location)))) => {
                let mut response = empty_response(status);
                match HeaderValue::try_from(location) {
                    Ok(location) => {
                        response.headers_mut().insert(header::LOCATION, location);
                        response
                    }
                    Err(_) => stub_response(&StubError::Internal),
                }
            }
            (status @ 300..=399, Ok(Some(serde_json::Value::Null))) => empty_response(status),
            (status, Ok(Some(body))) => json_response(status, &body),
            (status, Ok(None)) => empty_response(status),
            (_, Err(_)) => stub_response(&StubError::Internal),
        })
    }

    /// As [`Input::respond`], for an operation whose success has no body.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn respond_empty(
        &mut self,
        status: u16,
        call: impl Future<Output = Result<(), E>>,
    ) -> Result<Response, Response> {
        self.call(call).await?;
        Ok(empty_response(status))
    }

    async fn call<T>(&mut self, call: impl Future<Output = Result<T, E>>) -> Result<T, Response> {
        self.check()?;
        match guarded(call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(error.answer()),
            Err(error) => Err(stub_response(&error)),
        }
    }

    async fn read_body<T: DeserializeOwned>(
        &mut self,
        required: bool,
    ) -> Result<Option<T>, Response> {
        let bytes = self.read_bytes().await?;
        decode_json(&self.headers, &bytes, required).map_err(|error| self.refuse(error))
    }

    /// The body's bytes, once the parameters are known to be valid; refused when its declared
    /// or actual length passes the limit.
    async fn read_bytes(&mut self) -> Result<axum::body::Bytes, Response> {
        self.check()?;
        let body = std::mem::take(&mut self.body);
        let limit = self.limit;
        let declared = self
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<usize>().ok());
        if declared.is_some_and(|length| length > limit) {
            return Err(self.refuse(StubError::PayloadTooLarge { limit }));
        }
        axum::body::to_bytes(body, limit)
            .await
            .map_err(|_| self.refuse(StubError::PayloadTooLarge { limit }))
    }

    /// The required `text/*` body.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn text_body(&mut self) -> Result<String, Response> {
        match self.optional_text_body().await? {
            Some(text) => Ok(text),
            None => Err(self.invalid(vec!["the request body is required".into()])),
        }
    }

    /// The optional `text/*` body (`None` when empty).
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn optional_text_body(&mut self) -> Result<Option<String>, Response> {
        let Some((bytes, _)) = self.raw_body("text/").await? else {
            return Ok(None);
        };
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|_| self.invalid(vec!["body: the text is not UTF-8".into()]))
    }

    /// The required body of any other media type, as bytes.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn bytes_body(&mut self) -> Result<Vec<u8>, Response> {
        match self.optional_bytes_body().await? {
            Some(bytes) => Ok(bytes),
            None => Err(self.invalid(vec!["the request body is required".into()])),
        }
    }

    /// The optional body of any other media type, as bytes (`None` when empty).
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn optional_bytes_body(&mut self) -> Result<Option<Vec<u8>>, Response> {
        Ok(self.raw_body("").await?.map(|(bytes, _)| bytes.to_vec()))
    }

    /// The body's bytes and its `Content-Type` (`None` when empty), once the parameters are
    /// known to be valid; refused when larger than the limit, or when its media type does not
    /// start with `expected` (`""` takes any).
    pub(crate) async fn raw_body(
        &mut self,
        expected: &'static str,
    ) -> Result<Option<(axum::body::Bytes, String)>, Response> {
        let bytes = self.read_bytes().await?;
        let content_type = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if bytes.is_empty() {
            return Ok(None);
        }
        if !content_type.to_ascii_lowercase().starts_with(expected) {
            return Err(self.refuse(StubError::UnsupportedMediaType { expected }));
        }
        Ok(Some((bytes, content_type)))
    }

    /// The answer `error` gets from this operation.
    pub(crate) fn refuse(&self, error: StubError) -> Response {
        self.operation.refuse(error)
    }

    /// The answer to the problems collected so far, if there are any.
    fn check(&self) -> Result<(), Response> {
        if self.problems.is_empty() {
            return Ok(());
        }
        Err(self.invalid(self.problems.clone()))
    }

    fn invalid(&self, errors: Vec<String>) -> Response {
        self.operation.refuse(StubError::InvalidRequest { errors })
    }

    fn problem<T: Default>(&mut self, problem: String) -> T {
        self.problems.push(problem);
        T::default()
    }
}

/// The value of `Authorization: Bearer <token>`, if present and non-empty.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// The value of a credential header such as `X-Auth-Token`, if present and non-empty.
fn header_token(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Decodes a JSON body. `Ok(None)` when the body is empty and optional.
fn decode_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    bytes: &[u8],
    required: bool,
) -> Result<Option<T>, StubError> {
    if bytes.is_empty() {
        if required {
            return Err(StubError::InvalidRequest {
                errors: vec!["the request body is required".into()],
            });
        }
        return Ok(None);
    }
    if !is_json(headers) {
        return Err(StubError::UnsupportedMediaType {
            expected: "application/json",
        });
    }
    // The common case, a body that decodes, pays for plain serde only; a body that does not
    // is decoded again, tracking the path, to say which field is wrong.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(Some(value));
    }
    decode_tracked(bytes).map(Some)
}

/// Decodes a JSON body whose problems are named by their path in it (`body.a.b: …`).
fn decode_tracked<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StubError> {
    let mut decoder = serde_json::Deserializer::from_slice(bytes);
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
    Ok(value)
}

/// Whether the `Content-Type` is JSON: `application/json` or a `+json` type, in any case.
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
                .as_bytes()
        })
        .is_some_and(|essence| {
            let suffix = essence.len().checked_sub(5).map(|start| &essence[start..]);
            essence.eq_ignore_ascii_case(b"application/json")
                || suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case(b"+json"))
        })
}

/// Parses one path or query parameter.
fn parse_param<T: FromStr>(name: &str, raw: &str) -> Result<T, String> {
    raw.parse()
        .map_err(|_| format!("parameter `{name}`: `{raw}` is not a valid value"))
}

/// A JSON response with `status`.
fn json_response(status: u16, body: &impl Serialize) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            // Built directly: the same response as `(status, [content type], bytes)`, without
            // the `application/octet-stream` the bytes would set first.
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A response with `status` and no body.
fn empty_response(status: u16) -> Response {
    StatusCode::from_u16(status)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}

/// Runs an implementation's future; a panic inside it becomes `Err(StubError::Internal)`.
async fn guarded<F: Future>(future: F) -> Result<F::Output, StubError> {
    AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .map_err(|_| StubError::Internal)
}
