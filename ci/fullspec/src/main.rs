//! Runs the two example programs against a loopback server that answers as OpenRouter
//! would and checks what they sent: the plain call asks for JSON with `stream` unset,
//! the streaming one for `text/event-stream` with `"stream": true` and the tool.

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug)]
struct Seen {
    path: String,
    accept: String,
    auth: String,
    body: Value,
}

const RESULT: &str = r#"{"id":"gen-1","object":"chat.completion","created":1,"model":"openai/gpt-4o-mini",
"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello!"}}]}"#;

fn chunk(delta: Value, finish: Value) -> String {
    let c = json!({"id": "gen-2", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    format!("data: {c}\n\n")
}

async fn serve(listener: TcpListener, seen: Arc<Mutex<Vec<Seen>>>) {
    while let Ok((mut stream, _)) = listener.accept().await {
        let mut buf = Vec::new();
        let mut tmp = [0u8; 8192];
        let (head, body) = loop {
            let n = stream.read(&mut tmp).await.unwrap_or(0);
            if n == 0 {
                break (String::new(), Vec::new());
            }
            buf.extend_from_slice(&tmp[..n]);
            let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = stream.read(&mut tmp).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&tmp[..n]);
            }
            break (head, buf[end + 4..].to_vec());
        };
        let header = |name: &str| {
            head.lines()
                .find_map(|l| {
                    l.split_once(':')
                        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                        .map(|(_, v)| v.trim().to_owned())
                })
                .unwrap_or_default()
        };
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let streaming = body["stream"] == json!(true);
        seen.lock().unwrap().push(Seen {
            path: head.lines().next().unwrap_or_default().to_owned(),
            accept: header("accept"),
            auth: header("authorization"),
            body,
        });
        let reply = if streaming {
            let events = [
                chunk(
                    json!({"role": "assistant", "content": "Checking "}),
                    Value::Null,
                ),
                chunk(
                    json!({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]}),
                    Value::Null,
                ),
                chunk(json!({}), json!("tool_calls")),
                "data: [DONE]\n\n".to_owned(),
            ];
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n{}",
                events.concat()
            )
        } else {
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{RESULT}",
                RESULT.len()
            )
        };
        let _ = stream.write_all(reply.as_bytes()).await;
        let _ = stream.shutdown().await;
    }
}

async fn run(bin: &str, base: &str) -> String {
    let exe = std::env::current_exe().unwrap().with_file_name(bin);
    let out = tokio::process::Command::new(&exe)
        .env("OPENROUTER_API_KEY", "sk-or-test")
        .env("OPENROUTER_BASE_URL", base)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (build the crate's binaries first): {e}",
                exe.display()
            )
        });
    assert!(out.status.success(), "{bin} failed");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(serve(listener, Arc::clone(&seen)));

    let plain = run("chat", &base).await;
    print!("chat: {plain}");
    assert!(plain.contains("Hello!"), "{plain}");
    let streamed = run("chat_stream_tool", &base).await;
    print!("chat_stream_tool: {streamed}");
    assert_eq!(streamed.trim(), "Checking get_weather{\"city\":\"Paris\"}");

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    for s in seen.iter() {
        assert!(
            s.path.starts_with("POST /api/v1/chat/completions "),
            "{}",
            s.path
        );
        assert_eq!(s.auth, "Bearer sk-or-test");
    }
    assert_eq!(seen[0].accept, "application/json");
    assert_eq!(seen[0].body["stream"], Value::Null);
    assert_eq!(seen[1].accept, "text/event-stream");
    assert_eq!(seen[1].body["stream"], json!(true));
    assert_eq!(
        seen[1].body["tools"],
        json!([{"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}])
    );
    assert_eq!(seen[1].body["tool_choice"], json!("auto"));
    assert_eq!(
        seen[1].body["messages"],
        json!([{"role": "user", "content": "Weather in Paris?"}])
    );
    println!(
        "fullspec: the whole OpenRouter API from a dependent crate, plain and streaming chat on loopback: ok"
    );
}
