//! Reading chat completions: the text of an answer in one call, and a whole completion
//! assembled from its stream (content and reasoning joined, tool calls put together from
//! their fragments by index, usage and finish reason kept). Hand-written over the
//! generated types, which cannot know that a stream's pieces add up to one answer.

use futures_util::StreamExt;

use super::types::{
    ChatAssistantMessage, ChatAssistantMessageContent, ChatContentItems, ChatFinishReasonEnum,
    ChatMessages, ChatResult, ChatStreamChunk, ChatToolCallFunction, ChatToolCallFunctionRequired,
    ChatToolMessage, ChatToolMessageRequired, ChatUsage,
};
use crate::runtime::{Error, EventStream, Nullable};

impl ChatResult {
    /// The text of the first choice's answer: its `content` when that is text, or its
    /// text parts joined when it is a list of parts. `None` when the model answered
    /// with tool calls only (see [`ChatResult::tool_calls`]).
    pub fn text(&self) -> Option<String> {
        let content = self.choices.first()?.message.content.as_ref()?;
        match content {
            Nullable::Value(ChatAssistantMessageContent::Text(t)) => Some(t.clone()),
            Nullable::Value(ChatAssistantMessageContent::ChatContentItemsList(parts)) => {
                let text: String = parts
                    .iter()
                    .filter_map(|p| match p {
                        ChatContentItems::ChatContentText(t) => Some(t.text.as_str()),
                        _ => None,
                    })
                    .collect();
                (!text.is_empty()).then_some(text)
            }
            _ => None,
        }
    }

    /// The first choice's tool calls (empty when there are none).
    pub fn tool_calls(&self) -> &[super::types::ChatToolCall] {
        self.choices
            .first()
            .and_then(|c| c.message.tool_calls.as_deref())
            .unwrap_or_default()
    }

    /// The first choice's tool calls as [`ToolCall`]s: the same shape a streamed answer
    /// gives ([`Completion::tool_calls`]).
    pub fn calls(&self) -> Vec<ToolCall> {
        self.tool_calls()
            .iter()
            .enumerate()
            .map(|(i, c)| ToolCall::from_chat(i, c))
            .collect()
    }

    /// The first choice's message, to append to the conversation and continue it.
    pub fn message(&self) -> Option<&ChatAssistantMessage> {
        self.choices.first().map(|c| &c.message)
    }
}

/// A chat completion assembled from its stream by [`ChatAccumulator`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Completion {
    /// The generation id (`gen-...`), for `client.generations()` lookups.
    pub id: String,
    /// The model that answered.
    pub model: String,
    /// The upstream provider that served the stream (`OpenAI`, `Anthropic`, ...).
    pub provider: Option<String>,
    /// Unix seconds of the first chunk.
    pub created: i64,
    /// One per choice index, in index order.
    pub choices: Vec<CompletionChoice>,
    /// Token counts and cost, from the chunk that carries them (usually the last).
    pub usage: Option<ChatUsage>,
}

impl Completion {
    /// The first choice's text.
    pub fn text(&self) -> &str {
        self.choices.first().map_or("", |c| c.text.as_str())
    }

    /// The first choice's tool calls.
    pub fn tool_calls(&self) -> &[ToolCall] {
        self.choices
            .first()
            .map_or(&[], |c| c.tool_calls.as_slice())
    }

    /// The first choice as the assistant message that continues the conversation: its
    /// text (if any) and its tool calls, as a plain answer's message holds them.
    pub fn message(&self) -> ChatAssistantMessage {
        let Some(choice) = self.choices.first() else {
            return ChatAssistantMessage::new();
        };
        let mut message = ChatAssistantMessage::new();
        if !choice.text.is_empty() {
            message = message.content(choice.text.as_str());
        }
        if !choice.reasoning.is_empty() {
            message = message.reasoning(choice.reasoning.as_str());
        }
        if !choice.tool_calls.is_empty() {
            let calls: Vec<_> = choice.tool_calls.iter().map(ToolCall::to_chat).collect();
            message = message.tool_calls(calls);
        }
        message
    }
}

