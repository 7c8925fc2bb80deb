//! Schema comparison as the generated Rust types see it.
//!
//! Two schemas are looked at through [`View`]s and compared by their Rust kind (string, `i32`,
//! closed enum, struct, map, `oneOf` enum, …); structs property by property (`allOf` members
//! merged), arrays by item, maps by value, enums by value and `oneOf`/`anyOf` by variant.
//! Whether a property is an `Option<T>` (optional *or* nullable) is judged with the property.
//!
//! Recursive schemas terminate: each pair of `$ref` targets is compared once per direction
//! (the visited set), and the depth is bounded besides.

use std::collections::HashSet;

use serde_json::Value;

use super::collect::Collector;
use super::model::Rule;
use super::view::{Kind, Properties, Slot, View, kind, variants, view};

/// Deepest nesting compared; deeper inline schemas are not looked at.
const MAX_DEPTH: usize = 64;

/// Which way a schema travels: it decides the severity of most schema rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    /// Built by SDK users and sent.
    Request,
    /// Received and decoded by the SDK.
    Response,
}

/// Where a schema sits; decides which rule reports a type change and whether `nullable` is
/// judged here (non-property positions) or by the property comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// A request or response body.
    Root,
    /// A parameter's schema.
    Parameter,
    /// An object property (its `Option`-ness is judged by the caller).
    Property,
    /// An array item, map value or `oneOf` variant.
    Item,
}

fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Compares schemas of one operation, reporting into its [`Collector`].
pub(crate) struct SchemaDiff<'a> {
    old: &'a Value,
    new: &'a Value,
    /// Where changes go (also used directly by the operation comparison).
    pub(crate) out: Collector,
    visited: HashSet<(String, String, Direction)>,
}

impl<'a> SchemaDiff<'a> {
    /// A comparison between the documents `old` and `new`, reporting into `out`.
    pub(crate) fn new(old: &'a Value, new: &'a Value, out: Collector) -> Self {
        Self {
            old,
            new,
            out,
            visited: HashSet::new(),
        }
    }

