//! How close a draft comes to a reference OpenAPI document of the same API: operations
//! precision and recall, then, over the operations both have, F1 of query parameters,
//! request-body property paths, success statuses, response property paths, and response
//! property paths with their JSON types.
//!
//! Operations are compared by method and path with every parameter name made positional
//! (`/v3/{project_id}/volumes/{volume_id}` and `/v3/{p}/volumes/{id}` are one path), and a
//! parameter right after a version segment dropped (`/v3/{project_id}/volumes` and
//! `/v3/volumes`, the project-scoped and the project-less route of one OpenStack operation,
//! count once). Property paths are dotted, `[]` for array items; `oneOf` / `anyOf` / `allOf`
//! members all contribute; `$ref`s are followed (each once on a path, so cycles end). Bodies
//! are compared where both sides describe one: an operation whose request or response body
//! only one side gives properties is left out of that body figure and counted apart.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{GenError, Result};

use crate::spec::refs::resolve;

/// One set compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What is compared.
    pub name: &'static str,
    /// Items of the draft.
    pub draft: usize,
    /// Items of the reference.
    pub reference: usize,
    /// Items of both.
    pub both: usize,
}

impl Figure {
    fn of(name: &'static str, draft: &BTreeSet<String>, reference: &BTreeSet<String>) -> Self {
        Figure {
            name,
            draft: draft.len(),
            reference: reference.len(),
            both: draft.intersection(reference).count(),
        }
    }

    /// Share of the draft's items the reference has (1 when the draft has none).
    pub fn precision(&self) -> f64 {
        ratio(self.both, self.draft)
    }

    /// Share of the reference's items the draft has (1 when the reference has none).
    pub fn recall(&self) -> f64 {
        ratio(self.both, self.reference)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// The figures of one comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Operations.
    pub operations: Figure,
    /// Query parameters, request-body paths, success statuses, response paths, response paths
    /// with types, over the operations both have.
    pub details: Vec<Figure>,
    /// The reference's operations the draft lacks.
    pub missing: Vec<String>,
    /// The draft's operations the reference lacks.
    pub extra: Vec<String>,
    /// Per detail figure, its items on one side only: (figure, `draft` or `reference`, item).
    pub differences: Vec<(&'static str, &'static str, String)>,
    /// Bodies only one side describes, left out of the body figures: (figure, side that
    /// describes it, operation).
    pub unpaired: Vec<(&'static str, &'static str, String)>,
}

impl Score {
    /// The figure named `name`.
    pub fn figure(&self, name: &str) -> Option<&Figure> {
        std::iter::once(&self.operations)
            .chain(&self.details)
            .find(|figure| figure.name == name)
    }

    /// The report, one line a figure, then the operations on one side only, and with
    /// `details` every other item on one side only.
    pub fn text(&self, details: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<28} {:>6} {:>9} {:>6} {:>9} {:>6} {:>6}",
            "", "draft", "reference", "both", "precision", "recall", "F1"
        );
        for figure in std::iter::once(&self.operations).chain(&self.details) {
            let _ = writeln!(
                out,
                "{:<28} {:>6} {:>9} {:>6} {:>9.3} {:>6.3} {:>6.3}",
                figure.name,
                figure.draft,
                figure.reference,
                figure.both,
                figure.precision(),
                figure.recall(),
                figure.f1()
            );
        }
        for name in BODY_FIGURES {
            let count = |side: &str| {
                self.unpaired
                    .iter()
                    .filter(|(figure, by, _)| *figure == name && *by == side)
                    .count()
            };
            let (draft, reference) = (count("draft"), count("reference"));
            if draft + reference > 0 {
                let _ = writeln!(
                    out,
                    "{name}: not compared, described by one side only: {draft} in the draft, \
                     {reference} in the reference"
                );
            }
        }
        for key in &self.missing {
            let _ = writeln!(out, "only in the reference: {key}");
        }
        for key in &self.extra {
            let _ = writeln!(out, "only in the draft: {key}");
        }
        if details {
            for (figure, side, item) in &self.unpaired {
                let _ = writeln!(out, "{figure}: body described only in the {side}: {item}");
            }
            for (figure, side, item) in &self.differences {
                let _ = writeln!(out, "{figure}: only in the {side}: {item}");
            }
        }
        out
    }
}

