//! Reference cycles that no reader can follow to an end (repaired by [`super::repair`]):
//!
//! - a `$ref` chain that comes back to itself (`Body: {$ref: Body}`, or `A → B → A` through
//!   `$ref`s only): [`ref_only_cycles`] finds each `$ref` on the cycle, which the repair reads
//!   as a reference to nothing; references into the cycle from outside then resolve to that
//!   replacement;
//! - a schema that includes itself through `allOf` (directly, or through other schemas'
//!   `allOf`, `oneOf`, `anyOf`, `additionalProperties` or bare `$ref`s): merging such an
//!   `allOf` never ends (typify recurses until the stack overflows), and the member that closes
//!   the cycle adds nothing the schema does not already have, so that member is left out;
//! - an `allOf` member's `additionalProperties` schema that typify would merge into a property
//!   of another member leading back to the `allOf`
//!   ([`loosen_additional_properties_merged_into_a_cycle`]): dropped, with a warning.
//!
//! [`MergeGraph`] answers, for a whole document at once, which schemas a merge reaches; the
//! generator's `normalise::hoist` asks it which inline `allOf`s bring back their holder.
//!
//! Recursion through `properties`, `items` and the like is a recursive type, which is fine,
//! and is not touched.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::pointer::{child, unescape_segment};
use super::refs::{lookup, references};
use super::schema_walk::for_each_schema;
use crate::error::Located;

/// Most rounds of [`self_including_all_of`] (each removes at least one member).
const MAX_ROUNDS: usize = 64;

/// Leaves out each composition member that closes a cycle through `allOf`, with a warning at it
/// (see the module docs).
pub fn cut_self_including_all_of(doc: &mut Value, warnings: &mut Vec<Located>) {
    for _ in 0..MAX_ROUNDS {
        let closing = self_including_all_of(doc);
        if closing.is_empty() {
            break;
        }
        remove_members(doc, closing, warnings);
    }
}

/// The `$ref`s (the pointer of each `$ref` key, and its target) whose chain of bare references
/// leads back to the value that holds them.
pub fn ref_only_cycles(doc: &Value) -> Vec<(String, String)> {
    references(doc)
        .into_iter()
        .filter(|(at, target)| {
            let holder = at.trim_end_matches("/$ref");
            chain_returns_to(doc, holder, target)
        })
        .collect()
}

/// Whether following `$ref`s from `target` reaches the value at `holder` again.
fn chain_returns_to(doc: &Value, holder: &str, target: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut next = target.to_string();
    loop {
        let Some((at, value)) = lookup(doc, &next) else {
            return false;
        };
        if at == holder {
            return true;
        }
        if !seen.insert(at) {
            // A cycle further down the chain, which does not pass through `holder`.
            return false;
        }
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => next = reference.to_string(),
            None => return false,
        }
    }
}

/// Which schemas a merge reaches, for many questions about one document: the schemas that
/// `$ref`s point at (and the component schemas) are its nodes, and a node's merge reaches
/// another through its `$ref`, `allOf`, `oneOf`, `anyOf` and `additionalProperties` members,
/// inline ones followed to their own members, as typify's merge of an `allOf` does.
pub struct MergeGraph {
    /// For each node, the nodes whose merge reaches it in one step.
    reached_from: BTreeMap<String, BTreeSet<String>>,
    /// For each node asked about, every node whose merge reaches it, itself included.
    reaching: BTreeMap<String, BTreeSet<String>>,
}

