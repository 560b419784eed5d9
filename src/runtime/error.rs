//! The error types: [`Error`] for calls, [`ConfigError`] for construction.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// How much of a body `Display` shows; the full body stays in the error's fields.
const DISPLAY_BODY_LIMIT: usize = 2048;

/// A failed call. Every variant names the operation; those with a response keep the
/// status and the raw body. `E` is the operation's enum of decoded error bodies.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A documented error status whose body decoded into the operation's error type.
    Api {
        /// The spec's operationId.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The decoded body.
        body: E,
        /// The body as received.
        raw_body: String,
        /// How many requests were sent.
        attempts: u32,
    },
    /// A status with no declared body schema, or whose body did not match it.
    UnexpectedStatus {
        /// The spec's operationId.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The body as received.
        body: String,
        /// Why the body did not decode, when a schema was declared for this status.
        decode_error: Option<serde_json::Error>,
        /// How many requests were sent.
        attempts: u32,
    },
    /// A success status whose body does not match the declared type.
    Decode {
        /// The spec's operationId.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The body (or event data) as received.
        body: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// No response, or no next event, within the configured time.
    Timeout {
        /// The spec's operationId.
        operation: &'static str,
        /// Which limit was hit: `"request"`, `"connect"` or `"stream idle"`.
        limit: &'static str,
        /// The limit's value.
        after: Duration,
        /// How many requests were sent.
        attempts: u32,
    },
    /// The request could not be sent or the response not read (connection refused, reset, TLS).
    Transport {
        /// The spec's operationId.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
        /// How many requests were sent.
        attempts: u32,
    },
    /// The server reported an error inside a successful event stream, or the stream broke off.
    Stream {
        /// The spec's operationId.
        operation: &'static str,
        /// What the server sent or what went wrong.
        error: Box<StreamError>,
    },
    /// The request was refused before sending (e.g. a body that cannot be serialized).
    InvalidRequest {
        /// The spec's operationId.
        operation: &'static str,
        /// Why.
        message: String,
    },
}

/// An error reported inside a `200` event stream, or a stream cut short.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StreamError {
    /// The error code the server sent (a number or a string), if any.
    pub code: Option<serde_json::Value>,
    /// The message.
    pub message: String,
    /// Provider details, if sent.
    pub metadata: Option<serde_json::Value>,
    /// The event's data as received (empty when the stream broke off).
    pub raw: String,
}

impl<E> Error<E> {
    /// The spec's operationId of the failed call.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Api { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Stream { operation, .. }
            | Error::InvalidRequest { operation, .. } => operation,
        }
    }

    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The raw response body, when a response arrived.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api { raw_body, .. } => Some(raw_body),
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The decoded error body, for documented error statuses.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// How many requests were sent (0 when the request was refused before sending).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api { attempts, .. }
            | Error::UnexpectedStatus { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. } => *attempts,
            Error::Decode { .. } | Error::Stream { .. } => 1,
            Error::InvalidRequest { .. } => 0,
        }
    }

    /// True for [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Replace the decoded body type (for code that handles several operations alike).
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api {
                operation,
                status,
                body,
                raw_body,
                attempts,
            } => Error::Api {
                operation,
                status,
                body: f(body),
                raw_body,
                attempts,
            },
            Error::UnexpectedStatus {
                operation,
                status,
                body,
                decode_error,
                attempts,
            } => Error::UnexpectedStatus {
                operation,
                status,
                body,
                decode_error,
                attempts,
            },
            Error::Decode {
                operation,
                status,
                body,
                source,
            } => Error::Decode {
                operation,
                status,
                body,
                source,
            },
            Error::Timeout {
                operation,
                limit,
                after,
                attempts,
            } => Error::Timeout {
                operation,
                limit,
                after,
                attempts,
            },
            Error::Transport {
                operation,
                source,
                attempts,
            } => Error::Transport {
                operation,
                source,
                attempts,
            },
            Error::Stream { operation, error } => Error::Stream { operation, error },
            Error::InvalidRequest { operation, message } => {
                Error::InvalidRequest { operation, message }
            }
        }
    }
}

