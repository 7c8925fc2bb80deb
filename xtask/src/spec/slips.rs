//! Repairs of the slips common in hand-written documents, each read the way its author
//! evidently meant, with a warning at its place (called from [`super::repair`]). OpenAPI 3.0
//! requires each of these, so without the repair the whole document would be refused for
//! one omission; other generators read them too.
//!
//! - no `info`, or an `info` without `title` or `version`: an untitled API of version `0.0.0`;
//! - no `paths` (a library of components, or a models-only document): no operations, so the
//!   crate has its types and a client without methods;
//! - an operation without `responses` (optional in 3.1): no documented response, so any
//!   success is accepted without a body;
//! - a response without `description`: an empty description;
//! - a response keyed by something other than a status code (`200`), a range (`2XX`),
//!   `default` or an extension (`x-…`): left out, since no status can select it;
//! - a path without its leading `/`: read with one; characters a URL path cannot hold
//!   (control characters, spaces, quotes, `<>\\^|` and backticks) outside its `{…}`
//!   variables: percent-encoded, as a client sends them anyway; a template whose braces do not
//!   pair or whose variable name holds `/`, `{` or a control character cannot name a
//!   parameter: that path item is left out.

use serde_json::{Map, Value, json};

use super::operations::operations;
use super::pointer::{child, pointer};
use crate::error::Located;

/// The title an API without one is given.
pub const UNTITLED: &str = "Untitled API";

/// Repairs the slips of `doc` (see the module docs).
pub fn repair_slips(doc: &mut Value, warnings: &mut Vec<Located>) {
    info(doc, warnings);
    path_templates(doc, warnings);
    if doc.get("paths").is_none() {
        warnings.push(Located::at(
            "",
            "the document has no `paths`: read as an API of components only, without operations",
        ));
        if let Some(fields) = doc.as_object_mut() {
            fields.insert("paths".to_string(), json!({}));
        }
    }
    for at in operations_without_responses(doc) {
        warnings.push(Located::at(
            &at,
            "the operation documents no `responses`: any success is accepted, without a body",
        ));
        if let Some(operation) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
            operation.insert("responses".to_string(), json!({}));
        }
    }
    for holder in response_maps(doc) {
        let Some(responses) = doc.pointer_mut(&holder).and_then(Value::as_object_mut) else {
            continue;
        };
        repair_responses(&holder, responses, warnings);
    }
}

fn info(doc: &mut Value, warnings: &mut Vec<Located>) {
    let Some(fields) = doc.as_object_mut() else {
        return;
    };
    let whole = !fields.get("info").is_some_and(Value::is_object);
    if whole {
        warnings.push(Located::at(
            "/info",
            format!("the document has no `info` object: read as `{UNTITLED}`, version `0.0.0`"),
        ));
        fields.insert("info".to_string(), json!({}));
    }
    let Some(info) = fields.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    for (field, fallback) in [("title", UNTITLED), ("version", "0.0.0")] {
        if info.get(field).is_some_and(Value::is_string) {
            continue;
        }
        if !whole {
            warnings.push(Located::at(
                child("/info", field),
                format!("`info` has no `{field}` (text): read as `{fallback}`"),
            ));
        }
        info.insert(field.to_string(), Value::String(fallback.to_string()));
    }
}

/// Repairs or leaves out each path template progenitor could not read (see the module docs),
/// keeping the order of the others.
fn path_templates(doc: &mut Value, warnings: &mut Vec<Located>) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    if paths
        .keys()
        .all(|route| readable_route(route) == Some(route.clone()))
    {
        return;
    }
    let old = std::mem::take(paths);
    for (route, item) in old {
        if route.starts_with("x-") {
            paths.insert(route, item);
            continue;
        }
        let at = pointer(["paths", route.as_str()]);
        match readable_route(&route) {
            Some(repaired) if repaired == route => {
                paths.insert(route, item);
            }
            Some(repaired) if !paths.contains_key(&repaired) => {
                warnings.push(Located::at(
                    &at,
                    format!(
                        "the path `{}` is not one a URL can hold as written: read as `{repaired}`",
                        route.escape_debug()
                    ),
                ));
                paths.insert(repaired, item);
            }
            _ => warnings.push(Located::at(
                &at,
                format!(
                    "the path template `{}` cannot be read (its braces do not pair, or a \
                     variable's name holds `/`, `{{` or a control character, or it repeats \
                     another path once repaired); this path item is left out",
                    route.escape_debug()
                ),
            )),
        }
    }
}

/// `route` as progenitor can read it: with a leading `/`, and every character a URL path
/// cannot hold percent-encoded outside the `{…}` variables; `None` when a variable cannot name
/// a parameter.
fn readable_route(route: &str) -> Option<String> {
    let mut out = String::with_capacity(route.len() + 1);
    if !route.starts_with('/') {
        out.push('/');
    }
    let mut variable: Option<String> = None;
    for c in route.chars() {
        match (&mut variable, c) {
            (None, '{') => variable = Some(String::new()),
            (None, '}') => return None,
            (None, c) if c.is_control() || " \"<>\\^`|".contains(c) => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            (None, c) => out.push(c),
            (Some(name), '}') => {
                if name.is_empty() {
                    return None;
                }
                out.push('{');
                out.push_str(name);
                out.push('}');
                variable = None;
            }
            (Some(_), c) if c == '{' || c == '/' || c.is_control() => return None,
            (Some(name), c) => name.push(c),
        }
    }
    variable.is_none().then_some(out)
}