impl MergeGraph {
    /// The graph of `doc`'s merges.
    pub fn new(doc: &Value) -> Self {
        let mut nodes: BTreeSet<String> = references(doc)
            .into_iter()
            .filter_map(|(_, target)| lookup(doc, &target).map(|(at, _)| at))
            .collect();
        if let Some(schemas) = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            nodes.extend(
                schemas
                    .keys()
                    .map(|name| child("/components/schemas", name)),
            );
        }
        let mut reached_from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for node in &nodes {
            for next in one_step(doc, node) {
                reached_from.entry(next).or_default().insert(node.clone());
            }
        }
        Self {
            reached_from,
            reaching: BTreeMap::new(),
        }
    }

    /// Whether merging the schema at `from` (its members, not itself) reaches `held` or a
    /// schema that holds it (`/components/schemas/Cat` holds
    /// `/components/schemas/Cat/properties/siblings/items`).
    pub fn reaches_a_holder_of(&mut self, doc: &Value, from: &str, held: &str) -> bool {
        let holds = |schema: &str| held == schema || held.starts_with(&format!("{schema}/"));
        let first = one_step(doc, from);
        if first.iter().any(|node| holds(node)) {
            return true;
        }
        let holders: Vec<String> = ancestors(held)
            .filter(|holder| self.reached_from.contains_key(*holder))
            .map(str::to_string)
            .collect();
        holders.iter().any(|holder| {
            let reaching = self.reaching(holder);
            first.iter().any(|node| reaching.contains(node))
        })
    }

    /// Every node whose merge reaches `node`, itself included.
    fn reaching(&mut self, node: &str) -> &BTreeSet<String> {
        if !self.reaching.contains_key(node) {
            let mut found: BTreeSet<String> = BTreeSet::from([node.to_string()]);
            let mut next = vec![node.to_string()];
            while let Some(at) = next.pop() {
                for from in self.reached_from.get(&at).into_iter().flatten() {
                    if found.insert(from.clone()) {
                        next.push(from.clone());
                    }
                }
            }
            self.reaching.insert(node.to_string(), found);
        }
        &self.reaching[node]
    }
}

/// `at` and the pointers that hold it, innermost first: `/a/b/c`, `/a/b`, `/a`.
fn ancestors(at: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(at);
    std::iter::from_fn(move || {
        let current = rest?;
        rest = current
            .rsplit_once('/')
            .map(|(parent, _)| parent)
            .filter(|p| !p.is_empty());
        Some(current)
    })
}

/// The referenced schemas a merge of the schema at `at` reaches directly: its members'
/// `$ref` targets, inline members followed to theirs.
fn one_step(doc: &Value, at: &str) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut inline: BTreeSet<String> = BTreeSet::new();
    let mut next = vec![at.to_string()];
    while let Some(schema) = next.pop() {
        for (member_at, to, _) in members(doc, &schema) {
            if to == member_at {
                if inline.insert(to.clone()) {
                    next.push(to);
                }
            } else {
                reached.insert(to);
            }
        }
    }
    reached
}

/// Whether merging the schema at `at` reaches a schema that holds it (see
/// [`MergeGraph::reaches_a_holder_of`]).
pub fn merge_reaches_a_holder(graph: &mut MergeGraph, doc: &Value, at: &str) -> bool {
    graph.reaches_a_holder_of(doc, at, at)
}

/// Drops each `additionalProperties` schema that typify would merge into a property that
/// leads back to the `allOf` being merged, with a warning at it.
///
/// In an `allOf`, one member's `additionalProperties` schema also constrains the properties
/// only the other members name. typify merges it into each such property; when the property
/// leads back (through `$ref`s and compositions) to the schema holding the `allOf`, that merge
/// merges the `allOf` again, without end. Authors mean the schema for the properties no member
/// names, so it is read as allowing any additional property instead.
pub fn loosen_additional_properties_merged_into_a_cycle(
    doc: &mut Value,
    warnings: &mut Vec<Located>,
) {
    let mut compositions: Vec<String> = Vec::new();
    for_each_schema(doc, &mut |schema, at| {
        if schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|list| list.len() > 1)
        {
            compositions.push(at.to_string());
        }
    });
    let mut loosened: BTreeSet<String> = BTreeSet::new();
    let mut graph = MergeGraph::new(doc);
    let object_at = |at: &str| doc.pointer(at).and_then(Value::as_object);
    for at in compositions {
        let parts = merged_parts(doc, &at);
        for additional_at in &parts {
            let Some(additional) = object_at(additional_at) else {
                continue;
            };
            if !additional
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                continue;
            }
            let own = additional.get("properties").and_then(Value::as_object);
            let named_elsewhere = parts
                .iter()
                .filter(|named_at| *named_at != additional_at)
                .filter_map(|named_at| {
                    let properties = object_at(named_at)?.get("properties")?.as_object()?;
                    Some((named_at, properties))
                })
                .flat_map(|(named_at, properties)| {
                    properties
                        .keys()
                        .map(move |name| (name, child(&child(named_at, "properties"), name)))
                })
                .filter(|(name, _)| !own.is_some_and(|own| own.contains_key(*name)));
            let closes_a_cycle = named_elsewhere
                .into_iter()
                .any(|(_, property_at)| graph.reaches_a_holder_of(doc, &property_at, &at));
            if closes_a_cycle {
                loosened.insert(child(additional_at, "additionalProperties"));
            }
        }
    }
    for at in loosened {
        if let Some((holder, _)) = at.rsplit_once('/')
            && let Some(schema) = doc.pointer_mut(holder).and_then(Value::as_object_mut)
        {
            schema.remove("additionalProperties");
            warnings.push(Located::at(
                &at,
                "this `additionalProperties` schema would also apply to properties of the other \
                 `allOf` members, which lead back to the schema being merged, so merging it would \
                 never end; any additional property is allowed instead",
            ));
        }
    }
}

