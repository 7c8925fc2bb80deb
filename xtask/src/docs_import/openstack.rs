//! The OpenStack api-ref page family's conventions: shapes an rst page and its facts table
//! leave open (an "array of objects" with no fields, fields named without types, nullability
//! nobody states) and that the family settles the same way on every page. They are written
//! once, as data, in [`CONVENTIONS`]; each entry cites where it comes from.
//!
//! [`apply`] fills only what is still open on the schema [`super::operation`] built from the
//! page and the facts table: a field that already has a type, items that already have fields
//! and a property already nullable are left as they are. Every application is marked
//! `x-inferred` with the entry's reason, and returned so that the caller lists it in the
//! provenance report. Nothing applies to a page of another family.

use serde_json::{Map, Value, json};

use crate::docs_check::page::PageKind;

use super::components::note;
use super::marks;

/// Which body a convention is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A request body.
    Request,
    /// A response body.
    Response,
    /// Either.
    Both,
}

impl Side {
    /// Whether the convention's side covers `side` (`request` or `response`).
    fn covers(self, side: &str) -> bool {
        match self {
            Side::Request => side == "request",
            Side::Response => side == "response",
            Side::Both => true,
        }
    }
}

/// A field a convention types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The field's key.
    pub name: &'static str,
    /// Its JSON type.
    pub kind: &'static str,
    /// Whether it is nullable.
    pub nullable: bool,
}

/// What a convention settles, and the open shape it needs to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// An array of objects whose fields the source names without types: each of these fields
    /// still without a type gets this one.
    FieldTypes(&'static [Field]),
    /// An array of objects whose items the source gives no fields: the items are an object of
    /// these (optional) fields, named `name`.
    Items {
        /// The items' schema name.
        name: &'static str,
        /// The items' fields, in order.
        fields: &'static [Field],
    },
    /// A typed property the source does not say is nullable: it is.
    Nullable,
}

/// One convention of the page family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Convention {
    /// The property's key.
    pub key: &'static str,
    /// The key of the object that holds it (`volume`), or `None` for any.
    pub within: Option<&'static str>,
    /// The bodies it is about.
    pub side: Side,
    /// What it settles.
    pub rule: Rule,
    /// Why: the `x-inferred` text and the provenance reason.
    pub reason: &'static str,
}

/// An OpenStack link object's fields: `href` and `rel`, both strings.
const LINK_FIELDS: [Field; 2] = [
    Field {
        name: "href",
        kind: "string",
        nullable: false,
    },
    Field {
        name: "rel",
        kind: "string",
        nullable: false,
    },
];

/// The fields of a Cinder volume attachment, as the curated `spec/cinder-volume-manage.yaml`
/// defines `VolumeAttachment` (spec/PROVENANCE.md C-4): all optional strings, `host_name` and
/// `attached_at` nullable, and `attached_at` without `format: date-time` (Cinder writes its
/// timestamps without a timezone, C-3).
const VOLUME_ATTACHMENT_FIELDS: [Field; 7] = [
    Field {
        name: "id",
        kind: "string",
        nullable: false,
    },
    Field {
        name: "attachment_id",
        kind: "string",
        nullable: false,
    },
    Field {
        name: "volume_id",
        kind: "string",
        nullable: false,
    },
    Field {
        name: "server_id",
        kind: "string",
        nullable: false,
    },
    Field {
        name: "host_name",
        kind: "string",
        nullable: true,
    },
    Field {
        name: "device",
        kind: "string",
        nullable: false,
    },
    Field {
        name: "attached_at",
        kind: "string",
        nullable: true,
    },
];

/// OpenStack's link object. The API SIG guideline "Links" (openstack/api-sig
/// `guidelines/links.rst`) and the compute API guide ("Links and references") represent a link
/// as a JSON Hyper-Schema link: an object whose `href` (a URL) and `rel` (a relation name) are
/// strings. A facts table that names a `links` item's fields `{href, rel}` without types
/// leaves exactly that open.
pub const LINKS: Convention = Convention {
    key: "links",
    within: None,
    side: Side::Both,
    rule: Rule::FieldTypes(&LINK_FIELDS),
    reason: "the OpenStack link convention (API SIG guideline \"Links\"): a link object's \
             `href` and `rel` are strings",
};

/// Cinder's volume attachment. The Block Storage API returns a volume's `attachments` as
/// objects with `id`, `attachment_id`, `volume_id`, `server_id`, `host_name`, `device` and
/// `attached_at`; the facts table says only "array of objects". The fields, types and
/// nullability are those of the curated spec's `VolumeAttachment` (spec/PROVENANCE.md C-4:
/// from Cinder's general conventions, not from the page).
pub const VOLUME_ATTACHMENTS: Convention = Convention {
    key: "attachments",
    within: Some("volume"),
    side: Side::Response,
    rule: Rule::Items {
        name: "VolumeAttachment",
        fields: &VOLUME_ATTACHMENT_FIELDS,
    },
    reason: "Cinder's volume attachment convention (spec/PROVENANCE.md C-4, from Cinder's \
             general conventions, not the page): an attachment has the optional strings `id`, \
             `attachment_id`, `volume_id`, `server_id`, `host_name` (nullable), `device` and \
             `attached_at` (nullable)",
};

