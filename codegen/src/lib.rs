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
//! 4. `emit`: the IR to tokens with `quote`;
//! 5. `format`: `syn::parse2` and `prettyplease`, under an `@generated` header.
//!
//! Same input, same bytes: maps keep document order and emitted items are sorted by name.
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

mod emit;
mod error;
mod format;
mod ir;
mod load;
mod lower;
mod model;
mod naming;
mod normalize;

use std::path::{Path, PathBuf};

pub use error::{Error, Location};
pub use ir::{Example, ExampleKind, Fallback, Report, SchemaType};
pub use load::MAX_DEPTH;
pub use normalize::MAX_REF_HOPS;

/// Options for one generation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Settings {
    /// Name used for the spec in error messages (usually its path).
    pub file_name: String,
    /// Path at which the generated code reaches llmgate's runtime module.
    /// `::llmgate::runtime` by default; llmgate itself uses `crate::runtime`.
    pub runtime_path: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            file_name: "<spec>".to_owned(),
            runtime_path: "::llmgate::runtime".to_owned(),
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
    load::load(spec_text, file_name)
}

/// Generate client source from spec text. Pure: no files, no environment.
pub fn generate(spec_text: &str, settings: &Settings) -> Result<String, Error> {
    generate_with_report(spec_text, settings).map(|g| g.code)
}

/// Like [`generate`], also returning the coverage [`Report`].
pub fn generate_with_report(spec_text: &str, settings: &Settings) -> Result<Generated, Error> {
    let file = settings.file_name.as_str();
    let doc = load::load(spec_text, file)?;
    let spec = normalize::normalize(&doc, file)?;
    let mut module = lower::lower(&spec, file)?;
    let rt_prefix = format!("{}::", settings.runtime_path);
    for e in &mut module.examples {
        e.rust_type = e.rust_type.replace("crate::runtime::", &rt_prefix);
    }
    let runtime = syn::parse_str::<syn::Path>(&settings.runtime_path)
        .map(|p| quote::ToTokens::to_token_stream(&p))
        .map_err(|_| {
            let msg = format!(
                "runtime path `{}` is not a Rust path",
                settings.runtime_path
            );
            Error::new(file, Location::Document, msg)
        })?;
    let ctx = emit::Ctx {
        module: &module,
        rt: runtime,
        serde_crate: format!("{}::serde", settings.runtime_path),
        rt_path: settings.runtime_path.clone(),
    };
    let tokens = emit::module(&ctx);
    let header = header(&spec);
    let code = format::format(tokens, file, &header)?;
    Ok(Generated {
        code,
        report: module.report,
        examples: module.examples,
        schemas: module.schemas,
    })
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
    specs: Vec<(PathBuf, String)>,
    out_dir: Option<PathBuf>,
    runtime_path: Option<String>,
}

impl Config {
    /// An empty configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Generate module `module` (file `<module>.rs`) from the spec at `path`.
    pub fn spec(&mut self, path: impl AsRef<Path>, module: impl Into<String>) -> &mut Self {
        self.specs.push((path.as_ref().to_owned(), module.into()));
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
        for (path, module) in &self.specs {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::new(
                    &file,
                    Location::Document,
                    format!("cannot read the spec: {e}"),
                )
            })?;
            let mut settings = Settings::new(file.clone());
            if let Some(rt) = &self.runtime_path {
                settings.runtime_path = rt.clone();
            }
            let code = generate(&text, &settings)?;
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

/// Write `contents` to `path` unless it already holds exactly that.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(path, contents)?;
    Ok(true)
}
