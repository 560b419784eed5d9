//! `cargo run --example quickstart`
//!
//! Calls `bulk_assign_keys_to_guardrail` on both gateways. For each provider whose key
//! (`OPENROUTER_API_KEY`, `MODELGATES_API_KEY`; a *management* key) is not set, it runs
//! against a local stand-in server on 127.0.0.1 and says so; with a key it calls the real API.

#[path = "../tests/support/mod.rs"]
mod support;

use llmgate::{modelgates, openrouter};

// The request values used in the specs' own examples.
const GUARDRAIL_ID: &str = "550e8400-e29b-41d4-a716-446655440000";
const KEY_HASH: &str = "c56454edb818d6b14bc0d61c46025f1450b0f4012d12304ab40aacb519fcbc93";

/// A local server answering as the spec describes, unless `key_var` holds a key (then
/// `None`: the real API is called). Says which.
async fn local_unless_key(name: &str, key_var: &str, real_url: &str) -> Option<support::Server> {
    if std::env::var(key_var).is_ok_and(|v| !v.trim().is_empty()) {
        println!("{name}: calling {real_url} with {key_var}");
        return None;
    }
    let server =
        support::Server::start(vec![support::Reply::json(200, r#"{"assigned_count": 1}"#)]).await;
    println!(
        "{name}: {key_var} is not set; using a local server at {} that answers as the spec describes",
        server.base()
    );
    Some(server)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // OpenRouter: `assigned_count` is a `number` (f64) in its spec.
    let local = local_unless_key(
        "OpenRouter",
        "OPENROUTER_API_KEY",
        openrouter::PROVIDER.default_base_url,
    )
    .await;
    let mut builder = openrouter::Client::builder().app_title("llmgate quickstart");
    if let Some(server) = &local {
        builder = builder
            .ignore_env()
            .api_key("local-test-key")
            .base_url(server.base());
    }
    let client = builder.build()?;
    let body = openrouter::types::BulkAssignKeysToGuardrailRequest {
        key_hashes: vec![KEY_HASH.to_owned()],
    };
    match client
        .bulk_assign_keys_to_guardrail(GUARDRAIL_ID, &body)
        .await
    {
        Ok(out) => println!(
            "OpenRouter: {out:?} (assigned_count: f64 = {})",
            out.assigned_count
        ),
        Err(e) => println!("OpenRouter: error: {e}"),
    }

    // ModelGates: `assigned_count` is an `integer` (i64), and errors have typed bodies.
    let local = local_unless_key(
        "ModelGates",
        "MODELGATES_API_KEY",
        modelgates::PROVIDER.default_base_url,
    )
    .await;
    let mut builder = modelgates::Client::builder();
    if let Some(server) = &local {
        builder = builder
            .ignore_env()
            .api_key("local-test-key")
            .base_url(server.base());
    }
    let client = builder.build()?;
    let body = modelgates::types::BulkAssignKeysRequest {
        key_hashes: vec![KEY_HASH.to_owned()],
    };
    match client
        .bulk_assign_keys_to_guardrail(GUARDRAIL_ID, &body)
        .await
    {
        Ok(out) => println!(
            "ModelGates: {out:?} (assigned_count: i64 = {})",
            out.assigned_count
        ),
        Err(e) => {
            if let Some(typed) = e.api_body() {
                println!("ModelGates: typed error body: {typed:?}");
            }
            println!("ModelGates: error: {e}");
        }
    }
    Ok(())
}
