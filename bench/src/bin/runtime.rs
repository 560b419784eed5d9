//! Runtime overhead: `guardrails().bulk_assign_keys` through llmgate vs the same request
//! written by hand with reqwest + serde, against one keep-alive server on 127.0.0.1.
//! Rounds alternate between the two so that machine noise hits both alike.
//!   cargo run --release -p llmgate-bench --bin runtime [-- CALLS_PER_ROUND ROUNDS [llmgate|hand]]

use std::time::{Duration, Instant};

use llmgate::openrouter;
use llmgate_bench::hand;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY: &str = r#"{"assigned_count": 1}"#;

async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let (mut s, _) = listener.accept().await.unwrap();
        let _ = s.set_nodelay(true);
        tokio::spawn(async move {
            let mut buf = Vec::with_capacity(4096);
            let mut chunk = [0u8; 4096];
            loop {
                // One request: headers, then Content-Length bytes.
                let end = loop {
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    let n = match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                };
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                while buf.len() < end + len {
                    let n = match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                }
                buf.drain(..end + len);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
                    BODY.len()
                );
                if s.write_all(reply.as_bytes()).await.is_err() {
                    return;
                }
            }
        });
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<usize> = raw.iter().take(2).map(|a| a.parse().unwrap()).collect();
    let (calls, rounds) = (
        args.first().copied().unwrap_or(2000),
        args.get(1).copied().unwrap_or(10),
    );
    // A third argument, `llmgate` or `hand`, runs only that side: for counting
    // instructions per call under `valgrind --tool=callgrind`, which times cannot show.
    let only = raw.get(2).map(String::as_str);
    assert!(
        matches!(only, None | Some("llmgate" | "hand")),
        "the third argument is llmgate or hand"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    tokio::spawn(serve(listener));

    let client = openrouter::Client::builder()
        .ignore_env()
        .api_key("bench-key")
        .base_url(&base)
        .build()
        .unwrap();
    let body = openrouter::types::BulkAssignKeysRequest::new(vec![
        "c56454edb818d6b14bc0d61c46025f1450b0f4012d12304ab40aacb519fcbc93".into(),
    ]);
    // The same TLS setup as llmgate's own (reqwest is built without a default crypto provider).
    let http = llmgate::runtime::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let url = format!("{base}/guardrails/550e8400-e29b-41d4-a716-446655440000/assignments/keys");

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut ours_total, mut theirs_total) = (Duration::ZERO, Duration::ZERO);
    for round in 0..=rounds {
        let started = Instant::now();
        for _ in 0..calls * usize::from(only != Some("hand")) {
            let t = Instant::now();
            let out = client
                .guardrails()
                .bulk_assign_keys("550e8400-e29b-41d4-a716-446655440000", &body)
                .await
                .unwrap();
            assert_eq!(out.assigned_count, 1);
            if round > 0 {
                ours.push(t.elapsed());
            }
        }
        if round > 0 {
            ours_total += started.elapsed();
        }
        let started = Instant::now();
        for _ in 0..calls * usize::from(only != Some("llmgate")) {
            let t = Instant::now();
            // What a careful hand-written call does: JSON body, bearer auth, status check, decode.
            let bytes = serde_json::to_vec(&hand::BulkAssignRequest {
                key_hashes: &body.key_hashes,
            })
            .unwrap();
            let resp = http
                .post(&url)
                .header("Authorization", "Bearer bench-key")
                .header("Content-Type", "application/json")
                .body(bytes)
                .send()
                .await
                .unwrap();
            assert!(resp.status().is_success());
            let out: hand::BulkAssignResponse =
                serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
            assert_eq!(out.assigned_count, 1);
            if round > 0 {
                theirs.push(t.elapsed());
            }
        }
        if round > 0 {
            theirs_total += started.elapsed();
        }
    }
    if only.is_some() {
        let (name, v, total) = match only {
            Some("llmgate") => ("llmgate", &mut ours, ours_total),
            _ => ("hand-written", &mut theirs, theirs_total),
        };
        v.sort();
        println!(
            "{name} only: {} calls, {:.0} calls/s",
            v.len(),
            v.len() as f64 / total.as_secs_f64()
        );
        return;
    }
    ours.sort();
    theirs.sort();
    let n = (calls * rounds) as f64;
    let row = |name: &str, v: &[Duration], total: Duration| {
        println!(
            "{name:<12} {:>9.0} calls/s  p50 {:>7.1} us  p99 {:>7.1} us",
            n / total.as_secs_f64(),
            percentile(v, 0.5).as_secs_f64() * 1e6,
            percentile(v, 0.99).as_secs_f64() * 1e6
        );
    };
    println!(
        "runtime: {} calls each, {rounds} alternating rounds after one warm-up round",
        calls * rounds
    );
    row("llmgate", &ours, ours_total);
    row("hand-written", &theirs, theirs_total);
    println!(
        "ratio llmgate/hand: p50 {:.3}  p99 {:.3}  throughput {:.3}",
        percentile(&ours, 0.5).as_secs_f64() / percentile(&theirs, 0.5).as_secs_f64(),
        percentile(&ours, 0.99).as_secs_f64() / percentile(&theirs, 0.99).as_secs_f64(),
        theirs_total.as_secs_f64() / ours_total.as_secs_f64()
    );
}
