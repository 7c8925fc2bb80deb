//! Parameters as progenitor can send them, with what it cannot say put back on the wire by the
//! client runtime (see [`RequestRewrite`]):
//!
//! | documented | the builder | the runtime sends |
//! | --- | --- | --- |
//! | a query or header parameter whose Rust name another parameter already has (`list_id` in the path and the query) | `.list_id_query(…)` | `list_id=…` |
//! | `style: deepObject` | the typed object | `filter[name]=…&filter[age]=…` |
//! | `style: spaceDelimited` / `pipeDelimited` | a list | `ids=1%202%203` / `ids=1\|2\|3` |
//! | `in: cookie` | a method per cookie (a header between builder and runtime) | one `Cookie: a=…; b=…` header |
//! | `style: form, explode: false` on a query list or object | a list, a map | `ids=1,2,3`, `filter=name,ann,min_age,30` |
//! | a list or an object in a path, a header or a cookie | the list, or a map of the object's properties | its text in the location's style ([`ParameterStyle`]): `1,2,3`, `k,v` / `k=v` pairs, `.1.2`, `;ids=1,2`, cookie pairs |
//! | `content: application/json` | the content's type | its JSON |
//! | `content` of another media type | the content's type (a string without one) | its text |
//!
//! A list or an object that its style cannot write faithfully (a list of objects, an object
//! with an object property) is a string the caller writes, with a located warning.
//!
//! Path-item parameters are copied onto each operation first, so each can be rewritten for
//! that operation alone.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Value, json};

use super::request_rewrite::RequestRewrite;
use crate::error::Located;
use crate::generate::syntax::naming::{BUILDER_RUNTIME_FUNCTIONS, snake_name};
use crate::spec::media;
use crate::spec::operations::{OperationRef, parameters};
use crate::spec::refs::resolve;

/// How a parameter's value is written as text, where progenitor's `to_string()` cannot write
/// it (a list or an object in a path, a header or a cookie; JSON content anywhere) or
/// progenitor writes it otherwise (a `label` or `matrix` path parameter, an unexploded query
/// object): the style and explode of the client runtime's `Style`, which the request builder
/// passes with the value to its `parameter_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `style: simple` (headers, paths).
    Simple {
        /// `explode`.
        explode: bool,
    },
    /// `style: label` (paths).
    Label {
        /// `explode`.
        explode: bool,
    },
    /// `style: matrix` (paths).
    Matrix {
        /// `explode`.
        explode: bool,
    },
    /// `style: form` (cookies): whole `Cookie` pairs.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `content: application/json`.
    Json,
}

/// What [`normalise_parameters`] decided for one operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParameterPlan {
    /// What the client runtime does to the request.
    pub rewrites: Vec<RequestRewrite>,
    /// The parameters (by their name in the normalised document) whose value the request
    /// builder writes with the runtime's `parameter_text`, and how.
    pub styles: Vec<(String, ParameterStyle)>,
    /// The parameters read otherwise than documented, each at its place.
    pub warnings: Vec<Located>,
}

/// Rewrites the parameters of the operation `method` of `route` (at `op_pointer`); returns what
/// the runtime and the request builder must do.
pub fn normalise_parameters(
    doc: &mut Value,
    route: &str,
    method: &'static str,
    op_pointer: &str,
) -> ParameterPlan {
    let item_pointer = crate::spec::pointer::pointer(["paths", route]);
    let (Some(value), Some(item)) = (doc.pointer(op_pointer), doc.pointer(&item_pointer)) else {
        return ParameterPlan::default();
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
    let mut styles = Vec::new();
    let mut warnings = Vec::new();
    // Path parameters keep their names (the template needs them); so do the builder's own
    // fields, the body and the client, and the runtime functions `send` calls by name.
    let mut taken: HashSet<String> = merged
        .iter()
        .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|(_, p)| p.get("name").and_then(Value::as_str))
        .map(snake_name)
        .chain(["body", "client"].map(String::from))
        .chain(BUILDER_RUNTIME_FUNCTIONS.map(String::from))
        .collect();
    let mut out = Vec::with_capacity(merged.len());
    for (at, mut parameter) in merged {
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
        let mut style = if location == "query" {
            schema_from_content(&mut parameter).then_some(ParameterStyle::Json)
        } else {
            let json = schema_from_content(&mut parameter);
            let style = written_style(doc, &mut parameter, &location, json, &at, &mut warnings);
            // progenitor takes the `simple` style alone outside the query (and a cookie
            // travels as a header): the text is written in the right style by the builder.
            if let Some(parameter) = parameter.as_object_mut() {
                parameter.remove("style");
                parameter.remove("explode");
            }
            style
        };
        if location == "path" {
            loosen_object(doc, &mut parameter);
            styles.extend(style.map(|style| (name.clone(), style)));
            out.push(parameter);
            continue;
        }
        let mut sent = name.clone();
        if location == "cookie" {
            parameter["in"] = json!("header");
            rewrites.push(RequestRewrite::Cookie {
                header: sent.clone(),
                name: name.clone(),
                pairs: matches!(style, Some(ParameterStyle::Form { .. })),
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
            let documented = parameter
                .get("style")
                .and_then(Value::as_str)
                .unwrap_or("form");
            match documented {
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
                        separator: if documented == "spaceDelimited" {
                            ' '
                        } else {
                            '|'
                        },
                    });
                    parameter["style"] = json!("form");
                    parameter["explode"] = json!(true);
                }
                // progenitor repeats a list's pairs (`ids=1&ids=2`) whatever `explode` says.
                "form"
                    if parameter.get("explode") == Some(&json!(false))
                        && schema_type(doc, &parameter) == Some("array") =>
                {
                    rewrites.push(RequestRewrite::Delimited {
                        name: sent.clone(),
                        separator: ',',
                    });
                    parameter["explode"] = json!(true);
                }
                // progenitor writes an object's pairs exploded (`name=ann&min_age=30`); not
                // exploded, they are one value, `filter=name,ann,min_age,30`: the text of the
                // simple style.
                "form"
                    if style.is_none()
                        && parameter.get("explode") == Some(&json!(false))
                        && schema_type(doc, &parameter) == Some("object")
                        && parameter
                            .get("schema")
                            .is_some_and(|schema| object_of_scalars(doc, schema)) =>
                {
                    style = Some(ParameterStyle::Simple { explode: false });
                    parameter["explode"] = json!(true);
                }
                _ => {}
            }
        }
        loosen_object(doc, &mut parameter);
        styles.extend(style.map(|style| (sent.clone(), style)));
        out.push(parameter);
    }
    if let Some(operation) = doc.pointer_mut(op_pointer).and_then(Value::as_object_mut) {
        if out.is_empty() {
            operation.remove("parameters");
        } else {
            operation.insert("parameters".into(), Value::Array(out));
        }
    }
    ParameterPlan {
        rewrites,
        styles,
        warnings,
    }
}

