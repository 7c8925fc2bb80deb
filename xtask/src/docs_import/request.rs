//! The request body of a Katapult page. The renderer kept the object fields (with `required`
//! and `nullable`), the "Possible values" lists and the sentences, but dropped the names and
//! types of every other field; they are inferred here from the examples of all pages and from
//! the page family's conventions, and each inference is marked `x-inferred` with its reason:
//!
//! - an object field is a *lookup* ("All 'x[]' params are mutually exclusive"): exactly one of
//!   its keys, the identifying keys (`id`, `permalink`, `sub_domain`, `fqdn`) the examples'
//!   `x` objects carry;
//! - fields after a `properties` object belong to it (up to `annotations`), and it also holds
//!   the fields of the response's object a client sets;
//! - a list of objects (`annotations`, `weights`) has the items the examples show under that key;
//! - a sentence names the response field whose name it uses; a "Possible values" list the
//!   response field with the same list.

use serde_json::{Map, Value, json};

use crate::docs_check::example::flatten;
use crate::docs_check::page::{Body, Operation, Shape};

use super::components::note;
use super::infer::{ExampleFacts, place_texts, schema_of_example};
use super::marks;
use super::names::{overlap, pascal, singular, words};
use super::provenance::Inferences;

/// Keys that identify a resource in a lookup, in the order they are listed.
const IDENTIFYING: [&str; 4] = ["id", "permalink", "sub_domain", "fqdn"];

/// Fields the server assigns, never sent in `properties`.
const SERVER_SET: [&str; 4] = ["id", "api_reference", "created_at", "updated_at"];

/// Every object and list of objects in the examples of all pages, by key, in page order.
#[derive(Debug, Default)]
pub struct ExampleIndex {
    /// (key, value) of every object value, or of the first item of a list of objects (keyed
    /// by the list's key).
    pub objects: Vec<(String, Value)>,
}

impl ExampleIndex {
    /// Adds every object of `example`.
    pub fn add(&mut self, example: &Value) {
        for (path, value) in flatten(example).unwrap_or_default() {
            let Some(key) = path.iter().rev().find(|segment| *segment != "[]") else {
                continue;
            };
            if value.is_object() {
                self.objects.push((key.clone(), value.clone()));
            }
        }
    }

    fn under(&self, key: &str) -> impl Iterator<Item = &Map<String, Value>> {
        let single = singular(key);
        self.objects
            .iter()
            .filter(move |(known, _)| *known == key || *known == single)
            .filter_map(|(_, value)| value.as_object())
    }
}

/// The request's page facts and what the inference may use besides.
pub struct RequestFacts<'a> {
    /// The page's file name.
    pub file: &'a str,
    /// The operation.
    pub operation: &'a Operation,
    /// The request body's facts.
    pub body: &'a Body,
    /// The examples of all pages.
    pub index: &'a ExampleIndex,
    /// The name of the request schema (`CreateIpAddressRequest`).
    pub name: String,
}

