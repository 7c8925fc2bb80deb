//! The example JSON of a status: where it ends on the page, its value, its property paths.

use std::path::Path;

use serde_json::Value;

use crate::error::{GenError, Result};

use super::lines::Line;
use super::page::{Example, ExampleProperty, JsonKind, join_path};

/// How deep an example may nest before docs-check refuses it (serde_json's own limit is 128).
const MAX_DEPTH: usize = 64;

/// Whether a line opens an example (`{` or `[` first).
pub fn starts_example(text: &str) -> bool {
    text.starts_with('{') || text.starts_with('[')
}

/// Reads the example that starts at `lines[0]`; returns it and the number of lines it takes.
///
/// The end is where the brackets opened on the first line close (strings are skipped), so a
/// cut-off example is reported as such instead of swallowing the rest of the page.
pub fn read_example(file: &Path, lines: &[Line], status: &str) -> Result<(Example, usize)> {
    let Some(first) = lines.first() else {
        return Err(GenError::file(
            file,
            format!("response {status}: the page ends where its example JSON should start"),
        ));
    };
    let mut scanner = Scanner::default();
    let mut text = String::new();
    let mut used = 0;
    for line in lines {
        used += 1;
        text.push_str(&line.text);
        text.push('\n');
        scanner.feed(&line.text);
        if scanner.depth == 0 {
            break;
        }
    }
    if scanner.depth != 0 {
        return Err(GenError::at_line(
            file,
            first.number,
            1,
            format!(
                "response {status}: the example JSON starting here is cut off: {} bracket(s) still \
                 open at the end of the page",
                scanner.depth
            ),
        ));
    }
    let value: Value = serde_json::from_str(&text).map_err(|err| {
        GenError::at_line(
            file,
            first.number + err.line().saturating_sub(1),
            err.column(),
            format!("response {status}: the example JSON is not valid JSON: {err}"),
        )
    })?;
    let Some(flat) = flatten(&value) else {
        return Err(GenError::at_line(
            file,
            first.number,
            1,
            format!("response {status}: the example JSON nests deeper than {MAX_DEPTH} levels"),
        ));
    };
    let properties = flat
        .iter()
        .map(|(path, child)| ExampleProperty {
            path: join_path(path),
            kind: JsonKind::of(child),
        })
        .collect();
    let example = Example {
        line: first.number,
        value,
        properties,
    };
    Ok((example, used))
}

/// The example of a sample file's `value` that starts at `line` (of the page that includes
/// it); `None` if it nests deeper than docs-check reads.
pub fn example_of(value: Value, line: usize) -> Option<Example> {
    let properties = flatten(&value)?
        .iter()
        .map(|(path, child)| ExampleProperty {
            path: join_path(path),
            kind: JsonKind::of(child),
        })
        .collect();
    Some(Example {
        line,
        value,
        properties,
    })
}

/// Every property path of `value` below `at` with its value, in document order, each path
/// once (the first array item that has it gives its value). `None` if it nests too deep.
pub fn flatten(value: &Value) -> Option<Vec<(Vec<String>, &Value)>> {
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out).then_some(out)
}

fn walk<'a>(
    value: &'a Value,
    at: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, &'a Value)>,
) -> bool {
    if at.len() > MAX_DEPTH {
        return false;
    }
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, child)| (key.clone(), child))
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|child| ("[]".to_string(), child))
            .collect(),
        _ => Vec::new(),
    };
    for (segment, child) in children {
        at.push(segment);
        if !out.iter().any(|(known, _)| known == at) {
            out.push((at.clone(), child));
        }
        let ok = walk(child, at, out);
        at.pop();
        if !ok {
            return false;
        }
    }
    true
}

/// Tracks bracket depth across lines, ignoring brackets inside strings.
#[derive(Debug, Default)]
struct Scanner {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Scanner {
    fn feed(&mut self, line: &str) {
        for c in line.chars() {
            if self.in_string {
                match (self.escaped, c) {
                    (true, _) => self.escaped = false,
                    (false, '\\') => self.escaped = true,
                    (false, '"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => self.in_string = true,
                '{' | '[' => self.depth += 1,
                '}' | ']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    #[test]
    fn reads_until_the_brackets_close() {
        let page = lines("{\n\"a\": {\"b\": [\"x}\"]},\n\"c\": 0\n}\nNext sentence {");
        let (example, used) = read_example(Path::new("p.txt"), &page, "200").expect("reads");
        assert_eq!(used, 4);
        assert_eq!(example.line, 1);
        let paths: Vec<_> = example
            .properties
            .iter()
            .map(|p| (p.path.as_str(), p.kind))
            .collect();
        assert_eq!(
            paths,
            [
                ("a", JsonKind::Object),
                ("a.b", JsonKind::Array),
                ("a.b[]", JsonKind::String),
                ("c", JsonKind::Integer),
            ]
        );
        let (empty, used) =
            read_example(Path::new("p.txt"), &lines("{}\nrest"), "403").expect("reads");
        assert_eq!(used, 1);
        assert!(empty.properties.is_empty());
    }

    #[test]
    fn cut_and_broken_examples_are_errors() {
        let err = read_example(Path::new("p.txt"), &lines("{\n\"a\": {\n\"b\": 1"), "201")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.txt:1:1") && err.contains("cut off"),
            "{err}"
        );
        let err = read_example(
            Path::new("p.txt"),
            &lines("{\n\"a\": 1\nSome words\n}"),
            "201",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("p.txt:3:") && err.contains("not valid JSON"),
            "{err}"
        );
    }
}
