//! `message()`, `code()` and `status()` on every error, without matching the operation's
//! error enum: 401, 402 and 429 told apart in one line each.

#![cfg(feature = "chat")]

mod support;

use llmgate::openrouter;
use support::{Reply, Server, local};

#[tokio::test]
async fn message_code_and_status_read_the_common_error_shape() {
    let cases = [
        (
            401,
            r#"{"error": {"code": 401, "message": "No auth credentials found"}}"#,
        ),
        (
            402,
            r#"{"error": {"code": 402, "message": "Insufficient credits", "metadata": {}}}"#,
        ),
        (
            429,
            r#"{"error": {"code": "rate_limited", "message": "Slow down"}}"#,
        ),
        (418, r#"{"message": "short and stout"}"#),
        (503, "upstream unavailable"),
    ];
    for (status, body) in cases {
        let server = Server::start(vec![Reply::json(status, body)]).await;
        let client = local(openrouter::Client::builder(), &server);
        let request = openrouter::types::ChatRequest::new([
            openrouter::types::ChatUserMessage::new("hi").into(),
        ]);
        let err = client.chat().send(&request).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let expected_message = match status {
            401 => "No auth credentials found",
            402 => "Insufficient credits",
            429 => "Slow down",
            418 => "short and stout",
            _ => "upstream unavailable",
        };
        assert_eq!(err.message().as_deref(), Some(expected_message), "{status}");
        let expected_code = match status {
            401 | 402 => Some(status.to_string()),
            429 => Some("rate_limited".to_owned()),
            _ => None,
        };
        assert_eq!(err.code(), expected_code, "{status}");
    }
}

/// The operation's error enum is named for its method and reads the same way: the status
/// it was declared for, the message and the code, without a match over its variants; its
/// bodies have names that say what they are.
#[tokio::test]
async fn the_method_error_enum_reads_message_code_and_status() {
    use openrouter::errors::ChatSendError;
    let body = r#"{"error": {"code": 402, "message": "Insufficient credits"}}"#;
    let server = Server::start(vec![Reply::json(402, body)]).await;
    let client = local(openrouter::Client::builder(), &server);
    let request =
        openrouter::types::ChatRequest::new([openrouter::types::ChatUserMessage::new("hi").into()]);
    let err = client.chat().send(&request).await.unwrap_err();
    let typed: &ChatSendError = err.api_body().expect("a declared error status");
    assert_eq!(typed.status(), Some(402));
    assert_eq!(typed.message().as_deref(), Some("Insufficient credits"));
    assert_eq!(typed.code().as_deref(), Some("402"));
    let ChatSendError::PaymentRequired(payment) = typed else {
        panic!("{typed:?}");
    };
    let shared: &openrouter::types::ErrorResponse = payment;
    let data: &openrouter::types::ErrorData = &shared.error;
    assert_eq!(data.message, "Insufficient credits");
}
