//! Decode and encode the largest response (`create_load_balancer` 201 with several virtual
//! machines) with the generated types and with the hand-written baseline.
//!
//! After criterion's figures, a paired measurement (alternating blocks, see
//! `sdk_benches::paired_ratio`) is written to `$SDK_BENCH_PAIRED/codec.json` when that variable
//! is set, as `cargo xtask bench --runtime` does.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use katapult_core::types::CreateLoadBalancerResponse;
use sdk_benches::{RESOURCES, baseline, load_balancer_response, paired_ratio};

fn codec(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&load_balancer_response(RESOURCES)).expect("encode the body");
    let generated: CreateLoadBalancerResponse =
        serde_json::from_slice(&bytes).expect("the generated type decodes the body");
    let hand: baseline::CreateLoadBalancerResponse =
        serde_json::from_slice(&bytes).expect("the baseline decodes the body");

    let mut group = c.benchmark_group("codec");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(
        BenchmarkId::new("decode_create_load_balancer", "generated"),
        |b| {
            b.iter(|| {
                serde_json::from_slice::<CreateLoadBalancerResponse>(black_box(&bytes))
                    .expect("decode")
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("decode_create_load_balancer", "hand_written"),
        |b| {
            b.iter(|| {
                serde_json::from_slice::<baseline::CreateLoadBalancerResponse>(black_box(&bytes))
                    .expect("decode")
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("encode_create_load_balancer", "generated"),
        |b| b.iter(|| serde_json::to_vec(black_box(&generated)).expect("encode")),
    );
    group.bench_function(
        BenchmarkId::new("encode_create_load_balancer", "hand_written"),
        |b| b.iter(|| serde_json::to_vec(black_box(&hand)).expect("encode")),
    );
    group.finish();
}

fn paired() {
    let Some(dir) = std::env::var_os("SDK_BENCH_PAIRED") else {
        return;
    };
    let bytes = serde_json::to_vec(&load_balancer_response(RESOURCES)).expect("encode the body");
    let generated: CreateLoadBalancerResponse = serde_json::from_slice(&bytes).expect("decode");
    let hand: baseline::CreateLoadBalancerResponse =
        serde_json::from_slice(&bytes).expect("decode");
    eprintln!("codec: paired measurement (alternating blocks)");
    let result = serde_json::json!({
        "decode_create_load_balancer": paired_ratio(
            41,
            100,
            || {
                black_box(
                    serde_json::from_slice::<CreateLoadBalancerResponse>(black_box(&bytes))
                        .expect("decode"),
                );
            },
            || {
                black_box(
                    serde_json::from_slice::<baseline::CreateLoadBalancerResponse>(black_box(
                        &bytes,
                    ))
                    .expect("decode"),
                );
            },
        ),
        "encode_create_load_balancer": paired_ratio(
            41,
            400,
            || {
                black_box(serde_json::to_vec(black_box(&generated)).expect("encode"));
            },
            || {
                black_box(serde_json::to_vec(black_box(&hand)).expect("encode"));
            },
        ),
    });
    eprintln!("codec: paired {result}");
    let out = std::path::Path::new(&dir).join("codec.json");
    std::fs::write(&out, result.to_string()).expect("write the paired result");
}

criterion_group!(benches, codec);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    paired();
}
