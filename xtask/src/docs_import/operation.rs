//! One operation of the draft from one page's facts: method and path, operationId, summary,
//! description, tag, security, parameters, request body and every documented response.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::docs_check::facts::{FactRow, Facts, Kind, Place, json_name};
use crate::docs_check::katapult::is_error;
use crate::docs_check::page::{Operation, PageKind, Parameter};

use super::components::note;
use super::errors::{error_response, response_description};
use super::infer::{ExampleFacts, schema_of_example};
use super::marks;
use super::names::{operation_id, pascal, singular, tag, words};
use super::openstack;
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
    /// The docs folder's facts table (`README.md`), which types an rst page's keys.
    pub facts: Option<&'a Facts>,
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
    let parameters = path_parameters(operation, context.facts, inferences);
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
            let body_keys: Vec<&Parameter> = operation
                .request_parameters
                .iter()
                .filter(|p| placed(context.facts, p).is_none())
                .collect();
            if !body_keys.is_empty() {
                let schema = keyed_schema(
                    &Keyed {
                        file: context.file,
                        operation,
                        keys: &body_keys,
                        name: format!("{pascal_id}Request"),
                        side: "request",
                        facts: context.facts,
                        kind: context.kind,
                    },
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
        object.insert("description".into(), response_description(response, status));
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
            let keys: Vec<&Parameter> = operation.response_parameters.iter().collect();
            let schema = keyed_schema(
                &Keyed {
                    file: context.file,
                    operation,
                    keys: &keys,
                    name: format!("{pascal_id}Response"),
                    side: "response",
                    facts: context.facts,
                    kind: context.kind,
                },
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

/// The row of the facts table about an rst page's parameter, on the request side or the
/// response side: the row naming its reference (`name_13`), else the one row whose key has the
/// parameter's JSON name once its `_<digits>` suffix is dropped.
fn fact<'f>(
    facts: Option<&'f Facts>,
    parameter: &Parameter,
    response: bool,
) -> Option<&'f FactRow> {
    let facts = facts?;
    facts.find(&parameter.reference, response).or_else(|| {
        let mut named = facts.rows.iter().filter(|row| {
            matches!(row.place, Place::Response { .. }) == response
                && row.keys.iter().any(|key| json_name(key) == parameter.key)
        });
        match (named.next(), named.next()) {
            (Some(row), None) => Some(row),
            _ => None,
        }
    })
}

/// The key of `row` that names `parameter`: its reference, else the key whose JSON name is
/// the parameter's.
fn row_key<'r>(row: &'r FactRow, parameter: &Parameter) -> &'r str {
    row.keys
        .iter()
        .find(|key| **key == parameter.reference)
        .or_else(|| row.keys.iter().find(|key| json_name(key) == parameter.key))
        .map_or("", String::as_str)
}

/// The reason an `x-inferred` mark gives for a fact of the facts table.
fn fact_reason(facts: &Facts, row: &FactRow) -> String {
    format!(
        "{} facts table, line {} (the upstream parameter table as the docs folder records it): \
         type `{}`, required `{}`",
        facts.file,
        row.line,
        row.type_text.replace('`', ""),
        row.required_text.replace('`', "")
    )
}

/// Where a request parameter of an rst page goes: `path`, `query` or `header`, or `None` for
/// the body. The facts table decides where it has a row for the key (upstream files some body
/// fields as path parameters); else the reference's suffix (`project_id_path` → path).
fn placed(facts: Option<&Facts>, parameter: &Parameter) -> Option<String> {
    match fact(facts, parameter, false).map(|row| &row.place) {
        Some(Place::Parameter { location, .. }) => Some(location.clone()),
        Some(_) => None,
        None => location(&parameter.reference).map(str::to_string),
    }
}

