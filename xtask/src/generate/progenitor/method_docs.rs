//! The `Client` methods' docs without progenitor's usage example. progenitor ends each
//! method's doc with the same example, a chain of the method, one setter per parameter and
//! `send`: eight lines an operation that say what the method's `Arguments` list and the crate
//! docs' example already say. Only an example exactly as progenitor writes it is dropped.
//!
//! Their request builders' docs link to the method inline, on one line, instead of by a
//! reference-style link two lines below.

use crate::generate::syntax::attributes::doc_text;

/// Drops the usage example from the doc of each method of `Client` in `client`.
pub fn drop_usage_examples(client: &mut syn::File) {
    for item in &mut client.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() {
            continue;
        }
        for item in &mut block.items {
            if let syn::ImplItem::Fn(function) = item {
                let name = function.sig.ident.to_string();
                for attribute in &mut function.attrs {
                    drop_usage_example(attribute, &name);
                }
            }
        }
    }
}

/// `#[doc = "…```ignore\nlet response = client.name()…\n```"]` without the example.
fn drop_usage_example(attribute: &mut syn::Attribute, method: &str) {
    let Some(value) = doc_text(attribute) else {
        return;
    };
    let opening = format!("```ignore\nlet response = client.{method}()");
    let Some(at) = value.find(&opening) else {
        return;
    };
    let example = &value[at + opening.len()..];
    let setters_then_send = example
        .strip_suffix("\n    .send()\n    .await;\n```")
        .is_some_and(|setters| {
            (setters.is_empty() || setters.starts_with("\n    ."))
                && setters.split("\n    .").skip(1).all(is_setter_call)
        });
    if !setters_then_send {
        return;
    }
    set_doc_text(attribute, value[..at].trim_end());
}

/// Writes each request builder's doc (in `client`'s `builder` module) `Builder for
/// [`Client::name`](super::Client::name)` where progenitor writes the link's target on a line
/// of its own.
pub fn inline_builder_links(client: &mut syn::File) {
    let builders = (client.items.iter_mut()).filter_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "builder" => module.content.as_mut(),
        _ => None,
    });
    for (_, items) in builders {
        for item in items {
            if let syn::Item::Struct(definition) = item {
                definition.attrs.iter_mut().for_each(inline_builder_link);
            }
        }
    }
}

/// `#[doc = "Builder for [`X`]\n\n[`X`]: super::X"]` → `#[doc = "Builder for [`X`](super::X)"]`.
fn inline_builder_link(attribute: &mut syn::Attribute) {
    let Some(value) = doc_text(attribute) else {
        return;
    };
    let Some((target, definition)) =
        (value.strip_prefix("Builder for [`")).and_then(|rest| rest.split_once("`]\n\n[`"))
    else {
        return;
    };
    if definition != format!("{target}`]: super::{target}") {
        return;
    }
    set_doc_text(
        attribute,
        &format!("Builder for [`{target}`](super::{target})"),
    );
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
        drop_usage_examples(&mut client);
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
        drop_usage_examples(&mut client);
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
        inline_builder_links(&mut client);
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
        drop_usage_examples(&mut client);
        assert_eq!(doc_of(&client), written);
    }
}
