//! The machinery behind each generated module's `mock::MockServer` (cargo feature
//! `mock`): a local HTTP server that answers every operation of a spec as the spec
//! describes, lets a test replace any answer with a typed handler, injects faults, and
//! records what it received.
//!
//! Generated code describes each operation once as a [`Route`]; this module does the
//! serving. Use the generated `MockServer` rather than [`Server`] directly.

mod decode;
mod server;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::Style;

pub use server::Server;

/// One operation as the mock serves it. Written by generated code.
#[derive(Debug)]
pub struct Route {
    /// The spec's `operationId`.
    pub operation: &'static str,
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// Path template below the base URL (`/keys/{hash}`).
    pub path: &'static str,
    /// Decodes parameters and body into the generated types; an error is answered
    /// 400 and the request recorded as invalid.
    pub validate: fn(&Incoming) -> Result<(), String>,
    /// The JSON answer, when the operation has one.
    pub json: Option<Answer>,
    /// The event-stream answer (chosen by `Accept: text/event-stream`).
    pub events: Option<Events>,
    /// Any other answer: text, bytes or an empty body.
    pub other: Option<Raw>,
    /// How the default JSON answer pages (operations the spec declares paged).
    pub paging: Option<Paging>,
}

/// How a paged operation's default answer pages, so a page stream against the mock ends:
/// the spec's answer is the first and only page with items.
#[derive(Debug)]
pub enum Paging {
    /// Items (at the JSON pointer `results`) only when query parameter `param` is absent
    /// or `first`; later pages answer an empty list.
    Offset {
        /// The offset or page-number parameter.
        param: &'static str,
        /// Its value for the first page (`0`, or `1` for page numbers).
        first: &'static str,
        /// JSON pointer of the page's items.
        results: &'static str,
    },
    /// The next cursor or link (at the JSON pointer `next`) is null: one page.
    Single {
        /// JSON pointer of the next cursor or link.
        next: &'static str,
    },
}

impl Paging {
    /// Page the default answer `v` for a request with query `query`.
    pub fn apply(&self, v: &mut Value, query: &[(String, String)]) {
        match self {
            Paging::Offset {
                param,
                first,
                results,
            } => {
                let later = query.iter().any(|(k, x)| k == param && x != first);
                if let (true, Some(list)) = (later, v.pointer_mut(results)) {
                    *list = Value::Array(Vec::new());
                }
            }
            Paging::Single { next } => {
                if let Some(n) = v.pointer_mut(next) {
                    *n = Value::Null;
                }
            }
        }
    }
}

/// A JSON answer: the spec's example when it decodes into the response type, else a
/// value synthesized from the schema.
#[derive(Debug)]
pub struct Answer {
    /// Its status code.
    pub status: u16,
    /// The spec's example, compact JSON.
    pub example: Option<&'static str>,
    /// A minimal valid value built from the schema, compact JSON.
    pub synthesized: &'static str,
    /// Decodes a body into the response type.
    pub check: fn(&[u8]) -> Result<(), String>,
}

/// An event-stream answer: the examples' `data` (or one synthesized item), then the
/// sentinel.
#[derive(Debug)]
pub struct Events {
    /// Its status code.
    pub status: u16,
    /// Each example event's `data`, compact JSON, in order.
    pub examples: &'static [&'static str],
    /// A minimal valid item built from the schema, compact JSON.
    pub synthesized: &'static str,
    /// The terminating `data:` line (`[DONE]`), if the spec names one.
    pub sentinel: Option<&'static str>,
    /// Decodes one item into the event type.
    pub check: fn(&[u8]) -> Result<(), String>,
}

/// A text, binary or empty answer.
#[derive(Debug)]
pub struct Raw {
    /// Its status code.
    pub status: u16,
    /// `Content-Type`; empty for no body.
    pub content_type: &'static str,
    /// The body.
    pub body: &'static str,
}

