//! Responses of one operation: the success status and body, and the documented errors as
//! the generator's normalise stage types them: one `<Op>Error` variant per `code` when the
//! errors are tagged, one per status otherwise.

use std::collections::BTreeSet;

use serde_json::Value;

use super::model::Rule;
use super::schema::{Direction, Position, SchemaDiff};
use super::sides::Sides;
use super::view::{Slot, view};
use crate::generate::normalise::{ErrorPlan, OperationPlan};
use crate::spec::OperationRef;
use crate::spec::pointer::child;
use crate::spec::refs::resolve_at;

/// The response documented for `status` (a plan status such as `4XX` falls back to
/// `default`, which normalise split into `4XX`/`5XX`), resolved, with its pointer.
fn response<'a>(
    doc: &'a Value,
    op: &OperationRef<'a>,
    status: &str,
) -> Option<(String, &'a Value)> {
    let responses = op.value.get("responses")?;
    let key = if responses.get(status).is_some() {
        status
    } else if responses.get("default").is_some() {
        "default"
    } else {
        return None;
    };
    let raw = responses.get(key)?;
    Some(resolve_at(
        doc,
        &child(&format!("{}/responses", op.pointer), key),
        raw,
    ))
}

fn response_pointer(op: &OperationRef<'_>, status: &str) -> String {
    let key = match op.value.get("responses") {
        Some(responses)
            if responses.get(status).is_none() && responses.get("default").is_some() =>
        {
            "default"
        }
        _ => status,
    };
    child(&format!("{}/responses", op.pointer), key)
}

