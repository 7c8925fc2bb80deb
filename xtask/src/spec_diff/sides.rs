//! The two documents a diff compares, each with the generator's plan of its operations (the
//! success status and error enum the SDK is generated from).

use std::collections::BTreeMap;

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
    old_plans: BTreeMap<String, OperationPlan>,
    new_plans: BTreeMap<String, OperationPlan>,
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

    /// The plans of the old operation `old_id` and of its new counterpart `new_id`.
    pub(super) fn plans(
        &self,
        old_id: &str,
        new_id: &str,
    ) -> Option<(&OperationPlan, &OperationPlan)> {
        Some((self.old_plans.get(old_id)?, self.new_plans.get(new_id)?))
    }
}

/// The generator's plan of each operation of `spec`, by operationId.
fn plans(spec: &LoadedSpec) -> Result<BTreeMap<String, OperationPlan>> {
    Ok(normalise(&spec.document)
        .map_err(|err| err.in_file(&spec.path))?
        .operations
        .into_iter()
        .map(|plan| (plan.operation_id.clone(), plan))
        .collect())
}
