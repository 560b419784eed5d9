//! Response metadata without losing the type: status, headers, attempts and elapsed time
//! of a call, captured around any generated method.
//!
//! ```no_run
//! # #[cfg(feature = "chat")]
//! # async fn run(client: llmgate::openrouter::Client, req: llmgate::openrouter::types::ChatRequest) {
//! let (answer, meta) = llmgate::runtime::with_metadata(client.chat().send(&req)).await;
//! if let Some(meta) = meta {
//!     println!("{} after {} attempt(s), {:?} of rate limit left", meta.status, meta.attempts, meta.rate_limit().remaining);
//! }
//! # let _ = answer;
//! # }
//! ```
//!
//! One design for every operation, plain or streamed: the call's return type stays as it
//! is, and the transport records the final response's metadata into a slot that
//! [`with_metadata`] opens around the future (a Tokio task-local; nothing is recorded, and
//! no header is copied, outside one). For an event stream it is the metadata of the
//! response whose body is the stream.

use std::cell::RefCell;
use std::future::Future;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// What the server's final response said besides its body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Metadata {
    /// The operationId.
    pub operation: &'static str,
    /// The final response's status.
    pub status: StatusCode,
    /// Its headers (the request's key is never among them).
    pub headers: HeaderMap,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// From the first attempt to the final response's headers.
    pub elapsed: Duration,
}

/// Rate-limit headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`), where sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// When the window resets, as the server writes it (OpenRouter: Unix milliseconds).
    pub reset: Option<u64>,
}

impl Metadata {
    /// A header's value as text, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The rate-limit headers, parsed.
    pub fn rate_limit(&self) -> RateLimit {
        let n = |h: &str| self.header(h).and_then(|v| v.trim().parse().ok());
        RateLimit {
            limit: n("x-ratelimit-limit"),
            remaining: n("x-ratelimit-remaining"),
            reset: n("x-ratelimit-reset"),
        }
    }

    /// `Retry-After`, as seconds or an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        self.header("retry-after")
            .and_then(super::client::parse_retry_after)
    }

    /// The generation id, from `X-Generation-Id` where the gateway sends it (a chat
    /// completion also carries it as its body's `id`).
    pub fn generation_id(&self) -> Option<&str> {
        self.header("x-generation-id")
    }
}

tokio::task_local! {
    static SLOT: RefCell<Option<Metadata>>;
}

/// Run `call` and return its output with the metadata of the last response a call inside
/// it received (`None` when no response arrived: a timeout, a connection failure).
pub async fn with_metadata<F: Future>(call: F) -> (F::Output, Option<Metadata>) {
    SLOT.scope(RefCell::new(None), async move {
        let out = call.await;
        let meta = SLOT.with(|s| s.borrow_mut().take());
        (out, meta)
    })
    .await
}

/// Whether a [`with_metadata`] scope is open (so recording is worth its copy).
pub(crate) fn wanted() -> bool {
    SLOT.try_with(|_| ()).is_ok()
}

/// Record `meta` into the open scope, if any.
pub(crate) fn record(meta: impl FnOnce() -> Metadata) {
    let _ = SLOT.try_with(|s| *s.borrow_mut() = Some(meta()));
}
