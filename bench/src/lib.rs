//! Shared pieces of the llmgate benchmarks: spec locations, the two generators, the full
//! generated client, and hand-written equivalents to compare against.

#![allow(missing_docs, dead_code, deprecated, reason = "benchmark support code")]

use std::path::{Path, PathBuf};

#[allow(clippy::all, reason = "generated code")]
pub mod openrouter_full {
    include!(concat!(env!("OUT_DIR"), "/openrouter_full.rs"));
}

/// (name, llmgate input, progenitor input) for the seeds and the three published specs.
/// The progenitor inputs are the downgraded copies `bench/run.sh` writes into
/// `target/bench-specs/` with ../shared/tools/progenitor-downgrade.py.
pub fn specs() -> Vec<(String, PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let down = root.join("target/bench-specs");
    let mut out = vec![
        (
            "seed-openrouter".to_owned(),
            root.join("spec/seeds/openrouter.yaml"),
            down.join("seed-openrouter.yaml"),
        ),
        (
            "seed-modelgates".to_owned(),
            root.join("spec/seeds/modelgates.yaml"),
            down.join("seed-modelgates.yaml"),
        ),
    ];
    for v in ["2025-11-18", "2026-04-16", "2026-08-22"] {
        out.push((
            format!("openrouter-{v}"),
            root.join(format!("../shared/specs/openrouter-{v}.yaml")),
            down.join(format!("openrouter-{v}.yaml")),
        ));
    }
    out
}

include!("synthetic.rs");

pub fn llmgate_generate(text: &str) -> String {
    llmgate_codegen::generate(text, &llmgate_codegen::Settings::default())
        .expect("llmgate generates")
}

/// progenitor 0.15 from spec text (already downgraded), formatted with prettyplease like llmgate.
pub fn progenitor_generate(text: &str) -> String {
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(text).expect("progenitor input parses");
    let mut generator = progenitor::Generator::new(
        progenitor::GenerationSettings::default()
            .with_interface(progenitor::InterfaceStyle::Positional),
    );
    let tokens = generator
        .generate_tokens(&spec)
        .expect("progenitor generates");
    prettyplease::unparse(&syn::parse2(tokens).expect("progenitor output parses"))
}

/// Hand-written serde structs for the models list, covering the fields the spec's
/// example carries, as someone writing the client by hand would.
pub mod hand {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct ModelsList {
        pub data: Vec<Model>,
        pub links: Option<Links>,
        pub total_count: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Links {
        pub next: Option<String>,
        pub details: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Model {
        pub id: String,
        pub canonical_slug: String,
        pub name: String,
        pub created: i64,
        pub description: Option<String>,
        pub context_length: Option<i64>,
        pub architecture: Architecture,
        pub pricing: Pricing,
        pub top_provider: TopProvider,
        pub per_request_limits: Option<serde_json::Value>,
        pub supported_parameters: Vec<String>,
        pub default_parameters: Option<serde_json::Value>,
        pub supported_voices: Option<Vec<String>>,
        pub hugging_face_id: Option<String>,
        pub expiration_date: Option<String>,
        pub knowledge_cutoff: Option<String>,
        pub links: Links,
    }

    #[derive(Debug, Deserialize)]
    pub struct Architecture {
        pub input_modalities: Vec<String>,
        pub output_modalities: Vec<String>,
        pub modality: Option<String>,
        pub tokenizer: Option<String>,
        pub instruct_type: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Pricing {
        pub prompt: String,
        pub completion: String,
        pub image: Option<String>,
        pub request: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct TopProvider {
        pub context_length: Option<i64>,
        pub max_completion_tokens: Option<i64>,
        pub is_moderated: bool,
    }

    #[derive(Debug, serde::Serialize)]
    pub struct BulkAssignRequest<'a> {
        pub key_hashes: &'a [String],
    }

    #[derive(Debug, Deserialize)]
    pub struct BulkAssignResponse {
        pub assigned_count: i64,
    }
}

/// A realistic models list: the spec's own example model, 500 times with distinct ids.
pub fn models_list_json(n: usize) -> String {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/openrouter-2026-08-22.yaml"),
    )
    .unwrap();
    let doc: serde_json::Value = serde_yaml::from_str(&spec).unwrap();
    let list = &doc["components"]["schemas"]["ModelsListResponse"]["example"];
    let model = list["data"][0].clone();
    let data: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut m = model.clone();
            m["id"] = format!("vendor/model-{i}").into();
            m["canonical_slug"] = format!("vendor/model-{i}-2026").into();
            m["created"] = (1_692_901_234 + i as i64).into();
            m
        })
        .collect();
    serde_json::json!({ "data": data, "links": list["links"], "total_count": n }).to_string()
}
