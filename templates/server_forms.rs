//! Form and multipart request bodies for the server stub, read the way the generated client
//! sends them: `application/x-www-form-urlencoded` pairs, or `multipart/form-data` with a part
//! per field (a part per item of a list, objects and arrays as JSON parts). The fields become a
//! JSON object, each as its property says ([`FormField`]), decoded into the body's type, so a
//! field that does not fit is the same `invalid_request` answer as a JSON body's.
//!
//! Part of the server runtime; included only in crates with such a body.

use axum::response::Response;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::server_runtime::{Input, OperationError, StubError};

/// How a form or multipart body travels.
#[allow(dead_code)] // an API may take only one of the two
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldEncoding {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
}

impl FieldEncoding {
    fn media_type(self) -> &'static str {
        match self {
            Self::Form => "application/x-www-form-urlencoded",
            Self::Multipart => "multipart/form-data",
        }
    }
}

/// How one field's text reads as its property of the body type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormField {
    /// The property's name.
    pub name: &'static str,
    /// The property is a list: each repeated field is an item.
    pub list: bool,
    /// The property (or its items) is a string; otherwise the text is its JSON.
    pub text: bool,
}

// A refusal is the response itself, built once and sent: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
impl<E: OperationError + 'static> Input<E> {
    /// The required form or multipart body, decoded into `T`.
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn fields_body<T: DeserializeOwned>(
        &mut self,
        encoding: FieldEncoding,
        fields: &[FormField],
    ) -> Result<T, Response> {
        match self.optional_fields_body(encoding, fields).await? {
            Some(body) => Ok(body),
            None => Err(self.refuse(StubError::InvalidRequest {
                errors: vec!["the request body is required".into()],
            })),
        }
    }

    /// The optional form or multipart body, decoded into `T` (`None` when empty).
    #[allow(dead_code)] // whether an API needs it depends on its spec
    pub(crate) async fn optional_fields_body<T: DeserializeOwned>(
        &mut self,
        encoding: FieldEncoding,
        fields: &[FormField],
    ) -> Result<Option<T>, Response> {
        let Some((bytes, content_type)) = self.raw_body(encoding.media_type()).await? else {
            return Ok(None);
        };
        let pairs = match encoding {
            FieldEncoding::Form => Ok(form_pairs(&bytes)),
            FieldEncoding::Multipart => multipart_parts(&content_type, &bytes),
        };
        let decoded = pairs.and_then(|pairs| {
            let object = fields_object(pairs, fields);
            serde_path_to_error::deserialize(object).map_err(|err| {
                let at = err.path().to_string();
                let at = if at == "." {
                    "body".into()
                } else {
                    format!("body.{at}")
                };
                format!("{at}: {}", err.inner())
            })
        });
        decoded.map(Some).map_err(|error| {
            self.refuse(StubError::InvalidRequest {
                errors: vec![error],
            })
        })
    }
}

/// One field as it arrived: its name, its text, and whether it came as JSON (a multipart part
/// of type `application/json`).
struct Pair {
    name: String,
    text: String,
    json: bool,
}

/// The pairs of an `application/x-www-form-urlencoded` body.
fn form_pairs(bytes: &[u8]) -> Vec<Pair> {
    bytes
        .split(|byte| *byte == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut halves = pair.splitn(2, |byte| *byte == b'=');
            let name = percent_decode(halves.next().unwrap_or_default());
            let text = percent_decode(halves.next().unwrap_or_default());
            Pair {
                name,
                text,
                json: false,
            }
        })
        .collect()
}

/// `+` → space, `%XX` → its byte; a `%` that starts no escape stays.
fn percent_decode(text: &[u8]) -> String {
    let hex = |byte: u8| (byte as char).to_digit(16).map(|digit| digit as u8);
    let mut out = Vec::with_capacity(text.len());
    let mut index = 0;
    while index < text.len() {
        match text[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < text.len() => match (hex(text[index + 1]), hex(text[index + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    index += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parts of a `multipart/form-data` body, by the boundary its `Content-Type` names.
fn multipart_parts(content_type: &str, bytes: &[u8]) -> Result<Vec<Pair>, String> {
    let boundary = content_type
        .split(';')
        .skip(1)
        .filter_map(|parameter| parameter.trim().split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_string())
        .filter(|boundary| !boundary.is_empty())
        .ok_or("body: the multipart Content-Type names no boundary")?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut rest = match find(bytes, &delimiter) {
        Some(start) => &bytes[start + delimiter.len()..],
        None => return Err("body: no multipart part starts with the boundary".into()),
    };
    let mut parts = Vec::new();
    // Each turn reads one part; the count bounds the loop by the body's size.
    for _ in 0..=bytes.len() {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let rest_after_line = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let header_end = find(rest_after_line, b"\r\n\r\n")
            .ok_or("body: a multipart part has no end to its headers")?;
        let headers = String::from_utf8_lossy(&rest_after_line[..header_end]);
        let content = &rest_after_line[header_end + 4..];
        let mut end_marker = b"\r\n".to_vec();
        end_marker.extend_from_slice(&delimiter);
        let content_end =
            find(content, &end_marker).ok_or("body: a multipart part is not closed")?;
        let mut name = None;
        let mut json = false;
        for line in headers.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                name = value
                    .split(';')
                    .filter_map(|parameter| parameter.trim().split_once('='))
                    .find(|(key, _)| key.trim().eq_ignore_ascii_case("name"))
                    .map(|(_, value)| value.trim().trim_matches('"').replace("%22", "\""));
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                let essence = value.split(';').next().unwrap_or_default().trim();
                json = essence.eq_ignore_ascii_case("application/json")
                    || essence.to_ascii_lowercase().ends_with("+json");
            }
        }
        let name = name.ok_or("body: a multipart part has no name")?;
        parts.push(Pair {
            name,
            text: String::from_utf8_lossy(&content[..content_end]).into_owned(),
            json,
        });
        rest = &content[content_end + end_marker.len()..];
    }
    Err("body: the multipart body does not end".into())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The JSON object of the body's fields: each pair read as its property says, a list's
/// repeated pairs gathered; a name no property has is kept as text.
fn fields_object(pairs: Vec<Pair>, fields: &[FormField]) -> Value {
    let mut object = Map::new();
    for Pair { name, text, json } in pairs {
        let field = fields.iter().find(|field| field.name == name);
        let as_text = field.is_none_or(|field| field.text) && !json;
        let value = if as_text {
            Value::String(text)
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        if field.is_some_and(|field| field.list) {
            match object
                .entry(name)
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                Value::Array(items) => items.push(value),
                other => *other = Value::Array(vec![value]),
            }
        } else {
            object.insert(name, value);
        }
    }
    Value::Object(object)
}
