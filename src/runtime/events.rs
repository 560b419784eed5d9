//! Decoding a server-sent event body into items: a hand-written stream, polled in place.
//!
//! One state machine per stream instead of a future per item: nothing is moved between
//! items, and the idle timer is one `Sleep` re-armed when a wait for the next chunk begins,
//! not a fresh timer per chunk.
//!
//! A stream ends at its marker (`[DONE]`) without waiting for the body's end; what is left
//! of the body is read off after it (at once when it is already there, else on a task of
//! its own, bounded by [`DRAIN_MAX_BYTES`] and [`DRAIN_MAX_WAIT`]), so that an HTTP/1.1
//! connection goes back to the pool instead of being closed half-read: over a network the
//! chunked encoding's last chunk often arrives in a packet after the marker's.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::response::{BoxStream, SseParser, cut, error_frame};
use super::{Error, StreamError};

/// At most this much of a body is read off after its marker before the connection is
/// given up (a conforming server sends five bytes: the chunked encoding's end).
pub(crate) const DRAIN_MAX_BYTES: usize = 64 * 1024;

/// At most this long is waited for a body's end after its marker.
pub(crate) const DRAIN_MAX_WAIT: Duration = Duration::from_secs(5);

/// What `poll_next` answers.
type Next<T, E> = Poll<Option<Result<T, Error<E>>>>;

/// The idle limit and its timer, armed while a chunk is awaited.
struct Idle {
    limit: Duration,
    /// Made on the first wait (so a stream can be built outside a runtime), then re-armed.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Whether the timer counts the current wait (re-armed when a new wait begins).
    armed: bool,
}

impl Idle {
    /// Poll the current wait for a chunk: ready once it has lasted the limit. A wait
    /// begins at the first poll after a chunk arrived; the timer is made once, then re-armed.
    fn poll_wait(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let limit = self.limit;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if !self.armed {
            self.armed = true;
            timer.as_mut().reset(tokio::time::Instant::now() + limit);
        }
        timer.as_mut().poll(cx)
    }
}

pub(crate) struct Events<T, E> {
    operation: &'static str,
    status: StatusCode,
    /// `None` once the body ended or was handed off to be drained.
    body: Option<BoxStream<reqwest::Result<Bytes>>>,
    parser: SseParser,
    sentinel: Option<&'static str>,
    idle: Option<Idle>,
    done: bool,
    /// The marker was read: the rest of the body is to be read off, not cut.
    drain: bool,
    /// Decode events strictly ([`crate::runtime::presence`]).
    strict: bool,
    /// The server answered a media type that is not an event stream (`application/json`):
    /// its type and the body read so far (bounded by the event limit), reported at its end.
    not_events: Option<(String, Vec<u8>)>,
    _items: PhantomData<fn() -> (T, E)>,
}

impl<T, E> Events<T, E> {
    pub(super) fn new(
        operation: &'static str,
        status: StatusCode,
        body: BoxStream<reqwest::Result<Bytes>>,
        parser: SseParser,
        sentinel: Option<&'static str>,
        idle: Option<Duration>,
        strict: bool,
    ) -> Self {
        let idle = idle.map(|limit| Idle {
            limit,
            timer: None,
            armed: false,
        });
        Events {
            operation,
            status,
            body: Some(body),
            parser,
            sentinel,
            idle,
            done: false,
            drain: false,
            strict,
            not_events: None,
            _items: PhantomData,
        }
    }

    /// The body is `content_type`, not an event stream: read it whole (within the event
    /// limit) and end with an error that says so and keeps it.
    pub(super) fn not_events(mut self, content_type: String) -> Self {
        self.not_events = Some((content_type, Vec::new()));
        self
    }

    /// The end of a body that was not an event stream: its error frame (`{"error": ..}`)
    /// when it is one, else an error naming the media type; the body is kept either way.
    fn not_an_event_stream(&mut self, content_type: String, body: Vec<u8>) -> Next<T, E> {
        let raw = String::from_utf8_lossy(&body).into_owned();
        let event = super::response::SseEvent {
            data: raw.clone(),
            ..Default::default()
        };
        let mut error = error_frame(&event).unwrap_or_else(|| StreamError {
            code: None,
            message: String::new(),
            metadata: None,
            raw: String::new(),
        });
        let expected = format!(
            "the server answered `{content_type}` where an event stream (`text/event-stream`) was expected"
        );
        error.message = if error.message.is_empty() {
            expected
        } else {
            format!("{}; {expected}", error.message)
        };
        error.raw = raw;
        let operation = self.operation;
        self.fail(Error::Stream {
            operation,
            error: Box::new(error),
        })
    }

