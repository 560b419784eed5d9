//! The runtime client: base URL, auth, headers, timeouts, retries, tracing. One file per
//! concern: `builder` (configuration), `options` (per-handle overrides), `retry` (the
//! policy), `send` (the retry loop and attempts); here the transport they share.

mod builder;
mod hooks;
mod limits;
mod options;
mod retry;
mod send;
mod tls;

pub use builder::{Builder, http_client_builder};
pub use hooks::{AfterError, Failure, Hook, OutgoingRequest, ResponseInfo};
pub use limits::Limits;
pub use options::CallOptions;
pub use retry::{RetryPolicy, RetryStatus, parse_retry_after};

use builder::http_client;
use options::header_pair;

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
    limits: Limits,
    strict_decoding: bool,
    hooks: hooks::Hooks,
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

    /// The retry policy calls through this handle follow.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.policy()
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

    fn url<E>(&self, request: &Request) -> Result<Url, Error<E>> {
        if let Some(link) = &request.follow {
            return self.follow(request.operation, link);
        }
        Ok(self.plain_url(request))
    }

    /// A next-page link a response gave: relative to the base URL, or absolute on the
    /// same origin (the key is sent with it, so no other host is followed).
    fn follow<E>(&self, operation: &'static str, link: &str) -> Result<Url, Error<E>> {
        let base = &self.shared.base_url;
        let url = base.join(link).map_err(|e| Error::InvalidRequest {
            operation,
            message: format!("the next page's link is not a URL ({e}): {link:?}"),
        })?;
        if url.origin() != base.origin() {
            return Err(Error::InvalidRequest {
                operation,
                message: format!(
                    "the next page's link leaves the API's origin {} for {}; not followed (the API key would go with it)",
                    base.origin().ascii_serialization(),
                    url.origin().ascii_serialization()
                ),
            });
        }
        Ok(url)
    }

    fn plain_url(&self, request: &Request) -> Url {
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
        if let Some(cookies) = request.cookie_header() {
            // One `Cookie` header: a cookie set on the client or call comes first.
            let value = match headers
                .get(reqwest::header::COOKIE)
                .map(HeaderValue::to_str)
            {
                Some(Ok(set)) => format!("{set}; {cookies}"),
                _ => cookies,
            };
            let v = HeaderValue::from_str(&value).map_err(|_| Error::InvalidRequest {
                operation: request.operation,
                message: "a cookie parameter is not a valid header value".to_owned(),
            })?;
            headers.insert(reqwest::header::COOKIE, v);
        }
        if let Some(accept) = request.accept {
            headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
        }
        if !(self.options.headers.is_empty()
            && request.headers.is_empty()
            && request.cookies.is_empty())
        {
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

    fn strict_decoding(&self) -> bool {
        self.options
            .strict_decoding
            .unwrap_or(self.shared.strict_decoding)
    }

    fn limits(&self) -> Limits {
        self.options.limits.unwrap_or(self.shared.limits)
    }
}
