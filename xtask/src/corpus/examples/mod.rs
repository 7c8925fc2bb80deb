//! `--examples`: the data a document publishes, decoded with its generated crate. Each JSON
//! example of each request body and response and each component schema's `example`
//! ([`collect`]) is judged against its own schema by openapi-schema-validator (OpenAPI 3.0
//! semantics, formats checked; `validate.py`, run with the corpus venv's Python), decoded
//! with the generated type the client or the server stub would use and encoded back by a small
//! program beside the crate ([`harness`]), and compared with what was published
//! ([`compare`]). A valid example that does not decode, or that comes back changed, is a
//! failure of the generator; an invalid one is the document's.

pub mod collect;
pub mod compare;
pub mod harness;
pub mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::process;
use crate::generate::model::body_types::BodyTypeAt;
use collect::Case;

/// The validator script, written into the work folder at run time.
const VALIDATE_PY: &str = include_str!("validate.py");

/// How many failures of each kind a document keeps (the counts are whole).
const KEPT_FAILURES: usize = 20;

/// What `--examples` found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExamplesResult {
    /// Examples found (distinct by schema and value).
    pub found: usize,
    /// Those the crate has a type for.
    pub typed: usize,
    /// Those valid against their own schema.
    pub valid: usize,
    /// Typed examples that decoded.
    pub decoded: usize,
    /// Decoded examples that encode back equal.
    pub equal: usize,
    /// Valid typed examples that did not decode: the generator's failures.
    pub valid_rejected: usize,
    /// Valid typed examples that decoded and came back changed: the generator's failures.
    pub valid_changed: usize,
    /// Decoded examples with properties the schema does not model (dropped, and apart).
    pub unmodelled: usize,
    /// The invalid examples by the validator's keyword (`required`, `format`, …).
    pub invalid_causes: BTreeMap<String, usize>,
    /// The first failures of each kind, with their places.
    pub failures: Vec<ExampleFailure>,
    /// Why the examples could not be checked at all (the harness did not build, …).
    pub error: Option<String>,
}

/// A valid example the generated type rejected or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleFailure {
    /// Rejected (did not decode) or changed (came back different).
    pub changed: bool,
    /// Where the example is written.
    pub at: String,
    /// The type it was decoded with.
    pub type_name: String,
    /// The cause: serde's message without its specifics, or the kind of change.
    pub cause: String,
    /// The first differing path in the example (changed), or serde's message (rejected).
    pub detail: String,
}

/// What every document's check needs.
pub struct Setup {
    /// The corpus work folder (`target/corpus`).
    pub work: PathBuf,
    /// The venv's Python, with openapi-schema-validator.
    pub python: PathBuf,
    /// Where the harnesses build (shared).
    pub target: PathBuf,
    /// cargo's -j.
    pub jobs: usize,
    /// Time limit of one build, validation or run.
    pub timeout: Duration,
}

/// Where the worker leaves the body types of the crate it wrote at `out` (beside the crate,
/// not in it).
pub fn body_types_file(out: &Path) -> PathBuf {
    out.with_extension("body-types.json")
}

/// Checks the examples of the document at `document`, whose crate `crate_name` is at
/// `crate_dir`.
pub fn check(setup: &Setup, document: &Path, crate_dir: &Path, crate_name: &str) -> ExamplesResult {
    match check_or_error(setup, document, crate_dir, crate_name) {
        Ok(result) => result,
        Err(error) => ExamplesResult {
            error: Some(error),
            ..ExamplesResult::default()
        },
    }
}

fn check_or_error(
    setup: &Setup,
    document: &Path,
    crate_dir: &Path,
    crate_name: &str,
) -> Result<ExamplesResult, String> {
    let doc = crate::spec::load_spec(document)
        .map_err(|err| format!("cannot load the document: {}", err.message))?
        .document;
    let types_text = std::fs::read_to_string(body_types_file(crate_dir))
        .map_err(|err| format!("no body types from the worker: {err}"))?;
    let body_types: Vec<BodyTypeAt> =
        serde_json::from_str(&types_text).map_err(|err| format!("body types: {err}"))?;
    let defined = harness::defined_types(crate_dir);
    let mut cases = collect::collect(&doc, &body_types);
    for case in &mut cases {
        if case
            .type_name
            .as_ref()
            .is_some_and(|name| !defined.contains(name))
        {
            case.type_name = None;
        }
    }
    let mut result = ExamplesResult {
        found: cases.len(),
        typed: cases.iter().filter(|case| case.type_name.is_some()).count(),
        ..ExamplesResult::default()
    };
    if cases.is_empty() {
        return Ok(result);
    }
    let dir = harness::dir(&setup.work, crate_name);
    std::fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let verdicts = validate(setup, &dir, &doc, &cases)?;
    let answers = decode(setup, &dir, crate_dir, crate_name, &cases)?;
    for (index, case) in cases.iter().enumerate() {
        let verdict = verdicts.get(&index);
        let valid = verdict.is_some_and(|verdict| verdict["valid"] == json!(true));
        if valid {
            result.valid += 1;
        } else {
            let keyword = verdict
                .and_then(|verdict| verdict["keyword"].as_str())
                .unwrap_or("no verdict");
            *result
                .invalid_causes
                .entry(keyword.to_string())
                .or_default() += 1;
        }
        let (Some(type_name), Some(answer)) = (&case.type_name, answers.get(&index)) else {
            continue;
        };
        let mut fail = |changed: bool, cause: String, detail: String| {
            if result
                .failures
                .iter()
                .filter(|f| f.changed == changed)
                .count()
                < KEPT_FAILURES
            {
                result.failures.push(ExampleFailure {
                    changed,
                    at: case.at.clone(),
                    type_name: type_name.clone(),
                    cause,
                    detail,
                });
            }
        };
        match answer {
            Err(message) => {
                if valid {
                    result.valid_rejected += 1;
                    fail(false, serde_cause(message), message.clone());
                }
            }
            Ok(encoded) => {
                result.decoded += 1;
                let comparison = compare::compare(&doc, &case.schema_at, &case.value, encoded);
                if !comparison.unmodelled.is_empty() {
                    result.unmodelled += 1;
                }
                match comparison.change {
                    None => result.equal += 1,
                    Some((path, cause)) if valid => {
                        result.valid_changed += 1;
                        fail(true, cause, path);
                    }
                    Some(_) => {}
                }
            }
        }
    }
    Ok(result)
}

