//! Newtypes' conversions, written once: typify gives every newtype (`pub struct Name(pub
//! Inner)`) a `Deref` to its inner type and a `From` into it, and an unconstrained one a `From`
//! the inner type too: twenty lines a newtype. Where they are exactly those impls, they become
//! one `newtype!` call, and the macro (`templates/newtype.rs`) is written once at the top of
//! `types.rs`. The API, and the code the compiler sees, are the same.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::generate::render::macro_layout::{MAX_WIDTH, layout_macro_calls_with, type_on_one_line};
use crate::generate::render::templates::NEWTYPE_MACRO;
use crate::generate::render::templates::with_macro_definition;

/// Replaces typify's conversions of each newtype in `types` by a `newtype!` call, gated as the
/// newtype itself (its inner type exists wherever it does); whether it replaced any (and
/// `types.rs` needs the macro), and the places of its kind it left: a newtype followed by a
/// `Deref` impl, but not by exactly typify's conversions. Runs after the items are gated.
pub fn share_newtype_conversions(types: &mut syn::File) -> (bool, Vec<String>) {
    let mut items = std::mem::take(&mut types.items);
    let mut replaced = false;
    let mut unrecognised = Vec::new();
    let mut index = 0;
    while index < items.len() {
        let newtype = newtype(&items[index]);
        let found = newtype.clone().and_then(|(name, inner, cfgs)| {
            let count = conversions(&items[index + 1..], &name, &inner)?;
            Some((name, inner, cfgs, count))
        });
        if let (Some((name, _, _)), None) = (&newtype, &found)
            && items.get(index + 1).is_some_and(|next| derefs(next, name))
        {
            unrecognised.push(format!(
                "types.rs, `{name}`: the newtype's `Deref` and `From` impls are not typify's, \
                 left as they are"
            ));
        }
        let item = std::mem::replace(&mut items[index], syn::Item::Verbatim(TokenStream::new()));
        types.items.push(item);
        index += 1;
        let Some((name, inner, cfgs, count)) = found else {
            continue;
        };
        let from_inner = (count == 3).then(|| quote!(, from_inner));
        types.items.push(syn::parse_quote! {
            #(#cfgs)*
            newtype!(#name(#inner) #from_inner);
        });
        replaced = true;
        index += count;
    }
    (replaced, unrecognised)
}

/// Whether `item` is an `impl ::std::ops::Deref for name`, whatever its body.
fn derefs(item: &syn::Item, name: &syn::Ident) -> bool {
    let syn::Item::Impl(block) = item else {
        return false;
    };
    block.trait_.as_ref().is_some_and(|(path, _)| {
        path.to_token_stream().to_string() == quote!(::std::ops::Deref).to_string()
    }) && matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident(name))
}

/// `types.rs` (formatted) with the macro's definition after its inner attributes.
pub fn with_newtype_macro(types: &str) -> String {
    with_macro_definition(types, NEWTYPE_MACRO)
}

/// The arguments of a `newtype!` call: `Name(Inner)` and what follows (`, from_inner`).
pub struct NewtypeCall {
    pub name: syn::Ident,
    pub inner: syn::Type,
    pub rest: TokenStream,
}

impl syn::parse::Parse for NewtypeCall {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        let content;
        syn::parenthesized!(content in input);
        Ok(Self {
            name,
            inner: content.parse()?,
            rest: input.parse()?,
        })
    }
}

