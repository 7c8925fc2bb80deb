//! Media types: which of a body's `content` entries the generator reads.

use serde_json::{Map, Value};

/// Whether a media type carries JSON: `application/json`, `…+json` vendor types, with or
/// without parameters such as `; charset=utf-8`.
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The key of the JSON media type of a `content` map, if it has one (the first listed).
pub fn json_key(content: &Map<String, Value>) -> Option<&String> {
    content.keys().find(|key| is_json(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/vnd.github+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("multipart/form-data"));
    }
}
