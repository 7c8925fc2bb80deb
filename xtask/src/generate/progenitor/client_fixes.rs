//! What progenitor writes that would not compile, or not run, as it is: small rewrites of the
//! client and of typify's default functions, each listed in [`super::passes`].

use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};

use super::same_tokens::same_tokens;
use super::shapes::{is_status_match, order_status_arms};
use crate::error::{Located, StageResult};

/// progenitor builds every request with reqwest's per-method shorthand
/// (`client.client.get(url)`), and reqwest has none for OPTIONS or TRACE: those calls become
/// `request(Method::OPTIONS, url)`.
pub struct MethodsWithoutShorthand;

impl syn::visit_mut::VisitMut for MethodsWithoutShorthand {
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
        if !same_tokens(quote!(#receiver), quote!(client.client)) || call.args.len() != 1 {
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
/// when nothing else goes in it), rather than sent to the runtime to remove.
pub struct ApiVersionHeader;

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
/// are kept once.
pub fn dedupe_default_functions(types: &mut syn::File) {
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
        items.retain(|item| {
            let syn::Item::Fn(function) = item else {
                return true;
            };
            let key = (
                function.sig.ident.to_string(),
                quote!(#function).to_string(),
            );
            seen.insert(key)
        });
    }
}
