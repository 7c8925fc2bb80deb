//! Client runtime shared by every generated crate: credentials, timeouts, identity, and the
//! hooks progenitor's `Client` calls around each request.

use std::fmt;
use std::time::{Duration, Instant};

use progenitor_client::{ByteStream, ClientHooks, Error, OperationInfo, ResponseValue};
use reqwest::header::{HeaderName, HeaderValue};

use crate::Client;
use crate::retry::RetryPolicy;

/// `application/json`, as a header value: the `Accept` of every request whose operation
/// answers JSON.
pub const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// Default limit for a whole request, response body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A credential sent with every request: one header, marked sensitive so that it never
/// appears in `Debug` output.
#[derive(Clone)]
pub struct Credential {
    header: HeaderName,
    value: HeaderValue,
}

impl Credential {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: &str) -> Result<Self, BuildError> {
        Self::header("authorization", &format!("Bearer {token}"))
    }

    /// Any header, e.g. `X-Auth-Token: <token>`.
    pub fn header(name: &str, value: &str) -> Result<Self, BuildError> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| BuildError::InvalidCredential("the header name is not valid"))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            BuildError::InvalidCredential("the credential contains characters a header cannot")
        })?;
        value.set_sensitive(true);
        Ok(Self { header, value })
    }

    /// The name of the header the credential is sent in.
    pub fn header_name(&self) -> &str {
        self.header.as_str()
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("header", &self.header)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// What the client carries besides its base URL and HTTP client.
#[derive(Clone, Debug, Default)]
pub struct ClientState {
    credential: Option<Credential>,
    retry: Option<RetryPolicy>,
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    base: Option<BaseUrl>,
}

/// The base URL as [`ClientBuilder::build`] parsed it, so that a request parses only its own
/// path (see [`Client::url`]).
#[derive(Clone, Debug)]
#[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
struct BaseUrl {
    /// The base URL as the client holds it, to tell whether this is still its base URL.
    text: String,
    parsed: reqwest::Url,
}

/// A reason a client could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The credential cannot be sent as an HTTP header.
    InvalidCredential(&'static str),
    /// A default header's name or value is not valid.
    InvalidHeader(&'static str),
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl(String),
    /// An environment variable that should hold the credential is unset or empty.
    MissingEnvironment(&'static str),
    /// The HTTP client could not be constructed (TLS set-up, for instance).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCredential(why) => write!(f, "invalid credential: {why}"),
            Self::InvalidHeader(why) => write!(f, "invalid header: {why}"),
            Self::InvalidBaseUrl(url) => {
                write!(
                    f,
                    "invalid base URL `{url}`: expected http(s)://host[/path]"
                )
            }
            Self::MissingEnvironment(name) => {
                write!(f, "environment variable {name} is not set or empty")
            }
            Self::Http(err) => write!(f, "cannot build the HTTP client: {err}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(err) => Some(err),
            _ => None,
        }
    }
}

/// Builds a [`Client`] with a credential, timeouts and a `User-Agent` naming this crate.
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    baseurl: String,
    credential: Option<Credential>,
    retry: Option<RetryPolicy>,
    headers: reqwest::header::HeaderMap,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
}

impl ClientBuilder {
    /// A builder for a client of the API at `baseurl` (scheme, host, and path stem).
    pub fn new(baseurl: impl Into<String>) -> Self {
        Self {
            baseurl: baseurl.into(),
            credential: None,
            retry: None,
            headers: reqwest::header::HeaderMap::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).into(),
        }
    }

    /// Sends `credential` with every request.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.credential = Some(credential);
        self
    }

    /// Retries requests the server did not process, as `policy` allows (default: no retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends `name: value` with every request (a tracing or tenancy header, say). Use
    /// [`Self::credential`] for secrets, which are kept out of `Debug` output.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, BuildError> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| BuildError::InvalidHeader("the header name is not valid"))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| BuildError::InvalidHeader("the header value is not valid"))?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Limit for a whole request (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limit for connecting (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Replaces the `User-Agent` (default `<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Builds the client. The base URL must be an absolute `http` or `https` URL; a trailing
    /// `/` is dropped (operation paths start with one).
    pub fn build(self) -> Result<Client, BuildError> {
        let baseurl = self.baseurl.trim_end_matches('/').to_string();
        let parsed = match reqwest::Url::parse(&baseurl) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url,
            _ => return Err(BuildError::InvalidBaseUrl(baseurl)),
        };
        install_tls_provider();
        let base_path = parsed.path().trim_end_matches('/').to_string();
        let http = reqwest::ClientBuilder::new()
            .redirect(redirect_policy(base_path))
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .default_headers(self.headers)
            .build()
            .map_err(BuildError::Http)?;
        // A base URL with a query or a fragment is joined to each path as text, as before.
        let base = (parsed.query().is_none() && parsed.fragment().is_none()).then(|| BaseUrl {
            text: baseurl.clone(),
            parsed,
        });
        let state = ClientState {
            credential: self.credential,
            retry: self.retry,
            base,
        };
        Ok(Client::new_with_client(&baseurl, http, state))
    }
}