/// One known error of the reference: in the set of `figure`, the reference's `reference`
/// item is wrong and the pages' `pages` item is right (or the reference item is simply wrong,
/// without `pages`; or the reference leaves out the right `pages` item, without
/// `reference`), because of `why`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// The figure's name (`success statuses`).
    pub figure: String,
    /// The reference's item as the scorer prints it (`DELETE /v3/volumes/{} 204`); absent
    /// when the reference leaves the right item out.
    #[serde(default)]
    pub reference: Option<String>,
    /// The right item (`DELETE /v3/volumes/{} 202`).
    #[serde(default)]
    pub pages: Option<String>,
    /// Why the reference is wrong (a citation of the API's code).
    pub why: String,
}

/// Reads an errata file: a YAML list of [`Erratum`].
pub fn load_errata(path: &Path) -> Result<Vec<Erratum>> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| GenError::file(path, format!("cannot read the errata: {err}")))?;
    let errata: Vec<Erratum> = serde_yaml::from_str(&text).map_err(|err| {
        GenError::file(path, format!("the errata are not a list of entries: {err}"))
    })?;
    if let Some(index) = errata
        .iter()
        .position(|e| e.reference.is_none() && e.pages.is_none())
    {
        return Err(GenError::file(
            path,
            format!("entry {index} (from 0) names neither a `reference` nor a `pages` item"),
        ));
    }
    Ok(errata)
}

/// Compares `draft` with `reference` (both loaded OpenAPI documents).
pub fn score(draft: &Value, reference: &Value) -> Score {
    score_with_errata(draft, reference, &[])
}

/// Compares `draft` with `reference`, with the reference's items corrected by `errata`
/// first (an erratum whose item the reference does not have changes nothing).
pub fn score_with_errata(draft: &Value, reference: &Value, errata: &[Erratum]) -> Score {
    let mut draft_ops = operations(draft);
    let reference_ops = operations(reference);
    // A literal segment the reference routes through a parameter (`PUT /clusters/enable`
    // against `PUT /clusters/{}`) is that operation.
    for op in &mut draft_ops {
        if reference_ops.iter().any(|r| r.key == op.key) {
            continue;
        }
        if let Some(general) = reference_ops.iter().find(|r| covers(&r.key, &op.key)) {
            op.key = general.key.clone();
        }
    }
    let draft_keys: BTreeSet<String> = draft_ops.iter().map(|op| op.key.clone()).collect();
    let reference_keys: BTreeSet<String> = reference_ops.iter().map(|op| op.key.clone()).collect();
    let both: BTreeSet<String> = draft_keys.intersection(&reference_keys).cloned().collect();
    let mut draft_facts = facts(draft, &draft_ops, &both);
    let mut reference_facts = facts(reference, &reference_ops, &both);
    let names = [
        "query parameters",
        "request-body paths",
        "success statuses",
        "response paths",
        "response paths with types",
    ];
    for erratum in errata {
        let Some(index) = names.iter().position(|name| *name == erratum.figure) else {
            continue;
        };
        let Some(set) = reference_facts.get_mut(index) else {
            continue;
        };
        match (&erratum.reference, &erratum.pages) {
            (Some(wrong), right) => {
                if set.remove(wrong)
                    && let Some(right) = right
                {
                    set.insert(right.clone());
                }
            }
            // Left out by the reference: counted only where it describes the operation.
            (None, Some(right))
                if both.iter().any(|key| {
                    right
                        .strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.starts_with(' '))
                }) =>
            {
                set.insert(right.clone());
            }
            (None, _) => {}
        }
    }
    let unpaired = pair_bodies(&names, &mut draft_facts, &mut reference_facts);
    let details = names
        .iter()
        .zip(draft_facts.iter().zip(&reference_facts))
        .map(|(name, (d, r))| Figure::of(name, d, r))
        .collect();
    let mut differences = Vec::new();
    for (name, (d, r)) in names.iter().zip(draft_facts.iter().zip(&reference_facts)) {
        for item in d.difference(r) {
            differences.push((*name, "draft", item.clone()));
        }
        for item in r.difference(d) {
            differences.push((*name, "reference", item.clone()));
        }
    }
    Score {
        operations: Figure::of("operations", &draft_keys, &reference_keys),
        details,
        missing: reference_keys.difference(&draft_keys).cloned().collect(),
        extra: draft_keys.difference(&reference_keys).cloned().collect(),
        differences,
        unpaired,
    }
}

