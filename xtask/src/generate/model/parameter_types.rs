//! The server reads a parameter as the client types it, where that type parses from a
//! request's text: the client's builder types a query, header or cookie parameter with an
//! enum of strings as that enum (`types::Sort`) and a `date-time` as a `chrono` date-time, and
//! the server stub, which read them as `String`, now reads them as the same types — a value
//! outside the enum or not a date is the stub's documented 400, never the implementation's
//! problem.
//!
//! Only optional parameters are typed so: the stub reads a required one into a default value
//! while it collects a request's problems, and an enum has none. The types are read from
//! progenitor's request builders, so the server's and the client's are the same by
//! construction.

use std::collections::{HashMap, HashSet};

use quote::ToTokens;

use crate::generate::model::Model;

/// Fills in [`crate::generate::model::Parameter::parsed_type`] for each optional parameter whose
/// request builder field (in `client`, progenitor's) has a type that parses: an enum of strings
/// (one with a `string_enum!` call in `types`, which gives it `FromStr`), a date or a
/// date-time.
pub fn type_parsed_parameters(model: &mut Model, client: &syn::File, types: &syn::File) {
    let string_enums = string_enums(types);
    let builders = builder_fields(client);
    let methods = method_builders(client);
    for operation in &mut model.operations {
        let Some(fields) = methods
            .get(&operation.method_name)
            .and_then(|builder| builders.get(builder))
        else {
            continue;
        };
        for parameter in operation.parameters.iter_mut().filter(|p| !p.required) {
            let Some(ty) = fields.get(&parameter.rust_name) else {
                continue;
            };
            if parses(ty, &string_enums) {
                parameter.parsed_type = Some(ty.clone());
            }
        }
    }
}

/// Whether a value of the type (as tokens text) parses from a request's text as the client
/// writes it there.
fn parses(ty: &str, string_enums: &HashSet<String>) -> bool {
    const DATES: [&str; 2] = [
        ":: chrono :: DateTime < :: chrono :: offset :: Utc >",
        ":: chrono :: naive :: NaiveDate",
    ];
    DATES.contains(&ty)
        || ty
            .strip_prefix("types :: ")
            .is_some_and(|name| string_enums.contains(name))
}

/// The enums of strings among the types: each has a `string_enum!(Name { … })` call.
fn string_enums(types: &syn::File) -> HashSet<String> {
    (types.items.iter())
        .filter_map(|item| match item {
            syn::Item::Macro(call) if call.mac.path.is_ident("string_enum") => {
                match call.mac.tokens.clone().into_iter().next() {
                    Some(proc_macro2::TokenTree::Ident(name)) => Some(name.to_string()),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

/// Each request builder's fields with the type of the value they hold: progenitor's field
/// `name: Result<Option<T>, String>` (or `Result<T, String>`) gives `T`, as tokens text.
fn builder_fields(client: &syn::File) -> HashMap<String, HashMap<String, String>> {
    let mut builders = HashMap::new();
    for item in &client.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "builder" {
            continue;
        }
        for item in module.content.iter().flat_map(|(_, items)| items) {
            let syn::Item::Struct(builder) = item else {
                continue;
            };
            let fields = (builder.fields.iter())
                .filter_map(|field| {
                    let name = field.ident.as_ref()?.to_string();
                    let held = first_argument(&field.ty, "Result")?;
                    let value = first_argument(held, "Option").unwrap_or(held);
                    Some((name, value.to_token_stream().to_string()))
                })
                .collect();
            builders.insert(builder.ident.to_string(), fields);
        }
    }
    builders
}

/// `T` of `wrapper<T, …>`.
fn first_argument<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Each `Client` method's request builder, by the method's name: progenitor's
/// `fn get_pet(&self) -> builder::GetPet<'_>` gives `get_pet` → `GetPet`.
pub fn method_builders(client: &syn::File) -> std::collections::HashMap<String, String> {
    let mut builders = std::collections::HashMap::new();
    for item in &client.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        for item in &block.items {
            if let syn::ImplItem::Fn(function) = item
                && let syn::ReturnType::Type(_, ty) = &function.sig.output
                && let syn::Type::Path(path) = &**ty
                && let [module, builder] = &path.path.segments.iter().collect::<Vec<_>>()[..]
                && module.ident == "builder"
            {
                builders.insert(function.sig.ident.to_string(), builder.ident.to_string());
            }
        }
    }
    builders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_string_enum_or_a_date_parses() {
        let enums: HashSet<String> = ["Sort".to_string()].into();
        let text = |ty: syn::Type| ty.to_token_stream().to_string();
        assert!(parses(&text(syn::parse_quote!(types::Sort)), &enums));
        assert!(parses(
            &text(syn::parse_quote!(::chrono::DateTime<::chrono::offset::Utc>)),
            &enums
        ));
        assert!(parses(
            &text(syn::parse_quote!(::chrono::naive::NaiveDate)),
            &enums
        ));
        assert!(!parses(&text(syn::parse_quote!(types::Filter)), &enums));
        assert!(!parses(&text(syn::parse_quote!(Vec<types::Sort>)), &enums));
        assert!(!parses(&text(syn::parse_quote!(String)), &enums));
    }
}
