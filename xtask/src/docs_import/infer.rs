//! A schema from a page's example JSON and the facts the page's schema tree states about it:
//! JSON types from the values (integers stay integers), `enum` from the "Possible values"
//! lists placed on their property, `nullable` and `required` from the field markers, the
//! page's sentences as descriptions, and the names the page gives (`detail ValidationError`,
//! the members of a `oneOf`).
//!
//! Objects are left inline, carrying naming hints ([`marks`]) for [`super::components`], which
//! defines each distinct object once.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::docs_check::example::flatten;
use crate::docs_check::page::{Body, Shape, join_path};

use super::marks;
use super::names::{overlap, pascal, singular, words};

/// What is known about one example: where it comes from and what the page says about it.
pub struct ExampleFacts<'a> {
    /// The page's file name.
    pub file: &'a str,
    /// The section of the page (`201 example`).
    pub section: String,
    /// The page's schema tree for this example.
    pub body: &'a Body,
    /// The example.
    pub value: &'a Value,
    /// The explicit name of the root object, if it has one.
    pub root_name: Option<String>,
    /// The naming hint of the root object.
    pub root_hint: String,
}

/// Facts placed on the example's paths.
#[derive(Default)]
struct Placed {
    required: Vec<String>,
    nullable: Vec<String>,
    enums: BTreeMap<String, Vec<String>>,
    named: BTreeMap<String, String>,
    one_ofs: BTreeMap<String, Vec<String>>,
    descriptions: BTreeMap<String, String>,
}

/// The schema of the example, with the page's facts on it.
pub fn schema_of_example(facts: &ExampleFacts<'_>) -> Value {
    let placed = place(facts);
    let mut at = Vec::new();
    let mut schema = infer(facts, &placed, facts.value, &mut at, "");
    if let Some(object) = schema.as_object_mut() {
        if let Some(name) = &facts.root_name {
            object.insert(marks::NAME.into(), json!(name));
        }
        object.insert(marks::HINT.into(), json!(facts.root_hint));
        if let Some(text) = placed.descriptions.get("") {
            object.insert("description".into(), json!(text));
        }
    }
    schema
}

fn place(facts: &ExampleFacts<'_>) -> Placed {
    let mut placed = Placed::default();
    for field in &facts.body.objects {
        let Some(path) = &field.path else { continue };
        if field.required {
            placed.required.push(path.clone());
        }
        if field.nullable {
            placed.nullable.push(path.clone());
        }
        if let Shape::Named(name) = &field.shape {
            placed.named.insert(path.clone(), name.clone());
        }
    }
    for list in &facts.body.enums {
        if let Some(path) = &list.path {
            placed.enums.insert(path.clone(), list.values.clone());
        }
    }
    for one_of in &facts.body.one_ofs {
        if !one_of.path.is_empty() && !one_of.names.is_empty() {
            placed
                .one_ofs
                .insert(one_of.path.clone(), one_of.names.clone());
        }
    }
    placed.descriptions = place_texts(facts.body, facts.value);
    placed
}

/// Where each sentence of a schema tree goes (dotted path → sentences): to a property the renderer printed no name for: between the
/// placed fields and lists that surround it, the scalar whose name shares most words with the
/// sentence, else the first one still without a description, else the enclosing object.
pub fn place_texts(body: &Body, value: &Value) -> BTreeMap<String, String> {
    let entries: Vec<(String, &Value)> = flatten(value)
        .unwrap_or_default()
        .into_iter()
        .map(|(path, value)| (join_path(&path), value))
        .collect();
    let index_of = |path: &str| entries.iter().position(|(known, _)| known == path);
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    for field in &body.objects {
        if let Some(index) = field.path.as_deref().and_then(index_of) {
            anchors.push((field.line, index));
        }
    }
    for list in &body.enums {
        if let Some(index) = list.path.as_deref().and_then(index_of) {
            anchors.push((list.line, index));
        }
    }
    anchors.sort();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for text in &body.texts {
        let before = anchors.iter().rev().find(|(line, _)| *line < text.line);
        let after = anchors.iter().find(|(line, _)| *line > text.line);
        let low = before.map(|(_, index)| *index);
        let high = after.map_or(entries.len(), |(_, index)| *index);
        let sentence = words(&text.text);
        let candidates: Vec<(usize, &String)> = entries
            .iter()
            .enumerate()
            .filter(|(index, _)| low.is_none_or(|low| *index > low) && *index < high)
            .filter(|(_, (path, value))| is_scalar_like(value) && !out.contains_key(path))
            .map(|(index, (path, _))| (index, path))
            .collect();
        let key = |path: &str| {
            path.rsplit('.')
                .next()
                .unwrap_or_default()
                .trim_end_matches("[]")
                .to_string()
        };
        let best = candidates
            .iter()
            .map(|(index, path)| (overlap(&key(path), &sentence), *index, *path))
            .filter(|(score, ..)| *score > 0)
            .max_by_key(|(score, index, _)| (*score, std::cmp::Reverse(*index)))
            .map(|(_, _, path)| path.clone())
            .or_else(|| candidates.first().map(|(_, path)| (*path).clone()));
        let target = match best {
            Some(path) => path,
            None => low
                .and_then(|index| entries.get(index))
                .filter(|(_, value)| value.is_object())
                .map(|(path, _)| path.clone())
                .unwrap_or_default(),
        };
        let entry = out.entry(target).or_default();
        if !entry.is_empty() {
            entry.push(' ');
        }
        entry.push_str(&text.text);
    }
    out
}

