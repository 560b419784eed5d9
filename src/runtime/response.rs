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
        super::de::from_slice_with_path(&self.body).map_err(|(source, path)| Error::Decode {
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
    /// A body that does not decode keeps the status and raw body as `UnexpectedStatus`.
    pub fn api_error<B: DeserializeOwned, E, T>(self, variant: fn(B) -> E) -> Result<T, Error<E>> {
        let raw_body = self.body_text();
        Err(match serde_json::from_slice::<B>(&self.body) {
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
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

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
        let operation = self.operation;
        let status = self.status;
        let idle = self.idle_timeout;
        let body: BoxStream<reqwest::Result<Bytes>> = Box::pin(self.response.bytes_stream());
        let max = self.event_limit;
        let state = EventState {
            body,
            parser: SseParser::with_limit(max),
            done: false,
        };
        let stream = futures_util::stream::unfold(state, move |mut st| async move {
            loop {
                if st.done {
                    return None;
                }
                if let Some(event) = st.parser.next_event() {
                    if event.data.is_empty() && event.event.is_none() {
                        continue;
                    }
                    if sentinel.is_some_and(|s| event.data.trim() == s) {
                        return None;
                    }
                    if let Some(err) = error_frame(&event) {
                        st.done = true;
                        return Some((
                            Err(Error::Stream {
                                operation,
                                error: Box::new(err),
                            }),
                            st,
                        ));
                    }
                    let item = super::de::from_slice_with_path::<T>(event.data.as_bytes()).map_err(
                        |(source, path)| Error::Decode {
                            operation,
                            status,
                            body: event.data.clone(),
                            path,
                            source,
                        },
                    );
                    return Some((item, st));
                }
                if let Some(read) = st.parser.overflowed() {
                    st.done = true;
                    let error = Error::TooLarge {
                        operation,
                        limit: "event",
                        max,
                        read,
                        declared: None,
                        attempts: 1,
                    };
                    return Some((Err(error), st));
                }
                match next_chunk(&mut st.body, operation, idle).await {
                    Some(Ok(chunk)) => st.parser.feed(&chunk),
                    Some(Err(e)) => {
                        st.done = true;
                        return Some((Err(e), st));
                    }
                    None => {
                        st.done = true;
                        st.parser.finish();
                        if st.parser.next_event().is_some() {
                            // A final event without its blank line: the connection was cut.
                            return Some((
                                Err(cut(
                                    operation,
                                    "the connection closed in the middle of an event",
                                )),
                                st,
                            ));
                        }
                        if let Some(s) = sentinel {
                            return Some((
                                Err(cut(
                                    operation,
                                    &format!("the stream ended before its `{s}` marker"),
                                )),
                                st,
                            ));
                        }
                        return None;
                    }
                }
            }
        });
        EventStream {
            inner: Box::pin(stream),
        }
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

fn cut<E>(operation: &'static str, message: &str) -> Error<E> {
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

struct EventState {
    body: BoxStream<reqwest::Result<Bytes>>,
    parser: SseParser,
    done: bool,
}

/// An error frame: `event: error`, or data whose top-level object has an `error` member.
fn error_frame(event: &SseEvent) -> Option<StreamError> {
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
    inner: BoxStream<Result<T, Error<E>>>,
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
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
        }
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
        for &b in chunk {
            if self.buf.len() + self.current.data.len() >= self.max {
                self.overflow = Some(self.buf.len() + self.current.data.len() + 1);
                self.buf = Vec::new();
                self.current = SseEvent::default();
                return;
            }
            if self.skip_lf {
                self.skip_lf = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' => self.line(),
                b'\r' => {
                    self.line();
                    self.skip_lf = true;
                }
                _ => self.buf.push(b),
            }
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

    fn line(&mut self) {
        let line = std::mem::take(&mut self.buf);
        if line.is_empty() {
            if self.has_fields {
                self.has_fields = false;
                self.has_data = false;
                self.ready.push_back(std::mem::take(&mut self.current));
            }
            return;
        }
        if line[0] == b':' {
            return; // comment, e.g. `: OPENROUTER PROCESSING`
        }
        let line = String::from_utf8_lossy(&line);
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
