//! Load and validate: read an OpenAPI 3.0 document (YAML or JSON) and reject what the later
//! stages cannot handle, with the file and a JSON pointer (or line) in every error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{GenError, Result, pointer};

/// HTTP methods of a path item, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A spec that parsed and passed validation.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it came from, as given (used in messages and headers).
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex encoded, written into generated headers.
    pub sha256: String,
    /// The document as plain JSON, for pointer look-ups.
    pub document: Value,
    /// The typed OpenAPI model.
    pub openapi: OpenAPI,
}

/// Reads, parses and validates one spec file.
pub fn load_spec(path: &Path) -> Result<LoadedSpec> {
    let bytes = std::fs::read(path)
        .map_err(|err| GenError::file(path, format!("cannot read the spec: {err}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|err| GenError::file(path, format!("the spec is not UTF-8: {err}")))?;
    let is_json = path.extension().is_some_and(|ext| ext == "json");
    load_spec_from_str(path, &text, is_json)
}

/// Parses and validates a spec that is already in memory (a git blob, for instance);
/// `display_path` names it in errors. The one parsing path: [`load_spec`] uses it too.
pub fn load_spec_from_str(display_path: &Path, text: &str, is_json: bool) -> Result<LoadedSpec> {
    let document = parse_document(display_path, text, is_json)?;
    let openapi = validate(display_path, &document)?;
    Ok(LoadedSpec {
        path: display_path.to_path_buf(),
        sha256: hex_sha256(text.as_bytes()),
        document,
        openapi,
    })
}

/// Validates an already parsed document and returns its typed model.
pub fn validate(path: &Path, document: &Value) -> Result<OpenAPI> {
    check_version(path, document)?;
    check_refs(path, document)?;
    let openapi: OpenAPI = serde_path_to_error::deserialize(document).map_err(|err| {
        let (at, message) = narrow_model_error(document).unwrap_or_else(|| {
            (
                path_to_pointer(&err.path().to_string()),
                err.inner().to_string(),
            )
        });
        GenError::at(
            path,
            at,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
    })?;
    check_operations(path, document)?;
    Ok(openapi)
}

/// openapiv3 reads `paths` and `components` through flattened maps, which hides the failing
/// entry from serde_path_to_error; deserialising each entry on its own finds it.
fn narrow_model_error(document: &Value) -> Option<(String, String)> {
    fn first_failure<T: serde::de::DeserializeOwned>(
        parent: &[&str],
        entries: Option<&serde_json::Map<String, Value>>,
    ) -> Option<(String, String)> {
        for (name, value) in entries? {
            if name.starts_with("x-") {
                continue;
            }
            if let Err(err) = serde_path_to_error::deserialize::<_, T>(value) {
                let mut at = pointer(parent.iter().copied().chain([name.as_str()]));
                let inner = path_to_pointer(&err.path().to_string());
                at.push_str(&inner);
                return Some((at, err.inner().to_string()));
            }
        }
        None
    }
    use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    let object = |at: &str| document.pointer(at).and_then(Value::as_object);
    first_failure::<PathItem>(&["paths"], object("/paths"))
        .or_else(|| {
            first_failure::<ReferenceOr<Schema>>(
                &["components", "schemas"],
                object("/components/schemas"),
            )
        })
        .or_else(|| {
            first_failure::<ReferenceOr<Response>>(
                &["components", "responses"],
                object("/components/responses"),
            )
        })
        .or_else(|| {
            first_failure::<ReferenceOr<Parameter>>(
                &["components", "parameters"],
                object("/components/parameters"),
            )
        })
        .or_else(|| {
            first_failure::<ReferenceOr<RequestBody>>(
                &["components", "requestBodies"],
                object("/components/requestBodies"),
            )
        })
}

fn parse_document(path: &Path, text: &str, is_json: bool) -> Result<Value> {
    if is_json {
        serde_json::from_str(text).map_err(|err| {
            GenError::at_line(
                path,
                err.line(),
                err.column(),
                format!("invalid JSON: {err}"),
            )
        })
    } else {
        serde_yaml::from_str(text).map_err(|err| match err.location() {
            Some(at) => {
                GenError::at_line(path, at.line(), at.column(), format!("invalid YAML: {err}"))
            }
            None => GenError::file(path, format!("invalid YAML: {err}")),
        })
    }
}

fn check_version(path: &Path, document: &Value) -> Result<()> {
    if !document.is_object() {
        return Err(GenError::at(
            path,
            "",
            "the document is not a mapping of OpenAPI fields",
        ));
    }
    match document.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => Ok(()),
        Some(Value::String(version)) if version.starts_with("3.1") => Err(GenError::at(
            path,
            "/openapi",
            format!(
                "OpenAPI {version} is not supported: this generator (like progenitor) reads \
                 OpenAPI 3.0.x only; convert the document to 3.0.3"
            ),
        )),
        Some(other) => Err(GenError::at(
            path,
            "/openapi",
            format!("unsupported OpenAPI version {other}: expected 3.0.x"),
        )),
        None if document.get("swagger").is_some() => Err(GenError::at(
            path,
            "/swagger",
            "Swagger 2.0 is not supported: convert the document to OpenAPI 3.0.3",
        )),
        None => Err(GenError::at(
            path,
            "",
            "missing the `openapi` field (expected 3.0.x)",
        )),
    }
}

/// Every `$ref` must be local (`#/...`) and point at something that exists.
fn check_refs(path: &Path, document: &Value) -> Result<()> {
    let mut refs = Vec::new();
    collect_refs(document, &mut Vec::new(), &mut refs);
    for (at, target) in refs {
        let Some(local) = target.strip_prefix('#') else {
            return Err(GenError::at(
                path,
                at,
                format!("external $ref `{target}` is not supported: bundle the document first"),
            ));
        };
        let decoded = decode_pointer(local);
        if document.pointer(&decoded).is_none() {
            return Err(GenError::at(
                path,
                at,
                format!("$ref `{target}` points at nothing in this document"),
            ));
        }
    }
    Ok(())
}

fn collect_refs(value: &Value, at: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(key.clone());
                if key == "$ref" {
                    if let Value::String(target) = child {
                        out.push((pointer(at.iter()), target.clone()));
                    }
                } else {
                    collect_refs(child, at, out);
                }
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                at.push(index.to_string());
                collect_refs(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// A `$ref` fragment may percent-encode characters; JSON pointers do not.
fn decode_pointer(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%' && index + 2 < bytes.len())
            .then(|| Some(hex_digit(bytes[index + 1])? * 16 + hex_digit(bytes[index + 2])?))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

/// Every operation needs a unique operationId (it names the client method and the types),
/// and path items must be inline (progenitor cannot follow a path-item `$ref`).
fn check_operations(path: &Path, document: &Value) -> Result<()> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Err(GenError::at(path, "/paths", "the document has no `paths`"));
    };
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (route, item) in paths {
        if item.get("$ref").is_some() {
            return Err(GenError::at(
                path,
                pointer(["paths", route.as_str(), "$ref"]),
                "path-item $ref is not supported: inline the path item",
            ));
        }
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = pointer(["paths", route.as_str(), method]);
            check_path_parameters(path, document, route, item, operation, &at)?;
            check_body_schema(path, operation, &at)?;
            match operation.get("operationId").and_then(Value::as_str) {
                None => {
                    return Err(GenError::at(
                        path,
                        at,
                        format!(
                            "{} {route} has no operationId: every operation needs one, it names \
                             the client method and its types",
                            method.to_uppercase()
                        ),
                    ));
                }
                Some(id) if id.trim().is_empty() => {
                    return Err(GenError::at(
                        path,
                        format!("{at}/operationId"),
                        "empty operationId",
                    ));
                }
                Some(id) => {
                    if let Some(first) = seen.insert(id.to_string(), at.clone()) {
                        return Err(GenError::at(
                            path,
                            format!("{at}/operationId"),
                            format!("operationId `{id}` is already used at {first}"),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Every `{name}` of the path template needs a path parameter, on the operation or the path.
fn check_path_parameters(
    path: &Path,
    document: &Value,
    route: &str,
    item: &Value,
    operation: &Value,
    at: &str,
) -> Result<()> {
    let declared: Vec<&str> = [item.get("parameters"), operation.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(
            |parameter| match parameter.get("$ref").and_then(Value::as_str) {
                Some(target) => document
                    .pointer(target.trim_start_matches('#'))
                    .unwrap_or(parameter),
                None => parameter,
            },
        )
        .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|parameter| parameter.get("name").and_then(Value::as_str))
        .collect();
    let named = route
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name));
    for name in named {
        if !declared.contains(&name) {
            return Err(GenError::at(
                path,
                at,
                format!(
                    "the path names `{{{name}}}` but the operation declares no path parameter `{name}`"
                ),
            ));
        }
    }
    Ok(())
}

/// A request body's media types each need a schema (progenitor cannot type one without).
fn check_body_schema(path: &Path, operation: &Value, at: &str) -> Result<()> {
    let Some(content) = operation
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
    else {
        return Ok(());
    };
    for (media_type, body) in content {
        if body.get("schema").is_none() {
            return Err(GenError::at(
                path,
                format!(
                    "{at}/requestBody/content/{}",
                    crate::error::escape_pointer_segment(media_type)
                ),
                "the request body has no schema: give it one (`{}` accepts any JSON)",
            ));
        }
    }
    Ok(())
}

/// Turns serde_path_to_error's `a.b[0].c` path into a JSON pointer `/a/b/0/c`.
fn path_to_pointer(path: &str) -> String {
    if path == "." || path.is_empty() {
        return String::new();
    }
    let mut segments = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            let (name, indexes) = rest.split_at(open);
            if !name.is_empty() {
                segments.push(name.to_string());
            }
            rest = indexes;
            for index in rest.split('[').filter(|s| !s.is_empty()) {
                segments.push(index.trim_end_matches(']').to_string());
            }
        } else {
            segments.push(rest.to_string());
        }
    }
    pointer(segments)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_pointers() {
        assert_eq!(
            path_to_pointer("paths./a~b.post.responses"),
            "/paths/~1a~0b/post/responses"
        );
        assert_eq!(path_to_pointer("tags[2].name"), "/tags/2/name");
        assert_eq!(path_to_pointer("."), "");
    }

    #[test]
    fn percent_escapes_in_refs_are_decoded() {
        assert_eq!(decode_pointer("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(decode_pointer("/x%"), "/x%");
        assert_eq!(decode_pointer("/x%é1"), "/x%é1");
    }
}
