//! The operation model: what every emitter knows about the API, built once from the normalised
//! document and the type space. Emitters (error types, auth, server stub, crate docs) read only
//! this model and the Rust names it holds, never the document.
//!
//! The room `model/`. In: [`Normalised`] and typify's type space (and, for
//! [`parameter_types`], progenitor's client file as a syntax tree). Out: [`Model`], every
//! operation with its Rust names and features ([`feature_names`]), the [`TypeIndex`], and the
//! type each documented body decodes to ([`body_types`]).
//!
//! May import: normalise, syntax.

pub mod body_types;
pub mod feature_names;
pub mod parameter_types;

use std::collections::HashMap;

use serde_json::Value;
use typify::{TypeDetails, TypeSpace};

use crate::error::{Located, StageResult};
use crate::generate::normalise::{
    ErrorPlan, Normalised, OperationPlan, ParameterStyle, RequestRewrite, Rewrite, StatusBody,
    SuccessBody, TaggedVariant,
};
use crate::generate::syntax::naming::{pascal_name, snake_name};
use crate::spec::media;
use crate::spec::operations::{OperationRef, parameters};
use crate::spec::pointer::{escape_segment, pointer};
use crate::spec::refs::resolve;
use feature_names::feature_name;

/// The API as the emitters see it.
#[derive(Debug, Clone)]
pub struct Model {
    /// `info.title`.
    pub title: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The first server's URL with its variables' defaults filled in.
    pub server_url: Option<String>,
    /// Every security scheme of `components.securitySchemes`, classified once.
    pub schemes: Vec<SecurityScheme>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The shape of the API's own error bodies (for answers the server stub gives itself).
    pub envelope: ErrorEnvelope,
}

/// How a security scheme puts its credential on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialKind {
    /// `Authorization: Bearer <token>`: an HTTP bearer token, or (`access_token`) an OAuth2
    /// or OpenID Connect access token.
    Bearer {
        /// The token is an OAuth2 / OpenID Connect access token.
        access_token: bool,
    },
    /// An API key in a request header.
    Header(String),
    /// A scheme the generated crate does not send or check itself (HTTP Basic and other HTTP
    /// schemes, API keys in the query or a cookie, mutual TLS): the caller sets it with
    /// `ClientBuilder::credential` or a middleware.
    Unsupported,
}

/// One security scheme.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// How its credential travels.
    pub kind: CredentialKind,
    /// Its description.
    pub description: Option<String>,
    /// `x-env-var`: the environment variable a client reads the token from.
    pub env_var: Option<String>,
    /// The client builder method that sets it (`api_token` for `ApiToken`).
    pub method_name: String,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId.
    pub id: String,
    /// The Rust method name (client builder and server trait), snake_case.
    pub method_name: String,
    /// Lower-case HTTP method.
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// JSON pointer of the operation in the document.
    pub pointer: String,
    /// `summary`, if any.
    pub summary: Option<String>,
    /// `description`, if any.
    pub description: Option<String>,
    /// Path-item and operation parameters, merged, in the order first listed.
    pub parameters: Vec<Parameter>,
    /// The request body, if the operation takes a JSON one.
    pub body: Option<RequestBody>,
    /// The documented success status (a code like `201`, or a range like `2XX`).
    pub success_status: String,
    /// The success body's type; `None` for no body.
    pub success_type: Option<BodyType>,
    /// Statuses whose bodies the client runtime rewrites before decoding.
    pub rewrites: Vec<(String, Rewrite)>,
    /// What the client runtime does to a request before sending it.
    pub request_rewrites: Vec<RequestRewrite>,
    /// How the documented errors are typed.
    pub errors: Errors,
    /// The schemes that may authenticate a request, in the order `security` lists them, one
    /// per distinct wire placement; empty when the operation needs no credential.
    pub credentials: Vec<SecurityScheme>,
    /// The documented error codes the server stub answers its own rejections with.
    pub stub_errors: StubErrors,
    /// The Cargo features that compile it: one per tag, or its path group (`/disks/…` →
    /// `disks`) when it has no tags (see [`crate::generate::emit::features`]).
    pub features: Vec<String>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In a cookie.
    Cookie,
}

