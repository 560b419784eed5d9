//! Structured output, typed tools and the tool loop, offline against the mock server:
//! strict schemas checked by rule over a set of types, answers that do not fit, refusals,
//! each stop condition, parallel calls, failing tools, malformed arguments, the loop
//! guard, cancellation with usage kept, and the streamed variants.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use llmgate::openrouter::agent::{
    RunEvent, StopReason, StopWhen, StructuredError, StructuredEvent, Tool, ToolErrors, ToolSet,
    schema::strict_mode_breaches, strict_schema, tool,
};
use llmgate::openrouter::mock::MockServer;
use llmgate::openrouter::types::*;
use llmgate::runtime::mock::Reply;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

// ---- strict schemas, checked by rule ----

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Plain {
    name: String,
    age: u32,
    nickname: Option<String>,
    tags: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Renamed {
    first_name: String,
    #[serde(rename = "family")]
    last_name: Option<String>,
    #[serde(default)]
    score: f64,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Mood {
    Happy,
    Sad,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
enum Shape {
    Circle { radius: f64 },
    Square(f64),
    Point,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "kind")]
enum Tagged {
    Text { text: String },
    Number { value: i64 },
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Nested {
    plain: Plain,
    mood: Mood,
    maybe: Option<Box<Plain>>,
    shapes: Vec<Shape>,
    tagged: Tagged,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Tree {
    label: String,
    children: Vec<Tree>,
    parent: Option<Box<Tree>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code, reason = "only its schema is used")]
struct WithMap {
    counts: BTreeMap<String, i64>,
}

fn conforms<T: JsonSchema>() -> Value {
    let s = strict_schema::<T>().unwrap();
    let breaches = strict_mode_breaches(&s.schema);
    assert!(
        breaches.is_empty(),
        "{}: {breaches:?}\n{:#}",
        std::any::type_name::<T>(),
        s.schema
    );
    s.schema
}

#[test]
fn derived_schemas_follow_the_strict_mode_rules() {
    let plain = conforms::<Plain>();
    assert_eq!(
        plain["required"],
        json!(["name", "age", "nickname", "tags"])
    );
    assert_eq!(
        plain["properties"]["nickname"]["type"],
        json!(["string", "null"])
    );
    assert!(plain["properties"]["age"].get("format").is_none());
    let renamed = conforms::<Renamed>();
    assert_eq!(renamed["required"], json!(["firstName", "family", "score"]));
    // `#[serde(default)]`: may be left out, so it may be `null` in strict mode.
    assert_eq!(
        renamed["properties"]["score"]["type"],
        json!(["number", "null"])
    );
    conforms::<Nested>();
    let tree = conforms::<Tree>();
    assert!(
        tree.to_string().contains("\"$ref\":\"#\"") || tree["$defs"].is_object(),
        "{tree}"
    );
    // Non-object roots are wrapped as the `value` property.
    let wrapped = strict_schema::<Vec<Mood>>().unwrap();
    assert!(wrapped.wrapped);
    assert!(strict_mode_breaches(&wrapped.schema).is_empty());
    conforms::<Shape>();
}

#[test]
fn what_strict_mode_cannot_say_is_refused_by_name() {
    let e = strict_schema::<WithMap>().unwrap_err();
    assert!(e.to_string().contains("/properties/counts"), "{e}");
    assert!(e.to_string().contains("map"), "{e}");
    let e = strict_schema::<Value>().unwrap_err();
    assert!(e.to_string().contains("any JSON value"), "{e}");
}

#[test]
fn the_rule_check_finds_each_breach() {
    let breaches = strict_mode_breaches(&json!({
        "type": "object",
        "properties": {"a": {"type": "string", "format": "date"}, "b": {"oneOf": []}},
        "required": ["a"],
    }));
    let text = breaches.join("\n");
    for expected in [
        "additionalProperties",
        "`b` is not required",
        "`format`",
        "`oneOf`",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

// ---- structured output ----

fn answer(content: &str) -> ChatResult {
    serde_json::from_value(json!({
        "id": "gen-1", "object": "chat.completion", "created": 1, "model": "m",
        "system_fingerprint": null,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15, "cost": 0.01},
    }))
    .unwrap()
}

fn request() -> ChatRequest {
    ChatRequest::new(vec![ChatUserMessage::new("hi").into()]).model("openai/gpt-4o-mini")
}

#[tokio::test]
async fn a_structured_answer_decodes_into_the_type() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    // The mock's default answer fits the requested schema.
    let parsed = client
        .chat()
        .send_parsed::<Nested>(&request())
        .await
        .unwrap();
    assert_eq!(parsed.value.plain.name, "Paris");
    let sent = mock.requests()[0].body.clone().unwrap();
    assert_eq!(sent["response_format"]["type"], "json_schema");
    assert_eq!(sent["response_format"]["json_schema"]["strict"], true);
    assert_eq!(sent["response_format"]["json_schema"]["name"], "Nested");
    // A wrapped root comes back out of `value`.
    let moods = client
        .chat()
        .send_parsed::<Vec<Mood>>(&request())
        .await
        .unwrap();
    assert_eq!(moods.value, vec![Mood::Happy]);
}

#[tokio::test]
async fn an_answer_that_does_not_fit_keeps_its_text_and_names_the_path() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let text = r#"{"name": "Ada", "age": "old", "nickname": null, "tags": []}"#;
    mock.on_chat_send(move |_| async move { Reply::ok(answer(text)) });
    match client.chat().send_parsed::<Plain>(&request()).await {
        Err(StructuredError::Invalid {
            text: kept, path, ..
        }) => {
            assert_eq!(kept, text);
            assert_eq!(path, "age");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_refusal_is_its_own_error() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    mock.on_chat_send(|_| async move {
        let mut result = answer("");
        result.choices[0].message = ChatAssistantMessage::new().refusal("I can't help with that.");
        Reply::ok(result)
    });
    match client.chat().send_parsed::<Plain>(&request()).await {
        Err(StructuredError::Refusal { refusal }) => assert_eq!(refusal, "I can't help with that."),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_streamed_structured_answer_yields_text_then_the_value() {
    use futures_util::StreamExt;
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let mut stream = client
        .chat()
        .send_parsed_stream::<Plain>(&request())
        .await
        .unwrap();
    let (mut text, mut value) = (String::new(), None);
    while let Some(event) = stream.next().await {
        match event.unwrap() {
            StructuredEvent::Text(t) => text.push_str(&t),
            StructuredEvent::Done(parsed) => {
                assert!(parsed.result.usage.is_some());
                value = Some(parsed.value);
            }
            _ => {}
        }
    }
    let value = value.unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["name"],
        "Paris"
    );
    assert_eq!(value.name, "Paris");
}

// ---- tools ----

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
struct City {
    city: String,
}

fn weather() -> impl Tool {
    tool(
        "get_weather",
        "The weather in a city.",
        |args: City| async move { Ok::<_, std::convert::Infallible>(format!("Sunny in {}", args.city)) },
    )
}

#[test]
fn a_tool_definition_carries_the_strict_schema() {
    let tools = ToolSet::new().with(weather());
    let defs = serde_json::to_value(tools.definitions().unwrap()).unwrap();
    assert_eq!(defs[0]["type"], "function");
    assert_eq!(defs[0]["function"]["name"], "get_weather");
    assert_eq!(defs[0]["function"]["strict"], true);
    assert!(strict_mode_breaches(&defs[0]["function"]["parameters"]).is_empty());
}

#[tokio::test]
async fn a_call_has_one_shape_from_a_plain_answer_and_from_a_stream() {
    use llmgate::openrouter::CollectCompletion;
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let tools = ToolSet::new().with(weather());
    let request = request().tools(tools.definitions().unwrap());
    let plain = client.chat().send(&request).await.unwrap().calls();
    let streamed = client
        .chat()
        .send_stream(&request)
        .await
        .unwrap()
        .collect_completion()
        .await
        .unwrap();
    assert_eq!(plain.as_slice(), streamed.tool_calls());
    let args: City = plain[0].parse().unwrap();
    assert_eq!(args.city, "Paris");
    // The streamed answer continues the conversation as a plain one would.
    let message = streamed.message();
    assert_eq!(
        message.tool_calls.as_ref().unwrap()[0].function.name,
        "get_weather"
    );
    let answer = plain[0].answer("Sunny");
    let mut continued = request.clone();
    continued.messages = vec![ChatUserMessage::new("hi").into(), message.into(), answer];
    let done = client.chat().send(&continued).await.unwrap();
    assert!(done.calls().is_empty());
}

// ---- the loop ----

/// A chat answer calling `calls` (name, arguments), with usage.
fn calling(calls: &[(&str, &str)], cost: f64) -> ChatResult {
    let calls: Vec<Value> = calls
        .iter()
        .enumerate()
        .map(|(i, (name, args))| {
            json!({"id": format!("call_{i}"), "type": "function",
                   "function": {"name": name, "arguments": args}})
        })
        .collect();
    serde_json::from_value(json!({
        "id": "gen", "object": "chat.completion", "created": 1, "model": "m",
        "system_fingerprint": null,
        "choices": [{"index": 0, "finish_reason": "tool_calls",
                     "message": {"role": "assistant", "content": null, "tool_calls": calls}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110, "cost": cost},
    }))
    .unwrap()
}

/// A mock whose chat answers `script` in turn (the last one again when it runs out).
async fn scripted(script: Vec<ChatResult>) -> (MockServer, Arc<AtomicUsize>) {
    let mock = MockServer::start().await.unwrap();
    let round = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&round);
    let script = Arc::new(script);
    mock.on_chat_send(move |_| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let reply = script[n.min(script.len() - 1)].clone();
        async move { Reply::ok(reply) }
    });
    (mock, round)
}

#[tokio::test]
async fn the_loop_runs_the_tool_and_ends_on_text_with_usage_summed() {
    let mock = MockServer::start().await.unwrap(); // the default: call the tool, then answer
    let client = mock.client().unwrap();
    let tools = ToolSet::new().with(weather());
    let result = client.chat().run(&request(), &tools).send().await.unwrap();
    assert_eq!(result.stop, StopReason::Answered);
    assert_eq!(result.steps, 2);
    assert!(result.text.starts_with("Thanks"), "{}", result.text);
    // user, assistant (call), tool, assistant (text)
    assert_eq!(result.messages.len(), 4);
    let tool_message = serde_json::to_value(&result.messages[2]).unwrap();
    assert_eq!(tool_message["content"], "Sunny in Paris");
    assert!(result.usage.total_tokens > 0 && result.usage.cost > 0.0);
}

#[tokio::test]
async fn parallel_calls_run_concurrently_and_answer_in_order() {
    let (mock, _) = scripted(vec![
        calling(
            &[("slow", r#"{"city":"A"}"#), ("slow", r#"{"city":"B"}"#)],
            0.0,
        ),
        answer("done"),
    ])
    .await;
    let client = mock.client().unwrap();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (f, m) = (Arc::clone(&in_flight), Arc::clone(&most));
    let slow = tool("slow", "Slow.", move |args: City| {
        let (f, m) = (Arc::clone(&f), Arc::clone(&m));
        async move {
            let now = f.fetch_add(1, Ordering::SeqCst) + 1;
            m.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            f.fetch_sub(1, Ordering::SeqCst);
            Ok::<_, std::convert::Infallible>(args.city)
        }
    });
    let tools = ToolSet::new().with(slow);
    let result = client.chat().run(&request(), &tools).send().await.unwrap();
    assert_eq!(
        most.load(Ordering::SeqCst),
        2,
        "both calls were in flight at once"
    );
    let contents: Vec<Value> = result.messages[2..4]
        .iter()
        .map(|m| serde_json::to_value(m).unwrap())
        .collect();
    assert_eq!(
        (
            contents[0]["content"].as_str(),
            contents[0]["tool_call_id"].as_str()
        ),
        (Some("A"), Some("call_0"))
    );
    assert_eq!(contents[1]["content"], "B");
}

#[tokio::test]
async fn a_failing_tool_and_malformed_arguments_go_back_to_the_model() {
    let (mock, _) = scripted(vec![
        calling(&[("get_weather", r#"{"town": 1}"#), ("broken", "{}")], 0.0),
        answer("sorry"),
    ])
    .await;
    let client = mock.client().unwrap();
    let broken = tool("broken", "Fails.", |_: Empty| async move {
        Err::<String, _>("disk on fire")
    });
    let tools = ToolSet::new().with(weather()).with(broken);
    let result = client.chat().run(&request(), &tools).send().await.unwrap();
    assert_eq!(result.stop, StopReason::Answered);
    let second = &mock.requests()[1].body.clone().unwrap()["messages"];
    let malformed = second[2]["content"].as_str().unwrap();
    assert!(
        malformed.starts_with("error: the arguments of a `get_weather` call"),
        "{malformed}"
    );
    assert!(
        second[3]["content"]
            .as_str()
            .unwrap()
            .contains("disk on fire")
    );
    // With ToolErrors::Fail the run ends, keeping what it did.
    let (mock, _) = scripted(vec![calling(&[("broken", "{}")], 0.0)]).await;
    let client = mock.client().unwrap();
    let err = client
        .chat()
        .run(&request(), &tools)
        .tool_errors(ToolErrors::Fail)
        .send()
        .await
        .unwrap_err();
    match err {
        llmgate::openrouter::agent::RunError::Tool { failure, partial } => {
            assert!(failure.to_string().contains("disk on fire"));
            assert_eq!(partial.steps, 1);
        }
        other => panic!("{other:?}"),
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Empty {}

#[tokio::test]
async fn each_stop_condition_stops_the_run() {
    let again = || calling(&[("get_weather", r#"{"city":"Paris"}"#)], 0.004);
    let tools = ToolSet::new().with(weather());
    let cases: Vec<(StopWhen, StopReason)> = vec![
        (StopWhen::StepCountIs(2), StopReason::StepCount(2)),
        (
            StopWhen::MaxCost(0.01),
            StopReason::Cost {
                spent: 0.012,
                limit: 0.01,
            },
        ),
        (
            StopWhen::MaxTokensUsed(200),
            StopReason::Tokens {
                used: 220,
                limit: 200,
            },
        ),
        (
            StopWhen::HasToolCall("get_weather".into()),
            StopReason::ToolCalled("get_weather".into()),
        ),
    ];
    for (condition, expected) in cases {
        let (mock, _) = scripted(vec![again()]).await;
        let client = mock.client().unwrap();
        let result = client
            .chat()
            .run(&request(), &tools)
            .stop_when(condition.clone())
            .max_repeats(10)
            .send()
            .await
            .unwrap();
        match (&result.stop, &expected) {
            (StopReason::Cost { spent, limit }, StopReason::Cost { limit: l, .. }) => {
                assert_eq!(limit, l);
                assert!((spent - 0.012).abs() < 1e-9, "{spent}");
            }
            _ => assert_eq!(result.stop, expected, "{condition:?}"),
        }
    }
}

#[tokio::test]
async fn a_final_turn_asks_once_more_without_tools() {
    let (mock, _) = scripted(vec![
        calling(&[("get_weather", r#"{"city":"Paris"}"#)], 0.0),
        answer("It is sunny."),
    ])
    .await;
    let client = mock.client().unwrap();
    let tools = ToolSet::new().with(weather());
    let result = client
        .chat()
        .run(&request(), &tools)
        .stop_when(StopWhen::StepCountIs(1))
        .final_turn(true)
        .send()
        .await
        .unwrap();
    assert_eq!(result.stop, StopReason::StepCount(1));
    assert_eq!(result.text, "It is sunny.");
    assert_eq!(
        mock.requests()[1].body.clone().unwrap()["tool_choice"],
        "none"
    );
}

#[tokio::test]
async fn the_loop_guard_stops_a_repeated_call() {
    let (mock, _) = scripted(vec![calling(
        &[("get_weather", r#"{"city": "Paris"}"#)],
        0.0,
    )])
    .await;
    let client = mock.client().unwrap();
    let tools = ToolSet::new().with(weather());
    let result = client.chat().run(&request(), &tools).send().await.unwrap();
    assert_eq!(
        result.stop,
        StopReason::Loop {
            tool: "get_weather".into(),
            arguments: r#"{"city": "Paris"}"#.into()
        }
    );
    assert_eq!(result.steps, 3, "the third identical call stops it, unrun");
    // The conversation stays valid: every call in it has its answer.
    let last = serde_json::to_value(result.messages.last().unwrap()).unwrap();
    assert_eq!(last["role"], "tool");
}

#[tokio::test]
async fn a_cancelled_run_keeps_its_messages_and_usage() {
    let (mock, _) = scripted(vec![
        calling(&[("get_weather", r#"{"city":"Paris"}"#)], 0.002),
        calling(&[("hang", "{}")], 0.003),
    ])
    .await;
    let client = mock.client().unwrap();
    let hang = tool("hang", "Never returns.", |_: Empty| async move {
        std::future::pending::<Result<String, std::convert::Infallible>>().await
    });
    let tools = ToolSet::new().with(weather()).with(hang);
    let run = client.chat().run(&request(), &tools);
    let progress = run.progress();
    let outcome = tokio::time::timeout(Duration::from_millis(500), run.send()).await;
    assert!(outcome.is_err(), "cancelled");
    let snapshot = progress.snapshot();
    assert_eq!(snapshot.steps, 2);
    assert!((snapshot.usage.cost - 0.005).abs() < 1e-9);
    assert_eq!(snapshot.usage.total_tokens, 220);
    assert_eq!(snapshot.messages.len(), 4, "user, call, result, call");
}

#[tokio::test]
async fn a_streamed_run_reports_text_calls_and_results_as_they_come() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let tools = ToolSet::new().with(weather());
    let mut events = Vec::new();
    let result = client
        .chat()
        .run(&request(), &tools)
        .stream(|e| events.push(e))
        .await
        .unwrap();
    assert_eq!(result.stop, StopReason::Answered);
    let calls = events
        .iter()
        .filter(|e| matches!(e, RunEvent::ToolCall(_)))
        .count();
    let results = events
        .iter()
        .filter(|e| matches!(e, RunEvent::ToolResult { ok: true, .. }))
        .count();
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            RunEvent::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!((calls, results), (1, 1));
    assert_eq!(text, result.text);
    assert!(
        events
            .iter()
            .filter(|e| matches!(e, RunEvent::Step { .. }))
            .count()
            == 2
    );
    assert!(result.usage.cost > 0.0, "the usage chunk's cost is summed");
}
