//! Client: the typed client and model types, from progenitor used as a library.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};

use super::field_names::unique_field_names;
use super::method_docs::{drop_usage_examples, inline_builder_links};
use super::same_tokens::same_tokens;
use super::serde_derives::short_serde_derives;
use super::shapes::{is_status_match, order_status_arms};
use super::string_enums::share_string_enum_conversions;
use super::struct_builders::drop_struct_builders;
use super::type_docs::drop_name_only_docs;
use super::variant_names::camel_case_variants;
use crate::error::{Located, StageResult};
use crate::generate::normalise::{Normalised, SuccessBody};
use crate::spec::schema_walk::for_each_schema;

/// What progenitor produced, split so that the model types compile without the client.
pub struct ClientCode {
    /// Items of the `types` module (model types, and their builders if the spec asks).
    pub types: syn::File,
    /// Whether `types` calls `string_enum!`, whose definition its file must start with.
    pub string_enum_macro: bool,
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
    let (mut types, mut client) = split_types(tokens, normalised.struct_builders)?;
    drop_name_only_docs(&mut types);
    unique_field_names(&mut types);
    camel_case_variants(&mut [&mut types, &mut client]);
    if !normalised.struct_builders {
        drop_struct_builders(&mut types, &mut client);
    }
    let string_enum_macro = share_string_enum_conversions(&mut types);
    short_serde_derives(&mut types);
    drop_usage_examples(&mut client);
    inline_builder_links(&mut client);
    Ok(ClientCode {
        types,
        string_enum_macro,
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
    dedupe_default_functions(&mut types_file);
    // progenitor's builders import `super::types` whether or not an operation uses a type.
    let mut client_file: syn::File = syn::parse_quote! {
        #![allow(unused_imports)]
        use crate::types;
    };
    client_file.items.extend(rest);
    syn::visit_mut::visit_file_mut(&mut StatusArmOrder, &mut client_file);
    syn::visit_mut::visit_file_mut(&mut MethodsWithoutShorthand, &mut client_file);
    install_tls_provider_in_new(&mut client_file)?;
    ApiVersionHeader.visit_file_mut(&mut client_file);
    Ok((types_file, client_file))
}

/// progenitor builds every request with reqwest's per-method shorthand
/// (`client.client.get(url)`), and reqwest has none for OPTIONS or TRACE: those calls become
/// `request(Method::OPTIONS, url)`.
struct MethodsWithoutShorthand;

impl syn::visit_mut::VisitMut for MethodsWithoutShorthand {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        let receiver = &call.receiver;
        let method = if call.method == "options" {
            quote!(OPTIONS)
        } else if call.method == "trace" {
            quote!(TRACE)
        } else {
            return;
        };
        if !same_tokens(quote!(#receiver), quote!(client.client)) || call.args.len() != 1 {
            return;
        }
        let url = &call.args[0];
        call.method = syn::Ident::new("request", call.method.span());
        call.args = syn::parse_quote!(::reqwest::Method::#method, #url);
    }
}

/// progenitor sorts a range (`4XX`) among the codes by its first one (`400`), so a documented
/// `404` after it could never match (and rustc warns). The arms of every status `match` are
/// put in the order HTTP means: exact codes, then ranges, then the rest.
struct StatusArmOrder;

impl syn::visit_mut::VisitMut for StatusArmOrder {
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        syn::visit_mut::visit_expr_match_mut(self, expr);
        if is_status_match(expr) {
            order_status_arms(expr);
        }
    }
}

/// progenitor sends `api-version: <info.version>` with every request, a header none of the
/// APIs define; its statements are left out of each operation (and the operation's header map,
/// when nothing else goes in it), rather than sent to the runtime to remove.
struct ApiVersionHeader;

impl VisitMut for ApiVersionHeader {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let before = function.block.stmts.len();
        function.block.stmts.retain(|stmt| {
            // Only a `header_map.append(…);` statement is written out to be read.
            let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
                return true;
            };
            if call.method != "append" || !is_header_map(&call.receiver) {
                return true;
            }
            let text = stmt.to_token_stream().to_string();
            !(text.contains("\"api-version\"") && text.contains("api_version ()"))
        });
        let removed = function.block.stmts.len() != before;
        if removed && !appends_to_header_map(&function.block) {
            function.block.stmts.retain(|stmt| {
                !matches!(stmt, syn::Stmt::Local(local)
                    if local.pat.to_token_stream().to_string() == "mut header_map")
            });
            UnusedHeaderMap.visit_block_mut(&mut function.block);
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
    }
}

/// Whether `expr` is the path `header_map`.
fn is_header_map(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Path(path) if path.qself.is_none() && path.path.is_ident("header_map"))
}

/// Whether anything in `block` calls `header_map.append(…)`.
fn appends_to_header_map(block: &syn::Block) -> bool {
    struct Appends(bool);
    impl<'ast> syn::visit::Visit<'ast> for Appends {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            self.0 |= call.method == "append" && is_header_map(&call.receiver);
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut appends = Appends(false);
    syn::visit::Visit::visit_block(&mut appends, block);
    appends.0
}

/// `request.headers(header_map)` → `request`, once the map would be empty.
struct UnusedHeaderMap;

impl VisitMut for UnusedHeaderMap {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "headers"
            && call.args.len() == 1
            && matches!(&call.args[0], syn::Expr::Path(p) if p.path.is_ident("header_map"))
        {
            *expr = (*call.receiver).clone();
        }
    }
}

/// progenitor's `Client::new` builds a `reqwest::Client` itself, which panics when reqwest has
/// no TLS crypto provider (the `rustls` feature compiles it without one); it installs the
/// runtime's first, as `ClientBuilder::build` does.
fn install_tls_provider_in_new(client: &mut syn::File) -> StageResult<()> {
    let new = client
        .items
        .iter_mut()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .filter(|block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")))
        .flat_map(|block| block.items.iter_mut())
        .find_map(|item| match item {
            syn::ImplItem::Fn(function) if function.sig.ident == "new" => Some(function),
            _ => None,
        })
        .ok_or_else(|| {
            Located::whole("progenitor produced no `Client::new` (unexpected version?)")
        })?;
    new.block.stmts.insert(
        0,
        syn::parse_quote!(crate::runtime::install_tls_provider();),
    );
    Ok(())
}

/// typify names a default function after its type and field (`repository_visibility`), so two
/// types whose names meet at a field (GitHub's) define the same function twice; identical twins
/// are kept once.
fn dedupe_default_functions(types: &mut syn::File) {
    for item in &mut types.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "defaults" {
            continue;
        }
        let Some((_, items)) = module.content.as_mut() else {
            continue;
        };
        let mut seen: std::collections::HashSet<(String, String)> = Default::default();
        items.retain(|item| {
            let syn::Item::Fn(function) = item else {
                return true;
            };
            let key = (
                function.sig.ident.to_string(),
                quote!(#function).to_string(),
            );
            seen.insert(key)
        });
    }
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
