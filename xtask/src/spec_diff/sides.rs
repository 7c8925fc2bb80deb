//! The two documents a diff compares, each with the generator's plan of its operations (the
//! success status and error enum the SDK is generated from).

use std::collections::BTreeMap;

use super::model::OperationRef as Named;
use crate::spec::OperationRef;

use serde_json::Value;

use crate::error::Result;
use crate::generate::normalise::{OperationPlan, normalise};
use crate::spec::LoadedSpec;

/// Both documents, with the generator's plan for each of their operations.
pub(super) struct Sides<'a> {
    /// The old document.
    pub(super) old: &'a Value,
    /// The new document.
    pub(super) new: &'a Value,
    /// The plans by the operation's JSON pointer.
    old_plans: BTreeMap<String, OperationPlan>,
    new_plans: BTreeMap<String, OperationPlan>,
}

/// Which of the two documents.
#[derive(Clone, Copy)]
pub(super) enum Side {
    /// The old document.
    Old,
    /// The new document.
    New,
}

impl<'a> Sides<'a> {
    /// Plans both specs; a spec the generator cannot plan cannot be compared.
    pub(super) fn new(old: &'a LoadedSpec, new: &'a LoadedSpec) -> Result<Self> {
        Ok(Self {
            old: &old.document,
            new: &new.document,
            old_plans: plans(old)?,
            new_plans: plans(new)?,
        })
    }

    /// The plans of an old operation and of its new counterpart.
    pub(super) fn plans(
        &self,
        old: &OperationRef<'_>,
        new: &OperationRef<'_>,
    ) -> Option<(&OperationPlan, &OperationPlan)> {
        Some((
            self.old_plans.get(&old.pointer)?,
            self.new_plans.get(&new.pointer)?,
        ))
    }

    /// The operationId the generator names the client method after: the spec's, or the one
    /// it gives an operation without (from method and path).
    pub(super) fn id<'s>(&'s self, side: Side, op: &'s OperationRef<'_>) -> &'s str {
        let plans = match side {
            Side::Old => &self.old_plans,
            Side::New => &self.new_plans,
        };
        plans
            .get(&op.pointer)
            .map(|plan| plan.operation_id.as_str())
            .or(op.operation_id())
            .unwrap_or_default()
    }

    /// How a change names the operation.
    pub(super) fn named(&self, side: Side, op: &OperationRef<'_>) -> Named {
        Named {
            operation_id: self.id(side, op).to_string(),
            method: op.method.to_uppercase(),
            path: op.route.to_string(),
        }
    }
}

/// The generator's plan of each operation of `spec`, by the operation's JSON pointer.
fn plans(spec: &LoadedSpec) -> Result<BTreeMap<String, OperationPlan>> {
    Ok(normalise(spec.document.clone())
        .map_err(|err| err.in_file(&spec.path))?
        .operations
        .into_iter()
        .map(|plan| (plan.pointer.clone(), plan))
        .collect())
}
