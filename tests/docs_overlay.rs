//! Our documentation overlay (`spec/openrouter.docs.yaml`) gives every field and
//! parameter of the chat, models, embeddings, generations, Responses and key-management
//! groups a description of its own: none is documented only by its name.

/// The groups whose every field we document, by the spec's tags.
const GROUPS: [&str; 6] = [
    "Chat",
    "Models",
    "Embeddings",
    "Generations",
    "Responses",
    "API Keys",
];

fn generate(tags: &[&str]) -> llmgate_codegen::Generated {
    let root = env!("CARGO_MANIFEST_DIR");
    let spec = std::fs::read_to_string(format!("{root}/spec/openrouter.json")).unwrap();
    let overlay = std::fs::read_to_string(format!("{root}/spec/openrouter.docs.yaml")).unwrap();
    let mut settings = llmgate_codegen::Settings::new("spec/openrouter.json")
        .overlay("spec/openrouter.docs.yaml", overlay);
    if !tags.is_empty() {
        settings = settings.tags(tags.iter().copied());
    }
    llmgate_codegen::generate_with_report(&spec, &settings).unwrap()
}

#[test]
fn every_field_of_the_documented_groups_has_a_description() {
    let generated = generate(&GROUPS);
    let report = &generated.report;
    assert_eq!(report.operations_generated, report.operations_in_spec);
    assert!(
        report.undocumented.is_empty(),
        "{} fields or parameters documented only by their name:\n  {}",
        report.undocumented.len(),
        report.undocumented.join("\n  ")
    );
}

#[test]
fn the_docs_say_what_a_name_cannot() {
    let code = generate(&GROUPS).code;
    let lines: Vec<&str> = code.lines().map(str::trim).collect();
    // Some field `field` whose doc comment says `says`.
    let documented = |field: &str, says: &str| {
        lines.iter().enumerate().any(|(i, line)| {
            line.starts_with("///")
                && line.contains(says)
                && lines[i + 1..]
                    .iter()
                    .find(|l| !l.starts_with("///") && !l.starts_with("#["))
                    .is_some_and(|l| l.starts_with(&format!("pub {field}:")))
        })
    };
    for (field, says) in [
        ("cost", "What the request cost, in USD"),
        ("arguments", "as JSON text"),
        ("key", "shown only here, once"),
        ("allow_fallbacks", "Let other providers serve the request"),
        ("sequence_number", "Position of this event in the stream"),
        ("prompt", "USD per input token"),
    ] {
        assert!(
            documented(field, says),
            "no field `{field}` documented with `{says}`"
        );
    }
}

#[test]
fn without_the_overlay_the_fields_are_undocumented() {
    // The check above can fail: the vendored spec itself carries no prose.
    let root = env!("CARGO_MANIFEST_DIR");
    let spec = std::fs::read_to_string(format!("{root}/spec/openrouter.json")).unwrap();
    let settings = llmgate_codegen::Settings::new("spec/openrouter.json").tags(GROUPS);
    let report = llmgate_codegen::generate_with_report(&spec, &settings)
        .unwrap()
        .report;
    assert!(
        report.undocumented.len() > 1000,
        "{}",
        report.undocumented.len()
    );
}
