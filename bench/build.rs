//! Generates the 2026-08-22 OpenRouter client (from ../../shared/specs) for the decode benchmark.
fn main() {
    let spec = "../../shared/specs/openrouter-2026-08-22.yaml";
    println!("cargo:rerun-if-changed={spec}");
    if let Err(e) = llmgate_codegen::Config::new()
        .spec(spec, "openrouter_full")
        .compile()
    {
        eprintln!("error: {e} (the benchmarks need ../shared/specs beside the repository)");
        std::process::exit(1);
    }
}
