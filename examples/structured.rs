use llmgate::openrouter::{mock::MockServer, types::*};

#[derive(serde::Deserialize, schemars::JsonSchema)] // its schema goes with the request
struct Person {
    name: String,
    age: u32,
    email: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?; // or `llmgate::openrouter::Client::from_env()?`
    let client = mock.client()?;
    let request = ChatRequest::new([ChatUserMessage::new("Ada Lovelace, 36.").into()])
        .model("openai/gpt-4o-mini");
    let Person { name, age, email } = client.chat().send_parsed(&request).await?.value;
    println!("{name}, {age}, {}", email.as_deref().unwrap_or("no email"));
    Ok(())
}
