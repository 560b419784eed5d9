//! The HTTP side: a hyper HTTP/1.1 server on 127.0.0.1, routing, faults, recording.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming as HyperBody};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::{Incoming, Outgoing, Recorded, Route, Shared, invalid_body, lock, redacted};

type Body = BoxBody<Bytes, std::io::Error>;
/// Path parameters by name, as received (percent-decoded).
type PathParams = Vec<(String, String)>;

/// A running mock server: the routes of one generated module on a local port. The
/// server stops when this value is dropped.
pub struct Server {
    addr: SocketAddr,
    base_path: String,
    state: Arc<State>,
    task: JoinHandle<()>,
}

pub(super) struct State {
    routes: &'static [Route],
    base_path: String,
    pub(super) shared: Shared,
    /// Connections open now.
    connections: Arc<AtomicUsize>,
    /// Response bodies being sent now.
    bodies: Arc<AtomicUsize>,
}

/// Counts one open thing while it lives.
struct Open(Arc<AtomicUsize>);

impl Open {
    fn new(counter: &Arc<AtomicUsize>) -> Open {
        counter.fetch_add(1, Ordering::SeqCst);
        Open(Arc::clone(counter))
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("url", &self.url())
            .field("routes", &self.state.routes.len())
            .finish_non_exhaustive()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
        let verified = self
            .state
            .shared
            .verified
            .load(std::sync::atomic::Ordering::Relaxed);
        if !verified && !std::thread::panicking() {
            let problems = self.problems();
            if !problems.is_empty() {
                panic!("llmgate mock: {}", problems.join("; "));
            }
        }
    }
}

impl Server {
    /// Bind 127.0.0.1 on a free port and serve `routes` below `base_path` (the path of
    /// the spec's server URL, `/api/v1` say). Needs a Tokio runtime.
    pub async fn start(routes: &'static [Route], base_path: &str) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let base_path = base_path.trim_end_matches('/').to_owned();
        let state = Arc::new(State {
            routes,
            base_path: base_path.clone(),
            shared: Shared::default(),
            connections: Arc::default(),
            bodies: Arc::default(),
        });
        let accept_state = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                // Events are written as they are due: no Nagle delay on a short one.
                let _ = stream.set_nodelay(true);
                let state = accept_state.clone();
                let open = Open::new(&state.connections);
                tokio::spawn(async move {
                    let _open = open;
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(state.serve(req).await) }
                    });
                    // A connection the client drops (or a cut stream) ends here.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Server {
            addr,
            base_path,
            state,
            task,
        })
    }

    /// The base URL to give a client's builder (`http://127.0.0.1:PORT/api/v1`).
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.base_path)
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub(super) fn shared(&self) -> &Shared {
        &self.state.shared
    }

    /// The state handlers share with the server (for recording a handler's panic).
    pub(super) fn state_handle(&self) -> Arc<State> {
        self.state.clone()
    }

    pub(super) fn routes(&self) -> &'static [Route] {
        self.state.routes
    }

    /// Client connections open now (a test can check none is leaked).
    pub fn open_connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// Response bodies being sent now: one ends when it is sent whole or the client goes
    /// away (a test can check a dropped stream closed its connection).
    pub fn bodies_in_flight(&self) -> usize {
        self.state.bodies.load(Ordering::SeqCst)
    }
}

