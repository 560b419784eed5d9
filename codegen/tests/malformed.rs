//! The malformed-spec corpus: each `malformed/<case>.{yaml,json}` sits beside
//! `<case>.expected`, which holds either the exact error text (`file: location: cause`)
//! or, for inputs that must work, `OK` with what was generated. Every case must finish
//! quickly, never panic, and (when it succeeds) produce code that parses with syn and is
//! byte-identical across runs.
//!
//! Refresh with `UPDATE_GENERATED=1 cargo test -p llmgate-codegen --test malformed`.

use std::path::Path;
use std::time::{Duration, Instant};

use llmgate_codegen::{Settings, generate_with_report};

fn outcome(name: &str, text: &str) -> String {
    let settings = Settings::new(name);
    match generate_with_report(text, &settings) {
        Err(e) => format!("{e}\n"),
        Ok(g) => {
            syn::parse_file(&g.code)
                .unwrap_or_else(|e| panic!("{name}: output does not parse: {e}"));
            let again = generate_with_report(text, &settings).unwrap();
            assert_eq!(g.code, again.code, "{name}: output differs between runs");
            format!(
                "OK: {} types, {} methods\n",
                g.report.types, g.report.methods
            )
        }
    }
}

#[test]
fn corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut errors = 0;
    let mut mismatches = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(case).unwrap();
        let started = Instant::now();
        let got = outcome(&name, &text);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{name} took {:?}",
            started.elapsed()
        );
        if !got.starts_with("OK") {
            errors += 1;
            assert!(
                got.starts_with(&format!("{name}: ")),
                "{name}: the error names the file: {got}"
            );
        }
        let expected_path = case.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != got {
                mismatches.push(format!(
                    "{name}:\n  expected: {}  got:      {got}",
                    expected
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    println!(
        "malformed corpus: {} cases, {errors} refused with located errors, {} generated",
        cases.len(),
        cases.len() - errors
    );
}
