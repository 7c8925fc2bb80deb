//! Features: a Cargo feature per tag (per path group for operations without tags), so that a
//! user compiles only the operations of the tags they enable and the types those reach.
//!
//! Each operation is compiled under `#[cfg(any(feature = "<its tags>"…))]`. A type is compiled
//! when some enabled operation reaches it (through its body, success and error types and the
//! types its request builder names, field by field), so a type several tags reach carries every
//! one of them. Types no operation reaches (a webhook's payload, say), and what they contain,
//! come with `all-operations`, which (in `default`) also enables every tag.
//!
//! A set of more than [`SPELLED_OUT`] features is named once, as an internal feature that each
//! of its members enables in the manifest (`_shared-1`, …), and items are gated by that name:
//! a type that hundreds of operations reach (AWS EC2's) would otherwise carry hundreds of
//! `feature = …` lines on its definition and on each of its impls.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use typify::{TypeDetails, TypeEnumVariant, TypeId, TypeSpace};

use super::crate_docs::{features_with_operations, operation_list};
use crate::generate::model::feature_names::ALL_OPERATIONS;
use crate::generate::model::parameter_types::method_builders;
use crate::generate::model::{BodyType, Errors, Model, Operation, StatusType};
use crate::generate::syntax::attributes::item_attrs;

