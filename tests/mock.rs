//! The generated mock servers (`mock` feature): default answers, typed handlers, faults,
//! recording, invalid requests and unknown routes, for both bundled providers and for the
//! `lossless` fixture (event streams, every parameter style).

#![cfg(feature = "mock")]
#![deny(warnings)]

#[allow(dead_code, reason = "a test uses only part of the client")]
mod lossless {
    include!("../codegen/tests/fixtures/lossless.rs");
}

use std::time::Duration;

use futures_util::StreamExt;
use llmgate::runtime::mock::{Fault, Reply};
use llmgate::{RetryPolicy, modelgates};

/// The OpenRouter seed (`spec/seeds/openrouter.yaml`), as `generated/seeds/openrouter.rs`
/// holds it: `llmgate::openrouter` is the whole API now, the seed stays tested here.
#[allow(dead_code, reason = "each test uses part of the module")]
mod openrouter {
    include!("../generated/seeds/openrouter.rs");
}

const GUARDRAIL: &str = "550e8400-e29b-41d4-a716-446655440000";
const SECRET: &str = "sk-or-v1-never-recorded";

#[tokio::test]
async fn openrouter_default_answer_decodes_and_the_request_round_trips() {
    let mock = openrouter::mock::MockServer::start().await.unwrap();
    let client = openrouter::Client::builder()
        .ignore_env()
        .api_key(SECRET)
        .base_url(mock.url())
        .build()
        .unwrap();
    let body = openrouter::types::BulkAssignKeysToGuardrailRequest::new(vec!["h1".into()]);
    let out = client
        .bulk_assign_keys_to_guardrail(GUARDRAIL, &body)
        .await
        .unwrap();
    // No example in the seed: the synthesized minimal value.
    assert_eq!(out.assigned_count, 0.0);

    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        r.operation,
        Some(openrouter::mock::Operation::BULK_ASSIGN_KEYS_TO_GUARDRAIL.id())
    );
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.path,
        format!("/api/v1/guardrails/{GUARDRAIL}/assignments/keys")
    );
    assert_eq!(r.invalid, None);
    assert_eq!(r.header("Authorization"), Some("<redacted>"));
    assert!(!format!("{requests:?}").contains(SECRET), "the key leaked");
    // What the client sent, decoded back into the generated type: unchanged.
    let sent: openrouter::types::BulkAssignKeysToGuardrailRequest = r.body_as().unwrap();
    assert_eq!(sent, body);
    assert_eq!(r.body, Some(serde_json::json!({"key_hashes": ["h1"]})));
}

#[tokio::test]
async fn openrouter_typed_handler_receives_decoded_path_and_body() {
    let mock = openrouter::mock::MockServer::start().await.unwrap();
    mock.on_bulk_assign_keys_to_guardrail(|call| async move {
        assert_eq!(call.path, GUARDRAIL);
        let n = call.body.key_hashes.len() as f64;
        Reply::ok(openrouter::types::GuardrailsBulkAssignKeysToGuardrailResponse200::new(n))
    });
    let client = mock.client().unwrap();
    let body = openrouter::types::BulkAssignKeysToGuardrailRequest::new(vec![
        "a".into(),
        "b".into(),
        "c".into(),
    ]);
    let out = client
        .bulk_assign_keys_to_guardrail(GUARDRAIL, &body)
        .await
        .unwrap();
    assert_eq!(out.assigned_count, 3.0);
}

#[tokio::test]
async fn modelgates_typed_error_body_reaches_the_client_typed() {
    use modelgates::errors::BulkAssignKeysToGuardrailError;
    use modelgates::types::{NotFoundResponse, NotFoundResponseErrorData};
    let mock = modelgates::mock::MockServer::start().await.unwrap();
    mock.on_bulk_assign_keys_to_guardrail(|call| async move {
        let message = format!("guardrail {} not found", call.path);
        Reply::error(
            404,
            NotFoundResponse::new(NotFoundResponseErrorData::new(404, message)),
        )
    });
    let client = mock.client().unwrap();
    let body = modelgates::types::BulkAssignKeysRequest::new(vec!["h".into()]);
    let err = client
        .bulk_assign_keys_to_guardrail("g-1", &body)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    match err.api_body() {
        Some(BulkAssignKeysToGuardrailError::NotFound(b)) => {
            assert_eq!(b.error.message, "guardrail g-1 not found")
        }
        other => panic!("expected a typed 404 body, got {other:?}"),
    }
}

