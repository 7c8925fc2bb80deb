//! Causes: a stable key for each failure, so that failures of many documents add up in one
//! table. The key comes from a small table of regular expressions over the error message (first
//! match wins); a message no rule knows gets `other: ` and its first words, with names, quoted
//! text and numbers blanked, so that the same error about different names gives the same key.

use std::sync::OnceLock;

use regex::Regex;

use super::worker::Outcome;

/// `(cause, pattern)`: the first pattern that matches the message names the cause. A pattern
/// with a group named `detail` appends the shape of that group to the cause.
const RULES: &[(&str, &str)] = &[
    ("OpenAPI 3.1", r"^OpenAPI 3\.1\S* is not supported"),
    ("Swagger 2.0", r"Swagger 2\.0 is not supported"),
    (
        "unsupported OpenAPI version",
        r"^(unsupported OpenAPI version|missing the `openapi` field)",
    ),
    ("invalid JSON", r"^invalid JSON"),
    ("invalid YAML", r"^invalid YAML"),
    ("not UTF-8", r"is not UTF-8"),
    ("no operationId", r"has no operationId"),
    ("empty operationId", r"^empty operationId"),
    (
        "duplicate operationId",
        r"^operationId `.*` is already used",
    ),
    (
        "mixed success bodies",
        r"^success responses .* mix JSON bodies and no body",
    ),
    (
        "mixed error bodies",
        r"^error responses mix JSON bodies and no body",
    ),
    ("no success response", r"documents no success response"),
    ("external $ref", r"external \$ref"),
    ("dangling $ref", r"\$ref `[^`]*` points at nothing"),
    ("path-item $ref", r"path-item \$ref"),
    ("undeclared path parameter", r"declares no path parameter"),
    (
        "request body without content",
        r"request body without `content`",
    ),
    (
        "request body without schema",
        r"No schema specified for request body|the request body has no schema",
    ),
    (
        "progenitor panic: several media types on a body",
        r"panicked.*more media types than expected",
    ),
    (
        "progenitor panic: media type encoding",
        r"panicked.*media type encoding",
    ),
    (
        "progenitor panic: invalid (or unexpected) schema",
        r"panicked.*invalid \(or unexpected\) schema",
    ),
    (
        "progenitor panic: enum variant names collide",
        r"panicked.*Failed to make unique variant names",
    ),
    (
        "progenitor panic: several response types",
        r"panicked.*response_types\.len\(\) <= 1",
    ),
    (
        "progenitor panic: $ref into a subschema",
        r"panicked.*(\$ref #/components/[^/ ]+/[^/ ]+/\S+ is missing|unresolved reference: #/components/[^/ ]+/[^/ ]+/)",
    ),
    (
        "progenitor panic: default value cannot be rendered",
        r"panicked.*default value could not be rendered",
    ),
    (
        "progenitor panic: untyped enum mixing types",
        r"panicked.*multiple implied types for an un-typed enum",
    ),
    (
        "progenitor panic",
        r"progenitor panicked on a construct it does not support \((not yet implemented: )?(?P<detail>.*)\)",
    ),
    ("unsupported content type", r"unexpected content type"),
    ("deepObject", r"(?i)deepObject"),
    (
        "unsupported parameter style",
        r"unsupported style of (path|query) parameter",
    ),
    ("cookie parameter", r"cookie parameters are not supported"),
    (
        "schema progenitor rejects for a non-JSON body",
        r"invalid schema for (application/octet-stream|text/[^:]*):",
    ),
    (
        "typify: value does not conform",
        r"value does not conform to the given schema",
    ),
    (
        "typify: invalid schema",
        r"invalid schema for (?P<detail>[^\n]*)",
    ),
    ("typify: unexpected value type", r"unexpected value type"),
    ("typify: invalid TypeId", r"invalid TypeId"),
    (
        "progenitor rejected the spec",
        r"^progenitor rejected the spec: (?P<detail>.*)",
    ),
    (
        "generated code does not parse",
        r"produced invalid Rust|does not parse",
    ),
    ("crate name", r"is not a usable crate name"),
    (
        "not a valid OpenAPI 3.0 document",
        r"^not a valid OpenAPI 3\.0 document: (?P<detail>.*)",
    ),
    ("internal error", r"^internal error(?P<detail>.*)"),
];

