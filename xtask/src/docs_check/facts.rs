//! Reader of a docs folder's facts table: the types an api-ref page's parameter list points to
//! but does not show.
//!
//! An OpenStack api-ref page lists `- key: reference` bullets whose types live in an upstream
//! `parameters.yaml` the rendered page omits. When the person who saved the pages also wrote
//! those facts down, in a `README.md` beside the pages, as a Markdown table with the columns
//! `page key | where | type | required`, this module reads it. Each row names one or more
//! references (`status_3, user_id`), where they go (`path {project_id}`, `body`,
//! `body (in volume)`, `response volume`), their JSON type (`string`, `string (nullable)`,
//! `integer (GiB)`, `string ("true"/"false")`, `object of string → string`, `object per the
//! prose: source-name and/or source-id`, `array of objects`, `array of {href, rel}`) and
//! whether they are required (`yes`, `no`, `upstream says yes`, `mostly yes (a, b nullable in
//! practice)`). Like the page parsers it reads facts only; a damaged table is a located error.

use std::path::Path;

use serde::Serialize;

use crate::error::{GenError, Result};

use super::lines::lines;

/// The file, beside the pages, that may hold a facts table.
pub const FACTS_FILE: &str = "README.md";

/// The header a facts table has, cell by cell (lower case).
const HEADER: [&str; 4] = ["page key", "where", "type", "required"];

/// Every facts table of a docs folder's `README.md`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The file the rows come from (`README.md`).
    pub file: String,
    /// Every row, in file order.
    pub rows: Vec<FactRow>,
}

/// One row of a facts table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactRow {
    /// The references the row is about (`status_3`, `user_id`, …).
    pub keys: Vec<String>,
    /// Where they go.
    pub place: Place,
    /// Their JSON type.
    pub kind: Kind,
    /// The keys of the row that are nullable.
    pub nullable: Vec<String>,
    /// Whether the row says they are required (the first `yes` or `no` of the cell).
    pub required: bool,
    /// The `type` cell as written.
    pub type_text: String,
    /// The `required` cell as written.
    pub required_text: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// Where a row's keys go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A path, query or header parameter (`path`, `query`, `header`), with the name the cell
    /// gives, if any.
    Parameter {
        /// `path`, `query` or `header`.
        location: String,
        /// The parameter's name (`project_id` of `` path `{project_id}` ``).
        name: Option<String>,
    },
    /// The request body; inside the object of key `within`, if given.
    Body {
        /// The key of the object that holds them (`volume`).
        within: Option<String>,
    },
    /// The success response body; inside the object of key `within`, if given.
    Response {
        /// The key of the object that holds them (`volume`).
        within: Option<String>,
    },
}

/// A JSON type as a facts table states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `string`, `integer`, `number` or `boolean`; a string may list its values.
    Scalar {
        /// The JSON type.
        name: String,
        /// The values a string takes (`"true"`/`"false"`), if the cell lists them.
        values: Vec<String>,
    },
    /// An object.
    Object {
        /// Its fields, where the cell names them (untyped).
        fields: Vec<String>,
        /// The cell says the page's prose describes its fields (`object per the prose`).
        per_prose: bool,
        /// `object of string → T`: a map whose values are of this scalar type.
        values: Option<String>,
    },
    /// An array.
    Array {
        /// `array of objects`: items are objects (with these fields, for `` array of `{a, b}` ``).
        objects: bool,
        /// Fields of the item objects.
        fields: Vec<String>,
        /// `array of strings` (and other scalars): the items' type.
        scalar: Option<String>,
    },
}

impl Facts {
    /// The row about `reference` on one side: the request (`response` false: parameters and
    /// body) or the response.
    pub fn find(&self, reference: &str, response: bool) -> Option<&FactRow> {
        self.rows.iter().find(|row| {
            matches!(row.place, Place::Response { .. }) == response
                && row.keys.iter().any(|key| key == reference)
        })
    }
}

impl FactRow {
    /// Whether the row says `key` is nullable.
    pub fn is_nullable(&self, key: &str) -> bool {
        self.nullable.iter().any(|k| k == key)
    }
}

/// The JSON name of an upstream parameter-table key: api-ref suffixes repeated names with
/// `_<digits>` (`name_13` → `name`, `id_5` → `id`); other keys are their own name.
pub fn json_name(key: &str) -> &str {
    match key.rsplit_once('_') {
        Some((name, digits))
            if !name.is_empty()
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit()) =>
        {
            name
        }
        _ => key,
    }
}