/// A Cinder volume's `name` in a response is nullable: a judgement (spec/PROVENANCE.md C-3),
/// because the request name is optional or nullable, so a managed volume can have a null
/// name.
pub const VOLUME_NAME: Convention = Convention {
    key: "name",
    within: Some("volume"),
    side: Side::Response,
    rule: Rule::Nullable,
    reason: "a judgement (spec/PROVENANCE.md C-3): the request name is optional or nullable, \
             so a managed volume can have a null name",
};

/// The OpenStack api-ref page family's conventions, in the order they are tried.
pub const CONVENTIONS: [Convention; 3] = [LINKS, VOLUME_ATTACHMENTS, VOLUME_NAME];

/// Where a property of an rst page's body is.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// The page's family.
    pub kind: PageKind,
    /// `request` or `response`.
    pub side: &'a str,
    /// The key of the object that holds the property, if it is inside one.
    pub within: Option<&'a str>,
    /// The property's key.
    pub key: &'a str,
    /// Where the property's facts come from (`README.md line 42`), for the provenance of an
    /// object a convention adds.
    pub source: &'a str,
}

/// One application of a convention: what it settled and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// What was settled (`fields href, rel strings`).
    pub what: String,
    /// The convention's reason.
    pub reason: &'static str,
}

/// Applies the page family's conventions to the schema of the property at `site`, where the
/// schema still leaves their shape open; returns what was applied (nothing for a page of
/// another family, another property, or a shape the page or facts table already settle).
pub fn apply(site: &Site<'_>, schema: &mut Value) -> Vec<Applied> {
    if site.kind != PageKind::Rst {
        return Vec::new();
    }
    let mut out = Vec::new();
    for convention in &CONVENTIONS {
        let here = convention.key == site.key
            && convention.side.covers(site.side)
            && convention
                .within
                .is_none_or(|within| Some(within) == site.within);
        if !here {
            continue;
        }
        if let Some(what) = settle(convention, site, schema) {
            out.push(Applied {
                what,
                reason: convention.reason,
            });
        }
    }
    out
}

