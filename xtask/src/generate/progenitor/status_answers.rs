//! A request builder's status `match` as one call. After [`super::builder_plumbing`] merges
//! its arms, most operations' `send` ends with the same `match`: the success statuses read
//! the body one way (JSON, nothing, a stream), the documented error statuses read the error
//! one way (JSON, nothing), anything else is unexpected. Such a `match` becomes a call of the
//! runtime's `answer` (`templates/runtime.rs`) naming the two sets of statuses and how each is
//! read, `answer(response, json(&[201]), json(&[403, 404])).await`, which does the same.
//!
//! Only a `match` of exact statuses with exactly those bodies is replaced; one with a range,
//! a guard or another body stays as it is.

use std::sync::LazyLock;

use quote::ToTokens;

use super::shapes::is_status_match;

/// How a set of statuses is read, as the runtime's function that names it (`json`, `empty`,
/// `stream`), and the arm body progenitor writes (and [`super::builder_plumbing`] leaves) for
/// each, for success statuses and for error statuses.
const SUCCESS_ARMS: [(&str, &str); 3] = [
    ("json", "ResponseValue::from_response(response).await"),
    ("empty", "Ok(ResponseValue::empty(response))"),
    ("stream", "Ok(ResponseValue::stream(response))"),
];
const ERROR_ARMS: [(&str, &str); 2] = [
    ("json", "error_response(response).await"),
    (
        "empty",
        "Err(Error::ErrorResponse(ResponseValue::empty(response)))",
    ),
];
/// The last arm's body.
const UNEXPECTED_ARM: &str = "Err(Error::UnexpectedResponse(response))";

/// The arm bodies a `match` is compared with, as token text, made once.
struct ArmTexts {
    unexpected: String,
    successes: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
}

static ARM_TEXTS: LazyLock<ArmTexts> = LazyLock::new(|| {
    let texts = |arms: &[(&'static str, &str)]| {
        (arms.iter())
            .map(|(reader, arm)| (*reader, same_text(arm)))
            .collect()
    };
    ArmTexts {
        unexpected: same_text(UNEXPECTED_ARM),
        successes: texts(&SUCCESS_ARMS),
        errors: texts(&ERROR_ARMS),
    }
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
    let reader = |readers: &[(&'static str, String)], body: &str| {
        (readers.iter()).find_map(|(reader, arm)| (body == arm).then_some(*reader))
    };
    let mut success: Option<(&str, Vec<u16>)> = None;
    let mut error: Option<(&str, Vec<u16>)> = None;
    for arm in arms {
        let statuses = exact_statuses(&arm.pat)?;
        let body = arm_text(&arm.body);
        // Arms with the same body are merged already: a second one reads another way.
        let (slot, read) = match reader(&texts.successes, &body) {
            Some(read) => (&mut success, read),
            None => (&mut error, reader(&texts.errors, &body)?),
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some((read, statuses));
    }
    let (success, successes) = success?;
    let (error, errors) = error.unwrap_or(("json", Vec::new()));
    let [success, error] =
        [success, error].map(|read| syn::Ident::new(read, proc_macro2::Span::call_site()));
    let literals = |statuses: Vec<u16>| {
        statuses
            .into_iter()
            .map(proc_macro2::Literal::u16_unsuffixed)
    };
    let (successes, errors) = (literals(successes), literals(errors));
    Some(syn::parse_quote!(
        answer(response, #success(&[#(#successes),*]), #error(&[#(#errors),*])).await
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
                answer(response, json(&[200, 301]), json(&[404, 422])).await
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
            text(&quote!(answer(response, empty(&[204]), json(&[])).await))
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
            text(&quote!(
                answer(response, stream(&[200]), json(&[404])).await
            ))
        );
    }

    #[test]
    fn errors_without_a_body_are_empty() {
        let call = answered(quote! {
            match response.status().as_u16() {
                200u16 | 201u16 => { ResponseValue::from_response(response).await }
                401u16 => { Err(Error::ErrorResponse(ResponseValue::empty(response))) }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        });
        assert_eq!(
            call,
            text(&quote!(
                answer(response, json(&[200, 201]), empty(&[401])).await
            ))
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
                    404u16 => error_response(response).await,
                    410u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
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
