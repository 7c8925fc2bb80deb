//! Runs of gated items: items side by side under the same `cfg` (a tag's types, its errors,
//! its request builders) are written as one call of `gated!` (`templates/gated.rs`), which
//! takes items and gives them back, under that `cfg`: `#[cfg(…)] gated! { item… }`. The
//! `cfg` is written once per run instead of once per item; where it is off, the call and all
//! its items are left out before the macro expands.
//!
//! prettyplease prints a macro's body as a flat token stream, so each run is printed on its
//! own, as the items of a file, and indented into the call that takes its place. A run is
//! printed as top-level items are, so its lines are as wide as theirs plus the call's indent.

use proc_macro2::Span;

use crate::generate::syntax::attributes::item_attrs;

/// The fewest items a run must have to be grouped: a `gated!` call costs two lines and its
/// `cfg` one, so fewer items under a one-line `cfg` would not be shorter.
const MIN_RUN: usize = 4;

/// The macro a run's place is held by while the file is printed: a name no generated item
/// uses, called with the run's index.
const PLACEHOLDER: &str = "__gated_run__";

/// The opening line of the macro call a run is written as.
const CALL: &str = "gated! {";

/// Formats `file` with prettyplease, each run of at least [`MIN_RUN`] items under the same
/// `cfg` (at any module depth, and in a trait) written as one `gated!` call.
pub fn unparse(mut file: syn::File) -> String {
    let mut runs = Vec::new();
    take_item_runs(&mut file.items, &mut runs);
    let printed = prettyplease::unparse(&file);
    drop(file);
    if runs.is_empty() {
        return printed;
    }
    let mut runs: Vec<Option<Run>> = runs.into_iter().map(Some).collect();
    let mut out = String::with_capacity(printed.len() * 11 / 10);
    for line in printed.split_inclusive('\n') {
        let indent = &line[..line.len() - line.trim_start().len()];
        let run = (line.trim().strip_prefix(PLACEHOLDER))
            .and_then(|rest| {
                rest.strip_prefix("!(")?
                    .strip_suffix(");")?
                    .parse::<usize>()
                    .ok()
            })
            .and_then(|index| runs.get_mut(index)?.take());
        let Some(run) = run else {
            out.push_str(line);
            continue;
        };
        out.push_str(&format!("{indent}{CALL}\n"));
        out.push_str(&run.printed(indent));
        out.push_str(&format!("{indent}}}\n"));
    }
    out
}

/// Whether `text` (a formatted file) calls `gated!`, so that the crate must define it.
pub fn calls_gated(text: &str) -> bool {
    text.lines().any(|line| line.trim_start() == CALL)
}

/// A run of items taken out of a file or out of a trait, without their `cfg`.
enum Run {
    Items(Vec<syn::Item>),
    TraitItems(Vec<syn::TraitItem>),
}

impl Run {
    /// The run's lines, one indent deeper than `indent`, where its call is.
    fn printed(self, indent: &str) -> String {
        match self {
            Run::Items(items) => {
                let mut file: syn::File = syn::parse_quote!();
                file.items = items;
                indented(&prettyplease::unparse(&file), &format!("{indent}    "))
            }
            // prettyplease prints trait items inside a trait: one indent deep already.
            Run::TraitItems(items) => {
                let name = syn::Ident::new(PLACEHOLDER, Span::call_site());
                let file: syn::File = syn::parse_quote!(trait #name { #(#items)* });
                let printed = prettyplease::unparse(&file);
                let lines: Vec<&str> = printed.split_inclusive('\n').collect();
                let body = (lines.get(1..lines.len().saturating_sub(1)))
                    .unwrap_or_default()
                    .concat();
                indented(&body, indent)
            }
        }
    }
}

/// What the grouping needs of an item or a trait item.
trait Gated: Sized {
    /// Its attributes, when it can have them.
    fn attributes(&mut self) -> Option<&mut Vec<syn::Attribute>>;
    /// `#[cfg(…)] __gated_run__!(index);` in its kind.
    fn placeholder(cfg: syn::Attribute, index: usize) -> Self;
    /// Its run, for printing.
    fn run(items: Vec<Self>) -> Run;
}

impl Gated for syn::Item {
    fn attributes(&mut self) -> Option<&mut Vec<syn::Attribute>> {
        match self {
            syn::Item::Verbatim(_) => None,
            item => Some(item_attrs(item)),
        }
    }
    fn placeholder(cfg: syn::Attribute, index: usize) -> Self {
        let (name, index) = placeholder_parts(index);
        syn::parse_quote!(#cfg #name!(#index);)
    }
    fn run(items: Vec<Self>) -> Run {
        Run::Items(items)
    }
}

impl Gated for syn::TraitItem {
    fn attributes(&mut self) -> Option<&mut Vec<syn::Attribute>> {
        match self {
            syn::TraitItem::Const(item) => Some(&mut item.attrs),
            syn::TraitItem::Fn(item) => Some(&mut item.attrs),
            syn::TraitItem::Type(item) => Some(&mut item.attrs),
            syn::TraitItem::Macro(item) => Some(&mut item.attrs),
            _ => None,
        }
    }
    fn placeholder(cfg: syn::Attribute, index: usize) -> Self {
        let (name, index) = placeholder_parts(index);
        syn::parse_quote!(#cfg #name!(#index);)
    }
    fn run(items: Vec<Self>) -> Run {
        Run::TraitItems(items)
    }
}

/// The placeholder macro's name and its argument.
fn placeholder_parts(index: usize) -> (syn::Ident, proc_macro2::Literal) {
    (
        syn::Ident::new(PLACEHOLDER, Span::call_site()),
        proc_macro2::Literal::usize_unsuffixed(index),
    )
}

/// Takes the runs out of `items`, out of the modules among them and out of their traits.
fn take_item_runs(items: &mut Vec<syn::Item>, runs: &mut Vec<Run>) {
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = module.content.as_mut() {
                    take_item_runs(inner, runs);
                }
            }
            syn::Item::Trait(definition) => take_runs(&mut definition.items, runs),
            _ => {}
        }
    }
    take_runs(items, runs);
}

