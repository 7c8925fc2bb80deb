//! Comparing code by its tokens. The passes that replace progenitor's code replace only code
//! that is exactly what progenitor writes, so they compare what they find with what
//! progenitor's templates make of the same names, many times per operation: token by token,
//! rather than by printing both as text.

use proc_macro2::{TokenStream, TokenTree};

/// Whether `found` and `expected` are the same tokens, spans aside: the same identifiers,
/// punctuation (and its spacing, which is what separates `->` from `- >`), literals and
/// groups, in the same order.
pub fn same_tokens(found: TokenStream, expected: TokenStream) -> bool {
    let mut found = found.into_iter();
    let mut expected = expected.into_iter();
    loop {
        match (found.next(), expected.next()) {
            (None, None) => return true,
            (Some(found), Some(expected)) if same_tree(&found, &expected) => {}
            _ => return false,
        }
    }
}

fn same_tree(found: &TokenTree, expected: &TokenTree) -> bool {
    match (found, expected) {
        (TokenTree::Ident(found), TokenTree::Ident(expected)) => found == expected,
        (TokenTree::Punct(found), TokenTree::Punct(expected)) => {
            found.as_char() == expected.as_char() && found.spacing() == expected.spacing()
        }
        (TokenTree::Literal(found), TokenTree::Literal(expected)) => {
            found.to_string() == expected.to_string()
        }
        (TokenTree::Group(found), TokenTree::Group(expected)) => {
            found.delimiter() == expected.delimiter()
                && same_tokens(found.stream(), expected.stream())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use quote::{ToTokens, quote};

    use super::same_tokens;

    #[test]
    fn the_same_tokens_from_any_source_are_the_same() {
        let parsed: syn::ImplItemFn = syn::parse_quote! {
            pub fn name<V>(mut self, value: V,) -> Self where V: std::convert::TryInto<u32>, {
                self.name = value.try_into().map_err(|_| "conversion to `u32` for name failed".to_string());
                self
            }
        };
        let expected = quote! {
            pub fn name<V>(mut self, value: V,) -> Self where V: std::convert::TryInto<u32>, {
                self.name = value.try_into().map_err(|_| "conversion to `u32` for name failed".to_string());
                self
            }
        };
        assert!(same_tokens(parsed.to_token_stream(), expected));
    }

    #[test]
    fn any_difference_is_a_difference() {
        let base = quote! { fn f(a: u32) -> Self { a.into() } };
        for other in [
            quote! { fn f(a: u64) -> Self { a.into() } },
            quote! { fn f(a: u32) -> Self { a.into(); } },
            quote! { fn f[a: u32] -> Self { a.into() } },
            quote! { fn f(a: u32) - > Self { a.into() } },
            quote! { fn f(a: u32) -> Self { "a".into() } },
            quote! { fn f(a: u32) -> Self { a.into() } extra },
        ] {
            assert!(!same_tokens(base.clone(), other.clone()), "{other}");
        }
        assert!(same_tokens(base.clone(), base));
    }
}
