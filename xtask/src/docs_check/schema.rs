//! Reading schemas of a loaded spec: following `$ref`s, `allOf` wrappers and `nullable`,
//! listing properties, walking a dotted path, and searching a schema tree. Every walk is
//! bounded (reference chains, depth, and schemas already visited).

use serde_json::Value;

use crate::spec::pointer::escape_segment;
use crate::spec::refs::{MAX_HOPS, lookup};
/// Deepest a search descends into a schema tree.
pub const MAX_DEPTH: usize = 24;

/// A schema of the document, with where it is.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The schema after following `$ref`s and single-member `allOf`s.
    pub value: &'a Value,
    /// JSON pointer of `value` in the document.
    pub pointer: String,
    /// `nullable: true` was said on the way.
    pub nullable: bool,
    /// The name of the last component reached through a `$ref`, if any.
    pub name: Option<String>,
    /// The schema as written where it was found, before following anything.
    pub origin: &'a Value,
}

/// Follows `$ref`s and `allOf: [one]` wrappers from `value` (found at `pointer`), at most
/// [`MAX_HOPS`] of them together.
pub fn resolve<'a>(doc: &'a Value, value: &'a Value, pointer: &str) -> Node<'a> {
    let mut node = Node {
        value,
        pointer: pointer.to_string(),
        nullable: false,
        name: None,
        origin: value,
    };
    for _ in 0..MAX_HOPS {
        node.nullable |= node.value.get("nullable").and_then(Value::as_bool) == Some(true);
        if let Some(target) = node.value.get("$ref").and_then(Value::as_str) {
            let Some((at, found)) = lookup(doc, target) else {
                break;
            };
            node.name = at.rsplit('/').next().map(str::to_string);
            node.value = found;
            node.pointer = at;
            continue;
        }
        let single = node
            .value
            .get("allOf")
            .and_then(Value::as_array)
            .filter(|members| members.len() == 1 && node.value.get("properties").is_none());
        match single.and_then(|members| members.first()) {
            Some(member) => {
                node.pointer = format!("{}/allOf/0", node.pointer);
                node.value = member;
            }
            None => break,
        }
    }
    node
}

/// A property of a schema.
#[derive(Debug, Clone)]
pub struct Property<'a> {
    /// Its name.
    pub name: String,
    /// Its schema, resolved.
    pub node: Node<'a>,
    /// Listed in the owner's `required`.
    pub required: bool,
    /// JSON pointer of the property's entry in its owner (where `nullable` is written; the
    /// owner's `required` is next to it).
    pub at: String,
}

/// The properties of `node`, including those of its `allOf` members, in document order.
pub fn properties<'a>(doc: &'a Value, node: &Node<'a>) -> Vec<Property<'a>> {
    let mut out = Vec::new();
    collect_properties(doc, node, &mut out, 0);
    out
}

fn collect_properties<'a>(
    doc: &'a Value,
    node: &Node<'a>,
    out: &mut Vec<Property<'a>>,
    depth: usize,
) {
    if depth > MAX_HOPS {
        return;
    }
    let required: Vec<&str> = node
        .value
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(map) = node.value.get("properties").and_then(Value::as_object) {
        for (name, schema) in map {
            if out.iter().any(|known| known.name == *name) {
                continue;
            }
            let at = format!("{}/properties/{}", node.pointer, escape_segment(name));
            out.push(Property {
                name: name.clone(),
                node: resolve(doc, schema, &at),
                required: required.contains(&name.as_str()),
                at,
            });
        }
    }
    for (index, member) in members(node.value, "allOf") {
        let at = format!("{}/allOf/{index}", node.pointer);
        collect_properties(doc, &resolve(doc, member, &at), out, depth + 1);
    }
    // A `required` may name a property an allOf member declares.
    for property in out.iter_mut() {
        if required.contains(&property.name.as_str()) {
            property.required = true;
        }
    }
}

/// The members of `oneOf` / `anyOf` / `allOf` (`keyword`) with their indexes.
fn members<'a>(value: &'a Value, keyword: &str) -> Vec<(usize, &'a Value)> {
    value
        .get(keyword)
        .and_then(Value::as_array)
        .map(|items| items.iter().enumerate().collect())
        .unwrap_or_default()
}

