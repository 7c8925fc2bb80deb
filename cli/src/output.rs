//! What the CLI prints and how it exits: the response body as pretty JSON on stdout, or one
//! line on stderr with an [`Exit`] code.

use std::fmt::{self, Display};
use std::process::ExitCode;

use katapult_core::{DocumentedError, Error, ResponseValue};
use serde::Serialize;

/// The documented exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: the request succeeded; the response body is on stdout.
    Success = 0,
    /// 1: the API answered with an error (documented or not), or an answer the client could
    /// not decode.
    Api = 1,
    /// 2: bad usage (clap's own errors use this code too).
    Usage = 2,
    /// 3: no answer (connection refused, timeout, TLS, a broken response) or a local problem
    /// before sending (no token, an unusable token, the HTTP client could not be built).
    Transport = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// A failed command: the one line for stderr and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// The line, without the `error: ` prefix and newline.
    pub message: String,
}

impl Failure {
    /// A failure with `exit` and `message`.
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
        }
    }
}

impl Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)
    }
}

/// What the messages mention of the client's configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The API's base URL.
    pub base_url: String,
    /// `--retries`.
    pub retries: u32,
    /// `--timeout`, in seconds.
    pub timeout: u64,
}

/// What the CLI needs of a generated `<Operation>Error` enum: the SDK's common trait, and
/// serialisation to read its `detail`.
pub trait OperationError: DocumentedError + Serialize {}

impl<E: DocumentedError + Serialize> OperationError for E {}

/// The response body as pretty JSON, or the failure of `operation`.
pub async fn outcome<T, E>(
    operation: &str,
    result: Result<ResponseValue<T>, Error<E>>,
    settings: &Settings,
) -> Result<String, Failure>
where
    T: Serialize,
    E: OperationError,
{
    match result {
        Ok(response) => serde_json::to_string_pretty(&response.into_inner()).map_err(|err| {
            Failure::new(
                Exit::Api,
                format!("{operation}: cannot print the response: {err}"),
            )
        }),
        Err(error) => Err(failure(operation, error, settings).await),
    }
}

/// One line for each kind of client error.
async fn failure<E: OperationError>(
    operation: &str,
    error: Error<E>,
    settings: &Settings,
) -> Failure {
    match error {
        Error::ErrorResponse(response) => {
            let on_the_wire = response.status().as_u16();
            Failure::new(
                Exit::Api,
                api_error(&response.into_inner(), on_the_wire, settings),
            )
        }
        Error::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            let body = one_line(&body, 300);
            let body = if body.is_empty() {
                String::new()
            } else {
                format!(": {body}")
            };
            Failure::new(
                Exit::Api,
                format!("{operation}: undocumented response (HTTP {status}){body}"),
            )
        }
        // The client keeps the body but not the status: show what came back, so that a wrong
        // --base-url (another service's 404 page, say) is recognisable.
        Error::InvalidResponsePayload(body, err) => {
            let body = one_line(&String::from_utf8_lossy(&body), 200);
            let body = if body.is_empty() {
                "an empty body".to_string()
            } else {
                body
            };
            Failure::new(
                Exit::Api,
                format!(
                    "{operation}: the response is not the API's (is --base-url {} right?): \
                     {err}: {body}",
                    settings.base_url
                ),
            )
        }
        Error::CommunicationError(err)
        | Error::ResponseBodyError(err)
        | Error::InvalidUpgrade(err) => {
            let chain = error_chain(&err);
            let message = if err.is_timeout() {
                format!(
                    "{operation}: no answer within {} s (--timeout): {chain}",
                    settings.timeout
                )
            } else if err.is_connect() {
                format!(
                    "{operation}: cannot connect to {}: {chain}",
                    settings.base_url
                )
            } else if err.is_builder() {
                format!(
                    "{operation}: cannot build a request for {}: {chain}",
                    settings.base_url
                )
            } else {
                format!("{operation}: request failed: {chain}")
            };
            Failure::new(Exit::Transport, message)
        }
        // The body is a typed value, so the client cannot reject it; kept for completeness.
        Error::InvalidRequest(why) => {
            Failure::new(Exit::Usage, format!("{operation}: invalid request: {why}"))
        }
        Error::Custom(why) => Failure::new(Exit::Transport, format!("{operation}: {why}")),
    }
}

