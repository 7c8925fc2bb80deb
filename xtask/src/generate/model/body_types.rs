//! Where the document's JSON bodies and component schemas are decoded: the Rust type of
//! each, by the place it is documented at, so that `cargo xtask corpus --examples` can decode
//! the examples published there with the type the client or the server stub would use.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{BodyFormat, BodyType, Errors, Model, StatusType, TypeIndex};
use crate::spec::pointer::{child, pointer};

/// A place of the document and the type of `types` that decodes the JSON documented there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyTypeAt {
    /// `<operation>/requestBody`, `<operation>/responses/<status>` (a status as the model
    /// holds it: `200`, `4XX`, …) or `/components/schemas/<name>`.
    pub at: String,
    /// The type's name in the crate's `types` module.
    pub type_name: String,
}

/// Every JSON body of `model`'s operations and every component schema of the normalised
/// document `doc` that typify named, with its type.
pub fn body_types(model: &Model, doc: &Value, index: &TypeIndex) -> Vec<BodyTypeAt> {
    let mut found = Vec::new();
    let mut push = |at: String, type_name: &str| {
        found.push(BodyTypeAt {
            at,
            type_name: type_name.to_string(),
        });
    };
    for operation in &model.operations {
        let response = |status: &str| child(&child(&operation.pointer, "responses"), status);
        if let Some(body) = &operation.body
            && let BodyFormat::Json(name) = &body.format
        {
            push(child(&operation.pointer, "requestBody"), name);
        }
        match &operation.success_type {
            Some(BodyType::Named(name)) => push(response(&operation.success_status), name),
            Some(BodyType::ByStatus { statuses, .. }) => {
                for (status, body) in statuses {
                    if let StatusType::Json(name) = body {
                        push(response(status), name);
                    }
                }
            }
            None => {}
        }
        match &operation.errors {
            Errors::None => {}
            Errors::Tagged {
                type_name,
                variants,
                ..
            } => {
                let mut statuses: Vec<&str> = variants
                    .iter()
                    .map(|(_, variant)| variant.status.as_str())
                    .collect();
                statuses.dedup();
                for status in statuses {
                    push(response(status), type_name);
                }
            }
            Errors::ByStatus { statuses, .. } => {
                for (status, name) in statuses {
                    if let Some(name) = name {
                        push(response(status), name);
                    }
                }
            }
        }
    }
    let components = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for name in components.into_iter().flat_map(|schemas| schemas.keys()) {
        if let Ok(type_name) = index.component(name) {
            push(pointer(["components", "schemas", name]), &type_name);
        }
    }
    found
}
