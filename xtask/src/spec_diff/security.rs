//! Security comparison: each operation's requirements (alternatives of schemes with scopes)
//! and the scheme definitions the generated auth helpers are made from.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::collect::Collector;
use super::model::Rule;
use crate::spec::pointer::child;

/// One security alternative: scheme name → required scopes. Empty: anonymous access.
type Requirement = BTreeMap<String, BTreeSet<String>>;

/// The requirements in force for an operation (its own `security`, else the document's),
/// with the pointer where they are written. No requirement at all means anonymous access.
fn requirements(doc: &Value, op: &Value, op_pointer: &str) -> (String, Vec<Requirement>) {
    let (pointer, list) = match (op.get("security"), doc.get("security")) {
        (Some(own), _) => (format!("{op_pointer}/security"), own),
        (None, Some(global)) => ("/security".to_string(), global),
        (None, None) => (op_pointer.to_string(), &Value::Null),
    };
    let mut alternatives: Vec<Requirement> = list
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_object)
                .map(|requirement| {
                    requirement
                        .iter()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .as_array()
                                .map(|list| {
                                    list.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_string)
                                        .collect()
                                })
                                .unwrap_or_default();
                            (scheme.clone(), scopes)
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    if alternatives.is_empty() {
        alternatives.push(Requirement::new());
    }
    (pointer, alternatives)
}

/// Scopes `after` needs that `before` did not, as (scheme, scope), for the schemes of `after`.
fn added_scopes<'r>(before: &Requirement, after: &'r Requirement) -> Vec<(&'r str, &'r str)> {
    let mut added = Vec::new();
    for (scheme, scopes) in after {
        let old_scopes = before.get(scheme);
        for scope in scopes {
            if !old_scopes.is_some_and(|old| old.contains(scope)) {
                added.push((scheme.as_str(), scope.as_str()));
            }
        }
    }
    added
}

fn label(requirement: &Requirement) -> String {
    if requirement.is_empty() {
        "anonymous access".to_string()
    } else {
        let names: Vec<&str> = requirement.keys().map(String::as_str).collect();
        format!("security requirement `{}`", names.join(" + "))
    }
}

/// Compares the security requirements of one operation: `(document, operation, pointer)`
/// for each side.
pub(crate) fn diff_security(
    out: &mut Collector,
    (old_doc, old_op, old_pointer): (&Value, &Value, &str),
    (new_doc, new_op, new_pointer): (&Value, &Value, &str),
) {
    let (old_at, old_alternatives) = requirements(old_doc, old_op, old_pointer);
    let (new_at, new_alternatives) = requirements(new_doc, new_op, new_pointer);
    let same_schemes = |a: &Requirement, b: &Requirement| a.keys().eq(b.keys());
    for before in &old_alternatives {
        // A caller who satisfied `before` still gets in through an alternative that needs the
        // same schemes or fewer (anonymous access needs none) and no scope it lacks.
        let candidates: Vec<&Requirement> = new_alternatives
            .iter()
            .filter(|candidate| candidate.keys().all(|scheme| before.contains_key(scheme)))
            .collect();
        let exact = candidates
            .iter()
            .copied()
            .find(|candidate| same_schemes(before, candidate));
        let Some(first) = exact.or_else(|| candidates.first().copied()) else {
            out.push(
                Rule::SecurityRequirementRemoved,
                old_at.clone(),
                format!(
                    "{} is removed: callers that authenticate that way are rejected",
                    label(before)
                ),
            );
            continue;
        };
        let still_enough = candidates
            .iter()
            .any(|candidate| added_scopes(before, candidate).is_empty());
        if !still_enough {
            for (scheme, scope) in added_scopes(before, first) {
                out.push(
                    Rule::SecurityScopeAdded,
                    new_at.clone(),
                    format!(
                        "scheme `{scheme}` now needs scope `{scope}`: tokens without it are rejected"
                    ),
                );
            }
        }
        if let Some(exact) = exact {
            for (scheme, scope) in added_scopes(exact, before) {
                out.push(
                    Rule::SecurityScopeRemoved,
                    new_at.clone(),
                    format!("scheme `{scheme}` no longer needs scope `{scope}`"),
                );
            }
        }
    }
    for after in &new_alternatives {
        if !old_alternatives
            .iter()
            .any(|candidate| same_schemes(candidate, after))
        {
            out.push(
                Rule::SecurityRequirementAdded,
                new_at.clone(),
                format!("new {}: one more way to authenticate", label(after)),
            );
        }
    }
}

