//! Derive lists on one line. typify writes `#[derive(::serde::Deserialize, ::serde::Serialize,
//! …)]` on every type; a string enum's ten derives are then longer than prettyplease's line, and
//! it gives each derive a line of its own (eleven lines an enum, a sixth of GitHub's
//! `types.rs`). `types.rs` imports the two derives once instead, as hand-written Rust does
//! (unless the document defines a type of either name), and a derive list that then fits in
//! rustfmt's 100 columns is written on one line.

/// The two derives `types.rs` imports.
const DERIVES: [&str; 2] = ["Deserialize", "Serialize"];

/// Writes serde's derives on `types`' top-level items by their short names, importing them
/// once; leaves the file as it is if one of its items takes either name.
pub fn short_serde_derives(types: &mut syn::File) {
    let taken = types.items.iter().any(|item| {
        let name = match item {
            syn::Item::Struct(s) => &s.ident,
            syn::Item::Enum(e) => &e.ident,
            syn::Item::Type(t) => &t.ident,
            syn::Item::Trait(t) => &t.ident,
            syn::Item::Mod(m) => &m.ident,
            syn::Item::Union(u) => &u.ident,
            _ => return false,
        };
        DERIVES.iter().any(|derive| name == derive)
    });
    if taken {
        return;
    }
    let mut shortened = false;
    for item in &mut types.items {
        let attrs = match item {
            syn::Item::Struct(s) => &mut s.attrs,
            syn::Item::Enum(e) => &mut e.attrs,
            syn::Item::Union(u) => &mut u.attrs,
            _ => continue,
        };
        for attribute in attrs.iter_mut() {
            shortened |= shorten_derive(attribute);
        }
    }
    if shortened {
        types.items.insert(
            0,
            syn::parse_quote! {
                #[allow(unused_imports)]
                use ::serde::{Deserialize, Serialize};
            },
        );
    }
}

/// rustfmt's default line width, which prettyplease (89) stays under.
const MAX_WIDTH: usize = 100;

/// Formatted `text` with each derive list prettyplease broke over lines joined into one line
/// where that fits in [`MAX_WIDTH`] columns.
pub fn one_line_derives(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if line.trim() != "#[derive(" {
            out.push_str(line);
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut derives: Vec<&str> = Vec::new();
        let mut broken = String::from(line);
        let mut closed = false;
        for line in lines.by_ref() {
            broken.push_str(line);
            if line.trim() == ")]" {
                closed = true;
                break;
            }
            derives.push(line.trim().trim_end_matches(','));
        }
        let joined = format!("{indent}#[derive({})]", derives.join(", "));
        if closed && joined.len() <= MAX_WIDTH {
            out.push_str(&joined);
            out.push('\n');
        } else {
            out.push_str(&broken);
        }
    }
    out
}

/// `#[derive(::serde::Deserialize, …)]` → `#[derive(Deserialize, …)]`; whether it changed.
fn shorten_derive(attribute: &mut syn::Attribute) -> bool {
    if !attribute.path().is_ident("derive") {
        return false;
    }
    let Ok(paths) = attribute.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return false;
    };
    let mut changed = false;
    let paths = paths.into_iter().map(|path| {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        match (path.leading_colon, &segments[..]) {
            (Some(_), [serde, derive])
                if serde == "serde" && DERIVES.contains(&derive.as_str()) =>
            {
                changed = true;
                let derive = syn::Ident::new(derive, proc_macro2::Span::call_site());
                syn::parse_quote!(#derive)
            }
            _ => path,
        }
    });
    let paths: Vec<syn::Path> = paths.collect();
    if changed {
        *attribute = syn::parse_quote!(#[derive(#(#paths),*)]);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortened(file: syn::File) -> String {
        let mut file = file;
        short_serde_derives(&mut file);
        one_line_derives(&prettyplease::unparse(&file))
    }

    #[test]
    fn a_derive_list_too_long_for_one_line_stays_broken() {
        let text = shortened(syn::parse_quote! {
            pub mod nested {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd, Default)]
                pub enum Direction { #[default] Asc, Desc }
            }
        });
        assert!(
            text.contains("    #[derive(\n        ::serde::Deserialize,\n"),
            "{text}"
        );
        assert!(
            text.contains("        Default,\n    )]\n")
                || text.contains("        Default\n    )]\n"),
            "{text}"
        );
    }

    #[test]
    fn serdes_derives_are_imported_once_and_named_short() {
        let text = shortened(syn::parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
            pub enum Direction { Asc, Desc }
            #[derive(::serde::Deserialize, Clone, Debug)]
            #[serde(transparent)]
            pub struct Page(pub i64);
        });
        assert!(
            text.starts_with("#[allow(unused_imports)]\nuse ::serde::{Deserialize, Serialize};\n")
        );
        assert!(text.contains(
            "#[derive(Deserialize, Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]\npub enum Direction"
        ), "{text}");
        assert!(text.contains("#[derive(Deserialize, Clone, Debug)]\n#[serde(transparent)]"));
        assert!(!text.contains("::serde::Deserialize,"), "{text}");
    }

    #[test]
    fn a_type_named_like_a_derive_keeps_the_paths() {
        let text = shortened(syn::parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Serialize { pub format: String }
        });
        assert!(!text.contains("use ::serde"), "{text}");
        assert!(
            text.contains("::serde::Deserialize, ::serde::Serialize"),
            "{text}"
        );
    }
}
