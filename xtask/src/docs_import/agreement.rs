//! How far an imported spec agrees with a reference spec (the curated `spec/`): per request
//! and response body, the share of property paths with the same name, JSON type, enum and
//! nullability; and the operations, statuses and error codes both have.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::docs_check::schema::{
    Node, enum_values, items, properties, resolve, type_of, variants, walk,
};
use crate::spec::operations;

/// Deepest property path compared.
const MAX_DEPTH: usize = 16;

/// What one property path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFacts {
    /// JSON type (`none` when the schema has none).
    pub kind: String,
    /// The enum values, sorted.
    pub values: Option<Vec<String>>,
    /// `nullable`.
    pub nullable: bool,
}

/// The agreement on one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyAgreement {
    /// `METHOD path`.
    pub operation: String,
    /// `request` or `response NNN`.
    pub body: String,
    /// Paths both have with the same facts.
    pub agreeing: usize,
    /// Paths either has.
    pub total: usize,
    /// Each path that differs: `path: reference …; imported …`.
    pub differing: Vec<String>,
}

impl BodyAgreement {
    /// The share agreeing, in percent (100 for a body with no properties on either side).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.agreeing as f64 * 100.0 / self.total as f64
        }
    }
}

/// A count of things matched out of the reference's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Found in both.
    pub matched: usize,
    /// In the reference.
    pub total: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    /// Every body of every operation both specs have.
    pub bodies: Vec<BodyAgreement>,
    /// Operations.
    pub operations: Count,
    /// Statuses of the operations both have.
    pub statuses: Count,
    /// Error codes of the statuses both have.
    pub codes: Count,
    /// Things the reference has that the import lacks, or the other way round.
    pub missing: Vec<String>,
}

