//! Every golden output of the generator's fixtures (`codegen/tests/fixtures/*.rs`)
//! compiles warning-free against llmgate's runtime. A fixture added without a module
//! here fails `every_fixture_is_compiled_here`.

#![deny(warnings)]
#![allow(dead_code, reason = "the modules are compiled, not called")]

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            include!(concat!("../codegen/tests/fixtures/", stringify!($name), ".rs"));
        })*
        const COMPILED: &[&str] = &[$(stringify!($name)),*];
    };
}

fixtures!(
    big_enum,
    callbacks,
    constructs,
    every_module,
    forms,
    lossless,
    media_types,
    multi_file,
    no_responses,
    openapi30_refs,
    pagination,
    refs_anywhere,
    renamed,
    repairs,
    round_two,
    schema_keywords,
    serde_needed,
    servers_security,
    webhooks_only,
);

#[test]
fn every_fixture_is_compiled_here() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/tests/fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "rs").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, COMPILED,
        "add the new fixture to the fixtures! list"
    );
}

/// A response type that gained a required property (`created`) keeps the `new` of the
/// earlier version's lock (`codegen/tests/fixtures/renamed.names.json`): the property
/// starts absent and listed in `missing`, is left out when the value is written, and its
/// setter gives it a value and takes it off the list.
#[test]
fn a_property_new_does_not_take_starts_absent_until_set() {
    use renamed::types::Thing;
    let thing = Thing::new("t1");
    assert!(thing.missing.contains("created"));
    assert_eq!(
        serde_json::to_value(&thing).unwrap(),
        serde_json::json!({"id": "t1"})
    );
    let thing = thing.created(7);
    assert!(thing.missing.is_empty());
    assert_eq!(
        serde_json::to_value(&thing).unwrap(),
        serde_json::json!({"id": "t1", "created": 7})
    );
}

/// An enum value and method names of the earlier version stay, deprecated.
#[test]
#[allow(deprecated, reason = "the old names are what is tested")]
fn the_earlier_version_names_still_work() {
    use renamed::types::Provider;
    assert_eq!(Provider::from("retired"), Provider::Retired);
    assert_eq!(Provider::Retired.as_str(), "retired");
    // `list_things` and `get_thing` are deprecated methods of the new client.
    let _ = renamed::Client::list_things;
    let _ = renamed::Client::get_thing;
}

/// Field types and variant names of the earlier version's lock stay while they still
/// carry what the spec allows: a request's property that became optional stays a plain
/// `new` argument, one that became nullable stays `Option<String>`, an enum that became a
/// plain string stays the enum (made again from the lock's values), a response's property
/// that became required stays `Option`, a variant keeps its name when its type is renamed
/// (`User` → `Person`, with `User` kept as a deprecated alias), and a dropped alias of a
/// string stays, deprecated.
#[test]
#[allow(deprecated, reason = "the old names are what is tested")]
fn the_earlier_version_types_still_work() {
    use renamed::types::{NewThing, Thing, ThingKind, ThingOwner, ThingStatus};
    let sent = NewThing::new("lamp").kind(ThingKind::Big);
    assert_eq!(
        serde_json::to_value(&sent).unwrap(),
        serde_json::json!({"name": "lamp", "kind": "big"})
    );
    let unknown = NewThing::new("lamp").kind(ThingKind::from("huge"));
    assert_eq!(serde_json::to_value(&unknown).unwrap()["kind"], "huge");
    let body = serde_json::json!({
        "id": "t1", "created": 1, "label": "Lamp", "status": "paused",
        "owner": {"name": "Ada", "email": "ada@example.com"}
    });
    let thing: Thing = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(thing.label.as_deref(), Some("Lamp"));
    assert_eq!(thing.status, Some(ThingStatus::from("paused")));
    let Some(ThingOwner::User(person)) = &thing.owner else {
        panic!("the owner is the `User` variant: {:?}", thing.owner);
    };
    let _: &renamed::types::User = person;
    assert!(thing.missing.is_empty());
    assert_eq!(serde_json::to_value(&thing).unwrap(), body);
    let price: renamed::types::Price = String::from("0.1");
    assert_eq!(price, "0.1");
}
