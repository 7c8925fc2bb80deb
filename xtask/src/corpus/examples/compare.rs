//! An example against what its decoded value encodes back to. `null` and absent are the same,
//! numbers compare by value and date-times by instant; a property the example has and the
//! schema does not model (so the type drops it) is reported apart, not as a change.

use serde_json::{Map, Value};

use crate::spec::pointer::child;
use crate::spec::refs::resolve;

/// How deep the comparison follows the schema's `$ref`s and compositions at one level.
const SCHEMA_DEPTH: usize = 8;

/// What a round trip did to an example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The first difference that is not an unmodelled property: its path (a JSON pointer into
    /// the example) and its cause.
    pub change: Option<(String, String)>,
    /// The paths of properties the schema does not model, which the type dropped.
    pub unmodelled: Vec<String>,
}

/// Compares `example` (valid against the schema at `schema_at` of `doc`) with `encoded`.
pub fn compare(doc: &Value, schema_at: &str, example: &Value, encoded: &Value) -> Comparison {
    let schema = doc.pointer(schema_at);
    let mut comparison = Comparison::default();
    walk(doc, schema, "", example, encoded, &mut comparison);
    comparison
}

fn walk(
    doc: &Value,
    schema: Option<&Value>,
    path: &str,
    example: &Value,
    encoded: &Value,
    out: &mut Comparison,
) {
    if out.change.is_some() {
        return;
    }
    let mut changed = |cause: &str| out.change = Some((path.to_string(), cause.to_string()));
    match (example, encoded) {
        (Value::Object(written), Value::Object(read)) => {
            for (key, value) in written {
                let at = child(path, key);
                let sub = property_schema(doc, schema, key, SCHEMA_DEPTH);
                match read.get(key) {
                    _ if value.is_null() && read.get(key).is_none_or(Value::is_null) => {}
                    Some(back) => walk(doc, sub, &at, value, back, out),
                    // A schema the comparison lost track of models everything: its losses
                    // are changes.
                    None if schema.is_some() && sub.is_none() => out.unmodelled.push(at),
                    None if is_empty_collection(value) => {
                        out.change = Some((at, "an empty list or map is left out".into()));
                    }
                    None => out.change = Some((at, "a property is dropped".into())),
                }
                if out.change.is_some() {
                    return;
                }
            }
            for (key, value) in read {
                if !value.is_null() && !written.contains_key(key) {
                    out.change = Some((
                        child(path, key),
                        "a value the example left out is written".into(),
                    ));
                    return;
                }
            }
        }
        (Value::Array(written), Value::Array(read)) => {
            if written.len() != read.len() {
                changed("a list changes its length");
                return;
            }
            let items = schema
                .map(|schema| resolve(doc, schema))
                .and_then(|schema| schema.get("items"));
            for (index, (value, back)) in written.iter().zip(read).enumerate() {
                walk(
                    doc,
                    items,
                    &child(path, &index.to_string()),
                    value,
                    back,
                    out,
                );
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            if !same {
                changed("a number changes");
            }
        }
        (Value::String(a), Value::String(b)) if a != b => match (instant(a), instant(b)) {
            (Some(x), Some(y)) if x == y => {}
            _ => changed("a string changes"),
        },
        (a, b) if a == b => {}
        (Value::Null, _) | (_, Value::Null) => changed("null becomes a value or a value null"),
        _ => changed("a value changes its JSON type"),
    }
}

fn is_empty_collection(value: &Value) -> bool {
    matches!(value, Value::Array(items) if items.is_empty())
        || matches!(value, Value::Object(members) if members.is_empty())
}

/// The subschemas of `schema` whose properties an instance has at once or in turn: itself,
/// and the members of its `allOf`, `oneOf` and `anyOf`, through `$ref`s.
fn parts<'a>(
    doc: &'a Value,
    schema: &'a Value,
    depth: usize,
    found: &mut Vec<&'a Map<String, Value>>,
) {
    let Some(depth) = depth.checked_sub(1) else {
        return;
    };
    let Some(object) = resolve(doc, schema).as_object() else {
        return;
    };
    found.push(object);
    for keyword in ["allOf", "oneOf", "anyOf"] {
        for member in object
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            parts(doc, member, depth, found);
        }
    }
}

