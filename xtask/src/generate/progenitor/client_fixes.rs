//! What progenitor writes that would not compile, or not run, as it is: small rewrites of the
//! client and of typify's default functions, each listed in [`super::passes`].

use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};

use super::shapes::{is_status_match, order_status_arms};
use crate::error::{Located, StageResult};

/// progenitor builds every request with reqwest's per-method shorthand
/// (`client.client.get(url)`), and reqwest has none for OPTIONS or TRACE: those calls become
/// `request(Method::OPTIONS, url)` (`_client.client` alike, where a parameter takes the name
/// `client`). Its kind is an `.options(…)` or `.trace(…)` call on the URL progenitor binds
/// (`url`, `_url`, …): one on another receiver would not compile, and is reported.
#[derive(Default)]
pub struct MethodsWithoutShorthand {
    /// The function being visited.
    function: String,
    /// The calls of its kind it could not rewrite.
    unrecognised: Vec<String>,
}

impl MethodsWithoutShorthand {
    /// Rewrites every call in `client`; the places it could not.
    pub fn rewrite(client: &mut syn::File) -> Vec<String> {
        let mut pass = Self::default();
        pass.visit_file_mut(client);
        pass.unrecognised
    }
}

impl syn::visit_mut::VisitMut for MethodsWithoutShorthand {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let outer = std::mem::replace(&mut self.function, function.sig.ident.to_string());
        visit_mut::visit_impl_item_fn_mut(self, function);
        self.function = outer;
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        let receiver = &call.receiver;
        let method = if call.method == "options" {
            quote!(OPTIONS)
        } else if call.method == "trace" {
            quote!(TRACE)
        } else {
            return;
        };
        let on_url = matches!(&call.args.first(), Some(syn::Expr::Path(path))
            if path.path.get_ident().is_some_and(|name| name.to_string().trim_start_matches('_') == "url"));
        // progenitor's `client` is `_client` where a parameter takes the name.
        let on_client = matches!(&**receiver, syn::Expr::Field(field)
            if matches!(&field.member, syn::Member::Named(name) if name == "client")
                && matches!(&*field.base, syn::Expr::Path(base)
                    if base.path.get_ident().is_some_and(|name| name.to_string().trim_start_matches('_') == "client")));
        if !on_client || call.args.len() != 1 {
            if on_url {
                self.unrecognised.push(format!(
                    "client.rs, `{}`: `{}` is not progenitor's `client.client.{}(url)`, left \
                     as it is (reqwest has no such method)",
                    self.function,
                    call.to_token_stream(),
                    call.method
                ));
            }
            return;
        }
        let url = &call.args[0];
        call.method = syn::Ident::new("request", call.method.span());
        call.args = syn::parse_quote!(::reqwest::Method::#method, #url);
    }
}

/// progenitor sorts a range (`4XX`) among the codes by its first one (`400`), so a documented
/// `404` after it could never match (and rustc warns). The arms of every status `match` are
/// put in the order HTTP means: exact codes, then ranges, then the rest.
pub struct StatusArmOrder;

impl syn::visit_mut::VisitMut for StatusArmOrder {
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        syn::visit_mut::visit_expr_match_mut(self, expr);
        if is_status_match(expr) {
            order_status_arms(expr);
        }
    }
}

/// progenitor sends `api-version: <info.version>` with every request, a header none of the
/// APIs define; its statements are left out of each operation (and the operation's header map,
/// when nothing else goes in it), rather than sent to the runtime to remove. Its kind is a call
/// of `api_version()` in an operation: one still there afterwards is reported.
#[derive(Default)]
pub struct ApiVersionHeader {
    /// The functions that still call `api_version()`.
    unrecognised: Vec<String>,
}

impl ApiVersionHeader {
    /// Rewrites every operation of `client`; the places it could not.
    pub fn rewrite(client: &mut syn::File) -> Vec<String> {
        let mut pass = Self::default();
        pass.visit_file_mut(client);
        pass.unrecognised
    }
}

/// Whether anything in `block` calls a function named `api_version`.
fn calls_api_version(block: &syn::Block) -> bool {
    struct Calls(bool);
    impl<'ast> syn::visit::Visit<'ast> for Calls {
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            self.0 |= matches!(&*call.func, syn::Expr::Path(path)
                if path.path.segments.last().is_some_and(|last| last.ident == "api_version"));
            syn::visit::visit_expr_call(self, call);
        }
    }
    let mut calls = Calls(false);
    syn::visit::Visit::visit_block(&mut calls, block);
    calls.0
}

