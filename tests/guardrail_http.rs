//! Both generated clients against a real HTTP server on 127.0.0.1 (tests/support).

mod support;

use std::time::Duration;

use llmgate::runtime::Error;
use llmgate::{RetryPolicy, modelgates};

/// The OpenRouter seed (`spec/seeds/openrouter.yaml`), as `generated/seeds/openrouter.rs`
/// holds it: `llmgate::openrouter` is the whole API now, the seed stays tested here.
#[allow(dead_code, reason = "each test uses part of the module")]
mod openrouter {
    include!("../generated/seeds/openrouter.rs");
}
use support::{Reply, Server};

const ID: &str = "550e8400-e29b-41d4-a716-446655440000";
const HASH: &str = "c56454edb818d6b14bc0d61c46025f1450b0f4012d12304ab40aacb519fcbc93";
const KEY: &str = "sk-or-v1-test-key-0123456789";

/// Either provider's client, pointed at the local server, no retries.
fn configure<C: llmgate::runtime::FromTransport>(
    builder: llmgate::Builder<C>,
    server: &Server,
) -> C {
    builder
        .ignore_env()
        .api_key(KEY)
        .base_url(server.base())
        .retry(RetryPolicy::none())
        .timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap()
}

fn openrouter_client(server: &Server) -> openrouter::Client {
    configure(openrouter::Client::builder(), server)
}

fn modelgates_client(server: &Server) -> modelgates::Client {
    configure(modelgates::Client::builder(), server)
}

fn or_body() -> openrouter::types::BulkAssignKeysToGuardrailRequest {
    openrouter::types::BulkAssignKeysToGuardrailRequest::new(vec![HASH.to_owned()])
}

fn mg_body() -> modelgates::types::BulkAssignKeysRequest {
    modelgates::types::BulkAssignKeysRequest::new(vec![HASH.to_owned()])
}

fn assert_request(server: &Server, id_in_path: &str) {
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "exactly one request");
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.path,
        format!("/api/v1/guardrails/{id_in_path}/assignments/keys")
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.header("user-agent").unwrap().starts_with("llmgate/"));
    assert_eq!(r.json(), serde_json::json!({ "key_hashes": [HASH] }));
}