/// The scalar type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    /// `integer` with `format: int32`.
    I32,
    /// Any other `integer`.
    I64,
    /// `number`.
    F64,
    /// `boolean`.
    Bool,
    /// Anything else, kept as text.
    String,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// The Rust argument name.
    pub rust_name: String,
    /// Where it travels.
    pub location: ParameterLocation,
    /// Whether a request must carry it (path parameters always must).
    pub required: bool,
    /// Its value's type.
    pub ty: ScalarType,
    /// The Rust type the client gives its value when that type parses from the text a request
    /// carries (a string enum, a date or date-time: `types::Sort`), filled in from the client
    /// by [`parameter_types`]; `None` for the others, read as [`Parameter::ty`].
    pub parsed_type: Option<String>,
    /// How the request builder writes its value as text where progenitor does not (a list or
    /// an object in a path, a header or a cookie, JSON content, a `label` or `matrix` path, an
    /// unexploded query object): the runtime's `parameter_text` style; `None` for the others.
    pub style: Option<ParameterStyle>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Its media type, e.g. `application/json`.
    pub content_type: String,
    /// How it travels, and its Rust type.
    pub format: BodyFormat,
    /// Whether the spec marks it required.
    pub required: bool,
}

impl RequestBody {
    /// The body's type in `types`, if it has one (text and bytes have none).
    pub fn type_name(&self) -> Option<&str> {
        match &self.format {
            BodyFormat::Json(name) | BodyFormat::Form(name, _) | BodyFormat::Multipart(name, _) => {
                Some(name)
            }
            BodyFormat::Text | BodyFormat::Bytes => None,
        }
    }
}

/// How a request body travels, with its Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyFormat {
    /// JSON (any `+json` or `json; charset=…` type too) of a type in `types`.
    Json(String),
    /// `application/x-www-form-urlencoded` of a type in `types`, field by field.
    Form(String, Vec<FormField>),
    /// `multipart/form-data` of a type in `types`, a part per field (per item of a list).
    Multipart(String, Vec<FormField>),
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: bytes.
    Bytes,
}

/// How the text of one form field or multipart part reads as its field of the body type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// The field's name on the wire (the property's).
    pub name: String,
    /// The property is a list: each repeated field (or part) is one item.
    pub list: bool,
    /// The property (or its items) is a string: the text is the value; otherwise the text is
    /// the value's JSON (`12`, `true`, `{"a":1}`).
    pub text: bool,
}

/// The Rust type of a success body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyType {
    /// A type in the crate's `types` module.
    Named(String),
    /// An enum of the crate's `responses` module, a variant per documented status.
    ByStatus {
        /// The enum's name.
        enum_name: String,
        /// Each status with its body's type.
        statuses: Vec<(String, StatusType)>,
    },
}

/// The body of one status of a [`BodyType::ByStatus`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusType {
    /// JSON of a type in `types`.
    Json(String),
    /// Text: `String`.
    Text,
    /// Bytes: `Vec<u8>`.
    Binary,
    /// No body.
    Empty,
    /// A redirection: its `Location` header, `Option<String>`.
    Location,
}

