//! The bundled OpenRouter client: grouped names, the mock's default answers, the cargo
//! features that choose the groups, and the vendored spec's provenance.

use std::path::Path;

use futures_util::StreamExt;
use llmgate::Nullable;
use llmgate::openrouter::mock::{MockServer, Operation};
use llmgate::openrouter::types::*;
use llmgate::runtime::mock::{Reply, Source};
use serde_json::json;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn weather_request() -> ChatRequest {
    let weather = ChatFunctionToolFunctionFunction::new("get_weather").parameters(json!({
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]
    }));
    ChatRequest::new([ChatUserMessage::new("Weather in Paris?").into()])
        .model("openai/gpt-4o-mini")
        .tools([ChatFunctionToolFunction::new(weather).into()])
}

#[tokio::test]
async fn the_default_chat_answer_calls_the_offered_tool_plain_and_streamed() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();

    let plain = client.chat().send(&weather_request()).await.unwrap();
    let message = &plain.choices[0].message;
    let call = &message.tool_calls.as_ref().unwrap()[0];
    let ChatToolCall { function, .. } = call;
    assert_eq!(function.name, "get_weather");
    assert_eq!(function.arguments, r#"{"city":"Paris"}"#);
    assert_eq!(
        plain.choices[0].finish_reason,
        Some(ChatFinishReasonEnum::ToolCalls)
    );

    let mut stream = client.chat().send_stream(&weather_request()).await.unwrap();
    let (mut args, mut chunks, mut usage) = (String::new(), 0, None);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        chunks += 1;
        usage = usage.or(chunk.usage.clone());
        for choice in chunk.choices {
            for c in choice.delta.tool_calls.unwrap_or_default() {
                args.push_str(&c.function.and_then(|f| f.arguments).unwrap_or_default());
            }
        }
    }
    assert_eq!(args, r#"{"city":"Paris"}"#);
    assert!(chunks >= 5, "several chunks: {chunks}");
    assert!(usage.is_some(), "a usage chunk");

    // Without tools, a short text in several deltas; after a tool's answer, text too.
    let hello = ChatRequest::new([ChatUserMessage::new("Hi").into()]);
    let mut stream = client.chat().send_stream(&hello).await.unwrap();
    let (mut text, mut deltas) = (String::new(), 0);
    while let Some(chunk) = stream.next().await {
        for choice in chunk.unwrap().choices {
            if let Some(Nullable::Value(t)) = choice
                .delta
                .content
                .filter(|c| c != &Nullable::Value(String::new()))
            {
                deltas += 1;
                text.push_str(&t);
            }
        }
    }
    assert!(
        deltas >= 3 && text.starts_with("Hello!"),
        "{deltas}: {text}"
    );
    let answer = client.chat().send(&hello).await.unwrap();
    let content = answer.choices[0].message.content.clone();
    assert_eq!(
        content,
        Some(Nullable::Value(ChatAssistantMessageContent::Text(
            text.clone()
        )))
    );

    // A test's own handler wins over the default, and clearing it brings the default back.
    mock.on_chat_send(|_| async {
        Reply::error(429, json!({"error": {"code": 429, "message": "slow down"}}))
    });
    assert!(client.chat().send(&hello).await.is_err());
    mock.clear_handler(Operation::CHAT_SEND);
    assert!(client.chat().send(&hello).await.is_ok());

    // `Reply::Default` from a handler answers as no handler would: text, usage and cost.
    mock.on_chat_send(|_| async { Reply::Default });
    let via_handler = client.chat().send(&hello).await.unwrap();
    assert_eq!(
        via_handler.choices[0].message.content,
        answer.choices[0].message.content
    );
    assert_eq!(via_handler.usage, answer.usage);
    assert!(via_handler.usage.and_then(|u| u.cost).is_some());
    let mut stream = client.chat().send_stream(&hello).await.unwrap();
    let mut streamed = String::new();
    while let Some(chunk) = stream.next().await {
        for choice in chunk.unwrap().choices {
            if let Some(Nullable::Value(t)) = choice.delta.content {
                streamed.push_str(&t);
            }
        }
    }
    assert_eq!(streamed, text);

    // A typed handler answering JSON to a streamed request: the stream's error says so.
    let plain = answer.clone();
    mock.on_chat_send(move |_| {
        let plain = plain.clone();
        async move { Reply::ok(plain) }
    });
    let mut stream = client.chat().send_stream(&hello).await.unwrap();
    let error = stream.next().await.unwrap().unwrap_err().to_string();
    assert!(
        error.contains("answered `application/json` where an event stream"),
        "{error}"
    );
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn lists_have_an_item_and_every_default_answer_decodes() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let models = client.models().list().await.unwrap();
    assert_eq!(models.data[0].id, "openai/gpt-4o-mini");
    let embedding_models = client.embeddings().list_models().await.unwrap();
    assert!(!embedding_models.data.is_empty());
    let answers = mock.default_answers();
    let count = |s: Source| answers.iter().filter(|a| a.source == s).count();
    println!(
        "default answers of {} operations: hand-written {}, example {}, synthesized {}, example rejected {}, raw {}",
        answers.len(),
        count(Source::Handwritten),
        count(Source::Example),
        count(Source::Synthesized),
        count(Source::ExampleRejected),
        count(Source::Raw)
    );
    let broken: Vec<_> = answers.iter().filter(|a| a.error.is_some()).collect();
    assert!(broken.is_empty(), "{broken:#?}");
    let handwritten: Vec<_> = answers
        .iter()
        .filter(|a| a.source == Source::Handwritten)
        .map(|a| a.operation)
        .collect();
    assert_eq!(
        handwritten,
        ["sendChatCompletionRequest", "getModels", "createResponses"]
    );
}

