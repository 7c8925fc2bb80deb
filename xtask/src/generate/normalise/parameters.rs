//! Parameters as progenitor can send them, with what it cannot say put back on the wire by the
//! client runtime (see [`RequestRewrite`]):
//!
//! | documented | the builder | the runtime sends |
//! | --- | --- | --- |
//! | a query or header parameter whose Rust name another parameter already has (`list_id` in the path and the query) | `.list_id_query(…)` | `list_id=…` |
//! | `style: deepObject` | the typed object | `filter[name]=…&filter[age]=…` |
//! | `style: spaceDelimited` / `pipeDelimited` | a list | `ids=1%202%203` / `ids=1\|2\|3` |
//! | `in: cookie` | a method per cookie (a header between builder and runtime) | one `Cookie: a=…; b=…` header |
//! | `content` instead of `schema` | a string (the serialised value) | it as it is |
//!
//! Path-item parameters are copied onto each operation first, so each can be rewritten for
//! that operation alone.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Value, json};

use super::request_rewrite::RequestRewrite;
use crate::generate::syntax::naming::snake_name;
use crate::spec::media;
use crate::spec::operations::{OperationRef, parameters};
use crate::spec::refs::resolve;

/// Rewrites the parameters of the operation `method` of `route` (at `op_pointer`); returns what
/// the runtime must do.
pub fn normalise_parameters(
    doc: &mut Value,
    route: &str,
    method: &'static str,
    op_pointer: &str,
) -> Vec<RequestRewrite> {
    let item_pointer = crate::spec::pointer::pointer(["paths", route]);
    let (Some(value), Some(item)) = (doc.pointer(op_pointer), doc.pointer(&item_pointer)) else {
        return Vec::new();
    };
    let op = OperationRef {
        route,
        method,
        pointer: op_pointer.to_string(),
        value,
        item,
    };
    let merged = merged_parameters(doc, &op);
    let mut rewrites = Vec::new();
    // Path parameters keep their names (the template needs them); so do the builder's own
    // fields, the body and the client.
    let mut taken: HashSet<String> = merged
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .map(snake_name)
        .chain(["body".to_string(), "client".to_string()])
        .collect();
    let mut out = Vec::with_capacity(merged.len());
    for mut parameter in merged {
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        schema_from_content(&mut parameter);
        if location == "path" {
            loosen_object(doc, &mut parameter);
            out.push(parameter);
            continue;
        }
        let mut sent = name.clone();
        if location == "cookie" {
            parameter["in"] = json!("header");
            rewrites.push(RequestRewrite::Cookie {
                header: sent.clone(),
                name: name.clone(),
            });
        }
        // A Rust name another parameter has: the later one is suffixed with its location.
        let mut rust = snake_name(&sent);
        if taken.contains(&rust) {
            let mut n = 1;
            let mut candidate = format!("{name}_{location}");
            while taken.contains(&snake_name(&candidate)) {
                n += 1;
                candidate = format!("{name}_{location}_{n}");
            }
            match location.as_str() {
                "query" => rewrites.push(RequestRewrite::RenameQuery {
                    sent: candidate.clone(),
                    wire: name.clone(),
                }),
                "header" => rewrites.push(RequestRewrite::RenameHeader {
                    sent: candidate.clone(),
                    wire: name.clone(),
                }),
                _ => {}
            }
            if location == "cookie"
                && let Some(RequestRewrite::Cookie { header, .. }) = rewrites.last_mut()
            {
                *header = candidate.clone();
            }
            sent = candidate.clone();
            rust = snake_name(&candidate);
        }
        taken.insert(rust);
        parameter["name"] = json!(sent);
        if location == "query" {
            let style = parameter
                .get("style")
                .and_then(Value::as_str)
                .unwrap_or("form");
            match style {
                "deepObject" => {
                    rewrites.push(RequestRewrite::DeepObject {
                        name: sent.clone(),
                        properties: object_properties(doc, &parameter),
                    });
                    parameter["style"] = json!("form");
                    parameter["explode"] = json!(true);
                }
                "spaceDelimited" | "pipeDelimited" => {
                    rewrites.push(RequestRewrite::Delimited {
                        name: sent.clone(),
                        separator: if style == "spaceDelimited" { ' ' } else { '|' },
                    });
                    parameter["style"] = json!("form");
                    parameter["explode"] = json!(true);
                }
                _ => {}
            }
        }
        loosen_object(doc, &mut parameter);
        out.push(parameter);
    }
    if let Some(operation) = doc.pointer_mut(op_pointer).and_then(Value::as_object_mut) {
        if out.is_empty() {
            operation.remove("parameters");
        } else {
            operation.insert("parameters".into(), Value::Array(out));
        }
    }
    rewrites
}