impl Operation {
    /// The 3XX statuses the operation answers as values, with whether each holds a
    /// `Location` (which the client then does not follow; `304` holds none).
    pub fn redirects(&self) -> Vec<(&str, bool)> {
        match &self.success_type {
            Some(BodyType::ByStatus { statuses, .. }) => statuses
                .iter()
                .filter(|(status, _)| status.starts_with('3'))
                .map(|(status, body)| (status.as_str(), *body == StatusType::Location))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// How an operation's documented errors are typed.
#[derive(Debug, Clone)]
pub enum Errors {
    /// None documented.
    None,
    /// One internally tagged enum of `types`, a variant per code.
    Tagged {
        /// The enum's Rust name in `types`.
        type_name: String,
        /// The discriminating property.
        tag: String,
        /// The variants, with the Rust name typify gave each.
        variants: Vec<(String, TaggedVariant)>,
    },
    /// An enum the crate's `errors` module defines, a variant per documented status.
    ByStatus {
        /// The enum's Rust name.
        enum_name: String,
        /// Each status with its body's Rust type in `types` (`None`: no body).
        statuses: Vec<(String, Option<String>)>,
    },
}

/// Which documented error codes the stub uses for its own rejections (`x-stub-errors`, at the
/// top level of the document, or on an operation for that operation).
#[derive(Debug, Clone, Default)]
pub struct StubErrors {
    /// Answers a request without a credential.
    pub missing_credential: Option<StubError>,
    /// Answers a request whose credential the implementation's authentication step refuses.
    pub invalid_credential: Option<StubError>,
    /// Answers a request whose parameters or body do not decode.
    pub invalid_request: Option<StubError>,
}

/// A documented error the stub answers with.
#[derive(Debug, Clone)]
pub struct StubError {
    /// Its code.
    pub code: String,
    /// Its documented status.
    pub status: String,
    /// The spec's own sentence for it, if it has one.
    pub meaning: Option<String>,
}

/// The shape of the API's error bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorEnvelope {
    /// `{<tag>: code, …}`: the fields the first tagged error requires.
    Tagged {
        /// The discriminating property.
        tag: String,
        /// The other required fields and what each holds.
        fields: Vec<(String, EnvelopeField)>,
    },
    /// OpenStack faults: `{<fault key>: {"message": …, "code": status}}`.
    Fault,
    /// `{"code": code, "message": message}`.
    Plain,
}

/// What an error body field holds in a stub answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopeField {
    /// The sentence.
    Message,
    /// The status.
    Status,
    /// `{"errors": [...]}`, or `{}`.
    Detail,
}

/// The Rust names typify gave the type space's types (with each enum's variant names),
/// indexed once so that look-ups do not scan the type space.
pub struct TypeIndex {
    by_name: HashMap<String, Option<Vec<String>>>,
}

impl TypeIndex {
    /// Indexes `types` by name.
    pub fn new(types: &TypeSpace) -> Self {
        let by_name = types
            .iter_types()
            .map(|ty| {
                let variants = match ty.details() {
                    TypeDetails::Enum(details) => Some(
                        details
                            .variants()
                            .map(|(name, _)| name.to_string())
                            .collect(),
                    ),
                    _ => None,
                };
                (ty.name(), variants)
            })
            .collect();
        Self { by_name }
    }

    /// The Rust name typify gave a component schema; an error if it made none.
    pub fn component(&self, component: &str) -> StageResult<String> {
        let name = pascal_name(component);
        if self.by_name.contains_key(&name) {
            Ok(name)
        } else {
            Err(Located::at(
                pointer(["components", "schemas", component]),
                format!("typify produced no type `{name}` for this schema"),
            ))
        }
    }

    /// The variant names of the enum typify made of a component schema.
    fn variants(&self, component: &str) -> StageResult<&[String]> {
        match self.by_name.get(&pascal_name(component)) {
            Some(Some(variants)) => Ok(variants),
            _ => Err(Located::at(
                pointer(["components", "schemas", component]),
                format!("typify did not turn `{component}` into an enum"),
            )),
        }
    }
}

/// The fields of a form or multipart body's component schema (its properties, and those of
/// its `allOf` members), each with how its text reads.
fn form_fields(doc: &Value, component: &str) -> Vec<FormField> {
    let schema = doc
        .pointer(&pointer(["components", "schemas", component]))
        .unwrap_or(&Value::Null);
    let schema = resolve(doc, schema);
    let members = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|member| resolve(doc, member));
    let is_string =
        |schema: &Value| resolve(doc, schema).get("type").and_then(Value::as_str) == Some("string");
    let mut fields: Vec<FormField> = Vec::new();
    for holder in std::iter::once(schema).chain(members) {
        for (name, property) in holder
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if fields.iter().any(|field| &field.name == name) {
                continue;
            }
            let property = resolve(doc, property);
            let list = property.get("type").and_then(Value::as_str) == Some("array");
            let text = if list {
                property.get("items").is_some_and(is_string)
            } else {
                is_string(property)
            };
            fields.push(FormField {
                name: name.clone(),
                list,
                text,
            });
        }
    }
    fields
}

