//! Generates `llmgate::openrouter` (the whole OpenRouter API, `spec/openrouter.json`,
//! restricted to the method groups whose cargo features are on) and `llmgate::modelgates`
//! (its seed, `spec/seeds/modelgates.yaml`), or from the files named by
//! `LLMGATE_OPENROUTER_SPEC` / `LLMGATE_MODELGATES_SPEC` (set them in the dependent
//! crate's `.cargo/config.toml` with `relative = true`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Bundled {
    module: &'static str,
    provider: &'static str,
    spec: &'static str,
    env: &'static str,
    /// Comma-separated operationIds / tags to generate (all when both are unset).
    operations_env: &'static str,
    tags_env: &'static str,
    /// OpenAPI Overlay applied after the bundled one, if any.
    overlay_env: &'static str,
    /// llmgate's own docs for the bundled spec (an overlay; not applied to a user's spec).
    docs: Option<&'static str>,
    /// The bundled spec's method groups are chosen by cargo features (`full`: all).
    features: bool,
    /// The bundled spec's name lock: names earlier versions had, kept as deprecated
    /// aliases (`llmgate spec vendor --names` updates it).
    names: Option<&'static str>,
}

const SPECS: [Bundled; 2] = [
    Bundled {
        module: "openrouter",
        provider: "OpenRouter",
        spec: "spec/openrouter.json",
        env: "LLMGATE_OPENROUTER_SPEC",
        operations_env: "LLMGATE_OPENROUTER_OPERATIONS",
        tags_env: "LLMGATE_OPENROUTER_TAGS",
        overlay_env: "LLMGATE_OPENROUTER_OVERLAY",
        docs: Some("spec/openrouter.docs.yaml"),
        features: true,
        names: Some("spec/openrouter.names.json"),
    },
    Bundled {
        module: "modelgates",
        provider: "ModelGates",
        spec: "spec/seeds/modelgates.yaml",
        env: "LLMGATE_MODELGATES_SPEC",
        operations_env: "LLMGATE_MODELGATES_OPERATIONS",
        tags_env: "LLMGATE_MODELGATES_TAGS",
        overlay_env: "LLMGATE_MODELGATES_OVERLAY",
        docs: None,
        features: false,
        names: None,
    },
];

