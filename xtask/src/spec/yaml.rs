//! YAML read into JSON values. JSON has no integer limit and serde_json reads a huge integer
//! literal as a float; the YAML reader hands one beyond 64 bits over as a 128-bit integer,
//! which serde_json's own value type refuses ("number out of range"). This reader keeps such
//! a literal as the nearest float, as the JSON reader does, and says where it did.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::pointer::child;
use crate::error::Located;

/// Parses YAML text into a JSON value; returns it with a warning for each integer literal
/// beyond 64 bits read as a float.
pub fn from_yaml(text: &str) -> Result<(Value, Vec<Located>), serde_yaml::Error> {
    let LenientValue { value, widened } = serde_yaml::from_str(text)?;
    let warnings = if widened.is_empty() {
        Vec::new()
    } else {
        let mut places = Vec::new();
        locate_floats(&value, "", &widened, &mut places);
        places
            .into_iter()
            .map(|(at, number)| {
                Located::at(
                    at,
                    format!(
                        "the integer literal here does not fit 64 bits; read as the number \
                         {number}, as a JSON reader would"
                    ),
                )
            })
            .collect()
    };
    Ok((value, warnings))
}

/// A JSON value, and the floats that stand for integer literals beyond 64 bits.
struct LenientValue {
    value: Value,
    widened: Vec<f64>,
}

impl<'de> de::Deserialize<'de> for LenientValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }
}

struct LenientVisitor;

impl LenientVisitor {
    fn plain(value: Value) -> LenientValue {
        LenientValue {
            value,
            widened: Vec::new(),
        }
    }

    fn widened(number: f64) -> LenientValue {
        LenientValue {
            value: Number::from_f64(number).map_or(Value::Null, Value::Number),
            widened: vec![number],
        }
    }
}

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = LenientValue;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::from(value)))
    }

    fn visit_i128<E>(self, value: i128) -> Result<LenientValue, E> {
        Ok(match i64::try_from(value) {
            Ok(small) => Self::plain(Value::from(small)),
            Err(_) => Self::widened(value as f64),
        })
    }

    fn visit_u128<E>(self, value: u128) -> Result<LenientValue, E> {
        Ok(match u64::try_from(value) {
            Ok(small) => Self::plain(Value::from(small)),
            Err(_) => Self::widened(value as f64),
        })
    }

    fn visit_f64<E>(self, value: f64) -> Result<LenientValue, E> {
        Ok(Self::plain(
            Number::from_f64(value).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, value: &str) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::String(value.to_string())))
    }

    fn visit_string<E>(self, value: String) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::Null))
    }

    fn visit_none<E>(self) -> Result<LenientValue, E> {
        Ok(Self::plain(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<LenientValue, D::Error> {
        de::Deserialize::deserialize(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LenientValue, A::Error> {
        let mut items = Vec::new();
        let mut widened = Vec::new();
        while let Some(item) = seq.next_element::<LenientValue>()? {
            items.push(item.value);
            widened.extend(item.widened);
        }
        Ok(LenientValue {
            value: Value::Array(items),
            widened,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LenientValue, A::Error> {
        let mut entries = Map::new();
        let mut widened = Vec::new();
        // A key is read as text (YAML's `200:` is the key "200", as JSON has it).
        while let Some((key, item)) = map.next_entry::<String, LenientValue>()? {
            entries.insert(key, item.value);
            widened.extend(item.widened);
        }
        Ok(LenientValue {
            value: Value::Object(entries),
            widened,
        })
    }
}

/// The pointers of the numbers in `value` equal to one of `widened`, in document order.
fn locate_floats(value: &Value, at: &str, widened: &[f64], out: &mut Vec<(String, f64)>) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|float| widened.contains(float))
                && number.is_f64()
            {
                out.push((at.to_string(), float));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                locate_floats(item, &format!("{at}/{index}"), widened, out);
            }
        }
        Value::Object(entries) => {
            for (key, item) in entries {
                locate_floats(item, &child(at, key), widened, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats_with_a_warning() {
        let (value, warnings) =
            from_yaml("a: {max: 99999999999999999999999, small: 7}\n200: ok\nlist: [1, x]\n")
                .unwrap();
        assert_eq!(
            value,
            json!({"a": {"max": 1e23, "small": 7}, "200": "ok", "list": [1, "x"]})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].location,
            crate::error::Location::Pointer("/a/max".into())
        );
    }
}
