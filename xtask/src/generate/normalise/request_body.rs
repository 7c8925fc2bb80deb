//! Request bodies as progenitor can send them: one media type per body, of a kind it knows
//! (JSON, form, octet-stream, plain text), with what it cannot express put back by the client
//! runtime (see [`RequestRewrite`]).
//!
//! Where a body offers several media types, JSON is chosen, then a form, multipart, bytes and
//! text; the others are left out of the client. Per kind:
//!
//! | documented | progenitor sends | the runtime |
//! | --- | --- | --- |
//! | `application/json`, `…+json`, `json; charset=…` | JSON of the typed body | sets the documented `Content-Type` |
//! | `application/x-www-form-urlencoded` | the typed body as a form | — |
//! | `multipart/form-data` | JSON of the typed body | turns it into `multipart/form-data`, a part per field |
//! | `text/*` | a `String` | sets the documented `Content-Type` |
//! | anything else (`application/octet-stream`, `image/png`, …) | bytes | sets the documented `Content-Type` |
//!
//! A body without a schema accepts any JSON (or any bytes); `encoding` is dropped.

use serde_json::{Map, Value, json};

use super::request_rewrite::RequestRewrite;
use crate::spec::media;
use crate::spec::pointer::escape_segment;

/// The body progenitor will send, in the normalised document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenBody {
    /// The pointer of the schema to name (JSON, form and multipart bodies), if any.
    pub schema_at: Option<String>,
    /// The media type the spec documents for it.
    pub documented: String,
    /// What the runtime must do for it.
    pub rewrite: Option<RequestRewrite>,
}

/// Reduces the request body at `body_at` (already inlined) to one media type progenitor sends.
/// `None`: the body has no media type at all, and is removed.
pub fn choose(doc: &mut Value, body_at: &str) -> Option<ChosenBody> {
    let content = doc
        .pointer_mut(&format!("{body_at}/content"))
        .and_then(Value::as_object_mut);
    let Some(content) = content.filter(|content| !content.is_empty()) else {
        remove_body(doc, body_at);
        return None;
    };
    let documented = preferred(content);
    // A media type that is not an object (openapiv3 reads `[]` as one with every field unset)
    // says nothing but its name.
    let mut entry = match content.remove(&documented) {
        Some(Value::Object(mut fields)) => {
            fields.remove("encoding");
            Value::Object(fields)
        }
        _ => json!({}),
    };
    let essence = media::essence(&documented);
    let (key, rewrite, typed) = if media::is_json(&documented) {
        let rewrite = (essence != "application/json" || documented != essence)
            .then(|| RequestRewrite::ContentType(documented.clone()));
        ("application/json", rewrite, true)
    } else if essence == "application/x-www-form-urlencoded" {
        ("application/x-www-form-urlencoded", None, true)
    } else if essence == "multipart/form-data" {
        ("application/json", Some(RequestRewrite::Multipart), true)
    } else if essence.starts_with("text/") {
        entry["schema"] = json!({ "type": "string" });
        let rewrite =
            (documented != "text/plain").then(|| RequestRewrite::ContentType(documented.clone()));
        ("text/plain", rewrite, false)
    } else {
        entry["schema"] = json!({ "type": "string", "format": "binary" });
        let rewrite = (documented != "application/octet-stream")
            .then(|| RequestRewrite::ContentType(documented.clone()));
        ("application/octet-stream", rewrite, false)
    };
    if typed && entry.get("schema").is_none() {
        entry["schema"] = json!({});
    }
    content.clear();
    content.insert(key.to_string(), entry);
    Some(ChosenBody {
        schema_at: typed.then(|| format!("{body_at}/content/{}/schema", escape_segment(key))),
        documented,
        rewrite,
    })
}

fn remove_body(doc: &mut Value, body_at: &str) {
    if let Some((parent, _)) = body_at.rsplit_once('/')
        && let Some(operation) = doc.pointer_mut(parent).and_then(Value::as_object_mut)
    {
        operation.remove("requestBody");
    }
}

/// The media type without parameters, lower case.
/// The media type a client sends, by preference.
fn preferred(content: &Map<String, Value>) -> String {
    let rank = |key: &String| {
        let essence = media::essence(key);
        if media::is_json(key) {
            0
        } else if essence == "application/x-www-form-urlencoded" {
            1
        } else if essence == "multipart/form-data" {
            2
        } else if essence == "application/octet-stream" {
            3
        } else if essence.starts_with("text/") {
            4
        } else {
            5
        }
    };
    content
        .keys()
        .min_by_key(|key| rank(key))
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(content: Value) -> Value {
        json!({"paths": {"/x": {"post": {"requestBody": {"content": content}}}}})
    }

    const AT: &str = "/paths/~1x/post/requestBody";

    #[test]
    fn json_is_preferred_and_vendor_json_keeps_its_content_type() {
        let mut doc = body(json!({
            "application/xml": {"schema": {"type": "object"}},
            "application/vnd.api+json": {"schema": {"type": "object"}, "encoding": {}}
        }));
        let chosen = choose(&mut doc, AT).unwrap();
        assert_eq!(
            chosen.rewrite,
            Some(RequestRewrite::ContentType(
                "application/vnd.api+json".into()
            ))
        );
        assert_eq!(
            doc.pointer(&format!("{AT}/content")).unwrap(),
            &json!({"application/json": {"schema": {"type": "object"}}})
        );
    }

    #[test]
    fn a_media_type_that_is_not_an_object_is_read_as_one_without_fields() {
        // Found by xtask/tests/fuzz_pipeline.rs: openapiv3 reads `[]` as a media type.
        for entry in [json!([]), json!("x"), json!(null)] {
            let mut doc = body(json!({"text/plain": entry}));
            choose(&mut doc, AT).expect("a body");
            assert_eq!(
                doc.pointer(&format!("{AT}/content")).unwrap(),
                &json!({"text/plain": {"schema": {"type": "string"}}})
            );
        }
    }

    #[test]
    fn binary_text_and_multipart_bodies() {
        let mut doc = body(json!({"image/png": {}}));
        let chosen = choose(&mut doc, AT).unwrap();
        assert_eq!(chosen.schema_at, None);
        assert_eq!(
            doc.pointer(&format!("{AT}/content")).unwrap(),
            &json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
        let mut doc = body(json!({"multipart/form-data": {"schema": {"type": "object"}}}));
        assert_eq!(
            choose(&mut doc, AT).unwrap().rewrite,
            Some(RequestRewrite::Multipart)
        );
        let mut doc = body(json!({"text/csv": {"schema": {"type": "string", "pattern": "x"}}}));
        choose(&mut doc, AT).unwrap();
        assert_eq!(
            doc.pointer(&format!("{AT}/content")).unwrap(),
            &json!({"text/plain": {"schema": {"type": "string"}}})
        );
        let mut doc = body(json!({}));
        assert!(choose(&mut doc, AT).is_none());
        assert!(doc.pointer(AT).is_none());
    }
}
