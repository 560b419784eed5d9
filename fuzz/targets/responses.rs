//! The response side: arbitrary status, headers, bodies and event-stream bytes, fed to the
//! runtime's decoders and to the generated types of the whole bundled OpenRouter API —
//! directly, and as a real HTTP answer from a loopback server to the client's plain and
//! streaming calls. Every input must end in a value or an error: never a panic, a hang or
//! unbounded memory.
//!
//! Input layout: byte 0 picks the status (below 200: a common one; else any of
//! 100–599), byte 1 the chunk size the body is
//! fed in; up to the first `0xFF` come header lines (`name: value`, one per `\n`), the rest
//! is the body.

use std::io::{Read, Write};
use std::sync::OnceLock;

use futures_util::StreamExt;
use llmgate::openrouter::types::*;
use llmgate::runtime::{Limits, RetryPolicy, SseParser, de, parse_retry_after};

struct Input<'a> {
    status: u16,
    chunk: usize,
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

fn split(data: &[u8]) -> Input<'_> {
    const COMMON: [u16; 22] = [
        200, 201, 204, 206, 301, 304, 400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500,
        502, 503, 504, 524, 529,
    ];
    let b0 = *data.first().unwrap_or(&0);
    let status = match b0 {
        0..=199 => COMMON[usize::from(b0) % COMMON.len()],
        _ => 100 + u16::from(b0 - 200) * 9 % 500,
    };
    let chunk = usize::from(*data.get(1).unwrap_or(&7)) % 61 + 1;
    let rest = data.get(2..).unwrap_or_default();
    let (head, body) = match rest.iter().position(|&b| b == 0xFF) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&rest[..0], rest),
    };
    let headers = String::from_utf8_lossy(head)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .filter(|(n, v)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && v.bytes().all(|b| (0x20..0x7f).contains(&b))
                // The framing is ours: the server sends the body with its own length.
                && !n.eq_ignore_ascii_case("content-length")
                && !n.eq_ignore_ascii_case("transfer-encoding")
        })
        .collect();
    Input {
        status,
        chunk,
        headers,
        body,
    }
}

/// Every decoder the runtime has for what a server sends, on the body itself.
fn decode_directly(input: &Input<'_>) {
    for (_, v) in &input.headers {
        let _ = parse_retry_after(v);
    }
    let mut parser = SseParser::with_limit(64 << 10);
    for piece in input.body.chunks(input.chunk) {
        parser.feed(piece);
        while let Some(event) = parser.next_event() {
            let _ = de::from_slice_with_path::<ChatStreamChunk>(event.data.as_bytes());
        }
    }
    parser.finish();
    while parser.next_event().is_some() {}
    let body = input.body;
    let _ = de::from_slice_with_path::<ChatResult>(body);
    let _ = de::from_slice_with_path::<ChatStreamChunk>(body);
    let _ = de::from_slice_with_path::<ModelsListResponse>(body);
    let _ = de::from_slice_with_path::<CreateEmbeddingsResponse>(body);
    let _ = de::from_slice_with_path::<ChatRequest>(body);
    let _ = de::from_slice_with_path::<ChatContentItems>(body);
    let _ = de::from_slice_with_path::<serde_json::Value>(body);
}

/// A loopback server answering each connection with the next input, raw.
struct Loopback {
    addr: std::net::SocketAddr,
    next: std::sync::mpsc::Sender<Vec<u8>>,
}

fn loopback() -> &'static Loopback {
    static CELL: OnceLock<Loopback> = OnceLock::new();
    CELL.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let (next, answers) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut last = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                while let Ok(a) = answers.try_recv() {
                    last = a;
                }
                let mut request = [0u8; 8192];
                let _ = stream.read(&mut request);
                let _ = stream.write_all(&last);
            }
        });
        Loopback { addr, next }
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static CELL: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    CELL.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// The input as a real HTTP answer to a plain and a streaming chat call.
fn through_the_client(input: &Input<'_>) {
    let server = loopback();
    let mut answer = format!("HTTP/1.1 {} Fuzz\r\n", input.status).into_bytes();
    for (n, v) in &input.headers {
        answer.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    answer.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", input.body.len()).as_bytes());
    answer.extend_from_slice(input.body);
    let _ = server.next.send(answer);
    let client = llmgate::openrouter::Client::builder()
        .api_key("sk-fuzz")
        .base_url(format!("http://{}/api/v1", server.addr))
        .ignore_env()
        .retry(RetryPolicy::none())
        .timeout(Some(std::time::Duration::from_secs(2)))
        .limits(Limits::new().response_body(1 << 20).event(64 << 10))
        .build()
        .expect("client");
    let request = ChatRequest::new([ChatUserMessage::new("hi").into()]);
    runtime().block_on(async {
        if let Err(e) = client.chat().send(&request).await {
            let _ = e.to_string();
        }
        if let Ok(mut stream) = client.chat().send_stream(&request).await {
            while let Some(item) = stream.next().await {
                if let Err(e) = item {
                    let _ = e.to_string();
                }
            }
        }
    });
}

/// One input.
pub fn run(data: &[u8]) {
    let input = split(data);
    decode_directly(&input);
    through_the_client(&input);
}