#[tokio::test]
async fn modelgates_default_answer_and_handler_reset() {
    let mock = modelgates::mock::MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let body = modelgates::types::BulkAssignKeysRequest::new(vec!["h".into()]);
    mock.on_bulk_assign_keys_to_guardrail(|_| async {
        Reply::ok(modelgates::types::BulkAssignKeysResponse::new(7))
    });
    let out = client
        .bulk_assign_keys_to_guardrail("g", &body)
        .await
        .unwrap();
    assert_eq!(out.assigned_count, 7);
    mock.clear_handler(modelgates::mock::Operation::BULK_ASSIGN_KEYS_TO_GUARDRAIL);
    let out = client
        .bulk_assign_keys_to_guardrail("g", &body)
        .await
        .unwrap();
    assert_eq!(out.assigned_count, 0);
    let answers = mock.default_answers();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].error, None);
}

#[tokio::test]
async fn an_off_spec_body_is_answered_400_and_recorded_invalid() {
    let mock = modelgates::mock::MockServer::start().await.unwrap();
    let url = format!("{}/guardrails/g/assignments/keys", mock.url());
    let response = llmgate::runtime::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .post(&url)
        .header("content-type", "application/json")
        .body(r#"{"key_hashes": "not-a-list"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("does not match the spec"), "{text}");
    let r = &mock.requests()[0];
    let reason = r.invalid.as_deref().expect("recorded as invalid");
    assert!(reason.contains("body"), "{reason}");
    assert_eq!(
        r.body,
        Some(serde_json::json!({"key_hashes": "not-a-list"}))
    );

    // With a handler set, the same: 400, recorded invalid, the handler never called.
    mock.on_bulk_assign_keys_to_guardrail(|_| async {
        panic!("the handler must not see an off-spec request")
    });
    let response = llmgate::runtime::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .post(&url)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let reason = mock.requests()[1]
        .invalid
        .clone()
        .expect("recorded as invalid");
    assert!(reason.contains("key_hashes"), "{reason}");
}

#[tokio::test]
async fn an_unknown_route_is_answered_404_naming_method_and_path() {
    let mock = openrouter::mock::MockServer::start().await.unwrap();
    let response = llmgate::runtime::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .get(format!("{}/no/such/route", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let text = response.text().await.unwrap();
    assert!(text.contains("GET /api/v1/no/such/route"), "{text}");
    // A known path with the wrong method is unknown too.
    let response = llmgate::runtime::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .get(format!("{}/guardrails/g/assignments/keys", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let recorded = mock.requests();
    assert_eq!(recorded.len(), 2);
    assert!(recorded.iter().all(|r| r.operation.is_none()));
}

#[tokio::test]
async fn status_faults_are_retried_and_delays_time_out() {
    use openrouter::mock::{MockServer, Operation};
    let mock = MockServer::start().await.unwrap();
    let op = Operation::BULK_ASSIGN_KEYS_TO_GUARDRAIL;
    let client = openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(mock.url())
        .retry(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let body = openrouter::types::BulkAssignKeysToGuardrailRequest::new(vec!["h".into()]);

    mock.fault(op, Fault::status(503).times(1));
    client
        .bulk_assign_keys_to_guardrail("g", &body)
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2, "one 503, one retry");

    mock.fault(
        op,
        Fault::status_with(500, serde_json::json!({"error": "boom"})),
    );
    let err = client
        .bulk_assign_keys_to_guardrail("g", &body)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.raw_body(), Some(r#"{"error":"boom"}"#));

    mock.clear_faults();
    mock.fault(op, Fault::delay(Duration::from_secs(5)));
    let err = client
        .bulk_assign_keys_to_guardrail("g", &body)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
}

#[tokio::test]
async fn event_streams_send_their_items_then_the_sentinel_and_can_be_cut() {
    use lossless::mock::{MockServer, Operation};
    use lossless::types::ChatRequest;
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let body = ChatRequest::new("m");

    // Default: the synthesized item, then `[DONE]`; the plain method gets JSON.
    let items: Vec<_> = client
        .send_chat_stream(&body)
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(items[0].is_ok(), "{:?}", items[0]);
    client.send_chat(&body).await.unwrap();
    let accepts: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| r.header("accept").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(accepts, ["text/event-stream", "application/json"]);

    // A handler's events, cut after two.
    mock.on_send_chat(|call| async move {
        let model = call.body.model.clone();
        Reply::events((0..5).map(move |i| ChatRequest::new(format!("{model}-{i}"))))
    });
    let items: Vec<_> = client
        .send_chat_stream(&body)
        .await
        .unwrap()
        .collect()
        .await;
    let models: Vec<_> = items.iter().flatten().map(|c| c.model.clone()).collect();
    assert_eq!(models, ["m-0", "m-1", "m-2", "m-3", "m-4"]);
    mock.fault(Operation::SEND_CHAT, Fault::cut_stream(2));
    let items: Vec<_> = client
        .send_chat_stream(&body)
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two events, then the error: {items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    assert!(items[2].is_err());
}

#[tokio::test]
async fn every_parameter_style_is_decoded_back_into_the_generated_types() {
    use lossless::types::*;
    let mock = lossless::mock::MockServer::start().await.unwrap();
    let params = StylesParams {
        filter: Some(StylesFilter {
            status: Some("open".into()),
            created: Some(StylesFilterCreated { gte: Some(5) }),
        }),
        point: Some(StylesPoint {
            x: Some(1),
            y: Some(2),
        }),
        tags: Some(vec!["a".into(), "b c".into()]),
        x_trace: Some(vec!["t1".into(), "t2".into()]),
    };
    let expected = params.clone();
    mock.on_styles(move |call| {
        let expected = expected.clone();
        async move {
            let (ids, label, matrix) = call.path;
            assert_eq!(ids, [1, 2]);
            assert_eq!(label, ["x", "y"]);
            assert_eq!(matrix, "m/1");
            assert_eq!(call.params, expected);
            Reply::status(204)
        }
    });
    let client = mock.client().unwrap();
    client
        .styles_with(&vec![1, 2], &vec!["x".into(), "y".into()], "m/1", &params)
        .await
        .unwrap();
    assert_eq!(mock.requests()[0].invalid, None);
}

/// The README's mock example, as written there.
#[tokio::test]
async fn readme_example() {
    use crate::openrouter::{
        mock::{MockServer, Operation},
        types::*,
    };
    let mock = MockServer::start().await.unwrap(); // 127.0.0.1, a free port
    let client = mock.client().unwrap(); // or Client::builder().base_url(mock.url())
    // A typed handler: path parameters, query/header parameters and body arrive decoded.
    mock.on_bulk_assign_keys_to_guardrail(|call| async move {
        assert_eq!(call.path, "g-1");
        let n = call.body.key_hashes.len() as f64;
        Reply::ok(GuardrailsBulkAssignKeysToGuardrailResponse200::new(n))
        // or Reply::error(404, body), Reply::status(204), Reply::events(items)
    });
    let body = BulkAssignKeysToGuardrailRequest::new(vec!["h1".into()]);
    let out = client
        .bulk_assign_keys_to_guardrail("g-1", &body)
        .await
        .unwrap();
    assert_eq!(out.assigned_count, 1.0);

    let sent = &mock.requests()[0]; // key redacted, body decoded
    assert_eq!(sent.header("authorization"), Some("<redacted>"));
    assert_eq!(
        sent.body_as::<BulkAssignKeysToGuardrailRequest>().unwrap(),
        body
    );

    mock.fault(
        Operation::BULK_ASSIGN_KEYS_TO_GUARDRAIL,
        Fault::status(503).times(1),
    );
}
