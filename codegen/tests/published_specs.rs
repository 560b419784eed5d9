//! The three published OpenRouter specs generate every operation, parse with syn, and
//! give the same bytes on every run. NEEDS ../shared/specs (beside the repository in
//! CI; `.ci/run` runs this test and fails without it).

use std::path::Path;

use llmgate_codegen::{Settings, generate_with_report};

#[test]
#[ignore = "needs ../shared beside the repository; .ci/run runs it (cargo test --all-features --tests -- --ignored)"]
fn published_specs_generate_deterministically() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("this test needs {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert_eq!(specs.len(), 3, "three published versions");
    for (spec, operations) in specs.iter().zip([24, 42, 97]) {
        let text = std::fs::read_to_string(spec).unwrap();
        let settings = Settings::new(spec.display().to_string());
        let a = generate_with_report(&text, &settings).unwrap_or_else(|e| panic!("{e}"));
        let b = generate_with_report(&text, &settings).unwrap();
        assert_eq!(a.code, b.code, "{}: same input, same bytes", spec.display());
        // Struct definitions, setters and getters written as text: the bytes the tokens give.
        for one_direction in [false, true] {
            let mut settings = settings.clone().serde_both(!one_direction);
            let fast = generate_with_report(&text, &settings).unwrap().code;
            settings.token_items = true;
            let slow = generate_with_report(&text, &settings).unwrap().code;
            assert!(
                fast == slow,
                "{}: text items differ from tokens",
                spec.display()
            );
        }
        assert_eq!(
            (a.report.operations_generated, a.report.operations_in_spec),
            (operations, operations)
        );
        assert!(a.report.fallbacks.is_empty(), "{:?}", a.report.fallbacks);
        // Embeddings and rerank declare a placeholder event stream ("not used") and have
        // no `stream` switch: no `_stream` method, and the report says why.
        // Required response properties the spec's own examples leave out are optional.
        // Paging declared on an answer that is a union of list shapes (`listFiles`) is
        // not followed, and the report says so.
        let (paging, others): (Vec<_>, Vec<_>) = a
            .report
            .warnings
            .iter()
            .partition(|w| w.pointer.ends_with("/x-speakeasy-pagination"));
        let (streams, evidence): (Vec<_>, Vec<_>) = others
            .into_iter()
            .partition(|w| w.reason.contains("no `stream` switch"));
        for w in &evidence {
            assert!(
                w.reason.contains("absent from the spec's own example"),
                "{w:?}"
            );
        }
        if operations == 97 {
            let unpaged: Vec<&str> = paging.iter().map(|w| w.pointer.as_str()).collect();
            assert_eq!(
                unpaged,
                ["/paths/~1files/get/x-speakeasy-pagination"],
                "{paging:?}"
            );
            let paged = a
                .report
                .declared
                .iter()
                .filter(|d| d.starts_with("paged"))
                .count();
            assert_eq!(paged, 19, "{:?}", a.report.declared);
            let ops: Vec<&str> = streams.iter().map(|w| w.pointer.as_str()).collect();
            assert_eq!(ops, ["/paths/~1embeddings/post", "/paths/~1rerank/post"]);
            let relaxed: Vec<String> = evidence
                .iter()
                .map(|w| {
                    let prop = w.reason.split('`').nth(1).unwrap_or_default();
                    format!(
                        "{}.{prop}",
                        w.pointer.trim_start_matches("/components/schemas/")
                    )
                })
                .collect();
            assert_eq!(
                relaxed,
                [
                    "GenerationResponse/properties/data.workspace_id",
                    "ModelsListResponse.links",
                    "ModelsListResponse.total_count",
                    "VideoModel.creativity",
                    "VideoModel.upscale_factor"
                ]
            );
            // Grouped as OpenRouter's SDKs name them (`x-speakeasy-*`).
            let group = |name: &str| {
                let start = a.code.find(&format!("impl<'a> {name}<'a> {{")).unwrap();
                let end = a.code[start + 1..]
                    .find("\nimpl")
                    .map_or(a.code.len(), |e| start + 1 + e);
                &a.code[start..end]
            };
            assert!(!group("Embeddings").contains("fn generate_stream"));
            assert!(!group("Rerank").contains("fn rerank_stream"));
            assert!(a.code.contains("pub fn chat(&self) -> Chat<'_>"));
            assert!(a.code.contains("fn send_stream"));
        }
        syn::parse_file(&a.code).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    }
}
