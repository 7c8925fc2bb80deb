//! Client → server round trips on 127.0.0.1, one request at a time over a kept-alive
//! connection: the generated client against the generated router, and reqwest against a
//! hand-written axum handler (see `sdk_benches::servers`).
//!
//! After criterion's figures, a paired measurement: blocks of generated and hand-written
//! round trips alternate, so both halves of each ratio see the same load on a shared machine.
//! With `SDK_BENCH_PAIRED=DIR` set (as `cargo xtask bench --runtime` does), the median
//! ratios are written to `DIR/round_trip.json`.

use criterion::{BenchmarkId, Criterion};
use katapult_core::types;
use sdk_benches::servers::{
    Served, generated_client, generated_ip_address, generated_load_balancer, hand_written_client,
    hand_written_post, serve_generated, serve_hand_written,
};
use sdk_benches::{baseline, ip_address_request, load_balancer_request, paired_ratio};
use serde_json::json;
use tokio::runtime::Runtime;

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("a prepared request decodes")
}

/// Both servers, the clients and the requests.
struct Setup {
    runtime: Runtime,
    generated: Served,
    hand: Served,
    client: katapult_core::Client,
    generated_client_to_hand: katapult_core::Client,
    reqwest: reqwest::Client,
    ip: types::CreateIpAddressRequest,
    hand_ip: baseline::CreateIpAddressRequest,
    lb: types::CreateLoadBalancerRequest,
    hand_lb: baseline::CreateLoadBalancerRequest,
}

impl Setup {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let (generated, hand) = runtime.block_on(async {
            (
                serve_generated().await.expect("serve the generated router"),
                serve_hand_written()
                    .await
                    .expect("serve the hand-written router"),
            )
        });
        Self {
            client: generated_client(&generated.base),
            // The same paths on both routers, so the clients can be crossed: which half of
            // the generated pair costs what.
            generated_client_to_hand: generated_client(&hand.base),
            reqwest: hand_written_client(),
            ip: decode(ip_address_request()),
            hand_ip: decode(ip_address_request()),
            lb: decode(load_balancer_request()),
            hand_lb: decode(load_balancer_request()),
            runtime,
            generated,
            hand,
        }
    }

    fn url(&self, base: &str, path: &str) -> String {
        format!("{base}/organizations/organization/{path}")
    }

    fn generated_ip(&self) {
        self.runtime
            .block_on(generated_ip_address(&self.client, &self.ip));
    }

    fn hand_ip(&self, url: &str) {
        self.runtime
            .block_on(hand_written_post::<_, baseline::CreateIpAddressResponse>(
                &self.reqwest,
                url,
                &self.hand_ip,
            ));
    }

    fn generated_lb(&self) {
        self.runtime
            .block_on(generated_load_balancer(&self.client, &self.lb));
    }

    fn hand_lb(&self, url: &str) {
        self.runtime.block_on(
            hand_written_post::<_, baseline::CreateLoadBalancerResponse>(
                &self.reqwest,
                url,
                &self.hand_lb,
            ),
        );
    }
}

fn round_trip(c: &mut Criterion, setup: &Setup) {
    let ip_url = setup.url(&setup.hand.base, "ip_addresses");
    let lb_url = setup.url(&setup.hand.base, "load_balancers");
    let generated_ip_url = setup.url(&setup.generated.base, "ip_addresses");

    let mut group = c.benchmark_group("round_trip");
    group.bench_function(BenchmarkId::new("create_ip_address", "generated"), |b| {
        b.iter(|| setup.generated_ip())
    });
    group.bench_function(BenchmarkId::new("create_ip_address", "hand_written"), |b| {
        b.iter(|| setup.hand_ip(&ip_url))
    });
    group.bench_function(
        BenchmarkId::new("create_ip_address", "generated_client_hand_written_server"),
        |b| {
            b.iter(|| {
                setup.runtime.block_on(generated_ip_address(
                    &setup.generated_client_to_hand,
                    &setup.ip,
                ))
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("create_ip_address", "hand_written_client_generated_server"),
        |b| b.iter(|| setup.hand_ip(&generated_ip_url)),
    );
    group.bench_function(BenchmarkId::new("create_load_balancer", "generated"), |b| {
        b.iter(|| setup.generated_lb())
    });
    group.bench_function(
        BenchmarkId::new("create_load_balancer", "hand_written"),
        |b| b.iter(|| setup.hand_lb(&lb_url)),
    );
    group.finish();
}

fn paired(setup: &Setup) {
    let Some(dir) = std::env::var_os("SDK_BENCH_PAIRED") else {
        return;
    };
    let ip_url = setup.url(&setup.hand.base, "ip_addresses");
    let lb_url = setup.url(&setup.hand.base, "load_balancers");
    eprintln!("round_trip: paired measurement (alternating blocks)");
    let generated_ip_url = setup.url(&setup.generated.base, "ip_addresses");
    let result = json!({
        "create_ip_address": paired_ratio(
            41, 200, || setup.generated_ip(), || setup.hand_ip(&ip_url),
        ),
        "create_load_balancer": paired_ratio(
            41, 40, || setup.generated_lb(), || setup.hand_lb(&lb_url),
        ),
        // One half generated, the other hand-written: where a difference comes from.
        "create_ip_address/generated_client_hand_written_server": paired_ratio(
            41,
            200,
            || {
                setup.runtime.block_on(generated_ip_address(
                    &setup.generated_client_to_hand,
                    &setup.ip,
                ));
            },
            || setup.hand_ip(&ip_url),
        ),
        "create_ip_address/hand_written_client_generated_server": paired_ratio(
            41,
            200,
            || setup.hand_ip(&generated_ip_url),
            || setup.hand_ip(&ip_url),
        ),
    });
    eprintln!("round_trip: paired {result}");
    let out = std::path::Path::new(&dir).join("round_trip.json");
    std::fs::write(&out, result.to_string()).expect("write the paired result");
}

fn main() {
    let setup = Setup::new();
    let mut criterion = Criterion::default().configure_from_args();
    round_trip(&mut criterion, &setup);
    criterion.final_summary();
    paired(&setup);
}
