//! Choices about generated code that the lowering and emitting stages read.

/// How operations become methods (see the llmgate README, "Names").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Grouping {
    /// Group methods as the spec's SDK extensions say, when it has any:
    /// `x-speakeasy-group` (else the first tag) picks the client accessor
    /// (`client.chat()`), `x-speakeasy-name-override` (else the operationId) the method
    /// name (`.send(..)`). A spec with neither extension stays [`Grouping::Flat`].
    #[default]
    Extensions,
    /// Group by each operation's first tag, whatever the spec declares (extensions still
    /// name groups and methods where present).
    Tags,
    /// One method per operation on the client, named after its operationId.
    Flat,
}
