//! Structure-aware: take a real spec (the seeds' bundled specs and the oldest published
//! OpenRouter spec, read at build time from ../shared/specs), apply mutations chosen by
//! the input (replace, delete, retype, re-reference, duplicate nodes), and generate.
//! Generation must end in code that parses, or an error; never a panic.
use std::sync::OnceLock;

use serde_json::{Value, json};

const SPECS: [&str; 3] = [
    include_str!("../../spec/seeds/openrouter.yaml"),
    include_str!("../../spec/seeds/modelgates.yaml"),
    include_str!("../../../shared/specs/openrouter-2025-11-18.yaml"),
];

fn parsed() -> &'static Vec<Value> {
    static CELL: OnceLock<Vec<Value>> = OnceLock::new();
    CELL.get_or_init(|| {
        SPECS
            .iter()
            .map(|s| llmgate_codegen::load_document(s, "seed.yaml").expect("bundled specs load"))
            .collect()
    })
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }
}

/// Walk to a node chosen by the input bytes.
fn pick<'v>(mut v: &'v mut Value, input: &mut Bytes) -> &'v mut Value {
    for _ in 0..12 {
        let Some(b) = input.next() else { break };
        if b & 0x80 != 0 {
            break;
        }
        let n = match v {
            Value::Object(m) if !m.is_empty() => m.len(),
            Value::Array(a) if !a.is_empty() => a.len(),
            _ => break,
        };
        let i = (b as usize) % n;
        v = match v {
            Value::Object(m) => m.values_mut().nth(i).unwrap(),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
    v
}

const REPLACEMENTS: [&str; 16] = [
    "null",
    "true",
    "0",
    "-1",
    "1e300",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "{\"$ref\": \"#/components/schemas/Missing\"}",
    "{\"$ref\": \"#\"}",
    "{\"type\": [\"string\", \"null\", \"object\"]}",
    "{\"oneOf\": [{\"type\": \"null\"}]}",
    "{\"allOf\": [{\"$ref\": \"#/components/schemas\"}]}",
    "{\"enum\": [\"a\", \"A\", \"a-\", \"\", null, 1]}",
    "{\"type\": \"object\", \"properties\": {\"type\": {\"const\": \"x\"}}, \"discriminator\": {\"propertyName\": \"type\"}}",
];

/// One input.
pub fn run(data: &[u8]) {
    let mut input = Bytes(data);
    let Some(which) = input.next() else { return };
    let mut doc = parsed()[(which as usize) % SPECS.len()].clone();
    for _ in 0..8 {
        let Some(op) = input.next() else { break };
        let node = pick(&mut doc, &mut input);
        match op % 5 {
            0 => {
                *node = serde_json::from_str(REPLACEMENTS[(op as usize / 5) % REPLACEMENTS.len()])
                    .unwrap()
            }
            1 => {
                if let Value::Object(m) = node {
                    if let Some(k) = m.keys().nth(op as usize % m.len().max(1)).cloned() {
                        m.remove(&k);
                    }
                }
            }
            2 => {
                if let Value::Object(m) = node {
                    m.insert("type".into(), json!(["array", "null"]));
                }
            }
            3 => {
                let copy = node.clone();
                if let Value::Object(m) = node {
                    m.insert("nested".into(), copy);
                }
            }
            _ => {
                if let Value::Object(m) = node {
                    m.insert("$ref".into(), json!(format!("#/components/schemas/{}", op)));
                }
            }
        }
    }
    let text = serde_json::to_string(&doc).unwrap();
    match llmgate_codegen::generate(&text, &llmgate_codegen::Settings::new("mutated.json")) {
        Ok(code) => assert!(code.starts_with("// @generated")),
        // The emitted code failed to parse: a generator bug, not a spec error.
        Err(e) => assert!(!e.message().starts_with("internal generator error"), "{e}"),
    }
}
