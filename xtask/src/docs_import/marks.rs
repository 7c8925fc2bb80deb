//! The import's own keys on inline schemas, read by [`super::components`] and removed before
//! anything is written. `x-inferred` is the one mark that stays: it names an inference's reason.

/// The extension that marks an inference in the written spec; its value is the reason.
pub const INFERRED: &str = "x-inferred";
/// A name the page gives the object (`ValidationError`, a oneOf member).
pub const NAME: &str = "x-import-name";
/// The object's key, as a schema name (`DataCenter`).
pub const HINT: &str = "x-import-hint";
/// The name or hint of the object that holds this one.
pub const PARENT: &str = "x-import-parent";
/// Where the object comes from, for the provenance report.
pub const SOURCE: &str = "x-import-source";
/// The names of a oneOf's members, on a placeholder whose only member is the example's.
pub const VARIANTS: &str = "x-import-variants";

/// Every import mark (all but [`INFERRED`]).
pub const ALL: [&str; 5] = [NAME, HINT, PARENT, SOURCE, VARIANTS];
