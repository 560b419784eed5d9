//! Bad specs end in an error naming the file, the location and the cause; never a panic.

use llmgate_codegen::{Location, Settings, generate};

#[track_caller]
fn fails(spec: &str, location: Location, cause: &str) {
    fails_with(spec, &Settings::new("bad.yaml"), location, cause);
}

/// Refused by `Settings::strict`; repaired with a warning otherwise.
#[track_caller]
fn fails_strictly(spec: &str, location: Location, cause: &str) {
    fails_with(
        spec,
        &Settings::new("bad.yaml").strict(true),
        location,
        cause,
    );
    let report = llmgate_codegen::generate_with_report(spec, &Settings::new("bad.yaml"))
        .expect("repaired without strict mode")
        .report;
    assert!(
        report.warnings.iter().any(|w| w.reason.contains(cause)),
        "no warning `{cause}` in {:?}",
        report.warnings
    );
}

#[track_caller]
fn fails_with(spec: &str, settings: &Settings, location: Location, cause: &str) {
    let err = generate(spec, settings).expect_err("the spec must be refused");
    assert_eq!(err.file(), "bad.yaml");
    assert_eq!(err.location(), &location, "location of: {err}");
    assert!(
        err.message().contains(cause),
        "expected `{cause}` in: {err}"
    );
    assert!(err.to_string().starts_with("bad.yaml: "), "{err}");
}

fn ptr(p: &str) -> Location {
    Location::Pointer(p.to_owned())
}

const OK_PATHS: &str = "paths: {}\n";

#[test]
fn invalid_yaml_reports_line_and_column() {
    let spec = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a: [unclosed\n";
    let err = generate(spec, &Settings::new("bad.yaml")).unwrap_err();
    assert!(
        matches!(err.location(), Location::LineColumn { line: 6 | 7, .. }),
        "{err}"
    );
    assert!(err.message().starts_with("invalid YAML"), "{err}");
}

#[test]
fn invalid_json_reports_line_and_column() {
    let spec = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {,}\n}";
    fails(
        spec,
        Location::LineColumn {
            line: 4,
            column: 13,
        },
        "invalid JSON",
    );
}

#[test]
fn path_parameter_missing_from_template() {
    let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /guardrails//assignments/keys:
    post:
      operationId: bulk-assign-keys-to-guardrail
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
"#;
    // The empty segment is where `{id}` was lost: it is put back.
    fails_strictly(
        spec,
        ptr("/paths/~1guardrails~1~1assignments~1keys/post"),
        "read as `/guardrails/{id}/assignments/keys`",
    );
    let code = generate(spec, &Settings::new("bad.yaml")).unwrap();
    assert!(code.contains("\"/guardrails/\""), "{code}");
    let elsewhere = spec.replace(
        "/guardrails//assignments/keys",
        "/guardrails/assignments/keys",
    );
    fails_strictly(
        &elsewhere,
        ptr("/paths/~1guardrails~1assignments~1keys/post/parameters/0"),
        "path parameter `id` does not appear in the path template `/guardrails/assignments/keys`: ignored",
    );
}

#[test]
fn template_name_without_parameter() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{x}:\n    get:\n      responses: {'200': {description: ok}}\n";
    fails_strictly(
        spec,
        ptr("/paths/~1a~1{x}/get"),
        "no path parameter `x` is declared",
    );
}

#[test]
fn unresolvable_ref() {
    let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/Missing'}
"#;
    fails(
        spec,
        ptr("/components/schemas/A/properties/b"),
        "unresolvable `$ref: #/components/schemas/Missing`",
    );
}

/// `generate` is pure: a reference to another file says how to read the tree.
#[test]
fn external_ref_says_how_to_bundle() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'other.yaml#/A'}\n";
    fails(
        spec,
        ptr("/components/schemas/A"),
        "points to another file: read the spec with `llmgate_codegen::read_spec`",
    );
    // A component map that is a reference is not read as a schema named `$ref`.
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    $ref: './schemas/_index.yaml'\n";
    fails(spec, ptr("/components/schemas"), "points to another file");
    // Nor is an operation that is a reference checked for its parameters.
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /k/{id}:\n    get: {$ref: 'ops/k.yml'}\n";
    fails(spec, ptr("/paths/~1k~1{id}/get"), "points to another file");
}

#[test]
fn unsupported_openapi_version() {
    fails(
        &format!("openapi: 4.0.0\ninfo: {{title: t, version: '1'}}\n{OK_PATHS}"),
        ptr("/openapi"),
        "unsupported OpenAPI version `4.0.0`",
    );
    fails(
        &format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{OK_PATHS}"),
        ptr("/swagger"),
        "Swagger 2.0 is not supported",
    );
}

