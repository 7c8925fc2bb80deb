//! The spec files of a workspace.

use std::path::{Path, PathBuf};

use crate::error::{GenError, Result};

/// Every spec under `root/spec/` (`*.yaml`, `*.yml`, `*.json`), sorted by file name.
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>> {
    spec_files_in(&root.join("spec"))
}

/// Every spec directly in `dir` (`*.yaml`, `*.yml`, `*.json`), sorted by file name.
pub fn spec_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| GenError::file(dir, format!("cannot list specs: {err}")))?;
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
