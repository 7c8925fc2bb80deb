//! Names the pages do not print: operationIds from titles, schema names from keys, property
//! names from the sentences that describe them.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words a title's sentence carries that a method name does without.
const ARTICLES: [&str; 3] = ["a", "an", "the"];

/// An operationId that reads as a Rust method name: the title in snake case, without its
/// articles and possessive `'s` (`Create IP Address` → `create_ip_address`, `Show a
/// volume's details` → `show_volume_details`).
pub fn operation_id(title: &str) -> String {
    let title = format!("{title} ").replace("'s ", " ").replace("’s ", " ");
    let all: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let kept: Vec<String> = all
        .iter()
        .filter(|word| !ARTICLES.contains(&word.as_str()))
        .cloned()
        .collect();
    let words = if kept.is_empty() { all } else { kept };
    let id = words.join("_");
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("operation_{id}")
    } else {
        id
    }
}

/// `file_storage_volume` → `FileStorageVolume`.
pub fn pascal(text: &str) -> String {
    text.to_upper_camel_case()
}

/// A JSON key in snake case (`IP address` → `ip_address`).
pub fn snake(text: &str) -> String {
    text.to_snake_case()
}

/// Keys ending in `s` that are singular already.
const INVARIANT: [&str; 4] = ["status", "bus", "alias", "canvas"];

/// The singular of an English plural key, for the items of an array (`data_centers` →
/// `data_center`, `ip_addresses` → `ip_address`, `gpus` → `gpu`); other keys unchanged.
pub fn singular(key: &str) -> String {
    let (head, last) = match key.rsplit_once('_') {
        Some((head, last)) => (Some(head), last),
        None => (None, key),
    };
    let single = if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = last
        .strip_suffix("sses")
        .or_else(|| last.strip_suffix("xes"))
        .or_else(|| last.strip_suffix("ches"))
    {
        format!("{stem}{}", &last[stem.len()..last.len() - 2])
    } else if last.ends_with("ss") || INVARIANT.contains(&last) {
        last.to_string()
    } else if let Some(stem) = last.strip_suffix('s') {
        stem.to_string()
    } else {
        last.to_string()
    };
    match head {
        Some(head) => format!("{head}_{single}"),
        None => single,
    }
}

/// The words of a sentence, lower case, without punctuation.
pub fn words(sentence: &str) -> Vec<String> {
    sentence
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// How many of the parts of `key` (split at `_`) the sentence's words contain.
pub fn overlap(key: &str, sentence_words: &[String]) -> usize {
    key.split('_')
        .filter(|part| !part.is_empty() && sentence_words.iter().any(|word| word == part))
        .count()
}

/// Words that end the subject of a sentence ("The IP address *the* request was …").
const SUBJECT_ENDS: [&str; 24] = [
    "the",
    "a",
    "an",
    "of",
    "for",
    "to",
    "that",
    "which",
    "who",
    "is",
    "are",
    "was",
    "were",
    "from",
    "in",
    "on",
    "with",
    "regarding",
    "by",
    "when",
    "if",
    "this",
    "it",
    "as",
];

/// Sentences whose subject does not name the field, and the name the page family gives it.
const PHRASES: [(&str, &str); 1] = [("additional information", "details")];

/// A property name for a field the page describes but does not name: the family's name for
/// the sentence's opening phrase, else the sentence's subject in snake case (`The IP address
/// the request was received from` → `ip_address`). `None` if the sentence has no subject.
pub fn name_from_sentence(sentence: &str) -> Option<(String, String)> {
    let all = words(sentence);
    let lowered = all.join(" ");
    for (phrase, name) in PHRASES {
        if lowered.starts_with(phrase) {
            return Some((
                name.to_string(),
                format!("a sentence opening with \"{phrase}\" describes a `{name}` field"),
            ));
        }
    }
    let mut rest = all.as_slice();
    while let Some((first, tail)) = rest.split_first() {
        if matches!(first.as_str(), "the" | "a" | "an") {
            rest = tail;
        } else {
            break;
        }
    }
    let subject: Vec<&str> = rest
        .iter()
        .take_while(|word| !SUBJECT_ENDS.contains(&word.as_str()))
        .map(String::as_str)
        .collect();
    if subject.is_empty() || subject.len() > 4 {
        return None;
    }
    let name = subject.join("_");
    Some((
        name.clone(),
        format!(
            "the subject of the sentence, \"{}\", names the field",
            subject.join(" ")
        ),
    ))
}

/// A tag for the operations under `path`: its last literal plural segment, in words
/// (`/organizations/organization/ip_addresses` → `Ip addresses`).
pub fn tag(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .collect();
    let chosen = segments
        .iter()
        .rev()
        .find(|segment| segment.ends_with('s') && !is_version(segment))
        .or_else(|| segments.last())
        .copied()
        .unwrap_or("default");
    let spaced = chosen.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// `v2`, `v1`: a version segment of a path.
fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_read_as_methods() {
        assert_eq!(operation_id("Create IP Address"), "create_ip_address");
        assert_eq!(
            operation_id("Assign disk to virtual machine"),
            "assign_disk_to_virtual_machine"
        );
        assert_eq!(operation_id("2 things"), "operation_2_things");
        assert_eq!(
            operation_id("Show a snapshot's metadata"),
            "show_snapshot_metadata"
        );
        assert_eq!(operation_id("A"), "a");
    }

    #[test]
    fn plurals_become_singular() {
        assert_eq!(singular("data_centers"), "data_center");
        assert_eq!(singular("ip_addresses"), "ip_address");
        assert_eq!(singular("gpus"), "gpu");
        assert_eq!(singular("attributes"), "attribute");
        assert_eq!(singular("properties"), "property");
        assert_eq!(singular("status"), "status");
    }

    #[test]
    fn sentences_name_their_subject() {
        assert_eq!(
            name_from_sentence("The IP address the request was received from").map(|n| n.0),
            Some("ip_address".to_string())
        );
        assert_eq!(
            name_from_sentence("Additional information regarding the reason").map(|n| n.0),
            Some("details".to_string())
        );
        assert_eq!(name_from_sentence("The the"), None);
    }

    #[test]
    fn tags_come_from_the_path() {
        assert_eq!(
            tag("/organizations/organization/ip_addresses"),
            "Ip addresses"
        );
        assert_eq!(tag("/disks/disk/assign"), "Disks");
        assert_eq!(tag("/v2/{project_id}/os-volume-manage"), "Os volume manage");
    }
}
