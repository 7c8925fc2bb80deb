//! Walking a document's operations and their parameters, as OpenAPI defines them: every method
//! of every path item, and path-item parameters overridden by the operation's own.

use serde_json::Value;

use super::pointer::{child, pointer};
use super::refs::resolve_at;

/// HTTP methods of a path item, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document.
#[derive(Debug, Clone)]
pub struct OperationRef<'a> {
    /// The path template, e.g. `/volumes/{id}`.
    pub route: &'a str,
    /// Lower-case HTTP method.
    pub method: &'static str,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The operation object.
    pub value: &'a Value,
    /// Its path item (for path-level parameters).
    pub item: &'a Value,
}

impl<'a> OperationRef<'a> {
    /// The `operationId`, if the operation has one.
    pub fn operation_id(&self) -> Option<&'a str> {
        self.value.get("operationId").and_then(Value::as_str)
    }

    /// JSON pointer of the path item.
    pub fn item_pointer(&self) -> String {
        pointer(["paths", self.route])
    }
}

/// Every operation of `doc`, in document order.
pub fn operations(doc: &Value) -> Vec<OperationRef<'_>> {
    let mut found = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (route, item) in paths {
        for method in METHODS {
            let Some(value) = item.get(method) else {
                continue;
            };
            found.push(OperationRef {
                route,
                method,
                pointer: pointer(["paths", route.as_str(), method]),
                value,
                item,
            });
        }
    }
    found
}

/// A parameter of an operation, resolved.
#[derive(Debug, Clone)]
pub struct ParameterRef<'a> {
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'a str,
    /// Its name.
    pub name: &'a str,
    /// JSON pointer of its definition (after following a `$ref`).
    pub pointer: String,
    /// The parameter object.
    pub value: &'a Value,
}

impl<'a> ParameterRef<'a> {
    /// Whether the parameter is required (path parameters always are).
    pub fn required(&self) -> bool {
        self.location == "path" || self.value.get("required").and_then(Value::as_bool) == Some(true)
    }

    /// The parameter's schema, resolved, with its pointer.
    pub fn schema(&self, doc: &'a Value) -> Option<(String, &'a Value)> {
        let schema = self.value.get("schema")?;
        Some(resolve_at(doc, &child(&self.pointer, "schema"), schema))
    }
}

/// The operation's parameters: the path item's, overridden (same `in` and `name`) by the
/// operation's own, in the order each was first listed.
pub fn parameters<'a>(doc: &'a Value, op: &OperationRef<'a>) -> Vec<ParameterRef<'a>> {
    let mut found: Vec<ParameterRef<'a>> = Vec::new();
    for (owner, owner_pointer) in [(op.item, op.item_pointer()), (op.value, op.pointer.clone())] {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (index, raw) in list.iter().enumerate() {
            let (at, value) = resolve_at(doc, &format!("{owner_pointer}/parameters/{index}"), raw);
            let field = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default();
            let parameter = ParameterRef {
                location: field("in"),
                name: field("name"),
                pointer: at,
                value,
            };
            match found
                .iter_mut()
                .find(|known| known.location == parameter.location && known.name == parameter.name)
            {
                Some(known) => *known = parameter,
                None => found.push(parameter),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operation_parameters_override_the_path_items() {
        let doc = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"},
                               {"in": "query", "name": "q"}],
                "get": {"parameters": [{"in": "path", "name": "id", "description": "mine"}]},
                "post": {}
            }},
            "components": {"parameters": {"Id": {"in": "path", "name": "id"}}}
        });
        let ops = operations(&doc);
        assert_eq!(
            ops.iter().map(|op| op.method).collect::<Vec<_>>(),
            ["get", "post"]
        );
        let get = parameters(&doc, &ops[0]);
        assert_eq!(
            get.iter().map(|p| (p.location, p.name)).collect::<Vec<_>>(),
            [("path", "id"), ("query", "q")]
        );
        assert_eq!(get[0].pointer, "/paths/~1a~1{id}/get/parameters/0");
        let post = parameters(&doc, &ops[1]);
        assert_eq!(post[0].pointer, "/components/parameters/Id");
    }
}
