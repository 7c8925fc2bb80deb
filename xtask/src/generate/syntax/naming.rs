//! Rust names for spec names, computed exactly as progenitor and typify compute them.

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;

/// typify's `sanitize`: `+1` and `-1` spelled out as they are (`plus1`, `minus1`), anything
/// else with quotes dropped and non-identifier characters as word breaks.
fn sanitize_with(input: &str, to_case: fn(&str) -> String) -> String {
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => {
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
            to_case(&cleaned)
        }
    };
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

/// The Rust names of a document's component schemas, collected once, so that naming a new
/// component costs a look-up rather than a scan of every schema.
pub struct ComponentNames {
    taken: std::collections::HashSet<String>,
}

impl ComponentNames {
    /// The names of `doc`'s component schemas.
    pub fn new(doc: &Value) -> Self {
        let taken = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().map(|name| pascal_name(name)).collect())
            .unwrap_or_default();
        Self { taken }
    }

    /// `wanted` if no component is called that (in any spelling typify maps to the same type
    /// name), else `wanted` with the first free number appended; the name is taken from then on.
    pub fn unique(&mut self, wanted: &str) -> String {
        let wanted = pascal_name(wanted);
        let name = if self.taken.contains(&wanted) {
            (2..)
                .map(|n| pascal_name(&format!("{wanted}{n}")))
                .find(|candidate| !self.taken.contains(candidate))
                .expect("an unbounded range always has a free name")
        } else {
            wanted
        };
        self.taken.insert(name.clone());
        name
    }
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
        let mut names = ComponentNames::new(&doc);
        assert_eq!(names.unique("MakeXError"), "MakeXError3");
        assert_eq!(names.unique("Other"), "Other");
        assert_eq!(names.unique("other"), "Other2");
    }
}
