//! Parser for an OpenStack api-ref reStructuredText page (as the Cinder `volume-manage.inc`).
//!
//! Each operation is a section whose heading is its title, followed by
//! `.. rest_method:: METHOD /path`, its prose, a "Response codes" section with
//! `.. rest_status_code:: success|error FILE` and `- NNN` bullets, and "Request" / "Response"
//! sections with `.. rest_parameters:: FILE` and `- key: reference` bullets. The rendered page
//! lost its blank lines and includes no sample bodies, so only these facts are read.

use std::path::Path;

use crate::error::{GenError, Result};

use super::lines::{Line, lines};
use super::page::{Operation, Page, PageKind, Parameter, Response, file_name};

/// The directive that names an operation's method and path.
pub const REST_METHOD: &str = ".. rest_method::";
const REST_STATUS: &str = ".. rest_status_code::";
const REST_PARAMETERS: &str = ".. rest_parameters::";

/// Parses an rst page; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Page> {
    let all = lines(text);
    let lines: Vec<&Line> = all.iter().filter(|line| !line.text.is_empty()).collect();
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&index| is_heading(&lines, index))
        .collect();
    let methods: Vec<usize> = (0..lines.len())
        .filter(|&index| {
            lines
                .get(index)
                .is_some_and(|line| line.text.starts_with(REST_METHOD))
        })
        .collect();
    let mut operations = Vec::new();
    for (number, &at) in methods.iter().enumerate() {
        let Some(&title_at) = headings.iter().rev().find(|&&heading| heading < at) else {
            return Err(at_line(
                path,
                &lines,
                at,
                "`.. rest_method::` has no section heading above it to name the operation",
            ));
        };
        // The operation runs to the heading of the next operation, or to the end.
        let end = methods
            .get(number + 1)
            .and_then(|&next| headings.iter().rev().find(|&&heading| heading < next))
            .copied()
            .filter(|&next_title| next_title > at)
            .unwrap_or(lines.len());
        let span = lines.get(title_at..end).unwrap_or_default();
        operations.push(operation(
            path,
            span,
            &headings_in(&headings, title_at, end),
        )?);
    }
    if operations.is_empty() {
        return Err(GenError::file(
            path,
            "the page has no `.. rest_method::` line",
        ));
    }
    Ok(Page {
        file: file_name(path),
        kind: PageKind::Rst,
        operations,
    })
}

/// The heading indexes in `start..end`, made relative to `start`.
fn headings_in(headings: &[usize], start: usize, end: usize) -> Vec<usize> {
    headings
        .iter()
        .filter(|&&heading| heading >= start && heading < end)
        .map(|&heading| heading - start)
        .collect()
}

/// An error at the line with index `index` of `lines`.
fn at_line(path: &Path, lines: &[&Line], index: usize, message: &str) -> GenError {
    let number = lines.get(index).map_or(1, |line| line.number);
    GenError::at_line(path, number, 1, message)
}

/// Whether `lines[index]` is a section title (the next line underlines it).
fn is_heading(lines: &[&Line], index: usize) -> bool {
    let (Some(title), Some(under)) = (lines.get(index), lines.get(index + 1)) else {
        return false;
    };
    !title.text.starts_with("..")
        && !is_underline(&title.text)
        && is_underline(&under.text)
        && under.text.chars().count() >= title.text.chars().count()
}

/// A line of one repeated rst adornment character.
fn is_underline(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    "=-~^\"'`#*+<>_:.".contains(first) && text.chars().count() >= 3 && chars.all(|c| c == first)
}