impl Client {
    /// A [`ClientBuilder`] for the API at `baseurl`.
    pub fn builder(baseurl: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(baseurl)
    }
}

/// Installs rustls's `ring` crypto provider as the process's default, unless the process has
/// one already; without the `rustls` feature it does nothing.
///
/// With the `rustls` feature, reqwest is compiled without a crypto provider of its own (its
/// default, `aws-lc-rs`, builds AWS-LC's C code), and every `reqwest::Client` of the process
/// panics when built before one is installed. Building a [`Client`] calls this first; call it
/// yourself only if the process builds other reqwest clients before it builds one of ours.
pub fn install_tls_provider() {
    #[cfg(feature = "rustls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed one first, which serves as well. rustls
        // 0.23.48 deprecates `ring`'s provider for lacking post-quantum key exchange; it stays
        // the choice that builds no C (see above) until the `rustls` feature can move to a
        // pure-Rust post-quantum provider.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Reads a credential from an environment variable (used by the generated `*_from_env`
/// methods of specs whose security schemes name a variable with `x-env-var`).
#[allow(dead_code)]
pub(crate) fn env_credential(
    variable: &'static str,
    make: fn(&str) -> Result<Credential, BuildError>,
) -> Result<Credential, BuildError> {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => make(value.trim()),
        _ => Err(BuildError::MissingEnvironment(variable)),
    }
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        if let Some(credential) = &self.inner.credential {
            request
                .headers_mut()
                .insert(credential.header.clone(), credential.value.clone());
        }
        let rewrites = crate::wire::request_rewrites(info.operation_id);
        if !rewrites.is_empty() {
            rewrite_request(request, rewrites);
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let response = self.send(request, info).await?;
        match crate::wire::response_rewrite(info.operation_id, response.status().as_u16()) {
            Some(rewrite) => rewrite_body(response, rewrite).await,
            None => Ok(response),
        }
    }
}

impl Client {
    /// Sends a request, again where the retry policy allows it.
    async fn send(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let Some(policy) = &self.inner.retry else {
            return self.client.execute(request).await;
        };
        let started = Instant::now();
        let mut request = request;
        for retry in 1.. {
            // A body that cannot be cloned (a stream) cannot be sent twice.
            let spare = request.try_clone();
            let outcome = self.client.execute(request).await;
            let Some(spare) = spare else { return outcome };
            let (outcome, why, headers) = match outcome {
                // The connection failed, so the request was never sent.
                Err(err) if err.is_connect() => {
                    let why = format!("connection failed: {err}");
                    (Err(err), why, reqwest::header::HeaderMap::new())
                }
                Ok(response) if matches!(response.status().as_u16(), 429 | 503) => {
                    let (response, retryable) = inspect(response, info).await?;
                    if !retryable {
                        return Ok(response);
                    }
                    let why = format!("HTTP {}", response.status().as_u16());
                    let headers = response.headers().clone();
                    (Ok(response), why, headers)
                }
                other => return other,
            };
            let Some(wait) = policy.next_wait(retry, started.elapsed(), &headers) else {
                return outcome;
            };
            tracing::debug!(
                operation = info.operation_id,
                attempt = retry + 1,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                reason = %why,
                "retrying a request the server did not process"
            );
            tokio::time::sleep(wait).await;
            request = spare;
        }
        unreachable!("the retry loop only ends by returning")
    }
}

