//! The mock server's default answers where the spec alone cannot make them look real:
//! a chat completion that answers the conversation (and calls the tool the request
//! offers), streamed as several deltas, a usage chunk and `[DONE]`; a model list with a
//! model in it, as the first of its pages; the Responses API's answer (`mock_responses`).
//! Every other operation answers what the spec gives (see
//! `MockServer::default_answers`).

#[cfg(any(
    llmgate_openrouter_op = "sendChatCompletionRequest",
    llmgate_openrouter_op = "getModels"
))]
use serde_json::{Value, json};

use super::mock::MockServer;

/// Installed by `MockServer::start` (`Settings::mock_defaults`).
pub(super) fn install(server: &MockServer) {
    #[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
    chat(server);
    #[cfg(llmgate_openrouter_op = "getModels")]
    models(server);
    #[cfg(llmgate_openrouter_op = "createResponses")]
    super::mock_responses::install(server);
    let _ = server;
}

/// A fixed timestamp, so that answers are the same on every run (2026-01-01).
#[cfg(any(
    llmgate_openrouter_op = "sendChatCompletionRequest",
    llmgate_openrouter_op = "getModels"
))]
const CREATED: i64 = 1_767_225_600;

#[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
fn chat(server: &MockServer) {
    use crate::runtime::mock::Reply;
    server.on_chat_send(|call| async move {
        let request = serde_json::to_value(&call.body).unwrap_or(Value::Null);
        let answer = Answer::for_request(&request);
        if request["stream"] == json!(true) {
            Reply::events(answer.chunks())
        } else {
            match serde_json::from_value(answer.result()) {
                Ok(result) => Reply::ok(result),
                Err(_) => Reply::Default,
            }
        }
    });
}

#[cfg(llmgate_openrouter_op = "getModels")]
fn models(server: &MockServer) {
    use crate::runtime::mock::Reply;
    let Some(mut list) = server.spec_default_json("getModels") else {
        return;
    };
    if let Some(model) = list["data"].get_mut(0).and_then(Value::as_object_mut) {
        for (k, v) in [
            ("id", json!("openai/gpt-4o-mini")),
            ("canonical_slug", json!("openai/gpt-4o-mini-2024-07-18")),
            ("name", json!("OpenAI: GPT-4o-mini")),
            ("created", json!(CREATED)),
            ("context_length", json!(128_000)),
        ] {
            if model.contains_key(k) {
                model.insert(k.to_owned(), v);
            }
        }
    }
    if list.get("total_count").is_some() {
        list["total_count"] = json!(list["data"].as_array().map_or(0, Vec::len));
    }
    let Ok(list) = serde_json::from_value::<super::types::ModelsListResponse>(list) else {
        return;
    };
    // Pages as the spec declares (offset): the list is the first page, later ones are
    // empty, so `list_items` ends.
    server.on_models_list(move |call| {
        let mut list = list.clone();
        if call.params.offset.is_some_and(|o| o > 0) {
            list.data.clear();
        }
        async move { Reply::ok(list) }
    });
}

#[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
/// What the mock answers a chat request.
struct Answer {
    model: String,
    /// Text, or a call of the first function tool offered.
    text: Option<String>,
    tool: Option<(String, String)>,
    prompt_tokens: u64,
}

#[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
impl Answer {
    fn for_request(request: &Value) -> Answer {
        let model = request["model"]
            .as_str()
            .unwrap_or("openai/gpt-4o-mini")
            .to_owned();
        let messages = request["messages"].as_array().cloned().unwrap_or_default();
        let last_role = messages
            .last()
            .and_then(|m| m["role"].as_str())
            .unwrap_or("");
        // Offered tools are called once; after the tool's answer comes back, a text reply.
        let tool = (last_role != "tool" && request["tool_choice"] != json!("none"))
            .then(|| first_function(&request["tools"]))
            .flatten();
        let prompt_tokens = messages
            .iter()
            .map(|m| m["content"].to_string().split_whitespace().count() as u64 + 3)
            .sum();
        let format = &request["response_format"];
        let text = tool.is_none().then(|| {
            if format["type"] == "json_schema" {
                // Structured output: JSON that fits the requested schema.
                let schema = &format["json_schema"]["schema"];
                sample(schema, schema, 0).to_string()
            } else if last_role == "tool" {
                "Thanks, that answers it: the tool's result is above.".to_owned()
            } else {
                format!("Hello! This is the llmgate mock server answering as {model}.")
            }
        });
        Answer {
            model,
            text,
            tool,
            prompt_tokens,
        }
    }

