//! Swagger 2.0 read as OpenAPI 3.0: a 2.0 document is rewritten on load into the 3.0 form every
//! later stage reads, keeping its meaning:
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! | --- | --- |
//! | `host`, `basePath`, `schemes` | `servers` (one per scheme) |
//! | `definitions`, `parameters`, `responses` | `components.schemas`, `.parameters`, `.responses` (refs rewritten) |
//! | `securityDefinitions` (`basic`, `apiKey`, `oauth2` flows) | `components.securitySchemes` |
//! | an `in: body` parameter | `requestBody`, one media type per `consumes` |
//! | `in: formData` parameters | a form body: `application/x-www-form-urlencoded` and/or `multipart/form-data` |
//! | `type: file` | `type: string, format: binary` |
//! | `type`, `format`, `items`, `enum`, … on a parameter or header | its `schema` |
//! | `collectionFormat` | `style` and `explode` |
//! | a response's `schema`, `examples`, `headers` | `content` per `produces`, each with its example; headers with a schema |
//! | `x-nullable: true` | `nullable: true` |
//! | `discriminator: name` | `discriminator: {propertyName: name}` |
//! | `$ref: pet`, a definition's bare name (go-swagger writes them) | `#/definitions/pet`, with a warning ([`bare_definition_references`], before bundling) |
//!
//! What 3.0 cannot say (a `tsv` list, a second body parameter, a body beside form fields, an
//! unknown security type) is approximated or left out with a warning. Every warning points into
//! the 2.0 document as written.

use serde_json::{Map, Value, json};

use super::operations::METHODS;
use super::pointer::{child, escape_segment, pointer};
use super::refs::references;
use super::schema_walk::for_each_schema;
use crate::error::Located;

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

/// The keywords a 2.0 parameter, header or `items` object shares with a schema.
const SCHEMA_KEYWORDS: [&str; 17] = [
    "type",
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "example",
    "x-nullable",
];

/// Whether `doc` is a Swagger 2.0 document.
pub fn is_swagger2(doc: &Value) -> bool {
    doc.get("swagger")
        .and_then(Value::as_str)
        .is_some_and(|version| version.starts_with("2."))
}

/// go-swagger writes a reference to a definition as the definition's bare name (`$ref: pet`),
/// which JSON Reference reads as a file `pet` beside the document. In a 2.0 document, a
/// reference without `#`, `/` or `.` that is the name of one of its definitions is read as
/// `#/definitions/<name>`, with a warning at each; run before bundling, which would look for
/// the file. Anything else is left to the bundler (a file that exists is read as a file).
pub fn bare_definition_references(doc: &mut Value) -> Vec<Located> {
    let Some(definitions) = doc.get("definitions").and_then(Value::as_object) else {
        return Vec::new();
    };
    let bare: Vec<(String, String)> = references(doc)
        .into_iter()
        .filter(|(_, target)| {
            !target.contains(['#', '/', '.']) && definitions.contains_key(target.as_str())
        })
        .collect();
    let mut warnings = Vec::with_capacity(bare.len());
    for (at, name) in bare {
        let Some(slot) = doc.pointer_mut(&at) else {
            continue;
        };
        *slot = json!(format!("#/definitions/{}", escape_segment(&name)));
        warnings.push(Located::at(
            at,
            format!(
                "`$ref: {name}` names a definition without `#/definitions/` (as go-swagger writes \
                 it); it is read as `#/definitions/{name}`"
            ),
        ));
    }
    warnings
}

/// Rewrites the Swagger 2.0 document `doc` in place into OpenAPI 3.0.3; returns a warning (at a
/// pointer into the 2.0 document) for each place read differently from how it is written, and
/// the map that locates a place of the converted document in the 2.0 one.
pub fn convert(doc: &mut Value) -> (Vec<Located>, SourceMap) {
    let Value::Object(source) = std::mem::take(doc) else {
        return (Vec::new(), SourceMap::default());
    };
    let mut converter = Converter {
        consumes: media_types(source.get("consumes")),
        produces: media_types(source.get("produces")),
        source: &source,
        warnings: Vec::new(),
        origins: SourceMap::default(),
    };
    for (converted, written) in [
        ("/components/schemas", "/definitions"),
        ("/components/parameters", "/parameters"),
        ("/components/responses", "/responses"),
        ("/components/securitySchemes", "/securityDefinitions"),
    ] {
        converter.origins.add(converted, written);
    }
    let mut converted = converter.document();
    rewrite_references(&mut converted);
    for_each_schema(&mut converted, &mut |schema, _| schema_keywords(schema));
    *doc = converted;
    (converter.warnings, converter.origins)
}

