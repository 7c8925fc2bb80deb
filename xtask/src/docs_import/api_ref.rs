//! Operations of an OpenStack api-ref folder: rst sections read with the folder's parameter
//! table (`parameters.yaml`, read by [`crate::docs_check::api_ref`]) and the samples they
//! include.
//!
//! The table decides where each listed key goes (`in: path | query | header | body`), its
//! type, whether it is required, and its microversions (`x-openstack` `min-ver` / `max-ver`).
//! A body's shape comes from the page's sample (`.. literalinclude::`): nesting, arrays and
//! the keys' JSON types as the sample shows them; the table types what the sample leaves open
//! (a `null`, a key no sample shows). A key no sample places goes into the body's one
//! wrapping object (`volume` of `{"volume": {…}}`), or, with no sample, into the first listed
//! key when the table makes that one an object (the api-ref convention of listing the
//! resource object first); dotted keys (`volume.name`) nest as written.
//!
//! Several sections on one method and path (the actions of `POST …/action`) become one
//! operation: its request body is a `oneOf` of one object per section, keyed by the action's
//! name; statuses are the union, and a status whose body differs between sections is a
//! `oneOf` of them.

use serde_json::{Map, Value, json};

use crate::docs_check::api_ref::{ParameterEntry, ParameterTables};
use crate::docs_check::page::{Operation, Parameter};
use crate::docs_check::rst::answers_with_body;

use super::marks;
use super::names::{operation_id, pascal, singular, tag};
use super::provenance::Inferences;

pub use crate::docs_check::api_ref::MICROVERSION_HEADER;

/// Keys the API SIG's guidelines put beside a collection, not in its items: `count`, the
/// number of resources before pagination ("Counting Resources",
/// specs.openstack.org/openstack/api-sig/guidelines/counting.html). `<collection>_links` sits
/// beside it by its name.
const COLLECTION_KEYS: [&str; 1] = ["count"];

/// One section of a page: the page's file and the operation it documents.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    /// The page's file name.
    pub file: &'a str,
    /// The section's operation.
    pub operation: &'a Operation,
    /// The page's title, which names the operation's tag.
    pub page_title: Option<&'a str>,
}

/// What the builder needs besides the sections.
pub struct Context<'a> {
    /// The parameter tables the folder's pages name.
    pub table: &'a ParameterTables,
    /// Whether the API has microversions (the operations then take the microversion header).
    pub microversions: bool,
    /// The API's service type (`volume` of `OpenStack-API-Version: volume 3.0`), if known.
    pub service_type: Option<&'a str>,
}