/// Where a default answer comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// The spec's example.
    Example,
    /// A value synthesized from the schema: the spec has no example.
    Synthesized,
    /// A value synthesized from the schema: the spec's example does not decode into the
    /// response type (see [`DefaultAnswer::rejected`]).
    ExampleRejected,
    /// Text, bytes or an empty body.
    Raw,
    /// A hand-written default handler (installed through [`Server::with_defaults`]; the
    /// bundled OpenRouter module's chat and model list): it answers from the request.
    Handwritten,
}

/// What an operation answers by default, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultAnswer {
    /// The operation.
    pub operation: &'static str,
    /// Where the JSON answer (or, for streams only, the events) comes from.
    pub source: Source,
    /// Why the spec's example was not used.
    pub rejected: Option<String>,
    /// The synthesized value (or the example it replaces) does not decode into the
    /// response type: a generator defect, reported rather than served silently.
    pub error: Option<String>,
}

impl Route {
    /// Where this route's default answer comes from, checking each value it would serve.
    pub fn default_answer(&self) -> DefaultAnswer {
        let mut out = DefaultAnswer {
            operation: self.operation,
            source: Source::Raw,
            rejected: None,
            error: None,
        };
        if let Some(a) = &self.json {
            let (source, rejected) = a.pick();
            out.source = source;
            out.rejected = rejected;
            out.error = (a.check)(a.body().as_bytes()).err();
        } else if let Some(e) = &self.events {
            out.source = if e.examples.is_empty() {
                Source::Synthesized
            } else {
                Source::Example
            };
        }
        if let Some(e) = &self.events {
            let bad = e
                .items()
                .into_iter()
                .find_map(|i| (e.check)(i.as_bytes()).err());
            out.error = out.error.or(bad);
        }
        out
    }
}

impl Answer {
    fn pick(&self) -> (Source, Option<String>) {
        match self.example {
            None => (Source::Synthesized, None),
            Some(ex) => match (self.check)(ex.as_bytes()) {
                Ok(()) => (Source::Example, None),
                Err(e) => (Source::ExampleRejected, Some(e)),
            },
        }
    }

    fn body(&self) -> &'static str {
        match (self.example, self.pick().0) {
            (Some(ex), Source::Example) => ex,
            _ => self.synthesized,
        }
    }
}

impl Events {
    fn items(&self) -> Vec<&'static str> {
        if self.examples.is_empty() {
            vec![self.synthesized]
        } else {
            self.examples.to_vec()
        }
    }
}

/// A request as received, before decoding. Generated decoders read it.
#[derive(Clone, Debug)]
pub struct Incoming {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Bytes,
    /// Path parameters: name and raw (percent-decoded) segment.
    path_params: Vec<(String, String)>,
}

