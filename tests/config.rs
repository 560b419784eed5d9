//! Construction: keys, base URLs, environment, and the key never leaking.

mod support;

use std::sync::{Arc, Mutex};

use llmgate::runtime::{self, ConfigError, Provider};
use llmgate::{RetryPolicy, modelgates, openrouter};
use support::{Reply, Server};

const SECRET: &str = "sk-or-v1-SECRET-do-not-print-4f2a";

#[test]
fn providers_default_to_their_specs_server_and_env_vars() {
    assert_eq!(
        openrouter::PROVIDER.default_base_url,
        "https://openrouter.ai/api/v1"
    );
    assert_eq!(openrouter::PROVIDER.api_key_env, "OPENROUTER_API_KEY");
    assert_eq!(openrouter::PROVIDER.base_url_env, "OPENROUTER_BASE_URL");
    assert_eq!(
        modelgates::PROVIDER.default_base_url,
        "https://modelgates.ai/api/v1"
    );
    assert_eq!(modelgates::PROVIDER.api_key_env, "MODELGATES_API_KEY");
    assert_eq!(modelgates::PROVIDER.base_url_env, "MODELGATES_BASE_URL");
    let c = openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .build()
        .unwrap();
    assert_eq!(c.transport().base_url(), "https://openrouter.ai/api/v1");
    let c = modelgates::Client::builder()
        .ignore_env()
        .api_key("k")
        .build()
        .unwrap();
    assert_eq!(c.transport().base_url(), "https://modelgates.ai/api/v1");
}

#[test]
fn missing_or_empty_key_is_a_construction_error() {
    for key in [None, Some(""), Some("   ")] {
        let mut b = openrouter::Client::builder().ignore_env();
        if let Some(k) = key {
            b = b.api_key(k);
        }
        let err = b.build().unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::MissingApiKey {
                    env_var: "OPENROUTER_API_KEY",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("OPENROUTER_API_KEY"));
    }
    let err = openrouter::Client::builder()
        .ignore_env()
        .api_key("bad\nkey")
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::InvalidApiKey { .. }));
    assert!(!err.to_string().contains("bad"));
}

#[test]
fn invalid_base_url_is_a_construction_error() {
    for url in [
        "not a url",
        "ftp://example.com/api",
        "https://example.com/api?x=1",
        "mailto:a@b",
    ] {
        let err = modelgates::Client::builder()
            .ignore_env()
            .api_key("k")
            .base_url(url)
            .build()
            .unwrap_err();
        match &err {
            ConfigError::InvalidBaseUrl { url: u, source, .. } => {
                assert_eq!(u, url);
                assert_eq!(source, "argument");
            }
            other => panic!("{url}: {other:?}"),
        }
    }
}

#[test]
fn environment_is_read_after_arguments() {
    // Its own variable names, so no other test (or the machine's environment) interferes.
    const P: Provider = Provider::new(
        "Test",
        "https://spec.example/api/v1",
        "LLMGATE_TEST_KEY_7",
        "LLMGATE_TEST_URL_7",
    );
    // SAFETY: only this test reads or writes these two variables.
    unsafe {
        std::env::set_var("LLMGATE_TEST_KEY_7", "env-key");
        std::env::set_var("LLMGATE_TEST_URL_7", "http://127.0.0.1:9/env/v1");
    }
    let c = runtime::Transport::builder(P).build().unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:9/env/v1");
    let c = runtime::Transport::builder(P)
        .base_url("http://127.0.0.1:9/arg/v1")
        .build()
        .unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:9/arg/v1");
    let c = runtime::Transport::builder(P)
        .ignore_env()
        .api_key("k")
        .build()
        .unwrap();
    assert_eq!(c.base_url(), "https://spec.example/api/v1");
    unsafe { std::env::set_var("LLMGATE_TEST_URL_7", "::bad::") };
    let err = runtime::Transport::builder(P).build().unwrap_err();
    assert!(
        matches!(err, ConfigError::InvalidBaseUrl { ref source, .. } if source == "LLMGATE_TEST_URL_7"),
        "{err:?}"
    );
    unsafe {
        std::env::remove_var("LLMGATE_TEST_URL_7");
        std::env::set_var("LLMGATE_TEST_KEY_7", "");
    }
    assert!(matches!(
        runtime::Transport::builder(P).build(),
        Err(ConfigError::MissingApiKey {
            env_var: "LLMGATE_TEST_KEY_7",
            ..
        })
    ));
    unsafe { std::env::remove_var("LLMGATE_TEST_KEY_7") };
}

#[test]
fn key_is_redacted_in_debug_and_display() {
    let key = llmgate::ApiKey::new(SECRET);
    assert!(!format!("{key:?}").contains("SECRET") && !format!("{key}").contains("SECRET"));
    let builder = openrouter::Client::builder().ignore_env().api_key(SECRET);
    assert!(!format!("{builder:?}").contains("SECRET"), "{builder:?}");
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {:?}", client.transport());
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("<redacted>"));
}

/// Captures everything `tracing` records, at every level.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn key_never_reaches_errors_urls_or_traces() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::start(vec![
        Reply::json(503, "busy"),
        Reply::json(401, r#"{"error":{"code":401,"message":"no"}}"#),
    ])
    .await;
    let client = modelgates::Client::builder()
        .ignore_env()
        .api_key(SECRET)
        .base_url(server.base())
        .retry(RetryPolicy::default().backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(2),
        ))
        .build()
        .unwrap();
    let body = modelgates::types::BulkAssignKeysRequest::new(vec!["h".into()]);
    let err = client
        .bulk_assign_keys_to_guardrail("id", &body)
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 2, "503 is retried, 401 is not");
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("llmgate.request") && logs.contains("bulk-assign-keys-to-guardrail"),
        "spans are recorded: {logs}"
    );
    assert!(
        logs.contains("status=503") && logs.contains("attempt=2") && logs.contains("latency_ms="),
        "{logs}"
    );
    for text in [logs, err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("SECRET"), "the key leaked: {text}");
    }
    for r in server.requests() {
        assert!(!r.path.contains("SECRET"), "the key is never in a URL");
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {SECRET}").as_str())
        );
    }
}