pub(super) fn compare_success<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    (old, old_plan): (&OperationRef<'a>, &OperationPlan),
    (new, new_plan): (&OperationRef<'a>, &OperationPlan),
) {
    let (old_status, new_status) = (&old_plan.success_status, &new_plan.success_status);
    if old_status != new_status {
        diff.out.push(
            Rule::SuccessStatusChanged,
            response_pointer(new, new_status),
            format!(
                "success status {old_status} is now {new_status}: released clients treat it as \
                 unexpected"
            ),
        );
    }
    let (Some(before), Some(after)) = (
        response(sides.old, old, old_status),
        response(sides.new, new, new_status),
    ) else {
        return;
    };
    diff.compare_body(
        before,
        after,
        Direction::Response,
        [
            "the success response no longer has a JSON body: the method returns another type",
            "the success response now has a JSON body: the method returns another type",
        ],
    );
}

/// The documented error statuses of a plan, in order, without repeats.
fn error_statuses(plan: &ErrorPlan) -> Vec<String> {
    let mut statuses: Vec<String> = Vec::new();
    let all: Vec<&String> = match plan {
        ErrorPlan::None => Vec::new(),
        ErrorPlan::Tagged { variants, .. } => variants.iter().map(|v| &v.status).collect(),
        ErrorPlan::Shared { statuses, .. } => statuses.iter().collect(),
        ErrorPlan::ByStatus { statuses, .. } => statuses.iter().map(|(status, _)| status).collect(),
    };
    for status in all {
        if !statuses.contains(status) {
            statuses.push(status.clone());
        }
    }
    statuses
}

/// Code → status of a tagged plan; `None` when errors are typed by status.
fn error_codes(plan: &ErrorPlan) -> Option<Vec<(String, String)>> {
    match plan {
        ErrorPlan::None => Some(Vec::new()),
        ErrorPlan::Tagged { variants, .. } => Some(
            variants
                .iter()
                .map(|variant| (variant.value.clone(), variant.status.clone()))
                .collect(),
        ),
        ErrorPlan::Shared { .. } | ErrorPlan::ByStatus { .. } => None,
    }
}

pub(super) fn compare_errors<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    (old, old_plan): (&OperationRef<'a>, &OperationPlan),
    (new, new_plan): (&OperationRef<'a>, &OperationPlan),
) {
    let old_statuses = error_statuses(&old_plan.errors);
    let new_statuses = error_statuses(&new_plan.errors);
    for status in old_statuses.iter().filter(|s| !new_statuses.contains(s)) {
        diff.out.push(
            Rule::ErrorStatusRemoved,
            response_pointer(old, status),
            format!("error status {status} is removed: its error variant is gone"),
        );
    }
    for status in new_statuses.iter().filter(|s| !old_statuses.contains(s)) {
        diff.out.push(
            Rule::ErrorStatusAdded,
            response_pointer(new, status),
            format!(
                "new error status {status}: a new error variant (exhaustive matches break; \
                 released clients see an unexpected response)"
            ),
        );
    }
    match (error_codes(&old_plan.errors), error_codes(&new_plan.errors)) {
        (Some(old_codes), Some(new_codes)) => {
            compare_codes(diff, (old, &old_codes), (new, &new_codes))
        }
        (Some(_), None) if !matches!(old_plan.errors, ErrorPlan::None) => diff.out.push(
            Rule::ResponsePropertyTypeChanged,
            format!("{}/responses", new.pointer),
            "documented errors are now typed by status, not by `code`: the error enum changes",
        ),
        (None, Some(_)) if !matches!(new_plan.errors, ErrorPlan::None) => diff.out.push(
            Rule::ResponsePropertyTypeChanged,
            format!("{}/responses", new.pointer),
            "documented errors are now typed by `code`, not by status: the error enum changes",
        ),
        _ => {}
    }
    compare_error_bodies(diff, sides, (old, old_plan), (new, new_plan));
}

fn compare_codes(
    diff: &mut SchemaDiff<'_>,
    (old, old_codes): (&OperationRef<'_>, &[(String, String)]),
    (new, new_codes): (&OperationRef<'_>, &[(String, String)]),
) {
    let find = |codes: &[(String, String)], wanted: &str| {
        codes
            .iter()
            .find(|(code, _)| code == wanted)
            .map(|(_, status)| status.clone())
    };
    for (code, old_status) in old_codes {
        match find(new_codes, code) {
            None => diff.out.push(
                Rule::ErrorCodeRemoved,
                response_pointer(old, old_status),
                format!("error code `{code}` ({old_status}) is removed: its error variant is gone"),
            ),
            Some(new_status) if &new_status != old_status => diff.out.push(
                Rule::ErrorCodeStatusChanged,
                response_pointer(new, &new_status),
                format!(
                    "error code `{code}` moved from status {old_status} to {new_status}: its \
                     variant stays, `status()` changes"
                ),
            ),
            Some(_) => {}
        }
    }
    for (code, new_status) in new_codes {
        if find(old_codes, code).is_none() {
            diff.out.push(
                Rule::ErrorCodeAdded,
                response_pointer(new, new_status),
                format!(
                    "new error code `{code}` ({new_status}): a new error variant (exhaustive \
                     matches break; released clients cannot decode it)"
                ),
            );
        }
    }
}

fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

/// Compares the bodies of error statuses documented on both sides: by `code` when both
/// sides' errors are tagged (the generator inlines each code's schema into one enum), else
/// schema against schema.
fn compare_error_bodies<'a>(
    diff: &mut SchemaDiff<'a>,
    sides: &Sides<'a>,
    (old, old_plan): (&OperationRef<'a>, &OperationPlan),
    (new, new_plan): (&OperationRef<'a>, &OperationPlan),
) {
    let tags = match (&old_plan.errors, &new_plan.errors) {
        (ErrorPlan::Tagged { tag: old_tag, .. }, ErrorPlan::Tagged { tag: new_tag, .. }) => {
            Some((old_tag.as_str(), new_tag.as_str()))
        }
        _ => None,
    };
    let Some(statuses) = old.value.get("responses").and_then(Value::as_object) else {
        return;
    };
    let has_success = statuses.keys().any(|status| status.starts_with('2'));
    for status in statuses.keys() {
        if !is_error_status(status) || (status == "default" && !has_success) {
            continue;
        }
        let (Some((old_pointer, old_response)), Some((new_pointer, new_response))) = (
            response(sides.old, old, status),
            response(sides.new, new, status),
        ) else {
            continue;
        };
        if new
            .value
            .get("responses")
            .and_then(|r| r.get(status))
            .is_none()
        {
            continue;
        }
        diff.out
            .docs(old_response, new_response, &new_pointer, &["description"]);
        let (Some(before), Some(after)) = (
            Slot::json_body(old_response, &old_pointer),
            Slot::json_body(new_response, &new_pointer),
        ) else {
            continue;
        };
        match tags {
            Some((old_tag, new_tag)) => {
                let old_members = members_by_code(sides.old, &before, old_tag);
                let new_members = members_by_code(sides.new, &after, new_tag);
                for (code, old_member) in old_members {
                    if let Some((_, new_member)) =
                        new_members.iter().find(|(candidate, _)| *candidate == code)
                    {
                        diff.compare_root(
                            old_member,
                            new_member.clone(),
                            Direction::Response,
                            Position::Root,
                            false,
                        );
                    }
                }
            }
            None => diff.compare_root(before, after, Direction::Response, Position::Root, true),
        }
    }
}

/// The error body alternatives of one status (the `oneOf` members, or the body itself)
/// keyed by their tag value.
fn members_by_code<'a>(doc: &'a Value, body: &Slot<'a>, tag: &str) -> Vec<(String, Slot<'a>)> {
    let root = view(doc, body);
    let members: Vec<Slot<'a>> = match root.schema.get("oneOf").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(index, member)| Slot::new(format!("{}/oneOf/{index}", root.pointer), member))
            .collect(),
        None => vec![body.clone()],
    };
    let mut found = Vec::new();
    let mut codes = BTreeSet::new();
    for member in members {
        let schema = view(doc, &member).schema;
        let code = schema
            .get("properties")
            .and_then(|properties| properties.get(tag))
            .map(|property| view(doc, &Slot::new(String::new(), property)).schema)
            .and_then(|property| property.get("enum"))
            .and_then(Value::as_array)
            .and_then(|values| match values.as_slice() {
                [Value::String(code)] => Some(code.clone()),
                _ => None,
            });
        if let Some(code) = code
            && codes.insert(code.clone())
        {
            found.push((code, member));
        }
    }
    found
}