    /// End the stream with `error`.
    fn fail(&mut self, error: Error<E>) -> Next<T, E> {
        self.done = true;
        Poll::Ready(Some(Err(error)))
    }

    /// The body ended: a pending event or a missing sentinel means it was cut.
    fn ended(&mut self) -> Next<T, E> {
        if let Some((content_type, body)) = self.not_events.take() {
            return self.not_an_event_stream(content_type, body);
        }
        self.done = true;
        self.parser.finish();
        if self.parser.next_event().is_some() {
            let message = "the connection closed in the middle of an event";
            return self.fail(cut(self.operation, message));
        }
        if let Some(s) = self.sentinel {
            let message = format!("the stream ended before its `{s}` marker");
            return self.fail(cut(self.operation, &message));
        }
        Poll::Ready(None)
    }
}

impl<T: DeserializeOwned, E> Events<T, E> {
    /// The next item from events already parsed, if there is one.
    #[inline(always)]
    fn parsed(&mut self) -> Option<Next<T, E>> {
        while let Some(event) = self.parser.next_event() {
            if event.data.is_empty() && event.event.is_none() {
                continue;
            }
            if self.sentinel.is_some_and(|s| event.data.trim() == s) {
                self.done = true;
                self.drain = true;
                return Some(Poll::Ready(None));
            }
            if let Some(err) = error_frame(&event) {
                let operation = self.operation;
                return Some(self.fail(Error::Stream {
                    operation,
                    error: Box::new(err),
                }));
            }
            return Some(Poll::Ready(Some(
                match super::presence::strict(self.strict, || {
                    super::de::from_str_with_path::<T>(&event.data)
                }) {
                    Ok(item) => {
                        self.parser.recycle(event.data);
                        Ok(item)
                    }
                    Err((source, path)) => Err(Error::Decode {
                        operation: self.operation,
                        status: self.status,
                        body: event.data,
                        path,
                        source,
                    }),
                },
            )));
        }
        None
    }
}

impl<T: DeserializeOwned, E> Stream for Events<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (the timer and the body are boxed).
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(ready) = this.parsed() {
                if this.drain {
                    this.drain = false;
                    if let Some(body) = this.body.take() {
                        drain_after_marker(body, cx);
                    }
                }
                return ready;
            }
            if let Some(read) = this.parser.overflowed() {
                let error = Error::TooLarge {
                    operation: this.operation,
                    limit: "event",
                    max: this.parser.limit(),
                    read,
                    declared: None,
                    attempts: 1,
                };
                return this.fail(error);
            }
            let Some(body) = this.body.as_mut() else {
                return this.ended();
            };
            match body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Some(idle) = &mut this.idle {
                        idle.armed = false;
                    }
                    if let Some((_, body)) = &mut this.not_events {
                        let room = this.parser.limit().saturating_sub(body.len());
                        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                        continue;
                    }
                    this.parser.feed(&chunk);
                }
                Poll::Ready(Some(Err(source))) => {
                    let operation = this.operation;
                    return this.fail(Error::Transport {
                        operation,
                        source,
                        attempts: 1,
                    });
                }
                Poll::Ready(None) => {
                    this.body = None;
                    return this.ended();
                }
                Poll::Pending => {
                    let Some(idle) = &mut this.idle else {
                        return Poll::Pending;
                    };
                    if idle.poll_wait(cx).is_pending() {
                        return Poll::Pending;
                    }
                    let error = Error::Timeout {
                        operation: this.operation,
                        limit: "stream idle",
                        after: idle.limit,
                        attempts: 1,
                    };
                    return this.fail(error);
                }
            }
        }
    }
}

/// Read off what is left of a body after its marker: what is already there at once, the
/// rest on a task of its own (within a Tokio runtime; outside one the body is dropped,
/// which closes an unfinished connection), at most [`DRAIN_MAX_BYTES`] within
/// [`DRAIN_MAX_WAIT`].
fn drain_after_marker(mut body: BoxStream<reqwest::Result<Bytes>>, cx: &mut Context<'_>) {
    let mut left = DRAIN_MAX_BYTES;
    loop {
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) if chunk.len() < left => left -= chunk.len(),
            Poll::Ready(_) => return,
            Poll::Pending => break,
        }
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let read_off = std::future::poll_fn(|cx| {
            loop {
                match body.as_mut().poll_next(cx) {
                    Poll::Ready(Some(Ok(chunk))) if chunk.len() < left => left -= chunk.len(),
                    Poll::Ready(_) => return Poll::Ready(()),
                    Poll::Pending => return Poll::Pending,
                }
            }
        });
        let _ = tokio::time::timeout(DRAIN_MAX_WAIT, read_off).await;
    });
}
