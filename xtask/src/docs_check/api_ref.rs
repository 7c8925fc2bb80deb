//! Reader of an OpenStack api-ref folder's parameter table, `parameters.yaml`: what the
//! `- key: reference` bullets of a page's `.. rest_parameters::` point to.
//!
//! The os-api-ref Sphinx extension defines the file: a mapping from reference to an entry
//! with `in` (`header`, `path`, `query` or `body`), `type`, `required` (absent means
//! optional), `description`, and optionally `min_version` / `max_version` (the microversion
//! that added or last had the parameter). It reads nothing else: a misspelt key
//! (`requered: true`) leaves the parameter optional in the rendered page, and so here, with a
//! located note. An entry that is not a mapping is skipped with a located warning; the rest of
//! the table is read. docs-import places and types parameters from this table, and docs-check
//! reads the same table (one reader for both).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_yaml::Value as Yaml;

use crate::error::{GenError, Result};

use super::page::{Page, Parameter, file_name};

/// The header a client of a microversioned OpenStack API sends to choose a microversion
/// (`OpenStack-API-Version: volume 3.60`). The family documents it once, in its microversion
/// guide, never in an operation's parameter list.
pub const MICROVERSION_HEADER: &str = "OpenStack-API-Version";

/// The file of an api-ref folder that holds the parameter table.
pub const PARAMETERS_FILE: &str = "parameters.yaml";

/// The keys os-api-ref reads in an entry.
const KNOWN_KEYS: [&str; 6] = [
    "in",
    "type",
    "required",
    "description",
    "min_version",
    "max_version",
];

/// The parameter table of an api-ref folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ParameterTable {
    /// The file the entries come from (`parameters.yaml`).
    pub file: String,
    /// Every entry, by reference.
    pub entries: BTreeMap<String, ParameterEntry>,
    /// Located warnings and notes about entries read partly or not at all.
    pub warnings: Vec<String>,
}

/// One entry of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParameterEntry {
    /// `header`, `path`, `query` or `body` (os-api-ref's `in`); another value is kept as
    /// written and treated as the body.
    pub location: String,
    /// The JSON type (`string`, `integer`, `number`, `boolean`, `object`, `array`), from
    /// `type`; `None` when absent or not one of these (`list` is an array, `float` a number,
    /// `dict` an object).
    pub kind: Option<String>,
    /// `required: true`.
    pub required: bool,
    /// The description, whitespace collapsed.
    pub description: Option<String>,
    /// `min_version`, as written (`3.60`, not the float `3.6`).
    pub min_version: Option<String>,
    /// `max_version`, as written.
    pub max_version: Option<String>,
    /// 1-based line of the entry's key.
    pub line: usize,
}

impl ParameterTable {
    /// The entry `reference` names.
    pub fn get(&self, reference: &str) -> Option<&ParameterEntry> {
        self.entries.get(reference)
    }

    /// Whether any entry records a microversion (the API has microversions).
    pub fn has_microversions(&self) -> bool {
        self.entries
            .values()
            .any(|entry| entry.min_version.is_some() || entry.max_version.is_some())
    }
}

/// The parameter tables an api-ref folder's pages point to, each by the path its
/// `.. rest_parameters::` directives name: a folder per version or extension may have its own
/// (`v2/parameters.yaml`, `v3/parameters.yaml`), and a page may name another file
/// (`admin-endpoints_parameters.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ParameterTables {
    /// Every table read, by the path the pages name it with.
    pub tables: BTreeMap<PathBuf, ParameterTable>,
    /// Located warnings: tables a page names that do not exist.
    pub warnings: Vec<String>,
}

