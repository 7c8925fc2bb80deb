//! Parser for the text of a Katapult developer-docs page.
//!
//! The layout: the title; the method glued to the path (`POST/disks/disk/assign`); the
//! description; `Scopes` and the scope names; `OAuth2 Scopes` with the scope prefix;
//! `Request` (`- application/json`, `Body`, the body's schema tree); `Responses` with the
//! status list (`- 201`, `- 400`, …); then, for each status in that order, its sentence, the
//! media-type tabs (`- application/json`, `- Schema`, `- Example (from schema)`, `Schema`), its
//! schema tree and its example JSON.

use std::path::Path;

use crate::error::{GenError, Result};
use crate::spec::METHODS;

use super::example::{read_example, starts_example};
use super::lines::{Line, lines};
use super::page::{Operation, Page, PageKind, Response, file_name};
use super::place::place;
use super::tokens::{media_type, tokenize};

/// Lines that end the header parts of a page.
const HEADINGS: [&str; 4] = ["Scopes", "OAuth2 Scopes", "Request", "Responses"];

/// Tab labels printed between a status's media type and its schema tree.
const TABS: [&str; 3] = ["- Schema", "- Example (from schema)", "Schema"];

/// `POST/disks/disk/assign` → (`POST`, `/disks/disk/assign`): an OpenAPI method, in capitals,
/// glued to the path.
pub fn split_method_path(text: &str) -> Option<(&str, &str)> {
    METHODS.iter().find_map(|method| {
        let (head, path) = text.split_at_checked(method.len())?;
        (head == method.to_ascii_uppercase()
            && path.starts_with('/')
            && !path.contains(char::is_whitespace))
        .then_some((head, path))
    })
}

/// Parses a Katapult page; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Page> {
    let all = lines(text);
    let lines: Vec<&Line> = all.iter().filter(|line| !line.text.is_empty()).collect();
    let mut reader = Reader {
        file: path,
        lines: &lines,
        at: 0,
    };
    let operation = reader.operation()?;
    Ok(Page {
        file: file_name(path),
        kind: PageKind::Katapult,
        operations: vec![operation],
        warnings: Vec::new(),
        notes: Vec::new(),
        title: None,
    })
}

