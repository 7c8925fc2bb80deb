//! The allow-list: deliberate differences between the pages and the spec, each with a reason.
//!
//! The file is a YAML list of entries:
//!
//! ```yaml
//! - page: POST /disks/disk/assign      # the operation, or the page's file name
//!   thing: response 403 code permission_denied field detail: required
//!   reason: PROVENANCE I-14 — every error body requires code, description and detail.
//! ```
//!
//! A finding an entry names is reported as allowed, with the reason. An entry for a page that
//! was checked but that names nothing that differs is stale, and fails the check, so the list
//! never outlives the differences it explains.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{GenError, Result};

use super::finding::Finding;

/// One allowed difference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    /// The page: its operation (`POST /disks/disk/assign`) or its file name.
    pub page: String,
    /// The thing, exactly as docs-check names it in its report.
    pub thing: String,
    /// Why the spec deliberately differs from the page here.
    pub reason: String,
}

impl AllowEntry {
    /// Whether this entry is about the page `file` documenting `operation`.
    pub fn names_page(&self, file: &str, operation: &str) -> bool {
        self.page == file || self.page == operation
    }

    /// Whether this entry allows `finding`.
    pub fn allows(&self, finding: &Finding) -> bool {
        self.names_page(&finding.page, &finding.operation) && self.thing == finding.thing
    }
}

/// Reads an allow-list file.
pub fn load(path: &Path) -> Result<Vec<AllowEntry>> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| GenError::file(path, format!("cannot read the allow-list: {err}")))?;
    parse(path, &text)
}

/// Parses allow-list text; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Vec<AllowEntry>> {
    let only_comments = text
        .lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'));
    if only_comments {
        return Ok(Vec::new());
    }
    let entries: Vec<AllowEntry> =
        serde_yaml::from_str(text).map_err(|err| match err.location() {
            Some(at) => GenError::at_line(
                path,
                at.line(),
                at.column(),
                format!("not a valid allow-list (a list of page/thing/reason entries): {err}"),
            ),
            None => GenError::file(
                path,
                format!("not a valid allow-list (a list of page/thing/reason entries): {err}"),
            ),
        })?;
    for (index, entry) in entries.iter().enumerate() {
        let blank = [&entry.page, &entry.thing, &entry.reason]
            .iter()
            .any(|field| field.trim().is_empty());
        if blank {
            return Err(GenError::at(
                path,
                format!("/{index}"),
                "every allow-list entry needs a non-empty page, thing and reason",
            ));
        }
    }
    Ok(entries)
}

/// Findings sorted by the allow-list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Judged {
    /// Findings no entry allows.
    pub disagreements: Vec<Finding>,
    /// Findings an entry allows, with its reason.
    pub allowed: Vec<Allowed>,
    /// Entries about a checked page that allow nothing.
    pub stale: Vec<AllowEntry>,
    /// Entries about no page that was checked (another docs folder, or a typo).
    pub other_pages: Vec<AllowEntry>,
}

/// A finding the allow-list explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allowed {
    /// The difference.
    #[serde(flatten)]
    pub finding: Finding,
    /// The entry's reason.
    pub reason: String,
}

/// Sorts `findings` with `entries`; `checked` lists each checked page's file and operations.
pub fn judge(
    findings: Vec<Finding>,
    entries: &[AllowEntry],
    checked: &[(String, Vec<String>)],
) -> Judged {
    let mut judged = Judged::default();
    let mut used = vec![false; entries.len()];
    for finding in findings {
        let entry = entries.iter().position(|entry| entry.allows(&finding));
        match entry {
            Some(index) => {
                if let Some(flag) = used.get_mut(index) {
                    *flag = true;
                }
                let reason = entries
                    .get(index)
                    .map(|entry| entry.reason.clone())
                    .unwrap_or_default();
                judged.allowed.push(Allowed { finding, reason });
            }
            None => judged.disagreements.push(finding),
        }
    }
    for (entry, used) in entries.iter().zip(used) {
        if used {
            continue;
        }
        let about_checked = checked.iter().any(|(file, operations)| {
            operations
                .iter()
                .any(|operation| entry.names_page(file, operation))
        });
        if about_checked {
            judged.stale.push(entry.clone());
        } else {
            judged.other_pages.push(entry.clone());
        }
    }
    judged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(thing: &str) -> Finding {
        Finding {
            page: "001.txt".into(),
            operation: "POST /a".into(),
            thing: thing.into(),
            page_says: "x".into(),
            spec_says: "y".into(),
            spec_at: None,
        }
    }

    #[test]
    fn entries_allow_by_operation_or_file_and_go_stale() {
        let entries = parse(
            Path::new("allow.yaml"),
            "- page: POST /a\n  thing: one\n  reason: r1\n- page: 001.txt\n  thing: two\n  \
             reason: r2\n- page: POST /a\n  thing: gone\n  reason: r3\n- page: POST /b\n  \
             thing: x\n  reason: r4\n",
        )
        .expect("parses");
        let checked = [("001.txt".to_string(), vec!["POST /a".to_string()])];
        let judged = judge(
            vec![finding("one"), finding("two"), finding("three")],
            &entries,
            &checked,
        );
        assert_eq!(judged.allowed.len(), 2);
        assert_eq!(judged.allowed[1].reason, "r2");
        assert_eq!(judged.disagreements, [finding("three")]);
        assert_eq!(judged.stale.len(), 1);
        assert_eq!(judged.stale[0].thing, "gone");
        assert_eq!(judged.other_pages.len(), 1);
    }

    #[test]
    fn bad_lists_are_located_errors() {
        assert!(
            parse(Path::new("a.yaml"), "# nothing yet\n")
                .expect("empty")
                .is_empty()
        );
        let err = parse(Path::new("a.yaml"), "- page: x\n  thing: y\n  reason: ''\n").unwrap_err();
        assert_eq!(err.pointer(), Some("/0"));
        let err = parse(Path::new("a.yaml"), "- page: x\n  thing: y\n  why: z\n").unwrap_err();
        assert!(err.to_string().starts_with("a.yaml:"), "{err}");
    }
}