    /// Compares two request bodies or two responses, each resolved and found at its pointer:
    /// their description, then their JSON schemas. A body that loses or gains its JSON schema
    /// changes the Rust type: reported with the `lost` or `gained` message.
    pub(crate) fn compare_body(
        &mut self,
        (old_pointer, old_body): (String, &'a Value),
        (new_pointer, new_body): (String, &'a Value),
        direction: Direction,
        [lost, gained]: [&str; 2],
    ) {
        self.out
            .docs(old_body, new_body, &new_pointer, &["description"]);
        let type_rule = match direction {
            Direction::Request => Rule::RequestPropertyTypeChanged,
            Direction::Response => Rule::ResponsePropertyTypeChanged,
        };
        match (
            Slot::json_body(old_body, &old_pointer),
            Slot::json_body(new_body, &new_pointer),
        ) {
            (Some(before), Some(after)) => {
                self.compare_root(before, after, direction, Position::Root, true);
            }
            (Some(_), None) => self.out.push(type_rule, new_pointer, lost),
            (None, Some(_)) => self.out.push(type_rule, new_pointer, gained),
            (None, None) => {}
        }
    }

    /// Compares two schemas at the top of a body or parameter. With `names_matter` false, a
    /// different `$ref` name at this level is not a change (tagged error variants are
    /// inlined by the generator, so their component names do not reach Rust).
    pub(crate) fn compare_root(
        &mut self,
        old: Slot<'a>,
        new: Slot<'a>,
        direction: Direction,
        position: Position,
        names_matter: bool,
    ) {
        self.compare(old, new, direction, position, names_matter, 0);
    }

    fn compare(
        &mut self,
        old: Slot<'a>,
        new: Slot<'a>,
        direction: Direction,
        position: Position,
        names_matter: bool,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        self.out.docs(
            old.value,
            new.value,
            &new.pointer,
            &["title", "description"],
        );
        let before = view(self.old, &old);
        let after = view(self.new, &new);
        if names_matter {
            self.compare_names(&before, &after, &new.pointer);
        }
        if let (Some(old_target), Some(new_target)) = (&before.target, &after.target) {
            let key = (old_target.clone(), new_target.clone(), direction);
            if !self.visited.insert(key) {
                return;
            }
        }
        if before.pointer != old.pointer || after.pointer != new.pointer {
            self.out.docs(
                before.schema,
                after.schema,
                &after.pointer,
                &["title", "description"],
            );
        }
        let type_rule = match (position, direction) {
            (Position::Parameter, _) => Rule::ParameterTypeChanged,
            (_, Direction::Request) => Rule::RequestPropertyTypeChanged,
            (_, Direction::Response) => Rule::ResponsePropertyTypeChanged,
        };
        if position != Position::Property && before.nullable != after.nullable {
            let (was, now) = if after.nullable {
                ("`T`", "`Option<T>` (now nullable)")
            } else {
                ("`Option<T>`", "`T` (no longer nullable)")
            };
            self.out.push(
                type_rule,
                after.pointer.clone(),
                format!("type changed from {was} to {now}"),
            );
        }
        let (old_kind, new_kind) = (kind(before.schema), kind(after.schema));
        if old_kind != new_kind {
            self.out.push(
                type_rule,
                after.pointer.clone(),
                format!("type changed from `{old_kind}` to `{new_kind}`"),
            );
            return;
        }
        match old_kind {
            Kind::Enum(_) => self.compare_enums(&before, &after, direction),
            Kind::Struct => self.compare_properties(&before, &after, direction, depth),
            Kind::Union(keyword) => {
                self.compare_variants(&before, &after, keyword, direction, depth);
            }
            Kind::Array | Kind::Map => {
                let key = if old_kind == Kind::Array {
                    "items"
                } else {
                    "additionalProperties"
                };
                let old_slot = Slot::new(before.pointer.clone(), before.schema).child(key);
                let new_slot = Slot::new(after.pointer.clone(), after.schema).child(key);
                if let (Some(old_item), Some(new_item)) = (old_slot, new_slot) {
                    self.compare(
                        old_item,
                        new_item,
                        direction,
                        Position::Item,
                        true,
                        depth + 1,
                    );
                }
            }
            Kind::Any | Kind::FreeObject | Kind::Scalar(_) => {}
        }
    }

    fn compare_names(&mut self, before: &View<'a>, after: &View<'a>, pointer: &str) {
        let message = match (&before.ref_name, &after.ref_name) {
            (Some(old), Some(new)) if old != new => {
                format!("`$ref` {old} is now {new}: the Rust type is renamed")
            }
            (Some(old), None) => {
                format!("`$ref` {old} is now an inline schema: the Rust type is renamed")
            }
            (None, Some(new)) => {
                format!("an inline schema is now `$ref` {new}: the Rust type is renamed")
            }
            _ => return,
        };
        self.out.push(Rule::RefTargetChanged, pointer, message);
    }

    fn compare_enums(&mut self, before: &View<'a>, after: &View<'a>, direction: Direction) {
        let values = |view: &View<'a>| -> Vec<&'a Value> {
            view.schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| values.iter().collect())
                .unwrap_or_default()
        };
        let (old_values, new_values) = (values(before), values(after));
        let (removed_rule, added_rule, added_effect) = match direction {
            Direction::Request => (
                Rule::RequestEnumValueRemoved,
                Rule::RequestEnumValueAdded,
                "a new variant callers may send",
            ),
            Direction::Response => (
                Rule::ResponseEnumValueRemoved,
                Rule::ResponseEnumValueAdded,
                "released clients cannot decode it (Rust enums are closed)",
            ),
        };
        for value in old_values
            .iter()
            .filter(|value| !new_values.contains(value))
        {
            self.out.push(
                removed_rule,
                format!("{}/enum", before.pointer),
                format!(
                    "enum value `{}` is removed: its variant is gone",
                    show(value)
                ),
            );
        }
        for value in new_values
            .iter()
            .filter(|value| !old_values.contains(value))
        {
            self.out.push(
                added_rule,
                format!("{}/enum", after.pointer),
                format!("new enum value `{}`: {added_effect}", show(value)),
            );
        }
    }

    fn compare_properties(
        &mut self,
        before: &View<'a>,
        after: &View<'a>,
        direction: Direction,
        depth: usize,
    ) {
        let old_properties = Properties::of(self.old, before);
        let new_properties = Properties::of(self.new, after);
        for (name, old_slot) in &old_properties.list {
            let Some(new_slot) = new_properties.get(name) else {
                let rule = match direction {
                    Direction::Request => Rule::RequestPropertyRemoved,
                    Direction::Response => Rule::ResponsePropertyRemoved,
                };
                self.out.push(
                    rule,
                    old_slot.pointer.clone(),
                    format!("property `{name}` is removed: its field is gone"),
                );
                continue;
            };
            let presence = Presence {
                name,
                old_required: old_properties.required.contains(name),
                old_nullable: view(self.old, old_slot).nullable,
                new_required: new_properties.required.contains(name),
                new_nullable: view(self.new, new_slot).nullable,
            };
            self.compare_presence(&presence, direction, &new_slot.pointer);
            self.compare(
                old_slot.clone(),
                new_slot.clone(),
                direction,
                Position::Property,
                true,
                depth + 1,
            );
        }
        for (name, new_slot) in &new_properties.list {
            if old_properties.get(name).is_some() {
                continue;
            }
            let required = new_properties.required.contains(name);
            let (rule, message) = match (direction, required) {
                (Direction::Request, true) => (
                    Rule::RequestPropertyRequiredAdded,
                    format!("new required property `{name}`: bodies built without it fail"),
                ),
                (Direction::Request, false) => (
                    Rule::RequestPropertyOptionalAdded,
                    format!("new optional property `{name}`"),
                ),
                (Direction::Response, _) => (
                    Rule::ResponsePropertyAdded,
                    format!("new property `{name}`"),
                ),
            };
            self.out.push(rule, new_slot.pointer.clone(), message);
        }
    }

    fn compare_presence(&mut self, presence: &Presence<'_>, direction: Direction, pointer: &str) {
        let Presence {
            name,
            old_required,
            old_nullable,
            new_required,
            new_nullable,
        } = *presence;
        let old_option = !old_required || old_nullable;
        let new_option = !new_required || new_nullable;
        let now = if old_required && !new_required {
            "optional"
        } else {
            "nullable"
        };
        let (rule, message) = match (old_option, new_option, direction) {
            // typify's builders fail on a required field left unset, nullable or not.
            (true, true, Direction::Request) if !old_required && new_required => (
                Rule::RequestPropertyBecameRequired,
                format!(
                    "property `{name}` is now required (still nullable, `Option<T>`): bodies \
                     built without it fail"
                ),
            ),
            (false, true, Direction::Request) => (
                Rule::RequestPropertyBecameOptional,
                format!(
                    "property `{name}` is now {now}: `T` becomes `Option<T>`, builders still \
                     accept `T`"
                ),
            ),
            (false, true, Direction::Response) if now == "optional" => (
                Rule::ResponsePropertyBecameOptional,
                format!(
                    "property `{name}` is now optional: `T` becomes `Option<T>`, released \
                     clients fail when it is missing"
                ),
            ),
            (false, true, Direction::Response) => (
                Rule::ResponsePropertyBecameNullable,
                format!(
                    "property `{name}` is now nullable: `T` becomes `Option<T>`, released \
                     clients fail on null"
                ),
            ),
            (true, false, Direction::Request) => (
                Rule::RequestPropertyBecameRequired,
                format!(
                    "property `{name}` is now required and not nullable: `Option<T>` becomes \
                     `T`, bodies built without it fail"
                ),
            ),
            (true, false, Direction::Response) => (
                Rule::ResponsePropertyBecameRequired,
                format!(
                    "property `{name}` is now required and not nullable: `Option<T>` becomes `T`"
                ),
            ),
            _ if old_required != new_required || old_nullable != new_nullable => {
                let mut what = Vec::new();
                if old_required != new_required {
                    what.push(if new_required {
                        "now required"
                    } else {
                        "now optional"
                    });
                }
                if old_nullable != new_nullable {
                    what.push(if new_nullable {
                        "now nullable"
                    } else {
                        "no longer nullable"
                    });
                }
                (
                    Rule::PropertyPresenceChanged,
                    format!(
                        "property `{name}` is {}: the Rust type stays `Option<T>`",
                        what.join(" and ")
                    ),
                )
            }
            _ => return,
        };
        self.out.push(rule, pointer, message);
    }

    fn compare_variants(
        &mut self,
        before: &View<'a>,
        after: &View<'a>,
        keyword: &str,
        direction: Direction,
        depth: usize,
    ) {
        let old_variants = variants(before, keyword);
        let new_variants = variants(after, keyword);
        let find = |list: &[(String, Slot<'a>)], key: &str| {
            list.iter()
                .find(|(candidate, _)| candidate == key)
                .map(|(_, slot)| slot.clone())
        };
        for (key, old_slot) in &old_variants {
            match find(&new_variants, key) {
                Some(new_slot) => self.compare(
                    old_slot.clone(),
                    new_slot,
                    direction,
                    Position::Item,
                    true,
                    depth + 1,
                ),
                None => {
                    let rule = match direction {
                        Direction::Request => Rule::RequestVariantRemoved,
                        Direction::Response => Rule::ResponseVariantRemoved,
                    };
                    self.out.push(
                        rule,
                        old_slot.pointer.clone(),
                        format!("{keyword} variant {key} is removed: its enum variant is gone"),
                    );
                }
            }
        }
        for (key, new_slot) in &new_variants {
            if find(&old_variants, key).is_some() {
                continue;
            }
            let (rule, effect) = match direction {
                Direction::Request => (Rule::RequestVariantAdded, "a new variant callers may send"),
                Direction::Response => (
                    Rule::ResponseVariantAdded,
                    "released clients cannot decode it",
                ),
            };
            self.out.push(
                rule,
                new_slot.pointer.clone(),
                format!("new {keyword} variant {key}: {effect}"),
            );
        }
    }
}

/// Whether a property is required and nullable, before and after.
#[derive(Clone, Copy)]
struct Presence<'n> {
    name: &'n str,
    old_required: bool,
    old_nullable: bool,
    new_required: bool,
    new_nullable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    fn presence_rules(old: (bool, bool), new: (bool, bool), direction: Direction) -> Vec<Rule> {
        let doc = json!({});
        let mut diff = SchemaDiff::new(&doc, &doc, Collector::new(None));
        let presence = Presence {
            name: "p",
            old_required: old.0,
            old_nullable: old.1,
            new_required: new.0,
            new_nullable: new.1,
        };
        diff.compare_presence(&presence, direction, "/p");
        diff.out
            .into_changes()
            .iter()
            .map(|change| change.rule)
            .collect()
    }

    #[test]
    fn presence_follows_the_rust_type_and_the_builders() {
        use Direction::{Request, Response};
        // (required, nullable) before and after.
        let optional_nullable = (false, true);
        let required_nullable = (true, true);
        let required = (true, false);
        let optional = (false, false);
        assert_eq!(
            presence_rules(optional_nullable, required_nullable, Request),
            [Rule::RequestPropertyBecameRequired]
        );
        assert_eq!(
            presence_rules(optional_nullable, required_nullable, Response),
            [Rule::PropertyPresenceChanged]
        );
        assert_eq!(
            presence_rules(required_nullable, optional_nullable, Request),
            [Rule::PropertyPresenceChanged]
        );
        assert_eq!(
            presence_rules(required, optional, Response),
            [Rule::ResponsePropertyBecameOptional]
        );
        assert_eq!(
            presence_rules(required, required_nullable, Response),
            [Rule::ResponsePropertyBecameNullable]
        );
        assert_eq!(
            presence_rules(optional, required, Response),
            [Rule::ResponsePropertyBecameRequired]
        );
        assert_eq!(
            presence_rules(required_nullable, required, Request),
            [Rule::RequestPropertyBecameRequired]
        );
        assert_eq!(
            presence_rules(required, optional, Request),
            [Rule::RequestPropertyBecameOptional]
        );
        assert!(presence_rules(required, required, Response).is_empty());
    }
}
