//! Stream decoding and concurrency, side by side, against a server on 127.0.0.1.
//!
//! `streams decode [CHUNKS] [ROUNDS]`: one chat stream of CHUNKS chunks (content deltas, a
//! tool call in fragments, usage at the end, `[DONE]`), decoded by llmgate's
//! `chat().send_stream`, by async-openai's `chat().create_stream`, and by the floor: the
//! same bytes read with reqwest, split into lines and `serde_json::from_slice` into
//! llmgate's `ChatStreamChunk`. Rounds alternate the three; medians and ratios are
//! printed, and llmgate's resident memory at the start, middle and end of a stream ten
//! times as long (flat means nothing grows with the stream).
//!
//! `streams concurrent CALLER [CALLS] [CHUNKS] [ROUNDS]`: CALLS streamed calls at once
//! (each of CHUNKS chunks) by CALLER `llmgate` or `reqwest` (hand-written reqwest + serde
//! into the same types), ROUNDS times (default 5); prints the median round's wall time,
//! calls per second and p50/p99 latency, and this process's peak RSS. Run each CALLER in its own process (`bench/streams.sh` alternates them).
//! With a fifth argument `h2` the server speaks HTTP/2 (h2c: hyper, prior knowledge) and both
//! callers use the same reqwest client with `http2_prior_knowledge`, so every call is a
//! stream on shared connections.
//!
//!   cargo run --release -p llmgate-bench --features peers --bin streams -- decode 10000 5

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use llmgate::openrouter::{self, types};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The SSE body of one chat stream of `chunks` chunks.
fn sse_body(chunks: usize) -> Vec<u8> {
    let head = r#""id":"gen-1","object":"chat.completion.chunk","created":1767225600,"model":"openai/gpt-4o-mini""#;
    let mut out = String::with_capacity(chunks * 180);
    let tool_from = chunks.saturating_sub(12);
    for i in 0..chunks.saturating_sub(2) {
        let delta = if i == tool_from {
            r#"{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}"#.to_owned()
        } else if i > tool_from {
            format!(r#"{{"tool_calls":[{{"index":0,"function":{{"arguments":"{{\"p{i}\":"}}}}]}}"#)
        } else {
            format!(r#"{{"role":"assistant","content":"token {i} "}}"#)
        };
        out.push_str(&format!(
            "data: {{{head},\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":null}}]}}\n\n"
        ));
    }
    out.push_str(&format!(
        "data: {{{head},\"choices\":[{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"tool_calls\"}}]}}\n\n"
    ));
    out.push_str(&format!(
        "data: {{{head},\"choices\":[],\"usage\":{{\"prompt_tokens\":12,\"completion_tokens\":{chunks},\"total_tokens\":{}}}}}\n\n",
        chunks + 12
    ));
    out.push_str("data: [DONE]\n\n");
    out.into_bytes()
}

/// Connections the server accepted (keep-alive reuse shows as fewer than calls).
static ACCEPTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Answers every request on a connection (keep-alive) with `body` as an event stream,
/// written in 16 KiB pieces.
async fn serve(listener: tokio::net::TcpListener, body: Arc<Vec<u8>>) {
    loop {
        let Ok((mut s, _)) = listener.accept().await else {
            return;
        };
        ACCEPTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // As streaming servers do: no Nagle delay on a response's last few bytes.
        let _ = s.set_nodelay(true);
        let body = Arc::clone(&body);
        tokio::spawn(async move {
            let mut buf = Vec::with_capacity(4096);
            let mut chunk = [0u8; 4096];
            loop {
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
                    .find_map(|l| {
                        l.strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0);
                while buf.len() < end + len {
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                buf.drain(..end + len);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                if s.write_all(reply.as_bytes()).await.is_err() {
                    return;
                }
                for piece in body.chunks(16 * 1024) {
                    if s.write_all(piece).await.is_err() {
                        return;
                    }
                }
            }
        });
    }
}

async fn start(chunks: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/v1", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, Arc::new(sse_body(chunks))));
    url
}

fn llmgate_client(url: &str) -> openrouter::Client {
    llmgate_builder(url).build().unwrap()
}

fn llmgate_builder(url: &str) -> llmgate::runtime::Builder<openrouter::Client> {
    openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(url)
        .retry(llmgate::RetryPolicy::none())
}

/// The same event stream over HTTP/2 without TLS (h2c): hyper's server, one task per
/// connection, every request answered with `body`.
async fn start_h2(chunks: usize) -> String {
    use http_body_util::BodyExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let body = bytes::Bytes::from(sse_body(chunks));
    tokio::spawn(async move {
        loop {
            let Ok((s, _)) = listener.accept().await else {
                return;
            };
            ACCEPTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let _ = s.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |req: hyper::Request<hyper::body::Incoming>| {
                        let body = body.clone();
                        async move {
                            let _ = req.into_body().collect().await;
                            let resp = hyper::Response::builder()
                                .header("content-type", "text/event-stream")
                                .body(http_body_util::Full::new(body))
                                .unwrap();
                            Ok::<_, std::convert::Infallible>(resp)
                        }
                    },
                );
                let _ =
                    hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
                        .max_concurrent_streams(None)
                        .serve_connection(hyper_util::rt::TokioIo::new(s), service)
                        .await;
            });
        }
    });
    url
}