/// Settles what `convention` settles on `schema` if it is still open; says what it did.
fn settle(convention: &Convention, site: &Site<'_>, schema: &mut Value) -> Option<String> {
    let object = schema.as_object_mut()?;
    match convention.rule {
        Rule::FieldTypes(fields) => {
            if object.get("type") != Some(&json!("array")) {
                return None;
            }
            let properties = object
                .get_mut("items")
                .and_then(|items| items.get_mut("properties"))
                .and_then(Value::as_object_mut)?;
            let mut typed = Vec::new();
            for field in fields {
                let Some(slot) = properties
                    .get_mut(field.name)
                    .and_then(Value::as_object_mut)
                else {
                    continue;
                };
                if slot.contains_key("type") || slot.contains_key("$ref") {
                    continue;
                }
                slot.insert("type".into(), json!(field.kind));
                if field.nullable {
                    slot.insert("nullable".into(), json!(true));
                }
                note(slot, convention.reason);
                typed.push(format!("`{}` {}", field.name, field.kind));
            }
            (!typed.is_empty()).then(|| format!("fields {}", typed.join(", ")))
        }
        Rule::Items { name, fields } => {
            if object.get("type") != Some(&json!("array")) {
                return None;
            }
            let items = object.get_mut("items")?;
            let open = items.as_object().is_some_and(|items| {
                items.get("type") == Some(&json!("object"))
                    && !items.contains_key("properties")
                    && !items.contains_key("additionalProperties")
                    && !items.contains_key("$ref")
            });
            if !open {
                return None;
            }
            let properties: Map<String, Value> = fields.iter().map(field_schema).collect();
            *items = json!({
                "type": "object",
                "properties": properties,
                marks::INFERRED: convention.reason,
                marks::NAME: name,
                marks::SOURCE: format!("{}, fields from the OpenStack api-ref conventions", site.source),
            });
            Some(format!(
                "items `{name}` of {}",
                fields
                    .iter()
                    .map(|field| field.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
        Rule::Nullable => {
            if !object.contains_key("type") || object.get("nullable") == Some(&json!(true)) {
                return None;
            }
            object.insert("nullable".into(), json!(true));
            note(object, convention.reason);
            Some("nullable".to_string())
        }
    }
}

/// The schema of one field of [`Rule::Items`].
fn field_schema(field: &Field) -> (String, Value) {
    let mut schema = json!({ "type": field.kind });
    if field.nullable {
        schema["nullable"] = json!(true);
    }
    (field.name.to_string(), schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site<'a>(kind: PageKind, side: &'a str, within: Option<&'a str>, key: &'a str) -> Site<'a> {
        Site {
            kind,
            side,
            within,
            key,
            source: "`README.md` line 1",
        }
    }

    #[test]
    fn a_link_item_gets_string_fields_only_where_the_table_gives_no_type() {
        let untyped = "the README.md facts table names the field but gives no type";
        let mut links = json!({ "type": "array", "items": { "type": "object", "properties": {
            "href": { marks::INFERRED: untyped },
            "rel": { "type": "integer" },
        }}});
        let applied = apply(
            &site(PageKind::Rst, "response", Some("volume"), "links"),
            &mut links,
        );
        assert_eq!(
            applied,
            [Applied {
                what: "fields `href` string".to_string(),
                reason: LINKS.reason
            }]
        );
        let href = links.pointer("/items/properties/href").expect("href");
        assert_eq!(href.get("type"), Some(&json!("string")));
        let mark = href.get(marks::INFERRED).and_then(Value::as_str);
        assert!(
            mark.is_some_and(|m| m.contains(untyped) && m.contains(LINKS.reason)),
            "{mark:?}"
        );
        // The field the source types keeps its type, unmarked.
        assert_eq!(
            links.pointer("/items/properties/rel"),
            Some(&json!({ "type": "integer" }))
        );
        // Applying again changes nothing.
        let before = links.clone();
        assert!(
            apply(
                &site(PageKind::Rst, "response", Some("volume"), "links"),
                &mut links
            )
            .is_empty()
        );
        assert_eq!(links, before);
    }

    #[test]
    fn volume_attachments_get_their_fields_only_when_the_items_are_open() {
        let mut open = json!({ "type": "array", "items": { "type": "object" } });
        let at = site(PageKind::Rst, "response", Some("volume"), "attachments");
        let applied = apply(&at, &mut open);
        assert_eq!(applied.len(), 1);
        let items = open.get("items").expect("items");
        assert_eq!(items.get(marks::NAME), Some(&json!("VolumeAttachment")));
        assert_eq!(
            items.get(marks::INFERRED),
            Some(&json!(VOLUME_ATTACHMENTS.reason))
        );
        let properties = items
            .get("properties")
            .and_then(Value::as_object)
            .expect("properties");
        assert_eq!(
            properties.keys().collect::<Vec<_>>(),
            [
                "id",
                "attachment_id",
                "volume_id",
                "server_id",
                "host_name",
                "device",
                "attached_at"
            ]
        );
        assert_eq!(
            properties.get("attached_at"),
            Some(&json!({ "type": "string", "nullable": true }))
        );
        assert_eq!(properties.get("device"), Some(&json!({ "type": "string" })));
        assert!(items.get("required").is_none(), "all optional (C-4)");

        // Items the source gives fields, another holder, a request, another family: unchanged.
        let stated = json!({ "type": "array", "items": { "type": "object", "properties": {
            "server_id": { "type": "string" } } } });
        let cases = [
            (at, stated.clone()),
            (
                site(PageKind::Rst, "response", Some("server"), "attachments"),
                open_items(),
            ),
            (
                site(PageKind::Rst, "request", Some("volume"), "attachments"),
                open_items(),
            ),
            (
                site(
                    PageKind::Katapult,
                    "response",
                    Some("volume"),
                    "attachments",
                ),
                open_items(),
            ),
        ];
        for (at, schema) in cases {
            let mut changed = schema.clone();
            assert!(apply(&at, &mut changed).is_empty(), "{at:?}");
            assert_eq!(changed, schema, "{at:?}");
        }
    }

    fn open_items() -> Value {
        json!({ "type": "array", "items": { "type": "object" } })
    }

    #[test]
    fn a_volume_name_in_a_response_is_nullable_unless_already_stated() {
        let at = site(PageKind::Rst, "response", Some("volume"), "name");
        let mut name = json!({ "type": "string", marks::INFERRED: "facts" });
        assert_eq!(
            apply(&at, &mut name),
            [Applied {
                what: "nullable".to_string(),
                reason: VOLUME_NAME.reason
            }]
        );
        assert_eq!(name.get("nullable"), Some(&json!(true)));
        assert_eq!(
            name.get(marks::INFERRED),
            Some(&json!(format!("facts; {}", VOLUME_NAME.reason)))
        );
        // Already nullable (the table says so), untyped (no table), or the request's name:
        // unchanged.
        for (at, schema) in [
            (at, json!({ "type": "string", "nullable": true })),
            (at, json!({ "description": "untyped" })),
            (
                site(PageKind::Rst, "request", Some("volume"), "name"),
                json!({ "type": "string" }),
            ),
            (
                site(PageKind::Rst, "response", None, "name"),
                json!({ "type": "string" }),
            ),
        ] {
            let mut changed = schema.clone();
            assert!(apply(&at, &mut changed).is_empty(), "{at:?} {schema}");
            assert_eq!(changed, schema);
        }
    }

    #[test]
    fn every_convention_has_a_reason_and_a_known_type() {
        for convention in CONVENTIONS {
            assert!(!convention.reason.is_empty(), "{}", convention.key);
            let fields: &[Field] = match convention.rule {
                Rule::FieldTypes(fields) | Rule::Items { fields, .. } => fields,
                Rule::Nullable => &[],
            };
            for field in fields {
                assert!(
                    ["string", "integer", "number", "boolean"].contains(&field.kind),
                    "{}",
                    field.name
                );
            }
        }
    }
}
