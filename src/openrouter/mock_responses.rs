//! The mock server's default answer to the Responses API (`client.responses()`), where the
//! spec alone gives a synthesized value with an unrelated output item and no usage: an
//! assistant message that answers the request, with usage and cost; streamed, the events
//! the server sends for it (`response.created`, the message added, its text in several
//! `response.output_text.delta`s, `response.output_text.done`, the message done,
//! `response.completed` with the whole result).

use serde_json::{Value, json};

use super::mock::MockServer;

/// A fixed timestamp, so that answers are the same on every run (2026-01-01).
const CREATED: i64 = 1_767_225_600;

/// Installed by `MockServer::start`, beside the chat defaults.
pub(super) fn install(server: &MockServer) {
    use crate::runtime::mock::Reply;
    let Some(base) = server.spec_default_json("createResponses") else {
        return;
    };
    server.on_responses_send(move |call| {
        let request = serde_json::to_value(&call.body).unwrap_or(Value::Null);
        let answer = result(&base, &request);
        async move {
            if request["stream"] == json!(true) {
                Reply::events(events(&answer))
            } else {
                match serde_json::from_value(answer) {
                    Ok(result) => Reply::ok(result),
                    Err(_) => Reply::Default,
                }
            }
        }
    });
}

/// The text the mock answers with.
fn text_for(request: &Value) -> String {
    let model = request["model"].as_str().unwrap_or("openai/gpt-4o-mini");
    format!("Hello! This is the llmgate mock server answering as {model}.")
}

/// The whole result (`send`): the spec's value with a real output and usage.
fn result(base: &Value, request: &Value) -> Value {
    let text = text_for(request);
    let input_tokens = request["input"].to_string().split_whitespace().count() as u64 + 3;
    let output_tokens = text.split_whitespace().count() as u64;
    let total = input_tokens + output_tokens;
    let model = match &request["model"] {
        Value::String(m) => json!(m),
        _ => json!("openai/gpt-4o-mini"),
    };
    let mut answer = base.clone();
    let fields = [
        ("id", json!("resp-mock-1")),
        ("object", json!("response")),
        ("created_at", json!(CREATED)),
        ("completed_at", json!(CREATED)),
        ("model", model),
        ("status", json!("completed")),
        ("error", Value::Null),
        ("incomplete_details", Value::Null),
        ("instructions", request["instructions"].clone()),
        ("tools", json!([])),
        (
            "output",
            json!([{
                "id": "msg-mock-1",
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }]),
        ),
        (
            "usage",
            json!({
                "input_tokens": input_tokens,
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens": output_tokens,
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": total,
                // Credits, as OpenRouter reports them: a dollar per million tokens here.
                "cost": total as f64 / 1e6,
                "is_byok": false,
            }),
        ),
    ];
    if let Some(object) = answer.as_object_mut() {
        for (k, v) in fields {
            object.insert(k.to_owned(), v);
        }
    }
    answer
}

/// The events of a streamed answer, numbered in order.
fn events(answer: &Value) -> Vec<Value> {
    let message = answer["output"][0].clone();
    let text = message["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut started = answer.clone();
    started["status"] = json!("in_progress");
    started["output"] = json!([]);
    started["usage"] = Value::Null;
    started["completed_at"] = Value::Null;
    let mut pending = message.clone();
    pending["status"] = json!("in_progress");
    pending["content"] = json!([]);
    let at = json!({"item_id": "msg-mock-1", "output_index": 0, "content_index": 0});
    let with = |mut event: Value, extra: &Value| {
        if let (Some(e), Some(x)) = (event.as_object_mut(), extra.as_object()) {
            e.extend(x.clone());
        }
        event
    };
    let mut out = vec![
        json!({"type": "response.created", "response": started}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": pending}),
    ];
    let chars: Vec<char> = text.chars().collect();
    for piece in chars.chunks(chars.len().div_ceil(4).max(1)) {
        let delta = json!({"type": "response.output_text.delta", "delta": piece.iter().collect::<String>(), "logprobs": []});
        out.push(with(delta, &at));
    }
    out.push(with(
        json!({"type": "response.output_text.done", "text": text, "logprobs": []}),
        &at,
    ));
    out.push(json!({"type": "response.output_item.done", "output_index": 0, "item": message}));
    out.push(json!({"type": "response.completed", "response": answer}));
    for (n, event) in out.iter_mut().enumerate() {
        event["sequence_number"] = json!(n);
    }
    out
}