/// Builds the operation of one method and path from its sections (one, or several actions).
pub fn build(
    context: &Context<'_>,
    sections: &[Section<'_>],
    inferences: &mut Inferences,
) -> Value {
    let Some(first) = sections.first() else {
        return json!({});
    };
    let op = first.operation;
    let key = op.key();
    let mut out = Map::new();
    let several = sections.len() > 1;
    // Several actions share one operation, named after its URL (`volumes_action`).
    let name = if several {
        action_title(&op.path)
    } else {
        op.title.clone()
    };
    let title = if several {
        format!("{name} ({} actions)", sections.len())
    } else {
        name.clone()
    };
    out.insert("operationId".into(), json!(operation_id(&name)));
    out.insert("summary".into(), json!(title));
    let description = if several {
        sections
            .iter()
            .map(|section| match &section.operation.description {
                Some(text) => format!("{}: {text}", section.operation.title),
                None => section.operation.title.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    } else {
        op.description.clone().unwrap_or_default()
    };
    if !description.is_empty() {
        out.insert("description".into(), json!(description));
    }
    let tag = first
        .page_title
        .map(page_tag)
        .filter(|tag| !tag.is_empty())
        .unwrap_or_else(|| tag(&op.path));
    out.insert("tags".into(), json!([tag]));
    out.insert("security".into(), json!([{ "KeystoneToken": [] }]));

    let mut parameters = Vec::new();
    let bodiless = has_no_body(&op.method);
    for section in sections {
        for parameter in &section.operation.request_parameters {
            let entry = context.table.get(parameter);
            let mut place = location(parameter, entry);
            if place == "body" && bodiless && !parameter.key.contains('.') {
                inferences.add(
                    &key,
                    format!("query `{}`", parameter.key),
                    format!(
                        "the table files it under the body, but a {} carries no body: it is a \
                         query parameter",
                        op.method
                    ),
                );
                place = "query".to_string();
            }
            if place == "body" {
                continue;
            }
            let mut parameter = parameter.clone();
            if place == "path" && !op.path.contains(&format!("{{{}}}", parameter.key)) {
                match url_spelling(&op.path, &parameter.key) {
                    Some(name) => {
                        inferences.add(
                            &key,
                            format!("path parameter `{name}` is `{}`", parameter.key),
                            "the URL spells the listed path parameter with `-` for `_` (or the \
                             other way round): the same parameter",
                        );
                        parameter.key = name;
                    }
                    // The section's request sample holds it: a body key the table misfiles.
                    None if section
                        .operation
                        .request_example
                        .as_ref()
                        .is_some_and(|example| holds_key(&example.value, &parameter.key)) =>
                    {
                        continue;
                    }
                    None => {
                        inferences.add(
                            &key,
                            format!("query `{}`", parameter.key),
                            "the table files it under the path, but the URL has no such \
                             segment: a query parameter",
                        );
                        place = "query".to_string();
                    }
                }
            }
            let parameter = &parameter;
            if parameters
                .iter()
                .any(|p: &Value| p["name"] == json!(parameter.key) && p["in"] == json!(place))
            {
                continue;
            }
            parameters.push(parameter_object(&key, parameter, entry, &place, inferences));
        }
    }
    for name in template_names(&op.path) {
        if parameters
            .iter()
            .any(|p| p["name"] == json!(name) && p["in"] == json!("path"))
        {
            continue;
        }
        let reason = "the path names it but no parameter list does: a path parameter is a string";
        inferences.add(&key, format!("parameter `{name}` a string"), reason);
        parameters.push(json!({
            "name": name, "in": "path", "required": true,
            "schema": { "type": "string", marks::INFERRED: reason },
        }));
    }
    // Path parameters first, in the path's order, as the generator and readers expect.
    let order = template_names(&op.path);
    parameters.sort_by_key(|p| {
        let name = p["name"].as_str().unwrap_or_default();
        match p["in"].as_str() {
            Some("path") => order.iter().position(|n| n == name).unwrap_or(0),
            _ => order.len(),
        }
    });
    if context.microversions {
        let service = context.service_type.unwrap_or("<service type>");
        parameters.push(json!({
            "name": MICROVERSION_HEADER,
            "in": "header",
            "required": false,
            "description": format!(
                "The microversion to use, as `{service} 3.0`; without it the server answers \
                 with its minimum microversion."
            ),
            "schema": { "type": "string" },
        }));
    }
    if !parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(parameters));
    }

    let hint = pascal(&operation_id(&name));
    let bodies: Vec<(String, Value)> = sections
        .iter()
        .filter_map(|section| {
            let schema = body(context.table, section, Side::Request, &hint, inferences)?;
            Some((action_name(section, &schema), schema))
        })
        .collect();
    let request = match bodies.len() {
        0 => None,
        1 if !several => bodies.into_iter().next().map(|(_, schema)| schema),
        _ => {
            inferences.add(
                &key,
                format!("request body a oneOf of {} actions", bodies.len()),
                "several sections document this method and path: each is one action, named by \
                 its body's only key",
            );
            let members: Vec<Value> = bodies
                .into_iter()
                .map(|(name, mut schema)| {
                    if let Some(object) = schema.as_object_mut() {
                        object.insert(
                            marks::HINT.into(),
                            json!(format!("{hint}{}", pascal(&name))),
                        );
                        object.insert("x-openstack".into(), json!({ "action-name": name }));
                        object.remove(marks::NAME);
                    }
                    schema
                })
                .collect();
            Some(json!({ "oneOf": members, "x-openstack": { "discriminator": "action" } }))
        }
    };
    if let Some(schema) = request {
        let mut media = json!({ "schema": schema });
        if let (false, Some(example)) = (several, &op.request_example) {
            media["example"] = example.value.clone();
        }
        out.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": media } }),
        );
    }

    out.insert(
        "responses".into(),
        responses(context, sections, &hint, inferences),
    );
    let min = common_bound(sections, |op| op.min_version.as_deref());
    let max = common_bound(sections, |op| op.max_version.as_deref());
    let mut openstack = Map::new();
    if let Some(min) = min {
        openstack.insert("min-ver".into(), json!(min));
    }
    if let Some(max) = max {
        openstack.insert("max-ver".into(), json!(max));
    }
    if !openstack.is_empty() {
        out.insert("x-openstack".into(), Value::Object(openstack));
    }
    Value::Object(out)
}

