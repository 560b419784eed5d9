//! The runtime client: base URL, auth, headers, timeouts, retries, tracing.

use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{
    AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use super::request::Body;
use super::{ApiKey, ConfigError, Error, Request, Response, StreamBody, Streamed};

/// `llmgate/<version>`, sent as `User-Agent`.
pub const USER_AGENT_VALUE: &str = concat!("llmgate/", env!("CARGO_PKG_VERSION"));

/// What a provider's client defaults to, and which environment variables it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Provider {
    /// Name used in errors, e.g. `OpenRouter`.
    pub name: &'static str,
    /// Base URL when neither an argument nor the environment gives one (the spec's first server).
    pub default_base_url: &'static str,
    /// Environment variable holding the API key.
    pub api_key_env: &'static str,
    /// Environment variable overriding the base URL.
    pub base_url_env: &'static str,
}

impl Provider {
    /// A provider description.
    pub const fn new(
        name: &'static str,
        default_base_url: &'static str,
        api_key_env: &'static str,
        base_url_env: &'static str,
    ) -> Self {
        Provider {
            name,
            default_base_url,
            api_key_env,
            base_url_env,
        }
    }
}

/// When and how often to retry.
///
/// Retried: connection errors and statuses 408, 429, 500, 502, 503, 504, 524 and 529.
/// Waits grow exponentially with jitter; a `Retry-After` header (seconds or HTTP date)
/// replaces the computed wait, capped at `max_retry_after`. No retry starts after
/// `budget` has passed since the first attempt. A stream is never retried once its
/// response has been handed over.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, including the first (1 = no retries). Default 3.
    pub max_attempts: u32,
    /// Wait before the first retry. Default 500 ms.
    pub initial_backoff: Duration,
    /// Longest computed wait. Default 8 s.
    pub max_backoff: Duration,
    /// Longest wait a `Retry-After` header can impose. Default 30 s.
    pub max_retry_after: Duration,
    /// Total time after which no retry is started. Default 60 s.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Set the attempt count (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Set the initial and maximum computed waits.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Set the cap on `Retry-After`.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Set the total time budget.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether this status is retried.
    pub fn is_retryable(status: StatusCode) -> bool {
        matches!(
            status.as_u16(),
            408 | 429 | 500 | 502 | 503 | 504 | 524 | 529
        )
    }

    fn backoff_for(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << retry.min(16));
        let capped = exp.min(self.max_backoff);
        // Equal jitter: half fixed, half random.
        let half = capped / 2;
        half + half.mul_f64(jitter())
    }
}

fn jitter() -> f64 {
    // xorshift over a counter and the clock: enough to spread retries, no dependency.
    static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = STATE.fetch_add(nanos | 1, Ordering::Relaxed) ^ nanos.rotate_left(32);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Overrides for the calls made through one client handle ([`Transport::with_options`]).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Whole-request timeout (until the body is read; for streams, until the response starts).
    pub timeout: Option<Duration>,
    /// Longest wait between two chunks of a streamed body.
    pub stream_idle_timeout: Option<Duration>,
    /// Retry policy.
    pub retry: Option<RetryPolicy>,
    /// Extra headers.
    pub headers: HeaderMap,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set the whole-request timeout.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Set the idle timeout between stream chunks.
    pub fn stream_idle_timeout(mut self, t: Duration) -> Self {
        self.stream_idle_timeout = Some(t);
        self
    }

    /// Set the retry policy.
    pub fn retry(mut self, r: RetryPolicy) -> Self {
        self.retry = Some(r);
        self
    }

    /// Add a header. Invalid names or values are refused here, not at send time.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, ConfigError> {
        let (n, v) = header_pair(name, value)?;
        self.headers.append(n, v);
        Ok(self)
    }

    fn merge(&self, over: CallOptions) -> CallOptions {
        let mut headers = self.headers.clone();
        for (k, v) in over.headers.iter() {
            headers.insert(k.clone(), v.clone());
        }
        CallOptions {
            timeout: over.timeout.or(self.timeout),
            stream_idle_timeout: over.stream_idle_timeout.or(self.stream_idle_timeout),
            retry: over.retry.or_else(|| self.retry.clone()),
            headers,
        }
    }
}

fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), ConfigError> {
    let invalid = || ConfigError::InvalidHeader {
        name: name.to_owned(),
    };
    Ok((
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?,
        HeaderValue::from_str(value).map_err(|_| invalid())?,
    ))
}

#[derive(Clone)]
struct Shared {
    provider: Provider,
    http: reqwest::Client,
    /// False when the caller supplied the `reqwest::Client` (its settings are theirs).
    own_http: bool,
    base_url: Url,
    auth: HeaderValue,
    headers: HeaderMap,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    stream_idle_timeout: Option<Duration>,
    retry: RetryPolicy,
}

/// The configured connection to one gateway that generated clients send through: base
/// URL, API key, default headers, timeouts, retries, tracing. Cheap to clone; clones
/// share the connection pool. Users meet it only through a generated client
/// (`openrouter::Client::transport()`); build one with [`Builder`].
#[derive(Clone)]
pub struct Transport {
    shared: Arc<Shared>,
    options: CallOptions,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("provider", &self.shared.provider.name)
            .field("base_url", &self.shared.base_url.as_str())
            .field("api_key", &"<redacted>")
            .field("timeout", &self.shared.timeout)
            .field("retry", &self.shared.retry)
            .finish_non_exhaustive()
    }
}

/// A type a [`Builder`] can build: every generated client, and [`Transport`] itself.
pub trait FromTransport {
    /// Wrap the configured transport.
    fn from_transport(transport: Transport) -> Self;
}

impl FromTransport for Transport {
    fn from_transport(transport: Transport) -> Self {
        transport
    }
}

/// Builds a client: `openrouter::Client::builder().api_key(..).build()?`.
///
/// Each setting comes from the argument if given, else from the provider's environment
/// variable (unless [`ignore_env`](Self::ignore_env)), else from the spec. A missing key
/// or an invalid base URL is an error here, not a failed request later.
#[must_use]
pub struct Builder<C = Transport> {
    provider: Provider,
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    use_env: bool,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    stream_idle_timeout: Option<Duration>,
    retry: RetryPolicy,
    headers: Vec<(String, String)>,
    client: PhantomData<fn() -> C>,
}

impl<C> Clone for Builder<C> {
    fn clone(&self) -> Self {
        Builder {
            provider: self.provider,
            api_key: self.api_key.clone(),
            base_url: self.base_url.clone(),
            http: self.http.clone(),
            use_env: self.use_env,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            stream_idle_timeout: self.stream_idle_timeout,
            retry: self.retry.clone(),
            headers: self.headers.clone(),
            client: PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for Builder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("provider", &self.provider.name)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("use_env", &self.use_env)
            .finish_non_exhaustive()
    }
}

impl<C: FromTransport> Builder<C> {
    /// Defaults for `provider`: its spec's server, 10 s connect and 600 s request timeouts,
    /// 120 s stream idle timeout, [`RetryPolicy::default`].
    pub fn new(provider: Provider) -> Self {
        Builder {
            client: PhantomData,
            provider,
            api_key: None,
            base_url: None,
            http: None,
            use_env: true,
            timeout: Some(Duration::from_secs(600)),
            connect_timeout: Some(Duration::from_secs(10)),
            stream_idle_timeout: Some(Duration::from_secs(120)),
            retry: RetryPolicy::default(),
            headers: Vec::new(),
        }
    }

    /// The API key (or management key, for the management endpoints).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL, e.g. `https://openrouter.ai/api/v1` or a proxy.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Use this `reqwest::Client` (its own timeouts, proxy and TLS settings then apply;
    /// the connect timeout set here does not).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Do not read the provider's environment variables.
    pub fn ignore_env(mut self) -> Self {
        self.use_env = false;
        self
    }

    /// Whole-request timeout (`None` for none).
    pub fn timeout(mut self, t: Option<Duration>) -> Self {
        self.timeout = t;
        self
    }

    /// Connect timeout (`None` for none).
    pub fn connect_timeout(mut self, t: Option<Duration>) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Longest wait between two chunks of a streamed body (`None` for none).
    pub fn stream_idle_timeout(mut self, t: Option<Duration>) -> Self {
        self.stream_idle_timeout = t;
        self
    }

    /// Retry policy ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// An extra header on every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// OpenRouter app attribution: `HTTP-Referer`, your site's URL.
    pub fn app_url(self, url: impl Into<String>) -> Self {
        self.header("HTTP-Referer", url)
    }