/// How the builder writes a path, header or cookie `parameter` (at `at`): `json` when its
/// `content` is JSON; a list or an object in its location's `style` and `explode` (OpenAPI's
/// defaults: `simple` unexploded in a path or a header, `form` exploded in a cookie); a
/// `label` or `matrix` path scalar in that style; `None` for a scalar `to_string()` writes as
/// documented. A list or object the style cannot write (one holding lists or objects) becomes a
/// string the caller writes, with a warning.
fn written_style(
    doc: &Value,
    parameter: &mut Value,
    location: &str,
    json: bool,
    at: &str,
    warnings: &mut Vec<Located>,
) -> Option<ParameterStyle> {
    if json {
        return Some(ParameterStyle::Json);
    }
    let documented = parameter.get("style").and_then(Value::as_str);
    let explode = parameter.get("explode").and_then(Value::as_bool);
    let style = match (location, documented) {
        ("path", Some("label")) => ParameterStyle::Label {
            explode: explode.unwrap_or(false),
        },
        ("path", Some("matrix")) => ParameterStyle::Matrix {
            explode: explode.unwrap_or(false),
        },
        ("cookie", _) => ParameterStyle::Form {
            explode: explode.unwrap_or(true),
        },
        _ => ParameterStyle::Simple {
            explode: explode.unwrap_or(false),
        },
    };
    let schema = parameter.get("schema")?;
    let structured = match schema_type(doc, parameter) {
        Some("array") => {
            let items = resolve(doc, schema).get("items").unwrap_or(&Value::Null);
            Some(is_scalar(doc, items, 0))
        }
        Some("object") => Some(object_of_scalars(doc, schema)),
        _ => None,
    };
    match structured {
        Some(true) => Some(style),
        Some(false) => {
            warnings.push(Located::at(
                at,
                format!(
                    "the {location} parameter `{}` holds lists or objects inside its list or \
                     object, which its style cannot write: it is a string the caller writes",
                    parameter
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                ),
            ));
            parameter["schema"] = json!({ "type": "string" });
            None
        }
        None => matches!(
            style,
            ParameterStyle::Label { .. } | ParameterStyle::Matrix { .. }
        )
        .then_some(style),
    }
}

/// The `type` of `parameter`'s schema, resolved; `object` for a schema with `properties` or
/// `additionalProperties`, `array` for one with `items`.
fn schema_type<'a>(doc: &'a Value, parameter: &'a Value) -> Option<&'a str> {
    let schema = resolve(doc, parameter.get("schema")?);
    match schema.get("type").and_then(Value::as_str) {
        Some(ty) => Some(ty),
        None if schema.get("items").is_some() => Some("array"),
        None if schema.get("properties").is_some()
            || schema.get("additionalProperties").is_some() =>
        {
            Some("object")
        }
        None => None,
    }
}

/// Whether every property of the object `schema` (and its `additionalProperties`) is a scalar.
fn object_of_scalars(doc: &Value, schema: &Value) -> bool {
    let object = resolve(doc, schema);
    let properties = object
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|properties| properties.values());
    let additional = object
        .get("additionalProperties")
        .filter(|additional| additional.is_object());
    properties
        .chain(additional)
        .all(|property| is_scalar(doc, property, 0))
}

