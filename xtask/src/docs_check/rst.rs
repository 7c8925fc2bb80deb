//! Parser for an OpenStack api-ref reStructuredText page (as the Cinder `volume-manage.inc`).
//!
//! Each operation is a section whose heading is its title, followed by
//! `.. rest_method:: METHOD /path`, its prose, a "Response codes" section with
//! `.. rest_status_code:: success|error FILE` and `- NNN` bullets, and "Request" / "Response"
//! sections with `.. rest_parameters:: FILE` and `- key: reference` bullets. The rendered page
//! lost its blank lines and includes no sample bodies, so only these facts are read.

use std::path::{Component, Path, PathBuf};

use crate::error::{GenError, Result};

use serde_json::Value;

use super::api_ref::PARAMETERS_FILE;
use super::example::example_of;
use super::lines::{Line, lines};
use super::page::{Example, Operation, Page, PageKind, Parameter, Response, file_name};

/// The directive that names an operation's method and path.
pub const REST_METHOD: &str = ".. rest_method::";
const REST_STATUS: &str = ".. rest_status_code::";
const REST_PARAMETERS: &str = ".. rest_parameters::";

/// Parses an rst page; `path` names it in errors, and its folder is where the samples a page
/// includes (`.. literalinclude::`) are read from.
///
/// A page with no `.. rest_method::` at all is an error (the caller decides whether such a
/// page is an api-ref page that only defines shared text). A section that cannot be read
/// faithfully is skipped with a located warning in [`Page::warnings`]; the other sections are
/// read.
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
    if methods.is_empty() {
        return Err(GenError::file(
            path,
            "the page has no `.. rest_method::` line",
        ));
    }
    let mut operations = Vec::new();
    let mut warnings = Vec::new();
    for (number, &at) in methods.iter().enumerate() {
        let Some(&title_at) = headings.iter().rev().find(|&&heading| heading < at) else {
            warnings.push(
                at_line(
                    path,
                    &lines,
                    at,
                    "`.. rest_method::` has no section heading above it to name the operation: \
                     operation skipped",
                )
                .to_string(),
            );
            continue;
        };
        // The operation runs to the heading of the next operation, or to the end.
        let end = methods
            .get(number + 1)
            .and_then(|&next| headings.iter().rev().find(|&&heading| heading < next))
            .copied()
            .filter(|&next_title| next_title > at)
            .unwrap_or(lines.len());
        let span = lines.get(title_at..end).unwrap_or_default();
        match operation(path, span, &headings_in(&headings, title_at, end)) {
            Ok((operation, notes)) => {
                operations.push(operation);
                warnings.extend(notes);
            }
            Err(err) => warnings.push(format!("{err}: operation skipped")),
        }
    }
    if operations.is_empty() && warnings.is_empty() {
        return Err(GenError::file(
            path,
            "the page has no `.. rest_method::` line",
        ));
    }
    Ok(Page {
        file: file_name(path),
        kind: PageKind::Rst,
        operations,
        warnings,
        notes: Vec::new(),
        title: headings
            .first()
            .and_then(|&at| lines.get(at))
            .map(|line| line.text.clone()),
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

/// The HTTP methods a `.. rest_method::` may name.
const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
];

/// What a `.. rest_method::` directive says: method, path, microversion bounds, and how many
/// lines (from the directive's) it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RestMethod {
    method: String,
    path: String,
    min_version: Option<String>,
    max_version: Option<String>,
    lines: usize,
}

/// Reads the directive at `lines[0]` as os-api-ref does: its content is `METHOD URL` (on the
/// directive's line, or on the next line, or with the URL on the line after the method),
/// then optional `min_version: X` / `max_version: Y` lines. A URL without its leading slash
/// gets one.
fn rest_method(lines: &[&Line]) -> Option<RestMethod> {
    let first = lines.first()?.text.trim_start_matches(REST_METHOD).trim();
    let mut words: Vec<String> = first.split_whitespace().map(str::to_string).collect();
    let mut used = 1;
    while words.len() < 2 {
        let line = lines.get(used)?;
        if line.text.starts_with("..") || version_bound(&line.text).is_some() {
            break;
        }
        words.extend(line.text.split_whitespace().map(str::to_string));
        used += 1;
    }
    let (method, route) = match words.as_slice() {
        [method, route] => (method, route),
        _ => return None,
    };
    let method = method.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) || route.contains(char::is_whitespace) {
        return None;
    }
    // A query string written into the URL (`…/{project_id}?usage=True`) is not part of the
    // path: the parameter list documents the query parameters.
    let route = route.split('?').next().unwrap_or_default();
    let path = if route.starts_with('/') {
        route.to_string()
    } else {
        format!("/{route}")
    };
    let mut min_version = None;
    let mut max_version = None;
    while let Some((name, value)) = lines.get(used).and_then(|line| version_bound(&line.text)) {
        if name == "min_version" {
            min_version = Some(value);
        } else {
            max_version = Some(value);
        }
        used += 1;
    }
    Some(RestMethod {
        method,
        path,
        min_version,
        max_version,
        lines: used,
    })
}

