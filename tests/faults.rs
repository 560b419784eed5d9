//! Fault suite: every case runs against a scripted server on 127.0.0.1, is bounded in
//! time, and counts the requests the server received.

mod support;

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use llmgate::runtime::{self, CallOptions, Error, Method, Request, Streamed};
use llmgate::{RetryPolicy, modelgates};
use support::{Reply, Server};

/// No case may take longer than this; a hang fails the test instead of CI.
const BOUND: Duration = Duration::from_secs(15);

async fn bounded<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, f)
        .await
        .expect("the case finished within its bound")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(4)
        .backoff(Duration::from_millis(10), Duration::from_millis(40))
}

fn client(server: &Server, retry: RetryPolicy) -> modelgates::Client {
    modelgates::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .retry(retry)
        .timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap()
}

fn body() -> modelgates::types::BulkAssignKeysRequest {
    modelgates::types::BulkAssignKeysRequest::new(vec!["h".into()])
}

const OK: &str = r#"{"assigned_count": 1}"#;

#[tokio::test]
async fn retry_after_seconds_then_success() {
    let server = Server::start(vec![
        Reply::json(429, "{}").with_header("Retry-After", "1"),
        Reply::json(200, OK),
    ])
    .await;
    let started = Instant::now();
    let out = bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap();
    assert_eq!(out.assigned_count, 1);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited as told: {:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let when = std::time::SystemTime::now() + Duration::from_secs(2);
    let date = httpdate::fmt_http_date(when);
    let server = Server::start(vec![
        Reply::json(503, "{}").with_header("Retry-After", &date),
        Reply::json(200, OK),
    ])
    .await;
    let started = Instant::now();
    bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap();
    // HTTP dates have one-second resolution: the wait is between 1 and 2 seconds.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn huge_retry_after_is_capped() {
    let server = Server::start(vec![
        Reply::json(429, "{}").with_header("Retry-After", "86400"),
        Reply::json(200, OK),
    ])
    .await;
    let policy = fast_retries().max_retry_after(Duration::from_millis(200));
    let started = Instant::now();
    bounded(client(&server, policy).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(190) && took < Duration::from_secs(3),
        "capped wait: {took:?}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn storm_of_503_longer_than_the_budget_names_the_attempts() {
    let server = Server::start(vec![Reply::json(
        503,
        r#"{"error":{"code":503,"message":"down"}}"#,
    )])
    .await;
    let policy = RetryPolicy::default()
        .max_attempts(50)
        .backoff(Duration::from_millis(40), Duration::from_millis(40))
        .budget(Duration::from_millis(300));
    let started = Instant::now();
    let err = bounded(client(&server, policy).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the budget bounds the storm"
    );
    let sent = server.count();
    assert!(
        (2..50).contains(&sent),
        "stopped by the budget, not the attempt limit: {sent}"
    );
    assert_eq!(
        err.attempts() as usize,
        sent,
        "the error counts exactly the requests sent"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        err.raw_body(),
        Some(r#"{"error":{"code":503,"message":"down"}}"#)
    );
    assert!(
        err.to_string().contains(&format!("after {sent} attempts")),
        "{err}"
    );
}

#[tokio::test]
async fn attempt_limit_is_never_exceeded() {
    let server = Server::start(vec![Reply::json(500, "{}")]).await;
    let err = bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert_eq!(server.count(), 4);
    assert_eq!(err.attempts(), 4);
}

#[tokio::test]
async fn unauthorized_is_not_retried() {
    let server = Server::start(vec![Reply::json(
        401,
        r#"{"error":{"code":401,"message":"bad key"}}"#,
    )])
    .await;
    let err = bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
    assert!(matches!(
        err.api_body(),
        Some(modelgates::errors::BulkAssignKeysToGuardrailError::Unauthorized(_))
    ));
}

#[tokio::test]
async fn retries_can_be_turned_off_per_call() {
    let server = Server::start(vec![Reply::json(503, "{}")]).await;
    let c =
        client(&server, fast_retries()).with_options(CallOptions::new().retry(RetryPolicy::none()));
    let err = bounded(c.bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert_eq!((server.count(), err.attempts()), (1, 1));
}

#[tokio::test]
async fn connection_reset_mid_body() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"assigned_co".to_vec();
    let server = Server::start(vec![Reply::RawThenReset(raw)]).await;
    let err = bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.count(), 1, "a response that started is not retried");
}

#[tokio::test]
async fn truncated_json_body() {
    let server = Server::start(vec![Reply::json(200, r#"{"assigned_count": 1"#)]).await;
    let err = bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            operation, body, ..
        } => {
            assert_eq!(operation, "bulk-assign-keys-to-guardrail");
            assert_eq!(body, r#"{"assigned_count": 1"#);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::Hang]).await;
    let c = client(&server, fast_retries())
        .with_options(CallOptions::new().timeout(Duration::from_millis(300)));
    let started = Instant::now();
    let err = bounded(c.bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                limit: "request",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        server.count(),
        1,
        "a request timeout is not retried (the server may still act on it)"
    );
}

#[tokio::test]
async fn refused_connection_is_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = modelgates::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(format!("http://127.0.0.1:{port}/api/v1"))
        .retry(fast_retries())
        .build()
        .unwrap();
    let err = bounded(c.bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 4, .. }),
        "{err:?}"
    );
}

async fn stream(server: &Server, idle: Duration) -> Vec<Result<serde_json::Value, Error<()>>> {
    let rt = runtime::Transport::builder(modelgates::PROVIDER)
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .retry(fast_retries())
        .stream_idle_timeout(Some(idle))
        .build()
        .unwrap();
    let request = Request::new("stream-test", Method::POST, "/stream".into());
    match rt.send_streaming::<()>(request).await.unwrap() {
        Streamed::Success(body) => {
            body.events::<serde_json::Value, ()>(Some("[DONE]"))
                .collect()
                .await
        }
        Streamed::Failure(r) => panic!("status {}", r.status()),
    }
}

#[tokio::test]
async fn sse_cut_mid_event_is_an_error() {
    let server = Server::start(vec![Reply::sse(
        &["data: {\"n\":1}\n\n", "data: {\"n\":"],
        Duration::from_millis(5),
    )])
    .await;
    let items = bounded(stream(&server, Duration::from_secs(2))).await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap()["n"], 1);
    assert!(
        matches!(&items[1], Err(Error::Stream { error, .. }) if error.message.contains("middle of an event")),
        "{:?}",
        items[1]
    );
    assert_eq!(server.count(), 1, "a stream is not retried once it started");
}

#[tokio::test]
async fn sse_ending_without_its_marker_is_an_error() {
    let server = Server::start(vec![Reply::sse(
        &["data: {\"n\":1}\n\n"],
        Duration::from_millis(5),
    )])
    .await;
    let items = bounded(stream(&server, Duration::from_secs(2))).await;
    assert!(
        matches!(&items[1], Err(Error::Stream { error, .. }) if error.message.contains("[DONE]")),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn sse_error_frame_is_an_error() {
    let server = Server::start(vec![Reply::sse(
        &["data: {\"n\":1}\n\n", "event: error\ndata: {\"error\":{\"code\":\"overloaded\",\"message\":\"try later\"}}\n\n", "data: {\"n\":2}\n\n"],
        Duration::from_millis(5),
    )])
    .await;
    let items = bounded(stream(&server, Duration::from_secs(2))).await;
    assert_eq!(items.len(), 2, "the stream ends at the error frame");
    assert!(
        matches!(&items[1], Err(Error::Stream { error, .. }) if error.message == "try later"),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn sse_idle_timeout() {
    let server = Server::start(vec![Reply::sse(
        &["data: {\"n\":1}\n\n", ""],
        Duration::from_secs(30),
    )])
    .await;
    let started = Instant::now();
    let items = bounded(stream(&server, Duration::from_millis(300))).await;
    assert!(
        matches!(
            &items[1],
            Err(Error::Timeout {
                limit: "stream idle",
                ..
            })
        ),
        "{:?}",
        items[1]
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// The idle limit counts each wait for a chunk afresh: a stream whose pieces come 150 ms
/// apart lasts well past a 400 ms limit, and a consumer that takes its time between items
/// is not counted against the server.
#[tokio::test]
async fn sse_idle_limit_counts_each_wait() {
    let pieces = [
        "data: {\"n\":1}\n\n",
        "data: {\"n\":2}\n\n",
        "data: {\"n\":3}\n\n",
        "data: {\"n\":4}\n\n",
        "data: {\"n\":5}\n\ndata: [DONE]\n\n",
    ];
    let server = Server::start(vec![Reply::sse(&pieces, Duration::from_millis(150))]).await;
    let started = Instant::now();
    let items = bounded(stream(&server, Duration::from_millis(400))).await;
    assert!(started.elapsed() > Duration::from_millis(400));
    let ns: Vec<i64> = items
        .iter()
        .map(|i| i.as_ref().unwrap()["n"].as_i64().unwrap())
        .collect();
    assert_eq!(ns, [1, 2, 3, 4, 5]);

    let server = Server::start(vec![Reply::sse(
        &["data: {\"n\":1}\n\ndata: {\"n\":2}\n\n", "data: [DONE]\n\n"],
        Duration::from_millis(5),
    )])
    .await;
    let rt = runtime::Transport::builder(modelgates::PROVIDER)
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .stream_idle_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let request = Request::new("stream-test", Method::POST, "/stream".into());
    let Streamed::Success(body) = rt.send_streaming::<()>(request).await.unwrap() else {
        panic!("not a stream");
    };
    let mut events = body.events::<serde_json::Value, ()>(Some("[DONE]"));
    let mut seen = 0;
    while let Some(item) = events.next().await {
        item.unwrap();
        seen += 1;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(seen, 2, "a slow consumer is not an idle server");
}

#[tokio::test]
async fn streams_retry_only_before_they_start() {
    let server = Server::start(vec![
        Reply::json(503, "{}"),
        Reply::sse(
            &["data: {\"n\":1}\n\ndata: [DONE]\n\n"],
            Duration::from_millis(5),
        ),
    ])
    .await;
    let items = bounded(stream(&server, Duration::from_secs(2))).await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn headers_user_agent_attribution_and_extras() {
    let server = Server::start(vec![Reply::json(200, OK)]).await;
    let c = modelgates::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .app_url("https://example.app")
        .app_title("Example App")
        .header("X-Client", "a")
        .build()
        .unwrap()
        .with_options(CallOptions::new().header("X-Call", "b").unwrap());
    bounded(c.bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("user-agent"), Some(runtime::USER_AGENT_VALUE));
    assert!(runtime::USER_AGENT_VALUE.starts_with("llmgate/"));
    assert_eq!(r.header("http-referer"), Some("https://example.app"));
    assert_eq!(r.header("x-title"), Some("Example App"));
    assert_eq!(
        (r.header("x-client"), r.header("x-call")),
        (Some("a"), Some("b"))
    );
}

#[test]
fn retry_after_parsing() {
    assert_eq!(
        runtime::parse_retry_after("7"),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        runtime::parse_retry_after(" 1.5 "),
        Some(Duration::from_millis(1500))
    );
    assert_eq!(
        runtime::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
        Some(Duration::ZERO),
        "a past date means now"
    );
    assert_eq!(runtime::parse_retry_after("soon"), None);
    assert_eq!(runtime::parse_retry_after("-3"), None);
}

#[tokio::test]
async fn connect_timeout_per_client_and_per_handle() {
    // Loopback cannot provoke a connect timeout (connections there succeed or are refused at
    // once), so this checks that a per-handle connect timeout gives a working handle, and
    // that a caller's own reqwest client is never reconfigured behind its back.
    let server = Server::start(vec![Reply::json(200, OK)]).await;
    let c = client(&server, fast_retries());
    let shorter = c
        .transport()
        .with_connect_timeout(Some(Duration::from_millis(250)))
        .unwrap();
    let c2 = modelgates::Client::from_transport(shorter);
    bounded(c2.bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap();
    assert_eq!(server.count(), 1);

    let custom = runtime::Transport::builder(modelgates::PROVIDER)
        .ignore_env()
        .api_key("k")
        .http_client(
            llmgate::runtime::http_client_builder()
                .unwrap()
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let err = custom
        .with_connect_timeout(Some(Duration::from_secs(1)))
        .unwrap_err();
    assert!(
        matches!(err, llmgate::ConfigError::CustomHttpClient { .. }),
        "{err}"
    );
}

/// Status classes: `Class(5)` retries a 501 the default list does not, and leaves a 429.
#[tokio::test]
async fn a_policy_retries_the_statuses_and_classes_it_lists() {
    use llmgate::runtime::RetryStatus;
    let server = Server::start(vec![Reply::json(501, "{}"), Reply::json(200, OK)]).await;
    let classes = fast_retries().statuses([RetryStatus::Class(5)]);
    let out = bounded(client(&server, classes.clone()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap();
    assert_eq!((out.assigned_count, server.count()), (1, 2));

    let server = Server::start(vec![Reply::json(501, "{}"), Reply::json(200, OK)]).await;
    let err = bounded(client(&server, fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), server.count()),
        (Some(501), 1)
    );

    let server = Server::start(vec![Reply::json(429, "{}"), Reply::json(200, OK)]).await;
    let err = bounded(client(&server, classes).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), server.count()),
        (Some(429), 1)
    );
}

/// Waits grow by the multiplier: ×1 keeps every wait at the initial one, ×4 makes the
/// third wait 16 times the first (before jitter, which halves at most).
#[tokio::test]
async fn waits_grow_by_the_multiplier() {
    let flat = fast_retries()
        .backoff(Duration::from_millis(40), Duration::from_secs(5))
        .multiplier(1.0);
    let steep = flat.clone().multiplier(4.0);
    let mut took = Vec::new();
    for policy in [flat, steep] {
        let replies = vec![
            Reply::json(503, "{}"),
            Reply::json(503, "{}"),
            Reply::json(503, "{}"),
            Reply::json(200, OK),
        ];
        let server = Server::start(replies).await;
        let started = Instant::now();
        bounded(client(&server, policy).bulk_assign_keys_to_guardrail("g", &body()))
            .await
            .unwrap();
        took.push(started.elapsed());
    }
    // Flat: 3 waits of 20–40 ms. Steep: 20–40, 80–160, 320–640 ms.
    assert!(took[0] < Duration::from_millis(400), "{took:?}");
    assert!(took[1] >= Duration::from_millis(420), "{took:?}");
}

/// A failure to connect is retried unless the policy says not to.
#[tokio::test]
async fn connection_errors_retry_only_when_the_policy_says() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let client = |policy: RetryPolicy| {
        modelgates::Client::builder()
            .ignore_env()
            .api_key("k")
            .base_url(format!("http://{closed}"))
            .retry(policy)
            .build()
            .unwrap()
    };
    let attempts = |e: &Error<_>| match e {
        Error::Transport { attempts, .. } => *attempts,
        other => panic!("{other:?}"),
    };
    let e = bounded(client(fast_retries()).bulk_assign_keys_to_guardrail("g", &body()))
        .await
        .unwrap_err();
    assert_eq!(attempts(&e), 4);
    let e = bounded(
        client(fast_retries().connection_errors(false)).bulk_assign_keys_to_guardrail("g", &body()),
    )
    .await
    .unwrap_err();
    assert_eq!(attempts(&e), 1);
}

/// A keep-alive server that answers every request on a connection with `body` as a chunked
/// event stream, counting the connections it accepts. With `tail`, the body's last-chunk
/// marker is written that long after the events, as its own packet (over a real network
/// it can arrive after the client has read the `[DONE]` event).
async fn keep_alive_server(
    body: &'static str,
    tail: Option<Duration>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // As streaming servers do: no Nagle delay on the last chunk's few bytes.
            let _ = s.set_nodelay(true);
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    // One request: its head, then the body its Content-Length gives.
                    let end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match s.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse().unwrap_or(0));
                    while buf.len() < end + len {
                        match s.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buf.drain(..end + len);
                    // Chunked, as streaming servers send: the body ends with its
                    // last-chunk marker, right after the `[DONE]` event.
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n",
                        body.len()
                    );
                    if s.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                    if let Some(after) = tail {
                        let _ = s.flush().await;
                        tokio::time::sleep(after).await;
                    }
                    if s.write_all(b"0\r\n\r\n").await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, accepted)
}

/// A stream read to its `[DONE]` marker leaves its connection to the pool: the next calls
/// reuse it instead of opening new ones (a stream that stopped reading before its body's
/// end would cost every streamed call a TCP connect, and a TLS handshake).
#[tokio::test]
async fn a_stream_read_to_its_marker_frees_its_connection() {
    five_streams_share_one_connection(None).await;
}

/// The same when the body's end arrives after the `[DONE]` event: the stream ends at the
/// marker, and what is left of the body is read off after it, so the connection still
/// goes back to the pool instead of being closed half-read.
#[tokio::test]
async fn a_stream_whose_body_ends_after_its_marker_frees_its_connection() {
    five_streams_share_one_connection(Some(Duration::from_millis(400))).await;
}

async fn five_streams_share_one_connection(tail: Option<Duration>) {
    let (base, accepted) = keep_alive_server("data: {\"n\":1}\n\ndata: [DONE]\n\n", tail).await;
    let rt = runtime::Transport::builder(modelgates::PROVIDER)
        .ignore_env()
        .api_key("k")
        .base_url(base)
        .build()
        .unwrap();
    for _ in 0..5 {
        let request = Request::new("stream-test", Method::POST, "/stream".into());
        let Streamed::Success(body) = bounded(rt.send_streaming::<()>(request)).await.unwrap()
        else {
            panic!("not a stream");
        };
        let started = std::time::Instant::now();
        let items: Vec<_> = bounded(
            body.events::<serde_json::Value, ()>(Some("[DONE]"))
                .collect::<Vec<_>>(),
        )
        .await;
        assert!(
            started.elapsed() < Duration::from_millis(300),
            "the stream ends at its marker, without waiting for the body's end"
        );
        assert_eq!(items.len(), 1);
        assert!(items[0].is_ok());
        // The pool takes the connection back on its own task (after the body's end, with
        // a tail: room for a loaded machine).
        let settle = match tail {
            None => Duration::from_millis(20),
            Some(tail) => tail + Duration::from_millis(150),
        };
        tokio::time::sleep(settle).await;
    }
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "five streamed calls in turn share one connection"
    );
}