/// Every group of the bundled spec is a cargo feature of llmgate, and `full` lists none
/// of them twice (a group added upstream must get its feature here).
#[test]
fn every_group_is_a_cargo_feature() {
    let spec = std::fs::read_to_string(root().join("spec/openrouter.json")).unwrap();
    let groups =
        llmgate_codegen::method_groups(&spec, &llmgate_codegen::Settings::new("openrouter.json"))
            .unwrap();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let features = manifest.split("[features]").nth(1).unwrap();
    for g in &groups {
        assert!(
            features
                .lines()
                .any(|l| l.trim() == format!("{} = []", g.feature)),
            "group {} ({}) has no cargo feature",
            g.feature,
            g.source
        );
    }
    assert_eq!(groups.len(), 28);
    let default = features
        .lines()
        .find(|l| l.starts_with("default = "))
        .unwrap();
    for d in ["chat", "models", "embeddings", "generations"] {
        assert!(default.contains(&format!("\"{d}\"")), "{default}");
    }
}

#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn the_bundled_spec_is_the_vendored_published_spec() {
    let published = root().join("../shared/specs/openrouter-2026-08-22.yaml");
    let text = std::fs::read_to_string(&published)
        .unwrap_or_else(|e| panic!("this test needs {}: {e}", published.display()));
    let (vendored, report) = llmgate_codegen::vendor::vendor(
        &text,
        "openrouter-2026-08-22.yaml",
        &llmgate_codegen::vendor::VendorOptions::default(),
    )
    .unwrap();
    let bundled = std::fs::read_to_string(root().join("spec/openrouter.json")).unwrap();
    assert!(
        vendored == bundled,
        "spec/openrouter.json is stale: rerun `llmgate spec vendor`"
    );
    assert_eq!(report.operations_kept, 97);
    let diff = llmgate_codegen::diff::diff(&text, "published", &bundled, "bundled").unwrap();
    assert_eq!(diff.breaking(), 0);
    assert!(
        diff.to_text(false)
            .contains("0 added, 0 removed, 0 changed"),
        "{}",
        diff.to_text(false)
    );
}