/// The path's `{templated}` segments, as parameters; an rst page's listed path, query and
/// header parameters too (typed by the facts table where it has a row for them).
fn path_parameters(
    operation: &Operation,
    facts: Option<&Facts>,
    inferences: &mut Inferences,
) -> Vec<Value> {
    let mut out = Vec::new();
    let reason = "the page gives no type: a path, query or header parameter is a string";
    for parameter in &operation.request_parameters {
        let Some(place) = placed(facts, parameter) else {
            continue;
        };
        let row = fact(facts, parameter, false);
        let (kind, required, why) = match (facts, row) {
            (Some(facts), Some(row)) => {
                let kind = match &row.kind {
                    Kind::Scalar { name, .. } => name.clone(),
                    _ => "string".to_string(),
                };
                (
                    kind,
                    row.required || place == "path",
                    fact_reason(facts, row),
                )
            }
            _ => ("string".to_string(), place == "path", reason.to_string()),
        };
        inferences.add(
            operation.key(),
            format!("parameter `{}` a {kind}", parameter.key),
            &why,
        );
        out.push(json!({
            "name": parameter.key,
            "in": place,
            "required": required,
            "description": format!("`{}` of the upstream parameter table.", parameter.reference),
            "schema": { "type": kind, marks::INFERRED: why },
        }));
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

/// What [`keyed_schema`] builds a body from.
struct Keyed<'a> {
    file: &'a str,
    operation: &'a Operation,
    /// The body's keys (the page's bullets).
    keys: &'a [&'a Parameter],
    /// The body schema's name.
    name: String,
    /// `request` or `response`.
    side: &'a str,
    facts: Option<&'a Facts>,
    /// The page's family (whose conventions [`openstack::apply`] applies).
    kind: PageKind,
}