fn request() -> types::ChatRequest {
    types::ChatRequest::new([types::ChatUserMessage::new("hi").into()]).model("openai/gpt-4o-mini")
}

/// What a decoder saw: chunks, content bytes, tool-argument bytes, completion tokens.
#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
struct Seen {
    chunks: usize,
    content: usize,
    arguments: usize,
    completion_tokens: i64,
}

impl Seen {
    fn add(&mut self, c: &types::ChatStreamChunk) {
        self.chunks += 1;
        for choice in &c.choices {
            self.content += choice.delta.get_content().map_or(0, str::len);
            for t in choice.delta.get_tool_calls().unwrap_or_default() {
                self.arguments += t
                    .get_function()
                    .and_then(|f| f.get_arguments())
                    .map_or(0, str::len);
            }
        }
        if let Some(u) = c.get_usage() {
            self.completion_tokens = u.completion_tokens;
        }
    }
}

async fn with_llmgate(client: &openrouter::Client) -> Seen {
    let mut stream = client.chat().send_stream(&request()).await.unwrap();
    let mut seen = Seen::default();
    while let Some(c) = stream.next().await {
        seen.add(&c.unwrap());
    }
    seen
}

/// The floor: the same bytes, split into lines, each `data:` line decoded into the same type.
async fn with_floor(http: &reqwest::Client, url: &str) -> Seen {
    let body = serde_json::to_vec(&request()).unwrap();
    let resp = http
        .post(format!("{url}/chat/completions"))
        .header("content-type", "application/json")
        .header("accept", "text/event-stream")
        .bearer_auth("k")
        .body(body)
        .send()
        .await
        .unwrap();
    let mut bytes = resp.bytes_stream();
    let mut pending: Vec<u8> = Vec::new();
    let mut seen = Seen::default();
    while let Some(piece) = bytes.next().await {
        pending.extend_from_slice(&piece.unwrap());
        let mut start = 0;
        while let Some(nl) = pending[start..].iter().position(|b| *b == b'\n') {
            let line = &pending[start..start + nl];
            start += nl + 1;
            if let Some(data) = line.strip_prefix(b"data: ")
                && data != b"[DONE]"
            {
                seen.add(&serde_json::from_slice::<types::ChatStreamChunk>(data).unwrap());
            }
        }
        pending.drain(..start);
    }
    seen
}

async fn with_async_openai(
    client: &async_openai::Client<async_openai::config::OpenAIConfig>,
) -> Seen {
    use async_openai::types::chat::{
        ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs,
    };
    let request = CreateChatCompletionRequestArgs::default()
        .model("openai/gpt-4o-mini")
        .messages([ChatCompletionRequestUserMessageArgs::default()
            .content("hi")
            .build()
            .unwrap()
            .into()])
        .build()
        .unwrap();
    let mut stream = client.chat().create_stream(request).await.unwrap();
    let mut seen = Seen::default();
    while let Some(c) = stream.next().await {
        let c = c.unwrap();
        seen.chunks += 1;
        for choice in &c.choices {
            seen.content += choice.delta.content.as_deref().map_or(0, str::len);
            for t in choice.delta.tool_calls.iter().flatten() {
                seen.arguments += t
                    .function
                    .as_ref()
                    .and_then(|f| f.arguments.as_deref())
                    .map_or(0, str::len);
            }
        }
        if let Some(u) = &c.usage {
            seen.completion_tokens = i64::from(u.completion_tokens);
        }
    }
    seen
}