/// Removes every path item's own `parameters` (after [`normalise_parameters`] copied them
/// onto each operation).
pub fn drop_path_item_parameters(doc: &mut Value) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                item.remove("parameters");
            }
        }
    }
}

/// The operation's parameters with the path item's, resolved, as copies.
fn merged_parameters(doc: &Value, op: &OperationRef<'_>) -> Vec<Value> {
    parameters(doc, op)
        .into_iter()
        .filter(|parameter| !parameter.name.is_empty())
        .map(|parameter| parameter.value.clone())
        .collect()
}

/// `content: {media: {schema}}` becomes `schema`: the media type's schema, or a string when
/// the value is serialised JSON (the caller passes the text).
fn schema_from_content(parameter: &mut Value) {
    let Some(object) = parameter.as_object_mut() else {
        return;
    };
    let Some(content) = object.remove("content") else {
        return;
    };
    if object.contains_key("schema") {
        return;
    }
    let schema = content
        .as_object()
        .and_then(|content| content.iter().next())
        .map(|(media_type, entry)| {
            if media::is_json(media_type) {
                json!({ "type": "string" })
            } else {
                entry
                    .get("schema")
                    .cloned()
                    .unwrap_or(json!({ "type": "string" }))
            }
        })
        .unwrap_or(json!({ "type": "string" }));
    object.insert("schema".into(), schema);
}

/// progenitor takes a struct only as the request body: it panics on a parameter whose type
/// typify makes a struct, which is what it makes of an object and of `anyOf`/`oneOf`. A
/// parameter's schema becomes one progenitor can send, the same on the wire:
/// - an object (`properties`, `allOf` of several, `type: object`): a map of its properties
///   (`serde_json::Map<String, Value>`);
/// - `allOf` of one schema (a `$ref` wrapped to carry a description or default): that schema;
/// - alternatives of scalars (`anyOf: [{format: ipv4}, {format: ipv6}]`, integer or string):
///   their one type, or a string when they differ (a query value is text either way);
///   alternatives of lists of scalars: a list of that.
fn loosen_object(doc: &Value, parameter: &mut Value) {
    let Some(schema) = parameter.get("schema") else {
        return;
    };
    if let Some(sendable) = sendable_schema(doc, schema, 0) {
        parameter["schema"] = sendable;
    }
}

/// The replacement for a parameter schema progenitor cannot send (see [`loosen_object`]), or
/// `None` when it can send it as it is.
fn sendable_schema(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    const MAX_DEPTH: usize = 8;
    let any_map = json!({ "type": "object", "additionalProperties": true });
    if depth > MAX_DEPTH {
        return Some(json!({ "type": "string" }));
    }
    let resolved = resolve(doc, schema);
    if let Some([only]) = resolved
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        && resolved.get("properties").is_none()
    {
        return Some(sendable_schema(doc, only, depth + 1).unwrap_or_else(|| only.clone()));
    }
    let alternatives = ["anyOf", "oneOf"]
        .iter()
        .find_map(|key| resolved.get(*key).and_then(Value::as_array));
    if let Some(alternatives) = alternatives {
        return Some(one_of_scalars(doc, alternatives, depth).unwrap_or(any_map));
    }
    let is_struct = resolved.get("properties").is_some()
        || resolved.get("allOf").is_some()
        || (resolved.get("type").and_then(Value::as_str) == Some("object")
            && resolved.get("additionalProperties").is_none());
    is_struct.then_some(any_map)
}

