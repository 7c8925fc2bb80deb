//! Crate docs: the per-API example at the top of a generated crate's documentation, and its
//! list of tag features.

use std::collections::BTreeMap;

use crate::generate::model::feature_names::ALL_OPERATIONS;
use crate::generate::model::{CredentialKind, Model};
use crate::generate::syntax::escape::{doc_line, rust_string};

/// A crate-level example as `//!` lines: build a client with the first credential the client
/// can send (the same schemes [`super::auth`] makes methods for) and prepare the first
/// operation.
pub fn example_doc(model: &Model, crate_name: &str) -> String {
    let krate = crate_name.replace('-', "_");
    let server = model
        .server_url
        .clone()
        .unwrap_or_else(|| "https://api.example.com".to_string());
    let credential = model
        .schemes
        .iter()
        .find(|scheme| scheme.kind != CredentialKind::Unsupported)
        .map(|scheme| {
            let method = &scheme.method_name;
            match &scheme.env_var {
                Some(variable) => {
                    format!("    .{method}_from_env()? // reads {}", doc_line(variable))
                }
                None => format!("    .{method}(\"<token>\")?"),
            }
        });
    let mut lines = vec![
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!(
            "let client = {krate}::Client::builder({})",
            rust_string(&server)
        ),
    ];
    lines.extend(credential);
    lines.push(format!("    .retry({krate}::RetryPolicy::default())"));
    lines.push("    .build()?;".to_string());
    if let Some(operation) = model.operations.first() {
        lines.push(format!(
            "// Set the parameters and body on the builder, then `.send().await`; errors are \
             `{krate}::Error::ErrorResponse` with the operation's typed error."
        ));
        lines.push(format!("let request = client.{}();", operation.method_name));
        lines.push("# let _ = request;".to_string());
    }
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines
        .into_iter()
        .map(|line| format!("//! {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tag features as `//!` list items: each feature with the operations it compiles.
pub fn features_doc(model: &Model, crate_name: &str) -> String {
    let mut lines = vec![
        format!(
            "//! - `{ALL_OPERATIONS}` (default): every operation. A user of a few parts of the API \
             turns the default off and names the client, a TLS feature and the tags:"
        ),
        format!(
            "//!   `{crate_name} = {{ version = \"…\", default-features = false, features = \
             [\"client\", \"rustls\", \"<tag>\"] }}`. Each tag compiles its operations and only \
             the types they reach (a type several tags reach comes with any of them); types no \
             operation reaches come with `all-operations`."
        ),
    ];
    for (feature, operations) in features_with_operations(model) {
        lines.push(format!(
            "//!   - `{feature}`: {}",
            operation_list(&operations, |name| format!("`{name}`"))
        ));
    }
    lines.join("\n")
}

/// Each feature with its operations' method names, in feature order.
pub fn features_with_operations(model: &Model) -> BTreeMap<String, Vec<String>> {
    let mut features: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for operation in &model.operations {
        for feature in &operation.features {
            features
                .entry(feature.clone())
                .or_default()
                .push(operation.method_name.clone());
        }
    }
    features
}

/// The first few operations, then how many more.
pub fn operation_list(operations: &[String], show: impl Fn(&str) -> String) -> String {
    const SHOWN: usize = 6;
    let mut text: Vec<String> = operations.iter().take(SHOWN).map(|n| show(n)).collect();
    if operations.len() > SHOWN {
        text.push(format!("and {} more", operations.len() - SHOWN));
    }
    text.join(", ")
}
