//! How the generator's YAML loader fares on the YAML test suite's data
//! (`bench/yaml-suite.sh` fetches it and runs this): each valid case must load into the
//! JSON the suite gives, each invalid one must be refused. Prints the pass rate and the
//! cases that failed.
//!
//! Usage: `cargo run --release -p llmgate-codegen --example yaml_suite -- CASES.json`,
//! where the file is a list of `{id, yaml, json, fail}`.

use serde_json::Value;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: yaml_suite CASES.json");
    let text = std::fs::read_to_string(&path).expect("readable cases");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("a JSON list of cases");
    let (mut valid, mut valid_ok, mut invalid, mut invalid_ok, mut multi) = (0, 0, 0, 0, 0);
    let mut failed = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap_or("?");
        let yaml = case["yaml"].as_str().unwrap_or("");
        let loaded = std::panic::catch_unwind(|| llmgate_codegen::parse_document(yaml, "case"));
        let Ok(loaded) = loaded else {
            failed.push(format!("{id}: PANIC"));
            continue;
        };
        if case["fail"].as_bool() == Some(true) {
            invalid += 1;
            if loaded.is_err() {
                invalid_ok += 1;
            } else {
                failed.push(format!("{id}: loaded, the suite says invalid"));
            }
            continue;
        }
        let Some(json) = case["json"].as_str() else {
            continue; // No JSON form (tags, complex keys): not comparable.
        };
        let expected: Vec<Value> = serde_json::Deserializer::from_str(json)
            .into_iter::<Value>()
            .filter_map(Result::ok)
            .collect();
        if expected.len() != 1 {
            // A spec is one document; streams of several are refused on purpose.
            multi += 1;
            continue;
        }
        valid += 1;
        match loaded {
            Ok(v) if same(&v, &expected[0]) => valid_ok += 1,
            Ok(v) => failed.push(format!("{id}: loaded {v}, expected {}", expected[0])),
            Err(e) => failed.push(format!("{id}: refused: {e}")),
        }
    }
    for f in &failed {
        println!("{f}");
    }
    let rate = |ok: usize, all: usize| 100.0 * ok as f64 / all.max(1) as f64;
    println!(
        "valid single documents loaded as the suite says: {valid_ok}/{valid} ({:.1} %)",
        rate(valid_ok, valid)
    );
    println!(
        "invalid documents refused: {invalid_ok}/{invalid} ({:.1} %)",
        rate(invalid_ok, invalid)
    );
    println!(
        "overall: {}/{} ({:.1} %); {multi} multi-document streams left out (one spec is one document)",
        valid_ok + invalid_ok,
        valid + invalid,
        rate(valid_ok + invalid_ok, valid + invalid)
    );
}

/// Equal as JSON, numbers compared by value (`1.0` and `1`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
