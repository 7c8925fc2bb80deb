//! Media types: which of a body's `content` entries the generator reads.

use serde_json::{Map, Value};

use super::pointer::child;

/// A media type without its parameters, lower case: `Text/CSV; charset=utf-8` → `text/csv`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type carries JSON: `application/json`, `…+json` vendor types, with or
/// without parameters such as `; charset=utf-8`.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The key of the JSON media type of a `content` map, if it has one (the first listed).
pub fn json_key(content: &Map<String, Value>) -> Option<&String> {
    content.keys().find(|key| is_json(key))
}

/// The schema of the JSON media type of `owner` (a request body or response object found at
/// `pointer`), with the schema's pointer; `None` without JSON content or without a schema.
pub fn json_schema<'a>(owner: &'a Value, pointer: &str) -> Option<(String, &'a Value)> {
    let content = owner.get("content")?.as_object()?;
    let key = json_key(content)?;
    let schema = content.get(key)?.get("schema")?;
    let at = child(&child(&child(pointer, "content"), key), "schema");
    Some((at, schema))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/vnd.github+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("multipart/form-data"));
    }

    #[test]
    fn json_schema_of_a_body() {
        let body = json!({"content": {"text/plain": {"schema": {"type": "string"}},
                                      "application/vnd.x+json": {"schema": {"type": "object"}}}});
        assert_eq!(
            json_schema(&body, "/paths/~1a/post/requestBody"),
            Some((
                "/paths/~1a/post/requestBody/content/application~1vnd.x+json/schema".to_string(),
                &json!({"type": "object"})
            ))
        );
        assert_eq!(json_schema(&json!({"description": "none"}), ""), None);
    }
}
