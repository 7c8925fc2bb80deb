//! Field names as Rust names: typify spells each property in snake case, so two properties of
//! one object can become one field (`_type` and `type` both `type_`, `@id` and `id` both `id`,
//! `createdAt` and `created_at`), and the struct does not compile. typify has no per-field
//! rename, so the generated types are mended here: the property whose wire name is the field's
//! own keeps it, each other one gets a name of its own (`underscore_type`, `at_id`,
//! `created_at_2`), keeps its wire name in `#[serde(rename)]`, and says so in its doc.
//!
//! typify writes a struct's fields in the same order wherever it lists them (the struct, its
//! `Default`, and, when builders are on, the builder struct, its setters and conversions), so
//! the n-th field of a doubled name is renamed at its n-th appearance in each of those.

use std::collections::{HashMap, HashSet};

use quote::format_ident;
use syn::visit_mut::{self, VisitMut};

use crate::generate::syntax::naming::snake_name;

/// Gives every field of every struct in `types` a name no other field of it has.
pub fn unique_field_names(types: &mut syn::File) {
    let mut renames: HashMap<String, Vec<FieldRename>> = HashMap::new();
    for item in &mut types.items {
        if let syn::Item::Struct(item) = item
            && let Some(found) = rename_doubled_fields(item)
        {
            renames.insert(item.ident.to_string(), found);
        }
    }
    if renames.is_empty() {
        return;
    }
    for item in &mut types.items {
        match item {
            syn::Item::Impl(block) => rename_in_impl(block, &renames),
            syn::Item::Mod(module) if module.ident == "builder" => {
                for item in module
                    .content
                    .iter_mut()
                    .flat_map(|(_, items)| items.iter_mut())
                {
                    match item {
                        syn::Item::Struct(item) => {
                            if let Some(fields) = renames.get(&item.ident.to_string()) {
                                rename_fields(item, fields);
                            }
                        }
                        syn::Item::Impl(block) => rename_in_impl(block, &renames),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The `occurrence`-th field called `old` (counting from 0) is called `new`.
#[derive(Clone, Debug)]
struct FieldRename {
    old: String,
    occurrence: usize,
    new: syn::Ident,
}

impl FieldRename {
    fn find<'a>(renames: &'a [FieldRename], old: &str, occurrence: usize) -> Option<&'a Self> {
        renames
            .iter()
            .find(|rename| rename.old == old && rename.occurrence == occurrence)
    }
}

/// Renames the doubled fields of `item` (a struct typify wrote), returning what it renamed.
fn rename_doubled_fields(item: &mut syn::ItemStruct) -> Option<Vec<FieldRename>> {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return None;
    };
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, field) in fields.named.iter().enumerate() {
        if let Some(ident) = &field.ident {
            by_name.entry(ident.to_string()).or_default().push(index);
        }
    }
    let mut taken: HashSet<String> = by_name.keys().cloned().collect();
    let mut doubled: Vec<(String, Vec<usize>)> = by_name
        .into_iter()
        .filter(|(_, indexes)| indexes.len() > 1)
        .collect();
    if doubled.is_empty() {
        return None;
    }
    doubled.sort();
    let mut renames = Vec::new();
    for (old, indexes) in doubled {
        let wire: Vec<String> = indexes
            .iter()
            .map(|&index| wire_name(&fields.named[index]))
            .collect();
        // The property whose wire name is the field's own name keeps it; else the first.
        let keeper = wire
            .iter()
            .position(|wire| *wire == old || format!("{wire}_") == old)
            .unwrap_or(0);
        for (occurrence, (&index, wire)) in indexes.iter().zip(&wire).enumerate() {
            if occurrence == keeper {
                continue;
            }
            let new = fresh_name(wire, &mut taken);
            let field = &mut fields.named[index];
            if serde_rename(field).is_none() {
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(rename = #wire)]));
            }
            let note = format!(
                "(`{wire}` on the wire: another property of this object is also `{old}` in Rust.)"
            );
            if field.attrs.iter().any(|attr| attr.path().is_ident("doc")) {
                field.attrs.push(syn::parse_quote!(#[doc = ""]));
            }
            field.attrs.push(syn::parse_quote!(#[doc = #note]));
            let new = format_ident!("{new}");
            field.ident = Some(new.clone());
            renames.push(FieldRename {
                old: old.clone(),
                occurrence,
                new,
            });
        }
    }
    Some(renames)
}

/// The property's name in JSON: its `#[serde(rename = "…")]`, else the field's name.
fn wire_name(field: &syn::Field) -> String {
    serde_rename(field).unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|ident| ident.to_string())
            .unwrap_or_default()
    })
}

/// The field's `#[serde(rename = "…")]`, if it has one.
fn serde_rename(field: &syn::Field) -> Option<String> {
    let mut rename = None;
    for attr in field
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// A field name for the wire name `wire` that no field of the struct has: leading symbols
/// spelled out (`_type` → `underscore_type`, `@id` → `at_id`), then a number if still taken.
fn fresh_name(wire: &str, taken: &mut HashSet<String>) -> String {
    let symbols = wire
        .chars()
        .take_while(|c| !c.is_alphanumeric())
        .filter_map(|c| match c {
            '_' => Some("underscore"),
            '@' => Some("at"),
            '$' => Some("dollar"),
            '#' => Some("hash"),
            '+' => Some("plus"),
            '-' => Some("minus"),
            '.' => Some("dot"),
            '~' => Some("tilde"),
            '!' => Some("not"),
            _ => None,
        })
        .collect::<Vec<_>>();
    let rest = wire.trim_start_matches(|c: char| !c.is_alphanumeric());
    let wanted = if symbols.is_empty() {
        snake_name(rest)
    } else {
        snake_name(&format!("{} {rest}", symbols.join(" ")))
    };
    let mut name = wanted.clone();
    let mut number = 2;
    while taken.contains(&name) {
        name = format!("{}_{number}", wanted.trim_end_matches('_'));
        number += 1;
    }
    taken.insert(name.clone());
    name
}

/// Renames the fields of a builder struct as in the struct it builds.
fn rename_fields(item: &mut syn::ItemStruct, renames: &[FieldRename]) {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return;
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for field in fields.named.iter_mut() {
        let Some(ident) = &field.ident else { continue };
        let name = ident.to_string();
        let occurrence = next_occurrence(&mut seen, &name);
        if let Some(rename) = FieldRename::find(renames, &name, occurrence) {
            field.ident = Some(rename.new.clone());
        }
    }
}

fn next_occurrence(seen: &mut HashMap<String, usize>, name: &str) -> usize {
    let count = seen.entry(name.to_string()).or_default();
    *count += 1;
    *count - 1
}

/// Inside an `impl` for a renamed struct (or its builder): struct expressions, setters and
/// field accesses follow the renames.
fn rename_in_impl(block: &mut syn::ItemImpl, renames: &HashMap<String, Vec<FieldRename>>) {
    let syn::Type::Path(self_type) = &*block.self_ty else {
        return;
    };
    let Some(fields) = self_type
        .path
        .segments
        .last()
        .and_then(|segment| renames.get(&segment.ident.to_string()))
    else {
        return;
    };
    let mut setters: HashMap<String, usize> = HashMap::new();
    for item in &mut block.items {
        if let syn::ImplItem::Fn(function) = item {
            let name = function.sig.ident.to_string();
            // A builder setter `fn old(mut self, value)` sets the field of its name.
            if block.trait_.is_none() && fields.iter().any(|rename| rename.old == name) {
                let occurrence = next_occurrence(&mut setters, &name);
                if let Some(rename) = FieldRename::find(fields, &name, occurrence) {
                    function.sig.ident = rename.new.clone();
                    RenameAccesses {
                        old: &rename.old,
                        new: &rename.new,
                    }
                    .visit_block_mut(&mut function.block);
                }
                continue;
            }
            StructExpressions { renames: fields }.visit_block_mut(&mut function.block);
        }
    }
}

/// `Self { old: value.old, old: value.old }` → `Self { old: value.old, new: value.new }`.
struct StructExpressions<'a> {
    renames: &'a [FieldRename],
}

impl VisitMut for StructExpressions<'_> {
    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for field in node.fields.iter_mut() {
            let syn::Member::Named(ident) = &field.member else {
                continue;
            };
            let name = ident.to_string();
            let occurrence = next_occurrence(&mut seen, &name);
            if let Some(rename) = FieldRename::find(self.renames, &name, occurrence) {
                field.member = syn::Member::Named(rename.new.clone());
                field.colon_token.get_or_insert_with(Default::default);
                RenameAccesses {
                    old: &rename.old,
                    new: &rename.new,
                }
                .visit_expr_mut(&mut field.expr);
            }
        }
        visit_mut::visit_expr_struct_mut(self, node);
    }
}

/// `x.old` → `x.new`.
struct RenameAccesses<'a> {
    old: &'a str,
    new: &'a syn::Ident,
}

impl VisitMut for RenameAccesses<'_> {
    fn visit_expr_field_mut(&mut self, node: &mut syn::ExprField) {
        if matches!(&node.member, syn::Member::Named(ident) if ident == self.old) {
            node.member = syn::Member::Named(self.new.clone());
        }
        visit_mut::visit_expr_field_mut(self, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn normalised(file: &syn::File) -> String {
        prettyplease::unparse(file)
    }

    #[test]
    fn doubled_fields_get_names_of_their_own_everywhere_typify_lists_them() {
        let mut types: syn::File = syn::parse_quote! {
            pub struct Method {
                #[serde(rename = "_type")]
                pub type_: Kind,
                #[serde(rename = "type")]
                pub type_: ::serde_json::Value,
                #[serde(rename = "@id")]
                pub id: String,
                pub id: Uuid,
            }
            impl Default for Method {
                fn default() -> Self {
                    Self { type_: a(), type_: b(), id: c(), id: d() }
                }
            }
            pub mod builder {
                pub struct Method {
                    type_: Result<super::Kind, String>,
                    type_: Result<::serde_json::Value, String>,
                    id: Result<String, String>,
                    id: Result<super::Uuid, String>,
                }
                impl Method {
                    pub fn type_<T>(mut self, value: T) -> Self { self.type_ = value.try_into(); self }
                    pub fn type_<T>(mut self, value: T) -> Self { self.type_ = value.try_into(); self }
                    pub fn id<T>(mut self, value: T) -> Self { self.id = value.try_into(); self }
                    pub fn id<T>(mut self, value: T) -> Self { self.id = value.try_into(); self }
                }
                impl ::std::convert::TryFrom<Method> for super::Method {
                    fn try_from(value: Method) -> Result<Self, E> {
                        Ok(Self { type_: value.type_?, type_: value.type_?, id: value.id?, id: value.id? })
                    }
                }
                impl ::std::convert::From<super::Method> for Method {
                    fn from(value: super::Method) -> Self {
                        Self { type_: Ok(value.type_), type_: Ok(value.type_), id: Ok(value.id), id: Ok(value.id) }
                    }
                }
            }
        };
        unique_field_names(&mut types);
        let expected: syn::File = syn::parse_quote! {
            pub struct Method {
                #[serde(rename = "_type")]
                #[doc = "(`_type` on the wire: another property of this object is also `type_` in Rust.)"]
                pub underscore_type: Kind,
                #[serde(rename = "type")]
                pub type_: ::serde_json::Value,
                #[serde(rename = "@id")]
                #[doc = "(`@id` on the wire: another property of this object is also `id` in Rust.)"]
                pub at_id: String,
                pub id: Uuid,
            }
            impl Default for Method {
                fn default() -> Self {
                    Self { underscore_type: a(), type_: b(), at_id: c(), id: d() }
                }
            }
            pub mod builder {
                pub struct Method {
                    underscore_type: Result<super::Kind, String>,
                    type_: Result<::serde_json::Value, String>,
                    at_id: Result<String, String>,
                    id: Result<super::Uuid, String>,
                }
                impl Method {
                    pub fn underscore_type<T>(mut self, value: T) -> Self { self.underscore_type = value.try_into(); self }
                    pub fn type_<T>(mut self, value: T) -> Self { self.type_ = value.try_into(); self }
                    pub fn at_id<T>(mut self, value: T) -> Self { self.at_id = value.try_into(); self }
                    pub fn id<T>(mut self, value: T) -> Self { self.id = value.try_into(); self }
                }
                impl ::std::convert::TryFrom<Method> for super::Method {
                    fn try_from(value: Method) -> Result<Self, E> {
                        Ok(Self { underscore_type: value.underscore_type?, type_: value.type_?, at_id: value.at_id?, id: value.id? })
                    }
                }
                impl ::std::convert::From<super::Method> for Method {
                    fn from(value: super::Method) -> Self {
                        Self { underscore_type: Ok(value.underscore_type), type_: Ok(value.type_), at_id: Ok(value.at_id), id: Ok(value.id) }
                    }
                }
            }
        };
        assert_eq!(normalised(&types), normalised(&expected));
    }

    #[test]
    fn a_spelling_that_differs_only_in_case_gets_a_number() {
        let mut item: syn::ItemStruct = syn::parse_quote! {
            pub struct Event {
                #[serde(rename = "createdAt")]
                pub created_at: String,
                pub created_at: String,
            }
        };
        rename_doubled_fields(&mut item);
        let names: Vec<String> = item
            .fields
            .iter()
            .map(|field| field.ident.to_token_stream().to_string())
            .collect();
        assert_eq!(names, ["created_at_2", "created_at"]);
        assert!(
            item.to_token_stream()
                .to_string()
                .contains("rename = \"createdAt\"")
        );
    }
}