/// `min_version: 3.12` → `("min_version", "3.12")`.
fn version_bound(text: &str) -> Option<(&'static str, String)> {
    for name in ["min_version", "max_version"] {
        if let Some(value) = text
            .strip_prefix(name)
            .and_then(|rest| rest.trim_start().strip_prefix(':'))
        {
            let value = value.trim().trim_matches(['\'', '"']);
            if !value.is_empty() {
                return Some((name, value.to_string()));
            }
        }
    }
    None
}

/// The microversion the prose says the operation is new in ("New in version 3.12",
/// "Available since API microversion 3.12").
fn prose_min_version(prose: &str) -> Option<String> {
    let pattern = regex::Regex::new(
        r"(?i)(?:new in version|new in (?:api )?microversion|available (?:since|from|starting with) (?:api )?microversion|since (?:api )?microversion)\s+v?(\d+\.\d+)",
    )
    .ok()?;
    Some(pattern.captures(prose)?.get(1)?.as_str().to_string())
}

/// The status codes of a plain-text line ("Normal response codes: 200, 202", "Error response
/// codes: badRequest(400), itemNotFound(404)").
fn plain_statuses(text: &str) -> Option<Vec<String>> {
    let lower = text.to_ascii_lowercase();
    let rest = [
        "normal response code",
        "error response code",
        "success response code",
    ]
    .iter()
    .find_map(|prefix| lower.strip_prefix(prefix))?;
    let rest = rest
        .trim_start_matches('s')
        .trim_start()
        .strip_prefix(':')?;
    let pattern = regex::Regex::new(r"\b[1-5]\d\d\b").ok()?;
    Some(
        pattern
            .find_iter(rest)
            .map(|code| code.as_str().to_string())
            .collect(),
    )
}

/// Which body a section heading is about: `request`, `response`, or neither.
fn side_of(section: &str) -> Option<&'static str> {
    if section.starts_with("request") {
        Some("request")
    } else if section.starts_with("response") {
        Some("response")
    } else if section.contains("request") {
        Some("request")
    } else if section.contains("response") {
        Some("response")
    } else {
        None
    }
}

