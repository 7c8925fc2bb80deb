//! Operation comparison: matching operations, then their parameters and request body (the
//! responses are in `responses`, security in `security`).
//!
//! Operations are matched by operationId first, then by method and path (an operationId
//! rename). The generator's plan of each operation ([`crate::generate::normalise`]) gives its success
//! status and error enum.

use std::collections::BTreeMap;

use serde_json::Value;

use super::collect::Collector;
use super::model::{Change, OperationRef, Rule};
use super::responses::{compare_errors, compare_success};
use super::schema::{Direction, Position, SchemaDiff};
use super::security::diff_security;
use super::view::{Slot, child_pointer, lookup};
use crate::error::Result;
use crate::generate::normalise::{OperationPlan, normalise};
use crate::spec::{LoadedSpec, METHODS};

/// Most `$ref` hops followed for a parameter, request body or response.
const MAX_HOPS: usize = 32;

/// One operation of a document.
#[derive(Debug, Clone)]
pub(super) struct Operation<'a> {
    /// Its operationId.
    pub(super) id: String,
    /// Lower-case HTTP method.
    pub(super) method: &'static str,
    /// Path template.
    pub(super) path: String,
    /// JSON pointer of the operation.
    pub(super) pointer: String,
    /// The operation object.
    pub(super) value: &'a Value,
    /// Its path item (for path-level parameters).
    item: &'a Value,
}

impl Operation<'_> {
    fn reference(&self) -> OperationRef {
        OperationRef {
            operation_id: self.id.clone(),
            method: self.method.to_uppercase(),
            path: self.path.clone(),
        }
    }
}

fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(value) = item.get(method) else {
                continue;
            };
            found.push(Operation {
                id: value
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                method,
                path: path.clone(),
                pointer: child_pointer(&child_pointer("/paths", path), method),
                value,
                item,
            });
        }
    }
    found
}

/// Both documents, with the generator's plan for each of their operations.
pub(super) struct Sides<'a> {
    /// The old document.
    pub(super) old: &'a Value,
    /// The new document.
    pub(super) new: &'a Value,
    old_plans: BTreeMap<String, OperationPlan>,
    new_plans: BTreeMap<String, OperationPlan>,
}

/// Compares every operation of `old` and `new`.
pub(crate) fn diff_operations(old: &LoadedSpec, new: &LoadedSpec) -> Result<Vec<Change>> {
    let plans = |spec: &LoadedSpec| -> Result<BTreeMap<String, OperationPlan>> {
        Ok(normalise(&spec.document)
            .map_err(|err| err.in_file(&spec.path))?
            .operations
            .into_iter()
            .map(|plan| (plan.operation_id.clone(), plan))
            .collect())
    };
    let sides = Sides {
        old: &old.document,
        new: &new.document,
        old_plans: plans(old)?,
        new_plans: plans(new)?,
    };
    let old_ops = operations(sides.old);
    let new_ops = operations(sides.new);

    let mut partner: Vec<Option<usize>> = old_ops
        .iter()
        .map(|op| new_ops.iter().position(|candidate| candidate.id == op.id))
        .collect();
    for (index, op) in old_ops.iter().enumerate() {
        if partner[index].is_some() {
            continue;
        }
        partner[index] = new_ops
            .iter()
            .enumerate()
            .position(|(new_index, candidate)| {
                candidate.method == op.method
                    && candidate.path == op.path
                    && !partner.contains(&Some(new_index))
            });
    }

    let mut changes = Vec::new();
    for (op, partner) in old_ops.iter().zip(&partner) {
        match partner.and_then(|index| new_ops.get(index)) {
            Some(new_op) => changes.extend(compare_operation(&sides, op, new_op)),
            None => {
                let mut out = Collector::new(Some(op.reference()));
                out.push(
                    Rule::OperationRemoved,
                    op.pointer.clone(),
                    format!(
                        "operation `{}` is removed: the client method `{}()` is gone",
                        op.id, op.id
                    ),
                );
                changes.extend(out.into_changes());
            }
        }
    }
    for (index, op) in new_ops.iter().enumerate() {
        if !partner.contains(&Some(index)) {
            let mut out = Collector::new(Some(op.reference()));
            out.push(
                Rule::OperationAdded,
                op.pointer.clone(),
                format!("new operation `{}`: a new client method", op.id),
            );
            changes.extend(out.into_changes());
        }
    }
    Ok(changes)
}

