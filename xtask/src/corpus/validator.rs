//! A third party's verdict on the documents that failed: openapi-spec-validator (the version
//! pinned in `tests/conformance/requirements.txt`), so that a document the generator refuses
//! because it is genuinely invalid can be told from one it should read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::process;

/// What the validator said about one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", content = "detail", rename_all = "kebab-case")]
pub enum Verdict {
    /// It accepts the document.
    Valid,
    /// It rejects it: its first line, and where (`On instance[…]`) when it says.
    Invalid(String),
    /// It did not answer within the time limit.
    TimedOut,
    /// It could not run.
    Error(String),
}

impl Verdict {
    /// One short line for the report.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Valid => "valid".to_string(),
            Verdict::Invalid(detail) => format!("invalid: {detail}"),
            Verdict::TimedOut => "no verdict (validator timed out)".to_string(),
            Verdict::Error(err) => format!("no verdict ({err})"),
        }
    }
}

/// Verdicts already given, by validator pin and document content (SHA-256): a document the
/// validator judged once is not validated again (timeouts and errors are not kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {
    /// `"<pin> <sha256>"` → verdict.
    pub verdicts: BTreeMap<String, Verdict>,
}

impl Cache {
    /// Reads the cache file; a missing or unreadable one is empty.
    pub fn read(file: &Path) -> Self {
        std::fs::read_to_string(file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the cache file (best effort: a cache that cannot be written is only slower).
    pub fn write(&self, file: &Path) {
        if let Ok(text) = serde_json::to_string(self) {
            let _ = std::fs::write(file, text);
        }
    }

    /// The key of `document` for the validator `pin`; `None` if it cannot be read.
    pub fn key(pin: &str, document: &Path) -> Option<String> {
        let bytes = std::fs::read(document).ok()?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        Some(format!("{pin} {hex}"))
    }

    /// Keeps a verdict worth keeping.
    pub fn store(&mut self, key: String, verdict: &Verdict) {
        if matches!(verdict, Verdict::Valid | Verdict::Invalid(_)) {
            self.verdicts.insert(key, verdict.clone());
        }
    }
}

/// Runs `validator` on each of `documents` (`jobs` at a time, each for at most `timeout`);
/// `tick` is called after each. The verdicts are in the order of `documents`.
pub fn validate_all(
    validator: &Path,
    documents: &[PathBuf],
    jobs: usize,
    timeout: Duration,
    tick: impl Fn(&Verdict) + Sync,
) -> Vec<Verdict> {
    let next = AtomicUsize::new(0);
    let verdicts: Mutex<Vec<Option<Verdict>>> = Mutex::new(vec![None; documents.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, documents.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(document) = documents.get(index) else {
                        break;
                    };
                    let verdict = validate(validator, document, timeout);
                    tick(&verdict);
                    if let Ok(mut verdicts) = verdicts.lock() {
                        verdicts[index] = Some(verdict);
                    }
                }
            });
        }
    });
    verdicts
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|verdict| verdict.unwrap_or(Verdict::Error("not run".to_string())))
        .collect()
}

/// The verdict on one document.
pub fn validate(validator: &Path, document: &Path, timeout: Duration) -> Verdict {
    let mut command = Command::new(validator);
    command.arg(document);
    match process::run(&mut command, timeout) {
        Err(err) => Verdict::Error(err),
        Ok(done) if done.timed_out() => Verdict::TimedOut,
        Ok(done) if done.success() => Verdict::Valid,
        Ok(done) => {
            let text = format!("{}\n{}", done.stdout, done.stderr);
            Verdict::Invalid(first_problem(&text, &document.to_string_lossy()))
        }
    }
}

/// The first line of the validator's complaint (without the file name it starts with), and the
/// `On instance[…]` line that locates it.
pub fn first_problem(output: &str, file: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines
        .first()
        .map(|line| {
            line.strip_prefix(file)
                .map(|rest| rest.trim_start_matches(':').trim())
                .unwrap_or(line)
        })
        .unwrap_or("rejected, without a message");
    let first = truncate(first, 160);
    match lines.iter().find(|line| line.starts_with("On instance")) {
        Some(place) => format!("{first} ({})", truncate(place.trim_end_matches(':'), 120)),
        None => first,
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_problem_and_its_place_are_kept() {
        let output = "\
doc.json: Validation Error: {'description': 'x'} is not valid under any of the given schemas

Failed validating 'oneOf' in schema['properties']['paths']:
    {'oneOf': [{'$ref': '#/definitions/Response'}]}

On instance['paths']['/a']['get']['responses']['200']:
    {'description': 'x'}
";
        assert_eq!(
            first_problem(output, "doc.json"),
            "Validation Error: {'description': 'x'} is not valid under any of the given schemas \
             (On instance['paths']['/a']['get']['responses']['200'])"
        );
        assert_eq!(first_problem("", "d"), "rejected, without a message");
    }

    #[test]
    fn the_cache_keeps_verdicts_by_content_and_pin() {
        let dir = tempfile::tempdir().unwrap();
        let document = dir.path().join("a.json");
        std::fs::write(&document, "{}").unwrap();
        let key = Cache::key("v==1", &document).unwrap();
        assert_ne!(Some(&key), Cache::key("v==2", &document).as_ref());
        let mut cache = Cache::default();
        cache.store(key.clone(), &Verdict::Invalid("x".into()));
        cache.store("other".into(), &Verdict::TimedOut);
        let file = dir.path().join("cache.json");
        cache.write(&file);
        let read = Cache::read(&file);
        assert_eq!(read, cache);
        assert_eq!(read.verdicts.len(), 1);
        std::fs::write(&document, "{ }").unwrap();
        assert!(
            !read
                .verdicts
                .contains_key(&Cache::key("v==1", &document).unwrap())
        );
    }

    #[test]
    fn a_validator_that_cannot_run_gives_no_verdict() {
        let verdicts = validate_all(
            Path::new("/nonexistent/openapi-spec-validator"),
            &[PathBuf::from("a.json"), PathBuf::from("b.json")],
            2,
            Duration::from_secs(5),
            |_| {},
        );
        assert_eq!(verdicts.len(), 2);
        assert!(matches!(verdicts[0], Verdict::Error(_)));
    }
}
