//! # llmgate-codegen
//!
//! Turns an OpenAPI 3.0.x or 3.1.x document into a typed async Rust client, from a
//! build script. It is the generator behind [`llmgate`](https://docs.rs/llmgate), and
//! works for any spec whose generated code uses llmgate's runtime.
//!
//! The pipeline has one module per stage, and each stage only reads the previous one's
//! output:
//!
//! 1. `load`: YAML or JSON text to a JSON value tree (limits on depth and aliases);
//! 2. `normalize`: the tree to one `model` for both OpenAPI dialects (`nullable` and
//!    `type: [T, 'null']`, `const`, `examples`, `$ref` with sibling keys, nested tag lists);
//! 3. `lower`: the model to the `ir`, where every Rust name and type is decided;
//! 4. `emit`: the IR to tokens with `quote` (structs implement serde through the
//!    runtime's `object!` macro, open enums through `open_enum!`);
//! 5. `format`: `syn::parse2` and `prettyplease`, under an `@generated` header. With 64
//!    types or more, stages 4 and 5 run on two threads, one per half of the `types`
//!    module, joined into the same bytes one thread writes.
//!
//! Same input, same bytes: maps keep document order and emitted items are sorted by name.
//!
//! ## What the generated types promise
//!
//! **Nothing is lost between the wire and the types.** A value valid under a schema
//! decodes into its type and encodes back to the same JSON; `ci/roundtrip` checks this by
//! property over every component schema of the published OpenRouter specs.
//!
//! - **Unions decide by evidence, not by order.** A tagged union (a `discriminator`, or a
//!   property every variant pins to a different constant) dispatches on the tag; variants
//!   sharing a tag value, or a value without the tag, are tried as below. An untagged
//!   union tries its variants from the most to the least specific shape and takes the
//!   first whose constant properties match and which re-encodes the value unchanged; a
//!   value that no variant keeps whole decodes as `Unknown(serde_json::Value)`, kept as
//!   sent. A member that is a single constant is a unit variant (`ToolChoice::Auto`).
//!   Variants are named after the member's `$ref`, title, constant or shape (`Text`,
//!   `Parts`, `<Item>List`), never numbered where the member says anything.
//! - **Absent, `null` and a value stay apart.** A property that is optional and nullable
//!   is `Option<Nullable<T>>`: `None` is absent, `Some(Nullable::Null)` is `null`. Required
//!   and nullable is `Option<T>`; optional and not nullable is `Option<T>`, omitted when
//!   `None`. Free-form values (`{}`, an object without properties) are
//!   `serde_json::Value`, `null` included; declared `additionalProperties` are kept in
//!   the struct's `additional_properties` map.
//! - **Parameters serialize as OpenAPI says**: path (`simple`, `label`, `matrix`), query
//!   (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`) and header values of any
//!   shape, per `style` and `explode`; a union of primitives is sent as the primitive it
//!   holds, never JSON-quoted.
//! - **Streams only where the spec streams**: an operation gets a `_stream` method when a
//!   success response declares `text/event-stream` and, if it also answers in JSON, its
//!   JSON body has the boolean `stream` switch; the stream method sends
//!   `Accept: text/event-stream`, the plain one `Accept: application/json`.
//!
//! ## Building requests
//!
//! Every struct has `new(required…)` (required constants filled in) and one chainable
//! setter per optional property taking `impl Into<T>`, plus `<name>_null()` for nullable
//! ones; unions convert with `From` from each variant's payload and from `&str`/`String`
//! where one variant holds a string; open enums convert from strings. An operation whose
//! query and header parameters are all optional takes none in its plain method and a
//! `<name>_with(.., &params, ..)` takes them.
//!
//! ```ignore
//! let request = ChatRequest::new([ChatUserMessage::new("Hello").into()])
//!     .model("openai/gpt-4o-mini")
//!     .temperature(0.2);
//! let result = client.send_chat_completion_request(&request).await?;
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     llmgate_codegen::Config::new()
//!         .spec("spec/openrouter.yaml", "openrouter")
//!         .compile()?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate: `pub mod openrouter { include!(concat!(env!("OUT_DIR"), "/openrouter.rs")); }`.