fn compare_operation(sides: &Sides<'_>, old: &Operation<'_>, new: &Operation<'_>) -> Vec<Change> {
    let mut diff = SchemaDiff::new(sides.old, sides.new, Collector::new(Some(new.reference())));
    if old.id != new.id {
        diff.out.push(
            Rule::OperationIdChanged,
            format!("{}/operationId", new.pointer),
            format!(
                "operationId `{}` is now `{}`: the client method `{}()` and its types are renamed",
                old.id, new.id, old.id
            ),
        );
    }
    if old.path != new.path {
        diff.out.push(
            Rule::OperationPathChanged,
            new.pointer.clone(),
            format!(
                "path `{}` is now `{}`: released clients call the old URL",
                old.path, new.path
            ),
        );
    }
    if old.method != new.method {
        diff.out.push(
            Rule::OperationMethodChanged,
            new.pointer.clone(),
            format!(
                "method {} is now {}: released clients send the old method",
                old.method.to_uppercase(),
                new.method.to_uppercase()
            ),
        );
    }
    diff.out.docs(
        old.value,
        new.value,
        &new.pointer,
        &["summary", "description"],
    );
    compare_parameters(&mut diff, sides, old, new);
    compare_request_body(&mut diff, sides, old, new);
    if let (Some(old_plan), Some(new_plan)) =
        (sides.old_plans.get(&old.id), sides.new_plans.get(&new.id))
    {
        compare_success(&mut diff, sides, (old, old_plan), (new, new_plan));
        compare_errors(&mut diff, sides, (old, old_plan), (new, new_plan));
    }
    diff_security(
        &mut diff.out,
        (sides.old, old.value, &old.pointer),
        (sides.new, new.value, &new.pointer),
    );
    diff.out.into_changes()
}

/// Follows `$ref`s to a component (parameter, request body, response).
pub(super) fn resolve<'a>(
    doc: &'a Value,
    pointer: String,
    value: &'a Value,
) -> (String, &'a Value) {
    let mut current = (pointer, value);
    for _ in 0..MAX_HOPS {
        let Some(reference) = current.1.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match lookup(doc, reference) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// A parameter: `in` and `name`, where it is (resolved) and its definition.
struct Parameter<'a> {
    location: String,
    name: String,
    pointer: String,
    value: &'a Value,
}

/// Path-item parameters overridden by the operation's own, as OpenAPI defines them.
fn parameters<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<Parameter<'a>> {
    let mut found: Vec<Parameter<'a>> = Vec::new();
    let item_pointer = child_pointer("/paths", &op.path);
    for (owner, pointer) in [(op.item, item_pointer), (op.value, op.pointer.clone())] {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (index, raw) in list.iter().enumerate() {
            let (pointer, value) = resolve(doc, format!("{pointer}/parameters/{index}"), raw);
            let field = |key: &str| {
                value
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let parameter = Parameter {
                location: field("in"),
                name: field("name"),
                pointer,
                value,
            };
            found.retain(|other| {
                (other.location.as_str(), other.name.as_str())
                    != (parameter.location.as_str(), parameter.name.as_str())
            });
            found.push(parameter);
        }
    }
    found
}

fn is_required(parameter: &Parameter<'_>) -> bool {
    parameter.location == "path"
        || parameter.value.get("required").and_then(Value::as_bool) == Some(true)
}

fn compare_parameters<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    old: &Operation<'a>,
    new: &Operation<'a>,
) {
    let old_parameters = parameters(sides.old, old);
    let new_parameters = parameters(sides.new, new);
    let find = |list: &'_ [Parameter<'a>], wanted: &Parameter<'a>| -> Option<usize> {
        list.iter().position(|candidate| {
            candidate.location == wanted.location && candidate.name == wanted.name
        })
    };
    for before in &old_parameters {
        let label = format!("{} parameter `{}`", before.location, before.name);
        let Some(after) = find(&new_parameters, before).and_then(|i| new_parameters.get(i)) else {
            diff.out.push(
                Rule::ParameterRemoved,
                before.pointer.clone(),
                format!("{label} is removed: its builder method is gone"),
            );
            continue;
        };
        match (is_required(before), is_required(after)) {
            (false, true) => diff.out.push(
                Rule::ParameterBecameRequired,
                after.pointer.clone(),
                format!("{label} is now required: calls that do not set it fail"),
            ),
            (true, false) => diff.out.push(
                Rule::ParameterBecameOptional,
                after.pointer.clone(),
                format!("{label} is now optional"),
            ),
            _ => {}
        }
        diff.out
            .docs(before.value, after.value, &after.pointer, &["description"]);
        if let (Some(old_schema), Some(new_schema)) =
            (before.value.get("schema"), after.value.get("schema"))
        {
            diff.compare_root(
                Slot::new(format!("{}/schema", before.pointer), old_schema),
                Slot::new(format!("{}/schema", after.pointer), new_schema),
                Direction::Request,
                Position::Parameter,
                true,
            );
        }
    }
    for after in &new_parameters {
        if find(&old_parameters, after).is_some() {
            continue;
        }
        let label = format!("{} parameter `{}`", after.location, after.name);
        if is_required(after) {
            diff.out.push(
                Rule::ParameterRequiredAdded,
                after.pointer.clone(),
                format!("new required {label}: calls that do not set it fail"),
            );
        } else {
            diff.out.push(
                Rule::ParameterOptionalAdded,
                after.pointer.clone(),
                format!("new optional {label}"),
            );
        }
    }
}

