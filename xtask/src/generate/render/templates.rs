//! The hand-written seams every generated crate is made from (`templates/`), and how a
//! macro's definition goes before the items that call it.

pub const MANIFEST: &str = include_str!("../../../../templates/Cargo.toml.tmpl");
pub const LIB: &str = include_str!("../../../../templates/lib.rs.tmpl");
pub const RUNTIME: &str = include_str!("../../../../templates/runtime.rs");
pub const RETRY: &str = include_str!("../../../../templates/retry.rs");
pub const SERVER_RUNTIME: &str = include_str!("../../../../templates/server_runtime.rs");
pub const SERVER_FORMS: &str = include_str!("../../../../templates/server_forms.rs");
pub const STRING_ENUM_MACRO: &str = include_str!("../../../../templates/string_enum.rs");
pub const DOCUMENTED_ERROR_MACRO: &str = include_str!("../../../../templates/documented_error.rs");
pub const NEWTYPE_MACRO: &str = include_str!("../../../../templates/newtype.rs");
pub const REQUEST_BUILDER_MACRO: &str = include_str!("../../../../templates/request_builder.rs");
pub const SUCCESS_BY_STATUS_MACRO: &str =
    include_str!("../../../../templates/success_by_status.rs");
pub const HANDLER_MACRO: &str = include_str!("../../../../templates/handler.rs");
pub const GATED_MACRO: &str = include_str!("../../../../templates/gated.rs");
pub const OBJECT_MACRO: &str = include_str!("../../../../templates/object.rs");

/// A formatted Rust file with a `macro_rules!` definition (a template) before its items,
/// after its inner attributes: a macro must be defined before the items that call it.
pub fn with_macro_definition(file: &str, definition: &str) -> String {
    let attributes: usize = (file.lines())
        .take_while(|line| line.starts_with("#!["))
        .map(|line| line.len() + 1)
        .sum();
    let (attributes, items) = file.split_at(attributes.min(file.len()));
    format!("{attributes}{definition}{items}")
}
