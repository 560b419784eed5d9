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
    /// The bundled spec's method groups are chosen by cargo features (`full`: all).
    features: bool,
}

const SPECS: [Bundled; 2] = [
    Bundled {
        module: "openrouter",
        provider: "OpenRouter",
        spec: "spec/openrouter.json",
        env: "LLMGATE_OPENROUTER_SPEC",
        operations_env: "LLMGATE_OPENROUTER_OPERATIONS",
        tags_env: "LLMGATE_OPENROUTER_TAGS",
        features: true,
    },
    Bundled {
        module: "modelgates",
        provider: "ModelGates",
        spec: "spec/seeds/modelgates.yaml",
        env: "LLMGATE_MODELGATES_SPEC",
        operations_env: "LLMGATE_MODELGATES_OPERATIONS",
        tags_env: "LLMGATE_MODELGATES_TAGS",
        features: false,
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
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut failed = false;
    for b in SPECS {
        println!("cargo:rerun-if-env-changed={}", b.env);
        println!("cargo:rerun-if-env-changed={}", b.operations_env);
        println!("cargo:rerun-if-env-changed={}", b.tags_env);
        let result = source(&b, &manifest).and_then(|src| {
            println!("cargo:rerun-if-changed={}", src.path.display());
            generate(&b, &src, &out_dir).map_err(|m| format!("{m} [spec {}]", src.said))
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
fn enabled_groups(text: &str, settings: &llmgate_codegen::Settings) -> Result<Option<Vec<String>>, String> {
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

fn generate(b: &Bundled, src: &Source, out_dir: &Path) -> Result<(), String> {
    let file = src.path.display().to_string();
    let text = std::fs::read_to_string(&src.path)
        .map_err(|e| format!("{file}: cannot read the spec: {e}"))?;
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
    // The environment's subset, when set, replaces the features' choice of groups.
    if b.features && src.bundled && operations.is_empty() && tags.is_empty() {
        settings.groups = enabled_groups(&text, &settings)?;
    }
    let generated =
        llmgate_codegen::generate_with_report(&text, &settings).map_err(|e| e.to_string())?;
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
