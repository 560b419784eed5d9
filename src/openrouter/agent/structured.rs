//! Structured output: a request answered as JSON that fits a Rust type's schema, decoded
//! into that type.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::schema::{SchemaError, StrictSchema, strict_schema};
use crate::openrouter::errors::ChatSendError;
use crate::openrouter::types::{
    ChatFormatJsonSchemaConfig, ChatJsonSchemaConfig, ChatRequest, ChatResult, ChatStreamChunk,
};
use crate::openrouter::{Chat, ChatAccumulator, Completion};
use crate::runtime::{Error, EventStream};

/// A chat call's error.
pub type ChatError = Error<ChatSendError>;

/// Why a structured answer could not be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum StructuredError {
    /// The call failed (status, transport, decoding of the answer itself).
    Chat(Box<ChatError>),
    /// The type's schema cannot be used in strict mode.
    Schema(SchemaError),
    /// The model refused; its words.
    Refusal {
        /// The refusal text.
        refusal: String,
    },
    /// The answer holds no text to decode (tool calls only, or nothing).
    NoContent,
    /// The answer's text does not fit the type: the text as it came, where it fails
    /// (a JSON path, `.` for the root) and why.
    Invalid {
        /// The text as the model wrote it.
        text: String,
        /// Where decoding failed.
        path: String,
        /// Why.
        source: serde_json::Error,
    },
}

impl std::fmt::Display for StructuredError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Chat(e) => write!(f, "{e}"),
            Self::Schema(e) => write!(f, "{e}"),
            Self::Refusal { refusal } => write!(f, "the model refused: {refusal}"),
            Self::NoContent => f.write_str("the answer holds no text to decode"),
            Self::Invalid { path, source, .. } => {
                write!(f, "the answer does not fit the type at {path}: {source}")
            }
        }
    }
}

impl std::error::Error for StructuredError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Chat(e) => Some(&**e),
            Self::Schema(e) => Some(e),
            Self::Invalid { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ChatError> for StructuredError {
    fn from(e: ChatError) -> Self {
        Self::Chat(Box::new(e))
    }
}

/// A structured answer: the value and the whole result it came in (usage, cost, id).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Parsed<T, R = ChatResult> {
    /// The answer, decoded.
    pub value: T,
    /// What it came in.
    pub result: R,
}

/// `request` with `response_format` set to `T`'s strict JSON Schema.
pub fn with_schema_of<T: JsonSchema>(
    request: &ChatRequest,
) -> Result<(ChatRequest, StrictSchema), SchemaError> {
    let schema = strict_schema::<T>()?;
    let config = ChatJsonSchemaConfig::new(schema.name.clone())
        .schema(schema.schema.clone())
        .strict(true);
    let request = request
        .clone()
        .response_format(ChatFormatJsonSchemaConfig::new(config));
    Ok((request, schema))
}

