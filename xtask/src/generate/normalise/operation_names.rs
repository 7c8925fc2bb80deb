//! Operation names: every operation gets an `operationId` that names a Rust method of its own.
//!
//! - An operation without `operationId` (OpenAPI makes it optional) is named from its method
//!   and path: `GET /pets/{petId}/photos` → `get_pets_by_pet_id_photos`, `GET /` → `get_root`.
//! - Names are compared as the Rust names they become (`getPets` and `get_pets` are both
//!   `get_pets`); the later operation of a clash gets `_2`, `_3`, … appended, with a warning when
//!   the spec chose the name itself. Names the spec gives are never taken by a synthesised one.
//!
//! The result depends only on the document, so it is stable across runs.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::error::Located;
use crate::generate::syntax::naming::snake_name;
use crate::spec::operations;

/// Writes an `operationId` into every operation of `doc` that lacks one and renames clashing
/// ones; returns a warning for each operationId the spec gave that had to change.
pub fn name_operations(doc: &mut Value) -> Vec<Located> {
    let ops: Vec<(String, Option<String>, String)> = operations(doc)
        .into_iter()
        .map(|op| {
            let given = op
                .operation_id()
                .filter(|id| !id.trim().is_empty())
                .map(str::to_string);
            (
                op.pointer.clone(),
                given,
                synthesised_id(op.method, op.route),
            )
        })
        .collect();
    let mut warnings = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    // The spec's own names first, in document order, so a synthesised name never takes one.
    for (at, given, _) in &ops {
        let Some(given) = given else { continue };
        let unique = unique_name(&taken, given);
        taken.insert(snake_name(&unique));
        if &unique != given {
            warnings.push(Located::at(
                format!("{at}/operationId"),
                format!(
                    "operationId `{given}` names the same Rust method as an earlier operation \
                     (`{}`); this one is generated as `{}`",
                    snake_name(given),
                    snake_name(&unique)
                ),
            ));
            renames.push((at.clone(), unique));
        }
    }
    for (at, given, synthesised) in &ops {
        if given.is_some() {
            continue;
        }
        let unique = unique_name(&taken, synthesised);
        taken.insert(snake_name(&unique));
        renames.push((at.clone(), unique));
    }
    for (at, id) in renames {
        if let Some(operation) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
            operation.insert("operationId".to_string(), json!(id));
        }
    }
    warnings
}

/// `wanted`, or `wanted_2`, `wanted_3`, … : the first whose Rust name is not taken.
fn unique_name(taken: &HashSet<String>, wanted: &str) -> String {
    if !taken.contains(&snake_name(wanted)) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}_{n}"))
        .find(|candidate| !taken.contains(&snake_name(candidate)))
        .expect("an unbounded range always has a free name")
}

/// `get` + `/pets/{petId}/photos` → `get_pets_by_pet_id_photos`.
pub fn synthesised_id(method: &str, route: &str) -> String {
    let mut words = vec![method.to_string()];
    for segment in route.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(parameter) => words.push(format!("by_{}", snake_name(parameter))),
            None => words.push(snake_name(segment)),
        }
    }
    if words.len() == 1 {
        words.push("root".to_string());
    }
    snake_name(&words.join("_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_method_and_path() {
        assert_eq!(
            synthesised_id("get", "/pets/{petId}/photos"),
            "get_pets_by_pet_id_photos"
        );
        assert_eq!(synthesised_id("get", "/"), "get_root");
        assert_eq!(
            synthesised_id("post", "/v1/user.login"),
            "post_v1_user_login"
        );
        assert_eq!(
            synthesised_id("delete", "/repos/{owner}/{repo}"),
            "delete_repos_by_owner_by_repo"
        );
    }

    #[test]
    fn clashes_get_numbers_and_given_names_win() {
        let mut doc = json!({"paths": {
            "/pets": {"get": {}, "post": {"operationId": "get_pets"}},
            "/Pets": {"get": {}},
            "/x": {"get": {"operationId": "listX"}, "put": {"operationId": "list_x"}}
        }});
        let warnings = name_operations(&mut doc);
        let id = |at: &str| doc.pointer(&format!("{at}/operationId")).cloned();
        assert_eq!(id("/paths/~1pets/post"), Some(json!("get_pets")));
        assert_eq!(id("/paths/~1pets/get"), Some(json!("get_pets_2")));
        assert_eq!(id("/paths/~1Pets/get"), Some(json!("get_pets_3")));
        assert_eq!(id("/paths/~1x/put"), Some(json!("list_x_2")));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("listX") || warnings[0].message.contains("list_x"));
    }
}
