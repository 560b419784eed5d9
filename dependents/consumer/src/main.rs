//! Calls a local server through llmgate's OpenRouter client and through a client this
//! crate generated itself; exits non-zero on any mismatch.

#[allow(dead_code, reason = "a binary uses only part of the generated client")]
mod gates {
    include!(concat!(env!("OUT_DIR"), "/gates.rs"));
}

use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn serve_once(listener: &tokio::net::TcpListener, body: &str) -> String {
    let (mut s, _) = listener.accept().await.unwrap();
    let mut buf = vec![0u8; 65536];
    let mut n = 0;
    loop {
        n += s.read(&mut buf[n..]).await.unwrap();
        let text = String::from_utf8_lossy(&buf[..n]);
        if let Some(end) = text.find("\r\n\r\n") {
            let len: usize = text
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if n >= end + 4 + len {
                break;
            }
        }
    }
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(reply.as_bytes()).await.unwrap();
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());

    let client = llmgate::openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(&base)
        .build()
        .unwrap();
    let body = llmgate::openrouter::types::BulkAssignKeysRequest::new(vec!["h".into()]);
    let (line, out) = tokio::join!(
        serve_once(&listener, r#"{"assigned_count": 4}"#),
        client.guardrails().bulk_assign_keys("g1", &body)
    );
    assert_eq!(line, "POST /api/v1/guardrails/g1/assignments/keys HTTP/1.1");
    assert_eq!(out.unwrap().assigned_count, 4);

    // A client generated in this crate's build.rs has the same surface as the bundled ones.
    let own = gates::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(&base)
        .build()
        .unwrap();
    assert_eq!(gates::PROVIDER.api_key_env, "MY_GATEWAY_API_KEY");
    let body = gates::types::BulkAssignKeysRequest::new(vec!["h".into()]);
    let (line, out) = tokio::join!(
        serve_once(&listener, r#"{"assigned_count": 5}"#),
        own.bulk_assign_keys_to_guardrail("g2", &body)
    );
    assert_eq!(line, "POST /api/v1/guardrails/g2/assignments/keys HTTP/1.1");
    assert_eq!(out.unwrap().assigned_count, 5);
    println!("consumer: llmgate and its own generated client both work");
}
