//! Operation URLs under a base URL parsed once. progenitor joins the base URL and the path as
//! text, `let url = format!("{}/disks/{disk_id}", client.baseurl);`, and reqwest then parses
//! the whole URL for every request. Each such statement becomes
//! `let url = client.url(format_args!("/disks/{disk_id}"))?;`: the runtime's `Client::url`
//! (`templates/runtime.rs`) parses only the path against the base URL the client parsed when
//! it was built, and gives the URL the whole text parses to.
//!
//! progenitor names its own bindings apart from the parameters: where a parameter takes the
//! name `url` or `client`, the statement is `let _url = format!("{}/path", _client.baseurl, …);`
//! (an underscore more for each clash), rewritten the same way under the same names.
//!
//! Only that statement is replaced, so any other way of writing a URL is left as it is, and
//! reported: a `let` in a `send` that joins a `baseurl` and a path with `format!` but is not
//! that statement is the pass's kind in a shape it does not know (a progenitor upgrade, say),
//! which [`super::passes`] turns into a warning, or an error with `--strict-passes`.

use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;

use super::same_tokens::same_tokens;
use super::shapes::request_builder_items;

/// Replaces progenitor's URL text in every `send` of `client`'s `builder` module, and returns
/// the places where a `send` joins a base URL in another way (left as they are). Runs
/// after every pass that reads the `format!` (the path parameters' pass in
/// [`super::request_builders`]).
pub fn parse_paths_only(client: &mut syn::File) -> Vec<String> {
    let Some(items) = request_builder_items(client) else {
        return Vec::new();
    };
    let mut unrecognised = Vec::new();
    for item in items.iter_mut() {
        if let syn::Item::Impl(block) = item {
            let builder = block.self_ty.to_token_stream().to_string().replace(' ', "");
            for item in &mut block.items {
                if let syn::ImplItem::Fn(function) = item
                    && function.sig.ident == "send"
                {
                    let mut urls = OperationUrl::default();
                    urls.visit_block_mut(&mut function.block);
                    unrecognised.extend(urls.unrecognised.into_iter().map(|statement| {
                        format!(
                            "client.rs, `builder::{builder}::send`: `{statement}` is not \
                             progenitor's `let url = format!(\"{{}}/path\", client.baseurl, …);` \
                             (nor `_url`, `_client`), left as it is"
                        )
                    }));
                }
            }
        }
    }
    unrecognised
}

/// Rewrites each `let url = format!("{}…", client.baseurl, …);` it visits, and keeps every
/// other join of a base URL it meets.
#[derive(Default)]
struct OperationUrl {
    unrecognised: Vec<String>,
}

impl VisitMut for OperationUrl {
    fn visit_stmt_mut(&mut self, statement: &mut syn::Stmt) {
        if let Some(replacement) = path_only(statement) {
            *statement = replacement;
        } else if joins_base_url(statement)
            // progenitor's own `format!` on a path without a leading `/` is left on purpose.
            && progenitor_url_named(statement).is_none()
        {
            self.unrecognised
                .push(statement.to_token_stream().to_string());
        }
        syn::visit_mut::visit_stmt_mut(self, statement);
    }
}

/// Whether `statement` is a `let` that joins a base URL and a path as text
/// (`let … = format!("{}…", ….baseurl, …);`): the pass's kind, whatever the names.
fn joins_base_url(statement: &syn::Stmt) -> bool {
    let syn::Stmt::Local(local) = statement else {
        return false;
    };
    let Some(init) = &local.init else {
        return false;
    };
    let syn::Expr::Macro(format) = &*init.expr else {
        return false;
    };
    format.mac.path.is_ident("format")
        && format
            .mac
            .parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
            .is_ok_and(|arguments| {
                arguments.iter().any(|argument| {
                    matches!(argument, syn::Expr::Field(field)
                        if matches!(&field.member, syn::Member::Named(name) if name == "baseurl"))
                })
            })
}

/// `let url = client.url(format_args!("/path", …))?;` for progenitor's
/// `let url = format!("{}/path", client.baseurl, …);` (and `_url`, `_client` alike).
fn path_only(statement: &syn::Stmt) -> Option<syn::Stmt> {
    let ProgenitorUrl {
        url,
        client,
        template,
        parameters,
    } = progenitor_url_named(statement)?;
    let path = template.value().strip_prefix("{}")?.to_string();
    // An operation's path starts with `/`; anything else is not progenitor's join.
    if !path.starts_with('/') {
        return None;
    }
    let path = syn::LitStr::new(&path, template.span());
    Some(syn::parse_quote!(
        let #url = #client.url(format_args!(#path #(, #parameters)*))?;
    ))
}

