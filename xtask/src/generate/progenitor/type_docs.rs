//! The model types' docs without typify's stand-in. typify documents a type whose schema has
//! no description with the type's own name in backticks (`` ///`IssuesCreateBody` ``): a
//! line per type (about 3,500 on GitHub) that says nothing its definition does not. Such a
//! doc is left out; a schema's description is kept.

use crate::generate::syntax::attributes::doc_text;

/// Drops the doc of each struct, enum and type alias in `types` that is only its own name.
pub fn drop_name_only_docs(types: &mut syn::File) {
    for item in &mut types.items {
        let (ident, attrs) = match item {
            syn::Item::Struct(item) => (&item.ident, &mut item.attrs),
            syn::Item::Enum(item) => (&item.ident, &mut item.attrs),
            syn::Item::Type(item) => (&item.ident, &mut item.attrs),
            _ => continue,
        };
        let stand_in = format!("`{ident}`");
        attrs.retain(|attribute| doc_text(attribute).as_deref() != Some(stand_in.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn a_doc_naming_the_type_goes_and_a_description_stays() {
        let mut types: syn::File = syn::parse_quote! {
            #[doc = "`Plain`"]
            #[derive(Debug)]
            pub struct Plain { pub a: i64 }
            #[doc = "A described type."]
            pub enum Described { A }
            #[doc = "`Other`"]
            pub type Alias = String;
        };
        drop_name_only_docs(&mut types);
        let expected: syn::File = syn::parse_quote! {
            #[derive(Debug)]
            pub struct Plain { pub a: i64 }
            #[doc = "A described type."]
            pub enum Described { A }
            #[doc = "`Other`"]
            pub type Alias = String;
        };
        assert_eq!(
            types.to_token_stream().to_string(),
            expected.to_token_stream().to_string()
        );
    }
}