/// The schemas an `allOf` at `at` merges: the pointers of its members, with `$ref`s followed
/// and nested `allOf`s flattened (each schema once).
fn merged_parts(doc: &Value, at: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut next = vec![at.to_string()];
    while let Some(schema_at) = next.pop() {
        if !seen.insert(schema_at.clone()) {
            continue;
        }
        let Some(schema) = doc.pointer(&schema_at).and_then(Value::as_object) else {
            continue;
        };
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            if let Some((to, _)) = lookup(doc, target) {
                next.push(to);
            }
            continue;
        }
        if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
            let list_at = child(&schema_at, "allOf");
            next.extend(
                (0..list.len())
                    .rev()
                    .map(|index| child(&list_at, &index.to_string())),
            );
        }
        parts.push(schema_at);
    }
    parts
}

/// Keywords that only annotate a schema: merged into another schema, they add nothing.
pub const ANNOTATIONS: [&str; 9] = [
    "description",
    "title",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "examples",
    "externalDocs",
];

/// Whether `schema` holds a keyword that is not an annotation (or an `x-` extension).
pub fn says_more_than_annotations(schema: &serde_json::Map<String, Value>) -> bool {
    schema
        .keys()
        .any(|key| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"))
}

/// How a schema reaches another in the merge of an `allOf`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// An `allOf` member.
    AllOf,
    /// A `oneOf` or `anyOf` member, or a bare `$ref`.
    Other,
}

/// A composition member: its pointer (or that of the schema's own `$ref`), the pointer of the
/// schema it leads to, and how.
type Member = (String, String, Edge);

/// The composition members of the schema at `at`.
fn members(doc: &Value, at: &str) -> Vec<Member> {
    let Some(schema) = doc.pointer(at).and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(target) = schema.get("$ref").and_then(Value::as_str)
        && let Some((to, _)) = lookup(doc, target)
    {
        out.push((child(at, "$ref"), to, Edge::Other));
    }
    // typify merges an object's `additionalProperties` with the other member's properties, so
    // a cycle through it loops the merge as well.
    if let Some(additional) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        let member_at = child(at, "additionalProperties");
        let to = match additional.get("$ref").and_then(Value::as_str) {
            Some(target) => lookup(doc, target).map(|(to, _)| to),
            None => Some(member_at.clone()),
        };
        if let Some(to) = to {
            out.push((member_at, to, Edge::Other));
        }
    }
    for (keyword, edge) in [
        ("allOf", Edge::AllOf),
        ("oneOf", Edge::Other),
        ("anyOf", Edge::Other),
    ] {
        let Some(list) = schema.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        for (index, member) in list.iter().enumerate() {
            let member_at = child(&child(at, keyword), &index.to_string());
            let to = match member.get("$ref").and_then(Value::as_str) {
                Some(target) => match lookup(doc, target) {
                    Some((to, _)) => to,
                    None => continue,
                },
                None => member_at.clone(),
            };
            out.push((member_at, to, edge));
        }
    }
    out
}

