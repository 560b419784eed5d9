//! The tool loop: send, run the tools the model calls (concurrently), append their
//! results, repeat, until the model answers in text or a stop condition holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;

use super::schema::SchemaError;
use super::structured::ChatError;
use super::tools::{ToolFailure, ToolSet};
use crate::openrouter::types::{
    ChatAssistantMessage, ChatMessages, ChatRequest, ChatToolChoice, ChatUsage,
};
use crate::openrouter::{Chat, ChatAccumulator, ToolCall};

/// When a run stops besides the model answering in text (`@openrouter/agent`'s stop
/// conditions). Each is checked after a round's tools have run.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StopWhen {
    /// After this many rounds (requests to the model).
    StepCountIs(u32),
    /// Once the summed `usage.cost` reaches this many credits (US dollars).
    MaxCost(f64),
    /// Once the summed `total_tokens` reach this many.
    MaxTokensUsed(i64),
    /// Once the model has called the tool of this name (its result is appended).
    HasToolCall(String),
}

/// What happens when a tool fails or its arguments do not decode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ToolErrors {
    /// The failure goes back to the model as the tool's result (`error: ...`), so that it
    /// can correct itself. The default.
    #[default]
    Report,
    /// The run ends with [`RunError::Tool`].
    Fail,
}

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StopReason {
    /// The model answered in text, calling no tool.
    Answered,
    /// [`StopWhen::StepCountIs`] held.
    StepCount(u32),
    /// [`StopWhen::MaxCost`] held: what was spent, and the limit.
    Cost {
        /// Credits spent over every round.
        spent: f64,
        /// The limit.
        limit: f64,
    },
    /// [`StopWhen::MaxTokensUsed`] held.
    Tokens {
        /// Tokens used over every round.
        used: i64,
        /// The limit.
        limit: i64,
    },
    /// [`StopWhen::HasToolCall`] held: the tool's name.
    ToolCalled(String),
    /// The model made the same call, with the same arguments, once too often (it was not
    /// run again): the tool's name and the arguments.
    Loop {
        /// The tool.
        tool: String,
        /// Its arguments, as sent.
        arguments: String,
    },
}

/// Tokens and cost, summed over a run's rounds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RunUsage {
    /// Prompt tokens.
    pub prompt_tokens: i64,
    /// Completion tokens.
    pub completion_tokens: i64,
    /// All tokens.
    pub total_tokens: i64,
    /// Credits (US dollars), from each round's `usage.cost`.
    pub cost: f64,
    /// Rounds whose answer carried no usage.
    pub rounds_without_usage: u32,
}

impl RunUsage {
    fn add(&mut self, usage: Option<&ChatUsage>) {
        let Some(u) = usage else {
            self.rounds_without_usage += 1;
            return;
        };
        self.prompt_tokens += u.prompt_tokens;
        self.completion_tokens += u.completion_tokens;
        self.total_tokens += u.total_tokens;
        self.cost += u.get_cost().copied().unwrap_or_default();
    }
}

/// What a run did.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RunResult {
    /// The final answer's text (empty when the run stopped on a tool call).
    pub text: String,
    /// The whole conversation: the request's messages, then every round's assistant
    /// message and tool results (send it again to continue).
    pub messages: Vec<ChatMessages>,
    /// Rounds sent.
    pub steps: u32,
    /// Tokens and cost over every round.
    pub usage: RunUsage,
    /// Why it stopped.
    pub stop: StopReason,
}

