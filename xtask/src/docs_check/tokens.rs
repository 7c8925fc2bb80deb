//! The lines of a rendered schema tree (a Katapult page's request body or one status's
//! schema), classified: field markers, "Possible values" lists, oneOf name lists, sentences.
//!
//! The renderer's noise is dropped here: `Array [` and `]` lines, media-type bullets and blank
//! lines. Enum lists the renderer wrapped over several lines (`[pending` / `, failed` / `]`)
//! are joined.

use std::path::Path;

use crate::error::{GenError, Result};

use super::lines::Line;
use super::page::Shape;

/// The text that opens an enum list.
pub const POSSIBLE_VALUES: &str = "Possible values:";

/// One classified element of a schema tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `name` / `object` (or `object[]`, or a type name) / `[required]` / `[nullable]` / `[oneOf]`.
    Field {
        /// The field name.
        name: String,
        /// What the page prints under the name.
        shape: Shape,
        /// Marked `required`.
        required: bool,
        /// Marked `nullable`.
        nullable: bool,
        /// Followed by `oneOf`.
        one_of: bool,
        /// 1-based line of the name.
        line: usize,
    },
    /// A "Possible values" list.
    Enum {
        /// The values in page order.
        values: Vec<String>,
        /// 1-based line where the list starts.
        line: usize,
    },
    /// Consecutive `- SchemaName` bullets.
    Names {
        /// The names in page order.
        names: Vec<String>,
        /// 1-based line of the first bullet.
        line: usize,
    },
    /// A `oneOf` line that follows no field: the whole tree is a oneOf.
    OneOf {
        /// 1-based line.
        line: usize,
    },
    /// Any other line: a description.
    Text {
        /// The sentence.
        text: String,
        /// 1-based line.
        line: usize,
    },
}

/// Classifies the lines of one schema tree; `file` names the page in errors.
pub fn tokenize(file: &Path, lines: &[Line]) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut index = 0;
    // Every branch advances `index` by at least one line, so this ends within lines.len() turns.
    while let Some(line) = lines.get(index) {
        let text = line.text.as_str();
        if is_noise(text) {
            index += 1;
        } else if let Some(rest) = text.strip_prefix(POSSIBLE_VALUES) {
            let (values, used) = enum_list(file, line.number, rest, lines.get(index + 1..))?;
            tokens.push(Token::Enum {
                values,
                line: line.number,
            });
            index += used;
        } else if let Some(name) = schema_bullet(text) {
            let first = line.number;
            let mut names = vec![name.to_string()];
            index += 1;
            while let Some(next) = lines.get(index).and_then(|l| schema_bullet(&l.text)) {
                names.push(next.to_string());
                index += 1;
            }
            tokens.push(Token::Names { names, line: first });
        } else if text == "oneOf" {
            tokens.push(Token::OneOf { line: line.number });
            index += 1;
        } else if let Some((token, used)) = field(lines.get(index..).unwrap_or_default()) {
            tokens.push(token);
            index += used;
        } else {
            tokens.push(Token::Text {
                text: text.to_string(),
                line: line.number,
            });
            index += 1;
        }
    }
    Ok(tokens)
}

/// Lines the renderer adds that state nothing.
pub fn is_noise(text: &str) -> bool {
    text.is_empty() || text == "]" || text == "Array [" || media_type(text).is_some()
}

/// `- application/json` → `application/json`.
pub fn media_type(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("- ")?.trim();
    let (kind, sub) = rest.split_once('/')?;
    let valid = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '*'))
    };
    (valid(kind) && valid(sub)).then_some(rest)
}

/// `- SomeSchemaName` → `SomeSchemaName`.
fn schema_bullet(text: &str) -> Option<&str> {
    let name = text.strip_prefix("- ")?.trim();
    is_type_name(name).then_some(name)
}

/// A PascalCase identifier, as the renderer prints schema and type names.
fn is_type_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A field name as the renderer prints it (`data_center`, `address1`).
fn is_field_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

