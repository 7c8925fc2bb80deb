//! Component names as Rust names: two schemas whose names become the same Rust type name
//! (`metadata` and `Metadata`, `boolean` and `Boolean`) would be two types of one name, so the
//! later one is renamed (`Metadata2`) and every reference to it follows. So is a schema named like
//! the type typify makes of a property an `allOf`'s members define differently (`team_links`
//! beside `team`'s merged `links`, `TeamLinks`). A name typify would
//! spell otherwise than the generator (`oMReady`) takes the generator's spelling (`OmReady`). Text that becomes doc
//! comments loses its carriage returns (rustc rejects a bare CR in a doc comment).

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use crate::error::Located;
use crate::generate::syntax::escape::{doc_line, inert_code_blocks};
use crate::generate::syntax::naming::{pascal_name, sanitize_pascal, typify_names_inline};
use crate::spec::pointer::{decode_fragment, escape_segment};
use crate::spec::refs::references;

/// Renames component schemas whose Rust names clash; returns a warning per rename.
pub fn unique_component_names(doc: &mut Value) -> Vec<Located> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    // typify's names for the properties an `allOf` defines differently in two members: a
    // schema of that name gives way (the type typify makes cannot be renamed).
    let merged = merged_property_type_names(schemas);
    let mut taken: HashSet<String> = merged.keys().cloned().collect();
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    // Renamed without a warning: names that typify's one pass of PascalCase would turn into
    // another name than ours (`oMReady` → `OMReady`, ours `OmReady`: heck is not idempotent).
    let mut quiet: HashSet<String> = HashSet::new();
    for name in schemas.keys() {
        let rust = pascal_name(name);
        if taken.insert(rust.clone()) {
            if sanitize_pascal(name) != rust && !schemas.contains_key(rust.as_str()) {
                quiet.insert(name.clone());
                renames.insert(name.clone(), rust);
            }
            continue;
        }
        let fresh = (2..)
            .map(|n| format!("{rust}{n}"))
            .find(|candidate| {
                !taken.contains(candidate) && !schemas.contains_key(candidate.as_str())
            })
            .expect("an unbounded range always has a free name");
        taken.insert(fresh.clone());
        renames.insert(name.clone(), fresh);
    }
    if renames.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (old, new) in &renames {
            if let Some(schema) = schemas.remove(old) {
                schemas.insert(new.clone(), schema);
            }
            if quiet.contains(old) {
                continue;
            }
            if let Some((holder, property)) = merged.get(&pascal_name(old)) {
                warnings.push(Located::at(
                    format!("/components/schemas/{}", escape_segment(old)),
                    format!(
                        "typify names the type of `{holder}`'s property `{property}`, which its \
                         `allOf` members define differently, `{}`; schema `{old}` is generated as \
                         `{new}`",
                        pascal_name(old)
                    ),
                ));
                continue;
            }
            warnings.push(Located::at(
                format!("/components/schemas/{}", escape_segment(old)),
                format!(
                    "schema `{old}` has the Rust name of another schema (`{}`); it is generated as `{new}`",
                    pascal_name(old)
                ),
            ));
        }
    }
    for (at, target) in references(doc) {
        let Some(pointer) = target.strip_prefix('#').map(decode_fragment) else {
            continue;
        };
        let Some(rest) = pointer.strip_prefix("/components/schemas/") else {
            continue;
        };
        let (name, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let name = name.replace("~1", "/").replace("~0", "~");
        if let Some(new) = renames.get(&name)
            && let Some(slot) = doc.pointer_mut(&at)
        {
            let tail = if tail.is_empty() {
                String::new()
            } else {
                format!("/{tail}")
            };
            *slot = json!(format!(
                "#/components/schemas/{}{tail}",
                escape_segment(new)
            ));
        }
    }
    warnings
}

/// Most `$ref`s and `allOf`s followed to gather a schema's properties.
const MAX_MERGE_DEPTH: usize = 16;

/// For each component whose `allOf` members define one property by different schemas, the
/// name typify gives the merged property's type (`team` + `links` → `TeamLinks`), with the
/// component and the property.
fn merged_property_type_names(
    schemas: &serde_json::Map<String, Value>,
) -> BTreeMap<String, (String, String)> {
    fn properties_of(
        schemas: &serde_json::Map<String, Value>,
        schema: &Value,
        depth: usize,
        out: &mut Vec<(String, String)>,
    ) {
        if depth > MAX_MERGE_DEPTH {
            return;
        }
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|target| target.strip_prefix("#/components/schemas/"))
        {
            let name = decode_fragment(target)
                .replace("~1", "/")
                .replace("~0", "~");
            if let Some(target) = schemas.get(&name) {
                properties_of(schemas, target, depth + 1, out);
            }
            return;
        }
        for (property, value) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            out.push((property.clone(), value.to_string()));
        }
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            properties_of(schemas, member, depth + 1, out);
        }
    }
    let mut names = BTreeMap::new();
    for (name, schema) in schemas {
        if schema.get("allOf").is_none() {
            continue;
        }
        let mut properties = Vec::new();
        properties_of(schemas, schema, 0, &mut properties);
        let mut by_name: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
        for (property, value) in &properties {
            by_name.entry(property).or_default().insert(value);
        }
        for (property, values) in by_name {
            if values.len() > 1 {
                names.insert(
                    pascal_name(&format!("{}{}", pascal_name(name), pascal_name(property))),
                    (name.clone(), property.to_string()),
                );
            }
        }
    }
    names
}

