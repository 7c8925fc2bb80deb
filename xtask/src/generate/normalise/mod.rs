//! Normalise: rewrite a copy of the spec so progenitor accepts it and our own generators know
//! every operation's types by name.
//!
//! progenitor 0.15 allows one success type and one error type per operation (it panics
//! otherwise). This stage:
//! - names inline request and success schemas (`<Op>Body`, `<Op>Response`) so the server
//!   generator can refer to them;
//! - spells `default` out as the ranges it stands for: `4XX`/`5XX`, and `2XX` where no success
//!   is documented (progenitor counts `default` as a success and an error at once);
//! - merges each operation's documented errors into one type, chosen as `DESIGN.md` says:
//!   * every error body has a required single-value string enum property in common (Katapult's
//!     `code`) → one internally tagged enum `<Op>Error`, a variant per code, whose status is the
//!     one the spec documents for it ([`ErrorPlan::Tagged`]);
//!   * all statuses share one schema → that schema, typed by status ([`ErrorPlan::Shared`]);
//!   * otherwise → the body is kept as JSON and typed by status ([`ErrorPlan::ByStatus`]), never
//!     by trying shapes until one parses.
//!
//! The room `normalise/`. In: the loaded document (JSON). Out: [`Normalised`], the
//! progenitor-ready copy with a plan per operation, and located warnings. Its files: the
//! document's repairs ([`schema_repair`]), component and operation naming ([`component_names`],
//! [`operation_names`]), hoisting ([`hoist`]), schemas rewritten so decoding then encoding keeps
//! the data ([`round_trip`]), parameters and request bodies ([`parameters`], [`request_body`],
//! [`request_rewrite`]).
//!
//! May import: syntax.

pub mod component_names;
pub mod hoist;
pub mod operation_names;
pub mod parameters;
pub mod request_body;
pub mod request_rewrite;
pub mod round_trip;
pub mod schema_repair;

pub use parameters::ParameterStyle;
pub use request_rewrite::RequestRewrite;

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::error::{Located, StageResult};
use crate::generate::syntax::naming::{ComponentNames, pascal_name, typify_names_inline};
use crate::spec::media;
use crate::spec::operations;
use crate::spec::pointer::{decode_fragment, escape_segment};
use crate::spec::refs::resolve;
use component_names::{
    hoist_inline_types_named_like_components, inert_prose, unique_component_names,
};
use hoist::{hoist_references, hoist_self_holding_all_of};
use operation_names::name_operations;
use parameters::{drop_path_item_parameters, normalise_parameters};
use round_trip::keep_round_trips;
use schema_repair::repair_schemas;

/// The normalised spec and what each operation became.
#[derive(Debug, Clone)]
pub struct Normalised {
    /// The rewritten document, as progenitor will read it.
    pub openapi: openapiv3::OpenAPI,
    /// The same document as JSON.
    pub document: Value,
    /// One plan per operation, in document order.
    pub operations: Vec<OperationPlan>,
    /// What the document says that the generator reads differently, each at its place.
    pub warnings: Vec<Located>,
    /// Whether typify's per-type builders stay in the output: the document's root says
    /// `x-struct-builders: true` (or `generate --struct-builders` asked).
    pub struct_builders: bool,
}