/// Builds the model of a normalised document.
pub fn build(normalised: &Normalised, types: &TypeSpace) -> StageResult<Model> {
    let doc = &normalised.document;
    let index = TypeIndex::new(types);
    let schemes = security_schemes(doc);
    let stub_defaults = StubCodes::read(doc);
    let refs: HashMap<String, OperationRef<'_>> = crate::spec::operations(doc)
        .into_iter()
        .map(|op| (op.pointer.clone(), op))
        .collect();
    let mut operations = Vec::with_capacity(normalised.operations.len());
    for plan in &normalised.operations {
        let op = refs.get(&plan.pointer).ok_or_else(|| {
            Located::at(
                &plan.pointer,
                "internal error: the normalised plan names no operation",
            )
        })?;
        operations.push(operation(doc, &index, &schemes, &stub_defaults, plan, op)?);
    }
    let info = |key: &str| doc.pointer(&format!("/info/{key}")).and_then(Value::as_str);
    Ok(Model {
        title: info("title").unwrap_or_default().to_string(),
        description: info("description").map(str::to_string),
        version: info("version").unwrap_or_default().to_string(),
        server_url: server_url(doc),
        envelope: envelope(doc, normalised),
        schemes,
        operations,
    })
}

fn operation(
    doc: &Value,
    index: &TypeIndex,
    schemes: &[SecurityScheme],
    stub_defaults: &StubCodes,
    plan: &OperationPlan,
    op: &OperationRef<'_>,
) -> StageResult<Operation> {
    let text = |key: &str| {
        op.value
            .get(key)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    };
    let required = op
        .value
        .pointer("/requestBody/required")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let body = match (&plan.request_body, &plan.request_content_type) {
        (Some(name), content_type) => {
            let content_type = content_type
                .clone()
                .unwrap_or_else(|| "application/json".to_string());
            let type_name = index.component(name)?;
            let format = match media::essence(&content_type).as_str() {
                "application/x-www-form-urlencoded" => {
                    BodyFormat::Form(type_name, form_fields(doc, name))
                }
                "multipart/form-data" => BodyFormat::Multipart(type_name, form_fields(doc, name)),
                _ => BodyFormat::Json(type_name),
            };
            Some(RequestBody {
                content_type,
                format,
                required,
            })
        }
        (None, Some(content_type)) => Some(RequestBody {
            format: if media::essence(content_type).starts_with("text/") {
                BodyFormat::Text
            } else {
                BodyFormat::Bytes
            },
            content_type: content_type.clone(),
            required,
        }),
        (None, None) => None,
    };
    let success_type = match &plan.success_body {
        SuccessBody::Empty => None,
        SuccessBody::Schema(name) => Some(BodyType::Named(index.component(name)?)),
        SuccessBody::ByStatus {
            enum_name,
            statuses,
        } => {
            let mut typed = Vec::with_capacity(statuses.len());
            for (status, body) in statuses {
                typed.push((
                    status.clone(),
                    match body {
                        StatusBody::Json(name) => StatusType::Json(index.component(name)?),
                        StatusBody::Text => StatusType::Text,
                        StatusBody::Binary => StatusType::Binary,
                        StatusBody::Empty => StatusType::Empty,
                        StatusBody::Location => StatusType::Location,
                    },
                ));
            }
            Some(BodyType::ByStatus {
                enum_name: enum_name.clone(),
                statuses: typed,
            })
        }
    };
    let stub_codes = stub_defaults.overridden_by(op.value);
    let mut features: Vec<String> = op
        .value
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(feature_name)
        .collect();
    if features.is_empty() {
        let group = plan
            .path
            .split('/')
            .find(|segment| !segment.is_empty() && !segment.starts_with('{'))
            .unwrap_or("root");
        features.push(feature_name(group));
    }
    features.sort();
    features.dedup();
    Ok(Operation {
        features,
        id: plan.operation_id.clone(),
        method_name: snake_name(&plan.operation_id),
        http_method: plan.method.clone(),
        path: plan.path.clone(),
        pointer: plan.pointer.clone(),
        summary: text("summary"),
        description: text("description"),
        parameters: operation_parameters(doc, op, plan),
        body,
        success_status: plan.success_status.clone(),
        success_type,
        rewrites: plan.rewrites.clone(),
        request_rewrites: plan.request_rewrites.clone(),
        errors: errors(index, plan)?,
        credentials: credentials(doc, schemes, op),
        stub_errors: stub_codes.documented(plan),
    })
}