/// The figures compared body by body: a body only one side describes (the other gives the
/// operation no body, or one without properties) says nothing about how well the described
/// one was read, as an operation only one side has says nothing about its parameters.
const BODY_FIGURES: [&str; 3] = [
    "request-body paths",
    "response paths",
    "response paths with types",
];

/// Leaves out of the body figures the operations whose body only one side describes, and
/// returns them: (figure, side that describes it, operation).
fn pair_bodies(
    names: &[&'static str],
    draft: &mut [BTreeSet<String>],
    reference: &mut [BTreeSet<String>],
) -> Vec<(&'static str, &'static str, String)> {
    // An item is `METHOD /path rest`: its operation is its first two words.
    fn operation(item: &str) -> String {
        item.splitn(3, ' ').take(2).collect::<Vec<_>>().join(" ")
    }
    let mut out = Vec::new();
    for (index, name) in names.iter().enumerate() {
        if !BODY_FIGURES.contains(name) {
            continue;
        }
        let (Some(d), Some(r)) = (draft.get_mut(index), reference.get_mut(index)) else {
            continue;
        };
        let in_draft: BTreeSet<String> = d.iter().map(|item| operation(item)).collect();
        let in_reference: BTreeSet<String> = r.iter().map(|item| operation(item)).collect();
        for op in in_draft.difference(&in_reference) {
            out.push((*name, "draft", op.clone()));
        }
        for op in in_reference.difference(&in_draft) {
            out.push((*name, "reference", op.clone()));
        }
        d.retain(|item| in_reference.contains(&operation(item)));
        r.retain(|item| in_draft.contains(&operation(item)));
    }
    out
}

/// One operation of a document, under its compared key.
struct Op<'a> {
    key: String,
    /// The path item's parameters.
    shared: Option<&'a Value>,
    operation: &'a Value,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of `doc`; of several with one key, the first.
fn operations(doc: &Value) -> Vec<Op<'_>> {
    let mut out: Vec<Op<'_>> = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item = resolve(doc, item);
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let key = format!("{} {}", method.to_ascii_uppercase(), positional(path));
            if out.iter().any(|op| op.key == key) {
                continue;
            }
            out.push(Op {
                key,
                shared: item.get("parameters"),
                operation,
            });
        }
    }
    out
}

/// `path` with every `{name}` made `{}` and a parameter right after a version segment dropped.
pub fn positional(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut out = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        let parameter = segment.starts_with('{') && segment.ends_with('}');
        let after_version = index == 1 && segments.first().is_some_and(|first| is_version(first));
        if parameter && after_version {
            continue;
        }
        out.push(if parameter { "{}" } else { segment });
    }
    format!("/{}", out.join("/"))
}

/// Whether the reference key `general` (`PUT /v3/clusters/{}`) covers `specific`
/// (`PUT /v3/clusters/enable`): same method and segment count, every segment equal or a
/// parameter in `general`.
fn covers(general: &str, specific: &str) -> bool {
    let (Some((gm, gp)), Some((sm, sp))) = (general.split_once(' '), specific.split_once(' '))
    else {
        return false;
    };
    let (g, s): (Vec<&str>, Vec<&str>) = (gp.split('/').collect(), sp.split('/').collect());
    gm == sm && g.len() == s.len() && g.iter().zip(&s).all(|(g, s)| g == s || *g == "{}")
}

/// `v3`, `v2.1`.
fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