/// typify names an inline type in a property after its `title` where it has one, else after
/// its holder and the property (`Certificate` + `type` → `CertificateType`), and an `allOf`
/// that includes a component names
/// that component's inline property types after itself (`AlertRule` + `kind`). Where such a
/// name is a component's own, two types share it; the inline type moves into a component of
/// its own (`CertificateType2`), which every holder then refers to; returns a warning per
/// type so named.
pub fn hoist_inline_types_named_like_components(doc: &mut Value) -> Vec<Located> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let taken: HashSet<String> = schemas.keys().map(|name| pascal_name(name)).collect();
    // Which components include which through `allOf` (transitively), to know every holder
    // name typify may give a component's inline property types.
    let mut included_by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, schema) in schemas {
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(target) = member
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|target| target.strip_prefix("#/components/schemas/"))
            {
                included_by
                    .entry(
                        decode_fragment(target)
                            .replace("~1", "/")
                            .replace("~0", "~"),
                    )
                    .or_default()
                    .push(name.clone());
            }
        }
    }
    let holders = |component: &str| {
        let mut seen = vec![component.to_string()];
        let mut index = 0;
        while index < seen.len() && seen.len() < 1_000 {
            for includer in included_by.get(&seen[index]).into_iter().flatten() {
                if !seen.contains(includer) {
                    seen.push(includer.clone());
                }
            }
            index += 1;
        }
        seen
    };
    // (the property's pointer, its component, its name)
    let mut moves: Vec<(String, String, String)> = Vec::new();
    for (name, schema) in schemas {
        let mut holder_names: Option<Vec<String>> = None;
        // typify merges an `allOf` of inline members into the component, so their properties'
        // types are named after the component too.
        let inline_members = schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, member)| member.get("$ref").is_none())
            .map(|(index, member)| (format!("/allOf/{index}"), member));
        let component_pointer = format!("/components/schemas/{}", escape_segment(name));
        for (within, property, value) in std::iter::once((String::new(), schema))
            .chain(inline_members)
            .flat_map(|(within, holder)| {
                holder
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(move |(property, value)| (within.clone(), property, value))
            })
        {
            if !typify_names_inline(value) {
                continue;
            }
            // typify names the type after its `title` where it has one (`Device Set Owner`),
            // else after its holder and the property.
            let clashes = match value.get("title").and_then(Value::as_str) {
                Some(title) => taken.contains(&pascal_name(title)),
                None => holder_names
                    .get_or_insert_with(|| holders(name))
                    .iter()
                    .any(|holder| {
                        taken.contains(&pascal_name(&format!(
                            "{}{}",
                            pascal_name(holder),
                            pascal_name(property)
                        )))
                    }),
            };
            if clashes {
                moves.push((
                    format!(
                        "{component_pointer}{within}/properties/{}",
                        escape_segment(property)
                    ),
                    name.clone(),
                    property.clone(),
                ));
            }
        }
    }
    let mut names = crate::generate::syntax::naming::ComponentNames::new(doc);
    for (at, component, property) in moves {
        let Some(inline) = doc.pointer(&at).cloned() else {
            continue;
        };
        let fresh = names.unique(
            &format!("{}{}", pascal_name(&component), pascal_name(&property)),
            &at,
        );
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            schemas.insert(fresh.clone(), inline);
        }
        if let Some(slot) = doc.pointer_mut(&at) {
            *slot = json!({ "$ref": format!("#/components/schemas/{}", escape_segment(&fresh)) });
        }
    }
    names.take_warnings()
}

/// Makes the document's prose safe to become doc text: in every `description`, `summary` and
/// `title`, carriage returns become line feeds and code blocks that rustdoc would compile and
/// run as doctests become `text` blocks (see [`crate::generate::syntax::escape::inert_code_blocks`]); the API's
/// title and version, which progenitor writes into single doc lines, become one line each.
pub fn inert_prose(doc: &mut Value) {
    inert_prose_below(doc);
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        for field in ["title", "version"] {
            if let Some(Value::String(text)) = info.get_mut(field) {
                let line = doc_line(text);
                if line != *text {
                    *text = line;
                }
            }
        }
    }
}