impl Incoming {
    /// A required path parameter read as `T`.
    pub fn path<T: DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
    ) -> Result<T, String> {
        let raw = self
            .path_params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("path parameter `{name}` is missing"))?;
        decode::coerce(name, decode::path_candidates(raw, name, style, explode))
    }

    /// A query parameter read as `T`; `None` when absent.
    pub fn query<T: DeserializeOwned>(
        &self,
        wire: &str,
        style: Style,
        explode: bool,
    ) -> Result<Option<T>, String> {
        match decode::query_candidates(&self.query, wire, style, explode) {
            None => Ok(None),
            Some(c) => decode::coerce(wire, c).map(Some),
        }
    }

    /// An object query parameter in `form` style, exploded: each property its own pair
    /// (`x=1&y=2`); `None` when none of `properties` is present.
    pub fn query_object<T: DeserializeOwned>(
        &self,
        wire: &str,
        properties: &[&str],
    ) -> Result<Option<T>, String> {
        let object: serde_json::Map<String, Value> = self
            .query
            .iter()
            .filter(|(k, _)| properties.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        if object.is_empty() {
            return Ok(None);
        }
        decode::coerce(wire, vec![Value::Object(object)]).map(Some)
    }

    /// A header parameter read as `T`; `None` when absent.
    pub fn header<T: DeserializeOwned>(&self, wire: &str) -> Result<Option<T>, String> {
        let wire_lower = wire.to_ascii_lowercase();
        match self.headers.iter().find(|(k, _)| *k == wire_lower) {
            None => Ok(None),
            Some((_, v)) => decode::coerce(wire, decode::simple_candidates(v)).map(Some),
        }
    }

    /// A cookie parameter (`form` style) read as `T`; `None` when absent.
    pub fn cookie<T: DeserializeOwned>(
        &self,
        wire: &str,
        explode: bool,
    ) -> Result<Option<T>, String> {
        let pairs: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(k, _)| k == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|pair| {
                let (n, v) = pair.trim().split_once('=')?;
                let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                Some((n.to_owned(), v.into_owned()))
            })
            .collect();
        match decode::query_candidates(&pairs, wire, Style::Form, explode) {
            None => Ok(None),
            Some(c) => decode::coerce(wire, c).map(Some),
        }
    }

    /// A required parameter: `value`, or an error naming it.
    pub fn required<T>(value: Option<T>, wire: &str) -> Result<T, String> {
        value.ok_or_else(|| format!("required parameter `{wire}` is missing"))
    }

    /// The JSON body read as `T`, strictly (the mock holds what a client sends to the
    /// spec: a missing required property is an error).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        crate::runtime::presence::strict(true, || serde_json::from_slice(&self.body))
            .map_err(|e| format!("body: {e}"))
    }

    /// An optional JSON body: `None` when empty.
    pub fn json_opt<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            Ok(None)
        } else {
            self.json().map(Some)
        }
    }

    /// The body as received (forms, multipart, text, bytes).
    pub fn raw(&self) -> Result<Bytes, String> {
        Ok(self.body.clone())
    }

    /// The decoded request a typed handler receives.
    pub fn call<A, P, B>(&self, path: A, params: P, body: B) -> Call<A, P, B> {
        Call {
            path,
            params,
            body,
            headers: redacted(&self.headers),
        }
    }
}

/// A decoded request, as a typed handler receives it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Call<A, P, B> {
    /// Path parameters: `()` for none, the value for one, a tuple in path order for more.
    pub path: A,
    /// The operation's query and header parameters (its `Params` type), or `()`.
    pub params: P,
    /// The request body as its generated type (`Option` when optional, `Bytes` for
    /// forms, multipart and other media), or `()`.
    pub body: B,
    /// Request headers, lower-case names, credentials redacted.
    pub headers: Vec<(String, String)>,
}

/// A typed handler's answer.
#[derive(Clone, Debug)]
pub enum Reply<T> {
    /// The operation's success status with this body.
    Ok(T),
    /// Any status, with a JSON body (the operation's error type, say) or none.
    Status(u16, Option<Value>),
    /// An event stream of these items, then the spec's sentinel.
    Events(Vec<Value>),
    /// What the mock answers when no handler is set: the hand-written default where
    /// there is one (the bundled OpenRouter chat and Responses answers), else the spec's.
    Default,
}

impl<T> Reply<T> {
    /// The operation's success status with `body`.
    pub fn ok(body: T) -> Self {
        Reply::Ok(body)
    }

    /// `status` with a typed JSON body (the operation's error body type, typically).
    pub fn error(status: u16, body: impl Serialize) -> Self {
        Reply::Status(status, Some(to_json(&body)))
    }

    /// `status` with no body.
    pub fn status(status: u16) -> Self {
        Reply::Status(status, None)
    }

    /// An event stream of `items` (the operation's event type), then the sentinel.
    pub fn events<I: Serialize>(items: impl IntoIterator<Item = I>) -> Self {
        Reply::Events(items.into_iter().map(|i| to_json(&i)).collect())
    }
}

