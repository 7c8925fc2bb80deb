//! Wire: what the client runtime does to an operation's requests and responses where
//! progenitor's code cannot say it (the tables `request_rewrites` and `response_rewrite` of the
//! generated `wire.rs`). Both match on progenitor's method name, which is what the runtime's
//! hooks are told.

use proc_macro2::TokenStream;
use quote::quote;

use crate::generate::model::Model;
use crate::generate::normalise::{BodyKind, RequestRewrite, Rewrite};
use crate::generate::syntax::status::{is_open, range_low, status_pattern};

/// The items of `wire.rs`.
pub fn generate_wire(model: &Model) -> TokenStream {
    let arms: Vec<TokenStream> = model
        .operations
        .iter()
        .flat_map(|operation| {
            // The runtime knows the operation by progenitor's method name.
            let id = &operation.method_name;
            // Exact codes before ranges before `default`, as a `match` needs them.
            let mut rewrites: Vec<&(String, Rewrite)> = operation.rewrites.iter().collect();
            rewrites.sort_by_key(|(status, _)| (status == "default", is_open(status)));
            rewrites
                .into_iter()
                .map(move |(status, rewrite)| {
                    let pattern = status_pattern(status);
                    let rewrite = match rewrite {
                        Rewrite::Null => quote!(crate::runtime::Rewrite::Null),
                        Rewrite::WrapWithStatus(kind) => {
                            let kind = match kind {
                                BodyKind::Json => quote!(Json),
                                BodyKind::Text => quote!(Text),
                                BodyKind::Binary => quote!(Binary),
                                BodyKind::Empty => quote!(Empty),
                                BodyKind::Location => quote!(Location),
                            };
                            quote!(crate::runtime::Rewrite::WrapWithStatus(crate::runtime::BodyKind::#kind))
                        }
                    };
                    quote! { (#id, #pattern) => Some(#rewrite), }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let response_table = if arms.is_empty() {
        quote! {
            let _ = (operation_id, status);
            None
        }
    } else {
        quote! {
            match (operation_id, status) {
                #(#arms)*
                _ => None,
            }
        }
    };
    let request_arms: Vec<TokenStream> = model
        .operations
        .iter()
        .filter(|operation| !operation.request_rewrites.is_empty())
        .map(|operation| {
            let id = &operation.method_name;
            let rewrites = operation.request_rewrites.iter().map(request_rewrite);
            quote! { #id => &[#(#rewrites),*], }
        })
        .collect();
    let request_table = if request_arms.is_empty() {
        quote! {
            let _ = operation_id;
            &[]
        }
    } else {
        quote! {
            match operation_id {
                #(#request_arms)*
                _ => &[],
            }
        }
    };
    let redirects = model.operations.iter().flat_map(|operation| {
        operation
            .redirects()
            .into_iter()
            .filter(|(_, located)| *located)
            .map(|(status, _)| {
                let (low, high) = match range_low(status) {
                    Some(low) => (low, low + 99),
                    None => {
                        let code = status.parse::<u16>().unwrap_or(300);
                        (code, code)
                    }
                };
                let path = &operation.path;
                quote! { (#path, #low, #high), }
            })
    });
    quote! {
        /// The documented redirections: a response to a request of the path template with a
        /// status in the range is the operation's answer, not followed.
        pub(crate) const REDIRECTS: &[(&str, u16, u16)] = &[#(#redirects)*];

        /// What the client runtime does to a request of `operation_id` before sending it.
        pub(crate) fn request_rewrites(operation_id: &str) -> &'static [crate::runtime::RequestRewrite] {
            #request_table
        }

        /// How the client runtime presents the body of a response of `operation_id` with
        /// `status` to the decoding code: `None` as it came.
        pub(crate) fn response_rewrite(operation_id: &str, status: u16) -> Option<crate::runtime::Rewrite> {
            #response_table
        }
    }
}

fn request_rewrite(rewrite: &RequestRewrite) -> TokenStream {
    match rewrite {
        RequestRewrite::ContentType(content_type) => {
            quote!(crate::runtime::RequestRewrite::ContentType(#content_type))
        }
        RequestRewrite::Multipart => quote!(crate::runtime::RequestRewrite::Multipart),
        RequestRewrite::RenameQuery { sent, wire } => {
            quote!(crate::runtime::RequestRewrite::RenameQuery(#sent, #wire))
        }
        RequestRewrite::RenameHeader { sent, wire } => {
            quote!(crate::runtime::RequestRewrite::RenameHeader(#sent, #wire))
        }
        RequestRewrite::Cookie {
            header,
            name,
            pairs: false,
        } => quote!(crate::runtime::RequestRewrite::Cookie(#header, #name)),
        RequestRewrite::Cookie {
            header,
            pairs: true,
            ..
        } => quote!(crate::runtime::RequestRewrite::CookiePairs(#header)),
        RequestRewrite::DeepObject { name, properties } => {
            quote!(crate::runtime::RequestRewrite::DeepObject(#name, &[#(#properties),*]))
        }
        RequestRewrite::Delimited { name, separator } => {
            quote!(crate::runtime::RequestRewrite::Delimited(#name, #separator))
        }
    }
}
