//! Comparing what a page states about one schema tree (a request body, a status's body, an
//! error's fields) with the spec's schema for it.

use serde_json::Value;

use crate::spec::pointer::escape_segment;

use super::finding::{Sink, list, quote};
use super::page::{
    Body, Example, JsonKind, ObjectField, Shape, join_path, normalize_space, split_path,
};
use super::schema::{
    Node, Property, additional, allows_any, descendants, descriptions, enum_values, properties,
    type_of, variants, walk,
};

/// A spec schema tree and how findings about it are labelled (`response 201`, `request`).
pub struct Tree<'a> {
    /// The spec document.
    pub doc: &'a Value,
    /// The root schema.
    pub root: Node<'a>,
    /// The label every finding about this tree starts with.
    pub label: String,
}

/// What walking an example through the spec found, for the checks that follow it.
#[derive(Debug, Default)]
pub struct Walked {
    /// Example paths the spec has no property for (already reported).
    pub missing: Vec<String>,
    /// Example paths whose spec schema is an enum: path, values, pointer.
    pub enums: Vec<(String, Vec<String>, String)>,
}

impl Tree<'_> {
    /// Every property path of the example must exist in the spec with a compatible type, and
    /// every property the spec declares on an example object must be in the example.
    pub fn check_example(&self, sink: &mut Sink, example: &Example) -> Walked {
        let mut walked = Walked::default();
        self.walk_value(
            sink,
            &mut walked,
            &mut Vec::new(),
            &example.value,
            self.root.clone(),
        );
        walked
    }

    fn walk_value(
        &self,
        sink: &mut Sink,
        walked: &mut Walked,
        at: &mut Vec<String>,
        value: &Value,
        node: Node<'_>,
    ) {
        if at.len() > super::schema::MAX_DEPTH * 2 {
            return;
        }
        let node = choose_variant(self.doc, node, value);
        let path = join_path(at);
        let kind = JsonKind::of(value);
        if let Some(values) = enum_values(&node) {
            walked
                .enums
                .push((path.clone(), values, node.pointer.clone()));
        }
        if !compatible(kind, &node) {
            let spec = match type_of(&node) {
                Some(kind) if node.nullable => format!("type {kind}, nullable"),
                Some(kind) => format!("type {kind}"),
                None => "no type".to_string(),
            };
            sink.push(
                format!("{} property {}: type", self.label, shown(&path)),
                format!("example value is {}", kind.name()),
                spec,
                Some(&node.pointer),
            );
            return;
        }
        match value {
            Value::Object(map) => {
                let declared = properties(self.doc, &node);
                for (key, child) in map {
                    at.push(key.clone());
                    if let Some(property) = declared.iter().find(|p| p.name == *key) {
                        self.walk_value(sink, walked, at, child, property.node.clone());
                    } else if let Some(extra) = additional(self.doc, &node) {
                        self.walk_value(sink, walked, at, child, extra);
                    } else if !allows_any(&node) {
                        let missing = join_path(at);
                        sink.push(
                            format!("{} property {missing}", self.label),
                            format!("example has it ({})", JsonKind::of(child).name()),
                            "lacks it",
                            Some(&format!("{}/properties", node.pointer)),
                        );
                        walked.missing.push(missing);
                    }
                    at.pop();
                }
                for property in declared.iter().filter(|p| !map.contains_key(&p.name)) {
                    at.push(property.name.clone());
                    sink.push(
                        format!("{} property {}", self.label, join_path(at)),
                        "example lacks it",
                        "has it",
                        Some(&property_pointer(&node, &property.name)),
                    );
                    at.pop();
                }
            }
            Value::Array(items) => {
                if let Some(item) = super::schema::items(self.doc, &node) {
                    at.push("[]".to_string());
                    for child in items {
                        self.walk_value(sink, walked, at, child, item.clone());
                    }
                    at.pop();
                }
            }
            _ => {}
        }
    }

    /// Fields, enum lists, oneOf lists and sentences of `body`. `example_paths` are the paths
    /// the example walk already covered; `skip_enums` are placed lists checked elsewhere (an
    /// error's `code`).
    pub fn check_body(
        &self,
        sink: &mut Sink,
        body: &Body,
        walked: Option<&Walked>,
        skip_enums: &[&str],
    ) {
        let missing = walked.map(|w| w.missing.as_slice()).unwrap_or_default();
        let lacks = |path: &str| {
            missing
                .iter()
                .any(|gone| path == gone || path.starts_with(&format!("{gone}.")))
        };
        for field in &body.objects {
            self.check_field(sink, field, &lacks);
        }
        for enum_list in &body.enums {
            self.check_enum(sink, &enum_list.values, enum_list.path.as_deref(), &lacks);
        }
        if let Some(walked) = walked {
            for (path, values, pointer) in &walked.enums {
                let shown_on_page = body
                    .enums
                    .iter()
                    .any(|list| list.path.as_deref() == Some(path.as_str()));
                if !shown_on_page && !skip_enums.contains(&path.as_str()) {
                    sink.push(
                        format!("{} enum {}", self.label, shown(path)),
                        "shows no \"Possible values\" list for it",
                        list(values),
                        Some(pointer),
                    );
                }
            }
        }
        for one_of in &body.one_ofs {
            self.check_one_of(sink, &one_of.path, &one_of.names);
        }
        let known = descriptions(self.doc, &self.root);
        for text in &body.texts {
            let wanted = normalize_space(&text.text);
            if !known
                .iter()
                .any(|description| description.contains(&wanted))
            {
                sink.push(
                    format!("{} text {}", self.label, quote(&text.text)),
                    "says it",
                    "no description in this schema says it",
                    Some(&self.root.pointer),
                );
            }
        }
    }

    fn check_field(&self, sink: &mut Sink, field: &ObjectField, lacks: &dyn Fn(&str) -> bool) {
        match &field.path {
            Some(path) => match walk(self.doc, &self.root, &split_path(path)) {
                Ok(property) => {
                    let base = format!("{} field {path}", self.label);
                    self.field_markers(sink, &base, field, &property);
                }
                Err((_, stop)) if !lacks(path) => sink.push(
                    format!("{} field {path}", self.label),
                    format!("shows field `{path}` ({})", shape_name(&field.shape)),
                    "lacks it",
                    Some(&stop.pointer),
                ),
                Err(_) => {}
            },
            None => {
                let candidates: Vec<Property<'_>> = descendants(self.doc, &self.root)
                    .into_iter()
                    .filter(|found| found.path.last() == Some(&field.name))
                    .map(|found| found.property)
                    .collect();
                let base = format!("{} field {}", self.label, field.name);
                let best = candidates
                    .iter()
                    .find(|p| markers_match(field, p))
                    .or_else(|| candidates.iter().find(|p| shape_matches(&field.shape, p)))
                    .or_else(|| candidates.first());
                match best {
                    Some(property) => self.field_markers(sink, &base, field, property),
                    None => sink.push(
                        base,
                        format!(
                            "shows field `{}` ({})",
                            field.name,
                            shape_name(&field.shape)
                        ),
                        "has no property of that name here",
                        Some(&self.root.pointer),
                    ),
                }
            }
        }
    }

    fn field_markers(
        &self,
        sink: &mut Sink,
        base: &str,
        field: &ObjectField,
        property: &Property<'_>,
    ) {
        if !shape_matches(&field.shape, property) {
            sink.push(
                format!("{base}: type"),
                shape_name(&field.shape),
                spec_shape(self.doc, property),
                Some(&property.at),
            );
        }
        let at = Some(property.at.as_str());
        if field.required != property.required {
            sink.push(
                format!("{base}: required"),
                if field.required {
                    "required"
                } else {
                    "not marked required"
                },
                if property.required {
                    "required"
                } else {
                    "optional"
                },
                at,
            );
        }
        if field.nullable != property.node.nullable {
            sink.push(
                format!("{base}: nullable"),
                if field.nullable {
                    "nullable"
                } else {
                    "not marked nullable"
                },
                if property.node.nullable {
                    "nullable"
                } else {
                    "not nullable"
                },
                at,
            );
        }
    }

    fn check_enum(
        &self,
        sink: &mut Sink,
        values: &[String],
        path: Option<&str>,
        lacks: &dyn Fn(&str) -> bool,
    ) {
        match path {
            Some(path) => match walk(self.doc, &self.root, &split_path(path)) {
                Ok(property) => match enum_values(&property.node) {
                    Some(spec) if spec == values => {}
                    Some(spec) => sink.push(
                        format!("{} enum {path}", self.label),
                        list(values),
                        enum_difference(values, &spec),
                        Some(&property.node.pointer),
                    ),
                    None => sink.push(
                        format!("{} enum {path}", self.label),
                        list(values),
                        "no enum",
                        Some(&property.node.pointer),
                    ),
                },
                Err((_, stop)) if !lacks(path) => sink.push(
                    format!("{} enum {path}", self.label),
                    list(values),
                    "lacks the property",
                    Some(&stop.pointer),
                ),
                Err(_) => {}
            },
            None => {
                let mut nodes = vec![self.root.clone()];
                nodes.extend(
                    descendants(self.doc, &self.root)
                        .into_iter()
                        .map(|found| found.property.node),
                );
                let enums: Vec<(Vec<String>, String)> = nodes
                    .iter()
                    .filter_map(|node| enum_values(node).map(|v| (v, node.pointer.clone())))
                    .collect();
                if enums.iter().any(|(spec, _)| spec == values) {
                    return;
                }
                let overlap =
                    |spec: &Vec<String>| spec.iter().filter(|v| values.contains(v)).count();
                let closest = enums
                    .iter()
                    .filter(|(spec, _)| overlap(spec) > 0)
                    .max_by_key(|(spec, _)| overlap(spec));
                let thing = format!("{} enum {}", self.label, list(values));
                match closest {
                    Some((spec, pointer)) => sink.push(
                        thing,
                        list(values),
                        format!("closest is {}", enum_difference(values, spec)),
                        Some(pointer),
                    ),
                    None => sink.push(
                        thing,
                        list(values),
                        "no enum with these values",
                        Some(&self.root.pointer),
                    ),
                }
            }
        }
    }

    fn check_one_of(&self, sink: &mut Sink, path: &str, names: &[String]) {
        let node = if path.is_empty() {
            Some(self.root.clone())
        } else {
            walk(self.doc, &self.root, &split_path(path))
                .ok()
                .map(|property| property.node)
        };
        let thing = format!("{} oneOf {}", self.label, shown(path));
        let Some(node) = node else {
            sink.push(
                thing,
                format!("oneOf {}", list(names)),
                "lacks the property",
                Some(&self.root.pointer),
            );
            return;
        };
        let alternatives = variants(self.doc, &node);
        if alternatives.is_empty() {
            sink.push(
                thing,
                format!("oneOf {}", list(names)),
                "not a oneOf",
                Some(&node.pointer),
            );
            return;
        }
        let spec: Vec<String> = alternatives
            .iter()
            .map(|variant| {
                variant
                    .name
                    .clone()
                    .unwrap_or_else(|| "(inline schema)".to_string())
            })
            .collect();
        if !names.is_empty() && spec != names {
            sink.push(
                thing,
                format!("oneOf {}", list(names)),
                format!("oneOf {}", list(&spec)),
                Some(&node.pointer),
            );
        }
    }

    /// Object-typed properties of the tree that the page shows no field for (the renderer
    /// prints every object field's name, so a missing one is a difference).
    pub fn check_unshown_objects(&self, sink: &mut Sink, body: &Body) {
        for found in descendants(self.doc, &self.root) {
            let Some(name) = found.path.last() else {
                continue;
            };
            if found.path.iter().any(|segment| segment == "*") {
                continue;
            }
            let object_like = match type_of(&found.property.node) {
                Some("object") => true,
                Some("array") => super::schema::items(self.doc, &found.property.node)
                    .is_some_and(|item| type_of(&item) == Some("object")),
                _ => false,
            };
            if object_like && !body.objects.iter().any(|field| field.name == *name) {
                sink.push(
                    format!("{} field {}", self.label, join_path(&found.path)),
                    "shows no such field",
                    "has it",
                    Some(&found.property.node.pointer),
                );
            }
        }
    }
}

