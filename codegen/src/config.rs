//! The build-script shell over [`generate_with_report`](crate::generate_with_report): which
//! specs, which module names, where to write. The only part of the crate that reads
//! files and the environment.

use std::path::{Path, PathBuf};

use crate::error::{Error, Location};
use crate::settings::Settings;

/// Build-script entry point in the style of `prost_build::Config`: which specs, which
/// module names, where to write. Writes `<module>.rs` into the output directory, only
/// when the content changed, so unchanged specs do not trigger recompilation.
///
/// Each spec has its own [`Settings`]: set them with [`Config::settings`] (or
/// [`Config::settings_mut`]) after [`Config::spec`]; called before any spec, they set the
/// defaults every spec added later starts from.
///
/// ```no_run
/// # fn main() -> Result<(), llmgate_codegen::Error> {
/// llmgate_codegen::Config::new()
///     .settings(|s| s.strict(true)) // every spec
///     .spec("spec/my-gateway.yaml", "my_gateway")
///     .settings(|s| s.env_prefix("MY_GATEWAY").operations(["listModels"]))
///     .compile()?;
/// # Ok(())
/// # }
/// ```
///
/// A spec may be a tree of files (relative `$ref`s, see [`read_spec`](crate::read_spec)).
/// Called from a build script (no [`Config::out_dir`]), it prints `cargo:rerun-if-changed`
/// for every file a spec read.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// What a spec added later starts from.
    defaults: Settings,
    specs: Vec<SpecEntry>,
    out_dir: Option<PathBuf>,
}

#[derive(Clone, Debug)]
struct SpecEntry {
    path: PathBuf,
    module: String,
    settings: Settings,
}

impl Config {
    /// An empty configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Generate module `module` (file `<module>.rs`) from the spec at `path`, with the
    /// default settings, the spec's path as its name in errors, and `<MODULE>` as the
    /// environment variable prefix (`<MODULE>_API_KEY`, `<MODULE>_BASE_URL`).
    pub fn spec(&mut self, path: impl AsRef<Path>, module: impl Into<String>) -> &mut Self {
        let module = module.into();
        let path = path.as_ref().to_owned();
        let mut settings = self.defaults.clone();
        settings.file_name = path.display().to_string();
        settings.env_prefix = Some(module.to_ascii_uppercase());
        self.specs.push(SpecEntry {
            path,
            module,
            settings,
        });
        self
    }

    /// The settings of the spec added last; before any spec, the defaults of those
    /// added later.
    pub fn settings_mut(&mut self) -> &mut Settings {
        match self.specs.last_mut() {
            Some(last) => &mut last.settings,
            None => &mut self.defaults,
        }
    }

    /// Change [`Config::settings_mut`] with the builder methods of [`Settings`]:
    /// `.settings(|s| s.operations(["getModels"]).mock(Mock::On))`.
    pub fn settings(&mut self, change: impl FnOnce(Settings) -> Settings) -> &mut Self {
        let current = std::mem::take(self.settings_mut());
        *self.settings_mut() = change(current);
        self
    }

    /// Write into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_owned());
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
            settings,
        } in &self.specs
        {
            let file = &settings.file_name;
            let source =
                crate::read_spec(path).map_err(|e| e.renamed(&path.display().to_string(), file))?;
            let generated = crate::generate_with_report(&source.text, settings)?;
            if self.out_dir.is_none() {
                for read in &source.files {
                    println!("cargo:rerun-if-changed={}", read.display());
                }
                // Called from a build script: cargo shows these to the user.
                for w in &generated.report.warnings {
                    println!(
                        "cargo:warning=llmgate-codegen: {file}: #{}: {}",
                        w.pointer, w.reason
                    );
                }
            }
            let target = out_dir.join(format!("{module}.rs"));
            write_if_changed(&target, &generated.code).map_err(|e| {
                Error::new(
                    file,
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