/// One choice of a [`Completion`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct CompletionChoice {
    /// The choice's index.
    pub index: i64,
    /// Every `content` delta, joined.
    pub text: String,
    /// Every `reasoning` delta, joined.
    pub reasoning: String,
    /// Every `refusal` delta, joined.
    pub refusal: String,
    /// Tool calls, by their index, with their fragments joined.
    pub tool_calls: Vec<ToolCall>,
    /// Why generation stopped, once a chunk said so.
    pub finish_reason: Option<ChatFinishReasonEnum>,
    /// Why generation stopped, in the upstream provider's own words.
    pub native_finish_reason: Option<String>,
}

/// A tool call put together from its stream fragments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ToolCall {
    /// The call's index within its choice.
    pub index: i64,
    /// The call id, to answer with a tool message.
    pub id: String,
    /// The function's name.
    pub name: String,
    /// The arguments as sent: JSON text, complete once the stream is.
    pub arguments: String,
}

impl ToolCall {
    /// The arguments parsed as JSON; the error (with the text kept in
    /// [`ToolCall::arguments`]) when the model sent something else.
    pub fn arguments_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(&self.arguments)
    }

    /// The arguments decoded into `A`; the error names the call, the JSON path that
    /// failed and keeps the text.
    pub fn parse<A: serde::de::DeserializeOwned>(&self) -> Result<A, ArgumentsError> {
        let text = if self.arguments.trim().is_empty() {
            "{}"
        } else {
            self.arguments.as_str()
        };
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| ArgumentsError {
            tool: self.name.clone(),
            arguments: self.arguments.clone(),
            path: e.path().to_string(),
            source: e.into_inner(),
        })
    }

    /// The tool message answering this call with `content` (its result, as text; JSON
    /// is text too), to append to the conversation.
    pub fn answer(&self, content: impl Into<String>) -> ChatMessages {
        ChatToolMessage::new(ChatToolMessageRequired {
            content: content.into().into(),
            tool_call_id: self.id.clone(),
        })
        .into()
    }

    /// The call as a plain answer's message holds it.
    pub fn to_chat(&self) -> super::types::ChatToolCall {
        let function = ChatToolCallFunction::new(ChatToolCallFunctionRequired {
            arguments: self.arguments.clone(),
            name: self.name.clone(),
        });
        super::types::ChatToolCall::new(function, self.id.as_str())
    }

    /// A plain answer's call (the `index`-th of its message) in this shape.
    pub fn from_chat(index: usize, call: &super::types::ChatToolCall) -> ToolCall {
        ToolCall {
            index: i64::try_from(index).unwrap_or(i64::MAX),
            id: call.id.clone(),
            name: call.function.name.clone(),
            arguments: call.function.arguments.clone(),
        }
    }
}

/// A tool call whose arguments do not decode into the tool's argument type.
#[derive(Debug)]
#[non_exhaustive]
pub struct ArgumentsError {
    /// The tool's name.
    pub tool: String,
    /// The arguments as the model sent them.
    pub arguments: String,
    /// Where decoding failed (a JSON path, `.` for the root).
    pub path: String,
    /// Why.
    pub source: serde_json::Error,
}

impl std::fmt::Display for ArgumentsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the arguments of a `{}` call do not fit at {}: {}",
            self.tool, self.path, self.source
        )
    }
}

impl std::error::Error for ArgumentsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Feeds stream chunks into a [`Completion`], chunk by chunk:
/// `acc.push(&chunk)` for each, then `acc.completion()`.
#[derive(Clone, Debug, Default)]
pub struct ChatAccumulator {
    completion: Completion,
}

