//! Client: the typed client and model types, from progenitor used as a library, split into
//! the two files and handed to the passes as progenitor wrote them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use quote::quote;

use crate::error::{Located, StageResult};
use crate::generate::normalise::{Normalised, SuccessBody};
use crate::spec::schema_walk::for_each_schema;

/// What progenitor produced, split so that the model types compile without the client, as
/// progenitor wrote it: the passes ([`super::passes`]) rewrite it next.
pub struct ClientCode {
    /// Items of the `types` module (model types, and their builders if the spec asks).
    pub types: syn::File,
    /// Everything else: `Client`, its methods, the request builders.
    pub client: syn::File,
    /// The generator, kept for its type space (the server generator reads type names from it).
    pub generator: Generator,
    /// What had to be left out for typify to accept the document.
    pub warnings: Vec<Located>,
}

/// Runs progenitor on a normalised spec. A panic inside progenitor or typify becomes an error
/// too, so no input can crash the xtask.
///
/// typify checks every `default` against its Rust type more closely than the normaliser can
/// (a struct's default against each of its fields, an integer's against its format's range);
/// when it rejects one, the document is generated again without defaults, with a warning.
///
/// The openapiv3 document is taken out of `normalised` and freed once progenitor has read it.
pub fn generate_client(normalised: &mut Normalised) -> StageResult<ClientCode> {
    let openapi = std::mem::take(&mut normalised.openapi);
    let normalised = &*normalised;
    match run_progenitor(normalised, openapi) {
        Err(err) if rejects_a_default(&err.message) => {
            let mut document = normalised.document.clone();
            let mut dropped = 0;
            for_each_schema(&mut document, &mut |schema, _| {
                dropped += usize::from(schema.remove("default").is_some());
            });
            let openapi = serde_json::from_value(document).map_err(|err| {
                Located::whole(format!(
                    "internal error: the document without defaults: {err}"
                ))
            })?;
            let mut code = run_progenitor(normalised, openapi)?;
            code.warnings.push(Located::whole(format!(
                "typify rejected a schema's `default` ({}); the document's {dropped} defaults \
                 are left out of the generated types",
                err.message
            )));
            Ok(code)
        }
        other => other,
    }
}

/// Whether progenitor's error is typify refusing a default value.
fn rejects_a_default(message: &str) -> bool {
    message.contains("value does not conform")
        || message.contains("default value could not be rendered")
        || message.contains("unexpected value type")
}

fn run_progenitor(normalised: &Normalised, openapi: openapiv3::OpenAPI) -> StageResult<ClientCode> {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(crate::runtime::ClientState))
        .with_map_type("::std::collections::BTreeMap");
    // Success types decoded by status are written by `responses`, not typify.
    for plan in &normalised.operations {
        if let SuccessBody::ByStatus { enum_name, .. } = &plan.success_body {
            settings.with_replacement(enum_name, format!("crate::{enum_name}"), std::iter::empty());
        }
    }
    let mut generator = Generator::new(&settings);

    let outcome =
        quietly(|| catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&openapi))));
    drop(openapi);
    let tokens = match outcome {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(err)) => {
            return Err(Located::whole(format!(
                "progenitor rejected the spec: {err}"
            )));
        }
        Err(panic) => {
            return Err(Located::whole(format!(
                "progenitor panicked on a construct it does not support ({}); simplify \
                     the schema or report it with this spec",
                panic_message(&panic)
            )));
        }
    };
    let (types, client) = split_types(tokens, normalised.struct_builders)?;
    Ok(ClientCode {
        types,
        client,
        generator,
        warnings: Vec::new(),
    })
}

/// Moves the items of `pub mod types { … }` into their own file; the client refers to them
/// through `crate::types`. Unless `struct_builders`, typify's `types::builder` module is left
/// out before it is parsed: it is the largest part of the types, and would only be dropped.
fn split_types(tokens: TokenStream, struct_builders: bool) -> StageResult<(syn::File, syn::File)> {
    // The two big modules are parsed on their own, each freeing its tokens before the next is
    // parsed: tokens and syntax tree of a whole large API at once are gigabytes.
    let mut trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    let unparsed: &[&str] = if struct_builders { &[] } else { &["builder"] };
    let types = take_module(&mut trees, "types", unparsed)?
        .and_then(|module| module.content)
        .map(|(_, items)| items)
        .ok_or_else(|| {
            Located::whole("progenitor produced no `types` module (unexpected version?)")
        })?;
    let builder = take_module(&mut trees, "builder", &[])?;
    let file: syn::File = syn::parse2(trees.into_iter().collect())
        .map_err(|err| Located::whole(format!("progenitor produced invalid Rust: {err}")))?;
    let mut rest = file.items;
    if let Some(builder) = builder {
        // Where progenitor writes it: before the prelude.
        let prelude = rest
            .iter()
            .position(|item| matches!(item, syn::Item::Mod(module) if module.ident == "prelude"))
            .unwrap_or(rest.len());
        rest.insert(prelude, syn::Item::Mod(builder));
    }
    let mut types_file: syn::File = syn::parse_quote! {
        #![allow(clippy::all)]
    };
    types_file.items = types;
    // progenitor's builders import `super::types` whether or not an operation uses a type.
    let mut client_file: syn::File = syn::parse_quote! {
        #![allow(unused_imports)]
        use crate::types;
    };
    client_file.items.extend(rest);
    Ok((types_file, client_file))
}

/// Runs `f` with the default panic message silenced (we report the panic ourselves).
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = f();
    std::panic::set_hook(previous);
    out
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(message) = panic.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else {
        "no message".to_string()
    }
}

