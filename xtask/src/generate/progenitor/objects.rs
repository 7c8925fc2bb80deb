//! Model structs as tables of their fields. typify puts a serde attribute on each optional
//! field — `#[serde(skip_serializing_if = "Option::is_none")]` on one the JSON may leave out,
//! `#[serde(deserialize_with = "Option::deserialize")]` on one it must give, maybe as `null` —
//! a line for each of GitHub's 9,800 such fields. A struct with several becomes an `object!`
//! call (`templates/object.rs`) that marks them `opt` or `nullable` instead, and the macro
//! writes the attribute and the `Option`; likewise a field that defaults when missing is
//! `default`, and a list that is also left out when empty `list`. The struct, its API and its
//! serde behaviour are the same.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::generate::render::macro_layout::{
    attribute_lines, layout_macro_calls_with, type_on_one_line,
};
use crate::generate::render::templates::OBJECT_MACRO;
use crate::generate::render::templates::with_macro_definition;
use crate::generate::syntax::attributes::string_item;

/// The most fields a struct may have to become a call: the macro takes a field per step of
/// its expansion, and rustc allows 128 nested steps.
const MAX_FIELDS: usize = 100;

/// The fewest marked fields (optional, defaulted) that make a call shorter than the struct:
/// the call's first and last lines cost two.
const MIN_MARKED: usize = 3;

/// How a field is written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `pub name: T`, as it is.
    Plain,
    /// `Option<T>` left out of the JSON when `None`.
    Optional,
    /// `Option<T>` that the JSON must give, maybe as `null`.
    Nullable,
    /// A `Vec` that is empty when the JSON leaves it out, and left out when empty.
    List,
    /// A field that takes its type's default when the JSON leaves it out.
    Default,
}

impl Kind {
    fn keyword(self) -> &'static str {
        match self {
            Kind::Plain => "pub",
            Kind::Optional => "opt",
            Kind::Nullable => "nullable",
            Kind::List => "list",
            Kind::Default => "default",
        }
    }
}

/// A field of the table: its other attributes, its kind, name and (for an optional one, the
/// `Option`'s inner) type.
struct Field {
    attrs: Vec<syn::Attribute>,
    kind: Kind,
    name: syn::Ident,
    ty: syn::Type,
}

/// The arguments of an `object!` call: the struct's attributes, name and fields.
struct ObjectCall {
    attrs: Vec<syn::Attribute>,
    name: syn::Ident,
    fields: Vec<Field>,
}

