/// `std::error::Error` and [`DocumentedError`] of an operation's error type (and, for an error
/// typed by status, `Display` as `<operation>: HTTP <status>` and the server stub's answer
/// with its `to_status_and_json`), from the type's own `status`, `is_retryable` and, for an
/// error with a discriminator (`coded`), `code`. Given an error typed by status's table of
/// variants, their bodies and statuses, it defines the enum and writes those inherent methods
/// as well. The generator writes these impls once, here, and calls this macro for each
/// operation's error type.
#[allow(unused_macros)]
macro_rules! documented_error {
    (@impls $error:ty, $operation_id:literal, $code:ident) => {
        impl ::std::error::Error for $error {}
        impl DocumentedError for $error {
            fn operation_id(&self) -> &'static str {
                $operation_id
            }
            fn status(&self) -> u16 {
                Self::status(self)
            }
            fn code(&self) -> ::std::option::Option<&'static str> {
                documented_error!(@code self $code)
            }
            fn is_retryable(&self) -> bool {
                Self::is_retryable(self)
            }
        }
    };
    (@code $self:ident uncoded) => {
        None
    };
    (@code $self:ident coded) => {
        Some(Self::code($self))
    };
    ($error:ty, $operation_id:literal) => {
        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}: HTTP {}", $operation_id, self.status())
            }
        }
        #[cfg(feature = "server")]
        impl crate::server_runtime::OperationError for $error {
            fn answer(self) -> ::axum::response::Response {
                crate::server_runtime::by_status(self.to_status_and_json())
            }
        }
        documented_error!(@impls $error, $operation_id, uncoded);
    };
    ($error:ty, $operation_id:literal, coded) => {
        documented_error!(@impls $error, $operation_id, coded);
    };
    // An error typed by status whose every variant is one status: the table of variants, their
    // bodies and statuses defines the enum and gives the inherent methods too.
    (
        $error:ident,
        $operation_id:literal,
        { $($variant:ident($body:ty) = $status:literal),+ $(,)? }
    ) => {
        #[doc = concat!(
            "Documented errors of `", $operation_id, "`, typed by HTTP status (the spec gives ",
            "their bodies no discriminator, so the status decides the type)."
        )]
        // A response is decoded once and moved to its reader, never stored in bulk: boxing
        // its larger variants would cost every reader an indirection for no memory saved.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug)]
        pub enum $error {
            $(
                #[doc = concat!("Status ", $status, ".")]
                $variant($body),
            )+
        }
        documented_error!($error, $operation_id);
        impl $error {
            /// The HTTP status of this error.
            pub fn status(&self) -> u16 {
                match self {
                    $(Self::$variant(_) => $status,)+
                }
            }
            /// Decodes a JSON error body by its status. `Ok(None)` when the spec documents no
            /// error for that status.
            pub fn from_status_and_json(
                status: u16,
                body: ::serde_json::Value,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::serde_json::Error> {
                let error = match status {
                    $($status => Self::$variant(::serde_json::from_value(body)?),)+
                    _ => return Ok(None),
                };
                Ok(Some(error))
            }
            /// Whether the status says the server did not process the request (429, 503).
            pub fn is_retryable(&self) -> bool {
                matches!(self.status(), 429 | 503)
            }
            /// The status and JSON body to send for this error.
            pub fn to_status_and_json(
                &self,
            ) -> (u16, ::std::result::Result<::serde_json::Value, ::serde_json::Error>) {
                match self {
                    $(Self::$variant(body) => ($status, ::serde_json::to_value(body)),)+
                }
            }
        }
    };
}
