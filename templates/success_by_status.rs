/// A success type decoded by status whose every variant is one status: the enum, and its
/// `status`, `from_status_and_json`, `to_status_and_json` and, for the client, its
/// `Deserialize` from the `{"status": …, "body": …}` form the client runtime gives it. The
/// call names the type and its operation and lists each variant with its status,
/// `Variant(BodyType)` for one that holds a body, after any doc of its own. The generator
/// writes the macro once, here, and calls it for each such type.
#[allow(unused_macros)]
macro_rules! success_by_status {
    (@pattern $variant:ident $binding:ident) => {
        Self::$variant
    };
    (@pattern $variant:ident $binding:ident $body:ty) => {
        Self::$variant($binding)
    };
    (@decode $variant:ident $json:ident) => {
        Self::$variant
    };
    (@decode $variant:ident $json:ident $body:ty) => {
        Self::$variant(::serde_json::from_value($json)?)
    };
    (@encode $status:literal $binding:ident) => {
        ($status, Ok(None))
    };
    (@encode $status:literal $binding:ident $body:ty) => {
        ($status, ::serde_json::to_value($binding).map(Some))
    };
    (
        $success:ident,
        $operation_id:literal,
        { $($(#[$variant_attr:meta])* $variant:ident $(($body:ty))? = $status:literal),+ $(,)? }
    ) => {
        #[doc = concat!(
            "What `", $operation_id, "` answers on success: the body the spec documents for ",
            "each status."
        )]
        // A response is decoded once and moved to its reader, never stored in bulk: boxing
        // its larger variants would cost every reader an indirection for no memory saved.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug)]
        pub enum $success {
            $(
                #[doc = concat!("Status ", $status, ".")]
                $(#[$variant_attr])*
                $variant $(($body))?,
            )+
        }
        impl $success {
            /// The HTTP status of this answer.
            pub fn status(&self) -> u16 {
                match self {
                    $(success_by_status!(@pattern $variant _value $($body)?) => $status,)+
                }
            }
            /// Decodes a body by its status. `Ok(None)` when the spec documents no success for
            /// that status.
            #[allow(unused_variables)]
            pub fn from_status_and_json(
                status: u16,
                body: ::serde_json::Value,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::serde_json::Error> {
                Ok(Some(match status {
                    $($status => success_by_status!(@decode $variant body $($body)?),)+
                    _ => return Ok(None),
                }))
            }
            /// The status and JSON body (`None`: no body) to send for this answer.
            pub fn to_status_and_json(
                &self,
            ) -> (
                u16,
                ::std::result::Result<::std::option::Option<::serde_json::Value>, ::serde_json::Error>,
            ) {
                match self {
                    $(success_by_status!(@pattern $variant value $($body)?)
                        => success_by_status!(@encode $status value $($body)?),)+
                }
            }
        }
        /// Reads `{"status": …, "body": …}`, the form the client runtime gives this type's
        /// responses.
        #[cfg(feature = "client")]
        impl<'de> ::serde::Deserialize<'de> for $success {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let crate::runtime::StatusAndBody { status, body } =
                    ::serde::Deserialize::deserialize(deserializer)?;
                Self::from_status_and_json(status, body)
                    .map_err(::serde::de::Error::custom)?
                    .ok_or_else(|| ::serde::de::Error::custom(format!("undocumented status {status}")))
            }
        }
    };
}
