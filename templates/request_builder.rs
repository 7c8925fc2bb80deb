/// An operation's request builder: the struct (`Debug`, `Clone`) holding each parameter as it
/// is set (or why it could not be), `new`, a setter per parameter (`required` and `optional`
/// convert with `TryInto`, `explained`, a body, keeps the conversion's error in its message;
/// `path` and `text`, a text body, are `required`) and `parameters`, which `send` begins with:
/// it gives each value as set, but a `path` parameter as its text encoded for the URL's path
/// and a `text` body as the request's body. The generator writes the macro once, here, and
/// calls it for each operation; `send` is written beside each call.
#[allow(unused_macros)]
macro_rules! request_builder {
    (@type optional $ty:ty) => {
        ::std::result::Result<::std::option::Option<$ty>, ::std::string::String>
    };
    (@type $kind:ident $ty:ty) => {
        ::std::result::Result<$ty, ::std::string::String>
    };
    (@value optional $ty:ty) => {
        ::std::option::Option<$ty>
    };
    (@value text $ty:ty) => {
        ::reqwest::Body
    };
    (@value path $ty:ty) => {
        ::std::string::String
    };
    (@value $kind:ident $ty:ty) => {
        $ty
    };
    (@take text $value:expr) => {
        $value.map(::reqwest::Body::from).map_err(Error::InvalidRequest)?
    };
    (@take path $value:expr) => {
        $value
            .map(|value| encode_path(&value.to_string()))
            .map_err(Error::InvalidRequest)?
    };
    (@take $kind:ident $value:expr) => {
        $value.map_err(Error::InvalidRequest)?
    };
    (@init optional $field:ident) => {
        Ok(None)
    };
    (@init $kind:ident $field:ident) => {
        Err(concat!(stringify!($field), " was not initialized").to_string())
    };
    (@setter required $field:ident $ty:ty) => {
        pub fn $field<V: ::std::convert::TryInto<$ty>>(mut self, value: V) -> Self {
            self.$field = convert(value, stringify!($field));
            self
        }
    };
    (@setter text $field:ident $ty:ty) => {
        request_builder!(@setter required $field $ty);
    };
    (@setter path $field:ident $ty:ty) => {
        request_builder!(@setter required $field $ty);
    };
    (@setter optional $field:ident $ty:ty) => {
        pub fn $field<V: ::std::convert::TryInto<$ty>>(mut self, value: V) -> Self {
            self.$field = convert(value, stringify!($field)).map(Some);
            self
        }
    };
    (@setter explained $field:ident $ty:ty) => {
        pub fn $field<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<$ty>,
            <V as ::std::convert::TryInto<$ty>>::Error: ::std::fmt::Display,
        {
            self.$field = convert_explained(value, stringify!($field));
            self
        }
    };
    ($(#[$attr:meta])* $name:ident {}) => {
        $(#[$attr])*
        #[derive(Debug, Clone)]
        pub struct $name<'a> {
            client: &'a super::Client,
        }
        impl<'a> $name<'a> {
            pub fn new(client: &'a super::Client) -> Self {
                Self { client }
            }
        }
    };
    (
        $(#[$attr:meta])*
        $name:ident { $($field:ident: $kind:ident $ty:ty),+ $(,)? }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone)]
        pub struct $name<'a> {
            client: &'a super::Client,
            $($field: request_builder!(@type $kind $ty),)+
        }
        impl<'a> $name<'a> {
            pub fn new(client: &'a super::Client) -> Self {
                Self {
                    client,
                    $($field: request_builder!(@init $kind $field),)+
                }
            }
            $(request_builder!(@setter $kind $field $ty);)+
            /// The client and each parameter as set, or the first that could not be.
            fn parameters<E>(
                self,
            ) -> ::std::result::Result<
                (&'a super::Client, $(request_builder!(@value $kind $ty),)+),
                Error<E>,
            > {
                Ok((self.client, $(request_builder!(@take $kind self.$field),)+))
            }
        }
    };
}
