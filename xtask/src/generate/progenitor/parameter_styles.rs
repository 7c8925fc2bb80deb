//! Path, header and cookie parameters whose value is not text. progenitor writes every such
//! parameter with `to_string()` (`encode_path(&ids.to_string())`,
//! `header_map.append("X-Ids", ids.to_string().try_into()?)`), which a list, a map or JSON
//! content does not have (E0599) and a `label` or `matrix` path writes otherwise. For each
//! parameter the model gives a style ([`crate::generate::model::Parameter::style`]), that
//! `to_string()` becomes the runtime's `parameter_text(&ids, Style::…)?`
//! (`templates/runtime.rs`), the one function that writes a list or an object as text in a
//! style, so the builder keeps taking the typed value. A query parameter given by JSON
//! `content`, which progenitor would send as form pairs, is given to its
//! `QueryParam::new("q", &q)` as that text too.
//!
//! A cookie travels between builder and runtime as a header (see
//! `normalise::parameters`): in the form style its text is the whole cookie pairs, which the
//! runtime's `RequestRewrite::CookiePairs` moves into `Cookie`.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};

use super::shapes::{OperationId, request_builder_items};
use crate::generate::model::Model;
use crate::generate::normalise::ParameterStyle;

/// Writes each styled parameter of `model` with `parameter_text` in its operation's `send`; the
/// parameters it found no `to_string()` of (a progenitor that writes them otherwise).
pub fn write_styled_parameters(client: &mut syn::File, model: &Model) -> Vec<String> {
    // Each operation's styled parameters: Rust name → the runtime's style, as tokens, and
    // whether the parameter is required.
    let mut styled: HashMap<&str, HashMap<String, (TokenStream, bool)>> = HashMap::new();
    for operation in &model.operations {
        for parameter in &operation.parameters {
            if let Some(style) = parameter.style {
                styled
                    .entry(operation.method_name.as_str())
                    .or_default()
                    .insert(
                        parameter.rust_name.clone(),
                        (style_tokens(style, &parameter.name), parameter.required),
                    );
            }
        }
    }
    if styled.is_empty() {
        return Vec::new();
    }
    let mut written: HashMap<&str, Vec<String>> = HashMap::new();
    if let Some(items) = request_builder_items(client) {
        for item in items.iter_mut() {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            for item in &mut block.items {
                let syn::ImplItem::Fn(function) = item else {
                    continue;
                };
                let mut found = OperationId(None);
                found.visit_block(&function.block);
                let Some((&id, styles)) =
                    found.0.as_deref().and_then(|id| styled.get_key_value(id))
                else {
                    continue;
                };
                let mut texts = StyledTexts {
                    styles,
                    bound: HashMap::new(),
                    written: Vec::new(),
                };
                texts.visit_block_mut(&mut function.block);
                written.entry(id).or_default().extend(texts.written);
            }
        }
    }
    let mut unrecognised: Vec<String> = styled
        .iter()
        .flat_map(|(id, styles)| {
            let written = written.get(id);
            styles
                .keys()
                .filter(move |name| !written.is_some_and(|written| written.contains(name)))
                .map(move |name| {
                    format!(
                        "client.rs, the `send` of `{id}`: no `{name}.to_string()` (nor \
                         `QueryParam::new(\"…\", &{name})`) to write in its style, left as it is"
                    )
                })
        })
        .collect();
    unrecognised.sort();
    unrecognised
}