fn to_json(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A fault injected into an operation's answers (see the generated `MockServer::fault`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fault {
    status: Option<(u16, Option<Value>)>,
    delay: Option<Duration>,
    cut_after: Option<usize>,
    times: Option<usize>,
    retry_after: Option<u64>,
    pace: Option<Duration>,
    /// Every n-th request (n, requests seen so far).
    every: Option<(usize, usize)>,
}

impl Fault {
    /// Answer `status` (no body) instead of the operation's answer.
    pub fn status(status: u16) -> Self {
        Fault {
            status: Some((status, None)),
            ..Fault::default()
        }
    }

    /// Answer `status` with a JSON body.
    pub fn status_with(status: u16, body: impl Serialize) -> Self {
        Fault {
            status: Some((status, Some(to_json(&body)))),
            ..Fault::default()
        }
    }

    /// Wait this long before answering.
    pub fn delay(delay: Duration) -> Self {
        Fault {
            delay: Some(delay),
            ..Fault::default()
        }
    }

    /// Drop the connection after `events` events of a stream (for other bodies: after
    /// the headers and half the body).
    pub fn cut_stream(events: usize) -> Self {
        Fault {
            cut_after: Some(events),
            ..Fault::default()
        }
    }

    /// Also wait `delay` first.
    pub fn and_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Send `Retry-After: <seconds>` with a status fault.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Send the body in its chunks (each event of a stream) `interval` apart.
    pub fn pace(interval: Duration) -> Self {
        Fault {
            pace: Some(interval),
            ..Fault::default()
        }
    }

    /// Also send the chunks `interval` apart.
    pub fn and_pace(mut self, interval: Duration) -> Self {
        self.pace = Some(interval);
        self
    }

    /// Apply to every `n`-th request only (the `n`-th, `2n`-th, ...), for a steady rate
    /// of faults under load (`n` = 50: 2 %).
    pub fn every(mut self, n: usize) -> Self {
        self.every = Some((n.max(1), 0));
        self
    }

    /// Apply to the next `n` requests only (default: every request until cleared).
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }
}

/// A request the mock received.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Recorded {
    /// The operation it matched; `None` for an unknown route (answered 404).
    pub operation: Option<&'static str>,
    /// HTTP method.
    pub method: String,
    /// Path as received, percent-encoded.
    pub path: String,
    /// Query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Headers, lower-case names, in order; credentials (`authorization`, `x-api-key`,
    /// `api-key`, `cookie`, `proxy-authorization`) read `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON, when it is JSON; `None` when empty or not JSON.
    pub body: Option<Value>,
    /// The raw body, for forms, multipart and other media.
    pub raw_body: Bytes,
    /// Why it does not decode into the operation's generated request types (answered
    /// 400); `None` for a valid request.
    pub invalid: Option<String>,
}

impl Recorded {
    /// The body decoded as `T` (the operation's request type).
    pub fn body_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        crate::runtime::presence::strict(true, || serde_json::from_slice(&self.raw_body))
    }

    /// A header's value (`name` in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "cookie",
];

