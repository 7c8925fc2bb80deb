//! A request builder's status `match` as one call. After [`super::builder_plumbing`] merges
//! its arms, most operations' `send` ends with the same `match`: the success statuses read
//! the body one way (JSON, nothing, a stream), the documented error statuses decode the
//! error body, anything else is unexpected. Such a `match` becomes a call of the runtime's
//! `json_answer`, `empty_answer` or `stream_answer` (`templates/runtime.rs`) listing the two
//! sets of statuses, which does the same.
//!
//! Only a `match` of exact statuses with exactly those bodies is replaced; one with a range,
//! a guard or another body stays as it is.

use std::sync::LazyLock;

use quote::ToTokens;

use super::client::is_status_match;

/// How an operation's success body is read, and the runtime function that reads it so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SuccessBody {
    /// `ResponseValue::from_response(response).await`: `json_answer`.
    Json,
    /// `Ok(ResponseValue::empty(response))`: `empty_answer`.
    Empty,
    /// `Ok(ResponseValue::stream(response))`: `stream_answer`.
    Stream,
}

impl SuccessBody {
    /// The arm body progenitor writes (and [`super::builder_plumbing`] leaves) for each.
    const ARMS: [(SuccessBody, &'static str); 3] = [
        (
            SuccessBody::Json,
            "ResponseValue::from_response(response).await",
        ),
        (SuccessBody::Empty, "Ok(ResponseValue::empty(response))"),
        (SuccessBody::Stream, "Ok(ResponseValue::stream(response))"),
    ];

    fn function(self) -> syn::Ident {
        let name = match self {
            SuccessBody::Json => "json_answer",
            SuccessBody::Empty => "empty_answer",
            SuccessBody::Stream => "stream_answer",
        };
        syn::Ident::new(name, proc_macro2::Span::call_site())
    }
}

/// The shared error arm's body, as [`super::builder_plumbing`] writes it.
const ERROR_ARM: &str = "error_response(response).await";
/// The last arm's body.
const UNEXPECTED_ARM: &str = "Err(Error::UnexpectedResponse(response))";

/// The arm bodies a `match` is compared with, as token text, made once.
struct ArmTexts {
    error: String,
    unexpected: String,
    successes: Vec<(SuccessBody, String)>,
}

static ARM_TEXTS: LazyLock<ArmTexts> = LazyLock::new(|| ArmTexts {
    error: same_text(ERROR_ARM),
    unexpected: same_text(UNEXPECTED_ARM),
    successes: (SuccessBody::ARMS.into_iter())
        .map(|(kind, arm)| (kind, same_text(arm)))
        .collect(),
});

/// The statement ending a `send`, `match response.status().as_u16() { … }`, as a call of the
/// runtime's answer reader, when the `match` is only exact statuses with the usual bodies.
pub fn answer_call(statement: &mut syn::Stmt) {
    let syn::Stmt::Expr(syn::Expr::Match(status_match), None) = statement else {
        return;
    };
    if let Some(call) = as_answer_call(status_match) {
        *statement = syn::Stmt::Expr(call, None);
    }
}

/// The call doing what `status_match` does, if it is one.
fn as_answer_call(status_match: &syn::ExprMatch) -> Option<syn::Expr> {
    if !is_status_match(status_match) {
        return None;
    }
    let texts = &*ARM_TEXTS;
    let (last, arms) = status_match.arms.split_last()?;
    // A guarded arm is a `Pat::Guard`, so neither wild nor exact.
    if !matches!(last.pat, syn::Pat::Wild(_)) || arm_text(&last.body) != texts.unexpected {
        return None;
    }
    let mut success: Option<(SuccessBody, Vec<u16>)> = None;
    let mut errors: Vec<u16> = Vec::new();
    for arm in arms {
        let statuses = exact_statuses(&arm.pat)?;
        let body = arm_text(&arm.body);
        if body == texts.error && errors.is_empty() {
            errors = statuses;
            continue;
        }
        let kind =
            (texts.successes.iter()).find_map(|(kind, arm)| (body == *arm).then_some(*kind))?;
        if success.is_some() {
            return None;
        }
        success = Some((kind, statuses));
    }
    let (kind, successes) = success?;
    let function = kind.function();
    let literals = |statuses: Vec<u16>| {
        statuses
            .into_iter()
            .map(proc_macro2::Literal::u16_unsuffixed)
    };
    let (successes, errors) = (literals(successes), literals(errors));
    Some(syn::parse_quote!(
        #function(response, &[#(#successes),*], &[#(#errors),*]).await
    ))
}

/// The statuses of a pattern of exact status literals, `200u16 | 301`.
fn exact_statuses(pattern: &syn::Pat) -> Option<Vec<u16>> {
    let literal = |pattern: &syn::Pat| match pattern {
        syn::Pat::Lit(syn::ExprLit {
            lit: syn::Lit::Int(status),
            ..
        }) if matches!(status.suffix(), "" | "u16") => status.base10_parse::<u16>().ok(),
        _ => None,
    };
    match pattern {
        syn::Pat::Or(or) if or.leading_vert.is_none() => or.cases.iter().map(literal).collect(),
        single => Some(vec![literal(single)?]),
    }
}

/// An arm's body without the block progenitor writes around it (`{ body }`).
fn arm_text(body: &syn::Expr) -> String {
    if let syn::Expr::Block(block) = body
        && block.label.is_none()
        && block.attrs.is_empty()
        && let [syn::Stmt::Expr(inner, None)] = &block.block.stmts[..]
    {
        return text(inner);
    }
    text(body)
}

fn text(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

/// `code`'s token text, for comparing with an arm.
fn same_text(code: &str) -> String {
    let expr: syn::Expr = syn::parse_str(code).expect("valid Rust");
    text(&expr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn answered(status_match: proc_macro2::TokenStream) -> String {
        let mut statement: syn::Stmt = syn::Stmt::Expr(syn::parse2(status_match).unwrap(), None);
        answer_call(&mut statement);
        text(&statement)
    }

    #[test]
    fn a_json_answer_lists_its_statuses() {
        let call = answered(quote! {
            match response.status().as_u16() {
                200u16 | 301 => { ResponseValue::from_response(response).await }
                404u16 | 422u16 => error_response(response).await,
                _ => Err(Error::UnexpectedResponse(response)),
            }
        });
        assert_eq!(
            call,
            text(&quote!(
                json_answer(response, &[200, 301], &[404, 422]).await
            ))
        );
    }

    #[test]
    fn empty_and_stream_answers_without_errors() {
        let call = answered(quote! {
            match response.status().as_u16() {
                204u16 => Ok(ResponseValue::empty(response)),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        });
        assert_eq!(
            call,
            text(&quote!(empty_answer(response, &[204], &[]).await))
        );
        let call = answered(quote! {
            match response.status().as_u16() {
                200u16 => Ok(ResponseValue::stream(response)),
                404u16 => error_response(response).await,
                _ => Err(Error::UnexpectedResponse(response)),
            }
        });
        assert_eq!(
            call,
            text(&quote!(stream_answer(response, &[200], &[404]).await))
        );
    }

    #[test]
    fn a_range_or_another_body_stays_a_match() {
        for status_match in [
            quote! {
                match response.status().as_u16() {
                    200u16 => ResponseValue::from_response(response).await,
                    400u16..=499u16 => error_response(response).await,
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            },
            quote! {
                match response.status().as_u16() {
                    200u16 => Ok(ResponseValue::empty(response)),
                    404u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            },
            quote! {
                match response.status().as_u16() {
                    200u16 => ResponseValue::from_response(response).await,
                    204u16 => Ok(ResponseValue::empty(response)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            },
        ] {
            let before = text(&syn::parse2::<syn::Expr>(status_match.clone()).unwrap());
            assert_eq!(answered(status_match), before);
        }
    }
}