/// The validator's verdict on each case, by index.
fn validate(
    setup: &Setup,
    dir: &Path,
    doc: &Value,
    cases: &[Case],
) -> Result<BTreeMap<usize, Value>, String> {
    let io = |err: std::io::Error| format!("{}: {err}", dir.display());
    let script = setup.work.join("examples/validate.py");
    std::fs::write(&script, VALIDATE_PY).map_err(io)?;
    let document = dir.join("document.json");
    std::fs::write(&document, doc.to_string()).map_err(io)?;
    let lines: String = cases
        .iter()
        .enumerate()
        .map(|(id, case)| {
            format!(
                "{}\n",
                json!({"id": id, "schema": case.schema_at, "value": case.value})
            )
        })
        .collect();
    let input = dir.join("validate-input.jsonl");
    std::fs::write(&input, lines).map_err(io)?;
    let file = std::fs::File::open(&input).map_err(io)?;
    let mut python = Command::new(&setup.python);
    python.arg(&script).arg(&document);
    let done = process::run_with_input(&mut python, file.into(), setup.timeout)?;
    if !done.success() {
        return Err(format!(
            "the validator stopped: {}",
            done.stderr.lines().last().unwrap_or_default()
        ));
    }
    Ok(done
        .stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|verdict| Some((verdict["id"].as_u64()? as usize, verdict)))
        .collect())
}

/// Each typed case decoded and encoded back by the harness, by index.
fn decode(
    setup: &Setup,
    dir: &Path,
    crate_dir: &Path,
    crate_name: &str,
    cases: &[Case],
) -> Result<BTreeMap<usize, Result<Value, String>>, String> {
    let typed: Vec<(usize, &str, &Value)> = cases
        .iter()
        .enumerate()
        .filter_map(|(index, case)| Some((index, case.type_name.as_deref()?, &case.value)))
        .collect();
    if typed.is_empty() {
        return Ok(BTreeMap::new());
    }
    let names: BTreeSet<String> = typed.iter().map(|(_, name, _)| name.to_string()).collect();
    harness::write(dir, crate_dir, crate_name, &names)?;
    let binary = harness::build(dir, &setup.target, setup.jobs, setup.timeout)?;
    let lines: String = typed
        .iter()
        .map(|(_, name, value)| format!("{}\n", json!({"type": name, "json": value.to_string()})))
        .collect();
    let input = dir.join("decode-input.jsonl");
    std::fs::write(&input, lines).map_err(|err| format!("{}: {err}", input.display()))?;
    let answers = harness::run(&binary, &input, setup.timeout)?;
    if answers.len() != typed.len() {
        return Err(format!(
            "the harness answered {} of {} examples",
            answers.len(),
            typed.len()
        ));
    }
    Ok(typed
        .iter()
        .zip(answers)
        .map(|((index, _, _), answer)| {
            let answer: Value = serde_json::from_str(&answer).unwrap_or_default();
            let decoded = match (answer.get("ok"), answer.get("err")) {
                (Some(value), _) => Ok(value.clone()),
                (_, Some(err)) => Err(err.as_str().unwrap_or_default().to_string()),
                _ => Err("no answer".to_string()),
            };
            (*index, decoded)
        })
        .collect())
}

/// serde's message without what is particular to one example: the names and values in
/// backquotes and the place (`at line 1 column 20`).
pub fn serde_cause(message: &str) -> String {
    let without_place = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string();
    let mut cause = String::new();
    let mut quoted = false;
    let mut quote = '`';
    for character in without_place.chars() {
        if quoted && character == quote {
            quoted = false;
        } else if !quoted && matches!(character, '`' | '"') {
            cause.push_str("`…`");
            quote = character;
            quoted = true;
        } else if !quoted {
            cause.push(character);
        }
    }
    let cause = cause.split(", expected").next().unwrap_or(&cause);
    let cause = match cause.find("untagged enum") {
        Some(at) => &cause[..at + "untagged enum".len()],
        None => cause,
    }
    .trim();
    cause.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_causes_lose_their_names_and_places() {
        assert_eq!(
            serde_cause("missing field `login` at line 1 column 40"),
            "missing field `…`"
        );
        assert_eq!(
            serde_cause("unknown variant `x`, expected `a` or `b` at line 1 column 3"),
            "unknown variant `…`"
        );
        assert_eq!(
            serde_cause("data did not match any variant of untagged enum Event"),
            "data did not match any variant of untagged enum"
        );
        assert_eq!(
            serde_cause("invalid type: string \"1\", expected i64 at line 1 column 9"),
            "invalid type: string `…`"
        );
    }
}
