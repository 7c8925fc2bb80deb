//! Path items given as a `$ref` (`paths: {/b: {$ref: '#/paths/~1a'}}`, or in 3.1 a
//! `#/components/pathItems/X`) are valid OpenAPI; progenitor and the later stages read only
//! inline path items, so each is inlined here: a copy of its target with the `$ref`'s own
//! sibling keys (`summary`, `description`, in 3.1) laid over it.
//!
//! A copied operation keeps its operationId unless another operation already has it (the
//! usual case when one path is an alias of another): then the copy loses it, with a warning,
//! and is named from its method and path like any operation without one.

use std::collections::BTreeSet;

use serde_json::Value;

use super::operations::METHODS;
use super::pointer::pointer;
use super::refs::lookup;
use crate::error::Located;

/// Most `$ref` hops followed from one path item (a chain of aliases); a longer chain or a
/// cycle is left as it is, and validation reports it.
const MAX_HOPS: usize = 16;

/// Inlines every local path-item `$ref`; returns a warning per operationId taken off a copy.
pub fn inline_path_item_refs(doc: &mut Value) -> Vec<Located> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let aliases: Vec<String> = paths
        .iter()
        .filter(|(_, item)| item.get("$ref").and_then(Value::as_str).is_some())
        .map(|(route, _)| route.clone())
        .collect();
    if aliases.is_empty() {
        return Vec::new();
    }
    let mut taken: BTreeSet<String> = paths
        .iter()
        .filter(|(route, _)| !aliases.contains(route))
        .flat_map(|(_, item)| operation_ids(item))
        .collect();
    let mut warnings = Vec::new();
    for route in aliases {
        let Some(mut inlined) = resolve_path_item(doc, &route) else {
            continue;
        };
        for method in METHODS {
            let Some(operation) = inlined.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if !taken.insert(id.to_string()) {
                warnings.push(Located::at(
                    pointer(["paths", route.as_str(), "$ref"]),
                    format!(
                        "the {method} operation this path item refers to is also at another \
                         path; its operationId `{id}` stays there and this copy is named from \
                         its method and path"
                    ),
                ));
                operation.remove("operationId");
            }
        }
        if let Some(slot) = doc.pointer_mut(&pointer(["paths", route.as_str()])) {
            *slot = inlined;
        }
    }
    warnings
}

/// The path item at `paths[route]` with its `$ref` chain followed; `None` when the chain
/// leaves the document, is too long or does not end at an object.
fn resolve_path_item(doc: &Value, route: &str) -> Option<Value> {
    let mut item = doc.get("paths")?.get(route)?.as_object()?.clone();
    for _ in 0..MAX_HOPS {
        let Some(target) = item.get("$ref").and_then(Value::as_str) else {
            return Some(Value::Object(item));
        };
        let (_, resolved) = lookup(doc, target)?;
        let mut merged = resolved.as_object()?.clone();
        for (key, value) in item {
            if key != "$ref" {
                merged.insert(key, value);
            }
        }
        item = merged;
    }
    None
}

fn operation_ids(item: &Value) -> Vec<String> {
    METHODS
        .iter()
        .filter_map(|method| item.get(*method)?.get("operationId")?.as_str())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_alias_path_is_inlined_and_its_copied_operation_renamed() {
        let mut doc = json!({
            "paths": {
                "/ip": {"get": {"operationId": "getIp", "responses": {}}},
                "/support/ip": {"$ref": "#/paths/~1ip", "summary": "alias"},
                "/shared": {"$ref": "#/components/pathItems/Shared"}
            },
            "components": {"pathItems": {"Shared": {"post": {"operationId": "make", "responses": {}}}}}
        });
        let warnings = inline_path_item_refs(&mut doc);
        assert_eq!(
            doc["paths"]["/support/ip"],
            json!({"summary": "alias", "get": {"responses": {}}})
        );
        assert_eq!(
            doc["paths"]["/shared"],
            json!({"post": {"operationId": "make", "responses": {}}})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].location,
            crate::error::Location::Pointer("/paths/~1support~1ip/$ref".into())
        );
    }

    #[test]
    fn a_cycle_is_left_for_validation_to_report() {
        let mut doc = json!({"paths": {
            "/a": {"$ref": "#/paths/~1b"},
            "/b": {"$ref": "#/paths/~1a"}
        }});
        assert!(inline_path_item_refs(&mut doc).is_empty());
        assert_eq!(doc["paths"]["/a"], json!({"$ref": "#/paths/~1b"}));
    }
}