impl ParameterTables {
    /// Reads every table the pages' parameter lists name. `None` when none of them exists:
    /// the folder is not an api-ref folder (its rst pages are typed by a facts table, if any).
    pub fn read(pages: &[Page]) -> Result<Option<ParameterTables>> {
        let mut named: BTreeMap<&Path, (&str, usize)> = BTreeMap::new();
        for page in pages {
            for operation in &page.operations {
                let listed = operation
                    .request_parameters
                    .iter()
                    .chain(&operation.response_parameters);
                for parameter in listed {
                    named
                        .entry(parameter.table.as_path())
                        .or_insert((page.file.as_str(), parameter.line));
                }
            }
        }
        let mut read = ParameterTables::default();
        let mut missing = Vec::new();
        for (path, (page, line)) in named {
            if !path.is_file() {
                missing.push(format!(
                    "{page}:{line}:1: the parameter table `{}` does not exist: the keys it \
                     would type are left untyped",
                    path.display()
                ));
                continue;
            }
            let text = std::fs::read_to_string(path).map_err(|err| {
                GenError::file(path, format!("cannot read the parameter table: {err}"))
            })?;
            read.tables
                .insert(path.to_path_buf(), parse_parameter_table(path, &text));
        }
        if read.tables.is_empty() {
            return Ok(None);
        }
        read.warnings = missing;
        Ok(Some(read))
    }

    /// Tables of the given paths (tests, and callers that parsed the tables themselves).
    pub fn of(tables: impl IntoIterator<Item = (PathBuf, ParameterTable)>) -> Self {
        ParameterTables {
            tables: tables.into_iter().collect(),
            warnings: Vec::new(),
        }
    }

    /// The entry `parameter` points at, in the table its directive names.
    pub fn get(&self, parameter: &Parameter) -> Option<&ParameterEntry> {
        self.tables
            .get(&parameter.table)
            .and_then(|table| table.get(&parameter.reference))
    }

    /// Whether the table at `path` records a microversion.
    pub fn has_microversions_in(&self, path: &Path) -> bool {
        self.tables
            .get(path)
            .is_some_and(ParameterTable::has_microversions)
    }

    /// Every warning: the tables' own, then the tables that do not exist.
    pub fn all_warnings(&self) -> impl Iterator<Item = &String> {
        self.tables
            .values()
            .flat_map(|table| &table.warnings)
            .chain(&self.warnings)
    }
}

/// Parses a parameter table; `path` names it in warnings. Text that is not a YAML mapping
/// gives an empty table with one warning.
pub fn parse_parameter_table(path: &Path, text: &str) -> ParameterTable {
    let mut table = ParameterTable {
        file: file_name(path),
        ..ParameterTable::default()
    };
    let lines = entry_lines(text);
    let parsed: Yaml = match serde_yaml::from_str(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            let line = err.location().map_or(1, |at| at.line());
            table.warnings.push(
                GenError::at_line(
                    path,
                    line,
                    1,
                    format!("the parameter table is not YAML: {err}; no parameter is typed"),
                )
                .to_string(),
            );
            return table;
        }
    };
    let Some(mapping) = parsed.as_mapping() else {
        table.warnings.push(
            GenError::file(
                path,
                "the parameter table is not a mapping; no parameter is typed",
            )
            .to_string(),
        );
        return table;
    };
    for (key, value) in mapping {
        let Some(reference) = key.as_str() else {
            continue;
        };
        let raw = lines.get(reference);
        let line = raw.map_or(1, |raw| raw.line);
        let Some(fields) = value.as_mapping() else {
            table.warnings.push(
                GenError::at_line(
                    path,
                    line,
                    1,
                    format!("entry `{reference}` is not a mapping: skipped"),
                )
                .to_string(),
            );
            continue;
        };
        let field = |name: &str| fields.get(Yaml::from(name));
        for other in fields.keys().filter_map(Yaml::as_str) {
            if !KNOWN_KEYS.contains(&other) {
                table.warnings.push(
                    GenError::at_line(
                        path,
                        line,
                        1,
                        format!(
                            "entry `{reference}`: os-api-ref does not read `{other}` (the keys \
                             are {}); it is ignored",
                            KNOWN_KEYS.join(", ")
                        ),
                    )
                    .to_string(),
                );
            }
        }
        let text_of = |value: Option<&Yaml>| -> Option<String> {
            match value? {
                Yaml::String(text) => Some(text.clone()),
                Yaml::Number(number) => Some(number.to_string()),
                Yaml::Bool(flag) => Some(flag.to_string()),
                _ => None,
            }
        };
        let version = |name: &str| {
            raw.and_then(|raw| raw.versions.get(name).cloned())
                .or_else(|| text_of(field(name)))
        };
        table.entries.insert(
            reference.to_string(),
            ParameterEntry {
                location: text_of(field("in"))
                    .unwrap_or_else(|| "body".to_string())
                    .to_ascii_lowercase(),
                kind: text_of(field("type")).and_then(|kind| json_type(&kind)),
                required: match field("required") {
                    Some(Yaml::Bool(flag)) => *flag,
                    Some(Yaml::String(text)) => text.eq_ignore_ascii_case("true"),
                    _ => false,
                },
                description: text_of(field("description"))
                    .map(|text| super::page::normalize_space(&text)),
                min_version: version("min_version"),
                max_version: version("max_version"),
                line,
            },
        );
    }
    table
}

