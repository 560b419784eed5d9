use llmgate::openrouter::agent::{StopWhen, ToolSet, tool};
use llmgate::openrouter::{mock::MockServer, types::*};

/// A tool's arguments: the model sees their JSON Schema.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct City {
    city: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?; // or `llmgate::openrouter::Client::from_env()?`
    let client = mock.client()?;
    let weather = tool(
        "get_weather",
        "The weather in a city, now.",
        |a: City| async move {
            Ok::<_, std::convert::Infallible>(format!("Sunny, 21 °C in {}", a.city))
        },
    );
    let tools = ToolSet::new().with(weather);
    let request = ChatRequest::new([ChatUserMessage::new("Weather in Paris?").into()])
        .model("openai/gpt-4o-mini");
    let run = client
        .chat()
        .run(&request, &tools)
        .stop_when(StopWhen::StepCountIs(5))
        .stop_when(StopWhen::MaxCost(0.05))
        .send()
        .await?;
    let (steps, cost) = (run.steps, run.usage.cost);
    println!(
        "{} ({:?} after {steps} rounds, {cost:.6} credits)",
        run.text, run.stop
    );
    Ok(())
}
