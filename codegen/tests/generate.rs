//! Golden outputs for the fixtures, determinism, and JSON input.
//!
//! Each `fixtures/<case>.yaml` (or `.json`, or a folder `<case>/` whose root is
//! `openapi.yaml`, bundled first) sits beside `<case>.rs`, its expected output.
//! Refresh with `UPDATE_GENERATED=1 cargo test -p llmgate-codegen --test generate`.

use std::path::Path;

use llmgate_codegen::{Mock, Settings, generate, generate_with_report};

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.join("openapi.yaml").is_file()
                || (matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                ) && !p.to_string_lossy().ends_with(".names.json"))
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    specs
}

/// A fixture's spec text: the file, or the folder's tree bundled.
fn spec_text(spec: &Path) -> String {
    if spec.is_dir() {
        llmgate_codegen::read_spec(spec.join("openapi.yaml"))
            .unwrap_or_else(|e| panic!("{e}"))
            .text
    } else {
        std::fs::read_to_string(spec).unwrap()
    }
}

#[test]
fn fixtures_match_their_golden_output() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for spec in fixtures() {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let text = spec_text(&spec);
        // With the mock module behind llmgate's `mock` feature, as the bundled modules have it.
        let mut settings = if name.starts_with("serde_needed") {
            Settings::new(name.clone()).serde_both(false)
        } else {
            Settings::new(name.clone()).mock(Mock::Feature("mock".into()))
        };
        // `x.names.json` beside `x.yaml`: the name lock of an earlier version of the spec.
        let lock = spec.with_extension("names.json");
        if let Ok(text) = std::fs::read_to_string(&lock) {
            settings = settings.name_lock(lock.display().to_string(), text);
        }
        let code = generate(&text, &settings).unwrap_or_else(|e| panic!("{e}"));
        let golden = spec.with_extension("rs");
        if update {
            llmgate_codegen::write_if_changed(&golden, &code).unwrap();
        } else if std::fs::read_to_string(&golden).unwrap_or_default() != code {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale golden files for {stale:?}; refresh with UPDATE_GENERATED=1 cargo test -p llmgate-codegen --test generate"
    );
}

/// The fast path that writes struct definitions, setters and getters as text gives the
/// bytes the tokens give once formatted, under each combination of settings that changes
/// those items.
#[test]
fn text_items_give_the_bytes_tokens_give() {
    for spec in fixtures() {
        let text = spec_text(&spec);
        let name = spec.display().to_string();
        let variants = [
            Settings::new(name.clone()),
            Settings::new(name.clone()).mock(Mock::Feature("mock".into())),
            Settings::new(name.clone()).serde_both(false),
            Settings::new(name.clone()).partial_eq(false),
        ];
        for settings in variants {
            let fast = generate(&text, &settings).unwrap_or_else(|e| panic!("{e}"));
            let mut tokens = settings.clone();
            tokens.token_items = true;
            let slow = generate(&text, &tokens).unwrap();
            assert!(fast == slow, "{name}: text items differ from tokens");
        }
    }
}

#[test]
fn same_input_same_bytes() {
    for spec in fixtures() {
        let text = spec_text(&spec);
        let a = generate(&text, &Settings::default()).unwrap();
        let b = generate(&text, &Settings::default()).unwrap();
        assert_eq!(a, b, "{}", spec.display());
        syn::parse_file(&a).expect("output parses");
        assert!(a.starts_with("// @generated"));
    }
}

#[test]
fn json_spec_generates_the_same_code_as_yaml() {
    for spec in fixtures()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let text = std::fs::read_to_string(&spec).unwrap();
        let value: serde_json::Value = llmgate_codegen::load_document(&text, "fixture").unwrap();
        let json = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(
            generate(&json, &Settings::default()).unwrap(),
            generate(&text, &Settings::default()).unwrap(),
            "{}",
            spec.display()
        );
    }
}

#[test]
fn report_counts_operations_and_methods() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs.yaml"),
    )
    .unwrap();
    let g = generate_with_report(&text, &Settings::default()).unwrap();
    assert_eq!(g.report.operations_generated, g.report.operations_in_spec);
    assert!(
        g.report.methods > g.report.operations_in_spec,
        "stream and multipart methods are extra"
    );
}

mod synthetic {
    include!("../../bench/src/synthetic.rs");
}

