//! Bounded memory against a hostile server: a loopback server offers far more than the
//! limits (an endless body, a huge declared length, an endless event line, a huge error
//! page); each call ends with a clear error after reading at most the limit, and the
//! server sees the client stop reading.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;
use llmgate::openrouter::Client;
use llmgate::openrouter::types::*;
use llmgate::runtime::{CallOptions, Error, Limits, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server offers in all: 1 GiB.
const OFFERED: u64 = 1 << 30;

/// A server answering every connection with `head`, then up to `OFFERED` bytes of
/// `filler` (chunked); counts the bytes it managed to write.
async fn hostile(head: &'static str, filler: u8, chunked: bool) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let count = Arc::clone(&written);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let count = Arc::clone(&count);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![filler; 64 << 10];
                let framed = if chunked {
                    let mut f = format!("{:x}\r\n", chunk.len()).into_bytes();
                    f.extend_from_slice(&chunk);
                    f.extend_from_slice(b"\r\n");
                    f
                } else {
                    chunk
                };
                let mut sent = 0u64;
                while sent < OFFERED {
                    if socket.write_all(&framed).await.is_err() {
                        return;
                    }
                    sent += framed.len() as u64;
                    count.fetch_add(framed.len() as u64, Ordering::Relaxed);
                }
            });
        }
    });
    (url, written)
}

fn client(url: &str, limits: Limits) -> Client {
    Client::builder()
        .api_key("sk-test")
        .base_url(format!("{url}/api/v1"))
        .ignore_env()
        .retry(RetryPolicy::none())
        .limits(limits)
        .build()
        .unwrap()
}

/// Wait until the server's count stops growing (the client stopped reading).
async fn settled(written: &AtomicU64) -> u64 {
    let mut last = u64::MAX;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let now = written.load(Ordering::Relaxed);
        if now == last {
            return now;
        }
        last = now;
    }
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit() {
    const HEAD: &str =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let (url, written) = hostile(HEAD, b' ', true).await;
    let limit = 1 << 20;
    let err = client(&url, Limits::new().response_body(limit))
        .models()
        .list()
        .await
        .unwrap_err();
    let Error::TooLarge {
        operation,
        limit: which,
        max,
        read,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (*operation, *which, *max),
        ("getModels", "response body", limit)
    );
    assert!(*read > limit && *read <= limit + (64 << 10) + 64, "{read}");
    let message = err.to_string();
    assert!(
        message.contains("getModels") && message.contains("1048576"),
        "{message}"
    );
    let sent = settled(&written).await;
    // Far less than offered reached the socket: what the kernel's buffers take beyond the
    // limit, not the gigabyte.
    assert!(sent < 32 << 20, "the server wrote {sent} bytes");
    println!("endless body: offered {OFFERED} bytes, read {read}, server wrote {sent}");
}

#[tokio::test]
async fn a_declared_length_past_the_limit_reads_nothing() {
    const HEAD: &str =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n";
    let (url, written) = hostile(HEAD, b' ', false).await;
    let err = client(&url, Limits::new().response_body(1 << 20))
        .models()
        .list()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                read: 0,
                declared: Some(1073741824),
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("Content-Length 1073741824"),
        "{err}"
    );
    let sent = settled(&written).await;
    assert!(sent < 32 << 20, "the server wrote {sent} bytes");
}

#[tokio::test]
async fn an_endless_event_line_stops_at_the_event_limit() {
    const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n6\r\ndata: \r\n";
    let (url, written) = hostile(HEAD, b'x', true).await;
    let limit = 256 << 10;
    let request = ChatRequest::new([ChatUserMessage::new("hi").into()]);
    let mut stream = client(&url, Limits::new().event(limit))
        .chat()
        .send_stream(&request)
        .await
        .unwrap();
    let err = stream.next().await.unwrap().unwrap_err();
    let Error::TooLarge {
        limit: "event",
        max,
        read,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(*max, limit);
    assert!(*read > limit, "{read}");
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
    drop(stream);
    let sent = settled(&written).await;
    assert!(sent < 32 << 20, "the server wrote {sent} bytes");
    println!("endless event: offered {OFFERED} bytes, read {read}, server wrote {sent}");
}

#[tokio::test]
async fn a_huge_error_page_is_cut_and_kept_once() {
    const HEAD: &str =
        "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n";
    let (url, _) = hostile(HEAD, b'<', true).await;
    let err = client(&url, Limits::default())
        .models()
        .list()
        .await
        .unwrap_err();
    let body = err.raw_body().expect("the error keeps the body");
    assert!(body.len() < (64 << 10) + 200, "{}", body.len());
    assert!(
        body.contains("error body cut at 65536 bytes"),
        "{}",
        &body[body.len() - 120..]
    );
    // `Display` shows a bounded part of it.
    assert!(err.to_string().len() < 4096);
}

#[tokio::test]
async fn call_options_set_limits_per_handle() {
    const HEAD: &str =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let (url, _) = hostile(HEAD, b' ', true).await;
    let strict = client(&url, Limits::default())
        .with_options(CallOptions::new().limits(Limits::new().response_body(4096)));
    let err = strict.models().list().await.unwrap_err();
    assert!(matches!(err, Error::TooLarge { max: 4096, .. }), "{err}");
}
