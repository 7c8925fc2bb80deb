//! Comparing a page's facts with the specs: the page's method and path pick the operation,
//! then title, description, scopes, statuses, parameters, bodies, examples and error codes are
//! checked one by one.

use serde_json::Value;

use crate::spec::pointer::escape_segment;
use crate::spec::{LoadedSpec, OperationRef, ParameterRef, operations, parameters, resolve_at};

use super::finding::{Finding, Sink, list, quote};
use super::katapult::is_error;
use super::page::{
    Body, ErrorCode, Operation, Page, Parameter, Response, file_name, normalize_space,
};
use super::schema::{Node, descendants, enum_values, properties, resolve, type_of, variants, walk};
use super::tree::Tree;

/// Every disagreement between `page` and the operations of `specs`.
pub fn compare_page(page: &Page, specs: &[LoadedSpec]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for operation in &page.operations {
        findings.extend(compare_operation(&page.file, operation, specs));
    }
    findings
}

/// An operation of a spec, with its document and the spec's file name.
struct Found<'a> {
    doc: &'a Value,
    spec_file: String,
    op: OperationRef<'a>,
}

/// The spec operation with this method and path; failing that, one whose path differs only
/// in the names of its `{parameters}`.
fn find_operation<'a>(specs: &'a [LoadedSpec], method: &str, route: &str) -> Option<Found<'a>> {
    let method = method.to_ascii_lowercase();
    let mut fallback = None;
    for spec in specs {
        for op in operations(&spec.document) {
            if op.method != method {
                continue;
            }
            let exact = op.route == route;
            if !exact && (fallback.is_some() || template_shape(op.route) != template_shape(route)) {
                continue;
            }
            let found = Found {
                doc: &spec.document,
                spec_file: file_name(&spec.path),
                op,
            };
            if exact {
                return Some(found);
            }
            fallback = Some(found);
        }
    }
    fallback
}

/// `/v2/{project_id}/x` → `/v2/{}/x`.
fn template_shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn compare_operation(page: &str, operation: &Operation, specs: &[LoadedSpec]) -> Vec<Finding> {
    let key = operation.key();
    let Some(found) = find_operation(specs, &operation.method, &operation.path) else {
        let mut sink = Sink::new(page, &key, "");
        sink.push(
            "operation",
            format!("documents {key} ({})", quote(&operation.title)),
            "no spec has this operation",
            None,
        );
        return sink.findings;
    };
    let mut sink = Sink::new(page, &key, &found.spec_file);
    let at = found.op.pointer.as_str();
    if found.op.route != operation.path {
        sink.push(
            "path",
            operation.path.clone(),
            found.op.route.to_string(),
            Some(&found.op.item_pointer()),
        );
    }
    let shared = is_action_operation(found.doc, found.op.value, at);
    if shared {
        // One action of several on this URL: the operation's description names it.
        let description = found
            .op
            .value
            .get("description")
            .and_then(Value::as_str)
            .map(normalize_space)
            .unwrap_or_default();
        if !description.contains(&normalize_space(&operation.title)) {
            sink.push(
                "title",
                quote(&operation.title),
                "no action of the operation's description has this title",
                Some(&format!("{at}/description")),
            );
        }
    } else {
        text_field(
            &mut sink,
            "title",
            Some(&operation.title),
            found.op.value,
            "summary",
            at,
        );
        text_field(
            &mut sink,
            "description",
            operation.description.as_deref(),
            found.op.value,
            "description",
            at,
        );
    }
    compare_scopes(&mut sink, operation, &found);
    compare_statuses(&mut sink, operation, &found, shared);
    if let Some(body) = &operation.request {
        compare_request_body(&mut sink, body, &found);
    }
    if !operation.request_parameters.is_empty() {
        compare_request_parameters(&mut sink, &operation.request_parameters, &found);
    }
    if !operation.response_parameters.is_empty() {
        compare_response_parameters(&mut sink, operation, &found);
    }
    for response in &operation.responses {
        compare_response(&mut sink, response, &found);
    }
    sink.findings
}

