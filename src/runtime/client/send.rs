//! Sending: the retry loop, one attempt with its tracing span, reading the answer.

use super::*;

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
    /// Send with retries. A final response is returned unread, unless it was a
    /// retryable status on the last permitted attempt, which has been read already.
    async fn execute<E>(&self, request: &Request, buffer: bool) -> Result<Exec, Error<E>> {
        let policy = self.policy();
        let started = Instant::now();
        let url = self.url(request)?;
        let mut attempt = 0u32;
        // An attempt a hook asked for (`AfterError::RetryOnce`), beside the policy's.
        let mut hook_retries = 0u32;
        loop {
            attempt += 1;
            let sent = Instant::now();
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
            if super::super::metadata::wanted() {
                let meta = |status, headers: &HeaderMap| super::super::metadata::Metadata {
                    operation: request.operation,
                    status,
                    headers: headers.clone(),
                    attempts: attempt,
                    elapsed: started.elapsed(),
                };
                match &outcome {
                    Ok(Attempt::Streaming(r)) => {
                        super::super::metadata::record(|| meta(r.status(), r.headers()))
                    }
                    Ok(Attempt::Read(r) | Attempt::Retry(_, r)) => {
                        super::super::metadata::record(|| meta(r.status, &r.headers))
                    }
                    Err(_) => {}
                }
            }
            if !self.shared.hooks.is_empty()
                && self.run_hooks(request.operation, attempt, sent, &outcome)
                    == hooks::AfterError::RetryOnce
                && hook_retries == 0
            {
                hook_retries += 1;
                continue;
            }
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
                    let retryable = policy.connection_errors
                        && match &e {
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
            if attempt - hook_retries >= policy.max_attempts
                || started.elapsed() + wait > policy.budget
            {
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

    /// Tell the hooks what one attempt came to; what they ask for next.
    fn run_hooks<E>(
        &self,
        operation: &'static str,
        attempt: u32,
        sent: Instant,
        outcome: &Result<Attempt, Error<E>>,
    ) -> hooks::AfterError {
        let hooks = &self.shared.hooks;
        let info = |status, headers| hooks::ResponseInfo {
            operation,
            attempt,
            status,
            headers,
            latency: sent.elapsed(),
        };
        match outcome {
            Ok(Attempt::Streaming(r)) => {
                hooks.after_response(&info(r.status(), r.headers()));
                hooks::AfterError::Continue
            }
            Ok(Attempt::Read(r) | Attempt::Retry(_, r)) => {
                let seen = info(r.status, &r.headers);
                hooks.after_response(&seen);
                if r.status.is_client_error() || r.status.is_server_error() {
                    hooks.on_error(&hooks::Failure::Status(seen))
                } else {
                    hooks::AfterError::Continue
                }
            }
            Err(e) => {
                let message = match e {
                    Error::Transport { source, .. } => source.to_string(),
                    Error::Timeout { limit, after, .. } => {
                        format!("{limit} timeout after {after:?}")
                    }
                    Error::TooLarge { limit, .. } => format!("the {limit} limit was exceeded"),
                    _ => "the attempt failed".to_owned(),
                };
                hooks.on_error(&hooks::Failure::NoResponse {
                    operation,
                    attempt,
                    message: &message,
                })
            }
        }
    }

    /// The retry policy in force: the call's, else the client's.
    pub(super) fn policy(&self) -> &RetryPolicy {
        self.options.retry.as_ref().unwrap_or(&self.shared.retry)
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
        let mut http_request = self.build(request, url)?;
        let operation = request.operation;
        if !self.shared.hooks.is_empty() {
            let mut outgoing = hooks::OutgoingRequest {
                operation,
                attempt,
                request: &mut http_request,
            };
            self.shared
                .hooks
                .before_request(&mut outgoing)
                .map_err(|reason| Error::InvalidRequest {
                    operation,
                    message: format!("a hook refused the request: {reason}"),
                })?;
        }
        let work = async {
            let mut resp = self
                .shared
                .http
                .execute(http_request)
                .await
                .map_err(|source| self.transport(operation, source, attempt))?;
            let status = resp.status();
            let retryable = self.policy().retries(status);
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
            let limits = self.limits();
            let body = if status.is_success() {
                let read = limits::read_body(resp, limits.response_body)
                    .await
                    .map_err(|source| self.transport(operation, source, attempt))?;
                limits::success_body(read, operation, limits.response_body, attempt)?
            } else {
                let read = limits::read_body(resp, limits.error_body)
                    .await
                    .map_err(|source| self.transport(operation, source, attempt))?;
                limits::error_body(read, limits.error_body)
            };
            let read = Response {
                operation,
                status,
                headers,
                body,
                attempts: attempt,
                strict: self.strict_decoding(),
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
                let limit = self.limits().response_body;
                let read = limits::read_body(resp, limit)
                    .await
                    .map_err(|source| self.transport(operation, source, attempts))?;
                let body = limits::success_body(read, operation, limit, attempts)?;
                Ok(Response {
                    operation,
                    status,
                    headers,
                    body,
                    attempts,
                    strict: self.strict_decoding(),
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
                event_limit: self.limits().event,
                strict: self.strict_decoding(),
            }),
            Exec::Read(resp) => Streamed::Failure(resp),
        })
    }
}
