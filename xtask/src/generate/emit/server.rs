//! Server: a typed server stub from the same type space as the client — one trait per API with
//! one async method per operation, and an axum router that authenticates, decodes, calls the
//! trait and answers every outcome with a documented status and body.
//!
//! The request handling itself is written once, in `templates/server_runtime.rs`; what is
//! emitted here is what varies with the spec: the trait, the routes, the API's error shape,
//! and per operation a `handler!` call (`templates/handler.rs`: the handler's readers and
//! answer) and, when the operation takes a credential or documents the stub's own answers, a
//! constant describing it. [`Api::read`] and [`Operation::read`] read the operation model;
//! everything after them works from what they read.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::features::Gates;
use crate::generate::model::{
    self, BodyFormat, BodyType, CredentialKind, EnvelopeField, ErrorEnvelope, Errors, FormField,
    Model, ParameterLocation, RequestBody, ScalarType, StubError,
};
use crate::generate::syntax::naming::{pascal_name, snake_name};
use crate::generate::syntax::status::status_number;

/// The Rust items of `server.rs`.
pub fn generate_server(model: &Model, gates: &Gates, crate_name: &str) -> TokenStream {
    Api::read(model, gates, crate_name).emit()
}

/// What the server stub is generated from, read once from the inputs.
struct Api<'a> {
    /// The features each item is compiled under.
    gates: &'a Gates,
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

/// The body argument of a trait method: its type, and how the handler reads it.
struct BodyArg {
    ty: TokenStream,
    required: bool,
    /// The `handler!` reader that reads and decodes it (`body()`, `optional_text_body()`, …).
    read: TokenStream,
}