fn rules() -> &'static [(&'static str, Regex)] {
    static RULES_COMPILED: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    RULES_COMPILED.get_or_init(|| {
        RULES
            .iter()
            .map(|(cause, pattern)| {
                // `(?s)`: `.` also matches the newlines of multi-line panic messages.
                let regex = Regex::new(&format!("(?s){pattern}"))
                    .unwrap_or_else(|err| panic!("cause pattern `{pattern}`: {err}"));
                (*cause, regex)
            })
            .collect()
    })
}

/// The cause of an outcome; `None` for a generated crate.
pub fn cause(outcome: &Outcome) -> Option<String> {
    Some(match outcome {
        Outcome::Generated => return None,
        Outcome::Failed { message, .. } => message_cause(message),
        Outcome::Panicked { message } => format!("panic (uncaught): {}", shape(message, 6)),
        Outcome::OutOfScope { .. } => "Swagger 1.x (out of scope)".to_string(),
        Outcome::Crashed { detail } => crash_cause(detail),
        Outcome::TimedOut => "timeout".to_string(),
    })
}

/// The cause of a generator error message.
pub fn message_cause(message: &str) -> String {
    for (cause, regex) in rules() {
        if let Some(captures) = regex.captures(message) {
            return match captures.name("detail") {
                Some(detail) if !shape(detail.as_str(), 6).is_empty() => {
                    format!("{cause}: {}", shape(detail.as_str(), 6))
                }
                _ => (*cause).to_string(),
            };
        }
    }
    format!("other: {}", shape(message, 6))
}

fn crash_cause(detail: &str) -> String {
    if detail.contains("overflowed its stack") || detail.contains("stack overflow") {
        "crash: stack overflow".to_string()
    } else if detail.contains("memory allocation") || detail.contains("out of memory") {
        "crash: out of memory".to_string()
    } else if let Some(start) = detail.find("killed by signal") {
        let end = detail[start..]
            .find([':', ')'])
            .map_or(detail.len(), |i| start + i + 1);
        format!("crash: {}", detail[start..end].trim_end_matches(':'))
    } else {
        "crash".to_string()
    }
}