/// Thousands of operations generate, and every one gets its method. (How the time grows
/// with the count is measured by `cargo bench -p llmgate-bench --bench scaling`.)
#[test]
fn thousands_of_operations() {
    let spec = synthetic::synthetic_spec(2000);
    let g = generate_with_report(&spec, &Settings::new("synthetic.yaml")).unwrap();
    assert_eq!(g.report.operations_in_spec, 2000);
    assert_eq!(g.report.operations_generated, 2000);
    assert!(g.report.fallbacks.is_empty(), "{:?}", g.report.fallbacks);
}

#[test]
fn a_subset_keeps_the_operations_named_and_the_schemas_they_reach() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let text = std::fs::read_to_string(dir.join("lossless.yaml")).unwrap();
    let g = generate_with_report(
        &text,
        &Settings::new("lossless.yaml").operations(["sendChat"]),
    )
    .unwrap();
    let s = g.report.subset.clone().unwrap();
    assert_eq!(s.operations_kept, ["sendChat"]);
    assert_eq!(s.operations_dropped.len(), 5);
    assert_eq!((s.schemas_kept, s.schemas_dropped), (1, 2));
    assert!(g.code.contains("pub struct ChatRequest "));
    assert!(!g.code.contains("UpdateDestination"));
    assert!(!g.code.contains("fn create_messages"));

    let err = generate_with_report(
        &text,
        &Settings::new("lossless.yaml")
            .operations(["sendChat", "nope"])
            .tags(["missing"]),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown operationId nope; unknown tag missing"),
        "{err}"
    );

    let forms = std::fs::read_to_string(dir.join("constructs.yaml")).unwrap();
    let all = generate_with_report(&forms, &Settings::new("c.yaml")).unwrap();
    let tagged = generate_with_report(&forms, &Settings::new("c.yaml").tags(["Chat"])).unwrap();
    let t = tagged.report.subset.unwrap();
    assert!(
        !t.operations_kept.is_empty() && !t.operations_dropped.is_empty(),
        "{t:?}"
    );
    assert!(tagged.report.types < all.report.types);
}

#[test]
fn serde_needed_implements_only_what_the_client_uses() {
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serde_needed.rs"),
    )
    .unwrap();
    // The traits each struct's `object!` implements.
    let derive_of = |name: &str| -> String {
        let line = golden
            .lines()
            .find(|l| {
                l.trim_start().starts_with("impl ")
                    && (l.contains(&format!(" for {name} {{"))
                        || l.contains(&format!(" for {name} as "))
                        || l.contains(&format!(" for {name} missing(")))
            })
            .unwrap_or_else(|| panic!("{name}"));
        line.trim().split(" for ").next().unwrap().to_owned()
    };
    assert_eq!(derive_of("Req"), "impl Serialize");
    assert_eq!(derive_of("SentText"), "impl Serialize");
    assert_eq!(derive_of("Resp"), "impl Deserialize");
    for both in ["Card", "Note", "Unused"] {
        assert_eq!(derive_of(both), "impl Serialize, Deserialize", "{both}");
    }
    assert!(golden.contains("impl Serialize for Read"));
    assert!(golden.contains("impl<'de> Deserialize<'de> for Read"));
    assert!(golden.contains("impl Serialize for ReqSent"));
    assert!(!golden.contains("Deserialize<'de> for ReqSent"));
}

/// A discriminator mapping through a `$ref` mid-pointer is followed; one that names no
/// schema is a warning and the tag is decoded by shape, never a hard error (strict refuses).
#[test]
fn discriminator_mappings_follow_references_and_fall_back() {
    let spec = r##"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, meow: {type: boolean}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}, bark: {type: boolean}}
    Holder:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Cat'}
        list: {$ref: '#/components/schemas/List'}
    List:
      type: array
      items:
        allOf:
          - type: object
            properties: {option: {type: string}}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          cat: '#/components/schemas/Holder/properties/pet'
          dog: Dog
          bird: Bird
          fish: '#/components/schemas/Holder/properties/list/items/allOf/0/properties/option'
"##;
    let g = generate_with_report(spec, &Settings::new("m.yaml")).unwrap();
    let warned: Vec<&str> = g
        .report
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "/components/schemas/Pet/discriminator/mapping/bird",
            "/components/schemas/Pet/discriminator/mapping/fish"
        ],
        "{:?}",
        g.report.warnings
    );
    assert!(
        g.code.contains(r#"Some("cat") => Self::Cat("#),
        "the mapping followed through a reference is Cat's tag"
    );
    let strict = generate_with_report(spec, &Settings::new("m.yaml").strict(true)).unwrap_err();
    assert!(
        strict.to_string().contains("unknown schema `Bird`"),
        "{strict}"
    );
}

