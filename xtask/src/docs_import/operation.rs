//! One operation of the draft from one page's facts: method and path, operationId, summary,
//! description, tag, security, parameters, request body and every documented response.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::docs_check::katapult::is_error;
use crate::docs_check::page::{Operation, PageKind};

use super::components::note;
use super::errors::error_response;
use super::infer::{ExampleFacts, schema_of_example};
use super::marks;
use super::names::{operation_id, pascal, tag, words};
use super::provenance::Inferences;
use super::request::{ExampleIndex, RequestFacts, request_schema};

/// What the operation builder needs besides the operation.
pub struct Context<'a> {
    /// The page's file name.
    pub file: &'a str,
    /// The page's kind.
    pub kind: PageKind,
    /// The examples of all pages.
    pub index: &'a ExampleIndex,
    /// The schema name of every error code.
    pub error_names: &'a BTreeMap<String, String>,
}

/// The operation object, and the docs-check things of the page's facts the draft leaves out on
/// purpose (each with its reason).
pub struct Built {
    /// The operation object.
    pub operation: Value,
    /// (docs-check thing, reason) of every deliberate difference.
    pub deliberate: Vec<(String, String)>,
}

/// Builds the operation.
pub fn build(context: &Context<'_>, operation: &Operation, inferences: &mut Inferences) -> Built {
    let place = operation.key();
    let id = operation_id(&operation.title);
    let mut out = Map::new();
    out.insert("operationId".into(), json!(id));
    out.insert("summary".into(), json!(operation.title));
    if let Some(description) = &operation.description {
        out.insert("description".into(), json!(description));
    }
    out.insert("tags".into(), json!([tag(&operation.path)]));
    if !operation.scopes.is_empty() {
        let prefix = operation.scope_prefix.clone().unwrap_or_default();
        let scopes: Vec<String> = operation
            .scopes
            .iter()
            .map(|scope| format!("{prefix}{scope}"))
            .collect();
        out.insert(
            "security".into(),
            json!([{ "ApiToken": [] }, { "OAuth2": scopes }]),
        );
    }
    let parameters = path_parameters(operation, inferences);
    if !parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(parameters));
    }
    let pascal_id = pascal(&id);
    match context.kind {
        PageKind::Katapult => {
            if let Some(body) = &operation.request {
                let schema = request_schema(
                    &RequestFacts {
                        file: context.file,
                        operation,
                        body,
                        index: context.index,
                        name: format!("{pascal_id}Request"),
                    },
                    inferences,
                );
                out.insert(
                    "requestBody".into(),
                    json!({ "required": true, "content": { "application/json": { "schema": schema } } }),
                );
            }
        }
        PageKind::Rst => {
            let body_keys: Vec<&str> = operation
                .request_parameters
                .iter()
                .filter(|p| location(&p.reference).is_none())
                .map(|p| p.key.as_str())
                .collect();
            if !body_keys.is_empty() {
                let schema = keyed_schema(
                    context.file,
                    operation,
                    &body_keys,
                    &format!("{pascal_id}Request"),
                    "request",
                    inferences,
                );
                out.insert(
                    "requestBody".into(),
                    json!({ "required": true, "content": { "application/json": { "schema": schema } } }),
                );
            }
        }
    }
    let mut responses = Map::new();
    let mut deliberate = Vec::new();
    for response in &operation.responses {
        let status = &response.status;
        if is_error(status) && !response.errors.is_empty() {
            let built = error_response(
                context.file,
                &place,
                response,
                context.error_names,
                inferences,
            );
            if let Some(thing) = built.dropped_example {
                deliberate.push((
                    thing,
                    "the page's example `{}` is a valid body of none of the oneOf's members"
                        .to_string(),
                ));
            }
            responses.insert(status.clone(), built.response);
            continue;
        }
        let mut object = Map::new();
        object.insert(
            "description".into(),
            json!(
                response
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("{status} response"))
            ),
        );
        let media = response
            .media_type
            .clone()
            .unwrap_or_else(|| "application/json".to_string());
        if let Some(example) = &response.example {
            let body = response.body.clone().unwrap_or_default();
            let schema = schema_of_example(&ExampleFacts {
                file: context.file,
                section: format!("{status} schema and example"),
                body: &body,
                value: &example.value,
                root_name: Some(format!("{pascal_id}Response")),
                root_hint: format!("{pascal_id}Response"),
            });
            object.insert(
                "content".into(),
                json!({ media: { "schema": schema, "example": example.value } }),
            );
        } else if status.starts_with('2') && !operation.response_parameters.is_empty() {
            let keys: Vec<&str> = operation
                .response_parameters
                .iter()
                .map(|p| p.key.as_str())
                .collect();
            let schema = keyed_schema(
                context.file,
                operation,
                &keys,
                &format!("{pascal_id}Response"),
                "response",
                inferences,
            );
            object.insert(
                "content".into(),
                json!({ "application/json": { "schema": schema } }),
            );
        }
        responses.insert(status.clone(), Value::Object(object));
    }
    out.insert("responses".into(), Value::Object(responses));
    Built {
        operation: Value::Object(out),
        deliberate,
    }
}

/// Where an api-ref parameter-table reference puts its key (`project_id_path` → path).
fn location(reference: &str) -> Option<&'static str> {
    ["path", "query", "header"]
        .into_iter()
        .find(|place| reference.ends_with(&format!("_{place}")))
}

