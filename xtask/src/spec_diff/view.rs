//! How the generated Rust types see one schema: a [`View`] follows `$ref`s (a bounded number
//! of hops) and unwraps `nullable: true, allOf: [$ref]` as typify does; [`kind`] names the
//! Rust shape; [`Properties`] merges `allOf` members; [`variants`] keys `oneOf`/`anyOf`.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use serde_json::Value;

use crate::spec::media;
use crate::spec::pointer::{child, unescape_segment};
use crate::spec::refs::{MAX_HOPS, lookup};

/// A schema to compare: its JSON pointer and value in one document.
#[derive(Debug, Clone)]
pub(crate) struct Slot<'a> {
    /// Where the schema is written.
    pub(crate) pointer: String,
    /// The schema as written (maybe a `$ref`).
    pub(crate) value: &'a Value,
}

impl<'a> Slot<'a> {
    /// A slot at `pointer` holding `value`.
    pub(crate) fn new(pointer: impl Into<String>, value: &'a Value) -> Self {
        Self {
            pointer: pointer.into(),
            value,
        }
    }

    /// The schema under `segment` (`items`, `additionalProperties`, …), if there is one.
    pub(crate) fn child(&self, segment: &str) -> Option<Slot<'a>> {
        self.value
            .get(segment)
            .map(|value| Slot::new(child(&self.pointer, segment), value))
    }

    /// The schema of the JSON media type of `owner` (a request body or response found at
    /// `pointer`), as the generator picks it.
    pub(crate) fn json_body(owner: &'a Value, pointer: &str) -> Option<Slot<'a>> {
        media::json_schema(owner, pointer).map(|(at, schema)| Slot::new(at, schema))
    }
}

/// How a `$ref` is shown in messages: the component name for schemas, else the reference.
fn ref_display(reference: &str) -> String {
    unescape_segment(
        reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or(reference),
    )
}

/// A schema seen through `$ref`s and the nullable `allOf` wrapper.
#[derive(Debug, Clone)]
pub(crate) struct View<'a> {
    /// Where the resolved schema lives.
    pub(crate) pointer: String,
    /// The resolved schema.
    pub(crate) schema: &'a Value,
    /// The first `$ref` followed, as shown in messages (the Rust type's name).
    pub(crate) ref_name: Option<String>,
    /// Pointer of the last `$ref` target, when one was followed (the visited-set key).
    pub(crate) target: Option<String>,
    /// `nullable: true` anywhere along the way.
    pub(crate) nullable: bool,
}

fn is_true(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool) == Some(true)
}

/// The single member of `{allOf: [X]}` with nothing else that shapes the type (typify reads
/// it as X itself; with `nullable: true` it is `Option<X>`). `type: object` beside it, which
/// OpenAPI 3.0 wants for `nullable` to mean anything, changes nothing either.
fn single_all_of(schema: &Value) -> Option<&Value> {
    let members = schema.get("allOf")?.as_array()?;
    if schema.get("type").is_some_and(|kind| kind != "object") {
        return None;
    }
    let shaping = [
        "properties",
        "oneOf",
        "anyOf",
        "enum",
        "items",
        "additionalProperties",
    ];
    match members.as_slice() {
        [single] if shaping.iter().all(|key| schema.get(key).is_none()) => Some(single),
        _ => None,
    }
}

/// Resolves `slot` in `doc` into a [`View`].
pub(crate) fn view<'a>(doc: &'a Value, slot: &Slot<'a>) -> View<'a> {
    let mut view = View {
        pointer: slot.pointer.clone(),
        schema: slot.value,
        ref_name: None,
        target: None,
        nullable: is_true(slot.value, "nullable"),
    };
    for _ in 0..MAX_HOPS {
        if let Some(reference) = view.schema.get("$ref").and_then(Value::as_str) {
            let Some((target, resolved)) = lookup(doc, reference) else {
                break;
            };
            if view.ref_name.is_none() {
                view.ref_name = Some(ref_display(reference));
            }
            view.pointer = target.clone();
            view.target = Some(target);
            view.schema = resolved;
        } else if let Some(member) = single_all_of(view.schema) {
            view.pointer = format!("{}/allOf/0", view.pointer);
            view.schema = member;
        } else {
            break;
        }
        view.nullable |= is_true(view.schema, "nullable");
    }
    view
}

/// The Rust shape a schema becomes; two schemas of different kinds have different Rust types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No constraint: `serde_json::Value`.
    Any,
    /// An object without properties: a JSON map.
    FreeObject,
    /// An object with properties (or `allOf` members): a struct.
    Struct,
    /// `additionalProperties` only: a map of that value type.
    Map,
    /// An array: `Vec<T>`.
    Array,
    /// `oneOf` or `anyOf`: an enum of variants.
    Union(&'static str),
    /// A closed enum of values of this JSON type.
    Enum(String),
    /// A scalar: its Rust-relevant type and format.
    Scalar(String),
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Any => f.write_str("any value"),
            Kind::FreeObject => f.write_str("free-form object"),
            Kind::Struct => f.write_str("object"),
            Kind::Map => f.write_str("map"),
            Kind::Array => f.write_str("array"),
            Kind::Union(keyword) => write!(f, "{keyword} union"),
            Kind::Enum(of) => write!(f, "{of} enum"),
            Kind::Scalar(name) => f.write_str(name),
        }
    }
}

/// String formats that typify maps to their own Rust types; other formats stay `String`.
const TYPED_STRING_FORMATS: [&str; 6] = ["date-time", "date", "uuid", "ip", "ipv4", "ipv6"];

