use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;

fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn run(files: &BTreeMap<String, String>) -> Result<Bundled, Error> {
    let root = &files["openapi.yaml"];
    let mut read = |p: &str| {
        files
            .get(p)
            .cloned()
            .ok_or_else(|| format!("no such file {p}"))
    };
    bundle("openapi.yaml", root, &mut read)
}

fn doc(files: &[(&str, &str)]) -> Value {
    run(&tree(files)).unwrap().document.expect("bundled")
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_root_without_file_references_is_left_as_it_is() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: string}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let b = run(&tree(&[("openapi.yaml", &spec)])).unwrap();
    assert!(b.document.is_none());
    assert_eq!(b.files, ["openapi.yaml"]);
}

#[test]
fn path_items_operations_and_parameters_are_copied_in() {
    let root = format!(
        "{HEAD}paths:\n  /keys/{{key_id}}:\n    $ref: paths/key.yaml\n  /other:\n    get:\n      $ref: ops/other_get.yml\n"
    );
    let key = "get:\n  operationId: getKey\n  parameters:\n    - $ref: ../params.json#/key_id\n  responses:\n    '200': {$ref: '../responses.yaml#/Ok'}\n";
    let other = "operationId: other\nresponses: {'204': {description: none}}\n";
    let params = r#"{"key_id": {"name": "key_id", "in": "path", "required": true, "schema": {"type": "string"}}}"#;
    let responses = "Ok:\n  description: ok\n  content:\n    application/json:\n      schema: {$ref: 'schemas/key.yaml'}\n";
    let key_schema = "type: object\nproperties:\n  id: {type: string}\n";
    let d = doc(&[
        ("openapi.yaml", &root),
        ("paths/key.yaml", key),
        ("ops/other_get.yml", other),
        ("params.json", params),
        ("responses.yaml", responses),
        ("schemas/key.yaml", key_schema),
    ]);
    let get = &d["paths"]["/keys/{key_id}"]["get"];
    assert_eq!(get["operationId"], "getKey");
    assert_eq!(get["parameters"][0]["name"], "key_id");
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/key"})
    );
    assert_eq!(
        d["components"]["schemas"]["key"]["properties"]["id"]["type"],
        "string"
    );
    assert_eq!(d["paths"]["/other"]["get"]["operationId"], "other");
}

