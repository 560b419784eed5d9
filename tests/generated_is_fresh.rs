//! `generated/*.rs` must equal what build.rs produces from the bundled specs (the whole
//! OpenRouter API, as the `full` feature builds it, and the ModelGates seed), and
//! `generated/seeds/openrouter.rs` what the OpenRouter seed gives (compiled by
//! `tests/seed_openrouter.rs`).
//!
//! Refresh with `UPDATE_GENERATED=1 cargo test --test generated_is_fresh`.

use std::path::Path;

/// Output file, spec, provider name, runtime path and environment prefix: as build.rs
/// passes them for the bundled modules; the seed for a test crate.
const MODULES: [(&str, &str, &str, &str, &str); 3] = [
    (
        "openrouter",
        "spec/openrouter.json",
        "OpenRouter",
        "crate::runtime",
        "OPENROUTER",
    ),
    (
        "modelgates",
        "spec/seeds/modelgates.yaml",
        "ModelGates",
        "crate::runtime",
        "MODELGATES",
    ),
    (
        "seeds/openrouter",
        "spec/seeds/openrouter.yaml",
        "OpenRouter",
        "::llmgate::runtime",
        "OPENROUTER",
    ),
];

/// The first differing line with three lines of context on each side, as a readable diff.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = first.saturating_sub(3);
    let mut out = format!(
        "first difference at line {} ({} lines committed, {} generated):\n",
        first + 1,
        e.len(),
        a.len()
    );
    for i in from..(first + 4).min(e.len().max(a.len())) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => out.push_str(&format!("  {:>6} | {x}\n", i + 1)),
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("- {:>6} | {x}\n", i + 1));
                }
                if let Some(y) = y {
                    out.push_str(&format!("+ {:>6} | {y}\n", i + 1));
                }
            }
        }
    }
    out
}

#[test]
fn generated_sources_match_the_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (module, spec, provider, runtime, env_prefix) in MODULES {
        let text = std::fs::read_to_string(root.join(spec)).unwrap();
        let mut settings = llmgate_codegen::Settings::new(spec)
            .runtime_path(runtime)
            .env_prefix(env_prefix)
            .provider_name(provider)
            .mock(llmgate_codegen::Mock::Feature("mock".into()))
            .serde_both(false)
            .serde_feature("full-serde");
        if module == "openrouter" {
            // llmgate's own docs for the bundled spec, as build.rs applies them.
            let docs = "spec/openrouter.docs.yaml";
            let names = "spec/openrouter.names.json";
            settings = settings
                .overlay(docs, std::fs::read_to_string(root.join(docs)).unwrap())
                .mock_defaults("super::mock_defaults")
                .name_lock(
                    root.join(names).display().to_string(),
                    std::fs::read_to_string(root.join(names)).unwrap(),
                );
        }
        let code = llmgate_codegen::generate(&text, &settings).unwrap_or_else(|e| panic!("{e}"));
        let target = root.join("generated").join(format!("{module}.rs"));
        if update {
            llmgate_codegen::write_if_changed(&target, &code).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&target).unwrap_or_default();
        if committed != code {
            stale.push(format!(
                "generated/{module}.rs is stale; {}",
                diff(&committed, &code)
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nRefresh with: UPDATE_GENERATED=1 cargo test --test generated_is_fresh",
        stale.join("\n")
    );
}

#[test]
fn build_output_matches_the_committed_copy_when_building_the_bundled_specs() {
    // build.rs writes into OUT_DIR; unless a spec override is active, it must be the same bytes.
    if std::env::var_os("LLMGATE_OPENROUTER_SPEC").is_some()
        || std::env::var_os("LLMGATE_MODELGATES_SPEC").is_some()
    {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut built = vec![(
        "modelgates",
        include_str!(concat!(env!("OUT_DIR"), "/modelgates.rs")),
    )];
    // Without `full` the build holds only the enabled groups; the copy holds them all.
    if cfg!(feature = "full") {
        built.push((
            "openrouter",
            include_str!(concat!(env!("OUT_DIR"), "/openrouter.rs")),
        ));
    }
    for (module, built) in built {
        let committed =
            std::fs::read_to_string(root.join("generated").join(format!("{module}.rs")))
                .unwrap_or_default();
        if std::env::var_os("UPDATE_GENERATED").is_none() {
            assert!(
                committed == built,
                "OUT_DIR/{module}.rs differs from generated/{module}.rs: {}",
                diff(&committed, built)
            );
        }
    }
}
