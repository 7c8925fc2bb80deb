//! Prelude names written short. progenitor and typify spell every standard type out in full
//! (`::std::option::Option<::std::string::String>`), so that a document's own type called
//! `String` cannot shadow it. A file that defines or imports no item of such a name reads the
//! same with the prelude's short names, as hand-written Rust does; its lines are shorter, and
//! fewer of them are broken.

use std::collections::HashSet;

use syn::visit::Visit;
use syn::visit_mut::VisitMut;

/// The standard paths written short: module under `std`, and the prelude's name.
const PRELUDE: [(&str, &str); 10] = [
    ("option", "Option"),
    ("string", "String"),
    ("vec", "Vec"),
    ("result", "Result"),
    ("boxed", "Box"),
    ("convert", "From"),
    ("convert", "TryFrom"),
    ("convert", "Into"),
    ("convert", "TryInto"),
    ("default", "Default"),
];

/// Writes `::std::<module>::<Name>` (or `std::…`) as `Name` throughout `file`, for each prelude name that no
/// item or import of the file takes; the paths in `#[serde(…)]` strings
/// (`skip_serializing_if = "::std::option::Option::is_none"`) too.
pub fn shorten_prelude_paths(file: &mut syn::File) {
    let mut names = DeclaredNames::default();
    names.visit_file(file);
    if names.glob_import {
        return;
    }
    let short: Vec<(&str, &str)> = PRELUDE
        .into_iter()
        .filter(|(_, name)| !names.taken.contains(*name))
        .collect();
    if !short.is_empty() {
        let std_unshadowed = !names.taken.contains("std");
        Shortener {
            short,
            std_unshadowed,
        }
        .visit_file_mut(file);
    }
}

/// Every name a file's items and imports bring into scope, anywhere in it.
#[derive(Default)]
struct DeclaredNames {
    taken: HashSet<String>,
    /// A `use …::*` brings names that cannot be known here.
    glob_import: bool,
}

impl<'ast> Visit<'ast> for DeclaredNames {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let ident = match item {
            syn::Item::Struct(item) => Some(&item.ident),
            syn::Item::Enum(item) => Some(&item.ident),
            syn::Item::Type(item) => Some(&item.ident),
            syn::Item::Trait(item) => Some(&item.ident),
            syn::Item::TraitAlias(item) => Some(&item.ident),
            syn::Item::Union(item) => Some(&item.ident),
            syn::Item::Mod(item) => Some(&item.ident),
            syn::Item::Macro(item) => item.ident.as_ref(),
            _ => None,
        };
        if let Some(ident) = ident {
            self.taken.insert(ident.to_string());
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        // A macro call may define items (`string_enum!(pub enum Name { … })`): every name
        // after `enum`, `struct` and the like in its tokens counts as taken.
        if item.mac.path.is_ident("request_builder")
            && let Ok(call) = item
                .mac
                .parse_body::<super::request_builders::RequestBuilderCall>()
        {
            self.taken.insert(call.name.to_string());
        }
        let mut previous: Option<String> = None;
        walk_tokens(item.mac.tokens.clone(), &mut |tree| {
            if let proc_macro2::TokenTree::Ident(ident) = tree {
                let ident = ident.to_string();
                let defines = ["enum", "struct", "union", "type", "trait", "mod"];
                if previous
                    .as_deref()
                    .is_some_and(|keyword| defines.contains(&keyword))
                {
                    self.taken.insert(ident.clone());
                }
                previous = Some(ident);
            } else {
                previous = None;
            }
        });
        syn::visit::visit_item_macro(self, item);
    }

    fn visit_generic_param(&mut self, param: &'ast syn::GenericParam) {
        if let syn::GenericParam::Type(param) = param {
            self.taken.insert(param.ident.to_string());
        }
        syn::visit::visit_generic_param(self, param);
    }

    fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
        match tree {
            syn::UseTree::Name(name) => {
                self.taken.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                self.taken.insert(rename.rename.to_string());
            }
            syn::UseTree::Glob(_) => self.glob_import = true,
            syn::UseTree::Path(_) | syn::UseTree::Group(_) => {}
        }
        syn::visit::visit_use_tree(self, tree);
    }
}

