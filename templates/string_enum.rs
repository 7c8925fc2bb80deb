/// `Display`, `FromStr`, `TryFrom<&str>` and `TryFrom<String>` of an enum of strings: each
/// variant and the string that stands for it. typify writes these four impls for every such
/// enum; the generator writes them once, here, and calls this macro for each. Given the
/// enum's definition (`pub enum Name { Variant => "value", … }`), it also defines the enum,
/// with the derives typify gives every string enum, each variant serialised as its string.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident => $value:literal),* $(,)? }) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match *self {
                    $(Self::$variant => f.write_str($value),)*
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = self::error::ConversionError;
            fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                match value {
                    $($value => Ok(Self::$variant),)*
                    _ => Err("invalid value".into()),
                }
            }
        }
        impl ::std::convert::TryFrom<&str> for $name {
            type Error = self::error::ConversionError;
            fn try_from(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
            }
        }
        impl ::std::convert::TryFrom<::std::string::String> for $name {
            type Error = self::error::ConversionError;
            fn try_from(
                value: ::std::string::String,
            ) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
            }
        }
    };
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident => $value:literal),* $(,)?
        }
    ) => {
        // The derives first: a serde attribute of the enum's own (`#[serde(tag = "status")]`
        // of an internally tagged enum of unit variants) must follow the derive it belongs to.
        #[derive(
            ::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq,
            PartialOrd
        )]
        $(#[$attr])*
        $vis enum $name {
            $($(#[$variant_attr])* #[serde(rename = $value)] $variant,)*
        }
        string_enum!($name { $($variant => $value),* });
    };
}
