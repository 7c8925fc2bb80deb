//! Placeholder until the `docs_check` tests land.
