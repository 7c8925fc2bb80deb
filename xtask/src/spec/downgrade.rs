//! OpenAPI 3.1 read as 3.0: a 3.1 document is rewritten on load into the 3.0 form the rest of
//! the pipeline (openapiv3, progenitor, typify) reads, keeping its meaning:
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]` |
//! | `oneOf`/`anyOf` with a `{type: "null"}` member | the other members, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [v, …]` on a schema | `example: v` |
//! | `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` (same for maximum) |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` beside the siblings |
//! | `contentMediaType`/`contentEncoding` on a string | `format: binary` / `format: byte` |
//! | `webhooks`, `jsonSchemaDialect`, `components.pathItems` | dropped, with a note |
//! | a `mutualTLS` security scheme (set up in TLS, not in a request) | dropped with its requirements, with a note |
//! | boolean schemas: a property `false` / `true` | left out / `{}` |
//!
//! The schema rewrites also run on 3.0 documents, where a 3.1 construct is a slip a user would
//! forgive: each such place gets a warning.

use serde_json::{Map, Value, json};

use super::schema_walk::for_each_schema;
use crate::error::Located;

/// Rewrites `doc` in place; returns a note for each place whose meaning the generator reads
/// differently or drops.
pub fn downgrade(doc: &mut Value) -> Vec<Located> {
    let is_31 = doc
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| version.starts_with("3.1"));
    let mut notes = Vec::new();
    let Some(root) = doc.as_object_mut() else {
        return notes;
    };
    if is_31 {
        root.insert("openapi".into(), json!("3.0.3"));
        for (key, note) in [
            ("webhooks", "is skipped: the generated crate covers `paths`"),
            (
                "jsonSchemaDialect",
                "is not read: schemas are read in OpenAPI's own dialect",
            ),
        ] {
            if root.remove(key).is_some() {
                notes.push(Located::at(
                    format!("/{key}"),
                    format!("`{key}` (OpenAPI 3.1) {note}"),
                ));
            }
        }
        let components = root.get_mut("components").and_then(Value::as_object_mut);
        if components.is_some_and(|components| components.remove("pathItems").is_some()) {
            notes.push(Located::at(
                "/components/pathItems",
                "`components.pathItems` (OpenAPI 3.1) is skipped",
            ));
        }
        notes.extend(mutual_tls_schemes(root));
        root.entry("paths").or_insert_with(|| json!({}));
        if let Some(license) = root
            .get_mut("info")
            .and_then(|info| info.get_mut("license"))
            .and_then(Value::as_object_mut)
        {
            license.remove("identifier");
        }
    }
    if is_31 {
        boolean_schemas(doc);
    }
    for_each_schema(doc, &mut |schema, at| {
        rewrite_schema(schema, at, is_31, &mut notes)
    });
    notes
}

/// Drops `mutualTLS` security schemes, which 3.0 has no word for (the client certificate is
/// set up on the TLS connection, not sent in a request), and their names from every security
/// requirement.
fn mutual_tls_schemes(root: &mut Map<String, Value>) -> Vec<Located> {
    let Some(schemes) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut)
    else {
        return Vec::new();
    };
    let dropped: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type") == Some(&json!("mutualTLS")))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &dropped {
        schemes.remove(name);
    }
    if dropped.is_empty() {
        return Vec::new();
    }
    let strip = |list: &mut Value| {
        for requirement in list.as_array_mut().into_iter().flatten() {
            if let Some(requirement) = requirement.as_object_mut() {
                requirement.retain(|name, _| !dropped.contains(name));
            }
        }
    };
    if let Some(security) = root.get_mut("security") {
        strip(security);
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for operation in item.values_mut() {
                if let Some(security) = operation.get_mut("security") {
                    strip(security);
                }
            }
        }
    }
    dropped
        .iter()
        .map(|name| {
            Located::at(
                super::pointer::pointer(["components", "securitySchemes", name.as_str()]),
                "a `mutualTLS` security scheme (OpenAPI 3.1) is not generated: set the client \
                 certificate up on the HTTP client; it is left out of every security requirement",
            )
        })
        .collect()
}

/// Rewrites one schema (its subschemas are visited on their own).
fn rewrite_schema(
    object: &mut Map<String, Value>,
    at: &str,
    is_31: bool,
    notes: &mut Vec<Located>,
) {
    let mut changed = Vec::new();
    // In 3.0 a `$ref`'s siblings are ignored, as the specification says; in 3.1 they count.
    if is_31 && object.contains_key("$ref") && object.keys().any(|key| is_meaningful_sibling(key)) {
        let reference = object.remove("$ref").unwrap_or_default();
        object.insert("allOf".into(), json!([{ "$ref": reference }]));
        changed.push("`$ref` with siblings");
    }
    if let Some(types) = object.get("type").and_then(Value::as_array).cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        object.remove("type");
        match rest.as_slice() {
            [] => {}
            [one] => {
                object.insert("type".into(), one.clone());
            }
            many => {
                let members: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
                object.insert("anyOf".into(), Value::Array(members));
            }
        }
        if nullable {
            object.insert("nullable".into(), json!(true));
        }
        changed.push("a `type` array");
    } else if object.get("type") == Some(&json!("null")) {
        object.remove("type");
        object.insert("nullable".into(), json!(true));
        changed.push("`type: null`");
    }
    for keyword in ["oneOf", "anyOf"] {
        let Some(members) = object.get_mut(keyword).and_then(Value::as_array_mut) else {
            continue;
        };
        let before = members.len();
        members.retain(|member| member.get("type") != Some(&json!("null")));
        if members.len() != before {
            if members.len() == 1 && !object.contains_key("allOf") {
                let only = object.remove(keyword).unwrap_or_default();
                object.insert("allOf".into(), only);
            }
            object.insert("nullable".into(), json!(true));
            changed.push("a `null` alternative");
        }
    }
    if let Some(value) = object.remove("const") {
        object.entry("enum").or_insert_with(|| json!([value]));
        changed.push("`const`");
    }
    if let Some(Value::Array(examples)) = object.get("examples").cloned() {
        object.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            object.entry("example").or_insert(first);
        }
        changed.push("`examples`");
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(number) = object.get(exclusive).filter(|v| v.is_number()).cloned() {
            object.insert(bound.into(), number);
            object.insert(exclusive.into(), json!(true));
            changed.push("a numeric exclusive bound");
        }
    }
    if object.get("type") == Some(&json!("string")) && !object.contains_key("format") {
        if object.get("contentEncoding") == Some(&json!("base64")) {
            object.insert("format".into(), json!("byte"));
        } else if object.contains_key("contentMediaType") {
            object.insert("format".into(), json!("binary"));
        }
    }
    if !changed.is_empty() && !is_31 {
        changed.dedup();
        notes.push(Located::at(
            at,
            format!(
                "{} is OpenAPI 3.1, not 3.0; read as its 3.0 equivalent",
                changed.join(", ")
            ),
        ));
    }
}