/// An operation's URL that does not parse (only with a base URL [`ClientBuilder`] did not
/// check): answered as [`Error::InvalidRequest`].
#[derive(Debug)]
pub(crate) struct InvalidUrl(String);

impl<E> From<InvalidUrl> for Error<E> {
    fn from(invalid: InvalidUrl) -> Self {
        Error::InvalidRequest(invalid.0)
    }
}

impl Client {
    /// The URL of an operation's `path` (its parameters percent-encoded) under the base URL.
    /// Only the path is parsed: the base URL was parsed when the client was built, and
    /// parsing it again for each request cost more than the rest of the client's own work.
    /// The URL is the one the whole text `<base URL><path>` parses to.
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    pub(crate) fn url(&self, path: fmt::Arguments<'_>) -> Result<reqwest::Url, InvalidUrl> {
        use fmt::Write as _;
        let base = self
            .inner
            .base
            .as_ref()
            .filter(|base| base.text == self.baseurl);
        if let Some(base) = base {
            let stem = base.parsed.path().trim_end_matches('/');
            let mut full = String::with_capacity(stem.len() + 64);
            full.push_str(stem);
            let _ = full.write_fmt(path);
            // A query or fragment written into an operation's path (`/?Action=…`) is parsed
            // as one below; `set_path` would encode it as part of the path.
            if !full.contains(['?', '#']) {
                let mut url = base.parsed.clone();
                url.set_path(&full);
                return Ok(url);
            }
            return parse_url(format!("{}{}", self.baseurl, &full[stem.len()..]));
        }
        parse_url(format!("{}{path}", self.baseurl))
    }
}

/// `text` as a URL.
#[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
fn parse_url(text: String) -> Result<reqwest::Url, InvalidUrl> {
    reqwest::Url::parse(&text).map_err(|err| InvalidUrl(format!("invalid URL `{text}`: {err}")))
}

impl Client {
    /// Sends an operation's request through the hooks above (credential, request rewrites,
    /// retry, response rewrites): what every request builder's `send` does between building
    /// its request and reading the status.
    #[allow(dead_code)] // Unused when no operation is compiled (no paths, no tag on).
    pub(crate) async fn exchange<E>(
        &self,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> Result<reqwest::Response, Error<E>> {
        let info = OperationInfo { operation_id };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        Ok(result?)
    }
}

/// A request builder's setter: converts its argument, keeping a failure for `send` to report
/// as `Error::InvalidRequest`.
#[allow(dead_code)] // Used only by specs with parameters or a text body.
pub(crate) fn convert<T, V: TryInto<T>>(value: V, parameter: &str) -> Result<T, String> {
    let name = type_name::<T>;
    value
        .try_into()
        .map_err(|_| format!("conversion to `{}` for {parameter} failed", name()))
}

/// [`convert`] for an argument whose conversion says why it failed (a request body).
#[allow(dead_code)] // Used only by specs with such a body.
pub(crate) fn convert_explained<T, V>(value: V, parameter: &str) -> Result<T, String>
where
    V: TryInto<T>,
    V::Error: fmt::Display,
{
    let name = type_name::<T>;
    value
        .try_into()
        .map_err(|err| format!("conversion to `{}` for {parameter} failed: {err}", name()))
}

/// A type's name without its path (`String`, `CreateDiskBody`, `DateTime<chrono::offset::Utc>`).
fn type_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    let outer = name.split('<').next().unwrap_or(name);
    &name[outer.rfind("::").map_or(0, |at| at + 2)..]
}