/// One schema for alternatives that are all scalars (or all lists of scalars): their common
/// type, else a string; `None` when some alternative is neither.
fn one_of_scalars(doc: &Value, alternatives: &[Value], depth: usize) -> Option<Value> {
    let resolved: Vec<Value> = alternatives
        .iter()
        .map(|alternative| {
            let alternative =
                sendable_schema(doc, alternative, depth + 1).unwrap_or_else(|| alternative.clone());
            resolve(doc, &alternative).clone()
        })
        .collect();
    let types: BTreeSet<&str> = resolved
        .iter()
        .map(|schema| schema.get("type").and_then(Value::as_str))
        .collect::<Option<_>>()?;
    if types.len() == 1 && types.contains("array") {
        let items: Vec<Value> = resolved
            .iter()
            .map(|schema| {
                schema
                    .get("items")
                    .cloned()
                    .unwrap_or(json!({"type": "string"}))
            })
            .collect();
        let items = one_of_scalars(doc, &items, depth + 1)?;
        return Some(json!({ "type": "array", "items": items }));
    }
    let scalar = |ty: &&str| matches!(*ty, "string" | "integer" | "number" | "boolean");
    if !types.iter().all(scalar) {
        return None;
    }
    let ty = match types.iter().next() {
        Some(only) if types.len() == 1 => *only,
        _ => "string",
    };
    Some(json!({ "type": ty }))
}

/// The property names of a deepObject parameter's schema.
fn object_properties(doc: &Value, parameter: &Value) -> Vec<String> {
    let Some(schema) = parameter.get("schema") else {
        return Vec::new();
    };
    let schema = resolve(doc, schema);
    let mut names: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    for member in ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
    {
        let member = resolve(doc, member);
        for name in member
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|properties| properties.keys())
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_styled_and_cookie_parameters_are_rewritten() {
        let mut doc = json!({"paths": {"/lists/{list_id}": {
            "parameters": [{"name": "list_id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "get": {"parameters": [
                {"name": "list_id", "in": "query", "schema": {"type": "string"}},
                {"name": "filter", "in": "query", "style": "deepObject",
                 "schema": {"type": "object", "properties": {"name": {"type": "string"}}}},
                {"name": "ids", "in": "query", "style": "pipeDelimited",
                 "schema": {"type": "array", "items": {"type": "integer"}}},
                {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                {"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}}
            ]}
        }}});
        let rewrites = normalise_parameters(
            &mut doc,
            "/lists/{list_id}",
            "get",
            "/paths/~1lists~1{list_id}/get",
        );
        drop_path_item_parameters(&mut doc);
        assert_eq!(
            rewrites,
            [
                RequestRewrite::RenameQuery {
                    sent: "list_id_query".into(),
                    wire: "list_id".into()
                },
                RequestRewrite::DeepObject {
                    name: "filter".into(),
                    properties: vec!["name".into()]
                },
                RequestRewrite::Delimited {
                    name: "ids".into(),
                    separator: '|'
                },
                RequestRewrite::Cookie {
                    header: "session".into(),
                    name: "session".into()
                },
            ]
        );
        let names: Vec<(&str, &str)> = doc["paths"]["/lists/{list_id}"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                ("list_id", "path"),
                ("list_id_query", "query"),
                ("filter", "query"),
                ("ids", "query"),
                ("session", "header"),
                ("q", "query")
            ]
        );
        assert!(doc["paths"]["/lists/{list_id}"].get("parameters").is_none());
        assert_eq!(
            doc["paths"]["/lists/{list_id}"]["get"]["parameters"][5]["schema"],
            json!({"type": "string"})
        );
    }
}
