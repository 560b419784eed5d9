//! Calling without async (feature `blocking`), for scripts and command-line tools: any
//! client, any method, through one closure; streams as iterators.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use llmgate::openrouter::{self, types::*};
//! let client = llmgate::blocking::Blocking::new(openrouter::Client::from_env()?)?;
//! let request = ChatRequest::new([ChatUserMessage::new("Hello!").into()]).model("openai/gpt-4o-mini");
//! let answer = client.call(|c| c.chat().send(&request))?;
//! println!("{:?}", answer.choices.first().map(|c| &c.message.content));
//! for chunk in client.stream(|c| c.chat().send_stream(&request))? {
//!     print!("{:?}", chunk?.choices.first().map(|c| &c.delta.content));
//! }
//! # Ok(()) }
//! ```
//!
//! Each [`Blocking`] owns a single-threaded Tokio runtime that runs the async client's
//! calls to completion on the calling thread; the async client is unchanged, so retries,
//! timeouts, limits and hooks behave the same. Do not use it from inside an async runtime
//! (Tokio refuses to block one of its own threads); call the async client there. Without
//! the feature none of this is compiled.

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;

/// A client (any generated one: `openrouter::Client`, `modelgates::Client`, a user's)
/// whose calls block ([module docs](self)).
pub struct Blocking<C> {
    client: C,
    runtime: tokio::runtime::Runtime,
}

impl<C> std::fmt::Debug for Blocking<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocking").finish_non_exhaustive()
    }
}

impl<C> Blocking<C> {
    /// Wrap `client`; fails only when the runtime cannot be made (no threads or timers).
    pub fn new(client: C) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Blocking { client, runtime })
    }

    /// The async client inside.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// Run one call to completion: `client.call(|c| c.models().list())`.
    pub fn call<'a, F, Fut>(&'a self, f: F) -> Fut::Output
    where
        F: FnOnce(&'a C) -> Fut,
        Fut: Future + 'a,
    {
        self.runtime.block_on(f(&self.client))
    }

    /// Run a call that answers with a stream, and read the stream as an iterator:
    /// `for chunk in client.stream(|c| c.chat().send_stream(&request))? { .. }`.
    pub fn stream<'a, F, Fut, S, E>(&'a self, f: F) -> Result<Iter<'a, S>, E>
    where
        F: FnOnce(&'a C) -> Fut,
        Fut: Future<Output = Result<S, E>> + 'a,
        S: Stream + 'a,
    {
        let stream = self.runtime.block_on(f(&self.client))?;
        Ok(Iter {
            runtime: &self.runtime,
            stream: Box::pin(stream),
        })
    }
}

/// A stream read item by item, blocking for each ([`Blocking::stream`]). Dropping it
/// drops the stream (and closes its connection).
pub struct Iter<'a, S> {
    runtime: &'a tokio::runtime::Runtime,
    stream: Pin<Box<S>>,
}

impl<S> std::fmt::Debug for Iter<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iter").finish_non_exhaustive()
    }
}

impl<S: Stream> Iterator for Iter<'_, S> {
    type Item = S::Item;

    fn next(&mut self) -> Option<S::Item> {
        let mut stream = self.stream.as_mut();
        self.runtime.block_on(std::future::poll_fn(move |cx| {
            stream.as_mut().poll_next(cx)
        }))
    }
}
