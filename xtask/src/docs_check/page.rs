//! The facts a documentation page states, as the page parsers extract them.
//!
//! Nothing here knows about the spec: the parsers fill these types from the page text alone,
//! and [`super::compare`] checks them against `spec/`. Every type serialises (the tests keep
//! golden copies of each seed page's extraction, and `--format json` can show them).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// One documentation page and what it states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// The page's file name (not the full path), as reports name it.
    pub file: String,
    /// Which renderer produced the page.
    pub kind: PageKind,
    /// The operations the page documents (one for a Katapult page; none for an api-ref page
    /// that only defines shared text, like an `index.rst`).
    pub operations: Vec<Operation>,
    /// What the reader could not read faithfully, located (`file:line: message`): each skipped
    /// an operation section. `--strict` makes them errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What the reader read but did not import (a page with no operation), for the report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The page's own title (an api-ref page's first heading, `Volume actions (volumes,
    /// action)`), which groups its operations.
    #[serde(skip)]
    pub title: Option<String>,
}

/// The two page formats docs-check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// The text of a Katapult developer-docs page (title, `POST/path`, Scopes, Request, Responses).
    Katapult,
    /// An OpenStack api-ref reStructuredText page (`.. rest_method::`, `.. rest_parameters::`).
    Rst,
}

/// One documented operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The operation's title (the page heading).
    pub title: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path as the page prints it.
    pub path: String,
    /// The prose under the method line, lines joined by single spaces.
    pub description: Option<String>,
    /// The scopes the page lists, without prefix.
    pub scopes: Vec<String>,
    /// The prefix the page says scopes carry (`api.katapult.io/core/v1/`), if it says one.
    pub scope_prefix: Option<String>,
    /// The request body, if the page documents one (Katapult pages).
    pub request: Option<Body>,
    /// The parameter keys listed under "Request" (rst pages).
    pub request_parameters: Vec<Parameter>,
    /// The parameter keys listed under "Response" (rst pages).
    pub response_parameters: Vec<Parameter>,
    /// Every documented status, in page order.
    pub responses: Vec<Response>,
    /// The first microversion that has the operation (`.. rest_method::`'s `min_version:`, or
    /// the prose's "New in version 3.x").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_version: Option<String>,
    /// The last microversion that has the operation (`max_version:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_version: Option<String>,
    /// The request sample an api-ref page includes (`.. literalinclude::` under "Request
    /// Example"); several samples are merged into one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_example: Option<Example>,
}

impl Operation {
    /// `METHOD path`, as reports and the allow-list name an operation.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A parameter key listed by an rst page: `- key: reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    /// The key as it appears in the request or response.
    pub key: String,
    /// The entry of the upstream parameter table it points at (`project_id_path`).
    pub reference: String,
    /// The parameter table the reference points into: the file the `.. rest_parameters::`
    /// directive names, joined to the page's folder as os-api-ref reads it
    /// (`…/v3/parameters.yaml`). Where it was read, not a fact of the page: not serialised.
    #[serde(skip)]
    pub table: PathBuf,
    /// 1-based line of the page.
    pub line: usize,
}

/// One documented status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The status code as printed (`201`).
    pub status: String,
    /// The sentence the page prints for this status.
    pub description: Option<String>,
    /// The media type (`application/json`).
    pub media_type: Option<String>,
    /// What the page's schema tree states (not for rst pages, which show none).
    pub body: Option<Body>,
    /// The error codes of an error status (the `code` values with their sentences).
    pub errors: Vec<ErrorCode>,
    /// The example JSON of this status.
    pub example: Option<Example>,
}

/// What a rendered schema tree states: object fields, enum lists, oneOf lists, sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Body {
    /// Every `name` / `object` marker, in page order.
    pub objects: Vec<ObjectField>,
    /// Every "Possible values" list, in page order.
    pub enums: Vec<EnumList>,
    /// Every list of schema names closed by `oneOf`.
    pub one_ofs: Vec<OneOf>,
    /// Every other line: the descriptions of fields whose names the renderer dropped.
    pub texts: Vec<Text>,
}