/// The overlay of `docs/specs.md` makes `ChatResult.system_fingerprint` optional. The
/// model list's `links`, which the spec's example leaves out, stays required: types
/// follow the schema, and the decoder tolerates its absence.
#[test]
fn an_overlay_makes_a_required_property_optional() {
    let spec = std::fs::read_to_string(root().join("spec/openrouter.json")).unwrap();
    let overlay = "overlay: 1.0.0
info: {title: my fixes, version: 1.0.0}
actions:
  - target: $.components.schemas.ChatResult.required
    remove: true
  - target: $.components.schemas.ChatResult
    update: {required: [id, choices, created, model, object]}
";
    let ops = ["sendChatCompletionRequest", "getModels"];
    let plain =
        llmgate_codegen::generate(&spec, &llmgate_codegen::Settings::new("or").operations(ops))
            .unwrap();
    let required = "pub system_fingerprint: Option<String>,";
    let optional = "pub system_fingerprint: Option<Nullable<String>>,";
    assert!(plain.contains(required) && !plain.contains(optional));
    assert!(
        plain.contains("pub links: ModelsListResponseLinks,"),
        "the schema, not the examples, decides"
    );
    let fixed = llmgate_codegen::generate(
        &spec,
        &llmgate_codegen::Settings::new("or")
            .operations(ops)
            .overlay("fixes.yaml", overlay),
    )
    .unwrap();
    assert!(
        fixed.contains(optional),
        "system_fingerprint stays required"
    );

    let bad = overlay.replace("ChatResult.required", "NoSuchSchema.required");
    let e = llmgate_codegen::generate(
        &spec,
        &llmgate_codegen::Settings::new("or").overlay("fixes.yaml", bad),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("fixes.yaml: #/actions/0/target") && e.contains("selects nothing"),
        "{e}"
    );
}

fn chunk(choices: serde_json::Value) -> serde_json::Value {
    json!({"id": "gen-7", "object": "chat.completion.chunk", "created": 7, "model": "m", "choices": choices})
}

