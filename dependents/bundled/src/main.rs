//! Runs the two example programs against the mock server of the bundled OpenRouter API
//! (`llmgate::openrouter::mock`, feature `mock`; no spec, no config) and checks what they sent:
//! the plain call asks for JSON with `stream` unset, the streaming one for
//! `text/event-stream` with `"stream": true` and the tool. Before that, every operation's
//! default answer is checked to decode into its response type, and a few are called.

use std::process::Stdio;

use llmgate::openrouter::mock::{MockServer, Operation};
use llmgate::openrouter::types::ChatRequest;
use llmgate::runtime::mock::{Reply, Source};
use serde_json::{Value, json};

const RESULT: &str = r#"{"id":"gen-1","object":"chat.completion","created":1,"model":"openai/gpt-4o-mini",
"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello!"}}]}"#;

fn chunk(delta: Value, finish: Value) -> Value {
    json!({"id": "gen-2", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
}

/// Every operation answers by default with a value that decodes into its response type.
async fn default_answers(mock: &MockServer) {
    let answers = mock.default_answers();
    let count = |s: Source| answers.iter().filter(|a| a.source == s).count();
    println!(
        "mock: {} operations; default answers hand-written: {}, from the spec's examples: {}, synthesized (no example): {}, synthesized (example does not decode): {}, text/bytes/empty: {}",
        answers.len(),
        count(Source::Handwritten),
        count(Source::Example),
        count(Source::Synthesized),
        count(Source::ExampleRejected),
        count(Source::Raw)
    );
    for a in answers.iter().filter(|a| a.rejected.is_some()) {
        println!("mock: {}: example rejected: {}", a.operation, a.rejected.as_deref().unwrap_or(""));
    }
    let broken: Vec<_> = answers.iter().filter(|a| a.error.is_some()).collect();
    assert!(broken.is_empty(), "default answers that do not decode: {broken:#?}");

    let client = mock.client().unwrap();
    let models = client.models().list().await.unwrap();
    let count = client.models().count().await.unwrap();
    let embedding_models = client.embeddings().list_models().await.unwrap();
    println!(
        "mock: models().list(): {} models (the first {}), models().count(): ok, embeddings().list_models(): {} models",
        models.data.len(),
        models.data[0].id,
        embedding_models.data.len()
    );
    assert!(!models.data.is_empty(), "a list answer has an item");
    let _ = count;
    let ops: Vec<_> = mock.requests().iter().map(|r| r.operation).collect();
    assert_eq!(ops, [Some("getModels"), Some("listModelsCount"), Some("listEmbeddingsModels")]);
    mock.clear_requests();

    // The default chat answers: the streamed one calls the tool the request offers.
    let streamed = run("chat_stream_tool", &mock.url()).await;
    print!("chat_stream_tool against the default answer: {streamed}");
    assert_eq!(streamed.trim(), "get_weather{\"city\":\"Paris\"}");
    let plain = run("chat", &mock.url()).await;
    print!("chat against the default answer: {plain}");
    assert!(plain.contains("llmgate mock server"), "{plain}");
    mock.clear_requests();
}

async fn run(bin: &str, base: &str) -> String {
    let exe = std::env::current_exe().unwrap().with_file_name(bin);
    let out = tokio::process::Command::new(&exe)
        .env("OPENROUTER_API_KEY", "sk-or-test")
        .env("OPENROUTER_BASE_URL", base)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (build the crate's binaries first): {e}",
                exe.display()
            )
        });
    assert!(out.status.success(), "{bin} failed");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::main]
async fn main() {
    let mock = MockServer::start().await.unwrap();
    default_answers(&mock).await;

    // Chat as OpenRouter answers it: a completion, or chunks ending in a tool call.
    mock.on_chat_send(|call| async move {
        if call.body.stream != Some(true) {
            return Reply::ok(serde_json::from_str(RESULT).unwrap());
        }
        Reply::events([
            chunk(json!({"role": "assistant", "content": "Checking "}), Value::Null),
            chunk(
                json!({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]}),
                Value::Null,
            ),
            chunk(json!({}), json!("tool_calls")),
        ])
    });
    let base = mock.url();
    let plain = run("chat", &base).await;
    print!("chat: {plain}");
    assert!(plain.contains("Hello!"), "{plain}");
    let streamed = run("chat_stream_tool", &base).await;
    print!("chat_stream_tool: {streamed}");
    assert_eq!(streamed.trim(), "Checking get_weather{\"city\":\"Paris\"}");

    let seen = mock.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(!format!("{seen:?}").contains("sk-or-test"), "the key was recorded");
    for s in &seen {
        assert_eq!(s.operation, Some(Operation::CHAT_SEND.id()));
        assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/api/v1/chat/completions"));
        assert_eq!(s.header("authorization"), Some("<redacted>"));
        assert_eq!(s.invalid, None);
        // The request round trip: what was sent decodes into the generated request type
        // and encodes back to the same JSON.
        let decoded: ChatRequest = s.body_as().unwrap();
        assert_eq!(Some(serde_json::to_value(&decoded).unwrap()), s.body);
    }
    let body = |i: usize| seen[i].body.clone().unwrap_or_default();
    assert_eq!(seen[0].header("accept"), Some("application/json"));
    assert_eq!(body(0)["stream"], Value::Null);
    assert_eq!(seen[1].header("accept"), Some("text/event-stream"));
    assert_eq!(body(1)["stream"], json!(true));
    assert_eq!(
        body(1)["tools"],
        json!([{"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}])
    );
    assert_eq!(body(1)["tool_choice"], json!("auto"));
    assert_eq!(
        body(1)["messages"],
        json!([{"role": "user", "content": "Weather in Paris?"}])
    );
    println!(
        "fullspec: the bundled OpenRouter API from a crate with no spec and no config, plain and streaming chat against its mock server: ok"
    );
}
