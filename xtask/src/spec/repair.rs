//! Repairs on load: slips in real documents that a user would forgive, each read the way its
//! author evidently meant, with a warning at its place. Anything else stays an error.
//!
//! - a `$ref` to a schema, parameter or response the document does not have (or to something
//!   that is not one, such as a string): the schema
//!   accepts any JSON, the parameter is left out, the response is one without a body;
//! - a path template naming `{x}` with no path parameter `x`: a required string parameter;
//! - a path parameter `x` whose path template has no `{x}`: left out (it has nowhere to go);
//! - dropshot's `x-dropshot-websocket` on an operation: the extension is dropped and the
//!   endpoint kept as the plain operation the document describes (its responses as written);
//! - a schema keyword whose value has the wrong JSON type (`maxLength: "10"`, `title: 5`,
//!   `type: {…}`), which openapiv3 cannot read: the keyword is dropped;
//! - a `$ref` chain that comes back to itself (`Body: {$ref: Body}`): read as the dangling
//!   reference above; an `allOf` that includes its own schema: that member left out; an
//!   `allOf` member's `additionalProperties` schema that would be merged into a property that
//!   leads back to the `allOf`: any additional property allowed (see [`super::cycles`]);
//! - the slips of hand-written documents (see [`super::slips`]): no `info` or `title`, no
//!   `paths`, an operation without `responses`, a response without `description`, a response
//!   keyed by something that is not a status code;
//! - an operationId another operation already has: the later operation loses it, and is named
//!   from its method and path like any operation without one;
//! - a schema's `items` written as a list (a JSON Schema tuple, which OpenAPI 3.0 has no
//!   word for): its one member, or any JSON when the members differ;
//! - `callbacks`, which no generated code uses: dropped (silently: they are valid).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::operations::{METHODS, operations, parameters};
use super::pointer::{decode_fragment, pointer, unescape_segment};
use super::refs::{lookup, references, resolve};
use super::schema_walk::for_each_schema;
use crate::error::Located;

/// Repairs what [`repair`] can before the document is validated.
pub fn repair(doc: &mut Value) -> Vec<Located> {
    let mut warnings = Vec::new();
    super::slips::repair_slips(doc, &mut warnings);
    drop_callbacks(doc);
    duplicate_operation_ids(doc, &mut warnings);
    tuple_items(doc, &mut warnings);
    dangling_refs(doc, &mut warnings);
    let cyclic = super::cycles::ref_only_cycles(doc);
    let why = "leads back to itself through `$ref`s only";
    replace_unusable_refs(doc, cyclic, why, &mut warnings);
    super::cycles::cut_self_including_all_of(doc, &mut warnings);
    super::cycles::loosen_additional_properties_merged_into_a_cycle(doc, &mut warnings);
    path_parameters_outside_the_template(doc, &mut warnings);
    undeclared_path_parameters(doc, &mut warnings);
    websocket_extensions(doc, &mut warnings);
    warnings
}

fn drop_callbacks(doc: &mut Value) {
    let pointers: Vec<String> = operations(doc)
        .into_iter()
        .filter(|op| op.value.get("callbacks").is_some())
        .map(|op| op.pointer)
        .collect();
    for at in pointers {
        if let Some(operation) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
            operation.remove("callbacks");
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("callbacks");
    }
}

fn duplicate_operation_ids(doc: &mut Value, warnings: &mut Vec<Located>) {
    let mut first_at: BTreeMap<String, String> = BTreeMap::new();
    let mut duplicates = Vec::new();
    for op in operations(doc) {
        let Some(id) = op.operation_id().filter(|id| !id.trim().is_empty()) else {
            continue;
        };
        match first_at.get(id) {
            Some(first) => duplicates.push((op.pointer.clone(), id.to_string(), first.clone())),
            None => {
                first_at.insert(id.to_string(), op.pointer.clone());
            }
        }
    }
    for (at, id, first) in duplicates {
        if let Some(operation) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
            operation.remove("operationId");
        }
        warnings.push(Located::at(
            format!("{at}/operationId"),
            format!(
                "operationId `{id}` is already used at {first}; this operation is named from \
                 its method and path instead"
            ),
        ));
    }
}

