//! The comparison of two specs: documentation and security first, then each operation.

use serde_json::Value;

use super::collect;
use super::input;
use super::model::Report;
use super::operations;
use super::security;
use crate::error::Result;
use crate::spec::LoadedSpec;

/// Compares two loaded specs.
pub fn diff(old: &LoadedSpec, new: &LoadedSpec) -> Result<Report> {
    let mut document = collect::Collector::new(None);
    let info = |spec: &LoadedSpec| spec.document.get("info").cloned().unwrap_or(Value::Null);
    document.docs(&info(old), &info(new), "/info", &["title", "description"]);
    security::diff_schemes(&mut document, &old.document, &new.document);
    let mut changes = document.into_changes();
    changes.extend(operations::diff_operations(old, new)?);
    Ok(Report::new(changes))
}

/// Loads OLD and NEW (files or `REV:path`) and compares them.
pub fn diff_inputs(old: &str, new: &str) -> Result<Report> {
    let old = input::load_input(old)?;
    let new = input::load_input(new)?;
    diff(&old, &new)
}
