//! Importing into a spec that exists: the operations and components it lacks are added, and
//! every place where a page and the existing spec differ is reported (docs-check's comparison
//! of the page with the spec, and each shared component that differs), without changing
//! curated content — unless `--replace` asks for the imported version.

use serde_json::{Map, Value};

use crate::docs_check::allow::AllowEntry;
use crate::docs_check::compare::compare_page;
use crate::docs_check::page::Page;
use crate::spec::LoadedSpec;

/// What merging did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The merged document.
    pub document: Value,
    /// Operations added (`METHOD path`).
    pub added_operations: Vec<String>,
    /// Operations replaced (with `--replace`).
    pub replaced_operations: Vec<String>,
    /// Components added.
    pub added_components: Vec<String>,
    /// One line per difference between the pages and the existing spec.
    pub differences: Vec<String>,
}

/// Merges `draft` into `existing`. A difference the draft makes on purpose too (`deliberate`,
/// the draft's own allow-list) is not reported.
pub fn merge(
    existing: &LoadedSpec,
    draft: &Value,
    pages: &[Page],
    deliberate: &[AllowEntry],
    replace: bool,
) -> Merged {
    let mut document = existing.document.clone();
    let mut merged = Merged::default();
    let existing_ops: Vec<(String, String)> = crate::spec::operations(&existing.document)
        .iter()
        .map(|op| (op.route.to_string(), op.method.to_string()))
        .collect();
    // Differences of the operations the spec already has: docs-check's comparison.
    for page in pages {
        for finding in compare_page(page, std::slice::from_ref(existing)) {
            if finding.thing == "operation" || deliberate.iter().any(|entry| entry.allows(&finding))
            {
                continue; // an operation the spec lacks is added below
            }
            merged.differences.push(format!(
                "{} {}: {}: page {}; spec {}",
                finding.page,
                finding.operation,
                finding.thing,
                finding.page_says,
                finding.spec_says
            ));
        }
    }
    if let Some(paths) = draft.get("paths").and_then(Value::as_object) {
        for (route, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                let key = format!("{} {route}", method.to_ascii_uppercase());
                let known = existing_ops.iter().any(|(r, m)| r == route && m == method);
                if known && !replace {
                    continue;
                }
                let slot = object_at(&mut document, &["paths", route]);
                slot.insert(method.clone(), operation.clone());
                if known {
                    merged.replaced_operations.push(key);
                } else {
                    merged.added_operations.push(key);
                }
            }
        }
    }
    // Only the components the added (or replaced) operations use.
    let mut wanted: Vec<String> = Vec::new();
    let mut queue: Vec<Value> = Vec::new();
    if let Some(paths) = draft.get("paths").and_then(Value::as_object) {
        for key in merged
            .added_operations
            .iter()
            .chain(&merged.replaced_operations)
        {
            let (method, route) = key.split_once(' ').unwrap_or_default();
            if let Some(op) = paths
                .get(route)
                .and_then(|item| item.get(method.to_ascii_lowercase()))
            {
                queue.push(op.clone());
            }
        }
    }
    // Each component is queued once, so this ends after at most as many turns as there are.
    while let Some(value) = queue.pop() {
        for name in schema_refs(&value) {
            if !wanted.contains(&name) {
                if let Some(schema) = draft.pointer(&format!("/components/schemas/{name}")) {
                    queue.push(schema.clone());
                }
                wanted.push(name);
            }
        }
    }
    for section in ["schemas", "securitySchemes"] {
        let Some(imported) = draft
            .get("components")
            .and_then(|c| c.get(section))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (name, schema) in imported {
            if section == "schemas" && !wanted.contains(name) {
                continue;
            }
            let slot = object_at(&mut document, &["components", section]);
            match slot.get(name) {
                None => {
                    slot.insert(name.clone(), schema.clone());
                    merged.added_components.push(format!("{section}/{name}"));
                }
                Some(known) if known == schema => {}
                Some(_) if replace => {
                    slot.insert(name.clone(), schema.clone());
                }
                Some(_) => merged.differences.push(format!(
                    "components/{section}/{name}: the imported schema differs from the spec's; \
                     the spec's is kept (--replace to overwrite)"
                )),
            }
        }
    }
    for (key, list_key) in [("tags", "name"), ("servers", "url")] {
        let Some(imported) = draft.get(key).and_then(Value::as_array) else {
            continue;
        };
        let Some(root) = document.as_object_mut() else {
            continue;
        };
        let list = root.entry(key).or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = list.as_array_mut() {
            for entry in imported {
                let name = entry.get(list_key);
                if !list.iter().any(|known| known.get(list_key) == name) {
                    list.push(entry.clone());
                }
            }
        }
    }
    merged.document = document;
    merged
}

/// The component names `value` refers to.
fn schema_refs(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push(name.to_string());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// The object at `path` below `document`, created (as empty objects) where missing.
fn object_at<'a>(document: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut here = document;
    for segment in path {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        let Value::Object(map) = here else {
            unreachable!("made an object above")
        };
        here = map
            .entry((*segment).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !here.is_object() {
        *here = Value::Object(Map::new());
    }
    match here {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}
