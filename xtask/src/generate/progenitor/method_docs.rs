//! The `Client` methods' docs without progenitor's usage example. progenitor ends each
//! method's doc with the same example, a chain of the method, one setter per parameter and
//! `send`: eight lines an operation that say what the method's `Arguments` list and the crate
//! docs' example already say. Only an example exactly as progenitor writes it is dropped.
//!
//! Their request builders' docs link to the method inline, on one line, instead of by a
//! reference-style link two lines below.

use quote::ToTokens;

use crate::generate::syntax::attributes::doc_text;

/// Drops the usage example from the doc of each method of `Client` in `client`; the methods
/// whose doc has progenitor's opening (```` ```ignore ````, `let response = client.name()`)
/// but not the rest of its example.
pub fn drop_usage_examples(client: &mut syn::File) -> Vec<String> {
    let mut unrecognised = Vec::new();
    for item in &mut client.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() {
            continue;
        }
        let owner = block.self_ty.to_token_stream().to_string().replace(' ', "");
        for item in &mut block.items {
            if let syn::ImplItem::Fn(function) = item {
                let name = function.sig.ident.to_string();
                for attribute in &mut function.attrs {
                    if !drop_usage_example(attribute, &name) {
                        unrecognised.push(format!(
                            "client.rs, `{owner}::{name}`: the doc's example is not \
                             progenitor's (the method, a setter a line, `.send().await;`), \
                             left as it is"
                        ));
                    }
                }
            }
        }
    }
    unrecognised
}

/// `#[doc = "…```ignore\nlet response = client.name()…\n```"]` without the example; false if
/// the doc opens progenitor's example but does not go on as it does.
fn drop_usage_example(attribute: &mut syn::Attribute, method: &str) -> bool {
    let Some(value) = doc_text(attribute) else {
        return true;
    };
    let opening = format!("```ignore\nlet response = client.{method}()");
    let Some(at) = value.find(&opening) else {
        return true;
    };
    let example = &value[at + opening.len()..];
    let setters_then_send = example
        .strip_suffix("\n    .send()\n    .await;\n```")
        .is_some_and(|setters| {
            (setters.is_empty() || setters.starts_with("\n    ."))
                && setters.split("\n    .").skip(1).all(is_setter_call)
        });
    if !setters_then_send {
        return false;
    }
    set_doc_text(attribute, value[..at].trim_end());
    true
}

/// Writes each request builder's doc (in `client`'s `builder` module) `Builder for
/// [`Client::name`](super::Client::name)` where progenitor writes the link's target on a line
/// of its own; the builders whose doc opens `Builder for [`` but goes on otherwise.
pub fn inline_builder_links(client: &mut syn::File) -> Vec<String> {
    let builders = (client.items.iter_mut()).filter_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "builder" => module.content.as_mut(),
        _ => None,
    });
    let mut unrecognised = Vec::new();
    for (_, items) in builders {
        for item in items {
            if let syn::Item::Struct(definition) = item {
                for attribute in &mut definition.attrs {
                    if !inline_builder_link(attribute) {
                        unrecognised.push(format!(
                            "client.rs, `builder::{}`: the doc is not progenitor's \
                             `Builder for [`…`]` and its link's definition, left as it is",
                            definition.ident
                        ));
                    }
                }
            }
        }
    }
    unrecognised
}

/// `#[doc = "Builder for [`X`]\n\n[`X`]: super::X"]` → `#[doc = "Builder for [`X`](super::X)"]`;
/// false for a doc that opens `Builder for [`` but is not that.
fn inline_builder_link(attribute: &mut syn::Attribute) -> bool {
    let Some(value) = doc_text(attribute) else {
        return true;
    };
    let Some(rest) = value.strip_prefix("Builder for [`") else {
        return true;
    };
    let Some((target, definition)) = rest.split_once("`]\n\n[`") else {
        return false;
    };
    if definition != format!("{target}`]: super::{target}") {
        return false;
    }
    set_doc_text(
        attribute,
        &format!("Builder for [`{target}`](super::{target})"),
    );
    true
}

