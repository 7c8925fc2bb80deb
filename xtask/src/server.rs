//! Server: a typed server stub from the same type space as the client — one trait per API with
//! one async method per operation, and an axum router that authenticates, decodes, calls the
//! trait and answers every outcome with a documented status and body.
//!
//! The request handling itself is written once, in `templates/server_runtime.rs`; what is
//! emitted here is what varies with the spec: the trait, the routes, the API's error shape,
//! and per operation a constant describing it and a handler of a few lines. [`Api::read`] and
//! [`Operation::read`] are the only functions that read the inputs (the spec, the normalised
//! plans, the type space); everything after them works from what they read.

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
    Ok(Api::read(path, document, normalised, types, crate_name)?.emit())
}

/// What the server stub is generated from, read once from the inputs.
struct Api {
    trait_ident: Ident,
    trait_doc: String,
    /// The trait's authentication step (`authenticate`, unless an operation has that name).
    authenticate_ident: Ident,
    shape: ErrorShape,
    operations: Vec<Operation>,
}

/// The shape of the API's error bodies (`ErrorShape` in the server runtime).
enum ErrorShape {
    /// Errors tagged by a code: the tag, and the other required fields with what each holds.
    Tagged {
        tag: String,
        fields: Vec<(String, Field)>,
    },
    /// OpenStack faults.
    Fault,
    /// Anything else.
    Plain,
}

/// What a field of a tagged error body holds (`Field` in the server runtime).
enum Field {
    Message,
    Status,
    Problems,
}

/// Which documented error codes the stub uses for its own rejections (`x-stub-errors`, at the
/// top level of the document, or on an operation for that operation's keys).
#[derive(Default)]
struct StubMapping {
    missing_credential: Option<String>,
    invalid_credential: Option<String>,
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
            invalid_credential: get("invalid-credential").or(self.invalid_credential.clone()),
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

/// A documented error the stub answers with itself (`Documented` in the server runtime).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Answer {
    status: String,
    code: String,
    /// The spec's sentence for the error.
    message: Option<String>,
}

/// Everything needed to emit one operation's trait method, constant and handler.
struct Operation {
    method: String,
    path: String,
    method_ident: Ident,
    handler_ident: Ident,
    const_ident: Ident,
    doc: String,
    credentials: Vec<(String, CredentialSource)>,
    path_params: Vec<Param>,
    query_params: Vec<Param>,
    body: Option<(TokenStream, bool)>,
    success_status: proc_macro2::Literal,
    success_type: Option<TokenStream>,
    error: ErrorKind,
    missing_credential: Option<Answer>,
    invalid_credential: Option<Answer>,
    invalid_request: Option<Answer>,
}

enum ErrorKind {
    None,
    Tagged(TokenStream),
    ByStatus(TokenStream),
}

impl Api {
    fn read(
        path: &Path,
        document: &Value,
        normalised: &Normalised,
        types: &TypeSpace,
        crate_name: &str,
    ) -> Result<Self> {
        let normalised_doc = serde_json::to_value(&normalised.openapi)
            .map_err(|err| GenError::file(path, format!("internal error: {err}")))?;
        let stub = StubMapping::read(document);
        let trait_doc = format!(
            "The operations of {}, one method each. Implement it and serve it with [`router`]: \
             the router checks credentials, decodes bodies and answers malformed requests \
             itself, so a method only sees well-formed, typed input.",
            document
                .pointer("/info/title")
                .and_then(Value::as_str)
                .unwrap_or(crate_name)
        );
        let operations: Vec<Operation> = normalised
            .operations
            .iter()
            .map(|plan| Operation::read(path, document, normalised, types, plan, &stub))
            .collect::<Result<_>>()?;
        let authenticate_ident = if operations
            .iter()
            .any(|op| op.method_ident == "authenticate")
        {
            format_ident!("authenticate_caller")
        } else {
            format_ident!("authenticate")
        };
        Ok(Self {
            trait_ident: format_ident!(
                "{}",
                pascal_name(&format!("{}Api", pascal_name(crate_name)))
            ),
            trait_doc,
            authenticate_ident,
            shape: error_shape(&normalised_doc, normalised),
            operations,
        })
    }