/// Resident and peak resident memory of this process, in KiB (`/proc/self/status`).
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn decode(chunks: usize, rounds: usize) {
    let url = start(chunks).await;
    let llmgate = llmgate_client(&url);
    let http = llmgate::runtime::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let openai = async_openai::Client::with_config(
        async_openai::config::OpenAIConfig::new()
            .with_api_base(&url)
            .with_api_key("k"),
    )
    .with_http_client(http.clone());
    // Warm up, and check that all three read the same stream.
    let a = with_llmgate(&llmgate).await;
    let b = with_floor(&http, &url).await;
    let c = with_async_openai(&openai).await;
    assert_eq!(a, b, "llmgate and the floor read the same");
    assert_eq!(
        (a.chunks, a.content, a.arguments),
        (c.chunks, c.content, c.arguments),
        "async-openai reads the same"
    );
    let (mut tl, mut tf, mut to) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        with_llmgate(&llmgate).await;
        tl.push(t.elapsed());
        let t = Instant::now();
        with_async_openai(&openai).await;
        to.push(t.elapsed());
        let t = Instant::now();
        with_floor(&http, &url).await;
        tf.push(t.elapsed());
    }
    let (l, o, f) = (median(tl), median(to), median(tf));
    let rate = |d: Duration| chunks as f64 / d.as_secs_f64();
    println!(
        "decode {chunks} chunks ({} bytes), median of {rounds}: llmgate {:.1} ms ({:.0} chunks/s), async-openai {:.1} ms ({:.0}/s), floor {:.1} ms ({:.0}/s)",
        sse_body(chunks).len(),
        l.as_secs_f64() * 1e3,
        rate(l),
        o.as_secs_f64() * 1e3,
        rate(o),
        f.as_secs_f64() * 1e3,
        rate(f)
    );
    println!(
        "throughput ratios: llmgate / async-openai {:.2}x, llmgate / floor {:.2}x (time: llmgate is {:.2}x the floor's)",
        rate(l) / rate(o),
        rate(l) / rate(f),
        l.as_secs_f64() / f.as_secs_f64()
    );
    // Memory over one stream ten times as long: sampled at the start, middle and end.
    let long = chunks * 10;
    let url = start(long).await;
    let client = llmgate_client(&url);
    let mut stream = client.chat().send_stream(&request()).await.unwrap();
    let mut samples = Vec::new();
    let mut n = 0;
    while let Some(c) = stream.next().await {
        c.unwrap();
        n += 1;
        if n == 100 || n == long / 2 || n == long - 5 {
            samples.push(memory_kib().0);
        }
    }
    println!(
        "memory over one {long}-chunk stream (RSS KiB at chunk 100, {}, {}): {:?}",
        long / 2,
        long - 5,
        samples
    );
}

/// One round: `calls` streamed calls at once; wall time and each call's latency, sorted.
async fn round(
    llmgate: &Option<openrouter::Client>,
    http: &reqwest::Client,
    url: &str,
    calls: usize,
    chunks: usize,
) -> (Duration, Vec<Duration>) {
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(calls);
    for _ in 0..calls {
        let (llmgate, http, url) = (llmgate.clone(), http.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let seen = match &llmgate {
                Some(client) => with_llmgate(client).await,
                None => with_floor(&http, &url).await,
            };
            (t.elapsed(), seen.chunks)
        }));
    }
    let mut latencies = Vec::with_capacity(calls);
    for t in tasks {
        let (d, n) = t.await.unwrap();
        assert_eq!(n, chunks);
        latencies.push(d);
    }
    let wall = started.elapsed();
    latencies.sort();
    (wall, latencies)
}

async fn concurrent(caller: &str, calls: usize, chunks: usize, rounds: usize, h2: bool) {
    let url = if h2 {
        start_h2(chunks).await
    } else {
        start(chunks).await
    };
    let http = llmgate::runtime::http_client_builder().unwrap();
    let http = if h2 {
        http.http2_prior_knowledge()
    } else {
        http
    }
    .build()
    .unwrap();
    let llmgate = (caller == "llmgate").then(|| {
        let b = llmgate_builder(&url);
        if h2 { b.http_client(http.clone()) } else { b }
            .build()
            .unwrap()
    });
    let mut results = Vec::with_capacity(rounds);
    for _ in 0..rounds.max(1) {
        results.push(round(&llmgate, &http, &url, calls, chunks).await);
    }
    // The median round by wall time, with its latencies.
    results.sort_by_key(|(wall, _)| *wall);
    let (wall, latencies) = &results[results.len() / 2];
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let (_, peak) = memory_kib();
    let protocol = if h2 { "HTTP/2" } else { "HTTP/1.1" };
    println!(
        "concurrent {caller} {protocol}: {calls} streamed calls of {chunks} chunks, median of {} rounds: {:.0} ms ({:.0} calls/s); p50 {:.0} ms, p99 {:.0} ms; peak RSS {} KiB; {} connections for {} calls",
        results.len(),
        wall.as_secs_f64() * 1e3,
        calls as f64 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        peak,
        ACCEPTED.load(std::sync::atomic::Ordering::Relaxed),
        calls * results.len()
    );
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d);
    match args.first().map(String::as_str) {
        Some("decode") => decode(num(1, 10_000), num(2, 5)).await,
        Some("concurrent") => {
            let caller = args.get(1).cloned().unwrap_or_else(|| "llmgate".to_owned());
            assert!(
                caller == "llmgate" || caller == "reqwest",
                "CALLER is llmgate or reqwest"
            );
            let h2 = args.get(5).is_some_and(|a| a == "h2");
            concurrent(&caller, num(2, 1000), num(3, 100), num(4, 5), h2).await
        }
        _ => eprintln!(
            "usage: streams decode [CHUNKS] [ROUNDS] | streams concurrent llmgate|reqwest [CALLS] [CHUNKS] [ROUNDS] [h2]"
        ),
    }
}