#![deny(missing_docs)]

pub mod diff;
mod emit;
mod error;
mod format;
mod ir;
mod load;
mod lower;
mod model;
mod naming;
mod normalize;
mod overlay;
mod settings;
mod subset;
mod synth;
pub mod vendor;
mod yaml;

use std::path::{Path, PathBuf};

pub use error::{Error, Location};
pub use ir::{Example, ExampleKind, Fallback, Report, SchemaType};
pub use load::MAX_DEPTH;
pub use normalize::MAX_REF_HOPS;
pub use settings::Grouping;
pub use subset::Subset;

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
    /// and `<PREFIX>_BASE_URL`. `None`: derived from the module name ([`Config`]) or
    /// else from the spec's title.
    pub env_prefix: Option<String>,
    /// The provider's name in errors and docs. `None`: the spec's title, less a trailing
    /// "API".
    pub provider_name: Option<String>,
    /// Refuse specs with defects that do not change the generated code (a missing
    /// `info.version`, say), which are otherwise warnings in the [`Report`].
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
            serde_both: true,
            serde_feature: None,
            grouping: Grouping::default(),
            groups: None,
            overlays: Vec::new(),
            mock_defaults: None,
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

/// The generated source and what it covers.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Generated {
    /// Formatted Rust source, starting with the `@generated` header.
    pub code: String,
    /// Operations, methods, types and fallbacks.
    pub report: Report,
    /// Every example in the spec with the generated type it should decode into.
    pub examples: Vec<Example>,
    /// Every component schema with its generated type (for property tests and tools).
    pub schemas: Vec<SchemaType>,
}

/// Stage 1 alone: read YAML or JSON spec text into a JSON value, with the generator's
/// limits (nesting, YAML alias expansion) and located errors.
pub fn load_document(spec_text: &str, file_name: &str) -> Result<serde_json::Value, Error> {
    load::load(spec_text, file_name).map(|(v, _)| v)
}

/// Generate client source from spec text. Pure: no files, no environment.
pub fn generate(spec_text: &str, settings: &Settings) -> Result<String, Error> {
    generate_with_report(spec_text, settings).map(|g| g.code)
}

/// Like [`generate`], also returning the coverage [`Report`].
pub fn generate_with_report(spec_text: &str, settings: &Settings) -> Result<Generated, Error> {
    generate_inner(spec_text, settings).map_err(|e| e.locate_in(spec_text))
}

fn generate_inner(spec_text: &str, settings: &Settings) -> Result<Generated, Error> {
    generate_split(spec_text, settings, None)
}

