//! Documented redirections (3XX) as answers: progenitor decodes only 2XX as success, so a
//! `303` the spec documents would reach the caller as `Error::UnexpectedResponse`. Each
//! operation that documents one gets a `match` arm that decodes it like its 2XX answers: the
//! operation's success type is then an enum by status whose redirect variant holds the
//! `Location` (the client runtime does not follow these redirections and presents the header
//! as the body, see `wire::REDIRECTS` and `runtime::BodyKind::Location`).

use std::collections::HashMap;

use quote::{ToTokens, quote};
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};

use super::shapes::{OperationId, is_status_match, order_status_arms};
use crate::generate::model::Model;
use crate::generate::syntax::status::status_pattern;

/// Adds to the client's status `match` of each operation an arm per documented redirection;
/// the operations it could not: no `send` builds their `OperationInfo`, or none of its status
/// `match`es has a 2XX arm that decodes the body.
pub fn decode_documented_redirects(client: &mut syn::File, model: &Model) -> Vec<String> {
    let redirects: HashMap<&str, Vec<&str>> = model
        .operations
        .iter()
        .map(|operation| {
            let statuses = operation.redirects().into_iter().map(|(status, _)| status);
            (operation.method_name.as_str(), statuses.collect::<Vec<_>>())
        })
        .filter(|(_, statuses)| !statuses.is_empty())
        .collect();
    if redirects.is_empty() {
        return Vec::new();
    }
    let mut sends = SendFunctions {
        redirects,
        decoded: Vec::new(),
    };
    sends.visit_file_mut(client);
    let mut unrecognised: Vec<String> = (sends.redirects.keys())
        .filter(|id| !sends.decoded.contains(id))
        .map(|id| {
            format!(
                "client.rs, the `send` of `{id}`: no status `match` with progenitor's decoding \
                 2XX arm (`ResponseValue::from_response(response).await`), its redirections \
                 left undecoded"
            )
        })
        .collect();
    unrecognised.sort();
    unrecognised
}

/// Finds each operation's `send` by the `OperationInfo { operation_id: "…" }` it builds.
struct SendFunctions<'a> {
    redirects: HashMap<&'a str, Vec<&'a str>>,
    /// The operations whose redirections got their arms.
    decoded: Vec<&'a str>,
}

impl<'a> VisitMut for SendFunctions<'a> {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let mut found = OperationId(None);
        found.visit_block(&function.block);
        match found
            .0
            .as_deref()
            .and_then(|id| self.redirects.get_key_value(id))
        {
            Some((&id, statuses)) => {
                let mut arms = RedirectArms {
                    statuses,
                    added: false,
                };
                arms.visit_block_mut(&mut function.block);
                if arms.added {
                    self.decoded.push(id);
                }
            }
            None => visit_mut::visit_impl_item_fn_mut(self, function),
        }
    }
}

/// Adds the arms to the status `match`, decoding as the 2XX arm does.
struct RedirectArms<'a> {
    statuses: &'a [&'a str],
    /// Whether it found the arm to copy.
    added: bool,
}

impl VisitMut for RedirectArms<'_> {
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        visit_mut::visit_expr_match_mut(self, expr);
        if !is_status_match(expr) {
            return;
        }
        // progenitor writes the 2XX arm's body as `{ ResponseValue::from_response(…).await }`.
        let decodes = [
            quote!(ResponseValue::from_response(response).await).to_string(),
            quote!({ ResponseValue::from_response(response).await }).to_string(),
        ];
        let Some(success) = expr
            .arms
            .iter()
            .find(|arm| decodes.contains(&arm.body.to_token_stream().to_string()))
            .cloned()
        else {
            return;
        };
        for status in self.statuses {
            let pattern = status_pattern(status);
            let mut arm = success.clone();
            arm.pat = syn::parse_quote!(#pattern);
            expr.arms.push(arm);
        }
        self.added = true;
        order_status_arms(expr);
    }
}