#[test]
fn a_component_map_in_its_own_file_keeps_its_names_and_cycles_stay_references() {
    let root = format!(
        "{HEAD}paths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: './schemas/Pet.yaml'}}\ncomponents:\n  schemas:\n    $ref: ./schemas/_index.yaml\n"
    );
    let index = "Pet: {$ref: './Pet.yaml'}\nOwner: {$ref: './Owner.yaml#/Owner'}\n";
    let pet = "type: object\nproperties:\n  owner: {$ref: './Owner.yaml#/Owner'}\n";
    let owner = "Owner:\n  type: object\n  properties:\n    pets: {type: array, items: {$ref: 'Pet.yaml'}}\n";
    let d = doc(&[
        ("openapi.yaml", &root),
        ("schemas/_index.yaml", index),
        ("schemas/Pet.yaml", pet),
        ("schemas/Owner.yaml", owner),
    ]);
    let schemas = d["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Pet", "Owner"]);
    assert_eq!(
        schemas["Pet"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner"})
    );
    assert_eq!(
        schemas["Owner"]["properties"]["pets"]["items"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    let schema =
        &d["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema, &json!({"$ref": "#/components/schemas/Pet"}));
}

#[test]
fn a_pointer_through_a_reference_is_followed() {
    let root = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Option: {{$ref: 'list.yaml#/items/allOf/0/properties/option'}}\n"
    );
    let list = "items: {$ref: 'item.yaml'}\n";
    let item = "allOf:\n  - properties:\n      option: {type: integer}\n";
    let d = doc(&[
        ("openapi.yaml", &root),
        ("list.yaml", list),
        ("item.yaml", item),
    ]);
    assert_eq!(
        d["components"]["schemas"]["Option"],
        json!({"type": "integer"})
    );
}

#[test]
fn urls_absolute_paths_and_escapes_are_refused_with_the_chain() {
    for (reference, cause) in [
        ("https://example.com/s.yaml", "is a URL"),
        ("/etc/passwd", "leaves the reference root"),
        ("../../outside.yaml", "leaves the reference root"),
    ] {
        let root = format!("{HEAD}paths:\n  /a:\n    $ref: a.yaml\n");
        let a = format!(
            "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {{$ref: '{reference}'}}\n"
        );
        let e = run(&tree(&[("openapi.yaml", &root), ("a.yaml", &a)])).unwrap_err();
        let text = e.to_string();
        assert!(text.contains(cause), "{text}");
        assert!(text.starts_with("a.yaml: #/get/responses/200"), "{text}");
        assert!(text.contains("reached through a.yaml"), "{text}");
    }
}

#[test]
fn missing_files_targets_and_cycles_are_located_errors() {
    let root = format!("{HEAD}paths:\n  /a:\n    $ref: a.yaml\n");
    let e = run(&tree(&[("openapi.yaml", &root)]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot read the referenced file a.yaml"), "{e}");
    let e = run(&tree(&[("openapi.yaml", &root), ("a.yaml", "x: 1\n")]));
    assert!(e.is_ok());
    let root2 = format!("{HEAD}paths:\n  /a:\n    $ref: 'a.yaml#/nope'\n");
    let e = run(&tree(&[("openapi.yaml", &root2), ("a.yaml", "x: 1\n")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no such location in a.yaml"), "{e}");
    let cyc = run(&tree(&[
        ("openapi.yaml", &root),
        ("a.yaml", "$ref: b.yaml\n"),
        ("b.yaml", "$ref: a.yaml\n"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(cyc.contains("cycle"), "{cyc}");
    let bad = run(&tree(&[
        ("openapi.yaml", &root),
        ("a.yaml", "get: [unclosed\n"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(bad.starts_with("a.yaml: "), "{bad}");
}

#[test]
fn references_back_into_the_root_become_local() {
    let root = format!(
        "{HEAD}paths:\n  /a:\n    $ref: a.yaml\ncomponents:\n  schemas:\n    Pet: {{type: string}}\n"
    );
    let a = "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: 'openapi.yaml#/components/schemas/Pet'}\n";
    let d = doc(&[("openapi.yaml", &root), ("a.yaml", a)]);
    let s = &d["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(s, &json!({"$ref": "#/components/schemas/Pet"}));
}

#[test]
fn names_do_not_collide_and_mappings_follow() {
    let root = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{type: string}}\n    Animal:\n      oneOf: [{{$ref: 'other/Pet.yaml'}}]\n      discriminator:\n        propertyName: kind\n        mapping: {{cat: 'other/Pet.yaml', dog: '#/components/schemas/Pet', bird: 'missing.yaml'}}\n"
    );
    let d = doc(&[
        ("openapi.yaml", &root),
        ("other/Pet.yaml", "type: object\n"),
    ]);
    let schemas = &d["components"]["schemas"];
    assert_eq!(schemas["Pet2"], json!({"type": "object"}));
    assert_eq!(
        schemas["Animal"]["discriminator"]["mapping"]["cat"],
        "#/components/schemas/Pet2"
    );
    assert_eq!(
        schemas["Animal"]["discriminator"]["mapping"]["dog"],
        "#/components/schemas/Pet"
    );
    assert_eq!(
        schemas["Animal"]["discriminator"]["mapping"]["bird"],
        "missing.yaml"
    );
}

/// The shortcut that skips parsing a root with local references only: it says "local" only
/// for `$ref` values that start with `#`, in any quoting, and anything else takes the
/// walk (so no file reference is ever missed).
#[test]
fn only_plainly_local_references_skip_the_walk() {
    for local in [
        "a:\n  $ref: '#/components/schemas/A'\n",
        "a:\n  $ref: \"#/x\"\n",
        "a: {$ref: '#/x'}",
        "{\"a\": {\"$ref\": \"#/x\"}, \"b\": {\"$ref\":\"#/y\"}}",
        "a:\n  $ref:\n    '#/x'\n",
        "no references at all",
    ] {
        assert!(only_local_references(local), "{local:?}");
    }
    for other in [
        "a:\n  $ref: other.yaml\n",
        "a:\n  $ref: './x.yaml#/A'\n",
        "a: {\"$ref\": \"https://example.com/s.json\"}",
        "description: write $ref here\n",
        "{\"\\u0024ref\": \"other.json\"}",
        "a:\n  ? $ref\n  : other.yaml\n",
    ] {
        assert!(!only_local_references(other), "{other:?}");
    }
    // And the walk still finds the file a conservative answer sent it to.
    let files = tree(&[
        (
            "openapi.yaml",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'a.yaml'}\n",
        ),
        ("a.yaml", "type: string\n"),
    ]);
    assert!(run(&files).unwrap().document.is_some());
}
