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

fn has_key(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| !v.trim().is_empty())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // OpenRouter: `assigned_count` is a `number` (f64) in its spec.
    let local = if has_key("OPENROUTER_API_KEY") {
        println!(
            "OpenRouter: calling {} with OPENROUTER_API_KEY",
            openrouter::PROVIDER.default_base_url
        );
        None
    } else {
        let server =
            support::Server::start(vec![support::Reply::json(200, r#"{"assigned_count": 1}"#)])
                .await;
        println!(
            "OpenRouter: OPENROUTER_API_KEY is not set; using a local server at {} that answers as the spec describes",
            server.base()
        );
        Some(server)
    };
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
    let local = if has_key("MODELGATES_API_KEY") {
        println!(
            "ModelGates: calling {} with MODELGATES_API_KEY",
            modelgates::PROVIDER.default_base_url
        );
        None
    } else {
        let server =
            support::Server::start(vec![support::Reply::json(200, r#"{"assigned_count": 1}"#)])
                .await;
        println!(
            "ModelGates: MODELGATES_API_KEY is not set; using a local server at {} that answers as the spec describes",
            server.base()
        );
        Some(server)
    };
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
