//! The provenance report: per operation and schema, the page and section it came from, and
//! every inference with its reason, printed and written in the form of `spec/PROVENANCE.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One inference: where, what was inferred, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    /// The operation (`POST /path`) or schema (`schema Name`) it is about.
    pub place: String,
    /// What was inferred (`property name`, `keys id, permalink`).
    pub what: String,
    /// Why.
    pub reason: String,
}

/// The inferences of one import, in the order they were made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inferences(pub Vec<Inference>);

impl Inferences {
    /// Records an inference (once).
    pub fn add(
        &mut self,
        place: impl Into<String>,
        what: impl Into<String>,
        reason: impl AsRef<str>,
    ) {
        let inference = Inference {
            place: place.into(),
            what: what.into(),
            reason: reason.as_ref().to_string(),
        };
        if !self.0.contains(&inference) {
            self.0.push(inference);
        }
    }
}

/// Where one operation comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationSource {
    /// `METHOD path`.
    pub key: String,
    /// The operationId given to it.
    pub operation_id: String,
    /// The page's file name.
    pub file: String,
    /// The sections read.
    pub sections: String,
}

/// Everything the report says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// Each page read: file name, kind, operations.
    pub pages: Vec<(String, String, Vec<String>)>,
    /// Each operation written.
    pub operations: Vec<OperationSource>,
    /// Each component written, with the places it comes from.
    pub schemas: BTreeMap<String, Vec<String>>,
    /// Every inference.
    pub inferences: Inferences,
}

impl Provenance {
    /// The report as Markdown, in the form of `spec/PROVENANCE.md`.
    pub fn markdown(&self, spec_name: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Provenance of `{spec_name}`\n");
        out.push_str(
            "Written by `cargo xtask docs-import`. It says where every operation and schema of \
             the draft comes from, and lists every inference (each is also marked `x-inferred` \
             in the spec). Anything not listed as an inference is copied from a page.\n\n",
        );
        out.push_str("## Sources\n\n| file | kind | operations |\n| --- | --- | --- |\n");
        for (file, kind, operations) in &self.pages {
            let _ = writeln!(
                out,
                "| `{file}` | {kind} | {} |",
                operations
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        out.push_str(
            "\n## Operations\n\n| operationId | operation | source |\n| --- | --- | --- |\n",
        );
        for op in &self.operations {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | `{}` {} |",
                op.operation_id, op.key, op.file, op.sections
            );
        }
        out.push_str("\n## Schemas\n\n| schema | source |\n| --- | --- |\n");
        for (name, sources) in &self.schemas {
            let shown = if sources.is_empty() {
                "inferred (see below)".to_string()
            } else {
                sources.join("; ")
            };
            let _ = writeln!(out, "| `{name}` | {shown} |");
        }
        out.push_str("\n## Inferences\n\n");
        if self.inferences.0.is_empty() {
            out.push_str("None.\n");
        }
        for (number, inference) in self.inferences.0.iter().enumerate() {
            let _ = writeln!(
                out,
                "- **I-{}.** {}: {}. {}",
                number + 1,
                inference.place,
                inference.what,
                capitalised(&inference.reason)
            );
        }
        out
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
