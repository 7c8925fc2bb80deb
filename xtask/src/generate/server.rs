//! Server: a typed server stub from the same type space as the client — one trait per API with
//! one async method per operation, and an axum router that authenticates, decodes, calls the
//! trait and answers every outcome with a documented status and body.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::model::{
    BodyType, CredentialKind, EnvelopeField, ErrorEnvelope, Errors, Model, ParameterLocation,
    ScalarType, StubError,
};
use super::naming::pascal_name;
use super::status::status_number;

/// The Rust items of `server.rs`.
pub fn generate_server(model: &Model, crate_name: &str) -> TokenStream {
    let trait_ident = format_ident!(
        "{}",
        pascal_name(&format!("{}Api", pascal_name(crate_name)))
    );
    let title = if model.title.is_empty() {
        crate_name
    } else {
        &model.title
    };
    let trait_doc = format!(
        "The operations of {title}, one method each. Implement it and serve it with [`router`]: \
         the router checks credentials, decodes bodies and answers malformed requests itself, so \
         a method only sees well-formed, typed input."
    );

    let mut methods = Vec::new();
    let mut handlers = Vec::new();
    let mut routes: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for model_operation in &model.operations {
        let operation = Operation::read(model_operation);
        methods.push(operation.trait_method());
        handlers.push(operation.handler(&trait_ident));
        let method_router = format_ident!("{}", model_operation.http_method);
        let handler = &operation.handler_ident;
        routes
            .entry(model_operation.path.clone())
            .or_default()
            .push(quote!(#method_router(#handler::<A>)));
    }
    let route_calls = routes.iter().map(|(route, method_routers)| {
        let first = &method_routers[0];
        let rest = &method_routers[1..];
        quote! { .route(#route, axum::routing::#first #(.#rest)*) }
    });
    let envelope = error_envelope(&model.envelope);

    quote! {
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
    /// The success type is an enum decoded by status, which says its own status.
    success_by_status: bool,
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
    fn read(operation: &super::model::Operation) -> Self {
        let doc = [
            operation.summary.clone().unwrap_or_default(),
            operation.description.clone().unwrap_or_default(),
            format!(
                "`{} {}`",
                operation.http_method.to_uppercase(),
                operation.path
            ),
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");

        let credentials = operation
            .credentials
            .iter()
            .filter_map(|scheme| {
                let source = match &scheme.kind {
                    CredentialKind::Bearer { .. } => CredentialSource::Bearer,
                    CredentialKind::Header(name) => CredentialSource::Header(name.clone()),
                    CredentialKind::Unsupported => return None,
                };
                Some((scheme.name.clone(), source))
            })
            .collect();
        let param = |parameter: &super::model::Parameter| Param {
            name: parameter.name.clone(),
            ident: format_ident!("{}", parameter.rust_name),
            ty: match parameter.ty {
                ScalarType::I32 => quote!(i32),
                ScalarType::I64 => quote!(i64),
                ScalarType::F64 => quote!(f64),
                ScalarType::Bool => quote!(bool),
                ScalarType::String => quote!(::std::string::String),
            },
            required: parameter.required,
        };
        // Header and cookie parameters reach the implementation through its own middleware;
        // the stub does not decode them.
        let of = |location: ParameterLocation| -> Vec<Param> {
            operation
                .parameters
                .iter()
                .filter(|parameter| parameter.location == location)
                .map(param)
                .collect()
        };
        let body = operation.body.as_ref().map(|body| {
            let ident = format_ident!("{}", body.type_name);
            (quote!(types::#ident), body.required)
        });
        let success_type = operation.success_type.as_ref().map(|ty| match ty {
            BodyType::ByStatus { enum_name, .. } => {
                let ident = format_ident!("{}", enum_name);
                quote!(crate::#ident)
            }
            BodyType::Named(name) => {
                let ident = format_ident!("{}", name);
                quote!(types::#ident)
            }
        });
        let error = match &operation.errors {
            Errors::None => ErrorKind::None,
            Errors::Tagged { type_name, .. } => {
                let ident = format_ident!("{}", type_name);
                ErrorKind::Tagged(quote!(types::#ident))
            }
            Errors::ByStatus { enum_name, .. } => {
                let ident = format_ident!("{}", enum_name);
                ErrorKind::ByStatus(quote!(crate::#ident))
            }
        };
        let documented = |stub: &Option<StubError>, with_errors: bool| -> Option<TokenStream> {
            let stub = stub.as_ref()?;
            let status = status_number(&stub.status);
            let value = &stub.code;
            let errors = if with_errors {
                quote!(error.errors())
            } else {
                quote!(&[])
            };
            // The API's own sentence for this error, where the spec gives one.
            let message = match &stub.meaning {
                Some(meaning) => quote!(#meaning),
                None => quote!(&error.message()),
            };
            Some(quote! {
                json_response(#status, &stub_error_body(#status, #value, #message, #errors))
            })
        };
        let missing_credential = documented(&operation.stub_errors.missing_credential, false)
            .unwrap_or_else(|| quote!(stub_response(&error)));
        let invalid_request = documented(&operation.stub_errors.invalid_request, true)
            .unwrap_or_else(|| quote!(stub_response(&error)));

        let snake = &operation.method_name;
        Self {
            method_ident: format_ident!("{}", snake),
            handler_ident: format_ident!("handle_{}", snake.trim_end_matches('_')),
            doc,
            credentials,
            path_params: of(ParameterLocation::Path),
            query_params: of(ParameterLocation::Query),
            body,
            success_status: status_number(&operation.success_status),
            success_by_status: matches!(operation.success_type, Some(BodyType::ByStatus { .. })),
            success_type,
            error,
            missing_credential,
            invalid_request,
        }
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
        let success = if self.success_by_status {
            quote! {
                match value.to_status_and_json() {
                    (status, Ok(Some(body))) => json_response(status, &body),
                    (status, Ok(None)) => empty_response(status),
                    (_, Err(_)) => stub_response(&StubError::Internal),
                }
            }
        } else if self.success_type.is_some() {
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

/// `stub_error_body`: the shape of the API's own error bodies, read from the spec.
///
/// - Errors tagged by a code (Katapult): `{<tag>: code, <string field>: message,
///   <object field>: {"errors": [...]} or {}}`, with the fields of the first documented error.
/// - OpenStack faults (one key naming the fault, whose value holds `message` and `code`):
///   `{<fault key>: {"message": message, "code": status}}`.
/// - Anything else: `{"code": code, "message": message}`.
fn error_envelope(envelope: &ErrorEnvelope) -> TokenStream {
    let doc_comment = quote! {
        /// The body of an error the stub answers itself (`status`, a snake_case `code`, a
        /// sentence, and the problems of an invalid request), in this API's error shape.
    };
    if let ErrorEnvelope::Tagged { tag, fields } = envelope {
        let fields = fields.iter().map(|(name, field)| {
            let value = match field {
                EnvelopeField::Message => quote!(::serde_json::Value::from(message)),
                EnvelopeField::Status => quote!(::serde_json::Value::from(status)),
                EnvelopeField::Detail => quote! {
                    if errors.is_empty() {
                        ::serde_json::json!({})
                    } else {
                        ::serde_json::json!({ "errors": errors })
                    }
                },
            };
            quote! { body.insert(#name.to_string(), #value); }
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
    if *envelope == ErrorEnvelope::Fault {
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
