//! Raw bytes into `generate`: every input ends in code or an error, never a panic.
/// One input.
pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) =
            llmgate_codegen::generate(text, &llmgate_codegen::Settings::new("fuzz.yaml"))
        {
            // The emitted code failed to parse: a generator bug, not a spec error.
            assert!(!e.message().starts_with("internal generator error"), "{e}");
        }
    }
}
