//! The two client/server pairs of the round-trip benches, both on 127.0.0.1 and both doing
//! the same work per request — check the bearer token and the content type, decode the body,
//! produce the response value (a clone of a prepared one), encode it:
//!
//! - generated: `katapult_core::Client` against `katapult_core::server::router` with
//!   [`Prepared`], a trivial implementation of the generated trait;
//! - hand-written: `reqwest` with [`baseline`] types against an `axum` router with
//!   hand-written handlers (the same axum the generated router uses).

use std::net::SocketAddr;
use std::sync::Arc;

use katapult_core::server::axum::{
    self, Router,
    body::{Body, Bytes},
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::Response,
    routing::post,
};
use katapult_core::server::{Caller, KatapultCoreApi};
use katapult_core::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::{TOKEN, baseline};

fn decode<T: DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|err| panic!("a prepared body decodes: {err}"))
}

/// The generated trait, answering prepared bodies.
#[derive(Clone)]
pub struct Prepared {
    ip_address: Arc<types::CreateIpAddressResponse>,
    load_balancer: Arc<types::CreateLoadBalancerResponse>,
}

impl Prepared {
    /// The prepared answers: [`crate::ip_address_response`] and a load balancer of
    /// [`crate::RESOURCES`] resources.
    pub fn new() -> Self {
        Self {
            ip_address: Arc::new(decode(crate::ip_address_response())),
            load_balancer: Arc::new(decode(crate::load_balancer_response(crate::RESOURCES))),
        }
    }
}

impl Default for Prepared {
    fn default() -> Self {
        Self::new()
    }
}

impl KatapultCoreApi for Prepared {
    async fn create_file_storage_volume(
        &self,
        _caller: Caller,
        _body: types::CreateFileStorageVolumeRequest,
    ) -> Result<types::CreateFileStorageVolumeResponse, types::CreateFileStorageVolumeError> {
        Err(types::CreateFileStorageVolumeError::ServiceUnavailable {
            description: "not benchmarked".into(),
            detail: types::EmptyDetail(Default::default()),
        })
    }

    async fn assign_disk(
        &self,
        _caller: Caller,
        _body: types::AssignDiskRequest,
    ) -> Result<types::AssignDiskResponse, types::AssignDiskError> {
        Err(types::AssignDiskError::ServiceUnavailable {
            description: "not benchmarked".into(),
            detail: types::EmptyDetail(Default::default()),
        })
    }

    async fn create_ip_address(
        &self,
        _caller: Caller,
        _body: types::CreateIpAddressRequest,
    ) -> Result<types::CreateIpAddressResponse, types::CreateIpAddressError> {
        Ok((*self.ip_address).clone())
    }

    async fn create_load_balancer(
        &self,
        _caller: Caller,
        _body: types::CreateLoadBalancerRequest,
    ) -> Result<types::CreateLoadBalancerResponse, types::CreateLoadBalancerError> {
        Ok((*self.load_balancer).clone())
    }
}

/// A server on 127.0.0.1, stopped when dropped.
pub struct Served {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    task: JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(router: Router) -> std::io::Result<Served> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    Ok(Served { base, task })
}

/// The generated router with [`Prepared`].
pub async fn serve_generated() -> std::io::Result<Served> {
    serve(katapult_core::server::router(Prepared::new())).await
}

/// The hand-written router.
pub async fn serve_hand_written() -> std::io::Result<Served> {
    let state = Arc::new(HandWritten {
        ip_address: decode(crate::ip_address_response()),
        load_balancer: decode(crate::load_balancer_response(crate::RESOURCES)),
    });
    let router = Router::new()
        .route(
            "/organizations/organization/ip_addresses",
            post(hand_written_ip_address),
        )
        .route(
            "/organizations/organization/load_balancers",
            post(hand_written_load_balancer),
        )
        .with_state(state);
    serve(router).await
}

struct HandWritten {
    ip_address: baseline::CreateIpAddressResponse,
    load_balancer: baseline::CreateLoadBalancerResponse,
}

fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let (status, bytes) = match serde_json::to_vec(body) {
        Ok(bytes) => (status, bytes),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, b"{}".to_vec()),
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// The bearer token and content type checks, then the decoded body; or the rejection.
fn accept<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, (StatusCode, serde_json::Value)> {
    let authorised = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        == Some(TOKEN);
    if !authorised {
        return Err((
            StatusCode::FORBIDDEN,
            serde_json::json!({"code": "invalid_api_token"}),
        ));
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !json {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            serde_json::json!({"code": "unsupported_media_type"}),
        ));
    }
    serde_json::from_slice(body).map_err(|err| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            serde_json::json!({"code": "validation_error", "detail": {"errors": [err.to_string()]}}),
        )
    })
}

