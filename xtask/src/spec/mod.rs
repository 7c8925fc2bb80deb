//! The spec layer every command reads documents through: loading (with located errors), the
//! operation and parameter walk, the one `$ref` resolver, media-type selection, JSON pointers
//! and the workspace's spec files.

pub mod bundle;
pub mod cycles;
pub mod downgrade;
pub mod files;
pub mod load;
pub mod media;
pub mod operations;
pub mod parse;
pub mod path_items;
pub mod pointer;
pub mod refs;
pub mod repair;
pub mod schema_walk;
pub mod slips;
pub mod swagger2;
pub mod yaml;

pub use files::{spec_files, spec_files_in};
pub use load::{LoadedSpec, load_spec, load_spec_from_str};
pub use operations::{METHODS, OperationRef, ParameterRef, operations, parameters};
pub use refs::{lookup, resolve, resolve_at};