/// The first `words` words of `text` with quoted text, names in backticks and numbers blanked
/// (`…`, `N`) and trailing punctuation dropped: the same for the same error about other names.
pub fn shape(text: &str, words: usize) -> String {
    static BLANKS: OnceLock<[(Regex, &'static str); 5]> = OnceLock::new();
    let blanks = BLANKS.get_or_init(|| {
        let regex = |pattern: &str| Regex::new(pattern).expect("a valid blanking pattern");
        [
            (regex(r"`[^`]*`"), "`…`"),
            (regex(r#""[^"]*""#), "\"…\""),
            (regex(r"'[^']*'"), "'…'"),
            (regex(r"#/[^\s,;:)]*"), "#/…"),
            (regex(r"\b\d+\b"), "N"),
        ]
    });
    let first_line = text.lines().next().unwrap_or_default();
    let mut blanked = first_line.to_string();
    for (regex, replacement) in blanks {
        blanked = regex.replace_all(&blanked, *replacement).into_owned();
    }
    blanked
        .split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([',', '.', ':', ';', '(', '{', '['])
        .to_string()
}

/// The cause of a `cargo check` failure from its first error line (`error[E0425]: cannot find
/// value `x` in this scope` → `E0425 cannot find value `…` in this scope`).
pub fn rustc_cause(first_error: &str) -> String {
    static ERROR: OnceLock<Regex> = OnceLock::new();
    let error = ERROR.get_or_init(|| {
        Regex::new(r"error(\[(?P<code>E\d+)\])?: (?P<message>.*)").expect("a valid pattern")
    });
    match error.captures(first_error) {
        Some(captures) => {
            let message = shape(&captures["message"], 12);
            match captures.name("code") {
                Some(code) => format!("{} {message}", code.as_str()),
                None => message,
            }
        }
        None => format!("other: {}", shape(first_error, 8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(message: &str) -> Outcome {
        Outcome::Failed {
            location: String::new(),
            message: message.to_string(),
        }
    }

    #[test]
    fn every_rule_compiles() {
        assert_eq!(rules().len(), RULES.len());
    }

    #[test]
    fn generator_messages_map_to_their_causes() {
        let cases = [
            (
                "GET /pets has no operationId: every operation needs one, it names the client \
                 method and its types",
                "no operationId",
            ),
            (
                "success responses 200, 204 mix JSON bodies and no body; progenitor 0.15 needs \
                 one success type per operation: document the body on every success status",
                "mixed success bodies",
            ),
            (
                "error responses mix JSON bodies and no body; progenitor 0.15 needs one error",
                "mixed error bodies",
            ),
            (
                "OpenAPI 3.1.0 is not supported: this generator (like progenitor) reads OpenAPI \
                 3.0.x only; convert the document to 3.0.3",
                "OpenAPI 3.1",
            ),
            (
                "progenitor rejected the spec: unexpected or unhandled format in the OpenAPI \
                 document unexpected content type: text/xml",
                "unsupported content type",
            ),
            (
                "progenitor rejected the spec: type error value does not conform to the given \
                 schema",
                "typify: value does not conform",
            ),
            (
                "progenitor panicked on a construct it does not support (not yet implemented: \
                 more media types than expected for x: 2); simplify the schema",
                "progenitor panic: several media types on a body",
            ),
            (
                "progenitor rejected the spec: unexpected or unhandled format in the OpenAPI \
                 document unsupported style of query parameter DeepObject { allow_reserved: false }",
                "deepObject",
            ),
            (
                "external $ref `other.yaml#/x` is not supported: bundle the document first",
                "external $ref",
            ),
            (
                "progenitor panicked on a construct it does not support ($ref \
                 #/components/schemas/a/properties/id is missing); simplify",
                "progenitor panic: $ref into a subschema",
            ),
            (
                "progenitor panicked on a construct it does not support (The default value \
                 could not be rendered for this type\nvalue: false\ntype: TypeEntry {\n}); x",
                "progenitor panic: default value cannot be rendered",
            ),
            (
                "the request body has no schema: give it one (`{}` accepts any JSON)",
                "request body without schema",
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                cause(&failed(message)).as_deref(),
                Some(expected),
                "{message}"
            );
        }
    }

    #[test]
    fn causes_with_details_and_unknown_messages_are_stable_across_names() {
        let a = cause(&failed(
            "progenitor panicked on a construct it does not support (key `Foo` is missing); x",
        ));
        let b = cause(&failed(
            "progenitor panicked on a construct it does not support (key `Bar` is missing); y",
        ));
        assert_eq!(a, b);
        assert_eq!(a.as_deref(), Some("progenitor panic: key `…` is missing"));
        let c = cause(&failed(
            "something new about \"x\" at #/paths/~1a and 12 more",
        ));
        let d = cause(&failed(
            "something new about \"y\" at #/paths/~1b and 3 more",
        ));
        assert_eq!(c, d);
        assert_eq!(
            c.as_deref(),
            Some("other: something new about \"…\" at #/…")
        );
    }

    #[test]
    fn worker_outcomes_have_causes_too() {
        assert_eq!(cause(&Outcome::Generated), None);
        assert_eq!(cause(&Outcome::TimedOut).as_deref(), Some("timeout"));
        let overflow = Outcome::Crashed {
            detail: "the worker killed by signal 6 (SIGABRT): thread 'main' has overflowed its \
                     stack"
                .into(),
        };
        assert_eq!(cause(&overflow).as_deref(), Some("crash: stack overflow"));
        let abort = Outcome::Crashed {
            detail: "the worker killed by signal 6 (SIGABRT): boom".into(),
        };
        assert_eq!(
            cause(&abort).as_deref(),
            Some("crash: killed by signal 6 (SIGABRT)")
        );
        let panic = Outcome::Panicked {
            message: "index out of bounds: the len is 3 but the index is 7".into(),
        };
        assert_eq!(
            cause(&panic).as_deref(),
            Some("panic (uncaught): index out of bounds: the len")
        );
    }

    #[test]
    fn rustc_errors_are_keyed_by_code_and_blanked_message() {
        assert_eq!(
            rustc_cause("error[E0425]: cannot find value `base64` in the crate root"),
            "E0425 cannot find value `…` in the crate root"
        );
        assert_eq!(
            rustc_cause("src/lib.rs:3:4: error[E0308]: mismatched types"),
            "E0308 mismatched types"
        );
        assert_eq!(
            rustc_cause("error: failed to select a version for `x`"),
            "failed to select a version for `…`"
        );
    }
}