/// The schema of property `key` in any part of `schema` (or of its `additionalProperties`).
fn property_schema<'a>(
    doc: &'a Value,
    schema: Option<&'a Value>,
    key: &str,
    depth: usize,
) -> Option<&'a Value> {
    let mut found = Vec::new();
    parts(doc, schema?, depth, &mut found);
    found
        .iter()
        .find_map(|part| part.get("properties").and_then(|p| p.get(key)))
        .or_else(|| {
            found.iter().find_map(|part| {
                part.get("additionalProperties")
                    .filter(|extra| extra.is_object())
            })
        })
}

/// An RFC 3339 date-time as seconds since the epoch and nanoseconds; `None` for any other
/// string.
fn instant(text: &str) -> Option<(i64, u32)> {
    let bytes = text.as_bytes();
    if !text.is_ascii() || bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if &text[4..5] != "-" || &text[7..8] != "-" || &text[13..14] != ":" || &text[16..17] != ":" {
        return None;
    }
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let scaled: String = fraction[..digits]
            .chars()
            .chain("000000000".chars())
            .take(9)
            .collect();
        nanos = scaled.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && matches!(&rest[0..1], "+" | "-") && &rest[3..4] == ":" => {
            let minutes = rest[1..3].parse::<i64>().ok()? * 60 + rest[4..6].parse::<i64>().ok()?;
            if rest.starts_with('-') {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60;
    Some((seconds, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {
                "n": {"type": "number"}, "at": {"type": "string"}, "tags": {"type": "array"},
                "inner": {"allOf": [{"$ref": "#/components/schemas/B"}]}}},
            "B": {"type": "object", "properties": {"x": {"type": "integer"}}}
        }}})
    }

    fn compared(example: Value, encoded: Value) -> Comparison {
        compare(&doc(), "/components/schemas/A", &example, &encoded)
    }

    #[test]
    fn null_is_absent_numbers_compare_by_value_and_date_times_by_instant() {
        let same = compared(
            json!({"n": 3, "at": "2020-01-01T01:00:00.000+01:00", "gone": null}),
            json!({"n": 3.0, "at": "2020-01-01T00:00:00Z"}),
        );
        assert_eq!(same, Comparison::default());
    }

    #[test]
    fn unmodelled_properties_are_apart_and_modelled_losses_are_changes() {
        let result = compared(
            json!({"extra": 1, "inner": {"x": 1, "y": 2}}),
            json!({"inner": {"x": 1}}),
        );
        assert_eq!(result.unmodelled, ["/extra", "/inner/y"]);
        assert_eq!(result.change, None);
        let result = compared(json!({"tags": [], "n": 1}), json!({"n": 1}));
        assert_eq!(
            result.change,
            Some(("/tags".into(), "an empty list or map is left out".into()))
        );
        let result = compared(json!({"inner": {"x": 1}}), json!({"inner": {}}));
        assert_eq!(
            result.change,
            Some(("/inner/x".into(), "a property is dropped".into()))
        );
        let result = compared(json!({}), json!({"n": 30}));
        assert_eq!(
            result.change,
            Some((
                "/n".into(),
                "a value the example left out is written".into()
            ))
        );
    }

    #[test]
    fn only_rfc_3339_date_times_are_instants() {
        assert_eq!(instant("1970-01-01T00:00:01Z"), Some((1, 0)));
        assert_eq!(
            instant("1970-01-01T00:00:00.5-00:30"),
            Some((1800, 500_000_000))
        );
        assert_eq!(instant("2020-01-01"), None);
        assert_eq!(instant("not a date at all, long enough"), None);
    }
}