#[tokio::test]
async fn openrouter_success_decodes_f64() {
    let server = Server::start(vec![Reply::json(200, r#"{"assigned_count": 3}"#)]).await;
    let out = openrouter_client(&server)
        .bulk_assign_keys_to_guardrail(ID, &or_body())
        .await
        .unwrap();
    let count: f64 = out.assigned_count; // `number`/`double` in the OpenRouter seed
    assert_eq!(count, 3.0);
    assert_request(&server, ID);
}

#[tokio::test]
async fn modelgates_success_decodes_i64() {
    let server = Server::start(vec![Reply::json(200, r#"{"assigned_count": 2}"#)]).await;
    let out = modelgates_client(&server)
        .bulk_assign_keys_to_guardrail(ID, &mg_body())
        .await
        .unwrap();
    let count: i64 = out.assigned_count; // `integer` in the ModelGates seed
    assert_eq!(count, 2);
    assert_request(&server, ID);
}

#[tokio::test]
async fn path_parameter_is_percent_encoded() {
    let server = Server::start(vec![Reply::json(200, r#"{"assigned_count": 0}"#)]).await;
    modelgates_client(&server)
        .bulk_assign_keys_to_guardrail("a/b c?d#e", &mg_body())
        .await
        .unwrap();
    assert_request(&server, "a%2Fb%20c%3Fd%23e");
}

#[tokio::test]
async fn modelgates_error_statuses_decode_into_typed_errors() {
    use modelgates::errors::BulkAssignKeysToGuardrailError as E;
    for status in [400u16, 401, 404, 500] {
        let body = format!(
            r#"{{"error":{{"code":{status},"message":"m{status}","metadata":{{"k":"v"}}}},"modelgates_metadata":{{"x":1}},"user_id":"u1"}}"#
        );
        let server = Server::start(vec![Reply::json(status, &body)]).await;
        let err = modelgates_client(&server)
            .bulk_assign_keys_to_guardrail(ID, &mg_body())
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.operation(), "bulk-assign-keys-to-guardrail");
        assert_eq!(err.raw_body(), Some(body.as_str()));
        let (code, message, metadata, mg_meta, user) = match err.api_body().expect("typed body") {
            E::BadRequest(b) => (
                b.error.code,
                &b.error.message,
                &b.error.metadata,
                &b.modelgates_metadata,
                &b.user_id,
            ),
            E::Unauthorized(b) => (
                b.error.code,
                &b.error.message,
                &b.error.metadata,
                &b.modelgates_metadata,
                &b.user_id,
            ),
            E::NotFound(b) => (
                b.error.code,
                &b.error.message,
                &b.error.metadata,
                &b.modelgates_metadata,
                &b.user_id,
            ),
            E::InternalServerError(b) => (
                b.error.code,
                &b.error.message,
                &b.error.metadata,
                &b.modelgates_metadata,
                &b.user_id,
            ),
            other => panic!("unexpected variant {other:?}"),
        };
        let expected_variant = match status {
            400 => matches!(err.api_body(), Some(E::BadRequest(_))),
            401 => matches!(err.api_body(), Some(E::Unauthorized(_))),
            404 => matches!(err.api_body(), Some(E::NotFound(_))),
            _ => matches!(err.api_body(), Some(E::InternalServerError(_))),
        };
        assert!(
            expected_variant,
            "status {status} decoded into the wrong variant"
        );
        assert_eq!(code, i64::from(status));
        assert_eq!(message, &format!("m{status}"));
        // Optional and nullable: `Option<Nullable<T>>` (absent, null, value).
        use llmgate::runtime::Nullable;
        // Free-form objects are `serde_json::Value`s (which hold `null` themselves).
        assert_eq!(metadata.as_ref().unwrap()["k"], "v");
        assert_eq!(mg_meta.as_ref().unwrap()["x"], 1);
        assert_eq!(
            user.as_ref()
                .and_then(Nullable::as_option)
                .map(String::as_str),
            Some("u1")
        );
        assert!(err.to_string().contains(&format!("HTTP {status}")), "{err}");
    }
}

#[tokio::test]
async fn openrouter_error_statuses_keep_status_and_raw_body() {
    for status in [400u16, 401, 404, 500] {
        let body = format!("plain failure {status}");
        let server = Server::start(vec![Reply::Full {
            status,
            headers: vec![],
            body: body.clone().into_bytes(),
        }])
        .await;
        let err = openrouter_client(&server)
            .bulk_assign_keys_to_guardrail(ID, &or_body())
            .await
            .unwrap_err();
        match &err {
            Error::UnexpectedStatus {
                operation,
                status: s,
                body: b,
                decode_error,
                attempts,
            } => {
                assert_eq!(*operation, "bulk-assign-keys-to-guardrail");
                assert_eq!(s.as_u16(), status);
                assert_eq!(b, &body);
                assert!(decode_error.is_none());
                assert_eq!(*attempts, 1);
            }
            other => panic!("expected UnexpectedStatus, got {other:?}"),
        }
        let shown = err.to_string();
        assert!(
            shown.contains("bulk-assign-keys-to-guardrail") && shown.contains(&body),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn malformed_success_body_is_a_decode_error_naming_the_operation() {
    for body in [r#"{"assigned_count": "three"}"#, r#"{"assigned_"#, ""] {
        let server = Server::start(vec![Reply::json(200, body)]).await;
        let err = modelgates_client(&server)
            .bulk_assign_keys_to_guardrail(ID, &mg_body())
            .await
            .unwrap_err();
        match &err {
            Error::Decode {
                operation,
                status,
                body: b,
                path,
                ..
            } => {
                assert_eq!(*operation, "bulk-assign-keys-to-guardrail");
                assert_eq!(status.as_u16(), 200);
                assert_eq!(b, body);
                if body.contains("three") {
                    assert_eq!(path, "assigned_count");
                    assert!(err.to_string().contains("at `assigned_count`"), "{err}");
                }
            }
            other => panic!("expected Decode, got {other:?}"),
        }
        assert!(err.to_string().contains("bulk-assign-keys-to-guardrail"));
    }
}

#[tokio::test]
async fn undecodable_error_body_keeps_status_and_body() {
    let server = Server::start(vec![Reply::json(404, r#"{"unexpected": true}"#)]).await;
    let err = modelgates_client(&server)
        .bulk_assign_keys_to_guardrail(ID, &mg_body())
        .await
        .unwrap_err();
    match err {
        Error::UnexpectedStatus {
            status,
            body,
            decode_error,
            ..
        } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body, r#"{"unexpected": true}"#);
            assert!(decode_error.is_some());
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_connection_is_an_error_not_a_panic() {
    // Bind then drop a listener: its port now refuses connections.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = openrouter::Client::builder()
        .ignore_env()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}/api/v1"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .bulk_assign_keys_to_guardrail(ID, &or_body())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("bulk-assign-keys-to-guardrail: request failed"),
        "{shown}"
    );
    assert!(!shown.contains(KEY) && !format!("{err:?}").contains(KEY));
}

/// `with_metadata` around a call: the final response's status, headers (rate limits,
/// generation id), attempts and elapsed time, and the typed body unchanged.
#[tokio::test]
async fn metadata_of_a_call_comes_with_its_typed_answer() {
    let server = Server::start(vec![
        Reply::json(503, "{}").with_header("Retry-After", "0"),
        Reply::json(200, r#"{"assigned_count": 2}"#)
            .with_header("X-RateLimit-Limit", "20")
            .with_header("X-RateLimit-Remaining", "19")
            .with_header("X-RateLimit-Reset", "1767225600000")
            .with_header("X-Generation-Id", "gen-42"),
    ])
    .await;
    let client = modelgates::Client::builder()
        .ignore_env()
        .api_key(KEY)
        .base_url(server.base())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap();
    let (out, meta) =
        llmgate::runtime::with_metadata(client.bulk_assign_keys_to_guardrail(ID, &mg_body())).await;
    assert_eq!(out.unwrap().assigned_count, 2);
    let meta = meta.expect("a response arrived");
    assert_eq!((meta.status.as_u16(), meta.attempts), (200, 2));
    assert_eq!(meta.operation, "bulk-assign-keys-to-guardrail");
    let rl = meta.rate_limit();
    assert_eq!(
        (rl.limit, rl.remaining, rl.reset),
        (Some(20), Some(19), Some(1_767_225_600_000))
    );
    assert_eq!(meta.generation_id(), Some("gen-42"));
    assert!(meta.elapsed > Duration::ZERO);
    assert!(
        !format!("{meta:?}").contains(KEY),
        "the key is not in the metadata"
    );
    // Outside a scope nothing is recorded; the call works as before.
    assert!(
        client
            .bulk_assign_keys_to_guardrail(ID, &mg_body())
            .await
            .is_ok()
    );
}
