//! The error types: [`Error`] for calls, [`ConfigError`] for construction.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

mod config;
mod display;

pub use config::ConfigError;

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
        /// Where in the body the value that failed sits, as a JSON path from its root
        /// (`data[3].architecture.modality`; `.` for the root itself).
        path: String,
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
    /// A response body or a streamed event larger than its [`Limits`](crate::runtime::Limits):
    /// the call ended there, and nothing more was read.
    TooLarge {
        /// The spec's operationId.
        operation: &'static str,
        /// Which limit: `"response body"` or `"event"`.
        limit: &'static str,
        /// The limit, in bytes.
        max: usize,
        /// Bytes read when the limit was passed (0 when a declared `Content-Length` was
        /// already past it).
        read: usize,
        /// The `Content-Length` the server declared, if any.
        declared: Option<u64>,
        /// How many requests were sent.
        attempts: u32,
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
            | Error::TooLarge { operation, .. }
            | Error::InvalidRequest { operation, .. } => operation,
        }
    }

    /// For a body that does not match its type, the JSON path of the value that failed
    /// (`data[3].architecture.modality`).
    pub fn decode_path(&self) -> Option<&str> {
        match self {
            Error::Decode { path, .. } => Some(path),
            _ => None,
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

    /// The API's own message, from the common error body shape (`{"error": {"message":
    /// .., "code": ..}}`, or a top-level `message`), an error event of a stream, or a body
    /// that is plain text; `None` for failures without a response (timeouts, transport).
    pub fn message(&self) -> Option<String> {
        if let Error::Stream { error, .. } = self {
            return Some(error.message.clone()).filter(|m| !m.is_empty());
        }
        let body = self.raw_body()?.trim();
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(v) => body_message(&v),
            Err(_) => (!body.is_empty()).then(|| body.chars().take(500).collect()),
        }
    }

    /// The API's error code, from the common error body shape (`error.code`) or a stream's
    /// error event, as text (`"402"`, `"rate_limit_exceeded"`).
    pub fn code(&self) -> Option<String> {
        match self {
            Error::Stream { error, .. } => code_text(error.code.clone()?),
            _ => body_code(&serde_json::from_str(self.raw_body()?).ok()?),
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
            | Error::Transport { attempts, .. }
            | Error::TooLarge { attempts, .. } => *attempts,
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
                path,
                source,
            } => Error::Decode {
                operation,
                status,
                body,
                path,
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
            Error::TooLarge {
                operation,
                limit,
                max,
                read,
                declared,
                attempts,
            } => Error::TooLarge {
                operation,
                limit,
                max,
                read,
                declared,
                attempts,
            },
            Error::InvalidRequest { operation, message } => {
                Error::InvalidRequest { operation, message }
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

/// The API's message in an error body of the common shape (`{"error": {"message": ..}}`,
/// or a top-level `message`). Generated error enums' `message()` reads it.
#[doc(hidden)]
pub fn body_message(body: &serde_json::Value) -> Option<String> {
    let m = body
        .pointer("/error/message")
        .or_else(|| body.get("message"));
    m.and_then(|m| m.as_str()).map(str::to_owned)
}

/// The API's code in an error body of the common shape (`error.code`, or a top-level
/// `code`), as text. Generated error enums' `code()` reads it.
#[doc(hidden)]
pub fn body_code(body: &serde_json::Value) -> Option<String> {
    let code = body.pointer("/error/code").or_else(|| body.get("code"))?;
    code_text(code.clone())
}

fn code_text(code: serde_json::Value) -> Option<String> {
    match code {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}
