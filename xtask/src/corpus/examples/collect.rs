//! The examples a document publishes: each JSON `example` and each `examples` entry's `value`
//! of every operation's request body and responses, and each component schema's `example`,
//! with the schema it must satisfy and the generated type that decodes it.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::generate::model::body_types::BodyTypeAt;
use crate::spec::media::is_json;
use crate::spec::operations;
use crate::spec::pointer::child;
use crate::spec::refs::resolve_at;

/// One published example.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Where the example is written (after `$ref`s), e.g.
    /// `/components/examples/issue/value`.
    pub at: String,
    /// The schema it must satisfy (after `$ref`s).
    pub schema_at: String,
    /// The type of `types` that decodes it, if the crate has one.
    pub type_name: Option<String>,
    /// The example.
    pub value: Value,
}

/// Every example of `doc` (distinct by schema and value: an example that several responses
/// share is one), typed by `types` (from the generator, [`BodyTypeAt`]).
pub fn collect(doc: &Value, types: &[BodyTypeAt]) -> Vec<Case> {
    let by_place: HashMap<&str, &str> = types
        .iter()
        .map(|typed| (typed.at.as_str(), typed.type_name.as_str()))
        .collect();
    let mut cases = Vec::new();
    for operation in operations(doc) {
        if let Some(body) = operation.value.get("requestBody") {
            let place = child(&operation.pointer, "requestBody");
            let type_name = by_place.get(place.as_str()).copied();
            media_examples(doc, &place, body, type_name, &mut cases);
        }
        let responses = operation.value.get("responses").and_then(Value::as_object);
        for (status, response) in responses.into_iter().flatten() {
            let place = child(&child(&operation.pointer, "responses"), status);
            let type_name = response_type(&by_place, &operation.pointer, status);
            media_examples(doc, &place, response, type_name, &mut cases);
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let schema_at = child("/components/schemas", name);
        if let Some(example) = schema.get("example") {
            let type_name = by_place.get(schema_at.as_str()).copied();
            cases.push(Case {
                at: child(&schema_at, "example"),
                schema_at: schema_at.clone(),
                type_name: type_name.map(str::to_string),
                value: example.clone(),
            });
        }
    }
    let mut seen = BTreeSet::new();
    cases.retain(|case| seen.insert((case.schema_at.clone(), case.value.to_string())));
    cases
}

/// The type of a response: its status as written, else the range the generator spelled a
/// `default` or a code out as (`4XX`).
fn response_type<'a>(
    by_place: &HashMap<&str, &'a str>,
    operation: &str,
    status: &str,
) -> Option<&'a str> {
    let responses = child(operation, "responses");
    let mut candidates = vec![status.to_string()];
    match status.chars().next() {
        Some(digit @ '1'..='5') => candidates.push(format!("{digit}XX")),
        _ if status == "default" => candidates.extend(["4XX", "5XX", "2XX"].map(String::from)),
        _ => {}
    }
    candidates
        .iter()
        .find_map(|candidate| by_place.get(child(&responses, candidate).as_str()).copied())
}

/// The examples of the JSON media types of a request body or response (`owner`, at `place`).
fn media_examples(
    doc: &Value,
    place: &str,
    owner: &Value,
    type_name: Option<&str>,
    cases: &mut Vec<Case>,
) {
    let (place, owner) = resolve_at(doc, place, owner);
    let Some(content) = owner.get("content").and_then(Value::as_object) else {
        return;
    };
    for (media_type, media) in content {
        if !is_json(media_type) {
            continue;
        }
        let media_at = child(&child(&place, "content"), media_type);
        let Some(schema) = media.get("schema") else {
            continue;
        };
        let (schema_at, _) = resolve_at(doc, &child(&media_at, "schema"), schema);
        let mut push = |at: String, value: &Value| {
            cases.push(Case {
                at,
                schema_at: schema_at.clone(),
                type_name: type_name.map(str::to_string),
                value: value.clone(),
            });
        };
        if let Some(example) = media.get("example") {
            push(child(&media_at, "example"), example);
        }
        let examples = media.get("examples").and_then(Value::as_object);
        for (name, example) in examples.into_iter().flatten() {
            let at = child(&child(&media_at, "examples"), name);
            let (at, example) = resolve_at(doc, &at, example);
            if let Some(value) = example.get("value") {
                push(child(&at, "value"), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn media_and_component_examples_are_found_with_their_schema_and_type() {
        let doc = json!({
            "paths": {"/a": {"get": {
                "responses": {
                    "200": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/A"},
                        "examples": {"one": {"$ref": "#/components/examples/one"},
                                     "two": {"value": {"id": 2}}}
                    }}},
                    "default": {"$ref": "#/components/responses/Problem"}
                },
                "requestBody": {"content": {"text/plain": {"example": "x"}}}
            }}},
            "components": {
                "examples": {"one": {"value": {"id": 1}}},
                "responses": {"Problem": {"content": {"application/problem+json": {
                    "schema": {"type": "object"}, "example": {"title": "t"}}}}},
                "schemas": {"A": {"type": "object", "example": {"id": 1}}}
            }
        });
        let types = [
            BodyTypeAt {
                at: "/paths/~1a/get/responses/200".into(),
                type_name: "A".into(),
            },
            BodyTypeAt {
                at: "/paths/~1a/get/responses/4XX".into(),
                type_name: "Problem".into(),
            },
        ];
        let cases = collect(&doc, &types);
        let summary: Vec<(&str, &str, Option<&str>)> = cases
            .iter()
            .map(|case| {
                (
                    case.at.as_str(),
                    case.schema_at.as_str(),
                    case.type_name.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "/components/examples/one/value",
                    "/components/schemas/A",
                    Some("A")
                ),
                (
                    "/paths/~1a/get/responses/200/content/application~1json/examples/two/value",
                    "/components/schemas/A",
                    Some("A")
                ),
                (
                    "/components/responses/Problem/content/application~1problem+json/example",
                    "/components/responses/Problem/content/application~1problem+json/schema",
                    Some("Problem")
                ),
            ],
            "the schema's own example repeats the first: one case"
        );
    }
}
