//! Generates the client for the spec in `LLMGATE_ROUNDTRIP_SPEC` (default: the newest
//! published OpenRouter spec) and one check per example the spec carries.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LLMGATE_ROUNDTRIP_SPEC");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let spec = match std::env::var_os("LLMGATE_ROUNDTRIP_SPEC") {
        Some(p) => manifest.join(p),
        None => manifest.join("../../../shared/specs/openrouter-2026-08-22.yaml"),
    };
    println!("cargo:rerun-if-changed={}", spec.display());
    let text = std::fs::read_to_string(&spec).unwrap_or_else(|e| {
        eprintln!(
            "error: cannot read {} (this check needs ../shared/specs): {e}",
            spec.display()
        );
        std::process::exit(1);
    });
    let generated = match llmgate_codegen::generate_with_report(
        &text,
        &llmgate_codegen::Settings::new(spec.display().to_string()),
    ) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    std::fs::write(out.join("client.rs"), &generated.code).unwrap();
    let mut checks = String::from("pub fn all(c: &mut crate::Checker) {\n");
    for e in &generated.examples {
        let kind = match e.kind {
            llmgate_codegen::ExampleKind::Schema => "Schema",
            llmgate_codegen::ExampleKind::Request => "Request",
            llmgate_codegen::ExampleKind::Response => "Response",
            _ => "Schema",
        };
        let json = serde_json::to_string(&e.value).unwrap();
        let rust_type = e.rust_type.replace("types::", "crate::client::types::");
        writeln!(
            checks,
            "    c.check::<{rust_type}>({:?}, crate::Kind::{kind}, {:?});",
            e.pointer, json
        )
        .unwrap();
    }
    checks.push_str("}\n");
    std::fs::write(out.join("checks.rs"), checks).unwrap();
}