/// Reads one operation; `span[0]` is its heading, `headings` are indexes into `span`.
fn operation(path: &Path, span: &[&Line], headings: &[usize]) -> Result<Operation> {
    let title = span
        .first()
        .map(|line| line.text.clone())
        .unwrap_or_default();
    let Some(method_at) = span
        .iter()
        .position(|line| line.text.starts_with(REST_METHOD))
    else {
        return Err(at_line(
            path,
            span,
            0,
            "the section has no `.. rest_method::`",
        ));
    };
    let directive = span
        .get(method_at)
        .map(|line| line.text.trim_start_matches(REST_METHOD).trim())
        .unwrap_or_default();
    let mut words = directive.split_whitespace();
    let (Some(method), Some(route), None) = (words.next(), words.next(), words.next()) else {
        return Err(at_line(
            path,
            span,
            method_at,
            "expected `.. rest_method:: METHOD /path`",
        ));
    };
    if !route.starts_with('/') || !method.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(at_line(
            path,
            span,
            method_at,
            "expected `.. rest_method:: METHOD /path`",
        ));
    }
    let prose_end = headings
        .iter()
        .copied()
        .find(|&heading| heading > method_at)
        .unwrap_or(span.len());
    let prose: Vec<&str> = span
        .get(method_at + 1..prose_end)
        .unwrap_or_default()
        .iter()
        .map(|line| line.text.as_str())
        .filter(|text| !text.starts_with(".."))
        .collect();
    let description = (!prose.is_empty()).then(|| prose.join(" "));

    let mut responses = Vec::new();
    let mut request_parameters = Vec::new();
    let mut response_parameters = Vec::new();
    let mut section = String::new();
    for (index, line) in span.iter().enumerate() {
        if headings.contains(&index) {
            section = line.text.to_ascii_lowercase();
            continue;
        }
        let following = span.get(index + 1..).unwrap_or_default();
        if let Some(rest) = line.text.strip_prefix(REST_STATUS) {
            let statuses = bullets(following, status_bullet);
            if statuses.is_empty() {
                return Err(at_line(
                    path,
                    span,
                    index,
                    &format!("`{REST_STATUS}{rest}` lists no status (`- 202`)"),
                ));
            }
            responses.extend(statuses.into_iter().map(|(status, _)| Response {
                status,
                description: None,
                media_type: None,
                body: None,
                errors: Vec::new(),
                example: None,
            }));
        } else if line.text.starts_with(REST_PARAMETERS) {
            let items = parameters(path, following)?;
            if items.is_empty() {
                return Err(at_line(
                    path,
                    span,
                    index,
                    "`.. rest_parameters::` lists no parameter (`- key: reference`)",
                ));
            }
            if section.starts_with("request") {
                request_parameters.extend(items);
            } else if section.starts_with("response") && !section.contains("code") {
                response_parameters.extend(items);
            } else {
                return Err(at_line(
                    path,
                    span,
                    index,
                    "`.. rest_parameters::` must sit under a \"Request\" or \"Response\" heading",
                ));
            }
        }
    }
    if responses.is_empty() {
        return Err(at_line(
            path,
            span,
            method_at,
            "the operation lists no response codes (`.. rest_status_code::`)",
        ));
    }
    Ok(Operation {
        title,
        method: method.to_ascii_uppercase(),
        path: route.to_string(),
        description,
        scopes: Vec::new(),
        scope_prefix: None,
        request: None,
        request_parameters,
        response_parameters,
        responses,
    })
}

/// The leading bullets of `lines` that `read` accepts, with their line numbers.
fn bullets<T>(lines: &[&Line], read: impl Fn(&str) -> Option<T>) -> Vec<(T, usize)> {
    lines
        .iter()
        .map_while(|line| read(&line.text).map(|item| (item, line.number)))
        .collect()
}

/// `- 202` → `202` (a trailing comment is allowed).
fn status_bullet(text: &str) -> Option<String> {
    let rest = text.strip_prefix("- ")?.trim();
    let code = rest.split_whitespace().next()?;
    let code = code.trim_end_matches(':');
    (code.len() == 3 && code.chars().all(|c| c.is_ascii_digit())).then(|| code.to_string())
}

/// The `- key: reference` bullets at the start of `lines`.
fn parameters(path: &Path, lines: &[&Line]) -> Result<Vec<Parameter>> {
    let mut out = Vec::new();
    for line in lines.iter().take_while(|line| line.text.starts_with("- ")) {
        let item = line.text.trim_start_matches("- ");
        let Some((key, reference)) = item.split_once(':') else {
            return Err(GenError::at_line(
                path,
                line.number,
                1,
                format!(
                    "expected a parameter bullet `- key: reference`, found `{}`",
                    line.text
                ),
            ));
        };
        let (key, reference) = (key.trim(), reference.trim());
        if key.is_empty() || reference.is_empty() {
            return Err(GenError::at_line(
                path,
                line.number,
                1,
                format!(
                    "expected a parameter bullet `- key: reference`, found `{}`",
                    line.text
                ),
            ));
        }
        out.push(Parameter {
            key: key.to_string(),
            reference: reference.to_string(),
            line: line.number,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underlines() {
        assert!(is_underline("~~~~"));
        assert!(!is_underline("~~"));
        assert!(!is_underline("~=~"));
        assert!(!is_underline("- 202"));
    }

    #[test]
    fn bullets_are_read() {
        assert_eq!(status_bullet("- 202"), Some("202".to_string()));
        assert_eq!(status_bullet("- description: description"), None);
        let lines = lines("- a: b\n- c: d\nText");
        let refs: Vec<&Line> = lines.iter().collect();
        let got = parameters(Path::new("p.rst"), &refs).expect("parses");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].key, "c");
        let bad = lines_of("- nonsense");
        assert!(parameters(Path::new("p.rst"), &bad.iter().collect::<Vec<_>>()).is_err());
    }

    fn lines_of(text: &str) -> Vec<Line> {
        lines(text)
    }

    #[test]
    fn pages_without_structure_are_errors() {
        let page = "Title\n=====\n.. rest_method:: POST /x\nProse.\n";
        let err = parse(Path::new("p.rst"), page).unwrap_err().to_string();
        assert!(err.contains("no response codes"), "{err}");
        let page = ".. rest_method:: POST /x\n";
        assert!(parse(Path::new("p.rst"), page).is_err());
        let page = "Title\n=====\n.. rest_method:: POST\n";
        let err = parse(Path::new("p.rst"), page).unwrap_err().to_string();
        assert!(err.contains("p.rst:3:1"), "{err}");
    }
}