impl State {
    async fn serve(&self, req: Request<HyperBody>) -> Response<Body> {
        let (parts, body) = req.into_parts();
        let body = match body.collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => return plain(400, &format!("llmgate mock: reading the body: {e}")),
        };
        let path = parts.uri.path().to_owned();
        let query: Vec<(String, String)> = parts
            .uri
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let method = parts.method.as_str().to_owned();
        let mut incoming = Incoming {
            method,
            path,
            query,
            headers,
            body,
            path_params: Vec::new(),
        };
        let route = self.route(&mut incoming);
        // A handler decodes the request once, for itself; without one, the route checks it.
        let own = route.and_then(|r| lock(&self.shared.handlers).get(r.operation).cloned());
        let hand_written =
            route.and_then(|r| lock(&self.shared.defaults).get(r.operation).cloned());
        let handler = own.clone().or_else(|| hand_written.clone());
        let (pending, invalid) = match (route, handler) {
            (Some(_), Some(h)) => match h(&incoming) {
                Ok(answer) => (Some(answer), None),
                Err(reason) => (None, Some(reason)),
            },
            (Some(r), None) => (None, (r.validate)(&incoming).err()),
            (None, _) => (None, None),
        };
        self.record(&incoming, route, invalid.clone());
        let Some(route) = route else {
            let msg = format!(
                "llmgate mock: no operation for {} {}",
                incoming.method, incoming.path
            );
            return json(
                404,
                &serde_json::json!({"error": {"code": 404, "message": msg}}),
            );
        };
        if let Some(reason) = invalid {
            return json(400, &invalid_body(&reason));
        }
        let fault = self.take_fault(route.operation);
        if let Some(d) = fault.as_ref().and_then(|f| f.delay) {
            tokio::time::sleep(d).await;
        }
        let shape = Shape {
            cut: fault.as_ref().and_then(|f| f.cut_after),
            pace: fault.as_ref().and_then(|f| f.pace),
            open: Open::new(&self.bodies),
        };
        let retry_after = fault.as_ref().and_then(|f| f.retry_after);
        if let Some((status, body)) = fault.and_then(|f| f.status) {
            let mut response = cut_if(render(Outgoing::Status(status, body), route), shape);
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", hyper::header::HeaderValue::from(seconds));
            }
            return response;
        }
        let mut out = match pending {
            Some(answer) => answer.await,
            None => Outgoing::Default,
        };
        // `Reply::Default` from a test's handler is what no handler would answer: the
        // hand-written default where there is one (a chat answer with text and usage).
        if let (Outgoing::Default, Some(_), Some(default)) = (&out, &own, &hand_written) {
            out = match default(&incoming) {
                Ok(answer) => answer.await,
                Err(_) => Outgoing::Default,
            };
        }
        if matches!(out, Outgoing::Default) {
            out = default_outgoing(route, &incoming);
        }
        cut_if(render(out, route), shape)
    }

    /// The route matching method and path (literal segments beating parameters), with
    /// its path parameters filled in.
    fn route(&self, incoming: &mut Incoming) -> Option<&'static Route> {
        let rest = incoming.path.strip_prefix(&self.base_path)?;
        let segments: Vec<&str> = rest.split('/').collect();
        let mut best: Option<(&'static Route, usize, PathParams)> = None;
        for r in self.routes {
            if !r.method.eq_ignore_ascii_case(&incoming.method) {
                continue;
            }
            let Some((literals, params)) = match_path(r.path, &segments) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, l, _)| literals > *l) {
                best = Some((r, literals, params));
            }
        }
        let (route, _, params) = best?;
        incoming.path_params = params;
        Some(route)
    }

    fn record(&self, i: &Incoming, route: Option<&Route>, invalid: Option<String>) {
        if let Some(r) = route {
            *lock(&self.shared.calls).entry(r.operation).or_default() += 1;
        }
        if !self.shared.recording_off.load(Ordering::Relaxed) {
            self.record_request(i, route, invalid);
        }
    }

    fn record_request(&self, i: &Incoming, route: Option<&Route>, invalid: Option<String>) {
        let body = if i.body.is_empty() {
            None
        } else {
            serde_json::from_slice::<Value>(&i.body).ok()
        };
        lock(&self.shared.recorded).push(Recorded {
            operation: route.map(|r| r.operation),
            method: i.method.clone(),
            path: i.path.clone(),
            query: i.query.clone(),
            headers: redacted(&i.headers),
            body,
            raw_body: i.body.clone(),
            invalid,
        });
    }

    fn take_fault(&self, operation: &'static str) -> Option<super::Fault> {
        let mut faults = lock(&self.shared.faults);
        let fault = faults.get_mut(operation)?;
        if let Some((n, seen)) = &mut fault.every {
            // Every n-th request: the others pass untouched.
            *seen += 1;
            if *seen % *n != 0 {
                return None;
            }
        }
        let out = fault.clone();
        if let Some(n) = &mut fault.times {
            *n = n.saturating_sub(1);
            if *n == 0 {
                faults.remove(operation);
            }
        }
        Some(out)
    }
}

/// Matches a template (`/keys/{hash}`) against path segments: the number of literal
/// segments and the parameters (percent-decoded), or `None`.
fn match_path(template: &str, segments: &[&str]) -> Option<(usize, Vec<(String, String)>)> {
    let parts: Vec<&str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut literals = 0;
    let mut params = Vec::new();
    for (t, s) in parts.iter().zip(segments) {
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            if s.is_empty() {
                return None;
            }
            let decoded = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
            params.push((name.to_owned(), decoded.into_owned()));
        } else if t == s {
            literals += 1;
        } else {
            return None;
        }
    }
    Some((literals, params))
}