/// The JSON type an entry's `type` names.
fn json_type(kind: &str) -> Option<String> {
    let kind = kind.trim().to_ascii_lowercase();
    let name = match kind.as_str() {
        "string" | "str" | "uuid" => "string",
        "integer" | "int" => "integer",
        "float" | "number" | "double" => "number",
        "boolean" | "bool" => "boolean",
        "object" | "dict" => "object",
        "array" | "list" => "array",
        _ => return None,
    };
    Some(name.to_string())
}

/// Where an entry starts, and its version bounds as written.
struct RawEntry {
    line: usize,
    versions: BTreeMap<String, String>,
}

/// The line of each top-level key, and its `min_version` / `max_version` exactly as written
/// (YAML would read `3.60` as the number 3.6).
fn entry_lines(text: &str) -> BTreeMap<String, RawEntry> {
    let mut out: BTreeMap<String, RawEntry> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let top = line.starts_with(|c: char| !c.is_whitespace() && c != '#');
        let key = line
            .trim_end()
            .strip_suffix(':')
            .or_else(|| line.split_once(": ").map(|(key, _)| key));
        if top && let Some(key) = key {
            let key = key.trim().trim_matches(['\'', '"']).to_string();
            out.entry(key.clone()).or_insert(RawEntry {
                line: index + 1,
                versions: BTreeMap::new(),
            });
            current = Some(key);
            continue;
        }
        let trimmed = line.trim();
        for name in ["min_version", "max_version"] {
            if let Some(value) = trimmed
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                && let Some(entry) = current.as_ref().and_then(|key| out.get_mut(key))
            {
                let value = value.trim().trim_matches(['\'', '"']);
                if !value.is_empty() {
                    entry.versions.insert(name.to_string(), value.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_as_os_api_ref_reads_them() {
        let text = "# header\nlimit:\n  description: |\n    How many.\n  in: query\n  \
                    required: false\n  type: integer\n  min_version: 3.60\nname:\n  in: body\n  \
                    requered: true\n  type: list\nbroken: 3\n";
        let table = parse_parameter_table(Path::new("parameters.yaml"), text);
        let limit = table.get("limit").expect("limit");
        assert_eq!(limit.location, "query");
        assert_eq!(limit.kind.as_deref(), Some("integer"));
        assert_eq!(limit.min_version.as_deref(), Some("3.60"));
        assert_eq!(limit.description.as_deref(), Some("How many."));
        assert_eq!(limit.line, 2);
        let name = table.get("name").expect("name");
        assert_eq!(name.kind.as_deref(), Some("array"));
        assert!(!name.required, "os-api-ref reads only `required`");
        assert!(table.get("broken").is_none());
        assert_eq!(table.warnings.len(), 2, "{:?}", table.warnings);
        assert!(
            table.warnings[0].contains("parameters.yaml:9:1"),
            "{:?}",
            table.warnings
        );
        assert!(table.warnings[1].contains(":13:1"), "{:?}", table.warnings);
        assert!(table.has_microversions());
    }

    #[test]
    fn a_damaged_table_is_a_warning_not_an_error() {
        let table = parse_parameter_table(Path::new("parameters.yaml"), "a: [\n");
        assert!(table.entries.is_empty());
        assert_eq!(table.warnings.len(), 1);
    }
}