/// [`generate_inner`], with where [`emit::emit_source`] splits the `types` module between its
/// two threads chosen by the caller (`Some(None)`: one thread), for tests.
fn generate_split(
    spec_text: &str,
    settings: &Settings,
    split: Option<Option<usize>>,
) -> Result<Generated, Error> {
    let file = settings.file_name.as_str();
    let (mut doc, notes) = load::load(spec_text, file)?;
    for (name, text) in &settings.overlays {
        overlay::apply(&mut doc, text, name)?;
    }
    let (mut spec, defects) = normalize::normalize(&doc, file, settings.strict)?;
    let mut operations = settings.operations.clone();
    if let Some(wanted) = &settings.groups {
        operations.extend(group_operations(&spec, settings.grouping, wanted, file)?);
    }
    let subset = if settings.groups.is_none() && operations.is_empty() && settings.tags.is_empty() {
        None
    } else {
        Some(subset::apply(&mut spec, file, &operations, &settings.tags)?)
    };
    let mut module = lower::lower(&spec, file, settings.mock != Mock::Off, settings.grouping)?;
    module.report.subset = subset;
    for (pointer, reason) in notes.into_iter().chain(defects) {
        module.report.warnings.push(Fallback { pointer, reason });
    }
    let rt_prefix = format!("{}::", settings.runtime_path);
    for e in &mut module.examples {
        e.rust_type = e.rust_type.replace("crate::runtime::", &rt_prefix);
    }
    let runtime = |path: &str| {
        syn::parse_str::<syn::Path>(path).map(|p| quote::ToTokens::to_token_stream(&p))
    };
    if runtime(&settings.runtime_path).is_err() {
        let msg = format!(
            "runtime path `{}` is not a Rust path",
            settings.runtime_path
        );
        return Err(Error::new(file, Location::Document, msg));
    }
    if let Some(path) = &settings.mock_defaults {
        if runtime(path).is_err() {
            let msg = format!("mock defaults path `{path}` is not a Rust path");
            return Err(Error::new(file, Location::Document, msg));
        }
    }
    let directions = (!settings.serde_both
        && match settings.mock {
            Mock::Off => true,
            Mock::Feature(_) => settings.serde_feature.is_some(),
            Mock::On => false,
        })
    .then(|| lower::directions::directions(&module));
    let make_ctx = || emit::Ctx {
        provider: emit::ProviderInfo::new(&spec, settings),
        module: &module,
        rt: runtime(&settings.runtime_path).unwrap_or_default(),
        rt_path: settings.runtime_path.clone(),
        directions: directions.as_ref(),
        serde_feature: settings.serde_feature.clone(),
        mock_defaults: settings
            .mock_defaults
            .as_deref()
            .and_then(|p| runtime(p).ok()),
        by_name: emit::Ctx::index(&module),
        partial_eq: if settings.partial_eq {
            quote::quote!(PartialEq,)
        } else {
            proc_macro2::TokenStream::new()
        },
    };
    let split = split.unwrap_or_else(|| {
        let n = module.types.len();
        (n >= emit::PARALLEL_MIN_TYPES).then_some(n / 2)
    });
    let body = emit::emit_source(&make_ctx, &settings.mock, file, split)?;
    let code = format::with_header(&header(&spec), &body);
    Ok(Generated {
        code,
        report: module.report,
        examples: module.examples,
        schemas: module.schemas,
    })
}

/// One method group of a spec, as [`method_groups`] reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodGroup {
    /// The client's accessor (`chat`, `api_keys`).
    pub accessor: String,
    /// The cargo feature name llmgate gives the group (`chat`, `api-keys`).
    pub feature: String,
    /// What the group is named after (`x-speakeasy-group` or the first tag).
    pub source: String,
    /// operationIds of its operations, in spec order.
    pub operations: Vec<String>,
}

/// The method groups generation would give `spec_text` under `settings.grouping`, in
/// order of first appearance (empty for a flat client).
pub fn method_groups(spec_text: &str, settings: &Settings) -> Result<Vec<MethodGroup>, Error> {
    let file = settings.file_name.as_str();
    let inner = || -> Result<Vec<MethodGroup>, Error> {
        let (mut doc, _) = load::load(spec_text, file)?;
        for (name, text) in &settings.overlays {
            overlay::apply(&mut doc, text, name)?;
        }
        let (spec, _) = normalize::normalize(&doc, file, false)?;
        let plan = lower::groups::plan(&spec, settings.grouping);
        let mut out: Vec<MethodGroup> = plan
            .groups
            .iter()
            .map(|g| MethodGroup {
                accessor: naming::unraw(&g.accessor).to_owned(),
                feature: lower::groups::feature_name(&g.accessor),
                source: g.source.clone(),
                operations: Vec::new(),
            })
            .collect();
        for (op, (group, _)) in spec.operations.iter().zip(&plan.operations) {
            if let Some(g) = group {
                out[*g].operations.push(op.id.clone());
            }
        }
        Ok(out)
    };
    inner().map_err(|e| e.locate_in(spec_text))
}