/// The answer to a documented error status: its body decoded as the operation's error type.
#[allow(dead_code)] // Used only by specs that document an error body.
pub(crate) async fn error_response<T, E: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, Error<E>> {
    Err(Error::ErrorResponse(
        progenitor_client::ResponseValue::from_response(response).await?,
    ))
}

/// Header parameters, appended to a request's headers as their text.
#[allow(dead_code)] // Used only by specs with header parameters.
pub(crate) trait HeaderParams {
    /// A required header parameter.
    fn param(
        &mut self,
        name: &'static str,
        value: impl ToString,
    ) -> Result<(), reqwest::header::InvalidHeaderValue>;

    /// An optional header parameter, appended when it is set.
    fn optional_param(
        &mut self,
        name: &'static str,
        value: Option<impl ToString>,
    ) -> Result<(), reqwest::header::InvalidHeaderValue>;
}

impl HeaderParams for reqwest::header::HeaderMap {
    fn param(
        &mut self,
        name: &'static str,
        value: impl ToString,
    ) -> Result<(), reqwest::header::InvalidHeaderValue> {
        self.append(name, value.to_string().try_into()?);
        Ok(())
    }

    fn optional_param(
        &mut self,
        name: &'static str,
        value: Option<impl ToString>,
    ) -> Result<(), reqwest::header::InvalidHeaderValue> {
        match value {
            Some(value) => self.param(name, value),
            None => Ok(()),
        }
    }
}

