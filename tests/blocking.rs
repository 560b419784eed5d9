//! The blocking client (feature `blocking`) against the mock: plain calls, a streamed chat
//! as an iterator, typed errors; no async in the test body.

#![cfg(all(
    feature = "blocking",
    feature = "mock",
    feature = "chat",
    feature = "models"
))]

use llmgate::blocking::Blocking;
use llmgate::openrouter::mock::MockServer;
use llmgate::openrouter::types::*;
use llmgate::runtime::mock::Reply;
use serde_json::json;

#[test]
fn calls_and_streams_block_without_async() {
    // The mock server runs on a runtime of its own thread; the test's thread has none.
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = server_runtime.block_on(MockServer::start()).unwrap();
    let client = Blocking::new(mock.client().unwrap()).unwrap();

    let models = client.call(|c| c.models().list()).unwrap();
    assert_eq!(models.data[0].id, "openai/gpt-4o-mini");

    let request = ChatRequest::new([ChatUserMessage::new("hi").into()]).model("m");
    let answer = client.call(|c| c.chat().send(&request)).unwrap();
    let text = match answer.choices[0].message.content.clone() {
        Some(llmgate::Nullable::Value(ChatAssistantMessageContent::Text(t))) => t,
        other => panic!("{other:?}"),
    };
    let mut streamed = String::new();
    let mut chunks = 0;
    for chunk in client.stream(|c| c.chat().send_stream(&request)).unwrap() {
        chunks += 1;
        for choice in chunk.unwrap().choices {
            if let Some(llmgate::Nullable::Value(t)) = choice.delta.content {
                streamed.push_str(&t);
            }
        }
    }
    assert!(chunks >= 3, "{chunks}");
    assert_eq!(streamed, text);

    mock.on_chat_send(|_| async {
        Reply::error(
            402,
            json!({"error": {"code": 402, "message": "Insufficient credits"}}),
        )
    });
    let err = client.call(|c| c.chat().send(&request)).unwrap_err();
    assert_eq!(err.message().as_deref(), Some("Insufficient credits"));
    drop(client);
    drop(mock);
}
