//! Generates `llmgate::openrouter` and `llmgate::modelgates` from the bundled specs
//! (or from the files named by `LLMGATE_OPENROUTER_SPEC` / `LLMGATE_MODELGATES_SPEC`).

use std::path::PathBuf;
use std::process::ExitCode;

const SPECS: [(&str, &str, &str); 2] = [
    (
        "openrouter",
        "spec/openrouter.yaml",
        "LLMGATE_OPENROUTER_SPEC",
    ),
    (
        "modelgates",
        "spec/modelgates.yaml",
        "LLMGATE_MODELGATES_SPEC",
    ),
];

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut config = llmgate_codegen::Config::new();
    config.out_dir(&out_dir).runtime_path("crate::runtime");
    for (module, bundled, env) in SPECS {
        println!("cargo:rerun-if-env-changed={env}");
        let path = match std::env::var_os(env) {
            // A relative override is taken from the llmgate package root.
            Some(p) if !p.is_empty() => manifest.join(p),
            _ => manifest.join(bundled),
        };
        println!("cargo:rerun-if-changed={}", path.display());
        config.spec(&path, module);
    }
    match config.compile() {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            // One readable line instead of a panic backtrace: file, location, cause.
            eprintln!("error: llmgate could not generate its clients: {e}");
            println!("cargo:warning=llmgate: {e}");
            ExitCode::FAILURE
        }
    }
}
