//! # llmgate
//!
//! Typed async clients for OpenRouter-style LLM gateways, generated at build time from
//! their OpenAPI specs: [`openrouter`] is the whole current OpenRouter API (bundled, no
//! spec file or config needed), [`modelgates`] ModelGates, a rebranded clone of its API
//! with its own base URL (its one known operation; point `LLMGATE_MODELGATES_SPEC` at a
//! full spec for more).
//!
//! ```no_run
//! # #[cfg(feature = "chat")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use llmgate::openrouter::{Client, types::{ChatRequest, ChatUserMessage}};
//!
//! let client = Client::from_env()?; // OPENROUTER_API_KEY (or `.api_key(..)` on the builder)
//! let request = ChatRequest::new([ChatUserMessage::new("Hello!").into()])
//!     .model("openai/gpt-4o-mini");
//! let answer = client.chat().send(&request).await?;
//! println!("{:?}", answer.choices[0].message.content);
//! # Ok(())
//! # }
//! ```
//!
//! Methods are grouped as OpenRouter's SDKs group them (`client.chat()`,
//! `client.models()`, `client.embeddings()`, ...), and each group is a cargo feature:
//! `chat`, `models`, `embeddings` and `generations` by default, `full` for every group.
//!
//! ## A streaming chat completion with a tool
//!
//! This program is `dependents/bundled/src/bin/chat_stream_tool.rs`, which CI builds and runs on
//! loopback against the mock server:
//!
//! ```no_run
//! # #[cfg(feature = "chat")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::StreamExt;
//! use llmgate::openrouter::{Client, types::*};
//! use llmgate::runtime::Nullable;
//! use serde_json::json;
//!
//! let client = Client::from_env()?;
//! let weather = ChatFunctionToolFunctionFunction::new("get_weather")
//!     .description("Current weather for a city")
//!     .parameters(json!({"type": "object", "properties": {"city": {"type": "string"}}}));
//! let request = ChatRequest::new([ChatUserMessage::new("Weather in Paris?").into()])
//!     .model("openai/gpt-4o-mini")
//!     .tools([ChatFunctionToolFunction::new(weather).into()])
//!     .tool_choice(ChatToolChoice::Auto);
//! let mut stream = client.chat().send_stream(&request).await?;
//! while let Some(chunk) = stream.next().await {
//!     for choice in chunk?.choices {
//!         if let Some(Nullable::Value(text)) = choice.delta.content {
//!             print!("{text}");
//!         }
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Building requests: every struct has `new(required…)` and chainable setters; unions
//! convert with `.into()`; a property that is optional and nullable is
//! `Option<`[`Nullable`]`<T>>`, so absent, `null` and a value stay apart.
//!
//! Every method returns `Result<T, runtime::Error<E>>`, where `E` is the operation's enum
//! of decoded error bodies (see each module's `errors`). Errors always name the
//! operation; those with a response keep its status and raw body.
//!
//! Each generated type implements the serde direction the client needs (`Serialize` for
//! what it sends, `Deserialize` for what it reads); the `full-serde` feature adds the other.
//!
//! With the `mock` feature each module also has `mock::MockServer`, a local server that
//! answers every operation as its spec describes, with typed handlers, faults and a record
//! of what was sent (`docs/mock.md` in the repository).
//!
//! The generator is the `llmgate-codegen` crate; the generated code is also committed
//! under `generated/` in the repository for review.

#![deny(missing_docs)]

pub mod modelgates;
pub mod openrouter;
pub mod runtime;

#[cfg(feature = "blocking")]
pub mod blocking;
pub use runtime::{ApiKey, Builder, CallOptions, ConfigError, Error, Nullable, RetryPolicy};

// The README's and docs' Rust snippets compile as doctests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
// The mock's guide needs the `mock` feature (plain `cargo test --doc` skips it).
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../docs/mock.md")]
struct MockDocDoctests;
