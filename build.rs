//! Generates `llmgate::openrouter` and `llmgate::modelgates` from the bundled specs, or
//! from the files named by `LLMGATE_OPENROUTER_SPEC` / `LLMGATE_MODELGATES_SPEC` (set them
//! in the dependent crate's `.cargo/config.toml` with `relative = true`).

use std::path::PathBuf;
use std::process::ExitCode;

struct Bundled {
    module: &'static str,
    provider: &'static str,
    spec: &'static str,
    env: &'static str,
    /// Comma-separated operationIds / tags to generate (all when both are unset).
    operations_env: &'static str,
    tags_env: &'static str,
}

const SPECS: [Bundled; 2] = [
    Bundled {
        module: "openrouter",
        provider: "OpenRouter",
        spec: "spec/openrouter.yaml",
        env: "LLMGATE_OPENROUTER_SPEC",
        operations_env: "LLMGATE_OPENROUTER_OPERATIONS",
        tags_env: "LLMGATE_OPENROUTER_TAGS",
    },
    Bundled {
        module: "modelgates",
        provider: "ModelGates",
        spec: "spec/modelgates.yaml",
        env: "LLMGATE_MODELGATES_SPEC",
        operations_env: "LLMGATE_MODELGATES_OPERATIONS",
        tags_env: "LLMGATE_MODELGATES_TAGS",
    },
];

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
        let (path, source) = match std::env::var_os(b.env) {
            Some(p) if !p.is_empty() => {
                let given = PathBuf::from(&p);
                let source = if given.is_absolute() {
                    format!("from {}={}", b.env, given.display())
                } else {
                    format!(
                        "from {}={} (a relative value is taken from llmgate's own package root, {}; \
                         set it in your crate's .cargo/config.toml with `relative = true`)",
                        b.env,
                        given.display(),
                        manifest.display()
                    )
                };
                (manifest.join(given), source)
            }
            _ => (manifest.join(b.spec), "the bundled spec".to_owned()),
        };
        println!("cargo:rerun-if-changed={}", path.display());
        if let Err(message) = generate(&b, &path, &out_dir) {
            // One readable line instead of a panic backtrace: file, location, cause.
            let message = format!("{message} [spec {source}]");
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

fn generate(b: &Bundled, path: &std::path::Path, out_dir: &std::path::Path) -> Result<(), String> {
    let file = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read the spec: {e}"))?;
    let list = |var: &str| -> Vec<String> {
        std::env::var(var)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let settings = llmgate_codegen::Settings::new(file.clone())
        .runtime_path("crate::runtime")
        .mock(llmgate_codegen::Mock::Feature("mock".to_owned()))
        // One serde direction per type; both with the `full-serde` feature (and `mock`).
        .serde_both(false)
        .serde_feature("full-serde")
        .env_prefix(b.module.to_ascii_uppercase())
        .provider_name(b.provider)
        .operations(list(b.operations_env))
        .tags(list(b.tags_env));
    let generated =
        llmgate_codegen::generate_with_report(&text, &settings).map_err(|e| e.to_string())?;
    for w in &generated.report.warnings {
        println!(
            "cargo:warning=llmgate: {file}: #{}: {}",
            w.pointer, w.reason
        );
    }
    let target = out_dir.join(format!("{}.rs", b.module));
    llmgate_codegen::write_if_changed(&target, &generated.code)
        .map(|_| ())
        .map_err(|e| format!("cannot write {}: {e}", target.display()))
}
