//! What OpenRouter really sends, read as it was sent: required properties left out (at the
//! top, nested, in a stream's usage chunk), required-and-nullable ones absent, fields the
//! published spec does not declare, keep-alive padding. Lenient by default and lossless;
//! strict on request, naming the JSON path.

#![cfg(feature = "chat")]

mod support;

use std::time::Duration;

use futures_util::StreamExt;
use llmgate::openrouter::CollectCompletion;
use llmgate::openrouter::types::*;
use llmgate::{CallOptions, Error, openrouter};
use serde_json::json;
use support::{Reply, Server, local};

fn chat_request() -> ChatRequest {
    ChatRequest::new(vec![ChatUserMessage::new("hi").into()]).model("openai/gpt-4o-mini")
}

/// A chat answer as OpenRouter sends it: `provider` and `native_finish_reason`, no
/// `system_fingerprint` (required and nullable), usage without `cost_details` members.
const ANSWER: &str = r#"{"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion","created":1733000000,"choices":[{"logprobs":null,"finish_reason":"stop","native_finish_reason":"stop","index":0,"message":{"role":"assistant","content":"Hello.","refusal":null,"reasoning":null}}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"cost":0.0000045,"is_byok":false,"cost_details":{"upstream_inference_cost":null},"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"image_tokens":0}}}"#;

#[tokio::test]
async fn an_answer_lacking_required_properties_decodes_and_re_encodes_as_sent() {
    let server = Server::start(vec![Reply::json(200, ANSWER)]).await;
    let client = local(openrouter::Client::builder(), &server);
    let result = client.chat().send(&chat_request()).await.unwrap();
    // The API's real fields are typed.
    assert_eq!(result.provider.as_deref(), Some("OpenAI"));
    assert_eq!(
        result.choices[0].native_finish_reason,
        Some(llmgate::Nullable::Value("stop".to_owned()))
    );
    let usage = result.usage.as_ref().unwrap();
    assert_eq!(usage.cost, Some(llmgate::Nullable::Value(0.0000045)));
    // Required and nullable, absent: `None`, recorded, and not written back as `null`.
    assert_eq!(result.system_fingerprint, None);
    assert!(result.missing.contains("system_fingerprint"));
    // Nested: `cost_details` lacks both required members; they read as 0.0.
    let costs = usage.get_cost_details().unwrap();
    assert_eq!(costs.upstream_inference_prompt_cost, 0.0);
    assert_eq!(
        costs.missing.iter().collect::<Vec<_>>(),
        [
            "upstream_inference_completions_cost",
            "upstream_inference_prompt_cost"
        ]
    );
    assert!(result.choices[0].missing.is_empty());
    let sent: serde_json::Value = serde_json::from_str(ANSWER).unwrap();
    assert_eq!(serde_json::to_value(&result).unwrap(), sent);
}

#[tokio::test]
async fn strict_decoding_names_the_path_per_client_and_per_call() {
    let server = Server::start(vec![Reply::json(200, ANSWER)]).await;
    let strict = openrouter::Client::builder().strict_decoding(true);
    let client = local(strict, &server);
    let path_of = |e: Error<_>| match e {
        Error::Decode { path, body, .. } => {
            assert_eq!(body, ANSWER, "the body is kept");
            path
        }
        other => panic!("expected a decode error, got {other:?}"),
    };
    // Inner objects finish first: the first missing property found is nested.
    let nested = "usage.cost_details.upstream_inference_completions_cost";
    let err = client.chat().send(&chat_request()).await.unwrap_err();
    assert_eq!(path_of(err), nested);
    // Per call: a lenient client asked to be strict for one call, and the reverse.
    let lenient = local(openrouter::Client::builder(), &server);
    let err = lenient
        .with_options(CallOptions::new().strict_decoding(true))
        .chat()
        .send(&chat_request())
        .await
        .unwrap_err();
    assert_eq!(path_of(err), nested);
    let ok = client
        .with_options(CallOptions::new().strict_decoding(false))
        .chat()
        .send(&chat_request())
        .await;
    assert!(ok.is_ok());
}

#[test]
fn strict_decoding_fails_on_each_class_with_its_path() {
    let strict = |v: serde_json::Value| {
        llmgate::runtime::presence::strict(true, || {
            let text = v.to_string();
            llmgate::runtime::de::from_slice_with_path::<ChatResult>(text.as_bytes())
                .map_err(|(_, path)| path)
        })
    };
    let mut full: serde_json::Value = serde_json::from_str(ANSWER).unwrap();
    full["system_fingerprint"] = json!(null);
    full["usage"]["cost_details"] =
        json!({"upstream_inference_prompt_cost": 0.5, "upstream_inference_completions_cost": 0.25});
    assert!(strict(full.clone()).is_ok());
    // Top level, nested, required-and-nullable, inside a list.
    let cases = [
        ("/id", "id"),
        ("/system_fingerprint", "system_fingerprint"),
        (
            "/usage/cost_details/upstream_inference_prompt_cost",
            "usage.cost_details.upstream_inference_prompt_cost",
        ),
        ("/choices/0/index", "choices[0].index"),
        ("/choices/0/message/role", "choices[0].message.role"),
    ];
    for (pointer, path) in cases {
        let mut v = full.clone();
        let (parent, member) = pointer.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(member);
        assert_eq!(strict(v.clone()), Err(path.to_owned()), "{pointer}");
        // Leniently the same body decodes and re-encodes as it arrived.
        let decoded: ChatResult = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), v, "{pointer}");
    }
}

