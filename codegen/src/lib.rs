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
//! decodes into its type and encodes back to the same JSON; `dependents/roundtrip` checks this by
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
//!   (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`), header and cookie (one
//!   `Cookie` header, `form`) values of any shape, per `style` and `explode`; a union of
//!   primitives is sent as the primitive it holds, never JSON-quoted.
//! - **Multipart bodies never drop a part**: an object's properties are the parts, an
//!   `anyOf`/`oneOf` of objects merges them, `additionalProperties` takes parts by name;
//!   a body that is no object (an array, a bare file) takes a `runtime::Form` the caller
//!   builds.
//! - **Retries and paging as the spec declares them**: `x-speakeasy-retries` becomes the
//!   builder's default `RetryPolicy` (`spec_retry_policy()`); `x-speakeasy-pagination`
//!   (`offsetLimit`, `cursor`, `url`) and `x-ms-pageable` add `<method>_pages` and
//!   `<method>_items` streams. Nothing is guessed where the spec declares nothing.
//! - **A spec may be a tree of files**: [`read_spec`] bundles relative `$ref`s into one
//!   document (schemas from other files become named components), refusing URLs and paths
//!   outside the root's folder; [`Config`] does this and prints `rerun-if-changed` for
//!   every file read.
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

mod bundle;
mod config;
pub mod diff;
mod directions;
mod emit;
mod error;
pub mod evidence;
mod format;
mod ir;
mod limits;
mod load;
pub mod lock;
mod lower;
mod model;
mod naming;
mod normalize;
mod overlay;
mod refs;
mod settings;
mod subset;
mod synth;
pub mod vendor;
mod yaml;
mod yaml_flow;

pub use bundle::{Bundled, SpecSource, bundle, read_spec, read_spec_under, reference_root};

/// The value tree the generator reads from spec text (YAML or JSON): what every later
/// stage addresses with JSON pointers. `file` names the text in errors. For tools that
/// check the loader (`bench/yaml-suite.sh` measures it against the YAML test suite).
pub fn parse_document(text: &str, file: &str) -> Result<serde_json::Value, Error> {
    load::load_fragment(text, file).map(|(value, _)| value)
}
pub use config::{Config, write_if_changed};
pub use error::{Error, Location};
pub use ir::{Example, ExampleKind, Fallback, Report, SchemaType};
pub use limits::MAX_DEPTH;
pub use normalize::MAX_REF_HOPS;
pub use settings::{Grouping, Mock, Settings};
pub use subset::Subset;

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
    generate_inner(spec_text, settings).map_err(|e| yaml::locate_error(e, spec_text))
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
    if settings.strict {
        let lenient = notes
            .iter()
            .find(|(_, what)| load::LENIENT.iter().any(|l| what.starts_with(l)));
        if let Some((_, what)) = lenient {
            return Err(Error::new(
                file,
                Location::Document,
                format!("{what} (strict mode)"),
            ));
        }
    }
    for (name, text) in &settings.overlays {
        overlay::apply(&mut doc, text, name)?;
    }
    let relaxed = if settings.evidence {
        evidence::report(&doc)
    } else {
        Vec::new()
    };
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
    let lock = settings
        .name_lock
        .as_ref()
        .map(|(lock_file, text)| lock::NameLock::parse(text, lock_file))
        .transpose()?;
    let prefer = lock.as_ref().map(lock::NameLock::names).unwrap_or_default();
    let mut module = lower::lower(
        &spec,
        file,
        settings.mock != Mock::Off,
        settings.grouping,
        &prefer,
        lock.as_ref(),
    )?;
    module.report.subset = subset;
    if let Some(lock) = &lock {
        lock.keep_dropped(&mut module);
        module.renamed = lock.renamed(&module);
    }
    for (pointer, reason) in notes.into_iter().chain(defects).chain(relaxed) {
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
    .then(|| directions::directions(&module));
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
        text_items: !settings.token_items,
        texts: emit::text::Texts::default(),
    };
    let split = split.unwrap_or_else(|| {
        let n = module.types.len();
        // Balanced by cost: the second thread also emits the client and the mock, about
        // two types' worth per operation (measured on the 2026-08-22 spec: an even split
        // of its types left that thread about 100 ms behind; near this split the two
        // finished within 2 ms of each other in two runs of three).
        let ops = module.methods.len();
        (n >= emit::PARALLEL_MIN_TYPES).then_some(((n + 2 * ops) / 2).min(n))
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

/// The public names the client generated from `spec_text` has, by what they stand for
/// (for `llmgate spec vendor --names`; see [`lock`]).
pub fn current_names(spec_text: &str, settings: &Settings) -> Result<lock::NameLock, Error> {
    lower_for_names(spec_text, settings).map(|m| lock::NameLock::of(&m))
}

/// Stages 1-4 (load, overlays, normalize, lower) for what names and the Rust API need.
fn lower_for_names(spec_text: &str, settings: &Settings) -> Result<ir::Module, Error> {
    let inner = || -> Result<ir::Module, Error> {
        let file = settings.file_name.as_str();
        let (mut doc, _) = load::load(spec_text, file)?;
        for (name, text) in &settings.overlays {
            overlay::apply(&mut doc, text, name)?;
        }
        let (spec, _) = normalize::normalize(&doc, file, settings.strict)?;
        let lock = match &settings.name_lock {
            Some((lock_file, text)) => Some(lock::NameLock::parse(text, lock_file)?),
            None => None,
        };
        let prefer = lock.as_ref().map(lock::NameLock::names).unwrap_or_default();
        lower::lower(
            &spec,
            file,
            settings.mock != Mock::Off,
            settings.grouping,
            &prefer,
            lock.as_ref(),
        )
    };
    inner().map_err(|e| yaml::locate_error(e, spec_text))
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
                feature: naming::feature_name(&g.accessor),
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
    inner().map_err(|e| yaml::locate_error(e, spec_text))
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
        naming::unraw(&g.accessor) == w || naming::feature_name(&g.accessor) == w
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
            .map(|g| naming::feature_name(&g.accessor))
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