/// `Settings::strict_decoding` makes strict decoding the generated client's default; the
/// types do not change (the tolerance is the decoder's, not the types').
#[test]
fn strict_decoding_is_a_client_default_not_a_type_change() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs.yaml");
    let text = spec_text(&spec);
    let lenient = llmgate_codegen::generate(&text, &Settings::new("c")).unwrap();
    let strict =
        llmgate_codegen::generate(&text, &Settings::new("c").strict_decoding(true)).unwrap();
    assert!(!lenient.contains(".strict_decoding(true)"));
    assert!(strict.contains(".strict_decoding(true)"));
    let without = |code: &str| code.replace(".strict_decoding(true)", "");
    assert_eq!(without(&strict).lines().count(), lenient.lines().count());
}

/// The Rust-API verdict of `llmgate diff`: additions (fields, enum values) are not breaks,
/// a changed field type and a removed value are, and the semver bump follows.
#[test]
fn the_rust_api_diff_judges_items_not_spec_text() {
    let spec = |extra_prop: &str, values: &str, count_ty: &str| {
        format!(
            r##"openapi: 3.1.0
info: {{title: T, version: "1"}}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {{type: string}}
        count: {{type: {count_ty}}}
        kind: {{type: string, enum: [{values}]}}
        {extra_prop}
"##
        )
    };
    let old = spec("", "a, b", "integer");
    let additive = spec("note: {type: string}", "a, b, c", "integer");
    let d = llmgate_codegen::diff::rust_diff(&old, "old", &additive, "new", None).unwrap();
    assert_eq!(d.breaking(), 0, "{}", d.to_text(false));
    assert!(d.added > 0);
    assert!(d.semver().starts_with("compatible"), "{}", d.semver());
    let breaking = spec("", "a", "string");
    let d = llmgate_codegen::diff::rust_diff(&old, "old", &breaking, "new", None).unwrap();
    let text = d.to_text(false);
    assert!(
        text.contains("changed  types::Thing.count: Option<i64> → Option<String>"),
        "{text}"
    );
    assert!(text.contains("removed  types::ThingKind::B"), "{text}");
    assert!(d.semver().starts_with("breaking"), "{}", d.semver());
}

/// Two classes of spec update that must not move a Rust name: an identical schema added
/// ahead of an old one (the old type keeps its definition, the new one is its alias), and
/// an inline schema that became a `$ref` to a component it was an alias of (the old name
/// stays, deprecated, as an alias of the component).
#[test]
fn shared_and_moved_types_keep_their_names() {
    let spec = |extra: &str, level: &str| {
        let extra_path = if extra.is_empty() {
            String::new()
        } else {
            "/a: {get: {operationId: getA, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Another'}}}}}}}".to_owned()
        };
        format!(
            r##"openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  {extra_path}
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    {extra}
    Level: {{type: string, enum: [low, high]}}
    Thing:
      type: object
      properties:
        part: {{type: object, properties: {{inner: {{type: object, properties: {{x: {{type: string}}}}}}}}}}
        level: {level}
"##
        )
    };
    let old = spec("", "{type: string, enum: [low, high]}");
    let new = spec(
        "Another: {type: object, properties: {part: {type: object, properties: {inner: {type: object, properties: {x: {type: string}}}}}}}",
        "{$ref: '#/components/schemas/Level'}",
    );
    let d = llmgate_codegen::diff::rust_diff(&old, "old", &new, "new", None).unwrap();
    let text = d.to_text(false);
    assert_eq!(d.breaking(), 0, "{text}");
    assert!(!text.contains("types::ThingPart"), "{text}");
}