/// `any(feature = "a", …)`, or `feature = "a"`.
fn predicate(features: &BTreeSet<String>) -> TokenStream {
    match features.iter().collect::<Vec<_>>().as_slice() {
        [one] => quote!(feature = #one),
        several => quote!(any(#(feature = #several),*)),
    }
}

/// Sets of at most this many features are spelled out in a `cfg`; larger ones are named once,
/// as a [`SharedFeature`].
pub const SPELLED_OUT: usize = 8;

/// An internal feature standing for a set of features: each of them enables it, and the items
/// that any of them needs are gated by it alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedFeature {
    /// `_shared-<n>`: no tag's feature starts with `_`.
    pub name: String,
    /// The features that enable it.
    pub members: BTreeSet<String>,
}

/// The manifest's lines for the operation features: `all-operations`, then one per tag with
/// the operations it compiles, then the shared features the tags enable.
pub fn manifest_features(model: &Model, shared: &[SharedFeature]) -> String {
    let features = features_with_operations(model);
    let enables = |feature: &str, mut list: Vec<String>| {
        list.extend(
            (shared.iter())
                .filter(|set| set.members.contains(feature))
                .map(|set| format!("\"{}\"", set.name)),
        );
        format!("{feature} = [{}]", list.join(", "))
    };
    let names: Vec<String> = features.keys().map(|name| format!("\"{name}\"")).collect();
    let mut lines = vec![enables(ALL_OPERATIONS, names)];
    for (feature, operations) in &features {
        lines.push(format!(
            "# Operations: {}.",
            operation_list(operations, |name| name.to_string())
        ));
        lines.push(enables(feature, Vec::new()));
    }
    if !shared.is_empty() {
        lines.push(
            "# Internal: each `_shared-…` feature stands for a set of the features above that \
             reach the same types, and is enabled by them; enable those instead."
                .to_string(),
        );
        lines.extend(shared.iter().map(|set| format!("{} = []", set.name)));
    }
    lines.join("\n")
}

/// Which features each operation and each gated type is compiled under.
pub struct Gates {
    /// Operation id → its features.
    operations: HashMap<String, BTreeSet<String>>,
    /// Client method name → its features.
    methods: HashMap<String, BTreeSet<String>>,
    /// Rust type name (in `types`, `errors` or `responses`) → the features of the operations
    /// that reach it. Types reached by none are not here: they are always compiled.
    types: HashMap<String, BTreeSet<String>>,
    /// The sets of more than [`SPELLED_OUT`] features named so far, each with its name, in
    /// the order first used (the items' order, so the same spec numbers them the same).
    shared: RefCell<BTreeMap<BTreeSet<String>, String>>,
}

impl Gates {
    /// Walks the type space from each operation's types.
    /// `client` is progenitor's client code: the types an operation's request builder names
    /// (its parameters' enums, say) are its types too.
    pub fn new(model: &Model, space: &TypeSpace, client: &syn::File) -> Self {
        let graph = TypeGraph::new(space);
        let named = builder_types(client, &graph);
        let mut types: HashMap<String, BTreeSet<String>> = HashMap::new();
        for op in &model.operations {
            let features: BTreeSet<String> = op.features.iter().cloned().collect();
            let mut roots = roots(op);
            roots.extend(named.get(&op.method_name).into_iter().flatten().cloned());
            for name in graph.reachable(roots) {
                types
                    .entry(name)
                    .or_default()
                    .extend(features.iter().cloned());
            }
        }
        // The types no operation reaches (a webhook's payload, say) come with every operation,
        // and so does what they contain.
        let unreached: Vec<String> = graph
            .names()
            .filter(|name| !types.contains_key(*name))
            .cloned()
            .collect();
        for name in graph.reachable(unreached) {
            types
                .entry(name)
                .or_default()
                .insert(ALL_OPERATIONS.to_string());
        }
        let operations = model
            .operations
            .iter()
            .map(|op| (op.id.clone(), op.features.iter().cloned().collect()))
            .collect();
        let methods = model
            .operations
            .iter()
            .map(|op| {
                (
                    op.method_name.clone(),
                    op.features.iter().cloned().collect(),
                )
            })
            .collect();
        Self {
            operations,
            methods,
            types,
            shared: RefCell::default(),
        }
    }

    /// `#[cfg(…)]` for a set of features: spelled out, or its shared feature's name.
    pub fn cfg(&self, features: &BTreeSet<String>) -> TokenStream {
        let predicate = self.predicate(features);
        quote!(#[cfg(#predicate)])
    }

    /// `feature = "a"`, `any(feature = "a", …)`, or `feature = "_shared-<n>"`.
    fn predicate(&self, features: &BTreeSet<String>) -> TokenStream {
        if features.len() <= SPELLED_OUT {
            return predicate(features);
        }
        let mut shared = self.shared.borrow_mut();
        let next = shared.len() + 1;
        let name = shared
            .entry(features.clone())
            .or_insert_with(|| format!("_shared-{next}"));
        quote!(feature = #name)
    }

    /// The shared features named by the `cfg`s made so far, in the order of their numbers.
    pub fn shared_features(&self) -> Vec<SharedFeature> {
        let mut shared: Vec<SharedFeature> = (self.shared.borrow().iter())
            .map(|(members, name)| SharedFeature {
                name: name.clone(),
                members: members.clone(),
            })
            .collect();
        shared.sort_by_key(|set| set.name["_shared-".len()..].parse::<usize>().unwrap_or(0));
        shared
    }

    /// Puts a `cfg` on each item of a module of types or their impls (`types`, `errors`,
    /// `responses`) that names a gated type, and on each `match operation_id` arm.
    pub fn gate_items(&self, items: &mut [syn::Item]) {
        let defaults = self.default_functions(items);
        for item in items.iter_mut() {
            if let syn::Item::Mod(module) = item
                && let Some((_, inner)) = module.content.as_mut()
            {
                if module.ident == "defaults" {
                    self.gate_default_functions(inner, &defaults);
                } else {
                    self.gate_items(inner);
                }
                continue;
            }
            if let syn::Item::Fn(function) = item {
                ArmGates(self).visit_block(&mut function.block);
            }
            if let Some(attribute) = self.item_cfg(item) {
                let attrs = item_attrs(item);
                attrs.insert(0, syn::parse_quote!(#attribute));
            }
        }
    }

    /// typify's `defaults::<fn>` (named in `#[serde(default = "defaults::…")]`) with the
    /// features of the types that use it; `None` when an ungated item uses it.
    fn default_functions(&self, items: &[syn::Item]) -> HashMap<String, Option<BTreeSet<String>>> {
        let mut users: HashMap<String, Option<BTreeSet<String>>> = HashMap::new();
        for item in items {
            let own = match item {
                syn::Item::Struct(s) => &s.ident,
                syn::Item::Enum(e) => &e.ident,
                _ => continue,
            };
            let features = self.types.get(&own.to_string());
            literals(item.to_token_stream(), &mut |text| {
                let Some(path) = text.strip_prefix("\"defaults::") else {
                    return;
                };
                let name: String = path
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                match (
                    users.entry(name).or_insert_with(|| Some(BTreeSet::new())),
                    features,
                ) {
                    (Some(set), Some(features)) => set.extend(features.iter().cloned()),
                    (entry, _) => *entry = None,
                }
            });
        }
        users
    }

    /// The `cfg` of an item: its own name's features if it defines a gated type, else every
    /// gated type it mentions (all of them must exist).
    fn item_cfg(&self, item: &syn::Item) -> Option<TokenStream> {
        let own = match item {
            syn::Item::Struct(s) => Some(&s.ident),
            syn::Item::Enum(e) => Some(&e.ident),
            syn::Item::Type(t) => Some(&t.ident),
            _ => None,
        };
        if let Some(ident) = own {
            return self.types.get(&ident.to_string()).map(|set| self.cfg(set));
        }
        let tokens = match item {
            // An impl is of its type (and trait): what its body says, an enum's variant
            // named like a gated type for one, is no reason to gate it.
            syn::Item::Impl(block) => {
                let trait_path = block.trait_.as_ref().map(|(path, _)| path);
                let self_ty = &block.self_ty;
                quote!(#trait_path #self_ty)
            }
            // A call of the generator's macros (`documented_error!(Name, "op", { NotFound =
            // 404 })`) is of the type it names first: its table's variants, named like gated
            // types for some, are no reason to gate it.
            syn::Item::Macro(call) => (call.mac.tokens.clone().into_iter())
                .take_while(|tree| match tree {
                    proc_macro2::TokenTree::Punct(punct) => punct.as_char() != ',',
                    proc_macro2::TokenTree::Group(group) => {
                        group.delimiter() != proc_macro2::Delimiter::Brace
                    }
                    _ => true,
                })
                .collect(),
            // A function's gated arms are there only with their operations.
            syn::Item::Fn(function) => {
                let mut function = function.clone();
                syn::visit_mut::VisitMut::visit_item_fn_mut(&mut WithoutGatedArms, &mut function);
                function.to_token_stream()
            }
            other => other.to_token_stream(),
        };
        let mut sets: Vec<&BTreeSet<String>> = Vec::new();
        mentioned(tokens, &mut |ident| {
            if let Some(set) = self.types.get(ident)
                && !sets.contains(&set)
            {
                sets.push(set);
            }
        });
        match sets.as_slice() {
            [] => None,
            [one] => Some(self.cfg(one)),
            several => {
                let predicates = several.iter().map(|set| self.predicate(set));
                Some(quote!(#[cfg(all(#(#predicates),*))]))
            }
        }
    }

    /// Gates each function of typify's `defaults` module as the types that use it.
    fn gate_default_functions(
        &self,
        items: &mut [syn::Item],
        users: &HashMap<String, Option<BTreeSet<String>>>,
    ) {
        for item in items {
            if let syn::Item::Fn(function) = item
                && let Some(Some(features)) = users.get(&function.sig.ident.to_string())
            {
                let attribute = self.cfg(features);
                function.attrs.insert(0, syn::parse_quote!(#attribute));
            }
        }
    }

    /// Puts each operation's `cfg` on its `Client` method and on its request builder. The
    /// methods are grouped by their features, each group one `impl` block under one `cfg`, so
    /// that the docs list a tag's methods together.
    pub fn gate_client(&self, client: &mut syn::File) {
        // Each gated method's builder, with the method's features.
        let builders: HashMap<String, BTreeSet<String>> = (method_builders(client).into_iter())
            .filter_map(|(method, builder)| Some((builder, self.methods.get(&method)?.clone())))
            .collect();
        let items = std::mem::take(&mut client.items);
        for item in items {
            let syn::Item::Impl(mut block) = item else {
                client.items.push(item);
                continue;
            };
            if block.trait_.is_some() {
                client.items.push(syn::Item::Impl(block));
                continue;
            }
            let mut groups: Vec<(BTreeSet<String>, Vec<syn::ImplItem>)> = Vec::new();
            let mut ungated = Vec::new();
            for item in std::mem::take(&mut block.items) {
                let features = match &item {
                    syn::ImplItem::Fn(function) => {
                        self.methods.get(&function.sig.ident.to_string())
                    }
                    _ => None,
                };
                let Some(features) = features else {
                    ungated.push(item);
                    continue;
                };
                match groups.iter_mut().find(|(set, _)| set == features) {
                    Some((_, members)) => members.push(item),
                    None => groups.push((features.clone(), vec![item])),
                }
            }
            if !ungated.is_empty() || groups.is_empty() {
                let mut kept = block.clone();
                kept.items = ungated;
                client.items.push(syn::Item::Impl(kept));
            }
            for (features, members) in groups {
                let mut gated = block.clone();
                gated.items = members;
                let attribute = self.cfg(&features);
                gated.attrs.insert(0, syn::parse_quote!(#attribute));
                client.items.push(syn::Item::Impl(gated));
            }
        }
        for item in &mut client.items {
            let syn::Item::Mod(module) = item else {
                continue;
            };
            let Some((_, items)) = module.content.as_mut() else {
                continue;
            };
            for item in items {
                let name = match &*item {
                    syn::Item::Struct(s) => s.ident.to_string(),
                    syn::Item::Impl(block) => match &*block.self_ty {
                        syn::Type::Path(path) => path
                            .path
                            .segments
                            .last()
                            .map(|s| s.ident.to_string())
                            .unwrap_or_default(),
                        _ => continue,
                    },
                    _ => continue,
                };
                if let Some(features) = builders.get(&name) {
                    let attribute = self.cfg(features);
                    item_attrs(item).insert(0, syn::parse_quote!(#attribute));
                }
            }
        }
    }
}

/// For each `Client` method, the named types its request builder mentions.
fn builder_types(client: &syn::File, graph: &TypeGraph) -> HashMap<String, Vec<String>> {
    // Builder → method.
    let builders: HashMap<String, String> = (method_builders(client).into_iter())
        .map(|(method, builder)| (builder, method))
        .collect();
    let mut named: HashMap<String, Vec<String>> = HashMap::new();
    let modules = client.items.iter().filter_map(|item| match item {
        syn::Item::Mod(module) => module.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    for item in modules.flatten() {
        let (name, tokens) = match item {
            syn::Item::Struct(s) => (s.ident.to_string(), s.to_token_stream()),
            syn::Item::Impl(block) => match &*block.self_ty {
                syn::Type::Path(path) => (
                    path.path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default(),
                    block.to_token_stream(),
                ),
                _ => continue,
            },
            _ => continue,
        };
        let Some(method) = builders.get(&name) else {
            continue;
        };
        let types = named.entry(method.clone()).or_default();
        mentioned(tokens, &mut |ident| {
            if graph.edges.contains_key(ident) {
                types.push(ident.to_string());
            }
        });
    }
    named
}

/// The types an operation names: its body, its success and error types.
fn roots(op: &Operation) -> Vec<String> {
    let mut roots = Vec::new();
    if let Some(name) = op.body.as_ref().and_then(|body| body.type_name()) {
        roots.push(name.to_string());
    }
    match &op.success_type {
        Some(BodyType::Named(name)) => roots.push(name.clone()),
        Some(BodyType::ByStatus {
            enum_name,
            statuses,
        }) => {
            roots.push(enum_name.clone());
            for (_, status) in statuses {
                if let StatusType::Json(name) = status {
                    roots.push(name.clone());
                }
            }
        }
        None => {}
    }
    match &op.errors {
        Errors::None => {}
        Errors::Tagged { type_name, .. } => roots.push(type_name.clone()),
        Errors::ByStatus {
            enum_name,
            statuses,
        } => {
            roots.push(enum_name.clone());
            roots.extend(statuses.iter().filter_map(|(_, ty)| ty.clone()));
        }
    }
    roots
}

/// The named types of the type space (structs, enums, newtypes) and the named types each
/// contains, through `Option`, `Vec`, maps, boxes and tuples.
struct TypeGraph {
    edges: HashMap<String, Vec<String>>,
}

impl TypeGraph {
    fn new(space: &TypeSpace) -> Self {
        let mut edges = HashMap::new();
        for ty in space.iter_types() {
            if !matches!(
                ty.details(),
                TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_)
            ) {
                continue;
            }
            let mut children = Vec::new();
            for id in child_ids(ty.details()) {
                named_types(space, &id, &mut children, 0);
            }
            edges.insert(ty.name(), children);
        }
        Self { edges }
    }

    fn names(&self) -> impl Iterator<Item = &String> {
        self.edges.keys()
    }

    /// `roots` and every named type they contain.
    fn reachable(&self, roots: Vec<String>) -> HashSet<String> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(children) = self.edges.get(&name) {
                stack.extend(children.iter().filter(|c| !seen.contains(*c)).cloned());
            }
        }
        seen
    }
}

/// The type ids a type's details refer to directly.
fn child_ids(details: TypeDetails<'_>) -> Vec<TypeId> {
    match details {
        TypeDetails::Struct(s) => s.properties().map(|(_, id)| id).collect(),
        TypeDetails::Enum(e) => e
            .variants()
            .flat_map(|(_, variant)| match variant {
                TypeEnumVariant::Simple => Vec::new(),
                TypeEnumVariant::Tuple(ids) => ids,
                TypeEnumVariant::Struct(properties) => {
                    properties.into_iter().map(|(_, id)| id).collect()
                }
            })
            .collect(),
        TypeDetails::Newtype(n) => vec![n.inner()],
        TypeDetails::Option(id)
        | TypeDetails::Vec(id)
        | TypeDetails::Set(id)
        | TypeDetails::Box(id)
        | TypeDetails::Array(id, _) => vec![id],
        TypeDetails::Map(key, value) => vec![key, value],
        TypeDetails::Tuple(ids) => ids.collect(),
        TypeDetails::Builtin(_) | TypeDetails::Unit | TypeDetails::String => Vec::new(),
    }
}

/// The named types `id` is or wraps (bounded: wrappers nest only as deep as the schema).
fn named_types(space: &TypeSpace, id: &TypeId, out: &mut Vec<String>, depth: usize) {
    let Ok(ty) = space.get_type(id) else {
        return;
    };
    match ty.details() {
        TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_) => {
            out.push(ty.name())
        }
        details if depth < 64 => {
            for child in child_ids(details) {
                named_types(space, &child, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Calls `found` with the text of every literal in `tokens` (strings with their quotes).
fn literals(tokens: TokenStream, found: &mut impl FnMut(&str)) {
    for tree in tokens {
        match tree {
            TokenTree::Literal(literal) => found(&literal.to_string()),
            TokenTree::Group(group) => literals(group.stream(), found),
            _ => {}
        }
    }
}

/// Calls `found` with every identifier in `tokens`.
fn mentioned(tokens: TokenStream, found: &mut impl FnMut(&str)) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => found(&ident.to_string()),
            TokenTree::Group(group) => mentioned(group.stream(), found),
            _ => {}
        }
    }
}

/// Leaves out the match arms that carry a `cfg`.
struct WithoutGatedArms;

impl syn::visit_mut::VisitMut for WithoutGatedArms {
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        expr.arms
            .retain(|arm| !arm.attrs.iter().any(|a| a.path().is_ident("cfg")));
        syn::visit_mut::visit_expr_match_mut(self, expr);
    }
}

/// Puts an operation's `cfg` on each `"<operation id>" => …` arm of a `match operation_id`.
struct ArmGates<'a>(&'a Gates);

impl ArmGates<'_> {
    fn visit_block(&mut self, block: &mut syn::Block) {
        use syn::visit_mut::VisitMut;
        self.visit_block_mut(block);
    }
}

impl syn::visit_mut::VisitMut for ArmGates<'_> {
    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        if let syn::Pat::Lit(literal) = &arm.pat
            && let syn::Lit::Str(text) = &literal.lit
            && let Some(features) = self.0.operations.get(&text.value())
        {
            let attribute = self.0.cfg(features);
            arm.attrs.insert(0, syn::parse_quote!(#attribute));
        }
        syn::visit_mut::visit_arm_mut(self, arm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_set_of_features_is_named_once_and_enabled_by_its_members() {
        let many: BTreeSet<String> = (1..=SPELLED_OUT + 1).map(|n| format!("tag-{n}")).collect();
        let few: BTreeSet<String> = ["tag-1".to_string()].into();
        let gates = Gates {
            operations: HashMap::new(),
            methods: HashMap::new(),
            types: HashMap::from([
                ("Common".to_string(), many.clone()),
                ("Own".to_string(), few.clone()),
            ]),
            shared: RefCell::default(),
        };
        let mut file: syn::File = syn::parse_quote! {
            pub struct Common {}
            impl Clone for Common { fn clone(&self) -> Self { Common {} } }
            pub struct Own { pub common: Common }
            impl From<Own> for Common { fn from(own: Own) -> Self { own.common } }
        };
        gates.gate_items(&mut file.items);
        let expected: syn::File = syn::parse_quote! {
            #[cfg(feature = "_shared-1")]
            pub struct Common {}
            #[cfg(feature = "_shared-1")]
            impl Clone for Common { fn clone(&self) -> Self { Common {} } }
            #[cfg(feature = "tag-1")]
            pub struct Own { pub common: Common }
            #[cfg(all(feature = "tag-1", feature = "_shared-1"))]
            impl From<Own> for Common { fn from(own: Own) -> Self { own.common } }
        };
        assert_eq!(
            prettyplease::unparse(&file),
            prettyplease::unparse(&expected)
        );
        assert_eq!(
            gates.shared_features(),
            vec![SharedFeature {
                name: "_shared-1".to_string(),
                members: many,
            }]
        );
    }

    #[test]
    fn items_are_gated_by_the_types_they_define_implement_for_name_first_or_default() {
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        let gates = Gates {
            operations: HashMap::from([("get_pet".to_string(), set(&["pets"]))]),
            methods: HashMap::new(),
            types: HashMap::from([
                ("Pet".to_string(), set(&["pets"])),
                ("Address".to_string(), set(&["pets", "stores"])),
            ]),
            shared: RefCell::default(),
        };
        let mut file: syn::File = syn::parse_quote! {
            pub struct Pet { #[serde(default = "defaults::pet_home")] pub home: Address }
            pub mod defaults {
                pub(super) fn pet_home() -> super::Address { super::Address {} }
                pub(super) fn unused() -> bool { true }
            }
            pub struct Address {}
            pub enum Kind { Pet, Store }
            impl std::fmt::Display for Kind {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { Self::Pet => f.write_str("pet"), Self::Store => f.write_str("store") }
                }
            }
            impl From<Pet> for Address { fn from(pet: Pet) -> Self { pet.home } }
            documented_error!(Pet, "get_pet", { Address = 404 });
            fn retryable(operation_id: &str) -> bool {
                match operation_id {
                    "get_pet" => serde_json::from_str::<Pet>("{}").is_ok(),
                    _ => false,
                }
            }
        };
        gates.gate_items(&mut file.items);
        let expected: syn::File = syn::parse_quote! {
            #[cfg(feature = "pets")]
            pub struct Pet { #[serde(default = "defaults::pet_home")] pub home: Address }
            pub mod defaults {
                #[cfg(feature = "pets")]
                pub(super) fn pet_home() -> super::Address { super::Address {} }
                pub(super) fn unused() -> bool { true }
            }
            #[cfg(any(feature = "pets", feature = "stores"))]
            pub struct Address {}
            pub enum Kind { Pet, Store }
            impl std::fmt::Display for Kind {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { Self::Pet => f.write_str("pet"), Self::Store => f.write_str("store") }
                }
            }
            #[cfg(all(feature = "pets", any(feature = "pets", feature = "stores")))]
            impl From<Pet> for Address { fn from(pet: Pet) -> Self { pet.home } }
            #[cfg(feature = "pets")]
            documented_error!(Pet, "get_pet", { Address = 404 });
            fn retryable(operation_id: &str) -> bool {
                match operation_id {
                    #[cfg(feature = "pets")]
                    "get_pet" => serde_json::from_str::<Pet>("{}").is_ok(),
                    _ => false,
                }
            }
        };
        assert_eq!(
            prettyplease::unparse(&file),
            prettyplease::unparse(&expected)
        );
    }

    #[test]
    fn client_methods_are_grouped_by_their_features_and_builders_gated() {
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        let gates = Gates {
            operations: HashMap::new(),
            methods: HashMap::from([
                ("get_pet".to_string(), set(&["pets"])),
                ("get_store".to_string(), set(&["stores"])),
                ("list_pets".to_string(), set(&["pets"])),
            ]),
            types: HashMap::new(),
            shared: RefCell::default(),
        };
        let mut client: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new() -> Self { Client }
                pub fn get_pet(&self) -> builder::GetPet<'_> { builder::GetPet::new(self) }
                pub fn get_store(&self) -> builder::GetStore<'_> { builder::GetStore::new(self) }
                pub fn list_pets(&self) -> builder::ListPets<'_> { builder::ListPets::new(self) }
            }
            impl ClientInfo for Client {
                fn get_pet(&self) {}
            }
            pub mod builder {
                pub struct GetPet {}
                impl GetPet { pub fn send(self) {} }
                pub struct Other {}
            }
        };
        gates.gate_client(&mut client);
        let expected: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new() -> Self { Client }
            }
            #[cfg(feature = "pets")]
            impl Client {
                pub fn get_pet(&self) -> builder::GetPet<'_> { builder::GetPet::new(self) }
                pub fn list_pets(&self) -> builder::ListPets<'_> { builder::ListPets::new(self) }
            }
            #[cfg(feature = "stores")]
            impl Client {
                pub fn get_store(&self) -> builder::GetStore<'_> { builder::GetStore::new(self) }
            }
            impl ClientInfo for Client {
                fn get_pet(&self) {}
            }
            pub mod builder {
                #[cfg(feature = "pets")]
                pub struct GetPet {}
                #[cfg(feature = "pets")]
                impl GetPet { pub fn send(self) {} }
                pub struct Other {}
            }
        };
        assert_eq!(
            prettyplease::unparse(&client),
            prettyplease::unparse(&expected)
        );
    }
}