/// Moves each run in `items` to `runs`, without the items' `cfg`, which goes on the
/// placeholder call left in the run's place.
fn take_runs<T: Gated>(items: &mut Vec<T>, runs: &mut Vec<Run>) {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    // The run being collected and its `cfg`.
    let mut run: Vec<T> = Vec::new();
    let mut run_cfg: Option<String> = None;
    let mut flush = |run: &mut Vec<T>, out: &mut Vec<T>| {
        if run.len() < MIN_RUN {
            out.append(run);
            return;
        }
        // Every item of the run has the same `cfg` first.
        let Some(cfg) = (run.first_mut()).and_then(|item| item.attributes()?.first().cloned())
        else {
            out.append(run);
            return;
        };
        for item in run.iter_mut() {
            if let Some(attributes) = item.attributes() {
                attributes.remove(0);
            }
        }
        out.push(T::placeholder(cfg, runs.len()));
        runs.push(T::run(std::mem::take(run)));
    };
    for mut item in std::mem::take(items) {
        let cfg = leading_cfg(&mut item);
        if cfg.is_none() || cfg != run_cfg {
            flush(&mut run, &mut out);
            run_cfg = cfg.clone();
        }
        match cfg {
            Some(_) => run.push(item),
            None => out.push(item),
        }
    }
    flush(&mut run, &mut out);
    *items = out;
}

/// The item's first attribute as tokens when it is a `cfg` (the gates put it first).
fn leading_cfg(item: &mut impl Gated) -> Option<String> {
    let attribute = item.attributes()?.first()?;
    attribute
        .path()
        .is_ident("cfg")
        .then(|| quote::ToTokens::to_token_stream(attribute).to_string())
}

/// `text` (prettyplease's) with `indent` before each line but the empty ones and those that
/// continue a block comment (a doc comment of several lines), whose text the indent would
/// change.
fn indented(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.lines().count() * indent.len());
    // How deep in block comments the line starts.
    let mut depth = 0usize;
    for line in text.split_inclusive('\n') {
        if depth == 0 && line.trim() != "" {
            out.push_str(indent);
        }
        out.push_str(line);
        if depth > 0 || line.trim_start().starts_with("/*") {
            depth = comment_depth_after(line, depth);
        }
    }
    out
}

/// The block-comment depth at the end of `line`, starting at `depth`: prettyplease writes a
/// comment's `/*` first on its line, and its text's own `/*` and `*/` balanced.
fn comment_depth_after(line: &str, mut depth: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') if depth > 0 => {
                depth -= 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_names_its_cfg_once_and_short_runs_keep_theirs() {
        let file: syn::File = syn::parse_quote! {
            #[cfg(feature = "a")]
            pub struct A1;
            #[cfg(feature = "a")]
            #[doc = "Second.\n\n  Indented /* nested */ text."]
            pub struct A2;
            #[cfg(feature = "a")]
            impl A2 {}
            #[cfg(feature = "a")]
            string_enum!(A3 { X => "x" });
            #[cfg(feature = "b")]
            pub struct B1;
            pub struct Always;
            pub trait Api {
                fn always(&self);
                #[cfg(feature = "d")]
                /// One.
                fn d1(&self) -> impl Reply<u8, E>;
                #[cfg(feature = "d")]
                #[doc = "Two.\n\n  Indented."]
                fn d2(&self);
                #[cfg(feature = "d")]
                fn d3(&self);
                #[cfg(feature = "d")]
                fn d4(&self);
            }
            pub mod nested {
                #[cfg(feature = "c")]
                pub struct C1;
                #[cfg(feature = "c")]
                pub struct C2;
                #[cfg(feature = "c")]
                pub struct C3;
                #[cfg(feature = "c")]
                pub struct C4;
            }
        };
        let printed = unparse(file);
        assert_eq!(
            printed,
            "\
#[cfg(feature = \"a\")]
gated! {
    pub struct A1;
    /**Second.

  Indented /* nested */ text.*/
    pub struct A2;
    impl A2 {}
    string_enum!(A3 { X => \"x\" });
}
#[cfg(feature = \"b\")]
pub struct B1;
pub struct Always;
pub trait Api {
    fn always(&self);
    #[cfg(feature = \"d\")]
    gated! {
        /// One.
        fn d1(&self) -> impl Reply<u8, E>;
        /**Two.

  Indented.*/
        fn d2(&self);
        fn d3(&self);
        fn d4(&self);
    }
}
pub mod nested {
    #[cfg(feature = \"c\")]
    gated! {
        pub struct C1;
        pub struct C2;
        pub struct C3;
        pub struct C4;
    }
}
"
        );
        assert!(calls_gated(&printed));
    }

    #[test]
    fn without_runs_the_file_is_prettypleases() {
        let file: syn::File = syn::parse_quote! {
            #[cfg(feature = "a")]
            pub struct A1;
            #[cfg(feature = "b")]
            pub struct B1;
            pub struct Always;
        };
        let expected = prettyplease::unparse(&file);
        let printed = unparse(file);
        assert_eq!(printed, expected);
        assert!(!calls_gated(&printed));
    }
}