/// The request body schema (inline, with naming marks).
pub fn request_schema(facts: &RequestFacts<'_>, inferences: &mut Inferences) -> Value {
    let place = facts.operation.key();
    let success = facts
        .operation
        .responses
        .iter()
        .find(|response| response.status.starts_with('2'));
    // The response's main object: the first object-valued key of the success example.
    let primary: Option<(String, Map<String, Value>)> = success
        .and_then(|response| response.example.as_ref())
        .and_then(|example| example.value.as_object())
        .and_then(|map| {
            map.iter().find_map(|(key, value)| {
                value
                    .as_object()
                    .map(|object| (key.clone(), object.clone()))
            })
        });
    let response_enums: Vec<(String, Vec<String>)> = success
        .and_then(|response| response.body.as_ref())
        .map(|body| {
            body.enums
                .iter()
                .filter_map(|list| list.path.clone().map(|path| (path, list.values.clone())))
                .collect()
        })
        .unwrap_or_default();
    let response_texts: Vec<String> = match (success, success.and_then(|r| r.example.as_ref())) {
        (Some(response), Some(example)) => response
            .body
            .as_ref()
            .map(|body| place_texts(body, &example.value).into_keys().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };

    enum Item<'b> {
        Field(&'b crate::docs_check::page::ObjectField),
        Enum(&'b [String]),
        Text(&'b str),
    }
    let mut items: Vec<(usize, Item<'_>)> = Vec::new();
    items.extend(facts.body.objects.iter().map(|f| (f.line, Item::Field(f))));
    items.extend(
        facts
            .body
            .enums
            .iter()
            .map(|e| (e.line, Item::Enum(&e.values))),
    );
    items.extend(
        facts
            .body
            .texts
            .iter()
            .map(|t| (t.line, Item::Text(&t.text))),
    );
    items.sort_by_key(|(line, _)| *line);

    let mut top = Map::new();
    let mut top_required: Vec<Value> = Vec::new();
    // The `properties` object: its fields, whether it is required, its required fields.
    let mut arguments: Option<(Map<String, Value>, bool, Vec<Value>)> = None;
    let mut used: Vec<String> = Vec::new();
    for (_, item) in items {
        let inside = arguments.is_some();
        match item {
            Item::Field(field) if field.name == "properties" && field.shape == Shape::Object => {
                arguments = Some((Map::new(), field.required, Vec::new()));
            }
            Item::Field(field) => {
                let mut schema = match &field.shape {
                    Shape::ObjectArray => list_of_objects(facts, &field.name, inferences),
                    Shape::Object => lookup(facts, &field.name, inferences),
                    Shape::Named(name) => named_open_object(name, inferences),
                };
                if field.nullable
                    && let Some(object) = schema.as_object_mut()
                {
                    object.insert("nullable".into(), json!(true));
                }
                let into_arguments = inside && field.name != "annotations";
                let (target, required) = match (&mut arguments, into_arguments) {
                    (Some((map, _, required)), true) => (map, required),
                    _ => (&mut top, &mut top_required),
                };
                target.insert(field.name.clone(), schema);
                used.push(field.name.clone());
                if field.required {
                    required.push(json!(field.name));
                }
            }
            Item::Enum(values) => {
                let (name, reason) = enum_name(values, &response_enums);
                let schema = json!({ "type": "string", "enum": values });
                let target = match &mut arguments {
                    Some((map, ..)) => map,
                    None => &mut top,
                };
                add_inferred(target, &mut used, inferences, &place, name, schema, &reason);
            }
            Item::Text(text) if text.contains("params are mutually exclusive") => {
                let named = text
                    .split('\'')
                    .nth(1)
                    .map(|inner| inner.trim_end_matches("[]").to_string());
                let target = match &mut arguments {
                    Some((map, ..)) => map,
                    None => &mut top,
                };
                if let Some(object) = named
                    .and_then(|name| target.get_mut(&name))
                    .and_then(Value::as_object_mut)
                {
                    object.insert("description".into(), json!(text));
                }
            }
            Item::Text(text) => {
                let (name, mut schema, reason) = named_by_sentence(text, primary.as_ref(), &used);
                if let Some(object) = schema.as_object_mut() {
                    object.insert("description".into(), json!(text));
                }
                let target = match &mut arguments {
                    Some((map, ..)) => map,
                    None => &mut top,
                };
                add_inferred(target, &mut used, inferences, &place, name, schema, &reason);
            }
        }
    }
    if let Some((mut map, required, inner_required)) = arguments {
        if let Some((key, object)) = &primary {
            for (field, value) in object {
                let path = format!("{key}.{field}");
                let settable = !SERVER_SET.contains(&field.as_str())
                    && !used.contains(field)
                    && !map.contains_key(field)
                    && !value.is_object()
                    && !value
                        .as_array()
                        .is_some_and(|items| items.iter().any(Value::is_object))
                    && !response_enums.iter().any(|(known, _)| *known == path)
                    && !response_texts.contains(&path);
                if !settable {
                    continue;
                }
                let reason = format!(
                    "`{field}` is a field of the response's `{key}` that a client sets: not \
                     server-set, not an object, not a status list and not described as output"
                );
                let mut schema = plain(value);
                if let Some(object) = schema.as_object_mut() {
                    note(object, &reason);
                }
                inferences.add(
                    place.clone(),
                    format!("request property `properties.{field}`"),
                    &reason,
                );
                map.insert(field.clone(), schema);
            }
        }
        let hint = primary
            .as_ref()
            .map(|(key, _)| format!("{}Arguments", pascal(key)))
            .unwrap_or_else(|| "Arguments".to_string());
        let mut arguments = json!({
            "type": "object",
            "properties": map,
            marks::NAME: hint,
            marks::SOURCE: format!("`{}` request body `properties`", facts.file),
        });
        if !inner_required.is_empty()
            && let Some(object) = arguments.as_object_mut()
        {
            object.insert("required".into(), Value::Array(inner_required));
        }
        top.insert("properties".into(), arguments);
        if required {
            top_required.push(json!("properties"));
        }
    }
    // Keep the page's order of the top level: `properties` where the page shows it.
    let order: Vec<String> = facts
        .body
        .objects
        .iter()
        .map(|field| field.name.clone())
        .filter(|name| top.contains_key(name))
        .collect();
    let mut ordered = Map::new();
    for name in order.iter().chain(
        top.keys()
            .filter(|k| !order.contains(k))
            .collect::<Vec<_>>(),
    ) {
        if let Some(schema) = top.get(name) {
            ordered.insert(name.clone(), schema.clone());
        }
    }
    top_required.sort_by_key(|name| {
        order
            .iter()
            .position(|known| Some(known.as_str()) == name.as_str())
            .unwrap_or(usize::MAX)
    });
    let mut root = json!({
        "type": "object",
        "properties": ordered,
        marks::NAME: facts.name,
        marks::SOURCE: format!("`{}` request body", facts.file),
    });
    if !top_required.is_empty()
        && let Some(object) = root.as_object_mut()
    {
        object.insert("required".into(), Value::Array(top_required));
    }
    root
}

/// The schema of a scalar (or list of scalars) example value.
/// Adds a request property the page did not name to `target`, marked with the inference's
/// `reason` and listed in the provenance at `place`.
fn add_inferred(
    target: &mut Map<String, Value>,
    used: &mut Vec<String>,
    inferences: &mut Inferences,
    place: &str,
    name: String,
    mut schema: Value,
    reason: &str,
) {
    if let Some(object) = schema.as_object_mut() {
        note(object, reason);
    }
    inferences.add(place, format!("request property `{name}`"), reason);
    target.insert(name.clone(), schema);
    used.push(name);
}

/// An open object for a type the page names but shows none of the fields of, marked as the
/// inference it is.
pub fn named_open_object(name: &str, inferences: &mut Inferences) -> Value {
    let reason = "the page names the type but shows none of its fields";
    inferences.add(format!("schema {name}"), "an open object", reason);
    json!({
        "type": "object", "additionalProperties": true,
        marks::NAME: name, marks::INFERRED: reason,
    })
}

fn plain(value: &Value) -> Value {
    match value {
        Value::String(_) => json!({ "type": "string" }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({ "type": "integer" }),
        Value::Number(_) => json!({ "type": "number" }),
        Value::Array(items) => json!({
            "type": "array",
            "items": items.first().map(plain).unwrap_or_else(|| json!({})),
        }),
        _ => json!({}),
    }
}

/// A lookup object for the resource `name`.
fn lookup(facts: &RequestFacts<'_>, name: &str, inferences: &mut Inferences) -> Value {
    let seen: Vec<&Map<String, Value>> = facts.index.under(name).collect();
    let keys: Vec<&str> = IDENTIFYING
        .iter()
        .copied()
        .filter(|key| *key == "id" || seen.iter().any(|object| object.contains_key(*key)))
        .collect();
    let shown = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let reason = if seen.is_empty() {
        format!(
            "a lookup object (the page family's convention for an object field of a request): \
             exactly one key identifies the {}; no example shows a `{name}` object, so only `id`",
            name.replace('_', " ")
        )
    } else {
        format!(
            "a lookup object (the page family's convention for an object field of a request): \
             exactly one key identifies the {}; keys {shown} are the identifying keys the \
             examples' `{name}` objects carry",
            name.replace('_', " ")
        )
    };
    inferences.add(
        format!("schema {}Lookup", pascal(name)),
        format!("keys {shown}"),
        &reason,
    );
    let properties: Map<String, Value> = keys
        .iter()
        .map(|key| ((*key).to_string(), json!({ "type": "string" })))
        .collect();
    json!({
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": properties,
        marks::INFERRED: reason,
        marks::NAME: format!("{}Lookup", pascal(name)),
        marks::SOURCE: format!("`{}` request body `{name}`", facts.file),
    })
}

/// A list of objects whose items the examples show under the same key.
fn list_of_objects(facts: &RequestFacts<'_>, name: &str, inferences: &mut Inferences) -> Value {
    let place = facts.operation.key();
    let Some(item) = facts.index.under(name).next() else {
        let reason = format!("no example shows `{name}` items: their fields are unknown");
        inferences.add(place, format!("request property `{name}[]` open"), &reason);
        return json!({
            "type": "array",
            "items": { "type": "object", "additionalProperties": true, marks::INFERRED: reason },
        });
    };
    let reason = format!("the items' fields are those of the `{name}` items in the examples");
    inferences.add(
        place,
        format!("request property `{name}[]` fields"),
        &reason,
    );
    let value = Value::Object(item.clone());
    let body = Body::default();
    let mut schema = schema_of_example(&ExampleFacts {
        file: facts.file,
        section: format!("request body `{name}[]`, fields from the examples"),
        body: &body,
        value: &value,
        root_name: None,
        root_hint: pascal(&singular(name)),
    });
    if let Some(object) = schema.as_object_mut() {
        note(object, &reason);
    }
    json!({ "type": "array", "items": schema })
}

/// The name of a request "Possible values" list: the response property with the same list,
/// else `version` for values that differ only in a trailing number (`ipv4`, `ipv6`).
fn enum_name(values: &[String], response: &[(String, Vec<String>)]) -> (String, String) {
    if let Some((path, _)) = response.iter().find(|(_, known)| known == values) {
        let name = path
            .rsplit('.')
            .next()
            .unwrap_or(path)
            .trim_end_matches("[]")
            .to_string();
        let reason = format!("the response's `{path}` has the same \"Possible values\" list");
        return (name, reason);
    }
    let stems: Vec<&str> = values
        .iter()
        .map(|value| value.trim_end_matches(|c: char| c.is_ascii_digit()))
        .collect();
    let numbered = values.len() > 1
        && values
            .iter()
            .zip(&stems)
            .all(|(value, stem)| value.len() > stem.len())
        && stems.windows(2).all(|pair| pair.first() == pair.get(1));
    if numbered {
        return (
            "version".to_string(),
            "values that differ only in a trailing number name a `version`".to_string(),
        );
    }
    (
        "type".to_string(),
        "no source names this \"Possible values\" list; `type` is a placeholder".to_string(),
    )
}

/// The response field a sentence describes: the one whose name's words the sentence uses
/// (earliest in the sentence; booleans only for a "Whether …" sentence); else the sentence's
/// subject, as a string.
fn named_by_sentence(
    text: &str,
    primary: Option<&(String, Map<String, Value>)>,
    used: &[String],
) -> (String, Value, String) {
    let sentence = words(text);
    let boolean = sentence.first().is_some_and(|w| w == "whether");
    if let Some((key, object)) = primary {
        let position = |field: &str| {
            sentence
                .iter()
                .position(|word| field.split('_').any(|part| part == word))
                .unwrap_or(usize::MAX)
        };
        let best = object
            .iter()
            .filter(|(field, value)| {
                !used.contains(field)
                    && overlap(field, &sentence) > 0
                    && (!boolean || value.is_boolean())
                    && !value.is_object()
            })
            .min_by_key(|(field, _)| {
                (
                    position(field),
                    std::cmp::Reverse(overlap(field, &sentence)),
                )
            });
        if let Some((field, value)) = best {
            let reason = format!(
                "the sentence uses the name of the response's `{key}.{field}`{}; its type is \
                 that field's",
                if boolean {
                    " (a \"Whether\" sentence describes a boolean)"
                } else {
                    ""
                }
            );
            return (field.clone(), plain(value), reason);
        }
    }
    match super::names::name_from_sentence(text) {
        Some((name, reason)) => (
            name,
            json!({ "type": "string" }),
            format!("{reason}; type string assumed"),
        ),
        None => (
            "value".to_string(),
            json!({}),
            "no field name or type can be read from the sentence".to_string(),
        ),
    }
}

/// The paths of a request example, for tests.
#[cfg(test)]
fn paths(value: &Value) -> Vec<String> {
    flatten(value)
        .unwrap_or_default()
        .into_iter()
        .map(|(path, _)| crate::docs_check::page::join_path(&path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_lists_are_named_from_the_response_or_their_values() {
        let response = vec![(
            "load_balancer.resource_type".to_string(),
            vec!["a".to_string()],
        )];
        assert_eq!(enum_name(&["a".to_string()], &response).0, "resource_type");
        let versions = ["ipv4".to_string(), "ipv6".to_string()];
        assert_eq!(enum_name(&versions, &[]).0, "version");
        assert_eq!(
            enum_name(&["x".to_string(), "y".to_string()], &[]).0,
            "type"
        );
    }

    #[test]
    fn sentences_pick_the_field_they_name() {
        let object = json!({"id": "s", "address": "s", "vip": true, "label": "s"});
        let primary = (
            "ip_address".to_string(),
            object.as_object().cloned().unwrap_or_default(),
        );
        let (name, schema, _) = named_by_sentence(
            "Whether or not to set this address as a VIP",
            Some(&primary),
            &[],
        );
        assert_eq!(
            (name.as_str(), &schema),
            ("vip", &json!({"type": "boolean"}))
        );
        let (name, ..) = named_by_sentence(
            "The label to give this address if setting it as a VIP",
            Some(&primary),
            &["vip".to_string()],
        );
        assert_eq!(name, "label");
        assert_eq!(paths(&json!({"a": [{"b": 1}]})), ["a", "a[]", "a[].b"]);
    }
}
