//! Schema repairs for typify: what a real document writes that typify refuses or cannot turn
//! into Rust, made readable before progenitor sees it.
//!
//! - `format` where typify reads none (on an object, array or boolean, or with no type): an
//!   annotation, dropped silently; so are keywords of another type (`maxItems` on an object,
//!   `maxLength` on a number), which constrain nothing, and so is a `minLength`, `minItems` or
//!   `minProperties` of 0.
//! - a schema without `type` whose keywords belong to several types (`properties` beside
//!   `maxItems`): read as the type its keywords mostly say, with a warning.
//! - a `default` its own schema rejects (wrong JSON type, not among `enum`): dropped, with a
//!   warning;
//! - `enum` values of the wrong type: dropped, with a warning (`null` becomes `nullable`); an
//!   `enum` whose values typify cannot name apart (`e-` and `e+`), that mixes types with no
//!   `type`, or that stands beside `oneOf`/`anyOf`/`allOf` with no `type`: the schema keeps
//!   the rest and loses the enum, with a warning; an enum of one scalar type with no `type`
//!   gets that type (typify refuses a nullable or `null`-holding enum without one).
//! - `additionalProperties` that only annotates (`{description: …}`) is `true`, which is
//!   what it means: typify would merge it, in an `allOf`, into every property of the other
//!   members and name each result like the property's own component (zuora's contacts).
//! - a nullable component made of `allOf`/`oneOf`/`anyOf`/`not`: its composed part becomes a
//!   component `<Name>Value` (typify would give both parts the one name).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::error::Located;
use crate::generate::syntax::naming::{ComponentNames, pascal_name, sanitize_pascal};
use crate::spec::pointer::escape_segment;
use crate::spec::schema_walk::for_each_schema;

/// Repairs every schema of `doc`; returns a warning for each place whose meaning changed.
pub fn repair_schemas(doc: &mut Value) -> Vec<Located> {
    let components: HashSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(|name| pascal_name(name)).collect())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    for_each_schema(doc, &mut |schema, at| {
        repair(schema, at, &mut warnings);
        // typify names an inline schema after its `title`, and the inner type of a nullable
        // component too: one titled like a component would be a second type of that name
        // (GitHub's nullable `auto-merge`, titled "Auto merge"). After the repairs, which may
        // make a schema nullable (`null` among its enum values).
        let inline = !at.starts_with("/components/schemas/")
            || at["/components/schemas/".len()..].contains('/');
        let nullable = schema.get("nullable") == Some(&json!(true));
        if (inline || nullable)
            && schema
                .get("title")
                .and_then(Value::as_str)
                .is_some_and(|title| components.contains(&pascal_name(title)))
        {
            schema.remove("title");
        }
    });
    split_nullable_compositions(doc);
    warnings
}

/// typify makes a nullable component `X` a newtype of `Option<…>` around its non-null part,
/// and names a composed part (`allOf`, `oneOf`, `anyOf`, `not`) `X` as well: two types of one
/// name (plaid's `…Nullable` schemas, vercel's `EdgeConfigItemValue`). The composed part
/// becomes a component of its own, `XValue`, and `X` a nullable reference to it.
fn split_nullable_compositions(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let composed: Vec<String> = schemas
        .iter()
        .filter(|(_, schema)| {
            schema.get("nullable") == Some(&json!(true))
                && ["allOf", "oneOf", "anyOf", "not"]
                    .iter()
                    .any(|keyword| schema.get(*keyword).is_some())
        })
        .map(|(name, _)| name.clone())
        .collect();
    if composed.is_empty() {
        return;
    }
    let mut names = ComponentNames::new(doc);
    for name in composed {
        let value_name = names.unique(
            &format!("{}Value", pascal_name(&name)),
            &format!("/components/schemas/{}", escape_segment(&name)),
        );
        let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let Some(Value::Object(mut value)) = schemas.remove(&name) else {
            continue;
        };
        value.remove("nullable");
        let mut nullable = Map::new();
        for keyword in [
            "description",
            "title",
            "deprecated",
            "readOnly",
            "writeOnly",
        ] {
            if let Some(annotation) = value.get(keyword) {
                nullable.insert(keyword.into(), annotation.clone());
            }
        }
        value.remove("title");
        nullable.insert("nullable".into(), json!(true));
        nullable.insert(
            "allOf".into(),
            json!([{ "$ref": format!("#/components/schemas/{value_name}") }]),
        );
        schemas.insert(value_name, Value::Object(value));
        schemas.insert(name, Value::Object(nullable));
    }
}

