//! Shared objects defined once: every inline object of the draft becomes a component, objects
//! of the same structure (properties, types, enums, required; descriptions aside) become one,
//! and each is named from what the page gives (a oneOf member, `detail ValidationError`) or
//! else from its key and context (`data_center` → `DataCenter`; of two shapes under one key,
//! the larger keeps the name and a subset becomes `…Summary`).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use super::marks;
use super::provenance::Inferences;

/// A reference to a registered object before it has its name.
const PENDING: &str = "#pending/";

/// One distinct object.
struct Entry {
    schema: Value,
    explicit: Option<String>,
    /// (key hint, parent hint) of every occurrence.
    hints: Vec<(String, String)>,
    sources: Vec<String>,
    name: String,
}

/// Hoists every inline object of the document's operations into `components/schemas`, and
/// returns, per component, the places it comes from.
pub fn hoist(doc: &mut Value, inferences: &mut Inferences) -> BTreeMap<String, Vec<String>> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_signature: HashMap<String, usize> = HashMap::new();
    for_each_root(doc, &mut |schema| {
        hoist_node(schema, &mut entries, &mut by_signature);
    });
    let mut groups: Vec<Vec<String>> = Vec::new();
    collect_variant_groups(doc, &mut groups);
    for entry in &entries {
        collect_variant_groups(&entry.schema, &mut groups);
    }
    name_entries(&mut entries, &groups);

    let names: Vec<String> = entries.iter().map(|entry| entry.name.clone()).collect();
    let mut components = Map::new();
    for entry in &entries {
        components.insert(entry.name.clone(), entry.schema.clone());
    }
    let mut extra = Vec::new();
    let mut wrapped = Value::Object(components);
    rewrite(&mut wrapped, &names, &mut extra);
    rewrite_roots(doc, &names, &mut extra);
    let Value::Object(mut components) = wrapped else {
        unreachable!("an object stays an object")
    };
    for name in extra {
        if components.contains_key(&name) {
            continue;
        }
        let reason =
            "the page names this oneOf member, but no example shows it: its fields are unknown";
        inferences.add(format!("schema {name}"), "an open object", reason);
        components.insert(
            name,
            json!({ "type": "object", "additionalProperties": true, marks::INFERRED: reason }),
        );
    }
    distinguish_variants(doc, &mut components, inferences);

    let schemas = doc
        .as_object_mut()
        .map(|root| {
            root.entry("components")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
        })
        .and_then(|slot| slot.and_then(Value::as_object_mut));
    if let Some(schemas) = schemas {
        for (name, schema) in components {
            schemas.insert(name, schema);
        }
    }
    entries
        .into_iter()
        .map(|entry| {
            let mut sources = entry.sources;
            sources.dedup();
            (entry.name, sources)
        })
        .collect()
}