fn scalar_kind(kind: &str, format: Option<&str>) -> String {
    match (kind, format) {
        ("string", Some(format)) if TYPED_STRING_FORMATS.contains(&format) => {
            format!("string ({format})")
        }
        ("integer", Some(format)) if format != "int64" => format!("integer ({format})"),
        ("number", Some("float")) => "number (float)".to_string(),
        _ => kind.to_string(),
    }
}

fn json_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The Rust kind of a resolved schema.
pub(crate) fn kind(schema: &Value) -> Kind {
    let declared = schema.get("type").and_then(Value::as_str);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let of = declared
            .or_else(|| values.first().map(json_type_of))
            .unwrap_or("any");
        return Kind::Enum(of.to_string());
    }
    if schema.get("oneOf").is_some() {
        return Kind::Union("oneOf");
    }
    if schema.get("anyOf").is_some() {
        return Kind::Union("anyOf");
    }
    let has_properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| !properties.is_empty())
        || schema.get("allOf").is_some();
    match declared {
        Some("object") | None if has_properties => Kind::Struct,
        Some("object") | None
            if schema
                .get("additionalProperties")
                .is_some_and(Value::is_object) =>
        {
            Kind::Map
        }
        Some("object") => Kind::FreeObject,
        Some("array") => Kind::Array,
        None if schema.get("items").is_some() => Kind::Array,
        Some(other) => Kind::Scalar(scalar_kind(
            other,
            schema.get("format").and_then(Value::as_str),
        )),
        None => Kind::Any,
    }
}

/// An object's properties with `allOf` members merged, and the required names.
pub(crate) struct Properties<'a> {
    /// Name and place of each property, first definition first.
    pub(crate) list: Vec<(String, Slot<'a>)>,
    /// The required names.
    pub(crate) required: BTreeSet<String>,
}

impl<'a> Properties<'a> {
    /// The properties of the object `view` in `doc`.
    pub(crate) fn of(doc: &'a Value, view: &View<'a>) -> Self {
        let mut properties = Properties {
            list: Vec::new(),
            required: BTreeSet::new(),
        };
        let mut seen = HashSet::new();
        seen.insert(view.pointer.clone());
        properties.collect(doc, &view.pointer, view.schema, &mut seen, 0);
        properties
    }

    fn collect(
        &mut self,
        doc: &'a Value,
        pointer: &str,
        schema: &'a Value,
        seen: &mut HashSet<String>,
        depth: usize,
    ) {
        if depth > MAX_HOPS {
            return;
        }
        if let Some(map) = schema.get("properties").and_then(Value::as_object) {
            let at = format!("{pointer}/properties");
            for (name, value) in map {
                if self.get(name).is_none() {
                    self.list
                        .push((name.clone(), Slot::new(child(&at, name), value)));
                }
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            self.required.extend(
                required
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string),
            );
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for (index, member) in members.iter().enumerate() {
                let slot = Slot::new(format!("{pointer}/allOf/{index}"), member);
                let member = view(doc, &slot);
                if seen.insert(member.pointer.clone()) {
                    self.collect(doc, &member.pointer, member.schema, seen, depth + 1);
                }
            }
        }
    }

    /// The property called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Slot<'a>> {
        self.list
            .iter()
            .find(|(candidate, _)| candidate == name)
            .map(|(_, slot)| slot)
    }
}

/// The variants of a `oneOf`/`anyOf`: keyed by the `$ref`'d schema's name, or by position
/// among the inline variants.
pub(crate) fn variants<'a>(view: &View<'a>, keyword: &str) -> Vec<(String, Slot<'a>)> {
    let Some(members) = view.schema.get(keyword).and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut inline = 0;
    members
        .iter()
        .enumerate()
        .map(|(index, member)| {
            let slot = Slot::new(format!("{}/{keyword}/{index}", view.pointer), member);
            let key = match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => ref_display(reference),
                None => {
                    inline += 1;
                    format!("inline variant {inline}")
                }
            };
            (key, slot)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[test]
    fn nullable_all_of_wrapper_is_the_reference() {
        let doc = json!({"components": {"schemas": {"A": {"type": "string"}}}});
        let wrapper = json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]});
        let seen = view(&doc, &Slot::new("/x", &wrapper));
        assert_eq!(seen.ref_name.as_deref(), Some("A"));
        assert!(seen.nullable);
        assert_eq!(seen.pointer, "/components/schemas/A");
        assert_eq!(kind(seen.schema), Kind::Scalar("string".into()));
    }

    #[test]
    fn object_type_beside_the_wrapper_changes_nothing() {
        let doc = json!({"components": {"schemas": {"A": {"type": "object"}}}});
        let wrapper = json!({"type": "object", "nullable": true,
            "allOf": [{"$ref": "#/components/schemas/A"}]});
        let seen = view(&doc, &Slot::new("/x", &wrapper));
        assert_eq!(seen.ref_name.as_deref(), Some("A"));
        assert!(seen.nullable);
        let typed = json!({"type": "string", "allOf": [{"$ref": "#/components/schemas/A"}]});
        assert_eq!(view(&doc, &Slot::new("/y", &typed)).ref_name, None);
    }

    #[test]
    fn self_referencing_refs_stop() {
        let doc = json!({"components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}});
        let start = json!({"$ref": "#/components/schemas/A"});
        let seen = view(&doc, &Slot::new("/x", &start));
        assert_eq!(seen.target.as_deref(), Some("/components/schemas/A"));
    }

    #[test]
    fn integer_without_format_is_int64() {
        assert_eq!(
            kind(&json!({"type": "integer"})),
            kind(&json!({"type": "integer", "format": "int64"}))
        );
        assert_ne!(
            kind(&json!({"type": "integer"})),
            kind(&json!({"type": "integer", "format": "int32"}))
        );
        assert_eq!(
            kind(&json!({"type": "string", "format": "email"})),
            kind(&json!({"type": "string"}))
        );
    }
}
