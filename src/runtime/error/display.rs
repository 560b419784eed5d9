//! How an [`Error`] reads: the operation, the status and attempts, a bounded part of the body.

use super::*;

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
                path,
                source,
            } => {
                write!(
                    f,
                    "{operation}: HTTP {status} body does not match the declared type at `{path}`: {source}; body: {}",
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
            Error::TooLarge {
                operation,
                limit,
                max,
                read,
                declared,
                ..
            } => {
                write!(
                    f,
                    "{operation}: {limit} larger than its limit of {max} bytes"
                )?;
                match declared {
                    Some(n) if *read == 0 => write!(f, " (Content-Length {n}; nothing read)")?,
                    _ => write!(f, " ({read} bytes read, the rest left unread)")?,
                }
                write!(f, "; raise it with `Limits`")
            }
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: invalid request: {message}")
            }
        }
    }
}