/// The JSON media type of a `content` map: `application/json` or a `+json` type.
pub(super) fn json_schema<'a>(content_owner: &'a Value, pointer: &str) -> Option<Slot<'a>> {
    let content = content_owner.get("content")?.as_object()?;
    let (key, media) = content.iter().find(|(key, _)| {
        let essence = key.split(';').next().unwrap_or_default().trim();
        essence == "application/json" || essence.ends_with("+json")
    })?;
    let schema = media.get("schema")?;
    Some(Slot::new(
        format!(
            "{}/schema",
            child_pointer(&format!("{pointer}/content"), key)
        ),
        schema,
    ))
}

fn compare_request_body<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    old: &Operation<'a>,
    new: &Operation<'a>,
) {
    let body = |doc: &'a Value, op: &Operation<'a>| {
        op.value
            .get("requestBody")
            .map(|raw| resolve(doc, format!("{}/requestBody", op.pointer), raw))
    };
    match (body(sides.old, old), body(sides.new, new)) {
        (None, None) => {}
        (None, Some((pointer, _))) => diff.out.push(
            Rule::RequestBodyAdded,
            pointer,
            "the operation now takes a request body: callers must build one",
        ),
        (Some((pointer, _)), None) => diff.out.push(
            Rule::RequestBodyRemoved,
            pointer,
            "the request body is removed: `body()` and `body_map()` are gone",
        ),
        (Some((old_pointer, old_body)), Some((new_pointer, new_body))) => {
            diff.out
                .docs(old_body, new_body, &new_pointer, &["description"]);
            match (
                json_schema(old_body, &old_pointer),
                json_schema(new_body, &new_pointer),
            ) {
                (Some(before), Some(after)) => {
                    diff.compare_root(before, after, Direction::Request, Position::Root, true);
                }
                (Some(_), None) => diff.out.push(
                    Rule::RequestPropertyTypeChanged,
                    new_pointer,
                    "the request body is no longer JSON: the body type changes",
                ),
                (None, Some(_)) => diff.out.push(
                    Rule::RequestPropertyTypeChanged,
                    new_pointer,
                    "the request body is now JSON: the body type changes",
                ),
                (None, None) => {}
            }
        }
    }
}