/// The generated `Display` (operation, code, documented status, description), then the
/// error's `detail` when it says more (validation errors list each problem), the status the
/// server actually sent if it differs, and a hint for retryable errors.
pub fn api_error<E: OperationError>(error: &E, on_the_wire: u16, settings: &Settings) -> String {
    let mut line = error.to_string();
    if let Some(detail) = detail(error) {
        line.push_str(&format!(" [{detail}]"));
    }
    if on_the_wire != error.status() {
        line.push_str(&format!(" (the server sent HTTP {on_the_wire})"));
    }
    if error.is_retryable() && settings.retries == 0 {
        line.push_str(" (retryable: pass --retries N to retry automatically)");
    }
    one_line(&line, usize::MAX)
}

/// The `detail` object of an error body, as `key: value` pairs; `errors` lists are joined.
fn detail<E: Serialize>(error: &E) -> Option<String> {
    let body = serde_json::to_value(error).ok()?;
    let detail = body.get("detail")?.as_object()?;
    let parts: Vec<String> = detail
        .iter()
        .filter_map(|(key, value)| match (key.as_str(), value) {
            (_, serde_json::Value::Null) => None,
            ("errors", serde_json::Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|item| match item {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (key, serde_json::Value::String(text)) => Some(format!("{key}: {text}")),
            (key, other) => Some(format!("{key}: {other}")),
        })
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// An error and its sources, joined with `: ` (reqwest's own message is rarely enough:
/// "error sending request" hides "Connection refused").
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// `text` on one line (newlines and runs of whitespace become one space), cut at `limit`
/// characters.
fn one_line(text: &str, limit: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use katapult_core::types;

    fn settings(retries: u32) -> Settings {
        Settings {
            base_url: "http://127.0.0.1:1/core/v1".into(),
            retries,
            timeout: 60,
        }
    }

    #[test]
    fn validation_errors_list_each_problem_on_one_line() {
        let error: types::CreateLoadBalancerError = serde_json::from_value(serde_json::json!({
            "code": "validation_error",
            "description": "A validation error occurred",
            "detail": {"errors": ["properties.name: can't be blank", "annotations[0].key: can't be blank"]}
        }))
        .expect("a documented error");
        assert_eq!(
            api_error(&error, 422, &settings(0)),
            "create_load_balancer: validation_error (HTTP 422): A validation error occurred \
             [properties.name: can't be blank; annotations[0].key: can't be blank]"
        );
    }

    #[test]
    fn details_wire_status_and_retry_hints_are_added() {
        let error: types::CreateIpAddressError = serde_json::from_value(serde_json::json!({
            "code": "rate_limit_reached",
            "description": "Slow down",
            "detail": {"total_permitted": 3}
        }))
        .expect("a documented error");
        assert_eq!(
            api_error(&error, 429, &settings(0)),
            "create_ip_address: rate_limit_reached (HTTP 429): Slow down [total_permitted: 3] \
             (retryable: pass --retries N to retry automatically)"
        );
        assert_eq!(
            api_error(&error, 400, &settings(2)),
            "create_ip_address: rate_limit_reached (HTTP 429): Slow down [total_permitted: 3] \
             (the server sent HTTP 400)"
        );
        let empty: types::AssignDiskError = serde_json::from_value(serde_json::json!({
            "code": "disk_not_found", "description": "No disk", "detail": {}
        }))
        .expect("a documented error");
        assert_eq!(
            api_error(&empty, 404, &settings(0)),
            "assign_disk: disk_not_found (HTTP 404): No disk"
        );
    }

    #[test]
    fn one_line_joins_and_cuts() {
        assert_eq!(one_line("a\n  b\tc", 100), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
