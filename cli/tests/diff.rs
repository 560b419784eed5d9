//! `llmgate diff`: each change kind on a small fixture pair, the exit code of
//! `--fail-on-breaking`, and the published OpenRouter specs (NEEDS ../shared; ignored
//! without it, run by .ci/run).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn llmgate(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_llmgate"))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty() || out.status.success(), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(name)
        .display()
        .to_string()
}

/// (kind, breaking, side, detail) of every change, operations' and schemas'.
fn changes(json: &Value) -> Vec<(String, bool, String, String)> {
    let mut out = Vec::new();
    let groups = json["operations"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["schemas"].as_array().unwrap());
    for g in groups {
        for c in g["changes"].as_array().unwrap() {
            out.push((
                c["kind"].as_str().unwrap().to_owned(),
                c["breaking"].as_bool().unwrap(),
                c["side"].as_str().unwrap().to_owned(),
                c["detail"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

#[test]
fn every_change_kind_is_found_and_classified_for_a_client() {
    let (code, out) = llmgate(&["diff", &fixture("old.yaml"), &fixture("new.yaml"), "--json"]);
    assert_eq!(code, 0, "without --fail-on-breaking the exit code is 0");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["operations"]["added"], serde_json::json!(["createB"]));
    assert_eq!(json["operations"]["removed"], serde_json::json!(["getA"]));
    let all = changes(&json);
    let find = |kind: &str, detail: &str| -> (bool, String) {
        let c = all
            .iter()
            .find(|c| c.0 == kind && c.3.contains(detail))
            .unwrap_or_else(|| panic!("no {kind} mentioning {detail} in {all:#?}"));
        (c.1, c.2.clone())
    };
    let expect = [
        ("parameter-required", "`limit`", true, "request"),
        ("parameter-added", "`cursor`", false, "request"),
        (
            "parameter-added",
            "`X-Org` added (required)",
            true,
            "request",
        ),
        ("parameter-removed", "`legacy`", true, "request"),
        ("status-added", "404", false, "response"),
        ("status-removed", "201", true, "response"),
        ("response-media-added", "text/csv", false, "response"),
        (
            "request-media-removed",
            "x-www-form-urlencoded",
            true,
            "request",
        ),
        ("request-media-added", "text/plain", false, "request"),
        ("property-added", "`name` added (required)", true, "request"),
        ("property-added", "`note` added", false, "request"),
        ("property-optional", "`qty`", false, "request"),
        ("enum-value-removed", "\"red\"", true, "request"),
        ("enum-value-added", "\"blue\"", false, "request"),
        ("type-changed", "integer became string", true, "request"),
        ("nullable-removed", "`tag`", true, "request"),
        ("property-removed", "`old`", true, "request"),
        ("property-removed", "`created`", true, "response"),
        ("property-optional", "`desc`", true, "response"),
        ("enum-value-added", "\"archived\"", false, "response"),
        ("nullable-added", "`owner`", true, "response"),
        ("property-added", "`extra`", false, "response"),
        ("union-member-added", "Blob", false, "response"),
        ("union-member-removed", "Part", false, "response"),
    ];
    for (kind, detail, breaking, side) in expect {
        assert_eq!(
            find(kind, detail),
            (breaking, side.to_owned()),
            "{kind} {detail}"
        );
    }
    // The header's count is the breaking entries shown, each change told once.
    let entries = json["entries"].as_array().unwrap();
    let shown = entries.iter().filter(|e| e["breaking"] == true).count();
    assert_eq!(json["breaking"].as_u64().unwrap() as usize, shown);
    assert!(shown <= all.iter().filter(|c| c.1).count() + 1);
    let (_, text) = llmgate(&["diff", &fixture("old.yaml"), &fixture("new.yaml")]);
    assert_eq!(text.matches("[BREAKING").count(), shown, "{text}");
    // Beside the spec's names, the Rust names a user has in their code.
    assert!(text.contains("(Rust `client.list_items()`)"), "{text}");
    assert!(
        entries
            .iter()
            .any(|e| e["rust"].as_str().is_some_and(|r| r.starts_with("types::")))
    );
    assert!(
        text.starts_with("operations: 1 added, 1 removed, "),
        "{text}"
    );
    let (_, only) = llmgate(&[
        "diff",
        &fixture("old.yaml"),
        &fixture("new.yaml"),
        "--breaking-only",
    ]);
    assert!(!only.contains("[ok"), "{only}");
    assert_eq!(only.matches("[BREAKING").count(), shown);
    let (_, md) = llmgate(&[
        "diff",
        &fixture("old.yaml"),
        &fixture("new.yaml"),
        "--format",
        "markdown",
    ]);
    assert!(
        md.starts_with("## API changes") && md.contains("| breaking for callers |"),
        "{md}"
    );

    let (code, text) = llmgate(&[
        "diff",
        &fixture("old.yaml"),
        &fixture("new.yaml"),
        "--fail-on-breaking",
    ]);
    assert_eq!(code, 1);
    assert!(
        text.contains("~ operation listItems") && text.contains("operation `getA` removed"),
        "{text}"
    );
    let (code, _) = llmgate(&[
        "diff",
        &fixture("old.yaml"),
        &fixture("old.yaml"),
        "--fail-on-breaking",
    ]);
    assert_eq!(code, 0, "no change, no failure");
}

fn published(version: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../shared/specs/openrouter-{version}.yaml"))
        .display()
        .to_string()
}

#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn published_openrouter_versions() {
    let (_, out) = llmgate(&[
        "diff",
        &published("2025-11-18"),
        &published("2026-04-16"),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let removed: Vec<&str> = json["operations"]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(removed, ["createCompletions", "getParameters"]);
    assert_eq!(json["operations"]["added"].as_array().unwrap().len(), 20);

    let (_, out) = llmgate(&[
        "diff",
        &published("2026-04-16"),
        &published("2026-08-22"),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["operations"]["added"].as_array().unwrap().len(), 55);
    assert!(json["operations"]["removed"].as_array().unwrap().is_empty());
    // The 107 provider entries removed upstream are one entry, not 107.
    let grouped = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["detail"]
                .as_str()
                .unwrap()
                .contains("VideoGenerationRequest.provider.options")
        })
        .expect("the grouped entry");
    assert_eq!(grouped["items"].as_array().unwrap().len(), 107);
}

/// The figures the README and the note quote, from the tool's own output.
#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn published_pairs_counts() {
    for (old, new, entries, raw, breaking) in [
        ("2025-11-18", "2026-04-16", 208, 346, 64),
        ("2026-04-16", "2026-08-22", 276, 739, 28),
    ] {
        let (_, out) = llmgate(&["diff", &published(old), &published(new), "--json"]);
        let json: Value = serde_json::from_str(&out).unwrap();
        let s = &json["summary"];
        assert_eq!(
            (
                s["entries"].as_u64(),
                s["raw_changes"].as_u64(),
                json["breaking"].as_u64()
            ),
            (Some(entries), Some(raw), Some(breaking)),
            "{old} -> {new}: {s}"
        );
        let (_, text) = llmgate(&["diff", &published(old), &published(new), "--breaking-only"]);
        assert_eq!(text.matches("[BREAKING").count() as u64, breaking);
    }
    // 2026-04-16 → 2026-08-22 in Rust: every break has a wire-breaking change behind it,
    // and fewer items break than changes break the wire.
    let (_, out) = llmgate(&[
        "diff",
        &published("2026-04-16"),
        &published("2026-08-22"),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let rust = &json["rust"];
    assert_eq!(rust["breaking"].as_u64(), Some(26), "{rust}");
    assert_eq!(
        rust["without_wire_break"].as_array().map(Vec::len),
        Some(0),
        "{rust}"
    );
    assert_eq!(json["summary"]["rust_breaking"].as_u64(), Some(14));
    assert_eq!(json["breaking"].as_u64(), Some(28));
    // The upgrade check: what llmgate bundles against a published file (here the one it
    // was vendored from: nothing to tell).
    let (_, text) = llmgate(&["diff", "--bundled", &published("2026-08-22")]);
    assert!(
        text.starts_with("operations: 0 added, 0 removed, 0 changed; 0 breaking"),
        "{text}"
    );
}

#[test]
fn generate_adds_the_mock_module_on_request() {
    let spec = format!(
        "{}/../spec/seeds/openrouter.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, plain) = llmgate(&["generate", &spec]);
    assert_eq!(code, 0);
    assert!(!plain.contains("pub mod mock"));
    let (_, always) = llmgate(&["generate", &spec, "--mock"]);
    assert!(always.contains("pub mod mock"));
    assert!(!always.contains("#[cfg(feature"));
    let (_, gated) = llmgate(&["generate", &spec, "--mock=testing"]);
    assert!(gated.contains("#[cfg(feature = \"testing\")]\npub mod mock"));
}
