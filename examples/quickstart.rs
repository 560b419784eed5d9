//! `cargo run --example quickstart --features mock`
//!
//! Streams a chat completion that calls a tool (printing the text and the assembled tool
//! call), then a plain completion, then the model list. With `OPENROUTER_API_KEY` set it
//! calls OpenRouter; without, the mock server (`openrouter::mock::MockServer`) answers
//! on 127.0.0.1, and it says so.

use llmgate::openrouter::{Client, CollectCompletion, mock::MockServer, types::*};
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
    // The stream, assembled: text and reasoning joined, tool calls put together from
    // their fragments, usage kept (`ChatAccumulator` does the same chunk by chunk).
    let done = client
        .chat()
        .send_stream(&request)
        .await?
        .collect_completion()
        .await?;
    println!(
        "stream: {:?} ({} tokens)",
        done.text(),
        done.usage.as_ref().map_or(0, |u| u.total_tokens)
    );
    for call in done.tool_calls() {
        println!("tool call: {}({})", call.name, call.arguments);
    }

    // 2. A plain chat completion.
    let request = ChatRequest::new([ChatUserMessage::new("Say hello in five words.").into()])
        .model("openai/gpt-4o-mini");
    let answer = client.chat().send(&request).await?;
    println!("answer: {}", answer.text().unwrap_or_default());

    // 3. The model list.
    let models = client.models().list().await?;
    let first = models.data.first().map_or("none", |m| m.id.as_str());
    println!("models: {} listed, the first is {first}", models.data.len());
    Ok(())
}