/// A page sentence that the spec must carry verbatim (whitespace aside) in `field`.
fn text_field(
    sink: &mut Sink,
    thing: &str,
    page: Option<&str>,
    owner: &Value,
    field: &str,
    at: &str,
) {
    let Some(page) = page else { return };
    let spec = owner.get(field).and_then(Value::as_str);
    if spec.map(normalize_space) != Some(normalize_space(page)) {
        sink.push(
            thing,
            quote(page),
            spec.map_or_else(|| format!("has no {field}"), quote),
            Some(&format!("{at}/{field}")),
        );
    }
}

fn compare_scopes(sink: &mut Sink, operation: &Operation, found: &Found<'_>) {
    if operation.scopes.is_empty() {
        return;
    }
    let (security, at) = match found.op.value.get("security") {
        Some(security) => (Some(security), format!("{}/security", found.op.pointer)),
        None => (found.doc.get("security"), "/security".to_string()),
    };
    let spec_scopes: Vec<String> = security
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|requirement| requirement.values())
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let prefix = operation.scope_prefix.as_deref().unwrap_or_default();
    let matches = |page: &str, spec: &str| {
        spec == format!("{prefix}{page}")
            || (prefix.is_empty() && spec.ends_with(&format!("/{page}")))
    };
    for scope in &operation.scopes {
        if !spec_scopes.iter().any(|spec| matches(scope, spec)) {
            sink.push(
                format!("scope {scope}"),
                format!("requires scope {prefix}{scope}"),
                format!("lacks it (scopes {})", list(&spec_scopes)),
                Some(&at),
            );
        }
    }
    for spec in &spec_scopes {
        if !operation.scopes.iter().any(|scope| matches(scope, spec)) {
            sink.push(
                format!("scope {spec}"),
                "does not list it",
                format!("requires scope {spec}"),
                Some(&at),
            );
        }
    }
}

/// Whether the spec operation at `at` is the OpenStack family's action operation: several
/// documented sections share its method and URL, and its request body is a `oneOf` of them
/// marked `x-openstack: {discriminator: action}`. A page documents one action of it: its
/// title, description and statuses are one part of the operation's.
fn is_action_operation(doc: &Value, operation: &Value, at: &str) -> bool {
    operation
        .get("requestBody")
        .and_then(|holder| content_schema(doc, holder, &format!("{at}/requestBody"), None))
        .is_some_and(|(_, entry, ..)| {
            let schema = entry
                .get("schema")
                .map(|schema| resolve_at(doc, "", schema).1);
            schema.is_some_and(|schema| {
                schema.pointer("/x-openstack/discriminator") == Some(&Value::from("action"))
            })
        })
}

/// Every status the page documents must be in the spec; and, unless the operation is shared
/// by several sections (`shared`), every status of the spec on the page.
fn compare_statuses(sink: &mut Sink, operation: &Operation, found: &Found<'_>, shared: bool) {
    let spec: Vec<String> = found
        .op
        .value
        .get("responses")
        .and_then(Value::as_object)
        .map(|responses| responses.keys().cloned().collect())
        .unwrap_or_default();
    let at = format!("{}/responses", found.op.pointer);
    for response in &operation.responses {
        if !spec.contains(&response.status) {
            sink.push(
                format!("status {}", response.status),
                format!("documents {}", response.status),
                format!("lacks it (has {})", list(&spec)),
                Some(&at),
            );
        }
    }
    for status in spec.iter().filter(|_| !shared) {
        if !operation.responses.iter().any(|r| r.status == *status) {
            sink.push(
                format!("status {status}"),
                "does not document it",
                format!("documents {status}"),
                Some(&format!("{at}/{}", escape_segment(status))),
            );
        }
    }
}

/// The schema of the `requestBody` or response object `holder` (at `pointer`, followed
/// through `$ref`) for `media`, or else its first JSON-ish (then first) media type: the
/// schema, the media-type entry, the entry's pointer and the media type.
fn content_schema<'a>(
    doc: &'a Value,
    holder: &'a Value,
    pointer: &str,
    media: Option<&str>,
) -> Option<(Node<'a>, &'a Value, String, String)> {
    let (holder_at, holder) = resolve_at(doc, pointer, holder);
    let content = holder.get("content")?.as_object()?;
    let (media, entry) = match media {
        Some(media) => (media.to_string(), content.get(media)?),
        None => content
            .iter()
            .find(|(media, _)| media.contains("json"))
            .or_else(|| content.iter().next())
            .map(|(media, entry)| (media.clone(), entry))?,
    };
    let entry_at = format!("{holder_at}/content/{}", escape_segment(&media));
    let schema = entry.get("schema")?;
    Some((
        resolve(doc, schema, &format!("{entry_at}/schema")),
        entry,
        entry_at,
        media,
    ))
}

