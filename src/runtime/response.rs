//! Responses: buffered bodies, event streams and byte streams.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::{Error, StreamError};

/// A response whose body has been read.
#[derive(Debug)]
pub struct Response {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) attempts: u32,
    /// Decode strictly ([`crate::runtime::presence`]).
    pub(crate) strict: bool,
}

impl Response {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decode the body as JSON.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        let decoded =
            super::presence::strict(self.strict, || super::de::from_slice_with_path(&self.body));
        decoded.map_err(|(source, path)| Error::Decode {
            operation: self.operation,
            status: self.status,
            body: self.body_text(),
            path,
            source,
        })
    }

    /// The body as text (invalid UTF-8 is replaced).
    pub fn text<E>(self) -> Result<String, Error<E>> {
        Ok(self.body_text())
    }

    /// The body bytes.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// A documented error status: decode its body into `B` and wrap it with `variant`.
    /// The body is read strictly (a body without the declared shape's required
    /// properties is not that shape): one that does not decode keeps the status and raw
    /// body as `UnexpectedStatus`, with the reason.
    pub fn api_error<B: DeserializeOwned, E, T>(self, variant: fn(B) -> E) -> Result<T, Error<E>> {
        let raw_body = self.body_text();
        let decoded = super::presence::strict(true, || serde_json::from_slice::<B>(&self.body));
        Err(match decoded {
            Ok(b) => Error::Api {
                operation: self.operation,
                status: self.status,
                body: variant(b),
                raw_body,
                attempts: self.attempts,
            },
            Err(e) => Error::UnexpectedStatus {
                operation: self.operation,
                status: self.status,
                body: raw_body,
                decode_error: Some(e),
                attempts: self.attempts,
            },
        })
    }

    /// A status the operation does not declare a body for.
    pub fn unexpected<E, T>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus {
            operation: self.operation,
            status: self.status,
            body: self.body_text(),
            decode_error: None,
            attempts: self.attempts,
        })
    }
}

/// The outcome of a streaming request: a success whose body is still unread, or a
/// failure whose body was read for decoding.
#[derive(Debug)]
pub enum Streamed {
    /// A 2xx response; the body is read as it arrives.
    Success(StreamBody),
    /// Any other status, body read.
    Failure(Response),
}

/// A successful response whose body has not been read yet.
#[derive(Debug)]
pub struct StreamBody {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) response: reqwest::Response,
    pub(crate) idle_timeout: Option<Duration>,
    /// The largest single event ([`Limits::event`](crate::runtime::Limits::event)).
    pub(crate) event_limit: usize,
    /// Decode events strictly ([`crate::runtime::presence`]).
    pub(crate) strict: bool,
}

pub(super) type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// Read the next chunk, bounded by the idle timeout.
async fn next_chunk<E>(
    body: &mut BoxStream<reqwest::Result<Bytes>>,
    operation: &'static str,
    idle: Option<Duration>,
) -> Option<Result<Bytes, Error<E>>> {
    let next = match idle {
        Some(limit) => match tokio::time::timeout(limit, body.next()).await {
            Ok(n) => n,
            Err(_) => {
                return Some(Err(Error::Timeout {
                    operation,
                    limit: "stream idle",
                    after: limit,
                    attempts: 1,
                }));
            }
        },
        None => body.next().await,
    };
    next.map(|r| {
        r.map_err(|source| Error::Transport {
            operation,
            source,
            attempts: 1,
        })
    })
}