fn redacted(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let v = if SECRET_HEADERS.contains(&k.as_str()) {
                "<redacted>".to_owned()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

/// The status a panicking handler is answered with: 699, outside every standard class,
/// so no retry policy (not even one retrying every 5XX) sends the call again.
pub const PANIC_STATUS: u16 = 699;

/// What a handler or the default produces, before it becomes HTTP.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Json(u16, Value),
    Status(u16, Option<Value>),
    Events(u16, Vec<String>, Option<&'static str>),
    Raw(u16, &'static str, Bytes),
    Default,
}

/// A generated decoder: the request as an operation's typed [`Call`], or why not.
pub type Decoder<A, P, B> = fn(&Incoming) -> Result<Call<A, P, B>, String>;

type BoxFuture = Pin<Box<dyn Future<Output = Outgoing> + Send>>;
/// Decodes the request (an error is the reason it is invalid) and returns the answer to await.
type Handler = Arc<dyn Fn(&Incoming) -> Result<BoxFuture, String> + Send + Sync>;

#[derive(Default)]
struct Shared {
    handlers: Mutex<HashMap<&'static str, Handler>>,
    /// Handlers installed by [`Server::with_defaults`]: what an operation answers when the
    /// test set no handler (`clear_handler` comes back to these).
    defaults: Mutex<HashMap<&'static str, Handler>>,
    /// True while [`Server::with_defaults`] runs: `on` installs defaults.
    installing_defaults: std::sync::atomic::AtomicBool,
    /// Messages of handlers that panicked, not yet reported by [`Server::verify`].
    panics: Mutex<Vec<String>>,
    /// Calls expected per operation ([`Server::expect`]).
    expected: Mutex<HashMap<&'static str, usize>>,
    /// Set once [`Server::verify`] has reported, so dropping does not report twice.
    verified: std::sync::atomic::AtomicBool,
    faults: Mutex<HashMap<&'static str, Fault>>,
    recorded: Mutex<Vec<Recorded>>,
    /// Requests per operation, recorded or not.
    calls: Mutex<HashMap<&'static str, usize>>,
    /// Set by [`Server::record_requests`]`(false)`.
    recording_off: std::sync::atomic::AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Server {
    /// Answer `operation` with `handler`: the request decoded by `decode` (generated per
    /// operation), the reply encoded with the operation's success status.
    pub fn on<A, P, B, T, F, Fut>(
        &self,
        operation: &'static str,
        decode: Decoder<A, P, B>,
        handler: F,
    ) where
        A: Send + 'static,
        P: Send + 'static,
        B: Send + 'static,
        T: Serialize + 'static,
        F: Fn(Call<A, P, B>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply<T>> + Send + 'static,
    {
        let status = self.success_status(operation);
        let handler = Arc::new(handler);
        // Weak: the handler lives in the state, a strong reference would keep it alive.
        let state = std::sync::Arc::downgrade(&self.state_handle());
        let wrapped: Handler = Arc::new(move |incoming: &Incoming| {
            let call = decode(incoming)?;
            let handler = handler.clone();
            let state = state.clone();
            Ok(Box::pin(async move {
                let answer = std::panic::AssertUnwindSafe(handler(call));
                let reply = match futures_util::FutureExt::catch_unwind(answer).await {
                    Ok(reply) => reply,
                    Err(panic) => {
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| (*s).to_owned())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        let msg =
                            format!("llmgate mock: the handler of {operation} panicked: {what}");
                        if let Some(state) = state.upgrade() {
                            lock(&state.shared.panics).push(msg.clone());
                        }
                        // A status no retry policy retries: the test sees the failure at
                        // once, and `verify` (or dropping the server) raises the panic.
                        return Outgoing::Status(
                            PANIC_STATUS,
                            Some(
                                serde_json::json!({"error": {"code": PANIC_STATUS, "message": msg}}),
                            ),
                        );
                    }
                };
                match reply {
                    Reply::Ok(body) => Outgoing::Json(status, to_json(&body)),
                    Reply::Status(s, body) => Outgoing::Status(s, body),
                    Reply::Events(items) => {
                        Outgoing::Events(status, items.iter().map(Value::to_string).collect(), None)
                    }
                    Reply::Default => Outgoing::Default,
                }
            }) as BoxFuture)
        });
        let installing = self
            .shared()
            .installing_defaults
            .load(std::sync::atomic::Ordering::Relaxed);
        if installing {
            lock(&self.shared().defaults).insert(operation, wrapped);
        } else {
            lock(&self.shared().handlers).insert(operation, wrapped);
        }
    }

    /// Expect `operation` to be called exactly `times` times; [`Server::verify`] (or
    /// dropping the server) panics if it was not, as wiremock's expectations do.
    pub fn expect(&self, operation: &'static str, times: usize) {
        lock(&self.shared().expected).insert(operation, times);
    }

    /// Panic, naming each problem, if a handler panicked or an expectation was not met.
    /// Dropping the server does the same unless this already ran (or the thread is
    /// panicking already).
    pub fn verify(&self) {
        use std::sync::atomic::Ordering;
        self.shared().verified.store(true, Ordering::Relaxed);
        let problems = self.problems();
        if !problems.is_empty() {
            panic!("llmgate mock: {}", problems.join("; "));
        }
    }

    /// What [`Server::verify`] would report.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = lock(&self.shared().panics).drain(..).collect();
        let recorded = lock(&self.shared().recorded);
        let mut expected: Vec<(&str, usize)> = lock(&self.shared().expected)
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect();
        expected.sort();
        for (op, want) in expected {
            let got = recorded.iter().filter(|r| r.operation == Some(op)).count();
            if got != want {
                out.push(format!("{op} was expected {want} time(s) and called {got}"));
            }
        }
        out
    }

    /// Run `install`, whose `on` calls set default answers instead of test handlers:
    /// hand-written defaults that know more than the spec (a chat answer that calls the
    /// tool the request offers). A test's own handler still wins, and `clear_handler`
    /// comes back to these.
    pub fn with_defaults(&self, install: impl FnOnce()) {
        use std::sync::atomic::Ordering;
        self.shared()
            .installing_defaults
            .store(true, Ordering::Relaxed);
        install();
        self.shared()
            .installing_defaults
            .store(false, Ordering::Relaxed);
    }

    /// Remove the handler of `operation`: it answers its default again.
    pub fn clear_handler(&self, operation: &'static str) {
        lock(&self.shared().handlers).remove(operation);
    }

    /// Inject `fault` into the answers of `operation` (replacing an earlier one).
    pub fn fault(&self, operation: &'static str, fault: Fault) {
        lock(&self.shared().faults).insert(operation, fault);
    }

    /// Remove every fault.
    pub fn clear_faults(&self) {
        lock(&self.shared().faults).clear();
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared().recorded).clone()
    }

    /// Forget the requests received so far (and the per-operation counts).
    pub fn clear_requests(&self) {
        lock(&self.shared().recorded).clear();
        lock(&self.shared().calls).clear();
    }

    /// Keep each request for [`requests`](Self::requests) (the default), or not: a soak
    /// or load test turns it off so the log does not grow with every call; the counts
    /// ([`calls`](Self::calls)) are kept either way.
    pub fn record_requests(&self, on: bool) {
        self.shared()
            .recording_off
            .store(!on, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many requests `operation` (its operationId) received.
    pub fn calls(&self, operation: &str) -> usize {
        lock(&self.shared().calls)
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    /// Each operation's default answer and where it comes from.
    pub fn default_answers(&self) -> Vec<DefaultAnswer> {
        let defaults = lock(&self.shared().defaults);
        self.routes()
            .iter()
            .map(|r| {
                let mut a = r.default_answer();
                if defaults.contains_key(r.operation) {
                    a.source = Source::Handwritten;
                    a.rejected = None;
                }
                a
            })
            .collect()
    }

    /// The JSON `operation` answers by default from its spec (the example, or the value
    /// synthesized from the schema), for hand-written defaults that adjust it.
    pub fn spec_default_json(&self, operation: &str) -> Option<Value> {
        let route = self.routes().iter().find(|r| r.operation == operation)?;
        serde_json::from_str(route.json.as_ref()?.body()).ok()
    }

    fn success_status(&self, operation: &str) -> u16 {
        let route = self.routes().iter().find(|r| r.operation == operation);
        route
            .and_then(|r| {
                r.json
                    .as_ref()
                    .map(|a| a.status)
                    .or(r.events.as_ref().map(|e| e.status))
                    .or(r.other.as_ref().map(|o| o.status))
            })
            .unwrap_or(200)
    }
}

fn invalid_body(reason: &str) -> Value {
    serde_json::json!({"error": {"code": 400, "message": format!("llmgate mock: request does not match the spec: {reason}")}})
}

/// Whether `body` decodes as `T` (a route's response check).
pub fn check<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(drop)
        .map_err(|e| e.to_string())
}
