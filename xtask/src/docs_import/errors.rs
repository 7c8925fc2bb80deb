//! Error responses: every documented error status with its body. Each error `code` is an
//! object schema `{code, description, detail}` (the page family's envelope) whose `code` is a
//! single-value enum, described by the page's sentence, with `detail` typed as the page shows
//! it; a status with several codes is a `oneOf` of them, discriminated by `code`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::docs_check::page::{Body, ErrorCode, Page, Response, Shape};

use super::components::note;
use super::infer::{ExampleFacts, schema_of_example};
use super::marks;
use super::names::{name_from_sentence, pascal};
use super::provenance::Inferences;
use super::request::named_open_object;

/// Why `code` and `description` are required.
const ENVELOPE: &str = "every error body of the page family has the shape {code, description, \
                        detail} and every example carries all three keys";

/// The schema name of every error code of the pages: the name a page gives it in a oneOf list
/// (the first page that does), else `<Code>Schema`.
pub fn error_names(pages: &[Page]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let errors = || {
        pages
            .iter()
            .flat_map(|page| &page.operations)
            .flat_map(|operation| &operation.responses)
            .flat_map(|response| &response.errors)
    };
    for error in errors() {
        if let Some(schema) = &error.schema {
            names
                .entry(error.code.clone())
                .or_insert_with(|| schema.clone());
        }
    }
    for error in errors() {
        names
            .entry(error.code.clone())
            .or_insert_with(|| format!("{}Schema", pascal(&error.code)));
    }
    names
}

/// What building an error response found besides the response.
pub struct ErrorResponse {
    /// The response object.
    pub response: Value,
    /// The page's example was left out (it is a body of no member): the docs-check thing.
    pub dropped_example: Option<String>,
}

/// The response object of an error status of a Katapult page.
pub fn error_response(
    file: &str,
    place: &str,
    response: &Response,
    names: &BTreeMap<String, String>,
    inferences: &mut Inferences,
) -> ErrorResponse {
    let status = &response.status;
    let media = response
        .media_type
        .clone()
        .unwrap_or_else(|| "application/json".to_string());
    let body = response.body.clone().unwrap_or_default();
    let group = body.one_ofs.iter().any(|one_of| one_of.path.is_empty());
    let mut content = Map::new();
    let mut dropped_example = None;
    if group {
        let members: Vec<Value> = response
            .errors
            .iter()
            .map(|error| member_schema(file, status, error, names, inferences))
            .collect();
        let mapping: Map<String, Value> = response
            .errors
            .iter()
            .map(|error| {
                let name = names.get(&error.code).cloned().unwrap_or_default();
                (
                    error.code.clone(),
                    json!(format!("#/components/schemas/{name}")),
                )
            })
            .collect();
        let mut entry = json!({
            "schema": {
                "oneOf": members,
                "discriminator": { "propertyName": "code", "mapping": mapping },
            },
        });
        if response.example.is_some()
            && let Some(object) = entry.as_object_mut()
        {
            let reason = "the page's example `{}` is a valid body of none of the oneOf's \
                          members, so it is left out";
            note(object, reason);
            inferences.add(place, format!("no example for response {status}"), reason);
            dropped_example = Some(format!("response {status} example"));
        }
        content.insert(media, entry);
    } else if let Some(example) = &response.example {
        let code = response.errors.first().map(|error| error.code.clone());
        let mut schema = schema_of_example(&ExampleFacts {
            file,
            section: format!("{status} schema and example"),
            body: &body,
            value: &example.value,
            root_name: code.as_ref().and_then(|code| names.get(code).cloned()),
            root_hint: format!("Error{status}"),
        });
        if let (Some(code), Some(object)) = (&code, schema.as_object_mut()) {
            envelope(object, code, response.description.as_deref(), inferences);
            if let Some(detail) = object
                .get_mut("properties")
                .and_then(|p| p.get_mut("detail"))
                .and_then(Value::as_object_mut)
                && detail.get("type") == Some(&json!("object"))
            {
                detail.insert(marks::HINT.into(), json!(format!("{}Detail", pascal(code))));
            }
        }
        content.insert(media, json!({ "schema": schema, "example": example.value }));
    }
    let mut out = Map::new();
    out.insert("description".into(), response_description(response, status));
    if !content.is_empty() {
        out.insert("content".into(), Value::Object(content));
    }
    ErrorResponse {
        response: Value::Object(out),
        dropped_example,
    }
}

