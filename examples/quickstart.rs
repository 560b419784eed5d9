//! `cargo run --example quickstart --features mock`
//!
//! Calls `bulk_assign_keys_to_guardrail` on both gateways. For each provider whose key
//! (`OPENROUTER_API_KEY`, `MODELGATES_API_KEY`; a *management* key) is not set, it runs
//! against the generated mock server (`<module>::mock::MockServer`) on 127.0.0.1, which
//! answers as the spec describes, and says so; with a key it calls the real API.

use llmgate::runtime::mock::Reply;
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
    let mock = openrouter::mock::MockServer::start().await?;
    let client = if has_key("OPENROUTER_API_KEY") {
        println!(
            "OpenRouter: calling {}",
            openrouter::PROVIDER.default_base_url
        );
        openrouter::Client::from_env()?
    } else {
        println!(
            "OpenRouter: OPENROUTER_API_KEY is not set; using the mock server at {}",
            mock.url()
        );
        // A typed handler: the request arrives decoded, the answer is a generated type.
        mock.on_bulk_assign_keys_to_guardrail(|call| async move {
            let assigned = call.body.key_hashes.len() as f64;
            Reply::ok(
                openrouter::types::GuardrailsBulkAssignKeysToGuardrailResponse200::new(assigned),
            )
        });
        mock.client()?
    };
    let body = openrouter::types::BulkAssignKeysToGuardrailRequest::new(vec![KEY_HASH.into()]);
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
    for r in mock.requests() {
        println!(
            "OpenRouter: the mock received {} {} ({:?})",
            r.method, r.path, r.operation
        );
    }

    // ModelGates: `assigned_count` is an `integer` (i64), and errors have typed bodies.
    // No handler here: the mock answers its default, a value built from the schema.
    let mock = modelgates::mock::MockServer::start().await?;
    let client = if has_key("MODELGATES_API_KEY") {
        println!(
            "ModelGates: calling {}",
            modelgates::PROVIDER.default_base_url
        );
        modelgates::Client::from_env()?
    } else {
        println!(
            "ModelGates: MODELGATES_API_KEY is not set; using the mock server at {}",
            mock.url()
        );
        mock.client()?
    };
    let body = modelgates::types::BulkAssignKeysRequest::new(vec![KEY_HASH.into()]);
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
