//! Tools defined from Rust types: a name, a description, an argument type whose JSON
//! Schema the model sees (strict mode), and an async handler.

use std::future::Future;
use std::pin::Pin;

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::schema::{SchemaError, strict_schema};
use crate::openrouter::types::{
    ChatFunctionTool, ChatFunctionToolFunction, ChatFunctionToolFunctionFunction,
};
use crate::openrouter::{ArgumentsError, ToolCall};

/// A tool the model may call: implement it on your own type, or build one from a closure
/// with [`tool`].
///
/// ```
/// # use llmgate::openrouter::agent::Tool;
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct Weather { city: String }
///
/// struct GetWeather;
/// impl Tool for GetWeather {
///     type Args = Weather;
///     type Output = String;
///     type Error = std::convert::Infallible;
///     fn name(&self) -> &str { "get_weather" }
///     fn description(&self) -> &str { "The weather in a city, now." }
///     async fn call(&self, args: Weather) -> Result<String, Self::Error> {
///         Ok(format!("Sunny in {}", args.city))
///     }
/// }
/// ```
pub trait Tool: Send + Sync {
    /// The arguments, decoded from the model's JSON (its schema is what the model sees).
    type Args: DeserializeOwned + JsonSchema + Send;
    /// The result, sent back to the model (a string as it is, anything else as JSON).
    type Output: Serialize;
    /// A failure, sent back to the model as the tool's result (or ending the run; see
    /// [`ToolErrors`](super::ToolErrors)).
    type Error: std::fmt::Display;
    /// The function name the model calls (`^[a-zA-Z0-9_-]{1,64}$`).
    fn name(&self) -> &str;
    /// What the tool does, for the model.
    fn description(&self) -> &str;
    /// Run the tool.
    fn call(
        &self,
        args: Self::Args,
    ) -> impl Future<Output = Result<Self::Output, Self::Error>> + Send;
}

/// A tool from a name, a description and an async closure taking the arguments.
///
/// ```
/// use llmgate::openrouter::agent::tool;
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct Add { a: i64, b: i64 }
/// let add = tool("add", "Add two integers.", |args: Add| async move {
///     Ok::<_, std::convert::Infallible>(args.a + args.b)
/// });
/// ```
pub fn tool<A, O, E, F, Fut>(
    name: impl Into<String>,
    description: impl Into<String>,
    handler: F,
) -> FnTool<A, F>
where
    A: DeserializeOwned + JsonSchema + Send,
    O: Serialize,
    E: std::fmt::Display,
    F: Fn(A) -> Fut + Send + Sync,
    Fut: Future<Output = Result<O, E>> + Send,
{
    FnTool {
        name: name.into(),
        description: description.into(),
        handler,
        _args: std::marker::PhantomData,
    }
}

/// A tool built by [`tool`].
pub struct FnTool<A, F> {
    name: String,
    description: String,
    handler: F,
    _args: std::marker::PhantomData<fn(A)>,
}

impl<A, F> std::fmt::Debug for FnTool<A, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnTool").field("name", &self.name).finish()
    }
}

impl<A, O, E, F, Fut> Tool for FnTool<A, F>
where
    A: DeserializeOwned + JsonSchema + Send,
    O: Serialize,
    E: std::fmt::Display,
    F: Fn(A) -> Fut + Send + Sync,
    Fut: Future<Output = Result<O, E>> + Send,
{
    type Args = A;
    type Output = O;
    type Error = E;
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> &str {
        &self.description
    }
    fn call(&self, args: A) -> impl Future<Output = Result<O, E>> + Send {
        (self.handler)(args)
    }
}

