//! Generates, for each spec under test, its client and a dispatch table from component
//! schema name to a decode → encode round trip through the generated type; and for the
//! newest published spec one check per example it carries.
//!
//! Specs: the three published OpenRouter specs (../shared/specs) and the two bundled
//! seeds (spec/), and the generator's round-two fixtures. `LLMGATE_ROUNDTRIP_SPEC`
//! replaces the spec whose examples are checked.

use std::fmt::Write;
use std::path::{Path, PathBuf};

const SPECS: [(&str, &str); 9] = [
    // The bundled client's spec with its docs overlay (the fields it adds are typed).
    ("bundled_openrouter", "../../spec/openrouter.json"),
    (
        "published_2025_11_18",
        "../../../shared/specs/openrouter-2025-11-18.yaml",
    ),
    (
        "published_2026_04_16",
        "../../../shared/specs/openrouter-2026-04-16.yaml",
    ),
    (
        "published_2026_08_22",
        "../../../shared/specs/openrouter-2026-08-22.yaml",
    ),
    ("seed_openrouter", "../../spec/seeds/openrouter.yaml"),
    ("seed_modelgates", "../../spec/seeds/modelgates.yaml"),
    // The generator's fixtures for the shapes of a second corpus (an allOf with a union
    // distributed, multipart and paging shapes, a tree of files).
    (
        "fixture_round_two",
        "../../codegen/tests/fixtures/round_two.yaml",
    ),
    (
        "fixture_pagination",
        "../../codegen/tests/fixtures/pagination.yaml",
    ),
    (
        "fixture_multi_file",
        "../../codegen/tests/fixtures/multi_file/openapi.yaml",
    ),
];

fn generate(spec: &Path) -> llmgate_codegen::Generated {
    println!("cargo:rerun-if-changed={}", spec.display());
    let source = llmgate_codegen::read_spec(spec).unwrap_or_else(|e| {
        eprintln!("error: {e} (this check needs ../shared/specs)");
        std::process::exit(1);
    });
    for file in source.files.iter().skip(1) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let text = source.text;
    let mut settings = llmgate_codegen::Settings::new(spec.display().to_string());
    let overlay = spec.with_file_name("openrouter.docs.yaml");
    if spec.ends_with("spec/openrouter.json") {
        println!("cargo:rerun-if-changed={}", overlay.display());
        let docs = std::fs::read_to_string(&overlay).expect("the docs overlay");
        settings = settings.overlay(overlay.display().to_string(), docs);
    }
    llmgate_codegen::generate_with_report(&text, &settings).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1);
    })
}

fn main() {
    println!("cargo:rerun-if-env-changed=LLMGATE_ROUNDTRIP_SPEC");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());

    let mut modules = String::new();
    let mut table = String::from("pub const SPECS: &[crate::Spec] = &[\n");
    for (module, rel) in SPECS {
        let path = manifest.join(rel);
        let generated = generate(&path);
        std::fs::write(out.join(format!("{module}.rs")), &generated.code).unwrap();
        let mut dispatch = String::from(
            "pub fn roundtrip(name: &str, value: serde_json::Value) -> Option<crate::Outcome> {\n    Some(match name {\n",
        );
        for s in &generated.schemas {
            writeln!(
                dispatch,
                "        {:?} => crate::roundtrip::<{}>(value),",
                s.name, s.rust_type
            )
            .unwrap();
        }
        dispatch.push_str("        _ => return None,\n    })\n}\n");
        std::fs::write(out.join(format!("{module}_dispatch.rs")), dispatch).unwrap();
        writeln!(
            modules,
            "#[allow(dead_code, unused_imports, deprecated, reason = \"only the types are used here\")]\n\
             pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n    \
             pub mod dispatch {{\n        #[allow(unused_imports)]\n        use super::*;\n        \
             include!(concat!(env!(\"OUT_DIR\"), \"/{module}_dispatch.rs\"));\n    }}\n}}"
        )
        .unwrap();
        writeln!(
            table,
            "    crate::Spec {{ name: {module:?}, path: {:?}, roundtrip: crate::specs::{module}::dispatch::roundtrip }},",
            path.display().to_string()
        )
        .unwrap();
    }
    table.push_str("];\n");
    modules.push_str(&table);
    std::fs::write(out.join("specs.rs"), modules).unwrap();

    // Example checks for one spec (default: the newest published one).
    let generated = match std::env::var_os("LLMGATE_ROUNDTRIP_SPEC") {
        Some(p) => {
            let generated = generate(&manifest.join(p));
            std::fs::write(out.join("client.rs"), &generated.code).unwrap();
            generated
        }
        None => {
            // The newest published spec is already a module: reuse it.
            let text = "pub use crate::specs::published_2026_08_22::*;\n";
            std::fs::write(out.join("client.rs"), text).unwrap();
            generate(&manifest.join(SPECS[3].1))
        }
    };
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
