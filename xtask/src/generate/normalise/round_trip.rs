//! Schemas rewritten so that what the generated types decode they encode back unchanged, and
//! a request carries only what its caller set.
//!
//! - A property that is not required and has a `default`: typify makes it a plain field with
//!   `#[serde(default)]`, so a document that left it out is written back with the default,
//!   and a request body sends a value its caller never set (GitHub's `per_page`, Stripe's
//!   flags). The default moves into the property's description and the property becomes an
//!   `Option` like any other optional one: `None` is "left out, the server applies its
//!   default", which a plain field cannot say.
//! - `anyOf`: typify makes a struct of every member flattened as an `Option`, which decodes
//!   a member whose required fields are missing (or whose fields collide with another's) to
//!   `None` and drops its data silently (GitHub's timeline events decoded to `{}`). It becomes
//!   a `oneOf`, an enum that decodes to the member that matches or fails loudly.
//! - The members of a `oneOf` without a discriminator (and so of an `anyOf`) are put in
//!   specificity order, most required properties first, then most properties: typify makes
//!   an untagged enum and serde takes the first variant that decodes, so a member that is a
//!   loose subset of another (all optional) no longer swallows the other's data.

use serde_json::{Map, Value, json};

use crate::spec::refs::resolve;
use crate::spec::schema_walk::for_each_schema;

/// How deep [`shape`] follows `$ref`s and `allOf`s (a recursive schema stops there).
const SHAPE_DEPTH: usize = 8;

/// Applies the three rewrites to every schema of `doc`.
pub fn keep_round_trips(doc: &mut Value) {
    let snapshot = doc.clone();
    for_each_schema(doc, &mut |schema, _| {
        optional_defaults(schema);
        if let Some(members) = schema.remove("anyOf") {
            if schema.contains_key("oneOf") {
                // Both: the `anyOf` is a constraint typify would merge; keep it as it was.
                schema.insert("anyOf".into(), members);
            } else {
                schema.insert("oneOf".into(), members);
            }
        }
        if !schema.contains_key("discriminator")
            && let Some(Value::Array(members)) = schema.get_mut("oneOf")
        {
            order_by_specificity(members, &snapshot);
        }
    });
}

/// Moves the `default` of each property that is not required into its description.
fn optional_defaults(schema: &mut Map<String, Value>) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        if required.contains(name) {
            continue;
        }
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        let Some(default) = property.remove("default") else {
            continue;
        };
        let note = format!("Default when left out: `{default}`.");
        let description = match property.get("description").and_then(Value::as_str) {
            Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
            _ => note,
        };
        property.insert("description".into(), json!(description));
    }
}

/// Sorts `members` (stably) so that objects come first, those with most required
/// properties, then most properties, first; other members keep their order after them.
fn order_by_specificity(members: &mut [Value], doc: &Value) {
    members.sort_by_cached_key(|member| match shape(member, doc, SHAPE_DEPTH) {
        Some((required, properties)) => (0, usize::MAX - required, usize::MAX - properties),
        None => (1, 0, 0),
    });
}

/// An object member's counts of required properties and of properties (through `$ref`s and
/// `allOf`s); `None` for a member that is not an object.
fn shape(member: &Value, doc: &Value, depth: usize) -> Option<(usize, usize)> {
    let depth = depth.checked_sub(1)?;
    let member = resolve(doc, member);
    let object = member.as_object()?;
    let mut counts = None;
    let own_properties = object.get("properties").and_then(Value::as_object);
    if own_properties.is_some() || object.get("type") == Some(&json!("object")) {
        let required = object
            .get("required")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        counts = Some((required, own_properties.map_or(0, Map::len)));
    }
    for part in object
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some((required, properties)) = shape(part, doc, depth) {
            let (r, p) = counts.unwrap_or((0, 0));
            counts = Some((r + required, p + properties));
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(schemas: Value) -> Value {
        let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": schemas}});
        keep_round_trips(&mut doc);
        doc["components"]["schemas"].clone()
    }

    #[test]
    fn an_optional_default_moves_into_the_description_and_a_required_one_stays() {
        let schemas = rewritten(json!({"S": {
            "type": "object",
            "required": ["kept"],
            "properties": {
                "per_page": {"type": "integer", "default": 30, "description": "Page size."},
                "flag": {"type": "boolean", "default": false},
                "kept": {"type": "string", "default": "x"}
            }
        }}));
        let properties = &schemas["S"]["properties"];
        assert_eq!(
            properties["per_page"],
            json!({"type": "integer", "description": "Page size.\n\nDefault when left out: `30`."})
        );
        assert_eq!(
            properties["flag"],
            json!({"type": "boolean", "description": "Default when left out: `false`."})
        );
        assert_eq!(properties["kept"]["default"], json!("x"));
    }

    #[test]
    fn any_of_becomes_one_of_in_specificity_order() {
        let schemas = rewritten(json!({
            "Loose": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Strict": {"type": "object", "required": ["a", "b"],
                       "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
            "Either": {"anyOf": [
                {"type": "string"},
                {"$ref": "#/components/schemas/Loose"},
                {"allOf": [{"$ref": "#/components/schemas/Strict"},
                           {"type": "object", "required": ["c"], "properties": {"c": {}}}]},
                {"$ref": "#/components/schemas/Strict"}
            ]}
        }));
        assert_eq!(schemas["Either"].get("anyOf"), None);
        assert_eq!(
            schemas["Either"]["oneOf"],
            json!([
                {"allOf": [{"$ref": "#/components/schemas/Strict"},
                           {"type": "object", "required": ["c"], "properties": {"c": {}}}]},
                {"$ref": "#/components/schemas/Strict"},
                {"$ref": "#/components/schemas/Loose"},
                {"type": "string"}
            ])
        );
    }

    #[test]
    fn a_discriminated_one_of_keeps_its_order() {
        let members = json!([
            {"type": "object", "properties": {"k": {}}},
            {"type": "object", "required": ["k"], "properties": {"k": {}}}
        ]);
        let schemas = rewritten(json!({"T": {
            "oneOf": members.clone(),
            "discriminator": {"propertyName": "k"}
        }}));
        assert_eq!(schemas["T"]["oneOf"], members);
    }

    #[test]
    fn a_recursive_all_of_is_counted_to_a_bounded_depth() {
        let schemas = rewritten(json!({
            "R": {"allOf": [{"$ref": "#/components/schemas/R"}]},
            "U": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/R"}]}
        }));
        assert_eq!(
            schemas["U"]["oneOf"],
            json!([{"type": "integer"}, {"$ref": "#/components/schemas/R"}])
        );
    }
}
