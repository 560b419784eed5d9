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

pub use runtime::{ApiKey, Builder, CallOptions, ConfigError, Error, Nullable, RetryPolicy};
