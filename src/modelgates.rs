//! The ModelGates API (<https://modelgates.ai>), a rebranded clone of OpenRouter's, generated from `spec/modelgates.yaml`.
//!
//! [`Client::from_env`] reads `MODELGATES_API_KEY` (and `MODELGATES_BASE_URL` if set);
//! [`Client::builder`] sets anything else. The guardrail endpoints, such as
//! `bulk_assign_keys_to_guardrail`, need a *management* key; inference endpoints
//! take a regular API key.
//!
//! The bundled spec holds one operation. For the whole API, point
//! `LLMGATE_MODELGATES_SPEC` at the spec you target (see the crate docs).

include!(concat!(env!("OUT_DIR"), "/modelgates.rs"));