/// The body an rst page lists as keys (it shows no types). The facts table, where the docs
/// folder has one, types each key it has a row for and says which object holds it ("body (in
/// `volume`)", "response `volume`"); else, when one key is the resource the title names
/// (`volume` of "Manage existing volume"), it wraps the others, and the keys stay untyped.
fn keyed_schema(keyed: &Keyed<'_>, inferences: &mut Inferences) -> Value {
    let Keyed {
        file,
        operation,
        keys,
        side,
        facts,
        kind,
        ..
    } = *keyed;
    let response = side == "response";
    let row_of = |key: &Parameter| fact(facts, key, response);
    let within = |key: &Parameter| match row_of(key).map(|row| &row.place) {
        Some(Place::Body { within } | Place::Response { within }) => within.clone(),
        _ => None,
    };
    let title = words(&operation.title);
    let listed = |name: &str| keys.iter().any(|key| key.key == name);
    let from_table = keys
        .iter()
        .find_map(|key| within(key))
        .filter(|name| listed(name));
    let wrapper: Option<String> = from_table.clone().or_else(|| {
        keys.iter()
            .find(|key| title.contains(&key.key))
            .map(|key| key.key.clone())
    });
    let untyped = "the page lists the key but gives no type";
    let prose = operation.description.clone().unwrap_or_default();
    let wrapper_hint = wrapper.as_deref().map(pascal).unwrap_or_default();
    let leaf = |key: &Parameter, inferences: &mut Inferences| -> Value {
        let description = format!("`{}` of the upstream parameter table.", key.reference);
        let at_top = row_of(key).is_some() && within(key).is_none();
        let path = match &wrapper {
            Some(w) if *w != key.key && !at_top => format!("{w}.{}", key.key),
            _ => key.key.clone(),
        };
        if let (Some(facts), Some(row)) = (facts, row_of(key)) {
            let reason = fact_reason(facts, row);
            let nullable = row.is_nullable(row_key(row, key));
            inferences.add(
                operation.key(),
                format!(
                    "{side} `{path}` {}{}{}",
                    kind_text(&row.kind),
                    if nullable { ", nullable" } else { "" },
                    if row.required { ", required" } else { "" }
                ),
                &reason,
            );
            let mut schema = typed(
                &TypedFacts {
                    file,
                    operation,
                    key: &key.key,
                    kind: &row.kind,
                    prose: &prose,
                    wrapper_hint: &wrapper_hint,
                    source: format!("`{}` line {}", facts.file, row.line),
                    facts,
                },
                inferences,
            );
            if let Some(object) = schema.as_object_mut() {
                object.insert("description".into(), json!(description));
                if nullable {
                    object.insert("nullable".into(), json!(true));
                }
                note(object, &reason);
            }
            let source = format!("`{}` line {}", facts.file, row.line);
            let site = openstack::Site {
                kind,
                side,
                within: path.strip_suffix(&format!(".{}", key.key)),
                key: &key.key,
                source: &source,
            };
            for applied in openstack::apply(&site, &mut schema) {
                inferences.add(
                    operation.key(),
                    format!("{side} `{path}` {}", applied.what),
                    applied.reason,
                );
            }
            return schema;
        }
        match (side, structure_in_prose(&prose, &key.key)) {
            ("request", Some(elements)) => prose_object(
                file,
                operation,
                &key.key,
                &elements,
                &wrapper_hint,
                json!(description),
            ),
            _ => json!({ "description": description, marks::INFERRED: untyped }),
        }
    };
    let mut inner = Map::new();
    let mut inner_required = Vec::new();
    let mut top = Map::new();
    let mut top_required = Vec::new();
    let mut untyped_keys = Vec::new();
    for key in keys.iter().filter(|key| Some(&key.key) != wrapper.as_ref()) {
        let schema = leaf(key, inferences);
        let row = row_of(key);
        if row.is_none() {
            untyped_keys.push(format!("`{}`", key.key));
        }
        let required = row.is_some_and(|row| row.required);
        // A key the table places at the top level stays there; every other one goes inside
        // the wrapper.
        let at_top = row.is_some() && within(key).is_none();
        let (map, names) = if at_top || wrapper.is_none() {
            (&mut top, &mut top_required)
        } else {
            (&mut inner, &mut inner_required)
        };
        map.insert(key.key.clone(), schema);
        if required {
            names.push(key.key.clone());
        }
    }
    if facts.is_none() {
        inferences.add(operation.key(), format!("{side} keys untyped"), untyped);
    } else if !untyped_keys.is_empty() {
        inferences.add(
            operation.key(),
            format!("{side} keys {} untyped", untyped_keys.join(", ")),
            format!("{untyped}, and the facts table has no row for it"),
        );
    }
    for key in keys.iter() {
        if side == "request"
            && row_of(key).is_none()
            && let Some(elements) = structure_in_prose(&prose, &key.key)
        {
            inferences.add(
                operation.key(),
                format!("request `{}` an object of {}", key.key, elements.join(", ")),
                format!(
                    "the prose says the {} parameter is a structure that contains these elements",
                    key.key
                ),
            );
        }
    }
    let source = format!("`{file}` {side} parameters");
    let Some(wrapper) = wrapper else {
        let mut out = Map::new();
        out.insert("type".into(), json!("object"));
        if !top_required.is_empty() {
            out.insert("required".into(), json!(top_required));
        }
        out.insert("properties".into(), Value::Object(top));
        out.insert(marks::NAME.into(), json!(keyed.name));
        out.insert(marks::SOURCE.into(), json!(source));
        return Value::Object(out);
    };
    let wrapper_key = keys.iter().find(|key| key.key == wrapper);
    let wrapper_row = wrapper_key.and_then(|key| row_of(key));
    let reason = match (&from_table, facts, wrapper_row) {
        (Some(_), Some(facts), Some(row)) => fact_reason(facts, row),
        (Some(_), Some(facts), None) => format!(
            "{} facts table: its rows place the {side} keys in `{wrapper}`",
            facts.file
        ),
        _ => format!(
            "the api-ref convention: the key named after the resource the title names \
             (`{wrapper}`) wraps the other keys"
        ),
    };
    inferences.add(
        operation.key(),
        format!("{side} keys inside `{wrapper}`"),
        &reason,
    );
    let mut inner_schema = json!({
        "type": "object",
        "properties": inner,
        marks::HINT: if side == "request" { format!("{wrapper_hint}Arguments") } else { wrapper_hint.clone() },
        marks::PARENT: "",
        marks::SOURCE: source.clone(),
    });
    if let Some(object) = inner_schema.as_object_mut() {
        if !inner_required.is_empty() {
            object.insert("required".into(), json!(inner_required));
        }
        if let Some(key) = wrapper_key
            && facts.is_some()
        {
            object.insert(
                "description".into(),
                json!(format!(
                    "`{}` of the upstream parameter table.",
                    key.reference
                )),
            );
        }
        note(object, &reason);
    }
    let wrapper_required = wrapper_row.is_none_or(|row| row.required);
    let mut required = Vec::new();
    if wrapper_required {
        required.push(wrapper.clone());
    }
    required.extend(top_required);
    let mut properties = Map::new();
    properties.insert(wrapper.clone(), inner_schema);
    properties.extend(top);
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    out.insert("properties".into(), Value::Object(properties));
    out.insert(marks::NAME.into(), json!(keyed.name));
    out.insert(marks::SOURCE.into(), json!(source));
    Value::Object(out)
}

