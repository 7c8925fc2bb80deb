//! The small program that decodes examples with a generated crate's types: a crate of its
//! own beside the generated one (`target/corpus/examples/<crate>/`), never inside its
//! sources, that depends on it by path with only its types (`all-operations`, no client) and
//! answers one example a line: `{"type": "Name", "json": "<text>"}` → `{"ok": <re-encoded>}`
//! or `{"err": "<serde's message>"}`.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use regex::Regex;

use super::super::process;

/// The harness crate's folder for the generated crate `crate_name`.
pub fn dir(work: &Path, crate_name: &str) -> PathBuf {
    work.join("examples").join(crate_name)
}

/// The names of the types `types.rs` of the crate at `crate_dir` defines (structs and enums,
/// as typify or the generator's macros write them).
pub fn defined_types(crate_dir: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(crate_dir.join("src/types.rs")).unwrap_or_default();
    let definition =
        Regex::new(r"\bpub (?:struct|enum) ([A-Za-z_][A-Za-z0-9_]*)").expect("a valid regex");
    definition
        .captures_iter(&text)
        .map(|found| found[1].to_string())
        .collect()
}

/// Writes the harness of `crate_name` (at `crate_dir`) for `types` into `dir`.
pub fn write(
    dir: &Path,
    crate_dir: &Path,
    crate_name: &str,
    types: &BTreeSet<String>,
) -> Result<(), String> {
    let io = |err: std::io::Error| format!("{}: {err}", dir.display());
    std::fs::create_dir_all(dir.join("src")).map_err(io)?;
    let path = crate_dir
        .canonicalize()
        .unwrap_or_else(|_| crate_dir.to_path_buf());
    let manifest = format!(
        "[package]\nname = \"examples-{crate_name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[dependencies]\napi = {{ package = \"{crate_name}\", path = {path:?}, \
         default-features = false, features = [\"all-operations\"] }}\nserde = \"1\"\n\
         serde_json = \"1\"\n\n[workspace]\n",
        path = path.display().to_string(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(io)?;
    std::fs::write(dir.join("src/main.rs"), main_rs(types)).map_err(io)
}

/// The harness's `main.rs`: a table of the types, sorted by name, and the loop.
fn main_rs(types: &BTreeSet<String>) -> String {
    let rows: String = types
        .iter()
        .map(|name| format!("    ({name:?}, round_trip::<api::types::{name}>),\n"))
        .collect();
    format!(
        r#"//! Written by `cargo xtask corpus --examples`: decodes each example given on stdin with
//! the generated type it names, and prints what the value encodes back to.
use std::io::{{BufRead, Write}};

type RoundTrip = fn(&str) -> Result<serde_json::Value, String>;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    json: &str,
) -> Result<serde_json::Value, String> {{
    let value: T = serde_json::from_str(json).map_err(|err| err.to_string())?;
    serde_json::to_value(&value).map_err(|err| format!("encode: {{err}}"))
}}

const TYPES: &[(&str, RoundTrip)] = &[
{rows}];

fn main() {{
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {{
        let Ok(line) = line else {{ break }};
        let request: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        let name = request["type"].as_str().unwrap_or_default();
        let json = request["json"].as_str().unwrap_or_default();
        let answer = match TYPES.binary_search_by(|(known, _)| (*known).cmp(name)) {{
            Ok(index) => match std::panic::catch_unwind(|| (TYPES[index].1)(json)) {{
                Ok(Ok(value)) => serde_json::json!({{"ok": value}}),
                Ok(Err(err)) => serde_json::json!({{"err": err}}),
                Err(_) => serde_json::json!({{"err": "panicked"}}),
            }},
            Err(_) => serde_json::json!({{"err": "no such type"}}),
        }};
        if writeln!(out, "{{answer}}").is_err() {{
            break;
        }}
    }}
}}
"#
    )
}

/// Builds the harness in `dir` (`cargo build -j jobs`, sharing `target`); the binary.
pub fn build(dir: &Path, target: &Path, jobs: usize, timeout: Duration) -> Result<PathBuf, String> {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["build", "--quiet", "--message-format", "short", "-j"])
        .arg(jobs.max(1).to_string())
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        // Never debugged: no debug info, which is much of a debug build's time.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_TERM_COLOR", "never");
    let done = process::run(&mut cargo, timeout)?;
    if !done.success() {
        let first = done
            .stderr
            .lines()
            .find(|line| line.contains("error"))
            .unwrap_or("cargo build failed")
            .to_string();
        return Err(format!("the harness does not build: {first}"));
    }
    let name = dir
        .file_name()
        .map(|name| format!("examples-{}", name.to_string_lossy()))
        .unwrap_or_default();
    Ok(target.join("debug").join(name))
}

/// Runs the harness `binary` on the requests in `input` (one a line); its answers, a line each.
pub fn run(binary: &Path, input: &Path, timeout: Duration) -> Result<Vec<String>, String> {
    let file = File::open(input).map_err(|err| format!("{}: {err}", input.display()))?;
    let done = process::run_with_input(&mut Command::new(binary), Stdio::from(file), timeout)?;
    if !done.success() {
        return Err(format!(
            "the harness stopped ({:?}): {}",
            done.status,
            done.stderr.lines().next().unwrap_or_default()
        ));
    }
    Ok(done.stdout.lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_from_every_way_types_rs_defines_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(
            dir.path().join("src/types.rs"),
            "pub struct A { }\nobject!(\n    pub struct B {\n    }\n);\n\
             string_enum!(pub enum C { X => \"x\" });\npub struct D(pub String);\n",
        )
        .unwrap();
        let found: Vec<String> = defined_types(dir.path()).into_iter().collect();
        assert_eq!(found, ["A", "B", "C", "D"]);
        let main = main_rs(&defined_types(dir.path()));
        assert!(main.contains("(\"B\", round_trip::<api::types::B>),"));
    }
}