/// operationIds of the groups named in `wanted` (accessor or feature names).
fn group_operations(
    spec: &model::Spec,
    grouping: Grouping,
    wanted: &[String],
    file: &str,
) -> Result<Vec<String>, Error> {
    let plan = lower::groups::plan(spec, grouping);
    let matches = |g: &ir::Group, w: &str| {
        naming::unraw(&g.accessor) == w || lower::groups::feature_name(&g.accessor) == w
    };
    let unknown: Vec<&str> = wanted
        .iter()
        .map(String::as_str)
        .filter(|w| !plan.groups.iter().any(|g| matches(g, w)))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<String> = plan
            .groups
            .iter()
            .map(|g| lower::groups::feature_name(&g.accessor))
            .collect();
        return Err(Error::new(
            file,
            Location::Document,
            format!(
                "unknown method group {} (the spec's groups: {})",
                unknown.join(", "),
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
        ));
    }
    Ok(spec
        .operations
        .iter()
        .zip(&plan.operations)
        .filter(|(_, (g, _))| g.is_some_and(|g| wanted.iter().any(|w| matches(&plan.groups[g], w))))
        .map(|(op, _)| op.id.clone())
        .collect())
}

fn header(spec: &model::Spec) -> String {
    let title = spec.title.replace(['\n', '\r'], " ");
    format!(
        "// @generated by llmgate-codegen {} from \"{}\" (version {}, OpenAPI {}). DO NOT EDIT.\n\
         // Regenerate by building; see the llmgate README.\n",
        env!("CARGO_PKG_VERSION"),
        title,
        spec.version.replace(['\n', '\r'], " "),
        spec.openapi
    )
}

/// Build-script entry point in the style of `prost_build::Config`: which specs, which
/// module names, where to write. Writes `<module>.rs` into the output directory, only
/// when the content changed, so unchanged specs do not trigger recompilation.
///
/// It does not print `cargo:rerun-if-changed`; the calling build script owns those lines.
#[derive(Clone, Debug, Default)]
pub struct Config {
    specs: Vec<SpecEntry>,
    out_dir: Option<PathBuf>,
    runtime_path: Option<String>,
    strict: bool,
    mock: Mock,
}

impl Config {
    /// Refuse specs with defects that are otherwise warnings ([`Settings::strict`]).
    pub fn strict(&mut self, strict: bool) -> &mut Self {
        self.strict = strict;
        self
    }

    /// Generate a typed mock server, `mock::MockServer`, in every module ([`Mock`]):
    /// `Mock::On` always, `Mock::Feature("mock".into())` behind that cargo feature of
    /// your crate. Either way your crate needs llmgate's `mock` feature where it compiles.
    pub fn mock(&mut self, mock: Mock) -> &mut Self {
        self.mock = mock;
        self
    }

    /// An empty configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Generate module `module` (file `<module>.rs`) from the spec at `path`. Its
    /// client reads `<MODULE>_API_KEY` and `<MODULE>_BASE_URL` unless
    /// [`env_prefix`](Self::env_prefix) says otherwise.
    pub fn spec(&mut self, path: impl AsRef<Path>, module: impl Into<String>) -> &mut Self {
        let module = module.into();
        self.specs.push(SpecEntry {
            path: path.as_ref().to_owned(),
            env_prefix: module.to_ascii_uppercase(),
            module,
            provider_name: None,
            operations: Vec::new(),
            tags: Vec::new(),
        });
        self
    }

    /// Generate only these operations (by operationId) of the spec added last, and the
    /// schemas they reach; an unknown id is an error naming it.
    pub fn operations<S: Into<String>>(&mut self, ids: impl IntoIterator<Item = S>) -> &mut Self {
        if let Some(last) = self.specs.last_mut() {
            last.operations = ids.into_iter().map(Into::into).collect();
        }
        self
    }