/// Through a `oneOf`, the alternative the example value is an instance of.
fn choose_variant<'a>(doc: &'a Value, node: Node<'a>, value: &Value) -> Node<'a> {
    let alternatives = variants(doc, &node);
    if alternatives.is_empty() {
        return node;
    }
    let nullable = node.nullable;
    let score = |variant: &Node<'a>| -> (bool, bool, usize) {
        let Value::Object(map) = value else {
            return (compatible(JsonKind::of(value), variant), true, 0);
        };
        let declared = properties(doc, variant);
        let covered = map
            .keys()
            .all(|key| declared.iter().any(|p| p.name == *key))
            || allows_any(variant);
        let required = declared
            .iter()
            .filter(|p| p.required)
            .all(|p| map.contains_key(&p.name));
        let matched = map
            .keys()
            .filter(|key| declared.iter().any(|p| p.name == **key))
            .count();
        (covered, required, matched)
    };
    let mut best: Option<(Node<'a>, (bool, bool, usize))> = None;
    for variant in alternatives {
        let mark = score(&variant);
        if best.as_ref().is_none_or(|(_, known)| mark > *known) {
            best = Some((variant, mark));
        }
    }
    match best {
        Some((mut chosen, _)) => {
            chosen.nullable |= nullable;
            chosen
        }
        None => node,
    }
}