/// The members (pointers of `allOf`, `oneOf` or `anyOf` entries) that close a cycle of
/// composition containing at least one `allOf` step: one per cycle found.
fn self_including_all_of(doc: &Value) -> BTreeSet<String> {
    let starts: BTreeSet<String> = references(doc)
        .into_iter()
        .filter_map(|(_, target)| lookup(doc, &target).map(|(at, _)| at))
        .collect();
    let mut finished: BTreeSet<String> = BTreeSet::new();
    let mut closing = BTreeSet::new();
    for start in starts {
        if finished.contains(&start) {
            continue;
        }
        // An explicit stack: (schema, its members, the next member to visit), and the edge
        // kinds that led to each schema on the path.
        let mut on_path: BTreeMap<String, usize> = BTreeMap::new();
        let mut path: Vec<(String, Vec<Member>, usize)> = Vec::new();
        let mut edges: Vec<Edge> = Vec::new();
        on_path.insert(start.clone(), 0);
        path.push((start.clone(), members(doc, &start), 0));
        while let Some((at, list, next)) = path.last_mut() {
            let Some((member_at, to, edge)) = list.get(*next).cloned() else {
                finished.insert(at.clone());
                on_path.remove(at.as_str());
                path.pop();
                edges.pop();
                continue;
            };
            *next += 1;
            if let Some(&depth) = on_path.get(&to) {
                let through_all_of = edge == Edge::AllOf || edges[depth..].contains(&Edge::AllOf);
                if through_all_of {
                    closing.insert(member_at);
                }
                continue;
            }
            if finished.contains(&to) {
                continue;
            }
            on_path.insert(to.clone(), path.len());
            edges.push(edge);
            let reached = members(doc, &to);
            path.push((to, reached, 0));
        }
    }
    closing
}