/// Where each part of a converted document was written in the 2.0 one: pairs of pointer
/// prefixes (converted, written), the longest matching one applying.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    prefixes: Vec<(String, String)>,
}

impl SourceMap {
    fn add(&mut self, converted: impl Into<String>, written: impl Into<String>) {
        self.prefixes.push((converted.into(), written.into()));
    }

    /// The place in the 2.0 document of `at`, a pointer into the converted one (unchanged
    /// where the two documents agree).
    pub fn locate(&self, at: &str) -> String {
        let within = |prefix: &str| {
            at.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        self.prefixes
            .iter()
            .filter(|(converted, _)| within(converted))
            .max_by_key(|(converted, _)| converted.len())
            .map(|(converted, written)| format!("{written}{}", &at[converted.len()..]))
            .unwrap_or_else(|| at.to_string())
    }
}

struct Converter<'a> {
    source: &'a Map<String, Value>,
    /// The document's `consumes` and `produces`, which operations inherit.
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    warnings: Vec<Located>,
    origins: SourceMap,
}

/// A parameter of an operation, its `$ref` (to `#/parameters/X`) followed.
struct Parameter<'a> {
    /// Where it is defined (`/parameters/X` for a reference), for warnings.
    at: String,
    /// The reference it was reached through, if any.
    reference: Option<&'a str>,
    value: &'a Map<String, Value>,
}

impl Parameter<'_> {
    fn location(&self) -> &str {
        self.value.get("in").and_then(Value::as_str).unwrap_or("")
    }

    fn name(&self) -> &str {
        self.value.get("name").and_then(Value::as_str).unwrap_or("")
    }
}