/// The bound every section states (the lowest `min_version`, the highest `max_version`), or
/// `None` when one section has none.
fn common_bound<'a>(
    sections: &[Section<'a>],
    bound: impl Fn(&'a Operation) -> Option<&'a str>,
) -> Option<String> {
    let mut all: Vec<&str> = Vec::new();
    for section in sections {
        all.push(bound(section.operation)?);
    }
    all.sort_by_key(|version| version_key(version));
    if sections.len() > 1 {
        // Several actions: the operation exists from the first one's version on.
        all.first().map(|v| v.to_string())
    } else {
        all.last().map(|v| v.to_string())
    }
}

/// `3.60` → `(3, 60)`, for ordering microversions.
fn version_key(version: &str) -> (u64, u64) {
    let mut parts = version.split('.').map(|part| part.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// A title for the action operation of `path`: its literal segments (`Volumes action`).
fn action_title(path: &str) -> String {
    let literal: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .filter(|s| !(s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit() || c == '.')))
        .collect();
    let text = literal.join(" ").replace(['_', '-'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Action".to_string(),
    }
}

/// The action a section's request body names: its only top-level key, else its title.
fn action_name(section: &Section<'_>, schema: &Value) -> String {
    match schema.get("properties").and_then(Value::as_object) {
        Some(properties) if properties.len() == 1 => {
            properties.keys().next().cloned().unwrap_or_default()
        }
        _ => super::names::snake(&section.operation.title),
    }
}

/// The tag a page title names: the title without its trailing parenthesised notes
/// (`Volume actions (volumes, action)` → `Volume actions`).
fn page_tag(title: &str) -> String {
    let mut text = title.trim();
    while let Some(stripped) = text.strip_suffix(')')
        && let Some(open) = stripped.rfind('(')
    {
        text = stripped[..open].trim_end();
    }
    text.to_string()
}

/// Whether requests of `method` carry no body (GET, HEAD, DELETE).
fn has_no_body(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "DELETE")
}

/// The `{names}` of a path, in order.
fn template_names(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_string)
        .collect()
}

/// Whether a key named `key` appears anywhere in `value`.
fn holds_key(value: &Value, key: &str) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(name, child)| name == key || holds_key(child, key)),
        Value::Array(items) => items.iter().any(|item| holds_key(item, key)),
        _ => false,
    }
}

/// The URL's name of a path parameter listed as `key` when the two differ only in `-` and
/// `_` (`{project-id}` listed as `project_id`).
fn url_spelling(path: &str, key: &str) -> Option<String> {
    let (dashed, underscored) = (key.replace('_', "-"), key.replace('-', "_"));
    template_names(path)
        .into_iter()
        .find(|name| *name == dashed || *name == underscored)
}

/// Where a listed request key goes: the table's `in`; without an entry, the reference's
/// suffix (`project_id_path` → path), else the body.
fn location(parameter: &Parameter, entry: Option<&ParameterEntry>) -> String {
    if let Some(entry) = entry
        && matches!(entry.location.as_str(), "path" | "query" | "header")
    {
        return entry.location.clone();
    }
    if entry.is_none() {
        for place in ["path", "query", "header"] {
            if parameter.reference.ends_with(&format!("_{place}")) {
                return place.to_string();
            }
        }
    }
    "body".to_string()
}

