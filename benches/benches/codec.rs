//! Decode and encode the largest response (`create_load_balancer` 201 with several virtual
//! machines) with the generated types and with the hand-written baseline.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use katapult_core::types::CreateLoadBalancerResponse;
use sdk_benches::{RESOURCES, baseline, load_balancer_response};

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

criterion_group!(benches, codec);
criterion_main!(benches);
