//! The room `render/`: text. How macro calls are laid out ([`macro_layout`]), runs of items
//! under one `cfg` become `gated!` calls ([`gated_runs`]), the templates are read
//! ([`templates`]), a crate's files are assembled in memory ([`crate_files`]) and checked for names defined twice ([`item_names`]) and written
//! atomically or compared ([`output`]).
//!
//! In: syntax trees and formatted text from the other rooms, the model's title and version.
//! Out: [`RenderedCrate`], the files of a crate, and their writing. The rooms that write code
//! use its layout helpers and templates.
//!
//! May import: model, syntax.

pub mod crate_files;
pub mod gated_runs;
pub mod item_names;
pub mod macro_layout;
pub mod output;
pub mod templates;

pub use crate_files::{Emitted, RenderedCrate, format_tokens, render};