/// The five sets of `doc`'s facts over the operations in `both`.
fn facts(doc: &Value, ops: &[Op<'_>], both: &BTreeSet<String>) -> [BTreeSet<String>; 5] {
    let mut query = BTreeSet::new();
    let mut request = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    let mut response = BTreeSet::new();
    let mut typed = BTreeSet::new();
    for op in ops.iter().filter(|op| both.contains(&op.key)) {
        let parameters = op
            .shared
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(
                op.operation
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        for parameter in parameters {
            let parameter = resolve(doc, parameter);
            if parameter.get("in") == Some(&Value::from("query"))
                && let Some(name) = parameter.get("name").and_then(Value::as_str)
            {
                query.insert(format!("{} ?{name}", op.key));
            }
        }
        if let Some(body) = op.operation.get("requestBody") {
            let body = resolve(doc, body);
            for (path, _) in json_paths(doc, body.pointer("/content/application~1json/schema")) {
                request.insert(format!("{} {path}", op.key));
            }
        }
        let Some(responses) = op.operation.get("responses").and_then(Value::as_object) else {
            continue;
        };
        for (status, answer) in responses.iter().filter(|(s, _)| s.starts_with('2')) {
            statuses.insert(format!("{} {status}", op.key));
            let answer = resolve(doc, answer);
            for (path, kind) in json_paths(doc, answer.pointer("/content/application~1json/schema"))
            {
                response.insert(format!("{} {path}", op.key));
                typed.insert(format!("{} {path}: {kind}", op.key));
            }
        }
    }
    [query, request, statuses, response, typed]
}

/// How deep property paths are followed.
const MAX_DEPTH: usize = 24;

/// Every property path of `schema` with its JSON type (`any` when untyped).
fn json_paths(doc: &Value, schema: Option<&Value>) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    if let Some(schema) = schema {
        walk(doc, schema, "", &mut Vec::new(), &mut out);
    }
    out
}

fn walk(
    doc: &Value,
    schema: &Value,
    at: &str,
    refs: &mut Vec<String>,
    out: &mut BTreeSet<(String, String)>,
) {
    if refs.len() > MAX_DEPTH {
        return;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if refs.iter().any(|seen| seen == reference) {
            return;
        }
        refs.push(reference.to_string());
        walk(doc, resolve(doc, schema), at, refs, out);
        refs.pop();
        return;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(doc, member, at, refs, out);
        }
    }
    if !at.is_empty() {
        out.insert((at.to_string(), kind(doc, schema)));
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            let path = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}.{name}")
            };
            refs.push(String::new());
            walk(doc, child, &path, refs, out);
            refs.pop();
        }
    }
    if let Some(items) = schema.get("items") {
        refs.push(String::new());
        walk(doc, items, &format!("{at}[]"), refs, out);
        refs.pop();
    }
}