/// The `x-openstack` object of an entry's microversions, if it has any.
fn versions(entry: &ParameterEntry) -> Option<Value> {
    let mut out = Map::new();
    if let Some(min) = &entry.min_version {
        out.insert("min-ver".into(), json!(min));
    }
    if let Some(max) = &entry.max_version {
        out.insert("max-ver".into(), json!(max));
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// A path, query or header parameter.
fn parameter_object(
    key: &str,
    parameter: &Parameter,
    entry: Option<&ParameterEntry>,
    place: &str,
    inferences: &mut Inferences,
) -> Value {
    let mut schema = Map::new();
    match entry.and_then(|entry| entry.kind.as_deref()) {
        Some("array") => {
            schema.insert("type".into(), json!("array"));
            schema.insert("items".into(), json!({ "type": "string" }));
        }
        Some("object") if place == "query" => {
            // An object in a query (`metadata={'k': 'v'}`) is sent as the string the API
            // parses; the generator has no object query parameters.
            let reason = "the table types it an object; in a query it is sent as a string";
            inferences.add(key, format!("query `{}` a string", parameter.key), reason);
            schema.insert("type".into(), json!("string"));
            schema.insert(marks::INFERRED.into(), json!(reason));
        }
        Some(kind) if kind != "object" => {
            schema.insert("type".into(), json!(kind));
        }
        _ => {
            let reason = "the parameter table gives no usable type: a string";
            inferences.add(key, format!("{place} `{}` a string", parameter.key), reason);
            schema.insert("type".into(), json!("string"));
            schema.insert(marks::INFERRED.into(), json!(reason));
        }
    }
    let mut out = Map::new();
    out.insert("name".into(), json!(parameter.key));
    out.insert("in".into(), json!(place));
    out.insert(
        "required".into(),
        json!(place == "path" || entry.is_some_and(|entry| entry.required)),
    );
    if let Some(description) = entry.and_then(|entry| entry.description.clone()) {
        out.insert("description".into(), json!(description));
    }
    out.insert("schema".into(), Value::Object(schema));
    if let Some(versions) = entry.and_then(versions) {
        out.insert("x-openstack".into(), versions);
    }
    Value::Object(out)
}

/// Which body a schema is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// The body of one section on one side: its sample's shape, typed and described by the table,
/// with every listed body key placed. `None` when the section shows neither sample nor key.
fn body(
    table: &ParameterTables,
    section: &Section<'_>,
    side: Side,
    hint: &str,
    inferences: &mut Inferences,
) -> Option<Value> {
    let op = section.operation;
    let (sample, listed) = match side {
        Side::Request => (
            op.request_example.as_ref().map(|e| &e.value),
            &op.request_parameters,
        ),
        Side::Response => (
            op.responses
                .iter()
                .find_map(|r| r.example.as_ref())
                .map(|e| &e.value),
            &op.response_parameters,
        ),
    };
    if side == Side::Request && has_no_body(&op.method) && sample.is_none() {
        return None;
    }
    let keys: Vec<(&Parameter, Option<&ParameterEntry>)> = listed
        .iter()
        .map(|p| (p, table.get(p)))
        .filter(|(p, entry)| match side {
            Side::Request => location(p, *entry) == "body",
            Side::Response => entry.is_none_or(|e| e.location != "header"),
        })
        .collect();
    let named: Vec<&str> = op
        .request_parameters
        .iter()
        .chain(&op.response_parameters)
        .flat_map(|p| p.key.split('.'))
        .collect();
    if sample.is_none() && keys.is_empty() {
        return None;
    }
    let place = op.key();
    let mut schema = match sample {
        Some(sample) => shape(
            sample,
            &Shaping {
                keys: &keys,
                named: &named,
            },
        ),
        None => json!({ "type": "object", "properties": {} }),
    };
    // A sample of one key holding an object, or a list of objects, wraps the keys it does
    // not show (`{"volume": {…}}`, `{"volumes": [{…}]}`). With no sample: the first listed key wraps the others
    // when the table makes it an object (`- volume: volume` then `- name: name`).
    let wrapper: Option<String> = match sample {
        Some(Value::Object(map)) if map.len() == 1 => map
            .iter()
            .next()
            .filter(|(_, v)| {
                v.is_object()
                    || v.as_array().is_some_and(|items| {
                        !items.is_empty() && items.iter().all(Value::is_object)
                    })
            })
            .map(|(k, _)| k.clone()),
        Some(_) => None,
        None => keys
            .first()
            .filter(|(p, entry)| {
                keys.len() > 1
                    && !p.key.contains('.')
                    && entry.is_some_and(|e| e.kind.as_deref() == Some("object"))
            })
            .map(|(p, _)| p.key.clone()),
    };
    // A sample of one key holding a list (`{"volumes": [{…}]}`) is a collection.
    let list = matches!(sample, Some(Value::Object(map))
        if map.len() == 1 && map.values().all(Value::is_array));
    if sample.is_none()
        && let Some(wrapper) = &wrapper
    {
        inferences.add(
            &place,
            format!("{} keys inside `{wrapper}`", side_name(side)),
            "no sample shows the body: the api-ref convention lists the resource object first \
             and its fields after it",
        );
    }
    for (parameter, entry) in &keys {
        let path: Vec<String> = parameter.key.split('.').map(str::to_string).collect();
        let found = find_all(&mut schema, &path);
        if found == 0 {
            let mut at: Vec<String> = Vec::new();
            // A key named after the wrapper (`volumes_links` beside `volumes`) sits beside it.
            if path.len() == 1
                && let Some(wrapper) = &wrapper
                && *wrapper != parameter.key
                && !parameter.key.starts_with(&format!("{wrapper}_"))
                && !(list && COLLECTION_KEYS.contains(&parameter.key.as_str()))
            {
                at.push(wrapper.clone());
            }
            at.extend(path.iter().cloned());
            insert_at(&mut schema, &at, entry_schema(*entry));
        }
        annotate(&mut schema, &path, *entry, side);
    }
    drop_untyped_nullable(&mut schema);
    let side_hint = match side {
        Side::Request => "Request",
        Side::Response => "Response",
    };
    let root_hint = format!("{hint}{side_hint}");
    name_objects(&mut schema, &root_hint);
    if let Some(object) = schema.as_object_mut() {
        object.insert(marks::HINT.into(), json!(root_hint));
        object.insert(
            marks::SOURCE.into(),
            json!(format!(
                "`{}` {} of `{}`",
                section.file,
                side_name(side),
                op.title
            )),
        );
    }
    Some(schema)
}

/// Gives every object below the root its key as a naming hint (the singular for an array's
/// items: `volumes` → `Volume`) and its holder's hint as parent, so that
/// [`super::components`] names it after what it is rather than `Object`.
fn name_objects(schema: &mut Value, parent: &str) {
    fn walk(node: &mut Value, key: &str, items: bool, parent: &str) {
        let Some(object) = node.as_object_mut() else {
            return;
        };
        let hint = if items {
            pascal(&singular(key))
        } else {
            pascal(key)
        };
        if let Some(item) = object.get_mut("items") {
            walk(item, key, true, parent);
        }
        if let Some(values) = object.get_mut("additionalProperties") {
            walk(values, &format!("{key}_value"), false, parent);
        }
        let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        for (child_key, child) in properties.iter_mut() {
            walk(child, child_key, false, &hint);
        }
        if !hint.is_empty() && !object.contains_key(marks::HINT) {
            object.insert(marks::HINT.into(), json!(hint));
            object.insert(marks::PARENT.into(), json!(parent));
        }
    }
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (key, child) in properties.iter_mut() {
        walk(child, key, false, parent);
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Request => "request",
        Side::Response => "response",
    }
}

/// What [`shape`] reads a sample with.
struct Shaping<'a> {
    /// The side's listed keys with their entries.
    keys: &'a [(&'a Parameter, Option<&'a ParameterEntry>)],
    /// Every key segment the section lists, on either side.
    named: &'a [&'a str],
}

