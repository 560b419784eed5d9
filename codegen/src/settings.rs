//! The settings of one generation: the pure core's input beside the spec text, read by
//! every stage below it (subset, lower, emit). [`Config`](crate::Config), the build-script
//! shell, holds one per spec.

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

/// Options for one generation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Settings {
    /// Name used for the spec in error messages (usually its path).
    pub file_name: String,
    /// Path at which the generated code reaches llmgate's runtime module.
    /// `::llmgate::runtime` by default; llmgate itself uses `crate::runtime`.
    pub runtime_path: String,
    /// Prefix of the environment variables `Client::from_env` reads: `<PREFIX>_API_KEY`
    /// and `<PREFIX>_BASE_URL`. `None`: derived from the module name ([`Config`](crate::Config)) or
    /// else from the spec's title.
    pub env_prefix: Option<String>,
    /// The provider's name in errors and docs. `None`: the spec's title, less a trailing
    /// "API".
    pub provider_name: Option<String>,
    /// Refuse specs with defects that do not change the generated code (a missing
    /// `info.version`, say), which are otherwise warnings in the [`Report`](crate::Report).
    pub strict: bool,
    /// Generate only these operations (by operationId) and what they reach. With
    /// `tags`, an operation matching either is kept; both empty: everything.
    pub operations: Vec<String>,
    /// Generate only the operations carrying one of these tags (see `operations`).
    pub tags: Vec<String>,
    /// Whether to generate a `mock` module with a typed mock server (needs llmgate's
    /// `mock` cargo feature in the crate that compiles it).
    pub mock: Mock,
    /// Derive `PartialEq` on structs, unions, parameter structs and error enums (on by
    /// default; string enums always have it). Off saves compile time on large specs when
    /// nothing compares values.
    pub partial_eq: bool,
    /// Emit every item as tokens formatted by prettyplease, without the fast path that
    /// writes the repetitive ones (struct definitions, setters, getters) as text. The
    /// output is the same either way (tested); this exists to compare the two.
    #[doc(hidden)]
    pub token_items: bool,
    /// Implement both `Serialize` and `Deserialize` on every type (on by default). Off:
    /// each type gets what the client needs — `Serialize` for what it sends, `Deserialize`
    /// for what it reads, both for members of unions it reads (deciding a variant
    /// re-encodes it) and for schemas no operation uses. Ignored (both) with a mock module,
    /// which decodes requests and encodes responses.
    pub serde_both: bool,
    /// With `serde_both` off: implement the directions a type does not need behind this
    /// cargo feature of the crate that includes the code (`#[cfg_attr(feature = ..)]`)
    /// instead of leaving them out. A mock module behind its own feature then needs that
    /// feature to enable this one (llmgate: `mock` enables `full-serde`).
    pub serde_feature: Option<String>,
    /// How operations become methods: grouped (`client.chat().send(..)`) or flat
    /// (`client.send_chat_completion_request(..)`); see [`Grouping`].
    pub grouping: Grouping,
    /// Generate only the operations of these method groups (by accessor, `chat` or
    /// `api_keys`, or by cargo feature name, `api-keys`), besides any `operations`/`tags`;
    /// `Some(vec![])` with neither generates no operation. `None`: no group selection.
    /// An unknown group is an error listing the spec's groups.
    pub groups: Option<Vec<String>>,
    /// OpenAPI Overlay 1.0 documents applied, in order, to the spec before anything else
    /// reads it: (name for errors, YAML or JSON text). See [`Settings::overlay`].
    pub overlays: Vec<(String, String)>,
    /// With a mock module: a function `fn(&mock::MockServer)`, by its path from the
    /// generated module (`super::mock_defaults`), that `MockServer::start` runs to install
    /// hand-written default answers (`on_<operation>` calls inside it set defaults, which a
    /// test's own handler replaces). See [`Settings::mock_defaults`].
    pub mock_defaults: Option<String>,
    /// Report the required response properties the spec's own examples leave out (on by
    /// default), as warnings naming them (see [`evidence`](crate::evidence)). Types follow
    /// the schema either way: the decoder tolerates a missing required property.
    pub evidence: bool,
    /// Generated clients decode strictly by default: a required property an answer
    /// lacks fails the call naming its JSON path (off by default: it reads as its type's
    /// absent value and is recorded in the value's `missing` field). Users can still
    /// choose per client and per call (`strict_decoding` on the builder and on
    /// `CallOptions`).
    pub strict_decoding: bool,
    /// A name lock (file name for errors, its text): old names it lists for an item that
    /// now has another are kept as `#[deprecated]` aliases ([`crate::lock`]).
    pub name_lock: Option<(String, String)>,
    /// Method groups left out by cargo features, as (accessor, feature): each keeps an
    /// accessor whose type (`EnableModelsFeature`) names the feature, so that calling it
    /// fails to compile saying what to enable.
    pub disabled_groups: Vec<(String, String)>,
}

