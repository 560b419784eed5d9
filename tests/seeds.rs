//! The bundled specs carry the seeds' content, apart from the repairs listed in
//! spec/README.md. NEEDS ../shared/seeds (present in CI beside the clone; `.ci/run`
//! runs this test and fails if the directory is missing).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed(prefix: &str) -> String {
    let dir: PathBuf = root().join("../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "this test needs {} (the project's shared seeds): {e}",
                dir.display()
            )
        })
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}_* in {}", dir.display()));
    std::fs::read_to_string(entry).unwrap()
}

fn yaml(text: &str) -> Value {
    llmgate_codegen::load_document(text, "seed").expect("valid YAML")
}

#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn openrouter_spec_is_the_seed_block_plus_its_server() {
    let seed = seed("000_");
    let block = seed
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let mut bundled =
        yaml(&std::fs::read_to_string(root().join("spec/seeds/openrouter.yaml")).unwrap());

    // Repair 1: the seed's request line names the server its YAML block leaves out.
    assert!(seed.contains("POST https://openrouter.ai/api/v1/guardrails/{id}/assignments/keys"));
    let servers = bundled
        .as_object_mut()
        .unwrap()
        .remove("servers")
        .expect("the repair adds servers");
    assert_eq!(servers, json!([{ "url": "https://openrouter.ai/api/v1" }]));

    assert_eq!(
        bundled,
        yaml(block),
        "spec/seeds/openrouter.yaml differs from the seed beyond the listed repairs"
    );
}

#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn modelgates_spec_is_the_seed_with_line_breaks_restored() {
    let seed = seed("004_");
    let line = seed
        .lines()
        .find(|l| l.starts_with("openapi: 3.1.0"))
        .expect("the seed's YAML line");
    let bundled = std::fs::read_to_string(root().join("spec/seeds/modelgates.yaml")).unwrap();

    // The scrape removed line breaks only, so removing them again must give the seed's
    // text back, except for the one repaired path.
    let repaired = line.replace(
        "/guardrails//assignments/keys:",
        "/guardrails/{id}/assignments/keys:",
    );
    assert_ne!(repaired, line, "the repair applies to the seed");
    assert_eq!(
        bundled.replace('\n', ""),
        repaired,
        "spec/seeds/modelgates.yaml differs from the seed beyond the listed repairs"
    );

    // The repaired path is the one the seed's examples call.
    assert!(seed.contains("https://modelgates.ai/api/v1/guardrails/550e8400-e29b-41d4-a716-446655440000/assignments/keys"));
    let doc = yaml(&bundled);
    assert_eq!(doc["servers"][0]["url"], "https://modelgates.ai/api/v1");
}

#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn the_unrepaired_modelgates_path_is_repaired_or_strictly_refused() {
    let bundled = std::fs::read_to_string(root().join("spec/seeds/modelgates.yaml")).unwrap();
    let raw = bundled.replace(
        "/guardrails/{id}/assignments/keys:",
        "/guardrails//assignments/keys:",
    );
    // The scrape lost `{id}`: the empty segment is where the declared `id` goes.
    let repaired = "has empty segments where path parameters `id` are declared: read as `/guardrails/{id}/assignments/keys`";
    let settings = llmgate_codegen::Settings::new("modelgates-raw.yaml");
    let generated = llmgate_codegen::generate_with_report(&raw, &settings).unwrap();
    assert!(
        generated.report.warnings.iter().any(|w| w
            .pointer
            .contains("~1guardrails~1~1assignments~1keys/post")
            && w.reason.contains(repaired)),
        "{:?}",
        generated.report.warnings
    );
    assert!(generated.code.contains("\"/assignments/keys\""));
    let err = llmgate_codegen::generate(&raw, &settings.strict(true)).unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "modelgates-raw.yaml: #/paths/~1guardrails~1~1assignments~1keys/post (line 7, column 5): "
        ),
        "{shown}"
    );
    assert!(
        shown.contains(repaired) && shown.contains("strict mode"),
        "{shown}"
    );
}
