//! The spec files of a folder, and of a workspace.

use std::path::{Path, PathBuf};

use crate::error::{GenError, Result};

/// Whether `path` names a spec file by its extension (`*.yaml`, `*.yml`, `*.json`).
pub fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| matches!(ext, "yaml" | "yml" | "json"))
}

/// Every spec file directly in `dir`, sorted by file name; an error when `dir` cannot be
/// listed.
pub fn spec_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| GenError::file(dir, format!("cannot list specs: {err}")))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && is_spec_file(path))
        .collect();
    specs.sort();
    Ok(specs)
}

/// Every spec under `root/spec/`, sorted by file name.
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>> {
    spec_files_in(&root.join("spec"))
}