fn tuple_items(doc: &mut Value, warnings: &mut Vec<Located>) {
    for_each_schema(doc, &mut |schema, at| {
        let Some(Value::Array(members)) = schema.get("items") else {
            return;
        };
        let (read, what) = match members.as_slice() {
            [one] => (one.clone(), "its one member"),
            [first, rest @ ..] if rest.iter().all(|member| member == first) => {
                (first.clone(), "their common schema")
            }
            _ => (json!({}), "any JSON"),
        };
        schema.insert("items".into(), read);
        warnings.push(Located::at(
            format!("{at}/items"),
            format!(
                "`items` is a list (a tuple), which OpenAPI 3.0 cannot describe; each item is \
                 read as {what}"
            ),
        ));
    });
}

fn dangling_refs(doc: &mut Value, warnings: &mut Vec<Located>) {
    let dangling: Vec<(String, String)> = references(doc)
        .into_iter()
        .filter(|(_, target)| {
            target.starts_with('#')
                && lookup(doc, target).is_none_or(|(_, value)| !value.is_object())
        })
        .collect();
    replace_unusable_refs(
        doc,
        dangling,
        "points at nothing in this document",
        warnings,
    );
}

/// Replaces each `$ref` (the pointer of its `$ref` key, and its target) that cannot be
/// followed by what its place reads as without it: a parameter is left out, a response has no
/// body, a request body or schema accepts any JSON. `why` completes "$ref `target` …".
fn replace_unusable_refs(
    doc: &mut Value,
    mut unusable: Vec<(String, String)>,
    why: &str,
    warnings: &mut Vec<Located>,
) {
    // Deepest first, so removing an array entry does not shift a later pointer.
    unusable.sort_by(|a, b| b.0.cmp(&a.0));
    for (at, target) in unusable {
        let holder_at = at.trim_end_matches("/$ref").to_string();
        let kind = decode_fragment(target.trim_start_matches('#'));
        let replacement = if kind.starts_with("/components/parameters/")
            || holder_at.contains("/parameters/")
                && holder_at
                    .rsplit('/')
                    .next()
                    .is_some_and(|last| last.parse::<usize>().is_ok())
        {
            None
        } else if kind.starts_with("/components/responses/") {
            Some(json!({ "description": "" }))
        } else if kind.starts_with("/components/requestBodies/") {
            Some(json!({ "content": { "application/json": { "schema": {} } } }))
        } else {
            Some(json!({}))
        };
        let what = match &replacement {
            None => "the parameter is left out",
            Some(value) if value.get("description").is_some() => {
                "read as a response without a body"
            }
            Some(value) if value.get("content").is_some() => "read as a body of any JSON",
            Some(_) => "read as any JSON",
        };
        warnings.push(Located::at(&at, format!("$ref `{target}` {why}; {what}")));
        match replacement {
            Some(value) => {
                if let Some(slot) = doc.pointer_mut(&holder_at) {
                    *slot = value;
                }
            }
            None => remove_array_entry(doc, &holder_at),
        }
    }
}

fn remove_array_entry(doc: &mut Value, at: &str) {
    let Some((parent, index)) = at.rsplit_once('/') else {
        return;
    };
    let Ok(index) = unescape_segment(index).parse::<usize>() else {
        return;
    };
    if let Some(list) = doc.pointer_mut(parent).and_then(Value::as_array_mut)
        && index < list.len()
    {
        list.remove(index);
    }
}

/// The variables a path template names: `/a/{id}/b/{name}` → `id`, `name`.
fn template_variables(route: &str) -> Vec<&str> {
    route
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn path_parameters_outside_the_template(doc: &mut Value, warnings: &mut Vec<Located>) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    // (the list's pointer, the entry's index, the parameter's name)
    let mut stray: Vec<(String, usize, String)> = Vec::new();
    for (route, item) in paths {
        let variables = template_variables(route);
        let item_at = pointer(["paths", route.as_str()]);
        let lists = std::iter::once(("parameters".to_string(), item.get("parameters"))).chain(
            METHODS.iter().map(|method| {
                let list = item.get(*method).and_then(|op| op.get("parameters"));
                (format!("{method}/parameters"), list)
            }),
        );
        for (relative, list) in lists {
            let list_at = format!("{item_at}/{relative}");
            for (index, raw) in list
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let parameter = resolve(doc, raw);
                let field = |key: &str| parameter.get(key).and_then(Value::as_str);
                if field("in") == Some("path")
                    && let Some(name) = field("name")
                    && !variables.contains(&name)
                {
                    stray.push((list_at.clone(), index, name.to_string()));
                }
            }
        }
    }
    // Last entries first, so removing one does not shift the next.
    stray.sort_by(|a, b| (&a.0, b.1).cmp(&(&b.0, a.1)));
    for (list_at, index, name) in stray {
        warnings.push(Located::at(
            format!("{list_at}/{index}"),
            format!("path parameter `{name}` does not appear in the path template; it is left out"),
        ));
        remove_array_entry(doc, &format!("{list_at}/{index}"));
    }
}