/// The definition the model sees for `tool`: its name, description and the strict JSON
/// Schema of its arguments.
pub fn definition<T: Tool + ?Sized>(tool: &T) -> Result<ChatFunctionTool, SchemaError> {
    let schema = strict_schema::<T::Args>()?;
    if schema.wrapped {
        return Err(SchemaError {
            type_name: <T::Args as JsonSchema>::schema_name().into_owned(),
            problems: vec!["/: a tool's arguments must be an object (a struct)".into()],
        });
    }
    let function = ChatFunctionToolFunctionFunction::new(tool.name())
        .description(tool.description())
        .parameters(schema.schema)
        .strict(true);
    Ok(ChatFunctionToolFunction::new(function).into())
}

/// Why a tool call has no result.
#[derive(Debug)]
#[non_exhaustive]
pub enum ToolFailure {
    /// The model called a tool the set does not hold.
    UnknownTool(String),
    /// The arguments do not decode into the tool's argument type.
    Arguments(ArgumentsError),
    /// The tool ran and failed: its error, as text.
    Failed {
        /// The tool's name.
        tool: String,
        /// Its error.
        error: String,
    },
    /// The result does not encode as JSON.
    Output {
        /// The tool's name.
        tool: String,
        /// Why.
        error: String,
    },
}

impl std::fmt::Display for ToolFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownTool(name) => write!(f, "no tool is named `{name}`"),
            Self::Arguments(e) => write!(f, "{e}"),
            Self::Failed { tool, error } => write!(f, "the tool `{tool}` failed: {error}"),
            Self::Output { tool, error } => {
                write!(f, "the result of `{tool}` does not encode: {error}")
            }
        }
    }
}

impl std::error::Error for ToolFailure {}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A tool with its types erased, as a [`ToolSet`] holds it.
trait Erased: Send + Sync {
    fn name(&self) -> &str;
    fn definition(&self) -> Result<ChatFunctionTool, SchemaError>;
    fn run<'a>(&'a self, call: &'a ToolCall) -> BoxFuture<'a, Result<String, ToolFailure>>;
}

impl<T: Tool> Erased for T {
    fn name(&self) -> &str {
        Tool::name(self)
    }
    fn definition(&self) -> Result<ChatFunctionTool, SchemaError> {
        definition(self)
    }
    fn run<'a>(&'a self, call: &'a ToolCall) -> BoxFuture<'a, Result<String, ToolFailure>> {
        Box::pin(async move {
            let args = call.parse::<T::Args>().map_err(ToolFailure::Arguments)?;
            let name = Tool::name(self).to_owned();
            let output = self.call(args).await.map_err(|e| ToolFailure::Failed {
                tool: name.clone(),
                error: e.to_string(),
            })?;
            match serde_json::to_value(&output) {
                Ok(serde_json::Value::String(text)) => Ok(text),
                Ok(value) => Ok(value.to_string()),
                Err(e) => Err(ToolFailure::Output {
                    tool: name,
                    error: e.to_string(),
                }),
            }
        })
    }
}

/// The tools of a run, by name.
#[derive(Default)]
pub struct ToolSet {
    tools: Vec<Box<dyn Erased>>,
}

impl std::fmt::Debug for ToolSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.tools.iter().map(|t| t.name()))
            .finish()
    }
}

impl ToolSet {
    /// No tools.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a tool (one of the same name is replaced).
    pub fn with(mut self, tool: impl Tool + 'static) -> Self {
        self.tools.retain(|t| t.name() != tool.name());
        self.tools.push(Box::new(tool));
        self
    }

    /// The tools' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tools.iter().map(|t| t.name())
    }

    /// The definitions the model sees.
    pub fn definitions(&self) -> Result<Vec<ChatFunctionTool>, SchemaError> {
        self.tools.iter().map(|t| t.definition()).collect()
    }

    /// Run the tool `call` names: its result as text, or why there is none.
    pub async fn call(&self, call: &ToolCall) -> Result<String, ToolFailure> {
        match self.tools.iter().find(|t| t.name() == call.name) {
            Some(t) => t.run(call).await,
            None => Err(ToolFailure::UnknownTool(call.name.clone())),
        }
    }
}
