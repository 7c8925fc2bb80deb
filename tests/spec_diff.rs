//! Placeholder until the `spec_diff` tests land.