/// A type several positions share is named for what they have in common, its first
/// position's name kept as an alias; an inline enum shared by value is an alias per
/// position, named for it.
#[test]
fn shared_types_take_a_common_name_and_positions_keep_theirs() {
    let status = |code: &str, name: &str| {
        format!(
            "        \"{code}\": {{description: e, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{name}'}}}}}}}}\n"
        )
    };
    let mut spec = String::from(
        r##"openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                first: {type: string, enum: [low, high]}
                second: {type: string, enum: [low, high]}
      responses:
        "200": {description: ok}
"##,
    );
    let names = [
        "BadRequestResponse",
        "UnauthorizedResponse",
        "TooManyRequestsResponse",
    ];
    for (code, name) in ["400", "401", "429"].iter().zip(names) {
        spec.push_str(&status(code, name));
    }
    spec.push_str("components:\n  schemas:\n");
    for name in names {
        spec.push_str(&format!(
            "    {name}:\n      type: object\n      required: [error]\n      properties:\n        error: {{type: object, required: [message], properties: {{message: {{type: string}}}}}}\n"
        ));
    }
    let code = llmgate_codegen::generate(&spec, &Settings::new("t")).unwrap();
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let code = squeeze(&code);
    assert!(code.contains("pub struct ErrorResponse {"), "{code}");
    assert!(
        code.contains("pub type BadRequestResponse = ErrorResponse;"),
        "{code}"
    );
    assert!(
        code.contains("pub type UnauthorizedResponse = ErrorResponse;"),
        "{code}"
    );
    assert!(
        code.contains("pub second: Option<MakeThingRequestSecond>"),
        "{code}"
    );
    assert!(
        code.contains("pub type MakeThingRequestSecond = MakeThingRequestFirst;"),
        "{code}"
    );
}

/// A group left out by cargo features keeps an accessor whose type names the feature, so
/// that calling into it fails to compile saying what to enable.
#[test]
fn a_disabled_group_names_its_feature() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs.yaml");
    let mut settings = Settings::new("c");
    settings.disabled_groups = vec![("models".into(), "models".into())];
    let code = llmgate_codegen::generate(&spec_text(&spec), &settings).unwrap();
    assert!(
        code.contains("pub struct EnableModelsFeature;"),
        "a type naming the feature"
    );
    assert!(code.contains("pub fn models(&self) -> EnableModelsFeature"));
    assert!(code.contains("enable llmgate's `models` cargo feature"));
}

/// Each defect the `repairs` fixture repairs (with a warning naming its place and what was
/// assumed) is refused by `Settings::strict`, by name and place.
#[test]
fn strict_mode_refuses_each_repaired_defect() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repairs.yaml");
    let text = spec_text(&fixture);
    let report = llmgate_codegen::generate_with_report(&text, &Settings::new("repairs.yaml"))
        .unwrap()
        .report;
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.pointer, w.reason))
        .collect();
    let cases = [
        (
            "",
            "a flow collection continues at or below its key's indentation",
        ),
        ("/info/description", "is a mapping, not text"),
        ("/get", "names `{thingId}` but no path parameter"),
        ("/parameters/0/in", "`in: formData` is Swagger 2"),
        ("/parameters/0/type", "`type: file` is Swagger 2"),
        ("/parameters/0/in", "`in: body` is Swagger 2"),
        ("/parameters/1/required", "is not `required: true`"),
        ("/parameters/3", "duplicate query parameter `q`"),
        ("/parameters/1", "does not appear in the path template"),
        ("/parameters/4", "has a `type` and no `schema`"),
    ];
    for (at, what) in cases {
        assert!(
            warnings.iter().any(|w| w.contains(at) && w.contains(what)),
            "no warning {at}: {what} in {warnings:#?}"
        );
    }
    // Strictly, each is an error naming the file, the place and the cause: with the first
    // defect removed, the next one is refused.
    let err = llmgate_codegen::generate(&text, &Settings::new("repairs.yaml").strict(true))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("repairs.yaml") && err.contains("strict mode"),
        "{err}"
    );
    assert!(err.contains("a flow collection continues"), "{err}");
    let text = text.replace(
        "      required: [\n        name\n    ]\n",
        "      required: [name]\n",
    );
    let err = llmgate_codegen::generate(&text, &Settings::new("repairs.yaml").strict(true))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a mapping, not text"), "{err}");
    let without_prose = text
        .replace(
            "  description:\n    text: a mapping where prose belongs\n",
            "",
        )
        .replace("      description: {not: text}\n", "")
        .replace("      summary: [not, text]\n", "");
    let err =
        llmgate_codegen::generate(&without_prose, &Settings::new("repairs.yaml").strict(true))
            .unwrap_err()
            .to_string();
    assert!(err.contains("no path parameter `thingId`"), "{err}");
}