/// operationIds unique only within a tag (or not at all): the later one is renamed
/// deterministically (first tag, else method and path) with a warning; `strict` refuses.
#[test]
fn duplicate_operation_id() {
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get: {operationId: same, responses: {'200': {description: ok}}}
  /b:
    get: {operationId: same, tags: [Models], responses: {'200': {description: ok}}}
  /c/{id}:
    get: {operationId: same, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}
"#;
    let g = llmgate_codegen::generate_with_report(spec, &Settings::new("dup.yaml")).unwrap();
    assert!(g.code.contains("pub async fn same(") && g.code.contains("pub async fn models_same("));
    assert!(
        g.code.contains("pub async fn same_get_c_id("),
        "by method and path"
    );
    let warned: Vec<&str> = g
        .report
        .warnings
        .iter()
        .map(|w| w.reason.as_str())
        .collect();
    assert!(
        warned.iter().any(|w| w.contains("duplicate operationId `same` (first used at #/paths/~1a/get): this one is `Models_same`")),
        "{warned:?}"
    );
    let again = llmgate_codegen::generate(spec, &Settings::new("dup.yaml")).unwrap();
    assert_eq!(g.code, again, "deterministic");
    let err = generate(spec, &Settings::new("bad.yaml").strict(true)).unwrap_err();
    assert_eq!(err.location(), &ptr("/paths/~1b/get/operationId"), "{err}");
    assert!(
        err.message().contains("duplicate operationId `same`"),
        "{err}"
    );
}

#[test]
fn missing_required_field() {
    fails(
        "openapi: 3.1.0\npaths: {}\n",
        ptr(""),
        "missing required field `info`",
    );
    // A missing title or version changes nothing generated: a warning, unless strict.
    for (spec, field) in [
        (
            format!("openapi: 3.1.0\ninfo: {{version: '1'}}\n{OK_PATHS}"),
            "title",
        ),
        (
            format!("openapi: 3.1.0\ninfo: {{title: t}}\n{OK_PATHS}"),
            "version",
        ),
    ] {
        let lenient =
            llmgate_codegen::generate_with_report(&spec, &Settings::new("bad.yaml")).unwrap();
        let w = &lenient.report.warnings;
        assert!(
            w.iter()
                .any(|w| w.pointer == "/info" && w.reason.contains(field)),
            "{w:?}"
        );
        let err = generate(&spec, &Settings::new("bad.yaml").strict(true)).unwrap_err();
        assert_eq!(err.location(), &ptr("/info"));
        assert!(
            err.message()
                .contains(&format!("missing required field `{field}`")),
            "{err}"
        );
        assert!(err.to_string().contains("(line 2, column 1)"), "{err}");
    }
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{in: query}]\n      responses: {}\n";
    fails(
        spec,
        ptr("/paths/~1a/get/parameters/0"),
        "missing required field `name` in a parameter",
    );
}

#[test]
fn wrong_type_for_a_known_field() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: [a, b]}\n";
    fails(
        spec,
        ptr("/components/schemas/A/properties"),
        "`properties` must be a mapping, found a list",
    );
}

#[test]
fn empty_spec() {
    fails("", Location::Document, "the spec is empty");
    fails("   \n", Location::Document, "the spec is empty");
}

#[test]
fn numbers_beyond_64_bits_load_as_floats_with_a_warning() {
    let spec = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/malformed/ok_big_integers.yaml"),
    )
    .unwrap();
    let g = llmgate_codegen::generate_with_report(&spec, &Settings::new("big.yaml")).unwrap();
    let warnings: Vec<String> = g
        .report
        .warnings
        .iter()
        .map(|w| format!("#{}: {}", w.pointer, w.reason))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("/schema/maximum") && w.contains("18446744073709551616")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("99999999999999999999999")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains(".inf")), "{warnings:?}");
    // -9223372036854776000 fits no i64 either (i64::MIN is ...5808).
    assert!(
        warnings.iter().any(|w| w.contains("-9223372036854776000")),
        "{warnings:?}"
    );
    let doc = llmgate_codegen::load_document(&spec, "big.yaml").unwrap();
    assert_eq!(
        doc.pointer(
            "/paths/~1n/get/responses/200/content/application~1json/schema/properties/hex/default"
        ),
        Some(&serde_json::json!(i64::MAX))
    );
}
