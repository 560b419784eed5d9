//! Hooks: see and change every request and response without forking the transport
//! (the Speakeasy SDKs' `beforeRequest` / `afterSuccess` / `afterError`, as a trait).
//!
//! Three points, each inside the retry loop, so every attempt passes them:
//! - [`Hook::before_request`]: the request about to be sent (add headers, sign, log); an
//!   error refuses the call (`Error::InvalidRequest`, naming the hook's reason).
//! - [`Hook::after_response`]: every response that arrived (status, headers, latency), for
//!   metrics; a streamed body is not read.
//! - [`Hook::on_error`]: a response with an error status, or a failure without one
//!   (timeout, connection); answering [`AfterError::RetryOnce`] sends the call again at
//!   once (before-request hooks run again, so a refreshed credential is used), once per
//!   call, beside the retry policy's own attempts. This is how an auth refresh retries a
//!   401.
//!
//! Hooks are synchronous and run on the caller's task: keep them short (refresh a token
//! held by a background task, not over the network inside the hook). Retries, limits,
//! metadata and key redaction are unchanged: the `Authorization` header a hook sees is
//! marked sensitive, so `Debug` prints it redacted.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

/// A request about to be sent, as a hook sees it.
#[derive(Debug)]
pub struct OutgoingRequest<'a> {
    pub(super) operation: &'static str,
    pub(super) attempt: u32,
    pub(super) request: &'a mut reqwest::Request,
}

impl OutgoingRequest<'_> {
    /// The spec's operationId.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// Which attempt this is (1 for the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }
    /// The URL (the key is never in it).
    pub fn url(&self) -> &Url {
        self.request.url()
    }
    /// The headers (the key's is marked sensitive).
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }
    /// The headers, to add or change one (a signature, a trace id, a refreshed token).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }
    /// The body's bytes, when it is in memory (JSON and form bodies are), to sign it.
    pub fn body(&self) -> Option<&[u8]> {
        self.request.body().and_then(reqwest::Body::as_bytes)
    }
}

/// A response that arrived, as a hook sees it (its body is not read for the hook).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The spec's operationId.
    pub operation: &'static str,
    /// Which attempt this answers.
    pub attempt: u32,
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: &'a HeaderMap,
    /// From sending the request to the response's head (and its body, when read).
    pub latency: Duration,
}

/// A failed attempt, as a hook sees it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Failure<'a> {
    /// A response with an error status.
    Status(ResponseInfo<'a>),
    /// No response: a timeout or a connection failure (the error's text).
    NoResponse {
        /// The spec's operationId.
        operation: &'static str,
        /// Which attempt failed.
        attempt: u32,
        /// What went wrong.
        message: &'a str,
    },
}

impl Failure<'_> {
    /// The status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Failure::Status(r) => Some(r.status),
            Failure::NoResponse { .. } => None,
        }
    }
}

/// What a call does after [`Hook::on_error`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AfterError {
    /// As without the hook: the retry policy decides.
    #[default]
    Continue,
    /// Send the call again now, once per call (before-request hooks run again).
    RetryOnce,
}

/// A hook on every call of a client, set with
/// [`Builder::hook`](crate::runtime::Builder::hook): before each attempt is sent, after each
/// response, on each failure (all inside the retry loop). Every method has a default that
/// does nothing, so implement only the points you need; an `on_error` answering
/// [`AfterError::RetryOnce`] sends the call again at once, once per call (an auth refresh
/// after a 401). Hooks are synchronous: keep them short.
pub trait Hook: Send + Sync + 'static {
    /// Before each attempt is sent. An error refuses the call with this reason.
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let _ = request;
        Ok(())
    }
    /// After each response arrived (any status).
    fn after_response(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }
    /// After each failed attempt (an error status, or no response).
    fn on_error(&self, failure: &Failure<'_>) -> AfterError {
        let _ = failure;
        AfterError::Continue
    }
}

/// The hooks of a client, in the order they were added.
#[derive(Clone, Default)]
pub(super) struct Hooks(pub(super) Vec<Arc<dyn Hook>>);

impl Hooks {
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        self.0.iter().try_for_each(|h| h.before_request(request))
    }

    pub(super) fn after_response(&self, response: &ResponseInfo<'_>) {
        self.0.iter().for_each(|h| h.after_response(response));
    }

    /// `RetryOnce` when any hook asks for it (every hook sees the failure).
    pub(super) fn on_error(&self, failure: &Failure<'_>) -> AfterError {
        self.0
            .iter()
            .fold(AfterError::Continue, |acc, h| match h.on_error(failure) {
                AfterError::RetryOnce => AfterError::RetryOnce,
                AfterError::Continue => acc,
            })
    }
}

/// A hook made of closures ([`Builder::before_request`](super::Builder::before_request)
/// and its siblings).
pub(super) struct BeforeRequest<F>(pub(super) F);
impl<F> Hook for BeforeRequest<F>
where
    F: Fn(&mut OutgoingRequest<'_>) -> Result<(), String> + Send + Sync + 'static,
{
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        (self.0)(request)
    }
}

pub(super) struct AfterResponse<F>(pub(super) F);
impl<F> Hook for AfterResponse<F>
where
    F: Fn(&ResponseInfo<'_>) + Send + Sync + 'static,
{
    fn after_response(&self, response: &ResponseInfo<'_>) {
        (self.0)(response)
    }
}

pub(super) struct OnError<F>(pub(super) F);
impl<F> Hook for OnError<F>
where
    F: Fn(&Failure<'_>) -> AfterError + Send + Sync + 'static,
{
    fn on_error(&self, failure: &Failure<'_>) -> AfterError {
        (self.0)(failure)
    }
}
