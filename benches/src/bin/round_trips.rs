//! `round-trips PAIR COUNT`: `COUNT` `create_ip_address` round trips on 127.0.0.1, one at a
//! time, after 50 to warm up, with one pair of [`sdk_benches::servers`] on a single-threaded
//! runtime. `cargo xtask bench --runtime` counts its instructions under callgrind, once with
//! `COUNT` 0 (starting, serving and warming up, to subtract) and once with many: a figure that
//! the machine's load does not move, beside criterion's times.
//!
//! `PAIR` is `generated`, `hand_written`, `generated_client_hand_written_server` or
//! `hand_written_client_generated_server`, as the criterion bench names them.

use katapult_core::types;
use sdk_benches::servers::{
    generated_client, generated_ip_address, hand_written_client, hand_written_post,
    serve_generated, serve_hand_written,
};
use sdk_benches::{baseline, ip_address_request};

/// Round trips before the counted ones: connections opened, code paths warm.
const WARM_UP: usize = 50;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: round-trips PAIR COUNT";
    let pair = args.next().ok_or(usage)?;
    let count: usize = args
        .next()
        .and_then(|count| count.parse().ok())
        .ok_or(usage)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("a tokio runtime: {err}"))?;
    runtime.block_on(round_trips(&pair, WARM_UP + count))
}

async fn round_trips(pair: &str, count: usize) -> Result<(), String> {
    let serve_error = |err: std::io::Error| format!("serve: {err}");
    let generated = serve_generated().await.map_err(serve_error)?;
    let hand = serve_hand_written().await.map_err(serve_error)?;
    let request: types::CreateIpAddressRequest = decode(ip_address_request())?;
    let hand_request: baseline::CreateIpAddressRequest = decode(ip_address_request())?;
    let url = |base: &str| format!("{base}/organizations/organization/ip_addresses");
    match pair {
        "generated" | "generated_client_hand_written_server" => {
            let base = if pair == "generated" {
                &generated.base
            } else {
                &hand.base
            };
            let client = generated_client(base);
            for _ in 0..count {
                generated_ip_address(&client, &request).await;
            }
        }
        "hand_written" | "hand_written_client_generated_server" => {
            let url = url(if pair == "hand_written" {
                &hand.base
            } else {
                &generated.base
            });
            let client = hand_written_client();
            for _ in 0..count {
                let _: baseline::CreateIpAddressResponse =
                    hand_written_post(&client, &url, &hand_request).await;
            }
        }
        other => return Err(format!("unknown pair `{other}`")),
    }
    Ok(())
}

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|err| format!("a prepared request decodes: {err}"))
}
