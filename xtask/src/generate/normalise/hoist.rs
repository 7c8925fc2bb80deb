//! References into the middle of something: `$ref: '#/components/schemas/A/properties/b'` or
//! `'#/paths/~1x/get/responses/200/content/application~1json/schema'` are valid JSON pointers,
//! but typify and progenitor only follow references to whole components.
//!
//! A referenced subschema moves into `components/schemas` under a name of its own, and both
//! its old place and every reference point at it (one Rust type, however often it is used).
//! A referenced parameter, response or request body that is not a component is copied where
//! it is used.
//!
//! An inline `allOf` whose members bring back a schema that holds it
//! (`Cat.siblings.items: {allOf: [{properties: {rank}}, {$ref: Cat}]}`) moves into
//! `components/schemas` as well: typify merges the members into one schema, which holds the
//! same inline `allOf` again, which it merges again, until the stack overflows. Once named,
//! the merge meets a reference to it instead, and the type is simply recursive.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::error::Located;
use crate::generate::syntax::naming::{ComponentNames, pascal_name};
use crate::spec::cycles::{MergeGraph, merge_reaches_a_holder, says_more_than_annotations};
use crate::spec::pointer::{decode_fragment, escape_segment, unescape_segment};
use crate::spec::refs::{holds_schema, references};
use crate::spec::schema_walk::for_each_schema;

/// Most rounds of [`hoist_self_holding_all_of`] (each names every schema it finds; a second
/// finds none).
const MAX_ROUNDS: usize = 64;

/// Rewrites every reference to a non-component in `doc`; returns a warning per component
/// whose wanted name was taken.
pub fn hoist_references(doc: &mut Value) -> Vec<Located> {
    let deep: Vec<(String, String)> = references(doc)
        .into_iter()
        .filter_map(|(at, target)| {
            let pointer = decode_fragment(target.strip_prefix('#')?);
            (!is_component(&pointer) && doc.pointer(&pointer).is_some_and(Value::is_object))
                .then_some((at, pointer))
        })
        .collect();
    let mut schema_targets: Vec<String> = Vec::new();
    let mut copies: Vec<(String, String)> = Vec::new();
    for (at, target) in deep {
        let holder = at.trim_end_matches("/$ref").to_string();
        if holds_schema(&holder) {
            if !schema_targets.contains(&target) {
                schema_targets.push(target);
            }
        } else {
            copies.push((holder, target));
        }
    }
    for (holder, target) in copies {
        if let Some(value) = doc.pointer(&target).cloned()
            && let Some(slot) = doc.pointer_mut(&holder)
        {
            *slot = value;
        }
    }
    // Deepest first: a target inside another target moves before its parent is copied.
    schema_targets.sort_by_key(|target| std::cmp::Reverse(target.matches('/').count()));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut taken = ComponentNames::new(doc);
    for target in schema_targets {
        let Some(schema) = doc.pointer(&target).cloned() else {
            continue;
        };
        let name = taken.unique(&wanted_name(&target), &target);
        let reference =
            json!({ "$ref": format!("#/components/schemas/{}", escape_segment(&name)) });
        insert_component(doc, &name, schema);
        if let Some(slot) = doc.pointer_mut(&target) {
            *slot = reference;
        }
        names.insert(target, name);
    }
    if names.is_empty() {
        return taken.take_warnings();
    }
    for (at, target) in references(doc) {
        let Some(pointer) = target.strip_prefix('#').map(decode_fragment) else {
            continue;
        };
        if let Some(name) = names.get(&pointer)
            && let Some(slot) = doc.pointer_mut(&at)
        {
            *slot = json!(format!("#/components/schemas/{}", escape_segment(name)));
        }
    }
    taken.take_warnings()
}

/// Names every inline `allOf` that typify would merge forever (see the module docs); returns
/// a warning per component whose wanted name was taken.
pub fn hoist_self_holding_all_of(doc: &mut Value) -> Vec<Located> {
    let mut taken = ComponentNames::new(doc);
    for _ in 0..MAX_ROUNDS {
        let mut merged: Vec<String> = Vec::new();
        for_each_schema(doc, &mut |schema, at| {
            if !is_component(at) && merges_members(schema) {
                merged.push(at.to_string());
            }
        });
        if merged.is_empty() {
            break;
        }
        let mut graph = MergeGraph::new(doc);
        let mut endless: Vec<String> = merged
            .into_iter()
            .filter(|at| merge_reaches_a_holder(&mut graph, doc, at))
            .collect();
        if endless.is_empty() {
            break;
        }
        // Deepest first: one inside another moves out before its holder is copied.
        endless.sort_by_key(|at| std::cmp::Reverse(at.matches('/').count()));
        for at in endless {
            let Some(schema) = doc.pointer(&at).cloned() else {
                continue;
            };
            let name = taken.unique(&wanted_name(&at), &at);
            insert_component(doc, &name, schema);
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot =
                    json!({ "$ref": format!("#/components/schemas/{}", escape_segment(&name)) });
            }
        }
    }
    taken.take_warnings()
}