impl ChatAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one chunk: its deltas joined onto their choices, its usage kept.
    pub fn push(&mut self, chunk: &ChatStreamChunk) {
        let c = &mut self.completion;
        if c.id.is_empty() {
            c.id.clone_from(&chunk.id);
            c.model.clone_from(&chunk.model);
            c.created = chunk.created;
        }
        if c.provider.is_none() {
            c.provider.clone_from(&chunk.provider);
        }
        if let Some(usage) = &chunk.usage {
            c.usage = Some(usage.clone());
        }
        for choice in &chunk.choices {
            let slot = match c.choices.iter().position(|x| x.index == choice.index) {
                Some(i) => &mut c.choices[i],
                None => {
                    c.choices.push(CompletionChoice {
                        index: choice.index,
                        ..CompletionChoice::default()
                    });
                    c.choices.sort_by_key(|x| x.index);
                    let i = c.choices.iter().position(|x| x.index == choice.index);
                    &mut c.choices[i.unwrap_or_default()]
                }
            };
            let d = &choice.delta;
            for (into, from) in [
                (&mut slot.text, &d.content),
                (&mut slot.reasoning, &d.reasoning),
                (&mut slot.refusal, &d.refusal),
            ] {
                if let Some(Nullable::Value(piece)) = from {
                    into.push_str(piece);
                }
            }
            for call in d.tool_calls.iter().flatten() {
                let at = match slot.tool_calls.iter().position(|t| t.index == call.index) {
                    Some(i) => i,
                    None => {
                        slot.tool_calls.push(ToolCall {
                            index: call.index,
                            ..ToolCall::default()
                        });
                        slot.tool_calls.len() - 1
                    }
                };
                let t = &mut slot.tool_calls[at];
                if let Some(id) = call.id.as_ref().filter(|id| !id.is_empty()) {
                    t.id.clone_from(id);
                }
                if let Some(f) = &call.function {
                    t.name.push_str(f.name.as_deref().unwrap_or_default());
                    t.arguments
                        .push_str(f.arguments.as_deref().unwrap_or_default());
                }
            }
            slot.tool_calls.sort_by_key(|t| t.index);
            if let Some(reason) = &choice.finish_reason {
                slot.finish_reason = Some(reason.clone());
            }
            if let Some(Nullable::Value(reason)) = &choice.native_finish_reason {
                slot.native_finish_reason = Some(reason.clone());
            }
        }
    }

    /// What the chunks so far add up to.
    pub fn completion(&self) -> &Completion {
        &self.completion
    }

    /// The completion, by value.
    pub fn finish(self) -> Completion {
        self.completion
    }
}

/// A stream that ended in an error, with what it had delivered until then (a cut
/// stream keeps its text, tool-call fragments and any usage already received).
#[derive(Debug)]
#[non_exhaustive]
pub struct Interrupted<E> {
    /// The chunks received before the error, assembled.
    pub partial: Completion,
    /// The error frame or transport failure that ended the stream.
    pub error: Error<E>,
}

impl<E: std::fmt::Debug> std::fmt::Display for Interrupted<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (after {} bytes of text)",
            self.error,
            self.partial.text().len()
        )
    }
}

impl<E: std::fmt::Debug> std::error::Error for Interrupted<E> {}

/// `stream.collect_completion().await` on a chat completion stream.
pub trait CollectCompletion<E> {
    /// Read the stream to its end and assemble the whole completion; an error frame or
    /// a failure ends it with the typed error and what had arrived.
    fn collect_completion(
        self,
    ) -> impl std::future::Future<Output = Result<Completion, Interrupted<E>>> + Send;
}

impl<E: Send + 'static> CollectCompletion<E> for EventStream<ChatStreamChunk, E> {
    async fn collect_completion(mut self) -> Result<Completion, Interrupted<E>> {
        let mut acc = ChatAccumulator::new();
        while let Some(item) = self.next().await {
            match item {
                Ok(chunk) => acc.push(&chunk),
                Err(error) => {
                    return Err(Interrupted {
                        partial: acc.finish(),
                        error,
                    });
                }
            }
        }
        Ok(acc.finish())
    }
}
