//! No default retry policy can run past its stated bound: at most
//! `RetryPolicy::DEFAULT_MAX_ATTEMPTS` attempts, no retry started after
//! `RetryPolicy::DEFAULT_BUDGET`, whatever the spec declares (OpenRouter's allows unlimited
//! attempts for an hour; `spec_retry_policy()` asks for that on purpose).

#![cfg(feature = "chat")]

mod support;

use std::time::Duration;

use llmgate::runtime::RetryStatus;
use llmgate::{RetryPolicy, modelgates, openrouter};
use support::{Reply, Server};

#[test]
fn every_default_policy_is_bounded() {
    let or = openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .build()
        .unwrap();
    let mg = modelgates::Client::builder()
        .ignore_env()
        .api_key("k")
        .build()
        .unwrap();
    // The README's example for also retrying 429 keeps the bound.
    let with_429 = openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .map_retry(|p| p.statuses([RetryStatus::Class(5), RetryStatus::Code(429)]))
        .build()
        .unwrap();
    for (name, policy) in [
        ("RetryPolicy::default", RetryPolicy::default()),
        ("openrouter", or.transport().retry_policy().clone()),
        ("modelgates", mg.transport().retry_policy().clone()),
        (
            "openrouter + 429",
            with_429.transport().retry_policy().clone(),
        ),
    ] {
        let (attempts, waited) = policy.worst_case();
        assert!(
            policy.max_attempts <= RetryPolicy::DEFAULT_MAX_ATTEMPTS,
            "{name}: {policy:?}"
        );
        assert!(
            policy.budget <= RetryPolicy::DEFAULT_BUDGET,
            "{name}: {policy:?}"
        );
        assert!(attempts <= RetryPolicy::DEFAULT_MAX_ATTEMPTS, "{name}");
        assert!(waited <= RetryPolicy::DEFAULT_BUDGET, "{name}: {waited:?}");
    }
    // The spec's own policy is there for whoever asks for it, unbounded as declared.
    let spec = openrouter::spec_retry_policy();
    assert!(spec.max_attempts > RetryPolicy::DEFAULT_MAX_ATTEMPTS);
    assert_eq!(spec.clone().bounded().statuses, spec.statuses);
}

/// A persistent 429 with the README's "retry 429 too" setting: the call ends after the
/// default attempts, with the last answer.
#[tokio::test]
async fn a_persistent_429_ends() {
    let server = Server::start(vec![
        Reply::json(429, r#"{"error": {"code": 429, "message": "slow down"}}"#)
            .with_header("Retry-After", "0"),
    ])
    .await;
    let client = openrouter::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .map_retry(|p| {
            p.statuses([RetryStatus::Class(5), RetryStatus::Code(429)])
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
        })
        .build()
        .unwrap();
    let request =
        openrouter::types::ChatRequest::new([openrouter::types::ChatUserMessage::new("hi").into()]);
    let err = client.chat().send(&request).await.unwrap_err();
    assert_eq!(err.attempts(), RetryPolicy::DEFAULT_MAX_ATTEMPTS);
    assert_eq!(server.count(), RetryPolicy::DEFAULT_MAX_ATTEMPTS as usize);
}
