fn main() {
    // A user's own spec (here: ModelGates' bundled spec) generated with the default runtime path.
    let spec = "../../spec/seeds/modelgates.yaml";
    println!("cargo:rerun-if-changed={spec}");
    if let Err(e) = llmgate_codegen::Config::new()
        .spec(spec, "gates")
        .settings(|s| s.env_prefix("MY_GATEWAY"))
        .compile()
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
