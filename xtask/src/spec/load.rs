//! Load and validate: read an OpenAPI 3.0 or 3.1 or Swagger 2.0 document (YAML or JSON) and reject what the later
//! stages cannot handle, with the file and a JSON pointer (or line) in every error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::bundle::{BundledFiles, bundle};
use super::downgrade::downgrade;
use super::operations::operations;
use super::parse::parse_document;
use super::path_items::inline_path_item_refs;
use super::pointer::{from_serde_path, pointer};
use super::refs::{lookup, references};
use super::repair::{drop_unreadable_keyword, repair};
use super::swagger2::{self, is_swagger2};
use crate::error::{GenError, Located, Location, Result};

/// Most keywords dropped from one document because openapiv3 cannot read them.
const MAX_REPAIRS: usize = 200;

/// A spec that parsed and passed validation.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it came from, as given (used in messages and headers).
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex encoded, written into generated headers.
    pub sha256: String,
    /// The document as plain JSON, for pointer look-ups.
    pub document: Value,
    /// Places the loader read differently from how they are written (OpenAPI 3.1 constructs
    /// read as 3.0, skipped webhooks), to be reported as warnings.
    pub warnings: Vec<Located>,
}

/// Reads, parses and validates one spec file.
pub fn load_spec(path: &Path) -> Result<LoadedSpec> {
    let bytes = std::fs::read(path)
        .map_err(|err| GenError::file(path, format!("cannot read the spec: {err}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|err| GenError::file(path, format!("the spec is not UTF-8: {err}")))?;
    let is_json = path.extension().is_some_and(|ext| ext == "json");
    load_document(path, &text, is_json, true)
}

/// Parses and validates a spec that is already in memory (a git blob, for instance);
/// `display_path` names it in errors. The one parsing path: [`load_spec`] uses it too.
/// Relative-file `$ref`s are not followed here (there are no files beside it): such a
/// reference is a located error.
pub fn load_spec_from_str(display_path: &Path, text: &str, is_json: bool) -> Result<LoadedSpec> {
    load_document(display_path, text, is_json, false)
}

/// The one loading path; `beside_files`: whether relative-file references are bundled from
/// the files beside `display_path` (see [`super::bundle`]).
fn load_document(
    display_path: &Path,
    text: &str,
    is_json: bool,
    beside_files: bool,
) -> Result<LoadedSpec> {
    let (mut document, mut warnings) = parse_document(display_path, text, is_json)?;
    check_version(display_path, &document)?;
    if is_swagger2(&document) {
        warnings.extend(swagger2::bare_definition_references(&mut document));
    }
    let bundled = if beside_files {
        bundle(display_path, &mut document)?
    } else {
        Vec::new()
    };
    // After bundling (a 2.0 document's other files are 2.0 too), before everything that reads
    // 3.0; its warnings point into the 2.0 document as written, and so do those of the later
    // passes, through the source map.
    let source_map = is_swagger2(&document).then(|| {
        let (converted, map) = swagger2::convert(&mut document);
        warnings.extend(converted);
        map
    });
    let in_source = |at: &str| match &source_map {
        Some(map) => map.locate(at),
        None => at.to_string(),
    };
    let located_in_source = |err: GenError| match err.pointer() {
        Some(at) => GenError::at(&err.file, in_source(at), err.message),
        None => err,
    };
    let mut later = Vec::new();
    // Before the 3.1 downgrade, which drops `components.pathItems` that paths may refer to.
    later.extend(inline_path_item_refs(&mut document));
    later.extend(downgrade(&mut document));
    later.extend(repair(&mut document));
    // A keyword openapiv3 cannot read is dropped with a warning, one at a time (a bounded
    // number of times: each pass removes one key, and every other defect is an error).
    let mut passes = 0;
    loop {
        match validate(display_path, &document) {
            Ok(()) => break,
            Err(err) if passes < MAX_REPAIRS => {
                let Some(at) = err.pointer().map(str::to_string) else {
                    return Err(err);
                };
                match drop_unreadable_keyword(&mut document, &at, &err.message) {
                    Some(warning) => later.push(warning),
                    None => return Err(located_in_source(err)),
                }
                passes += 1;
            }
            Err(err) => return Err(located_in_source(err)),
        }
    }
    warnings.extend(later.into_iter().map(|warning| match &warning.location {
        Location::Pointer(at) => Located::at(in_source(at), warning.message),
        _ => warning,
    }));
    Ok(LoadedSpec {
        path: display_path.to_path_buf(),
        sha256: document_sha256(text, &bundled),
        document,
        warnings,
    })
}

/// Validates an already parsed document: its references, its operations, and that openapiv3
/// (progenitor's model) reads it. The model read here is not kept: the generator reads the
/// normalised copy, and holding both would only add to the peak memory.
pub fn validate(path: &Path, document: &Value) -> Result<()> {
    check_version(path, document)?;
    check_refs(path, document)?;
    serde_path_to_error::deserialize::<_, OpenAPI>(document).map_err(|err| {
        let (at, message) = narrow_model_error(document).unwrap_or_else(|| {
            (
                from_serde_path(&err.path().to_string()),
                err.inner().to_string(),
            )
        });
        GenError::at(
            path,
            at,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
    })?;
    check_referenced_subschemas(path, document)?;
    check_operations(path, document)
}

/// A `$ref` may point into the middle of a schema (`#/components/schemas/A/definitions/b`),
/// where openapiv3 does not look (it skips keywords it does not know, such as `definitions`);
/// the generator makes such a subschema a component, so it must be readable as one.
fn check_referenced_subschemas(path: &Path, document: &Value) -> Result<()> {
    use openapiv3::{ReferenceOr, Schema};
    for (_, target) in references(document) {
        let Some(fragment) = target.strip_prefix('#') else {
            continue;
        };
        let at = super::pointer::decode_fragment(fragment);
        if !is_nested_schema(&at) {
            continue;
        }
        let Some(schema) = document.pointer(&at) else {
            continue;
        };
        if let Some((inner, message)) = read_failure::<ReferenceOr<Schema>>(schema) {
            return Err(GenError::at(
                path,
                format!("{at}{inner}"),
                format!("not a valid OpenAPI 3.0 document: {message}"),
            ));
        }
    }
    Ok(())
}

/// Why `value` cannot be read as a `T`: the pointer inside it and the message, or `None` when
/// it can. openapiv3 flattens schemas, which hides the failing key from serde_path_to_error
/// below the first flattened level; from there, the place is found by descending into the
/// child whose removal makes the whole value readable, as long as there is one.
fn read_failure<T: serde::de::DeserializeOwned>(value: &Value) -> Option<(String, String)> {
    let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let mut at = from_serde_path(&err.path().to_string());
    while let Some(Value::Object(node)) = value.pointer(&at) {
        let culprit = node.keys().find(|key| {
            let mut without = value.clone();
            if let Some(Value::Object(parent)) = without.pointer_mut(&at) {
                parent.remove(*key);
            }
            serde_json::from_value::<T>(without).is_ok()
        });
        let Some(key) = culprit else {
            break;
        };
        at = format!("{at}{}", pointer([key.as_str()]));
    }
    Some((at, err.inner().to_string()))
}

/// Whether `at` names a schema inside another schema (not a whole component).
fn is_nested_schema(at: &str) -> bool {
    let segments: Vec<String> = at
        .split('/')
        .skip(1)
        .map(super::pointer::unescape_segment)
        .collect();
    let [.., parent, last] = segments.as_slice() else {
        return false;
    };
    let is_component = segments.len() == 3 && segments[0] == "components";
    !is_component
        && (matches!(
            parent.as_str(),
            "definitions" | "$defs" | "properties" | "patternProperties"
        ) || matches!(parent.as_str(), "allOf" | "anyOf" | "oneOf")
            && last.parse::<usize>().is_ok()
            || matches!(
                last.as_str(),
                "items" | "additionalProperties" | "not" | "schema"
            ))
}

/// openapiv3 reads `paths` and `components` through flattened maps, which hides the failing
/// entry from serde_path_to_error; deserialising each entry on its own finds it.
fn narrow_model_error(document: &Value) -> Option<(String, String)> {
    fn first_failure<T: serde::de::DeserializeOwned>(
        parent: &[&str],
        entries: Option<&serde_json::Map<String, Value>>,
    ) -> Option<(String, String)> {
        entries?
            .iter()
            .filter(|(name, _)| !name.starts_with("x-"))
            .find_map(|(name, value)| {
                let (inner, message) = read_failure::<T>(value)?;
                let at = pointer(parent.iter().copied().chain([name.as_str()]));
                Some((format!("{at}{inner}"), message))
            })
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

fn check_version(path: &Path, document: &Value) -> Result<()> {
    if !document.is_object() {
        return Err(GenError::at(
            path,
            "",
            "the document is not a mapping of OpenAPI fields",
        ));
    }
    match document.get("openapi") {
        Some(Value::String(version))
            if version.starts_with("3.0.") || version.starts_with("3.1.") =>
        {
            Ok(())
        }
        Some(other) => Err(GenError::at(
            path,
            "/openapi",
            format!("unsupported OpenAPI version {other}: expected 3.0.x or 3.1.x"),
        )),
        None if is_swagger2(document) => Ok(()),
        None if document.get("swagger").is_some() => Err(GenError::at(
            path,
            "/swagger",
            format!(
                "unsupported Swagger version {}: expected 2.0",
                document["swagger"]
            ),
        )),
        None => Err(GenError::at(
            path,
            "",
            "missing the `openapi` field (expected 3.0.x or 3.1.x)",
        )),
    }
}

/// Every `$ref` must be local (`#/...`) and point at something that exists.
fn check_refs(path: &Path, document: &Value) -> Result<()> {
    for (at, target) in references(document) {
        if !target.starts_with('#') {
            return Err(GenError::at(
                path,
                at,
                format!(
                    "external $ref `{target}` cannot be followed from a document read without \
                     its folder (e.g. from git): bundle the document first"
                ),
            ));
        }
        if lookup(document, &target).is_none() {
            return Err(GenError::at(
                path,
                at,
                format!("$ref `{target}` points at nothing in this document"),
            ));
        }
    }
    Ok(())
}

/// operationIds are unique and path items inline (local path-item `$ref`s were inlined on
/// load, see [`super::path_items`]); duplicate operationIds and undeclared path parameters
/// were repaired before (see [`super::repair`]), so only a document read without repairs
/// can fail here.
fn check_operations(path: &Path, document: &Value) -> Result<()> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Err(GenError::at(path, "/paths", "the document has no `paths`"));
    };
    if let Some(route) = paths
        .iter()
        .find_map(|(route, item)| item.get("$ref").map(|_| route))
    {
        return Err(GenError::at(
            path,
            pointer(["paths", route.as_str(), "$ref"]),
            "this path item's `$ref` could not be followed to a path item in this document \
             (a cycle, or a chain longer than 16)",
        ));
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for op in operations(document) {
        let at = &op.pointer;
        // A missing operationId is fine (the generator names the operation); a duplicate is
        // not, since each must identify one operation.
        let Some(id) = op.operation_id().filter(|id| !id.trim().is_empty()) else {
            continue;
        };
        if let Some(first) = seen.insert(id.to_string(), at.clone()) {
            return Err(GenError::at(
                path,
                format!("{at}/operationId"),
                format!("operationId `{id}` is already used at {first}"),
            ));
        }
    }
    Ok(())
}

/// SHA-256 of the document's text, and of each file bundled into it (with its path), so that
/// a change in any of them changes the hash written into generated headers.
fn document_sha256(text: &str, bundled: &BundledFiles) -> String {
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    for (path, bytes) in bundled {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
