//! Crate docs: the per-API example at the top of a generated crate's documentation.

use super::model::{CredentialKind, Model};

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
                Some(variable) => format!("    .{method}_from_env()? // reads {variable}"),
                None => format!("    .{method}(\"<token>\")?"),
            }
        });
    let mut lines = vec![
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {krate}::Client::builder(\"{server}\")"),
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
