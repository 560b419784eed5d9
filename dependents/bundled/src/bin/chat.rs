//! A plain chat completion.

use llmgate::openrouter::{Client, types::*};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let request =
        ChatRequest::new([ChatUserMessage::new("Say hello").into()]).model("openai/gpt-4o-mini");
    let result = client.chat().send(&request).await?;
    for choice in result.choices {
        println!("{:?}", choice.message.content);
    }
    Ok(())
}