fn websocket_extensions(doc: &mut Value, warnings: &mut Vec<Located>) {
    let marked: Vec<String> = operations(doc)
        .into_iter()
        .filter(|op| op.value.get("x-dropshot-websocket").is_some())
        .map(|op| op.pointer)
        .collect();
    for at in marked {
        if let Some(operation) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
            operation.remove("x-dropshot-websocket");
        }
        warnings.push(Located::at(
            format!("{at}/x-dropshot-websocket"),
            "a WebSocket upgrade is not generated: the endpoint is a plain operation with the \
             responses the document gives it",
        ));
    }
}

fn undeclared_path_parameters(doc: &mut Value, warnings: &mut Vec<Located>) {
    let mut missing: Vec<(String, String)> = Vec::new();
    for op in operations(doc) {
        let declared: Vec<&str> = parameters(doc, &op)
            .into_iter()
            .filter(|parameter| parameter.location == "path")
            .map(|parameter| parameter.name)
            .collect();
        for name in template_variables(op.route) {
            if !declared.contains(&name) && !missing.contains(&(op.pointer.clone(), name.into())) {
                missing.push((op.pointer.clone(), name.to_string()));
            }
        }
    }
    for (at, name) in missing {
        warnings.push(Located::at(
            &at,
            format!(
                "the path names `{{{name}}}` but the operation declares no path parameter \
                 `{name}`; read as a required string"
            ),
        ));
        let Some(operation) = doc.pointer_mut(&at).and_then(Value::as_object_mut) else {
            continue;
        };
        let list = operation.entry("parameters").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({
                "name": name, "in": "path", "required": true, "schema": { "type": "string" }
            }));
        }
    }
}

/// Keywords of a schema (and of parameters, media types and the like) that only describe or
/// constrain, so dropping one whose value has the wrong JSON type loses no structure; and a
/// schema's `type` that is not a string, which leaves a schema of any JSON.
const DROPPABLE: [&str; 28] = [
    "title",
    "description",
    "summary",
    "format",
    "pattern",
    "example",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "uniqueItems",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "required",
    "enum",
    "discriminator",
    "externalDocs",
    "type",
];

