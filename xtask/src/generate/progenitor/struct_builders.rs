//! typify's per-type builders, taken out of progenitor's output unless a spec asks for them.
//!
//! progenitor turns typify's `with_struct_builder` on whenever the client has the builder
//! interface (`client.op().param(x).send()`), and offers no setting to turn it off. The builders
//! (`types::builder::X`, `X::builder()`, and the operations' `body_map`) are most of the lines of
//! a generated crate, and no caller needs them to send a body. Without them the client is what
//! progenitor writes for a body type that has no builder: `body(value)` stores the value, and an
//! operation sent without one fails with `body was not initialized`.

use std::collections::HashSet;

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};

/// Removes the builders from `types` and every use of them from `client`; the request builders
/// whose body held one but whose `new` or conversions are not progenitor's (left as they are,
/// they would not compile).
pub fn drop_struct_builders(types: &mut syn::File, client: &mut syn::File) -> Vec<String> {
    types
        .items
        .retain(|item| !matches!(item, syn::Item::Mod(module) if module.ident == "builder"));
    types.items.retain_mut(|item| match item {
        syn::Item::Impl(block) if block.trait_.is_none() => {
            block.items.retain(|item| !is_builder_constructor(item));
            !block.items.is_empty()
        }
        _ => true,
    });
    drop_unused_error_module(types);
    let mut uses = BuilderUses {
        bodies: HashSet::new(),
        conversions: 0,
        unrecognised: Vec::new(),
    };
    uses.visit_file_mut(client);
    uses.unrecognised
}

/// `pub fn builder() -> builder::X`.
fn is_builder_constructor(item: &syn::ImplItem) -> bool {
    let syn::ImplItem::Fn(function) = item else {
        return false;
    };
    function.sig.ident == "builder"
        && matches!(&function.sig.output, syn::ReturnType::Type(_, ty)
            if matches!(&**ty, syn::Type::Path(p) if p.path.segments.first().is_some_and(|s| s.ident == "builder")))
}

/// typify's `error::ConversionError` serves the builders and the `TryFrom`/`FromStr` impls of
/// constrained types; a crate with neither would carry it unused.
fn drop_unused_error_module(types: &mut syn::File) {
    let used = types.items.iter().any(|item| {
        !matches!(item, syn::Item::Mod(module) if module.ident == "error")
            && item
                .to_token_stream()
                .to_string()
                .contains("ConversionError")
    });
    if !used {
        types
            .items
            .retain(|item| !matches!(item, syn::Item::Mod(module) if module.ident == "error"));
    }
}

/// Rewrites the request builders of the client: the body field holds the type itself.
struct BuilderUses {
    /// Request builders (struct names) whose `body` field held a typify builder.
    bodies: HashSet<String>,
    /// The conversions into and out of a builder removed so far.
    conversions: usize,
    /// The request builders of its kind it could not rewrite.
    unrecognised: Vec<String>,
}

impl VisitMut for BuilderUses {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        let mut holds_builder = false;
        for field in &mut item.fields {
            let mut paths = BuilderPaths { found: false };
            paths.visit_type_mut(&mut field.ty);
            holds_builder |= paths.found;
        }
        if holds_builder {
            self.bodies.insert(item.ident.to_string());
        }
    }

    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        block
            .items
            .retain(|item| !matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == "body_map"));
        let is_body_builder = block.trait_.is_none()
            && matches!(&*block.self_ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| self.bodies.contains(&s.ident.to_string())));
        let mut initial = UninitialisedBody(false);
        if is_body_builder {
            for item in &mut block.items {
                if let syn::ImplItem::Fn(function) = item
                    && function.sig.ident == "new"
                {
                    initial.visit_impl_item_fn_mut(function);
                }
            }
        }
        let before = self.conversions;
        visit_mut::visit_item_impl_mut(self, block);
        // The body's setter converts into the builder, `send` out of it.
        if is_body_builder && (!initial.0 || self.conversions < before + 2) {
            self.unrecognised.push(format!(
                "client.rs, `builder::{}`: its body held a typify builder, and its `new`, \
                 `body` or `send` is not progenitor's (`Ok(Default::default())`, \
                 `.map(From::from)`, `.and_then(|v| types::X::try_from(v)…)`), left as it is",
                block.self_ty.to_token_stream().to_string().replace(' ', "")
            ));
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(call) = expr
            && (is_map_from_from(call) || is_and_then_try_from(call))
        {
            *expr = (*call.receiver).clone();
            self.conversions += 1;
        }
    }
}