#[tokio::test]
async fn a_stream_collects_into_one_completion() {
    use llmgate::openrouter::CollectCompletion;
    use llmgate::runtime::mock::Fault;
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    // Two choices; choice 1's tool call arrives in three fragments, a second call interleaved.
    mock.on_chat_send(|_| async {
        let mut usage = chunk(json!([]));
        usage["usage"] = json!({"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7});
        Reply::events([
            chunk(json!([{"index": 0, "delta": {"role": "assistant", "content": "Hel", "reasoning": "think"}, "finish_reason": null}])),
            chunk(json!([{"index": 1, "delta": {"tool_calls": [{"index": 0, "id": "c1", "type": "function", "function": {"name": "get_", "arguments": "{\"ci"}}]}, "finish_reason": null}])),
            chunk(json!([{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"},
                         {"index": 1, "delta": {"tool_calls": [{"index": 1, "id": "c2", "function": {"name": "now", "arguments": "{}"}},
                                                              {"index": 0, "function": {"name": "weather", "arguments": "ty\":\"Paris\"}"}}]}, "finish_reason": "tool_calls"}])),
            usage,
        ])
    });
    let stream = client.chat().send_stream(&weather_request()).await.unwrap();
    let done = stream.collect_completion().await.unwrap();
    assert_eq!(
        (done.id.as_str(), done.model.as_str(), done.created),
        ("gen-7", "m", 7)
    );
    assert_eq!(done.text(), "Hello");
    assert_eq!(done.choices[0].reasoning, "think");
    assert_eq!(
        done.choices[0].finish_reason,
        Some(ChatFinishReasonEnum::Stop)
    );
    let calls = &done.choices[1].tool_calls;
    assert_eq!(
        (calls[0].id.as_str(), calls[0].name.as_str()),
        ("c1", "get_weather")
    );
    assert_eq!(calls[0].arguments_json().unwrap(), json!({"city": "Paris"}));
    assert_eq!(
        (calls[1].name.as_str(), calls[1].arguments.as_str()),
        ("now", "{}")
    );
    assert_eq!(
        done.choices[1].finish_reason,
        Some(ChatFinishReasonEnum::ToolCalls)
    );
    assert_eq!(done.usage.as_ref().map(|u| u.total_tokens), Some(7));

    // An error frame ends it with the typed error and what came before.
    mock.on_chat_send(|_| async {
        Reply::events([
            chunk(json!([{"index": 0, "delta": {"content": "part"}, "finish_reason": null}])),
            json!({"error": {"code": 502, "message": "upstream went away"}}),
        ])
    });
    let stream = client.chat().send_stream(&weather_request()).await.unwrap();
    let cut = stream.collect_completion().await.unwrap_err();
    assert_eq!(cut.partial.text(), "part");
    assert!(
        cut.error.to_string().contains("upstream went away"),
        "{}",
        cut.error
    );

    // A stream cut by the connection keeps what it had too (the default answer, cut).
    mock.clear_handler(Operation::CHAT_SEND);
    mock.fault(Operation::CHAT_SEND, Fault::cut_stream(3).times(1));
    let hello = ChatRequest::new([ChatUserMessage::new("Hi").into()]);
    let stream = client.chat().send_stream(&hello).await.unwrap();
    let cut = stream.collect_completion().await.unwrap_err();
    assert!(
        !cut.partial.text().is_empty() && cut.partial.text().len() < 40,
        "{:?}",
        cut.partial
    );

    // The text of a plain answer in one call.
    let answer = client.chat().send(&hello).await.unwrap();
    assert!(answer.text().unwrap().starts_with("Hello!"));
    assert!(answer.tool_calls().is_empty());
}

/// Numbers decode exactly (serde_json's `float_roundtrip`): a long mantissa comes back as sent.
#[test]
fn numbers_round_trip_exactly() {
    let text =
        r#"{"messages":[{"role":"user","content":"hi"}],"temperature":-1.4202264092924938e45}"#;
    let request: ChatRequest = serde_json::from_str(text).unwrap();
    assert_eq!(
        request.temperature,
        Some(Nullable::Value(-1.4202264092924938e45))
    );
    let again: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
    assert_eq!(again["temperature"].as_f64(), Some(-1.4202264092924938e45));
    assert_eq!(
        again,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

/// A group's futures borrow the client, not the temporary group handle.
#[tokio::test]
async fn group_calls_join() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let hello = ChatRequest::new([ChatUserMessage::new("Hi").into()]);
    let (answer, models) = tokio::join!(client.chat().send(&hello), client.models().list());
    assert!(answer.is_ok() && models.is_ok());
}

/// A decode error names the JSON path of the value that failed, and keeps the body.
#[tokio::test]
async fn a_decode_error_gives_the_path() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let mut list = mock.spec_default_json("getModels").unwrap();
    let good = list["data"][0].clone();
    list["data"] = json!([good.clone(), good.clone(), good]);
    list["data"][2]["architecture"]["modality"] = json!(42);
    let body = list.to_string();
    mock.fault(
        Operation::MODELS_LIST,
        llmgate::runtime::mock::Fault::status_with(200, list),
    );
    let err = client.models().list().await.unwrap_err();
    assert_eq!(err.decode_path(), Some("data[2].architecture.modality"));
    assert_eq!(err.raw_body(), Some(body.as_str()));
    let text = err.to_string();
    println!("{}", &text[..text.find("; body:").unwrap_or(text.len())]);
    assert!(
        text.contains("getModels: HTTP 200") && text.contains("at `data[2].architecture.modality`"),
        "{text}"
    );
}

/// A panicking handler is answered once (no retries) and raised again by `verify`;
/// unmet expectations are reported the same way.
#[tokio::test]
async fn a_panicking_handler_is_not_retried_and_verify_raises_it() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    mock.on_models_list(|_| async { panic!("assertion in the handler") });
    mock.expect(Operation::MODELS_LIST, 1)
        .expect(Operation::CHAT_SEND, 2);
    let err = client.models().list().await.unwrap_err();
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(llmgate::runtime::mock::PANIC_STATUS)
    );
    assert_eq!(err.attempts(), 1, "not retried");
    let report =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify())).unwrap_err();
    let report = report.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        report.contains("the handler of getModels panicked: assertion in the handler"),
        "{report}"
    );
    assert!(
        report.contains("sendChatCompletionRequest was expected 2 time(s) and called 0"),
        "{report}"
    );
    // Reported once: dropping the server after `verify` does not panic again.
}

#[tokio::test]
#[should_panic(expected = "getModels was expected 1 time(s) and called 0")]
async fn dropping_the_server_checks_expectations() {
    let mock = MockServer::start().await.unwrap();
    mock.expect(Operation::MODELS_LIST, 1);
}

/// A stream's metadata is its first response's.
#[tokio::test]
async fn a_stream_has_metadata_too() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let hello = ChatRequest::new([ChatUserMessage::new("Hi").into()]);
    let (stream, meta) = llmgate::runtime::with_metadata(client.chat().send_stream(&hello)).await;
    let meta = meta.unwrap();
    assert_eq!(
        (meta.status.as_u16(), meta.attempts, meta.operation),
        (200, 1, "sendChatCompletionRequest")
    );
    assert_eq!(meta.header("content-type"), Some("text/event-stream"));
    assert!(stream.is_ok());
}