/// How a list or object parameter is written as text (OpenAPI's `style` and `explode`): the
/// generator picks one per parameter from its location and the document, and the request
/// builder passes it to [`parameter_text`].
#[allow(dead_code)] // Used only by specs with such parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Headers and paths: `a,b,c`; an object `k,v,k,v`, or `k=v,k=v` exploded.
    Simple { explode: bool },
    /// Paths: `.a,b,c` (`.a.b.c` exploded); an object `.k,v` (`.k=v.k=v` exploded).
    Label { explode: bool },
    /// Paths: `;name=a,b` (`;name=a;name=b` exploded); an object `;name=k,v` (`;k=v;k=v`).
    Matrix { name: &'static str, explode: bool },
    /// Cookies, as whole `Cookie` pairs: `name=a,b` (`name=a; name=b` exploded); an object
    /// `name=k,v` (`k=v; k=v` exploded).
    Form { name: &'static str, explode: bool },
    /// The parameter's `content` is `application/json`: the value's JSON.
    Json,
}

/// A parameter value that [`parameter_text`] cannot write in its style (an object or a list
/// inside a list or an object): answered as [`Error::InvalidRequest`].
#[derive(Debug)]
pub(crate) struct InvalidParameter(String);

impl<E> From<InvalidParameter> for Error<E> {
    fn from(invalid: InvalidParameter) -> Self {
        Error::InvalidRequest(invalid.0)
    }
}

/// A path, header or cookie parameter's value as text in `style`: the one way every request
/// builder writes a list or an object outside the query. The value is read through its serde
/// form, so a list, a map and a generated struct (its fields by their JSON names, unset
/// optional ones left out) are written alike; a scalar is its JSON text without quotes.
#[allow(dead_code)] // Used only by specs with such parameters.
pub(crate) fn parameter_text<T: serde::Serialize + ?Sized>(
    value: &T,
    style: Style,
) -> Result<String, InvalidParameter> {
    use serde_json::Value;
    let value = serde_json::to_value(value).map_err(|err| InvalidParameter(err.to_string()))?;
    let scalar = |value: &Value| match value {
        Value::String(text) => Ok(text.clone()),
        Value::Null => Ok(String::new()),
        Value::Bool(_) | Value::Number(_) => Ok(value.to_string()),
        Value::Array(_) | Value::Object(_) => Err(InvalidParameter(format!(
            "a parameter holds {value}, which {style:?} cannot write"
        ))),
    };
    // What the style writes before the value, the name it writes the value under (in
    // `name=value`), and what it puts between exploded items or pairs.
    let (lead, name, explode, separator) = match style {
        Style::Json => return Ok(value.to_string()),
        Style::Simple { explode } => ("", None, explode, ","),
        Style::Label { explode } => (".", None, explode, "."),
        Style::Matrix { name, explode } => (";", Some(name), explode, ";"),
        Style::Form { name, explode } => ("", Some(name), explode, "; "),
    };
    let named = |text: String| match name {
        Some(name) => format!("{name}={text}"),
        None => text,
    };
    let written = match &value {
        Value::Array(items) => {
            let items = items.iter().map(scalar).collect::<Result<Vec<_>, _>>()?;
            match explode {
                true => items
                    .into_iter()
                    .map(named)
                    .collect::<Vec<_>>()
                    .join(separator),
                false => named(items.join(",")),
            }
        }
        Value::Object(fields) => {
            // `null` members are left out.
            let mut pairs = Vec::with_capacity(fields.len());
            for (key, value) in fields.iter().filter(|(_, value)| !value.is_null()) {
                pairs.push(match explode {
                    true => format!("{key}={}", scalar(value)?),
                    false => format!("{key},{}", scalar(value)?),
                });
            }
            match explode {
                true => pairs.join(separator),
                false => named(pairs.join(",")),
            }
        }
        other => named(scalar(other)?),
    };
    Ok(format!("{lead}{written}"))
}

/// What a request builder's `send` gives: the response, its status and headers with the body
/// decoded as `T`, or the error, an error status's body decoded as `E` (`()` for an operation
/// that documents none).
pub type ApiResult<T, E = ()> = Result<ResponseValue<T>, Error<E>>;

/// An operation's answer: for a status of `successes` what they read of the response, for
/// one of `errors` what they read of the error; any other status is
/// `Error::UnexpectedResponse`. A request builder's `send` ends with it:
/// `answer(response, json(&[201]), json(&[403, 404])).await`.
#[allow(dead_code)] // Used only by specs with such an operation.
pub(crate) async fn answer<T, E, S, F>(
    response: reqwest::Response,
    successes: S,
    errors: F,
) -> ApiResult<T, E>
where
    S: SuccessStatuses<T>,
    F: ErrorStatuses<E>,
{
    let status = response.status().as_u16();
    if successes.statuses().contains(&status) {
        S::read(response).await
    } else if errors.statuses().contains(&status) {
        F::read(response).await
    } else {
        Err(Error::UnexpectedResponse(response))
    }
}

/// Statuses whose body is JSON: a success's decoded as the operation's type, an error's as
/// its error type.
pub(crate) struct Json<'s>(&'s [u16]);

/// Statuses without a body.
pub(crate) struct Empty<'s>(&'s [u16]);

/// Success statuses whose body is read as a stream of bytes.
pub(crate) struct Stream<'s>(&'s [u16]);

/// [`Json`] statuses.
#[allow(dead_code)] // Used only by specs with such an operation.
pub(crate) fn json(statuses: &[u16]) -> Json<'_> {
    Json(statuses)
}

/// [`Empty`] statuses.
#[allow(dead_code)] // Used only by specs with such an operation.
pub(crate) fn empty(statuses: &[u16]) -> Empty<'_> {
    Empty(statuses)
}

/// [`Stream`] statuses.
#[allow(dead_code)] // Used only by specs with such an operation.
pub(crate) fn stream(statuses: &[u16]) -> Stream<'_> {
    Stream(statuses)
}