/// A field the page names, with its kind and markers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectField {
    /// The field name.
    pub name: String,
    /// Where it sits (dotted, `[]` for array items), when the example JSON places it.
    pub path: Option<String>,
    /// `object`, `object[]`, or a type name.
    pub shape: Shape,
    /// The page marks it `required`.
    pub required: bool,
    /// The page marks it `nullable`.
    pub nullable: bool,
    /// 1-based line of the name.
    pub line: usize,
}

/// The kind the page prints under a field name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// `object`.
    Object,
    /// `object[]`.
    ObjectArray,
    /// A named type (`ValidationError`).
    Named(String),
}

/// A "Possible values: [...]" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumList {
    /// The values, in page order.
    pub values: Vec<String>,
    /// The property it belongs to (dotted path), when the example JSON places it.
    pub path: Option<String>,
    /// The nearest field named before the list, to say where an unplaced list sits.
    pub after: Option<String>,
    /// 1-based line where the list starts.
    pub line: usize,
}

/// A list of schema names the page closes with `oneOf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneOf {
    /// Where the oneOf sits: `""` for the whole body, otherwise the field's path (or name, when
    /// the example does not place it).
    pub path: String,
    /// The schema names, in page order.
    pub names: Vec<String>,
    /// 1-based line of `oneOf`.
    pub line: usize,
}

/// A sentence of the schema tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The sentence.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// An error `code` of an error status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCode {
    /// The code (`missing_api_token`).
    pub code: String,
    /// The sentence that describes it.
    pub description: Option<String>,
    /// The schema name the page gives it (only in oneOf groups).
    pub schema: Option<String>,
    /// What the page shows of this error's own fields (the `detail` marker and sentences), for
    /// members of a oneOf group; single-schema errors keep theirs in the response body.
    pub body: Option<Body>,
    /// 1-based line of the code's "Possible values" list.
    pub line: usize,
}

/// The example JSON of a status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// 1-based line where it starts.
    pub line: usize,
    /// The parsed example.
    pub value: Value,
    /// Every property path of the example with the JSON type of its value, in document
    /// order; array items are `path[]`.
    pub properties: Vec<ExampleProperty>,
}

/// One property path of an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleProperty {
    /// Dotted path, `[]` for array items (`annotations[].key`).
    pub path: String,
    /// The JSON type of the example value.
    pub kind: JsonKind,
}

/// The JSON type of a value; integers and other numbers are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Boolean,
    /// A number without fraction or exponent.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The kind of a JSON value.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Boolean,
            Value::Number(number) if number.is_i64() || number.is_u64() => Self::Integer,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }

    /// The OpenAPI `type` name of this kind.
    pub fn name(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
            Self::Array => "array",
            Self::Object => "object",
        }
    }
}

/// Joins path segments: `["a", "[]", "b"]` → `a[].b`.
pub fn join_path<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::new();
    for segment in segments {
        let segment = segment.as_ref();
        if segment == "[]" {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

/// Splits a dotted path back into segments: `a[].b` → `["a", "[]", "b"]`.
pub fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        let mut name = part;
        let mut items = 0usize;
        while let Some(stripped) = name.strip_suffix("[]") {
            name = stripped;
            items += 1;
        }
        if !name.is_empty() {
            out.push(name.to_string());
        }
        out.extend(std::iter::repeat_n("[]".to_string(), items));
    }
    out
}

/// The file name of `path`, as the facts and the report name a file (a page, or the spec a
/// finding is about).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Collapses every run of whitespace to one space and trims.
pub fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let segments = ["load_balancer", "resources", "[]", "resources", "state"];
        let joined = join_path(&segments);
        assert_eq!(joined, "load_balancer.resources[].resources.state");
        assert_eq!(split_path(&joined), segments);
        assert_eq!(split_path("a[][]"), ["a", "[]", "[]"]);
        assert_eq!(join_path::<&str>(&[]), "");
        assert!(split_path("").is_empty());
    }

    #[test]
    fn kinds_tell_integers_from_numbers() {
        assert_eq!(JsonKind::of(&serde_json::json!(0)), JsonKind::Integer);
        assert_eq!(JsonKind::of(&serde_json::json!(0.5)), JsonKind::Number);
        assert_eq!(JsonKind::of(&serde_json::json!(null)), JsonKind::Null);
    }
}
