//! The room `syntax/`: small helpers that several rooms share: attributes ([`attributes`]),
//! Rust names from the document's names ([`naming`]) and HTTP statuses as Rust
//! ([`status`]).
//!
//! In and out: strings and syntax trees. It knows nothing of the other rooms.
//!
//! May import: nothing.

pub mod attributes;
pub mod naming;
pub mod status;