/// Whether `schema` is a scalar (a string, number, integer or boolean, or alternatives of
/// them): what a list's items or an object's properties must be to be written as text.
fn is_scalar(doc: &Value, schema: &Value, depth: usize) -> bool {
    const MAX_DEPTH: usize = 8;
    let schema = resolve(doc, schema);
    if depth > MAX_DEPTH
        || ["items", "properties", "additionalProperties"]
            .iter()
            .any(|key| schema.get(*key).is_some())
    {
        return false;
    }
    let members_scalar = ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
        .all(|member| is_scalar(doc, member, depth + 1));
    members_scalar
        && match schema.get("type").and_then(Value::as_str) {
            Some(ty) => matches!(ty, "string" | "integer" | "number" | "boolean"),
            // A schema of alternatives or an enum says what it is through them.
            None => ["allOf", "anyOf", "oneOf", "enum"]
                .iter()
                .any(|key| schema.get(*key).is_some()),
        }
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

/// The operation's parameters with the path item's, resolved, as copies, each with the
/// pointer of its definition.
fn merged_parameters(doc: &Value, op: &OperationRef<'_>) -> Vec<(String, Value)> {
    parameters(doc, op)
        .into_iter()
        .filter(|parameter| !parameter.name.is_empty())
        .map(|parameter| (parameter.pointer, parameter.value.clone()))
        .collect()
}

/// `content: {media: {schema}}` becomes `schema`: the media type's schema (the builder writes
/// JSON content's value as JSON), any JSON for JSON content without one, else a string.
/// Whether the content was JSON.
fn schema_from_content(parameter: &mut Value) -> bool {
    let Some(object) = parameter.as_object_mut() else {
        return false;
    };
    let Some(content) = object.remove("content") else {
        return false;
    };
    if object.contains_key("schema") {
        return false;
    }
    let entry = content
        .as_object()
        .and_then(|content| content.iter().next());
    let json = entry.is_some_and(|(media_type, _)| media::is_json(media_type));
    let schema = entry
        .map(|(_, entry)| match entry.get("schema") {
            Some(schema) => schema.clone(),
            None if json => json!({}),
            None => json!({ "type": "string" }),
        })
        .unwrap_or(json!({ "type": "string" }));
    object.insert("schema".into(), schema);
    json
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
        let plan = normalise_parameters(
            &mut doc,
            "/lists/{list_id}",
            "get",
            "/paths/~1lists~1{list_id}/get",
        );
        let rewrites = plan.rewrites;
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
                    name: "session".into(),
                    pairs: false
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
        // JSON content: the content's type, written as JSON by the builder.
        assert_eq!(
            doc["paths"]["/lists/{list_id}"]["get"]["parameters"][5]["schema"],
            json!({"type": "object", "additionalProperties": true})
        );
        assert_eq!(plan.styles, [("q".to_string(), ParameterStyle::Json)]);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn lists_and_objects_outside_the_query_get_their_style_and_nested_ones_a_warning() {
        let mut doc = json!({"paths": {"/a/{ids}": {"get": {"parameters": [
            {"name": "ids", "in": "path", "required": true, "style": "label", "explode": true,
             "schema": {"type": "array", "items": {"type": "integer"}}},
            {"name": "X-Point", "in": "header",
             "schema": {"type": "object", "properties": {"x": {"type": "integer"}}}},
            {"name": "prefs", "in": "cookie", "style": "form",
             "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "X-Deep", "in": "header",
             "schema": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}},
            {"name": "plain", "in": "cookie", "style": "form", "schema": {"type": "string"}}
        ]}}}});
        let plan = normalise_parameters(&mut doc, "/a/{ids}", "get", "/paths/~1a~1{ids}/get");
        assert_eq!(
            plan.styles,
            [
                ("ids".to_string(), ParameterStyle::Label { explode: true }),
                (
                    "X-Point".to_string(),
                    ParameterStyle::Simple { explode: false }
                ),
                ("prefs".to_string(), ParameterStyle::Form { explode: true }),
            ]
        );
        let parameters = &doc["paths"]["/a/{ids}"]["get"]["parameters"];
        // progenitor refuses any other style outside the query (`form` on a cookie was the
        // normalised document's "unknown variant `form`").
        for parameter in parameters.as_array().unwrap() {
            assert!(parameter.get("style").is_none(), "{parameter}");
        }
        assert_eq!(parameters[3]["schema"], json!({"type": "string"}));
        assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
        assert_eq!(
            plan.warnings[0].location,
            crate::error::Location::Pointer("/paths/~1a~1{ids}/get/parameters/3".into())
        );
        assert!(
            plan.rewrites.contains(&RequestRewrite::Cookie {
                header: "prefs".into(),
                name: "prefs".into(),
                pairs: true
            }) && plan.rewrites.contains(&RequestRewrite::Cookie {
                header: "plain".into(),
                name: "plain".into(),
                pairs: false
            }),
            "{:?}",
            plan.rewrites
        );
    }
}