/// The object the prose describes for `key` (its elements, strings).
fn prose_object(
    file: &str,
    operation: &Operation,
    key: &str,
    elements: &[String],
    wrapper_hint: &str,
    description: Value,
) -> Value {
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
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    if !description.is_null() {
        out.insert("description".into(), description);
    }
    out.insert("properties".into(), Value::Object(properties));
    out.insert(marks::INFERRED.into(), json!(reason));
    out.insert(
        marks::HINT.into(),
        json!(format!("{wrapper_hint}{}", pascal(key))),
    );
    out.insert(
        marks::SOURCE.into(),
        json!(format!("`{file}` prose of `{}`", operation.title)),
    );
    Value::Object(out)
}

/// A short text of a facts-table type, for the provenance report.
fn kind_text(kind: &Kind) -> String {
    match kind {
        Kind::Scalar { name, values } if values.is_empty() => format!("{} {name}", article(name)),
        Kind::Scalar { name, values } => {
            format!("{} {name} of {}", article(name), values.join(", "))
        }
        Kind::Object {
            values: Some(value),
            ..
        } => format!("an object of {value} values"),
        Kind::Object { fields, .. } if fields.is_empty() => "an object".to_string(),
        Kind::Object { fields, .. } => format!("an object of {}", fields.join(", ")),
        Kind::Array {
            scalar: Some(s), ..
        } => format!("an array of {s}s"),
        Kind::Array { fields, .. } if !fields.is_empty() => {
            format!("an array of objects of {}", fields.join(", "))
        }
        Kind::Array { objects: true, .. } => "an array of objects".to_string(),
        Kind::Array { .. } => "an array".to_string(),
    }
}

/// What [`typed`] needs.
struct TypedFacts<'a> {
    file: &'a str,
    operation: &'a Operation,
    key: &'a str,
    kind: &'a Kind,
    prose: &'a str,
    wrapper_hint: &'a str,
    source: String,
    facts: &'a Facts,
}