/// Whether an example value of `kind` fits the schema. A schema without a type holds any
/// JSON, `null` included (OpenAPI 3.0.3: `nullable` only adds `null` to an explicit `type`).
fn compatible(kind: JsonKind, node: &Node<'_>) -> bool {
    match (kind, type_of(node)) {
        (JsonKind::Null, None) => true,
        (JsonKind::Null, _) => node.nullable,
        (_, None) => true,
        (JsonKind::Integer, Some(t)) => t == "integer" || t == "number",
        (kind, Some(t)) => kind.name() == t,
    }
}

fn shape_name(shape: &Shape) -> String {
    match shape {
        Shape::Object => "object".to_string(),
        Shape::ObjectArray => "object[]".to_string(),
        Shape::Named(name) => name.clone(),
    }
}

fn shape_matches(shape: &Shape, property: &Property<'_>) -> bool {
    let kind = type_of(&property.node);
    match shape {
        Shape::ObjectArray => kind == Some("array"),
        Shape::Object => matches!(kind, Some("object") | None),
        Shape::Named(name) => property.node.name.as_deref() == Some(name.as_str()),
    }
}

fn markers_match(field: &ObjectField, property: &Property<'_>) -> bool {
    shape_matches(&field.shape, property)
        && field.required == property.required
        && field.nullable == property.node.nullable
}