fn compare_request_body(sink: &mut Sink, body: &Body, found: &Found<'_>) {
    let at = format!("{}/requestBody", found.op.pointer);
    let Some(holder) = found.op.value.get("requestBody") else {
        sink.push(
            "request body",
            "documents a request body",
            "has no requestBody",
            Some(&found.op.pointer),
        );
        return;
    };
    let Some((root, _, _, _)) = content_schema(found.doc, holder, &at, None) else {
        sink.push(
            "request body",
            "documents a request body",
            "has no request schema",
            Some(&at),
        );
        return;
    };
    let tree = Tree {
        doc: found.doc,
        root,
        label: "request".to_string(),
    };
    tree.check_body(sink, body, None, &[]);
    tree.check_unshown_objects(sink, body);
}

/// Where an rst parameter-table reference says the key lives (`project_id_path` → path).
fn reference_location(reference: &str) -> Option<&'static str> {
    ["path", "query", "header", "cookie"]
        .into_iter()
        .find(|place| reference.ends_with(&format!("_{place}")))
}

fn compare_request_parameters(sink: &mut Sink, listed: &[Parameter], found: &Found<'_>) {
    let declared: Vec<ParameterRef<'_>> = parameters(found.doc, &found.op);
    let at = format!("{}/requestBody", found.op.pointer);
    let body = found
        .op
        .value
        .get("requestBody")
        .and_then(|holder| content_schema(found.doc, holder, &at, None))
        .map(|(root, ..)| root);
    let body_paths: Vec<Vec<String>> = body
        .as_ref()
        .map(|root| {
            descendants(found.doc, root)
                .into_iter()
                .map(|f| f.path)
                .collect()
        })
        .unwrap_or_default();
    for parameter in listed {
        let thing = format!("request parameter {}", parameter.key);
        let says = format!("lists {} ({})", parameter.key, parameter.reference);
        let as_parameter = declared.iter().find(|spec| spec.name == parameter.key);
        let in_body = body_paths
            .iter()
            .any(|path| path.last() == Some(&parameter.key));
        match reference_location(&parameter.reference) {
            Some(place) => match as_parameter {
                Some(spec) if spec.location == place => {}
                Some(spec) => sink.push(
                    thing,
                    format!("{says}: a {place} parameter"),
                    format!("a {} parameter", spec.location),
                    Some(&spec.pointer),
                ),
                None => sink.push(
                    thing,
                    format!("{says}: a {place} parameter"),
                    "lacks it",
                    Some(&found.op.pointer),
                ),
            },
            None if in_body || as_parameter.is_some() => {}
            None => sink.push(
                thing,
                says,
                "has no body property or parameter of that name",
                Some(&at),
            ),
        }
    }
    for spec in &declared {
        // The microversion header is the family's, documented once for the whole API.
        let family = spec.location == "header"
            && spec
                .name
                .eq_ignore_ascii_case(super::api_ref::MICROVERSION_HEADER);
        if !family && !listed.iter().any(|parameter| parameter.key == spec.name) {
            sink.push(
                format!("request parameter {}", spec.name),
                "does not list it",
                format!("has {} parameter {}", spec.location, spec.name),
                Some(&spec.pointer),
            );
        }
    }
    if let Some(root) = &body {
        unlisted_properties(sink, found.doc, root, listed, "request");
    }
}