impl BodyArg {
    fn new(body: &RequestBody) -> Self {
        let named = |name: &str| {
            let ident = format_ident!("{}", name);
            quote!(types::#ident)
        };
        // Each field as its kind's `handler!` reader: `text("title")`, `value_list("ids")`, …
        let fields = |fields: &[FormField]| -> Vec<TokenStream> {
            (fields.iter())
                .map(|FormField { name, list, text }| {
                    let kind = match (text, list) {
                        (true, false) => quote!(text),
                        (false, false) => quote!(value),
                        (true, true) => quote!(text_list),
                        (false, true) => quote!(value_list),
                    };
                    quote!(#kind(#name))
                })
                .collect()
        };
        let optional = |name: &str| (!body.required).then(|| format_ident!("optional_{name}"));
        let method = |name: &str| optional(name).unwrap_or_else(|| format_ident!("{}", name));
        let (ty, read) = match &body.format {
            BodyFormat::Json(name) => {
                let read = method("body");
                (named(name), quote!(#read()))
            }
            BodyFormat::Form(name, form) | BodyFormat::Multipart(name, form) => {
                let read = if matches!(body.format, BodyFormat::Form(..)) {
                    method("form")
                } else {
                    method("multipart")
                };
                let fields = fields(form);
                (named(name), quote!(#read(#(#fields),*)))
            }
            BodyFormat::Text => {
                let read = method("text_body");
                (quote!(String), quote!(#read()))
            }
            BodyFormat::Bytes => {
                let read = method("bytes_body");
                (quote!(Vec<u8>), quote!(#read()))
            }
        };
        Self {
            ty,
            required: body.required,
            read,
        }
    }
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
    header_params: Vec<Param>,
    cookie_params: Vec<Param>,
    body: Option<BodyArg>,
    success_status: proc_macro2::Literal,
    success_type: Option<TokenStream>,
    /// The success type is an enum decoded by status, which says its own status.
    success_by_status: bool,
    error: ErrorKind,
    missing_credential: Option<Answer>,
    invalid_credential: Option<Answer>,
    invalid_request: Option<Answer>,
    /// The Cargo features that compile the operation.
    features: BTreeSet<String>,
    /// `#[cfg(…)]` of those features.
    cfg: TokenStream,
}

enum ErrorKind {
    None,
    Tagged(TokenStream),
    ByStatus(TokenStream),
}

impl<'a> Api<'a> {
    fn read(model: &Model, gates: &'a Gates, crate_name: &str) -> Self {
        let title = if model.title.is_empty() {
            crate_name
        } else {
            &model.title
        };
        let trait_doc = format!(
            "The operations of {title}, one method each. Implement it and serve it with \
             [`router`]: the router checks credentials, decodes bodies and answers malformed \
             requests itself, so a method only sees well-formed, typed input."
        );
        let operations: Vec<Operation> = (model.operations.iter())
            .map(|operation| Operation::read(operation, gates))
            .collect();
        let authenticate_ident = if operations
            .iter()
            .any(|op| op.method_ident == "authenticate")
        {
            format_ident!("authenticate_caller")
        } else {
            format_ident!("authenticate")
        };
        let shape = match &model.envelope {
            ErrorEnvelope::Tagged { tag, fields } => ErrorShape::Tagged {
                tag: tag.clone(),
                fields: fields
                    .iter()
                    .map(|(name, field)| {
                        let field = match field {
                            EnvelopeField::Message => Field::Message,
                            EnvelopeField::Status => Field::Status,
                            EnvelopeField::Detail => Field::Problems,
                        };
                        (name.clone(), field)
                    })
                    .collect(),
            },
            ErrorEnvelope::Fault => ErrorShape::Fault,
            ErrorEnvelope::Plain => ErrorShape::Plain,
        };
        Self {
            gates,
            trait_ident: format_ident!(
                "{}",
                pascal_name(&format!("{}Api", pascal_name(crate_name)))
            ),
            trait_doc,
            authenticate_ident,
            shape,
            operations,
        }
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
                    ) -> impl Reply<(), Rejection> {
                        let _ = caller;
                        async { Ok(()) }
                    }
                }
            });
        let gated = |op: &Operation, item: TokenStream| {
            let cfg = &op.cfg;
            quote!(#cfg #item)
        };
        let methods = self
            .operations
            .iter()
            .map(|op| gated(op, op.trait_method()));
        // One entry per operation, so that each is compiled under its own features (axum
        // merges the methods of a path).
        let routes = self.operations.iter().map(|op| {
            let method_router = format_ident!("{}", op.method);
            let handler = &op.handler_ident;
            let path = &op.path;
            gated(op, quote! { (#path, #method_router(#handler::<A>)), })
        });
        let method_routers: BTreeSet<&str> = self
            .operations
            .iter()
            .map(|op| op.method.as_str())
            .collect();
        let method_routers = method_routers
            .iter()
            .map(|method| format_ident!("{}", method));
        // The handlers' bound, short (the trait may already be called `Api`).
        let api_alias = (trait_ident != "Api").then(|| {
            quote! {
                // Unused where no operation is compiled (no paths, or no tag's feature on).
                #[allow(unused_imports)]
                use self::#trait_ident as Api;
            }
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
            // Compiled with any operation that answers with it.
            let features: BTreeSet<String> = self
                .operations
                .iter()
                .filter(|op| {
                    [&op.missing_credential, &op.invalid_credential, &op.invalid_request]
                        .into_iter()
                        .any(|a| a.as_ref() == Some(answer))
                })
                .flat_map(|op| op.features.iter().cloned())
                .collect();
            let cfg = self.gates.cfg(&features);
            quote! {
                #cfg
                const #name: Documented = Documented { status: #status, code: #code, message: #message };
            }
        });
        let operation_consts =
            (self.operations.iter()).filter_map(|op| Some(gated(op, op.constant(&answers)?)));
        let handlers = self
            .operations
            .iter()
            .map(|op| gated(op, op.handler(authenticate_ident)));

        quote! {
            use std::sync::Arc;

            #[allow(unused_imports)]
            use axum::routing::{#(#method_routers),*};
            #[allow(unused_imports)]
            use crate::server_runtime::{Documented, ErrorShape, Field, Handled, Incoming, Operation, Scheme, Shared, method_not_allowed, not_found};
            pub use crate::server_runtime::{Caller, DEFAULT_BODY_LIMIT, Rejection, Reply, ServerConfig, StubError, stub_error_body, stub_response};
            /// The axum version the router is built with.
            pub use axum;
            #[allow(unused_imports)]
            use crate::types;
            #api_alias

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
                let routes = [#(#routes)*];
                let mut router = axum::Router::new();
                for (path, method_router) in routes {
                    router = router.route(path, method_router);
                }
                router
                    .method_not_allowed_fallback(method_not_allowed)
                    .fallback(not_found)
                    .with_state(Arc::new(Shared { api, config }))
            }

            /// The shape of this API's error bodies, for the errors the stub answers itself.
            pub(crate) const ERROR_SHAPE: ErrorShape = #shape;

            #(#answer_consts)*
            #(#operation_consts)*
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
    fn read(operation: &model::Operation, gates: &Gates) -> Self {
        let features: BTreeSet<String> = operation.features.iter().cloned().collect();
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

        let credentials: Vec<(String, CredentialSource)> = operation
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
        let of = |location: ParameterLocation| -> Vec<Param> {
            operation
                .parameters
                .iter()
                .filter(|parameter| parameter.location == location)
                .map(|parameter| Param {
                    name: parameter.name.clone(),
                    ident: format_ident!("{}", parameter.rust_name),
                    ty: match (&parameter.parsed_type, parameter.ty) {
                        // The client's type, as tokens text that parses back (see
                        // `parameter_types`).
                        (Some(parsed), _) => parsed.parse().unwrap_or_else(|_| quote!(String)),
                        (None, ScalarType::I32) => quote!(i32),
                        (None, ScalarType::I64) => quote!(i64),
                        (None, ScalarType::F64) => quote!(f64),
                        (None, ScalarType::Bool) => quote!(bool),
                        (None, ScalarType::String) => quote!(String),
                    },
                    required: parameter.required,
                })
                .collect()
        };
        let body = operation.body.as_ref().map(BodyArg::new);
        let success_type = operation.success_type.as_ref().map(|ty| match ty {
            BodyType::Named(name) => {
                let ident = format_ident!("{}", name);
                quote!(types::#ident)
            }
            BodyType::ByStatus { enum_name, .. } => {
                let ident = format_ident!("{}", enum_name);
                quote!(crate::#ident)
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
        let answer = |stub: &Option<StubError>| {
            stub.as_ref().map(|stub| Answer {
                status: stub.status.clone(),
                code: stub.code.clone(),
                message: stub.meaning.clone(),
            })
        };
        let secured = !credentials.is_empty();
        let stubs = &operation.stub_errors;
        let missing_credential = secured.then(|| answer(&stubs.missing_credential)).flatten();
        let invalid_credential = secured.then(|| answer(&stubs.invalid_credential)).flatten();
        let invalid_request = answer(&stubs.invalid_request);

        let snake = &operation.method_name;
        Self {
            method: operation.http_method.clone(),
            path: operation.path.clone(),
            method_ident: format_ident!("{}", snake),
            handler_ident: format_ident!("handle_{}", snake.trim_end_matches('_')),
            const_ident: format_ident!("{}", constant_name(snake)),
            doc,
            credentials,
            path_params: of(ParameterLocation::Path),
            query_params: of(ParameterLocation::Query),
            header_params: of(ParameterLocation::Header),
            cookie_params: of(ParameterLocation::Cookie),
            body,
            success_status: status_number(&operation.success_status),
            success_by_status: matches!(operation.success_type, Some(BodyType::ByStatus { .. })),
            success_type,
            error,
            missing_credential,
            invalid_credential,
            invalid_request,
            cfg: gates.cfg(&features),
            features,
        }
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
            .chain(&self.header_params)
            .chain(&self.cookie_params)
            .map(|param| {
                let Param { ident, ty, .. } = param;
                if param.required {
                    quote!(#ident: #ty,)
                } else {
                    quote!(#ident: Option<#ty>,)
                }
            })
            .collect::<Vec<TokenStream>>();
        let body = self.body.as_ref().map(|BodyArg { ty, required, .. }| {
            if *required {
                quote!(body: #ty,)
            } else {
                quote!(body: Option<#ty>,)
            }
        });
        let success = self.success_type.clone().unwrap_or(quote!(()));
        let error = self.error_type();
        // An operation's parameters are its method's arguments, however many the spec has.
        let arguments = 1 + caller.iter().count() + params.len() + body.iter().count();
        let allow_many = (arguments > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #[doc = #doc]
            #allow_many
            fn #method_ident(
                &self,
                #caller
                #(#params)*
                #body
            ) -> impl Reply<#success, #error>;
        }
    }

    /// Whether the operation is [`Operation::PLAIN`] in the server runtime: no credential, and
    /// the stub's own answers to the requests it refuses.
    fn is_plain(&self) -> bool {
        self.credentials.is_empty()
            && self.missing_credential.is_none()
            && self.invalid_credential.is_none()
            && self.invalid_request.is_none()
    }

    /// The operation's constant, unless it is plain: its credentials and the documented
    /// errors the stub answers with itself (named in `answers`).
    fn constant(&self, answers: &BTreeMap<Answer, Ident>) -> Option<TokenStream> {
        if self.is_plain() {
            return None;
        }
        let const_ident = &self.const_ident;
        let error = self.error_type();
        let credentials = (!self.credentials.is_empty()).then(|| {
            let schemes = self
                .credentials
                .iter()
                .map(|(scheme, source)| match source {
                    CredentialSource::Bearer => quote!(Scheme::Bearer(#scheme)),
                    CredentialSource::Header(header) => quote!(Scheme::Header(#scheme, #header)),
                });
            quote!(credentials: &[#(#schemes),*],)
        });
        let answer = |field: &str, answer: &Option<Answer>| {
            let field = format_ident!("{}", field);
            let name = &answers[answer.as_ref()?];
            Some(quote!(#field: Some(#name),))
        };
        let missing_credential = answer("missing_credential", &self.missing_credential);
        let invalid_credential = answer("invalid_credential", &self.invalid_credential);
        let invalid_request = answer("invalid_request", &self.invalid_request);
        Some(quote! {
            const #const_ident: Operation<#error> = Operation {
                #credentials
                #missing_credential
                #invalid_credential
                #invalid_request
                ..Operation::PLAIN
            };
        })
    }

    /// The operation's `handler!` call (`templates/handler.rs`): its `Operation` (and the
    /// trait's method admitting a caller, when it takes credentials), the trait method with
    /// each argument's reader, and how the outcome is answered.
    fn handler(&self, authenticate_ident: &Ident) -> TokenStream {
        let Self {
            method_ident,
            handler_ident,
            success_status,
            ..
        } = self;
        // `handle_x()`: the handler of an `Operation::PLAIN`.
        let operation = (!self.is_plain()).then_some(&self.const_ident);
        let admit = (!self.credentials.is_empty()).then(|| quote!(, #authenticate_ident));
        let path_readers = self
            .path_params
            .iter()
            .map(|Param { name, .. }| quote!(path(#name)));
        // Each parameter read by its location's reader (`query`, `required_query`, …).
        let read = |params: &[Param], location: &str| -> Vec<TokenStream> {
            params
                .iter()
                .map(|param| {
                    let name = &param.name;
                    let reader = if param.required {
                        format_ident!("required_{location}")
                    } else {
                        format_ident!("{location}")
                    };
                    quote!(#reader(#name))
                })
                .collect()
        };
        let readers: Vec<TokenStream> = path_readers
            .chain(read(&self.query_params, "query"))
            .chain(read(&self.header_params, "header"))
            .chain(read(&self.cookie_params, "cookie"))
            .chain(self.body.as_ref().map(|BodyArg { read, .. }| read.clone()))
            .collect();
        let respond = if self.success_by_status {
            quote!(by_status)
        } else if self.success_type.is_some() {
            quote!(#success_status)
        } else {
            quote!(empty #success_status)
        };
        quote! {
            handler!(#handler_ident(#operation #admit) => #method_ident(#(#readers),*) #respond);
        }
    }
}
