//! Runtime benchmarks of a generated crate against hand-written code: the bodies, the
//! hand-written [`baseline`], and the two client/server pairs ([`servers`]). The criterion
//! benches are in `benches/benches/`; `cargo xtask bench --runtime` runs them and folds their
//! medians into the report.
//!
//! Its own crate (not a bench target of `sdk-tests`) so that criterion is a dev-dependency of
//! bench targets only: `cargo test --workspace` never compiles it.

pub mod baseline;
pub mod servers;

use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

/// The bearer token both servers accept.
pub const TOKEN: &str = "bench-token";

/// Resources in the benchmarked load balancer.
pub const RESOURCES: usize = 8;

fn fixture(operation: &str, name: &str) -> Value {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/katapult-core")
        .join(operation)
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Replaces the seed page's placeholders (`"string"`, `0`) with plausible values that differ
/// per resource, so the body has realistic lengths and no two resources are the same.
fn realistic(value: &mut Value, key: &str, index: usize) {
    match value {
        Value::String(text) if text == "string" => {
            *text = match key {
                "fqdn" => format!("web-{index}.acme.katapult.cloud"),
                "hostname" => format!("web-{index}"),
                "address" | "ip_address" => format!("185.199.{}.{}", index / 250, index % 250 + 1),
                "address_with_mask" => format!("185.199.{}.{}/24", index / 250, index % 250 + 1),
                "description" => format!("Web server {index} of the production pool"),
                _ => format!("{key}_{index:04}_{:08x}", (index + 1) * 2_654_435_761),
            }
        }
        Value::Number(number) if number.as_i64() == Some(0) => {
            *value = if key.ends_with("_at") || key == "keep_until" {
                json!(1_700_000_000 + index as i64 * 3_600)
            } else {
                json!(index as i64 % 16 + 1)
            };
        }
        Value::Array(items) => {
            for item in items {
                realistic(item, key, index);
            }
        }
        Value::Object(object) => {
            for (field, item) in object.iter_mut() {
                realistic(item, field, index);
            }
        }
        _ => {}
    }
}

/// A `create_load_balancer` 201 body with `resources` virtual machines (each the seed page's
/// full virtual machine), weights for each, and three annotations.
pub fn load_balancer_response(resources: usize) -> Value {
    let example = fixture("create_load_balancer", "201");
    let template = example
        .pointer("/load_balancer/resources/0")
        .cloned()
        .unwrap_or(Value::Null);
    let mut body = example;
    let mut items = Vec::new();
    let mut ids = Vec::new();
    let mut weights = Vec::new();
    for index in 0..resources {
        let mut item = template.clone();
        realistic(&mut item, "resource", index);
        let id = item
            .pointer("/resources/id")
            .cloned()
            .unwrap_or(Value::Null);
        ids.push(id.clone());
        weights.push(json!({"virtual_machine_id": id, "weight": 10 + index}));
        items.push(item);
    }
    if let Some(Value::Object(balancer)) = body.get_mut("load_balancer") {
        let mut fields = Map::new();
        for (key, mut value) in std::mem::take(balancer) {
            match key.as_str() {
                "resources" => value = Value::Array(items.clone()),
                "resource_ids" => value = Value::Array(ids.clone()),
                "weights" => value = Value::Array(weights.clone()),
                "standby_vms" => value = Value::Array(ids.iter().take(2).cloned().collect()),
                _ => realistic(&mut value, &key, 0),
            }
            fields.insert(key, value);
        }
        *balancer = fields;
    }
    body["annotations"] = json!([
        {"key": "team", "value": "web-platform"},
        {"key": "environment", "value": "production"},
        {"key": "cost-centre", "value": "cc-4711"},
    ]);
    body
}

/// The `create_load_balancer` request both clients send.
pub fn load_balancer_request() -> Value {
    json!({
        "organization": {"sub_domain": "acme"},
        "properties": {
            "name": "web-production",
            "resource_type": "virtual_machines",
            "resource_ids": (0..RESOURCES).map(|i| format!("vm_{i:04}")).collect::<Vec<_>>(),
            "data_center": {"permalink": "uk-lon-01"},
            "https_redirect": true,
        },
    })
}

/// The `create_ip_address` request both clients send.
pub fn ip_address_request() -> Value {
    json!({
        "organization": {"sub_domain": "acme"},
        "network": {"permalink": "uk-lon-01-public"},
        "version": "ipv4",
    })
}

/// The `create_ip_address` 200 body both servers answer (the seed page's, made realistic).
pub fn ip_address_response() -> Value {
    let mut body = fixture("create_ip_address", "200");
    realistic(&mut body, "ip_address", 7);
    body
}

/// Median over `rounds` of (generated block time ÷ hand-written block time), the two blocks of
/// each round adjacent in time (their order alternating), and the median time per request of
/// each side.
pub fn paired_ratio(
    rounds: usize,
    block: usize,
    mut generated: impl FnMut(),
    mut hand: impl FnMut(),
) -> serde_json::Value {
    let time_block = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..block {
            f();
        }
        start.elapsed()
    };
    // Warm both connections and both code paths.
    time_block(&mut generated);
    time_block(&mut hand);
    let mut ratios = Vec::with_capacity(rounds);
    let mut generated_times = Vec::with_capacity(rounds);
    let mut hand_times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (g, h) = if round % 2 == 0 {
            let g = time_block(&mut generated);
            (g, time_block(&mut hand))
        } else {
            let h = time_block(&mut hand);
            (time_block(&mut generated), h)
        };
        ratios.push(g.as_secs_f64() / h.as_secs_f64());
        generated_times.push(g / block as u32);
        hand_times.push(h / block as u32);
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let median_time = |values: &mut Vec<Duration>| {
        values.sort();
        values[values.len() / 2].as_secs_f64() * 1e9
    };
    json!({
        "rounds": rounds,
        "block": block,
        "ratio": median(&mut ratios),
        "generated_ns": median_time(&mut generated_times),
        "hand_written_ns": median_time(&mut hand_times),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The baseline models the same data: both types decode the body and encode it back
    /// unchanged.
    #[test]
    fn generated_and_hand_written_types_round_trip_the_same_body() {
        let body = load_balancer_response(RESOURCES);
        assert_eq!(
            body.pointer("/load_balancer/resources")
                .and_then(Value::as_array)
                .map(Vec::len),
            Some(RESOURCES)
        );
        let generated: katapult_core::types::CreateLoadBalancerResponse =
            serde_json::from_value(body.clone()).expect("the generated type decodes it");
        let hand: baseline::CreateLoadBalancerResponse =
            serde_json::from_value(body.clone()).expect("the baseline decodes it");
        assert_eq!(serde_json::to_value(&generated).expect("encode"), body);
        assert_eq!(serde_json::to_value(&hand).expect("encode"), body);
        assert!(matches!(
            hand.load_balancer.resources[0].resources,
            Some(baseline::Resource::VirtualMachine(_))
        ));
    }

    #[test]
    fn the_requests_decode_into_both_types() {
        let _: katapult_core::types::CreateIpAddressRequest =
            serde_json::from_value(ip_address_request()).expect("generated");
        let _: baseline::CreateIpAddressRequest =
            serde_json::from_value(ip_address_request()).expect("baseline");
        let _: katapult_core::types::CreateLoadBalancerRequest =
            serde_json::from_value(load_balancer_request()).expect("generated");
        let _: baseline::CreateLoadBalancerRequest =
            serde_json::from_value(load_balancer_request()).expect("baseline");
        let _: katapult_core::types::CreateIpAddressResponse =
            serde_json::from_value(ip_address_response()).expect("generated");
        let _: baseline::CreateIpAddressResponse =
            serde_json::from_value(ip_address_response()).expect("baseline");
    }
}