/// Takes `pub mod <name> { … }` out of progenitor's top-level tokens: the module with its
/// attributes, its items parsed from the module's tokens alone, less its nested modules named
/// in `unparsed` (removed as tokens, never parsed).
fn take_module(
    trees: &mut Vec<proc_macro2::TokenTree>,
    name: &str,
    unparsed: &[&str],
) -> StageResult<Option<syn::ItemMod>> {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let Some((header, content)) = take_module_tokens(trees, name) else {
        return Ok(None);
    };
    let mut content: Vec<TokenTree> = content.into_iter().collect();
    for nested in unparsed {
        take_module_tokens(&mut content, nested);
    }
    let invalid =
        |err: syn::Error| Located::whole(format!("progenitor produced invalid Rust: {err}"));
    let items = parse_items(content).map_err(invalid)?;
    let mut header = header;
    header.push(TokenTree::Group(Group::new(
        Delimiter::Brace,
        TokenStream::new(),
    )));
    let mut module: syn::ItemMod = syn::parse2(header.into_iter().collect()).map_err(invalid)?;
    module.content = Some((Default::default(), items));
    Ok(Some(module))
}

/// Removes `#[…]* pub? mod <name> { … }` from `trees`: its tokens up to the braces, and the
/// tokens inside them.
fn take_module_tokens(
    trees: &mut Vec<proc_macro2::TokenTree>,
    name: &str,
) -> Option<(Vec<proc_macro2::TokenTree>, TokenStream)> {
    use proc_macro2::{Delimiter, TokenTree};
    let found = trees.windows(3).position(|window| {
        matches!(&window[0], TokenTree::Ident(word) if word == "mod")
            && matches!(&window[1], TokenTree::Ident(word) if word == name)
            && matches!(&window[2], TokenTree::Group(group) if group.delimiter() == Delimiter::Brace)
    });
    let at = found?;
    // The module's own attributes and visibility go with it: `#[…]`* `pub`? `mod name {…}`.
    let mut start = at;
    if start > 0 && matches!(&trees[start - 1], TokenTree::Ident(word) if word == "pub") {
        start -= 1;
    }
    while start >= 2
        && matches!(&trees[start - 2], TokenTree::Punct(punct) if punct.as_char() == '#')
        && matches!(&trees[start - 1], TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket)
    {
        start -= 2;
    }
    let mut removed: Vec<TokenTree> = trees.drain(start..at + 3).collect();
    let Some(TokenTree::Group(body)) = removed.pop() else {
        unreachable!("the window matched a brace group");
    };
    Some((removed, body.stream()))
}

/// Parses a module's items one at a time, freeing each item's tokens as it goes: syn's parser
/// copies whatever it parses into a buffer of its own, which for a whole large module would be
/// a second copy of its tokens beside the growing syntax tree.
fn parse_items(content: Vec<proc_macro2::TokenTree>) -> syn::Result<Vec<syn::Item>> {
    let mut items = Vec::new();
    let mut item = Vec::new();
    for tree in content {
        let ends = item_ends_with(&item, &tree);
        item.push(tree);
        if ends {
            items.push(syn::parse2(
                std::mem::take(&mut item).into_iter().collect(),
            )?);
        }
    }
    if !item.is_empty() {
        items.push(syn::parse2(item.into_iter().collect())?);
    }
    Ok(items)
}

/// Whether `next` is the last token of the item whose tokens so far are `item`: a `;`, or the
/// braces of a struct, enum, impl, function, module or trait (not of `use a::{b, c};` or a
/// `const`'s value, which end at their `;`).
fn item_ends_with(item: &[proc_macro2::TokenTree], next: &proc_macro2::TokenTree) -> bool {
    use proc_macro2::{Delimiter, TokenTree};
    match next {
        TokenTree::Punct(punct) => punct.as_char() == ';',
        TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
            // The first word after the attributes and the visibility says what the item is.
            let mut words = item.iter().filter_map(|tree| match tree {
                TokenTree::Ident(word) => Some(word.to_string()),
                _ => None,
            });
            !matches!(
                words.find(|word| !matches!(word.as_str(), "pub" | "crate" | "unsafe")),
                Some(word) if matches!(word.as_str(), "use" | "const" | "static" | "type")
            )
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_parsed_one_at_a_time_are_the_items_of_the_whole() {
        let source = r#"
            #![allow(unused)]
            use super::{encode_path, ByteStream};
            #[doc = "A constant whose value has braces."]
            pub const ORIGIN: Point = Point { x: 0, y: 0 };
            pub(crate) static NAMES: &[&str] = &["a"];
            pub type Alias = ::std::collections::BTreeMap<String, Point>;
            #[derive(Clone)]
            pub struct Point { pub x: i64, pub y: i64 }
            pub struct Unit;
            pub struct Pair(pub i64, pub i64);
            impl<T> From<T> for Pair where T: Into<i64> { fn from(value: T) -> Self { Pair(value.into(), 0) } }
            pub mod builder { pub struct Op { body: Result<(), String> } }
            pub unsafe fn raw() {}
            extern "C" { fn abs(input: i32) -> i32; }
            extern crate core;
            macro_rules! noop { () => {}; }
        "#;
        let whole: syn::File = syn::parse_str(source).unwrap();
        let tokens: proc_macro2::TokenStream = source.parse().unwrap();
        // The inner attribute is not an item: drop it as `take_module` never sees one.
        let trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().skip(3).collect();
        let items = parse_items(trees).unwrap();
        assert_eq!(items.len(), whole.items.len());
        for (one, expected) in items.iter().zip(&whole.items) {
            assert_eq!(quote!(#one).to_string(), quote!(#expected).to_string());
        }
    }
}
