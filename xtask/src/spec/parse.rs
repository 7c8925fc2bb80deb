//! YAML or JSON text to a document, shared by the loader and the bundler of multi-file
//! documents.

use std::path::Path;

use serde_json::Value;

use super::yaml::from_yaml;
use crate::error::{GenError, Located, Result};

/// Parses YAML or JSON text into a document, with the line and column of a syntax error;
/// also returns a warning for each YAML integer too large for 64 bits (see [`super::yaml`]).
pub(super) fn parse_document(
    path: &Path,
    text: &str,
    is_json: bool,
) -> Result<(Value, Vec<Located>)> {
    if is_json {
        let value = serde_json::from_str(text).map_err(|err| {
            GenError::at_line(
                path,
                err.line(),
                err.column(),
                format!("invalid JSON: {err}"),
            )
        })?;
        Ok((value, Vec::new()))
    } else {
        from_yaml(text).map_err(|err| match err.location() {
            Some(at) => {
                GenError::at_line(path, at.line(), at.column(), format!("invalid YAML: {err}"))
            }
            None => GenError::file(path, format!("invalid YAML: {err}")),
        })
    }
}
