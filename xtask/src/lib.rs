//! The spec-to-SDK generator behind `cargo xtask`.
//!
//! Pipeline: [`load`] (parse and validate) → [`normalise`] (a progenitor-ready copy) →
//! [`client`] (progenitor: types and client) and [`errors`] (per-operation error helpers) →
//! [`render`] (templates, prettyplease, headers) → [`output`] (atomic write, or check with a
//! unified diff).

pub mod bench;
pub mod client;
pub mod corpus;
pub mod docs_check;
pub mod error;
pub mod errors;
pub mod load;
pub mod naming;
pub mod normalise;
pub mod output;
pub mod render;
pub mod server;
pub mod spec_diff;

use std::path::{Path, PathBuf};

pub use error::{GenError, Location, Result};
use output::{OutputTree, check_tree, write_tree};
use render::{RenderedCrate, render_crate};

/// What a `regenerate` or `generate` run found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Files were written (or, when checking, already matched).
    UpToDate,
    /// Checking found differences: the unified diff.
    Stale(String),
}

/// The workspace root (the folder holding `spec/`, `generated/`, `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

/// Every spec under `root/spec/` (`*.yaml`, `*.yml`, `*.json`), sorted by file name.
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("spec");
    let entries = std::fs::read_dir(&dir)
        .map_err(|err| GenError::file(&dir, format!("cannot list specs: {err}")))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| matches!(ext, "yaml" | "yml" | "json"))
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// Renders every spec of the workspace at `root` into `root/generated/<spec stem>/`; with
/// `check`, compares instead of writing.
pub fn regenerate(root: &Path, check: bool) -> Result<Outcome> {
    let mut crates = Vec::new();
    for spec in spec_files(root)? {
        let relative = spec.strip_prefix(root).unwrap_or(&spec).to_path_buf();
        let name = spec
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_string();
        crates.push(render_crate(&spec, &relative, &name)?);
    }
    let tree = OutputTree {
        root: root.join("generated"),
        owns_root: true,
        label: PathBuf::from("generated"),
    };
    finish(&tree, &crates, check, &root.join("target/xtask-staging"))
}

/// Renders any OpenAPI 3.0 document into a standalone crate at `out`.
pub fn generate(spec: &Path, out: &Path, crate_name: Option<&str>, check: bool) -> Result<Outcome> {
    let name = match crate_name {
        Some(name) => name.to_string(),
        None => spec
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
    };
    let krate = render_crate(spec, spec, &name)?;
    let tree = OutputTree {
        root: out.to_path_buf(),
        owns_root: false,
        label: out.to_path_buf(),
    };
    let staging = out.with_file_name(format!(
        ".{}.xtask-staging",
        out.file_name().and_then(|n| n.to_str()).unwrap_or("crate")
    ));
    finish(&tree, &[krate], check, &staging)
}

fn finish(
    tree: &OutputTree,
    crates: &[RenderedCrate],
    check: bool,
    staging: &Path,
) -> Result<Outcome> {
    if check {
        let diff = check_tree(tree, crates);
        return Ok(if diff.is_empty() {
            Outcome::UpToDate
        } else {
            Outcome::Stale(diff)
        });
    }
    write_tree(tree, crates, staging)?;
    Ok(Outcome::UpToDate)
}