impl StreamBody {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Decode the body as server-sent events whose `data` is `T`.
    pub fn events<T: DeserializeOwned + Send + 'static, E: Send + 'static>(
        self,
        sentinel: Option<&'static str>,
    ) -> EventStream<T, E> {
        // A JSON body where events were asked for (a server, or a mock handler, that
        // ignored the request's `stream`) ends the stream with an error saying so.
        let json = self
            .response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|t| t.to_ascii_lowercase().contains("json"))
            .map(str::to_owned);
        let mut decoder = super::events::Events::<T, E>::new(
            self.operation,
            self.status,
            Box::pin(self.response.bytes_stream()),
            SseParser::with_limit(self.event_limit),
            sentinel,
            self.idle_timeout,
            self.strict,
        );
        if let Some(content_type) = json {
            decoder = decoder.not_events(content_type);
        }
        EventStream { inner: decoder }
    }

    /// The body as a stream of byte chunks.
    pub fn bytes<E: Send + 'static>(self) -> ByteStream<E> {
        let operation = self.operation;
        let idle = self.idle_timeout;
        let body: BoxStream<reqwest::Result<Bytes>> = Box::pin(self.response.bytes_stream());
        let stream =
            futures_util::stream::unfold((body, false), move |(mut body, done)| async move {
                if done {
                    return None;
                }
                match next_chunk(&mut body, operation, idle).await {
                    Some(Ok(chunk)) => Some((Ok(chunk), (body, false))),
                    Some(Err(e)) => Some((Err(e), (body, true))),
                    None => None,
                }
            });
        ByteStream {
            inner: Box::pin(stream),
        }
    }
}

pub(super) fn cut<E>(operation: &'static str, message: &str) -> Error<E> {
    Error::Stream {
        operation,
        error: Box::new(StreamError {
            code: None,
            message: message.to_owned(),
            metadata: None,
            raw: String::new(),
        }),
    }
}

/// The searcher for `"error"`, built once (building one costs more than a search).
fn error_marker() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"\"error\""))
}

