//! HTTP statuses as the spec writes them (`404`, `4XX`, `default`) and as the generated code
//! names and matches them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::naming::pascal_name;

/// The status as a number: a code, or the first code of a range such as `4XX` (`default`:
/// 500, the status a server sends for what it did not document).
pub fn status_number(status: &str) -> Literal {
    let number = status
        .parse::<u16>()
        .ok()
        .or_else(|| range_low(status))
        .unwrap_or(500);
    Literal::u16_unsuffixed(number)
}

/// The first code of a range such as `4XX`.
pub fn range_low(status: &str) -> Option<u16> {
    let upper = status.to_ascii_uppercase();
    let digit = upper.strip_suffix("XX")?.parse::<u16>().ok()?;
    Some(digit * 100)
}

/// Whether the status stands for several codes (a range, or `default`), so that its variant
/// carries the actual status.
pub fn is_open(status: &str) -> bool {
    range_low(status).is_some() || status == "default"
}

/// A `match` pattern for the codes the status stands for.
pub fn status_pattern(status: &str) -> TokenStream {
    match range_low(status) {
        Some(low) => {
            let (low, high) = (
                Literal::u16_unsuffixed(low),
                Literal::u16_unsuffixed(low + 99),
            );
            quote!(#low..=#high)
        }
        None if status == "default" => quote!(_),
        None => {
            let number = status_number(status);
            quote!(#number)
        }
    }
}

/// The variant name of a status: its reason phrase (`NotFound`), `Other…` for a range or
/// `default`, `Status…` for a code without a well-known phrase.
pub fn status_variant_name(status: &str) -> String {
    match range_low(status) {
        Some(400) => "OtherClientError".to_string(),
        Some(500) => "OtherServerError".to_string(),
        Some(200) => "OtherSuccess".to_string(),
        Some(300) => "OtherRedirection".to_string(),
        Some(low) => format!("Other{low}"),
        None if status == "default" => "Other".to_string(),
        None => match reason_phrase(status) {
            "" => format!("Status{status}"),
            phrase => pascal_name(phrase),
        },
    }
}

/// A one-line description of the status for a variant's doc comment.
pub fn status_doc(status: &str) -> String {
    match (range_low(status), reason_phrase(status)) {
        (Some(_), _) => format!("Any status in {status} the spec does not list on its own."),
        (None, _) if status == "default" => {
            "Any status the spec does not list on its own.".to_string()
        }
        (None, "") => format!("Status {status}."),
        (None, phrase) => format!("Status {status} ({phrase})."),
    }
}

/// The reason phrase of a well-known status code.
pub fn reason_phrase(status: &str) -> &'static str {
    match status {
        "101" => "Switching Protocols",
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "Non-Authoritative Information",
        "204" => "No Content",
        "205" => "Reset Content",
        "206" => "Partial Content",
        "207" => "Multi-Status",
        "300" => "Multiple Choices",
        "301" => "Moved Permanently",
        "302" => "Found",
        "303" => "See Other",
        "304" => "Not Modified",
        "307" => "Temporary Redirect",
        "308" => "Permanent Redirect",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "402" => "Payment Required",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "406" => "Not Acceptable",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "Precondition Failed",
        "413" => "Payload Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Entity",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "501" => "Not Implemented",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        _ => "",
    }
}