/// Whether generated code includes `mock::MockServer`, a local server answering every
/// operation as the spec describes (see the llmgate README).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mock {
    /// No mock module.
    #[default]
    Off,
    /// A `mock` module, always compiled.
    On,
    /// A `mock` module compiled only with this cargo feature of the crate that includes
    /// the code (`#[cfg(feature = "...")]`).
    Feature(String),
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            file_name: "<spec>".to_owned(),
            runtime_path: "::llmgate::runtime".to_owned(),
            env_prefix: None,
            provider_name: None,
            strict: false,
            operations: Vec::new(),
            tags: Vec::new(),
            mock: Mock::Off,
            partial_eq: true,
            token_items: false,
            serde_both: true,
            serde_feature: None,
            grouping: Grouping::default(),
            groups: None,
            overlays: Vec::new(),
            mock_defaults: None,
            evidence: true,
            strict_decoding: false,
            name_lock: None,
            disabled_groups: Vec::new(),
        }
    }
}

impl Settings {
    /// Settings naming the spec `file_name` in errors.
    pub fn new(file_name: impl Into<String>) -> Self {
        Settings {
            file_name: file_name.into(),
            ..Settings::default()
        }
    }

    /// Set the path of the runtime module the generated code uses.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// Set the environment variable prefix (`MY_GATEWAY` reads `MY_GATEWAY_API_KEY`).
    pub fn env_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.env_prefix = Some(prefix.into());
        self
    }

    /// Generate only these operations and the schemas they reach ([`Settings::operations`]).
    pub fn operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.operations = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Generate only operations with these tags ([`Settings::tags`]).
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Refuse defects that are otherwise warnings (see [`Settings::strict`]).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Set the provider's name (errors and docs).
    pub fn provider_name(mut self, name: impl Into<String>) -> Self {
        self.provider_name = Some(name.into());
        self
    }

    /// Generate a `mock` module ([`Mock`]).
    pub fn mock(mut self, mock: Mock) -> Self {
        self.mock = mock;
        self
    }

    /// Implement both serde directions on every type ([`Settings::serde_both`]).
    pub fn serde_both(mut self, on: bool) -> Self {
        self.serde_both = on;
        self
    }

    /// Keep the unneeded serde directions behind a cargo feature ([`Settings::serde_feature`]).
    pub fn serde_feature(mut self, feature: impl Into<String>) -> Self {
        self.serde_feature = Some(feature.into());
        self
    }

    /// Generate only these method groups ([`Settings::groups`]).
    pub fn groups<S: Into<String>>(mut self, groups: impl IntoIterator<Item = S>) -> Self {
        self.groups = Some(groups.into_iter().map(Into::into).collect());
        self
    }

    /// Apply an OpenAPI Overlay 1.0 document (`text`, named `file_name` in errors) to the
    /// spec before generating: `update` merges into every node its JSONPath `target`
    /// selects, `remove: true` takes them out. A target that selects nothing is an error.
    /// Several overlays apply in the order given.
    pub fn overlay(mut self, file_name: impl Into<String>, text: impl Into<String>) -> Self {
        self.overlays.push((file_name.into(), text.into()));
        self
    }

    /// Install hand-written default answers in the mock ([`Settings::mock_defaults`]).
    pub fn mock_defaults(mut self, path: impl Into<String>) -> Self {
        self.mock_defaults = Some(path.into());
        self
    }

    /// Keep the names of a name lock as deprecated aliases ([`Settings::name_lock`]): `file`
    /// names it in errors, `text` is its content.
    pub fn name_lock(mut self, file: impl Into<String>, text: impl Into<String>) -> Self {
        self.name_lock = Some((file.into(), text.into()));
        self
    }

    /// Decode strictly by default in generated clients ([`Settings::strict_decoding`]).
    pub fn strict_decoding(mut self, on: bool) -> Self {
        self.strict_decoding = on;
        self
    }

    /// Report what the examples of responses omit ([`Settings::evidence`]).
    pub fn evidence(mut self, on: bool) -> Self {
        self.evidence = on;
        self
    }

    /// Choose how operations become methods ([`Grouping`]).
    pub fn grouping(mut self, grouping: Grouping) -> Self {
        self.grouping = grouping;
        self
    }

    /// Derive `PartialEq` on generated structs and unions ([`Settings::partial_eq`]).
    pub fn partial_eq(mut self, on: bool) -> Self {
        self.partial_eq = on;
        self
    }
}