/// Reads one operation; `span[0]` is its heading, `headings` are indexes into `span`. Returns
/// it with the located warnings of what it left out (a sample it could not read).
fn operation(path: &Path, span: &[&Line], headings: &[usize]) -> Result<(Operation, Vec<String>)> {
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
    let Some(directive) = rest_method(span.get(method_at..).unwrap_or_default()) else {
        return Err(at_line(
            path,
            span,
            method_at,
            "expected `.. rest_method:: METHOD /path`",
        ));
    };
    let prose_end = headings
        .iter()
        .copied()
        .find(|&heading| heading > method_at)
        .unwrap_or(span.len());
    let prose: Vec<&str> = span
        .get(method_at + directive.lines..prose_end)
        .unwrap_or_default()
        .iter()
        .map(|line| line.text.as_str())
        .filter(|text| !text.starts_with("..") && !is_directive_option(text))
        .collect();
    let description = (!prose.is_empty()).then(|| prose.join(" "));
    let min_version = directive
        .min_version
        .clone()
        .or_else(|| description.as_deref().and_then(prose_min_version));

    let mut warnings = Vec::new();
    let mut statuses: Vec<String> = Vec::new();
    let mut request_parameters = Vec::new();
    let mut response_parameters = Vec::new();
    let mut request_samples: Vec<(Value, usize)> = Vec::new();
    let mut response_samples: Vec<(Value, usize)> = Vec::new();
    let mut section = String::new();
    for (index, line) in span.iter().enumerate() {
        if headings.contains(&index) {
            section = line.text.to_ascii_lowercase();
            continue;
        }
        let following = span.get(index + 1..).unwrap_or_default();
        if line.text.starts_with(REST_STATUS) {
            statuses.extend(
                bullets(following, status_bullet)
                    .into_iter()
                    .map(|(status, _)| status),
            );
        } else if let Some(codes) = plain_statuses(&line.text) {
            statuses.extend(codes);
        } else if let Some(table) = line.text.strip_prefix(REST_PARAMETERS) {
            let items = parameters(path, &table_path(path, table), following)?;
            if side_of(&section) == Some("response") && !section.contains("code") {
                response_parameters.extend(items);
            } else {
                request_parameters.extend(items);
            }
        } else if let Some(file) = line.text.strip_prefix(LITERAL_INCLUDE)
            && is_api_ref_source(path)
        {
            let Some(side) = side_of(&section) else {
                continue;
            };
            // The file may sit on the directive's line or on the next one.
            let file = match file.trim() {
                "" => following
                    .first()
                    .map(|next| next.text.as_str())
                    .filter(|next| !next.starts_with(':') && !next.starts_with(".."))
                    .unwrap_or_default(),
                file => file,
            };
            match sample(path, file) {
                Ok(Some(value)) if side == "request" => {
                    request_samples.push((value, line.number));
                }
                Ok(Some(value)) => response_samples.push((value, line.number)),
                Ok(None) => {}
                Err(message) => warnings.push(
                    GenError::at_line(path, line.number, 1, format!("{message}: sample skipped"))
                        .to_string(),
                ),
            }
        }
    }
    let mut seen = Vec::new();
    statuses.retain(|status| {
        let new = !seen.contains(status);
        seen.push(status.clone());
        new
    });
    if statuses.is_empty() {
        // os-api-ref does not ask for response codes: the operation stands, answering any.
        warnings.push(
            at_line(
                path,
                span,
                method_at,
                "the operation lists no response codes (`.. rest_status_code::` or \"Normal \\
                 response codes: …\"): its response is read as `default`",
            )
            .to_string(),
        );
        statuses.push(DEFAULT_STATUS.to_string());
    }
    let response_example = merged_example(response_samples);
    // The response sample belongs to the first success status that has a body.
    let sample_status = statuses
        .iter()
        .find(|status| answers_with_body(status))
        .cloned();
    let responses = statuses
        .into_iter()
        .map(|status| Response {
            example: if Some(&status) == sample_status.as_ref() {
                response_example.clone()
            } else {
                None
            },
            status,
            description: None,
            media_type: None,
            body: None,
            errors: Vec::new(),
        })
        .collect();
    Ok((
        Operation {
            title,
            method: directive.method,
            path: directive.path,
            description,
            scopes: Vec::new(),
            scope_prefix: None,
            request: None,
            request_parameters,
            response_parameters,
            responses,
            min_version,
            max_version: directive.max_version,
            request_example: merged_example(request_samples),
        },
        warnings,
    ))
}

/// The status of an operation whose page lists none: OpenAPI's `default`, any status.
pub const DEFAULT_STATUS: &str = "default";

/// Whether a response of `status` is the one a section's response sample shows: a success
/// other than 204 No Content, or the `default` of an operation that lists no status.
pub fn answers_with_body(status: &str) -> bool {
    (status.starts_with('2') && status != "204") || status == DEFAULT_STATUS
}

/// Whether `path` names an api-ref source file (`.rst` or `.inc`), whose samples sit beside
/// it; a rendered page (`.txt`) includes none.
pub fn is_api_ref_source(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("rst") || ext.eq_ignore_ascii_case("inc"))
}

/// The directive that includes a sample file.
const LITERAL_INCLUDE: &str = ".. literalinclude::";

/// An option line of a directive (`:language: javascript`).
fn is_directive_option(text: &str) -> bool {
    text.starts_with(':')
        && text
            .get(1..)
            .is_some_and(|rest| rest.contains(": ") || rest.ends_with(':'))
}

