//! Building a client: key, base URL, HTTP client, timeouts, retries, headers; the environment.

use super::*;

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
    limits: Limits,
    strict_decoding: bool,
    headers: Vec<(String, String)>,
    hooks: super::hooks::Hooks,
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
            limits: self.limits,
            strict_decoding: self.strict_decoding,
            headers: self.headers.clone(),
            hooks: self.hooks.clone(),
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
            limits: Limits::default(),
            strict_decoding: false,
            headers: Vec::new(),
            hooks: Default::default(),
        }
    }

    /// Decode answers strictly: a required property the server left out fails the call
    /// (`Error::Decode`, naming its JSON path) instead of reading as its type's absent
    /// value and being recorded in the value's `missing` field. Off by default: a client
    /// should not turn an answer into an error; on for tests that hold a server to its
    /// spec. [`CallOptions::strict_decoding`] sets it per call.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// Memory bounds: the largest buffered body, streamed event and kept error body
    /// ([`Limits`], with its defaults and why).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
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

    /// Change the retry policy set so far (the spec's, for a generated client whose spec
    /// declares one): `.map_retry(|p| p.max_attempts(5))`.
    pub fn map_retry(mut self, change: impl FnOnce(RetryPolicy) -> RetryPolicy) -> Self {
        self.retry = change(self.retry);
        self
    }

    /// Run `hook` on every call ([`Hook`]: before each attempt, after each response, on
    /// each failure); hooks run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.0.push(std::sync::Arc::new(hook));
        self
    }

    /// A [`Hook::before_request`] from a closure: see and change each attempt's request
    /// (add a header, sign, log); an `Err` refuses the call with that reason.
    pub fn before_request(
        self,
        f: impl Fn(&mut OutgoingRequest<'_>) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.hook(super::hooks::BeforeRequest(f))
    }

    /// A [`Hook::after_response`] from a closure: each response's status, headers and
    /// latency (metrics).
    pub fn after_response(self, f: impl Fn(&ResponseInfo<'_>) + Send + Sync + 'static) -> Self {
        self.hook(super::hooks::AfterResponse(f))
    }

    /// A [`Hook::on_error`] from a closure: each failed attempt; answer
    /// [`AfterError::RetryOnce`] to send the call again at once (an auth refresh after a
    /// 401), once per call.
    pub fn on_error(self, f: impl Fn(&Failure<'_>) -> AfterError + Send + Sync + 'static) -> Self {
        self.hook(super::hooks::OnError(f))
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
                limits: self.limits,
                strict_decoding: self.strict_decoding,
                hooks: self.hooks,
            }),
            options: CallOptions::default(),
        })
    }
}

/// A `reqwest` client builder with llmgate's TLS (rustls with `ring`, HTTP/2 by ALPN, the
/// webpki roots — and the platform's with the `native-roots` feature), for a caller who
/// wants their own client (a proxy, other pool settings) to pass to `.http_client(..)`.
/// reqwest's `rustls-no-provider` build, which llmgate uses, cannot build a TLS client
/// without one.
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, ConfigError> {
    Ok(reqwest::Client::builder().tls_backend_preconfigured(super::tls::config()?))
}

pub(super) fn http_client(
    connect_timeout: Option<Duration>,
) -> Result<reqwest::Client, ConfigError> {
    let mut b = http_client_builder()?;
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
