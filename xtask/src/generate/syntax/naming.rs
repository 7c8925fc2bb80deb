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

/// The type names the generated crate's root defines itself (the runtime, retry, client and
/// errors templates and `lib.rs`). The root also re-exports every operation's error and
/// success enum (`errors::*`, `responses::*`), so no invented name may be one of these: an
/// operation `build` would otherwise get an error enum `BuildError` beside the client
/// builder's. `render::item_names`'s `crate_root_names_are_the_templates` keeps the list true.
pub const CRATE_ROOT_NAMES: [&str; 15] = [
    "ApiResult",
    "BuildError",
    "ByteStream",
    "Client",
    "ClientBuilder",
    "ClientInfo",
    "ClientState",
    "Credential",
    "DocumentedError",
    "Error",
    "ResponseValue",
    "RetryPolicy",
    "builder",
    "prelude",
    "types",
];

/// The one allocator of the Rust type names the generator invents (hoisted components,
/// request and response bodies, success and error enums): every name it hands out is free
/// among the document's component schemas, the names the crate root defines
/// ([`CRATE_ROOT_NAMES`]) and, where built with [`ComponentNames::with_typify_names`], the
/// names typify gives inline types; and it is taken from then on.
pub struct ComponentNames {
    taken: std::collections::HashSet<String>,
    renamed: Vec<crate::error::Located>,
}

impl ComponentNames {
    /// The names of `doc`'s component schemas and of the crate root.
    pub fn new(doc: &Value) -> Self {
        let taken = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().map(|name| pascal_name(name)).collect())
            .unwrap_or_default();
        let mut names = Self {
            taken,
            renamed: Vec::new(),
        };
        names
            .taken
            .extend(CRATE_ROOT_NAMES.iter().map(|name| name.to_string()));
        names
    }

    /// [`ComponentNames::new`], and the names typify will give the inline types of `doc`'s
    /// component properties (`Job` + `state` → `JobState`): for names invented after the
    /// document's own schemas are final, which must not take a name typify is about to use.
    pub fn with_typify_names(doc: &Value) -> Self {
        let mut names = Self::new(doc);
        names.taken.extend(typify_inline_type_names(doc));
        names
    }

    /// `wanted` if no type is called that (in any spelling typify maps to the same type
    /// name), else `wanted` with the first free number appended, with a warning located at
    /// `at` (the schema or operation the type is for); the name is taken from then on.
    pub fn unique(&mut self, wanted: &str, at: &str) -> String {
        let wanted = pascal_name(wanted);
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let name = (2..)
            .map(|n| pascal_name(&format!("{wanted}{n}")))
            .find(|candidate| !self.taken.contains(candidate))
            .expect("an unbounded range always has a free name");
        self.taken.insert(name.clone());
        self.renamed.push(crate::error::Located::at(
            at,
            format!(
                "the Rust type for this would be `{wanted}`, which another type of the generated \
                 crate already has; it is generated as `{name}`"
            ),
        ));
        name
    }

    /// The warnings of the names that had to change, in the order they were handed out.
    pub fn take_warnings(&mut self) -> Vec<crate::error::Located> {
        std::mem::take(&mut self.renamed)
    }
}

/// Whether typify gives this schema, met inline as a property, a type of its own named after
/// the property's holder (an enum, an object, an `anyOf`/`oneOf`, an `allOf` that merges, a
/// string with a length or a pattern, which becomes a checked newtype), rather than a built-in
/// type or the type of a `$ref`.
pub fn typify_names_inline(value: &Value) -> bool {
    // An `allOf` of one `$ref` (beside members that only annotate, as AWS documents write
    // `allOf: [{$ref: String}, {description: …}]`) is that type, not a new one.
    let annotates = |member: &Value| {
        member.as_object().is_some_and(|member| {
            member.keys().all(|key| {
                matches!(
                    key.as_str(),
                    "description" | "title" | "example" | "deprecated" | "nullable"
                ) || key.starts_with("x-")
            })
        })
    };
    let wraps_one_ref = value
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|members| {
            members
                .iter()
                .filter(|member| member.get("$ref").is_some())
                .count()
                == 1
                && members
                    .iter()
                    .all(|member| member.get("$ref").is_some() || annotates(member))
        });
    value.get("$ref").is_none()
        && (["enum", "properties", "oneOf", "anyOf"]
            .iter()
            .any(|keyword| value.get(*keyword).is_some())
            || value.get("allOf").is_some() && !wraps_one_ref
            || constrained_string(value))
}

/// A string schema with `minLength`, `maxLength` or `pattern`: typify writes a newtype that
/// checks them (`pub struct TagName(String)`).
fn constrained_string(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("string")
        && ["minLength", "maxLength", "pattern"]
            .iter()
            .any(|keyword| value.get(*keyword).is_some())
}

/// The names typify gives the inline types of the component schemas' properties (holder and
/// property: `Job` + `state` → `JobState`, or the schema's `title`), so that names the
/// generator invents later can keep clear of them.
pub fn typify_inline_type_names(doc: &Value) -> Vec<String> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for (name, schema) in schemas {
        let inline_members = schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|member| member.get("$ref").is_none());
        for holder in std::iter::once(schema).chain(inline_members) {
            for (property, value) in holder
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if !typify_names_inline(value) {
                    continue;
                }
                names.push(match value.get("title").and_then(Value::as_str) {
                    Some(title) => pascal_name(title),
                    None => pascal_name(&format!("{}{}", pascal_name(name), pascal_name(property))),
                });
            }
        }
    }
    names
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

/// The client runtime's functions every request builder's `send` calls by their bare names
/// (`progenitor/builder_plumbing.rs` imports them into the `builder` module): a parameter must
/// not take one of these names, or its binding would shadow the function
/// (`normalise/parameters.rs` renames such a parameter).
pub const BUILDER_RUNTIME_FUNCTIONS: [&str; 8] = [
    "answer",
    "convert",
    "convert_explained",
    "empty",
    "error_response",
    "json",
    "parameter_text",
    "stream",
];

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
        assert_eq!(names.unique("MakeXError", "/paths/~1x/post"), "MakeXError3");
        assert_eq!(names.unique("Other", "/a"), "Other");
        assert_eq!(names.unique("other", "/b"), "Other2");
        assert_eq!(
            names.unique("build_error", "/paths/~1build/post"),
            "BuildError2"
        );
        let warnings = names.take_warnings();
        let shown: Vec<(String, String)> = warnings
            .iter()
            .map(|warning| (format!("{:?}", warning.location), warning.message.clone()))
            .collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].0.contains("/paths/~1x/post") && shown[0].1.contains("`MakeXError3`"));
        assert!(shown[2].0.contains("/paths/~1build/post") && shown[2].1.contains("`BuildError2`"));
    }
}