/// Whether typify merges this schema's `allOf`: it has two members or more that say more
/// than annotations (one that only annotates adds nothing: typify keeps the reference it is
/// merged with, `allOf: [{$ref: Node}, {description: …}]`).
fn merges_members(schema: &serde_json::Map<String, Value>) -> bool {
    let Some(members) = schema.get("allOf").and_then(Value::as_array) else {
        return false;
    };
    let saying = members
        .iter()
        .filter_map(Value::as_object)
        .filter(|member| says_more_than_annotations(member));
    saying.count() >= 2
}

/// Adds `schema` to `components/schemas` as `name`.
fn insert_component(doc: &mut Value, name: &str, schema: Value) {
    if let Some(schemas) = doc
        .as_object_mut()
        .and_then(|root| {
            root.entry("components")
                .or_insert_with(|| json!({}))
                .as_object_mut()
        })
        .and_then(|components| {
            components
                .entry("schemas")
                .or_insert_with(|| json!({}))
                .as_object_mut()
        })
    {
        schemas.insert(name.to_string(), schema);
    }
}

/// `/components/<kind>/<name>` exactly.
fn is_component(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    segments.len() == 3 && segments[0] == "components"
}

/// A readable name from the last segments of the target that are not keywords:
/// `/components/schemas/channel/properties/from` → `ChannelFrom`.
fn wanted_name(target: &str) -> String {
    const KEYWORDS: [&str; 14] = [
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "content",
        "schema",
        "responses",
        "paths",
        "additionalProperties",
        "not",
        "application/json",
    ];
    let words: Vec<String> = target
        .split('/')
        .skip(1)
        .map(unescape_segment)
        .filter(|segment| {
            !KEYWORDS.contains(&segment.as_str())
                && !segment.starts_with('/')
                && segment.parse::<usize>().is_err()
                && !matches!(
                    segment.as_str(),
                    "get" | "put" | "post" | "delete" | "patch"
                )
        })
        .collect();
    let tail: Vec<&String> = words.iter().rev().take(2).rev().collect();
    let joined = tail
        .iter()
        .map(|word| word.as_str())
        .collect::<Vec<_>>()
        .join("_");
    pascal_name(if joined.is_empty() { "Schema" } else { &joined })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_referenced_subschema_becomes_one_component() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Channel/properties/from"}}}}}}}},
            "components": {"schemas": {
                "Channel": {"type": "object", "properties": {"from": {"type": "string"}}},
                "Other": {"$ref": "#/components/schemas/Channel/properties/from"}
            }}
        });
        hoist_references(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["ChannelFrom"], json!({"type": "string"}));
        assert_eq!(
            schemas["Channel"]["properties"]["from"],
            json!({"$ref": "#/components/schemas/ChannelFrom"})
        );
        assert_eq!(
            schemas["Other"],
            json!({"$ref": "#/components/schemas/ChannelFrom"})
        );
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/200/content/application~1json/schema")
                .unwrap(),
            &json!({"$ref": "#/components/schemas/ChannelFrom"})
        );
    }

    #[test]
    fn an_inline_all_of_that_brings_back_its_holder_is_named() {
        let mut doc = json!({"components": {"schemas": {"Cat": {
            "type": "object",
            "properties": {
                "siblings": {"type": "array", "items": {"allOf": [
                    {"type": "object", "properties": {"rank": {"type": "integer"}}},
                    {"$ref": "#/components/schemas/Cat"}
                ]}},
                "parent": {"allOf": [{"$ref": "#/components/schemas/Cat"}, {"description": "…"}]}
            }
        }}}});
        hoist_self_holding_all_of(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Cat"]["properties"]["siblings"]["items"],
            json!({"$ref": "#/components/schemas/CatSiblings"})
        );
        assert_eq!(
            schemas["CatSiblings"]["allOf"][1]["$ref"],
            "#/components/schemas/Cat"
        );
        // A member that only annotates adds nothing to the merge: typify keeps the reference.
        assert!(schemas["Cat"]["properties"]["parent"]["allOf"].is_array());
        assert_eq!(schemas.as_object().map(|s| s.len()), Some(2));
    }

    #[test]
    fn a_referenced_response_that_is_not_a_component_is_copied() {
        let mut doc = json!({"paths": {"/a": {
            "get": {"responses": {"200": {"description": "ok"}}},
            "put": {"responses": {"200": {"$ref": "#/paths/~1a/get/responses/200"}}}
        }}});
        hoist_references(&mut doc);
        assert_eq!(
            doc.pointer("/paths/~1a/put/responses/200").unwrap(),
            &json!({"description": "ok"})
        );
    }
}
