//! The spec-to-SDK generator behind `cargo xtask`, one module per command over one spec layer:
//!
//! - [`spec`]: loading documents (located errors), the operation walk, the one `$ref`
//!   resolver — shared by every command;
//! - [`generate`](mod@generate): `generate` and `regenerate`, the pipeline from a document to a crate;
//! - [`docs_check`]: does the spec still say what the rendered pages say;
//! - [`spec_diff`]: what a spec change does to SDK users;
//! - [`bench`](mod@bench): the benchmark figures and `BENCHMARKS.md`.

pub mod bench;
pub mod docs_check;
pub mod error;
pub mod generate;
pub mod spec;
pub mod spec_diff;

use std::path::{Path, PathBuf};

pub use error::{GenError, Located, Location, Result};
pub use generate::{Outcome, generate, regenerate};
pub use spec::spec_files;

/// The workspace root (the folder holding `spec/`, `generated/`, `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}