impl Shaping<'_> {
    /// Whether the object under `key` in a sample is a map of data (`metadata`,
    /// `extra_specs`): the table types the key an object, and the section names none of the
    /// sample object's keys.
    fn is_map(&self, key: &str, object: &Map<String, Value>) -> bool {
        let entries: Vec<&ParameterEntry> = self
            .keys
            .iter()
            .filter(|(p, _)| p.key.rsplit('.').next() == Some(key))
            .filter_map(|(_, entry)| *entry)
            .filter(|e| e.kind.as_deref() == Some("object"))
            .collect();
        if entries.is_empty() || object.is_empty() {
            return false;
        }
        // The description says so ("one or more metadata key and value pairs"), or the
        // section names none of the object's keys.
        let described = entries.iter().any(|e| {
            e.description.as_deref().is_some_and(|d| {
                let d = d.to_ascii_lowercase();
                [
                    "key and value pair",
                    "key-value pair",
                    "key/value pair",
                    "key value pair",
                ]
                .iter()
                .any(|phrase| d.contains(phrase))
            })
        });
        described || !object.keys().any(|k| self.named.contains(&k.as_str()))
    }
}

/// `nullable` where no `type` says what may be null: a sample's `null` that no table entry
/// typed leaves the type open, and any JSON holds `null` already (OpenAPI 3.0 gives `nullable`
/// without `type` no meaning, and validators reject it).
fn drop_untyped_nullable(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let typed = ["type", "$ref", "allOf", "oneOf", "anyOf"]
        .iter()
        .any(|key| object.contains_key(*key));
    if !typed {
        object.remove("nullable");
    }
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        properties.values_mut().for_each(drop_untyped_nullable);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = object.get_mut(key) {
            drop_untyped_nullable(inner);
        }
    }
}

/// The schema a sample value shows: objects, arrays (items from the first element) and
/// JSON types; a `null` leaves the type open. An object the section documents as a map of
/// data ([`Shaping::is_map`]) becomes a map whose values have the sample's first value's
/// shape.
fn shape(value: &Value, shaping: &Shaping<'_>) -> Value {
    shape_at(value, None, shaping)
}

fn shape_at(value: &Value, key: Option<&str>, shaping: &Shaping<'_>) -> Value {
    match value {
        Value::Object(map) if key.is_some_and(|key| shaping.is_map(key, map)) => {
            let values = map
                .values()
                .next()
                .map_or_else(|| json!({}), |first| shape_at(first, None, shaping));
            json!({ "type": "object", "additionalProperties": values })
        }
        Value::Object(map) => {
            let properties: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), shape_at(v, Some(k), shaping)))
                .collect();
            json!({ "type": "object", "properties": properties })
        }
        Value::Array(items) => {
            let item = items
                .first()
                .map_or_else(|| json!({}), |first| shape_at(first, key, shaping));
            json!({ "type": "array", "items": item })
        }
        Value::Null => json!({ "nullable": true }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({ "type": "integer" }),
        Value::Number(_) => json!({ "type": "number" }),
        Value::String(_) => json!({ "type": "string" }),
    }
}

/// The schema of a key no sample shows, from its entry.
fn entry_schema(entry: Option<&ParameterEntry>) -> Value {
    match entry.and_then(|e| e.kind.as_deref()) {
        Some("object") => json!({ "type": "object" }),
        Some("array") => json!({ "type": "array", "items": {} }),
        Some(kind) => json!({ "type": kind }),
        None => json!({ marks::INFERRED: "neither the sample nor the parameter table types it" }),
    }
}

/// How many property nodes `path` names anywhere in `schema` (matched at any depth, through
/// arrays).
fn find_all(schema: &mut Value, path: &[String]) -> usize {
    let mut count = 0;
    visit(schema, &mut |properties| {
        if walk_path(properties, path).is_some() {
            count += 1;
        }
    });
    count
}

/// Calls `f` on every `properties` map of `schema`.
fn visit(schema: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        f(properties);
        for child in properties.values_mut() {
            visit(child, f);
        }
    }
    if let Some(items) = object.get_mut("items") {
        visit(items, f);
    }
}

/// The node `path` names from `properties` (through arrays' items).
fn walk_path<'a>(properties: &'a mut Map<String, Value>, path: &[String]) -> Option<&'a mut Value> {
    let (first, rest) = path.split_first()?;
    let mut node = properties.get_mut(first)?;
    for segment in rest {
        while node.get("items").is_some() {
            node = node.get_mut("items")?;
        }
        node = node.get_mut("properties")?.get_mut(segment)?;
    }
    Some(node)
}