/// Where openapiv3 failed to read the document (a pointer found by the loader), drops the
/// keyword if it is one of [`DROPPABLE`] (or the pointer is inside one); returns the warning,
/// or `None` when the defect is not one to repair.
pub fn drop_unreadable_keyword(doc: &mut Value, at: &str, message: &str) -> Option<Located> {
    let segments: Vec<String> = at.split('/').skip(1).map(unescape_segment).collect();
    let keyword_index = segments
        .iter()
        .rposition(|segment| DROPPABLE.contains(&segment.as_str()))?;
    // `required` of a parameter or body is a boolean with meaning; only a schema's list may go.
    let keyword = &segments[keyword_index];
    let parent: String = segments[..keyword_index]
        .iter()
        .map(|segment| format!("/{}", super::pointer::escape_segment(segment)))
        .collect();
    let object = doc.pointer_mut(&parent)?.as_object_mut()?;
    if keyword == "required" && object.get("required").is_some_and(Value::is_boolean) {
        return None;
    }
    // A string `type` has meaning wherever it stands (a security scheme's, for instance); only
    // a schema's `type` written as something else (`type: {type: string, enum: …}`) may go.
    if keyword == "type" && object.get("type").is_none_or(Value::is_string) {
        return None;
    }
    object.remove(keyword)?;
    Some(Located::at(
        format!("{parent}/{}", super::pointer::escape_segment(keyword)),
        format!("`{keyword}` cannot be read ({message}); it is left out"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangling_references_and_undeclared_path_parameters_are_repaired() {
        let mut doc = json!({"info": {"title": "T", "version": "1"}, "paths": {"/a/{id}": {"get": {
            "parameters": [{"$ref": "#/components/parameters/Gone"}],
            "callbacks": {"x": {}},
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Gone"}}}},
                "404": {"$ref": "#/components/responses/Gone"}
            }
        }}}});
        let warnings = repair(&mut doc);
        let op = &doc["paths"]["/a/{id}"]["get"];
        assert_eq!(
            op["parameters"],
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({})
        );
        assert_eq!(op["responses"]["404"], json!({"description": ""}));
        assert!(op.get("callbacks").is_none());
        assert_eq!(warnings.len(), 4, "{warnings:?}");
    }

    #[test]
    fn a_request_body_that_refers_to_itself_is_read_as_any_json() {
        let mut doc = json!({
            "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"post": {
                "requestBody": {"$ref": "#/components/requestBodies/Self"},
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"requestBodies": {"Self": {"$ref": "#/components/requestBodies/Self"}}}
        });
        let warnings = repair(&mut doc);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("leads back to itself"));
        assert_eq!(
            doc["components"]["requestBodies"]["Self"],
            json!({"content": {"application/json": {"schema": {}}}})
        );
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"],
            json!({"$ref": "#/components/requestBodies/Self"})
        );
    }

    #[test]
    fn a_duplicate_operation_id_and_tuple_items_are_read_with_warnings() {
        let mut doc = json!({"info": {"title": "T", "version": "1"}, "paths": {"/a": {
            "get": {"operationId": "same", "responses": {}},
            "post": {"operationId": "same", "responses": {}, "requestBody": {"content": {
                "application/json": {"schema": {"type": "array",
                    "items": [{"type": "string"}, {"type": "integer"}]}}}}}
        }}, "components": {"schemas": {"T": {"type": "array", "items": [{"type": "string"}]}}}});
        let warnings = repair(&mut doc);
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "same");
        assert!(doc["paths"]["/a"]["post"].get("operationId").is_none());
        assert_eq!(
            doc["components"]["schemas"]["T"]["items"],
            json!({"type": "string"})
        );
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["items"],
            json!({})
        );
        let places: Vec<_> = warnings.iter().map(|w| w.location.clone()).collect();
        assert!(
            places.contains(&crate::error::Location::Pointer(
                "/paths/~1a/post/operationId".into()
            )),
            "{warnings:?}"
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn a_path_parameter_missing_from_the_template_is_left_out_and_websockets_are_plain() {
        let mut doc = json!({"info": {"title": "T", "version": "1"}, "paths": {"/a/{id}": {
            "parameters": [{"$ref": "#/components/parameters/Gone"}],
            "get": {"x-dropshot-websocket": {}, "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "stale", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"101": {"description": "upgrade"}}}
        }}, "components": {"parameters": {"Gone": {"name": "old", "in": "path", "required": true}}}});
        let warnings = repair(&mut doc);
        let item = &doc["paths"]["/a/{id}"];
        assert_eq!(item["parameters"], json!([]));
        let names: Vec<&str> = item["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["id", "q"]);
        assert!(item["get"].get("x-dropshot-websocket").is_none());
        assert_eq!(item["get"]["responses"]["101"]["description"], "upgrade");
        let places: Vec<String> = warnings
            .iter()
            .map(|w| format!("{:?}", w.location))
            .collect();
        assert_eq!(
            places,
            [
                "Pointer(\"/paths/~1a~1{id}/get/parameters/1\")",
                "Pointer(\"/paths/~1a~1{id}/parameters/0\")",
                "Pointer(\"/paths/~1a~1{id}/get/x-dropshot-websocket\")",
            ]
        );
    }

    #[test]
    fn a_wrongly_typed_keyword_is_dropped() {
        let mut doc =
            json!({"components": {"schemas": {"S": {"type": "string", "maxLength": "10"}}}});
        let warning =
            drop_unreadable_keyword(&mut doc, "/components/schemas/S/maxLength", "a string")
                .expect("dropped");
        assert_eq!(doc["components"]["schemas"]["S"], json!({"type": "string"}));
        assert!(warning.message.contains("maxLength"));
        let mut doc = json!({"paths": {"/x": {"get": {"responses": [1]}}}});
        assert!(drop_unreadable_keyword(&mut doc, "/paths/~1x/get/responses", "a list").is_none());
    }
}