/// Calls `visit` on every request and response schema of every operation.
pub fn for_each_root(doc: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            if let Some(content) = operation
                .pointer_mut("/requestBody/content")
                .and_then(Value::as_object_mut)
            {
                for media in content.values_mut() {
                    if let Some(schema) = media.get_mut("schema") {
                        visit(schema);
                    }
                }
            }
            if let Some(responses) = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
            {
                for response in responses.values_mut() {
                    if let Some(content) =
                        response.get_mut("content").and_then(Value::as_object_mut)
                    {
                        for media in content.values_mut() {
                            if let Some(schema) = media.get_mut("schema") {
                                visit(schema);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The children of a schema that are schemas.
fn children(object: &mut Map<String, Value>) -> Vec<&mut Value> {
    let mut out = Vec::new();
    for (key, value) in object.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let Some(map) = value.as_object_mut() {
                    out.extend(map.values_mut());
                }
            }
            "items" => out.push(value),
            "additionalProperties" if value.is_object() => out.push(value),
            "oneOf" | "anyOf" | "allOf" => {
                if let Some(list) = value.as_array_mut() {
                    out.extend(list.iter_mut());
                }
            }
            _ => {}
        }
    }
    out
}

fn hoist_node(
    node: &mut Value,
    entries: &mut Vec<Entry>,
    by_signature: &mut HashMap<String, usize>,
) {
    let Some(object) = node.as_object_mut() else {
        return;
    };
    for child in children(object) {
        hoist_node(child, entries, by_signature);
    }
    if object.contains_key(marks::VARIANTS) {
        return;
    }
    let is_object = object.get("type") == Some(&json!("object"));
    let has_properties = object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|map| !map.is_empty());
    if !is_object || !(has_properties || object.contains_key(marks::NAME)) {
        return;
    }
    let take = |object: &mut Map<String, Value>, key: &str| {
        object
            .remove(key)
            .and_then(|value| value.as_str().map(str::to_string))
    };
    let explicit = take(object, marks::NAME);
    let hint = take(object, marks::HINT).unwrap_or_else(|| "Object".to_string());
    let parent = take(object, marks::PARENT).unwrap_or_default();
    let source = take(object, marks::SOURCE);
    let nullable = object.remove("nullable") == Some(json!(true));
    let schema = Value::Object(object.clone());
    let signature = signature(&schema, explicit.as_deref());
    let index = match by_signature.get(&signature) {
        Some(&index) => {
            if let Some(entry) = entries.get_mut(index) {
                fill_descriptions(&mut entry.schema, &schema);
                entry.hints.push((hint, parent));
                entry.sources.extend(source);
            }
            index
        }
        None => {
            entries.push(Entry {
                schema,
                explicit,
                hints: vec![(hint, parent)],
                sources: source.into_iter().collect(),
                name: String::new(),
            });
            by_signature.insert(signature, entries.len() - 1);
            entries.len() - 1
        }
    };
    let reference = json!({ "$ref": format!("{PENDING}{index}") });
    *node = if nullable {
        json!({ "nullable": true, "type": "object", "allOf": [reference] })
    } else {
        reference
    };
}

/// The structure of a schema: everything but descriptions and inference notes, keys sorted.
fn signature(schema: &Value, explicit: Option<&str>) -> String {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let sorted: BTreeMap<&String, Value> = map
                    .iter()
                    .filter(|(key, _)| {
                        key.as_str() != "description"
                            && key.as_str() != marks::INFERRED
                            && !marks::ALL.contains(&key.as_str())
                    })
                    .map(|(key, value)| (key, strip(value)))
                    .collect();
                json!(sorted)
            }
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    format!("{}|{}", explicit.unwrap_or_default(), strip(schema))
}

/// Copies the descriptions `other` has and `into` lacks (the same structure, seen again).
fn fill_descriptions(into: &mut Value, other: &Value) {
    let (Some(into), Some(other)) = (into.as_object_mut(), other.as_object()) else {
        return;
    };
    if !into.contains_key("description")
        && let Some(text) = other.get("description")
    {
        into.insert("description".into(), text.clone());
    }
    for key in ["properties"] {
        let (Some(mine), Some(theirs)) = (
            into.get_mut(key).and_then(Value::as_object_mut),
            other.get(key).and_then(Value::as_object),
        ) else {
            continue;
        };
        for (name, schema) in mine.iter_mut() {
            if let Some(theirs) = theirs.get(name) {
                fill_descriptions(schema, theirs);
            }
        }
    }
    if let (Some(mine), Some(theirs)) = (into.get_mut("items"), other.get("items")) {
        fill_descriptions(mine, theirs);
    }
}

fn collect_variant_groups(value: &Value, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            if let Some(names) = map.get(marks::VARIANTS).and_then(Value::as_array) {
                out.push(
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                );
            }
            for child in map.values() {
                collect_variant_groups(child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_variant_groups(item, out);
            }
        }
        _ => {}
    }
}

fn property_names(schema: &Value) -> Vec<&String> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|map| map.keys().collect())
        .unwrap_or_default()
}