/// The operation's parameters, each with its documented (wire) name and the Rust name the
/// builder gives it.
fn operation_parameters(
    doc: &Value,
    op: &OperationRef<'_>,
    plan: &OperationPlan,
) -> Vec<Parameter> {
    let rewrites = &plan.request_rewrites;
    parameters(doc, op)
        .into_iter()
        .filter_map(|parameter| {
            // A cookie travels in the normalised copy as a header the runtime moves into
            // `Cookie`; the model knows it as the cookie it is.
            let cookie = rewrites.iter().find_map(|rewrite| match rewrite {
                RequestRewrite::Cookie { header, name, .. } if header == parameter.name => {
                    Some(name.clone())
                }
                _ => None,
            });
            let location = match parameter.location {
                "path" => ParameterLocation::Path,
                "query" => ParameterLocation::Query,
                "header" if cookie.is_some() => ParameterLocation::Cookie,
                "header" => ParameterLocation::Header,
                "cookie" => ParameterLocation::Cookie,
                _ => return None,
            };
            let schema = parameter.schema(doc).map(|(_, schema)| schema);
            let field = |key: &str| schema.and_then(|s| s.get(key)).and_then(Value::as_str);
            let ty = match (field("type"), field("format")) {
                (Some("integer"), Some("int32")) => ScalarType::I32,
                (Some("integer"), _) => ScalarType::I64,
                (Some("number"), _) => ScalarType::F64,
                (Some("boolean"), _) => ScalarType::Bool,
                _ => ScalarType::String,
            };
            let wire = rewrites
                .iter()
                .find_map(|rewrite| match (rewrite, location) {
                    (RequestRewrite::RenameQuery { sent, wire }, ParameterLocation::Query)
                    | (RequestRewrite::RenameHeader { sent, wire }, ParameterLocation::Header)
                        if sent == parameter.name =>
                    {
                        Some(wire.clone())
                    }
                    _ => None,
                });
            Some(Parameter {
                name: cookie
                    .or(wire)
                    .unwrap_or_else(|| parameter.name.to_string()),
                rust_name: snake_name(parameter.name),
                location,
                required: parameter.required(),
                ty,
                parsed_type: None,
                style: (plan.parameter_styles.iter())
                    .find(|(name, _)| name == parameter.name)
                    .map(|(_, style)| *style),
            })
        })
        .collect()
}

fn errors(index: &TypeIndex, plan: &OperationPlan) -> StageResult<Errors> {
    Ok(match &plan.errors {
        ErrorPlan::None => Errors::None,
        ErrorPlan::Tagged {
            enum_name,
            tag,
            variants,
        } => {
            let type_name = index.component(enum_name)?;
            let names = index.variants(enum_name)?;
            let mut named = Vec::with_capacity(variants.len());
            for variant in variants {
                let name = pascal_name(&variant.value);
                if !names.contains(&name) {
                    return Err(Located::at(
                        &plan.pointer,
                        format!("typify named no variant `{name}` in `{enum_name}`"),
                    ));
                }
                named.push((name, variant.clone()));
            }
            Errors::Tagged {
                type_name,
                tag: tag.clone(),
                variants: named,
            }
        }
        ErrorPlan::Shared {
            enum_name,
            schema,
            statuses,
        } => {
            let body = schema
                .as_deref()
                .map(|name| index.component(name))
                .transpose()?;
            Errors::ByStatus {
                enum_name: enum_name.clone(),
                statuses: statuses
                    .iter()
                    .map(|status| (status.clone(), body.clone()))
                    .collect(),
            }
        }
        ErrorPlan::ByStatus {
            enum_name,
            statuses,
        } => {
            let mut typed = Vec::with_capacity(statuses.len());
            for (status, body) in statuses {
                let body = body
                    .as_deref()
                    .map(|name| index.component(name))
                    .transpose()?;
                typed.push((status.clone(), body));
            }
            Errors::ByStatus {
                enum_name: enum_name.clone(),
                statuses: typed,
            }
        }
    })
}

