//! OpenRouter's agent helpers in Rust (feature `agent`): structured output into your own
//! types, tools defined from Rust types, and a tool loop with stop conditions and summed
//! usage and cost — what `@openrouter/agent`'s `callModel` does for TypeScript.
//! Hand-written over the generated chat types.
//!
//! - **Structured output**: [`Chat::send_parsed`](crate::openrouter::Chat::send_parsed)
//!   sends a strict `json_schema` response format derived from `T: JsonSchema` (schemars 1)
//!   and decodes the answer into `T`; [`send_parsed_stream`](crate::openrouter::Chat::send_parsed_stream)
//!   yields the text as it comes and `T` at the end.
//! - **Tools**: [`tool`] (a closure) or the [`Tool`] trait; a [`ToolSet`] holds them. A
//!   call, from a plain answer ([`ChatResult::calls`](crate::openrouter::types::ChatResult::calls))
//!   or a stream ([`Completion::tool_calls`](crate::openrouter::Completion::tool_calls)),
//!   is one [`ToolCall`](crate::openrouter::ToolCall): `call.parse::<Args>()`,
//!   `call.answer(result)`.
//! - **The loop**: [`Chat::run`](crate::openrouter::Chat::run) with [`StopWhen`]
//!   conditions (`StepCountIs`, `MaxCost`, `MaxTokensUsed`, `HasToolCall`), an optional
//!   final turn with `tool_choice: none`, a guard against repeated calls, and
//!   [`Progress`] that survives cancellation.
//!
//! Schemas follow strict mode's rules ([`schema`]): every property required, objects
//! closed, `Option` as nullable, `$defs` for shared and recursive types.

mod run;
pub mod schema;
mod structured;
mod tools;

pub use run::{
    Progress, Run, RunError, RunEvent, RunResult, RunUsage, Snapshot, StopReason, StopWhen,
    ToolErrors,
};
pub use schema::{SchemaError, StrictSchema, strict_schema};
pub use structured::{
    ChatError, Parsed, StructuredError, StructuredEvent, StructuredStream, with_schema_of,
};
pub use tools::{FnTool, Tool, ToolFailure, ToolSet, definition, tool};

/// schemars, as llmgate uses it: derive `JsonSchema` with your own `schemars = "1"`
/// dependency (the derive feature), or name this one in `#[schemars(crate = "llmgate::openrouter::agent::schemars")]`.
pub use schemars;