/// Compares `imported` with `reference`; `skip_status(operation, status)` leaves out
/// reference statuses that do not come from the pages.
pub fn compare(
    reference: &Value,
    imported: &Value,
    skip_status: &dyn Fn(&str, &str) -> bool,
) -> Agreement {
    let mut out = Agreement::default();
    let theirs = operations(imported);
    for op in operations(reference) {
        let key = format!("{} {}", op.method.to_ascii_uppercase(), op.route);
        out.operations.total += 1;
        let Some(other) = theirs
            .iter()
            .find(|o| o.method == op.method && o.route == op.route)
        else {
            out.missing.push(format!("operation {key}"));
            continue;
        };
        out.operations.matched += 1;
        let request = |doc: &Value, value: &Value| body_paths(doc, value.pointer("/requestBody"));
        push_body(
            &mut out,
            &key,
            "request",
            request(reference, op.value),
            request(imported, other.value),
        );
        let statuses: Vec<String> = op
            .value
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| {
                r.keys()
                    .filter(|s| !skip_status(&key, s))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        for status in &statuses {
            out.statuses.total += 1;
            let at = format!("/responses/{status}");
            let Some(response) = other.value.pointer(&at) else {
                out.missing.push(format!("{key} status {status}"));
                continue;
            };
            out.statuses.matched += 1;
            let mine = op.value.pointer(&at);
            push_body(
                &mut out,
                &key,
                &format!("response {status}"),
                body_paths(reference, mine),
                body_paths(imported, Some(response)),
            );
            let reference_codes = codes(reference, mine);
            let imported_codes = codes(imported, Some(response));
            for code in &reference_codes {
                out.codes.total += 1;
                if imported_codes.contains(code) {
                    out.codes.matched += 1;
                } else {
                    out.missing
                        .push(format!("{key} status {status} code {code}"));
                }
            }
            for code in imported_codes
                .iter()
                .filter(|c| !reference_codes.contains(c))
            {
                out.missing
                    .push(format!("{key} status {status} code {code} (only imported)"));
            }
        }
        if let Some(extra) = other.value.get("responses").and_then(Value::as_object) {
            for status in extra.keys().filter(|s| !statuses.contains(s)) {
                out.missing
                    .push(format!("{key} status {status} (only imported)"));
            }
        }
    }
    out
}

fn push_body(
    out: &mut Agreement,
    key: &str,
    body: &str,
    reference: BTreeMap<String, PathFacts>,
    imported: BTreeMap<String, PathFacts>,
) {
    let mut agreeing = 0;
    let mut differing = Vec::new();
    let mut all: Vec<&String> = reference.keys().chain(imported.keys()).collect();
    all.sort();
    all.dedup();
    for path in &all {
        match (reference.get(*path), imported.get(*path)) {
            (Some(left), Some(right)) if left == right => agreeing += 1,
            (left, right) => differing.push(format!(
                "{path}: reference {}; imported {}",
                shown(left),
                shown(right)
            )),
        }
    }
    out.bodies.push(BodyAgreement {
        operation: key.to_string(),
        body: body.to_string(),
        agreeing,
        total: all.len(),
        differing,
    });
}

fn shown(facts: Option<&PathFacts>) -> String {
    match facts {
        None => "lacks it".to_string(),
        Some(facts) => {
            let mut text = facts.kind.clone();
            if let Some(values) = &facts.values {
                text.push_str(&format!(" [{}]", values.join(", ")));
            }
            if facts.nullable {
                text.push_str(", nullable");
            }
            text
        }
    }
}

/// The JSON body schema of a request body or response object.
fn body_schema<'a>(doc: &'a Value, holder: Option<&'a Value>) -> Option<Node<'a>> {
    let holder = crate::spec::refs::resolve(doc, holder?);
    let content = holder.get("content")?.as_object()?;
    let (media, entry) = content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .or_else(|| content.iter().next())?;
    let schema = entry.get("schema")?;
    Some(resolve(doc, schema, &format!("#/content/{media}/schema")))
}

/// Every property path of a body with its facts; through a oneOf, the paths of every member.
pub fn body_paths(doc: &Value, holder: Option<&Value>) -> BTreeMap<String, PathFacts> {
    let mut out = BTreeMap::new();
    if let Some(root) = body_schema(doc, holder) {
        collect(doc, &root, "", &mut out, 0);
    }
    out
}

fn collect(
    doc: &Value,
    node: &Node<'_>,
    at: &str,
    out: &mut BTreeMap<String, PathFacts>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut containers = vec![node.clone()];
    containers.extend(variants(doc, node));
    for container in containers {
        for property in properties(doc, &container) {
            let path = if at.is_empty() {
                property.name.clone()
            } else {
                format!("{at}.{}", property.name)
            };
            record(out, &path, &property.node);
            collect(doc, &property.node, &path, out, depth + 1);
        }
        if let Some(item) = items(doc, &container) {
            let path = format!("{at}[]");
            record(out, &path, &item);
            collect(doc, &item, &path, out, depth + 1);
        }
    }
}

fn record(out: &mut BTreeMap<String, PathFacts>, path: &str, node: &Node<'_>) {
    let values = enum_values(node).map(|mut values| {
        values.sort();
        values
    });
    out.entry(path.to_string()).or_insert(PathFacts {
        kind: type_of(node).unwrap_or("none").to_string(),
        values,
        nullable: node.nullable,
    });
}

/// The error codes of a response: the `code` enum of its body or of each oneOf member.
fn codes(doc: &Value, holder: Option<&Value>) -> Vec<String> {
    let Some(root) = body_schema(doc, holder) else {
        return Vec::new();
    };
    let mut members = variants(doc, &root);
    if members.is_empty() {
        members.push(root);
    }
    let mut out: Vec<String> = members
        .iter()
        .filter_map(|member| walk(doc, member, &["code".to_string()]).ok())
        .filter_map(|code| enum_values(&code.node))
        .flatten()
        .collect();
    out.sort();
    out.dedup();
    out
}
