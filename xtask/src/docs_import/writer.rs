//! Writing the draft: YAML text (deterministic: the same document gives the same bytes), and
//! atomic replacement of a file (a temporary file beside it, then a rename), so a failure
//! never leaves a half-written spec.

use std::path::Path;

use serde_json::Value;

use crate::error::{GenError, Result};

/// The document as the file `path` names it: JSON for `*.json` (which has no comments), else
/// YAML after a header comment.
pub fn to_text(path: &Path, document: &Value, header: &str) -> Result<String> {
    if path.extension().is_some_and(|ext| ext == "json") {
        let text = serde_json::to_string_pretty(document).map_err(|err| {
            GenError::file(path, format!("cannot write the draft as JSON: {err}"))
        })?;
        return Ok(text + "\n");
    }
    to_yaml(document, header)
}

/// The document as YAML, after a header comment.
pub fn to_yaml(document: &Value, header: &str) -> Result<String> {
    let body = serde_yaml::to_string(document).map_err(|err| {
        GenError::file("(draft)", format!("cannot write the draft as YAML: {err}"))
    })?;
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// Replaces `path` with `text` atomically.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|err| GenError::file(&parent, format!("cannot create the folder: {err}")))?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".to_string());
    let temporary = parent.join(format!(".{name}.docs-import-{}", std::process::id()));
    std::fs::write(&temporary, text)
        .map_err(|err| GenError::file(&temporary, format!("cannot write: {err}")))?;
    std::fs::rename(&temporary, path).map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        GenError::file(path, format!("cannot replace the file: {err}"))
    })
}

/// The order of a schema's keywords in the written draft (others follow in their order).
const KEYWORD_ORDER: [&str; 16] = [
    "description",
    "x-inferred",
    "type",
    "format",
    "nullable",
    "enum",
    "minProperties",
    "maxProperties",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "discriminator",
    "example",
];

/// Puts every schema's keywords in one order (description first, then type, …), so that a
/// reviewer reads every schema the same way.
pub fn tidy(document: &mut Value) {
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            tidy_schema(schema, 0);
        }
    }
    super::components::for_each_root(document, &mut |schema| tidy_schema(schema, 0));
}

fn tidy_schema(schema: &mut Value, depth: usize) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if depth > 64 {
        return;
    }
    let mut ordered = serde_json::Map::new();
    for key in KEYWORD_ORDER {
        if let Some(value) = object.remove(key) {
            ordered.insert(key.to_string(), value);
        }
    }
    ordered.append(object);
    for (key, value) in ordered.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let Some(map) = value.as_object_mut() {
                    map.values_mut()
                        .for_each(|child| tidy_schema(child, depth + 1));
                }
            }
            "items" | "additionalProperties" => tidy_schema(value, depth + 1),
            "allOf" | "oneOf" | "anyOf" => {
                if let Some(list) = value.as_array_mut() {
                    list.iter_mut()
                        .for_each(|child| tidy_schema(child, depth + 1));
                }
            }
            _ => {}
        }
    }
    *object = ordered;
}