/// The JSON type a schema states (through `$ref` and a one-typed composition), or `any`.
fn kind(doc: &Value, schema: &Value) -> String {
    let schema = resolve(doc, schema);
    match schema.get("type") {
        Some(Value::String(name)) => return name.clone(),
        Some(Value::Array(names)) => {
            let names: Vec<&str> = names
                .iter()
                .filter_map(Value::as_str)
                .filter(|name| *name != "null")
                .collect();
            if let [one] = names.as_slice() {
                return (*one).to_string();
            }
        }
        _ => {}
    }
    if schema.get("properties").is_some() {
        return "object".to_string();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        let kinds: BTreeSet<String> = schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|member| kind(doc, member))
            .filter(|kind| kind != "null")
            .collect();
        if kinds.len() == 1
            && let Some(one) = kinds.into_iter().next()
        {
            return one;
        }
    }
    "any".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_are_positional_and_project_scope_counts_once() {
        assert_eq!(
            positional("/v3/{project_id}/volumes/{volume_id}"),
            "/v3/volumes/{}"
        );
        assert_eq!(positional("/v3/volumes/{id}"), "/v3/volumes/{}");
        assert_eq!(positional("/servers/{server_id}"), "/servers/{}");
        assert_eq!(
            positional("/v3/default-types/{project-id}"),
            "/v3/default-types/{}"
        );
        assert_eq!(positional("/"), "/");
    }

    #[test]
    fn figures_compare_what_both_documents_say() {
        let draft = json!({ "paths": {
            "/v3/{project_id}/volumes": { "get": {
                "parameters": [{ "name": "limit", "in": "query" }, { "name": "sort", "in": "query" }],
                "responses": { "200": { "content": { "application/json": { "schema": {
                    "type": "object", "properties": { "volumes": { "type": "array",
                        "items": { "type": "object", "properties": { "id": { "type": "string" } } } } } } } } } }
            }},
            "/v3/{project_id}/extra": { "get": { "responses": { "200": {} } } }
        }});
        let reference = json!({
            "paths": {
                "/v3/volumes": {
                    "parameters": [{ "$ref": "#/components/parameters/limit" }],
                    "get": { "responses": { "200": { "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/List" } } } }, "404": {} } }
                }
            },
            "components": {
                "parameters": { "limit": { "name": "limit", "in": "query" } },
                "schemas": { "List": { "type": "object", "properties": { "volumes": { "type": "array",
                    "items": { "type": "object", "properties": {
                        "id": { "type": ["string", "null"] }, "size": { "type": "integer" } } } } } } }
            }
        });
        let score = score(&draft, &reference);
        assert_eq!((score.operations.both, score.operations.draft), (1, 2));
        assert_eq!(score.operations.recall(), 1.0);
        let query = score.figure("query parameters").expect("query");
        assert_eq!((query.draft, query.reference, query.both), (2, 1, 1));
        let statuses = score.figure("success statuses").expect("statuses");
        assert_eq!(statuses.f1(), 1.0);
        let typed = score.figure("response paths with types").expect("typed");
        assert_eq!((typed.draft, typed.reference, typed.both), (3, 4, 3));
        assert_eq!(score.extra, ["GET /v3/extra"]);

        // Errata: the reference's wrong item replaced, and an item it leaves out added, but
        // only to an operation it describes.
        let erratum = |reference: Option<&str>, pages: Option<&str>| Erratum {
            figure: "query parameters".into(),
            reference: reference.map(str::to_string),
            pages: pages.map(str::to_string),
            why: "the code".into(),
        };
        let corrected = score_with_errata(
            &draft,
            &reference,
            &[
                erratum(None, Some("GET /v3/volumes ?sort")),
                erratum(None, Some("GET /v3/extra ?sort")),
                erratum(
                    Some("GET /v3/volumes ?limit"),
                    Some("GET /v3/volumes ?limit"),
                ),
            ],
        );
        let query = corrected.figure("query parameters").expect("query");
        assert_eq!((query.draft, query.reference, query.both), (2, 2, 2));
    }

    #[test]
    fn a_body_only_one_side_describes_is_left_out_and_counted() {
        let body = |properties: Value| {
            json!({ "content": { "application/json": { "schema": {
                "type": "object", "properties": properties } } } })
        };
        let draft = json!({ "paths": { "/v3/services": {
            "get": { "responses": { "200": body(json!({ "services": { "type": "array" } })) } },
            "put": { "responses": { "200": body(json!({ "host": { "type": "string" } })) } }
        }}});
        let reference = json!({ "paths": { "/v3/services": {
            "get": { "responses": { "200": { "content": { "application/json": {
                "schema": { "type": "object" } } } } } },
            "put": { "responses": { "200": body(json!({ "host": { "type": "string" },
                "zone": { "type": "string" } })) } }
        }}});
        let score = score(&draft, &reference);
        let response = score.figure("response paths").expect("response paths");
        assert_eq!(
            (response.draft, response.reference, response.both),
            (1, 2, 1)
        );
        assert_eq!(
            score.unpaired,
            [
                ("response paths", "draft", "GET /v3/services".to_string()),
                (
                    "response paths with types",
                    "draft",
                    "GET /v3/services".to_string()
                ),
            ]
        );
        assert!(score.text(false).contains(
            "response paths: not compared, described by one side only: 1 in the draft, 0 in \
             the reference"
        ));
    }
}
