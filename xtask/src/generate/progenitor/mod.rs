//! The room `progenitor/`: progenitor (and typify) run as a library, isolated so that a panic
//! becomes a located error ([`run`]), and every pass that rewrites what they wrote, run in the
//! order of one list, [`passes::PASSES`], each saying what it expects to find.
//!
//! In: the [`Normalised`](crate::generate::normalise::Normalised) document (and, for the
//! passes that read it, the operation model). Out: the model types and the client as syntax
//! trees, then as formatted text. The passes find progenitor's code by its exact tokens
//! ([`same_tokens`], [`shapes`]).
//!
//! May import: model, normalise, render, syntax.

pub mod builder_plumbing;
pub mod client_fixes;
pub mod field_names;
pub mod method_docs;
pub mod newtypes;
pub mod objects;
pub mod operation_urls;
pub mod parameter_styles;
pub mod passes;
pub mod prelude_paths;
pub mod redirects;
pub mod request_builders;
pub mod run;
pub mod same_tokens;
pub mod serde_derives;
pub mod shapes;
pub mod status_answers;
pub mod string_enums;
pub mod struct_builders;
pub mod type_docs;
pub mod variant_names;
