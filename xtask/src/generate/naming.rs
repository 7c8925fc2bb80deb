//! Rust names for spec names, computed exactly as progenitor and typify compute them.

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;

/// typify's `sanitize`: quotes dropped, non-identifier characters become word breaks.
fn sanitize_with(input: &str, to_case: fn(&str) -> String) -> String {
    let cleaned: String = input
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let out = to_case(&cleaned);
    let out = match out.chars().next() {
        None => to_case("x"),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("{}{out}", to_case("x")),
    };
    if is_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

/// typify's own PascalCase sanitisation, applied once (as it names enum variants).
pub fn sanitize_pascal(input: &str) -> String {
    sanitize_with(input, |s| s.to_pascal_case())
}

/// The PascalCase type name typify gives a spec name, iterated to a fixed point.
///
/// heck's PascalCase is not idempotent (`get:v_m_n_i` → `GetVMNI` → `GetVmni`), and typify
/// sanitises component names we derive from an already converted operation name, so the
/// name we put in the spec must be one that converts to itself.
pub fn pascal_name(input: &str) -> String {
    let mut current = sanitize_with(input, |s| s.to_pascal_case());
    for _ in 0..8 {
        let next = sanitize_with(&current, |s| s.to_pascal_case());
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// The snake_case method name progenitor gives an operationId.
pub fn snake_name(input: &str) -> String {
    sanitize_with(input, |s| s.to_snake_case())
}

/// `wanted` if no component schema of the document is called that (in any spelling typify
/// would map to the same type name); otherwise `wanted` with the first free number appended.
pub fn unique_component_name(doc: &Value, wanted: &str) -> String {
    let taken: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(|name| pascal_name(name)).collect())
        .unwrap_or_default();
    let wanted = pascal_name(wanted);
    if !taken.contains(&wanted) {
        return wanted;
    }
    (2..)
        .map(|n| pascal_name(&format!("{wanted}{n}")))
        .find(|candidate| !taken.contains(candidate))
        .expect("an unbounded range always has a free name")
}

fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_progenitor() {
        assert_eq!(
            pascal_name("create_file_storage_volume"),
            "CreateFileStorageVolume"
        );
        assert_eq!(pascal_name("get:v_m_n_i"), "GetVmni");
        assert_eq!(
            pascal_name(&format!("{}Error", pascal_name("get:v_m_n_i"))),
            "GetVmniError"
        );
        assert_eq!(snake_name("post:organization_x"), "post_organization_x");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(pascal_name("1up"), "X1up");
    }

    #[test]
    fn component_names_do_not_collide() {
        let doc = serde_json::json!({"components": {"schemas": {"MakeXError": {}, "make_x_error_2": {}}}});
        assert_eq!(unique_component_name(&doc, "MakeXError"), "MakeXError3");
        assert_eq!(unique_component_name(&doc, "Other"), "Other");
    }
}