/// Compares `components/securitySchemes`: a scheme removed or changed in anything but its
/// description changes the generated auth helpers.
pub(crate) fn diff_schemes(out: &mut Collector, old: &Value, new: &Value) {
    let schemes = |doc: &Value| {
        doc.pointer("/components/securitySchemes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (old_schemes, new_schemes) = (schemes(old), schemes(new));
    for (name, before) in &old_schemes {
        let pointer = child("/components/securitySchemes", name);
        let Some(after) = new_schemes.get(name) else {
            out.push(
                Rule::SecuritySchemeChanged,
                pointer,
                format!("security scheme `{name}` is removed: its auth helper is gone"),
            );
            continue;
        };
        out.docs(before, after, &pointer, &["description"]);
        let shape = |scheme: &Value| {
            let mut scheme = scheme.clone();
            if let Some(map) = scheme.as_object_mut() {
                map.remove("description");
            }
            scheme
        };
        let (before, after) = (shape(before), shape(after));
        if before != after {
            let mut fields: Vec<String> = Vec::new();
            if let (Some(old_map), Some(new_map)) = (before.as_object(), after.as_object()) {
                for key in old_map.keys().chain(new_map.keys()) {
                    if old_map.get(key) != new_map.get(key) && !fields.contains(key) {
                        fields.push(key.clone());
                    }
                }
            }
            out.push(
                Rule::SecuritySchemeChanged,
                pointer,
                format!(
                    "security scheme `{name}` changed ({}): credentials configured for it may \
                     no longer fit",
                    fields.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(old: Value, new: Value) -> Vec<Rule> {
        let doc = json!({});
        let mut out = Collector::new(None);
        diff_security(&mut out, (&doc, &old, "/op"), (&doc, &new, "/op"));
        out.into_changes()
            .iter()
            .map(|change| change.rule)
            .collect()
    }

    #[test]
    fn needing_fewer_schemes_rejects_nobody() {
        let both = json!({"security": [{"A": [], "B": []}]});
        let one = json!({"security": [{"A": []}]});
        assert_eq!(
            rules(both.clone(), one.clone()),
            [Rule::SecurityRequirementAdded]
        );
        assert_eq!(
            rules(one, both),
            [
                Rule::SecurityRequirementRemoved,
                Rule::SecurityRequirementAdded
            ]
        );
        let anonymous = json!({"security": []});
        let token = json!({"security": [{"A": ["read"]}]});
        assert_eq!(
            rules(token.clone(), anonymous.clone()),
            [Rule::SecurityRequirementAdded]
        );
        assert_eq!(
            rules(anonymous, token),
            [
                Rule::SecurityRequirementRemoved,
                Rule::SecurityRequirementAdded
            ]
        );
    }

    #[test]
    fn a_new_scope_breaks_unless_another_way_in_remains() {
        let read = json!({"security": [{"A": ["read"]}]});
        let more = json!({"security": [{"A": ["read", "write"]}]});
        assert_eq!(rules(read.clone(), more), [Rule::SecurityScopeAdded]);
        let more_or_anonymous = json!({"security": [{"A": ["read", "write"]}, {}]});
        assert_eq!(
            rules(read, more_or_anonymous),
            [Rule::SecurityRequirementAdded]
        );
    }
}