/// References reach anywhere under the reference root: by default the crate or repository
/// holding the spec (here codegen's own crate), or a folder the caller sets; leaving it is
/// refused, naming the reference.
#[test]
fn references_reach_anywhere_under_the_root_and_no_further() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refs_anywhere");
    let entry = dir.join("openapi.yaml");
    assert_eq!(
        llmgate_codegen::reference_root(&entry),
        std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap()
    );
    let read = llmgate_codegen::read_spec(&entry).unwrap();
    assert!(read.bundled && read.files.len() == 5, "{:?}", read.files);
    let err = llmgate_codegen::read_spec_under(&entry, &dir)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("$ref: ../refs_anywhere_parts/params.yaml")
            && err.contains("leaves the reference root"),
        "{err}"
    );
}

/// A value an enum loses in a spec update stays as a deprecated variant: the lock
/// records it (`dropped`), generation keeps it, and `llmgate diff` sees no removal.
#[test]
fn values_an_enum_loses_stay_as_deprecated_variants() {
    let spec = |values: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Provider: {{type: string, enum: [{values}]}}
    Thing:
      type: object
      properties:
        provider: {{$ref: "#/components/schemas/Provider"}}
"##
        )
    };
    let (old, new) = (spec("Alpha, Beta, Gone"), spec("Alpha, Beta, Delta"));
    let d = llmgate_codegen::diff::rust_diff(&old, "old", &new, "new", None).unwrap();
    let text = d.to_text(false);
    assert_eq!(d.breaking(), 0, "{text}");
    // The lock a vendoring run writes: the old client's names, updated with the new.
    let settings = |name: &str| llmgate_codegen::Settings::new(name);
    let before = llmgate_codegen::current_names(&old, &settings("old")).unwrap();
    let now = llmgate_codegen::current_names(&new, &settings("new")).unwrap();
    let lock = before.update(&now);
    let entry = &lock.entries["type /components/schemas/Provider"];
    assert_eq!(entry.dropped, ["Gone"]);
    // Recorded once: a later update keeps it, and a value that comes back leaves the list.
    assert_eq!(
        lock.update(&now).entries["type /components/schemas/Provider"].dropped,
        ["Gone"]
    );
    let back = llmgate_codegen::current_names(&spec("Alpha, Gone"), &settings("back")).unwrap();
    assert_eq!(
        lock.update(&back).entries["type /components/schemas/Provider"].dropped,
        ["Beta", "Delta"]
    );
    let code = llmgate_codegen::generate(&new, &settings("new").name_lock("lock", lock.to_json()))
        .unwrap();
    let at = code.find("pub enum Provider").unwrap();
    let body = &code[at..at + code[at..].find('}').unwrap()];
    assert!(body.contains("Delta,"), "{body}");
    let gone = body.find("Gone,").expect(body);
    let note = body
        .find("the spec no longer lists this value")
        .expect(body);
    assert!(note < gone && !body[note..gone].contains("Delta"), "{body}");
}

/// A method (and its mock handler) keeps its name when the spec renames the operationId
/// it is named after: the lock knows it by its HTTP method and path.
#[test]
fn a_renamed_operation_keeps_its_method_and_handler_names() {
    let spec = |op: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /things:
    get:
      operationId: {op}
      tags: [Things]
      parameters:
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{n: {{type: integer}}}}}}
"##
        )
    };
    let (old, new) = (spec("listThings"), spec("getAllThingsV2"));
    let d = llmgate_codegen::diff::rust_diff(&old, "old", &new, "new", None).unwrap();
    let text = d.to_text(false);
    assert_eq!(d.breaking(), 0, "{text}");
    assert!(
        d.renamed
            .iter()
            .any(|(o, n)| o == "client.list_things" && n == "client.get_all_things_v2"),
        "{text}"
    );
    let settings = |name: &str| Settings::new(name).mock(Mock::On);
    let lock = llmgate_codegen::current_names(&old, &settings("old")).unwrap();
    let code = generate(&new, &settings("new").name_lock("lock", lock.to_json())).unwrap();
    for (name, what) in [
        ("pub async fn list_things(", "the method"),
        ("pub async fn list_things_with(", "its `_with` form"),
        ("pub fn on_list_things<", "the mock handler"),
    ] {
        let at = code
            .find(name)
            .unwrap_or_else(|| panic!("{what} `{name}` is gone:\n{code}"));
        let before = &code[code[..at].rfind("\n\n").unwrap_or(0)..at];
        assert!(
            before.contains("#[deprecated"),
            "{what} is not deprecated: {before}"
        );
    }
    assert!(code.contains("pub async fn get_all_things_v2("));
}