/// Names every entry: the page's names first, then oneOf members found by their key and
/// context (`VirtualMachineGroup` is the virtual machine's `group`), then keys.
fn name_entries(entries: &mut [Entry], groups: &[Vec<String>]) {
    let mut taken: Vec<String> = Vec::new();
    for entry in entries.iter_mut() {
        if let Some(name) = &entry.explicit
            && !taken.contains(name)
        {
            entry.name = name.clone();
            taken.push(name.clone());
        }
    }
    for name in groups.iter().flatten() {
        if taken.contains(name) {
            continue;
        }
        let found = entries.iter().position(|entry| {
            entry.name.is_empty()
                && entry
                    .hints
                    .iter()
                    .any(|(hint, parent)| format!("{parent}{hint}") == *name)
        });
        let found = found.or_else(|| {
            entries.iter().position(|entry| {
                entry.name.is_empty() && entry.hints.iter().any(|(hint, _)| hint == name)
            })
        });
        if let Some(entry) = found.and_then(|index| entries.get_mut(index)) {
            entry.name = name.clone();
            taken.push(name.clone());
        }
    }
    // Unnamed entries grouped by key; the one with most properties takes the key.
    let mut by_hint: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if !entry.name.is_empty() {
            continue;
        }
        let hint = entry
            .hints
            .first()
            .map(|(hint, _)| hint.clone())
            .unwrap_or_default();
        match by_hint.iter_mut().find(|(known, _)| *known == hint) {
            Some((_, members)) => members.push(index),
            None => by_hint.push((hint, vec![index])),
        }
    }
    for (hint, members) in by_hint {
        let size = |index: &usize| {
            entries
                .get(*index)
                .map_or(0, |e| property_names(&e.schema).len())
        };
        let primary = members
            .iter()
            .copied()
            .max_by_key(|index| (size(index), std::cmp::Reverse(*index)));
        let mut order: Vec<usize> = primary.into_iter().collect();
        order.extend(
            members
                .iter()
                .copied()
                .filter(|index| Some(*index) != primary),
        );
        for index in order {
            let primary_fields: Vec<String> = primary
                .and_then(|p| entries.get(p))
                .map(|e| property_names(&e.schema).into_iter().cloned().collect())
                .unwrap_or_default();
            let Some(entry) = entries.get(index) else {
                continue;
            };
            let fields = property_names(&entry.schema);
            let subset = !fields.is_empty() && fields.iter().all(|f| primary_fields.contains(f));
            let parent = entry
                .hints
                .first()
                .map(|(_, parent)| parent.clone())
                .unwrap_or_default();
            let mut candidates = vec![hint.clone()];
            if subset {
                candidates.push(format!("{hint}Summary"));
            }
            candidates.push(format!("{parent}{hint}"));
            let name = candidates
                .into_iter()
                .find(|name| !name.is_empty() && !taken.contains(name))
                .unwrap_or_else(|| {
                    (2..)
                        .map(|n| format!("{hint}{n}"))
                        .find(|name| !taken.contains(name))
                        .unwrap_or_default()
                });
            taken.push(name.clone());
            if let Some(entry) = entries.get_mut(index) {
                entry.name = name;
            }
        }
    }
    // Explicit names given twice (the same name, two structures) get a number.
    for index in 0..entries.len() {
        if entries
            .get(index)
            .is_some_and(|entry| entry.name.is_empty())
        {
            let base = entries
                .get(index)
                .and_then(|entry| entry.explicit.clone())
                .unwrap_or_else(|| "Object".to_string());
            let name = (2..)
                .map(|n| format!("{base}{n}"))
                .find(|name| !taken.contains(name))
                .unwrap_or_default();
            taken.push(name.clone());
            if let Some(entry) = entries.get_mut(index) {
                entry.name = name;
            }
        }
    }
}

