//! Request builders without per-operation plumbing. progenitor writes the same code into every
//! operation's builder: a setter body per parameter (a `TryInto` conversion and its failure
//! message), the hook sequence around sending, and a `match` arm per documented status, most
//! of them the same error arm. Each is replaced by a call to a runtime function
//! (`templates/runtime.rs`: `convert`, `convert_explained`, `Client::exchange`,
//! `error_response`) that does the same, and arms with the same body become one arm (and the
//! usual `match` one call, [`super::status_answers`]); the builders' API is unchanged.
//!
//! Only code that is exactly what progenitor writes is replaced (its tokens are compared with
//! what progenitor's templates make of the same names), so anything else is left as it is.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::same_tokens::same_tokens;
use super::shapes::{is_status_match, request_builder_items};
use super::status_answers::answer_call;
use crate::generate::syntax::naming::BUILDER_RUNTIME_FUNCTIONS;

/// Shares the plumbing of every request builder in `client`'s `builder` module; the places of
/// its kind it left: a setter (`fn name(mut self, value: V) -> Self`) that is not one of
/// progenitor's nor a typify builder's, or a `send` that builds an `OperationInfo` but not in
/// progenitor's hook sequence.
///
/// Runs after every pass that reads the code it replaces (the redirect arms find an
/// operation's `send` by its `OperationInfo`).
pub fn share_builder_plumbing(client: &mut syn::File) -> Vec<String> {
    let Some(items) = request_builder_items(client) else {
        return Vec::new();
    };
    let text_fields = text_fields(items);
    let mut unrecognised = Vec::new();
    for item in items.iter_mut() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let builder = block.self_ty.to_token_stream().to_string();
        let no_fields = HashSet::new();
        let text_fields = text_fields.get(&builder).unwrap_or(&no_fields);
        let place = |function: &syn::ImplItemFn, what: &str| {
            format!(
                "client.rs, `builder::{}::{}`: {what}, left as it is",
                builder.replace(' ', ""),
                function.sig.ident
            )
        };
        for item in &mut block.items {
            if let syn::ImplItem::Fn(function) = item {
                if function.sig.ident == "send" {
                    if !share_send_plumbing(function, text_fields) {
                        unrecognised.push(place(
                            function,
                            "not progenitor's hook sequence from `let info = OperationInfo { … }` \
                             to `let response = result?;`",
                        ));
                    }
                } else if !share_setter_body(function) {
                    unrecognised.push(place(
                        function,
                        "not one of progenitor's setters (`self.name = value.try_into()…; self`)",
                    ));
                }
            }
        }
    }
    // After progenitor's own imports, which the builders' other code uses.
    let at = items
        .iter()
        .take_while(|item| matches!(item, syn::Item::Use(_)))
        .count();
    let functions = BUILDER_RUNTIME_FUNCTIONS
        .iter()
        .map(|name| syn::Ident::new(name, proc_macro2::Span::call_site()));
    items.insert(
        at,
        syn::parse_quote! {
            #[allow(unused_imports)]
            use crate::runtime::{#(#functions,)* ApiResult, HeaderParams as _, JSON};
        },
    );
    items.insert(
        at + 1,
        syn::parse_quote! {
            #[allow(unused_imports)]
            use ::reqwest::header::ACCEPT;
        },
    );
    short_query_params(items, at + 2);
    unrecognised
}

/// `progenitor_client::QueryParam::new(…)`, a query parameter, as `QueryParam::new(…)` with
/// the name imported at `at`: 19 columns less, so that most `.query(…)` calls fit on their
/// line. Not when a builder has that name.
fn short_query_params(items: &mut Vec<syn::Item>, at: usize) {
    let taken = items.iter().any(
        |item| matches!(item, syn::Item::Struct(definition) if definition.ident == "QueryParam"),
    );
    if taken {
        return;
    }
    struct ShortQueryParam;
    impl syn::visit_mut::VisitMut for ShortQueryParam {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            let long = path.leading_colon.is_none()
                && path.segments.len() >= 2
                && path.segments[0].ident == "progenitor_client"
                && path.segments[1].ident == "QueryParam";
            if long {
                path.segments = path.segments.iter().skip(1).cloned().collect();
            }
            syn::visit_mut::visit_path_mut(self, path);
        }
    }
    for item in items.iter_mut() {
        syn::visit_mut::visit_item_mut(&mut ShortQueryParam, item);
    }
    items.insert(
        at,
        syn::parse_quote! {
            #[allow(unused_imports)]
            use progenitor_client::QueryParam;
        },
    );
}

