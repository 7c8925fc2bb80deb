//! Renders a [`Report`] as text (one line per change), JSON or a Markdown table.

use serde_json::{Value, json};

use super::model::{Change, Report, Severity};

/// Output format of `spec-diff` (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One line per change, then a summary line.
    #[default]
    Text,
    /// One JSON object: `changes` and `summary`.
    Json,
    /// A Markdown table and a summary line, for pull-request comments.
    Markdown,
}

impl Format {
    /// Parses `text`, `json` or `markdown`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "markdown" | "md" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Renders `report`; every format ends with a newline.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&to_json(report)).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Markdown => markdown(report),
    }
}

fn operation_label(change: &Change) -> String {
    change
        .operation
        .as_ref()
        .map_or_else(|| "(document)".to_string(), ToString::to_string)
}

/// `N breaking, N compatible, N info`, or `no changes`.
pub fn summary(report: &Report) -> String {
    if report.changes.is_empty() {
        return "no changes".to_string();
    }
    Severity::ALL
        .iter()
        .map(|severity| format!("{} {severity}", report.count(*severity)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per change: `SEVERITY RULE OPERATION at #POINTER: MESSAGE`, then the summary.
fn text(report: &Report) -> String {
    let mut out = String::new();
    for change in &report.changes {
        out.push_str(&format!(
            "{} {} {} at #{}: {}\n",
            change.severity(),
            change.rule,
            operation_label(change),
            change.pointer,
            change.message
        ));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// The report as a JSON value (also used by `--against-released --format json`).
pub fn to_json(report: &Report) -> Value {
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|change| {
            json!({
                "rule": change.rule.id(),
                "severity": change.severity().as_str(),
                "operation": change.operation.as_ref().map(|op| json!({
                    "operationId": op.operation_id,
                    "method": op.method,
                    "path": op.path,
                })),
                "pointer": change.pointer,
                "message": change.message,
            })
        })
        .collect();
    json!({
        "changes": changes,
        "summary": {
            "breaking": report.count(Severity::Breaking),
            "compatible": report.count(Severity::Compatible),
            "info": report.count(Severity::Info),
        },
    })
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    if !report.changes.is_empty() {
        out.push_str("| Severity | Rule | Operation | Pointer | Change |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for change in &report.changes {
            out.push_str(&format!(
                "| {} | `{}` | {} | `{}` | {} |\n",
                change.severity(),
                change.rule,
                cell(&operation_label(change)),
                cell(&change.pointer),
                cell(&change.message)
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("**{}**\n", summary(report)));
    out
}