/// The format string and the arguments after `client.baseurl` of progenitor's
/// `let url = format!("{}/path", client.baseurl, …);`, if `statement` is one under those very
/// names.
pub fn progenitor_url(statement: &syn::Stmt) -> Option<(syn::LitStr, Vec<syn::Expr>)> {
    let found = progenitor_url_named(statement)?;
    (found.url == "url" && found.client == "client").then_some((found.template, found.parameters))
}

/// progenitor's `let url = format!("{}/path", client.baseurl, …);`, taken apart.
struct ProgenitorUrl {
    /// `url`, or `_url` (…) where a parameter takes the name.
    url: syn::Ident,
    /// `client`, or `_client` (…) where a parameter takes the name.
    client: syn::Ident,
    /// `"{}/path"`.
    template: syn::LitStr,
    /// The path parameters.
    parameters: Vec<syn::Expr>,
}

/// Whether `ident` is the name progenitor gives its binding `base` (`base`, `_base`, `__base`,
/// …: an underscore more for each parameter of that name).
fn progenitors_name(ident: &syn::Ident, base: &str) -> bool {
    ident.to_string().trim_start_matches('_') == base
}

/// progenitor's URL statement under whichever names it gave its bindings, if `statement` is
/// one.
fn progenitor_url_named(statement: &syn::Stmt) -> Option<ProgenitorUrl> {
    let syn::Stmt::Local(local) = statement else {
        return None;
    };
    let init = local.init.as_ref()?;
    let syn::Pat::Ident(binding) = &local.pat else {
        return None;
    };
    if binding.by_ref.is_some()
        || binding.mutability.is_some()
        || binding.subpat.is_some()
        || !local.attrs.is_empty()
        || !progenitors_name(&binding.ident, "url")
        || init.diverge.is_some()
    {
        return None;
    }
    let syn::Expr::Macro(format) = &*init.expr else {
        return None;
    };
    if !format.mac.path.is_ident("format") {
        return None;
    }
    let mut arguments = format
        .mac
        .parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .ok()?
        .into_iter();
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(template),
        ..
    }) = arguments.next()?
    else {
        return None;
    };
    let syn::Expr::Field(base) = arguments.next()? else {
        return None;
    };
    let syn::Expr::Path(client) = &*base.base else {
        return None;
    };
    let client = client.path.get_ident()?.clone();
    if !progenitors_name(&client, "client")
        || !same_tokens(base.to_token_stream(), quote!(#client.baseurl))
    {
        return None;
    }
    Some(ProgenitorUrl {
        url: binding.ident.clone(),
        client,
        template,
        parameters: arguments.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(statement: syn::Stmt) -> String {
        let statement = path_only(&statement).unwrap_or(statement);
        statement.to_token_stream().to_string()
    }

    fn tokens(statement: syn::Stmt) -> String {
        statement.to_token_stream().to_string()
    }

    #[test]
    fn the_base_url_is_left_to_the_client() {
        assert_eq!(
            rewritten(syn::parse_quote!(let url = format!("{}/disks", client.baseurl);)),
            tokens(syn::parse_quote!(let url = client.url(format_args!("/disks"))?;))
        );
    }

    #[test]
    fn path_parameters_stay_where_they_are() {
        assert_eq!(
            rewritten(syn::parse_quote!(
                let url = format!("{}/orgs/{org}/disks/{name}", client.baseurl);
            )),
            tokens(syn::parse_quote!(
                let url = client.url(format_args!("/orgs/{org}/disks/{name}"))?;
            ))
        );
        assert_eq!(
            rewritten(syn::parse_quote!(
                let url = format!(
                    "{}/disks/{}",
                    client.baseurl,
                    encode_path(&disk_id.to_string()),
                );
            )),
            tokens(syn::parse_quote!(
                let url = client.url(format_args!(
                    "/disks/{}",
                    encode_path(&disk_id.to_string())
                ))?;
            ))
        );
    }

    #[test]
    fn other_urls_are_left_as_they_are() {
        for statement in [
            syn::parse_quote!(let url = format!("{}/disks", other.baseurl);),
            syn::parse_quote!(let url = format!("{}disks", client.baseurl);),
            syn::parse_quote!(let url = format!("/disks{}", client.baseurl);),
            syn::parse_quote!(let address = format!("{}/disks", client.baseurl);),
            syn::parse_quote!(let url = concat!("{}/disks", client.baseurl);),
        ] {
            let before = tokens(statement);
            let statement: syn::Stmt = syn::parse_str(&before).expect("a statement");
            assert_eq!(rewritten(statement), before);
        }
    }

    #[test]
    fn only_a_url_progenitor_did_not_write_is_reported() {
        let builder = |url: syn::Stmt| -> syn::File {
            syn::parse_quote! {
                pub mod builder {
                    impl<'a> ListDisks<'a> {
                        pub async fn send(self) -> ApiResult<(), ()> {
                            #url
                            todo!()
                        }
                    }
                }
            }
        };
        let reported = |url: syn::Stmt| parse_paths_only(&mut builder(url));
        assert!(
            reported(syn::parse_quote!(let url = format!("{}/disks", client.baseurl);)).is_empty()
        );
        assert!(
            reported(syn::parse_quote!(let url = format!("{}disks", client.baseurl);)).is_empty()
        );
        // A parameter named `url` is not a URL progenitor joins.
        let parameter = syn::parse_quote!(let url = url.map_err(Error::InvalidRequest)?;);
        assert!(reported(parameter).is_empty());
        // Another way of joining a base URL: the pass's kind in a shape it does not know.
        let changed: [syn::Stmt; 2] = [
            syn::parse_quote!(let url = format!("{}/a/{}", self.client.baseurl, id);),
            syn::parse_quote!(let address = format!("{}/disks", client.baseurl,);),
        ];
        for other in changed {
            let other = reported(other);
            assert_eq!(other.len(), 1, "{other:?}");
            assert!(
                other[0].contains("builder::ListDisks<'a>::send"),
                "{other:?}"
            );
        }
    }

    /// Where a parameter takes the name `client` or `url`, progenitor's bindings are `_client`
    /// and `_url`: the same statement, rewritten under the same names.
    #[test]
    fn progenitors_renamed_bindings_are_rewritten_under_their_names() {
        assert_eq!(
            rewritten(syn::parse_quote!(
                let url = format!("{}/a/{}", _client.baseurl, encode_path(&client.to_string()),);
            )),
            tokens(syn::parse_quote!(
                let url = _client.url(format_args!("/a/{}", encode_path(&client.to_string())))?;
            ))
        );
        assert_eq!(
            rewritten(syn::parse_quote!(let _url = format!("{}/disks", client.baseurl,);)),
            tokens(syn::parse_quote!(let _url = client.url(format_args!("/disks"))?;))
        );
        assert_eq!(
            rewritten(syn::parse_quote!(let __url = format!("{}/d", __client.baseurl);)),
            tokens(syn::parse_quote!(let __url = __client.url(format_args!("/d"))?;))
        );
        // Only progenitor's names: a `url_` or `my_client` is not one.
        for statement in [
            syn::parse_quote!(let url_ = format!("{}/disks", client.baseurl);),
            syn::parse_quote!(let url = format!("{}/disks", my_client.baseurl);),
        ] {
            let before = tokens(statement);
            let statement: syn::Stmt = syn::parse_str(&before).expect("a statement");
            assert_eq!(rewritten(statement), before);
        }
    }

    #[test]
    fn every_send_of_the_builder_module_is_rewritten() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> ListDisks<'a> {
                    pub async fn send(self) -> ApiResult<types::Disks, types::ListDisksError> {
                        let (client, org) = self.parameters()?;
                        let url = format!("{}/orgs/{org}/disks", client.baseurl);
                        todo!()
                    }
                    pub fn org(self) -> Self {
                        let url = format!("{}/untouched", client.baseurl);
                        self
                    }
                }
            }
        };
        parse_paths_only(&mut file);
        let text = file.to_token_stream().to_string();
        let expected: syn::Stmt =
            syn::parse_quote!(let url = client.url(format_args!("/orgs/{org}/disks"))?;);
        assert!(text.contains(&tokens(expected)), "{text}");
        assert!(text.contains("\"{}/untouched\""), "{text}");
    }
}