/// The schema a facts-table type gives a key. Fields the table names without types stay
/// untyped and marked; an object "per the prose" takes the prose's elements.
fn typed(facts: &TypedFacts<'_>, inferences: &mut Inferences) -> Value {
    let untyped_field = format!(
        "the {} facts table names the field but gives no type",
        facts.facts.file
    );
    let fields_of = |fields: &[String]| -> Map<String, Value> {
        fields
            .iter()
            .map(|field| (field.clone(), json!({ marks::INFERRED: untyped_field })))
            .collect()
    };
    match facts.kind {
        Kind::Scalar { name, values } => {
            let mut out = json!({ "type": name });
            if !values.is_empty() {
                out["enum"] = json!(values);
            }
            out
        }
        Kind::Object {
            values: Some(value),
            ..
        } => json!({ "type": "object", "additionalProperties": { "type": value } }),
        Kind::Object {
            fields, per_prose, ..
        } => {
            let prose = if *per_prose {
                structure_in_prose(facts.prose, facts.key)
            } else {
                None
            };
            if let Some(elements) = prose {
                inferences.add(
                    facts.operation.key(),
                    format!(
                        "request `{}` an object of {}",
                        facts.key,
                        elements.join(", ")
                    ),
                    format!(
                        "the prose says the {} parameter is a structure that contains these \
                         elements",
                        facts.key
                    ),
                );
                return prose_object(
                    facts.file,
                    facts.operation,
                    facts.key,
                    &elements,
                    facts.wrapper_hint,
                    Value::Null,
                );
            }
            if fields.is_empty() {
                return json!({ "type": "object" });
            }
            json!({
                "type": "object",
                "properties": fields_of(fields),
                marks::HINT: format!("{}{}", facts.wrapper_hint, pascal(facts.key)),
                marks::SOURCE: facts.source,
            })
        }
        Kind::Array {
            objects,
            fields,
            scalar,
        } => {
            let items = match scalar {
                Some(name) => json!({ "type": name }),
                None if !fields.is_empty() => json!({
                    "type": "object",
                    "properties": fields_of(fields),
                    marks::HINT: pascal(&singular(facts.key)),
                    marks::PARENT: facts.wrapper_hint,
                    marks::SOURCE: facts.source,
                }),
                None if *objects => json!({ "type": "object" }),
                None => json!({}),
            };
            json!({ "type": "array", "items": items })
        }
    }
}