fn shown(body: &str) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    if body.len() <= DISPLAY_BODY_LIMIT {
        return body.to_owned();
    }
    let mut end = DISPLAY_BODY_LIMIT;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes in all)", &body[..end], body.len())
}

fn times(n: u32) -> &'static str {
    if n == 1 { "attempt" } else { "attempts" }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                operation,
                status,
                raw_body,
                attempts,
                ..
            } => {
                write!(
                    f,
                    "{operation}: HTTP {status} after {attempts} {}: {}",
                    times(*attempts),
                    shown(raw_body)
                )
            }
            Error::UnexpectedStatus {
                operation,
                status,
                body,
                decode_error,
                attempts,
            } => {
                write!(
                    f,
                    "{operation}: HTTP {status} after {attempts} {}: {}",
                    times(*attempts),
                    shown(body)
                )?;
                if let Some(e) = decode_error {
                    write!(f, " (body does not match the declared error schema: {e})")?;
                }
                Ok(())
            }
            Error::Decode {
                operation,
                status,
                body,
                source,
            } => {
                write!(
                    f,
                    "{operation}: HTTP {status} body does not match the declared type: {source}; body: {}",
                    shown(body)
                )
            }
            Error::Timeout {
                operation,
                limit,
                after,
                attempts,
            } => {
                write!(
                    f,
                    "{operation}: {limit} timeout after {after:?} ({attempts} {})",
                    times(*attempts)
                )
            }
            Error::Transport {
                operation,
                source,
                attempts,
            } => {
                write!(
                    f,
                    "{operation}: request failed after {attempts} {}: {source}",
                    times(*attempts)
                )?;
                let mut cause = std::error::Error::source(source);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            Error::Stream { operation, error } => {
                write!(f, "{operation}: error in event stream: {}", error.message)?;
                if let Some(code) = &error.code {
                    write!(f, " (code {code})")?;
                }
                Ok(())
            }
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: invalid request: {message}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::UnexpectedStatus {
                decode_error: Some(e),
                ..
            } => Some(e),
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A client could not be built from its configuration.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key was given, or it was empty.
    MissingApiKey {
        /// The provider.
        provider: &'static str,
        /// The environment variable that was consulted.
        env_var: &'static str,
    },
    /// The API key cannot be sent in an HTTP header (control characters, non-ASCII).
    InvalidApiKey {
        /// The provider.
        provider: &'static str,
    },
    /// The base URL does not parse or is not http(s).
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Where it came from: `"argument"`, the environment variable, or `"spec"`.
        source: String,
        /// Why it was refused.
        reason: String,
    },
    /// An extra header name or value is not valid HTTP.
    InvalidHeader {
        /// The header name as given.
        name: String,
    },
    /// The HTTP client could not be built.
    Http(reqwest::Error),
    /// The setting belongs to the `reqwest::Client` the caller supplied.
    CustomHttpClient {
        /// Which setting.
        setting: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingApiKey { provider, env_var } => write!(
                f,
                "no {provider} API key: pass one to the builder or set {env_var} (it must not be empty)"
            ),
            ConfigError::InvalidApiKey { provider } => {
                write!(
                    f,
                    "the {provider} API key contains characters that cannot be sent in an HTTP header"
                )
            }
            ConfigError::InvalidBaseUrl {
                url,
                source,
                reason,
            } => write!(f, "invalid base URL `{url}` (from {source}): {reason}"),
            ConfigError::InvalidHeader { name } => write!(
                f,
                "invalid extra header `{name}`: not a valid HTTP header name or value"
            ),
            ConfigError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
            ConfigError::CustomHttpClient { setting } => write!(
                f,
                "the {setting} is set on the reqwest::Client given to the builder, not by llmgate"
            ),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Http(e) => Some(e),
            _ => None,
        }
    }
}