/// A union with one string-like variant reads as text without a match.
#[test]
fn unions_read_as_text() {
    assert_eq!(
        ChatAssistantMessageContent::Text("hi".into()).as_text(),
        Some("hi")
    );
    assert_eq!(
        ChatAssistantMessageContent::ChatContentItemsList(vec![]).as_text(),
        None
    );
    let from: ChatAssistantMessageContent = "hi".into();
    assert_eq!(from.as_text(), Some("hi"));
}

/// `getModels` pages as the spec declares (offset and limit, items `$.data`):
/// `list_items` walks every page and ends; against the mock the spec's page is the only
/// one with items, and the next request carries the advanced offset.
#[tokio::test]
async fn models_page_by_offset_and_the_stream_ends() {
    tokio::time::timeout(std::time::Duration::from_secs(20), models_pages())
        .await
        .expect("the page streams end");
}

async fn models_pages() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let first = client.models().list().await.unwrap();
    let params = GetModelsParams::new().limit(first.data.len().max(1) as i64 + 1);
    let models: Vec<_> = client.models().list_items(&params).collect().await;
    assert_eq!(models.len(), first.data.len());
    assert!(models.iter().all(Result::is_ok));
    // A full page asks for the next: limit = page size.
    mock.clear_requests();
    let full = GetModelsParams::new().limit(first.data.len() as i64);
    let pages: Vec<_> = client.models().list_pages(&full).collect().await;
    assert_eq!(
        pages.len(),
        2,
        "the second page is empty and ends the stream"
    );
    let asked: Vec<Vec<(String, String)>> =
        mock.requests().iter().map(|r| r.query.clone()).collect();
    let offset = ("offset".to_owned(), first.data.len().to_string());
    assert!(asked.len() == 2 && asked[1].contains(&offset), "{asked:?}");
}

/// The Responses API's default answer reads like the server's: an assistant message with
/// text, usage and cost; streamed, the event sequence the server sends, each event decoded
/// strictly (no required property missing) into the generated event types.
#[tokio::test]
async fn the_default_responses_answer_streams_typed_events() {
    use llmgate::CallOptions;
    let mock = MockServer::start().await.unwrap();
    let client = mock
        .client()
        .unwrap()
        .with_options(CallOptions::new().strict_decoding(true));
    let request = ResponsesRequest::new()
        .model("openai/gpt-4o-mini")
        .input("Say hello");
    let result = client.responses().send(&request).await.unwrap();
    let text_of = |items: &[OutputItems]| -> String {
        let mut out = String::new();
        for item in items {
            if let OutputItems::OutputMessageItem(m) = item {
                for part in &m.content {
                    if let OutputMessageContentItem::ResponseOutputText(t) = part {
                        out.push_str(&t.text);
                    }
                }
            }
        }
        out
    };
    let text = text_of(&result.output);
    assert!(text.starts_with("Hello!"), "{text}");
    let usage = result
        .usage
        .clone()
        .and_then(Nullable::into_option)
        .unwrap();
    assert!(usage.total_tokens > 0 && usage.cost.is_some());

    let mut stream = client.responses().send_stream(&request).await.unwrap();
    let (mut kinds, mut deltas, mut completed) = (Vec::new(), String::new(), None);
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        let kind = match event {
            StreamEvents::OpenResponsesCreatedEvent(_) => "created",
            StreamEvents::StreamEventsResponseOutputItemAdded(_) => "item added",
            StreamEvents::TextDeltaEvent(d) => {
                deltas.push_str(&d.delta);
                "delta"
            }
            StreamEvents::TextDoneEvent(_) => "text done",
            StreamEvents::StreamEventsResponseOutputItemDone(_) => "item done",
            StreamEvents::StreamEventsResponseCompleted(c) => {
                completed = Some(c.response);
                "completed"
            }
            _ => "other",
        };
        if kinds.last() != Some(&kind) {
            kinds.push(kind);
        }
    }
    assert_eq!(
        kinds,
        [
            "created",
            "item added",
            "delta",
            "text done",
            "item done",
            "completed"
        ]
    );
    assert_eq!(deltas, text);
    assert_eq!(text_of(&completed.unwrap().output), text);
}
