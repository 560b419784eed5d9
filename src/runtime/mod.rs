//! The runtime that generated clients call: one small module, reached by generated code
//! as `llmgate::runtime` (or `crate::runtime` inside llmgate).
//!
//! Generated code only describes requests ([`Request`]) and reads responses
//! ([`Response`], [`EventStream`], [`ByteStream`]); base URL, auth, headers, timeouts,
//! retries and tracing all live here.

mod auth;
mod client;
pub mod de;
mod error;
mod events;
mod metadata;
#[cfg(feature = "mock")]
pub mod mock;
mod nullable;
pub mod object;
mod open_enum;
pub mod pages;
pub mod params;
pub mod presence;
mod request;
mod response;

pub use crate::{object, open_enum};
pub use auth::ApiKey;
pub use bytes::Bytes;
pub use client::{
    AfterError, Builder, CallOptions, Failure, FromTransport, Hook, Limits, OutgoingRequest,
    Provider, ResponseInfo, RetryPolicy, RetryStatus, Transport, USER_AGENT_VALUE,
    http_client_builder, parse_retry_after,
};
pub use error::{ConfigError, Error, StreamError};
#[doc(hidden)]
pub use error::{body_code, body_message};
pub use futures_core::Stream;
pub use metadata::{Metadata, RateLimit, with_metadata};
pub use nullable::{Nullable, OrNull};
pub use params::{Style, encode_path, encode_path_styled};
pub use presence::{Absent, Missing};
pub use request::{FilePart, Form, Request};
pub use reqwest::{Method, StatusCode};
pub use response::{ByteStream, EventStream, Response, SseEvent, SseParser, StreamBody, Streamed};
#[doc(hidden)]
pub use serde;
#[doc(hidden)]
pub use serde_json;