fn inert_prose_below(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(text)
                        if matches!(key.as_str(), "description" | "summary" | "title") =>
                    {
                        if text.contains('\r') {
                            *text = text.replace("\r\n", "\n").replace('\r', "\n");
                        }
                        if let Some(inert) = inert_code_blocks(text) {
                            *text = inert;
                        }
                    }
                    _ => inert_prose_below(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(inert_prose_below),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashing_rust_names_are_renamed_and_followed() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "x\r\ny", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/metadata"}}}}}}}},
            "components": {"schemas": {
                "Metadata": {"type": "object"},
                "metadata": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Other": {"$ref": "#/components/schemas/metadata/properties/a"}
            }}
        });
        let warnings = unique_component_names(&mut doc);
        inert_prose(&mut doc);
        assert_eq!(warnings.len(), 1);
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert!(schemas.contains_key("Metadata2") && !schemas.contains_key("metadata"));
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref")
                .unwrap(),
            "#/components/schemas/Metadata2"
        );
        assert_eq!(
            schemas["Other"]["$ref"],
            "#/components/schemas/Metadata2/properties/a"
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["description"],
            "x\ny"
        );
    }

    /// bitbucket's `team` is `allOf: [account, {links: team_links}]` and `account` has
    /// `links: account_links`: typify merges the two into a type `TeamLinks`, so the schema
    /// `team_links` gives way.
    #[test]
    fn a_schema_named_like_a_merged_property_type_gives_way() {
        let mut doc = json!({"components": {"schemas": {
            "account": {"properties": {"links": {"$ref": "#/components/schemas/account_links"}}},
            "account_links": {"type": "object"},
            "team": {"allOf": [
                {"$ref": "#/components/schemas/account"},
                {"properties": {"links": {"$ref": "#/components/schemas/team_links"}}}
            ]},
            "team_links": {"type": "object", "properties": {"html": {"type": "string"}}},
            "same": {"allOf": [
                {"$ref": "#/components/schemas/account"},
                {"properties": {"links": {"$ref": "#/components/schemas/account_links"}}}
            ]},
            "same_links": {"type": "object"}
        }}});
        let warnings = unique_component_names(&mut doc);
        assert_eq!(
            doc.pointer("/components/schemas/team/allOf/1/properties/links/$ref"),
            Some(&json!("#/components/schemas/TeamLinks2"))
        );
        assert!(
            doc.pointer("/components/schemas/same_links").is_some(),
            "one definition: no merge"
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("`team`'s property `links`"));
        assert!(warnings[0].message.contains("`TeamLinks2`"));
    }

    #[test]
    fn a_name_typify_would_spell_otherwise_takes_ours_quietly() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/oMReady"}}}}}}}},
            "components": {"schemas": {"oMReady": {"type": "array", "items": {}}}}
        });
        assert!(unique_component_names(&mut doc).is_empty());
        assert!(doc.pointer("/components/schemas/OmReady").is_some());
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref")
                .unwrap(),
            "#/components/schemas/OmReady"
        );
    }

    #[test]
    fn an_inline_type_typify_would_name_like_a_component_becomes_one() {
        let mut doc = json!({"components": {"schemas": {
            "CertificateType": {"type": "string", "enum": ["A"]},
            "Certificate": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["X", "Y"]}}},
            "AlertRuleKind": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["Fusion"]}}},
            "AlertRule": {"allOf": [{"$ref": "#/components/schemas/AlertRuleKind"}]},
            "Plain": {"type": "object", "properties": {"mode": {"enum": ["a"]}}},
            "String": {"type": "string"},
            "Cluster": {"type": "object", "properties": {"name": {"allOf": [
                {"$ref": "#/components/schemas/String"}, {"description": "its name"}]}}},
            "ClusterName": {"type": "string", "pattern": "^[a-z]+$"},
            "AccountBillTo": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Account": {"allOf": [{"type": "object", "properties": {"billTo": {
                "type": "object", "properties": {"email": {"type": "string"}}}}}]}
        }}});
        hoist_inline_types_named_like_components(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Certificate"]["properties"]["type"],
            json!({"$ref": "#/components/schemas/CertificateType2"})
        );
        assert_eq!(schemas["CertificateType2"]["enum"], json!(["X", "Y"]));
        assert_eq!(
            schemas["AlertRuleKind"]["properties"]["kind"],
            json!({"$ref": "#/components/schemas/AlertRuleKindKind"})
        );
        assert_eq!(
            schemas["Plain"]["properties"]["mode"],
            json!({"enum": ["a"]})
        );
        assert!(
            schemas["Cluster"]["properties"]["name"]
                .get("allOf")
                .is_some(),
            "an annotated $ref is that type, not one typify names"
        );
        assert_eq!(
            schemas["Account"]["allOf"][0]["properties"]["billTo"],
            json!({"$ref": "#/components/schemas/AccountBillTo2"}),
            "typify names an inline allOf member's property types after the component"
        );
    }
}
