//! Per-handle call options: timeouts, retries and headers over the client's.

use super::*;

/// Overrides for the calls made through one client handle ([`Transport::with_options`]).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Whole-request timeout (until the body is read; for streams, until the response starts).
    pub timeout: Option<Duration>,
    /// Longest wait between two chunks of a streamed body.
    pub stream_idle_timeout: Option<Duration>,
    /// Retry policy.
    pub retry: Option<RetryPolicy>,
    /// Extra headers.
    pub headers: HeaderMap,
    /// Memory bounds ([`Limits`]) in place of the client's.
    pub limits: Option<Limits>,
    /// Strict decoding in place of the client's setting
    /// ([`Builder::strict_decoding`](super::Builder::strict_decoding)).
    pub strict_decoding: Option<bool>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set the whole-request timeout.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Set the idle timeout between stream chunks.
    pub fn stream_idle_timeout(mut self, t: Duration) -> Self {
        self.stream_idle_timeout = Some(t);
        self
    }

    /// Set the retry policy.
    pub fn retry(mut self, r: RetryPolicy) -> Self {
        self.retry = Some(r);
        self
    }

    /// Set the memory bounds for these calls.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }

    /// Decode these calls' answers strictly (`true`: a missing required property is an
    /// error naming its path) or leniently (`false`), whatever the client's setting.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = Some(strict);
        self
    }

    /// Add a header. Invalid names or values are refused here, not at send time.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, ConfigError> {
        let (n, v) = header_pair(name, value)?;
        self.headers.append(n, v);
        Ok(self)
    }

    pub(super) fn merge(&self, over: CallOptions) -> CallOptions {
        let mut headers = self.headers.clone();
        for (k, v) in over.headers.iter() {
            headers.insert(k.clone(), v.clone());
        }
        CallOptions {
            timeout: over.timeout.or(self.timeout),
            stream_idle_timeout: over.stream_idle_timeout.or(self.stream_idle_timeout),
            retry: over.retry.or_else(|| self.retry.clone()),
            headers,
            limits: over.limits.or(self.limits),
            strict_decoding: over.strict_decoding.or(self.strict_decoding),
        }
    }
}

pub(super) fn header_pair(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), ConfigError> {
    let invalid = || ConfigError::InvalidHeader {
        name: name.to_owned(),
    };
    Ok((
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?,
        HeaderValue::from_str(value).map_err(|_| invalid())?,
    ))
}