/// The runtime's `Style` for `style`, the parameter's wire name given where the style writes it.
fn style_tokens(style: ParameterStyle, wire_name: &str) -> TokenStream {
    match style {
        ParameterStyle::Simple { explode } => {
            quote!(crate::runtime::Style::Simple { explode: #explode })
        }
        ParameterStyle::Label { explode } => {
            quote!(crate::runtime::Style::Label { explode: #explode })
        }
        ParameterStyle::Matrix { explode } => {
            quote!(crate::runtime::Style::Matrix { name: #wire_name, explode: #explode })
        }
        ParameterStyle::Form { explode } => {
            quote!(crate::runtime::Style::Form { name: #wire_name, explode: #explode })
        }
        ParameterStyle::Json => quote!(crate::runtime::Style::Json),
    }
}

/// Rewrites `name.to_string()` of each styled parameter in a `send`, `value.to_string()`
/// inside progenitor's `if let Some(value) = name { … }` for an optional one, and the value of
/// a query parameter's `QueryParam::new("name", &name)`.
struct StyledTexts<'a> {
    /// Rust name → style, and whether the parameter is required.
    styles: &'a HashMap<String, (TokenStream, bool)>,
    /// The bindings of `if let Some(value) = name` being visited: binding → parameter.
    bound: HashMap<String, String>,
    /// The parameters written.
    written: Vec<String>,
}

impl StyledTexts<'_> {
    /// The parameter `expr` (a lone identifier) stands for, if it is a styled one.
    fn parameter(&self, expr: &syn::Expr) -> Option<String> {
        let syn::Expr::Path(path) = expr else {
            return None;
        };
        let ident = path.path.get_ident()?.to_string();
        match self.bound.get(&ident) {
            Some(parameter) => Some(parameter.clone()),
            None => self.styles.contains_key(&ident).then_some(ident),
        }
    }
}

impl VisitMut for StyledTexts<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "to_string"
            && call.args.is_empty()
            && call.turbofish.is_none()
            && let Some(parameter) = self.parameter(&call.receiver)
        {
            let receiver = &call.receiver;
            let (style, _) = &self.styles[&parameter];
            *expr = syn::parse_quote!(parameter_text(&#receiver, #style)?);
            self.written.push(parameter);
            return;
        }
        // `progenitor_client::QueryParam::new("name", &name)`: the value becomes its text
        // (kept optional: an unset one is left out of the query).
        if let syn::Expr::Call(call) = expr
            && let syn::Expr::Path(function) = &*call.func
            && (function.path.segments.iter().rev().take(2))
                .map(|segment| segment.ident.to_string())
                .eq(["new", "QueryParam"])
            && call.args.len() == 2
            && let Some(syn::Expr::Reference(value)) = call.args.iter_mut().nth(1)
            && let Some(parameter) = self.parameter(&value.expr)
        {
            let name = &value.expr;
            let (style, required) = &self.styles[&parameter];
            *value.expr = match required {
                true => syn::parse_quote!(parameter_text(&#name, #style)?),
                false => syn::parse_quote! {
                    #name.as_ref().map(|value| parameter_text(value, #style)).transpose()?
                },
            };
            self.written.push(parameter);
            return;
        }
        if let syn::Expr::If(condition) = expr
            && let syn::Expr::Let(binding) = &*condition.cond
            && let syn::Pat::TupleStruct(some) = &*binding.pat
            && some.path.is_ident("Some")
            && let [syn::Pat::Ident(value)] = &some.elems.iter().collect::<Vec<_>>()[..]
            && let Some(parameter) = self.parameter(&binding.expr)
        {
            let value = value.ident.to_string();
            let shadowed = self.bound.insert(value.clone(), parameter);
            visit_mut::visit_block_mut(self, &mut condition.then_branch);
            match shadowed {
                Some(before) => self.bound.insert(value, before),
                None => self.bound.remove(&value),
            };
            if let Some((_, otherwise)) = &mut condition.else_branch {
                self.visit_expr_mut(otherwise);
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        // progenitor's URL: `format!("{}/a/{}", client.baseurl, encode_path(&id.to_string()),)`.
        if !mac.path.is_ident("format") {
            return;
        }
        let Ok(arguments) = mac.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) else {
            return;
        };
        let mut arguments = arguments;
        for argument in arguments.iter_mut() {
            self.visit_expr_mut(argument);
        }
        mac.tokens = arguments.to_token_stream();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_objects_are_written_in_their_style() {
        let mut client: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> GetThing<'a> {
                    pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                        let url = format!("{}/things/{}", client.baseurl, encode_path(&ids.to_string()),);
                        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
                        header_map.append("X-Tags", tags.to_string().try_into()?);
                        if let Some(value) = filter {
                            header_map.append("X-Filter", value.to_string().try_into()?);
                        }
                        header_map.append("X-Plain", plain.to_string().try_into()?);
                        let request = client.client.get(url)
                            .query(&progenitor_client::QueryParam::new("q", &q))
                            .build()?;
                        let info = OperationInfo { operation_id: "get_thing" };
                    }
                }
            }
        };
        let mut styles = HashMap::new();
        styles.insert(
            "ids".to_string(),
            (
                style_tokens(ParameterStyle::Label { explode: true }, "ids"),
                true,
            ),
        );
        styles.insert(
            "tags".to_string(),
            (
                style_tokens(ParameterStyle::Simple { explode: false }, "X-Tags"),
                true,
            ),
        );
        styles.insert(
            "filter".to_string(),
            (style_tokens(ParameterStyle::Json, "X-Filter"), false),
        );
        styles.insert(
            "q".to_string(),
            (style_tokens(ParameterStyle::Json, "q"), false),
        );
        let mut texts = StyledTexts {
            styles: &styles,
            bound: HashMap::new(),
            written: Vec::new(),
        };
        texts.visit_file_mut(&mut client);
        let text = client.to_token_stream().to_string();
        for expected in [
            quote!(encode_path(&parameter_text(
                &ids,
                crate::runtime::Style::Label { explode: true }
            )?)),
            quote!(
                header_map.append(
                    "X-Tags",
                    parameter_text(&tags, crate::runtime::Style::Simple { explode: false })?
                        .try_into()?
                )
            ),
            quote!(header_map.append(
                "X-Filter",
                parameter_text(&value, crate::runtime::Style::Json)?.try_into()?
            )),
            quote!(header_map.append("X-Plain", plain.to_string().try_into()?)),
            quote!(.query(&progenitor_client::QueryParam::new("q", &q.as_ref().map(|value| parameter_text(value, crate::runtime::Style::Json)).transpose()?))),
        ] {
            assert!(
                text.contains(&expected.to_string()),
                "{expected} not in {text}"
            );
        }
        assert_eq!(texts.written, ["ids", "tags", "filter", "q"]);
    }
}