/// The alternatives of a `oneOf` / `anyOf` schema, resolved.
pub fn variants<'a>(doc: &'a Value, node: &Node<'a>) -> Vec<Node<'a>> {
    ["oneOf", "anyOf"]
        .iter()
        .flat_map(|keyword| {
            members(node.value, keyword)
                .into_iter()
                .map(move |(index, member)| (keyword, index, member))
        })
        .map(|(keyword, index, member)| {
            resolve(doc, member, &format!("{}/{keyword}/{index}", node.pointer))
        })
        .collect()
}

/// The schema of the items of an array schema.
pub fn items<'a>(doc: &'a Value, node: &Node<'a>) -> Option<Node<'a>> {
    let items = node.value.get("items")?;
    Some(resolve(doc, items, &format!("{}/items", node.pointer)))
}

/// The schema of extra properties, when the object allows them with a schema.
pub fn additional<'a>(doc: &'a Value, node: &Node<'a>) -> Option<Node<'a>> {
    let extra = node.value.get("additionalProperties")?;
    extra.is_object().then(|| {
        resolve(
            doc,
            extra,
            &format!("{}/additionalProperties", node.pointer),
        )
    })
}

/// Whether the object accepts properties it does not list.
pub fn allows_any(node: &Node<'_>) -> bool {
    match node.value.get("additionalProperties") {
        Some(Value::Bool(allowed)) => *allowed,
        Some(Value::Object(_)) => true,
        _ => false,
    }
}

/// The schema's type: its `type`, or what its keywords imply.
pub fn type_of(node: &Node<'_>) -> Option<&'static str> {
    if let Some(kind) = node.value.get("type").and_then(Value::as_str) {
        return ["object", "array", "string", "integer", "number", "boolean"]
            .into_iter()
            .find(|known| *known == kind);
    }
    let has = |key: &str| node.value.get(key).is_some();
    if has("properties") || has("additionalProperties") || has("allOf") {
        Some("object")
    } else if has("items") {
        Some("array")
    } else {
        None
    }
}

/// The string values of the schema's `enum`, if it has one.
pub fn enum_values(node: &Node<'_>) -> Option<Vec<String>> {
    let values = node.value.get("enum")?.as_array()?;
    Some(
        values
            .iter()
            .map(|value| match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect(),
    )
}

/// The child of `node` named by one path segment (`[]` for array items). Through a
/// `oneOf`, the first alternative that has the child answers.
pub fn child<'a>(doc: &'a Value, node: &Node<'a>, segment: &str) -> Option<Property<'a>> {
    child_within(doc, node, segment, 0)
}

fn child_within<'a>(
    doc: &'a Value,
    node: &Node<'a>,
    segment: &str,
    depth: usize,
) -> Option<Property<'a>> {
    if depth > MAX_HOPS {
        return None; // a oneOf that (indirectly) contains itself
    }
    if segment == "[]" {
        return items(doc, node).map(|item| Property {
            name: segment.to_string(),
            at: item.pointer.clone(),
            node: item,
            required: false,
        });
    }
    if let Some(found) = properties(doc, node)
        .into_iter()
        .find(|property| property.name == segment)
    {
        return Some(found);
    }
    for variant in variants(doc, node) {
        if let Some(found) = child_within(doc, &variant, segment, depth + 1) {
            return Some(found);
        }
    }
    additional(doc, node).map(|extra| Property {
        name: segment.to_string(),
        at: extra.pointer.clone(),
        node: extra,
        required: false,
    })
}

/// Walks `segments` from `root`; on failure, returns how many segments were found and the
/// node where the walk stopped.
pub fn walk<'a>(
    doc: &'a Value,
    root: &Node<'a>,
    segments: &[String],
) -> std::result::Result<Property<'a>, (usize, Node<'a>)> {
    let mut current = Property {
        name: String::new(),
        node: root.clone(),
        required: false,
        at: root.pointer.clone(),
    };
    for (index, segment) in segments.iter().enumerate() {
        match child(doc, &current.node, segment) {
            Some(next) => current = next,
            None => return Err((index, current.node)),
        }
    }
    Ok(current)
}

/// A property found by [`descendants`].
#[derive(Debug, Clone)]
pub struct Found<'a> {
    /// Dotted path from the root (`[]` for items).
    pub path: Vec<String>,
    /// The property.
    pub property: Property<'a>,
}