/// A response type that gains a required property keeps its `new`: `llmgate diff` sees
/// no change to it, and a request type's `new` still asks for a new required property.
#[test]
fn a_response_type_keeps_its_new_when_it_gains_a_required_property() {
    let spec = |required: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/NewThing"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    NewThing:
      type: object
      required: [{required}]
      properties: {{name: {{type: string}}, region: {{type: string}}}}
    Thing:
      type: object
      required: [{required}]
      properties: {{name: {{type: string}}, region: {{type: string}}, id: {{type: integer}}}}
"##
        )
    };
    let (old, new) = (spec("name"), spec("name, region"));
    let d = llmgate_codegen::diff::rust_diff(&old, "old", &new, "new", None).unwrap();
    let changed: Vec<&str> = d.changed.iter().map(|(p, _, _)| p.as_str()).collect();
    // A request's field that became required changes type and `new`; the response
    // type keeps both (`Option<String>` still reads what is now always there).
    assert_eq!(
        changed,
        ["types::NewThing.region", "types::NewThing::new"],
        "{}",
        d.to_text(false)
    );
}

/// A spec update whose changes a locked field type still carries breaks nothing: an enum
/// that became a string, a request property that became optional or nullable, a response
/// property that became required, a component renamed under a union variant. A response
/// property that became nullable does break (the old type cannot hold `null`), and
/// `llmgate diff` names the wire change behind it.
#[test]
fn a_spec_update_keeps_the_field_types_that_still_carry_its_values() {
    let spec = |v: u8| {
        let (kind, name_req, note, label_req, count, owner) = if v == 1 {
            (
                "{$ref: '#/components/schemas/Kind'}",
                "[name]",
                "{type: string}",
                "[id]",
                "{type: integer}",
                "User",
            )
        } else {
            (
                "{type: string}",
                "[]",
                "{type: string, nullable: true}",
                "[id, label]",
                "{type: integer, nullable: true}",
                "Person",
            )
        };
        format!(
            r##"openapi: 3.0.3
info: {{title: T, version: "{v}"}}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/NewThing"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Kind: {{type: string, enum: [big, small]}}
    {owner}:
      type: object
      properties: {{name: {{type: string}}}}
    Team:
      type: object
      properties: {{members: {{type: array, items: {{type: string}}}}}}
    NewThing:
      type: object
      required: {name_req}
      properties: {{name: {{type: string}}, note: {note}, kind: {kind}}}
    Thing:
      type: object
      required: {label_req}
      properties:
        id: {{type: string}}
        label: {{type: string}}
        count: {count}
        kind: {kind}
        owner:
          oneOf: [{{$ref: "#/components/schemas/{owner}"}}, {{$ref: "#/components/schemas/Team"}}]
"##
        )
    };
    let (old, new) = (spec(1), spec(2));
    let mut d = llmgate_codegen::diff::rust_diff(&old, "old", &new, "new", None).unwrap();
    let broken: Vec<&str> = d
        .removed
        .iter()
        .map(String::as_str)
        .chain(d.changed.iter().map(|(p, _, _)| p.as_str()))
        .collect();
    assert_eq!(broken, ["types::Thing.count"], "{}", d.to_text(false));
    let mut api = llmgate_codegen::diff::diff(&old, "old", &new, "new").unwrap();
    d.attribute(&mut api);
    assert!(d.without_wire_break().is_empty(), "{}", d.to_text(false));
    let cause = &d.causes["types::Thing.count"];
    assert!(
        cause.iter().any(|c| c.contains("may now be null")),
        "{cause:?}"
    );
    // The kept types are in the generated client.
    let settings = |name: &str| Settings::new(name).mock(Mock::On);
    let lock = llmgate_codegen::current_names(&old, &settings("old")).unwrap();
    let code = generate(&new, &settings("new").name_lock("lock", lock.to_json())).unwrap();
    for kept in [
        "pub kind: Option<Kind>,",
        "pub name: String,",
        "pub note: Option<String>,",
        "pub label: Option<String>,",
        "User(Person),",
        "pub type User = Person;",
    ] {
        assert!(code.contains(kept), "`{kept}` is missing:\n{code}");
    }
}