/// Calls `visit` with every token of `tokens`, groups' contents included.
fn walk_tokens(tokens: proc_macro2::TokenStream, visit: &mut impl FnMut(&proc_macro2::TokenTree)) {
    for tree in tokens {
        visit(&tree);
        if let proc_macro2::TokenTree::Group(group) = &tree {
            walk_tokens(group.stream(), visit);
        }
    }
}

/// Rewrites the standard paths of the names in `short`.
struct Shortener<'a> {
    short: Vec<(&'a str, &'a str)>,
    /// No item of the file is called `std`, so `std::…` is the standard library too.
    std_unshadowed: bool,
}

impl Shortener<'_> {
    /// The prelude name `::std::<module>::<Name>…` starts with, if it is one written short.
    fn prelude_name(&self, path: &syn::Path) -> Option<syn::Ident> {
        if path.leading_colon.is_none() && !self.std_unshadowed {
            return None;
        }
        let mut segments = path.segments.iter();
        let (std, module, name) = (segments.next()?, segments.next()?, segments.next()?);
        let plain = |segment: &syn::PathSegment| segment.arguments.is_none();
        let known = std.ident == "std"
            && plain(std)
            && plain(module)
            && (self.short.iter()).any(|(m, n)| module.ident == m && name.ident == n);
        known.then(|| name.ident.clone())
    }

    /// `"::std::option::Option::is_none"` → `"Option::is_none"`, for a short name.
    fn shorten_string(&self, value: &str) -> Option<String> {
        self.short.iter().find_map(|(module, name)| {
            let rest = value.strip_prefix(&format!("::std::{module}::{name}"))?;
            (rest.is_empty() || rest.starts_with("::")).then(|| format!("{name}{rest}"))
        })
    }

    /// The string literals of a `#[serde(…)]` list with their paths written short.
    fn shorten_serde_strings(&self, tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
        use proc_macro2::{Group, TokenTree};
        tokens
            .into_iter()
            .map(|tree| match tree {
                TokenTree::Literal(literal) => {
                    let shortened = syn::parse_str::<syn::LitStr>(&literal.to_string())
                        .ok()
                        .and_then(|string| self.shorten_string(&string.value()));
                    match shortened {
                        Some(value) => {
                            let mut short = proc_macro2::Literal::string(&value);
                            short.set_span(literal.span());
                            TokenTree::Literal(short)
                        }
                        None => TokenTree::Literal(literal),
                    }
                }
                TokenTree::Group(group) => {
                    let mut inner = Group::new(
                        group.delimiter(),
                        self.shorten_serde_strings(group.stream()),
                    );
                    inner.set_span(group.span());
                    TokenTree::Group(inner)
                }
                other => other,
            })
            .collect()
    }

    /// Writes `path` short if it starts with a standard path of a short name; whether it did
    /// (the path is then two segments shorter).
    fn shorten(&self, path: &mut syn::Path) -> bool {
        let Some(name) = self.prelude_name(path) else {
            return false;
        };
        let rest: Vec<syn::PathSegment> = path.segments.iter().skip(3).cloned().collect();
        let arguments = path.segments[2].arguments.clone();
        let mut segments = syn::punctuated::Punctuated::new();
        segments.push(syn::PathSegment {
            ident: name,
            arguments,
        });
        segments.extend(rest);
        *path = syn::Path {
            leading_colon: None,
            segments,
        };
        true
    }

    /// A qualified path (`<V as ::std::convert::TryInto<T>>::Error`), written short and
    /// visited: the trait's path is the first `qself.position` segments, so the position moves
    /// with it.
    fn visit_qualified(&mut self, qself: &mut syn::QSelf, path: &mut syn::Path) {
        if qself.position >= 3 && self.shorten(path) {
            qself.position -= 2;
        }
        self.visit_qself_mut(qself);
        for segment in &mut path.segments {
            self.visit_path_segment_mut(segment);
        }
    }
}