/// JSON Schema's boolean schemas, which OpenAPI 3.0 readers cannot take: a property whose
/// schema is `false` (it must not appear) is left out, and `true` (anything) becomes `{}`.
/// Only schema slots are rewritten (a property that happens to be named `properties` is not
/// a list of properties).
fn boolean_schemas(doc: &mut Value) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut().filter(|schema| schema.is_boolean()) {
            *schema = json!({});
        }
    }
    for_each_schema(doc, &mut |schema, _| {
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            properties.retain(|_, property| *property != Value::Bool(false));
            for property in properties.values_mut() {
                if *property == Value::Bool(true) {
                    *property = json!({});
                }
            }
        }
        for key in ["items", "not", "contains", "propertyNames"] {
            if let Some(slot @ Value::Bool(_)) = schema.get_mut(key) {
                *slot = json!({});
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            let members = schema.get_mut(key).and_then(Value::as_array_mut);
            for member in members.into_iter().flatten() {
                if member.is_boolean() {
                    *member = json!({});
                }
            }
        }
    });
}

/// Keywords beside a `$ref` that change what the schema means (annotations do not).
fn is_meaningful_sibling(key: &str) -> bool {
    !matches!(
        key,
        "$ref" | "description" | "summary" | "title" | "example" | "examples" | "$comment"
    ) && !key.starts_with("x-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_31_document_reads_as_30() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"x": {}},
            "components": {"schemas": {"S": {"type": "object", "properties": {
                "a": {"type": ["integer", "null"]},
                "b": {"const": "fixed"},
                "c": {"type": "number", "exclusiveMinimum": 0},
                "d": {"$ref": "#/components/schemas/T", "nullable": true},
                "e": {"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]},
                "f": {"type": ["string", "integer"]},
                "g": {"type": "string", "examples": ["one", "two"]}
            }}, "T": {"type": "string"}}}
        });
        let notes = downgrade(&mut doc);
        let p = |name: &str| doc["components"]["schemas"]["S"]["properties"][name].clone();
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none() && doc["paths"] == json!({}));
        assert_eq!(p("a"), json!({"type": "integer", "nullable": true}));
        assert_eq!(p("b"), json!({"enum": ["fixed"]}));
        assert_eq!(
            p("c"),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            p("d"),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            p("e"),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
        assert_eq!(
            p("f"),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(p("g"), json!({"type": "string", "example": "one"}));
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn a_mutual_tls_scheme_is_dropped_from_components_and_requirements() {
        let mut doc = json!({"openapi": "3.1.0", "security": [{"mtls": []}, {"key": []}],
            "paths": {"/a": {"get": {"security": [{"mtls": [], "key": []}], "responses": {}}}},
            "components": {"securitySchemes": {"mtls": {"type": "mutualTLS"},
                "key": {"type": "apiKey", "name": "k", "in": "header"}}}});
        let notes = downgrade(&mut doc);
        assert_eq!(
            doc["components"]["securitySchemes"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["key"]
        );
        assert_eq!(doc["security"], json!([{}, {"key": []}]));
        assert_eq!(doc["paths"]["/a"]["get"]["security"], json!([{"key": []}]));
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn a_31_construct_in_a_30_document_is_read_with_a_warning() {
        let mut doc = json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"parameters": [
            {"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}}]}}}});
        let notes = downgrade(&mut doc);
        assert_eq!(
            doc.pointer("/paths/~1a/get/parameters/0/schema").unwrap(),
            &json!({"type": "integer", "nullable": true})
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0].location,
            crate::error::Location::Pointer("/paths/~1a/get/parameters/0/schema".into())
        );
    }

    #[test]
    fn boolean_schemas_are_rewritten_only_where_a_schema_stands() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "Any": true,
            "S": {"type": "object", "properties": {
                "gone": false,
                "anything": true,
                "properties": {"type": "object", "nullable": true},
                "list": {"type": "array", "items": true}
            }}
        }}});
        downgrade(&mut doc);
        assert_eq!(doc["components"]["schemas"]["Any"], json!({}));
        assert_eq!(
            doc["components"]["schemas"]["S"]["properties"],
            json!({
                "anything": {},
                "properties": {"type": "object", "nullable": true},
                "list": {"type": "array", "items": {}}
            })
        );
    }
}