/// Every property below `root` (through properties, items, allOf, oneOf/anyOf and
/// additionalProperties), breadth first, each schema expanded once.
pub fn descendants<'a>(doc: &'a Value, root: &Node<'a>) -> Vec<Found<'a>> {
    let mut out: Vec<Found<'a>> = Vec::new();
    let mut expanded: Vec<String> = Vec::new();
    let mut queue: Vec<(Vec<String>, Node<'a>)> = vec![(Vec::new(), root.clone())];
    let mut next_queue = Vec::new();
    for _depth in 0..MAX_DEPTH {
        for (path, node) in queue.drain(..) {
            if expanded.contains(&node.pointer) {
                continue;
            }
            expanded.push(node.pointer.clone());
            for container in containers(doc, &node) {
                for property in properties(doc, &container) {
                    let mut at = path.clone();
                    at.push(property.name.clone());
                    next_queue.push((at.clone(), property.node.clone()));
                    out.push(Found { path: at, property });
                }
                if let Some(item) = items(doc, &container) {
                    let mut at = path.clone();
                    at.push("[]".to_string());
                    next_queue.push((at, item));
                }
                if let Some(extra) = additional(doc, &container) {
                    let mut at = path.clone();
                    at.push("*".to_string());
                    next_queue.push((at, extra));
                }
            }
        }
        if next_queue.is_empty() {
            break;
        }
        std::mem::swap(&mut queue, &mut next_queue);
    }
    out
}

/// `node` and its oneOf/anyOf alternatives (each may hold properties).
fn containers<'a>(doc: &'a Value, node: &Node<'a>) -> Vec<Node<'a>> {
    let mut out = vec![node.clone()];
    out.extend(variants(doc, node));
    out
}

/// Every `description` in the tree below `root` (the root's too), whitespace-normalised.
pub fn descriptions(doc: &Value, root: &Node<'_>) -> Vec<String> {
    let mut nodes = vec![root.clone()];
    nodes.extend(variants(doc, root));
    nodes.extend(
        descendants(doc, root)
            .into_iter()
            .map(|found| found.property.node),
    );
    let mut out = Vec::new();
    for node in nodes {
        for value in [node.value, node.origin] {
            if let Some(text) = value.get("description").and_then(Value::as_str) {
                out.push(super::page::normalize_space(text));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The component name at the end of a `$ref`-reached pointer (`#/components/schemas/X`).
pub fn component_name(pointer: &str) -> Option<&str> {
    pointer
        .strip_prefix("/components/schemas/")
        .filter(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "components": {"schemas": {
                "A": {"type": "object", "required": ["b"], "properties": {
                    "b": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/B"}]},
                    "list": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                    "pick": {"oneOf": [{"$ref": "#/components/schemas/B"}]}
                }},
                "B": {"type": "object", "properties": {
                    "state": {"type": "string", "enum": ["x", "y"], "description": "The  state."}
                }},
                "Loop": {"$ref": "#/components/schemas/Loop"},
                "Ping": {"oneOf": [{"$ref": "#/components/schemas/Pong"}]},
                "Pong": {"oneOf": [{"$ref": "#/components/schemas/Ping"}]}
            }}
        })
    }

    #[test]
    fn walks_paths_through_refs_items_and_one_of() {
        let doc = doc();
        let root = resolve(
            &doc,
            &doc["components"]["schemas"]["A"],
            "/components/schemas/A",
        );
        let b = walk(&doc, &root, &["b".into()]).expect("b");
        assert!(b.required && b.node.nullable);
        assert_eq!(b.node.name.as_deref(), Some("B"));
        let state =
            walk(&doc, &root, &["list".into(), "[]".into(), "state".into()]).expect("state");
        assert_eq!(enum_values(&state.node), Some(vec!["x".into(), "y".into()]));
        assert!(walk(&doc, &root, &["pick".into(), "state".into()]).is_ok());
        let (found, _) = walk(&doc, &root, &["b".into(), "nope".into()]).unwrap_err();
        assert_eq!(found, 1);
        assert!(descriptions(&doc, &root).contains(&"The state.".to_string()));
        assert!(
            descendants(&doc, &root)
                .iter()
                .any(|f| f.path == ["pick", "state"])
        );
    }

    #[test]
    fn reference_loops_end() {
        let doc = doc();
        let node = resolve(&doc, &doc["components"]["schemas"]["Loop"], "/x");
        assert_eq!(node.pointer, "/components/schemas/Loop");
        assert!(properties(&doc, &node).is_empty());
        assert!(descendants(&doc, &node).is_empty());
        let ping = resolve(
            &doc,
            &doc["components"]["schemas"]["Ping"],
            "/components/schemas/Ping",
        );
        assert!(child(&doc, &ping, "x").is_none());
        assert!(descriptions(&doc, &ping).is_empty());
    }
}
