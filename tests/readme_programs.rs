//! The README's agent programs are the examples CI runs (`examples/structured.rs`,
//! `examples/tool_loop.rs`): each appears in the README verbatim, and each stays within the
//! length the README promises.

#[test]
fn the_readme_shows_the_examples_ci_runs() {
    let readme = include_str!("../README.md");
    for (file, text, most) in [
        (
            "structured.rs",
            include_str!("../examples/structured.rs"),
            20,
        ),
        ("tool_loop.rs", include_str!("../examples/tool_loop.rs"), 30),
    ] {
        assert!(
            readme.contains(&format!("```rust,ignore\n{text}```")),
            "README.md does not show examples/{file} as it is"
        );
        assert!(
            text.lines().count() <= most,
            "examples/{file} is over {most} lines"
        );
    }
}
