//! The README's Rust fragments that are not whole programs, compiled: each function below
//! holds one fragment verbatim between `// README:` and `// end`, with the variables it
//! uses set up around it, and `the_readme_shows_these_fragments` checks that the README
//! shows each exactly so. A type, method or signature the README names that does not
//! exist fails the build of this test.
#![allow(dead_code, unused_variables, clippy::no_effect_underscore_binding)]

use llmgate::openrouter::types::*;
use llmgate::openrouter::{self, ChatAccumulator};

fn constructors(message: ChatAssistantMessage) {
    // README:
    let choice = ChatChoice::new(0, message).finish_reason("stop"); // index, message; then optional ones
    let usage = Usage::new(UsageRequired {
        input_tokens: 10,
        input_tokens_details: UsageInputTokensDetails::new(2),
        output_tokens: 5,
        output_tokens_details: UsageOutputTokensDetails::new(1),
        total_tokens: 15,
    });
    // end
}

async fn missing(
    client: &openrouter::Client,
    request: ChatRequest,
) -> Result<(), llmgate::Error<openrouter::errors::ChatSendError>> {
    // README:
    let result = client.chat().send(&request).await?;
    if result.missing.contains("system_fingerprint") { /* the server left it out */ }
    for name in result.missing.iter() {
        tracing::debug!(name, "not in this answer");
    }
    // end
    Ok(())
}

/// Stands for whatever tells the program to stop (the README names a few).
struct Stop;

impl Stop {
    async fn cancelled(&self) {}
}

async fn stop_a_stream(
    client: &openrouter::Client,
    request: &ChatRequest,
    user_pressed_stop: Stop,
) -> Result<(), llmgate::Error<openrouter::errors::ChatSendError>> {
    use futures_util::StreamExt;
    let mut stream = client.chat().send_stream(request).await?;
    // README:
    let mut acc = ChatAccumulator::new();
    let reading = async {
        while let Some(chunk) = stream.next().await {
            acc.push(&chunk?);
        }
        Ok::<_, llmgate::Error<_>>(())
    };
    tokio::select! {
        _ = user_pressed_stop.cancelled() => {} // a CancellationToken, a channel, a timeout
        done = reading => done?,
    }
    let partial = acc.finish(); // text, tool calls and usage so far
    // end
    Ok(())
}

async fn pages(
    client: &openrouter::Client,
) -> Result<(), llmgate::Error<openrouter::errors::ModelsListError>> {
    // README:
    use futures_util::TryStreamExt;
    let params = GetModelsParams::new().limit(100);
    let models: Vec<Model> = client.models().list_items(&params).try_collect().await?;
    // end
    Ok(())
}

#[cfg(feature = "blocking")]
fn blocking() -> Result<(), Box<dyn std::error::Error>> {
    // README:
    use llmgate::openrouter::{self, types::*};
    let client = llmgate::blocking::Blocking::new(openrouter::Client::from_env()?)?;
    let request =
        ChatRequest::new([ChatUserMessage::new("Hello!").into()]).model("openai/gpt-4o-mini");
    let answer = client.call(|c| c.chat().send(&request))?;
    for chunk in client.stream(|c| c.chat().send_stream(&request))? {
        let chunk = chunk?;
    }
    // end
    Ok(())
}

#[test]
fn the_readme_shows_these_fragments() {
    let readme = include_str!("../README.md");
    let source = include_str!("readme_snippets.rs");
    let mut found = 0;
    for part in source.split("// README:\n").skip(1) {
        let Some((fragment, _)) = part.split_once("// end") else {
            continue;
        };
        // Indented once inside the function here; flush left in the README.
        let fragment: String = fragment
            .lines()
            .map(|l| l.strip_prefix("    ").unwrap_or(l))
            .map(|l| format!("{}\n", l.trim_end()))
            .collect();
        let fragment = fragment.trim_end_matches([' ', '\n']);
        assert!(
            readme.contains(&format!("```rust,ignore\n{fragment}\n```")),
            "README.md does not show this fragment as it is compiled here:\n{fragment}"
        );
        found += 1;
    }
    assert_eq!(found, 5, "a fragment lost its markers");
}
