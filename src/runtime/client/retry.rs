//! Retry policy: which failures retry, how long to wait, `Retry-After`.

use super::*;

/// When and how often to retry.
///
/// Retried by default: connection errors and statuses 408, 429, 500, 502, 503, 504, 524
/// and 529 ([`RetryPolicy::statuses`] changes the list, classes such as `5XX` included).
/// Waits grow exponentially (×2 by default, [`RetryPolicy::multiplier`]) with jitter; a
/// `Retry-After` header (seconds or HTTP date) replaces the computed wait, capped at
/// `max_retry_after`. No retry starts after `budget` has passed since the first attempt.
/// A stream is never retried once its response has been handed over.
///
/// A generated client whose spec declares its retries (`x-speakeasy-retries`) starts from
/// those instead: see its `spec_retry_policy()`.
#[derive(Clone, Debug, PartialEq)]
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
    /// How much each computed wait grows over the last. Default 2.
    pub multiplier: f64,
    /// The statuses retried. Default 408, 429, 500, 502, 503, 504, 524, 529.
    pub statuses: Vec<RetryStatus>,
    /// Whether a failure to connect (or to send the request) is retried. Default true.
    pub connection_errors: bool,
}

/// A status, or a class of them, that a [`RetryPolicy`] retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryStatus {
    /// One status code.
    Code(u16),
    /// A class: `Class(5)` is every 5xx status (`5XX` in a spec).
    Class(u8),
}

impl RetryStatus {
    /// Whether `status` is this one or in this class.
    pub fn matches(self, status: StatusCode) -> bool {
        match self {
            RetryStatus::Code(c) => status.as_u16() == c,
            RetryStatus::Class(c) => status.as_u16() / 100 == u16::from(c),
        }
    }
}

const DEFAULT_STATUSES: [u16; 8] = [408, 429, 500, 502, 503, 504, 524, 529];

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            budget: Duration::from_secs(60),
            multiplier: 2.0,
            statuses: DEFAULT_STATUSES.map(RetryStatus::Code).to_vec(),
            connection_errors: true,
        }
    }
}

impl RetryPolicy {
    /// The most attempts a default policy makes (the first included).
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
    /// The longest a default policy goes on starting retries.
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

    /// This policy under llmgate's caps for one call: at most
    /// [`DEFAULT_MAX_ATTEMPTS`](Self::DEFAULT_MAX_ATTEMPTS) attempts, and no retry started
    /// after [`DEFAULT_BUDGET`](Self::DEFAULT_BUDGET). A generated client's default is its
    /// spec's policy made bounded: the spec's statuses and backoff, not its hour.
    pub fn bounded(self) -> Self {
        let attempts = self.max_attempts.min(Self::DEFAULT_MAX_ATTEMPTS);
        let budget = self.budget.min(Self::DEFAULT_BUDGET);
        self.max_attempts(attempts).budget(budget)
    }

    /// The longest a call under this policy spends waiting between attempts (each wait at
    /// most the larger of the computed backoff and the `Retry-After` cap, and no retry
    /// started past the budget), and the most attempts it makes. With each attempt bounded
    /// by the request timeout, this bounds the whole call.
    pub fn worst_case(&self) -> (u32, Duration) {
        let mut waited = Duration::ZERO;
        let mut attempts = 1;
        while attempts < self.max_attempts {
            let wait = self.max_backoff.max(self.max_retry_after);
            if waited + wait > self.budget {
                break;
            }
            waited += wait;
            attempts += 1;
        }
        (attempts, waited)
    }

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

    /// Retry exactly these statuses and classes.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = RetryStatus>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Let each computed wait grow by `factor` over the last (at least 1).
    pub fn multiplier(mut self, factor: f64) -> Self {
        self.multiplier = if factor.is_finite() {
            factor.max(1.0)
        } else {
            2.0
        };
        self
    }

    /// Retry failures to connect or to send, or not.
    pub fn connection_errors(mut self, retry: bool) -> Self {
        self.connection_errors = retry;
        self
    }

    /// Whether the default policy retries this status.
    pub fn is_retryable(status: StatusCode) -> bool {
        DEFAULT_STATUSES.contains(&status.as_u16())
    }

    /// Whether this policy retries this status.
    pub fn retries(&self, status: StatusCode) -> bool {
        self.statuses.iter().any(|s| s.matches(status))
    }

    pub(super) fn backoff_for(&self, retry: u32) -> Duration {
        let growth = self.multiplier.max(1.0).powi(retry.min(64) as i32);
        let max = self.max_backoff.as_secs_f64();
        let exp = (self.initial_backoff.as_secs_f64() * growth).min(max);
        let capped = Duration::try_from_secs_f64(exp).unwrap_or(self.max_backoff);
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