/// Reads the facts tables of `dir/README.md`; `None` when there is no such file or it holds
/// no table with the facts header. A damaged table is an error at its file and line.
pub fn read_facts(dir: &Path) -> Result<Option<Facts>> {
    let path = dir.join(FACTS_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|err| GenError::file(&path, format!("cannot read: {err}")))?;
    parse(&path, &text)
}

/// Parses the facts tables of `text`; `path` names the file in errors.
pub fn parse(path: &Path, text: &str) -> Result<Option<Facts>> {
    let all = lines(text);
    let mut rows: Vec<FactRow> = Vec::new();
    let mut found = false;
    let mut index = 0;
    while index < all.len() {
        let line = &all[index];
        let header = cells(&line.text);
        let is_facts = header.as_ref().is_some_and(|cells| {
            cells.len() == HEADER.len()
                && cells
                    .iter()
                    .zip(HEADER)
                    .all(|(cell, want)| cell.to_ascii_lowercase() == want)
        });
        if !is_facts {
            index += 1;
            continue;
        }
        found = true;
        let separator = all.get(index + 1);
        let separated = separator
            .and_then(|line| cells(&line.text))
            .is_some_and(|cells| {
                cells.len() == HEADER.len()
                    && cells
                        .iter()
                        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
            });
        if !separated {
            return Err(GenError::at_line(
                path,
                separator.map_or(line.number, |l| l.number),
                1,
                "the facts table's header must be followed by `| --- | --- | --- | --- |`",
            ));
        }
        index += 2;
        while let Some(line) = all.get(index) {
            let Some(cells) = cells(&line.text) else {
                break;
            };
            let row = row(path, line.number, &cells)?;
            for key in &row.keys {
                let response = matches!(row.place, Place::Response { .. });
                if let Some(earlier) = rows.iter().find(|r| {
                    matches!(r.place, Place::Response { .. }) == response && r.keys.contains(key)
                }) {
                    return Err(GenError::at_line(
                        path,
                        line.number,
                        1,
                        format!(
                            "`{key}` is already described on line {} of the facts table",
                            earlier.line
                        ),
                    ));
                }
            }
            rows.push(row);
            index += 1;
        }
    }
    Ok(found.then(|| Facts {
        file: path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| FACTS_FILE.to_string()),
        rows,
    }))
}

/// The cells of a Markdown table line (`| a | b |`), trimmed; `None` for another line.
fn cells(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('|')?.strip_suffix('|')?;
    Some(
        inner
            .split('|')
            .map(|cell| cell.trim().to_string())
            .collect(),
    )
}

/// The spans between backticks of `text`.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(index, _)| index % 2 == 1)
        .map(|(_, span)| span.trim().to_string())
        .collect()
}

