//! What the create operations check alike in their arguments — a unique name, annotation
//! keys — and the annotations they give back.

use katapult_core::types as katapult;

/// Validation sentences for annotations without a key.
pub(crate) fn annotation_problems(annotations: &[katapult::AnnotationArguments]) -> Vec<String> {
    annotations
        .iter()
        .enumerate()
        .filter(|(_, annotation)| {
            annotation
                .key
                .as_deref()
                .is_none_or(|key| key.trim().is_empty())
        })
        .map(|(index, _)| format!("annotations[{index}].key: can't be blank"))
        .collect()
}

/// The annotations of a created object, as given.
pub(crate) fn annotations(given: Vec<katapult::AnnotationArguments>) -> Vec<katapult::Annotation> {
    given
        .into_iter()
        .map(|annotation| katapult::Annotation {
            key: annotation.key,
            value: annotation.value,
        })
        .collect()
}

/// `properties.name`, trimmed, after checking it is given and not among `taken` (the names of
/// the owner's objects of the same kind); problems are pushed as validation errors.
pub(crate) fn unique_name<'n, 't>(
    name: Option<&'n str>,
    mut taken: impl Iterator<Item = Option<&'t str>>,
    problems: &mut Vec<String>,
) -> &'n str {
    let name = name.map(str::trim).unwrap_or_default();
    if name.is_empty() {
        problems.push("properties.name: can't be blank".to_string());
    } else if taken.any(|other| other == Some(name)) {
        problems.push("properties.name: has already been taken".to_string());
    }
    name
}