fn rewrite_roots(doc: &mut Value, names: &[String], extra: &mut Vec<String>) {
    for_each_root(doc, &mut |schema| rewrite(schema, names, extra));
}

/// Pending references become component references; oneOf placeholders become `oneOf`s of
/// their members (an unknown member is collected in `extra`).
fn rewrite(value: &mut Value, names: &[String], extra: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(PENDING))
                .and_then(|index| index.parse::<usize>().ok())
                .and_then(|index| names.get(index))
            {
                map.insert(
                    "$ref".into(),
                    json!(format!("#/components/schemas/{target}")),
                );
            }
            if let Some(Value::Array(members)) = map.remove(marks::VARIANTS) {
                let refs: Vec<Value> = members
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|name| {
                        if !names.iter().any(|known| known == name) {
                            extra.push(name.to_string());
                        }
                        json!({ "$ref": format!("#/components/schemas/{name}") })
                    })
                    .collect();
                map.insert("oneOf".into(), Value::Array(refs));
                return;
            }
            for child in map.values_mut() {
                rewrite(child, names, extra);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite(item, names, extra);
            }
        }
        _ => {}
    }
}

/// Adds `reason` to a schema's `x-inferred` note.
pub fn note(object: &mut Map<String, Value>, reason: &str) {
    let text = match object.get(marks::INFERRED).and_then(Value::as_str) {
        Some(known) if known.contains(reason) => return,
        Some(known) => format!("{known}; {reason}"),
        None => reason.to_string(),
    };
    object.insert(marks::INFERRED.into(), json!(text));
}

/// Each member of a oneOf of objects requires its first property no other member has, so that
/// a body matches one member only (without it, every member's properties are optional and a
/// body of one member matches all).
fn distinguish_variants(
    doc: &Value,
    components: &mut Map<String, Value>,
    inferences: &mut Inferences,
) {
    let mut groups: Vec<Vec<String>> = Vec::new();
    collect_one_ofs(doc, &mut groups);
    for schema in components.values() {
        collect_one_ofs(schema, &mut groups);
    }
    for group in groups {
        if group.len() < 2 {
            continue;
        }
        let fields: Vec<Vec<String>> = group
            .iter()
            .map(|name| {
                components
                    .get(name)
                    .map(|schema| property_names(schema).into_iter().cloned().collect())
                    .unwrap_or_default()
            })
            .collect();
        for (index, name) in group.iter().enumerate() {
            let own = fields.get(index).cloned().unwrap_or_default();
            let Some(unique) = own.iter().find(|field| {
                fields
                    .iter()
                    .enumerate()
                    .all(|(other, theirs)| other == index || !theirs.contains(field))
            }) else {
                continue;
            };
            let Some(schema) = components.get_mut(name).and_then(Value::as_object_mut) else {
                continue;
            };
            let required = schema.entry("required").or_insert_with(|| json!([]));
            if let Some(list) = required.as_array_mut()
                && !list.contains(&json!(unique))
            {
                list.push(json!(unique));
                let reason = format!(
                    "`{unique}` is required so that a body matches one member of the oneOf \
                     [{}] only: no other member has it",
                    group.join(", ")
                );
                note(schema, &reason);
                inferences.add(
                    format!("schema {name}"),
                    format!("required `{unique}`"),
                    &reason,
                );
            }
        }
    }
}

