//! Reliability against the mock: which failures retry a POST, cancellation that closes the
//! connection, and a stream cancelled after its usage chunk keeping what it had.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use llmgate::openrouter::ChatAccumulator;
use llmgate::openrouter::mock::{MockServer, Operation};
use llmgate::openrouter::types::*;
use llmgate::runtime::mock::{Fault, Reply};
use llmgate::runtime::{Error, RetryPolicy};
use serde_json::json;

fn request() -> ChatRequest {
    ChatRequest::new([ChatUserMessage::new("hi").into()]).model("m")
}

fn client(mock: &MockServer, timeout: Duration) -> llmgate::openrouter::Client {
    llmgate::openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(mock.url())
        .timeout(Some(timeout))
        .retry(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .max_retry_after(Duration::from_millis(50)),
        )
        .build()
        .unwrap()
}

fn chunk(choices: serde_json::Value) -> serde_json::Value {
    json!({"id": "gen-1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": choices})
}

/// A `503` with `Retry-After` was not acted on: the POST is sent again, after the wait the
/// header asks (capped by the policy).
#[tokio::test]
async fn a_post_is_retried_on_503_with_retry_after() {
    let mock = MockServer::start().await.unwrap();
    mock.fault(
        Operation::CHAT_SEND,
        Fault::status(503).retry_after(1).times(1),
    );
    let started = Instant::now();
    let (answer, meta) = llmgate::runtime::with_metadata(
        client(&mock, Duration::from_secs(5))
            .chat()
            .send(&request()),
    )
    .await;
    answer.unwrap();
    assert_eq!(mock.requests().len(), 2, "one 503, one retry");
    assert_eq!(meta.unwrap().attempts, 2);
    // `Retry-After: 1` capped at 50 ms by the policy.
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// A request that timed out may have been acted on (a completion billed, a key created):
/// it is not sent again.
#[tokio::test]
async fn a_post_is_not_retried_after_a_timeout() {
    let mock = MockServer::start().await.unwrap();
    mock.fault(
        Operation::CHAT_SEND,
        Fault::delay(Duration::from_millis(400)),
    );
    let err = client(&mock, Duration::from_millis(100))
        .chat()
        .send(&request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                limit: "request",
                attempts: 1,
                ..
            }
        ),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(mock.requests().len(), 1);
}

async fn until(what: &str, within: Duration, check: impl Fn() -> bool) -> Duration {
    let t0 = Instant::now();
    while !check() {
        assert!(
            t0.elapsed() < within * 10,
            "{what}: not after {:?}",
            t0.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    t0.elapsed()
}

/// Dropping a stream mid-way closes its connection: the mock stops sending within 100 ms.
#[tokio::test]
async fn dropping_a_stream_closes_its_connection() {
    let mock = MockServer::start().await.unwrap();
    mock.on_chat_send(|_| async {
        Reply::events((0..500).map(|i| {
            chunk(
                json!([{"index": 0, "delta": {"content": format!("{i} ")}, "finish_reason": null}]),
            )
        }))
    });
    mock.fault(Operation::CHAT_SEND, Fault::pace(Duration::from_millis(5)));
    let mut stream = client(&mock, Duration::from_secs(5))
        .chat()
        .send_stream(&request())
        .await
        .unwrap();
    stream.next().await.unwrap().unwrap();
    assert_eq!(mock.bodies_in_flight(), 1);
    drop(stream);
    let took = until("the body ends", Duration::from_millis(100), || {
        mock.bodies_in_flight() == 0 && mock.open_connections() == 0
    })
    .await;
    assert!(took < Duration::from_millis(100), "{took:?}");
    println!("stream dropped: the mock saw the disconnect after {took:?}");
}

/// Dropping a call's future (a `select!` or timeout around it) closes its connection too,
/// while the server is still working on the answer.
#[tokio::test]
async fn dropping_a_call_future_closes_its_connection() {
    let mock = MockServer::start().await.unwrap();
    mock.fault(Operation::CHAT_SEND, Fault::delay(Duration::from_secs(2)));
    let c = client(&mock, Duration::from_secs(5));
    let body = request();
    let cancelled = tokio::time::timeout(Duration::from_millis(30), c.chat().send(&body)).await;
    assert!(cancelled.is_err(), "the timeout fired first");
    let took = until("the connection closes", Duration::from_millis(100), || {
        mock.open_connections() == 0
    })
    .await;
    assert!(took < Duration::from_millis(100), "{took:?}");
}

/// The README's pattern: an accumulator fed chunk by chunk inside `select!`; cancelled
/// after the usage-bearing chunk, it keeps the text and the usage.
#[tokio::test]
async fn a_cancelled_stream_keeps_what_it_had() {
    let mock = MockServer::start().await.unwrap();
    mock.on_chat_send(|_| async {
        let mut usage = chunk(json!([]));
        usage["usage"] = json!({"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5});
        let mut items = vec![
            chunk(json!([{"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": null}])),
            chunk(json!([{"index": 0, "delta": {"content": "lo"}, "finish_reason": null}])),
            usage,
        ];
        // Then a long tail the caller will not wait for.
        items.extend((0..200).map(|_| chunk(json!([{"index": 0, "delta": {"content": "."}, "finish_reason": null}]))));
        Reply::events(items)
    });
    mock.fault(Operation::CHAT_SEND, Fault::pace(Duration::from_millis(20)));
    let client = client(&mock, Duration::from_secs(5));
    let mut stream = client.chat().send_stream(&request()).await.unwrap();
    let stop = tokio::sync::Notify::new();
    let mut acc = ChatAccumulator::new();
    let reading = async {
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            acc.push(&chunk);
            if chunk.usage.is_some() {
                // Elsewhere, the user pressed "stop".
                stop.notify_one();
            }
        }
        Ok::<_, Error<_>>(())
    };
    tokio::select! {
        _ = stop.notified() => {}
        done = reading => { done.unwrap(); panic!("the stream should have been cancelled") }
    }
    drop(stream);
    let partial = acc.finish();
    assert_eq!(partial.text(), "Hello");
    assert_eq!(partial.usage.as_ref().map(|u| u.total_tokens), Some(5));
}

/// The bundled client retries as OpenRouter's spec declares (`x-speakeasy-retries`): every
/// 5XX, connection errors, waits from 500 ms growing ×1.5 up to 60 s, for up to an hour;
/// a 429 is not retried. The mock's client keeps those rules with millisecond waits.
#[tokio::test]
async fn the_bundled_client_retries_as_the_spec_declares() {
    use llmgate::runtime::RetryStatus;
    let p = llmgate::openrouter::spec_retry_policy();
    assert_eq!(p.statuses, [RetryStatus::Class(5)]);
    assert_eq!(
        (p.initial_backoff, p.max_backoff, p.budget),
        (
            Duration::from_millis(500),
            Duration::from_secs(60),
            Duration::from_secs(3600)
        )
    );
    assert_eq!((p.multiplier, p.connection_errors), (1.5, true));

    let mock = MockServer::start().await.unwrap();
    mock.fault(Operation::CHAT_SEND, Fault::status(501).times(1));
    mock.client()
        .unwrap()
        .chat()
        .send(&request())
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2, "a 501 is in the 5XX class");

    let mock = MockServer::start().await.unwrap();
    mock.fault(Operation::CHAT_SEND, Fault::status(429).times(1));
    let err = mock
        .client()
        .unwrap()
        .chat()
        .send(&request())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(mock.requests().len(), 1, "429 is not in the spec's list");
}