/// Where the spec comes from.
struct Source {
    path: PathBuf,
    /// How to say it in messages.
    said: String,
    bundled: bool,
}

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=build.rs");
    // Hand-written helpers over the bundled OpenRouter types compile only when those
    // types are there: the bundled spec, and the operations they use.
    println!("cargo::rustc-check-cfg=cfg(llmgate_openrouter_bundled)");
    println!("cargo::rustc-check-cfg=cfg(llmgate_openrouter_op, values(any()))");
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut failed = false;
    for b in SPECS {
        println!("cargo:rerun-if-env-changed={}", b.env);
        println!("cargo:rerun-if-env-changed={}", b.operations_env);
        println!("cargo:rerun-if-env-changed={}", b.tags_env);
        println!("cargo:rerun-if-env-changed={}", b.overlay_env);
        let result = source(&b, &manifest).and_then(|src| {
            println!("cargo:rerun-if-changed={}", src.path.display());
            let overlays = overlays(&b, &src, &manifest)?;
            generate(&b, &src, overlays, &out_dir).map_err(|m| format!("{m} [spec {}]", src.said))
        });
        if let Err(message) = result {
            // One readable line instead of a panic backtrace: file, location, cause.
            eprintln!(
                "error: llmgate could not generate `{}`: {message}",
                b.module
            );
            println!("cargo:warning=llmgate: {message}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The spec to read. A relative value is taken from llmgate's own package root (that is
/// where cargo runs this script); one that lands inside this package is almost surely a
/// path in the user's crate written without `relative = true`, and is refused.
fn source(b: &Bundled, manifest: &Path) -> Result<Source, String> {
    let Some(given) = std::env::var_os(b.env).filter(|p| !p.is_empty()) else {
        return Ok(Source {
            path: manifest.join(b.spec),
            said: "the bundled spec".to_owned(),
            bundled: true,
        });
    };
    let given = PathBuf::from(given);
    if given.is_absolute() {
        return Ok(Source {
            said: format!("from {}={}", b.env, given.display()),
            path: given,
            bundled: false,
        });
    }
    let path = manifest.join(&given);
    let hint = format!(
        "a relative value is taken from llmgate's own package root, {}; \
         set it in your crate's .cargo/config.toml with `relative = true`",
        manifest.display()
    );
    if resolves_inside(&path, manifest) {
        return Err(format!(
            "{}={} resolves inside llmgate's own package ({}), not your crate: {hint}, \
             or give an absolute path",
            b.env,
            given.display(),
            path.display()
        ));
    }
    Ok(Source {
        said: format!("from {}={} ({hint})", b.env, given.display()),
        path,
        bundled: false,
    })
}

/// Whether `path` (joined onto `root`) stays inside `root` once `..` is resolved.
fn resolves_inside(path: &Path, root: &Path) -> bool {
    let mut parts: Vec<std::path::Component> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            other => parts.push(other),
        }
    }
    parts.iter().collect::<PathBuf>().starts_with(root)
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

/// The overlays to apply, read: llmgate's docs (bundled spec only), then the user's.
fn overlays(b: &Bundled, src: &Source, manifest: &Path) -> Result<Vec<(String, String)>, String> {
    let mut paths = Vec::new();
    if let (Some(docs), true) = (b.docs, src.bundled) {
        paths.push((manifest.join(docs), "llmgate's docs overlay".to_owned()));
    }
    if let Some(given) = std::env::var_os(b.overlay_env).filter(|p| !p.is_empty()) {
        let given = PathBuf::from(given);
        if !given.is_absolute() && resolves_inside(&manifest.join(&given), manifest) {
            return Err(format!(
                "{}={} resolves inside llmgate's own package, not your crate: set it in your \
                 crate's .cargo/config.toml with `relative = true`, or give an absolute path",
                b.overlay_env,
                given.display()
            ));
        }
        let said = format!("from {}={}", b.overlay_env, given.display());
        paths.push((manifest.join(given), said));
    }
    paths
        .into_iter()
        .map(|(path, said)| {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path.display().to_string();
            std::fs::read_to_string(&path)
                .map(|text| (name.clone(), text))
                .map_err(|e| format!("{name}: cannot read the overlay ({said}): {e}"))
        })
        .collect()
}

fn list(var: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The method groups whose cargo features are on (`None` with `full`: every group).
fn enabled_groups(
    text: &str,
    settings: &llmgate_codegen::Settings,
) -> Result<Option<Vec<String>>, String> {
    if std::env::var_os("CARGO_FEATURE_FULL").is_some() {
        return Ok(None);
    }
    let groups = llmgate_codegen::method_groups(text, settings).map_err(|e| e.to_string())?;
    Ok(Some(
        groups
            .into_iter()
            .map(|g| g.feature)
            .filter(|f| {
                let var = format!("CARGO_FEATURE_{}", f.to_ascii_uppercase().replace('-', "_"));
                std::env::var_os(var).is_some()
            })
            .collect(),
    ))
}

fn generate(
    b: &Bundled,
    src: &Source,
    overlays: Vec<(String, String)>,
    out_dir: &Path,
) -> Result<(), String> {
    let file = src.path.display().to_string();
    std::fs::metadata(&src.path).map_err(|e| format!("{file}: cannot read the spec: {e}"))?;
    // A tree of files is bundled into one document; every file read is watched.
    let source = llmgate_codegen::read_spec(&src.path).map_err(|e| e.to_string())?;
    for read in source.files.iter().skip(1) {
        println!("cargo:rerun-if-changed={}", read.display());
    }
    let text = source.text;
    let (operations, tags) = (list(b.operations_env), list(b.tags_env));
    let mut settings = llmgate_codegen::Settings::new(file.clone())
        .runtime_path("crate::runtime")
        .mock(llmgate_codegen::Mock::Feature("mock".to_owned()))
        // One serde direction per type; both with the `full-serde` feature (and `mock`).
        .serde_both(false)
        .serde_feature("full-serde")
        .env_prefix(b.module.to_ascii_uppercase())
        .provider_name(b.provider)
        .operations(operations.clone())
        .tags(tags.clone());
    for (name, text) in overlays {
        settings = settings.overlay(name, text);
    }
    if let (Some(lock), true) = (b.names, src.bundled) {
        let path = manifest_dir().join(lock);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot read the name lock: {e}", path.display()))?;
        settings = settings.name_lock(path.display().to_string(), text);
    }
    // The environment's subset, when set, replaces the features' choice of groups.
    if b.features && src.bundled && operations.is_empty() && tags.is_empty() {
        settings.groups = enabled_groups(&text, &settings)?;
        // Groups left out still have an accessor, whose type names the feature to enable.
        if let Some(on) = &settings.groups {
            let all =
                llmgate_codegen::method_groups(&text, &settings).map_err(|e| e.to_string())?;
            settings.disabled_groups = all
                .into_iter()
                .filter(|g| !on.contains(&g.feature))
                .map(|g| (g.accessor, g.feature))
                .collect();
        }
    }
    let helpers = b.features && src.bundled;
    if helpers {
        settings = settings.mock_defaults("super::mock_defaults");
    }
    let generated =
        llmgate_codegen::generate_with_report(&text, &settings).map_err(|e| e.to_string())?;
    if helpers {
        println!("cargo:rustc-cfg=llmgate_openrouter_bundled");
        let kept: Vec<String> = match &generated.report.subset {
            Some(s) => s.operations_kept.clone(),
            None => llmgate_codegen::method_groups(&text, &settings)
                .map_err(|e| e.to_string())?
                .into_iter()
                .flat_map(|g| g.operations)
                .collect(),
        };
        for op in kept {
            println!("cargo:rustc-cfg=llmgate_openrouter_op=\"{op}\"");
        }
    }
    // The bundled specs' notes are ours to act on (the snapshot test and `llmgate
    // coverage` show them); a user's spec gets them as warnings.
    if !src.bundled {
        for w in &generated.report.warnings {
            println!(
                "cargo:warning=llmgate: {file}: #{}: {}",
                w.pointer, w.reason
            );
        }
    }
    let target = out_dir.join(format!("{}.rs", b.module));
    llmgate_codegen::write_if_changed(&target, &generated.code)
        .map(|_| ())
        .map_err(|e| format!("cannot write {}: {e}", target.display()))
}