impl VisitMut for Shortener<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        match &mut ty.qself {
            Some(qself) => self.visit_qualified(qself, &mut ty.path),
            None => syn::visit_mut::visit_type_path_mut(self, ty),
        }
    }

    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        match &mut expr.qself {
            Some(qself) => self.visit_qualified(qself, &mut expr.path),
            None => syn::visit_mut::visit_expr_path_mut(self, expr),
        }
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        self.shorten(path);
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_macro_mut(&mut self, item: &mut syn::ItemMacro) {
        // The types in the generator's own calls are types like any other:
        // `newtype!(Name(Inner), …)`, `request_builder!(… Name { field: kind Type, … })`.
        if item.mac.path.is_ident("newtype")
            && let Ok(mut call) = item.mac.parse_body::<super::newtypes::NewtypeCall>()
        {
            self.visit_type_mut(&mut call.inner);
            item.mac.tokens = quote::ToTokens::to_token_stream(&call);
        }
        if item.mac.path.is_ident("request_builder")
            && let Ok(mut call) = item
                .mac
                .parse_body::<super::request_builders::RequestBuilderCall>()
        {
            for (_, _, ty) in &mut call.rows {
                self.visit_type_mut(ty);
            }
            item.mac.tokens = quote::ToTokens::to_token_stream(&call);
        }
        syn::visit_mut::visit_item_macro_mut(self, item);
    }

    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        if let syn::Meta::List(list) = &mut attribute.meta
            && list.path.is_ident("serde")
        {
            list.tokens = self.shorten_serde_strings(std::mem::take(&mut list.tokens));
            return;
        }
        syn::visit_mut::visit_attribute_mut(self, attribute);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortened(file: syn::File) -> String {
        let mut file = file;
        shorten_prelude_paths(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn prelude_paths_are_written_short() {
        let file: syn::File = syn::parse_quote! {
            pub struct Pet {
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub name: ::std::option::Option<::std::string::String>,
                pub tags: ::std::vec::Vec<::std::boxed::Box<Pet>>,
                pub size: ::std::fmt::Result,
            }
            fn check<V: std::convert::TryInto<Pet>>(value: V)
            where
                <V as std::convert::TryInto<Pet>>::Error: std::fmt::Display,
            {
            }
            newtype!(Tags(::std::vec::Vec<::std::string::String>), from_inner);
            impl ::std::convert::From<&Pet> for Pet {
                fn from(value: &Pet) -> Self {
                    let _: std::option::Option<u8> = None;
                    let _ = ::std::option::Option::Some(::std::string::String::new());
                    value.clone()
                }
            }
        };
        let expected: syn::File = syn::parse_quote! {
            pub struct Pet {
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub name: Option<String>,
                pub tags: Vec<Box<Pet>>,
                pub size: ::std::fmt::Result,
            }
            fn check<V: TryInto<Pet>>(value: V)
            where
                <V as TryInto<Pet>>::Error: std::fmt::Display,
            {
            }
            newtype!(Tags(Vec<String>), from_inner);
            impl From<&Pet> for Pet {
                fn from(value: &Pet) -> Self {
                    let _: Option<u8> = None;
                    let _ = Option::Some(String::new());
                    value.clone()
                }
            }
        };
        assert_eq!(shortened(file), prettyplease::unparse(&expected));
    }

    #[test]
    fn a_name_the_file_takes_stays_in_full() {
        let file: syn::File = syn::parse_quote! {
            pub mod inner {
                pub struct String(pub ::std::string::String);
            }
            pub struct Pet {
                pub name: ::std::string::String,
                pub tags: ::std::vec::Vec<u8>,
            }
        };
        let expected: syn::File = syn::parse_quote! {
            pub mod inner {
                pub struct String(pub ::std::string::String);
            }
            pub struct Pet {
                pub name: ::std::string::String,
                pub tags: Vec<u8>,
            }
        };
        assert_eq!(shortened(file), prettyplease::unparse(&expected));

        let defined_by_a_call: syn::File = syn::parse_quote! {
            string_enum!(pub enum Vec { A => "a" });
            pub struct Pet(pub ::std::vec::Vec<u8>);
        };
        assert!(shortened(defined_by_a_call).contains("::std::vec::Vec<u8>"));
        let imported: syn::File = syn::parse_quote! {
            use other::Thing as Vec;
            pub struct Pet(pub ::std::vec::Vec<u8>);
        };
        assert!(shortened(imported.clone()).contains("::std::vec::Vec<u8>"));
        let glob: syn::File = syn::parse_quote! {
            use other::*;
            pub struct Pet(pub ::std::vec::Vec<u8>);
        };
        assert!(shortened(glob).contains("::std::vec::Vec<u8>"));
    }
}