/// The path's `{templated}` segments, as parameters; an rst page's listed path, query and
/// header parameters too.
fn path_parameters(operation: &Operation, inferences: &mut Inferences) -> Vec<Value> {
    let mut out = Vec::new();
    let reason = "the page gives no type: a path, query or header parameter is a string";
    for parameter in &operation.request_parameters {
        if let Some(place) = location(&parameter.reference) {
            inferences.add(
                operation.key(),
                format!("parameter `{}` a string", parameter.key),
                reason,
            );
            out.push(json!({
                "name": parameter.key,
                "in": place,
                "required": place == "path",
                "description": format!("`{}` of the upstream parameter table.", parameter.reference),
                "schema": { "type": "string", marks::INFERRED: reason },
            }));
        }
    }
    for segment in operation.path.split('/') {
        let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            continue;
        };
        if out.iter().any(|p| p.get("name") == Some(&json!(name))) {
            continue;
        }
        inferences.add(
            operation.key(),
            format!("parameter `{name}` a string"),
            reason,
        );
        out.push(json!({
            "name": name, "in": "path", "required": true,
            "schema": { "type": "string", marks::INFERRED: reason },
        }));
    }
    out
}

/// The elements the prose says the `key` parameter's structure contains ("… in the ref
/// parameter … a reference structure that contains either a source-id or source-name
/// element").
fn structure_in_prose(prose: &str, key: &str) -> Option<Vec<String>> {
    if !prose.contains(&format!("the {key} parameter")) {
        return None;
    }
    let pattern = regex::Regex::new(
        r"structure that contains (?:either )?(?:an? )?([\w-]+) (?:or|and) (?:an? )?([\w-]+) element",
    )
    .ok()?;
    let found = pattern.captures(prose)?;
    Some(
        [found.get(1)?, found.get(2)?]
            .iter()
            .map(|m| m.as_str().to_string())
            .collect(),
    )
}

/// The body an rst page lists as keys (it shows no types): when one key is the resource the
/// title names (`volume` of "Manage existing volume"), it wraps the others.
fn keyed_schema(
    file: &str,
    operation: &Operation,
    keys: &[&str],
    name: &str,
    side: &str,
    inferences: &mut Inferences,
) -> Value {
    let title = words(&operation.title);
    let wrapper = keys
        .iter()
        .copied()
        .find(|key| title.iter().any(|word| word == key));
    let untyped = "the page lists the key but gives no type";
    let prose = operation.description.clone().unwrap_or_default();
    let leaf = |key: &str| {
        let reference = operation
            .request_parameters
            .iter()
            .chain(&operation.response_parameters)
            .find(|p| p.key == key)
            .map(|p| p.reference.clone())
            .unwrap_or_default();
        let description = format!("`{reference}` of the upstream parameter table.");
        match (side, structure_in_prose(&prose, key)) {
            ("request", Some(elements)) => {
                let reason = format!(
                    "the prose says the {key} parameter is a structure that contains {}",
                    elements
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                );
                let properties: Map<String, Value> = elements
                    .iter()
                    .map(|element| (element.clone(), json!({ "type": "string" })))
                    .collect();
                json!({
                    "type": "object",
                    "description": description,
                    "properties": properties,
                    marks::INFERRED: reason,
                    marks::HINT: format!("{}{}", wrapper.map(pascal).unwrap_or_default(), pascal(key)),
                    marks::SOURCE: format!("`{file}` prose of `{}`", operation.title),
                })
            }
            _ => json!({ "description": description, marks::INFERRED: untyped }),
        }
    };
    let inner: Map<String, Value> = keys
        .iter()
        .filter(|key| Some(**key) != wrapper)
        .map(|key| ((*key).to_string(), leaf(key)))
        .collect();
    inferences.add(operation.key(), format!("{side} keys untyped"), untyped);
    for key in keys {
        if side == "request"
            && let Some(elements) = structure_in_prose(&prose, key)
        {
            inferences.add(
                operation.key(),
                format!("request `{key}` an object of {}", elements.join(", ")),
                format!(
                    "the prose says the {key} parameter is a structure that contains these elements"
                ),
            );
        }
    }
    let source = format!("`{file}` {side} parameters");
    match wrapper {
        Some(wrapper) => {
            let reason = format!(
                "the api-ref convention: the key named after the resource the title names \
                 (`{wrapper}`) wraps the other keys"
            );
            inferences.add(
                operation.key(),
                format!("{side} keys inside `{wrapper}`"),
                &reason,
            );
            let mut inner_schema = json!({
                "type": "object",
                "properties": inner,
                marks::HINT: if side == "request" { format!("{}Arguments", pascal(wrapper)) } else { pascal(wrapper) },
                marks::PARENT: "",
                marks::SOURCE: source.clone(),
            });
            if let Some(object) = inner_schema.as_object_mut() {
                note(object, &reason);
            }
            json!({
                "type": "object",
                "required": [wrapper],
                "properties": { wrapper: inner_schema },
                marks::NAME: name,
                marks::SOURCE: source,
            })
        }
        None => json!({
            "type": "object",
            "properties": inner,
            marks::NAME: name,
            marks::SOURCE: source,
        }),
    }
}
