//! # llmgate
//!
//! Typed async clients for OpenRouter-style LLM gateways, generated at build time from
//! their OpenAPI specs: [`openrouter`] for OpenRouter and [`modelgates`] for ModelGates,
//! a rebranded clone of its API with its own base URL.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use llmgate::openrouter::{Client, types::BulkAssignKeysToGuardrailRequest};
//!
//! // A management key, from OPENROUTER_API_KEY (or `.api_key(..)` on the builder).
//! let client = Client::from_env()?;
//! let body = BulkAssignKeysToGuardrailRequest { key_hashes: vec!["c56454ed...".into()] };
//! let result = client
//!     .bulk_assign_keys_to_guardrail("550e8400-e29b-41d4-a716-446655440000", &body)
//!     .await?;
//! println!("assigned {}", result.assigned_count);
//! # Ok(())
//! # }
//! ```
//!
//! Every method returns `Result<T, runtime::Error<E>>`, where `E` is the operation's enum
//! of decoded error bodies (see each module's `errors`). Errors always name the
//! operation; those with a response keep its status and raw body.
//!
//! The generator is the `llmgate-codegen` crate; the generated code is also committed
//! under `generated/` in the repository for review.

#![deny(missing_docs)]

pub mod modelgates;
pub mod openrouter;
pub mod runtime;

use std::marker::PhantomData;
use std::time::Duration;

pub use runtime::{ApiKey, CallOptions, ConfigError, Error, RetryPolicy};

/// A generated client that can be made from a configured [`runtime::Client`].
pub trait FromRuntime {
    /// Wrap the runtime client.
    fn from_runtime(inner: runtime::Client) -> Self;
}

/// Builds a provider's client: `llmgate::openrouter::Client::builder()`.
///
/// Each setting comes from the argument if given, else from the provider's environment
/// variable, else from its spec. A missing key or an invalid base URL is an error here,
/// not a failed request later.
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder<C> {
    inner: runtime::ClientBuilder,
    client: PhantomData<fn() -> C>,
}

impl<C: FromRuntime> Builder<C> {
    /// A builder with `provider`'s defaults.
    pub fn new(provider: runtime::Provider) -> Self {
        Builder {
            inner: runtime::ClientBuilder::new(provider),
            client: PhantomData,
        }
    }

    fn map(self, f: impl FnOnce(runtime::ClientBuilder) -> runtime::ClientBuilder) -> Self {
        Builder {
            inner: f(self.inner),
            client: PhantomData,
        }
    }

    /// The API key (a management key for management endpoints).
    pub fn api_key(self, key: impl Into<ApiKey>) -> Self {
        self.map(|b| b.api_key(key))
    }

    /// The base URL (e.g. a proxy or a local server).
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.map(|b| b.base_url(url))
    }

    /// Use this `reqwest::Client`.
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.map(|b| b.http_client(http))
    }

    /// Do not read environment variables.
    pub fn ignore_env(self) -> Self {
        self.map(runtime::ClientBuilder::ignore_env)
    }

    /// Whole-request timeout (default 600 s; `None` for none).
    pub fn timeout(self, t: Option<Duration>) -> Self {
        self.map(|b| b.timeout(t))
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(self, t: Option<Duration>) -> Self {
        self.map(|b| b.connect_timeout(t))
    }

    /// Longest wait between two chunks of a stream (default 120 s).
    pub fn stream_idle_timeout(self, t: Option<Duration>) -> Self {
        self.map(|b| b.stream_idle_timeout(t))
    }

    /// Retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::none`] for none).
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.map(|b| b.retry(policy))
    }

    /// An extra header on every request.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.map(|b| b.header(name, value))
    }

    /// App attribution: `HTTP-Referer`.
    pub fn app_url(self, url: impl Into<String>) -> Self {
        self.map(|b| b.app_url(url))
    }

    /// App attribution: `X-Title`.
    pub fn app_title(self, title: impl Into<String>) -> Self {
        self.map(|b| b.app_title(title))
    }

    /// Validate and build.
    pub fn build(self) -> Result<C, ConfigError> {
        self.inner.build().map(C::from_runtime)
    }
}