    /// OpenRouter app attribution: `X-Title`, your app's name.
    pub fn app_title(self, title: impl Into<String>) -> Self {
        self.header("X-Title", title)
    }

    /// Validate the configuration and build the client.
    pub fn build(self) -> Result<C, ConfigError> {
        self.build_transport().map(C::from_transport)
    }

    fn build_transport(self) -> Result<Transport, ConfigError> {
        let p = self.provider;
        let env = |name: &str| {
            if self.use_env {
                std::env::var(name).ok().filter(|v| !v.trim().is_empty())
            } else {
                None
            }
        };
        let key = match self.api_key {
            Some(k) => k,
            None => env(p.api_key_env)
                .map(ApiKey::new)
                .unwrap_or_else(|| ApiKey::new("")),
        };
        if key.is_empty() {
            return Err(ConfigError::MissingApiKey {
                provider: p.name,
                env_var: p.api_key_env,
            });
        }
        let auth = key
            .bearer()
            .ok_or(ConfigError::InvalidApiKey { provider: p.name })?;
        let (url, source) = match (self.base_url, env(p.base_url_env)) {
            (Some(u), _) => (u, "argument".to_owned()),
            (None, Some(u)) => (u, p.base_url_env.to_owned()),
            (None, None) => (
                p.default_base_url.to_owned(),
                "the spec's servers".to_owned(),
            ),
        };
        let base_url = parse_base_url(&url).map_err(|reason| ConfigError::InvalidBaseUrl {
            url: url.clone(),
            source,
            reason,
        })?;
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        for (n, v) in &self.headers {
            let (n, v) = header_pair(n, v)?;
            headers.insert(n, v);
        }
        // Last, so that no extra header replaces the key.
        headers.insert(AUTHORIZATION, auth.clone());
        let own_http = self.http.is_none();
        let http = match self.http {
            Some(h) => h,
            None => http_client(self.connect_timeout)?,
        };
        Ok(Transport {
            shared: Arc::new(Shared {
                provider: p,
                own_http,
                http,
                base_url,
                auth,
                headers,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                stream_idle_timeout: self.stream_idle_timeout,
                retry: self.retry,
            }),
            options: CallOptions::default(),
        })
    }
}

fn http_client(connect_timeout: Option<Duration>) -> Result<reqwest::Client, ConfigError> {
    let mut b = reqwest::Client::builder();
    if let Some(t) = connect_timeout {
        b = b.connect_timeout(t);
    }
    b.build().map_err(ConfigError::Http)
}

fn parse_base_url(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url).map_err(|e| e.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("scheme `{}` is not http or https", parsed.scheme()));
    }
    if parsed.cannot_be_a_base() || parsed.host().is_none() {
        return Err("not a base URL with a host".to_owned());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("a base URL cannot carry a query or fragment".to_owned());
    }
    Ok(parsed)
}

/// How a call ended once retries are over.
enum Exec {
    /// A 2xx response to a streaming call, body unread.
    Streaming(reqwest::Response, u32),
    /// Any other response, body read (including the last of a retried storm).
    Read(Response),
}

enum Attempt {
    Streaming(reqwest::Response),
    Read(Response),
    Retry(Option<Duration>, Response),
}

impl Transport {
    /// A builder for `provider`.
    pub fn builder(provider: Provider) -> Builder<Transport> {
        Builder::new(provider)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.shared.base_url.as_str()
    }

    /// The provider this client talks to.
    pub fn provider(&self) -> &Provider {
        &self.shared.provider
    }

    /// A handle whose calls apply `options` on top of this one's.
    pub fn with_options(&self, options: CallOptions) -> Transport {
        Transport {
            shared: Arc::clone(&self.shared),
            options: self.options.merge(options),
        }
    }

    /// A handle whose connections use another connect timeout (`None` for none). It gets
    /// its own connection pool, since the connect timeout belongs to the HTTP client. Fails
    /// when the client was built around a caller's `reqwest::Client`, whose settings are
    /// the caller's to choose.
    pub fn with_connect_timeout(
        &self,
        timeout: Option<Duration>,
    ) -> Result<Transport, ConfigError> {
        if !self.shared.own_http {
            return Err(ConfigError::CustomHttpClient {
                setting: "connect timeout",
            });
        }
        let mut shared = (*self.shared).clone();
        shared.http = http_client(timeout)?;
        shared.connect_timeout = timeout;
        Ok(Transport {
            shared: Arc::new(shared),
            options: self.options.clone(),
        })
    }