/// The JSON of the sample `file` (relative to the page's folder); `None` for a sample that is
/// not JSON by its name (`.txt`, `.xml`); an error message for one that cannot be read.
fn sample(page: &Path, file: &str) -> std::result::Result<Option<Value>, String> {
    let relative = Path::new(file);
    if relative
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| !ext.eq_ignore_ascii_case("json"))
    {
        return Ok(None);
    }
    let full = relative_file(page, file);
    let text = std::fs::read_to_string(&full)
        .map_err(|err| format!("cannot read the sample `{file}`: {err}"))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|err| format!("the sample `{file}` is not valid JSON: {err}"))
}

/// The samples of one side as one example: objects merged key by key (the first sample's
/// value wins for a scalar), array items merged into one.
fn merged_example(samples: Vec<(Value, usize)>) -> Option<Example> {
    let mut samples = samples.into_iter();
    let (mut value, line) = samples.next()?;
    for (other, _) in samples {
        merge_value(&mut value, other);
    }
    example_of(value, line)
}

/// Adds what `other` has and `into` lacks.
fn merge_value(into: &mut Value, other: Value) {
    match (into, other) {
        (Value::Object(into), Value::Object(other)) => {
            for (key, value) in other {
                match into.get_mut(&key) {
                    Some(existing) => merge_value(existing, value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(other)) => {
            if let Some(first) = other.into_iter().next() {
                match into.first_mut() {
                    Some(existing) => merge_value(existing, first),
                    None => into.push(first),
                }
            }
        }
        (into @ Value::Null, other) => *into = other,
        _ => {}
    }
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
/// The parameter table a `.. rest_parameters:: FILE` directive of the page at `page` names
/// (`parameters.yaml` when the directive names none), found as [`relative_file`] finds it.
fn table_path(page: &Path, file: &str) -> PathBuf {
    match file.trim() {
        "" => relative_file(page, PARAMETERS_FILE),
        file => relative_file(page, file),
    }
}

/// How many folders above a page [`relative_file`] looks.
const INCLUDING_FOLDERS: usize = 4;

/// The file a directive of the page at `page` names. Sphinx resolves it against the folder of
/// the document being built, which is the page's own unless another document includes the
/// page (`.. include:: federation/idp.inc`, whose directives then name
/// `federation/parameters.yaml`): the page's folder when the file is there, else the nearest
/// folder above it that has the file, else the page's folder. `.` and `..` are resolved, and
/// a file named from the source folder's top (`/samples/x.json`) is found by the same walk.
fn relative_file(page: &Path, file: &str) -> PathBuf {
    // Sphinx reads `/file` from the top of the source folder: the walk up finds it there.
    let file = file.trim_start_matches('/');
    let own = page.parent().unwrap_or(Path::new(""));
    let mut folder = own;
    for _ in 0..=INCLUDING_FOLDERS {
        let candidate = normalised(&folder.join(file));
        if candidate.is_file() {
            return candidate;
        }
        match folder.parent() {
            Some(above) => folder = above,
            None => break,
        }
    }
    normalised(&own.join(file))
}

/// `path` with `.` and `..` resolved lexically.
fn normalised(path: &Path) -> PathBuf {
    let mut joined = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if joined.file_name().is_some() => {
                joined.pop();
            }
            other => joined.push(other),
        }
    }
    joined
}

/// The `- key: reference` bullets of a `.. rest_parameters::` directive whose table is `table`.
fn parameters(path: &Path, table: &Path, lines: &[&Line]) -> Result<Vec<Parameter>> {
    let mut out = Vec::new();
    for line in lines.iter().take_while(|line| line.text.starts_with("- ")) {
        let item = line.text.trim_start_matches("- ");
        // os-api-ref reads the bullets as YAML: the key ends at the first `: `, so a key
        // with a colon inside (`os-vol-host-attr:host`) stays whole.
        let Some((key, reference)) = item
            .split_once(": ")
            .or_else(|| item.strip_suffix(':').map(|key| (key, "")))
        else {
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
            table: table.to_path_buf(),
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
        let got =
            parameters(Path::new("p.rst"), Path::new(PARAMETERS_FILE), &refs).expect("parses");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].key, "c");
        let bad = lines_of("- nonsense");
        assert!(
            parameters(
                Path::new("p.rst"),
                Path::new(PARAMETERS_FILE),
                &bad.iter().collect::<Vec<_>>()
            )
            .is_err()
        );
    }

    fn lines_of(text: &str) -> Vec<Line> {
        lines(text)
    }

    #[test]
    fn unreadable_sections_are_located_warnings_that_skip_the_operation_or_its_part() {
        let warnings = |page: &str| {
            parse(Path::new("p.rst"), page)
                .map(|page| (page.operations.len(), page.warnings))
                .unwrap_or_else(|err| panic!("{err}"))
        };
        // No response code: the operation stands, answering `default`, with its sample.
        let page = parse(
            Path::new("p.rst"),
            "Title\n=====\n.. rest_method:: POST /x\nProse.\n",
        )
        .expect("reads");
        assert_eq!(page.operations.len(), 1);
        assert_eq!(page.operations[0].responses[0].status, DEFAULT_STATUS);
        assert!(
            page.warnings[0].starts_with("p.rst:3:1")
                && page.warnings[0].contains("no response codes")
                && page.warnings[0].contains("read as `default`"),
            "{:?}",
            page.warnings
        );
        let (count, got) = warnings(".. rest_method:: POST /x\n");
        assert_eq!(count, 0);
        assert!(got[0].contains("no section heading"), "{got:?}");
        let (_, got) = warnings("Title\n=====\n.. rest_method:: POST\n");
        assert!(got[0].starts_with("p.rst:3:1"), "{got:?}");
        // One bad section among good ones: the good ones are read.
        let page = "Aaa\n===\n.. rest_method:: GET /a\n.. rest_status_code:: success s.yaml\n- 200\n\
                    Bbb\n===\n.. rest_method:: FETCH /b\n.. rest_status_code:: success s.yaml\n- 200\n";
        let (count, got) = warnings(page);
        assert_eq!(count, 1);
        assert!(got[0].starts_with("p.rst:8:1"), "{got:?}");
        assert!(parse(Path::new("p.rst"), "Text\n====\nNo operation.\n").is_err());
    }

    #[test]
    fn the_directive_is_read_as_os_api_ref_reads_it() {
        let read = |text: &str| {
            let all = lines(text);
            let refs: Vec<&Line> = all.iter().filter(|l| !l.text.is_empty()).collect();
            rest_method(&refs).map(|m| (m.method, m.path, m.min_version, m.max_version, m.lines))
        };
        let one =
            |path: &str, lines| Some(("GET".to_string(), path.to_string(), None, None, lines));
        assert_eq!(read(".. rest_method:: GET /v3/x\nProse"), one("/v3/x", 1));
        assert_eq!(
            read(".. rest_method::\n   GET /v3/x\n\nProse"),
            one("/v3/x", 2)
        );
        assert_eq!(
            read(".. rest_method:: GET\n   /v3/x\nProse"),
            one("/v3/x", 2)
        );
        assert_eq!(read(".. rest_method:: get v3/x"), one("/v3/x", 1));
        assert_eq!(
            read(".. rest_method:: POST /x\n  min_version: 3.12\n  max_version: '3.40'\nText"),
            Some((
                "POST".into(),
                "/x".into(),
                Some("3.12".into()),
                Some("3.40".into()),
                3
            ))
        );
        assert_eq!(read(".. rest_method:: FETCH /x"), None);
        assert_eq!(read(".. rest_method::\n.. other::"), None);
    }

    #[test]
    fn statuses_and_versions_in_plain_text() {
        assert_eq!(
            plain_statuses("Normal response codes: 200, 202"),
            Some(vec!["200".to_string(), "202".to_string()])
        );
        assert_eq!(
            plain_statuses("Error response codes: badRequest(400), itemNotFound(404)"),
            Some(vec!["400".to_string(), "404".to_string()])
        );
        assert_eq!(plain_statuses("The response codes are 200"), None);
        assert_eq!(
            prose_min_version("Shows it. Available since API microversion 3.12."),
            Some("3.12".to_string())
        );
        assert_eq!(prose_min_version("since v3.31 if non-admin users"), None);
    }

    #[test]
    fn colon_names_stay_whole() {
        let all = lines("- os-vol-host-attr:host: os-vol-host-attr:host\n- a:  b");
        let refs: Vec<&Line> = all.iter().collect();
        let got =
            parameters(Path::new("p.rst"), Path::new(PARAMETERS_FILE), &refs).expect("parses");
        assert_eq!(got[0].key, "os-vol-host-attr:host");
        assert_eq!(got[0].reference, "os-vol-host-attr:host");
        assert_eq!(got[1].reference, "b");
    }
}