/// An operation's success statuses, and how their body is read as `T`.
pub(crate) trait SuccessStatuses<T> {
    fn statuses(&self) -> &[u16];
    async fn read<E>(response: reqwest::Response) -> ApiResult<T, E>;
}

/// An operation's documented error statuses, and how their body is read as `E`.
pub(crate) trait ErrorStatuses<E> {
    fn statuses(&self) -> &[u16];
    async fn read<T>(response: reqwest::Response) -> ApiResult<T, E>;
}

impl<T: serde::de::DeserializeOwned> SuccessStatuses<T> for Json<'_> {
    fn statuses(&self) -> &[u16] {
        self.0
    }
    async fn read<E>(response: reqwest::Response) -> ApiResult<T, E> {
        ResponseValue::from_response(response).await
    }
}

impl SuccessStatuses<()> for Empty<'_> {
    fn statuses(&self) -> &[u16] {
        self.0
    }
    async fn read<E>(response: reqwest::Response) -> ApiResult<(), E> {
        Ok(ResponseValue::empty(response))
    }
}

impl SuccessStatuses<ByteStream> for Stream<'_> {
    fn statuses(&self) -> &[u16] {
        self.0
    }
    async fn read<E>(response: reqwest::Response) -> ApiResult<ByteStream, E> {
        Ok(ResponseValue::stream(response))
    }
}

impl<E: serde::de::DeserializeOwned> ErrorStatuses<E> for Json<'_> {
    fn statuses(&self) -> &[u16] {
        self.0
    }
    async fn read<T>(response: reqwest::Response) -> ApiResult<T, E> {
        error_response(response).await
    }
}

impl ErrorStatuses<()> for Empty<'_> {
    fn statuses(&self) -> &[u16] {
        self.0
    }
    async fn read<T>(response: reqwest::Response) -> ApiResult<T, ()> {
        Err(Error::ErrorResponse(ResponseValue::empty(response)))
    }
}

