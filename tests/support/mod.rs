//! A scripted HTTP/1.1 server on 127.0.0.1 for tests and the quickstart example.
//!
//! Each connection serves one request (`Connection: close`), answered by the next
//! [`Reply`] of the script (the last one repeats). Every request is recorded, so tests
//! can check what was sent and how many requests arrived.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// How to answer one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Bytes written as they are, in chunks with a pause between, then the connection closes.
    Chunks {
        head: String,
        chunks: Vec<Vec<u8>>,
        pause: Duration,
    },
    /// These bytes as they are, then a reset (RST) instead of a clean close.
    RawThenReset(Vec<u8>),
    /// Read the request, then never answer.
    Hang,
    /// Read the request, then reset the connection.
    Reset,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// A `200 text/event-stream` response sending `chunks` one by one.
    pub fn sse(chunks: &[&str], pause: Duration) -> Reply {
        Reply::Chunks {
            head: "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                .into(),
            chunks: chunks.iter().map(|c| c.as_bytes().to_vec()).collect(),
            pause,
        }
    }
}

pub struct Server {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Start serving `script` on an ephemeral port of 127.0.0.1.
    pub async fn start(script: Vec<Reply>) -> Server {
        assert!(!script.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            let mut n = 0usize;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let reply = script[n.min(script.len() - 1)].clone();
                n += 1;
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let _ = serve(stream, reply, log).await;
                });
            }
        });
        Server {
            url: format!("http://{addr}"),
            received,
            task,
        }
    }

    /// The base URL for a client, e.g. `http://127.0.0.1:1234/api/v1`.
    pub fn base(&self) -> String {
        format!("{}/api/v1", self.url)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

async fn serve(
    mut stream: TcpStream,
    reply: Reply,
    log: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    log.lock().unwrap().push(Received {
        method,
        path,
        headers,
        body,
    });

    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut out = format!(
                "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                reason(status),
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            stream.write_all(out.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Reply::Chunks {
            head,
            chunks,
            pause,
        } => {
            stream.write_all(head.as_bytes()).await?;
            for c in chunks {
                stream.write_all(&c).await?;
                stream.flush().await?;
                tokio::time::sleep(pause).await;
            }
        }
        Reply::RawThenReset(bytes) => {
            stream.write_all(&bytes).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            #[allow(deprecated)]
            stream.set_linger(Some(Duration::ZERO))?;
            drop(stream);
            return Ok(());
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Reply::Reset => {
            // SO_LINGER 0 makes the close a reset (RST); blocking on drop is fine in a test.
            #[allow(deprecated)]
            stream.set_linger(Some(Duration::ZERO))?;
            drop(stream);
            return Ok(());
        }
    }
    stream.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A client of any generated module pointed at `server`: a test key, no environment, no
/// retries, a 2 s stream idle timeout.
pub fn local<C: llmgate::runtime::FromTransport>(
    builder: llmgate::Builder<C>,
    server: &Server,
) -> C {
    builder
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .retry(llmgate::RetryPolicy::none())
        .stream_idle_timeout(Some(Duration::from_secs(2)))
        .build()
        .expect("a local client builds")
}
