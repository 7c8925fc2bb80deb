//! The spec-to-SDK generator behind `cargo xtask`, one module per command over one spec layer:
//!
//! - [`spec`]: loading documents (located errors), the operation walk, the one `$ref`
//!   resolver — shared by every command;
//! - [`generate`](mod@generate): `generate` and `regenerate`, the pipeline from a document to
//!   a crate;
//! - [`docs_check`]: does the spec still say what the rendered pages say;
//! - [`docs_import`]: a draft spec from the rendered pages;
//! - [`spec_diff`]: what a spec change does to SDK users;
//! - [`bench`](mod@bench): the benchmark figures and `BENCHMARKS.md`;
//! - [`corpus`]: the generator over a directory of real documents, and `CORPUS.md`;
//! - [`cli`]: the one command line, assembled from each command's arguments struct;
//!   [`subcommand`]: one command's arguments parsed on their own; [`workspace`]: where the
//!   checkout is.

pub mod bench;
pub mod cli;
pub mod corpus;
pub mod docs_check;
pub mod docs_import;
pub mod error;
pub mod generate;
pub mod spec;
pub mod spec_diff;
pub mod subcommand;
pub mod workspace;

pub use error::{GenError, Located, Location, Result};
pub use generate::{Outcome, generate, regenerate};
pub use spec::spec_files;
pub use workspace::workspace_root;