/// Puts `leaf` at `path` from the root object, creating objects on the way (through arrays'
/// items).
fn insert_at(schema: &mut Value, path: &[String], leaf: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = schema;
    for segment in parents {
        while node.get("items").is_some_and(Value::is_object) {
            let Some(items) = node.get_mut("items") else {
                return;
            };
            node = items;
        }
        let Some(object) = node.as_object_mut() else {
            return;
        };
        object.entry("type").or_insert(json!("object"));
        let properties = object.entry("properties").or_insert_with(|| json!({}));
        let Some(properties) = properties.as_object_mut() else {
            return;
        };
        node = properties
            .entry(segment.clone())
            .or_insert_with(|| json!({ "type": "object" }));
    }
    while node.get("items").is_some_and(Value::is_object) {
        let Some(items) = node.get_mut("items") else {
            return;
        };
        node = items;
    }
    let Some(object) = node.as_object_mut() else {
        return;
    };
    object.entry("type").or_insert(json!("object"));
    let properties = object.entry("properties").or_insert_with(|| json!({}));
    if let Some(properties) = properties.as_object_mut() {
        properties.entry(last.clone()).or_insert(leaf);
    }
}

/// Types, describes and bounds every node `path` names from the entry, where the sample
/// leaves the type open; a required request key is required in its object.
fn annotate(schema: &mut Value, path: &[String], entry: Option<&ParameterEntry>, side: Side) {
    let Some(entry) = entry else {
        return;
    };
    let Some(last) = path.last() else {
        return;
    };
    visit(schema, &mut |properties| {
        if path.len() == 1 {
            if let Some(node) = properties.get_mut(last) {
                describe(node, entry);
            }
        } else if let Some(node) = walk_path(properties, path) {
            describe(node, entry);
        }
    });
    if side == Side::Request && entry.required {
        mark_required(schema, path);
    }
}

/// Adds the entry's description, microversions and, where the sample left it open, type.
fn describe(node: &mut Value, entry: &ParameterEntry) {
    let Some(object) = node.as_object_mut() else {
        return;
    };
    if !object.contains_key("type")
        && let Some(kind) = &entry.kind
    {
        object.insert("type".into(), json!(kind));
        if kind == "array" && !object.contains_key("items") {
            object.insert("items".into(), json!({}));
        }
        object.remove(marks::INFERRED);
    }
    if let Some(description) = &entry.description
        && !object.contains_key("description")
    {
        object.insert("description".into(), json!(description));
    }
    if let Some(versions) = versions(entry) {
        object.insert("x-openstack".into(), versions);
    }
}

/// Adds the last segment of `path` to the `required` list of every object holding it.
fn mark_required(schema: &mut Value, path: &[String]) {
    if let Some(last) = path.last() {
        mark_in(schema, last);
    }
}

fn mark_in(schema: &mut Value, name: &str) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let holds = object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.contains_key(name));
    if holds {
        let required = object.entry("required").or_insert_with(|| json!([]));
        if let Some(list) = required.as_array_mut()
            && !list.contains(&json!(name))
        {
            list.push(json!(name));
        }
    }
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        for child in properties.values_mut() {
            mark_in(child, name);
        }
    }
    if let Some(items) = object.get_mut("items") {
        mark_in(items, name);
    }
}

