//! Server: a typed server stub from the same type space as the client — one trait per API with
//! one async method per operation, and an axum router that authenticates, decodes, calls the
//! trait and answers every outcome with a documented status and body.

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use typify::TypeSpace;

use crate::error::{GenError, Result, pointer};
use crate::errors::{status_enum_name, status_number, type_ident};
use crate::naming::{pascal_name, snake_name};
use crate::normalise::{ErrorPlan, Normalised, OperationPlan, SuccessBody};

/// The Rust items of `server.rs`.
pub fn generate_server(
    path: &Path,
    document: &Value,
    normalised: &Normalised,
    types: &TypeSpace,
    crate_name: &str,
) -> Result<TokenStream> {
    let normalised_doc = serde_json::to_value(&normalised.openapi)
        .map_err(|err| GenError::file(path, format!("internal error: {err}")))?;
    let stub = StubMapping::read(document);
    let trait_ident = format_ident!(
        "{}",
        pascal_name(&format!("{}Api", pascal_name(crate_name)))
    );
    let trait_doc = format!(
        "The operations of {}, one method each. Implement it and serve it with [`router`]: the \
         router checks credentials, decodes bodies and answers malformed requests itself, so a \
         method only sees well-formed, typed input.",
        document
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or(crate_name)
    );

    let mut methods = Vec::new();
    let mut handlers = Vec::new();
    let mut routes: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for plan in &normalised.operations {
        let operation = Operation::read(path, document, normalised, types, plan, &stub)?;
        methods.push(operation.trait_method());
        handlers.push(operation.handler(&trait_ident));
        let method_router = format_ident!("{}", plan.method);
        let handler = &operation.handler_ident;
        routes
            .entry(plan.path.clone())
            .or_default()
            .push(quote!(#method_router(#handler::<A>)));
    }
    let route_calls = routes.iter().map(|(route, method_routers)| {
        let first = &method_routers[0];
        let rest = &method_routers[1..];
        quote! { .route(#route, axum::routing::#first #(.#rest)*) }
    });
    let envelope = error_envelope(&normalised_doc, normalised);

    Ok(quote! {
        use std::future::Future;
        use std::sync::Arc;

        use axum::extract::State;
        use axum::response::Response;

        #[allow(unused_imports)]
        use crate::server_runtime::{bearer_token, empty_response, guarded, header_token, json_response, parse_param, read_json};
        pub use crate::server_runtime::{Caller, DEFAULT_BODY_LIMIT, ServerConfig, StubError};
        /// The axum version the router is built with.
        pub use axum;
        #[allow(unused_imports)]
        use crate::types;

        #[doc = #trait_doc]
        pub trait #trait_ident: Send + Sync + 'static {
            #(#methods)*
        }

        /// A router serving `api` with the default [`ServerConfig`].
        pub fn router<A: #trait_ident>(api: A) -> axum::Router {
            router_with_config(api, ServerConfig::default())
        }

        /// A router serving `api` with `config`.
        pub fn router_with_config<A: #trait_ident>(api: A, config: ServerConfig) -> axum::Router {
            let shared = Arc::new(Shared { api, config });
            axum::Router::new()
                #(#route_calls)*
                .method_not_allowed_fallback(method_not_allowed)
                .fallback(not_found)
                .with_state(shared)
        }

        struct Shared<A> {
            api: A,
            config: ServerConfig,
        }

        async fn not_found() -> Response {
            stub_response(&StubError::NotFound)
        }

        async fn method_not_allowed() -> Response {
            stub_response(&StubError::MethodNotAllowed)
        }

        /// The answer to a request the stub rejects itself, in this API's error shape.
        pub fn stub_response(error: &StubError) -> Response {
            let status = error.status();
            json_response(status, &stub_error_body(status, error.code(), &error.message(), error.errors()))
        }

        #envelope

        #(#handlers)*
    })
}

/// Which documented error codes the stub uses for its own rejections (`x-stub-errors`, at the
/// top level of the document, or on an operation for that operation's keys).
#[derive(Default)]
struct StubMapping {
    missing_credential: Option<String>,
    invalid_request: Option<String>,
}

impl StubMapping {
    fn read(document: &Value) -> Self {
        Self::default().overridden_by(document)
    }

    /// This mapping with the keys `object`'s own `x-stub-errors` gives replacing it.
    fn overridden_by(&self, object: &Value) -> Self {
        let get = |key: &str| {
            object
                .pointer(&format!("/x-stub-errors/{key}"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        Self {
            missing_credential: get("missing-credential").or(self.missing_credential.clone()),
            invalid_request: get("invalid-request").or(self.invalid_request.clone()),
        }
    }
}

/// How a request proves who it is.
enum CredentialSource {
    Bearer,
    Header(String),
}

struct Param {
    name: String,
    ident: Ident,
    ty: TokenStream,
    required: bool,
}

/// Everything needed to emit one operation's trait method and handler.
struct Operation {
    method_ident: Ident,
    handler_ident: Ident,
    doc: String,
    credentials: Vec<(String, CredentialSource)>,
    path_params: Vec<Param>,
    query_params: Vec<Param>,
    body: Option<(TokenStream, bool)>,
    success_status: proc_macro2::Literal,
    success_type: Option<TokenStream>,
    error: ErrorKind,
    missing_credential: TokenStream,
    invalid_request: TokenStream,
}

enum ErrorKind {
    None,
    Tagged(TokenStream),
    ByStatus(TokenStream),
}

impl Operation {
    fn read(
        path: &Path,
        document: &Value,
        normalised: &Normalised,
        types: &TypeSpace,
        plan: &OperationPlan,
        stub: &StubMapping,
    ) -> Result<Self> {
        let operation = document.pointer(&plan.pointer).unwrap_or(&Value::Null);
        let summary = operation
            .get("summary")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let description = operation
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let doc = [
            summary.to_string(),
            description.to_string(),
            format!("`{} {}`", plan.method.to_uppercase(), plan.path),
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");

        let credentials = credentials(document, operation);
        let (path_params, query_params) = parameters(document, plan);
        let body = match &plan.request_body {
            Some(name) => {
                let ident = type_ident(path, types, name)?;
                let required = operation
                    .pointer("/requestBody/required")
                    .and_then(Value::as_bool)
                    .or_else(|| {
                        let reference = operation.pointer("/requestBody/$ref")?.as_str()?;
                        document
                            .pointer(&format!("{}/required", reference.trim_start_matches('#')))?
                            .as_bool()
                    })
                    .unwrap_or(false);
                Some((quote!(types::#ident), required))
            }
            None => None,
        };
        let success_type = match &plan.success_body {
            SuccessBody::Empty => None,
            SuccessBody::AnyJson => Some(quote!(::serde_json::Value)),
            SuccessBody::Schema(name) => {
                let ident = type_ident(path, types, name)?;
                Some(quote!(types::#ident))
            }
        };
        let error = match &plan.errors {
            ErrorPlan::None => ErrorKind::None,
            ErrorPlan::Tagged { enum_name, .. } => {
                let ident = type_ident(path, types, enum_name)?;
                ErrorKind::Tagged(quote!(types::#ident))
            }
            ErrorPlan::Shared { .. } | ErrorPlan::ByStatus { .. } => {
                let ident = format_ident!("{}", status_enum_name(normalised, plan));
                ErrorKind::ByStatus(quote!(crate::#ident))
            }
        };
        let documented = |code: &Option<String>, with_errors: bool| -> Option<TokenStream> {
            let ErrorPlan::Tagged { variants, .. } = &plan.errors else {
                return None;
            };
            let variant = variants.iter().find(|v| Some(&v.value) == code.as_ref())?;
            let status = status_number(&variant.status);
            let value = &variant.value;
            let errors = if with_errors {
                quote!(error.errors())
            } else {
                quote!(&[])
            };
            // The API's own sentence for this error, where the spec gives one.
            let message = match &variant.meaning {
                Some(meaning) => quote!(#meaning),
                None => quote!(&error.message()),
            };
            Some(quote! {
                json_response(#status, &stub_error_body(#status, #value, #message, #errors))
            })
        };
        let stub = stub.overridden_by(operation);
        let missing_credential = documented(&stub.missing_credential, false)
            .unwrap_or_else(|| quote!(stub_response(&error)));
        let invalid_request = documented(&stub.invalid_request, true)
            .unwrap_or_else(|| quote!(stub_response(&error)));

        let snake = snake_name(&plan.operation_id);
        Ok(Self {
            method_ident: format_ident!("{}", snake),
            handler_ident: format_ident!("handle_{}", snake.trim_end_matches('_')),
            doc,
            credentials,
            path_params,
            query_params,
            body,
            success_status: status_number(&plan.success_status),
            success_type,
            error,
            missing_credential,
            invalid_request,
        })
    }

    fn trait_method(&self) -> TokenStream {
        let Self {
            method_ident, doc, ..
        } = self;
        let caller = (!self.credentials.is_empty()).then(|| quote!(caller: Caller,));
        let params = self
            .path_params
            .iter()
            .chain(&self.query_params)
            .map(|param| {
                let Param { ident, ty, .. } = param;
                if param.required {
                    quote!(#ident: #ty,)
                } else {
                    quote!(#ident: ::std::option::Option<#ty>,)
                }
            });
        let body = self.body.as_ref().map(|(ty, required)| {
            if *required {
                quote!(body: #ty,)
            } else {
                quote!(body: ::std::option::Option<#ty>,)
            }
        });
        let success = self.success_type.clone().unwrap_or(quote!(()));
        let error = match &self.error {
            ErrorKind::None => quote!(::std::convert::Infallible),
            ErrorKind::Tagged(ty) | ErrorKind::ByStatus(ty) => ty.clone(),
        };
        quote! {
            #[doc = #doc]
            fn #method_ident(
                &self,
                #caller
                #(#params)*
                #body
            ) -> impl Future<Output = ::std::result::Result<#success, #error>> + Send;
        }
    }

    fn handler(&self, trait_ident: &Ident) -> TokenStream {
        let Self {
            method_ident,
            handler_ident,
            missing_credential,
            invalid_request,
            success_status,
            ..
        } = self;

        let authenticate = (!self.credentials.is_empty()).then(|| {
            let attempts = self.credentials.iter().map(|(scheme, source)| {
                let read = match source {
                    CredentialSource::Bearer => quote!(bearer_token(&headers)),
                    CredentialSource::Header(name) => quote!(header_token(&headers, #name)),
                };
                quote!(#read.map(|token| Caller::new(#scheme, token).with_peer(peer)))
            });
            quote! {
                let caller = None #(.or_else(|| #attempts))*;
                let Some(caller) = caller else {
                    let error = StubError::MissingCredential;
                    return #missing_credential;
                };
            }
        });

        let path_extractor = (!self.path_params.is_empty())
            .then(|| quote!(path: ::std::result::Result<axum::extract::Path<::std::collections::HashMap<String, String>>, axum::extract::rejection::PathRejection>,));
        let query_extractor = (!self.query_params.is_empty())
            .then(|| quote!(query: ::std::result::Result<axum::extract::Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,));
        let path_parse = (!self.path_params.is_empty()).then(|| {
            let params = self.path_params.iter().map(|param| {
                let Param { name, ident, ty, .. } = param;
                quote! {
                    let #ident: #ty = match path.get(#name).map(|raw| parse_param(#name, raw)) {
                        Some(Ok(value)) => value,
                        Some(Err(problem)) => { problems.push(problem); Default::default() }
                        None => { problems.push(format!("missing path parameter `{}`", #name)); Default::default() }
                    };
                }
            });
            quote! {
                let path = match path {
                    Ok(axum::extract::Path(path)) => path,
                    Err(rejection) => { problems.push(format!("path: {rejection}")); ::std::collections::HashMap::new() }
                };
                #(#params)*
            }
        });
        let query_parse = (!self.query_params.is_empty()).then(|| {
            let params = self.query_params.iter().map(|param| {
                let Param {
                    name,
                    ident,
                    ty,
                    required,
                } = param;
                let found = quote! {
                    query.iter().find(|(key, _)| key == #name).map(|(_, raw)| parse_param::<#ty>(#name, raw))
                };
                if *required {
                    quote! {
                        let #ident: #ty = match #found {
                            Some(Ok(value)) => value,
                            Some(Err(problem)) => { problems.push(problem); Default::default() }
                            None => { problems.push(format!("missing query parameter `{}`", #name)); Default::default() }
                        };
                    }
                } else {
                    quote! {
                        let #ident: ::std::option::Option<#ty> = match #found {
                            Some(Ok(value)) => Some(value),
                            Some(Err(problem)) => { problems.push(problem); None }
                            None => None,
                        };
                    }
                }
            });
            quote! {
                let query = match query {
                    Ok(axum::extract::Query(query)) => query,
                    Err(rejection) => { problems.push(format!("query: {rejection}")); Vec::new() }
                };
                #(#params)*
            }
        });
        let reject_problems = quote! {
            if !problems.is_empty() {
                let error = StubError::InvalidRequest { errors: problems };
                return #invalid_request;
            }
        };
        let body_read = self.body.as_ref().map(|(ty, required)| {
            let unwrap = if *required {
                quote! {
                    let Some(body) = body else {
                        let error = StubError::InvalidRequest { errors: vec!["the request body is required".into()] };
                        return #invalid_request;
                    };
                }
            } else {
                quote!()
            };
            quote! {
                let body: ::std::option::Option<#ty> = match read_json(&headers, body, shared.config.body_limit, #required).await {
                    Ok(body) => body,
                    Err(error @ StubError::InvalidRequest { .. }) => return #invalid_request,
                    Err(error) => return stub_response(&error),
                };
                #unwrap
            }
        });
        let body_ignore = self.body.is_none().then(|| quote!(let _ = body;));

        let caller_arg = (!self.credentials.is_empty()).then(|| quote!(caller,));
        let param_args = self
            .path_params
            .iter()
            .chain(&self.query_params)
            .map(|Param { ident, .. }| quote!(#ident,));
        let body_arg = self.body.as_ref().map(|_| quote!(body,));
        let success = if self.success_type.is_some() {
            quote!(json_response(#success_status, &value))
        } else {
            quote!({ let () = value; empty_response(#success_status) })
        };
        let failure = match &self.error {
            ErrorKind::None => quote!(match error {}),
            ErrorKind::Tagged(_) => quote!(json_response(error.status(), &error)),
            ErrorKind::ByStatus(_) => quote! {
                match error.to_status_and_json() {
                    (status, Ok(body)) => json_response(status, &body),
                    (_, Err(_)) => stub_response(&StubError::Internal),
                }
            },
        };
        quote! {
            #[allow(unused_mut, unused_variables)]
            async fn #handler_ident<A: #trait_ident>(
                State(shared): State<Arc<Shared<A>>>,
                #path_extractor
                #query_extractor
                request: axum::extract::Request,
            ) -> Response {
                let (parts, body) = request.into_parts();
                let headers = parts.headers;
                let peer = parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<::std::net::SocketAddr>>()
                    .map(|info| info.0);
                #authenticate
                let mut problems: Vec<String> = Vec::new();
                #path_parse
                #query_parse
                #reject_problems
                #body_read
                #body_ignore
                match guarded(shared.api.#method_ident(#caller_arg #(#param_args)* #body_arg)).await {
                    Ok(Ok(value)) => #success,
                    Ok(Err(error)) => #failure,
                    Err(error) => stub_response(&error),
                }
            }
        }
    }
}

/// The credentials an operation accepts, in the order its `security` lists them.
fn credentials(document: &Value, operation: &Value) -> Vec<(String, CredentialSource)> {
    let requirements = operation
        .get("security")
        .or_else(|| document.get("security"))
        .and_then(Value::as_array);
    let Some(requirements) = requirements else {
        return Vec::new();
    };
    // An empty requirement (`{}`) makes authentication optional: the stub does not demand it.
    if requirements
        .iter()
        .any(|r| r.as_object().is_some_and(|m| m.is_empty()))
    {
        return Vec::new();
    }
    let mut out: Vec<(String, CredentialSource)> = Vec::new();
    for requirement in requirements {
        let Some(name) = requirement.as_object().and_then(|m| m.keys().next()) else {
            continue;
        };
        let scheme = document
            .pointer(&pointer(["components", "securitySchemes", name.as_str()]))
            .unwrap_or(&Value::Null);
        let source = match scheme.get("type").and_then(Value::as_str) {
            Some("http") | Some("oauth2") | Some("openIdConnect") => CredentialSource::Bearer,
            Some("apiKey") if scheme.get("in").and_then(Value::as_str) == Some("header") => {
                CredentialSource::Header(
                    scheme
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                )
            }
            _ => continue,
        };
        let duplicate = out.iter().any(|(_, known)| match (known, &source) {
            (CredentialSource::Bearer, CredentialSource::Bearer) => true,
            (CredentialSource::Header(a), CredentialSource::Header(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        });
        if !duplicate {
            out.push((name.clone(), source));
        }
    }
    out
}

/// The operation's path and query parameters (path-item parameters included), typed.
fn parameters(document: &Value, plan: &OperationPlan) -> (Vec<Param>, Vec<Param>) {
    let item_pointer = pointer(["paths", plan.path.as_str()]);
    let mut by_key: BTreeMap<(String, String), (usize, Value)> = BTreeMap::new();
    let lists = [
        document.pointer(&format!("{item_pointer}/parameters")),
        document.pointer(&format!("{}/parameters", plan.pointer)),
    ];
    let mut order = 0;
    for list in lists.into_iter().flatten() {
        for parameter in list.as_array().into_iter().flatten() {
            let parameter = resolve(document, parameter);
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let location = parameter
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default();
            order += 1;
            let keep = by_key
                .get(&(location.to_string(), name.to_string()))
                .map_or(order, |(first, _)| *first);
            by_key.insert(
                (location.to_string(), name.to_string()),
                (keep, parameter.clone()),
            );
        }
    }
    let mut ordered: Vec<(usize, Value)> = by_key.into_values().collect();
    ordered.sort_by_key(|(position, _)| *position);
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    for (_, parameter) in ordered {
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let schema = parameter
            .get("schema")
            .map(|s| resolve(document, s))
            .unwrap_or(&Value::Null);
        let ty = match (
            schema.get("type").and_then(Value::as_str),
            schema.get("format").and_then(Value::as_str),
        ) {
            (Some("integer"), Some("int32")) => quote!(i32),
            (Some("integer"), _) => quote!(i64),
            (Some("number"), _) => quote!(f64),
            (Some("boolean"), _) => quote!(bool),
            _ => quote!(::std::string::String),
        };
        let param = Param {
            ident: format_ident!("{}", snake_name(&name)),
            name,
            ty,
            required: parameter
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        };
        match parameter.get("in").and_then(Value::as_str) {
            Some("path") => path_params.push(Param {
                required: true,
                ..param
            }),
            Some("query") => query_params.push(param),
            // Header and cookie parameters reach the implementation through its own
            // middleware; the stub does not decode them.
            _ => {}
        }
    }
    (path_params, query_params)
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..32 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(target) => match document.pointer(target.trim_start_matches('#')) {
                Some(next) => current = next,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// `stub_error_body`: the shape of the API's own error bodies, read from the spec.
///
/// - Errors tagged by a code (Katapult): `{<tag>: code, <string field>: message,
///   <object field>: {"errors": [...]} or {}}`, with the fields of the first documented error.
/// - OpenStack faults (one key naming the fault, whose value holds `message` and `code`):
///   `{<fault key>: {"message": message, "code": status}}`.
/// - Anything else: `{"code": code, "message": message}`.
fn error_envelope(normalised_doc: &Value, normalised: &Normalised) -> TokenStream {
    let doc_comment = quote! {
        /// The body of an error the stub answers itself (`status`, a snake_case `code`, a
        /// sentence, and the problems of an invalid request), in this API's error shape.
    };
    let tagged = normalised
        .operations
        .iter()
        .find_map(|plan| match &plan.errors {
            ErrorPlan::Tagged { enum_name, tag, .. } => Some((enum_name.clone(), tag.clone())),
            _ => None,
        });
    if let Some((enum_name, tag)) = tagged {
        let variant = normalised_doc
            .pointer(&format!("/components/schemas/{enum_name}/oneOf/0"))
            .cloned()
            .unwrap_or(Value::Null);
        let required: Vec<String> = variant
            .get("required")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let fields = required
            .iter()
            .filter(|name| **name != tag)
            .filter_map(|name| {
                let schema = resolve(
                    normalised_doc,
                    variant.pointer(&pointer(["properties", name.as_str()]))?,
                );
                let value = match schema.get("type").and_then(Value::as_str) {
                    Some("string") => quote!(::serde_json::Value::from(message)),
                    Some("integer") | Some("number") => quote!(::serde_json::Value::from(status)),
                    Some("object") | None => quote! {
                        if errors.is_empty() {
                            ::serde_json::json!({})
                        } else {
                            ::serde_json::json!({ "errors": errors })
                        }
                    },
                    _ => return None,
                };
                Some(quote! { body.insert(#name.to_string(), #value); })
            });
        return quote! {
            #doc_comment
            pub fn stub_error_body(status: u16, code: &str, message: &str, errors: &[String]) -> ::serde_json::Value {
                let _ = status;
                let mut body = ::serde_json::Map::new();
                body.insert(#tag.to_string(), ::serde_json::Value::from(code));
                #(#fields)*
                ::serde_json::Value::Object(body)
            }
        };
    }
    if is_fault_style(normalised_doc, normalised) {
        return quote! {
            #doc_comment
            pub fn stub_error_body(status: u16, code: &str, message: &str, errors: &[String]) -> ::serde_json::Value {
                let _ = (code, errors);
                let key = match status {
                    400 => "badRequest",
                    401 => "unauthorized",
                    403 => "forbidden",
                    404 => "itemNotFound",
                    405 => "badMethod",
                    409 => "conflictingRequest",
                    413 => "overLimit",
                    415 => "badMediaType",
                    501 => "notImplemented",
                    503 => "serviceUnavailable",
                    _ => "computeFault",
                };
                ::serde_json::json!({ key: { "message": message, "code": status } })
            }
        };
    }
    quote! {
        #doc_comment
        pub fn stub_error_body(status: u16, code: &str, message: &str, errors: &[String]) -> ::serde_json::Value {
            let _ = status;
            if errors.is_empty() {
                ::serde_json::json!({ "code": code, "message": message })
            } else {
                ::serde_json::json!({ "code": code, "message": message, "errors": errors })
            }
        }
    }
}

/// An OpenStack-style fault: a shared error schema whose body has exactly one key naming the
/// fault, whose value holds `message` and `code` — either a `oneOf` of single-key objects or
/// an object with `maxProperties: 1`.
fn is_fault_style(normalised_doc: &Value, normalised: &Normalised) -> bool {
    let holds_message_and_code = |property: &Value| {
        let detail = resolve(normalised_doc, property);
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
        let Some(schema) =
            normalised_doc.pointer(&pointer(["components", "schemas", name.as_str()]))
        else {
            return false;
        };
        match schema.get("oneOf").and_then(Value::as_array) {
            Some(members) => {
                !members.is_empty()
                    && members.iter().all(|member| {
                        let member = resolve(normalised_doc, member);
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
