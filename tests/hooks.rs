//! Hooks see and change every request and response: before sending (a header, a
//! signature), after each response (metrics), on each failure (an auth refresh that sends
//! the call again once after a 401); retries, limits and key redaction keep working.

#![cfg(feature = "chat")]

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use llmgate::openrouter;
use llmgate::runtime::{AfterError, Failure, Hook, OutgoingRequest, ResponseInfo};
use support::{Reply, Server, local};

const OK: &str =
    r#"{"id": "g", "object": "chat.completion", "created": 1, "model": "m", "choices": []}"#;

fn request() -> openrouter::types::ChatRequest {
    openrouter::types::ChatRequest::new([openrouter::types::ChatUserMessage::new("hi").into()])
}

#[tokio::test]
async fn before_request_adds_headers_and_sees_the_body_and_a_redacted_key() {
    let server = Server::start(vec![Reply::json(200, OK)]).await;
    let seen = Arc::new(Mutex::new(String::new()));
    let keep = seen.clone();
    let builder =
        openrouter::Client::builder().before_request(move |req: &mut OutgoingRequest<'_>| {
            let body = req.body().map(|b| b.len()).unwrap_or(0);
            let signature = format!("{}:{}:{body}", req.operation(), req.attempt());
            req.headers_mut().insert(
                "x-signature",
                signature.parse().map_err(|_| "bad header".to_owned())?,
            );
            *keep.lock().unwrap() = format!("{:?}", req.headers());
            Ok(())
        });
    let client = local(builder, &server);
    client.chat().send(&request()).await.unwrap();
    let sent = &server.requests()[0];
    let signature = sent.header("x-signature").unwrap();
    assert!(
        signature.starts_with("sendChatCompletionRequest:1:"),
        "{signature}"
    );
    let debug = seen.lock().unwrap().clone();
    assert!(
        debug.contains("authorization") && !debug.contains("Bearer k"),
        "{debug}"
    );
}

#[tokio::test]
async fn a_refusing_hook_fails_the_call_naming_its_reason() {
    let server = Server::start(vec![Reply::json(200, OK)]).await;
    let builder = openrouter::Client::builder().before_request(|_| Err("no budget left".into()));
    let err = local(builder, &server)
        .chat()
        .send(&request())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no budget left"), "{err}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn after_response_sees_every_attempt_of_a_retried_call() {
    let server = Server::start(vec![
        Reply::json(503, r#"{"error": {"code": 503, "message": "busy"}}"#),
        Reply::json(200, OK),
    ])
    .await;
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let keep = statuses.clone();
    let builder = openrouter::Client::builder().after_response(move |r: &ResponseInfo<'_>| {
        keep.lock().unwrap().push((r.attempt, r.status.as_u16()));
    });
    let client = local(builder, &server).with_options(llmgate::CallOptions::new().retry(
        llmgate::RetryPolicy::default().backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(2),
        ),
    ));
    client.chat().send(&request()).await.unwrap();
    assert_eq!(*statuses.lock().unwrap(), [(1, 503), (2, 200)]);
}

/// A token store refreshed by the hook after a 401: the call is sent again at once with
/// the new token, once; a second 401 is the caller's error.
struct Refresh {
    token: Mutex<String>,
    refreshed: AtomicU32,
}

impl Hook for Refresh {
    fn before_request(&self, req: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let value = format!("Bearer {}", self.token.lock().unwrap());
        req.headers_mut().insert(
            "authorization",
            value.parse().map_err(|_| "bad token".to_owned())?,
        );
        Ok(())
    }
    fn on_error(&self, failure: &Failure<'_>) -> AfterError {
        if failure.status().map(|s| s.as_u16()) == Some(401) {
            self.refreshed.fetch_add(1, Ordering::SeqCst);
            *self.token.lock().unwrap() = "fresh".into();
            return AfterError::RetryOnce;
        }
        AfterError::Continue
    }
}

#[tokio::test]
async fn an_auth_refresh_retries_once_after_a_401() {
    let unauthorized = r#"{"error": {"code": 401, "message": "expired"}}"#;
    let server = Server::start(vec![Reply::json(401, unauthorized), Reply::json(200, OK)]).await;
    let hook = Arc::new(Refresh {
        token: Mutex::new("stale".into()),
        refreshed: AtomicU32::new(0),
    });
    struct Shared(Arc<Refresh>);
    impl Hook for Shared {
        fn before_request(&self, r: &mut OutgoingRequest<'_>) -> Result<(), String> {
            self.0.before_request(r)
        }
        fn on_error(&self, f: &Failure<'_>) -> AfterError {
            self.0.on_error(f)
        }
    }
    let client = local(
        openrouter::Client::builder().hook(Shared(hook.clone())),
        &server,
    );
    client.chat().send(&request()).await.unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].header("authorization"), Some("Bearer stale"));
    assert_eq!(sent[1].header("authorization"), Some("Bearer fresh"));

    // Only once per call: a second 401 ends the call with it.
    let server = Server::start(vec![Reply::json(401, unauthorized)]).await;
    let client = local(
        openrouter::Client::builder().hook(Shared(hook.clone())),
        &server,
    );
    let err = client.chat().send(&request()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn on_error_sees_failures_without_a_response() {
    let server = Server::start(vec![Reply::Hang]).await;
    let messages = Arc::new(Mutex::new(Vec::new()));
    let keep = messages.clone();
    let builder = openrouter::Client::builder()
        .timeout(Some(std::time::Duration::from_millis(200)))
        .on_error(move |f: &Failure<'_>| {
            if let Failure::NoResponse { message, .. } = f {
                keep.lock().unwrap().push(message.to_string());
            }
            AfterError::Continue
        });
    let err = local(builder, &server)
        .chat()
        .send(&request())
        .await
        .unwrap_err();
    assert!(matches!(err, llmgate::Error::Timeout { .. }), "{err}");
    let seen = messages.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].contains("timeout"), "{seen:?}");
}