fn row(path: &Path, number: usize, cells: &[String]) -> Result<FactRow> {
    let fail = |message: String| GenError::at_line(path, number, 1, message);
    let [keys, place, kind, required] = cells else {
        return Err(fail(format!(
            "a facts row has four cells (page key | where | type | required), this one has {}",
            cells.len()
        )));
    };
    let keys: Vec<String> = keys
        .split(',')
        .map(|key| key.trim().trim_matches('`').to_string())
        .collect();
    if keys
        .iter()
        .any(|key| key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || "_-".contains(c)))
    {
        return Err(fail(format!(
            "expected page keys separated by commas (`name_13, id_5`), found `{}`",
            cells[0]
        )));
    }
    let place = parse_place(place).ok_or_else(|| {
        fail(format!(
            "expected `path`/`query`/`header` `{{name}}`, `body`, `body (in `key`)` or \
             `response`/`response `key`` as where, found `{place}`"
        ))
    })?;
    let parsed_kind = parse_kind(kind).ok_or_else(|| {
        fail(format!(
            "expected a JSON type (string, integer, number, boolean, object, array), found `{kind}`"
        ))
    })?;
    let lower = required.to_ascii_lowercase();
    let yes = word_at(&lower, "yes");
    let no = word_at(&lower, "no");
    let required_flag = match (yes, no) {
        (Some(yes), Some(no)) => yes < no,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => {
            return Err(fail(format!(
                "expected `yes` or `no` as required, found `{required}`"
            )));
        }
    };
    let mut nullable = Vec::new();
    if kind.to_ascii_lowercase().contains("(nullable)") {
        nullable.extend(keys.iter().cloned());
    }
    if let Some(at) = lower.find("nullable in practice") {
        // `mostly yes (a, b nullable in practice)` names the keys; otherwise all of the row's.
        let before = &required[..at];
        let named: Vec<String> = before
            .rsplit_once('(')
            .map(|(_, list)| {
                list.split(',')
                    .map(|k| k.trim().trim_matches('`').to_string())
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if named.is_empty() {
            nullable.extend(keys.iter().cloned());
        } else {
            if let Some(stray) = named.iter().find(|k| !keys.contains(k)) {
                return Err(fail(format!(
                    "`{stray}` is said to be nullable but is not one of the row's page keys"
                )));
            }
            nullable.extend(named);
        }
    }
    nullable.sort();
    nullable.dedup();
    Ok(FactRow {
        keys,
        place,
        kind: parsed_kind,
        nullable,
        required: required_flag,
        type_text: kind.clone(),
        required_text: required.clone(),
        line: number,
    })
}

/// Where the whole word `word` first occurs in `text`.
fn word_at(text: &str, word: &str) -> Option<usize> {
    let mut offset = 0;
    for piece in text.split(|c: char| !c.is_alphanumeric()) {
        if piece == word {
            return Some(offset);
        }
        offset += piece.len() + 1;
    }
    None
}

fn parse_place(text: &str) -> Option<Place> {
    let (head, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let within = || {
        let found = backticked(rest);
        match found.as_slice() {
            [] if rest.trim().is_empty() => Some(None),
            [one] => Some(Some(one.clone())),
            _ => None,
        }
    };
    match head.to_ascii_lowercase().as_str() {
        "path" | "query" | "header" => {
            let name = backticked(rest)
                .first()
                .map(|n| n.trim_matches(|c| c == '{' || c == '}').to_string());
            Some(Place::Parameter {
                location: head.to_ascii_lowercase(),
                name,
            })
        }
        "body" => {
            let rest_trim = rest.trim();
            if !rest_trim.is_empty() && !rest_trim.starts_with("(in ") {
                return None;
            }
            Some(Place::Body { within: within()? })
        }
        "response" => Some(Place::Response { within: within()? }),
        _ => None,
    }
}

/// A scalar JSON type named by `word` (`strings` → `string`).
fn scalar(word: &str) -> Option<String> {
    let word = word.trim().trim_end_matches('s');
    matches!(word, "string" | "integer" | "number" | "boolean").then(|| word.to_string())
}

fn parse_kind(text: &str) -> Option<Kind> {
    let lower = text.trim().to_ascii_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    // What the cell says before its first parenthesis (asides like "(upstream says string)").
    let main = text.split('(').next().unwrap_or_default();
    if let Some(name) = scalar(first).filter(|_| first.len() > 3 && !first.ends_with('s')) {
        let values = if name == "string" {
            backticked(text)
                .iter()
                .filter_map(|span| serde_json::from_str::<String>(span).ok())
                .collect()
        } else {
            Vec::new()
        };
        return Some(Kind::Scalar { name, values });
    }
    match first {
        "object" => {
            let values = lower
                .split_once(" of ")
                .and_then(|(_, rest)| rest.split_once('→').or_else(|| rest.split_once("->")))
                .and_then(|(_, value)| scalar(value));
            let fields = backticked(main)
                .into_iter()
                .filter(|f| {
                    !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || "_-".contains(c))
                })
                .collect();
            Some(Kind::Object {
                fields,
                per_prose: lower.contains("per the prose"),
                values,
            })
        }
        "array" => {
            let of = lower
                .split_once(" of ")
                .map(|(_, rest)| rest.trim().to_string());
            let fields: Vec<String> = backticked(text)
                .iter()
                .filter_map(|span| {
                    span.strip_prefix('{')?
                        .strip_suffix('}')
                        .map(str::to_string)
                })
                .flat_map(|inner| {
                    inner
                        .split(',')
                        .map(|f| f.trim().to_string())
                        .collect::<Vec<_>>()
                })
                .filter(|f| !f.is_empty())
                .collect();
            let objects =
                !fields.is_empty() || of.as_deref().is_some_and(|o| o.starts_with("object"));
            let scalar = of
                .as_deref()
                .and_then(|o| o.split_whitespace().next())
                .and_then(scalar);
            if of.is_some() && !objects && scalar.is_none() {
                return None;
            }
            Some(Kind::Array {
                objects,
                fields,
                scalar,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# Pages\n\n| file | API |\n| --- | --- |\n| a.txt | A |\n\n\
| page key | where | type | required |\n| --- | --- | --- | --- |\n\
| project_id_path | path `{project_id}` | string | yes |\n\
| volume | body | object | yes |\n\
| ref | body (in `volume`) | object per the prose: `source-name` and/or `source-id` (upstream table says string) | yes |\n\
| name | body (in `volume`) | string | upstream says yes; nullable in practice |\n\
| description, volume_type | body (in `volume`) | string (nullable) | no |\n\
| metadata | body (in `volume`) | object of string → string | upstream says yes |\n\
| status_3, updated_at | response `volume` | string | mostly yes (updated_at nullable in practice) |\n\
| links_3 | response `volume` | array of `{href, rel}` | yes |\n\
| attachments | response `volume` | array of objects | yes |\n\
| bootable_response | response `volume` | string (`\"true\"`/`\"false\"`) | yes |\n\
| size | response `volume` | integer (GiB) | yes |\n\nAfter the table.\n";

    fn read(text: &str) -> Result<Option<Facts>> {
        parse(Path::new("docs/README.md"), text)
    }

    #[test]
    fn a_facts_table_is_read() {
        let facts = read(TABLE).expect("parses").expect("a table");
        assert_eq!(facts.rows.len(), 11);
        let project = facts.find("project_id_path", false).expect("row");
        assert_eq!(
            project.place,
            Place::Parameter {
                location: "path".into(),
                name: Some("project_id".into())
            }
        );
        let reference = facts.find("ref", false).expect("row");
        assert_eq!(
            reference.kind,
            Kind::Object {
                fields: vec!["source-name".into(), "source-id".into()],
                per_prose: true,
                values: None
            }
        );
        assert_eq!(
            reference.place,
            Place::Body {
                within: Some("volume".into())
            }
        );
        let name = facts.find("name", false).expect("row");
        assert!(name.required && name.is_nullable("name"));
        let description = facts.find("volume_type", false).expect("row");
        assert!(!description.required && description.is_nullable("volume_type"));
        let metadata = facts.find("metadata", false).expect("row");
        assert!(matches!(&metadata.kind, Kind::Object { values: Some(v), .. } if v == "string"));
        let status = facts.find("status_3", true).expect("row");
        assert!(status.required && !status.is_nullable("status_3"));
        assert!(status.is_nullable("updated_at"));
        assert!(facts.find("status_3", false).is_none(), "a response fact");
        let links = facts.find("links_3", true).expect("row");
        assert_eq!(
            links.kind,
            Kind::Array {
                objects: true,
                fields: vec!["href".into(), "rel".into()],
                scalar: None
            }
        );
        let bootable = facts.find("bootable_response", true).expect("row");
        assert_eq!(
            bootable.kind,
            Kind::Scalar {
                name: "string".into(),
                values: vec!["true".into(), "false".into()]
            }
        );
        let size = facts.find("size", true).expect("row");
        assert!(matches!(&size.kind, Kind::Scalar { name, .. } if name == "integer"));
    }

    #[test]
    fn suffixed_keys_name_their_json_key() {
        assert_eq!(json_name("name_13"), "name");
        assert_eq!(json_name("id_5"), "id");
        assert_eq!(json_name("bootable_response"), "bootable_response");
        assert_eq!(json_name("_5"), "_5");
        assert_eq!(json_name("user_id"), "user_id");
    }

    #[test]
    fn no_table_is_none() {
        assert_eq!(
            read("# Pages\n\n| file | API |\n| --- | --- |\n").expect("ok"),
            None
        );
    }

    #[test]
    fn damaged_tables_are_located_errors() {
        let header = "| page key | where | type | required |\n| --- | --- | --- | --- |\n";
        for (row, wanted) in [
            ("| a | body | strang | yes |", "a JSON type"),
            ("| a | somewhere | string | yes |", "as where"),
            ("| a | body | string | perhaps |", "`yes` or `no`"),
            ("| a | body | string |", "four cells"),
            ("| a b | body | string | yes |", "page keys"),
            (
                "| a | body | string | mostly yes (b nullable in practice) |",
                "`b`",
            ),
        ] {
            let err = read(&format!("Intro\n{header}{row}\n"))
                .expect_err(row)
                .to_string();
            assert!(err.contains("docs/README.md:4:1"), "{row}: {err}");
            assert!(err.contains(wanted), "{row}: {err}");
        }
        let err = read("| page key | where | type | required |\n| a | b | c | d |\n")
            .expect_err("no separator")
            .to_string();
        assert!(err.contains("README.md:2:1"), "{err}");
        let err = read(&format!(
            "{header}| a | body | string | yes |\n| a | body | string | no |\n"
        ))
        .expect_err("twice")
        .to_string();
        assert!(
            err.contains("README.md:4:1") && err.contains("line 3"),
            "{err}"
        );
    }
}
