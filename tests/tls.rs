//! HTTPS through the generated client's default TLS (rustls with the `ring` provider, which
//! building a client installs): against a server on 127.0.0.1 whose certificate is signed by a
//! test CA (`tests/tls/`), a client trusting the system's roots fails with a certificate error
//! (not a panic for want of a crypto provider), and one trusting the test CA completes an
//! operation. Its own binary: it checks the process's provider before the first client.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use katapult_core::types::{CreateIpAddressRequest, NetworkLookup, OrganizationLookup};

const CA: &[u8] = include_bytes!("tls/ca.pem");
const SERVER_CHAIN: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key");

/// The body the server answers with: a `create_ip_address` success.
fn created() -> serde_json::Value {
    json!({"ip_address": {"id": "ip_1", "address": "192.0.2.10"}})
}

/// Serves HTTPS on 127.0.0.1 (ring as the server's provider): each connection that completes
/// the handshake gets one `200` with [`created`]'s body. Returns the base URL.
async fn https_server() -> String {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(SERVER_CHAIN)
        .collect::<Result<_, _>>()
        .expect("the test chain is PEM");
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY).expect("the test key is PEM");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("a server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that rejects the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                // Headers, then as many body bytes as Content-Length says (bounded reads).
                for _ in 0..64 {
                    let Ok(read) = tls.read(&mut buffer).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    request.extend_from_slice(&buffer[..read]);
                    if complete(&request) {
                        break;
                    }
                }
                let body = created().to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://127.0.0.1:{port}")
}

/// Whether `request` holds the headers and the whole body they announce.
fn complete(request: &[u8]) -> bool {
    let text = String::from_utf8_lossy(request);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    body.len() >= length
}

fn request() -> CreateIpAddressRequest {
    CreateIpAddressRequest {
        organization: OrganizationLookup {
            id: None,
            sub_domain: Some("acme".into()),
        },
        network: NetworkLookup {
            id: None,
            permalink: Some("uk-lon-01-public".into()),
        },
        version: None,
        vip: None,
        label: None,
    }
}

/// The error and its sources, as one line.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn https_uses_ring_and_verifies_certificates() {
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "nothing installed a provider before the first client"
    );
    let base = https_server().await;

    // The default client: built without a panic, and it refuses a certificate no system root
    // vouches for.
    let client = katapult_core::Client::builder(&base)
        .api_token("kat-secret-token")
        .expect("a valid token")
        .build()
        .expect("building the client installs a crypto provider");
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_some(),
        "building the client installed the process's provider"
    );
    let err = client
        .create_ip_address()
        .body(request())
        .send()
        .await
        .expect_err("the test CA is not a system root");
    let text = chain(&err);
    assert!(
        text.contains("invalid peer certificate") && text.contains("UnknownIssuer"),
        "a certificate error, got: {text}"
    );

    // The same provider completes the handshake and the operation when the CA is trusted.
    let ca = reqwest::Certificate::from_pem(CA).expect("the test CA is PEM");
    let http = reqwest::Client::builder()
        .tls_certs_only([ca])
        .build()
        .expect("a reqwest client trusting the test CA");
    let client = katapult_core::Client::new_with_client(&base, http, Default::default());
    let created = client
        .create_ip_address()
        .body(request())
        .send()
        .await
        .expect("the operation succeeds over HTTPS");
    assert_eq!(created.status().as_u16(), 200);
    assert_eq!(
        created.into_inner().ip_address.address.as_deref(),
        Some("192.0.2.10")
    );
}
