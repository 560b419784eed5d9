//! `llmgate spec bundle` and the other commands on a spec published as a tree of files.

use std::path::Path;
use std::process::Command;

fn root() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/fixtures/multi_file/openapi.yaml")
        .display()
        .to_string()
}

fn llmgate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_llmgate"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_tree_bundles_into_one_file_that_generates_the_same_client() {
    let dir = std::env::temp_dir().join(format!("llmgate-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let one = dir.join("one.json");
    let out = llmgate(&["spec", "bundle", &root(), "-o", one.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("from 10 files"), "{said}");
    let text = std::fs::read_to_string(&one).unwrap();
    let refs = text.matches("\"$ref\": \"").count();
    assert!(refs > 5, "{text}");
    assert_eq!(
        refs,
        text.matches("\"$ref\": \"#/").count(),
        "every reference is local: {text}"
    );

    let from_tree = llmgate(&["generate", &root()]);
    let from_one = llmgate(&["generate", one.to_str().unwrap()]);
    assert!(
        from_tree.status.success(),
        "{}",
        String::from_utf8_lossy(&from_tree.stderr)
    );
    assert_eq!(from_tree.stdout, from_one.stdout);
    let code = String::from_utf8(from_tree.stdout).unwrap();
    assert!(code.contains("pub async fn get_key("), "{code}");

    // Coverage reads the tree too.
    let cov = llmgate(&["coverage", &root()]);
    assert!(
        cov.status.success(),
        "{}",
        String::from_utf8_lossy(&cov.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_reference_out_of_the_tree_is_refused_naming_the_chain() {
    let dir = std::env::temp_dir().join(format!("llmgate-escape-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("spec/ops")).unwrap();
    std::fs::write(dir.join("secret.yaml"), "type: string\n").unwrap();
    std::fs::write(
        dir.join("spec/openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: ops/a.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("spec/ops/a.yaml"),
        "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../../secret.yaml'}\n",
    )
    .unwrap();
    let root = dir.join("spec/openapi.yaml");
    let out = llmgate(&["generate", root.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ops/a.yaml: #/get/responses/200"), "{err}");
    assert!(err.contains("leaves the reference root"), "{err}");
    assert!(err.contains("reached through ops/a.yaml"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    // `llmgate coverage … | head -1`: the pipe closes after one line; no panic, no trace.
    let mut child = Command::new(env!("CARGO_BIN_EXE_llmgate"))
        .args(["coverage", "--undocumented", "spec/openrouter.json"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

#[test]
fn help_works_after_any_command() {
    for args in [
        &["--help"][..],
        &["diff", "--help"],
        &["spec", "vendor", "-h"],
    ] {
        let out = llmgate(args);
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("usage:"),
            "{args:?}"
        );
    }
}
