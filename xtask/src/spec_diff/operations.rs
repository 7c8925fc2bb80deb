//! Operation comparison: matching operations, then their parameters and request body (the
//! responses are in `responses`, security in `security`).
//!
//! Operations are matched by operationId first, then by method and path (an operationId
//! rename). The generator's plan of each operation ([`Sides`]) gives its success status and
//! error enum.

use serde_json::Value;

use super::collect::Collector;
use super::model::{Change, Rule};
use super::responses::{compare_errors, compare_success};
use super::schema::{Direction, Position, SchemaDiff};
use super::security::diff_security;
use super::sides::{Side, Sides};
use super::view::Slot;
use crate::error::Result;
use crate::spec::{LoadedSpec, OperationRef, ParameterRef, operations, parameters, resolve_at};

/// Compares every operation of `old` and `new`.
pub(crate) fn diff_operations(old: &LoadedSpec, new: &LoadedSpec) -> Result<Vec<Change>> {
    let sides = Sides::new(old, new)?;
    let old_ops = operations(sides.old);
    let new_ops = operations(sides.new);

    let mut partner: Vec<Option<usize>> = old_ops
        .iter()
        .map(|op| {
            new_ops
                .iter()
                .position(|candidate| sides.id(Side::New, candidate) == sides.id(Side::Old, op))
        })
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
                    && candidate.route == op.route
                    && !partner.contains(&Some(new_index))
            });
    }

    let mut changes = Vec::new();
    for (op, partner) in old_ops.iter().zip(&partner) {
        match partner.and_then(|index| new_ops.get(index)) {
            Some(new_op) => changes.extend(compare_operation(&sides, op, new_op)),
            None => {
                let mut out = Collector::new(Some(sides.named(Side::Old, op)));
                out.push(
                    Rule::OperationRemoved,
                    op.pointer.clone(),
                    format!(
                        "operation `{id}` is removed: the client method `{id}()` is gone",
                        id = sides.id(Side::Old, op)
                    ),
                );
                changes.extend(out.into_changes());
            }
        }
    }
    for (index, op) in new_ops.iter().enumerate() {
        if !partner.contains(&Some(index)) {
            let mut out = Collector::new(Some(sides.named(Side::New, op)));
            out.push(
                Rule::OperationAdded,
                op.pointer.clone(),
                format!(
                    "new operation `{}`: a new client method",
                    sides.id(Side::New, op)
                ),
            );
            changes.extend(out.into_changes());
        }
    }
    Ok(changes)
}

fn compare_operation<'a>(
    sides: &Sides<'a>,
    old: &OperationRef<'a>,
    new: &OperationRef<'a>,
) -> Vec<Change> {
    let mut diff = SchemaDiff::new(
        sides.old,
        sides.new,
        Collector::new(Some(sides.named(Side::New, new))),
    );
    let (old_id, new_id) = (sides.id(Side::Old, old), sides.id(Side::New, new));
    if old_id != new_id {
        diff.out.push(
            Rule::OperationIdChanged,
            format!("{}/operationId", new.pointer),
            format!(
                "operationId `{old_id}` is now `{new_id}`: the client method `{old_id}()` and its \
                 types are renamed"
            ),
        );
    }
    if old.route != new.route {
        diff.out.push(
            Rule::OperationPathChanged,
            new.pointer.clone(),
            format!(
                "path `{}` is now `{}`: released clients call the old URL",
                old.route, new.route
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
    if let Some((old_plan, new_plan)) = sides.plans(old, new) {
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

fn compare_parameters<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    old: &OperationRef<'a>,
    new: &OperationRef<'a>,
) {
    let old_parameters = parameters(sides.old, old);
    let new_parameters = parameters(sides.new, new);
    let find = |list: &[ParameterRef<'a>], wanted: &ParameterRef<'a>| -> Option<usize> {
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
        match (before.required(), after.required()) {
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
        if after.required() {
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

fn compare_request_body<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    old: &OperationRef<'a>,
    new: &OperationRef<'a>,
) {
    let body = |doc: &'a Value, op: &OperationRef<'a>| {
        op.value
            .get("requestBody")
            .map(|raw| resolve_at(doc, &format!("{}/requestBody", op.pointer), raw))
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
        (Some(before), Some(after)) => diff.compare_body(
            before,
            after,
            Direction::Request,
            [
                "the request body is no longer JSON: the body type changes",
                "the request body is now JSON: the body type changes",
            ],
        ),
    }
}