/// `types::builder::X` → `types::X`, noting that there was one.
struct BuilderPaths {
    found: bool,
}

impl VisitMut for BuilderPaths {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let before = path.segments.len();
        path.segments = std::mem::take(&mut path.segments)
            .into_iter()
            .filter(|segment| segment.ident != "builder")
            .collect();
        self.found |= path.segments.len() != before;
        visit_mut::visit_path_mut(self, path);
    }
}

/// In a request builder's `new()`: `body: Ok(Default::default())` (an empty typify builder)
/// becomes progenitor's `Err("body was not initialized")` for bodies without one.
struct UninitialisedBody(bool);

impl VisitMut for UninitialisedBody {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let is_body = matches!(&field.member, syn::Member::Named(name) if name == "body");
        if is_body
            && field
                .expr
                .to_token_stream()
                .to_string()
                .contains("Default :: default")
        {
            field.expr = syn::parse_quote!(Err("body was not initialized".to_string()));
            self.0 = true;
        }
    }
}

/// `value.map(From::from)`: a body converted into its builder.
fn is_map_from_from(call: &syn::ExprMethodCall) -> bool {
    call.method == "map"
        && call.args.len() == 1
        && matches!(&call.args[0], syn::Expr::Path(p) if p.path.segments.len() == 2
            && p.path.segments[0].ident == "From" && p.path.segments[1].ident == "from")
}

/// `body.and_then(|v| types::X::try_from(v).map_err(|e| e.to_string()))`: a builder finished
/// into its type.
fn is_and_then_try_from(call: &syn::ExprMethodCall) -> bool {
    if call.method != "and_then" || call.args.len() != 1 {
        return false;
    }
    let syn::Expr::Closure(closure) = &call.args[0] else {
        return false;
    };
    let syn::Expr::MethodCall(map_err) = &*closure.body else {
        return false;
    };
    map_err.method == "map_err"
        && matches!(&*map_err.receiver, syn::Expr::Call(inner)
            if matches!(&*inner.func, syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "try_from")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_builder_holds_the_body_type() {
        let mut types: syn::File = syn::parse_quote! {
            pub struct Req { pub name: String }
            impl Req { pub fn builder() -> builder::Req { Default::default() } }
            pub mod builder { pub struct Req { name: Result<String, String> } }
            pub mod error { pub struct ConversionError; }
        };
        let mut client: syn::File = syn::parse_quote! {
            pub struct CreateThing<'a> {
                client: &'a super::Client,
                body: Result<types::builder::Req, String>,
            }
            impl<'a> CreateThing<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Ok(::std::default::Default::default()) }
                }
                pub fn body<V>(mut self, value: V) -> Self where V: std::convert::TryInto<types::Req> {
                    self.body = value.try_into().map(From::from).map_err(|s| format!("{}", s));
                    self
                }
                pub fn body_map<F>(mut self, f: F) -> Self
                where F: std::ops::FnOnce(types::builder::Req) -> types::builder::Req {
                    self.body = self.body.map(f);
                    self
                }
                pub async fn send(self) {
                    let Self { client, body } = self;
                    let body = body
                        .and_then(|v| types::Req::try_from(v).map_err(|e| e.to_string()))
                        .map_err(Error::InvalidRequest)?;
                }
            }
        };
        let unrecognised = drop_struct_builders(&mut types, &mut client);
        assert!(unrecognised.is_empty(), "{unrecognised:?}");
        let expected_types: syn::File = syn::parse_quote! {
            pub struct Req { pub name: String }
        };
        assert_eq!(types, expected_types);
        let expected_client: syn::File = syn::parse_quote! {
            pub struct CreateThing<'a> {
                client: &'a super::Client,
                body: Result<types::Req, String>,
            }
            impl<'a> CreateThing<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Err("body was not initialized".to_string()) }
                }
                pub fn body<V>(mut self, value: V) -> Self where V: std::convert::TryInto<types::Req> {
                    self.body = value.try_into().map_err(|s| format!("{}", s));
                    self
                }
                pub async fn send(self) {
                    let Self { client, body } = self;
                    let body = body.map_err(Error::InvalidRequest)?;
                }
            }
        };
        assert_eq!(
            prettyplease::unparse(&client),
            prettyplease::unparse(&expected_client)
        );
    }
}