/// How a setter of progenitor's converts its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setter {
    /// `value.try_into()`, failing with a fixed message.
    Required,
    /// The same, wrapped in `Some`.
    Optional,
    /// `value.try_into()`, failing with a message that includes the conversion's error.
    Explained,
    /// A text body: converted to a `String`, then into the request body.
    Text,
}

/// Replaces one of progenitor's setters by the shared one; false for a setter it does not
/// recognise (a function that is not a setter, or sets a typify builder, is not its kind).
fn share_setter_body(function: &mut syn::ImplItemFn) -> bool {
    if let Some((setter, value_type)) = progenitor_setter(function)
        && let Some(syn::GenericParam::Type(generic)) = function.sig.generics.params.first()
    {
        let generic = generic.ident.clone();
        *function = shared_setter(setter, &function.sig.ident, &value_type, &generic);
        return true;
    }
    !is_setter(function) || sets_typify_builder(function)
}

/// Whether `function` is a builder's setter: `fn name…(mut self, value…) -> Self`.
fn is_setter(function: &syn::ImplItemFn) -> bool {
    let inputs: Vec<&syn::FnArg> = function.sig.inputs.iter().collect();
    let output = &function.sig.output;
    matches!(inputs[..], [syn::FnArg::Receiver(receiver), syn::FnArg::Typed(_)]
        if same_tokens(quote!(#receiver), quote!(mut self)))
        && same_tokens(quote!(#output), quote!(-> Self))
}

/// Whether a setter sets a typify builder (kept when the spec asks for them): `body_map`, or a
/// body converted into its builder with `.map(From::from)`.
fn sets_typify_builder(function: &syn::ImplItemFn) -> bool {
    function.sig.ident == "body_map"
        || (function.block.to_token_stream().to_string()).contains("map (From :: from)")
}

/// A setter as the builders share it: the runtime's conversion of `value` (of type `generic`)
/// into the `name` parameter's type, and an inline bound where that is all the `where` clause
/// would say.
pub fn shared_setter(
    setter: Setter,
    name: &syn::Ident,
    value_type: &syn::Type,
    generic: &syn::Ident,
) -> syn::ImplItemFn {
    let parameter = name.to_string();
    let conversion = match setter {
        Setter::Required => quote!(convert(value, #parameter)),
        Setter::Optional => quote!(convert(value, #parameter).map(Some)),
        Setter::Explained => quote!(convert_explained(value, #parameter)),
        Setter::Text => quote!(convert::<#value_type, _>(value, #parameter).map(|v| v.into())),
    };
    let signature = match setter {
        Setter::Explained => quote! {
            fn #name<#generic>(mut self, value: #generic) -> Self
            where
                #generic: std::convert::TryInto<#value_type>,
                <#generic as std::convert::TryInto<#value_type>>::Error: std::fmt::Display,
        },
        _ => quote!(fn #name<#generic: TryInto<#value_type>>(mut self, value: #generic) -> Self),
    };
    syn::parse_quote! {
        pub #signature {
            self.#name = #conversion;
            self
        }
    }
}

/// Which of progenitor's setters `function` is, and the type it converts to; `None` for
/// anything else.
fn progenitor_setter(function: &syn::ImplItemFn) -> Option<(Setter, syn::Type)> {
    let sig = &function.sig;
    let [syn::GenericParam::Type(generic)] = sig.generics.params.iter().collect::<Vec<_>>()[..]
    else {
        return None;
    };
    let where_clause = sig.generics.where_clause.as_ref()?;
    let syn::WherePredicate::Type(bound) = where_clause.predicates.first()? else {
        return None;
    };
    let value_type = try_into_target(&bound.bounds)?;
    let name = &sig.ident;
    let g = &generic.ident;
    let message = function_message(function)?;
    let try_into = quote!(std::convert::TryInto<#value_type>);
    let typed = quote!(fn #name<#g>(mut self, value: #g,) -> Self where #g: #try_into,);
    let failure = quote!(map_err(|_| #message.to_string()));
    // Exactly as progenitor's templates write them (commas included: syn prints them).
    let candidates = [
        (
            Setter::Required,
            typed.clone(),
            quote!(self.#name = value.try_into().#failure;),
        ),
        (
            Setter::Optional,
            typed,
            quote!(self.#name = value.try_into().map(Some).#failure;),
        ),
        (
            Setter::Explained,
            quote! {
                fn #name<#g>(mut self, value: #g) -> Self
                where #g: #try_into, <#g as #try_into>::Error: std::fmt::Display,
            },
            quote!(self.#name = value.try_into().map_err(|s| format!(#message, s));),
        ),
        (
            // A raw body (`reqwest::Body`).
            Setter::Required,
            quote!(fn #name<#g>(mut self, value: #g) -> Self where #g: #try_into),
            quote!(self.#name = value.try_into().#failure;),
        ),
        (
            Setter::Text,
            quote!(fn #name<#g>(mut self, value: #g) -> Self where #g: #try_into),
            quote!(self.#name = value.try_into().#failure.map(|v| v.into());),
        ),
    ];
    let actual = function.to_token_stream();
    candidates
        .into_iter()
        .find_map(|(setter, signature, assignment)| {
            let expected = quote!(pub #signature { #assignment self });
            same_tokens(actual.clone(), expected).then(|| (setter, value_type.clone()))
        })
}

/// `T` of a bound list that is exactly `std::convert::TryInto<T>`.
fn try_into_target(
    bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> Option<syn::Type> {
    let [syn::TypeParamBound::Trait(bound)] = bounds.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let segments: Vec<_> = bound.path.segments.iter().collect();
    let [std, convert, try_into] = segments[..] else {
        return None;
    };
    if std.ident != "std" || convert.ident != "convert" || try_into.ident != "TryInto" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &try_into.arguments else {
        return None;
    };
    match arguments.args.iter().collect::<Vec<_>>()[..] {
        [syn::GenericArgument::Type(target)] => Some(target.clone()),
        _ => None,
    }
}

/// The one string literal of a setter: its failure message.
fn function_message(function: &syn::ImplItemFn) -> Option<syn::LitStr> {
    struct Literals(Vec<syn::LitStr>);
    impl<'ast> syn::visit::Visit<'ast> for Literals {
        fn visit_lit_str(&mut self, literal: &'ast syn::LitStr) {
            self.0.push(literal.clone());
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            // `format!("…", s)`: the literal is the macro's first token.
            if let Some(proc_macro2::TokenTree::Literal(literal)) =
                mac.tokens.clone().into_iter().next()
                && let Ok(literal) = syn::parse2::<syn::LitStr>(literal.into_token_stream())
            {
                self.0.push(literal);
            }
        }
    }
    let mut literals = Literals(Vec::new());
    syn::visit::visit_block(&mut literals, &function.block);
    match <[syn::LitStr; 1]>::try_from(literals.0) {
        Ok([message]) => Some(message),
        Err(_) => None,
    }
}

/// Token text, for comparing code regardless of spans.
fn same_text(tokens: &TokenStream) -> String {
    tokens.to_string()
}

/// Each builder's fields (by the builder's type as its `impl` names it, `Name < 'a >`) whose
/// value is a standard type that is `ToString` itself, rather than through `Deref` as a
/// constrained string's newtype is: the header parameters the runtime's `HeaderParams` take.
fn text_fields(items: &[syn::Item]) -> HashMap<String, HashSet<String>> {
    const TEXT_TYPES: [&str; 18] = [
        "String", "str", "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize",
        "u8", "u16", "u32", "u64", "u128", "usize",
    ];
    let is_text = |ty: &syn::Type| {
        let value = generic_arguments::<2>(ty, "Result").map(|[value, _]| value);
        let value = value.map(|value| match generic_arguments::<1>(&value, "Option") {
            Some([inner]) => inner,
            None => value,
        });
        matches!(value, Some(syn::Type::Path(path))
            if path.qself.is_none()
                && path.path.segments.last().is_some_and(|last| {
                    last.arguments.is_none()
                        && TEXT_TYPES.contains(&last.ident.to_string().as_str())
                })
                && (path.path.segments.len() == 1
                    || path.path.segments[0].ident == "std"))
    };
    let mut fields = HashMap::new();
    for item in items {
        let syn::Item::Struct(builder) = item else {
            continue;
        };
        let name = builder.ident.clone();
        let generics = &builder.generics;
        let key = quote!(#name #generics).to_string();
        let text = (builder.fields.iter())
            .filter(|field| is_text(&field.ty))
            .filter_map(|field| Some(field.ident.as_ref()?.to_string()))
            .collect();
        fields.insert(key, text);
    }
    fields
}

/// In a `send`: the hook sequence becomes `Client::exchange`, the status `match` shares its
/// error arm and merges arms with the same body, and header parameters whose values are
/// `text_fields` are one call each.
/// False if `send` builds an `OperationInfo` that does not start progenitor's hook sequence.
fn share_send_plumbing(function: &mut syn::ImplItemFn, text_fields: &HashSet<String>) -> bool {
    let statements = &mut function.block.stmts;
    let mut recognised = true;
    if let Some((at, operation_id, names)) = hook_sequence(statements) {
        let HookNames {
            client,
            request,
            response,
            ..
        } = &names;
        statements.splice(
            at..at + HOOK_SEQUENCE_LEN,
            [syn::parse_quote! {
                let #response = #client.exchange(#request, #operation_id).await?;
            }],
        );
        request_needs_no_mut(&mut statements[..at], request);
    } else {
        recognised = !statements.iter().any(|statement| {
            matches!(statement, syn::Stmt::Local(local)
                if matches!(local.init.as_ref().map(|init| &*init.expr),
                    Some(syn::Expr::Struct(info)) if info.path.is_ident("OperationInfo")))
        });
    }
    for statement in statements.iter_mut() {
        if let syn::Stmt::Expr(syn::Expr::Match(status_match), _) = statement {
            share_status_arms(status_match);
        }
        answer_call(statement);
        header_param_call(statement, text_fields);
    }
    syn::visit_mut::visit_block_mut(&mut AcceptJson, &mut function.block);
    api_result_output(&mut function.sig);
    recognised
}

/// progenitor's header parameters, `header_map.append("Name", name.to_string().try_into()?);`
/// and, when optional, the same inside `if let Some(value) = name { … }`, as the runtime's
/// `header_map.param("Name", name)?;` and `header_map.optional_param("Name", name)?;`: a line
/// each, where they took two or three.
fn header_param_call(statement: &mut syn::Stmt, text_fields: &HashSet<String>) {
    if let Some((parameter, call)) = header_param(statement)
        && text_fields.contains(&parameter)
    {
        *statement = call;
    }
}

/// The parameter and the call for one of progenitor's header statements, if `statement` is
/// one.
fn header_param(statement: &syn::Stmt) -> Option<(String, syn::Stmt)> {
    match statement {
        syn::Stmt::Expr(syn::Expr::MethodCall(append), Some(_)) => {
            let (name, value) = append_parts(append)?;
            let expected = quote!(header_map.append(#name, #value.to_string().try_into()?));
            let syn::Expr::Path(parameter) = &value else {
                return None;
            };
            let parameter = parameter.path.get_ident()?.to_string();
            same_tokens(append.to_token_stream(), expected).then(|| {
                (
                    parameter,
                    syn::parse_quote!(header_map.param(#name, #value)?;),
                )
            })
        }
        syn::Stmt::Expr(syn::Expr::If(condition), None) => {
            let syn::Expr::Let(binding) = &*condition.cond else {
                return None;
            };
            let syn::Expr::Path(parameter) = &*binding.expr else {
                return None;
            };
            let [syn::Stmt::Expr(syn::Expr::MethodCall(append), Some(_))] =
                &condition.then_branch.stmts[..]
            else {
                return None;
            };
            let (name, _) = append_parts(append)?;
            let expected = quote! {
                if let Some(value) = #parameter {
                    header_map.append(#name, value.to_string().try_into()?);
                }
            };
            let call = syn::parse_quote!(header_map.optional_param(#name, #parameter)?;);
            let parameter = parameter.path.get_ident()?.to_string();
            same_tokens(condition.to_token_stream(), expected).then_some((parameter, call))
        }
        _ => None,
    }
}

/// The name and the value of `….append(name, value.to_string().try_into()?)`.
fn append_parts(append: &syn::ExprMethodCall) -> Option<(syn::Expr, syn::Expr)> {
    let [name, syn::Expr::Try(converted)] = &append.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let syn::Expr::MethodCall(try_into) = &*converted.expr else {
        return None;
    };
    let syn::Expr::MethodCall(to_string) = &*try_into.receiver else {
        return None;
    };
    Some(((*name).clone(), (*to_string.receiver).clone()))
}

/// `-> Result<ResponseValue<T>, Error<E>>` → `-> ApiResult<T, E>` (the runtime's alias), and
/// `ApiResult<T>` where `E` is `()`: the same type, and most signatures then fit on a line.
fn api_result_output(signature: &mut syn::Signature) {
    let syn::ReturnType::Type(_, output) = &signature.output else {
        return;
    };
    let Some([value, error]) = generic_arguments(output, "Result") else {
        return;
    };
    let (Some([value]), Some([error])) = (
        generic_arguments(&value, "ResponseValue"),
        generic_arguments(&error, "Error"),
    ) else {
        return;
    };
    let unit: syn::Type = syn::parse_quote!(());
    signature.output = if same_tokens(error.to_token_stream(), unit.to_token_stream()) {
        syn::parse_quote!(-> ApiResult<#value>)
    } else {
        syn::parse_quote!(-> ApiResult<#value, #error>)
    };
}

/// The `N` type arguments of `ty` if it is `name<…>`, a one-segment path.
pub fn generic_arguments<const N: usize>(ty: &syn::Type, name: &str) -> Option<[syn::Type; N]> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() || path.path.leading_colon.is_some() {
        return None;
    }
    let [segment] = &path.path.segments.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    if segment.ident != name {
        return None;
    }
    let types: Vec<syn::Type> = arguments
        .args
        .iter()
        .map(|argument| match argument {
            syn::GenericArgument::Type(ty) => Some(ty.clone()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    types.try_into().ok()
}

/// `.header(::reqwest::header::ACCEPT, ::reqwest::header::HeaderValue::from_static(
/// "application/json"))`, which progenitor writes into every request of an operation that
/// answers JSON, becomes `.header(ACCEPT, JSON)` (the runtime's constant): four
/// lines fewer, and most requests' builder chains then fit on one line.
struct AcceptJson;

impl syn::visit_mut::VisitMut for AcceptJson {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        if call.method != "header" || call.args.len() != 2 {
            return;
        }
        // As progenitor's template writes them, trailing commas included.
        let progenitors: [TokenStream; 2] = [
            quote!(::reqwest::header::ACCEPT),
            quote!(::reqwest::header::HeaderValue::from_static(
                "application/json",
            )),
        ];
        let same_arguments = (call.args.iter().zip(progenitors))
            .all(|(actual, expected)| same_tokens(actual.to_token_stream(), expected));
        if same_arguments {
            call.args = syn::parse_quote!(ACCEPT, JSON);
        }
    }
}

/// Statements of progenitor's hook sequence, `let info = OperationInfo { … }` to
/// `let response = result?;`.
const HOOK_SEQUENCE_LEN: usize = 5;

/// The names progenitor gives the bindings of its hook sequence: `client`, `request`, `result`
/// and `response`, each with an underscore more for each parameter that takes the name.
struct HookNames {
    client: syn::Ident,
    request: syn::Ident,
    result: syn::Ident,
    response: syn::Ident,
}

impl HookNames {
    /// The names `statements` use, each the first identifier that is one of progenitor's
    /// spellings of it (the plain name where none is).
    fn used_in(statements: &[syn::Stmt]) -> Self {
        fn find(tokens: TokenStream, base: &str) -> Option<syn::Ident> {
            tokens.into_iter().find_map(|token| match token {
                proc_macro2::TokenTree::Ident(ident)
                    if ident.to_string().trim_start_matches('_') == base =>
                {
                    Some(ident)
                }
                proc_macro2::TokenTree::Group(group) => find(group.stream(), base),
                _ => None,
            })
        }
        let tokens: TokenStream = statements.iter().map(ToTokens::to_token_stream).collect();
        let name = |base: &str| {
            find(tokens.clone(), base)
                .unwrap_or_else(|| syn::Ident::new(base, proc_macro2::Span::call_site()))
        };
        Self {
            client: name("client"),
            request: name("request"),
            result: name("result"),
            response: name("response"),
        }
    }
}

/// Where the hook sequence starts, the operation id it sends and the names of its bindings.
fn hook_sequence(statements: &[syn::Stmt]) -> Option<(usize, syn::LitStr, HookNames)> {
    statements
        .windows(HOOK_SEQUENCE_LEN)
        .enumerate()
        .find_map(|(at, window)| {
            let operation_id = operation_info(&window[0])?;
            let names = HookNames::used_in(&window[1..]);
            let HookNames {
                client,
                request,
                result,
                response,
            } = &names;
            let expected: [TokenStream; HOOK_SEQUENCE_LEN - 1] = [
                quote!(#client.pre(&mut #request, &info).await?;),
                quote!(let #result = #client.exec(#request, &info).await;),
                quote!(#client.post(&#result, &info).await?;),
                quote!(let #response = #result?;),
            ];
            let same = (window[1..].iter().zip(expected))
                .all(|(actual, expected)| same_tokens(actual.to_token_stream(), expected));
            same.then_some((at, operation_id, names))
        })
}

/// The id of `let info = OperationInfo { operation_id: "…" };`.
fn operation_info(statement: &syn::Stmt) -> Option<syn::LitStr> {
    let syn::Stmt::Local(local) = statement else {
        return None;
    };
    if same_text(&local.pat.to_token_stream()) != "info" {
        return None;
    }
    let syn::Expr::Struct(info) = &*local.init.as_ref()?.expr else {
        return None;
    };
    if !info.path.is_ident("OperationInfo") || info.fields.len() != 1 {
        return None;
    }
    let field = info.fields.first()?;
    match (&field.member, &field.expr) {
        (syn::Member::Named(member), syn::Expr::Lit(literal)) if member == "operation_id" => {
            match &literal.lit {
                syn::Lit::Str(id) => Some(id.clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `#[allow(unused_mut)] let mut request = …;` → `let request = …;` (under progenitor's name
/// for it, `request`): the hooks that mutated it now take it by value. Only when no statement
/// between the binding and the hooks mentions it.
fn request_needs_no_mut(before_hooks: &mut [syn::Stmt], request: &syn::Ident) {
    let binding = format!("mut {request}");
    let Some(at) = before_hooks.iter().rposition(|statement| {
        matches!(statement, syn::Stmt::Local(local)
            if same_text(&local.pat.to_token_stream()) == binding)
    }) else {
        return;
    };
    fn mentions_request(tokens: TokenStream, request: &syn::Ident) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == *request,
            proc_macro2::TokenTree::Group(group) => mentions_request(group.stream(), request),
            _ => false,
        })
    }
    let between = &before_hooks[at + 1..];
    if between
        .iter()
        .any(|statement| mentions_request(statement.to_token_stream(), request))
    {
        return;
    }
    if let syn::Stmt::Local(local) = &mut before_hooks[at] {
        local.pat = syn::parse_quote!(#request);
        local.attrs.retain(|attribute| {
            same_text(&attribute.to_token_stream()) != "# [allow (unused_mut)]"
        });
    }
}

/// The error arm progenitor writes for a documented error status with a body becomes
/// `error_response(response).await`; then, among the leading exact-status arms (the status
/// arms are ordered exact codes first), arms with the same body are merged into the first of
/// them: exact statuses never overlap, so their order among themselves does not matter.
fn share_status_arms(status_match: &mut syn::ExprMatch) {
    if !is_status_match(status_match) {
        return;
    }
    // A string, which rustfmt leaves as it is (it would add a trailing comma to the call).
    let error_arm: syn::Expr = syn::parse_str(
        "{ Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)) }",
    )
    .expect("valid Rust");
    let error_arm = error_arm.to_token_stream();
    for arm in &mut status_match.arms {
        if same_tokens(arm.body.to_token_stream(), error_arm.clone()) {
            *arm.body = syn::parse_quote!(error_response(response).await);
        }
    }
    let arms = std::mem::take(&mut status_match.arms);
    let mut merged: Vec<syn::Arm> = Vec::with_capacity(arms.len());
    let mut bodies: Vec<(TokenStream, usize)> = Vec::new();
    let mut leading = true;
    for arm in arms {
        // A guarded arm is a `Pat::Guard`, so never exact.
        leading &= matches!(arm.pat, syn::Pat::Lit(_));
        if !leading {
            merged.push(arm);
            continue;
        }
        let body = arm.body.to_token_stream();
        match (bodies.iter()).find(|(first, _)| same_tokens(first.clone(), body.clone())) {
            Some(&(_, first)) => add_case(&mut merged[first].pat, arm.pat),
            None => {
                bodies.push((body, merged.len()));
                merged.push(arm);
            }
        }
    }
    status_match.arms = merged;
}

/// `a` → `a | b`.
fn add_case(pattern: &mut syn::Pat, case: syn::Pat) {
    if let syn::Pat::Or(or) = pattern {
        or.cases.push(case);
        return;
    }
    let first = std::mem::replace(pattern, syn::Pat::Verbatim(TokenStream::new()));
    *pattern = syn::Pat::Or(syn::PatOr {
        attrs: Vec::new(),
        leading_vert: None,
        cases: [first, case].into_iter().collect(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder_module(items: TokenStream) -> syn::File {
        syn::parse_quote! {
            pub mod builder {
                use super::types;
                #items
            }
        }
    }

    fn shared(items: TokenStream) -> String {
        let mut file = builder_module(items);
        share_builder_plumbing(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn progenitors_setters_call_the_runtime_conversions() {
        let text = shared(quote! {
            impl<'a> CreateDisk<'a> {
                pub fn name<V>(mut self, value: V,) -> Self
                where V: std::convert::TryInto<::std::string::String>,
                {
                    self.name = value.try_into()
                        .map_err(|_| "conversion to `:: std :: string :: String` for name failed".to_string());
                    self
                }
                pub fn page<V>(mut self, value: V,) -> Self
                where V: std::convert::TryInto<i64>,
                {
                    self.page = value.try_into().map(Some)
                        .map_err(|_| "conversion to `i64` for page failed".to_string());
                    self
                }
                pub fn body<V>(mut self, value: V) -> Self
                where
                    V: std::convert::TryInto<types::CreateDiskBody>,
                    <V as std::convert::TryInto<types::CreateDiskBody>>::Error: std::fmt::Display,
                {
                    self.body = value.try_into()
                        .map_err(|s| format!("conversion to `CreateDiskBody` for body failed: {}", s));
                    self
                }
            }
        });
        assert!(
            text.contains(
                "pub fn name<V: TryInto<::std::string::String>>(mut self, value: V) -> Self {\n\
                 \x20           self.name = convert(value, \"name\");\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("self.page = convert(value, \"page\").map(Some);"),
            "{text}"
        );
        assert!(
            text.contains("self.body = convert_explained(value, \"body\");"),
            "{text}"
        );
        assert!(!text.contains("map_err"), "{text}");
    }

    #[test]
    fn a_setter_that_is_not_progenitors_is_left_alone() {
        let text = shared(quote! {
            impl<'a> CreateDisk<'a> {
                pub fn name<V>(mut self, value: V,) -> Self
                where V: std::convert::TryInto<::std::string::String>,
                {
                    self.name = value.try_into()
                        .map(|name| name.to_lowercase())
                        .map_err(|_| "conversion to `String` for name failed".to_string());
                    self
                }
            }
        });
        assert!(text.contains("to_lowercase"), "{text}");
        assert!(!text.contains("convert(value"), "{text}");
    }

    #[test]
    fn send_calls_the_hooks_once_and_merges_error_arms() {
        let text = shared(quote! {
            impl<'a> CreateDisk<'a> {
                pub async fn send(self) -> Result<ResponseValue<types::Disk>, Error<::serde_json::Value>> {
                    let Self { client } = self;
                    let url = format!("{}/disks", client.baseurl);
                    #[allow(unused_mut)]
                    let mut request = client.client.post(url).build()?;
                    let info = OperationInfo { operation_id: "create_disk" };
                    client.pre(&mut request, &info).await?;
                    let result = client.exec(request, &info).await;
                    client.post(&result, &info).await?;
                    let response = result?;
                    match response.status().as_u16() {
                        201u16 => ResponseValue::from_response(response).await,
                        403u16 => {
                            Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
                        }
                        404u16 => {
                            Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
                        }
                        400u16..=499u16 => {
                            Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
                        }
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
        });
        assert!(
            text.contains(
                "let request = client.client.post(url).build()?;\n\
                 \x20           let response = client.exchange(request, \"create_disk\").await?;\n"
            ),
            "{text}"
        );
        assert!(!text.contains("OperationInfo"), "{text}");
        assert!(!text.contains("unused_mut"), "{text}");
        assert!(
            text.contains("403u16 | 404u16 => error_response(response).await,"),
            "{text}"
        );
        // A range keeps its own arm, after the exact statuses.
        assert!(
            text.contains("400u16..=499u16 => error_response(response).await,"),
            "{text}"
        );
    }

    /// Parameters named `request` and `result` (TomTom's maps): progenitor's bindings are
    /// `_request` and `_result`, and the sequence is the same under those names.
    #[test]
    fn the_hooks_under_progenitors_renamed_bindings_are_one_call_too() {
        let text = shared(quote! {
            impl<'a> GetMap<'a> {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    let Self { client, request, result } = self;
                    let url = format!("{}/map", client.baseurl);
                    #[allow(unused_mut)]
                    let mut _request = client.client.get(url).query(&request).build()?;
                    let info = OperationInfo { operation_id: "get_map" };
                    client.pre(&mut _request, &info).await?;
                    let _result = client.exec(_request, &info).await;
                    client.post(&_result, &info).await?;
                    let response = _result?;
                    todo!()
                }
            }
        });
        assert!(
            text.contains(
                "let _request = client.client.get(url).query(&request).build()?;\n\
                 \x20           let response = client.exchange(_request, \"get_map\").await?;\n"
            ),
            "{text}"
        );
        // Any other shape of the sequence is reported.
        let mut file = builder_module(quote! {
            impl<'a> GetMap<'a> {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    let mut request = client.client.get(url).build()?;
                    let info = OperationInfo { operation_id: "get_map" };
                    client.pre(&mut request, &info).await?;
                    let result = client.exec(request, &info, true).await;
                    client.post(&result, &info).await?;
                    let response = result?;
                    todo!()
                }
            }
        });
        let unrecognised = share_builder_plumbing(&mut file);
        assert_eq!(unrecognised.len(), 1, "{unrecognised:?}");
        assert!(unrecognised[0].contains("`builder::GetMap<'a>::send`"));
    }

    #[test]
    fn header_parameters_are_one_call_each() {
        let text = shared(quote! {
            pub struct ListDisks<'a> {
                client: &'a super::Client,
                tenant: Result<::std::string::String, String>,
                trace_id: Result<Option<i64>, String>,
                track_id: Result<Option<types::TrackId>, String>,
            }
            impl<'a> ListDisks<'a> {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
                    header_map.append("X-Tenant", tenant.to_string().try_into()?);
                    if let Some(value) = trace_id {
                        header_map.append("X-Trace-Id", value.to_string().try_into()?);
                    }
                    if let Some(value) = track_id {
                        header_map.append("X-Track-Id", value.to_string().try_into()?);
                    }
                    header_map.append("X-Fixed", ::reqwest::header::HeaderValue::from_static("1"));
                    Ok(())
                }
            }
        });
        assert!(
            text.contains("header_map.param(\"X-Tenant\", tenant)?;"),
            "{text}"
        );
        assert!(
            text.contains("header_map.optional_param(\"X-Trace-Id\", trace_id)?;"),
            "{text}"
        );
        // Anything else stays as it is, and so does a value of a type that may be `ToString`
        // only through `Deref` (a constrained string).
        assert!(text.contains(".append(\"X-Fixed\""), "{text}");
        assert!(text.contains("if let Some(value) = track_id {"), "{text}");
    }

    #[test]
    fn query_parameters_are_written_short_unless_a_builder_has_the_name() {
        let send = quote! {
            impl<'a> ListDisks<'a> {
                pub fn page(self) -> progenitor_client::QueryParam<'static, i64> {
                    progenitor_client::QueryParam::new("page", &1)
                }
            }
        };
        let text = shared(send.clone());
        assert!(
            text.contains("use progenitor_client::QueryParam;"),
            "{text}"
        );
        assert!(text.contains("-> QueryParam<'static, i64>"), "{text}");
        assert!(text.contains(" QueryParam::new(\"page\", &1)"), "{text}");
        let text = shared(quote! {
            pub struct QueryParam<'a> { client: &'a super::Client }
            #send
        });
        assert!(
            !text.contains("use progenitor_client::QueryParam;"),
            "{text}"
        );
        assert!(
            text.contains("progenitor_client::QueryParam::new("),
            "{text}"
        );
    }

    /// Against progenitor's real output: nothing of the replaced plumbing is left, so a new
    /// progenitor that writes it differently fails here rather than silently growing crates.
    #[test]
    fn no_plumbing_is_left_in_the_sample_crates() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for sample in ["parameters", "bodies", "responses"] {
            let spec = root.join(format!("tests/samples/{sample}.yaml"));
            let krate = crate::generate::render_crate(&spec, &spec, "sample", Default::default())
                .unwrap_or_else(|err| panic!("{sample} generates: {err}"));
            let client = &krate.files[std::path::Path::new("src/client.rs")];
            for progenitors in [
                "OperationInfo {",
                "\"conversion to",
                "Error::ErrorResponse(",
                "from_static(\"application/json\")",
            ] {
                assert!(
                    !client.contains(progenitors),
                    "{sample}: `{progenitors}` is left in client.rs"
                );
            }
            assert!(client.contains("convert(value, "), "{sample}");
            assert!(client.contains(".exchange(request, "), "{sample}");
            // The parameters sample's operations answer without a JSON body.
            if sample != "parameters" {
                assert!(client.contains(".header(ACCEPT, JSON)"), "{sample}");
            }
        }
    }
}