/// The pointers of the operations that have no `responses` object.
fn operations_without_responses(doc: &Value) -> Vec<String> {
    operations(doc)
        .into_iter()
        .filter(|op| op.value.get("responses").is_none())
        .map(|op| op.pointer)
        .collect()
}

/// The pointers of every map of responses: each operation's `responses`, keyed by status, and
/// `components/responses`, keyed by the author's names.
fn response_maps(doc: &Value) -> Vec<String> {
    operations(doc)
        .into_iter()
        .filter(|op| op.value.get("responses").is_some_and(Value::is_object))
        .map(|op| child(&op.pointer, "responses"))
        .chain(component_responses(doc))
        .collect()
}

/// The pointer of `components/responses`, if the document has that map.
fn component_responses(doc: &Value) -> Option<String> {
    doc.pointer("/components/responses")
        .filter(|responses| responses.is_object())
        .map(|_| pointer(["components", "responses"]))
}

/// Repairs one map of responses (at `holder`): keys that are no status are left out, unless the
/// map is `components/responses`, whose keys are names; every response gets a description.
fn repair_responses(holder: &str, responses: &mut Map<String, Value>, warnings: &mut Vec<Located>) {
    let named = holder == "/components/responses";
    if !named {
        let unusable: Vec<String> = responses
            .keys()
            .filter(|key| !is_status_key(key))
            .cloned()
            .collect();
        for key in unusable {
            responses.remove(&key);
            warnings.push(Located::at(
                child(holder, &key),
                format!(
                    "response key `{key}` is not a status code (`200`), a range (`2XX`) or \
                     `default`; no response can select it, so it is left out"
                ),
            ));
        }
    }
    for (key, response) in responses.iter_mut() {
        let Some(fields) = response.as_object_mut() else {
            continue;
        };
        if fields.contains_key("$ref") || key.starts_with("x-") {
            continue;
        }
        if !fields.get("description").is_some_and(Value::is_string) {
            fields.insert("description".to_string(), Value::String(String::new()));
            warnings.push(Located::at(
                child(&child(holder, key), "description"),
                "the response has no `description` (text): read as an empty one",
            ));
        }
    }
}

/// Whether a key of an operation's `responses` can name a response: a status code from 100
/// to 599, a range `1XX`–`5XX` (any case), `default`, or an extension.
fn is_status_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    key == "default"
        || key.starts_with("x-")
        || bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(u8::is_ascii_digit) || bytes[1..].eq_ignore_ascii_case(b"xx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(mut doc: Value) -> (Value, Vec<String>) {
        let mut warnings = Vec::new();
        repair_slips(&mut doc, &mut warnings);
        let said = warnings
            .iter()
            .map(|warning| format!("{:?}: {}", warning.location, warning.message))
            .collect();
        (doc, said)
    }

    #[test]
    fn a_document_without_info_or_paths_is_an_untitled_api_of_components() {
        let (doc, warnings) = repaired(json!({"openapi": "3.0.3", "components": {}}));
        assert_eq!(doc["info"], json!({"title": UNTITLED, "version": "0.0.0"}));
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
    }

    #[test]
    fn operations_and_responses_get_what_they_lack() {
        let (doc, warnings) = repaired(json!({
            "info": {"title": "T", "version": "1"},
            "paths": {"/a": {
                "get": {},
                "post": {"responses": {"200": {}, "abcdef": {"description": "?"},
                                       "4xx": {"description": "e"}, "x-note": 1}}
            }}
        }));
        assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
        assert_eq!(
            doc["paths"]["/a"]["post"]["responses"],
            json!({"200": {"description": ""}, "4xx": {"description": "e"}, "x-note": 1})
        );
        assert_eq!(warnings.len(), 3, "{warnings:#?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("/paths/~1a/post/responses/abcdef"))
        );
    }

    #[test]
    fn paths_are_read_as_a_url_holds_them_or_left_out() {
        let (doc, warnings) = repaired(json!({
            "info": {"title": "T", "version": "1"},
            "paths": {
                "/fine/{id}": {},
                "no-slash": {},
                "/a b\n\"c\"/{id}": {},
                "/broken/{a/b}": {},
                "/open/{id": {},
                "x-extension": {}
            }
        }));
        let routes: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        assert_eq!(
            routes,
            [
                "/fine/{id}",
                "/no-slash",
                "/a%20b%0A%22c%22/{id}",
                "x-extension"
            ]
        );
        assert_eq!(warnings.len(), 4, "{warnings:#?}");
    }

    #[test]
    fn status_keys() {
        for key in ["200", "599", "2XX", "4xx", "default", "x-any"] {
            assert!(is_status_key(key), "{key}");
        }
        for key in ["abcdef", "600", "099", "20", "2000", "6XX", "X00", ""] {
            assert!(!is_status_key(key), "{key}");
        }
    }
}