    fn url(&self, request: &Request) -> Url {
        let mut url = self.shared.base_url.clone();
        let base = self.shared.base_url.path().trim_end_matches('/');
        let mut path = String::with_capacity(base.len() + request.path.len());
        path.push_str(base);
        path.push_str(&request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &request.query {
                pairs.append_pair(k, v);
            }
        }
        url
    }

    /// The HTTP request for one attempt: the shared headers (one clone of the map, no
    /// merge), then the call's and the request's own, the key last.
    fn build<E>(&self, request: &Request, url: &Url) -> Result<reqwest::Request, Error<E>> {
        let mut req = reqwest::Request::new(request.method.clone(), url.clone());
        let headers = req.headers_mut();
        *headers = self.shared.headers.clone();
        for (k, v) in self.options.headers.iter() {
            headers.insert(k.clone(), v.clone());
        }
        for (k, v) in &request.headers {
            let (k, v) = header_pair(k, v).map_err(|_| Error::InvalidRequest {
                operation: request.operation,
                message: format!("header parameter `{k}` is not a valid HTTP header value"),
            })?;
            headers.insert(k, v);
        }
        if let Some(accept) = request.accept {
            headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
        }
        if !(self.options.headers.is_empty() && request.headers.is_empty()) {
            // No extra header may replace the key.
            headers.insert(AUTHORIZATION, self.shared.auth.clone());
        }
        match &request.body {
            Body::Empty => Ok(req),
            Body::Bytes {
                bytes,
                content_type,
            } => {
                let value = match content_type.as_str() {
                    "application/json" => Ok(HeaderValue::from_static("application/json")),
                    other => HeaderValue::from_str(other),
                };
                if let Ok(v) = value {
                    req.headers_mut().insert(CONTENT_TYPE, v);
                }
                *req.body_mut() = Some(bytes.clone().into());
                Ok(req)
            }
            Body::Form(form) => {
                let form = form.to_reqwest().map_err(|message| Error::InvalidRequest {
                    operation: request.operation,
                    message,
                })?;
                reqwest::RequestBuilder::from_parts(self.shared.http.clone(), req)
                    .multipart(form)
                    .build()
                    .map_err(|source| Error::InvalidRequest {
                        operation: request.operation,
                        message: format!("multipart body: {}", source.without_url()),
                    })
            }
        }
    }

    fn request_timeout(&self) -> Option<Duration> {
        self.options.timeout.or(self.shared.timeout)
    }

