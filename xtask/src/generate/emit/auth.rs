//! Auth: the client builder's credential methods, one per security scheme the generated client
//! can send itself (see [`CredentialKind`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::generate::model::{CredentialKind, Model};
use crate::generate::syntax::escape::doc_line;

/// The items of `auth.rs`: `impl ClientBuilder` with a method per supported scheme, and a
/// `*_from_env` twin where the scheme names an environment variable (`x-env-var`).
pub fn generate_auth(model: &Model) -> TokenStream {
    let methods = model.schemes.iter().filter_map(|scheme| {
        // Names from the document reach doc text only as single lines (see `escape`).
        let name = doc_line(&scheme.name);
        let method = format_ident!("{}", scheme.method_name);
        let description = scheme
            .description
            .as_ref()
            .map(|text| format!("\n\n{text}"))
            .unwrap_or_default();
        // `make_fn` turns a token into a credential; `make` is the same applied to `token`.
        let (make_fn, make, doc) = match &scheme.kind {
            CredentialKind::Bearer { access_token } => (
                quote!(crate::Credential::bearer),
                quote!(crate::Credential::bearer(token)),
                if *access_token {
                    format!(
                        "Authenticates with an `{name}` access token: `Authorization: Bearer \
                         <token>`.{description}"
                    )
                } else {
                    format!(
                        "Authenticates with `{name}`: `Authorization: Bearer <token>`.{description}"
                    )
                },
            ),
            CredentialKind::Header(header) => (
                quote!(|token: &str| crate::Credential::header(#header, token)),
                quote!(crate::Credential::header(#header, token)),
                format!(
                    "Authenticates with `{name}`: `{}: <token>`.{description}",
                    doc_line(header)
                ),
            ),
            CredentialKind::Unsupported => return None,
        };
        let env = scheme.env_var.as_ref().map(|variable| {
            let from_env = format_ident!("{}_from_env", scheme.method_name);
            let env_doc = format!(
                "Like [`Self::{method}`], with the token read from `{}`.",
                doc_line(variable)
            );
            quote! {
                #[doc = #env_doc]
                pub fn #from_env(self) -> ::std::result::Result<Self, crate::BuildError> {
                    let credential = crate::runtime::env_credential(#variable, #make_fn)?;
                    Ok(self.credential(credential))
                }
            }
        });
        Some(quote! {
            #[doc = #doc]
            pub fn #method(self, token: &str) -> ::std::result::Result<Self, crate::BuildError> {
                Ok(self.credential(#make?))
            }
            #env
        })
    });
    quote! {
        impl crate::ClientBuilder {
            #(#methods)*
        }
    }
}