/// What each kind of type reads as when missing (the README's table).
#[test]
fn missing_values_read_as_documented() {
    let v: ChatResult = serde_json::from_value(json!({"choices": [{}]})).unwrap();
    assert_eq!(v.id, "", "text: empty");
    assert_eq!(v.created, 0, "number: zero");
    assert_eq!(
        v.object,
        ChatCompletionConst::Unknown(String::new()),
        "enum"
    );
    let choice = &v.choices[0];
    assert_eq!(choice.finish_reason, None, "nullable: None");
    assert_eq!(choice.message.role, AssistantConst::Unknown(String::new()));
    assert!(choice.message.missing.contains("role"));
    assert!(
        v.missing
            .iter()
            .eq(["created", "id", "model", "object", "system_fingerprint"]),
        "{:?}",
        v.missing
    );
    let empty: ChatResult = serde_json::from_value(json!({})).unwrap();
    assert!(empty.choices.is_empty(), "list: empty");
    assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));
    // A union reads as `Unknown(null)`.
    let call: ChatToolCall =
        serde_json::from_value(json!({"id": "c", "type": "function"})).unwrap();
    assert!(call.missing.contains("function"));
    assert_eq!(call.function.name, "");
}

fn sse(events: &[&str]) -> Reply {
    Reply::sse(events, Duration::from_millis(1))
}

/// A stream with keep-alive comments, and a last chunk (the one with usage) that lacks
/// `created`, `model` and usage's `total_tokens`.
const STREAM: [&str; 6] = [
    ": OPENROUTER PROCESSING\n\n",
    "data: {\"id\":\"gen-2\",\"provider\":\"Anthropic\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n",
    ": OPENROUTER PROCESSING\n\n",
    "data: {\"id\":\"gen-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\",\"native_finish_reason\":\"end_turn\"}]}\n\n",
    "data: {\"id\":\"gen-2\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"cost\":0.001}}\n\n",
    "data: [DONE]\n\n",
];

#[tokio::test]
async fn a_usage_chunk_lacking_required_members_is_still_a_chunk() {
    let server = Server::start(vec![sse(&STREAM)]).await;
    let client = local(openrouter::Client::builder(), &server);
    let chunks: Vec<ChatStreamChunk> = client
        .chat()
        .send_stream(&chat_request())
        .await
        .unwrap()
        .map(|c| c.unwrap())
        .collect()
        .await;
    assert_eq!(chunks.len(), 3, "the comments are not events");
    assert_eq!(chunks[0].provider.as_deref(), Some("Anthropic"));
    let last = &chunks[2];
    assert!(last.missing.contains("created") && last.missing.contains("model"));
    let usage = last.usage.as_ref().unwrap();
    assert_eq!((usage.prompt_tokens, usage.completion_tokens), (4, 2));
    assert!(usage.missing.contains("total_tokens"));
    let raw: serde_json::Value =
        serde_json::from_str(STREAM[4].trim().strip_prefix("data: ").unwrap()).unwrap();
    assert_eq!(serde_json::to_value(last).unwrap(), raw);

    // The accumulator keeps the usage and the provider.
    let done = client
        .chat()
        .send_stream(&chat_request())
        .await
        .unwrap()
        .collect_completion()
        .await
        .unwrap();
    assert_eq!(done.text(), "Hello");
    assert_eq!(done.usage.unwrap().prompt_tokens, 4);
    assert_eq!(done.provider.as_deref(), Some("Anthropic"));

    // Strictly, the stream ends with an error naming the path, at the usage chunk.
    let strict = client.with_options(CallOptions::new().strict_decoding(true));
    let items: Vec<_> = strict
        .chat()
        .send_stream(&chat_request())
        .await
        .unwrap()
        .collect()
        .await;
    assert!(items[0].is_ok() && items[1].is_ok());
    match &items[2] {
        // Inner objects finish first: usage's `total_tokens` is the first found missing.
        Err(Error::Decode { path, .. }) => assert_eq!(path, "usage.total_tokens"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_body_padded_with_keep_alive_whitespace_decodes() {
    let padded = format!("\n\n   \n{ANSWER}");
    let server = Server::start(vec![Reply::json(200, &padded)]).await;
    let client = local(openrouter::Client::builder(), &server);
    let result = client.chat().send(&chat_request()).await.unwrap();
    assert_eq!(result.text().as_deref(), Some("Hello."));
}

/// Real clients send price limits as numbers; the published spec says string. Both go out
/// as given.
#[test]
fn price_limits_take_numbers_and_strings() {
    let limits = ProviderPreferencesMaxPrice::default()
        .prompt(0.5)
        .completion("1.25");
    let prefs = ProviderPreferences::default().max_price(limits);
    assert_eq!(
        serde_json::to_value(&prefs).unwrap(),
        json!({"max_price": {"prompt": 0.5, "completion": "1.25"}})
    );
    let back: ProviderPreferences =
        serde_json::from_value(json!({"max_price": {"prompt": 1.5, "request": "0.01"}})).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        json!({"max_price": {"prompt": 1.5, "request": "0.01"}})
    );
}

#[cfg(feature = "responses")]
#[test]
fn a_responses_result_without_status_decodes() {
    let sent = json!({
        "id": "resp_1", "object": "response", "created_at": 1, "model": "m",
        "output": [], "error": null, "incomplete_details": null, "temperature": null,
        "top_p": null, "instructions": null, "metadata": null, "tools": [],
        "tool_choice": "auto", "parallel_tool_calls": true
    });
    let result: OpenResponsesResult = serde_json::from_value(sent.clone()).unwrap();
    assert!(result.missing.contains("status"), "{:?}", result.missing);
    assert_eq!(serde_json::to_value(&result).unwrap(), sent);
}