fn compare_response_parameters(sink: &mut Sink, operation: &Operation, found: &Found<'_>) {
    let Some(success) = operation
        .responses
        .iter()
        .find(|r| r.status.starts_with('2'))
    else {
        return;
    };
    let at = format!(
        "{}/responses/{}",
        found.op.pointer,
        escape_segment(&success.status)
    );
    let Some(root) = found
        .op
        .value
        .get("responses")
        .and_then(|responses| responses.get(&success.status))
        .and_then(|holder| content_schema(found.doc, holder, &at, None))
        .map(|(root, ..)| root)
    else {
        sink.push(
            format!("response {} body", success.status),
            "lists response parameters",
            "has no response schema",
            Some(&at),
        );
        return;
    };
    let paths: Vec<Vec<String>> = descendants(found.doc, &root)
        .into_iter()
        .map(|f| f.path)
        .collect();
    for parameter in &operation.response_parameters {
        if !paths.iter().any(|path| path.last() == Some(&parameter.key)) {
            sink.push(
                format!("response parameter {}", parameter.key),
                format!("lists {} ({})", parameter.key, parameter.reference),
                format!(
                    "has no property {} in the {} body",
                    parameter.key, success.status
                ),
                Some(&root.pointer),
            );
        }
    }
    unlisted_properties(
        sink,
        found.doc,
        &root,
        &operation.response_parameters,
        "response",
    );
}

/// Body properties of the first two levels (the wrapper and its object's keys) that the
/// page's parameter list does not name.
fn unlisted_properties(
    sink: &mut Sink,
    doc: &Value,
    root: &Node<'_>,
    listed: &[Parameter],
    side: &str,
) {
    let named = |name: &str| listed.iter().any(|parameter| parameter.key == name);
    for top in properties(doc, root) {
        let mut level = vec![(top.name.clone(), top.node.pointer.clone())];
        if named(&top.name) && type_of(&top.node) == Some("object") {
            level.extend(
                properties(doc, &top.node)
                    .into_iter()
                    .map(|inner| (format!("{}.{}", top.name, inner.name), inner.node.pointer)),
            );
        }
        for (path, pointer) in level {
            let name = path.rsplit('.').next().unwrap_or(&path);
            if !named(name) {
                sink.push(
                    format!("{side} property {path}"),
                    "does not list it",
                    format!("has {path}"),
                    Some(&pointer),
                );
            }
        }
    }
}

fn compare_response(sink: &mut Sink, response: &Response, found: &Found<'_>) {
    let status = &response.status;
    let label = format!("response {status}");
    let at = format!("{}/responses/{}", found.op.pointer, escape_segment(status));
    let Some(holder) = found.op.value.get("responses").and_then(|r| r.get(status)) else {
        return; // reported by compare_statuses
    };
    let (holder_at, holder_value) = resolve_at(found.doc, &at, holder);
    if let Some(description) = &response.description {
        text_field(
            sink,
            &format!("{label} description"),
            Some(description),
            holder_value,
            "description",
            &holder_at,
        );
    }
    let media = response.media_type.as_deref();
    if response.body.is_none() && response.example.is_none() && response.errors.is_empty() {
        return; // the page says nothing about the body (rst pages)
    }
    let Some((root, entry, entry_at, _)) = content_schema(found.doc, holder, &at, media) else {
        sink.push(
            format!("{label} body"),
            format!("documents a {} body", media.unwrap_or("JSON")),
            "has no schema for it",
            Some(&holder_at),
        );
        return;
    };
    let tree = Tree {
        doc: found.doc,
        root,
        label: label.clone(),
    };
    let body = response.body.clone().unwrap_or_default();
    let one_of_placeholder = body.one_ofs.iter().any(|one_of| one_of.path.is_empty())
        && response
            .example
            .as_ref()
            .is_some_and(|example| example.value == Value::Object(Default::default()));
    let mut walked = None;
    if let Some(example) = &response.example {
        compare_example_value(sink, &label, &example.value, entry, &entry_at);
        if !one_of_placeholder {
            walked = Some(tree.check_example(sink, example));
        }
    }
    let error_status = is_error(status);
    let skip: &[&str] = if error_status { &["code"] } else { &[] };
    tree.check_body(sink, &body, walked.as_ref(), skip);
    if error_status {
        compare_errors(sink, &tree, &response.errors);
    }
}

