//! Every schema of a document, visited once in place: the schemas of components, parameters,
//! headers, request bodies and responses, and every schema nested in them (properties, items,
//! `allOf`/`anyOf`/`oneOf`, `additionalProperties`, …), each with its JSON pointer.

use serde_json::{Map, Value};

use super::pointer::child;

/// Calls `visit` on every schema object of `doc` (parents before their subschemas).
pub fn for_each_schema(doc: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    Walker { visit }.document(root);
}

struct Walker<'a> {
    visit: &'a mut dyn FnMut(&mut Map<String, Value>, &str),
}

impl Walker<'_> {
    /// Every place of the document that holds a schema.
    fn document(&mut self, root: &mut Map<String, Value>) {
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            for (kind, entries) in components.iter_mut() {
                let Some(entries) = entries.as_object_mut() else {
                    continue;
                };
                for (name, entry) in entries.iter_mut() {
                    let at = child(&child("/components", kind), name);
                    match kind.as_str() {
                        "schemas" => self.schema(entry, &at),
                        "parameters" | "headers" => self.parameter(entry, &at),
                        "requestBodies" => self.content_holder(entry, &at),
                        "responses" => self.response(entry, &at),
                        _ => {}
                    }
                }
            }
        }
        if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
            for (route, item) in paths.iter_mut() {
                let item_at = child("/paths", route);
                let Some(item) = item.as_object_mut() else {
                    continue;
                };
                for (key, value) in item.iter_mut() {
                    let at = child(&item_at, key);
                    if key == "parameters" {
                        self.parameter_list(value, &at);
                    } else if value.is_object() && key != "servers" {
                        self.operation(value, &at);
                    }
                }
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &str) {
        if let Some(parameters) = operation.get_mut("parameters") {
            self.parameter_list(parameters, &child(at, "parameters"));
        }
        if let Some(body) = operation.get_mut("requestBody") {
            self.content_holder(body, &child(at, "requestBody"));
        }
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            let responses_at = child(at, "responses");
            for (status, response) in responses.iter_mut() {
                self.response(response, &child(&responses_at, status));
            }
        }
    }

    fn parameter_list(&mut self, list: &mut Value, at: &str) {
        for (index, parameter) in list.as_array_mut().into_iter().flatten().enumerate() {
            self.parameter(parameter, &format!("{at}/{index}"));
        }
    }

    /// A parameter or a header: a `schema`, or `content`.
    fn parameter(&mut self, parameter: &mut Value, at: &str) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &child(at, "schema"));
        }
        self.content_holder(parameter, at);
    }

    fn response(&mut self, response: &mut Value, at: &str) {
        self.content_holder(response, at);
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
            let headers_at = child(at, "headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &child(&headers_at, name));
            }
        }
    }

    /// A request body, response or parameter with `content`: each media type's schema.
    fn content_holder(&mut self, holder: &mut Value, at: &str) {
        let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        let content_at = child(at, "content");
        for (media_type, entry) in content.iter_mut() {
            if let Some(schema) = entry.get_mut("schema") {
                self.schema(
                    schema,
                    &format!("{}/schema", child(&content_at, media_type)),
                );
            }
        }
    }

    /// One schema, then every schema inside it.
    fn schema(&mut self, schema: &mut Value, at: &str) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        (self.visit)(object, at);
        self.children(object, at);
    }

    fn children(&mut self, object: &mut Map<String, Value>, at: &str) {
        for (key, value) in object.iter_mut() {
            let key_at = child(at, key);
            match key.as_str() {
                "properties" | "patternProperties" | "$defs" | "definitions" => {
                    for (name, schema) in value.as_object_mut().into_iter().flatten() {
                        self.schema(schema, &child(&key_at, name));
                    }
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    for (index, schema) in value.as_array_mut().into_iter().flatten().enumerate() {
                        self.schema(schema, &format!("{key_at}/{index}"));
                    }
                }
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "propertyNames"
                | "unevaluatedProperties"
                | "unevaluatedItems" => {
                    if let Some(list) = value.as_array_mut() {
                        for (index, schema) in list.iter_mut().enumerate() {
                            self.schema(schema, &format!("{key_at}/{index}"));
                        }
                    } else {
                        self.schema(value, &key_at);
                    }
                }
                _ => {}
            }
        }
    }
}
