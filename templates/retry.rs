//! Retries for requests the server did not process: a rate limit or a temporary outage the spec
//! marks retryable, or a connection that failed before the request was sent. Anything else —
//! a timeout after sending, any other error — is returned at once, since the operations are
//! not idempotent.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When and how often to send a request again. Opt in with `ClientBuilder::retry`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Wait before the first retry; it doubles for each further retry.
    pub initial_backoff: Duration,
    /// Longest computed wait between two attempts (a `Retry-After` may ask for longer).
    pub max_backoff: Duration,
    /// Longest time from the first attempt to the start of the last: no retry starts later.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 500 ms doubling to at most 8 s, and nothing started after 60 s.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first retry): exponential backoff with
    /// "equal jitter", a random point between half the backoff and the whole of it.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let full = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        let half = full / 2;
        let spread = u64::try_from((full - half).as_micros()).unwrap_or(u64::MAX);
        let jitter = if spread == 0 {
            0
        } else {
            random_u64() % (spread + 1)
        };
        half + Duration::from_micros(jitter)
    }

    /// The wait before retry number `retry`, or `None` when the policy allows no more: the
    /// attempts are used up, or the wait would start the next attempt after `max_elapsed`.
    /// A `Retry-After` in `headers` replaces the computed backoff.
    pub fn next_wait(
        &self,
        retry: u32,
        elapsed: Duration,
        headers: &HeaderMap,
    ) -> Option<Duration> {
        if retry >= self.max_attempts {
            return None;
        }
        let wait = retry_after(headers).unwrap_or_else(|| self.backoff(retry));
        (elapsed.saturating_add(wait) <= self.max_elapsed).then_some(wait)
    }
}

/// `Retry-After` as a delay: delta-seconds, or an HTTP date (a past date means now).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A random number from the standard library's per-process random hasher keys.
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
            max_elapsed: Duration::from_secs(1),
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let policy = policy();
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let second = policy.backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
            let capped = policy.backoff(10);
            assert!(capped >= Duration::from_millis(150) && capped <= Duration::from_millis(300));
        }
    }

    #[test]
    fn attempts_and_elapsed_time_bound_the_retries() {
        let policy = policy();
        let none = HeaderMap::new();
        assert!(policy.next_wait(3, Duration::ZERO, &none).is_some());
        assert!(policy.next_wait(4, Duration::ZERO, &none).is_none());
        assert!(
            policy
                .next_wait(1, Duration::from_millis(990), &none)
                .is_none()
        );
    }

    #[test]
    fn retry_after_is_honoured_in_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "0".parse().expect("header"));
        assert_eq!(
            policy().next_wait(1, Duration::ZERO, &headers),
            Some(Duration::ZERO)
        );
        headers.insert(RETRY_AFTER, "5".parse().expect("header"));
        assert_eq!(
            policy().next_wait(1, Duration::ZERO, &headers),
            None,
            "beyond max_elapsed"
        );
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("header"),
        );
        assert_eq!(
            retry_after(&headers),
            Some(Duration::ZERO),
            "a past date means now"
        );
    }
}
