//! A streaming chat completion with one tool: the README's example.

use futures_util::StreamExt;
use llmgate::openrouter::{Client, types::*};
use llmgate::runtime::Nullable;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?; // OPENROUTER_API_KEY (and OPENROUTER_BASE_URL if set)

    let weather = ChatFunctionToolFunctionFunction::new("get_weather")
        .description("Current weather for a city")
        .parameters(json!({
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"]
        }));
    let request = ChatRequest::new([ChatUserMessage::new("Weather in Paris?").into()])
        .model("openai/gpt-4o-mini")
        .tools([ChatFunctionToolFunction::new(weather).into()])
        .tool_choice(ChatToolChoice::Auto);

    let mut stream = client.chat().send_stream(&request).await?;
    while let Some(chunk) = stream.next().await {
        for choice in chunk?.choices {
            if let Some(Nullable::Value(text)) = choice.delta.content {
                print!("{text}");
            }
            for call in choice.delta.tool_calls.unwrap_or_default() {
                if let Some(f) = call.function {
                    print!(
                        "{}{}",
                        f.name.unwrap_or_default(),
                        f.arguments.unwrap_or_default()
                    );
                }
            }
        }
    }
    println!();
    Ok(())
}