    /// Send with retries. A final response is returned unread, unless it was a
    /// retryable status on the last permitted attempt, which has been read already.
    async fn execute<E>(&self, request: &Request, buffer: bool) -> Result<Exec, Error<E>> {
        let policy = self.options.retry.as_ref().unwrap_or(&self.shared.retry);
        let started = Instant::now();
        let url = self.url(request);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let span = tracing::info_span!(
                "llmgate.request",
                operation = request.operation,
                method = %request.method,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let outcome = if span.is_disabled() {
                // Nobody listens: no clock reads or records for the span.
                self.attempt(request, &url, attempt, buffer).await
            } else {
                let sent = Instant::now();
                let outcome = self
                    .attempt(request, &url, attempt, buffer)
                    .instrument(span.clone())
                    .await;
                let latency_ms = sent.elapsed().as_millis() as u64;
                span.record("latency_ms", latency_ms);
                let status = match &outcome {
                    Ok(Attempt::Streaming(r)) => Some(r.status().as_u16()),
                    Ok(Attempt::Read(r) | Attempt::Retry(_, r)) => Some(r.status.as_u16()),
                    Err(_) => None,
                };
                if let Some(status) = status {
                    span.record("status", status);
                }
                tracing::debug!(parent: &span, status, latency_ms, ok = outcome.is_ok(), "llmgate.response");
                outcome
            };
            let (wait, last) = match outcome {
                Ok(Attempt::Streaming(resp)) => return Ok(Exec::Streaming(resp, attempt)),
                Ok(Attempt::Read(resp)) => return Ok(Exec::Read(resp)),
                Ok(Attempt::Retry(retry_after, resp)) => {
                    let wait = match retry_after {
                        Some(w) => w.min(policy.max_retry_after),
                        None => policy.backoff_for(attempt - 1),
                    };
                    (wait, Ok(resp))
                }
                Err(e) => {
                    let retryable = match &e {
                        Error::Transport { source, .. } => {
                            source.is_connect() || (source.is_request() && !source.is_body())
                        }
                        Error::Timeout {
                            limit: "connect", ..
                        } => true,
                        _ => false,
                    };
                    if !retryable {
                        return Err(e);
                    }
                    (policy.backoff_for(attempt - 1), Err(e))
                }
            };
            if attempt >= policy.max_attempts || started.elapsed() + wait > policy.budget {
                return match last {
                    Ok(resp) => Ok(Exec::Read(resp)),
                    Err(e) => Err(e),
                };
            }
            tracing::debug!(
                operation = request.operation,
                attempt,
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One request. Within one whole-request timeout: send, and read the body unless this
    /// is a 2xx answer to a streaming call (`buffer == false`).
    async fn attempt<E>(
        &self,
        request: &Request,
        url: &Url,
        attempt: u32,
        buffer: bool,
    ) -> Result<Attempt, Error<E>> {
        let http_request = self.build(request, url)?;
        let operation = request.operation;
        let work = async {
            let mut resp = self
                .shared
                .http
                .execute(http_request)
                .await
                .map_err(|source| self.transport(operation, source, attempt))?;
            let status = resp.status();
            let retryable = RetryPolicy::is_retryable(status);
            if !buffer && !retryable && status.is_success() {
                return Ok(Attempt::Streaming(resp));
            }
            let retry_after = match retryable {
                true => resp
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_retry_after),
                false => None,
            };
            // Taken, not cloned: the body read below consumes the response anyway.
            let headers = std::mem::take(resp.headers_mut());
            let body = resp
                .bytes()
                .await
                .map_err(|source| self.transport(operation, source, attempt))?;
            let read = Response {
                operation,
                status,
                headers,
                body,
                attempts: attempt,
            };
            Ok(if retryable {
                Attempt::Retry(retry_after, read)
            } else {
                Attempt::Read(read)
            })
        };
        match self.request_timeout() {
            Some(after) => tokio::time::timeout(after, work)
                .await
                .unwrap_or(Err(Error::Timeout {
                    operation,
                    limit: "request",
                    after,
                    attempts: attempt,
                })),
            None => work.await,
        }
    }

    fn transport<E>(
        &self,
        operation: &'static str,
        source: reqwest::Error,
        attempts: u32,
    ) -> Error<E> {
        if source.is_timeout() {
            if let Some(after) = self.shared.connect_timeout.filter(|_| source.is_connect()) {
                return Error::Timeout {
                    operation,
                    limit: "connect",
                    after,
                    attempts,
                };
            }
        }
        Error::Transport {
            operation,
            source: source.without_url(),
            attempts,
        }
    }

    /// Send a request and read the whole body.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        match self.execute(&request, true).await? {
            Exec::Read(resp) => Ok(resp),
            // Buffered attempts read every body; should one not have, read it here.
            Exec::Streaming(resp, attempts) => {
                let (operation, status, headers) =
                    (request.operation, resp.status(), resp.headers().clone());
                let body = resp
                    .bytes()
                    .await
                    .map_err(|source| self.transport(operation, source, attempts))?;
                Ok(Response {
                    operation,
                    status,
                    headers,
                    body,
                    attempts,
                })
            }
        }
    }

    /// Send a request; a 2xx response is returned unread for streaming.
    pub async fn send_streaming<E>(&self, request: Request) -> Result<Streamed, Error<E>> {
        Ok(match self.execute(&request, false).await? {
            Exec::Streaming(response, _) => Streamed::Success(StreamBody {
                operation: request.operation,
                status: response.status(),
                response,
                idle_timeout: self
                    .options
                    .stream_idle_timeout
                    .or(self.shared.stream_idle_timeout),
            }),
            Exec::Read(resp) => Streamed::Failure(resp),
        })
    }
}

/// `Retry-After`: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
