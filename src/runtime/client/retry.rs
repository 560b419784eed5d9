//! Retry policy: which failures retry, how long to wait, `Retry-After`.

use super::*;

/// When and how often to retry.
///
/// Retried: connection errors and statuses 408, 429, 500, 502, 503, 504, 524 and 529.
/// Waits grow exponentially with jitter; a `Retry-After` header (seconds or HTTP date)
/// replaces the computed wait, capped at `max_retry_after`. No retry starts after
/// `budget` has passed since the first attempt. A stream is never retried once its
/// response has been handed over.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, including the first (1 = no retries). Default 3.
    pub max_attempts: u32,
    /// Wait before the first retry. Default 500 ms.
    pub initial_backoff: Duration,
    /// Longest computed wait. Default 8 s.
    pub max_backoff: Duration,
    /// Longest wait a `Retry-After` header can impose. Default 30 s.
    pub max_retry_after: Duration,
    /// Total time after which no retry is started. Default 60 s.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Set the attempt count (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Set the initial and maximum computed waits.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Set the cap on `Retry-After`.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Set the total time budget.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether this status is retried.
    pub fn is_retryable(status: StatusCode) -> bool {
        matches!(
            status.as_u16(),
            408 | 429 | 500 | 502 | 503 | 504 | 524 | 529
        )
    }

    pub(super) fn backoff_for(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << retry.min(16));
        let capped = exp.min(self.max_backoff);
        // Equal jitter: half fixed, half random.
        let half = capped / 2;
        half + half.mul_f64(jitter())
    }
}

fn jitter() -> f64 {
    // xorshift over a counter and the clock: enough to spread retries, no dependency.
    static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = STATE.fetch_add(nanos | 1, Ordering::Relaxed) ^ nanos.rotate_left(32);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After`: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
