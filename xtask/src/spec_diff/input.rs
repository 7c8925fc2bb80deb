//! Reads the OLD and NEW arguments: a file, or `REV:path` (a blob of this git repository,
//! read with `git cat-file`), both through the one loader, [`crate::spec::load`].

use std::path::Path;
use std::process::Command;

use crate::error::{GenError, Result};
use crate::spec::{LoadedSpec, load_spec, load_spec_from_str};

/// Loads a spec named on the command line: an existing file, else a `REV:path` git revision
/// (`path` as git reads it: from the repository root, or `./path` from the current folder).
pub fn load_input(argument: &str) -> Result<LoadedSpec> {
    let path = Path::new(argument);
    if path.is_file() {
        return load_spec(path);
    }
    let Some((revision, file)) = argument.split_once(':') else {
        return Err(GenError::file(
            path,
            "no such file (give a spec file or a git revision as REV:path)",
        ));
    };
    if revision.is_empty() || file.is_empty() || argument.starts_with('-') {
        return Err(GenError::file(
            path,
            "neither a file nor a git revision of the form REV:path",
        ));
    }
    let output = Command::new("git")
        .args(["cat-file", "blob", argument])
        .output()
        .map_err(|err| GenError::file(path, format!("cannot run git to read it: {err}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(GenError::file(
            path,
            format!(
                "not a file, and git cannot read it as REV:path: {}",
                stderr.trim()
            ),
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|err| GenError::file(path, format!("the spec is not UTF-8: {err}")))?;
    let is_json = Path::new(file)
        .extension()
        .is_some_and(|extension| extension == "json");
    load_spec_from_str(path, &text, is_json)
}
