//! `cargo run --example quickstart --features mock`
//!
//! Streams a chat completion that calls a tool (printing the text and the assembled tool
//! call), then a plain completion, then the model list. With `OPENROUTER_API_KEY` set it
//! calls OpenRouter; without, the mock server (`openrouter::mock::MockServer`) answers
//! on 127.0.0.1, and it says so.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use llmgate::Nullable;
use llmgate::openrouter::{Client, mock::MockServer, types::*};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let has_key = std::env::var("OPENROUTER_API_KEY").is_ok_and(|k| !k.trim().is_empty());
    let mock;
    let client = if has_key {
        println!("calling {}", llmgate::openrouter::PROVIDER.default_base_url);
        Client::from_env()?
    } else {
        mock = MockServer::start().await?;
        println!(
            "OPENROUTER_API_KEY is not set: using the mock server at {}",
            mock.url()
        );
        mock.client()?
    };

    // 1. A streamed chat completion offering a tool.
    let weather = ChatFunctionToolFunctionFunction::new("get_weather")
        .description("Current weather for a city")
        .parameters(json!({
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"]
        }));
    let request = ChatRequest::new([ChatUserMessage::new("What is the weather in Paris?").into()])
        .model("openai/gpt-4o-mini")
        .tools([ChatFunctionToolFunction::new(weather).into()])
        .tool_choice(ChatToolChoice::Auto);
    let mut stream = client.chat().send_stream(&request).await?;
    // Tool calls arrive in fragments, joined by their index.
    let mut calls: BTreeMap<i64, (String, String)> = BTreeMap::new();
    print!("stream: ");
    while let Some(chunk) = stream.next().await {
        for choice in chunk?.choices {
            if let Some(Nullable::Value(text)) = choice.delta.content {
                print!("{text}");
            }
            for call in choice.delta.tool_calls.unwrap_or_default() {
                let (name, args) = calls.entry(call.index).or_default();
                if let Some(f) = call.function {
                    name.push_str(&f.name.unwrap_or_default());
                    args.push_str(&f.arguments.unwrap_or_default());
                }
            }
        }
    }
    println!();
    for (name, args) in calls.values() {
        println!("tool call: {name}({args})");
    }

    // 2. A plain chat completion.
    let request = ChatRequest::new([ChatUserMessage::new("Say hello in five words.").into()])
        .model("openai/gpt-4o-mini");
    let answer = client.chat().send(&request).await?;
    if let Some(Nullable::Value(ChatAssistantMessageContent::Text(text))) =
        &answer.choices[0].message.content
    {
        println!("answer: {text}");
    }

    // 3. The model list.
    let models = client.models().list().await?;
    let first = models.data.first().map_or("none", |m| m.id.as_str());
    println!("models: {} listed, the first is {first}", models.data.len());
    Ok(())
}