fn is_scalar_like(value: &Value) -> bool {
    match value {
        Value::Object(_) => false,
        Value::Array(items) => items.iter().all(|item| !item.is_object()),
        _ => true,
    }
}

/// The schema of `value` at `at`; `parent` labels the enclosing object for names.
fn infer(
    facts: &ExampleFacts<'_>,
    placed: &Placed,
    value: &Value,
    at: &mut Vec<String>,
    parent: &str,
) -> Value {
    let path = join_path(at);
    let mut schema = match value {
        Value::Object(map) => {
            let label = placed
                .named
                .get(&path)
                .cloned()
                .or_else(|| placed.one_ofs.get(&path).and_then(|n| n.first().cloned()))
                .or_else(|| (at.is_empty()).then(|| facts.root_name.clone()).flatten())
                .unwrap_or_else(|| hint(at, &facts.root_hint));
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (key, child) in map {
                at.push(key.clone());
                let child_path = join_path(at);
                properties.insert(key.clone(), infer(facts, placed, child, at, &label));
                if placed.required.contains(&child_path) {
                    required.push(json!(key));
                }
                at.pop();
            }
            let mut object = Map::new();
            object.insert("type".into(), json!("object"));
            if properties.is_empty() {
                object.insert("additionalProperties".into(), json!(true));
            } else {
                object.insert("properties".into(), Value::Object(properties));
            }
            if !required.is_empty() {
                object.insert("required".into(), Value::Array(required));
            }
            if !at.is_empty() {
                object.insert(marks::HINT.into(), json!(hint(at, &facts.root_hint)));
                object.insert(marks::PARENT.into(), json!(parent));
            }
            if let Some(name) = placed.named.get(&path) {
                object.insert(marks::NAME.into(), json!(name));
            }
            let source = if path.is_empty() {
                format!("`{}` {}", facts.file, facts.section)
            } else {
                format!("`{}` {} `{path}`", facts.file, facts.section)
            };
            object.insert(marks::SOURCE.into(), json!(source));
            let mut schema = Value::Object(object);
            if let Some(names) = placed.one_ofs.get(&path) {
                if let Some(object) = schema.as_object_mut()
                    && let Some(first) = names.first()
                {
                    object.insert(marks::NAME.into(), json!(first));
                }
                schema = json!({ marks::VARIANTS: names, "oneOf": [schema] });
            }
            schema
        }
        Value::Array(items) => {
            at.push("[]".to_string());
            let item = match items.first() {
                Some(first) => infer(facts, placed, first, at, parent),
                None => json!({}),
            };
            at.pop();
            json!({ "type": "array", "items": item })
        }
        Value::String(_) => json!({ "type": "string" }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(number) if number.is_i64() || number.is_u64() => json!({ "type": "integer" }),
        Value::Number(_) => json!({ "type": "number" }),
        Value::Null => json!({ "nullable": true }),
    };
    if let Some(object) = schema.as_object_mut() {
        if let Some(values) = placed.enums.get(&path)
            && value.is_string()
        {
            object.insert("enum".into(), json!(values));
        }
        if placed.nullable.contains(&path) {
            object.insert("nullable".into(), json!(true));
        }
        if !path.is_empty()
            && let Some(text) = placed.descriptions.get(&path)
        {
            object.insert("description".into(), json!(text));
        }
    }
    schema
}

/// The naming hint of the object at `at`: its key, singular for array items.
fn hint(at: &[String], root: &str) -> String {
    let mut items = false;
    for segment in at.iter().rev() {
        if segment == "[]" {
            items = true;
            continue;
        }
        return if items {
            pascal(&singular(segment))
        } else {
            pascal(segment)
        };
    }
    root.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs_check::page::{EnumList, ObjectField, Text};

    #[test]
    fn the_page_facts_go_on_the_example_schema() {
        let value = json!({ "volume": { "id": "s", "state": "a", "size": 0, "zone": null },
                            "tags": [{ "key": "s" }] });
        let body = Body {
            objects: vec![ObjectField {
                name: "volume".into(),
                path: Some("volume".into()),
                shape: Shape::Object,
                required: true,
                nullable: false,
                line: 1,
            }],
            enums: vec![EnumList {
                values: vec!["a".into(), "b".into()],
                path: Some("volume.state".into()),
                after: None,
                line: 2,
            }],
            one_ofs: Vec::new(),
            texts: vec![Text {
                text: "The size in bytes.".into(),
                line: 3,
            }],
        };
        let schema = schema_of_example(&ExampleFacts {
            file: "p.txt",
            section: "200 example".into(),
            body: &body,
            value: &value,
            root_name: Some("Root".into()),
            root_hint: "Root".into(),
        });
        let volume = schema
            .pointer("/properties/volume/properties")
            .expect("volume");
        assert_eq!(schema.pointer("/required"), Some(&json!(["volume"])));
        assert_eq!(volume.pointer("/size/type"), Some(&json!("integer")));
        assert_eq!(
            volume.pointer("/size/description"),
            Some(&json!("The size in bytes."))
        );
        assert_eq!(volume.pointer("/state/enum"), Some(&json!(["a", "b"])));
        assert_eq!(volume.pointer("/zone/nullable"), Some(&json!(true)));
        assert_eq!(
            schema.pointer(&format!(
                "/properties/tags/items/{}",
                marks::HINT.replace('/', "~1")
            )),
            Some(&json!("Tag"))
        );
    }
}