fn security_schemes(doc: &Value) -> Vec<SecurityScheme> {
    let Some(schemes) = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    schemes
        .iter()
        .map(|(name, scheme)| {
            let scheme = resolve(doc, scheme);
            let field = |key: &str| scheme.get(key).and_then(Value::as_str);
            let kind = match field("type") {
                Some("http")
                    if field("scheme").is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
                {
                    CredentialKind::Bearer {
                        access_token: false,
                    }
                }
                Some("oauth2" | "openIdConnect") => CredentialKind::Bearer { access_token: true },
                Some("apiKey") if field("in") == Some("header") => {
                    CredentialKind::Header(field("name").unwrap_or_default().to_string())
                }
                _ => CredentialKind::Unsupported,
            };
            SecurityScheme {
                name: name.clone(),
                kind,
                description: field("description").map(str::to_string),
                env_var: field("x-env-var").map(str::to_string),
                method_name: credential_method_name(name),
            }
        })
        .collect()
}

/// The schemes an operation accepts, in the order its `security` (or the document's) lists
/// them, one per wire placement; none when a requirement is empty (`{}`: no credential needed).
fn credentials(
    doc: &Value,
    schemes: &[SecurityScheme],
    op: &OperationRef<'_>,
) -> Vec<SecurityScheme> {
    let requirements = op
        .value
        .get("security")
        .or_else(|| doc.get("security"))
        .and_then(Value::as_array);
    let Some(requirements) = requirements else {
        return Vec::new();
    };
    if requirements
        .iter()
        .any(|r| r.as_object().is_some_and(|m| m.is_empty()))
    {
        return Vec::new();
    }
    let mut out: Vec<SecurityScheme> = Vec::new();
    for requirement in requirements {
        let Some(name) = requirement.as_object().and_then(|m| m.keys().next()) else {
            continue;
        };
        let Some(scheme) = schemes.iter().find(|scheme| &scheme.name == name) else {
            continue;
        };
        let same_placement = |known: &SecurityScheme| match (&known.kind, &scheme.kind) {
            (CredentialKind::Bearer { .. }, CredentialKind::Bearer { .. }) => true,
            (CredentialKind::Header(a), CredentialKind::Header(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        if scheme.kind != CredentialKind::Unsupported && !out.iter().any(same_placement) {
            out.push(scheme.clone());
        }
    }
    out
}

/// `x-stub-errors` codes, before they are matched with an operation's documented errors.
#[derive(Default)]
struct StubCodes {
    missing_credential: Option<String>,
    invalid_credential: Option<String>,
    invalid_request: Option<String>,
}

impl StubCodes {
    fn read(doc: &Value) -> Self {
        Self::default().overridden_by(doc)
    }

    /// These codes with the keys `object`'s own `x-stub-errors` gives replacing them.
    fn overridden_by(&self, object: &Value) -> Self {
        let get = |key: &str| {
            object
                .pointer(&format!("/x-stub-errors/{key}"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        Self {
            missing_credential: get("missing-credential").or(self.missing_credential.clone()),
            invalid_credential: get("invalid-credential").or(self.invalid_credential.clone()),
            invalid_request: get("invalid-request").or(self.invalid_request.clone()),
        }
    }

    /// The codes the operation documents, with their status and sentence.
    fn documented(&self, plan: &OperationPlan) -> StubErrors {
        let find = |code: &Option<String>| {
            let ErrorPlan::Tagged { variants, .. } = &plan.errors else {
                return None;
            };
            let variant = variants.iter().find(|v| Some(&v.value) == code.as_ref())?;
            Some(StubError {
                code: variant.value.clone(),
                status: variant.status.clone(),
                meaning: variant.meaning.clone(),
            })
        };
        StubErrors {
            missing_credential: find(&self.missing_credential),
            invalid_credential: find(&self.invalid_credential),
            invalid_request: find(&self.invalid_request),
        }
    }
}

fn server_url(doc: &Value) -> Option<String> {
    let server = doc.pointer("/servers/0")?;
    let mut url = server.get("url")?.as_str()?.to_string();
    for (name, variable) in server
        .get("variables")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(default) = variable.get("default").and_then(Value::as_str) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    Some(url)
}

/// The shape of the API's own error bodies, read from the normalised document:
/// - errors tagged by a code (Katapult): the fields the first documented error requires;
/// - OpenStack faults: a shared error schema whose body has exactly one key naming the fault,
///   whose value holds `message` and `code`;
/// - otherwise plain `{code, message}`.
fn envelope(doc: &Value, normalised: &Normalised) -> ErrorEnvelope {
    let tagged = normalised
        .operations
        .iter()
        .find_map(|plan| match &plan.errors {
            ErrorPlan::Tagged { enum_name, tag, .. } => Some((enum_name, tag)),
            _ => None,
        });
    if let Some((enum_name, tag)) = tagged {
        let variant = doc
            .pointer(&format!(
                "/components/schemas/{}/oneOf/0",
                escape_segment(enum_name)
            ))
            .unwrap_or(&Value::Null);
        let fields = variant
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|name| name != tag)
            .filter_map(|name| {
                let schema = resolve(doc, variant.pointer(&pointer(["properties", name]))?);
                let field = match schema.get("type").and_then(Value::as_str) {
                    Some("string") => EnvelopeField::Message,
                    Some("integer" | "number") => EnvelopeField::Status,
                    Some("object") | None => EnvelopeField::Detail,
                    _ => return None,
                };
                Some((name.to_string(), field))
            })
            .collect();
        return ErrorEnvelope::Tagged {
            tag: tag.clone(),
            fields,
        };
    }
    if is_fault_style(doc, normalised) {
        ErrorEnvelope::Fault
    } else {
        ErrorEnvelope::Plain
    }
}

/// An OpenStack-style fault: a shared error schema whose body has exactly one key naming the
/// fault, whose value holds `message` and `code` — either a `oneOf` of single-key objects or
/// an object with `maxProperties: 1`.
fn is_fault_style(doc: &Value, normalised: &Normalised) -> bool {
    let holds_message_and_code = |property: &Value| {
        let detail = resolve(doc, property);
        detail.pointer("/properties/message").is_some()
            && detail.pointer("/properties/code").is_some()
    };
    let single_key_faults = |object: &Value| {
        object
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|properties| {
                !properties.is_empty() && properties.values().all(holds_message_and_code)
            })
    };
    normalised.operations.iter().any(|plan| {
        let ErrorPlan::Shared {
            schema: Some(name), ..
        } = &plan.errors
        else {
            return false;
        };
        let Some(schema) = doc.pointer(&pointer(["components", "schemas", name.as_str()])) else {
            return false;
        };
        match schema.get("oneOf").and_then(Value::as_array) {
            Some(members) => {
                !members.is_empty()
                    && members.iter().all(|member| {
                        let member = resolve(doc, member);
                        member
                            .get("properties")
                            .and_then(Value::as_object)
                            .map(|p| p.len())
                            == Some(1)
                            && single_key_faults(member)
                    })
            }
            None => {
                schema.get("maxProperties").and_then(Value::as_u64) == Some(1)
                    && single_key_faults(schema)
            }
        }
    })
}

/// `ApiToken` → `api_token`, `OAuth2` → `oauth2`: words split only where lower case meets
/// upper case, so acronyms stay whole.
pub fn credential_method_name(scheme: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in scheme.chars() {
        if !c.is_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        out.extend(c.to_lowercase());
    }
    let out = out.trim_matches('_').to_string();
    match out.as_str() {
        "" => "credential_token".into(),
        "credential" | "timeout" | "connect_timeout" | "user_agent" | "build" | "new" => {
            format!("with_{out}")
        }
        _ if out.starts_with(|c: char| c.is_ascii_digit()) => format!("x{out}"),
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_methods_keep_acronyms() {
        assert_eq!(credential_method_name("ApiToken"), "api_token");
        assert_eq!(credential_method_name("OAuth2"), "oauth2");
        assert_eq!(credential_method_name("KeystoneToken"), "keystone_token");
        assert_eq!(credential_method_name("api-key"), "api_key");
        assert_eq!(credential_method_name("timeout"), "with_timeout");
    }
}