/// `a` or `an` before `word`.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::docs_check::api_ref::PARAMETERS_FILE;
    use crate::docs_check::facts;

    fn parameter(key: &str, reference: &str) -> Parameter {
        Parameter {
            key: key.to_string(),
            reference: reference.to_string(),
            table: PARAMETERS_FILE.into(),
            line: 1,
        }
    }

    /// The response schema of an rst operation listing `volume`, `attachments`, `links` and
    /// `name`, typed by `table`, from a page of the family `kind`.
    fn volume_response(table: &str, kind: PageKind) -> (Value, Inferences) {
        let facts = facts::parse(Path::new("README.md"), table)
            .expect("parses")
            .expect("a table");
        let keys: Vec<Parameter> = ["volume", "attachments", "links", "name"]
            .iter()
            .map(|key| parameter(key, key))
            .collect();
        let operation = Operation {
            title: "Manage existing volume".into(),
            method: "POST".into(),
            path: "/v2/{project_id}/os-volume-manage".into(),
            description: None,
            scopes: Vec::new(),
            scope_prefix: None,
            request: None,
            request_parameters: Vec::new(),
            response_parameters: keys.clone(),
            responses: Vec::new(),
            min_version: None,
            max_version: None,
            request_example: None,
        };
        let listed: Vec<&Parameter> = keys.iter().collect();
        let mut inferences = Inferences::default();
        let schema = keyed_schema(
            &Keyed {
                file: "004.txt",
                operation: &operation,
                keys: &listed,
                name: "Response".into(),
                side: "response",
                facts: Some(&facts),
                kind,
            },
            &mut inferences,
        );
        (schema, inferences)
    }

    #[test]
    fn the_openstack_conventions_fill_only_what_the_facts_table_leaves_open() {
        let head = "| page key | where | type | required |\n| --- | --- | --- | --- |\n\
                    | volume | response | object | yes |\n\
                    | links | response `volume` | array of `{href, rel}` | yes |\n";
        // Open: an "array of objects", untyped link fields, a name not said to be nullable.
        let open = format!(
            "{head}| attachments | response `volume` | array of objects | yes |\n\
             | name | response `volume` | string | yes |\n"
        );
        let (schema, inferences) = volume_response(&open, PageKind::Rst);
        let volume = schema
            .pointer("/properties/volume/properties")
            .expect("volume");
        let attachment = volume.pointer("/attachments/items").expect("items");
        assert_eq!(
            attachment.get(marks::NAME),
            Some(&json!("VolumeAttachment"))
        );
        assert_eq!(
            attachment.pointer("/properties/host_name"),
            Some(&json!({ "type": "string", "nullable": true }))
        );
        assert_eq!(
            volume.pointer("/links/items/properties/href/type"),
            Some(&json!("string"))
        );
        assert_eq!(volume.pointer("/name/nullable"), Some(&json!(true)));
        let listed = |what: &str| inferences.0.iter().any(|i| i.what == what);
        assert!(
            listed("response `volume.name` nullable")
                && listed("response `volume.links` fields `href` string, `rel` string"),
            "{inferences:#?}"
        );
        // Stated: the attachment's fields named, the name nullable. The conventions leave
        // them as the table has them (the link fields are still open, and still filled).
        let stated = format!(
            "{head}| attachments | response `volume` | array of `{{id, server_id}}` | yes |\n\
             | name | response `volume` | string (nullable) | yes |\n"
        );
        let (schema, inferences) = volume_response(&stated, PageKind::Rst);
        let volume = schema
            .pointer("/properties/volume/properties")
            .expect("volume");
        let fields = volume
            .pointer("/attachments/items/properties")
            .and_then(Value::as_object)
            .expect("fields");
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["id", "server_id"]);
        assert!(fields.values().all(|field| field.get("type").is_none()));
        let name = volume.get("name").expect("name");
        assert_eq!(name.get("nullable"), Some(&json!(true)));
        assert!(
            !name
                .get(marks::INFERRED)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .contains("C-3"),
            "{name}"
        );
        assert!(
            !inferences
                .0
                .iter()
                .any(|i| i.what.contains("items `VolumeAttachment`")
                    || i.what.ends_with(" nullable")),
            "{inferences:#?}"
        );
        // Another page family: no convention at all.
        let (schema, _) = volume_response(&open, PageKind::Katapult);
        let volume = schema
            .pointer("/properties/volume/properties")
            .expect("volume");
        assert_eq!(
            volume.pointer("/attachments/items"),
            Some(&json!({ "type": "object" }))
        );
        assert!(
            volume
                .pointer("/links/items/properties/href/type")
                .is_none()
        );
        assert!(volume.pointer("/name/nullable").is_none());
    }

    #[test]
    fn a_fact_is_found_by_reference_or_by_json_name() {
        let table = "| page key | where | type | required |\n| --- | --- | --- | --- |\n\
                     | name_13, id_5 | response `volume` | string | yes (name_13 nullable in practice) |\n\
                     | volume_type | body (in `volume`) | string | no |\n\
                     | project_id_path | path `{project_id}` | string | yes |\n";
        let facts = facts::parse(Path::new("README.md"), table)
            .expect("parses")
            .expect("a table");
        // By reference.
        let by_reference = parameter("name", "name_13");
        let row = fact(Some(&facts), &by_reference, true).expect("found");
        assert_eq!(row_key(row, &by_reference), "name_13");
        assert!(row.is_nullable(row_key(row, &by_reference)));
        // A page that points elsewhere: the one row whose key has the JSON name.
        let by_name = parameter("id", "id_9");
        let row = fact(Some(&facts), &by_name, true).expect("found by name");
        assert_eq!(row_key(row, &by_name), "id_5");
        assert!(!row.is_nullable(row_key(row, &by_name)));
        // Sides stay apart.
        assert!(fact(Some(&facts), &by_reference, false).is_none());
        // The table decides the place: a `_path` suffix is not needed, a body row wins.
        assert_eq!(
            placed(Some(&facts), &parameter("project_id", "project_id_path")),
            Some("path".to_string())
        );
        assert_eq!(
            placed(Some(&facts), &parameter("volume_type", "volume_type")),
            None
        );
        assert_eq!(
            placed(None, &parameter("project_id", "project_id_path")),
            Some("path".to_string())
        );
    }
}