    fn emit(&self) -> TokenStream {
        let Self {
            trait_ident,
            trait_doc,
            authenticate_ident,
            ..
        } = self;
        let authenticate = self
            .operations
            .iter()
            .any(|op| !op.credentials.is_empty())
            .then(|| {
                quote! {
                    /// The authentication step, for every operation that takes a credential:
                    /// it runs once the credential is found and before the request's path,
                    /// query or body is read, so a caller it refuses learns nothing about
                    /// them. The default accepts every well-formed credential (each operation
                    /// then judges it); return a [`Rejection`] to refuse the caller with the
                    /// operation's documented error.
                    fn #authenticate_ident(
                        &self,
                        caller: &Caller,
                    ) -> impl Future<Output = ::std::result::Result<(), Rejection>> + Send {
                        let _ = caller;
                        async { Ok(()) }
                    }
                }
            });
        let methods = self.operations.iter().map(Operation::trait_method);
        let mut routes: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
        for operation in &self.operations {
            let method_router = format_ident!("{}", operation.method);
            let handler = &operation.handler_ident;
            routes
                .entry(&operation.path)
                .or_default()
                .push(quote!(#method_router(#handler::<A>)));
        }
        let route_calls = routes.iter().map(|(route, method_routers)| {
            let first = &method_routers[0];
            let rest = &method_routers[1..];
            quote! { .route(#route, axum::routing::#first #(.#rest)*) }
        });
        let shape = self.shape.emit();
        let answers = self.answer_names();
        let answer_consts = answers.iter().map(|(answer, name)| {
            let Answer {
                status,
                code,
                message,
            } = answer;
            let status = status_number(status);
            let message = match message {
                Some(message) => quote!(Some(#message)),
                None => quote!(None),
            };
            quote! {
                const #name: Documented = Documented { status: #status, code: #code, message: #message };
            }
        });
        let operation_consts = self.operations.iter().map(|op| op.constant(&answers));
        let error_impls = self.operations.iter().filter_map(Operation::error_impl);
        let handlers = self
            .operations
            .iter()
            .map(|op| op.handler(trait_ident, authenticate_ident));

        quote! {
            use std::future::Future;
            use std::marker::PhantomData;
            use std::sync::Arc;

            use axum::extract::{Request, State};
            use axum::response::Response;

            #[allow(unused_imports)]
            use crate::server_runtime::{Documented, ErrorShape, Field, Input, Operation, OperationError, Scheme, Shared, by_status, method_not_allowed, not_found};
            pub use crate::server_runtime::{Caller, DEFAULT_BODY_LIMIT, Rejection, ServerConfig, StubError, stub_error_body, stub_response};
            /// The axum version the router is built with.
            pub use axum;
            #[allow(unused_imports)]
            use crate::types;

            #[doc = #trait_doc]
            pub trait #trait_ident: Send + Sync + 'static {
                #authenticate
                #(#methods)*
            }

            /// A router serving `api` with the default [`ServerConfig`].
            pub fn router<A: #trait_ident>(api: A) -> axum::Router {
                router_with_config(api, ServerConfig::default())
            }

            /// A router serving `api` with `config`.
            pub fn router_with_config<A: #trait_ident>(api: A, config: ServerConfig) -> axum::Router {
                axum::Router::new()
                    #(#route_calls)*
                    .method_not_allowed_fallback(method_not_allowed)
                    .fallback(not_found)
                    .with_state(Arc::new(Shared { api, config }))
            }

            /// The shape of this API's error bodies, for the errors the stub answers itself.
            pub(crate) const ERROR_SHAPE: ErrorShape = #shape;

            #(#answer_consts)*
            #(#operation_consts)*
            #(#error_impls)*
            #(#handlers)*
        }
    }

    /// A constant name for each documented error the operations answer with: its code in
    /// capitals, made unique (an operation's constant may have the same name).
    fn answer_names(&self) -> BTreeMap<Answer, Ident> {
        let mut taken: Vec<String> = self
            .operations
            .iter()
            .map(|op| op.const_ident.to_string())
            .collect();
        let mut names = BTreeMap::new();
        for operation in &self.operations {
            let answers = [
                &operation.missing_credential,
                &operation.invalid_credential,
                &operation.invalid_request,
            ];
            for answer in answers.into_iter().flatten() {
                if names.contains_key(answer) {
                    continue;
                }
                let base = constant_name(&answer.code);
                let mut name = base.clone();
                for n in 2.. {
                    if !taken.contains(&name) {
                        break;
                    }
                    name = format!("{base}_{n}");
                }
                taken.push(name.clone());
                names.insert(answer.clone(), format_ident!("{}", name));
            }
        }
        names
    }
}

impl ErrorShape {
    fn emit(&self) -> TokenStream {
        match self {
            Self::Tagged { tag, fields } => {
                let fields = fields.iter().map(|(name, field)| {
                    let field = match field {
                        Field::Message => quote!(Message),
                        Field::Status => quote!(Status),
                        Field::Problems => quote!(Problems),
                    };
                    quote!((#name, Field::#field))
                });
                quote!(ErrorShape::Tagged { tag: #tag, fields: &[#(#fields),*] })
            }
            Self::Fault => quote!(ErrorShape::Fault),
            Self::Plain => quote!(ErrorShape::Plain),
        }
    }
}

/// `create_ip_address` → `CREATE_IP_ADDRESS`.
fn constant_name(name: &str) -> String {
    snake_name(name).trim_matches('_').to_uppercase()
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
        // The documented error with the code `x-stub-errors` names, if the operation has it.
        let documented = |code: &Option<String>| -> Option<Answer> {
            let ErrorPlan::Tagged { variants, .. } = &plan.errors else {
                return None;
            };
            let variant = variants.iter().find(|v| Some(&v.value) == code.as_ref())?;
            Some(Answer {
                status: variant.status.clone(),
                code: variant.value.clone(),
                message: variant.meaning.clone(),
            })
        };
        let stub = stub.overridden_by(operation);
        let secured = !credentials.is_empty();
        let missing_credential = secured
            .then(|| documented(&stub.missing_credential))
            .flatten();
        let invalid_credential = secured
            .then(|| documented(&stub.invalid_credential))
            .flatten();
        let invalid_request = documented(&stub.invalid_request);

        let snake = snake_name(&plan.operation_id);
        Ok(Self {
            method: plan.method.clone(),
            path: plan.path.clone(),
            method_ident: format_ident!("{}", snake),
            handler_ident: format_ident!("handle_{}", snake.trim_end_matches('_')),
            const_ident: format_ident!("{}", constant_name(&snake)),
            doc,
            credentials,
            path_params,
            query_params,
            body,
            success_status: status_number(&plan.success_status),
            success_type,
            error,
            missing_credential,
            invalid_credential,
            invalid_request,
        })
    }

    fn error_type(&self) -> TokenStream {
        match &self.error {
            ErrorKind::None => quote!(::std::convert::Infallible),
            ErrorKind::Tagged(ty) | ErrorKind::ByStatus(ty) => ty.clone(),
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
        let error = self.error_type();
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

    /// The operation's constant: its credentials and the documented errors the stub answers
    /// with itself (named in `answers`).
    fn constant(&self, answers: &BTreeMap<Answer, Ident>) -> TokenStream {
        let const_ident = &self.const_ident;
        let error = self.error_type();
        let schemes = self
            .credentials
            .iter()
            .map(|(scheme, source)| match source {
                CredentialSource::Bearer => quote!(Scheme::Bearer(#scheme)),
                CredentialSource::Header(header) => quote!(Scheme::Header(#scheme, #header)),
            });
        let answer = |answer: &Option<Answer>| match answer.as_ref().map(|a| &answers[a]) {
            Some(name) => quote!(Some(#name)),
            None => quote!(None),
        };
        let missing_credential = answer(&self.missing_credential);
        let invalid_credential = answer(&self.invalid_credential);
        let invalid_request = answer(&self.invalid_request);
        quote! {
            const #const_ident: Operation<#error> = Operation {
                credentials: &[#(#schemes),*],
                missing_credential: #missing_credential,
                invalid_credential: #invalid_credential,
                invalid_request: #invalid_request,
                error: PhantomData,
            };
        }
    }

    /// How the router answers an error typed by status (errors tagged by a code and
    /// operations without documented errors are answered by the runtime's own impls).
    fn error_impl(&self) -> Option<TokenStream> {
        let ErrorKind::ByStatus(ty) = &self.error else {
            return None;
        };
        Some(quote! {
            impl OperationError for #ty {
                fn answer(self) -> Response {
                    by_status(self.to_status_and_json())
                }
            }
        })
    }

    fn handler(&self, trait_ident: &Ident, authenticate_ident: &Ident) -> TokenStream {
        let Self {
            method_ident,
            handler_ident,
            const_ident,
            success_status,
            ..
        } = self;
        let secured = !self.credentials.is_empty();
        let caller = secured.then(|| {
            quote! {
                let caller = input.caller()?;
                input.admit(shared.api.#authenticate_ident(&caller)).await?;
            }
        });
        let caller_arg = secured.then(|| quote!(caller,));
        let path_args = self
            .path_params
            .iter()
            .map(|Param { name, .. }| quote!(input.path(#name),));
        let query_args = self.query_params.iter().map(|param| {
            let name = &param.name;
            if param.required {
                quote!(input.required_query(#name),)
            } else {
                quote!(input.query(#name),)
            }
        });
        let body_arg = self.body.as_ref().map(|(_, required)| {
            if *required {
                quote!(input.body().await?,)
            } else {
                quote!(input.optional_body().await?,)
            }
        });
        let reads_input = secured
            || !self.path_params.is_empty()
            || !self.query_params.is_empty()
            || self.body.is_some();
        let input = if reads_input {
            quote!(mut input)
        } else {
            quote!(input)
        };
        let respond = if self.success_type.is_some() {
            quote!(respond)
        } else {
            quote!(respond_empty)
        };
        quote! {
            async fn #handler_ident<A: #trait_ident>(
                State(shared): State<Arc<Shared<A>>>,
                request: Request,
            ) -> Result<Response, Response> {
                let #input = Input::new(&#const_ident, &shared.config, request).await;
                #caller
                let call = shared.api.#method_ident(#caller_arg #(#path_args)* #(#query_args)* #body_arg);
                input.#respond(#success_status, call).await
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

/// The shape of the API's error bodies, read from the spec (see `ErrorShape` in the server
/// runtime).
///
/// - Errors tagged by a code (Katapult): the tag, and the other required fields of the first
///   documented error: a string holds the sentence, a number the status, an object the
///   problems.
/// - OpenStack faults (one key naming the fault, whose value holds `message` and `code`).
/// - Anything else: plain `{"code", "message"}`.
fn error_shape(normalised_doc: &Value, normalised: &Normalised) -> ErrorShape {
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
                let field = match schema.get("type").and_then(Value::as_str) {
                    Some("string") => Field::Message,
                    Some("integer") | Some("number") => Field::Status,
                    Some("object") | None => Field::Problems,
                    _ => return None,
                };
                Some((name.clone(), field))
            })
            .collect();
        return ErrorShape::Tagged { tag, fields };
    }
    if is_fault_style(normalised_doc, normalised) {
        return ErrorShape::Fault;
    }
    ErrorShape::Plain
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
