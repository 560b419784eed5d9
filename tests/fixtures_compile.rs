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
