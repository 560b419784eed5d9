use llmgate::openrouter::agent::{StopWhen, ToolSet, tool};
use llmgate::openrouter::{mock::MockServer, types::*};
#[derive(serde::Deserialize, schemars::JsonSchema)] // the model sees this schema
struct City {
    city: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?; // or `llmgate::openrouter::Client::from_env()?`
    let client = mock.client()?;
    let weather = tool(
        "get_weather",
        "The weather in a city.",
        |a: City| async move { Ok::<_, String>(format!("Sunny, 21 °C in {}", a.city)) },
    );
    let tools = ToolSet::new().with(weather);
    let ask = ChatRequest::new([ChatUserMessage::new("Weather in Paris?").into()]);
    let run = client.chat().run(&ask.model("openai/gpt-4o-mini"), &tools);
    let run = run
        .stop_when(StopWhen::StepCountIs(5))
        .stop_when(StopWhen::MaxCost(0.05));
    let done = run.send().await?;
    let (text, cost) = (&done.text, done.usage.cost);
    println!(
        "{text} ({:?}, {} rounds, {cost:.6} credits)",
        done.stop, done.steps
    );
    Ok(())
}
