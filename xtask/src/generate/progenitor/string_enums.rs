//! String enums' conversions, written once: typify gives every enum of strings the same four
//! impls (`Display`, `FromStr`, `TryFrom<&str>` and `TryFrom<String>`), about forty lines an
//! enum and half of a large API's `types.rs`. Where an enum's impls are exactly those, they
//! become one `string_enum!` call, and the macro that expands to them
//! (`templates/string_enum.rs`) is written once at the top of `types.rs`. The API, and the
//! code the compiler sees, are the same.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::same_tokens::same_tokens;
use crate::generate::render::macro_layout::{
    MAX_WIDTH, attribute_lines, filled_lines, layout_macro_calls_with,
};
use crate::generate::render::templates::STRING_ENUM_MACRO;
use crate::generate::render::templates::with_macro_definition;
use crate::generate::syntax::attributes::string_item;

/// Replaces typify's conversions of each string enum in `types` by a `string_enum!` call;
/// whether it replaced any (and `types.rs` needs the macro), and the places of its kind it
/// left: a `Display` impl of a unit-variant enum that is not followed by exactly typify's
/// conversions.
pub fn share_string_enum_conversions(types: &mut syn::File) -> (bool, Vec<String>) {
    let unit_enums: std::collections::HashSet<syn::Ident> = (types.items.iter())
        .filter_map(|item| match item {
            syn::Item::Enum(definition)
                if !definition.variants.is_empty()
                    && (definition.variants.iter())
                        .all(|variant| matches!(variant.fields, syn::Fields::Unit)) =>
            {
                Some(definition.ident.clone())
            }
            _ => None,
        })
        .collect();
    // One pass that moves each item into a new list: removing items in place would shift the
    // rest of a large API's thousands of items once per enum.
    let mut items = std::mem::take(&mut types.items);
    let mut replaced = false;
    let mut unrecognised = Vec::new();
    let mut index = 0;
    while index < items.len() {
        if let Some((name, pairs)) = display_of_string_enum(&items[index])
            && let Some(count) = conversions(&items, index, &name, &pairs)
        {
            let variants = pairs
                .iter()
                .map(|(variant, value)| quote!(#variant => #value));
            types
                .items
                .push(syn::parse_quote!(string_enum!(#name { #(#variants),* });));
            replaced = true;
            index += count;
            continue;
        }
        if let Some(name) = display_target(&items[index])
            && unit_enums.contains(&name)
        {
            unrecognised.push(format!(
                "types.rs, `impl Display for {name}`: not typify's `Display`, `FromStr` and \
                 `TryFrom` impls of a string enum, left as they are"
            ));
        }
        let item = std::mem::replace(&mut items[index], syn::Item::Verbatim(TokenStream::new()));
        types.items.push(item);
        index += 1;
    }
    (replaced, unrecognised)
}

/// The type an `impl ::std::fmt::Display for Name` is for, if `item` is one.
fn display_target(item: &syn::Item) -> Option<syn::Ident> {
    let syn::Item::Impl(block) = item else {
        return None;
    };
    let (path, _) = block.trait_.as_ref()?;
    if !same_tokens(path.to_token_stream(), quote!(::std::fmt::Display)) {
        return None;
    }
    match &*block.self_ty {
        syn::Type::Path(self_ty) => self_ty.path.get_ident().cloned(),
        _ => None,
    }
}

/// `types.rs` (formatted) with the macro's definition after its inner attributes.
pub fn with_string_enum_macro(types: &str) -> String {
    with_macro_definition(types, STRING_ENUM_MACRO)
}

/// Moves each string enum's definition into the `string_enum!` call that follows it, where
/// its variants and their strings are listed anyway: `string_enum!(/// doc pub enum Name {
/// Variant => "value", … })`, the enum's `cfg` staying on the call and typify's derives
/// written by the macro. Runs after the items are gated, so that the call is compiled under
/// the enum's own features. An enum whose variants are not exactly its strings' (another
/// serde attribute, a field) or whose derives are not typify's usual ones stays as it is: the
/// places returned.
pub fn define_string_enums_in_calls(types: &mut syn::File) -> Vec<String> {
    let mut unrecognised = Vec::new();
    let mut items = std::mem::take(&mut types.items).into_iter().peekable();
    while let Some(item) = items.next() {
        let merged = match (&item, items.peek()) {
            (syn::Item::Enum(definition), Some(syn::Item::Macro(call))) => {
                let merged =
                    definition_call(definition, call).map(|call| (definition.clone(), call));
                if merged.is_none() && calls_for(call, &definition.ident) {
                    unrecognised.push(format!(
                        "types.rs, `{}`: the enum beside its `string_enum!` call is not a unit \
                         variant a string with typify's derives, left beside the call",
                        definition.ident
                    ));
                }
                merged
            }
            _ => None,
        };
        let Some((definition, call)) = merged else {
            types.items.push(item);
            continue;
        };
        items.next();
        let default = match items.peek() {
            Some(syn::Item::Impl(block)) => default_variant(&definition, block),
            _ => None,
        };
        match default.and_then(|variant| with_default(&call, &variant)) {
            Some(call) => {
                items.next();
                types.items.push(call);
            }
            None => types.items.push(call),
        }
    }
    unrecognised
}

/// Whether `call` is the `string_enum!` call of the enum `name`.
fn calls_for(call: &syn::ItemMacro, name: &syn::Ident) -> bool {
    call.mac.path.is_ident("string_enum")
        && call
            .mac
            .parse_body::<Conversions>()
            .is_ok_and(|conversions| conversions.name == *name)
}

/// The variant of typify's `impl Default for Name { fn default() -> Self { Name::Variant } }`,
/// if `block` is exactly that for `definition`, under the same `cfg`.
fn default_variant(definition: &syn::ItemEnum, block: &syn::ItemImpl) -> Option<syn::Ident> {
    let name = &definition.ident;
    let variant = definition.variants.iter().find_map(|variant| {
        let ident = &variant.ident;
        let cfgs = (definition.attrs.iter()).filter(|attribute| attribute.path().is_ident("cfg"));
        let expected: syn::ItemImpl = syn::parse_quote! {
            #(#cfgs)*
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name::#ident
                }
            }
        };
        same_tokens(expected.to_token_stream(), block.to_token_stream()).then(|| ident.clone())
    })?;
    Some(variant)
}

/// A defining `string_enum!` call whose enum derives `Default` (besides the derives the macro
/// writes), `variant` marked `#[default]`.
fn with_default(call: &syn::Item, variant: &syn::Ident) -> Option<syn::Item> {
    let syn::Item::Macro(call) = call else {
        return None;
    };
    let mut definition: Definition = call.mac.parse_body().ok()?;
    (definition.attrs).push(syn::parse_quote!(#[derive(Default)]));
    let (attrs, _, _) = (definition.variants.iter_mut()).find(|(_, ident, _)| ident == variant)?;
    attrs.push(syn::parse_quote!(#[default]));
    let mut call = call.clone();
    call.mac.tokens = definition.to_token_stream();
    Some(syn::Item::Macro(call))
}

/// The one `string_enum!` call defining `definition`, if `call` is its conversions' call and
/// each variant is serialised as its string.
fn definition_call(definition: &syn::ItemEnum, call: &syn::ItemMacro) -> Option<syn::Item> {
    if !call.mac.path.is_ident("string_enum") || !definition.generics.params.is_empty() {
        return None;
    }
    let Conversions { name, pairs } = call.mac.parse_body().ok()?;
    if name != definition.ident || pairs.len() != definition.variants.len() {
        return None;
    }
    let mut variants = Vec::new();
    for (variant, (ident, value)) in definition.variants.iter().zip(&pairs) {
        if variant.ident != *ident
            || !matches!(variant.fields, syn::Fields::Unit)
            || variant.discriminant.is_some()
        {
            return None;
        }
        let (serde, kept): (Vec<&syn::Attribute>, Vec<&syn::Attribute>) =
            (variant.attrs.iter()).partition(|attribute| attribute.path().is_ident("serde"));
        let serialised_as_value = match serde.as_slice() {
            [] => *ident == value.value(),
            [rename] => renamed_to(rename).is_some_and(|renamed| renamed == value.value()),
            _ => false,
        };
        if !serialised_as_value {
            return None;
        }
        variants.push(quote!(#(#kept)* #ident => #value));
    }
    let (cfgs, attrs): (Vec<&syn::Attribute>, Vec<&syn::Attribute>) =
        (definition.attrs.iter()).partition(|attribute| attribute.path().is_ident("cfg"));
    // The macro writes typify's derives; an enum with others is left as it is.
    let (derives, attrs): (Vec<&syn::Attribute>, Vec<&syn::Attribute>) =
        (attrs.into_iter()).partition(|attribute| attribute.path().is_ident("derive"));
    if !matches!(derives.as_slice(), [derive] if derives_typifys_set(derive)) {
        return None;
    }
    let vis = &definition.vis;
    Some(syn::parse_quote! {
        #(#cfgs)*
        string_enum!(#(#attrs)* #vis enum #name { #(#variants),* });
    })
}

/// Whether `attribute` derives what typify derives for every string enum (serde's derives by
/// their short names or in full), which `string_enum!` writes.
fn derives_typifys_set(attribute: &syn::Attribute) -> bool {
    let Ok(paths) = attribute.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return false;
    };
    let names: Vec<String> = (paths.iter())
        .map(|path| path.to_token_stream().to_string().replace(' ', ""))
        .map(|path| path.trim_start_matches("::serde::").to_string())
        .collect();
    names
        == [
            "Deserialize",
            "Serialize",
            "Clone",
            "Copy",
            "Debug",
            "Eq",
            "Hash",
            "Ord",
            "PartialEq",
            "PartialOrd",
        ]
}

/// The string of `#[serde(rename = "…")]`, if that is all the attribute says.
fn renamed_to(attribute: &syn::Attribute) -> Option<String> {
    string_item(&attribute.parse_args::<syn::Meta>().ok()?, "rename")
}

/// The arguments of a conversions' call: `Name { Variant => "value", … }`.
struct Conversions {
    name: syn::Ident,
    pairs: Vec<(syn::Ident, syn::LitStr)>,
}

impl syn::parse::Parse for Conversions {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        let content;
        syn::braced!(content in input);
        let mut pairs = Vec::new();
        while !content.is_empty() {
            let variant = content.parse()?;
            content.parse::<syn::Token![=>]>()?;
            pairs.push((variant, content.parse()?));
            if !content.is_empty() {
                content.parse::<syn::Token![,]>()?;
            }
        }
        Ok(Self { name, pairs })
    }
}

/// The arguments of a defining call: the enum's attributes, visibility and name, and each
/// variant with its attributes and string.
struct Definition {
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    name: syn::Ident,
    variants: Vec<(Vec<syn::Attribute>, syn::Ident, syn::LitStr)>,
}

impl syn::parse::Parse for Definition {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis = input.parse()?;
        input.parse::<syn::Token![enum]>()?;
        let name = input.parse()?;
        let content;
        syn::braced!(content in input);
        let mut variants = Vec::new();
        while !content.is_empty() {
            let attrs = content.call(syn::Attribute::parse_outer)?;
            let variant = content.parse()?;
            content.parse::<syn::Token![=>]>()?;
            variants.push((attrs, variant, content.parse()?));
            if !content.is_empty() {
                content.parse::<syn::Token![,]>()?;
            }
        }
        Ok(Self {
            attrs,
            vis,
            name,
            variants,
        })
    }
}

impl ToTokens for Definition {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self {
            attrs,
            vis,
            name,
            variants,
        } = self;
        let variants =
            (variants.iter()).map(|(attrs, ident, value)| quote!(#(#attrs)* #ident => #value));
        tokens.extend(quote!(#(#attrs)* #vis enum #name { #(#variants),* }));
    }
}

/// `types.rs` (formatted) with each `string_enum!` call laid out: a defining call as the enum
/// it defines would be (its docs as `///` lines, an attribute a line, the variants filled
/// into lines, one a line where they have docs), the others as any of the generator's macro
/// calls.
pub fn layout_string_enum_calls(types: &str) -> String {
    layout_macro_calls_with(types, "string_enum", |indent, arguments| {
        let definition: Definition = syn::parse_str(arguments).ok()?;
        Some(definition.laid_out(indent))
    })
}

impl Definition {
    fn laid_out(&self, indent: &str) -> String {
        let inner = format!("{indent}    ");
        let mut out = format!("{indent}string_enum!(\n");
        for attribute in &self.attrs {
            out.push_str(&attribute_lines(&inner, attribute));
        }
        let vis = match &self.vis {
            syn::Visibility::Inherited => String::new(),
            vis => format!("{} ", compact(vis.to_token_stream())),
        };
        let head = format!("{inner}{vis}enum {} {{", self.name);
        // `#[default]` and the like stay on the variant's line; docs go on lines of their own.
        let is_doc = |attribute: &&syn::Attribute| attribute.path().is_ident("doc");
        let pairs: Vec<String> = (self.variants.iter())
            .map(|(attrs, variant, value)| {
                let inline: String = (attrs.iter().filter(|a| !is_doc(a)))
                    .map(|attribute| format!("#[{}] ", compact(attribute.meta.to_token_stream())))
                    .collect();
                format!("{inline}{variant} => {}", value.to_token_stream())
            })
            .collect();
        let documented =
            (self.variants.iter()).any(|(attrs, _, _)| attrs.iter().any(|a| is_doc(&a)));
        let one_line = format!("{head} {} }}", pairs.join(", "));
        if !documented && one_line.len() <= MAX_WIDTH {
            out.push_str(&one_line);
            out.push('\n');
        } else {
            out.push_str(&head);
            out.push('\n');
            let variant_indent = format!("{inner}    ");
            if documented {
                for ((attrs, _, _), pair) in self.variants.iter().zip(&pairs) {
                    for attribute in attrs.iter().filter(is_doc) {
                        out.push_str(&attribute_lines(&variant_indent, attribute));
                    }
                    out.push_str(&format!("{variant_indent}{pair},\n"));
                }
            } else {
                let pieces: Vec<String> = pairs.iter().map(|pair| format!("{pair},")).collect();
                out.push_str(&filled_lines(
                    &variant_indent,
                    pieces.iter().map(String::as_str),
                ));
            }
            out.push_str(&format!("{inner}}}\n"));
        }
        out.push_str(&format!("{indent});\n"));
        out
    }
}

/// Tokens as they read in Rust (`pub (crate)` → `pub(crate)`), for a visibility.
fn compact(tokens: TokenStream) -> String {
    tokens
        .to_string()
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// The match arms the impls are written with.
enum Arms<'a> {
    /// An enum's own: (variant, string) pairs.
    Pairs(&'a [(syn::Ident, syn::LitStr)]),
    /// The macro's: one arm of `$variant` and `$value`, repeated (for the test that holds
    /// the template to these impls).
    #[cfg(test)]
    MacroPattern,
}

impl Arms<'_> {
    /// Every arm `arm` writes for a variant and its string.
    fn each(&self, arm: impl Fn(TokenStream, TokenStream) -> TokenStream) -> TokenStream {
        match self {
            Arms::Pairs(pairs) => (pairs.iter())
                .map(|(variant, value)| arm(variant.to_token_stream(), value.to_token_stream()))
                .collect(),
            #[cfg(test)]
            Arms::MacroPattern => {
                let arm = arm(quote!($variant), quote!($value));
                quote!($(#arm)*)
            }
        }
    }
}

/// An enum's variants and their strings, read from its `Display` impl, when every arm writes
/// one string (`Self::Asc => f.write_str("asc")`).
fn display_of_string_enum(
    item: &syn::Item,
) -> Option<(syn::Ident, Vec<(syn::Ident, syn::LitStr)>)> {
    let syn::Item::Impl(block) = item else {
        return None;
    };
    let (path, _) = block.trait_.as_ref()?;
    if !same_tokens(path.to_token_stream(), quote!(::std::fmt::Display)) {
        return None;
    }
    let syn::Type::Path(self_ty) = &*block.self_ty else {
        return None;
    };
    let name = self_ty.path.get_ident()?.clone();
    let [syn::ImplItem::Fn(function)] = block.items.as_slice() else {
        return None;
    };
    let [syn::Stmt::Expr(syn::Expr::Match(matched), None)] = function.block.stmts.as_slice() else {
        return None;
    };
    let mut pairs = Vec::new();
    for arm in &matched.arms {
        let syn::Pat::Path(pattern) = &arm.pat else {
            return None;
        };
        let [first, variant] = pattern.path.segments.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let syn::Expr::MethodCall(call) = &*arm.body else {
            return None;
        };
        let [
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(value),
                ..
            }),
        ] = call.args.iter().collect::<Vec<_>>()[..]
        else {
            return None;
        };
        if first.ident != "Self" || call.method != "write_str" {
            return None;
        }
        pairs.push((variant.ident.clone(), value.clone()));
    }
    (!pairs.is_empty()).then_some((name, pairs))
}

/// How many items the enum's conversion impls are, starting with its `Display` at `display`,
/// when they are exactly what the macro writes.
fn conversions(
    items: &[syn::Item],
    display: usize,
    name: &syn::Ident,
    pairs: &[(syn::Ident, syn::LitStr)],
) -> Option<usize> {
    let expected: Vec<String> =
        syn::parse2::<syn::File>(expected_impls(&quote!(#name), &Arms::Pairs(pairs)))
            .ok()?
            .items
            .iter()
            .map(|item| item.to_token_stream().to_string())
            .collect();
    // typify writes them one after another.
    let found = expected.iter().enumerate().all(|(offset, expected)| {
        items
            .get(display + offset)
            .is_some_and(|item| item.to_token_stream().to_string() == *expected)
    });
    found.then_some(expected.len())
}

/// The four impls, as typify writes them, for `name` and its arms: an enum's own, or the
/// macro's body, with `$name`, `$variant` and `$value`.
fn expected_impls(name: &TokenStream, arms: &Arms) -> TokenStream {
    let display_arms = arms.each(|variant, value| quote!(Self::#variant => f.write_str(#value),));
    let parse_arms = arms.each(|variant, value| quote!(#value => Ok(Self::#variant),));
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match *self {
                    #display_arms
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = self::error::ConversionError;
            fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                match value {
                    #parse_arms
                    _ => Err("invalid value".into()),
                }
            }
        }
        impl ::std::convert::TryFrom<&str> for #name {
            type Error = self::error::ConversionError;
            fn try_from(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
            }
        }
        impl ::std::convert::TryFrom<::std::string::String> for #name {
            type Error = self::error::ConversionError;
            fn try_from(value: ::std::string::String) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
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
        let file: syn::File = syn::parse_str(STRING_ENUM_MACRO).expect("the template parses");
        let [syn::Item::Macro(definition)] = file.items.as_slice() else {
            panic!("the template is one macro_rules! item");
        };
        // The first rule: `(pattern) => { body };`.
        let body = (definition.mac.tokens.clone().into_iter())
            .find_map(|tree| match tree {
                proc_macro2::TokenTree::Group(group)
                    if group.delimiter() == proc_macro2::Delimiter::Brace =>
                {
                    Some(group)
                }
                _ => None,
            })
            .expect("the rule's body");
        // Token for token, but for the spacing of punctuation and the trailing comma rustfmt
        // puts after a parameter list it breaks.
        let tokens = |stream: TokenStream| {
            (stream.to_string().split_whitespace())
                .collect::<String>()
                .replace(",)", ")")
        };
        assert_eq!(
            tokens(body.stream()),
            tokens(expected_impls(&quote!($name), &Arms::MacroPattern))
        );
    }

    #[test]
    fn an_enum_of_strings_takes_the_macro_and_other_impls_stay() {
        let pairs = [
            (quote::format_ident!("Asc"), syn::parse_quote!("asc")),
            (quote::format_ident!("Desc"), syn::parse_quote!("desc")),
        ];
        let impls = expected_impls(&quote!(Direction), &Arms::Pairs(&pairs));
        let mut types: syn::File = syn::parse_quote! {
            #![allow(clippy::all)]
            pub enum Direction { Asc, Desc }
            #impls
            impl ::std::default::Default for Direction { fn default() -> Self { Direction::Desc } }
            pub enum Odd { A }
            impl ::std::fmt::Display for Odd {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match *self { Self::A => f.write_str("a"), }
                }
            }
        };
        let (replaced, unrecognised) = share_string_enum_conversions(&mut types);
        assert!(replaced);
        // `Odd` is a unit-variant enum whose `Display` is typify's, without the rest.
        assert_eq!(unrecognised.len(), 1, "{unrecognised:?}");
        assert!(unrecognised[0].contains("`impl Display for Odd`"));
        let expected: syn::File = syn::parse_quote! {
            #![allow(clippy::all)]
            pub enum Direction { Asc, Desc }
            string_enum!(Direction { Asc => "asc", Desc => "desc" });
            impl ::std::default::Default for Direction { fn default() -> Self { Direction::Desc } }
            pub enum Odd { A }
            impl ::std::fmt::Display for Odd {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match *self { Self::A => f.write_str("a"), }
                }
            }
        };
        assert_eq!(
            types.to_token_stream().to_string(),
            expected.to_token_stream().to_string()
        );
        let printed = with_string_enum_macro(&prettyplease::unparse(&types));
        assert!(
            printed.starts_with("#![allow(clippy::all)]\n/// `Display`"),
            "{printed}"
        );
    }

    #[test]
    fn a_default_variant_is_marked_in_the_defining_call() {
        let mut types: syn::File = syn::parse_quote! {
            #[cfg(feature = "issues")]
            #[derive(Deserialize, Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
            pub enum Direction {
                #[serde(rename = "asc")]
                Asc,
                #[serde(rename = "desc")]
                Desc,
            }
            #[cfg(feature = "issues")]
            string_enum!(Direction { Asc => "asc", Desc => "desc" });
            #[cfg(feature = "issues")]
            impl ::std::default::Default for Direction { fn default() -> Self { Direction::Desc } }
            #[cfg(feature = "issues")]
            #[doc = "A kind."]
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
            pub enum Kind {
                #[serde(rename = "a")]
                A,
            }
            #[cfg(feature = "issues")]
            string_enum!(Kind { A => "a" });
            // Not typify's shape: stays as written.
            #[cfg(feature = "issues")]
            impl ::std::default::Default for Kind { fn default() -> Self { Kind::A.clone() } }
            // Not typify's derives: stays as written.
            #[derive(Clone, Copy, Debug)]
            pub enum Other {
                #[serde(rename = "o")]
                O,
            }
            string_enum!(Other { O => "o" });
        };
        let unrecognised = define_string_enums_in_calls(&mut types);
        // `Other`'s derives are not typify's.
        assert_eq!(unrecognised.len(), 1, "{unrecognised:?}");
        assert!(unrecognised[0].contains("`Other`"));
        let expected: syn::File = syn::parse_quote! {
            #[cfg(feature = "issues")]
            string_enum!(
                #[derive(Default)]
                pub enum Direction { Asc => "asc", #[default] Desc => "desc" }
            );
            #[cfg(feature = "issues")]
            string_enum!(#[doc = "A kind."] pub enum Kind { A => "a" });
            #[cfg(feature = "issues")]
            impl ::std::default::Default for Kind { fn default() -> Self { Kind::A.clone() } }
            #[derive(Clone, Copy, Debug)]
            pub enum Other {
                #[serde(rename = "o")]
                O,
            }
            string_enum!(Other { O => "o" });
        };
        assert_eq!(
            types.to_token_stream().to_string(),
            expected.to_token_stream().to_string()
        );
        let printed = layout_string_enum_calls(&prettyplease::unparse(&types));
        assert!(
            printed.contains(
                "string_enum!(\n    #[derive(Default)]\n    pub enum Direction { Asc => \"asc\", #[default] Desc => \"desc\" }\n"
            ),
            "{printed}"
        );
    }
}