async fn hand_written_ip_address(
    State(state): State<Arc<HandWritten>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match accept::<baseline::CreateIpAddressRequest>(&headers, &body) {
        Ok(_request) => json_response(StatusCode::OK, &state.ip_address.clone()),
        Err((status, body)) => json_response(status, &body),
    }
}

async fn hand_written_load_balancer(
    State(state): State<Arc<HandWritten>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match accept::<baseline::CreateLoadBalancerRequest>(&headers, &body) {
        Ok(_request) => json_response(StatusCode::CREATED, &state.load_balancer.clone()),
        Err((status, body)) => json_response(status, &body),
    }
}

/// The generated client for a server.
pub fn generated_client(base: &str) -> katapult_core::Client {
    katapult_core::Client::builder(base)
        .api_token(TOKEN)
        .and_then(|builder| builder.build())
        .unwrap_or_else(|err| panic!("the generated client builds: {err}"))
}

/// The hand-written client, with the generated client's documented default timeouts (60 s a
/// request, 10 s to connect): a careful hand-written client bounds a request's time too, and
/// both sides of a round trip then pay for the same timers (reqwest arms one per request when
/// a total timeout is set).
pub fn hand_written_client() -> reqwest::Client {
    // The process's TLS provider, which reqwest (built without one of its own) needs and the
    // generated client installs when it is built first.
    katapult_core::install_tls_provider();
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .connect_timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap_or_else(|err| panic!("the hand-written client builds: {err}"))
}

/// One `create_ip_address` with the generated client.
pub async fn generated_ip_address(
    client: &katapult_core::Client,
    request: &types::CreateIpAddressRequest,
) -> types::CreateIpAddressResponse {
    client
        .create_ip_address()
        .body(request.clone())
        .send()
        .await
        .unwrap_or_else(|err| panic!("create_ip_address: {err}"))
        .into_inner()
}

/// One `create_load_balancer` with the generated client.
pub async fn generated_load_balancer(
    client: &katapult_core::Client,
    request: &types::CreateLoadBalancerRequest,
) -> types::CreateLoadBalancerResponse {
    client
        .create_load_balancer()
        .body(request.clone())
        .send()
        .await
        .unwrap_or_else(|err| panic!("create_load_balancer: {err}"))
        .into_inner()
}

/// One POST with reqwest and the baseline types. The request value is a clone of `request`,
/// as the generated client's is (its builder takes the body by value): both sides of a round
/// trip make and drop one request value, as a program sending a new request does.
pub async fn hand_written_post<Req: Serialize + Clone, Resp: DeserializeOwned>(
    client: &reqwest::Client,
    url: &str,
    request: &Req,
) -> Resp {
    let request = request.clone();
    client
        .post(url)
        .bearer_auth(TOKEN)
        .json(&request)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .unwrap_or_else(|err| panic!("POST {url}: {err}"))
        .json()
        .await
        .unwrap_or_else(|err| panic!("POST {url}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn both_pairs_answer_the_same_bodies() {
        let generated = serve_generated().await.expect("serve");
        let hand = serve_hand_written().await.expect("serve");
        let client = generated_client(&generated.base);
        let ip: types::CreateIpAddressRequest = decode(crate::ip_address_request());
        let lb: types::CreateLoadBalancerRequest = decode(crate::load_balancer_request());
        let ours_ip = generated_ip_address(&client, &ip).await;
        let ours_lb = generated_load_balancer(&client, &lb).await;

        let reqwest = hand_written_client();
        let ip: baseline::CreateIpAddressRequest = decode(crate::ip_address_request());
        let lb: baseline::CreateLoadBalancerRequest = decode(crate::load_balancer_request());
        let url = |path: &str| format!("{}/organizations/organization/{path}", hand.base);
        let hand_ip: baseline::CreateIpAddressResponse =
            hand_written_post(&reqwest, &url("ip_addresses"), &ip).await;
        let hand_lb: baseline::CreateLoadBalancerResponse =
            hand_written_post(&reqwest, &url("load_balancers"), &lb).await;

        let json = |value: serde_json::Result<serde_json::Value>| value.expect("encode");
        assert_eq!(
            json(serde_json::to_value(&ours_ip)),
            json(serde_json::to_value(&hand_ip))
        );
        assert_eq!(
            json(serde_json::to_value(&ours_lb)),
            json(serde_json::to_value(&hand_lb))
        );
    }
}