impl<'a> Converter<'a> {
    fn document(&mut self) -> Value {
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        for (key, value) in self.source {
            match key.as_str() {
                "info" | "tags" | "externalDocs" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if let Some(servers) = self.servers() {
            out.insert("servers".into(), servers);
        }
        out.insert("paths".into(), Value::Object(self.paths()));
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        Value::Object(out)
    }

    /// `host`, `basePath` and `schemes` as server URLs; relative (just the base path) when the
    /// document names no host, as 2.0 means the host that served the document.
    fn servers(&self) -> Option<Value> {
        let host = self.source.get("host").and_then(Value::as_str);
        let base = self
            .source
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let base = base.trim_end_matches('/');
        let Some(host) = host else {
            return (!base.is_empty()).then(|| json!([{ "url": base }]));
        };
        let schemes: Vec<&str> = self
            .source
            .get("schemes")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .filter(|list: &Vec<&str>| !list.is_empty())
            .unwrap_or_else(|| vec!["https"]);
        // https first: the generated client's default server is the first one.
        let mut ordered: Vec<&str> = schemes.iter().copied().filter(|s| *s == "https").collect();
        ordered.extend(schemes.iter().copied().filter(|s| *s != "https"));
        let servers: Vec<Value> = ordered
            .into_iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
            .collect();
        Some(Value::Array(servers))
    }

    fn components(&mut self) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(definitions) = self.source.get("definitions").filter(|d| d.is_object()) {
            let mut schemas = definitions.clone();
            for (name, schema) in schemas.as_object_mut().into_iter().flatten() {
                if schema.is_null() {
                    *schema = json!({});
                    self.warn(
                        &pointer(["definitions", name.as_str()]),
                        "the definition is empty; read as any JSON",
                    );
                }
            }
            components.insert("schemas".into(), schemas);
        }
        let mut parameters = Map::new();
        for (name, parameter) in object_entries(self.source.get("parameters")) {
            let Some(value) = parameter.as_object() else {
                continue;
            };
            let parameter = Parameter {
                at: pointer(["parameters", name.as_str()]),
                reference: None,
                value,
            };
            // Body and form parameters become part of each operation's body where used.
            if !matches!(parameter.location(), "body" | "formData") {
                let converted = self.parameter(&parameter);
                parameters.insert(name.clone(), converted);
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        let mut responses = Map::new();
        let produces = self.produces.clone().unwrap_or_else(|| vec![JSON.into()]);
        for (name, response) in object_entries(self.source.get("responses")) {
            let at = pointer(["responses", name.as_str()]);
            responses.insert(name.clone(), self.response(response, &at, &produces));
        }
        if !responses.is_empty() {
            components.insert("responses".into(), Value::Object(responses));
        }
        let mut schemes = Map::new();
        for (name, scheme) in object_entries(self.source.get("securityDefinitions")) {
            let at = pointer(["securityDefinitions", name.as_str()]);
            if let Some(converted) = self.security_scheme(scheme, &at) {
                schemes.insert(name.clone(), converted);
            }
        }
        if !schemes.is_empty() {
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        components
    }

    fn paths(&mut self) -> Map<String, Value> {
        let mut paths = Map::new();
        for (route, item) in object_entries(self.source.get("paths")) {
            let item_at = pointer(["paths", route.as_str()]);
            let Some(item) = item.as_object() else {
                paths.insert(route.clone(), item.clone());
                continue;
            };
            if route.starts_with("x-") || item.contains_key("$ref") {
                paths.insert(route.clone(), Value::Object(item.clone()));
                continue;
            }
            let shared =
                self.parameter_list(item.get("parameters"), &child(&item_at, "parameters"));
            let mut converted = Map::new();
            let kept: Vec<Value> = shared
                .iter()
                .filter(|parameter| !matches!(parameter.location(), "body" | "formData"))
                .enumerate()
                .map(|(index, parameter)| {
                    let at = format!("{}/{index}", child(&item_at, "parameters"));
                    self.note_parameter(&at, parameter);
                    self.parameter_or_reference(parameter)
                })
                .collect();
            if !kept.is_empty() {
                converted.insert("parameters".into(), Value::Array(kept));
            }
            let carried: Vec<&Parameter> = shared
                .iter()
                .filter(|parameter| matches!(parameter.location(), "body" | "formData"))
                .collect();
            for (key, value) in item {
                if METHODS.contains(&key.as_str()) {
                    let Some(operation) = value.as_object() else {
                        continue;
                    };
                    let at = child(&item_at, key);
                    converted.insert(key.clone(), self.operation(operation, &at, &carried));
                } else if key != "parameters" {
                    converted.insert(key.clone(), value.clone());
                }
            }
            paths.insert(route.clone(), Value::Object(converted));
        }
        paths
    }

    /// The parameters listed at `at`, each `$ref` to `#/parameters/X` followed; a reference
    /// that leads nowhere is kept as it is (the loader's repairs report it).
    fn parameter_list(&self, list: Option<&'a Value>, at: &str) -> Vec<Parameter<'a>> {
        let mut found = Vec::new();
        for (index, raw) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Some(raw_object) = raw.as_object() else {
                continue;
            };
            let reference = raw_object.get("$ref").and_then(Value::as_str);
            let target = reference
                .and_then(|reference| reference.strip_prefix("#/parameters/"))
                .map(super::pointer::decode_fragment)
                .map(|name| super::pointer::unescape_segment(&name));
            let (at, value) = match target {
                Some(name) => match self
                    .source
                    .get("parameters")
                    .and_then(|all| all.get(&name))
                    .and_then(Value::as_object)
                {
                    Some(value) => (pointer(["parameters", name.as_str()]), value),
                    None => (format!("{at}/{index}"), raw_object),
                },
                None => (format!("{at}/{index}"), raw_object),
            };
            found.push(Parameter {
                at,
                reference,
                value,
            });
        }
        found
    }

    fn parameter_or_reference(&mut self, parameter: &Parameter) -> Value {
        match parameter.reference {
            Some(reference) => json!({ "$ref": reference }),
            None => self.parameter(parameter),
        }
    }

    fn operation(
        &mut self,
        operation: &'a Map<String, Value>,
        at: &str,
        carried: &[&Parameter<'a>],
    ) -> Value {
        let consumes = media_types(operation.get("consumes"))
            .or_else(|| self.consumes.clone())
            .unwrap_or_default();
        let produces = media_types(operation.get("produces"))
            .or_else(|| self.produces.clone())
            .unwrap_or_default();
        let own = self.parameter_list(operation.get("parameters"), &child(at, "parameters"));
        // The path item's body and form parameters, unless the operation overrides them.
        let inherited = carried.iter().filter(|shared| {
            !own.iter()
                .any(|p| p.location() == shared.location() && p.name() == shared.name())
        });
        let mut body: Option<&Parameter> = None;
        let mut form: Vec<&Parameter> = Vec::new();
        let mut parameters = Vec::new();
        for parameter in inherited.copied().chain(own.iter()) {
            match parameter.location() {
                "body" if body.is_none() => body = Some(parameter),
                "body" => self.warn(
                    &parameter.at,
                    "a second body parameter cannot be sent (an operation has one body); it is \
                     left out",
                ),
                "formData" => form.push(parameter),
                _ => {
                    let converted_at = format!("{at}/parameters/{}", parameters.len());
                    self.note_parameter(&converted_at, parameter);
                    parameters.push(self.parameter_or_reference(parameter));
                }
            }
        }
        let mut out = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "parameters" | "consumes" | "produces" | "responses" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let body_at = child(at, "requestBody");
        if let Some(body) = body {
            self.origins.add(body_at.clone(), body.at.clone());
            for media in out_media(&consumes) {
                let schema_at = format!("{}/schema", child(&child(&body_at, "content"), media));
                self.origins.add(schema_at, child(&body.at, "schema"));
            }
            out.insert("requestBody".into(), self.body(body, &consumes));
            for field in form {
                self.warn(
                    &field.at,
                    "a form field beside a body parameter cannot be sent (the body is the \
                     operation's one body); it is left out",
                );
            }
        } else if !form.is_empty() {
            let body = self.form_body(&form, &consumes);
            for media in object_entries(body.get("content")).map(|(media, _)| media) {
                let properties = format!(
                    "{}/schema/properties",
                    child(&child(&body_at, "content"), media)
                );
                for field in &form {
                    self.origins
                        .add(child(&properties, field.name()), field.at.clone());
                }
            }
            out.insert("requestBody".into(), body);
        }
        if let Some(responses) = operation.get("responses") {
            let responses_at = child(at, "responses");
            let produces = if produces.is_empty() {
                vec![JSON.to_string()]
            } else {
                produces
            };
            let converted: Map<String, Value> = object_entries(Some(responses))
                .map(|(status, response)| {
                    let response = if status.starts_with("x-") {
                        response.clone()
                    } else {
                        self.response(response, &child(&responses_at, status), &produces)
                    };
                    (status.clone(), response)
                })
                .collect();
            out.insert("responses".into(), Value::Object(converted));
        }
        Value::Object(out)
    }

    /// Notes that the parameter converted at `at` was written at `parameter.at`, its schema
    /// keywords on the parameter itself.
    fn note_parameter(&mut self, at: &str, parameter: &Parameter) {
        if parameter.reference.is_none() {
            self.origins.add(at, parameter.at.clone());
            self.origins.add(child(at, "schema"), parameter.at.clone());
        }
    }

    /// A body parameter as a request body with one media type per `consumes` entry.
    fn body(&mut self, parameter: &Parameter, consumes: &[String]) -> Value {
        let schema = parameter.value.get("schema").cloned().unwrap_or(json!({}));
        let content: Map<String, Value> = out_media(consumes)
            .into_iter()
            .map(|media| (media.to_string(), json!({ "schema": schema })))
            .collect();
        let mut body = Map::new();
        if let Some(description) = parameter.value.get("description") {
            body.insert("description".into(), description.clone());
        }
        body.insert("content".into(), Value::Object(content));
        if parameter.value.get("required") == Some(&json!(true)) {
            body.insert("required".into(), json!(true));
        }
        body.insert(
            "x-codegen-request-body-name".into(),
            json!(parameter.name()),
        );
        Value::Object(body)
    }

    /// `formData` parameters as one object body, sent as a form or as multipart: the types
    /// `consumes` names, else multipart when a field is a file and a form otherwise.
    fn form_body(&mut self, fields: &[&Parameter], consumes: &[String]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for field in fields {
            has_file |= field.value.get("type") == Some(&json!("file"));
            let mut schema = self.parameter_schema(field.value, &field.at);
            if let (Some(description), Some(schema)) =
                (field.value.get("description"), schema.as_object_mut())
            {
                schema.insert("description".into(), description.clone());
            }
            if field.value.get("required") == Some(&json!(true)) {
                required.push(json!(field.name()));
            }
            properties.insert(field.name().to_string(), schema);
        }
        let mut types: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|media| *media == FORM || *media == MULTIPART)
            .collect();
        if has_file && !types.contains(&MULTIPART) {
            types = vec![MULTIPART];
        } else if types.is_empty() {
            types = vec![FORM];
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required.clone()));
        }
        let schema = Value::Object(schema);
        let content: Map<String, Value> = types
            .into_iter()
            .map(|media| (media.to_string(), json!({ "schema": schema })))
            .collect();
        let mut body = json!({ "content": content });
        if !required.is_empty() {
            body["required"] = json!(true);
        }
        body
    }

    /// A path, query or header parameter: its schema keywords into `schema`, and
    /// `collectionFormat` into `style`/`explode`.
    fn parameter(&mut self, parameter: &Parameter) -> Value {
        let value = parameter.value;
        let location = parameter.location();
        let mut out = Map::new();
        for (key, field) in value {
            let keep = matches!(
                key.as_str(),
                "name" | "in" | "description" | "required" | "allowEmptyValue" | "deprecated"
            ) || (key.starts_with("x-") && key != "x-nullable" && key != "x-example");
            if keep {
                out.insert(key.clone(), field.clone());
            }
        }
        if location == "path" {
            out.insert("required".into(), json!(true));
        }
        if !matches!(location, "path" | "query" | "header") {
            self.warn(
                &child(&parameter.at, "in"),
                &format!("`in: {location}` is not a Swagger 2.0 parameter location"),
            );
        }
        out.insert("schema".into(), self.parameter_schema(value, &parameter.at));
        if let Some(example) = value.get("x-example") {
            out.insert("example".into(), example.clone());
        }
        if value.get("type") == Some(&json!("array")) {
            let format = value
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let at = child(&parameter.at, "collectionFormat");
            let (style, explode) = match (format, location) {
                ("csv", "query") => ("form", false),
                ("multi", "query") => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                ("csv", _) => ("simple", false),
                (other, "query") => {
                    self.warn(
                        &at,
                        &format!(
                            "`collectionFormat: {other}` has no OpenAPI 3.0 equivalent; sent \
                             comma-separated (`csv`)"
                        ),
                    );
                    ("form", false)
                }
                (other, _) => {
                    self.warn(
                        &at,
                        &format!(
                            "`collectionFormat: {other}` is not available in a {location} \
                             parameter in OpenAPI 3.0; sent comma-separated (`csv`)"
                        ),
                    );
                    ("simple", false)
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        Value::Object(out)
    }

    /// The schema of a parameter, header or `items` object: its schema keywords, with `items`
    /// converted alike.
    fn parameter_schema(&mut self, value: &Map<String, Value>, at: &str) -> Value {
        let mut schema = Map::new();
        for key in SCHEMA_KEYWORDS {
            if let Some(field) = value.get(key) {
                schema.insert(key.into(), field.clone());
            }
        }
        if let Some(items) = value.get("items").and_then(Value::as_object) {
            let items_at = child(at, "items");
            if items.get("type") == Some(&json!("array"))
                && items
                    .get("collectionFormat")
                    .is_some_and(|format| format != "csv")
            {
                self.warn(
                    &child(&items_at, "collectionFormat"),
                    "a nested list's own `collectionFormat` has no OpenAPI 3.0 equivalent; it \
                     is not read",
                );
            }
            let items = if items.contains_key("$ref") {
                Value::Object(items.clone())
            } else {
                self.parameter_schema(items, &items_at)
            };
            schema.insert("items".into(), items);
        }
        Value::Object(schema)
    }

    /// A response: its `schema` as content in each `produces` type, with the example 2.0 gives
    /// per media type, and its headers with schemas.
    fn response(&mut self, response: &Value, at: &str, produces: &[String]) -> Value {
        if response.is_null() {
            self.warn(
                at,
                "the response is empty; read as a response without a body",
            );
            return json!({ "description": "" });
        }
        let Some(response) = response.as_object() else {
            return response.clone();
        };
        if response.contains_key("$ref") {
            return Value::Object(response.clone());
        }
        let mut out = Map::new();
        for (key, value) in response {
            if key == "description" || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        let examples = response.get("examples").and_then(Value::as_object);
        if response.get("schema").is_some_and(Value::is_null) {
            self.warn(
                &child(at, "schema"),
                "the response's `schema` is empty; read as a response without a body",
            );
        }
        if let Some(schema) = response.get("schema").filter(|schema| !schema.is_null()) {
            let mut content = Map::new();
            let file = schema.get("type") == Some(&json!("file"));
            let mut types: Vec<String> = if file {
                let binary: Vec<String> = produces
                    .iter()
                    .filter(|media| !is_json(media))
                    .cloned()
                    .collect();
                if binary.is_empty() {
                    vec!["application/octet-stream".into()]
                } else {
                    binary
                }
            } else {
                produces.to_vec()
            };
            for media in examples.into_iter().flat_map(|e| e.keys()) {
                if !types.contains(media) {
                    types.push(media.clone());
                }
            }
            for media in types {
                let schema_at = format!("{}/schema", child(&child(at, "content"), &media));
                self.origins.add(schema_at, child(at, "schema"));
                let mut entry = json!({ "schema": schema });
                if let Some(example) = examples.and_then(|e| e.get(&media)) {
                    entry["example"] = example.clone();
                }
                content.insert(media, entry);
            }
            out.insert("content".into(), Value::Object(content));
        } else if examples.is_some_and(|e| !e.is_empty()) {
            self.warn(
                &child(at, "examples"),
                "examples of a response without a `schema` describe no body; they are not read",
            );
        }
        let headers_at = child(at, "headers");
        let headers: Map<String, Value> = object_entries(response.get("headers"))
            .filter_map(|(name, header)| {
                let header = header.as_object()?;
                let header_at = child(&headers_at, name);
                self.origins
                    .add(child(&header_at, "schema"), header_at.clone());
                let mut converted = Map::new();
                if let Some(description) = header.get("description") {
                    converted.insert("description".into(), description.clone());
                }
                converted.insert("schema".into(), self.parameter_schema(header, &header_at));
                Some((name.clone(), Value::Object(converted)))
            })
            .collect();
        if !headers.is_empty() {
            out.insert("headers".into(), Value::Object(headers));
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let scheme = scheme.as_object()?;
        let field = |key: &str| scheme.get(key).cloned().unwrap_or(json!(""));
        let mut out = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => json!({ "type": "http", "scheme": "basic" }),
            Some("apiKey") => json!({ "type": "apiKey", "name": field("name"), "in": field("in") }),
            Some("oauth2") => {
                let scopes = scheme.get("scopes").cloned().unwrap_or(json!({}));
                let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
                let (name, flow) = match flow {
                    "implicit" => (
                        "implicit",
                        json!({ "authorizationUrl": field("authorizationUrl"), "scopes": scopes }),
                    ),
                    "password" => (
                        "password",
                        json!({ "tokenUrl": field("tokenUrl"), "scopes": scopes }),
                    ),
                    "application" => (
                        "clientCredentials",
                        json!({ "tokenUrl": field("tokenUrl"), "scopes": scopes }),
                    ),
                    "accessCode" => (
                        "authorizationCode",
                        json!({
                            "authorizationUrl": field("authorizationUrl"),
                            "tokenUrl": field("tokenUrl"),
                            "scopes": scopes
                        }),
                    ),
                    other => {
                        self.warn(
                            &child(at, "flow"),
                            &format!("OAuth2 flow `{other}` is not one of Swagger 2.0's; the scheme is left out"),
                        );
                        return None;
                    }
                };
                json!({ "type": "oauth2", "flows": { name: flow } })
            }
            other => {
                let shown = other.unwrap_or("(none)");
                self.warn(
                    &child(at, "type"),
                    &format!("security type `{shown}` is not one of Swagger 2.0's; the scheme is left out"),
                );
                return None;
            }
        };
        if let Some(description) = scheme.get("description") {
            out["description"] = description.clone();
        }
        for (key, value) in scheme.iter().filter(|(key, _)| key.starts_with("x-")) {
            out[key] = value.clone();
        }
        Some(out)
    }

    fn warn(&mut self, at: &str, message: &str) {
        self.warnings.push(Located::at(at, message));
    }
}

/// The media types of a body: those `consumes` names, else JSON.
fn out_media(consumes: &[String]) -> Vec<&str> {
    if consumes.is_empty() {
        vec![JSON]
    } else {
        consumes.iter().map(String::as_str).collect()
    }
}

/// A `consumes`/`produces` list; `None` when absent (so the document's applies).
fn media_types(value: Option<&Value>) -> Option<Vec<String>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
    )
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == JSON || essence.ends_with("+json")
}

fn object_entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// `#/definitions/X` → `#/components/schemas/X`, and likewise for parameters and responses.
fn rewrite_references(doc: &mut Value) {
    for (at, target) in references(doc) {
        let rewritten = [
            ("#/definitions/", "#/components/schemas/"),
            ("#/parameters/", "#/components/parameters/"),
            ("#/responses/", "#/components/responses/"),
        ]
        .into_iter()
        .find_map(|(from, to)| target.strip_prefix(from).map(|rest| format!("{to}{rest}")));
        if let (Some(rewritten), Some(slot)) = (rewritten, doc.pointer_mut(&at)) {
            *slot = json!(rewritten);
        }
    }
}

/// The schema keywords 2.0 writes differently: `x-nullable`, `type: file` and a discriminator
/// given as a bare property name.
fn schema_keywords(schema: &mut Map<String, Value>) {
    if schema.remove("x-nullable") == Some(json!(true)) {
        schema.insert("nullable".into(), json!(true));
    }
    if schema.get("type") == Some(&json!("file")) {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
        schema.insert("discriminator".into(), json!({ "propertyName": property }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(doc: Value) -> (Value, Vec<Located>) {
        let mut doc = doc;
        let (warnings, _) = convert(&mut doc);
        (doc, warnings)
    }

    #[test]
    fn places_of_the_converted_document_are_located_in_the_2_0_one() {
        let mut doc = json!({"swagger": "2.0", "paths": {"/a": {"post": {
            "parameters": [
                {"name": "b", "in": "body", "schema": {"type": "object"}},
                {"name": "q", "in": "query", "type": "integer", "maximum": 3}],
            "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}}}},
            "definitions": {"S": {"type": "string"}}});
        let (_, map) = convert(&mut doc);
        for (converted, written) in [
            (
                "/components/schemas/S/maxLength",
                "/definitions/S/maxLength",
            ),
            (
                "/paths/~1a/post/parameters/0/schema/maximum",
                "/paths/~1a/post/parameters/1/maximum",
            ),
            (
                "/paths/~1a/post/requestBody/content/application~1json/schema/type",
                "/paths/~1a/post/parameters/0/schema/type",
            ),
            (
                "/paths/~1a/post/responses/200/content/application~1json/schema",
                "/paths/~1a/post/responses/200/schema",
            ),
            ("/paths/~1a/post/operationId", "/paths/~1a/post/operationId"),
        ] {
            assert_eq!(map.locate(converted), written, "{converted}");
        }
    }

    #[test]
    fn bare_definition_names_are_references_to_definitions() {
        let mut doc = json!({
            "swagger": "2.0",
            "definitions": {
                "pet": {"properties": {"owner": {"$ref": "owner"}, "file": {"$ref": "other.yaml"}}},
                "owner": {"type": "object"}
            },
            "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok",
                "schema": {"items": {"$ref": "pet"}}}}}}}
        });
        let warnings = bare_definition_references(&mut doc);
        assert_eq!(
            doc.pointer("/definitions/pet/properties/owner/$ref"),
            Some(&json!("#/definitions/owner"))
        );
        assert_eq!(
            doc.pointer("/paths/~1pets/get/responses/200/schema/items/$ref"),
            Some(&json!("#/definitions/pet"))
        );
        assert_eq!(
            doc.pointer("/definitions/pet/properties/file/$ref"),
            Some(&json!("other.yaml")),
            "a file reference stays one"
        );
        let places: Vec<String> = warnings
            .iter()
            .map(|warning| format!("{:?}", warning.location))
            .collect();
        assert_eq!(places.len(), 2, "{places:?}");
        assert!(
            places
                .iter()
                .any(|at| at.contains("/definitions/pet/properties/owner/$ref"))
        );
    }

    #[test]
    fn servers_come_from_host_base_path_and_schemes() {
        let (doc, _) = converted(json!({"swagger": "2.0", "host": "api.example.com",
            "basePath": "/v1/", "schemes": ["http", "https"], "paths": {}}));
        assert_eq!(
            doc["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        let (doc, _) = converted(json!({"swagger": "2.0", "basePath": "/v2", "paths": {}}));
        assert_eq!(doc["servers"], json!([{"url": "/v2"}]));
    }

    #[test]
    fn components_and_their_references_move_to_30_places() {
        let (doc, warnings) = converted(json!({
            "swagger": "2.0",
            "produces": ["application/json"],
            "definitions": {"Pet": {"type": "object", "x-nullable": true, "discriminator": "kind",
                "properties": {"owner": {"$ref": "#/definitions/Owner"}}},
                "Owner": {"type": "string"}},
            "parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer"},
                "Body": {"name": "pet", "in": "body", "required": true,
                    "schema": {"$ref": "#/definitions/Pet"}}},
            "responses": {"NotFound": {"description": "gone",
                "schema": {"$ref": "#/definitions/Owner"}}},
            "paths": {"/pets": {"post": {
                "parameters": [{"$ref": "#/parameters/Limit"}, {"$ref": "#/parameters/Body"}],
                "responses": {"404": {"$ref": "#/responses/NotFound"},
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"},
                        "examples": {"application/json": {"kind": "cat"}},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}}}}
            }}}
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        let pet = &doc["components"]["schemas"]["Pet"];
        assert_eq!(pet["nullable"], true);
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            pet["properties"]["owner"]["$ref"],
            "#/components/schemas/Owner"
        );
        assert_eq!(
            doc["components"]["parameters"]["Limit"],
            json!({"name": "limit", "in": "query", "schema": {"type": "integer"}})
        );
        assert!(doc["components"]["parameters"].get("Body").is_none());
        let post = &doc["paths"]["/pets"]["post"];
        assert_eq!(
            post["parameters"],
            json!([{"$ref": "#/components/parameters/Limit"}])
        );
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "x-codegen-request-body-name": "pet", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
        );
        assert_eq!(
            post["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
        assert_eq!(
            post["responses"]["200"]["content"]["application/json"]["example"],
            json!({"kind": "cat"})
        );
        assert_eq!(
            post["responses"]["200"]["headers"]["X-Rate"],
            json!({"description": "left", "schema": {"type": "integer"}})
        );
    }

    #[test]
    fn form_fields_become_a_form_or_multipart_body() {
        let (doc, _) = converted(json!({"swagger": "2.0", "paths": {
            "/upload": {"post": {"consumes": ["multipart/form-data"], "parameters": [
                {"name": "file", "in": "formData", "type": "file", "required": true},
                {"name": "note", "in": "formData", "type": "string"}],
                "responses": {"204": {"description": "done"}}}},
            "/login": {"post": {"parameters": [
                {"name": "user", "in": "formData", "type": "string"}],
                "responses": {"204": {"description": "done"}}}}
        }}));
        let upload = &doc["paths"]["/upload"]["post"]["requestBody"];
        assert_eq!(
            upload["content"]["multipart/form-data"]["schema"],
            json!({"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary"},
                "note": {"type": "string"}}})
        );
        let login = &doc["paths"]["/login"]["post"]["requestBody"]["content"];
        assert!(login.get(FORM).is_some(), "{login}");
    }

    #[test]
    fn collection_formats_become_styles_and_what_has_none_is_a_located_warning() {
        let (doc, warnings) = converted(json!({"swagger": "2.0", "paths": {"/a/{ids}": {
            "parameters": [{"name": "ids", "in": "path", "type": "array",
                "items": {"type": "integer"}}],
            "get": {"parameters": [
                {"name": "m", "in": "query", "type": "array", "collectionFormat": "multi",
                    "items": {"type": "string"}},
                {"name": "p", "in": "query", "type": "array", "collectionFormat": "pipes",
                    "items": {"type": "string"}},
                {"name": "t", "in": "query", "type": "array", "collectionFormat": "tsv",
                    "items": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}}}}));
        let item = &doc["paths"]["/a/{ids}"];
        assert_eq!(item["parameters"][0]["style"], "simple");
        assert_eq!(item["parameters"][0]["required"], true);
        let get = &item["get"]["parameters"];
        assert_eq!(
            (&get[0]["style"], &get[0]["explode"]),
            (&json!("form"), &json!(true))
        );
        assert_eq!(get[1]["style"], "pipeDelimited");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].location,
            crate::error::Location::Pointer(
                "/paths/~1a~1{ids}/get/parameters/2/collectionFormat".into()
            )
        );
    }

    #[test]
    fn security_definitions_become_schemes_and_unknown_ones_are_left_out() {
        let (doc, warnings) = converted(json!({"swagger": "2.0", "paths": {},
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "code": {"type": "oauth2", "flow": "accessCode",
                    "authorizationUrl": "https://a", "tokenUrl": "https://t",
                    "scopes": {"read": "read"}},
                "odd": {"type": "magic"}}}));
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            schemes["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            schemes["code"]["flows"]["authorizationCode"]["tokenUrl"],
            "https://t"
        );
        assert!(schemes.get("odd").is_none());
        assert_eq!(
            warnings[0].location,
            crate::error::Location::Pointer("/securityDefinitions/odd/type".into())
        );
    }

    #[test]
    fn empty_responses_schemas_and_definitions_are_read_with_warnings() {
        let (doc, warnings) = converted(json!({"swagger": "2.0",
            "definitions": {"Nothing": null},
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "ok", "schema": null},
                "404": null}}}}}));
        let responses = &doc["paths"]["/a"]["get"]["responses"];
        assert_eq!(responses["200"], json!({"description": "ok"}));
        assert_eq!(responses["404"], json!({"description": ""}));
        assert_eq!(doc["components"]["schemas"]["Nothing"], json!({}));
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn a_second_body_and_form_fields_beside_a_body_are_left_out_with_warnings() {
        let (doc, warnings) = converted(json!({"swagger": "2.0", "paths": {"/a": {
            "parameters": [{"name": "shared", "in": "body", "schema": {"type": "string"}}],
            "put": {"parameters": [
                {"name": "b", "in": "body", "schema": {"type": "integer"}},
                {"name": "f", "in": "formData", "type": "string"}],
                "responses": {"200": {"description": "ok"}}}}}}));
        let body = &doc["paths"]["/a"]["put"]["requestBody"];
        assert_eq!(body["x-codegen-request-body-name"], "shared");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