/// The wire diff compares what a schema holds: one rebuilt on an `allOf` base is not a
/// removal of its properties, a body declared inline in the operation is compared, and a
/// schema renamed with a prefix is compared with what it became.
#[test]
fn the_wire_diff_sees_through_allof_inline_bodies_and_renames() {
    let old = r##"openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [x], properties: {x: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  item: {$ref: "#/components/schemas/Item"}
                  block: {$ref: "#/components/schemas/ToolBlock"}
components:
  schemas:
    Item:
      type: object
      required: [id, name]
      properties: {id: {type: string}, name: {type: string}}
    ToolBlock:
      type: object
      required: [id, caller]
      properties: {id: {type: string}, caller: {type: string}}
"##;
    let new = r##"openapi: 3.0.3
info: {title: T, version: "2"}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [x, y], properties: {x: {type: string}, y: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  item: {$ref: "#/components/schemas/Item"}
                  block: {$ref: "#/components/schemas/OrToolBlock"}
components:
  schemas:
    Base:
      type: object
      required: [id, name]
      properties: {id: {type: string}, name: {type: string}}
    Item:
      allOf: [{$ref: "#/components/schemas/Base"}, {type: object, properties: {}}]
    OrToolBlock:
      type: object
      required: [id]
      properties: {id: {type: string}, caller: {type: string}}
"##;
    let d = llmgate_codegen::diff::diff(old, "old", new, "new").unwrap();
    let text = d.to_text(false);
    assert!(!d.schemas.contains_key("Item"), "{text}");
    let op = &d.changed["a"];
    assert!(
        op.iter()
            .any(|c| c.breaking && c.detail.contains("`y` added (required)")),
        "{text}"
    );
    let block = &d.schemas["ToolBlock"];
    assert!(
        block
            .iter()
            .any(|c| c.detail.contains("renamed to `OrToolBlock`")),
        "{text}"
    );
    assert!(
        block
            .iter()
            .any(|c| c.breaking && c.detail.contains("`caller` became optional")),
        "{text}"
    );
}

/// A plain type that widens where a client sends it, or narrows where it reads it, breaks
/// nothing on the wire; the opposite does.
#[test]
fn plain_types_that_widen_for_senders_and_narrow_for_readers_are_no_wire_break() {
    let spec = |sent: &str, read: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/In"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Out"}}
components:
  schemas:
    In: {{type: object, properties: {{n: {{type: {sent}}}}}}}
    Out: {{type: object, properties: {{n: {{type: {read}}}}}}}
"##
        )
    };
    let breaking = |old: &str, new: &str| {
        let d = llmgate_codegen::diff::diff(old, "old", new, "new").unwrap();
        d.breaking()
    };
    assert_eq!(
        breaking(&spec("integer", "number"), &spec("number", "integer")),
        0
    );
    assert_eq!(
        breaking(&spec("number", "integer"), &spec("integer", "number")),
        2
    );
}

/// `allOf` that only annotates a reference keeps the reference: `{nullable: true}` beside
/// it makes it nullable (3.0's spelling), another list of the enum's values narrows the
/// enum and stays the enum. Neither is an empty struct, which could not read a string.
#[test]
fn allof_that_only_annotates_a_reference_is_the_reference() {
    let spec = r##"openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Endpoint"}
components:
  schemas:
    Quantization: {type: string, enum: [fp8, int4]}
    Tier: {type: string, nullable: true, enum: [auto, flex, scale]}
    Endpoint:
      type: object
      required: [quantization]
      properties:
        quantization:
          allOf: [{$ref: "#/components/schemas/Quantization"}, {nullable: true}]
        tier:
          allOf: [{$ref: "#/components/schemas/Tier"}, {enum: [auto, flex]}]
"##;
    let code = generate(spec, &Settings::new("allof.yaml")).unwrap();
    assert!(
        code.contains("pub quantization: Option<Quantization>,"),
        "{code}"
    );
    assert!(code.contains("pub tier: Option<Nullable<Tier>>,"), "{code}");
    assert!(!code.contains("pub struct EndpointQuantization"), "{code}");
    assert!(!code.contains("pub struct EndpointTier"), "{code}");
}