/// Replaces each struct of `types` with several optional fields by an `object!` call, its
/// `cfg` staying on the call; whether it replaced any (and `types.rs` needs the macro), and the
/// places of its kind it left: an `Option` field whose serde attributes skip or deserialize it
/// otherwise than typify does, or mark it twice. Runs after the prelude paths are shortened, as
/// the call's types are not shortened.
pub fn tabulate_objects(types: &mut syn::File) -> (bool, Vec<String>) {
    let mut replaced = false;
    let mut unrecognised = Vec::new();
    for item in &mut types.items {
        let syn::Item::Struct(definition) = item else {
            continue;
        };
        for field in &definition.fields {
            if let Some(name) = &field.ident
                && !typifys_marks(field)
            {
                unrecognised.push(format!(
                    "types.rs, `{}::{name}`: the optional field's serde attributes are not \
                     typify's, left as they are",
                    definition.ident
                ));
            }
        }
        let Some((cfgs, call)) = object_call(definition) else {
            continue;
        };
        *item = syn::parse_quote!(#(#cfgs)* object!(#call););
        replaced = true;
    }
    (replaced, unrecognised)
}

/// Whether the serde items that skip or deserialize an `Option` field are typify's marks, at
/// most one (any field that is not an `Option` is not the pass's kind).
fn typifys_marks(field: &syn::Field) -> bool {
    if option_inner(&field.ty).is_none() {
        return true;
    }
    let items: Vec<syn::Meta> = (field.attrs.iter())
        .filter_map(serde_items)
        .flatten()
        .filter(|item| {
            ["skip_serializing_if", "deserialize_with", "with"]
                .iter()
                .any(|name| item.path().is_ident(name))
        })
        .collect();
    match items.as_slice() {
        [] => true,
        [mark] => marked_kind(mark).is_some(),
        _ => false,
    }
}

/// `types.rs` (formatted) with the macro's definition after its inner attributes.
pub fn with_object_macro(types: &str) -> String {
    with_macro_definition(types, OBJECT_MACRO)
}

/// The struct's `cfg`s and its call, if it is a struct the macro writes: public named fields,
/// at most [`MAX_FIELDS`], at least [`MIN_MARKED`] marked, each type printable on a line.
fn object_call(definition: &syn::ItemStruct) -> Option<(Vec<syn::Attribute>, ObjectCall)> {
    let syn::Fields::Named(named) = &definition.fields else {
        return None;
    };
    if !definition.generics.params.is_empty()
        || !matches!(definition.vis, syn::Visibility::Public(_))
        || named.named.len() > MAX_FIELDS
    {
        return None;
    }
    let mut fields = Vec::new();
    for field in &named.named {
        if !matches!(field.vis, syn::Visibility::Public(_)) {
            return None;
        }
        let field = table_field(field)?;
        type_on_one_line(&field.ty)?;
        fields.push(field);
    }
    if fields.iter().filter(|f| f.kind != Kind::Plain).count() < MIN_MARKED {
        return None;
    }
    let (cfgs, attrs) =
        (definition.attrs.iter().cloned()).partition(|attribute| attribute.path().is_ident("cfg"));
    let call = ObjectCall {
        attrs,
        name: definition.ident.clone(),
        fields,
    };
    Some((cfgs, call))
}

/// A struct's field as a row of the table: optional if its type is `Option<T>` and a serde
/// attribute says it is, the rest of that attribute kept.
fn table_field(field: &syn::Field) -> Option<Field> {
    let name = field.ident.clone()?;
    let plain = || Field {
        attrs: field.attrs.clone(),
        kind: Kind::Plain,
        name: name.clone(),
        ty: field.ty.clone(),
    };
    let Some(inner) = option_inner(&field.ty) else {
        return Some(defaulted_field(field, name.clone()).unwrap_or_else(plain));
    };
    let mut kind = Kind::Plain;
    let mut attrs = Vec::new();
    for attribute in &field.attrs {
        let Some(items) = serde_items(attribute) else {
            attrs.push(attribute.clone());
            continue;
        };
        let (marks, rest): (Vec<syn::Meta>, Vec<syn::Meta>) = items
            .into_iter()
            .partition(|item| marked_kind(item).is_some());
        match (marks.as_slice(), kind) {
            ([], _) => attrs.push(attribute.clone()),
            ([mark], Kind::Plain) => {
                kind = marked_kind(mark)?;
                if !rest.is_empty() {
                    attrs.push(syn::parse_quote!(#[serde(#(#rest),*)]));
                }
            }
            // Marked twice, or both ways: not typify's, so written as it is.
            _ => return Some(plain()),
        }
    }
    if kind == Kind::Plain {
        return Some(plain());
    }
    Some(Field {
        attrs,
        kind,
        name,
        ty: inner,
    })
}

/// A field that is not an `Option` as a `list` or `default` row, if one serde attribute says
/// `default` (and, for a `Vec`, `skip_serializing_if = "Vec::is_empty"`); the rest of that
/// attribute kept.
fn defaulted_field(field: &syn::Field, name: syn::Ident) -> Option<Field> {
    let mut found: Option<Kind> = None;
    let mut attrs = Vec::new();
    for attribute in &field.attrs {
        let Some(items) = serde_items(attribute) else {
            attrs.push(attribute.clone());
            continue;
        };
        let is_default =
            |item: &syn::Meta| matches!(item, syn::Meta::Path(path) if path.is_ident("default"));
        let skips_empty_vec = |item: &syn::Meta| {
            string_item(item, "skip_serializing_if")
                .is_some_and(|named| named.trim_start_matches("::std::vec::") == "Vec::is_empty")
        };
        let kind = match (
            items.iter().filter(|item| is_default(item)).count(),
            items.iter().filter(|item| skips_empty_vec(item)).count(),
        ) {
            (0, _) => {
                attrs.push(attribute.clone());
                continue;
            }
            (1, 0) => Kind::Default,
            (1, 1) if is_vec(&field.ty) => Kind::List,
            _ => return None,
        };
        if found.is_some() {
            return None;
        }
        found = Some(kind);
        let rest: Vec<&syn::Meta> = items
            .iter()
            .filter(|item| !is_default(item) && !skips_empty_vec(item))
            .collect();
        if !rest.is_empty() {
            attrs.push(syn::parse_quote!(#[serde(#(#rest),*)]));
        }
    }
    Some(Field {
        attrs,
        kind: found?,
        name,
        ty: field.ty.clone(),
    })
}

/// Whether `ty` is `Vec<T>` (or `::std::vec::Vec<T>`).
fn is_vec(ty: &syn::Type) -> bool {
    let written = quote!(#ty).to_string().replace(' ', "");
    ["Vec<", "::std::vec::Vec<", "std::vec::Vec<"]
        .iter()
        .any(|prefix| written.starts_with(prefix))
}

/// `T` of `Option<T>` (or `::std::option::Option<T>`).
fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let written = quote!(#path).to_string().replace(' ', "");
    let prefix_ok = ["Option<", "::std::option::Option<", "std::option::Option<"]
        .iter()
        .any(|prefix| written.starts_with(prefix));
    if !prefix_ok || path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some(inner.clone()),
        _ => None,
    }
}

/// The items of a `#[serde(…)]` attribute.
fn serde_items(attribute: &syn::Attribute) -> Option<Vec<syn::Meta>> {
    if !attribute.path().is_ident("serde") {
        return None;
    }
    let items = attribute
        .parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        .ok()?;
    Some(items.into_iter().collect())
}

/// The kind a serde item marks: `skip_serializing_if = "Option::is_none"` optional,
/// `deserialize_with = "Option::deserialize"` nullable.
fn marked_kind(item: &syn::Meta) -> Option<Kind> {
    let says = |name: &str, function: &str| {
        string_item(item, name)
            .is_some_and(|named| named.trim_start_matches("::std::option::") == function)
    };
    if says("skip_serializing_if", "Option::is_none") {
        Some(Kind::Optional)
    } else if says("deserialize_with", "Option::deserialize") {
        Some(Kind::Nullable)
    } else {
        None
    }
}

impl ToTokens for ObjectCall {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self {
            attrs,
            name,
            fields,
        } = self;
        let fields = fields.iter().map(|field| {
            let Field {
                attrs,
                kind,
                name,
                ty,
            } = field;
            let keyword: TokenStream = kind.keyword().parse().unwrap_or_default();
            quote!(#(#attrs)* #keyword #name: #ty,)
        });
        tokens.extend(quote!(#(#attrs)* pub struct #name { #(#fields)* }));
    }
}

impl syn::parse::Parse for ObjectCall {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        input.parse::<syn::Token![pub]>()?;
        input.parse::<syn::Token![struct]>()?;
        let name = input.parse()?;
        let content;
        syn::braced!(content in input);
        let mut fields = Vec::new();
        while !content.is_empty() {
            let attrs = content.call(syn::Attribute::parse_outer)?;
            let kind = if content.parse::<Option<syn::Token![pub]>>()?.is_some() {
                Kind::Plain
            } else {
                let keyword: syn::Ident = content.parse()?;
                match keyword.to_string().as_str() {
                    "opt" => Kind::Optional,
                    "nullable" => Kind::Nullable,
                    "list" => Kind::List,
                    "default" => Kind::Default,
                    _ => return Err(syn::Error::new(keyword.span(), "not a field kind")),
                }
            };
            let name = content.parse()?;
            content.parse::<syn::Token![:]>()?;
            let ty = content.parse()?;
            content.parse::<syn::Token![,]>()?;
            fields.push(Field {
                attrs,
                kind,
                name,
                ty,
            });
        }
        Ok(Self {
            attrs,
            name,
            fields,
        })
    }
}

/// `types.rs` (formatted) with each `object!` call laid out as the struct would read: its
/// attributes and each field's a line each, a field a line.
pub fn layout_object_calls(types: &str) -> String {
    layout_macro_calls_with(types, "object", |indent, arguments| {
        let call: ObjectCall = syn::parse_str(arguments).ok()?;
        call.laid_out(indent)
    })
}

impl ObjectCall {
    fn laid_out(&self, indent: &str) -> Option<String> {
        let inner = format!("{indent}    ");
        let field_indent = format!("{inner}    ");
        let mut out = format!("{indent}object!(\n");
        for attribute in &self.attrs {
            out.push_str(&attribute_lines(&inner, attribute));
        }
        out.push_str(&format!("{inner}pub struct {} {{\n", self.name));
        for field in &self.fields {
            for attribute in &field.attrs {
                out.push_str(&attribute_lines(&field_indent, attribute));
            }
            let ty = type_on_one_line(&field.ty)?;
            out.push_str(&format!(
                "{field_indent}{} {}: {ty},\n",
                field.kind.keyword(),
                field.name
            ));
        }
        out.push_str(&format!("{inner}}}\n{indent});\n"));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_struct_with_several_optional_fields_becomes_a_table() {
        let mut types: syn::File = syn::parse_quote! {
            #[cfg(feature = "apps")]
            #[doc = "An app."]
            #[derive(Deserialize, Serialize, Clone, Debug)]
            pub struct App {
                #[doc = "Its name."]
                pub name: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub created_at: Option<String>,
                #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
                pub type_: Option<Vec<String>>,
                #[serde(deserialize_with = "Option::deserialize")]
                pub owner: Option<i64>,
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub events: Vec<String>,
                #[serde(rename = "public", default)]
                pub is_public: bool,
            }
            #[derive(Deserialize, Serialize)]
            pub struct Few {
                #[serde(skip_serializing_if = "Option::is_none")]
                pub a: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub b: Option<String>,
            }
        };
        let (replaced, unrecognised) = tabulate_objects(&mut types);
        assert!(replaced);
        assert!(unrecognised.is_empty(), "{unrecognised:?}");
        let printed = layout_object_calls(&prettyplease::unparse(&types));
        assert_eq!(
            printed,
            "\
#[cfg(feature = \"apps\")]
object!(
    ///An app.
    #[derive(Deserialize, Serialize, Clone, Debug)]
    pub struct App {
        ///Its name.
        pub name: String,
        opt created_at: String,
        #[serde(rename = \"type\")]
        opt type_: Vec<String>,
        nullable owner: i64,
        list events: Vec<String>,
        #[serde(rename = \"public\")]
        default is_public: bool,
    }
);
#[derive(Deserialize, Serialize)]
pub struct Few {
    #[serde(skip_serializing_if = \"Option::is_none\")]
    pub a: Option<String>,
    #[serde(skip_serializing_if = \"Option::is_none\")]
    pub b: Option<String>,
}
"
        );
    }

    #[test]
    fn a_list_default_that_is_not_a_vec_stays_as_it_is() {
        let field: syn::FieldsNamed = syn::parse_quote!({
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub odd: ::std::collections::BTreeSet<String>
        });
        let field = table_field(&field.named[0]).expect("a field");
        assert_eq!(field.kind, Kind::Plain);
        assert_eq!(field.attrs.len(), 1);
    }

    #[test]
    fn a_field_marked_but_not_an_option_stays_as_it_is() {
        let field: syn::FieldsNamed = syn::parse_quote!({
            #[serde(skip_serializing_if = "Option::is_none")]
            pub odd: String
        });
        let field = table_field(&field.named[0]).expect("a field");
        assert_eq!(field.kind, Kind::Plain);
        assert_eq!(field.attrs.len(), 1);
    }
}
