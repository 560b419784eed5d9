//! Runs the generated example checks and prints `examples: N decoded, M failed`.
//! Failures listed in `known-failures.txt` (pointer, then the reason the spec contradicts
//! itself) are reported but do not fail the run; any other failure does.

#![allow(deprecated, reason = "the checks name deprecated schemas too")]

#[allow(dead_code, unused_imports, reason = "only the types are used here")]
mod client {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}
mod checks {
    include!(concat!(env!("OUT_DIR"), "/checks.rs"));
}

use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Schema,
    Request,
    Response,
}

#[derive(Default)]
pub struct Checker {
    decoded: usize,
    failures: Vec<(String, String)>,
}

/// Compare as the API does: `null` members of objects dropped (an optional field that is
/// absent and one that is `null` are the same to the API, and the client sends neither),
/// numbers compared by value.
fn without_nulls(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), without_nulls(v)))
            .collect(),
        serde_json::Value::Array(a) => a.iter().map(without_nulls).collect(),
        // `1` and `1.0` are the same JSON number; an `f64` field sends the latter.
        serde_json::Value::Number(n) => n
            .as_f64()
            .map_or_else(|| v.clone(), |f| serde_json::json!(f)),
        other => other.clone(),
    }
}

impl Checker {
    pub fn check<T: DeserializeOwned + Serialize>(
        &mut self,
        pointer: &str,
        kind: Kind,
        json: &str,
    ) {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        match serde_json::from_value::<T>(value.clone()) {
            Err(e) => self.failures.push((
                pointer.to_owned(),
                format!(
                    "{kind:?} example does not decode into {}: {e}",
                    std::any::type_name::<T>()
                ),
            )),
            Ok(decoded) => {
                if kind == Kind::Request {
                    let back = serde_json::to_value(&decoded).unwrap();
                    if without_nulls(&back) != without_nulls(&value) {
                        self.failures.push((
                            pointer.to_owned(),
                            format!("request example does not serialize back unchanged: {back}"),
                        ));
                        return;
                    }
                }
                self.decoded += 1;
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    let known = include_str!("../known-failures.txt");
    let known: Vec<&str> = known
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut c = Checker::default();
    checks::all(&mut c);
    let (expected, unexpected): (Vec<_>, Vec<_>) = c
        .failures
        .iter()
        .partition(|(p, _)| known.contains(&p.as_str()));
    for (p, why) in &expected {
        println!("known failure #{p}: {why}");
    }
    for (p, why) in &unexpected {
        println!("FAILED #{p}: {why}");
    }
    println!(
        "examples: {} decoded, {} failed ({} known, listed in known-failures.txt)",
        c.decoded,
        c.failures.len(),
        expected.len()
    );
    if unexpected.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