/// Makes a `#[doc = "…"]` attribute say `text` instead.
fn set_doc_text(attribute: &mut syn::Attribute, text: &str) {
    if let syn::Meta::NameValue(pair) = &mut attribute.meta {
        let literal = syn::LitStr::new(text, syn::spanned::Spanned::span(&pair.value));
        pair.value = syn::parse_quote!(#literal);
    }
}

/// `name(name)`, a setter call of progenitor's example.
fn is_setter_call(call: &str) -> bool {
    call.strip_suffix(')')
        .and_then(|call| call.split_once('('))
        .is_some_and(|(name, argument)| name == argument && !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_of(file: &syn::File) -> String {
        let syn::Item::Impl(block) = &file.items[0] else {
            panic!("an impl");
        };
        let syn::ImplItem::Fn(function) = &block.items[0] else {
            panic!("a method");
        };
        let syn::Meta::NameValue(doc) = &function.attrs[0].meta else {
            panic!("a doc");
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &doc.value
        else {
            panic!("a string");
        };
        text.value()
    }

    fn client_with_doc(doc: &str) -> syn::File {
        syn::parse_quote! {
            impl Client {
                #[doc = #doc]
                pub fn get_disk(&self) -> builder::GetDisk<'_> {
                    builder::GetDisk::new(self)
                }
            }
        }
    }

    #[test]
    fn progenitors_example_is_dropped_and_the_arguments_kept() {
        let mut client = client_with_doc(
            "Get a disk\n\nSends a `GET` request to `/disks/{id}`\n\nArguments:\n- `id`: The \
             disk.\n```ignore\nlet response = client.get_disk()\n    .id(id)\n    .send()\n    \
             .await;\n```",
        );
        assert!(drop_usage_examples(&mut client).is_empty());
        assert_eq!(
            doc_of(&client),
            "Get a disk\n\nSends a `GET` request to `/disks/{id}`\n\nArguments:\n- `id`: The disk."
        );
    }

    #[test]
    fn an_example_without_parameters_is_dropped_too() {
        let mut client = client_with_doc(
            "Sends a `GET` request to `/disks`\n\n```ignore\nlet response = \
             client.get_disk()\n    .send()\n    .await;\n```",
        );
        assert!(drop_usage_examples(&mut client).is_empty());
        assert_eq!(doc_of(&client), "Sends a `GET` request to `/disks`");
    }

    #[test]
    fn a_builders_link_is_written_inline() {
        let mut client: syn::File = syn::parse_quote! {
            pub mod builder {
                #[doc = "Builder for [`Client::get_disk`]\n\n[`Client::get_disk`]: super::Client::get_disk"]
                pub struct GetDisk<'a> { client: &'a super::Client }
                #[doc = "Builder for [`Client::a`]\n\n[`Client::b`]: super::Client::b"]
                pub struct Other;
            }
        };
        let unrecognised = inline_builder_links(&mut client);
        assert_eq!(unrecognised.len(), 1, "{unrecognised:?}");
        assert!(unrecognised[0].contains("`builder::Other`"));
        let expected: syn::File = syn::parse_quote! {
            pub mod builder {
                #[doc = "Builder for [`Client::get_disk`](super::Client::get_disk)"]
                pub struct GetDisk<'a> { client: &'a super::Client }
                #[doc = "Builder for [`Client::a`]\n\n[`Client::b`]: super::Client::b"]
                pub struct Other;
            }
        };
        assert_eq!(
            prettyplease::unparse(&client),
            prettyplease::unparse(&expected)
        );
    }

    #[test]
    fn any_other_example_is_kept() {
        let written = "Sends a `GET` request\n\n```ignore\nlet response = \
                       client.get_disk()\n    .id(other)\n    .send()\n    .await;\n```";
        let mut client = client_with_doc(written);
        let unrecognised = drop_usage_examples(&mut client);
        assert_eq!(unrecognised.len(), 1, "{unrecognised:?}");
        assert!(unrecognised[0].contains("`Client::get_disk`"));
        assert_eq!(doc_of(&client), written);
    }
}
