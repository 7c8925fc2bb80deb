//! Responses: the success types of operations whose success bodies differ by status, an enum
//! a variant per status, decoded by status (the client runtime gives them the status with the
//! body, see [`super::wire`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::generate::model::{BodyType, Model, Operation, StatusType};
use crate::generate::render::macro_layout::{
    layout_macro_calls_with, outside_strings, usual_layout,
};
use crate::generate::render::templates::SUCCESS_BY_STATUS_MACRO;
use crate::generate::render::templates::with_macro_definition;
use crate::generate::syntax::status::{
    is_open, status_doc, status_number, status_pattern, status_variant_name,
};

/// The items of `responses.rs`.
pub fn generate_responses(model: &Model) -> TokenStream {
    let enums = model.operations.iter().filter_map(|operation| {
        let Some(BodyType::ByStatus {
            enum_name,
            statuses,
        }) = &operation.success_type
        else {
            return None;
        };
        Some(success_enum(operation, enum_name, statuses))
    });
    quote! {
        #[allow(unused_imports)]
        use crate::types;

        #(#enums)*
    }
}

fn success_enum(
    operation: &Operation,
    enum_name: &str,
    statuses: &[(String, StatusType)],
) -> TokenStream {
    let enum_ident = format_ident!("{}", enum_name);
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    let mut decode_arms = Vec::new();
    let mut encode_arms = Vec::new();
    // The table `success_by_status!` takes, while every status is exact.
    let mut exact_table = Some(Vec::new());
    let mut ordered: Vec<&(String, StatusType)> = statuses.iter().collect();
    ordered.sort_by_key(|(status, _)| (status == "default", is_open(status)));
    for (status, body) in ordered {
        let variant = format_ident!("{}", status_variant_name(status));
        let number = status_number(status);
        let pattern = status_pattern(status);
        let doc = status_doc(status);
        let body_type = match body {
            StatusType::Json(name) => {
                let ident = format_ident!("{}", name);
                Some(quote!(types::#ident))
            }
            StatusType::Text => Some(quote!(::std::string::String)),
            StatusType::Binary => Some(quote!(::std::vec::Vec<u8>)),
            StatusType::Empty => None,
            StatusType::Location => Some(quote!(::std::option::Option<::std::string::String>)),
        };
        let doc = if *body == StatusType::Location {
            format!("{doc} Holds the `Location` header; the client does not follow it.")
        } else {
            doc
        };
        match (is_open(status), body_type) {
            (true, Some(ty)) => {
                exact_table = None;
                variants.push(quote! { #[doc = #doc] #variant { status: u16, body: #ty }, });
                status_arms.push(quote! { Self::#variant { status, .. } => *status, });
                decode_arms.push(quote! {
                    #pattern => Self::#variant { status, body: ::serde_json::from_value(body)? },
                });
                encode_arms.push(quote! {
                    Self::#variant { status, body } => (*status, ::serde_json::to_value(body).map(Some)),
                });
            }
            (true, None) => {
                exact_table = None;
                variants.push(quote! { #[doc = #doc] #variant { status: u16 }, });
                status_arms.push(quote! { Self::#variant { status } => *status, });
                decode_arms.push(quote! { #pattern => Self::#variant { status }, });
                encode_arms.push(quote! { Self::#variant { status } => (*status, Ok(None)), });
            }
            (false, Some(ty)) => {
                if let Some(table) = &mut exact_table {
                    table.push(table_row(&variant, body, &number));
                }
                variants.push(quote! { #[doc = #doc] #variant(#ty), });
                status_arms.push(quote! { Self::#variant(_) => #number, });
                decode_arms.push(quote! {
                    #pattern => Self::#variant(::serde_json::from_value(body)?),
                });
                encode_arms.push(quote! {
                    Self::#variant(body) => (#number, ::serde_json::to_value(body).map(Some)),
                });
            }
            (false, None) => {
                if let Some(table) = &mut exact_table {
                    table.push(table_row(&variant, body, &number));
                }
                variants.push(quote! { #[doc = #doc] #variant, });
                status_arms.push(quote! { Self::#variant => #number, });
                decode_arms.push(quote! { #pattern => Self::#variant, });
                encode_arms.push(quote! { Self::#variant => (#number, Ok(None)), });
            }
        }
    }
    if let Some(table) = exact_table {
        // Every variant is one status: `success_by_status!` defines the enum and writes the
        // methods from the table.
        let operation_id = &operation.id;
        return quote! {
            success_by_status!(#enum_ident, #operation_id, { #(#table),* });
        };
    }
    let doc = format!(
        "What `{}` answers on success: the body the spec documents for each status.",
        operation.id
    );
    let definition = quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub enum #enum_ident {
            #(#variants)*
        }
    };
    let has_catch_all = statuses.iter().any(|(status, _)| status == "default");
    let fallback = (!has_catch_all).then(|| quote!(_ => return Ok(None),));
    quote! {
        #definition

        impl #enum_ident {
            /// The HTTP status of this answer.
            pub fn status(&self) -> u16 {
                match self { #(#status_arms)* }
            }

            /// Decodes a body by its status. `Ok(None)` when the spec documents no success for
            /// that status.
            #[allow(unused_variables)]
            pub fn from_status_and_json(
                status: u16,
                body: ::serde_json::Value,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::serde_json::Error> {
                Ok(Some(match status {
                    #(#decode_arms)*
                    #fallback
                }))
            }

            /// The status and JSON body (`None`: no body) to send for this answer.
            pub fn to_status_and_json(
                &self,
            ) -> (u16, ::std::result::Result<::std::option::Option<::serde_json::Value>, ::serde_json::Error>) {
                match self { #(#encode_arms)* }
            }
        }

        /// Reads `{"status": …, "body": …}`, the form the client runtime gives this type's
        /// responses.
        #[cfg(feature = "client")]
        impl<'de> ::serde::Deserialize<'de> for #enum_ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let crate::runtime::StatusAndBody { status, body } =
                    ::serde::Deserialize::deserialize(deserializer)?;
                Self::from_status_and_json(status, body)
                    .map_err(::serde::de::Error::custom)?
                    .ok_or_else(|| ::serde::de::Error::custom(format!("undocumented status {status}")))
            }
        }
    }
}

/// A variant's row in the `success_by_status!` table: `Ok(types::Issue) = 200`, the macro's
/// doc of its status extended where the body is the `Location` header. The types are written
/// by their prelude names: `responses.rs` defines none of them.
fn table_row(
    variant: &syn::Ident,
    body: &StatusType,
    number: &proc_macro2::Literal,
) -> TokenStream {
    let ty = match body {
        StatusType::Json(name) => {
            let ident = format_ident!("{}", name);
            quote!(types::#ident)
        }
        StatusType::Text => quote!(String),
        StatusType::Binary => quote!(Vec<u8>),
        StatusType::Empty => return quote!(#variant = #number),
        StatusType::Location => {
            return quote! {
                #[doc = "The `Location` header (not followed)."]
                #variant(Option<String>) = #number
            };
        }
    };
    quote!(#variant(#ty) = #number)
}

/// `responses.rs` (formatted) with its `success_by_status!` calls laid out and, if it has
/// any, the macro's definition after its inner attributes.
pub fn with_success_by_status_macro(responses: &str) -> String {
    if !responses.contains("success_by_status!(") {
        return responses.to_string();
    }
    let laid_out = layout_macro_calls_with(responses, "success_by_status", |indent, arguments| {
        Some(usual_layout(
            indent,
            "success_by_status",
            &tight_generics(arguments),
        ))
    });
    with_macro_definition(&laid_out, SUCCESS_BY_STATUS_MACRO)
}

/// A table's arguments as prettyplease prints macro tokens (`Option < String >`) with its
/// generic types written as Rust writes them (`Option<String>`): the table holds types, never
/// a comparison.
fn tight_generics(arguments: &str) -> String {
    let mut out = String::with_capacity(arguments.len());
    let mut last = 0;
    for (index, c) in outside_strings(arguments) {
        if c != '<' && c != '>' {
            continue;
        }
        let before = &arguments[last..index];
        out.push_str(before.trim_end());
        out.push(c);
        last = index + 1;
        if c == '<' {
            last += arguments[last..].len() - arguments[last..].trim_start().len();
        }
    }
    out.push_str(&arguments[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_types_in_a_table_are_written_tight() {
        assert_eq!(
            tight_generics(
                "X, \"op\", { #[doc = \"a < b\"] Found(Option < String >) = 302, Ok(Vec < u8 >) = 200 }"
            ),
            "X, \"op\", { #[doc = \"a < b\"] Found(Option<String>) = 302, Ok(Vec<u8>) = 200 }"
        );
    }
}
