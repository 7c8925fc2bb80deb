//! A disagreement between a page and the spec, and the collector the comparisons fill.

use serde::Serialize;

/// One thing a page and the spec say differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The page's file name.
    pub page: String,
    /// The operation, `METHOD path`, as the page names it.
    pub operation: String,
    /// What differs, as a stable key the allow-list can name
    /// (`response 200 field disk.io_profile: nullable`).
    pub thing: String,
    /// What the page says.
    pub page_says: String,
    /// What the spec says (or that it lacks the thing).
    pub spec_says: String,
    /// Where in the spec (`file#/json/pointer`), when there is such a place.
    pub spec_at: Option<String>,
}

/// Collects the findings of one operation of one page.
#[derive(Debug)]
pub struct Sink {
    page: String,
    operation: String,
    spec_file: String,
    /// The findings so far.
    pub findings: Vec<Finding>,
}

impl Sink {
    /// A collector for `operation` of `page`, whose spec is the file `spec_file`.
    pub fn new(page: &str, operation: &str, spec_file: &str) -> Self {
        Self {
            page: page.to_string(),
            operation: operation.to_string(),
            spec_file: spec_file.to_string(),
            findings: Vec::new(),
        }
    }

    /// Records that the page says `page_says` about `thing` and the spec `spec_says`, at the
    /// JSON pointer `at` of the spec (if any).
    pub fn push(
        &mut self,
        thing: impl Into<String>,
        page_says: impl Into<String>,
        spec_says: impl Into<String>,
        at: Option<&str>,
    ) {
        let spec_at = at.map(|pointer| format!("{}#{pointer}", self.spec_file));
        let finding = Finding {
            page: self.page.clone(),
            operation: self.operation.clone(),
            thing: thing.into(),
            page_says: page_says.into(),
            spec_says: spec_says.into(),
            spec_at,
        };
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }
}

/// `[a, b, c]`, as findings print lists.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    format!("[{}]", inner.join(", "))
}

/// A sentence quoted for a finding.
pub fn quote(text: &str) -> String {
    format!("\"{text}\"")
}