/// Decode an answer's text into `T` (out of its `value` property when `wrapped`).
pub fn decode<T: DeserializeOwned>(text: &str, wrapped: bool) -> Result<T, StructuredError> {
    let invalid = |path: String, source| StructuredError::Invalid {
        text: text.to_owned(),
        path,
        source,
    };
    if wrapped {
        let mut outer: Value = serde_json::from_str(text).map_err(|e| invalid(".".into(), e))?;
        let Some(inner) = outer.get_mut("value").map(Value::take) else {
            let e = <serde_json::Error as serde::de::Error>::missing_field("value");
            return Err(invalid(".".into(), e));
        };
        return serde_path_to_error::deserialize(inner).map_err(|e| {
            let path = match e.path().to_string() {
                p if p == "." => "value".to_owned(),
                p if p.starts_with('[') => format!("value{p}"),
                p => format!("value.{p}"),
            };
            invalid(path, e.into_inner())
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| invalid(e.path().to_string(), e.into_inner()))
}

impl Chat<'_> {
    /// Send `request` asking for JSON that fits `T` (a strict `json_schema` response
    /// format derived from `T: JsonSchema`), and decode the answer into `T`.
    ///
    /// A refusal is [`StructuredError::Refusal`]; text that does not fit `T` is
    /// [`StructuredError::Invalid`], with the text and the path where it fails.
    pub async fn send_parsed<T: JsonSchema + DeserializeOwned>(
        self,
        request: &ChatRequest,
    ) -> Result<Parsed<T>, StructuredError> {
        let (request, schema) = with_schema_of::<T>(request).map_err(StructuredError::Schema)?;
        let result = self.send(&request).await?;
        let message = &result
            .choices
            .first()
            .ok_or(StructuredError::NoContent)?
            .message;
        if let Some(refusal) = message.get_refusal().filter(|r| !r.is_empty()) {
            return Err(StructuredError::Refusal {
                refusal: refusal.to_owned(),
            });
        }
        let text = result.text().ok_or(StructuredError::NoContent)?;
        let value = decode(&text, schema.wrapped)?;
        Ok(Parsed { value, result })
    }

    /// [`send_parsed`](Self::send_parsed), streamed: the answer's text as it arrives
    /// ([`StructuredEvent::Text`]), then the decoded value with the whole completion
    /// ([`StructuredEvent::Done`]).
    pub async fn send_parsed_stream<T: JsonSchema + DeserializeOwned>(
        self,
        request: &ChatRequest,
    ) -> Result<StructuredStream<T>, StructuredError> {
        let (request, schema) = with_schema_of::<T>(request).map_err(StructuredError::Schema)?;
        let events = self.send_stream(&request).await?;
        Ok(StructuredStream {
            events,
            acc: ChatAccumulator::new(),
            wrapped: schema.wrapped,
            done: false,
            _t: std::marker::PhantomData,
        })
    }
}

/// What a [`StructuredStream`] yields.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum StructuredEvent<T> {
    /// More of the answer's text.
    Text(String),
    /// The whole answer, decoded, and the completion it came in (usage, cost).
    Done(Box<Parsed<T, Completion>>),
}

/// A streamed structured answer ([`Chat::send_parsed_stream`]).
pub struct StructuredStream<T> {
    events: EventStream<ChatStreamChunk, ChatSendError>,
    acc: ChatAccumulator,
    wrapped: bool,
    done: bool,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for StructuredStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StructuredStream")
            .field("so_far", &self.acc.completion().text())
            .finish_non_exhaustive()
    }
}

impl<T> StructuredStream<T> {
    /// What has arrived so far.
    pub fn completion(&self) -> &Completion {
        self.acc.completion()
    }
}

impl<T: DeserializeOwned> Stream for StructuredStream<T> {
    type Item = Result<StructuredEvent<T>, StructuredError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.events).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(StructuredError::Chat(Box::new(e)))));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    this.acc.push(&chunk);
                    let text: String = chunk
                        .choices
                        .iter()
                        .filter(|c| c.index == 0)
                        .filter_map(|c| c.delta.get_content())
                        .collect();
                    if !text.is_empty() {
                        return Poll::Ready(Some(Ok(StructuredEvent::Text(text))));
                    }
                }
                Poll::Ready(None) => {
                    this.done = true;
                    let completion = std::mem::take(&mut this.acc).finish();
                    let first = completion.choices.first();
                    if let Some(refusal) = first.map(|c| &c.refusal).filter(|r| !r.is_empty()) {
                        let refusal = refusal.clone();
                        return Poll::Ready(Some(Err(StructuredError::Refusal { refusal })));
                    }
                    if completion.text().is_empty() {
                        return Poll::Ready(Some(Err(StructuredError::NoContent)));
                    }
                    return Poll::Ready(Some(decode(completion.text(), this.wrapped).map(
                        |value| {
                            StructuredEvent::Done(Box::new(Parsed {
                                value,
                                result: completion,
                            }))
                        },
                    )));
                }
            }
        }
    }
}
