//! The room `syntax/`: small helpers that several rooms share: attributes ([`attributes`]),
//! the one escaping function per text sink of document text ([`escape`]), Rust names from the
//! document's names ([`naming`]) and HTTP statuses as Rust ([`status`]).
//!
//! In and out: strings and syntax trees. It knows nothing of the other rooms.
//!
//! May import: nothing.

pub mod attributes;
pub mod escape;
pub mod naming;
pub mod status;
