//! The room `emit/`: the code that varies with the API, written from the operation model.
//!
//! In: the [`Model`](crate::generate::model::Model) (and, for [`features`], the type space and
//! progenitor's client file, to gate them). Out: token streams or formatted text of error types
//! ([`error_types`]), success types by status ([`responses`]), the request and response
//! rewrites the runtime applies ([`wire`]), credential methods ([`auth`]), the server stub
//! ([`server`], its handlers laid out by [`handler_calls`]), crate docs ([`crate_docs`]) and
//! the Cargo features per tag ([`features`]).
//!
//! May import: model, normalise, render, syntax.

pub mod auth;
pub mod crate_docs;
pub mod error_types;
pub mod features;
pub mod handler_calls;
pub mod responses;
pub mod server;
pub mod wire;
