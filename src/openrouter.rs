//! The OpenRouter API (<https://openrouter.ai>), generated from `spec/openrouter.yaml`.
//!
//! [`Client::from_env`] reads `OPENROUTER_API_KEY` (and `OPENROUTER_BASE_URL` if set);
//! [`Client::builder`] sets anything else. The guardrail endpoints, such as
//! `bulk_assign_keys_to_guardrail`, need a *management* key; inference endpoints
//! take a regular API key.
//!
//! The bundled spec holds one operation. For the whole API, point
//! `LLMGATE_OPENROUTER_SPEC` at the spec you target (see the crate docs).

include!(concat!(env!("OUT_DIR"), "/openrouter.rs"));
