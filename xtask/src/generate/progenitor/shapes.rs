//! What progenitor writes, found: its request builders' module and its dispatch on the response
//! status, which several passes rewrite.

use quote::quote;
use syn::visit::Visit;

use super::same_tokens::same_tokens;

/// The items of progenitor's request builders (`pub mod builder { … }` in `client.rs`).
pub fn request_builder_items(client: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    client.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "builder" => {
            module.content.as_mut().map(|(_, items)| items)
        }
        _ => None,
    })
}

/// Whether a `match` is progenitor's dispatch on the response status
/// (`match response.status().as_u16() { … }`).
pub fn is_status_match(expr: &syn::ExprMatch) -> bool {
    let scrutinee = &expr.expr;
    same_tokens(quote!(#scrutinee), quote!(response.status().as_u16()))
}

/// Puts the arms of a status `match` in the order exact codes, ranges, the rest (stable).
pub fn order_status_arms(expr: &mut syn::ExprMatch) {
    expr.arms.sort_by_key(|arm| match arm.pat {
        syn::Pat::Lit(_) => 0,
        syn::Pat::Range(_) => 1,
        _ => 2,
    });
}

/// The `operation_id` of the `OperationInfo` a function builds (progenitor's `send`), as
/// `syn::visit::Visit` finds it: how a pass finds an operation's `send`.
pub struct OperationId(pub Option<String>);

impl<'ast> Visit<'ast> for OperationId {
    fn visit_expr_struct(&mut self, node: &'ast syn::ExprStruct) {
        if node.path.is_ident("OperationInfo") {
            for field in &node.fields {
                if let (syn::Member::Named(name), syn::Expr::Lit(lit)) =
                    (&field.member, &field.expr)
                    && name == "operation_id"
                    && let syn::Lit::Str(id) = &lit.lit
                {
                    self.0 = Some(id.value());
                }
            }
        }
        syn::visit::visit_expr_struct(self, node);
    }
}
