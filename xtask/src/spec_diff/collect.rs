//! Collects the changes found for one operation (or for the document), without duplicates.

use std::collections::HashSet;

use serde_json::Value;

use super::model::{Change, OperationRef, Rule};

/// Gathers changes for one operation; a change reached twice (a component used by both the
/// request and the response, say) is kept once.
#[derive(Debug)]
pub(crate) struct Collector {
    operation: Option<OperationRef>,
    changes: Vec<Change>,
    seen: HashSet<(Rule, String, String)>,
}

impl Collector {
    /// A collector for changes of `operation` (`None`: document-level changes).
    pub(crate) fn new(operation: Option<OperationRef>) -> Self {
        Self {
            operation,
            changes: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Records a change unless the same rule already reported the same message at `pointer`.
    pub(crate) fn push(
        &mut self,
        rule: Rule,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        let pointer = pointer.into();
        let message = message.into();
        if self.seen.insert((rule, pointer.clone(), message.clone())) {
            self.changes.push(Change {
                rule,
                operation: self.operation.clone(),
                pointer,
                message,
            });
        }
    }

    /// Reports documentation fields (`keys`, e.g. `description`) that differ between two
    /// objects of the same place; `pointer` is the object's place in the new spec.
    pub(crate) fn docs(&mut self, old: &Value, new: &Value, pointer: &str, keys: &[&str]) {
        if !old.is_object() || !new.is_object() {
            return;
        }
        for key in keys {
            let (before, after) = (old.get(*key), new.get(*key));
            if before == after {
                continue;
            }
            let what = match (before, after) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                _ => "changed",
            };
            self.push(
                Rule::DescriptionChanged,
                format!("{pointer}/{key}"),
                format!("{key} {what}"),
            );
        }
    }

    /// The changes, in the order they were found.
    pub(crate) fn into_changes(self) -> Vec<Change> {
        self.changes
    }
}