/// Leaves out each member that closes a cycle, with a warning at it.
fn remove_members(doc: &mut Value, closing: BTreeSet<String>, warnings: &mut Vec<Located>) {
    // Deepest and last first, so removing an entry does not shift a later pointer.
    let mut closing: Vec<String> = closing.into_iter().collect();
    closing.sort_by(|a, b| {
        let index = |at: &str| {
            at.rsplit('/')
                .next()
                .and_then(|last| last.parse::<usize>().ok())
        };
        b.len().cmp(&a.len()).then(index(b).cmp(&index(a)))
    });
    for at in closing {
        let Some((parent, last)) = at.rsplit_once('/') else {
            continue;
        };
        let target = doc
            .pointer(&at)
            .and_then(|member| member.get("$ref"))
            .and_then(Value::as_str)
            .map_or_else(|| "an inline schema".to_string(), |t| format!("`{t}`"));
        let removed = match (
            doc.pointer_mut(parent),
            unescape_segment(last).parse::<usize>(),
        ) {
            (Some(Value::Array(list)), Ok(index)) if index < list.len() => {
                list.remove(index);
                true
            }
            (Some(Value::Object(map)), _) if last == "$ref" => {
                map.remove("$ref");
                true
            }
            _ => false,
        };
        if removed {
            warnings.push(Located::at(
                &at,
                format!(
                    "this member ({target}) includes the schema it belongs to again, through \
                     `allOf`, so merging it would never end; it is left out"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn at(warning: &Located) -> &str {
        match &warning.location {
            crate::error::Location::Pointer(pointer) => pointer,
            other => panic!("not at a pointer: {other:?}"),
        }
    }

    fn repaired(mut doc: Value) -> (Value, Vec<Located>) {
        let mut warnings = Vec::new();
        cut_self_including_all_of(&mut doc, &mut warnings);
        (doc, warnings)
    }

    #[test]
    fn an_all_of_that_includes_itself_loses_that_member() {
        let (doc, warnings) = repaired(json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Recursive": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"$ref": "#/components/schemas/Recursive"},
                {"properties": {"b": {"type": "string"}}}
            ]}
        }}}));
        assert_eq!(
            doc["components"]["schemas"]["Recursive"]["allOf"],
            json!([{"$ref": "#/components/schemas/Base"}, {"properties": {"b": {"type": "string"}}}])
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(at(&warnings[0]), "/components/schemas/Recursive/allOf/1");
    }

    #[test]
    fn an_all_of_cycle_through_other_schemas_is_cut_once() {
        let (doc, warnings) = repaired(json!({"components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}]},
            "B": {"oneOf": [{"$ref": "#/components/schemas/C"}]},
            "C": {"$ref": "#/components/schemas/A"}
        }}}));
        // The walk starts at A, goes A → B (allOf) → C (oneOf) and finds C's `$ref` back to A.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(at(&warnings[0]), "/components/schemas/C/$ref");
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["C"], json!({}));
        assert_eq!(schemas["A"]["allOf"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn an_all_of_cycle_through_additional_properties_is_cut() {
        // Found by xtask/tests/fuzz_pipeline.rs (seed 4): typify merged `Shape` into the
        // `allOf` under its own branch's `additionalProperties` until the stack overflowed.
        let (doc, warnings) = repaired(json!({"components": {"schemas": {
            "Shape": {"oneOf": [{"type": "object", "additionalProperties": {"allOf": [
                {"$ref": "#/components/schemas/Shape"},
                {"type": "object", "properties": {"id": {"type": "string"}}}
            ]}}, {"type": "string"}]}
        }}}));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            at(&warnings[0]),
            "/components/schemas/Shape/oneOf/0/additionalProperties/allOf/0"
        );
        let additional = &doc["components"]["schemas"]["Shape"]["oneOf"][0]["additionalProperties"];
        assert_eq!(additional["allOf"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn an_additional_properties_schema_merged_into_a_property_leading_back_is_dropped() {
        // typify would merge `Extra` into `child`, a reference back to `S`, and merge `S`'s
        // `allOf` again, without end.
        let mut doc = json!({"components": {"schemas": {
            "S": {"allOf": [
                {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/S"}}},
                {"$ref": "#/components/schemas/Extra"}
            ]},
            "Extra": {"type": "object", "additionalProperties": {"type": "string"}}
        }}});
        let mut warnings = Vec::new();
        loosen_additional_properties_merged_into_a_cycle(&mut doc, &mut warnings);
        assert_eq!(
            doc["components"]["schemas"]["Extra"],
            json!({"type": "object"})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            at(&warnings[0]),
            "/components/schemas/Extra/additionalProperties"
        );
    }

    #[test]
    fn an_additional_properties_schema_beside_properties_that_end_stays() {
        let doc = json!({"components": {"schemas": {
            "S": {"allOf": [
                {"type": "object", "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/S"}}
                }},
                {"type": "object", "additionalProperties": {"type": "string"}}
            ]}
        }}});
        let mut after = doc.clone();
        let mut warnings = Vec::new();
        loosen_additional_properties_merged_into_a_cycle(&mut after, &mut warnings);
        assert_eq!(after, doc);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_merge_that_brings_back_a_holder_is_told_from_one_that_does_not() {
        let doc = json!({"components": {"schemas": {
            "Cat": {"type": "object", "properties": {
                "siblings": {"type": "array", "items": {"allOf": [
                    {"type": "object", "properties": {"rank": {"type": "integer"}}},
                    {"$ref": "#/components/schemas/Cat"}
                ]}},
                "friends": {"type": "array", "items": {"allOf": [
                    {"type": "object", "properties": {"rank": {"type": "integer"}}},
                    {"$ref": "#/components/schemas/Dog"}
                ]}}
            }},
            "Dog": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/Cat"}}}
        }}});
        let mut graph = MergeGraph::new(&doc);
        assert!(merge_reaches_a_holder(
            &mut graph,
            &doc,
            "/components/schemas/Cat/properties/siblings/items"
        ));
        // `Dog` names `Cat` through a property: a recursive type, not a merge.
        assert!(!merge_reaches_a_holder(
            &mut graph,
            &doc,
            "/components/schemas/Cat/properties/friends/items"
        ));
    }

    #[test]
    fn recursion_through_properties_is_a_recursive_type_and_stays() {
        let doc = json!({"components": {"schemas": {
            "Node": {"allOf": [{"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }}]}
        }}});
        let (after, warnings) = repaired(doc.clone());
        assert_eq!(after, doc);
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_chain_of_refs_back_to_itself_is_found_where_it_closes() {
        let doc = json!({
            "paths": {"/a": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Self"}}}},
            "components": {"requestBodies": {"Self": {"$ref": "#/components/requestBodies/Self"}}}
        });
        assert_eq!(
            ref_only_cycles(&doc),
            vec![(
                "/components/requestBodies/Self/$ref".to_string(),
                "#/components/requestBodies/Self".to_string()
            )]
        );
    }
}
