//! A soak under faults (ignored: `.ci/run` runs it with a bounded count; the count is
//! `LLMGATE_SOAK_CALLS`, default 10,000). Calls at 64-way concurrency through the mock, plain
//! and streamed, with faults at steady rates: 503 + `Retry-After` on 2 % of all calls,
//! delays past the call timeout on 1 %, streams cut mid-way on 1 %. Every call must end as
//! it should (success after a retry, timeout, stream error), each fault costing exactly one
//! retry or one failure; no connection or task is left once the client is dropped; and RSS
//! after the run is within 10 % of RSS after a warm-up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use llmgate::openrouter::CollectCompletion;
use llmgate::openrouter::mock::{MockServer, Operation};
use llmgate::openrouter::types::*;
use llmgate::runtime::mock::Fault;
use llmgate::runtime::{Error, RetryPolicy};

/// Resident set size of this process, from `/proc/self/statm` (Linux).
fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4
}

#[derive(Default)]
struct Counts {
    ok: AtomicUsize,
    timeouts: AtomicUsize,
    cut: AtomicUsize,
    /// A 503 on every attempt the policy allows (the fault can land on a call's retry too).
    exhausted: AtomicUsize,
    other: AtomicUsize,
}

impl Counts {
    /// `streamed`: a stream broken off mid-way ends in a stream or transport error.
    fn record<T, E: std::fmt::Debug>(&self, r: Result<T, Error<E>>, streamed: bool) {
        let slot = match &r {
            Ok(_) => &self.ok,
            Err(Error::Timeout {
                limit: "request",
                attempts: 1,
                ..
            }) => &self.timeouts,
            Err(Error::Stream { .. } | Error::Transport { attempts: 1, .. }) if streamed => {
                &self.cut
            }
            Err(e) if e.status().map(|s| s.as_u16()) == Some(503) && e.attempts() == 3 => {
                &self.exhausted
            }
            Err(e) => {
                eprintln!("unexpected: {e}");
                &self.other
            }
        };
        slot.fetch_add(1, Ordering::Relaxed);
    }
}

/// Call `i` of a run: 40 % model lists, 40 % chat streams, 20 % embeddings.
async fn call(client: &llmgate::openrouter::Client, i: usize, counts: &Counts) {
    match i % 5 {
        0 | 1 => counts.record(client.models().list().await, false),
        2 | 3 => {
            let request = ChatRequest::new([ChatUserMessage::new("hi").into()]).model("m");
            match client.chat().send_stream(&request).await {
                Ok(stream) => {
                    counts.record(stream.collect_completion().await.map_err(|i| i.error), true)
                }
                Err(e) => counts.record::<(), _>(Err(e), true),
            }
        }
        _ => {
            let body = CreateEmbeddingsRequest::new(CreateEmbeddingsRequestRequired {
                input: "hello".into(),
                model: "m".into(),
            });
            counts.record(client.embeddings().generate(&body).await, false)
        }
    }
}

async fn run(client: &llmgate::openrouter::Client, calls: usize, counts: &Counts) {
    futures_util::stream::iter(0..calls)
        .for_each_concurrent(64, |i| call(client, i, counts))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a soak: `.ci/run` runs it with a bounded count"]
async fn ten_thousand_calls_under_faults() {
    let calls: usize = std::env::var("LLMGATE_SOAK_CALLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let mock = MockServer::start().await.unwrap();
    // The mock's request log would grow with every call: count only.
    mock.record_requests(false);
    let client = llmgate::openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(mock.url())
        .timeout(Some(Duration::from_millis(300)))
        .retry(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .max_retry_after(Duration::from_millis(10)),
        )
        .build()
        .unwrap();

    // Warm-up: the pool, the allocator's arenas, the mock's routes.
    let warm = Counts::default();
    run(&client, 2_000, &warm).await;
    assert_eq!(warm.ok.load(Ordering::Relaxed), 2_000);
    let rss_warm = rss_kib();
    let tasks_warm = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    mock.clear_requests();

    // Faults at steady rates per operation: model lists are 40 % of calls, so 503 on every
    // 20th is 2 % of all; streams are 40 %, a cut every 40th is 1 %; embeddings are 20 %, a
    // delay past the timeout every 20th is 1 %.
    mock.fault(
        Operation::MODELS_LIST,
        Fault::status(503).retry_after(1).every(20),
    );
    mock.fault(Operation::CHAT_SEND, Fault::cut_stream(1).every(40));
    mock.fault(
        Operation::EMBEDDINGS_GENERATE,
        Fault::delay(Duration::from_millis(600)).every(20),
    );
    let counts = Counts::default();
    let started = Instant::now();
    run(&client, calls, &counts).await;
    let took = started.elapsed();
    let rss_after = rss_kib();
    let tasks_after = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();

    let by_op = |op: &str| mock.calls(op);
    let (lists, streams, embeddings) = (
        (0..calls).filter(|i| i % 5 < 2).count(),
        (0..calls).filter(|i| matches!(i % 5, 2 | 3)).count(),
        (0..calls).filter(|i| i % 5 == 4).count(),
    );
    let list_requests = by_op("getModels");
    let retried = list_requests - lists;
    let (ok, timeouts, cut, exhausted, other) = (
        counts.ok.load(Ordering::Relaxed),
        counts.timeouts.load(Ordering::Relaxed),
        counts.cut.load(Ordering::Relaxed),
        counts.exhausted.load(Ordering::Relaxed),
        counts.other.load(Ordering::Relaxed),
    );
    println!(
        "soak: {calls} calls in {took:?} at 64-way concurrency: {ok} ok ({retried} after a 503 \
         + Retry-After retry), {timeouts} timed out, {cut} streams cut, {exhausted} with a 503 on \
         all 3 attempts, {other} other"
    );
    println!(
        "soak: RSS after warm-up {rss_warm} KiB, after the run {rss_after} KiB; alive tasks {tasks_warm} -> {tasks_after}"
    );
    assert_eq!(other, 0);
    // Each 503 cost one retry (the policy's 3 attempts at most): the model-list requests
    // are the calls plus one per 503 served, and a call fails only when all 3 of its
    // attempts met the fault (rare: every 20th request, 64 calls interleaved).
    // (the last 503 of an exhausted call is not retried).
    assert_eq!(retried + exhausted, list_requests / 20, "one retry per 503");
    assert!(
        exhausted <= lists / 1000,
        "{exhausted} calls met a 503 three times"
    );
    // Timeouts and cut streams are not retried: one request each.
    assert_eq!(by_op("createEmbeddings"), embeddings);
    assert_eq!(timeouts, embeddings / 20);
    assert_eq!(by_op("sendChatCompletionRequest"), streams);
    assert_eq!(cut, streams / 40);
    assert_eq!(ok + timeouts + cut + exhausted, calls);
    assert!(
        rss_after as f64 <= rss_warm as f64 * 1.10,
        "RSS grew from {rss_warm} KiB to {rss_after} KiB"
    );
    // No task leaked by the run itself (pooled connections may differ by a few).
    assert!(
        tasks_after <= tasks_warm + 8,
        "tasks {tasks_warm} -> {tasks_after}"
    );
    drop(client);
    let t0 = Instant::now();
    while mock.open_connections() > 0 && t0.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(mock.open_connections(), 0, "connections left open");
    assert_eq!(mock.bodies_in_flight(), 0);
    // The delayed answers finish sleeping on the mock side; then only the mock's own
    // accept task and the test remain.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let tasks_end = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    println!("soak: alive tasks once the client is dropped: {tasks_end}");
    assert!(tasks_end <= 2, "{tasks_end} tasks alive");
}
