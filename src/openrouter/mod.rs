//! The OpenRouter API (<https://openrouter.ai>): the whole current API, generated from
//! `spec/openrouter.json` (derived from OpenRouter's published spec of 2026-08-22 by
//! `llmgate spec vendor`) with llmgate's own docs (`spec/openrouter.docs.yaml`).
//!
//! Methods are grouped as OpenRouter's SDKs group them: `client.chat().send(&req)`,
//! `client.chat().send_stream(&req)`, `client.models().list()`,
//! `client.embeddings().generate(&req)`. Each group is a cargo feature of llmgate
//! (`chat`, `models`, `embeddings`, `generations` by default; `full` for all); a group
//! whose feature is off is not compiled.
//!
//! [`Client::from_env`] reads `OPENROUTER_API_KEY` (and `OPENROUTER_BASE_URL` if set);
//! [`Client::builder`] sets anything else. Management endpoints (keys, guardrails,
//! workspaces, ...) need a *management* key; inference endpoints take a regular API key.

include!(concat!(env!("OUT_DIR"), "/openrouter.rs"));

#[cfg(all(
    llmgate_openrouter_bundled,
    llmgate_openrouter_op = "sendChatCompletionRequest"
))]
mod chat;
#[cfg(all(
    llmgate_openrouter_bundled,
    llmgate_openrouter_op = "sendChatCompletionRequest"
))]
pub use chat::{
    ArgumentsError, ChatAccumulator, CollectCompletion, Completion, CompletionChoice, Interrupted,
    ToolCall,
};

#[cfg(all(
    feature = "agent",
    llmgate_openrouter_bundled,
    llmgate_openrouter_op = "sendChatCompletionRequest"
))]
pub mod agent;

#[cfg(all(feature = "mock", llmgate_openrouter_bundled))]
mod mock_defaults;
#[cfg(all(
    feature = "mock",
    llmgate_openrouter_bundled,
    llmgate_openrouter_op = "createResponses"
))]
mod mock_responses;
#[cfg(all(feature = "mock", llmgate_openrouter_bundled))]
use mock_defaults::install as mock_defaults;