/// A cursor over the non-blank lines of a page.
struct Reader<'a> {
    file: &'a Path,
    lines: &'a [&'a Line],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<&'a Line> {
        self.lines.get(self.at).copied()
    }

    fn next(&mut self) -> Option<&'a Line> {
        let line = self.lines.get(self.at).copied();
        if line.is_some() {
            self.at += 1;
        }
        line
    }

    /// The number of the last line, for errors about the end of the page.
    fn last_line(&self) -> usize {
        self.lines.last().map_or(1, |line| line.number)
    }

    fn cut_off(&self, what: &str) -> GenError {
        GenError::at_line(
            self.file,
            self.last_line(),
            1,
            format!("the page ends before {what} (is it cut off?)"),
        )
    }

    /// Lines up to (not including) the first one `stop` accepts, or to the end.
    fn until(&mut self, stop: impl Fn(&str) -> bool) -> Vec<Line> {
        let mut taken = Vec::new();
        while let Some(line) = self.peek() {
            if stop(&line.text) {
                break;
            }
            taken.push(line.clone());
            self.at += 1;
        }
        taken
    }

    fn operation(&mut self) -> Result<Operation> {
        let title = self
            .next()
            .map(|line| line.text.clone())
            .ok_or_else(|| GenError::file(self.file, "the page is empty"))?;
        let Some(method_line) = self.next().cloned() else {
            return Err(self.cut_off("the method and path line"));
        };
        let Some((method, route)) = split_method_path(&method_line.text) else {
            return Err(GenError::at_line(
                self.file,
                method_line.number,
                1,
                format!(
                    "expected the method glued to the path (like `POST/disks/disk/assign`), found \
                     `{}`",
                    method_line.text
                ),
            ));
        };
        let description = joined(&self.until(|text| HEADINGS.contains(&text)));
        let mut scopes = Vec::new();
        let mut scope_prefix = None;
        if self.peek().is_some_and(|line| line.text == "Scopes") {
            self.at += 1;
            scopes = self
                .until(|text| HEADINGS.contains(&text))
                .into_iter()
                .map(|line| line.text)
                .collect();
        }
        if self.peek().is_some_and(|line| line.text == "OAuth2 Scopes") {
            self.at += 1;
            let prose = joined(&self.until(|text| HEADINGS.contains(&text)));
            scope_prefix = prose.as_deref().and_then(prefix_from);
        }
        let mut request = None;
        if self.peek().is_some_and(|line| line.text == "Request") {
            self.at += 1;
            let block = self.until(|text| text == "Responses");
            let block: Vec<Line> = block
                .into_iter()
                .filter(|line| line.text != "Body")
                .collect();
            let tokens = tokenize(self.file, &block)?;
            request = Some(place(&tokens, None, None).body);
        }
        if self.next().is_none() {
            return Err(self.cut_off("its `Responses` section"));
        }
        let statuses: Vec<(String, usize)> = self
            .until(|text| status_bullet(text).is_none())
            .iter()
            .filter_map(|line| status_bullet(&line.text).map(|s| (s.to_string(), line.number)))
            .collect();
        if statuses.is_empty() {
            return Err(match self.peek() {
                Some(line) => GenError::at_line(
                    self.file,
                    line.number,
                    1,
                    "expected the list of documented statuses (`- 200`, `- 400`, …) after \
                     `Responses`",
                ),
                None => self.cut_off("the list of documented statuses"),
            });
        }
        let mut responses = Vec::new();
        for (status, _) in &statuses {
            responses.push(self.response(status)?);
        }
        if let Some(extra) = self.peek() {
            return Err(GenError::at_line(
                self.file,
                extra.number,
                1,
                format!(
                    "unexpected text after the example of the last listed status ({}): `{}`",
                    statuses.len(),
                    extra.text
                ),
            ));
        }
        Ok(Operation {
            title,
            method: method.to_string(),
            path: route.to_string(),
            description,
            scopes,
            scope_prefix,
            request,
            request_parameters: Vec::new(),
            response_parameters: Vec::new(),
            responses,
            min_version: None,
            max_version: None,
            request_example: None,
        })
    }

    /// One status's section: sentence, media type, tabs, schema tree, example.
    fn response(&mut self, status: &str) -> Result<Response> {
        let sentence = self.until(|text| media_type(text).is_some() || starts_example(text));
        let description = joined(&sentence);
        let media = match self.next() {
            Some(line) => match media_type(&line.text) {
                Some(media) => media.to_string(),
                None => {
                    return Err(GenError::at_line(
                        self.file,
                        line.number,
                        1,
                        format!(
                            "response {status}: expected its media type (`- application/json`) \
                             before the example"
                        ),
                    ));
                }
            },
            None => return Err(self.cut_off(&format!("the section of response {status}"))),
        };
        while self
            .peek()
            .is_some_and(|line| TABS.contains(&line.text.as_str()))
        {
            self.at += 1;
        }
        let tree = self.until(|text| starts_example(text) || media_type(text).is_some());
        match self.peek() {
            None => {
                return Err(self.cut_off(&format!("the example JSON of response {status}")));
            }
            Some(line) if !starts_example(&line.text) => {
                return Err(GenError::at_line(
                    self.file,
                    line.number,
                    1,
                    format!(
                        "response {status}: a new media type starts here before the status's \
                         example JSON"
                    ),
                ));
            }
            Some(_) => {}
        }
        let rest: Vec<Line> = self
            .lines
            .get(self.at..)
            .unwrap_or_default()
            .iter()
            .map(|line| (*line).clone())
            .collect();
        let (example, used) = read_example(self.file, &rest, status)?;
        self.at += used;
        let tokens = tokenize(self.file, &tree)?;
        let error = is_error(status).then_some(description.as_deref().unwrap_or_default());
        let placement = place(&tokens, Some(&example), error);
        Ok(Response {
            status: status.to_string(),
            description,
            media_type: Some(media),
            body: Some(placement.body),
            errors: placement.errors,
            example: Some(example),
        })
    }
}

/// `- 201` → `201`.
fn status_bullet(text: &str) -> Option<&str> {
    let code = text.strip_prefix("- ")?.trim();
    (code.len() == 3 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// Whether a status is an error status (4xx or 5xx).
pub fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// The lines' text joined with single spaces; `None` if there is none.
fn joined(lines: &[Line]) -> Option<String> {
    let text = lines
        .iter()
        .map(|line| line.text.as_str())
        .filter(|text| *text != ".")
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// "… scopes are prefixed with api.katapult.io/core/v1/" → `api.katapult.io/core/v1/`.
fn prefix_from(prose: &str) -> Option<String> {
    let (_, rest) = prose.split_once("prefixed with ")?;
    let prefix = rest.split_whitespace().next()?.trim_end_matches(['.', ',']);
    (!prefix.is_empty()).then(|| prefix.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_and_path() {
        assert_eq!(
            split_method_path("POST/disks/disk/assign"),
            Some(("POST", "/disks/disk/assign"))
        );
        assert_eq!(split_method_path("POST /x"), None);
        assert_eq!(split_method_path("Create IP Address"), None);
    }

    #[test]
    fn scope_prefix() {
        assert_eq!(
            prefix_from("When using OAuth2 authentication, scopes are prefixed with a.b/v1/ ."),
            Some("a.b/v1/".to_string())
        );
        assert_eq!(prefix_from("nothing"), None);
    }

    #[test]
    fn statuses() {
        assert_eq!(status_bullet("- 201"), Some("201"));
        assert_eq!(status_bullet("- application/json"), None);
        assert!(is_error("404") && !is_error("202"));
    }
}
