//! The options a fake server runs with.

/// Options of a fake server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Requests per minute each Katapult token may make (the `total_permitted` of
    /// `rate_limit_reached`).
    pub rate_limit: u32,
    /// Requests per minute of the seeded [`crate::seed::TOKEN_RATE_LIMITED`], small so that a
    /// test reaches `rate_limit_reached` quickly.
    pub low_rate_limit: u32,
    /// Log one line per request (method, path, status, latency) to standard error.
    pub log_requests: bool,
    /// Largest request body accepted, in bytes (larger ones get 413).
    pub body_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rate_limit: 5_000,
            low_rate_limit: 3,
            log_requests: false,
            body_limit: katapult_core::server::DEFAULT_BODY_LIMIT,
        }
    }
}