/// The page's example must be the spec's example.
fn compare_example_value(
    sink: &mut Sink,
    label: &str,
    page: &Value,
    entry: &Value,
    entry_at: &str,
) {
    let spec = entry.get("example").or_else(|| {
        entry
            .get("examples")
            .and_then(Value::as_object)
            .and_then(|examples| examples.values().find_map(|example| example.get("value")))
    });
    let thing = format!("{label} example");
    match spec {
        None => sink.push(thing, compact(page), "has no example", Some(entry_at)),
        Some(spec) if spec == page => {}
        Some(spec) => {
            let (path, page_value, spec_value) = first_difference(page, spec, String::new());
            sink.push(
                thing,
                format!("at {}: {page_value}", super::tree::shown(&path)),
                format!("at {}: {spec_value}", super::tree::shown(&path)),
                Some(&format!("{entry_at}/example")),
            );
        }
    }
}

/// The first place two JSON values differ: path, page side, spec side.
fn first_difference(page: &Value, spec: &Value, at: String) -> (String, String, String) {
    let join = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match (page, spec) {
        (Value::Object(left), Value::Object(right)) => {
            for (key, value) in left {
                match right.get(key) {
                    Some(other) if other == value => {}
                    Some(other) => return first_difference(value, other, join(key)),
                    None => return (join(key), compact(value), "nothing".to_string()),
                }
            }
            for (key, value) in right {
                if !left.contains_key(key) {
                    return (join(key), "nothing".to_string(), compact(value));
                }
            }
            (at, compact(page), compact(spec))
        }
        (Value::Array(left), Value::Array(right)) if left.len() == right.len() => {
            for (value, other) in left.iter().zip(right) {
                if value != other {
                    return first_difference(value, other, format!("{at}[]"));
                }
            }
            (at, compact(page), compact(spec))
        }
        _ => (at, compact(page), compact(spec)),
    }
}

/// A JSON value on one line, shortened for messages.
fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

/// An error body the spec declares for a status: its codes, schema name and node.
struct SpecError<'a> {
    codes: Vec<String>,
    name: Option<String>,
    node: Node<'a>,
}

fn spec_errors<'a>(doc: &'a Value, root: &Node<'a>) -> Vec<SpecError<'a>> {
    let alternatives = variants(doc, root);
    let members = if alternatives.is_empty() {
        vec![root.clone()]
    } else {
        alternatives
    };
    members
        .into_iter()
        .map(|node| SpecError {
            codes: walk(doc, &node, &["code".to_string()])
                .ok()
                .and_then(|code| enum_values(&code.node))
                .unwrap_or_default(),
            name: node.name.clone(),
            node,
        })
        .collect()
}

fn compare_errors(sink: &mut Sink, tree: &Tree<'_>, errors: &[ErrorCode]) {
    let label = &tree.label;
    let spec = spec_errors(tree.doc, &tree.root);
    for error in errors {
        let thing = format!("{label} code {}", error.code);
        let Some(member) = spec
            .iter()
            .find(|member| member.codes.contains(&error.code))
        else {
            let known: Vec<&String> = spec.iter().flat_map(|member| &member.codes).collect();
            sink.push(
                thing,
                format!(
                    "documents {}{}",
                    error.code,
                    error
                        .description
                        .as_deref()
                        .map(|d| format!(" ({})", quote(d)))
                        .unwrap_or_default()
                ),
                format!("lacks it (codes {})", list(&known)),
                Some(&tree.root.pointer),
            );
            continue;
        };
        if let Some(description) = &error.description {
            text_field(
                sink,
                &format!("{thing}: description"),
                Some(description),
                member.node.value,
                "description",
                &member.node.pointer,
            );
        }
        if let Some(name) = &error.schema
            && member.name.as_deref() != Some(name.as_str())
        {
            sink.push(
                format!("{thing}: schema name"),
                name.clone(),
                member
                    .name
                    .clone()
                    .unwrap_or_else(|| "an inline schema".to_string()),
                Some(&member.node.pointer),
            );
        }
        if let Some(body) = &error.body {
            let member_tree = Tree {
                doc: tree.doc,
                root: member.node.clone(),
                label: thing.clone(),
            };
            member_tree.check_body(sink, body, None, &[]);
        }
    }
    for member in &spec {
        for code in &member.codes {
            if !errors.iter().any(|error| error.code == *code) {
                sink.push(
                    format!("{label} code {code}"),
                    "does not document it",
                    format!("documents {code}"),
                    Some(&member.node.pointer),
                );
            }
        }
    }
}