impl VisitMut for ApiVersionHeader {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let before = function.block.stmts.len();
        function.block.stmts.retain(|stmt| {
            // Only a `header_map.append(…);` statement is written out to be read.
            let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
                return true;
            };
            if call.method != "append" || !is_header_map(&call.receiver) {
                return true;
            }
            let text = stmt.to_token_stream().to_string();
            !(text.contains("\"api-version\"") && text.contains("api_version ()"))
        });
        let removed = function.block.stmts.len() != before;
        if removed && !appends_to_header_map(&function.block) {
            function.block.stmts.retain(|stmt| {
                !matches!(stmt, syn::Stmt::Local(local)
                    if local.pat.to_token_stream().to_string() == "mut header_map")
            });
            UnusedHeaderMap.visit_block_mut(&mut function.block);
        }
        if calls_api_version(&function.block) {
            self.unrecognised.push(format!(
                "client.rs, `{}`: a call of `api_version()` that is not progenitor's \
                 `header_map.append(\"api-version\", …)`, left as it is (the header is sent)",
                function.sig.ident
            ));
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
    }
}

/// Whether `expr` is the path `header_map`.
fn is_header_map(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Path(path) if path.qself.is_none() && path.path.is_ident("header_map"))
}

/// Whether anything in `block` calls `header_map.append(…)`.
fn appends_to_header_map(block: &syn::Block) -> bool {
    struct Appends(bool);
    impl<'ast> syn::visit::Visit<'ast> for Appends {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            self.0 |= call.method == "append" && is_header_map(&call.receiver);
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut appends = Appends(false);
    syn::visit::Visit::visit_block(&mut appends, block);
    appends.0
}

/// `request.headers(header_map)` → `request`, once the map would be empty.
struct UnusedHeaderMap;

impl VisitMut for UnusedHeaderMap {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "headers"
            && call.args.len() == 1
            && matches!(&call.args[0], syn::Expr::Path(p) if p.path.is_ident("header_map"))
        {
            *expr = (*call.receiver).clone();
        }
    }
}

/// progenitor's `Client::new` builds a `reqwest::Client` itself, which panics when reqwest has
/// no TLS crypto provider (the `rustls` feature compiles it without one); it installs the
/// runtime's first, as `ClientBuilder::build` does.
pub fn install_tls_provider_in_new(client: &mut syn::File) -> StageResult<()> {
    let new = client
        .items
        .iter_mut()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .filter(|block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")))
        .flat_map(|block| block.items.iter_mut())
        .find_map(|item| match item {
            syn::ImplItem::Fn(function) if function.sig.ident == "new" => Some(function),
            _ => None,
        })
        .ok_or_else(|| {
            Located::whole("progenitor produced no `Client::new` (unexpected version?)")
        })?;
    new.block.stmts.insert(
        0,
        syn::parse_quote!(crate::runtime::install_tls_provider();),
    );
    Ok(())
}

/// typify names a default function after its type and field (`repository_visibility`), so two
/// types whose names meet at a field (GitHub's) define the same function twice; identical twins
/// are kept once. Twins that differ would not compile: they are the places returned.
pub fn dedupe_default_functions(types: &mut syn::File) -> Vec<String> {
    let mut unrecognised = Vec::new();
    for item in &mut types.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "defaults" {
            continue;
        }
        let Some((_, items)) = module.content.as_mut() else {
            continue;
        };
        let mut seen: std::collections::HashSet<(String, String)> = Default::default();
        let mut names: std::collections::HashSet<String> = Default::default();
        items.retain(|item| {
            let syn::Item::Fn(function) = item else {
                return true;
            };
            let name = function.sig.ident.to_string();
            let key = (name.clone(), quote!(#function).to_string());
            if seen.contains(&key) {
                return false;
            }
            seen.insert(key);
            if !names.insert(name.clone()) {
                unrecognised.push(format!(
                    "types.rs, `defaults::{name}`: two default functions of this name differ, \
                     both left as they are"
                ));
            }
            true
        });
    }
    unrecognised
}