/// Why a run ended without a result; each keeps what the run had done.
#[derive(Debug)]
#[non_exhaustive]
pub enum RunError {
    /// A request failed.
    Chat {
        /// The error.
        error: Box<ChatError>,
        /// The run until then ([`StopReason::Answered`] stands in for "interrupted").
        partial: Box<RunResult>,
    },
    /// A tool failed, with [`ToolErrors::Fail`].
    Tool {
        /// The failure.
        failure: ToolFailure,
        /// The run until then.
        partial: Box<RunResult>,
    },
    /// A tool's argument type has no strict JSON Schema.
    Schema(SchemaError),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Chat { error, partial } => {
                write!(f, "{error} (in round {})", partial.steps)
            }
            Self::Tool { failure, partial } => {
                write!(f, "{failure} (in round {})", partial.steps)
            }
            Self::Schema(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RunError {}

/// What a streamed run reports as it goes ([`Run::stream`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum RunEvent {
    /// More of the answer's text.
    Text(String),
    /// More of the model's reasoning.
    Reasoning(String),
    /// A tool call, once its arguments are complete.
    ToolCall(ToolCall),
    /// A tool's result (or failure, as sent to the model).
    ToolResult {
        /// The call.
        call: ToolCall,
        /// The text sent back to the model.
        content: String,
        /// False when the tool failed or its arguments did not decode.
        ok: bool,
    },
    /// A round ended; the usage so far.
    Step {
        /// The round's number, from 1.
        step: u32,
        /// Summed usage so far.
        usage: RunUsage,
    },
}

/// What a run has done so far, readable while it runs and after it was cancelled
/// (dropped): [`Run::progress`].
#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<Mutex<Snapshot>>);

/// A copy of a run's [`Progress`].
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Snapshot {
    /// The conversation so far (the request's messages, then what arrived).
    pub messages: Vec<ChatMessages>,
    /// Rounds sent.
    pub steps: u32,
    /// Tokens and cost of the rounds that finished.
    pub usage: RunUsage,
    /// The text of the current round so far (streamed runs).
    pub text: String,
}

impl Progress {
    /// What the run has done so far.
    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Snapshot> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A tool loop, set up by [`Chat::run`]; `.send().await` or `.stream(..).await` runs it.
#[must_use = "a run does nothing until `.send()` or `.stream(..)`"]
pub struct Run<'c> {
    chat: Chat<'c>,
    request: ChatRequest,
    tools: &'c ToolSet,
    stops: Vec<StopWhen>,
    final_turn: bool,
    tool_errors: ToolErrors,
    repeats: u32,
    progress: Progress,
}

impl std::fmt::Debug for Run<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("tools", self.tools)
            .field("stops", &self.stops)
            .field("final_turn", &self.final_turn)
            .finish_non_exhaustive()
    }
}

impl<'c> Chat<'c> {
    /// A tool loop over `request` with `tools`: each round sends the conversation, runs
    /// the tools the model calls (concurrently), appends their results and repeats, until
    /// the model answers in text or a [`StopWhen`] holds. By default: at most 10 rounds,
    /// tool failures reported to the model, and a call repeated with the same arguments a
    /// third time stops the run ([`StopReason::Loop`]).
    pub fn run(self, request: &ChatRequest, tools: &'c ToolSet) -> Run<'c> {
        let progress = Progress::default();
        progress.lock().messages = request.messages.clone();
        Run {
            chat: self,
            request: request.clone(),
            tools,
            stops: vec![StopWhen::StepCountIs(10)],
            final_turn: false,
            tool_errors: ToolErrors::Report,
            repeats: 2,
            progress,
        }
    }
}

/// One round's answer, from a plain or a streamed call.
struct Round {
    message: ChatAssistantMessage,
    text: String,
    calls: Vec<ToolCall>,
    usage: Option<ChatUsage>,
}

type Sink<'s> = Option<&'s mut (dyn FnMut(RunEvent) + Send)>;

impl Run<'_> {
    /// Stop when `condition` holds too. The first [`StopWhen::StepCountIs`] given
    /// replaces the default of 10 rounds.
    pub fn stop_when(mut self, condition: StopWhen) -> Self {
        if matches!(condition, StopWhen::StepCountIs(_)) {
            self.stops
                .retain(|s| !matches!(s, StopWhen::StepCountIs(_)));
        }
        self.stops.push(condition);
        self
    }

    /// After a stop condition holds, ask once more with `tool_choice: none`, so that the
    /// run ends with an answer in text.
    pub fn final_turn(mut self, on: bool) -> Self {
        self.final_turn = on;
        self
    }

    /// What a tool failure does ([`ToolErrors::Report`] by default).
    pub fn tool_errors(mut self, policy: ToolErrors) -> Self {
        self.tool_errors = policy;
        self
    }

