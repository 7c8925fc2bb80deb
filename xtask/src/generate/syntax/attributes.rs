//! Reading attributes the generator rewrites: the text of a `name = "…"` item, as in
//! `#[doc = "…"]` or `#[serde(rename = "…")]`.

/// The text of `meta` when it is `name = "…"`.
pub fn string_item(meta: &syn::Meta, name: &str) -> Option<String> {
    let syn::Meta::NameValue(pair) = meta else {
        return None;
    };
    if !pair.path.is_ident(name) {
        return None;
    }
    match &pair.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// The text of a `#[doc = "…"]` attribute.
pub fn doc_text(attribute: &syn::Attribute) -> Option<String> {
    string_item(&attribute.meta, "doc")
}

/// The attributes of an item that can carry a `cfg`.
pub fn item_attrs(item: &mut syn::Item) -> &mut Vec<syn::Attribute> {
    match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Union(i) => &mut i.attrs,
        syn::Item::TraitAlias(i) => &mut i.attrs,
        syn::Item::ExternCrate(i) => &mut i.attrs,
        syn::Item::ForeignMod(i) => &mut i.attrs,
        _ => unreachable!("syn::Item is non-exhaustive; the generator emits none other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_string_item_is_read() {
        let doc: syn::Attribute = syn::parse_quote!(#[doc = "Text."]);
        assert_eq!(doc_text(&doc).as_deref(), Some("Text."));
        let rename: syn::Meta = syn::parse_quote!(rename = "type");
        assert_eq!(string_item(&rename, "rename").as_deref(), Some("type"));
        assert_eq!(string_item(&rename, "doc"), None);
        let number: syn::Meta = syn::parse_quote!(rename = 1);
        assert_eq!(string_item(&number, "rename"), None);
    }
}
