//! What the client runtime rewrites in a request before sending it, decided while the
//! document is normalised.

/// What the client runtime does to a request of an operation before sending it (bodies are
/// decided in [`super::request_body`], parameters in [`super::parameters`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestRewrite {
    /// Send this `Content-Type` instead of the one progenitor sets.
    ContentType(String),
    /// The JSON body becomes `multipart/form-data`, a part per top-level field.
    Multipart,
    /// The query parameter progenitor sends as `sent` goes on the wire as `wire`.
    RenameQuery {
        /// The name in the normalised document (and the builder).
        sent: String,
        /// The documented name.
        wire: String,
    },
    /// The header progenitor sends as `sent` goes on the wire as `wire`.
    RenameHeader {
        /// The name in the normalised document (and the builder).
        sent: String,
        /// The documented name.
        wire: String,
    },
    /// The header `header` is the cookie `name`: it moves into the `Cookie` header.
    Cookie {
        /// The header progenitor sends.
        header: String,
        /// The cookie's name.
        name: String,
        /// The header holds whole cookie pairs (a list or an object the builder wrote in the
        /// form style), not the value of `name`.
        pairs: bool,
    },
    /// The query pairs `p=…` for each property `p` become `name[p]=…` (`style: deepObject`).
    DeepObject {
        /// The parameter.
        name: String,
        /// Its object's property names.
        properties: Vec<String>,
    },
    /// The repeated pairs `name=a&name=b` become one, `name=a<separator>b`.
    Delimited {
        /// The parameter.
        name: String,
        /// `' '` (`spaceDelimited`) or `'|'` (`pipeDelimited`).
        separator: char,
    },
}