/// What the runtime does to a request before sending it, where progenitor's code cannot say
/// it (the generator's table in `wire.rs` says which operations).
#[allow(dead_code)] // Used only by specs whose requests need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequestRewrite {
    /// Send this `Content-Type` (a vendor JSON type, an image type, …).
    ContentType(&'static str),
    /// Send the JSON body as `multipart/form-data`, a part per top-level field.
    Multipart,
    /// The query parameter sent as the first name goes on the wire as the second (two
    /// parameters of the operation have the same Rust name).
    RenameQuery(&'static str, &'static str),
    /// The same for a header.
    RenameHeader(&'static str, &'static str),
    /// The header (first) is the cookie (second): it moves into the `Cookie` header.
    Cookie(&'static str, &'static str),
    /// The header holds whole cookie pairs (a list or object cookie, written by
    /// [`parameter_text`] in the form style): they move into the `Cookie` header as they are.
    CookiePairs(&'static str),
    /// `style: deepObject`: the pairs `p=…` for each listed property become `name[p]=…`.
    DeepObject(&'static str, &'static [&'static str]),
    /// `spaceDelimited` / `pipeDelimited`: repeated `name=a&name=b` become `name=a<sep>b`.
    Delimited(&'static str, char),
}

/// Applies an operation's rewrites to a request progenitor built.
#[allow(dead_code)] // Used only by specs whose requests need it.
fn rewrite_request(request: &mut reqwest::Request, rewrites: &[RequestRewrite]) {
    let mut pairs: Vec<(String, String)> = request
        .url()
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let mut query_changed = false;
    let mut cookies = Vec::new();
    for rewrite in rewrites {
        match *rewrite {
            RequestRewrite::ContentType(content_type) => {
                request.headers_mut().insert(
                    reqwest::header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type),
                );
            }
            RequestRewrite::Multipart => to_multipart(request),
            RequestRewrite::RenameQuery(sent, wire) => {
                for (key, _) in pairs.iter_mut().filter(|(key, _)| key == sent) {
                    *key = wire.to_string();
                    query_changed = true;
                }
            }
            RequestRewrite::RenameHeader(sent, wire) => {
                if let (Some(value), Ok(name)) = (
                    request.headers_mut().remove(sent),
                    HeaderName::from_bytes(wire.as_bytes()),
                ) {
                    request.headers_mut().insert(name, value);
                }
            }
            RequestRewrite::Cookie(header, name) => {
                if let Some(value) = request.headers_mut().remove(header)
                    && let Ok(value) = value.to_str()
                {
                    cookies.push(format!("{name}={value}"));
                }
            }
            RequestRewrite::CookiePairs(header) => {
                if let Some(value) = request.headers_mut().remove(header)
                    && let Ok(value) = value.to_str()
                {
                    cookies.extend((!value.is_empty()).then(|| value.to_string()));
                }
            }
            RequestRewrite::DeepObject(name, properties) => {
                for (key, _) in pairs
                    .iter_mut()
                    .filter(|(key, _)| properties.contains(&key.as_str()))
                {
                    *key = format!("{name}[{key}]");
                    query_changed = true;
                }
            }
            RequestRewrite::Delimited(name, separator) => {
                let values: Vec<String> = pairs
                    .iter()
                    .filter(|(key, _)| key == name)
                    .map(|(_, value)| value.clone())
                    .collect();
                if values.len() > 1 {
                    let first = pairs.iter().position(|(key, _)| key == name);
                    pairs.retain(|(key, _)| key != name);
                    let joined = values.join(&separator.to_string());
                    pairs.insert(first.unwrap_or(pairs.len()), (name.to_string(), joined));
                    query_changed = true;
                }
            }
        }
    }
    if query_changed {
        let url = request.url_mut();
        url.set_query(None);
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(&pairs);
        }
    }
    if !cookies.is_empty()
        && let Ok(value) = HeaderValue::from_str(&cookies.join("; "))
    {
        request.headers_mut().append(reqwest::header::COOKIE, value);
    }
}

/// Turns a JSON object body into `multipart/form-data`: a text part per scalar field, a part
/// per element of an array, a JSON part for an object; `null` fields are left out.
#[allow(dead_code)] // Used only by specs with multipart bodies.
fn to_multipart(request: &mut reqwest::Request) {
    let Some(serde_json::Value::Object(fields)) = request
        .body()
        .and_then(reqwest::Body::as_bytes)
        .and_then(|bytes| serde_json::from_slice(bytes).ok())
    else {
        return;
    };
    let boundary = format!(
        "sdk-boundary-{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default()
    );
    let mut body = Vec::new();
    let mut part = |name: &str, value: &serde_json::Value| {
        let (content_type, text) = match value {
            serde_json::Value::String(text) => (None, text.clone()),
            serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                (Some("application/json"), value.to_string())
            }
            other => (None, other.to_string()),
        };
        let name = name.replace('"', "%22").replace(['\r', '\n'], " ");
        body.extend_from_slice(
            format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n")
                .as_bytes(),
        );
        if let Some(content_type) = content_type {
            body.extend_from_slice(format!("content-type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(text.as_bytes());
        body.extend_from_slice(b"\r\n");
    };
    for (name, value) in &fields {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => items.iter().for_each(|item| part(name, item)),
            other => part(name, other),
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    if let Ok(content_type) =
        HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
    {
        request
            .headers_mut()
            .insert(reqwest::header::CONTENT_TYPE, content_type);
        request.headers_mut().insert(
            reqwest::header::CONTENT_LENGTH,
            HeaderValue::from(body.len()),
        );
        *request.body_mut() = Some(reqwest::Body::from(body));
    }
}

/// reqwest's redirect policy (follow up to 10), except where the spec documents the
/// redirection as the operation's answer (a `303` with the `Location` of a created export, say):
/// that response is returned, and the operation's success type holds the `Location`.
fn redirect_policy(base_path: String) -> reqwest::redirect::Policy {
    if crate::wire::REDIRECTS.is_empty() {
        return reqwest::redirect::Policy::default();
    }
    reqwest::redirect::Policy::custom(move |attempt| {
        let status = attempt.status().as_u16();
        let documented = attempt
            .previous()
            .first()
            .and_then(|first| first.path().strip_prefix(base_path.as_str()))
            .is_some_and(|path| {
                crate::wire::REDIRECTS.iter().any(|(route, low, high)| {
                    (*low..=*high).contains(&status) && route_matches(route, path)
                })
            });
        if documented {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Whether `path` is an instance of the path template `route` (`/notes/{id}` and `/notes/7`).
fn route_matches(route: &str, path: &str) -> bool {
    let mut routes = route.split('/');
    let mut segments = path.split('/');
    loop {
        match (routes.next(), segments.next()) {
            (None, None) => return true,
            (Some(template), Some(segment)) => {
                let variable = template.starts_with('{') && template.ends_with('}');
                if !(variable && !segment.is_empty() || template == segment) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// How the runtime presents a response body to the generated decoding code, which decodes one
/// JSON type per operation (the generator's table in `responses.rs` says which responses).
#[allow(dead_code)] // Used only by specs whose responses need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rewrite {
    /// `{"status": <status>, "body": <body as JSON>}`, for success types decoded by status.
    WrapWithStatus(BodyKind),
    /// `null`: a documented status without a JSON body, among statuses with one.
    Null,
}

/// How a body becomes JSON for [`Rewrite::WrapWithStatus`].
#[allow(dead_code)] // Used only by specs whose responses need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// Already JSON (an empty body is `null`).
    Json,
    /// Text: a JSON string.
    Text,
    /// Bytes: a JSON array of numbers.
    Binary,
    /// No body: `null`.
    Empty,
    /// A redirection: the `Location` header as a string (`null` without one).
    Location,
}

/// The form [`Rewrite::WrapWithStatus`] gives a body.
#[allow(dead_code)] // Used only by specs whose responses need it.
#[derive(serde::Deserialize)]
pub(crate) struct StatusAndBody {
    /// The response's status.
    pub status: u16,
    /// Its body as JSON.
    pub body: serde_json::Value,
}

/// Reads the body and rebuilds the response with the rewritten one.
async fn rewrite_body(
    response: reqwest::Response,
    rewrite: Rewrite,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let mut headers = response.headers().clone();
    let bytes = response.bytes().await?;
    let json = |bytes: &[u8]| -> serde_json::Value {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(bytes).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned())
            })
        }
    };
    let body = match rewrite {
        Rewrite::Null => serde_json::Value::Null,
        Rewrite::WrapWithStatus(kind) => {
            let body = match kind {
                BodyKind::Json => json(&bytes),
                BodyKind::Text => {
                    serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())
                }
                BodyKind::Binary => serde_json::Value::from(bytes.to_vec()),
                BodyKind::Empty => serde_json::Value::Null,
                BodyKind::Location => headers
                    .get(reqwest::header::LOCATION)
                    .and_then(|location| location.to_str().ok())
                    .map_or(serde_json::Value::Null, |location| location.into()),
            };
            serde_json::json!({ "status": status.as_u16(), "body": body })
        }
    };
    headers.remove(reqwest::header::CONTENT_LENGTH);
    headers.insert(reqwest::header::CONTENT_TYPE, JSON);
    let mut rebuilt = http::Response::new(serde_json::to_vec(&body).unwrap_or_default());
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

/// Reads an error response's body to decide whether it is retryable, and rebuilds the response
/// so that the generated code can still decode it.
async fn inspect(
    response: reqwest::Response,
    info: &OperationInfo,
) -> reqwest::Result<(reqwest::Response, bool)> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let retryable = crate::errors::retryable_response(info.operation_id, status.as_u16(), &body);
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok((reqwest::Response::from(rebuilt), retryable))
}