/// A field marker at the start of `lines`, and how many lines it takes.
fn field(lines: &[Line]) -> Option<(Token, usize)> {
    let name_line = lines.first()?;
    let shape_line = lines.get(1)?;
    if !is_field_name(&name_line.text) {
        return None;
    }
    let shape = match shape_line.text.as_str() {
        "object" => Shape::Object,
        "object[]" => Shape::ObjectArray,
        other if is_type_name(other) => Shape::Named(other.to_string()),
        _ => return None,
    };
    let (mut required, mut nullable, mut one_of) = (false, false, false);
    let mut used = 2;
    for line in lines.iter().skip(2).take(3) {
        match line.text.as_str() {
            "required" if !required => required = true,
            "nullable" if !nullable => nullable = true,
            "oneOf" if !one_of => one_of = true,
            _ => break,
        }
        used += 1;
    }
    let token = Token::Field {
        name: name_line.text.clone(),
        shape,
        required,
        nullable,
        one_of,
        line: name_line.number,
    };
    Some((token, used))
}

/// Reads an enum list that starts with `first` (the text after "Possible values:") and may go
/// on over the `following` lines; returns the values and the number of lines used.
fn enum_list(
    file: &Path,
    line: usize,
    first: &str,
    following: Option<&[Line]>,
) -> Result<(Vec<String>, usize)> {
    let mut text = first.trim().to_string();
    let mut used = 1;
    let following = following.unwrap_or_default();
    let mut rest = following.iter();
    while !text.contains(']') {
        let Some(next) = rest.next() else {
            return Err(GenError::at_line(
                file,
                line,
                1,
                "a \"Possible values\" list is not closed with `]` before the end of the page",
            ));
        };
        // The renderer wraps a list as `[a` / `, b` / `]`: anything else is not part of it.
        if !(next.text.starts_with(',') || next.text.starts_with(']')) {
            return Err(GenError::at_line(
                file,
                line,
                1,
                format!(
                    "a \"Possible values\" list is not closed with `]` (line {} starts something \
                     else)",
                    next.number
                ),
            ));
        }
        text.push(' ');
        text.push_str(&next.text);
        used += 1;
    }
    let Some(inner) = text
        .strip_prefix('[')
        .and_then(|inner| inner.split_once(']'))
        .map(|(inner, _)| inner)
    else {
        return Err(GenError::at_line(
            file,
            line,
            1,
            format!("a \"Possible values\" list must look like `[a, b]`, found `{text}`"),
        ));
    };
    let values: Vec<String> = inner
        .split(',')
        .map(|value| {
            value
                .trim()
                .trim_matches(|c| c == '"' || c == '`')
                .to_string()
        })
        .filter(|value| !value.is_empty())
        .collect();
    if values.is_empty() {
        return Err(GenError::at_line(
            file,
            line,
            1,
            "an empty \"Possible values\" list",
        ));
    }
    Ok((values, used))
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        tokenize(Path::new("page.txt"), &lines(text)).expect("tokenizes")
    }

    #[test]
    fn wrapped_enum_lists_are_joined_and_noise_dropped() {
        let got =
            tokens("Array [\n]\nPossible values: [pending\n, failed\n]\n- application/json\n");
        assert_eq!(
            got,
            [Token::Enum {
                values: vec!["pending".into(), "failed".into()],
                line: 3
            }]
        );
        assert_eq!(
            tokens("Possible values: [a, b]")[0],
            Token::Enum {
                values: vec!["a".into(), "b".into()],
                line: 1
            }
        );
    }

    #[test]
    fn fields_names_and_text() {
        let got = tokens(
            "- A\n- B\noneOf\nresources\nobject\nnullable\noneOf\ndetail\nValidationError\nSome text.",
        );
        assert_eq!(
            got,
            [
                Token::Names {
                    names: vec!["A".into(), "B".into()],
                    line: 1
                },
                Token::OneOf { line: 3 },
                Token::Field {
                    name: "resources".into(),
                    shape: Shape::Object,
                    required: false,
                    nullable: true,
                    one_of: true,
                    line: 4
                },
                Token::Field {
                    name: "detail".into(),
                    shape: Shape::Named("ValidationError".into()),
                    required: false,
                    nullable: false,
                    one_of: false,
                    line: 8
                },
                Token::Text {
                    text: "Some text.".into(),
                    line: 10
                },
            ]
        );
    }

    #[test]
    fn unclosed_enum_lists_are_errors() {
        let err = tokenize(Path::new("p.txt"), &lines("Possible values: [a\n, b")).unwrap_err();
        assert!(err.to_string().contains("p.txt:1:1"), "{err}");
        let err = tokenize(
            Path::new("p.txt"),
            &lines("Possible values: [a\nSome text\n]"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(tokenize(Path::new("p.txt"), &lines("Possible values: []")).is_err());
        assert!(tokenize(Path::new("p.txt"), &lines("Possible values: a]")).is_err());
    }
}