impl ToTokens for NewtypeCall {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self { name, inner, rest } = self;
        tokens.extend(quote!(#name(#inner) #rest));
    }
}

/// `types.rs` (formatted) with each `newtype!` call laid out as Rust reads (prettyplease
/// prints a macro's type argument as tokens: `Vec < Tag >`).
pub fn layout_newtype_calls(types: &str) -> String {
    layout_macro_calls_with(types, "newtype", |indent, arguments| {
        let call: NewtypeCall = syn::parse_str(arguments).ok()?;
        let inner = type_on_one_line(&call.inner)?;
        // `, from_inner` prints as it reads.
        let arguments = format!("{}({inner}){}", call.name, call.rest);
        let one_line = format!("{indent}newtype!({arguments});\n");
        Some(match one_line.len() <= MAX_WIDTH + 1 {
            true => one_line,
            false => format!("{indent}newtype!(\n{indent}    {arguments}\n{indent});\n"),
        })
    })
}

/// A newtype's name, inner type and `cfg` attributes, if `item` is one.
fn newtype(item: &syn::Item) -> Option<(syn::Ident, syn::Type, Vec<syn::Attribute>)> {
    let syn::Item::Struct(definition) = item else {
        return None;
    };
    let syn::Fields::Unnamed(fields) = &definition.fields else {
        return None;
    };
    let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if !definition.generics.params.is_empty() {
        return None;
    }
    let cfgs = (definition.attrs.iter())
        .filter(|attribute| attribute.path().is_ident("cfg"))
        .cloned()
        .collect();
    Some((definition.ident.clone(), field.ty.clone(), cfgs))
}

/// How many of `items` (those after the newtype) are its conversions, exactly as the macro
/// writes them: `Deref` and `From` into the inner type (2), and `From` the inner type (3).
fn conversions(items: &[syn::Item], name: &syn::Ident, inner: &syn::Type) -> Option<usize> {
    let expected: Vec<String> = syn::parse2::<syn::File>(expected_impls(
        &name.to_token_stream(),
        &inner.to_token_stream(),
    ))
    .ok()?
    .items
    .iter()
    .map(|item| item.to_token_stream().to_string())
    .collect();
    // Compared without the `cfg`s gating added.
    let found = |offset: usize| {
        items.get(offset).is_some_and(|item| {
            let mut item = item.clone();
            if let syn::Item::Impl(block) = &mut item {
                block
                    .attrs
                    .retain(|attribute| !attribute.path().is_ident("cfg"));
            }
            item.to_token_stream().to_string() == expected[offset]
        })
    };
    match (found(0) && found(1), found(2)) {
        (true, true) => Some(3),
        (true, false) => Some(2),
        (false, _) => None,
    }
}

/// The three impls, as typify writes them, for `name` and `inner`: a newtype's own, or the
/// macro's body with `$name` and `$inner`.
fn expected_impls(name: &TokenStream, inner: &TokenStream) -> TokenStream {
    quote! {
        impl ::std::ops::Deref for #name {
            type Target = #inner;
            fn deref(&self) -> &#inner {
                &self.0
            }
        }
        impl ::std::convert::From<#name> for #inner {
            fn from(value: #name) -> Self {
                value.0
            }
        }
        impl ::std::convert::From<#inner> for #name {
            fn from(value: #inner) -> Self {
                Self(value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's macro expands to exactly the impls the generator recognises.
    #[test]
    fn the_macro_writes_the_impls_it_replaces() {
        let compact = |text: String| text.split_whitespace().collect::<String>();
        let template = compact(NEWTYPE_MACRO.to_string());
        let impls = compact(expected_impls(&quote!($name), &quote!($inner)).to_string());
        // The first rule writes the first two impls, the second rule the third.
        let (two, third) = impls.split_at(impls.rfind("impl::std::convert::From<$inner>").unwrap());
        assert!(template.contains(two), "{template}\n{two}");
        assert!(template.contains(third), "{template}\n{third}");
    }

    #[test]
    fn a_newtype_takes_the_macro_gated_as_itself_and_other_impls_stay() {
        let impls = expected_impls(&quote!(Tags), &quote!(::std::vec::Vec<Tag>));
        let mut types: syn::File = syn::parse_quote! {
            #[cfg(feature = "a")]
            pub struct Tags(pub ::std::vec::Vec<Tag>);
            #impls
            pub struct Name(pub ::std::string::String);
            impl ::std::ops::Deref for Name {
                type Target = ::std::string::String;
                fn deref(&self) -> &::std::string::String {
                    &self.0
                }
            }
            impl ::std::convert::From<Name> for ::std::string::String {
                fn from(value: Name) -> Self {
                    value.0
                }
            }
            impl ::std::str::FromStr for Name {
                type Err = ();
                fn from_str(value: &str) -> Result<Self, ()> { Err(()) }
            }
            pub struct Odd(pub u8);
            impl ::std::ops::Deref for Odd {
                type Target = u8;
                fn deref(&self) -> &u8 { &0 }
            }
        };
        // The impls carry gating's `cfg`s, which may name more features than the type's.
        for item in &mut types.items {
            if let syn::Item::Impl(block) = item {
                block.attrs.insert(
                    0,
                    syn::parse_quote!(#[cfg(all(feature = "a", feature = "b"))]),
                );
            }
        }
        let (replaced, unrecognised) = share_newtype_conversions(&mut types);
        assert!(replaced);
        assert_eq!(unrecognised.len(), 1, "{unrecognised:?}");
        assert!(unrecognised[0].contains("`Odd`"), "{unrecognised:?}");
        let printed = prettyplease::unparse(&types);
        let expected: syn::File = syn::parse_quote! {
            #[cfg(feature = "a")]
            pub struct Tags(pub ::std::vec::Vec<Tag>);
            #[cfg(feature = "a")]
            newtype!(Tags(::std::vec::Vec<Tag>), from_inner);
            pub struct Name(pub ::std::string::String);
            newtype!(Name(::std::string::String));
            #[cfg(all(feature = "a", feature = "b"))]
            impl ::std::str::FromStr for Name {
                type Err = ();
                fn from_str(value: &str) -> Result<Self, ()> { Err(()) }
            }
            pub struct Odd(pub u8);
            #[cfg(all(feature = "a", feature = "b"))]
            impl ::std::ops::Deref for Odd {
                type Target = u8;
                fn deref(&self) -> &u8 { &0 }
            }
        };
        assert_eq!(printed, prettyplease::unparse(&expected));
    }
}
