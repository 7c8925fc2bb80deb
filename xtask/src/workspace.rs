//! Which checkout the xtask works on: found at run time, from the current directory upward.
//!
//! Not from `env!("CARGO_MANIFEST_DIR")`: that is fixed when the binary is compiled, and with a
//! shared target directory (`CARGO_TARGET_DIR`, or `build.target-dir` in a cargo config) a
//! second checkout whose files carry the same mtimes runs the first checkout's binary, which
//! would then read and write the first checkout. `cargo xtask` runs the binary in the folder
//! the user is in, so the folder upward is the checkout the user means.

use std::path::{Path, PathBuf};

use crate::error::{GenError, Result};

/// The workspace root above the current directory (see [`find_from`]).
pub fn locate() -> Result<PathBuf> {
    let here = std::env::current_dir()
        .map_err(|err| GenError::file(".", format!("cannot read the current directory: {err}")))?;
    find_from(&here)
}

/// The nearest folder at or above `start` that is this workspace's root: it holds a
/// `Cargo.toml` with a `[workspace]` table, and `xtask/` and `spec/` beside it.
pub fn find_from(start: &Path) -> Result<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_root(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            GenError::file(
                start,
                "not inside a checkout of the SDK workspace: no folder from here upward holds a \
                 Cargo.toml with [workspace] beside xtask/ and spec/; run `cargo xtask` from \
                 inside the checkout to work on",
            )
        })
}

/// Whether `dir` is the root of this workspace.
pub fn is_root(dir: &Path) -> bool {
    dir.join("xtask").is_dir()
        && dir.join("spec").is_dir()
        && std::fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
}

/// The workspace root above the current directory, for callers that cannot go on without one
/// (tests, library users).
///
/// # Panics
///
/// When the current directory is not inside a checkout; the command line uses [`locate`] and
/// exits with status 2 instead.
pub fn workspace_root() -> PathBuf {
    locate().unwrap_or_else(|err| panic!("{err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_from_a_sub_folder_and_not_outside() {
        let scratch = tempfile::tempdir().expect("temp dir");
        let root = scratch.path().join("checkout");
        std::fs::create_dir_all(root.join("xtask/src")).expect("xtask/");
        std::fs::create_dir_all(root.join("spec")).expect("spec/");
        std::fs::write(
            root.join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\n",
        )
        .expect("member manifest");
        // Without the workspace manifest the member's Cargo.toml is not mistaken for a root.
        assert!(find_from(&root.join("xtask/src")).is_err());
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        )
        .expect("workspace manifest");
        assert_eq!(find_from(&root.join("xtask/src")).expect("found"), root);
        assert_eq!(find_from(&root).expect("found"), root);
        let err = find_from(scratch.path()).expect_err("outside the checkout");
        assert!(err.message.contains("not inside a checkout"), "{err}");
    }
}
