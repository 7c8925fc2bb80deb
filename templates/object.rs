/// A struct of the API's model whose optional fields are written short: `opt name: T,` is
/// `pub name: Option<T>`, left out of the JSON when `None`; `nullable name: T,` is
/// `pub name: Option<T>` that must be present, as `null` or a `T`; `default name: T,` is
/// `pub name: T`, its default when the JSON leaves it out; `list name: Vec<T>,` is that too,
/// and left out of the JSON when empty; `pub name: T,` is written as it is. typify puts a serde
/// attribute on each such field; the generator writes those attributes once, here, for the
/// structs with several such fields (and at most a hundred fields: each field is one step of
/// the macro's expansion).
#[allow(unused_macros)]
macro_rules! object {
    ($(#[$attr:meta])* pub struct $name:ident { $($fields:tt)* }) => {
        object!(@fields [$(#[$attr])* pub struct $name] [] $($fields)*);
    };
    (@fields [$($head:tt)*] [$($done:tt)*]) => {
        $($head)* { $($done)* }
    };
    (
        @fields $head:tt [$($done:tt)*]
        $(#[$field_attr:meta])* opt $field:ident: $type:ty, $($rest:tt)*
    ) => {
        object!(@fields $head [
            $($done)*
            $(#[$field_attr])*
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            pub $field: ::std::option::Option<$type>,
        ] $($rest)*);
    };
    (
        @fields $head:tt [$($done:tt)*]
        $(#[$field_attr:meta])* nullable $field:ident: $type:ty, $($rest:tt)*
    ) => {
        object!(@fields $head [
            $($done)*
            $(#[$field_attr])*
            #[serde(deserialize_with = "::std::option::Option::deserialize")]
            pub $field: ::std::option::Option<$type>,
        ] $($rest)*);
    };
    (
        @fields $head:tt [$($done:tt)*]
        $(#[$field_attr:meta])* default $field:ident: $type:ty, $($rest:tt)*
    ) => {
        object!(@fields $head [
            $($done)*
            $(#[$field_attr])*
            #[serde(default)]
            pub $field: $type,
        ] $($rest)*);
    };
    (
        @fields $head:tt [$($done:tt)*]
        $(#[$field_attr:meta])* list $field:ident: $type:ty, $($rest:tt)*
    ) => {
        object!(@fields $head [
            $($done)*
            $(#[$field_attr])*
            #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
            pub $field: $type,
        ] $($rest)*);
    };
    (
        @fields $head:tt [$($done:tt)*]
        $(#[$field_attr:meta])* pub $field:ident: $type:ty, $($rest:tt)*
    ) => {
        object!(@fields $head [$($done)* $(#[$field_attr])* pub $field: $type,] $($rest)*);
    };
}