fn collect_one_ofs(value: &Value, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            // A discriminated oneOf (the error groups) needs no distinguishing property.
            if let Some(members) = map.get("oneOf").and_then(Value::as_array)
                && !map.contains_key("discriminator")
            {
                let names: Vec<String> = members
                    .iter()
                    .filter_map(|member| member.get("$ref").and_then(Value::as_str))
                    .filter_map(|r| r.strip_prefix("#/components/schemas/"))
                    .map(str::to_string)
                    .collect();
                if names.len() == members.len() && !out.contains(&names) {
                    out.push(names);
                }
            }
            for child in map.values() {
                collect_one_ofs(child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_one_ofs(item, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(schemas: Vec<Value>) -> Value {
        let responses: Map<String, Value> = schemas
            .into_iter()
            .enumerate()
            .map(|(index, schema)| {
                (
                    format!("{}", 200 + index),
                    json!({ "description": "d", "content": { "application/json": { "schema": schema } } }),
                )
            })
            .collect();
        json!({ "paths": { "/x": { "post": { "responses": responses } } } })
    }

    fn object(hint: &str, fields: &[&str]) -> Value {
        let properties: Map<String, Value> = fields
            .iter()
            .map(|field| ((*field).to_string(), json!({ "type": "string" })))
            .collect();
        json!({ "type": "object", "properties": properties, marks::HINT: hint })
    }

    fn nullable(mut schema: Value) -> Value {
        if let Some(object) = schema.as_object_mut() {
            object.insert("nullable".into(), json!(true));
        }
        schema
    }

    #[test]
    fn equal_objects_are_one_component_and_a_subset_is_a_summary() {
        let mut doc = document(vec![
            json!({ "type": "object", marks::NAME: "A", "properties": {
                "data_center": object("DataCenter", &["id", "name"]),
                "other": nullable(object("DataCenter", &["id", "name", "country"])),
            }}),
            json!({ "type": "object", marks::NAME: "B", "properties": {
                "data_center": object("DataCenter", &["id", "name"]),
            }}),
        ]);
        let mut inferences = Inferences::default();
        let sources = hoist(&mut doc, &mut inferences);
        let names: Vec<&String> = sources.keys().collect();
        assert_eq!(names, ["A", "B", "DataCenter", "DataCenterSummary"]);
        let schemas = doc.pointer("/components/schemas").expect("components");
        assert_eq!(
            schemas.pointer("/A/properties/data_center/$ref"),
            Some(&json!("#/components/schemas/DataCenterSummary"))
        );
        assert_eq!(
            schemas.pointer("/B/properties/data_center/$ref"),
            schemas.pointer("/A/properties/data_center/$ref"),
            "one component for both"
        );
        assert_eq!(
            schemas.pointer("/A/properties/other"),
            Some(&json!({
                "nullable": true, "type": "object",
                "allOf": [{ "$ref": "#/components/schemas/DataCenter" }],
            }))
        );
    }

    #[test]
    fn one_of_members_are_found_by_key_and_context_and_told_apart() {
        let vm = json!({ "type": "object", marks::NAME: "VirtualMachine", "properties": {
            "fqdn": { "type": "string" },
            "group": { "type": "object", marks::HINT: "Group", marks::PARENT: "VirtualMachine",
                       "properties": { "segregate": { "type": "boolean" } } },
        }});
        let mut doc = document(vec![
            json!({ "type": "object", marks::NAME: "R", "properties": {
                "resource": { marks::VARIANTS: ["VirtualMachine", "VirtualMachineGroup", "Tag"], "oneOf": [vm] },
            }}),
        ]);
        let mut inferences = Inferences::default();
        hoist(&mut doc, &mut inferences);
        let schemas = doc.pointer("/components/schemas").expect("components");
        assert_eq!(
            schemas.pointer("/R/properties/resource/oneOf/1/$ref"),
            Some(&json!("#/components/schemas/VirtualMachineGroup"))
        );
        assert_eq!(
            schemas.pointer("/VirtualMachine/required"),
            Some(&json!(["fqdn"]))
        );
        assert_eq!(
            schemas.pointer("/VirtualMachineGroup/required"),
            Some(&json!(["segregate"]))
        );
        assert_eq!(
            schemas.pointer("/Tag/additionalProperties"),
            Some(&json!(true))
        );
        assert!(
            schemas.pointer("/Tag/x-inferred").is_some(),
            "an unseen member is marked"
        );
        assert!(
            !doc.to_string().contains("x-import"),
            "no import mark is left"
        );
    }
}