    /// Generate only the operations of the spec added last that carry one of these tags.
    pub fn tags<S: Into<String>>(&mut self, tags: impl IntoIterator<Item = S>) -> &mut Self {
        if let Some(last) = self.specs.last_mut() {
            last.tags = tags.into_iter().map(Into::into).collect();
        }
        self
    }

    /// The environment variable prefix of the spec added last (`MY_GATEWAY` →
    /// `MY_GATEWAY_API_KEY`, `MY_GATEWAY_BASE_URL`).
    pub fn env_prefix(&mut self, prefix: impl Into<String>) -> &mut Self {
        if let Some(last) = self.specs.last_mut() {
            last.env_prefix = prefix.into();
        }
        self
    }

    /// The provider name (errors and docs) of the spec added last; by default the
    /// spec's title.
    pub fn provider_name(&mut self, name: impl Into<String>) -> &mut Self {
        if let Some(last) = self.specs.last_mut() {
            last.provider_name = Some(name.into());
        }
        self
    }

    /// Write into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// See [`Settings::runtime_path`].
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = Some(path.into());
        self
    }

    /// Generate every spec; returns the paths written (or left unchanged).
    pub fn compile(&self) -> Result<Vec<PathBuf>, Error> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::new(
                        "<config>",
                        Location::Document,
                        "OUT_DIR is not set: call from a build script or set Config::out_dir",
                    )
                })?,
        };
        let mut written = Vec::new();
        for SpecEntry {
            path,
            module,
            env_prefix,
            provider_name,
            operations,
            tags,
        } in &self.specs
        {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::new(
                    &file,
                    Location::Document,
                    format!("cannot read the spec: {e}"),
                )
            })?;
            let mut settings = Settings::new(file.clone())
                .env_prefix(env_prefix.clone())
                .operations(operations.clone())
                .tags(tags.clone())
                .strict(self.strict)
                .mock(self.mock.clone());
            settings.provider_name = provider_name.clone();
            if let Some(rt) = &self.runtime_path {
                settings.runtime_path = rt.clone();
            }
            let generated = generate_with_report(&text, &settings)?;
            if self.out_dir.is_none() {
                // Called from a build script: cargo shows these to the user.
                for w in &generated.report.warnings {
                    println!(
                        "cargo:warning=llmgate-codegen: {file}: #{}: {}",
                        w.pointer, w.reason
                    );
                }
            }
            let code = generated.code;
            let target = out_dir.join(format!("{module}.rs"));
            write_if_changed(&target, &code).map_err(|e| {
                Error::new(
                    &file,
                    Location::Document,
                    format!("cannot write {}: {e}", target.display()),
                )
            })?;
            written.push(target);
        }
        Ok(written)
    }
}

#[derive(Clone, Debug)]
struct SpecEntry {
    path: PathBuf,
    module: String,
    env_prefix: String,
    provider_name: Option<String>,
    operations: Vec<String>,
    tags: Vec<String>,
}

/// Write `contents` to `path` unless it already holds exactly that.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formatting the `types` module on two threads and joining the halves gives the same
    /// source as formatting it whole, wherever it is split.
    #[test]
    fn two_threads_format_like_one() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut specs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        specs.sort();
        assert!(specs.len() >= 10, "{specs:?}");
        for path in specs {
            let text = std::fs::read_to_string(&path).unwrap();
            let settings = Settings::new(path.display().to_string())
                .mock(Mock::Feature("mock".into()))
                .serde_both(false)
                .serde_feature("full-serde");
            let one = generate_split(&text, &settings, Some(None)).unwrap().code;
            let n =
                one.matches("\n    pub struct ").count() + one.matches("\n    pub enum ").count();
            assert!(n > 0, "{}", path.display());
            for split in [0, 1, n / 2, n.saturating_sub(1), n] {
                let two = generate_split(&text, &settings, Some(Some(split)))
                    .unwrap()
                    .code;
                assert!(one == two, "{} split at {split}", path.display());
            }
        }
    }
}
