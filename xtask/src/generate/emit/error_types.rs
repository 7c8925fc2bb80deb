//! Errors: what every generated crate adds to its per-operation error types — the documented
//! HTTP status of each variant and, where the spec has no discriminator, an enum typed by status.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::error::{Located, StageResult};
use crate::generate::model::{Errors, Model, Operation};
use crate::generate::render::macro_layout::layout_macro_calls;
use crate::generate::render::templates::DOCUMENTED_ERROR_MACRO;
use crate::generate::render::templates::with_macro_definition;
use crate::generate::syntax::status::{range_low, status_doc, status_number, status_variant_name};

/// `errors.rs` (formatted) with its `documented_error!` calls laid out and the macro's
/// definition first.
pub fn with_documented_error_macro(errors: &str) -> String {
    with_macro_definition(
        &layout_macro_calls(errors, "documented_error"),
        DOCUMENTED_ERROR_MACRO,
    )
}

/// The Rust items of `errors.rs`: every error type's impls are written by the
/// `documented_error!` macro (`templates/documented_error.rs`), called once per type.
pub fn generate_errors(model: &Model) -> StageResult<syn::File> {
    let mut items = Vec::new();
    let mut retry_arms = Vec::new();
    for operation in &model.operations {
        items.push(match &operation.errors {
            Errors::None => continue,
            Errors::Tagged {
                type_name,
                tag,
                variants,
            } => {
                let ident = format_ident!("{}", type_name);
                let marks_retryable = variants.iter().any(|(_, v)| v.retryable);
                let mut arms_status = Vec::new();
                let mut arms_code = Vec::new();
                let mut arms_display = Vec::new();
                let mut retryable = Vec::new();
                let operation_id = &operation.id;
                for (name, variant) in variants {
                    let variant_ident = format_ident!("{}", name);
                    let status = status_number(&variant.status);
                    let value = &variant.value;
                    arms_status.push(quote! { Self::#variant_ident { .. } => #status, });
                    arms_code.push(quote! { Self::#variant_ident { .. } => #value, });
                    let headline = format!("{operation_id}: {value} (HTTP {})", variant.status);
                    arms_display.push(if variant.has_description {
                        let format = format!("{}: {{}}", headline.replace('{', "{{").replace('}', "}}"));
                        quote! {
                            Self::#variant_ident { description, .. } => write!(f, #format, description),
                        }
                    } else {
                        quote! { Self::#variant_ident { .. } => f.write_str(#headline), }
                    });
                    // Without x-retryable marks, the statuses that say "not processed".
                    let is_retryable = if marks_retryable {
                        variant.retryable
                    } else {
                        matches!(variant.status.as_str(), "429" | "503")
                    };
                    if is_retryable {
                        retryable.push(quote!(Self::#variant_ident { .. }));
                    }
                }
                let status_doc = "The HTTP status the spec documents for this error (for a \
                                  documented range such as `4XX`, its first code).";
                let code_doc = format!("The value of the `{tag}` discriminator of this error.");
                let op_doc = format!("Documented errors of `{operation_id}`.");
                let retryable_match = if retryable.is_empty() {
                    quote!(false)
                } else {
                    quote!(matches!(self, #(#retryable)|*))
                };
                // The runtime knows the operation by progenitor's method name.
                let method_name = &operation.method_name;
                retry_arms.push(quote! {
                    #method_name => ::serde_json::from_slice::<types::#ident>(body)
                        .is_ok_and(|error| error.is_retryable() && error.status() == status),
                });
                quote! {
                    #[doc = #op_doc]
                    impl types::#ident {
                        #[doc = #status_doc]
                        pub fn status(&self) -> u16 {
                            match self { #(#arms_status)* }
                        }
                        #[doc = #code_doc]
                        pub fn code(&self) -> &'static str {
                            match self { #(#arms_code)* }
                        }
                        /// Whether the server said it did not process the request (a rate limit,
                        /// a temporary outage), so that sending it again is safe even for a POST.
                        pub fn is_retryable(&self) -> bool {
                            #retryable_match
                        }
                    }

                    impl ::std::fmt::Display for types::#ident {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            match self { #(#arms_display)* }
                        }
                    }

                    documented_error!(types::#ident, #operation_id, coded);
                }
            }
            Errors::ByStatus {
                enum_name,
                statuses,
            } => status_enum(operation, enum_name, statuses),
        });
    }
    let retry_body = if retry_arms.is_empty() {
        quote! {
            let _ = (operation_id, body);
            matches!(status, 429 | 503)
        }
    } else {
        quote! {
            match operation_id {
                #(#retry_arms)*
                _ => {
                    // Only the arms of the operations whose features are enabled read it.
                    let _ = body;
                    matches!(status, 429 | 503)
                }
            }
        }
    };
    items.push(quote! {
        /// Whether an error response of `operation_id` says the server did not process the
        /// request, so that the client may send it again (see each error's `is_retryable`).
        #[cfg(feature = "client")]
        pub(crate) fn retryable_response(operation_id: &str, status: u16, body: &[u8]) -> bool {
            #retry_body
        }
    });
    let mut file: syn::File = syn::parse_quote! {
        #[allow(unused_imports)]
        use crate::types;

        /// What every operation's error type offers, for code that handles the errors of
        /// several operations alike (logging, retry decisions, exit codes).
        pub trait DocumentedError: ::std::error::Error {
            /// The operation the error belongs to, as the spec names it.
            fn operation_id(&self) -> &'static str;
            /// The HTTP status the spec documents for this error.
            fn status(&self) -> u16;
            /// The error's code, where the spec discriminates errors by one.
            fn code(&self) -> ::std::option::Option<&'static str>;
            /// Whether the server did not process the request, so that it may be sent again.
            fn is_retryable(&self) -> bool;
        }
    };
    for item in items {
        let parsed: syn::File = syn::parse2(item).map_err(|err| {
            Located::whole(format!("internal error: invalid error helpers: {err}"))
        })?;
        file.items.extend(parsed.items);
    }
    Ok(file)
}

/// An enum with one variant per documented status, for specs without a discriminator.
fn status_enum(
    operation: &Operation,
    enum_name: &str,
    bodies: &[(String, Option<String>)],
) -> TokenStream {
    let enum_ident = format_ident!("{}", enum_name);
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    let mut decode_arms = Vec::new();
    let mut encode_arms = Vec::new();
    // The variants of one status each, with their status.
    let mut exact_statuses = Vec::new();
    for (status, body) in bodies {
        let body_type = match body {
            Some(name) => {
                let ident = format_ident!("{}", name);
                quote!(types::#ident)
            }
            None => quote!(()),
        };
        let variant = format_ident!("{}", status_variant_name(status));
        let number = status_number(status);
        let doc = status_doc(status);
        if let Some(low) = range_low(status) {
            let (low, high) = (
                Literal::u16_unsuffixed(low),
                Literal::u16_unsuffixed(low + 99),
            );
            variants.push(quote! {
                #[doc = #doc]
                #variant { status: u16, body: #body_type },
            });
            status_arms.push(quote! { Self::#variant { status, .. } => *status, });
            decode_arms.push(quote! {
                #low..=#high => Self::#variant { status, body: ::serde_json::from_value(body)? },
            });
            encode_arms.push(quote! {
                Self::#variant { status, body } => (*status, ::serde_json::to_value(body)),
            });
        } else {
            exact_statuses.push((variant.clone(), body_type.clone(), number.clone()));
            variants.push(quote! {
                #[doc = #doc]
                #variant(#body_type),
            });
            status_arms.push(quote! { Self::#variant(_) => #number, });
            decode_arms.push(quote! {
                #number => Self::#variant(::serde_json::from_value(body)?),
            });
            encode_arms.push(quote! {
                Self::#variant(body) => (#number, ::serde_json::to_value(body)),
            });
        }
    }
    // Exact codes first, then ranges, so that `404` wins over `4XX`.
    decode_arms.sort_by_key(|arm| arm.to_string().contains("..="));
    let operation_id = &operation.id;
    if exact_statuses.len() == bodies.len() {
        // Every variant is one status: `documented_error!` defines the enum and writes the
        // methods from the table.
        let table = (exact_statuses.iter())
            .map(|(variant, body_type, number)| quote!(#variant(#body_type) = #number));
        return quote! {
            documented_error!(#enum_ident, #operation_id, { #(#table),* });
        };
    }
    let doc = format!(
        "Documented errors of `{}`, typed by HTTP status (the spec gives their bodies no \
         discriminator, so the status decides the type).",
        operation.id
    );
    let definition = quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub enum #enum_ident {
            #(#variants)*
        }
    };
    quote! {
        #definition
        documented_error!(#enum_ident, #operation_id);

        impl #enum_ident {
            /// The HTTP status of this error.
            pub fn status(&self) -> u16 {
                match self { #(#status_arms)* }
            }

            /// Decodes a JSON error body by its status. `Ok(None)` when the spec documents no
            /// error for that status.
            pub fn from_status_and_json(
                status: u16,
                body: ::serde_json::Value,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::serde_json::Error> {
                let error = match status {
                    #(#decode_arms)*
                    _ => return Ok(None),
                };
                Ok(Some(error))
            }

            /// Whether the status says the server did not process the request (429, 503).
            pub fn is_retryable(&self) -> bool {
                matches!(self.status(), 429 | 503)
            }

            /// The status and JSON body to send for this error.
            pub fn to_status_and_json(
                &self,
            ) -> (u16, ::std::result::Result<::serde_json::Value, ::serde_json::Error>) {
                match self { #(#encode_arms)* }
            }
        }
    }
}