fn repair(schema: &mut Map<String, Value>, at: &str, warnings: &mut Vec<Located>) {
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| implied_type(schema, at, warnings));
    let ty = ty.as_deref();
    if schema
        .get("additionalProperties")
        .and_then(Value::as_object)
        .is_some_and(|extra| {
            !extra.is_empty()
                && extra.keys().all(|key| {
                    matches!(
                        key.as_str(),
                        "description" | "title" | "example" | "examples" | "externalDocs"
                    ) || key.starts_with("x-")
                })
        })
    {
        schema.insert("additionalProperties".into(), Value::Bool(true));
    }
    if !matches!(ty, Some("string" | "integer" | "number")) {
        schema.remove("format");
    }
    // Keywords of another type than the schema's say nothing (typify panics on some).
    if let Some(ty) = ty {
        let drop: &[&str] = match ty {
            "string" => &[
                "minItems",
                "maxItems",
                "uniqueItems",
                "minProperties",
                "maxProperties",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            "integer" | "number" => &[
                "minItems",
                "maxItems",
                "uniqueItems",
                "minProperties",
                "maxProperties",
                "minLength",
                "maxLength",
                "pattern",
            ],
            "boolean" => &[
                "minItems",
                "maxItems",
                "uniqueItems",
                "minProperties",
                "maxProperties",
                "minLength",
                "maxLength",
                "pattern",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            "array" => &[
                "minProperties",
                "maxProperties",
                "minLength",
                "maxLength",
                "pattern",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            "object" => &[
                "items",
                "minItems",
                "maxItems",
                "uniqueItems",
                "minLength",
                "maxLength",
                "pattern",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            _ => &[],
        };
        for keyword in drop {
            schema.remove(*keyword);
        }
    }
    // A lower bound of 0 on a length or a count constrains nothing, and typify would check
    // it anyway (`count() < 0usize`: rustc warns the comparison is useless).
    for keyword in ["minLength", "minItems", "minProperties"] {
        if schema.get(keyword).and_then(Value::as_u64) == Some(0) {
            schema.remove(keyword);
        }
    }
    let nullable = schema.get("nullable") == Some(&json!(true));
    if let Some(Value::Array(values)) = schema.get("enum").cloned() {
        let (kept, dropped): (Vec<Value>, Vec<Value>) = values
            .into_iter()
            .partition(|value| conforms(ty, value) && !value.is_null());
        if dropped.iter().any(Value::is_null) {
            schema.insert("nullable".into(), json!(true));
        }
        let wrong: Vec<&Value> = dropped.iter().filter(|value| !value.is_null()).collect();
        if !wrong.is_empty() {
            warnings.push(Located::at(
                format!("{at}/enum"),
                format!(
                    "enum values {} are not of the schema's type; they are left out",
                    wrong
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let untyped_mix = ty.is_none() && {
            let kinds: HashSet<&str> = kept.iter().map(kind).collect();
            kinds.len() > 1
        };
        let composed = ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|keyword| schema.contains_key(*keyword));
        if kept.is_empty() {
            schema.remove("enum");
        } else if ty.is_none() && composed {
            schema.remove("enum");
            warnings.push(Located::at(
                format!("{at}/enum"),
                "an enum beside `oneOf`/`anyOf`/`allOf` and no `type` cannot be typed; the \
                 schema is read as its alternatives",
            ));
        } else if untyped_mix || (kept.iter().all(Value::is_string) && !nameable(&kept)) {
            schema.remove("enum");
            warnings.push(Located::at(
                format!("{at}/enum"),
                if untyped_mix {
                    "the enum mixes value types without a `type`; read as any value".to_string()
                } else {
                    "the enum's values cannot be told apart as Rust names; read as a string"
                        .to_string()
                },
            ));
        } else {
            // typify types an enum by its `type`; without one, the values' own type is meant.
            if ty.is_none() {
                let integers = kept.iter().all(|value| value.is_i64() || value.is_u64());
                let implied = match kind(&kept[0]) {
                    "number" if integers => Some("integer"),
                    scalar @ ("string" | "number" | "boolean") => Some(scalar),
                    _ => None,
                };
                if let Some(implied) = implied {
                    schema.insert("type".into(), json!(implied));
                }
            }
            schema.insert("enum".into(), Value::Array(kept));
        }
    }
    if let Some(default) = schema.get("default").cloned() {
        let in_enum = schema
            .get("enum")
            .and_then(Value::as_array)
            .is_none_or(|values| values.contains(&default));
        let fits = (default.is_null() && nullable) || (conforms(ty, &default) && in_enum);
        if !fits {
            schema.remove("default");
            warnings.push(Located::at(
                format!("{at}/default"),
                format!("the default {default} does not fit its schema; it is left out"),
            ));
        }
    }
}

/// Keywords that only apply to one JSON type, by type, in the order a type is chosen when an
/// untyped schema mixes them: an author who lists `properties` means an object whatever else
/// is there.
const TYPE_KEYWORDS: [(&str, &[&str]); 4] = [
    (
        "object",
        &[
            "properties",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    ("string", &["pattern", "minLength", "maxLength"]),
];

/// typify cannot read a schema without `type` whose keywords belong to several types
/// (`properties` beside `maxItems`, `minimum` beside `pattern`): such a schema gets the type
/// its keywords mostly say (see [`TYPE_KEYWORDS`]), with a warning; the other type's keywords
/// are then dropped as for any typed schema.
fn implied_type(
    schema: &mut Map<String, Value>,
    at: &str,
    warnings: &mut Vec<Located>,
) -> Option<String> {
    let composed = ["$ref", "enum", "oneOf", "anyOf", "allOf", "not"]
        .iter()
        .any(|keyword| schema.contains_key(*keyword));
    let present: Vec<(&str, Vec<&str>)> = TYPE_KEYWORDS
        .iter()
        .map(|(ty, keywords)| {
            let found = keywords
                .iter()
                .copied()
                .filter(|keyword| schema.contains_key(*keyword))
                .collect::<Vec<_>>();
            (*ty, found)
        })
        .filter(|(_, found)| !found.is_empty())
        .collect();
    if composed || present.len() < 2 {
        return None;
    }
    let (chosen, _) = present[0];
    let others: Vec<String> = present[1..]
        .iter()
        .flat_map(|(_, found)| found.iter().map(|keyword| format!("`{keyword}`")))
        .collect();
    schema.insert("type".into(), json!(chosen));
    warnings.push(Located::at(
        at,
        format!(
            "a schema without `type` has keywords of several types; read as {chosen}, and {} \
             left out",
            others.join(", ")
        ),
    ));
    Some(chosen.to_string())
}

/// Whether `value` is an instance of the JSON type `ty` (any value when there is no type).
fn conforms(ty: Option<&str>, value: &Value) -> bool {
    match ty {
        None => true,
        Some("string") => value.is_string(),
        Some("integer") => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        Some(_) => true,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether typify can name every value apart: by their sanitised names, or else with the
/// characters it drops turned into `X` (its two attempts).
fn nameable(values: &[Value]) -> bool {
    let distinct = |name: &dyn Fn(&str) -> String| {
        let mut seen = HashSet::new();
        values
            .iter()
            .filter_map(Value::as_str)
            .all(|value| seen.insert(name(value)))
    };
    distinct(&|value| sanitize_pascal(value))
        || distinct(&|value| {
            sanitize_pascal(&value.replace(|c: char| c == '_' || !(c.is_alphanumeric()), "X"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(schema: Value) -> (Value, usize) {
        let mut doc = json!({"components": {"schemas": {"S": schema}}});
        let warnings = repair_schemas(&mut doc);
        (doc["components"]["schemas"]["S"].clone(), warnings.len())
    }

    #[test]
    fn a_lower_bound_of_zero_is_dropped_silently() {
        assert_eq!(
            repaired(json!({"type": "string", "minLength": 0, "maxLength": 15})),
            (json!({"type": "string", "maxLength": 15}), 0)
        );
        assert_eq!(
            repaired(json!({"type": "array", "minItems": 1})),
            (json!({"type": "array", "minItems": 1}), 0)
        );
    }

    #[test]
    fn additional_properties_that_only_annotate_are_any_property() {
        assert_eq!(
            repaired(json!({"type": "object", "additionalProperties": {"description": "custom"}})),
            (json!({"type": "object", "additionalProperties": true}), 0)
        );
        let typed = json!({"type": "object", "additionalProperties": {"type": "string"}});
        assert_eq!(repaired(typed.clone()), (typed, 0));
    }

    #[test]
    fn formats_typify_cannot_read_are_dropped_silently() {
        assert_eq!(
            repaired(json!({"type": "object", "format": "uri-map"})),
            (json!({"type": "object"}), 0)
        );
        assert_eq!(
            repaired(json!({"type": "boolean", "format": "boolean"})),
            (json!({"type": "boolean"}), 0)
        );
        assert_eq!(
            repaired(json!({"type": "string", "format": "date-time"})),
            (json!({"type": "string", "format": "date-time"}), 0)
        );
    }

    #[test]
    fn defaults_and_enums_that_contradict_their_schema_are_dropped_with_a_warning() {
        assert_eq!(
            repaired(json!({"type": "string", "default": false})),
            (json!({"type": "string"}), 1)
        );
        assert_eq!(
            repaired(json!({"type": "string", "enum": ["a", "b"], "default": "c"})),
            (json!({"type": "string", "enum": ["a", "b"]}), 1)
        );
        assert_eq!(
            repaired(json!({"type": "string", "enum": ["a", 1, null]})),
            (
                json!({"type": "string", "enum": ["a"], "nullable": true}),
                1
            )
        );
        assert_eq!(
            repaired(json!({"enum": [true, false, 0, 1]})),
            (json!({}), 1)
        );
        assert_eq!(
            repaired(json!({"type": "string", "enum": ["e-", "e+"]})),
            (json!({"type": "string"}), 1)
        );
        assert_eq!(
            repaired(json!({"type": "string", "enum": ["a-b", "ab"]})),
            (json!({"type": "string", "enum": ["a-b", "ab"]}), 0)
        );
    }

    #[test]
    fn an_untyped_enum_gets_its_values_type_or_is_read_as_its_alternatives() {
        assert_eq!(
            repaired(json!({"enum": [null, "a", "b"], "nullable": true})),
            (
                json!({"type": "string", "enum": ["a", "b"], "nullable": true}),
                0
            )
        );
        assert_eq!(
            repaired(json!({"enum": [1, 2]})),
            (json!({"type": "integer", "enum": [1, 2]}), 0)
        );
        assert_eq!(
            repaired(json!({"enum": [""], "oneOf": [{"type": "array"}, {"type": "string"}]})),
            (json!({"oneOf": [{"type": "array"}, {"type": "string"}]}), 1)
        );
    }

    #[test]
    fn an_untyped_schema_with_keywords_of_several_types_takes_the_first_type() {
        assert_eq!(
            repaired(json!({"maxItems": 1, "properties": {"a": {"type": "number"}}})),
            (
                json!({"type": "object", "properties": {"a": {"type": "number"}}}),
                1
            )
        );
        assert_eq!(
            repaired(json!({"minimum": 0, "pattern": "^\\d+$"})),
            (json!({"type": "number", "minimum": 0}), 1)
        );
        assert_eq!(
            repaired(json!({"properties": {}, "required": ["a"]})),
            (json!({"properties": {}, "required": ["a"]}), 0)
        );
    }

    #[test]
    fn a_nullable_composition_becomes_a_nullable_reference_to_its_value() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"type": "object"},
            "ANullable": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true,
                          "description": "maybe an A"},
            "Freq": {"type": "string", "title": "Freq", "enum": ["weekly", null]}
        }}});
        repair_schemas(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["ANullable"],
            json!({"description": "maybe an A", "nullable": true,
                   "allOf": [{"$ref": "#/components/schemas/ANullableValue"}]})
        );
        assert_eq!(
            schemas["ANullableValue"],
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "maybe an A"})
        );
        assert_eq!(
            schemas["Freq"],
            json!({"type": "string", "enum": ["weekly"], "nullable": true})
        );
    }
}