fn default_outgoing(route: &Route, incoming: &Incoming) -> Outgoing {
    let wants_events = incoming
        .headers
        .iter()
        .any(|(k, v)| k == "accept" && v.contains("text/event-stream"));
    match (&route.json, &route.events, &route.other) {
        (_, Some(e), _) if wants_events || route.json.is_none() => Outgoing::Events(
            e.status,
            e.items().into_iter().map(str::to_owned).collect(),
            e.sentinel,
        ),
        (Some(a), _, _) => {
            let mut v = serde_json::from_str(a.body()).unwrap_or(Value::Null);
            if let Some(p) = &route.paging {
                p.apply(&mut v, &incoming.query);
            }
            Outgoing::Json(a.status, v)
        }
        (None, _, Some(raw)) => Outgoing::Raw(
            raw.status,
            raw.content_type,
            Bytes::from_static(raw.body.as_bytes()),
        ),
        _ => Outgoing::Status(204, None),
    }
}

/// A response and, for event streams, its chunks (so a cut can fall between events).
struct Rendered {
    status: u16,
    content_type: Option<&'static str>,
    chunks: Vec<Bytes>,
    events: bool,
}

fn render(out: Outgoing, route: &Route) -> Rendered {
    let json_body = |v: &Value| vec![Bytes::from(v.to_string())];
    match out {
        Outgoing::Json(status, v) => Rendered {
            status,
            content_type: Some("application/json"),
            chunks: json_body(&v),
            events: false,
        },
        Outgoing::Status(status, body) => Rendered {
            status,
            content_type: body.as_ref().map(|_| "application/json"),
            chunks: body.as_ref().map(json_body).unwrap_or_default(),
            events: false,
        },
        Outgoing::Events(status, items, sentinel) => {
            let sentinel = sentinel.or(route.events.as_ref().and_then(|e| e.sentinel));
            let mut chunks: Vec<Bytes> = items
                .into_iter()
                .map(|i| Bytes::from(format!("data: {i}\n\n")))
                .collect();
            if let Some(s) = sentinel {
                chunks.push(Bytes::from(format!("data: {s}\n\n")));
            }
            Rendered {
                status,
                content_type: Some("text/event-stream"),
                chunks,
                events: true,
            }
        }
        Outgoing::Raw(status, content_type, body) => Rendered {
            status,
            content_type: (!content_type.is_empty()).then_some(content_type),
            chunks: vec![body],
            events: false,
        },
        Outgoing::Default => Rendered {
            status: 204,
            content_type: None,
            chunks: Vec::new(),
            events: false,
        },
    }
}

/// How a body is sent: cut after some events (or half-way through a plain body), its
/// chunks paced, and counted while it is being sent.
struct Shape {
    cut: Option<usize>,
    pace: Option<Duration>,
    open: Open,
}

/// The response; its body ending in an error (so the connection drops) when cut.
fn cut_if(r: Rendered, shape: Shape) -> Response<Body> {
    let mut builder = Response::builder().status(r.status);
    if let Some(ct) = r.content_type {
        builder = builder.header("content-type", ct);
    }
    let mut chunks = r.chunks;
    if let Some(n) = shape.cut {
        if r.events {
            chunks.truncate(n);
        } else {
            let all = chunks.concat();
            chunks = vec![Bytes::from(all[..all.len() / 2].to_vec())];
        }
    } else if shape.pace.is_none() {
        chunks = vec![chunks.concat().into()];
    }
    struct Sending {
        chunks: std::collections::VecDeque<Bytes>,
        pace: Option<Duration>,
        first: bool,
        fail: bool,
        _open: Open,
    }
    let state = Sending {
        chunks: chunks.into(),
        pace: shape.pace,
        first: true,
        fail: shape.cut.is_some(),
        _open: shape.open,
    };
    let stream = futures_util::stream::unfold(state, |mut st| async move {
        if let Some(chunk) = st.chunks.pop_front() {
            if let Some(p) = st.pace.filter(|_| !st.first) {
                tokio::time::sleep(p).await;
            }
            st.first = false;
            return Some((Ok(Frame::data(chunk)), st));
        }
        if st.fail {
            st.fail = false;
            // Pause so what was sent is flushed, then fail: the connection drops.
            tokio::time::sleep(Duration::from_millis(20)).await;
            let cut = std::io::Error::other("llmgate mock: stream cut by a fault");
            return Some((Err(cut), st));
        }
        None
    });
    let body: Body = StreamBody::new(stream).boxed();
    builder
        .body(body)
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()).map_err(|e| match e {}).boxed()))
}

/// A whole body at once (the mock's own answers: routing and validation errors).
fn whole(status: u16, content_type: &'static str, body: Bytes) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Full::new(body).map_err(|e| match e {}).boxed())
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()).map_err(|e| match e {}).boxed()))
}

fn json(status: u16, v: &Value) -> Response<Body> {
    whole(status, "application/json", Bytes::from(v.to_string()))
}

fn plain(status: u16, text: &str) -> Response<Body> {
    whole(status, "text/plain", Bytes::from(text.to_owned()))
}