fn spec_shape(doc: &Value, property: &Property<'_>) -> String {
    let kind = type_of(&property.node).unwrap_or("untyped");
    let item = (kind == "array")
        .then(|| super::schema::items(doc, &property.node))
        .flatten()
        .and_then(|item| {
            item.name
                .clone()
                .or_else(|| type_of(&item).map(str::to_string))
        });
    match (&property.node.name, item) {
        (_, Some(item)) => format!("array of {item}"),
        (Some(name), None) => format!("{name} ({kind})"),
        (None, None) => kind.to_string(),
    }
}

/// `[spec values] (lacks x; adds y)`, or that only the order differs.
fn enum_difference(page: &[String], spec: &[String]) -> String {
    let lacks: Vec<&str> = page
        .iter()
        .filter(|v| !spec.contains(v))
        .map(String::as_str)
        .collect();
    let adds: Vec<&str> = spec
        .iter()
        .filter(|v| !page.contains(v))
        .map(String::as_str)
        .collect();
    let mut notes = Vec::new();
    if !lacks.is_empty() {
        notes.push(format!("lacks {}", lacks.join(", ")));
    }
    if !adds.is_empty() {
        notes.push(format!("adds {}", adds.join(", ")));
    }
    if notes.is_empty() {
        notes.push("same values, another order".to_string());
    }
    format!("{} ({})", list(spec), notes.join("; "))
}

/// The pointer of a property entry of `owner`.
fn property_pointer(owner: &Node<'_>, name: &str) -> String {
    format!("{}/properties/{}", owner.pointer, escape_segment(name))
}

/// A path for messages: `(body)` for the root.
pub fn shown(path: &str) -> &str {
    if path.is_empty() { "(body)" } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_differences_are_spelled_out() {
        let page = ["a".to_string(), "b".to_string()];
        assert_eq!(enum_difference(&page, &["a".to_string()]), "[a] (lacks b)");
        assert_eq!(
            enum_difference(&page, &["b".to_string(), "a".to_string()]),
            "[b, a] (same values, another order)"
        );
    }
}
