//! How much of a response the client holds in memory: bodies, events, error bodies.

use bytes::{Bytes, BytesMut};

use super::super::Error;

/// Memory bounds against any server: how much of a response is buffered. Past a limit the
/// call ends with [`Error::TooLarge`] naming the operation, the limit and the bytes read,
/// and nothing more is read. Set them on the builder ([`Builder::limits`](super::Builder::limits))
/// or per handle ([`CallOptions::limits`](super::CallOptions::limits)).
///
/// Byte-stream downloads (files, audio, `application/octet-stream`) are not buffered and
/// so not bounded here: the caller reads them chunk by chunk and stops when it likes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest successful body read whole (JSON, text). Default 64 MiB: an
    /// OpenRouter answer carrying generated images or audio as base64 runs to several
    /// MiB per item, and a handful of items fit with room to spare.
    pub response_body: usize,
    /// The largest single server-sent event (its `data` lines together, or one line
    /// still waiting for its end). Default 16 MiB: a streamed image arrives as one base64
    /// event of a few MiB.
    pub event: usize,
    /// How much of an error status's body is read and kept in the [`Error`]. Default 64
    /// KiB: enough for any JSON error, while a proxy's long HTML page is cut (the rest is
    /// not read). `Display` shows at most its first 2 KiB.
    pub error_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            response_body: 64 << 20,
            event: 16 << 20,
            error_body: 64 << 10,
        }
    }
}

impl Limits {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set [`Limits::response_body`].
    pub fn response_body(mut self, bytes: usize) -> Self {
        self.response_body = bytes;
        self
    }

    /// Set [`Limits::event`].
    pub fn event(mut self, bytes: usize) -> Self {
        self.event = bytes;
        self
    }

    /// Set [`Limits::error_body`].
    pub fn error_body(mut self, bytes: usize) -> Self {
        self.error_body = bytes;
        self
    }
}

/// What reading a body up to a limit gave.
pub(crate) enum Read {
    /// The whole body.
    Whole(Bytes),
    /// The first `limit` bytes; more was offered (and left unread).
    Cut {
        head: Bytes,
        read: usize,
        declared: Option<u64>,
    },
}

/// Read `response`'s body, at most `limit` bytes of it. A declared `Content-Length` past
/// the limit ends at once, with nothing read.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Read, reqwest::Error> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit as u64) {
        return Ok(Read::Cut {
            head: Bytes::new(),
            read: 0,
            declared,
        });
    }
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if buf.len() + chunk.len() > limit {
            let read = buf.len() + chunk.len();
            let room = limit - buf.len();
            buf.extend_from_slice(&chunk[..room]);
            return Ok(Read::Cut {
                head: buf.freeze(),
                read,
                declared,
            });
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Read::Whole(buf.freeze()))
}

/// A successful body within `limit`, or [`Error::TooLarge`].
pub(crate) fn success_body<E>(
    read: Read,
    operation: &'static str,
    limit: usize,
    attempts: u32,
) -> Result<Bytes, Error<E>> {
    match read {
        Read::Whole(body) => Ok(body),
        Read::Cut { read, declared, .. } => Err(Error::TooLarge {
            operation,
            limit: "response body",
            max: limit,
            read,
            declared,
            attempts,
        }),
    }
}

/// An error status's body, cut at `limit` with a note saying so.
pub(crate) fn error_body(read: Read, limit: usize) -> Bytes {
    match read {
        Read::Whole(body) => body,
        Read::Cut { head, declared, .. } => {
            let mut out = BytesMut::from(&head[..]);
            let total = declared.map_or_else(|| "more".to_owned(), |n| format!("{n} bytes in all"));
            out.extend_from_slice(
                format!(
                    "\n[llmgate: error body cut at {limit} bytes ({total}); see Limits::error_body]"
                )
                .as_bytes(),
            );
            out.freeze()
        }
    }
}