    fn completion_tokens(&self) -> u64 {
        let text = self.text.as_deref().unwrap_or_default();
        let args = self.tool.as_ref().map_or("", |(_, a)| a.as_str());
        (text.split_whitespace().count() + args.len() / 4 + 1) as u64
    }

    fn usage(&self) -> Value {
        let completion = self.completion_tokens();
        let total = self.prompt_tokens + completion;
        json!({
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": total,
            // Credits, as OpenRouter reports them: a dollar per million tokens here.
            "cost": total as f64 / 1e6,
            "is_byok": false,
        })
    }

    fn finish_reason(&self) -> &'static str {
        if self.tool.is_some() {
            "tool_calls"
        } else {
            "stop"
        }
    }

    fn tool_calls(&self) -> Option<Value> {
        self.tool.as_ref().map(|(name, args)| {
            json!([{
                "id": "call_mock_1",
                "type": "function",
                "function": {"name": name, "arguments": args},
            }])
        })
    }

    /// The whole completion (`send`).
    fn result(&self) -> Value {
        let mut message = json!({"role": "assistant", "content": self.text});
        if let Some(calls) = self.tool_calls() {
            message["tool_calls"] = calls;
        }
        json!({
            "id": "gen-mock-1",
            "object": "chat.completion",
            "created": CREATED,
            "model": self.model,
            "system_fingerprint": null,
            "choices": [{"index": 0, "finish_reason": self.finish_reason(), "message": message}],
            "usage": self.usage(),
        })
    }

    /// The same completion as stream chunks (`send_stream`): the role, the text in
    /// several deltas or the tool call in fragments, the finish reason, then usage.
    fn chunks(&self) -> Vec<Value> {
        let chunk = |choices: Value| {
            json!({
                "id": "gen-mock-1",
                "object": "chat.completion.chunk",
                "created": CREATED,
                "model": self.model,
                "choices": choices,
            })
        };
        let delta = |d: Value| chunk(json!([{"index": 0, "delta": d, "finish_reason": null}]));
        let mut out = vec![delta(json!({"role": "assistant", "content": ""}))];
        if let Some(text) = &self.text {
            for piece in pieces(text, 4) {
                out.push(delta(json!({"content": piece})));
            }
        }
        if let Some((name, args)) = &self.tool {
            out.push(delta(json!({"tool_calls": [{
                "index": 0, "id": "call_mock_1", "type": "function",
                "function": {"name": name, "arguments": ""},
            }]})));
            for piece in pieces(args, 3) {
                out.push(delta(
                    json!({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}),
                ));
            }
        }
        out.push(chunk(json!([{
            "index": 0, "delta": {}, "finish_reason": self.finish_reason(),
        }])));
        let mut usage = chunk(json!([]));
        usage["usage"] = self.usage();
        out.push(usage);
        out
    }
}

#[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
/// `text` cut into about `n` pieces at character boundaries (joined, they are `text`).
fn pieces(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let size = chars.len().div_ceil(n.max(1)).max(1);
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

#[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
/// The first function tool offered, with arguments that fit its parameters' schema.
fn first_function(tools: &Value) -> Option<(String, String)> {
    let function = tools
        .as_array()?
        .iter()
        .find_map(|t| t.get("function").filter(|f| f["name"].is_string()))?;
    let name = function["name"].as_str()?.to_owned();
    let parameters = &function["parameters"];
    let args = sample(parameters, parameters, 0);
    Some((name, args.to_string()))
}

#[cfg(llmgate_openrouter_op = "sendChatCompletionRequest")]
/// A small value fitting a JSON Schema: its required properties (or all, when none are
/// required), the first enum value, the first branch of a union that is not `null`,
/// `"Paris"` for strings; `$ref`s followed within `root`.
fn sample(root: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    if let Some(target) = schema["$ref"].as_str() {
        let target = target.strip_prefix('#').and_then(|p| {
            if p.is_empty() {
                Some(root)
            } else {
                root.pointer(p)
            }
        });
        return target.map_or(Value::Null, |t| sample(root, t, depth + 1));
    }
    if let Some(first) = schema["enum"].get(0) {
        return first.clone();
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema[key].as_array() {
            let branch = options
                .iter()
                .find(|o| o["type"] != "null")
                .or(options.first());
            return branch.map_or(Value::Null, |b| sample(root, b, depth + 1));
        }
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or(Value::Null),
        t => t.clone(),
    };
    match ty.as_str() {
        Some("string") => json!("Paris"),
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(root, &schema["items"], depth + 1)]),
        _ => {
            let Some(props) = schema["properties"].as_object() else {
                return json!({});
            };
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            props
                .iter()
                .filter(|(k, _)| required.is_empty() || required.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), sample(root, v, depth + 1)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        }
    }
}