/// Everything the generators need to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// The operationId as written in the spec.
    pub operation_id: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/v2/{project_id}/os-volume-manage`.
    pub path: String,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// The JSON request body's component name, if the operation takes one.
    pub request_body: Option<String>,
    /// The media type the spec documents for the request body.
    pub request_content_type: Option<String>,
    /// What the client runtime does to the request before sending it.
    pub request_rewrites: Vec<RequestRewrite>,
    /// The parameters (by their name in the normalised document) whose value the request
    /// builder writes as text in a style of its own (see [`ParameterStyle`]).
    pub parameter_styles: Vec<(String, ParameterStyle)>,
    /// The documented success status (a code like `201`, or a range like `2XX`).
    pub success_status: String,
    /// The success body: a component name, `None` for no body, or any JSON if the spec
    /// documents several success bodies.
    pub success_body: SuccessBody,
    /// How the documented errors are typed.
    pub errors: ErrorPlan,
    /// Statuses whose bodies the client runtime rewrites before decoding (see [`Rewrite`]).
    pub rewrites: Vec<(String, Rewrite)>,
}

/// The body of an operation's success response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuccessBody {
    /// No body (or one that is not JSON, which the client hands over as a byte stream).
    Empty,
    /// A named component schema.
    Schema(String),
    /// Statuses whose bodies differ (or some of which have none): one enum, `enum_name`, a
    /// variant per status, decoded by status. The client runtime hands the generated code
    /// the status with the body (see [`Rewrite::WrapWithStatus`]).
    ByStatus {
        /// The enum's name (a placeholder component that progenitor replaces by
        /// `crate::<enum_name>`, re-exported from `responses`).
        enum_name: String,
        /// Each documented status with what its body is.
        statuses: Vec<(String, StatusBody)>,
    },
}

/// What one documented response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusBody {
    /// JSON of a named component schema.
    Json(String),
    /// Text (`text/*`).
    Text,
    /// Bytes of any other media type.
    Binary,
    /// Nothing.
    Empty,
    /// A redirection (3XX): the `Location` header, if any, is the value; the client does not
    /// follow it.
    Location,
}

/// How the client runtime must present a response body to the generated decoding code, which
/// (being progenitor's) decodes one JSON type per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// Replace the body with `{"status": <status>, "body": <body as JSON>}`, the body read as
    /// the given kind (`Empty`: `null`).
    WrapWithStatus(BodyKind),
    /// Replace the body with `null` (a documented status without a JSON body, among statuses
    /// with one).
    Null,
}

/// How a response body is turned into JSON for [`Rewrite::WrapWithStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// Already JSON.
    Json,
    /// Text: a JSON string.
    Text,
    /// Bytes: a JSON array of numbers.
    Binary,
    /// No body: `null`.
    Empty,
    /// The `Location` header as a JSON string (`null` without one).
    Location,
}

/// How an operation's documented error responses are typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorPlan {
    /// No documented error responses.
    None,
    /// One internally tagged enum component `enum_name`, discriminated by `tag`.
    Tagged {
        /// Component name of the enum.
        enum_name: String,
        /// The discriminating property, e.g. `code`.
        tag: String,
        /// Each tag value with the status documented for it, in document order.
        variants: Vec<TaggedVariant>,
    },
    /// Every error status has the same body schema (a component name), or none.
    Shared {
        /// The crate root's enum of these errors by status, e.g. `GetPetError`.
        enum_name: String,
        /// The shared component, if the errors have a JSON body.
        schema: Option<String>,
        /// Documented statuses, e.g. `400`, `4XX`.
        statuses: Vec<String>,
    },
    /// Bodies differ and nothing discriminates them: JSON typed by status.
    ByStatus {
        /// The crate root's enum of these errors by status, e.g. `GetPetError`.
        enum_name: String,
        /// Each documented status with its body's component name (`None`: no body).
        statuses: Vec<(String, Option<String>)>,
    },
}

/// One variant of a tagged error enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedVariant {
    /// The tag's value, e.g. `validation_error`.
    pub value: String,
    /// The documented status, e.g. `422`.
    pub status: String,
    /// The component the variant came from, if it was a `$ref`.
    pub source: Option<String>,
    /// Whether the spec marks this error `x-retryable`: the server did not process the request.
    pub retryable: bool,
    /// Whether the variant has a required string `description` (used in its `Display`).
    pub has_description: bool,
    /// The error schema's own description: what the API says this error means.
    pub meaning: Option<String>,
}

/// Normalises a validated document, in place: the loaded document is not kept beside its
/// normalised copy.
pub fn normalise(mut doc: Value) -> StageResult<Normalised> {
    let struct_builders = doc.get("x-struct-builders") == Some(&Value::Bool(true));
    inert_prose(&mut doc);
    let mut warnings = unique_component_names(&mut doc);
    warnings.extend(hoist_inline_types_named_like_components(&mut doc));
    warnings.extend(hoist_references(&mut doc));
    warnings.extend(name_operations(&mut doc));
    warnings.extend(repair_schemas(&mut doc));
    keep_round_trips(&mut doc);
    warnings.extend(hoist_self_holding_all_of(&mut doc));
    let targets: Vec<(String, String, &'static str)> = operations(&doc)
        .into_iter()
        .map(|op| (op.pointer.clone(), op.route.to_string(), op.method))
        .collect();
    // Every name from here on is invented for an operation: it must keep clear of the names
    // typify gives inline types too.
    let mut names = ComponentNames::with_typify_names(&doc);
    let mut plans = Vec::with_capacity(targets.len());
    for (op_pointer, route, method) in targets {
        plans.push(normalise_operation(
            &mut doc,
            &mut names,
            (&route, method, &op_pointer),
            &mut warnings,
        )?);
    }
    warnings.extend(names.take_warnings());
    drop_path_item_parameters(&mut doc);
    let openapi = serde_path_to_error::deserialize(&doc).map_err(|err| {
        Located::whole(format!(
            "internal error: the normalised document is not valid OpenAPI at {}: {}",
            err.path(),
            err.inner()
        ))
    })?;
    Ok(Normalised {
        openapi,
        document: doc,
        operations: plans,
        warnings,
        struct_builders,
    })
}

/// The plan of the operation `method` of `route` (at `op_pointer`); what it reads otherwise
/// than documented goes to `warnings`.
fn normalise_operation(
    doc: &mut Value,
    names: &mut ComponentNames,
    (route, method, op_pointer): (&str, &'static str, &str),
    warnings: &mut Vec<Located>,
) -> StageResult<OperationPlan> {
    let operation_id = doc
        .pointer(&format!("{op_pointer}/operationId"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let op_name = pascal_name(&operation_id);

    let parameters = normalise_parameters(doc, route, method, op_pointer);
    warnings.extend(parameters.warnings);
    let mut request_rewrites = parameters.rewrites;
    name_parameter_types(doc, names, op_pointer, &operation_id);
    let (request_body, request_content_type, body_rewrite) =
        name_request_body(doc, names, op_pointer, &op_name)?;
    request_rewrites.extend(body_rewrite);
    rewrite_default_response(doc, op_pointer);
    let redirects = take_informational_and_redirects(doc, op_pointer);
    let responses = response_statuses(doc, op_pointer);
    let mut rewrites = Vec::new();
    let (success_status, success_body) = plan_success(
        doc,
        names,
        op_pointer,
        &op_name,
        (&responses, &redirects),
        &mut rewrites,
    );
    let errors = plan_errors(doc, names, op_pointer, &op_name, &responses, &mut rewrites)?;

    Ok(OperationPlan {
        operation_id,
        method: method.to_string(),
        path: route.to_string(),
        pointer: op_pointer.to_string(),
        request_body,
        request_content_type,
        request_rewrites,
        parameter_styles: parameters.styles,
        success_status,
        success_body,
        errors,
        rewrites,
    })
}

/// progenitor names the type of an inline parameter schema typify gives a type of its own
/// (an enum, an object) `<operationId>-<name>` in PascalCase, and typify cannot hold two types
/// of one name. That name is asked of the allocator; where it is taken, the schema becomes a
/// component under the free name the allocator gives (with its warning), and the parameter refers to it.
fn name_parameter_types(
    doc: &mut Value,
    names: &mut ComponentNames,
    op_pointer: &str,
    operation_id: &str,
) {
    let count = doc
        .pointer(&format!("{op_pointer}/parameters"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    for index in 0..count {
        let at = format!("{op_pointer}/parameters/{index}");
        let Some(parameter) = doc.pointer(&at) else {
            continue;
        };
        let (Some(name), Some(schema)) = (
            parameter.get("name").and_then(Value::as_str),
            parameter.get("schema"),
        ) else {
            continue;
        };
        if !typify_names_inline(schema) {
            continue;
        }
        let schema = schema.clone();
        let wanted = pascal_name(&format!("{operation_id}-{name}"));
        let schema_at = format!("{at}/schema");
        let name = names.unique(&wanted, &schema_at);
        if name == wanted {
            continue;
        }
        add_component(doc, &name, schema);
        if let Some(slot) = doc.pointer_mut(&schema_at) {
            *slot = json!({ "$ref": format!("#/components/schemas/{}", escape_segment(&name)) });
        }
    }
}

/// Replaces a `$ref`'d request body or response with an inline copy, so it can be rewritten
/// for this operation alone.
fn inline_at(doc: &mut Value, at: &str) {
    let Some(value) = doc.pointer(at) else { return };
    if value.get("$ref").is_some() {
        let resolved = resolve(doc, value).clone();
        if let Some(slot) = doc.pointer_mut(at) {
            *slot = resolved;
        }
    }
}

/// Gives an inline schema a component name and replaces it with a `$ref`; returns the name.
fn name_schema(
    doc: &mut Value,
    names: &mut ComponentNames,
    schema_at: &str,
    wanted: &str,
) -> Option<String> {
    let mut schema = doc.pointer(schema_at)?.clone();
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(name) = target.strip_prefix("#/components/schemas/")
            && !name.contains('/')
        {
            return Some(decode_fragment(name).replace("~1", "/").replace("~0", "~"));
        }
        // A reference elsewhere: the named component is a copy of what it points at.
        schema = resolve(doc, &schema).clone();
    }
    let name = names.unique(wanted, schema_at);
    add_component(doc, &name, schema);
    *doc.pointer_mut(schema_at)? = json!({ "$ref": format!("#/components/schemas/{name}") });
    Some(name)
}

/// Names one schema that several responses share (identical, or the same `$ref`) and points
/// every one of them at that single component, so progenitor sees one type.
fn name_shared_schema(
    doc: &mut Value,
    names: &mut ComponentNames,
    ats: &[&String],
    wanted: &str,
) -> Option<String> {
    let (first, rest) = ats.split_first()?;
    let name = name_schema(doc, names, first, wanted)?;
    let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
    for at in rest {
        if let Some(slot) = doc.pointer_mut(at) {
            *slot = reference.clone();
        }
    }
    Some(name)
}

fn add_component(doc: &mut Value, name: &str, schema: Value) {
    let root = doc
        .as_object_mut()
        .expect("validated documents are objects");
    let components = root
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    if let Some(components) = components {
        let schemas = components.entry("schemas").or_insert_with(|| json!({}));
        if let Some(schemas) = schemas.as_object_mut() {
            schemas.insert(name.to_string(), schema);
        }
    }
}

/// Reduces the request body to one media type progenitor sends (see [`request_body`]) and
/// names its schema; returns the name, the documented media type and the runtime's rewrite.
fn name_request_body(
    doc: &mut Value,
    names: &mut ComponentNames,
    op_pointer: &str,
    op_name: &str,
) -> StageResult<(Option<String>, Option<String>, Option<RequestRewrite>)> {
    let body_at = format!("{op_pointer}/requestBody");
    if doc.pointer(&body_at).is_none() {
        return Ok((None, None, None));
    }
    inline_at(doc, &body_at);
    let Some(chosen) = request_body::choose(doc, &body_at) else {
        return Ok((None, None, None));
    };
    let name = match &chosen.schema_at {
        Some(at) => name_schema(doc, names, at, &format!("{op_name}Body")),
        None => None,
    };
    Ok((name, Some(chosen.documented), chosen.rewrite))
}

/// progenitor treats `default` as both a success and an error, and allows one type of each.
/// `default` stands for every status not documented on its own, so it is spelled out as
/// ranges: the error ranges `4XX`/`5XX` always, and `2XX` too where no success is documented
/// (then `default` is the only description of a success the document gives).
fn rewrite_default_response(doc: &mut Value, op_pointer: &str) {
    let Some(responses) = doc
        .pointer_mut(&format!("{op_pointer}/responses"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let Some(default) = responses.remove("default") else {
        return;
    };
    let has_success = responses.keys().any(|status| status.starts_with('2'));
    let ranges: &[&str] = if has_success {
        &["4XX", "5XX"]
    } else {
        &["2XX", "4XX", "5XX"]
    };
    for range in ranges {
        responses
            .entry(range.to_string())
            .or_insert_with(|| default.clone());
    }
}

fn response_statuses(doc: &Value, op_pointer: &str) -> Vec<String> {
    doc.pointer(&format!("{op_pointer}/responses"))
        .and_then(Value::as_object)
        .map(|responses| responses.keys().cloned().collect())
        .unwrap_or_default()
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// The success of an operation from its documented statuses (`statuses`, all left in `doc`,
/// and `redirects`, the 3XX ones taken out of it): one type, or an enum by status.
fn plan_success(
    doc: &mut Value,
    names: &mut ComponentNames,
    op_pointer: &str,
    op_name: &str,
    (statuses, redirects): (&[String], &[String]),
    rewrites: &mut Vec<(String, Rewrite)>,
) -> (String, SuccessBody) {
    let successes: Vec<&String> = statuses.iter().filter(|s| is_success(s)).collect();
    let Some(first) = successes.first().copied().or(redirects.first()) else {
        // Nothing documented: progenitor accepts any 2XX without a body.
        return ("2XX".to_string(), SuccessBody::Empty);
    };
    let bodies: Vec<(String, ResponseBody)> = successes
        .iter()
        .map(|status| (status.to_string(), response_body(doc, op_pointer, status)))
        .collect();
    let json_ats: Vec<&String> = bodies
        .iter()
        .filter_map(|(_, body)| match body {
            ResponseBody::Json(at) => Some(at),
            _ => None,
        })
        .collect();
    let distinct: BTreeSet<String> = json_ats
        .iter()
        .filter_map(|at| doc.pointer(at).map(Value::to_string))
        .collect();
    let all_json = json_ats.len() == bodies.len();
    let empty = bodies
        .iter()
        .filter(|(_, b)| *b == ResponseBody::Empty)
        .count();
    if redirects.is_empty() && json_ats.is_empty() && (empty == 0 || empty == bodies.len()) {
        // No JSON, and no mix of bodies with none: nothing, or bytes progenitor hands over as
        // a stream.
        return (first.to_string(), SuccessBody::Empty);
    }
    if redirects.is_empty() && all_json && distinct.len() == 1 {
        let ats: Vec<&String> = json_ats.into_iter().collect();
        if let Some(name) = name_shared_schema(doc, names, &ats, &format!("{op_name}Response")) {
            return (first.to_string(), SuccessBody::Schema(name));
        }
    }
    // Bodies differ by status: name each JSON body, then point every success status at one
    // placeholder type that the generated `responses` module defines.
    let enum_name = names.unique(&format!("{op_name}Success"), op_pointer);
    add_component(doc, &enum_name, json!({}));
    let placeholder = json!({
        "application/json": {"schema": {"$ref": format!("#/components/schemas/{enum_name}")}}
    });
    let mut typed = Vec::new();
    for (status, body) in bodies {
        let (status_body, kind) = match body {
            ResponseBody::Json(at) => {
                let name = name_schema(doc, names, &at, &format!("{op_name}Response{status}"))
                    .unwrap_or_else(|| enum_name.clone());
                (StatusBody::Json(name), BodyKind::Json)
            }
            ResponseBody::Text => (StatusBody::Text, BodyKind::Text),
            ResponseBody::Binary => (StatusBody::Binary, BodyKind::Binary),
            ResponseBody::Empty => (StatusBody::Empty, BodyKind::Empty),
        };
        if let Some(response) = doc
            .pointer_mut(&format!(
                "{op_pointer}/responses/{}",
                escape_segment(&status)
            ))
            .and_then(Value::as_object_mut)
        {
            response.insert("content".into(), placeholder.clone());
        }
        rewrites.push((status.clone(), Rewrite::WrapWithStatus(kind)));
        typed.push((status, status_body));
    }
    // A documented redirection is an answer of the operation: its variant holds the
    // `Location`, and the client decodes it with the 2XX ones (progenitor, which decodes only
    // 2XX as success, is given the placeholder under `2XX` when no 2XX is documented).
    for status in redirects {
        // `304 Not Modified` points nowhere: a variant without a value.
        let (kind, body) = if status == "304" {
            (BodyKind::Empty, StatusBody::Empty)
        } else {
            (BodyKind::Location, StatusBody::Location)
        };
        rewrites.push((status.clone(), Rewrite::WrapWithStatus(kind)));
        typed.push((status.clone(), body));
    }
    if successes.is_empty()
        && let Some(responses) = doc
            .pointer_mut(&format!("{op_pointer}/responses"))
            .and_then(Value::as_object_mut)
    {
        responses.insert(
            "2XX".into(),
            json!({"description": "Not documented: the operation answers with a redirection.",
                   "content": placeholder}),
        );
    }
    (
        first.to_string(),
        SuccessBody::ByStatus {
            enum_name,
            statuses: typed,
        },
    )
}

/// What a documented response carries, after inlining a `$ref`'d response; a JSON body's
/// media type is renamed `application/json` (progenitor types no other).
#[derive(Debug, Clone, PartialEq, Eq)]
enum ResponseBody {
    /// JSON, with the pointer of its schema.
    Json(String),
    Text,
    Binary,
    Empty,
}

fn response_body(doc: &mut Value, op_pointer: &str, status: &str) -> ResponseBody {
    let response_at = format!("{op_pointer}/responses/{}", escape_segment(status));
    inline_at(doc, &response_at);
    let Some(content) = doc
        .pointer_mut(&format!("{response_at}/content"))
        .and_then(Value::as_object_mut)
    else {
        return ResponseBody::Empty;
    };
    // JSON: the one JSON entry (the plain type if there is one, else the first `+json` or
    // `json; charset=…`) becomes `application/json` (the only one progenitor types), with
    // any JSON when it has no schema; the other JSON spellings go.
    let json_keys: Vec<String> = content
        .keys()
        .filter(|key| media::is_json(key))
        .cloned()
        .collect();
    if let Some(first) = json_keys.first() {
        let chosen = if content.contains_key("application/json") {
            "application/json".to_string()
        } else {
            first.clone()
        };
        let mut entry = content.remove(&chosen).unwrap_or_else(|| json!({}));
        for key in &json_keys {
            content.remove(key);
        }
        if entry.get("schema").is_none() {
            entry["schema"] = json!({});
        }
        if let Some(entry) = entry.as_object_mut() {
            entry.remove("encoding");
        }
        content.insert("application/json".into(), entry);
        return ResponseBody::Json(format!("{response_at}/content/application~1json/schema"));
    }
    match content.keys().next() {
        None => ResponseBody::Empty,
        Some(key) if key.starts_with("text/") => ResponseBody::Text,
        Some(_) => ResponseBody::Binary,
    }
}

/// The pointer of a response's JSON schema (see [`response_body`]).
fn response_schema_at(doc: &mut Value, op_pointer: &str, status: &str) -> Option<String> {
    match response_body(doc, op_pointer, status) {
        ResponseBody::Json(at) => Some(at),
        _ => None,
    }
}

/// Informational (1XX) and redirect (3XX) responses are left out of the copy progenitor reads,
/// which would count them as neither success nor error (and `101` as a websocket upgrade).
/// 1XX are HTTP's own business; the documented 3XX statuses are returned: the operation
/// answers them as values (see [`plan_success`]).
fn take_informational_and_redirects(doc: &mut Value, op_pointer: &str) -> Vec<String> {
    let mut redirects = Vec::new();
    if let Some(responses) = doc
        .pointer_mut(&format!("{op_pointer}/responses"))
        .and_then(Value::as_object_mut)
    {
        responses.retain(|status, _| {
            let upper = status.to_ascii_uppercase();
            if upper.starts_with('3') && (upper == "3XX" || upper.parse::<u16>().is_ok()) {
                redirects.push(upper.clone());
            }
            !(upper.starts_with('3') || upper.starts_with('1'))
        });
    }
    redirects
}

/// One documented error body alternative, resolved to its object schema.
struct Alternative {
    status: String,
    schema: Value,
    source: Option<String>,
}

fn plan_errors(
    doc: &mut Value,
    names: &mut ComponentNames,
    op_pointer: &str,
    op_name: &str,
    statuses: &[String],
    rewrites: &mut Vec<(String, Rewrite)>,
) -> StageResult<ErrorPlan> {
    let errors: Vec<String> = statuses.iter().filter(|s| is_error(s)).cloned().collect();
    if errors.is_empty() {
        return Ok(ErrorPlan::None);
    }
    let mut schema_ats = Vec::new();
    for status in &errors {
        schema_ats.push((status.clone(), response_schema_at(doc, op_pointer, status)));
    }

    let operation_id = doc
        .pointer(&format!("{op_pointer}/operationId"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if let Some(plan) = try_tagged(
        doc,
        names,
        (&operation_id, op_pointer),
        op_name,
        &schema_ats,
    ) {
        return Ok(plan);
    }
    // The crate root's enum of this operation's errors, by status.
    let enum_name = names.unique(&format!("{op_name}Error"), op_pointer);

    let distinct: BTreeSet<String> = schema_ats
        .iter()
        .filter_map(|(_, at)| at.as_ref())
        .filter_map(|at| doc.pointer(at).map(Value::to_string))
        .collect();
    let all_typed = schema_ats.iter().all(|(_, at)| at.is_some());
    if distinct.is_empty() {
        // No JSON error body: progenitor can only treat them alike if none has a body.
        for status in &errors {
            let at = format!("{op_pointer}/responses/{}", escape_segment(status));
            if let Some(response) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
                response.remove("content");
            }
        }
    }
    if distinct.len() <= 1 && (all_typed || distinct.is_empty()) {
        let ats: Vec<&String> = schema_ats
            .iter()
            .filter_map(|(_, at)| at.as_ref())
            .collect();
        let schema = name_shared_schema(doc, names, &ats, &format!("{op_name}ErrorBody"));
        return Ok(ErrorPlan::Shared {
            enum_name,
            schema,
            statuses: errors,
        });
    }

    // Typed by status: name each body, then let progenitor see plain JSON so that one error
    // type serves every status; the generated `<Op>Error` decodes it by status. A status
    // without a JSON body is shown to progenitor as JSON too, and the client runtime makes
    // its body `null` (the variant carries `()`).
    let mut by_status = Vec::new();
    for (status, at) in &schema_ats {
        let name = match at {
            Some(at) => {
                let name = name_schema(doc, names, at, &format!("{op_name}Error{status}"));
                if let Some(slot) = doc.pointer_mut(at) {
                    *slot = json!({});
                }
                name
            }
            None => {
                let at = format!("{op_pointer}/responses/{}", escape_segment(status));
                if let Some(response) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
                    response.insert(
                        "content".into(),
                        json!({"application/json": {"schema": {}}}),
                    );
                }
                rewrites.push((status.clone(), Rewrite::Null));
                None
            }
        };
        by_status.push((status.clone(), name));
    }
    Ok(ErrorPlan::ByStatus {
        enum_name,
        statuses: by_status,
    })
}

/// Tries to merge all error bodies into one internally tagged enum. Returns `None` (and leaves
/// the document untouched) when the bodies share no discriminating property.
fn try_tagged(
    doc: &mut Value,
    names: &mut ComponentNames,
    (operation_id, op_pointer): (&str, &str),
    op_name: &str,
    schema_ats: &[(String, Option<String>)],
) -> Option<ErrorPlan> {
    let mut alternatives = Vec::new();
    for (status, at) in schema_ats {
        let at = at.as_ref()?;
        let schema = doc.pointer(at)?;
        let members: Vec<&Value> = match resolve(doc, schema).get("oneOf") {
            Some(Value::Array(members)) => members.iter().collect(),
            _ => vec![schema],
        };
        for member in members {
            let source = member
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .map(str::to_string);
            let resolved = resolve(doc, member);
            if resolved.get("oneOf").is_some()
                || resolved.get("allOf").is_some()
                || resolved.get("anyOf").is_some()
            {
                return None;
            }
            alternatives.push(Alternative {
                status: status.clone(),
                schema: resolved.clone(),
                source,
            });
        }
    }
    let tag = common_tag(doc, &alternatives)?;

    let mut variants = Vec::new();
    let mut members = Vec::new();
    for alternative in &alternatives {
        let value = tag_value(doc, &alternative.schema, &tag)?;
        let required = |name: &str| {
            alternative
                .schema
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|names| names.iter().any(|n| n == name))
        };
        let description_is_string = alternative
            .schema
            .pointer("/properties/description")
            .map(|p| resolve(doc, p))
            .and_then(|p| p.get("type"))
            == Some(&json!("string"));
        variants.push(TaggedVariant {
            value: value.clone(),
            status: alternative.status.clone(),
            source: alternative.source.clone(),
            retryable: alternative.schema.get("x-retryable") == Some(&json!(true)),
            has_description: required("description") && description_is_string,
            meaning: alternative
                .schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
        });
        members.push(inline_variant(doc, &alternative.schema, &tag, &value));
    }
    let enum_name = names.unique(&format!("{op_name}Error"), op_pointer);
    let description = format!(
        "Every error `{operation_id}` documents, discriminated by `{tag}`; `status()` gives the \
         HTTP status the spec documents for each."
    );
    add_component(
        doc,
        &enum_name,
        json!({ "description": description, "oneOf": members }),
    );
    let reference = json!({ "$ref": format!("#/components/schemas/{enum_name}") });
    for (_, at) in schema_ats {
        if let Some(slot) = at.as_ref().and_then(|at| doc.pointer_mut(at)) {
            *slot = reference.clone();
        }
    }
    Some(ErrorPlan::Tagged {
        enum_name,
        tag,
        variants,
    })
}

/// The property every alternative requires with a single, distinct string value.
fn common_tag(doc: &Value, alternatives: &[Alternative]) -> Option<String> {
    let first = alternatives.first()?;
    let candidates: BTreeSet<String> = first
        .schema
        .get("properties")?
        .as_object()?
        .keys()
        .cloned()
        .collect();
    candidates.into_iter().find(|candidate| {
        let mut seen = BTreeSet::new();
        alternatives.iter().all(|alternative| {
            tag_value(doc, &alternative.schema, candidate).is_some_and(|value| seen.insert(value))
        })
    })
}

/// The single string value of a required enum property, if that is what `property` is.
fn tag_value(doc: &Value, schema: &Value, property: &str) -> Option<String> {
    let required = schema.get("required")?.as_array()?;
    if !required.iter().any(|name| name == property) {
        return None;
    }
    let property_schema = resolve(doc, schema.get("properties")?.get(property)?);
    let values = property_schema.get("enum")?.as_array()?;
    match (property_schema.get("type"), values.as_slice()) {
        (Some(Value::String(kind)), [Value::String(value)]) if kind == "string" => {
            Some(value.clone())
        }
        _ => None,
    }
}

/// An object schema typify turns into a struct variant: inline, no `additionalProperties`, and
/// a tag property that is exactly `{type: string, enum: [value]}`.
fn inline_variant(doc: &Value, schema: &Value, tag: &str, value: &str) -> Value {
    let mut variant = schema.clone();
    if let Some(object) = variant.as_object_mut() {
        object.insert("type".into(), json!("object"));
        if object.get("additionalProperties") != Some(&json!(false)) {
            object.remove("additionalProperties");
        }
        object.remove("minProperties");
        object.remove("maxProperties");
        object.remove("title");
        object.remove("example");
        object.remove("x-retryable");
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            let description = properties
                .get(tag)
                .map(|p| resolve(doc, p))
                .and_then(|p| p.get("description"))
                .cloned();
            let mut tag_schema = json!({ "type": "string", "enum": [value] });
            if let Some(description) = description {
                tag_schema["description"] = description;
            }
            properties.insert(tag.to_string(), tag_schema);
        }
    }
    variant
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(responses: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"post": {"operationId": "make_x", "responses": responses}}},
            "components": {"schemas": {
                "A": {"type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "enum": ["a"]}, "n": {"type": "integer"}}},
                "B": {"type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "enum": ["b"]}}},
                "Plain": {"type": "object", "properties": {"message": {"type": "string"}}}
            }}
        })
    }

    fn json_response(schema: Value) -> Value {
        json!({"description": "d", "content": {"application/json": {"schema": schema}}})
    }

    #[test]
    fn discriminated_errors_become_one_tagged_enum() {
        let input = doc(json!({
            "200": json_response(json!({"type": "object"})),
            "400": json_response(json!({"$ref": "#/components/schemas/A"})),
            "404": json_response(json!({"oneOf": [{"$ref": "#/components/schemas/B"}]})),
        }));
        let out = normalise(input).unwrap();
        let plan = &out.operations[0];
        assert_eq!(
            plan.success_body,
            SuccessBody::Schema("MakeXResponse".into())
        );
        let ErrorPlan::Tagged {
            enum_name,
            tag,
            variants,
        } = &plan.errors
        else {
            panic!("expected a tagged plan, got {:?}", plan.errors)
        };
        assert_eq!(enum_name, "MakeXError");
        assert_eq!(tag, "code");
        let pairs: Vec<(&str, &str)> = variants
            .iter()
            .map(|v| (v.value.as_str(), v.status.as_str()))
            .collect();
        assert_eq!(pairs, [("a", "400"), ("b", "404")]);
    }

    #[test]
    fn undiscriminated_errors_are_typed_by_status() {
        let input = doc(json!({
            "200": json_response(json!({"type": "object"})),
            "400": json_response(json!({"$ref": "#/components/schemas/Plain"})),
            "404": json_response(json!({"type": "string"})),
        }));
        let out = normalise(input).unwrap();
        assert_eq!(
            out.operations[0].errors,
            ErrorPlan::ByStatus {
                enum_name: "MakeXError".into(),
                statuses: vec![
                    ("400".into(), Some("Plain".into())),
                    ("404".into(), Some("MakeXError404".into())),
                ]
            }
        );
    }

    #[test]
    fn shared_error_schema_stays_shared() {
        let input = doc(json!({
            "200": json_response(json!({"type": "object"})),
            "400": json_response(json!({"$ref": "#/components/schemas/Plain"})),
            "500": json_response(json!({"$ref": "#/components/schemas/Plain"})),
        }));
        let out = normalise(input).unwrap();
        assert_eq!(
            out.operations[0].errors,
            ErrorPlan::Shared {
                enum_name: "MakeXError".into(),
                schema: Some("Plain".into()),
                statuses: vec!["400".into(), "500".into()]
            }
        );
    }

    #[test]
    fn default_beside_a_success_becomes_error_ranges() {
        let input = doc(json!({
            "200": json_response(json!({"type": "object"})),
            "default": json_response(json!({"$ref": "#/components/schemas/Plain"})),
        }));
        let out = normalise(input).unwrap();
        assert_eq!(
            out.operations[0].errors,
            ErrorPlan::Shared {
                enum_name: "MakeXError".into(),
                schema: Some("Plain".into()),
                statuses: vec!["4XX".into(), "5XX".into()]
            }
        );
    }
}
