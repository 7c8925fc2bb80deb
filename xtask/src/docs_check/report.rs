//! The outcome of a docs-check run, as text (one line per disagreement) or JSON.

use serde::Serialize;

use super::allow::{AllowEntry, Allowed};
use super::finding::Finding;
use super::page::PageKind;

/// What a run checked and found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The pages read, in file-name order.
    pub pages: Vec<CheckedPage>,
    /// Differences no allow-list entry explains: each fails the check.
    pub disagreements: Vec<Finding>,
    /// Differences the allow-list explains.
    pub allowed: Vec<Allowed>,
    /// Allow-list entries about a checked page that explain nothing: each fails the check.
    pub stale: Vec<AllowEntry>,
    /// Allow-list entries about pages that were not checked (reported, not failing).
    pub other_pages: Vec<AllowEntry>,
}

/// A page that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedPage {
    /// Its file name.
    pub file: String,
    /// Its format.
    pub kind: PageKind,
    /// The operations it documents (`METHOD path`).
    pub operations: Vec<String>,
}

impl Report {
    /// 0 when nothing disagrees, 1 when something does (or the allow-list is stale).
    pub fn exit_code(&self) -> u8 {
        if self.disagreements.is_empty() && self.stale.is_empty() {
            0
        } else {
            1
        }
    }

    /// The report as text: one line per disagreement, allowed difference and stale entry,
    /// then a summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for finding in &self.disagreements {
            out.push_str(&format!("differs: {}\n", line(finding)));
        }
        for stale in &self.stale {
            out.push_str(&format!(
                "stale allow-list entry: {}: {}: nothing differs there any more; remove the entry\n",
                stale.page, stale.thing
            ));
        }
        for allowed in &self.allowed {
            out.push_str(&format!(
                "allowed: {} (reason: {})\n",
                line(&allowed.finding),
                allowed.reason
            ));
        }
        for other in &self.other_pages {
            out.push_str(&format!(
                "note: allow-list entry for a page not checked here: {}: {}\n",
                other.page, other.thing
            ));
        }
        let operations: usize = self.pages.iter().map(|page| page.operations.len()).sum();
        out.push_str(&format!(
            "docs-check: {} page(s), {} operation(s): {} disagreement(s), {} allowed, {} stale \
             allow-list entr{}\n",
            self.pages.len(),
            operations,
            self.disagreements.len(),
            self.allowed.len(),
            self.stale.len(),
            if self.stale.len() == 1 { "y" } else { "ies" },
        ));
        out
    }

    /// The report as pretty JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self)
            .map(|text| text + "\n")
            .unwrap_or_else(|err| {
                format!("{{\"error\": \"cannot serialise the report: {err}\"}}\n")
            })
    }
}

/// `page (operation): thing: page: …; spec: … (at file#pointer)`.
pub fn line(finding: &Finding) -> String {
    let at = finding
        .spec_at
        .as_deref()
        .map(|at| format!(" (at {at})"))
        .unwrap_or_default();
    format!(
        "{} ({}): {}: page: {}; spec: {}{at}",
        finding.page, finding.operation, finding.thing, finding.page_says, finding.spec_says
    )
}