    /// How often the same call (tool and arguments) may repeat before the run stops
    /// ([`StopReason::Loop`]); 2 by default, so the third identical call stops it.
    pub fn max_repeats(mut self, repeats: u32) -> Self {
        self.repeats = repeats;
        self
    }

    /// A handle on what the run has done, which outlives the run: cancel it (drop the
    /// future) and the messages and usage so far are still here.
    pub fn progress(&self) -> Progress {
        self.progress.clone()
    }

    /// Run to the end.
    pub async fn send(self) -> Result<RunResult, RunError> {
        self.drive(None).await
    }

    /// Run to the end, streaming each round: `on_event` sees text and reasoning as they
    /// arrive, each tool call once assembled, each tool result, and each round's end.
    pub async fn stream(
        self,
        mut on_event: impl FnMut(RunEvent) + Send,
    ) -> Result<RunResult, RunError> {
        self.drive(Some(&mut on_event)).await
    }

    async fn drive(self, mut sink: Sink<'_>) -> Result<RunResult, RunError> {
        let definitions = self.tools.definitions().map_err(RunError::Schema)?;
        let mut request = self.request.clone();
        let mut all_tools = request.tools.take().unwrap_or_default();
        all_tools.extend(definitions);
        request.tools = Some(all_tools);
        let mut seen: HashMap<(String, String), u32> = HashMap::new();
        loop {
            let round = self.round(&request, &mut sink).await?;
            let step = self.progress.lock().steps;
            let calls = round.calls.clone();
            if calls.is_empty() {
                self.append(vec![round.message.into()]);
                return Ok(self.result(round.text, StopReason::Answered));
            }
            if let Some(call) = repeated(&mut seen, &calls, self.repeats) {
                let stop = StopReason::Loop {
                    tool: call.name.clone(),
                    arguments: call.arguments.clone(),
                };
                return self.finish(&request, stop, &mut sink).await;
            }
            self.append(vec![round.message.into()]);
            let answers = self.run_tools(&calls, &mut sink).await?;
            self.append(answers);
            if let Some(stop) = self.stop_reason(&calls, step) {
                return self.finish(&request, stop, &mut sink).await;
            }
        }
    }

    /// One request with the conversation so far; its usage counted.
    async fn round(&self, request: &ChatRequest, sink: &mut Sink<'_>) -> Result<Round, RunError> {
        let mut request = request.clone();
        request.messages = self.progress.lock().messages.clone();
        self.progress.lock().steps += 1;
        let round = match sink {
            None => self.plain(&request).await,
            Some(sink) => self.streamed(&request, &mut **sink).await,
        }
        .map_err(|error| RunError::Chat {
            error: Box::new(error),
            partial: Box::new(self.result(String::new(), StopReason::Answered)),
        })?;
        let usage = {
            let mut p = self.progress.lock();
            p.usage.add(round.usage.as_ref());
            p.text.clear();
            (p.steps, p.usage)
        };
        if let Some(sink) = sink {
            sink(RunEvent::Step {
                step: usage.0,
                usage: usage.1,
            });
        }
        Ok(round)
    }

    async fn plain(&self, request: &ChatRequest) -> Result<Round, ChatError> {
        let result = self.chat.send(request).await?;
        Ok(Round {
            message: result.message().cloned().unwrap_or_default(),
            text: result.text().unwrap_or_default(),
            calls: result.calls(),
            usage: result.usage,
        })
    }

    async fn streamed(
        &self,
        request: &ChatRequest,
        sink: &mut (dyn FnMut(RunEvent) + Send),
    ) -> Result<Round, ChatError> {
        let mut events = self.chat.send_stream(request).await?;
        let mut acc = ChatAccumulator::new();
        while let Some(chunk) = events.next().await {
            let chunk = chunk?;
            acc.push(&chunk);
            for choice in chunk.choices.iter().filter(|c| c.index == 0) {
                if let Some(text) = choice.delta.get_content().filter(|t| !t.is_empty()) {
                    self.progress.lock().text.push_str(text);
                    sink(RunEvent::Text(text.to_owned()));
                }
                if let Some(text) = choice.delta.get_reasoning().filter(|t| !t.is_empty()) {
                    sink(RunEvent::Reasoning(text.to_owned()));
                }
            }
        }
        let completion = acc.finish();
        for call in completion.tool_calls() {
            sink(RunEvent::ToolCall(call.clone()));
        }
        Ok(Round {
            message: completion.message(),
            text: completion.text().to_owned(),
            calls: completion.tool_calls().to_vec(),
            usage: completion.usage,
        })
    }

