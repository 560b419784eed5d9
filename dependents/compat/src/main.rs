//! A realistic program against the 2026-04-16 client: chat (plain, streamed, with tools,
//! with json_schema output), models, embeddings, keys, guardrails, generations, the
//! Responses group, error matching, and mock handlers that build responses.

use llmgate::openrouter::errors::SendChatCompletionRequestError;
use llmgate::openrouter::mock::MockServer;
use llmgate::openrouter::types::*;
use llmgate::runtime::mock::Reply;
use serde_json::json;

fn chat_request() -> ChatRequest {
    let weather = ChatFunctionToolFunctionFunction::new("get_weather")
        .description("The weather in a city")
        .parameters(json!({"type": "object", "properties": {"city": {"type": "string"}}}));
    ChatRequest::new([ChatUserMessage::new("Weather in Paris?").into()])
        .model("openai/gpt-4o-mini")
        .temperature(0.2)
        .tools([ChatFunctionToolFunction::new(weather).into()])
        .tool_choice(ChatToolChoice::Auto)
}

fn structured_request() -> ChatRequest {
    let schema = ChatJsonSchemaConfig::new("person")
        .schema(json!({"type": "object", "properties": {"name": {"type": "string"}}}))
        .strict(true);
    ChatRequest::new([ChatUserMessage::new("Ada").into()])
        .model("openai/gpt-4o-mini")
        .response_format(ChatFormatJsonSchemaConfig::new(schema))
}

/// A chat answer built from JSON, as a test's handler builds it.
fn answer(text: &str) -> ChatResult {
    serde_json::from_value(json!({
        "id": "gen-1", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }))
    .expect("an answer")
}

fn describe(e: &llmgate::Error<SendChatCompletionRequestError>) -> &'static str {
    match e {
        llmgate::Error::Api { body, .. } => match body {
            SendChatCompletionRequestError::Unauthorized(_) => "bad key",
            SendChatCompletionRequestError::PaymentRequired(_) => "no credits",
            SendChatCompletionRequestError::TooManyRequests(_) => "slow down",
            _ => "other API error",
        },
        _ => "transport",
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let client = mock.client()?;

    // Chat, plain and streamed.
    let result = client.chat().send(&chat_request()).await?;
    let first = &result.choices[0];
    let calls = first.message.tool_calls.clone().unwrap_or_default();
    for call in &calls {
        println!(
            "tool call {}({})",
            call.function.name, call.function.arguments
        );
    }
    if let Some(usage) = &result.usage {
        println!("tokens: {}", usage.total_tokens);
    }
    use futures_util::StreamExt;
    let mut stream = client.chat().send_stream(&chat_request()).await?;
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        chunks += chunk.choices.len();
    }
    println!("stream: {chunks} choice deltas");

    // Structured output through a json_schema response format.
    mock.on_chat_send(|_| async { Reply::ok(answer(r#"{"name": "Ada"}"#)) });
    let person = client.chat().send(&structured_request()).await?;
    let text = match first.message.content.as_ref() {
        Some(llmgate::Nullable::Value(ChatAssistantMessageContent::Text(t))) => t.clone(),
        _ => String::new(),
    };
    println!(
        "structured: {:?} / {text}",
        person.choices[0]
            .message
            .get_content()
            .and_then(|c| c.as_text())
    );

    // Error matching.
    mock.on_chat_send(|_| async {
        Reply::error(
            402,
            json!({"error": {"code": 402, "message": "Insufficient credits"}}),
        )
    });
    if let Err(e) = client.chat().send(&chat_request()).await {
        println!("error: {}", describe(&e));
    }

    // Models, embeddings, generations.
    let models = client.models().list().await?;
    println!("models: {}", models.data.len());
    let input: CreateEmbeddingsRequestInput = "hello".into();
    let embedding = client
        .embeddings()
        .generate(&CreateEmbeddingsRequest::new(
            CreateEmbeddingsRequestRequired {
                input,
                model: "openai/text-embedding-3-small".into(),
            },
        ))
        .await?;
    println!("embeddings: {}", embedding.data.len());
    let generation = client
        .generations()
        .get_generation(&GetGenerationParams::new("gen-1"))
        .await?;
    let api_type: Option<&GetGenerationResponseDataApiType> = generation.data.get_api_type();
    println!(
        "generation {} ({:?})",
        generation.data.id,
        api_type.map(|t| t.as_str())
    );

    // Keys and guardrails (management).
    let keys = client.api_keys().list().await?;
    println!("keys: {}", keys.data.len());
    let guardrail = client
        .guardrails()
        .create(&CreateGuardrailRequest::new("no-pii").description("block PII"))
        .await?;
    println!("guardrail: {}", guardrail.data.id);

    // The Responses group, and a mock handler building its answer.
    mock.on_beta_responses_send(|_| async { Reply::Default });
    let response = client
        .beta_responses()
        .send(
            &ResponsesRequest::new()
                .model("openai/gpt-4o-mini")
                .input("Hi"),
        )
        .await?;
    println!("responses: {}", response.id);
    Ok(())
}