/// An error frame: `event: error`, or data whose top-level object has an `error` member.
/// Data without the text `"error"` cannot have one, and is not parsed here (it is decoded
/// once, into the item type).
pub(super) fn error_frame(event: &SseEvent) -> Option<StreamError> {
    if event.event.as_deref() != Some("error")
        && error_marker().find(event.data.as_bytes()).is_none()
    {
        return None;
    }
    let value: Option<serde_json::Value> = serde_json::from_str(&event.data).ok();
    let error = value
        .as_ref()
        .and_then(|v| v.get("error"))
        .filter(|e| e.is_object() || e.is_string());
    if event.event.as_deref() != Some("error") && error.is_none() {
        return None;
    }
    let source = error.or(value.as_ref());
    let message = source
        .and_then(|e| {
            e.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_owned)
                .or_else(|| e.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| event.data.clone());
    Some(StreamError {
        code: source.and_then(|e| e.get("code")).cloned(),
        message,
        metadata: source.and_then(|e| e.get("metadata")).cloned(),
        raw: event.data.clone(),
    })
}

/// A stream of decoded server-sent events. Ends after the sentinel (e.g. `[DONE]`); an
/// error frame, a cut connection or an idle timeout is yielded as an error, then the stream ends.
#[must_use = "streams do nothing unless polled"]
pub struct EventStream<T, E> {
    // Held directly, not boxed behind `dyn Stream`: items (a chat chunk is about 1 KB)
    // are written once into the caller's slot instead of moved through a virtual call.
    inner: super::events::Events<T, E>,
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T: DeserializeOwned, E> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;
    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

/// A binary response body, chunk by chunk.
#[must_use = "streams do nothing unless polled"]
pub struct ByteStream<E> {
    inner: BoxStream<Result<Bytes, Error<E>>>,
}

impl<E> std::fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByteStream")
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// One server-sent event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field.
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The `id:` field.
    pub id: Option<String>,
}

/// Incremental parser for the `text/event-stream` format (WHATWG HTML §9.2).
///
/// Memory is bounded by its limit ([`SseParser::with_limit`]; none by default): an event
/// (its pending line and `data` together) past it stops the parser, which then holds at
/// most the limit and reports [`SseParser::overflowed`].
#[derive(Debug)]
pub struct SseParser {
    buf: Vec<u8>,
    current: SseEvent,
    has_fields: bool,
    has_data: bool,
    ready: std::collections::VecDeque<SseEvent>,
    skip_lf: bool,
    max: usize,
    /// Bytes of the event being read when it passed `max`.
    overflow: Option<usize>,
    /// A decoded event's data buffer, handed back for the next event ([`SseParser::recycle`]).
    spare: Option<String>,
}

impl Default for SseParser {
    fn default() -> Self {
        Self::with_limit(usize::MAX)
    }
}

impl SseParser {
    /// A parser that refuses an event larger than `max` bytes.
    pub fn with_limit(max: usize) -> Self {
        SseParser {
            buf: Vec::new(),
            current: SseEvent::default(),
            has_fields: false,
            has_data: false,
            ready: std::collections::VecDeque::new(),
            skip_lf: false,
            max,
            overflow: None,
            spare: None,
        }
    }

    /// The largest event accepted, in bytes.
    pub fn limit(&self) -> usize {
        self.max
    }

    /// The size reached by an event that passed the limit, once one has; the parser then
    /// ignores further input.
    pub fn overflowed(&self) -> Option<usize> {
        self.overflow
    }

    /// Add bytes from the body.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.overflow.is_some() {
            return;
        }
        let mut rest = chunk;
        while !rest.is_empty() {
            if self.skip_lf {
                self.skip_lf = false;
                if rest[0] == b'\n' {
                    rest = &rest[1..];
                    continue;
                }
            }
            // A run of line bytes up to the next line end.
            let end = memchr::memchr2(b'\n', b'\r', rest);
            let run = &rest[..end.unwrap_or(rest.len())];
            let held = self.buf.len() + self.current.data.len();
            if held + run.len() >= self.max {
                self.overflow = Some(self.max.max(held) + 1);
                self.buf = Vec::new();
                self.current = SseEvent::default();
                return;
            }
            let Some(end) = end else {
                // The line goes on in the next chunk: held until then.
                self.buf.extend_from_slice(run);
                return;
            };
            self.skip_lf = rest[end] == b'\r';
            if self.buf.is_empty() {
                // The whole line is in this chunk: read in place, never copied.
                self.field(run);
            } else {
                self.buf.extend_from_slice(run);
                self.line();
            }
            rest = &rest[end + 1..];
        }
    }

    /// The body ended: a pending line counts, a pending event without its blank line is
    /// reported (so the caller can tell a cut stream).
    pub fn finish(&mut self) {
        if !self.buf.is_empty() {
            self.line();
        }
        if self.has_fields {
            self.has_fields = false;
            self.has_data = false;
            self.ready.push_back(std::mem::take(&mut self.current));
        }
    }

    /// The next complete event.
    pub fn next_event(&mut self) -> Option<SseEvent> {
        self.ready.pop_front()
    }

    /// Hand back an event's data once it is read, to hold the next event's (one buffer
    /// kept; its capacity is at most the limit, as the data was).
    pub fn recycle(&mut self, mut data: String) {
        data.clear();
        self.spare = Some(data);
    }

    fn line(&mut self) {
        // The line's buffer is handed back afterwards, so it keeps its capacity.
        let mut line = std::mem::take(&mut self.buf);
        self.field(&line);
        line.clear();
        self.buf = line;
    }

    fn field(&mut self, line: &[u8]) {
        if line.is_empty() {
            if self.has_fields {
                self.has_fields = false;
                self.has_data = false;
                // The next event is likely as long: one allocation instead of a doubling
                // series (bounded by the event limit like the data itself).
                let data = match self.spare.take() {
                    Some(spare) => spare,
                    None => String::with_capacity(self.current.data.len().min(self.max)),
                };
                let room = SseEvent {
                    data,
                    ..SseEvent::default()
                };
                self.ready
                    .push_back(std::mem::replace(&mut self.current, room));
            }
            return;
        }
        if line[0] == b':' {
            return; // comment, e.g. `: OPENROUTER PROCESSING`
        }
        // Valid UTF-8 (the usual case) is checked once and borrowed; anything else is
        // replaced as the event-stream standard says.
        let line = match std::str::from_utf8(line) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(line),
        };
        let (field, value) = match line.find(':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(' ').unwrap_or(v))
            }
            None => (&line[..], ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.current.data.push('\n');
                }
                self.current.data.push_str(value);
                self.has_data = true;
                self.has_fields = true;
            }
            "event" => {
                self.current.event = Some(value.to_owned());
                self.has_fields = true;
            }
            "id" => {
                self.current.id = Some(value.to_owned());
                self.has_fields = true;
            }
            _ => {} // `retry` and unknown fields are ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut p = SseParser::default();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c);
            while let Some(e) = p.next_event() {
                out.push(e);
            }
        }
        out
    }

    #[test]
    fn events_split_across_chunks_and_line_endings() {
        let out = parse(&[
            b": OPENROUTER PROCESSING\n\ndata: {\"a\"",
            b":1}\r\n\r\nevent: x\ndata: 1\ndata: 2\n",
            b"\n",
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].data, "{\"a\":1}");
        assert_eq!(out[1].event.as_deref(), Some("x"));
        assert_eq!(out[1].data, "1\n2");
    }

    /// The same events however the body is cut into chunks, with LF, CRLF and lone CR
    /// line ends, comments and multi-line data.
    #[test]
    fn every_split_point_gives_the_same_events() {
        let body: &[u8] = b": ping\r\ndata: {\"a\":1}\r\n\r\nevent: e\rdata: x\rdata: y\r\rid: 7\ndata: z\n\ndata:\n\n";
        let whole = parse(&[body]);
        assert_eq!(whole.len(), 4, "{whole:?}");
        assert_eq!(whole[1].data, "x\ny");
        assert_eq!(whole[2].id.as_deref(), Some("7"));
        for i in 0..body.len() {
            for j in i..body.len() {
                let parts = [&body[..i], &body[i..j], &body[j..]];
                assert_eq!(parse(&parts), whole, "split at {i}, {j}");
            }
        }
    }

    /// Invalid UTF-8 is replaced, whether the line is read in place or across chunks.
    #[test]
    fn invalid_utf8_is_replaced_in_place_and_across_chunks() {
        let body: &[u8] = b"data: a\xffb\n\n";
        for i in 0..body.len() {
            let out = parse(&[&body[..i], &body[i..]]);
            assert_eq!(out.len(), 1, "split at {i}");
            assert_eq!(out[0].data, "a\u{FFFD}b", "split at {i}");
        }
    }

    /// An event past the limit is reported at the limit however the bytes arrive.
    #[test]
    fn the_limit_holds_across_chunks() {
        for piece in [1, 3, 64] {
            let mut p = SseParser::with_limit(10);
            let body = b"data: 0123456789abcdef\n\n";
            for c in body.chunks(piece) {
                p.feed(c);
            }
            assert_eq!(p.overflowed(), Some(11), "pieces of {piece}");
            assert!(p.next_event().is_none());
        }
    }

    #[test]
    fn pending_event_is_reported_on_finish() {
        let mut p = SseParser::default();
        p.feed(b"data: {\"cut");
        assert!(p.next_event().is_none());
        p.finish();
        assert_eq!(p.next_event().unwrap().data, "{\"cut");
    }

    #[test]
    fn error_frames() {
        let e = SseEvent {
            data: r#"{"error":{"code":502,"message":"upstream"}}"#.into(),
            ..Default::default()
        };
        let err = error_frame(&e).unwrap();
        assert_eq!(err.message, "upstream");
        assert_eq!(err.code, Some(serde_json::json!(502)));
        let ok = SseEvent {
            data: r#"{"choices":[]}"#.into(),
            ..Default::default()
        };
        assert!(error_frame(&ok).is_none());
        let named = SseEvent {
            event: Some("error".into()),
            data: r#"{"message":"boom"}"#.into(),
            ..Default::default()
        };
        assert_eq!(error_frame(&named).unwrap().message, "boom");
    }
}