    /// Run `calls` concurrently; their answers in call order.
    async fn run_tools(
        &self,
        calls: &[ToolCall],
        sink: &mut Sink<'_>,
    ) -> Result<Vec<ChatMessages>, RunError> {
        let outcomes =
            futures_util::future::join_all(calls.iter().map(|c| self.tools.call(c))).await;
        let mut answers = Vec::with_capacity(calls.len());
        for (call, outcome) in calls.iter().zip(outcomes) {
            let (content, ok) = match outcome {
                Ok(text) => (text, true),
                Err(failure) if self.tool_errors == ToolErrors::Fail => {
                    let partial = Box::new(self.result(String::new(), StopReason::Answered));
                    return Err(RunError::Tool { failure, partial });
                }
                Err(failure) => (format!("error: {failure}"), false),
            };
            if let Some(sink) = sink {
                sink(RunEvent::ToolResult {
                    call: call.clone(),
                    content: content.clone(),
                    ok,
                });
            }
            answers.push(call.answer(content));
        }
        Ok(answers)
    }

    /// The first stop condition that holds after round `step`.
    fn stop_reason(&self, calls: &[ToolCall], step: u32) -> Option<StopReason> {
        let usage = self.progress.lock().usage;
        self.stops.iter().find_map(|s| match s {
            StopWhen::StepCountIs(n) if step >= *n => Some(StopReason::StepCount(*n)),
            StopWhen::MaxCost(limit) if usage.cost >= *limit => Some(StopReason::Cost {
                spent: usage.cost,
                limit: *limit,
            }),
            StopWhen::MaxTokensUsed(limit) if usage.total_tokens >= *limit => {
                Some(StopReason::Tokens {
                    used: usage.total_tokens,
                    limit: *limit,
                })
            }
            StopWhen::HasToolCall(name) if calls.iter().any(|c| &c.name == name) => {
                Some(StopReason::ToolCalled(name.clone()))
            }
            _ => None,
        })
    }

    /// End with `stop`, after one last turn without tools when asked.
    async fn finish(
        &self,
        request: &ChatRequest,
        stop: StopReason,
        sink: &mut Sink<'_>,
    ) -> Result<RunResult, RunError> {
        if !self.final_turn {
            return Ok(self.result(String::new(), stop));
        }
        let mut last = request.clone();
        last.tool_choice = Some(ChatToolChoice::None);
        let round = self.round(&last, sink).await?;
        self.append(vec![round.message.into()]);
        Ok(self.result(round.text, stop))
    }

    fn append(&self, messages: Vec<ChatMessages>) {
        self.progress.lock().messages.extend(messages);
    }

    fn result(&self, text: String, stop: StopReason) -> RunResult {
        let p = self.progress.lock();
        RunResult {
            text,
            messages: p.messages.clone(),
            steps: p.steps,
            usage: p.usage,
            stop,
        }
    }
}

/// The first call of `calls` made more than `repeats` times before (by tool and
/// arguments, compared as JSON); counts them.
fn repeated<'a>(
    seen: &mut HashMap<(String, String), u32>,
    calls: &'a [ToolCall],
    repeats: u32,
) -> Option<&'a ToolCall> {
    let mut found = None;
    for call in calls {
        let args = serde_json::from_str::<serde_json::Value>(&call.arguments)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| call.arguments.clone());
        let n = seen.entry((call.name.clone(), args)).or_default();
        *n += 1;
        if *n > repeats && found.is_none() {
            found = Some(call);
        }
    }
    found
}
