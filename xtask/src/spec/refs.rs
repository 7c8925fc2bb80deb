//! The one `$ref` resolver: every command follows references through these functions.
//!
//! Only local references (`#/…`, maybe percent-encoded) are followed; chains are bounded by
//! [`MAX_HOPS`] so a reference cycle ends instead of looping.

use std::borrow::Cow;

use serde_json::Value;

use super::pointer::{decode_fragment, pointer as build_pointer, unescape_segment};

/// Most `$ref` hops followed for one value.
pub const MAX_HOPS: usize = 32;

/// The value a local `$ref` names, with its JSON pointer; `None` for an external or dangling
/// reference.
pub fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<(String, &'a Value)> {
    let local = reference.strip_prefix('#')?;
    if let Some(value) = doc.pointer(local) {
        return Some((local.to_string(), value));
    }
    let decoded = decode_fragment(local);
    doc.pointer(&decoded).map(|value| (decoded, value))
}

/// Follows `value`'s `$ref` chain (found at `pointer`) to the value it ends at, with that
/// value's pointer. A value without `$ref`, or whose reference cannot be followed, is its own
/// end.
pub fn resolve_at<'a>(doc: &'a Value, pointer: &str, value: &'a Value) -> (String, &'a Value) {
    let mut current = (pointer.to_string(), value);
    for _ in 0..MAX_HOPS {
        let Some(reference) = current.1.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match lookup(doc, reference) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// [`resolve_at`] when the pointer does not matter.
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    resolve_at(doc, "", value).1
}

/// Every `$ref` in `value` outside instance data (examples, defaults, enum and const values):
/// the pointer of the `$ref` key and its target.
pub fn references(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(value, &mut Vec::new(), &mut out);
    out
}

/// The walk of [`references`]: `at` holds the path's segments, borrowed from the document
/// (only an array index is made), since every key of a large document is visited.
fn collect<'a>(value: &'a Value, at: &mut Vec<Cow<'a, str>>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(Cow::Borrowed(key));
                if key == "$ref" {
                    if let Value::String(target) = child {
                        out.push((build_pointer(at.iter()), target.clone()));
                    }
                } else if !is_data(at, child) {
                    collect(child, at, out);
                }
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                at.push(Cow::Owned(index.to_string()));
                collect(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Objects whose keys are names chosen by the author (a property called `default`, the
/// `default` response), not keywords.
const NAME_MAPS: [&str; 18] = [
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "paths",
    "content",
    "encoding",
    "variables",
    "mapping",
    "examples",
];

/// Whether the value at `at` is instance data (an example, a default, enum values), where a
/// `$ref` key is just a key.
fn is_data(at: &[Cow<'_, str>], value: &Value) -> bool {
    let [.., parent, key] = at else {
        return false;
    };
    if NAME_MAPS.contains(&parent.as_ref()) {
        return false;
    }
    match key.as_ref() {
        "example" | "default" | "enum" | "const" => true,
        // A schema's `examples` (3.1) is an array of instances; elsewhere a map of Example
        // objects, whose `value` is the instance.
        "examples" => value.is_array(),
        "value" => at.len() >= 3 && at[at.len() - 3] == "examples",
        _ => false,
    }
}

/// Whether the object at `holder` (which holds a `$ref`) is a schema: not a path item, a
/// parameter, a response, a request body, a header, an example, a link or a callback, and not
/// a component of another kind than `schemas`.
pub fn holds_schema(holder: &str) -> bool {
    let segments: Vec<String> = holder.split('/').skip(1).map(unescape_segment).collect();
    let [.., parent, last] = segments.as_slice() else {
        return false;
    };
    // A path item, or one of its operations (or its parameter list).
    if segments.first().is_some_and(|first| first == "paths")
        && (segments.len() == 2 || segments.len() == 3)
    {
        return false;
    }
    if segments.len() == 3 && segments[0] == "components" {
        return parent == "schemas";
    }
    // A schema property may be called `responses` or `headers`: its parent is then a
    // property name, and its grandparent `properties`.
    let grandparent = segments.len().checked_sub(3).map(|i| segments[i].as_str());
    if grandparent == Some("properties") {
        return true;
    }
    // A whole map of properties given by reference (`properties: {$ref: …}`), as some vendors
    // write it: the map is no schema, it is copied in.
    if matches!(
        last.as_str(),
        "properties" | "patternProperties" | "definitions" | "$defs"
    ) && segments.len() > 3
    {
        return false;
    }
    !(last == "requestBody"
        || matches!(
            parent.as_str(),
            "responses" | "examples" | "headers" | "links" | "callbacks"
        )
        || (parent == "parameters" && last.parse::<usize>().is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chains_are_followed_and_cycles_end() {
        let doc = json!({"c": {"a": {"$ref": "#/c/b"}, "b": {"type": "string"},
                              "loop": {"$ref": "#/c/loop"}, "x{y}": {"type": "integer"}}});
        let (at, value) = resolve_at(&doc, "/start", &doc["c"]["a"]);
        assert_eq!((at.as_str(), value), ("/c/b", &json!({"type": "string"})));
        assert_eq!(
            resolve(&doc, &doc["c"]["loop"]),
            &json!({"$ref": "#/c/loop"})
        );
        assert_eq!(
            lookup(&doc, "#/c/x%7By%7D").unwrap().1,
            &json!({"type": "integer"})
        );
        assert!(lookup(&doc, "other.yaml#/c/b").is_none());
    }

    #[test]
    fn references_in_examples_are_data() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {
            "200": {"$ref": "#/r",
                    "content": {"application/json": {"example": {"$ref": "not a reference"}}}},
            "default": {"$ref": "#/d"}}}}},
            "components": {"schemas": {"S": {"properties": {"default": {"$ref": "#/p"}},
                                               "default": {"$ref": "data"}}}}});
        let found: Vec<String> = references(&doc)
            .into_iter()
            .map(|(_, target)| target)
            .collect();
        assert_eq!(found, ["#/r", "#/d", "#/p"]);
    }

    #[test]
    fn schema_positions_are_told_from_other_objects() {
        for schema in [
            "/components/schemas/A",
            "/components/schemas/A/properties/b",
            "/components/schemas/A/properties/responses",
            "/components/schemas/A/properties/headers/items",
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            "/paths/~1a/get/parameters/0/schema",
        ] {
            assert!(holds_schema(schema), "{schema}");
        }
        for other in [
            "/paths/~1a",
            "/paths/~1a/get",
            "/paths/~1a/get/requestBody/content/application~1json/schema/properties",
            "/paths/~1a/get/requestBody",
            "/paths/~1a/get/responses/200",
            "/paths/~1a/get/parameters/0",
            "/paths/~1a/get/responses/200/headers/X-Rate",
            "/components/parameters/Limit",
            "/components/requestBodies/Pet",
            "/components/responses/NotFound",
            "/paths/~1a/get/responses/200/content/application~1json/examples/one",
        ] {
            assert!(!holds_schema(other), "{other}");
        }
    }
}
