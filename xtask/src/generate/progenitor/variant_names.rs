//! Enum variants named as Rust names them. typify names the values `+1` and `-1` (GitHub's
//! reactions, say) `plus1` and `minus1`, which rustc warns about in the user's build
//! (`non_camel_case_types`) and which read unlike every other variant; they become `Plus1`
//! and `Minus1`, in the enums that define them and in every path that names them.

use syn::visit_mut::{self, VisitMut};

/// The variant names typify writes in lower case, and what they become.
const RENAMED: [(&str, &str); 2] = [("plus1", "Plus1"), ("minus1", "Minus1")];

/// Renames the variants in `files` (the types and the client, which may name a variant in a
/// parameter's default).
pub fn camel_case_variants(files: &mut [&mut syn::File]) {
    for file in files {
        CamelCase.visit_file_mut(file);
    }
}

struct CamelCase;

fn renamed(ident: &mut syn::Ident) {
    if let Some((_, to)) = RENAMED.iter().find(|(from, _)| ident == from) {
        *ident = syn::Ident::new(to, ident.span());
    }
}

impl VisitMut for CamelCase {
    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        renamed(&mut variant.ident);
        visit_mut::visit_variant_mut(self, variant);
    }

    /// `Self::plus1`, `types::Reaction::plus1`: a path of more than one segment ending in the
    /// name is a variant (a local or a field named so is not a path of two).
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.segments.len() > 1
            && let Some(last) = path.segments.last_mut()
        {
            renamed(&mut last.ident);
        }
        visit_mut::visit_path_mut(self, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_variants_are_camel_case_and_fields_keep_their_names() {
        let mut types: syn::File = syn::parse_quote! {
            pub enum Content {
                #[serde(rename = "+1")]
                plus1,
                #[serde(rename = "-1")]
                minus1,
                Laugh,
            }
            impl Default for Content {
                fn default() -> Self { Content::plus1 }
            }
            pub struct Rollup { pub plus1: i64, pub minus1: i64 }
            fn total(rollup: &Rollup) -> i64 { let plus1 = rollup.plus1; plus1 + rollup.minus1 }
        };
        camel_case_variants(&mut [&mut types]);
        let expected: syn::File = syn::parse_quote! {
            pub enum Content {
                #[serde(rename = "+1")]
                Plus1,
                #[serde(rename = "-1")]
                Minus1,
                Laugh,
            }
            impl Default for Content {
                fn default() -> Self { Content::Plus1 }
            }
            pub struct Rollup { pub plus1: i64, pub minus1: i64 }
            fn total(rollup: &Rollup) -> i64 { let plus1 = rollup.plus1; plus1 + rollup.minus1 }
        };
        assert_eq!(
            prettyplease::unparse(&types),
            prettyplease::unparse(&expected)
        );
    }
}