/// The envelope of an error schema: `code` a single-value enum, the sentence as description,
/// `code` and `description` required.
/// A response's description: the page's, or `<status> response`.
pub fn response_description(response: &Response, status: &str) -> Value {
    json!(
        response
            .description
            .clone()
            .unwrap_or_else(|| format!("{status} response"))
    )
}

fn envelope(
    object: &mut Map<String, Value>,
    code: &str,
    sentence: Option<&str>,
    inferences: &mut Inferences,
) {
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert("code".into(), json!({ "type": "string", "enum": [code] }));
        properties
            .entry("description")
            .or_insert_with(|| json!({ "type": "string" }));
    }
    if let Some(sentence) = sentence {
        object.insert("description".into(), json!(sentence));
    }
    let mut required = vec![json!("code"), json!("description")];
    if let Some(Value::Array(known)) = object.remove("required") {
        for name in known {
            if !required.contains(&name) {
                required.push(name);
            }
        }
    }
    object.insert("required".into(), Value::Array(required));
    note(
        object,
        &format!("`code` and `description` are required: {ENVELOPE}"),
    );
    inferences.add(
        "every error schema",
        "required `code`, `description`",
        ENVELOPE,
    );
}

/// The schema of one member of a oneOf group, from what the page shows of it (it has no
/// example of its own).
fn member_schema(
    file: &str,
    status: &str,
    error: &ErrorCode,
    names: &BTreeMap<String, String>,
    inferences: &mut Inferences,
) -> Value {
    let code = &error.code;
    let body = error.body.clone().unwrap_or_default();
    let detail = detail_schema(code, &body, inferences);
    let mut object = Map::new();
    object.insert("type".into(), json!("object"));
    object.insert(
        "properties".into(),
        json!({
            "code": { "type": "string" },
            "description": { "type": "string" },
            "detail": detail,
        }),
    );
    envelope(&mut object, code, error.description.as_deref(), inferences);
    if let Some(name) = names.get(code) {
        object.insert(marks::NAME.into(), json!(name));
    }
    object.insert(
        marks::SOURCE.into(),
        json!(format!("`{file}` {status} oneOf member `{code}`")),
    );
    Value::Object(object)
}

/// `detail` as a oneOf member shows it: a named type without fields, an object with the
/// sentences of its (unnamed) fields, or nothing.
fn detail_schema(code: &str, body: &Body, inferences: &mut Inferences) -> Value {
    let place = format!("error {code}");
    let Some(field) = body.objects.iter().find(|field| field.name == "detail") else {
        let reason =
            format!("the page shows no `detail` for `{code}`; the family's envelope has one, open");
        inferences.add(place, "`detail` an open object", &reason);
        return json!({ "type": "object", "additionalProperties": true, marks::INFERRED: reason });
    };
    let mut schema = match &field.shape {
        Shape::Named(name) => named_open_object(name, inferences),
        _ if body.texts.is_empty() => {
            let reason = "the page shows `detail object` but none of its fields";
            inferences.add(place, "`detail` an open object", reason);
            json!({ "type": "object", "additionalProperties": true, marks::INFERRED: reason })
        }
        _ => {
            let mut properties = Map::new();
            for text in &body.texts {
                let Some((name, reason)) = name_from_sentence(&text.text) else {
                    continue;
                };
                let reason = format!("{reason}; type string assumed");
                inferences.add(place.clone(), format!("`detail.{name}`"), &reason);
                properties.insert(
                    name,
                    json!({ "type": "string", "description": text.text, marks::INFERRED: reason }),
                );
            }
            json!({
                "type": "object",
                "properties": properties,
                marks::HINT: format!("{}Detail", pascal(code)),
            })
        }
    };
    if field.nullable
        && let Some(object) = schema.as_object_mut()
    {
        object.insert("nullable".into(), json!(true));
    }
    schema
}

/// Rebuilds every discriminator mapping from its oneOf's references, in order (names may have
/// changed while components were defined).
pub fn fix_mappings(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let refs: Option<Vec<Value>> =
                map.get("oneOf").and_then(Value::as_array).map(|members| {
                    members
                        .iter()
                        .filter_map(|member| member.get("$ref").cloned())
                        .collect()
                });
            if let (Some(refs), Some(mapping)) = (
                refs,
                map.get_mut("discriminator")
                    .and_then(|d| d.get_mut("mapping"))
                    .and_then(Value::as_object_mut),
            ) {
                for (slot, reference) in mapping.values_mut().zip(refs) {
                    *slot = reference;
                }
            }
            for child in map.values_mut() {
                fix_mappings(child);
            }
        }
        Value::Array(items) => {
            for item in items {
                fix_mappings(item);
            }
        }
        _ => {}
    }
}