/// The responses of the sections: every status any section lists; a success status's body
/// from each section that shows one (a `oneOf` where the sections' bodies differ).
fn responses(
    context: &Context<'_>,
    sections: &[Section<'_>],
    hint: &str,
    inferences: &mut Inferences,
) -> Value {
    let mut statuses: Vec<String> = Vec::new();
    for section in sections {
        for response in &section.operation.responses {
            if !statuses.contains(&response.status) {
                statuses.push(response.status.clone());
            }
        }
    }
    statuses.sort();
    let mut out = Map::new();
    for status in statuses {
        let mut bodies: Vec<Value> = Vec::new();
        // An action that answers this status without a body, beside one that has a body.
        let mut bodiless: Option<&str> = None;
        if answers_with_body(&status) {
            for section in sections {
                let lists = section
                    .operation
                    .responses
                    .iter()
                    .any(|r| r.status == status);
                let first_success = section
                    .operation
                    .responses
                    .iter()
                    .find(|r| answers_with_body(&r.status))
                    .is_some_and(|r| r.status == status);
                if !lists || !first_success {
                    continue;
                }
                let name = if sections.len() > 1 {
                    format!("{hint}{}", pascal(&operation_id(&section.operation.title)))
                } else {
                    hint.to_string()
                };
                match body(context.table, section, Side::Response, &name, inferences) {
                    Some(schema) if !bodies.contains(&schema) => bodies.push(schema),
                    Some(_) => {}
                    None => bodiless = bodiless.or(Some(section.operation.title.as_str())),
                }
            }
        }
        let mut response = Map::new();
        response.insert("description".into(), json!(reason_phrase(&status)));
        let mut schema = match bodies.len() {
            0 => None,
            1 => bodies.pop(),
            _ => Some(json!({ "oneOf": bodies })),
        };
        // The runtime reads an empty body as `null`: a body some actions leave out is nullable.
        // (Only one object: a nullable `oneOf` at a response's root is not generated yet.)
        if let (Some(schema), Some(action)) = (schema.as_mut(), bodiless)
            && let Some(object) = schema.as_object_mut()
            && !object.contains_key("oneOf")
        {
            inferences.add(
                sections
                    .first()
                    .map(|s| s.operation.key())
                    .unwrap_or_default(),
                format!("response {status} nullable"),
                format!("`{action}` answers {status} without a body, other actions with one"),
            );
            object.insert("nullable".into(), json!(true));
        }
        if let Some(schema) = schema {
            let mut media = json!({ "schema": schema });
            let example = match sections {
                [only] => only
                    .operation
                    .responses
                    .iter()
                    .find(|r| r.status == status)
                    .and_then(|r| r.example.as_ref()),
                _ => None,
            };
            if let Some(example) = example {
                media["example"] = example.value.clone();
            }
            response.insert("content".into(), json!({ "application/json": media }));
        }
        out.insert(status, Value::Object(response));
    }
    Value::Object(out)
}

/// The reason phrase of an HTTP status, as the response's description.
fn reason_phrase(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "Non-Authoritative Information",
        "204" => "No Content",
        "300" => "Multiple Choices",
        "301" => "Moved Permanently",
        "302" => "Found",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "406" => "Not Acceptable",
        "409" => "Conflict",
        "413" => "Request Entity Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Entity",
        "500" => "Internal Server Error",
        "501" => "Not Implemented",
        "503" => "Service Unavailable",
        "default" => "Any status: the page lists no response codes",
        _ => "Response",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs_check::api_ref::{PARAMETERS_FILE, parse_parameter_table};
    use crate::docs_check::example::example_of;
    use crate::docs_check::page::Response;
    use std::path::Path;

    fn parameter(key: &str, reference: &str) -> Parameter {
        Parameter {
            key: key.into(),
            reference: reference.into(),
            table: PARAMETERS_FILE.into(),
            line: 1,
        }
    }

    fn op(title: &str, request: &[(&str, &str)], sample: Option<Value>, status: &str) -> Operation {
        Operation {
            title: title.into(),
            method: "POST".into(),
            path: "/v3/{project_id}/volumes/{volume_id}/action".into(),
            description: None,
            scopes: Vec::new(),
            scope_prefix: None,
            request: None,
            request_parameters: request.iter().map(|(k, r)| parameter(k, r)).collect(),
            response_parameters: Vec::new(),
            responses: vec![Response {
                status: status.into(),
                description: None,
                media_type: None,
                body: None,
                errors: Vec::new(),
                example: None,
            }],
            min_version: None,
            max_version: None,
            request_example: sample.and_then(|v| example_of(v, 1)),
        }
    }

    const TABLE: &str = "project_id_path:\n  in: path\n  required: true\n  type: string\n\
        volume_id_path:\n  in: path\n  required: true\n  type: string\n\
        limit:\n  in: query\n  type: integer\n  min_version: 3.60\n\
        os-extend:\n  in: body\n  required: true\n  type: object\n\
        new_size:\n  in: body\n  required: true\n  type: integer\n\
        os-detach:\n  in: body\n  required: true\n  type: object\n\
        attachment_id:\n  in: body\n  type: string\n";

    #[test]
    fn actions_on_one_path_become_a_keyed_one_of() {
        let table = parse_parameter_table(Path::new("parameters.yaml"), TABLE);
        let extend = op(
            "Extend a volume size",
            &[
                ("project_id", "project_id_path"),
                ("os-extend", "os-extend"),
                ("new_size", "new_size"),
            ],
            Some(json!({ "os-extend": { "new_size": 3 } })),
            "202",
        );
        let detach = op(
            "Detach volume",
            &[
                ("volume_id", "volume_id_path"),
                ("os-detach", "os-detach"),
                ("attachment_id", "attachment_id"),
            ],
            None,
            "202",
        );
        let sections = [
            Section {
                file: "a.inc",
                operation: &extend,
                page_title: None,
            },
            Section {
                file: "a.inc",
                operation: &detach,
                page_title: None,
            },
        ];
        let context = Context {
            table: &ParameterTables::of([(PARAMETERS_FILE.into(), table.clone())]),
            microversions: true,
            service_type: Some("volume"),
        };
        let built = build(&context, &sections, &mut Inferences::default());
        let members = built
            .pointer("/requestBody/content/application~1json/schema/oneOf")
            .and_then(Value::as_array)
            .expect("oneOf");
        assert_eq!(members.len(), 2);
        assert_eq!(
            members[0].pointer("/x-openstack/action-name"),
            Some(&json!("os-extend"))
        );
        assert_eq!(
            members[0].pointer("/properties/os-extend/properties/new_size/type"),
            Some(&json!("integer"))
        );
        assert_eq!(members[0].pointer("/required"), Some(&json!(["os-extend"])));
        // No sample: the first listed object wraps the keys after it.
        assert_eq!(
            members[1].pointer("/properties/os-detach/properties/attachment_id/type"),
            Some(&json!("string"))
        );
        let names: Vec<&str> = built["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(names, ["project_id", "volume_id", MICROVERSION_HEADER]);
    }

    #[test]
    fn the_table_places_query_parameters_and_keeps_arrays_and_colon_names() {
        let table = parse_parameter_table(
            Path::new("parameters.yaml"),
            &format!("{TABLE}host:\n  in: body\n  type: string\n"),
        );
        let mut list = op("List volumes", &[("limit", "limit")], None, "200");
        list.method = "GET".into();
        list.path = "/v3/{project_id}/volumes".into();
        list.response_parameters = vec![parameter("os-vol-host-attr:host", "host")];
        list.responses[0].example = example_of(
            json!({ "volumes": [{ "os-vol-host-attr:host": null, "id": "x" }] }),
            1,
        );
        let context = Context {
            table: &ParameterTables::of([(PARAMETERS_FILE.into(), table.clone())]),
            microversions: false,
            service_type: None,
        };
        let built = build(
            &context,
            &[Section {
                file: "v.inc",
                operation: &list,
                page_title: Some("Volumes (volumes) (3.0 or later)"),
            }],
            &mut Inferences::default(),
        );
        assert!(
            built.get("requestBody").is_none(),
            "a GET with query keys has no body"
        );
        let limit = &built["parameters"][1];
        assert_eq!(limit["in"], json!("query"));
        assert_eq!(limit["schema"]["type"], json!("integer"));
        assert_eq!(limit["x-openstack"]["min-ver"], json!("3.60"));
        let volumes = built
            .pointer("/responses/200/content/application~1json/schema/properties/volumes")
            .expect("volumes");
        assert_eq!(volumes["type"], json!("array"));
        assert_eq!(
            volumes.pointer("/items/properties/os-vol-host-attr:host/type"),
            Some(&json!("string"))
        );
    }

    #[test]
    fn count_sits_beside_a_collection_and_nested_objects_are_named_by_key() {
        let table = parse_parameter_table(
            Path::new("parameters.yaml"),
            &format!(
                "{TABLE}count:\n  in: body\n  type: integer\n\
                 volumes:\n  in: body\n  type: array\n\
                 name:\n  in: body\n  type: string\n"
            ),
        );
        let mut list = op("List volumes", &[], None, "200");
        list.method = "GET".into();
        list.path = "/v3/{project_id}/volumes".into();
        list.response_parameters = vec![
            parameter("volumes", "volumes"),
            parameter("name", "name"),
            parameter("count", "count"),
        ];
        list.responses[0].example = example_of(json!({ "volumes": [{ "id": "x" }] }), 1);
        let context = Context {
            table: &ParameterTables::of([(PARAMETERS_FILE.into(), table.clone())]),
            microversions: false,
            service_type: None,
        };
        let mut built = build(
            &context,
            &[Section {
                file: "v.inc",
                operation: &list,
                page_title: None,
            }],
            &mut Inferences::default(),
        );
        let schema = built
            .pointer_mut("/responses/200/content/application~1json/schema")
            .expect("a body");
        assert_eq!(
            schema.pointer("/properties/count/type"),
            Some(&json!("integer")),
            "count beside the list: {schema:#}"
        );
        assert!(
            schema
                .pointer("/properties/volumes/items/properties/count")
                .is_none()
        );
        // A key the sample does not show goes into the list's items, as before.
        assert!(
            schema
                .pointer("/properties/volumes/items/properties/name")
                .is_some()
        );
        assert_eq!(
            schema.pointer(&format!("/properties/volumes/items/{}", marks::HINT)),
            Some(&json!("Volume"))
        );
        assert_eq!(built["operationId"], json!("list_volumes"));
    }

    #[test]
    fn a_path_key_the_url_lacks_is_its_spelling_or_a_query_parameter() {
        let table = parse_parameter_table(
            Path::new("parameters.yaml"),
            &format!("{TABLE}list_volume:\n  in: path\n  required: false\n  type: string\n"),
        );
        let mut show = op(
            "Show a group",
            &[
                ("project_id", "project_id_path"),
                ("list_volume", "list_volume"),
            ],
            None,
            "200",
        );
        show.method = "GET".into();
        show.path = "/v3/{project-id}/groups".into();
        let context = Context {
            table: &ParameterTables::of([(PARAMETERS_FILE.into(), table.clone())]),
            microversions: false,
            service_type: None,
        };
        let built = build(
            &context,
            &[Section {
                file: "g.inc",
                operation: &show,
                page_title: None,
            }],
            &mut Inferences::default(),
        );
        let placed: Vec<(&str, &str)> = built["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| Some((p["name"].as_str()?, p["in"].as_str()?)))
            .collect();
        assert_eq!(placed, [("project-id", "path"), ("list_volume", "query")]);
    }
}
