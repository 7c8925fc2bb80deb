//! Turning a status's tokens into facts: each field marker and "Possible values" list is
//! matched to its property by position (the page renders the schema tree in order, and the
//! example is generated from the same schema in the same order), and error codes are read.

use serde_json::Value;

use super::example::flatten;
use super::page::{Body, EnumList, ErrorCode, Example, ObjectField, OneOf, Shape, Text, join_path};
use super::tokens::Token;

/// The facts of one schema tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    /// Fields, enum lists, oneOf lists and sentences.
    pub body: Body,
    /// The error codes (error statuses only).
    pub errors: Vec<ErrorCode>,
}

/// Places the tokens of one status (or of the request body, with no example).
///
/// For an error status (`error` holds the status's sentence), the `code` list becomes the
/// error code; when the whole body is a oneOf, every member's sentence, code and fields
/// become one [`ErrorCode`] each.
pub fn place(tokens: &[Token], example: Option<&Example>, error: Option<&str>) -> Placement {
    let entries = example
        .and_then(|example| flatten(&example.value))
        .unwrap_or_default();
    let root_one_of = tokens
        .iter()
        .position(|token| matches!(token, Token::OneOf { .. }));
    match (error, root_one_of) {
        (Some(_), Some(at)) => {
            let (head, tail) = tokens.split_at(at);
            let mut body = place_tree(head, &entries);
            // The `oneOf` token itself closes the name list of the head.
            let names = match tail.first() {
                Some(Token::OneOf { line }) => {
                    let names = pending_names(head);
                    body.one_ofs.push(OneOf {
                        path: String::new(),
                        names: names.clone(),
                        line: *line,
                    });
                    names
                }
                _ => Vec::new(),
            };
            let errors = members(tail.get(1..).unwrap_or_default(), &names);
            Placement { body, errors }
        }
        (Some(sentence), None) => {
            let mut body = place_tree(tokens, &entries);
            let at = body
                .enums
                .iter()
                .position(|list| list.path.as_deref() == Some("code"))
                .or(if body.enums.is_empty() { None } else { Some(0) });
            let errors = match at {
                Some(at) => {
                    let list = body.enums.remove(at);
                    list.values
                        .iter()
                        .map(|code| ErrorCode {
                            code: code.clone(),
                            description: Some(sentence.to_string()),
                            schema: None,
                            body: None,
                            line: list.line,
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            Placement { body, errors }
        }
        (None, _) => Placement {
            body: place_tree(tokens, &entries),
            errors: Vec::new(),
        },
    }
}

/// The schema names of the last `Names` token of `tokens` (what a root `oneOf` closes).
fn pending_names(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .rev()
        .find_map(|token| match token {
            Token::Names { names, .. } => Some(names.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Places tokens against the flattened example (pre-order list of paths and values).
fn place_tree(tokens: &[Token], entries: &[(Vec<String>, &Value)]) -> Body {
    let mut body = Body::default();
    let mut cursor = 0;
    let mut names: Option<Vec<String>> = None;
    let mut last_field: Option<String> = None;
    for token in tokens {
        match token {
            Token::Field {
                name,
                shape,
                required,
                nullable,
                one_of,
                line,
            } => {
                let found = entries
                    .iter()
                    .enumerate()
                    .skip(cursor)
                    .find(|(_, (path, value))| {
                        path.last() == Some(name) && fits_shape(shape, value)
                    });
                let path = found.map(|(index, (path, _))| {
                    cursor = index + 1;
                    join_path(path)
                });
                if *one_of {
                    body.one_ofs.push(OneOf {
                        path: path.clone().unwrap_or_else(|| name.clone()),
                        names: names.take().unwrap_or_default(),
                        line: *line,
                    });
                }
                body.objects.push(ObjectField {
                    name: name.clone(),
                    path,
                    shape: shape.clone(),
                    required: *required,
                    nullable: *nullable,
                    line: *line,
                });
                last_field = Some(name.clone());
            }
            Token::Enum { values, line } => {
                // The example shows a list's first value (the generator picks it).
                let first = values.first().map(String::as_str);
                let found = entries
                    .iter()
                    .enumerate()
                    .skip(cursor)
                    .find(|(_, (_, value))| value.as_str().is_some() && value.as_str() == first);
                let path = found.map(|(index, (path, _))| {
                    cursor = index + 1;
                    join_path(path)
                });
                body.enums.push(EnumList {
                    values: values.clone(),
                    path,
                    after: last_field.clone(),
                    line: *line,
                });
            }
            Token::Names { names: list, .. } => names = Some(list.clone()),
            Token::OneOf { line } => body.one_ofs.push(OneOf {
                path: String::new(),
                names: names.take().unwrap_or_default(),
                line: *line,
            }),
            Token::Text { text, line } => body.texts.push(Text {
                text: text.clone(),
                line: *line,
            }),
        }
    }
    body
}

/// Whether an example value can be the field the page shows with `shape`.
fn fits_shape(shape: &Shape, value: &Value) -> bool {
    match shape {
        Shape::ObjectArray => value.is_array(),
        Shape::Object | Shape::Named(_) => value.is_object() || value.is_null(),
    }
}

/// Splits the tokens after a root `oneOf` into members: each member is a sentence, its
/// "Possible values" list (the code), then its own fields and their sentences. The sentence
/// right before a list belongs to that list's member; earlier ones to the member before.
fn members(tokens: &[Token], names: &[String]) -> Vec<ErrorCode> {
    let starts: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, token)| matches!(token, Token::Enum { .. }))
        .map(|(index, _)| index)
        .collect();
    let mut errors = Vec::new();
    for (member, &at) in starts.iter().enumerate() {
        let Some(Token::Enum { values, line }) = tokens.get(at) else {
            continue;
        };
        let description = at
            .checked_sub(1)
            .and_then(|before| tokens.get(before))
            .and_then(|token| match token {
                Token::Text { text, .. } => Some(text.clone()),
                _ => None,
            });
        // The member's own tokens run to the next member's sentence (or list).
        // (`next > at`, so the sentence before it is at `next - 1 >= at`.)
        let end = match starts.get(member + 1) {
            Some(&next) => match next.checked_sub(1) {
                Some(before) if matches!(tokens.get(before), Some(Token::Text { .. })) => before,
                _ => next,
            },
            None => tokens.len(),
        };
        let own = tokens.get(at + 1..end.max(at + 1)).unwrap_or_default();
        let body = place_tree(own, &[]);
        let schema = (names.len() == starts.len())
            .then(|| names.get(member).cloned())
            .flatten();
        for code in values {
            errors.push(ErrorCode {
                code: code.clone(),
                description: description.clone(),
                schema: schema.clone(),
                body: Some(body.clone()),
                line: *line,
            });
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::lines::lines;
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn one_of_members_take_the_sentence_before_their_code() {
        let text = "- ASchema\n- BSchema\noneOf\nA happened\nPossible values: [a\n]\ndetail\n\
                    object\nThe field of a\nB happened\nPossible values: [b\n]";
        let tokens = tokenize(Path::new("p.txt"), &lines(text)).expect("tokens");
        let placed = place(&tokens, None, Some("403 error response"));
        let got: Vec<(&str, Option<&str>, Option<&str>, usize)> = placed
            .errors
            .iter()
            .map(|e| {
                let texts = e.body.as_ref().map_or(0, |b| b.texts.len());
                (
                    e.code.as_str(),
                    e.schema.as_deref(),
                    e.description.as_deref(),
                    texts,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", Some("ASchema"), Some("A happened"), 1),
                ("b", Some("BSchema"), Some("B happened"), 0),
            ]
        );
        assert_eq!(placed.body.one_ofs[0].names, ["ASchema", "BSchema"]);
    }

    #[test]
    fn a_single_error_takes_the_status_sentence() {
        let tokens =
            tokenize(Path::new("p.txt"), &lines("Possible values: [gone\n]")).expect("tokens");
        let placed = place(&tokens, None, Some("Gone."));
        assert_eq!(placed.errors.len(), 1);
        assert_eq!(placed.errors[0].description.as_deref(), Some("Gone."));
        assert!(placed.body.enums.is_empty());
    }
}
