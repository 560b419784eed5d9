//! Two checks of the generated types, run by `.ci/run` (NEEDS ../shared/specs):
//!
//! 1. **Examples**: every example of the newest published spec decodes into its
//!    generated type, and every request example encodes back to the same JSON, `null`
//!    members included.
//! 2. **Property test**: for every component schema of the three published specs, the
//!    generator's round-two fixtures and
//!    the two bundled seeds, values generated from the schema (every union branch in
//!    turn, optional properties present and absent, nullable ones `null`, unknown values
//!    for open enums) decode into the generated type and encode back to the same JSON
//!    (numbers compared by value), without falling to a union's `Unknown`.
//!
//! 3. **Missing and extra members** (the decoder's tolerance, as a class): for the first
//!    values of every schema, each member of each object in the value, at any depth, is
//!    dropped in turn (required or not), and an undeclared member is added to each object
//!    in turn. Every such body decodes and re-encodes exactly as it arrived (an object
//!    whose schema forbids other properties may drop the added one, nothing else).
//!
//! Failures listed in `known-failures.txt` (an example's pointer or `spec:Schema`, then
//! the reason the spec contradicts itself) are reported but do not fail the run.
//!
//!     cargo run --manifest-path dependents/roundtrip/Cargo.toml -- [--seed N] [--cases N]

#![allow(deprecated, reason = "the checks name deprecated schemas too")]

mod values;

#[allow(dead_code, unused_imports, reason = "only the types are used here")]
mod client {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}
mod checks {
    include!(concat!(env!("OUT_DIR"), "/checks.rs"));
}
pub mod specs {
    include!(concat!(env!("OUT_DIR"), "/specs.rs"));
}

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Schema,
    Request,
    Response,
}

/// One spec under the property test.
pub struct Spec {
    pub name: &'static str,
    pub path: &'static str,
    pub roundtrip: fn(&str, Value) -> Option<Outcome>,
}

/// Decoded and re-encoded, with the value's `Debug` form; or why not.
pub type Outcome = Result<(Value, String), String>;

pub fn roundtrip<T: DeserializeOwned + Serialize + std::fmt::Debug>(value: Value) -> Outcome {
    let decoded: T = serde_json::from_value(value).map_err(|e| format!("does not decode: {e}"))?;
    let back = serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {e}"))?;
    Ok((back, format!("{decoded:?}")))
}

/// Equal JSON, numbers by value (`1` and `1.0` agree), `null` members significant.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The first place where `a` and `b` differ, as a JSON pointer with both sides.
pub fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    None => return Some(format!("{at}/{k}: {v} was dropped")),
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &format!("{at}/{k}")) {
                            return Some(d);
                        }
                    }
                }
            }
            y.iter()
                .find(|(k, _)| !x.contains_key(*k))
                .map(|(k, w)| format!("{at}/{k}: {w} was added"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}/{i}"))),
        _ if same(a, b) => None,
        _ => Some(format!("{at}: {a} became {b}")),
    }
}

/// A union's catch-all holds a JSON value; an open enum's holds a plain string.
fn fell_to_unknown(debug: &str) -> bool {
    [
        "Unknown(Object",
        "Unknown(Array",
        "Unknown(String(",
        "Unknown(Number(",
        "Unknown(Bool(",
        "Unknown(Null)",
    ]
    .iter()
    .any(|p| debug.contains(p))
}

#[derive(Default)]
pub struct Checker {
    decoded: usize,
    failures: Vec<(String, String)>,
}

impl Checker {
    pub fn check<T: DeserializeOwned + Serialize>(
        &mut self,
        pointer: &str,
        kind: Kind,
        json: &str,
    ) {
        let value: Value = serde_json::from_str(json).unwrap();
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
                    if !same(&back, &value) {
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

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Tally {
    schemas: usize,
    values: usize,
    mutations: usize,
    failures: Vec<(String, String)>,
    /// Failures of the missing-and-extra-members check ([`tolerance`]).
    tolerance: Vec<(String, String)>,
}

/// The object members of `value`, at any depth, as (path of the object, member name).
fn members(value: &Value, at: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push((at.clone(), k.clone()));
                at.push(k.clone());
                members(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(i.to_string());
                members(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// The object at `path` inside `value`.
fn object_at<'v>(value: &'v mut Value, path: &[String]) -> &'v mut serde_json::Map<String, Value> {
    let mut here = value;
    for step in path {
        here = match here {
            Value::Object(m) => m.get_mut(step).unwrap(),
            Value::Array(a) => &mut a[step.parse::<usize>().unwrap()],
            _ => unreachable!("paths come from `members`"),
        };
    }
    here.as_object_mut().unwrap()
}

/// The most bodies with one member dropped (and as many with one added) per value.
const MUTATIONS: usize = 96;

/// Drop each member of each object in `value` in turn, then add an undeclared one to each
/// object in turn: every body must decode and re-encode as it arrived.
fn tolerance(spec: &Spec, name: &str, value: &Value, t: &mut Tally) -> Option<String> {
    let mut found = Vec::new();
    members(value, &mut Vec::new(), &mut found);
    let mut objects: Vec<Vec<String>> = found.iter().map(|(p, _)| p.clone()).collect();
    objects.dedup();
    for (path, member) in found.iter().take(MUTATIONS) {
        let mut body = value.clone();
        object_at(&mut body, path).remove(member);
        t.mutations += 1;
        match (spec.roundtrip)(name, body.clone()).expect("every schema has a type") {
            Err(e) => return Some(format!("without /{}/{member}: {e}", path.join("/"))),
            Ok((back, _)) if !same(&back, &body) => {
                return Some(format!(
                    "without /{}/{member}: does not re-encode as it arrived: {}",
                    path.join("/"),
                    first_difference(&body, &back, "").unwrap_or_default()
                ));
            }
            Ok(_) => {}
        }
    }
    for path in objects.iter().take(MUTATIONS) {
        let mut body = value.clone();
        let object = object_at(&mut body, path);
        // A value of a kind the object already holds, so that a map whose values have a
        // declared type can take it too.
        let extra = object
            .values()
            .next()
            .cloned()
            .unwrap_or(serde_json::json!({"x": [1]}));
        object.insert("llmgate_extra".into(), extra);
        t.mutations += 1;
        match (spec.roundtrip)(name, body.clone()).expect("every schema has a type") {
            Err(e) => return Some(format!("with /{}/llmgate_extra: {e}", path.join("/"))),
            Ok((back, _)) if !same(&back, &body) && !same(&back, value) => {
                return Some(format!(
                    "with /{}/llmgate_extra: does not re-encode as it arrived: {}",
                    path.join("/"),
                    first_difference(&body, &back, "").unwrap_or_default()
                ));
            }
            Ok(_) => {}
        }
    }
    None
}

fn property_test(seed: u64, cases: u64) -> Tally {
    let mut t = Tally {
        schemas: 0,
        values: 0,
        mutations: 0,
        failures: Vec::new(),
        tolerance: Vec::new(),
    };
    for spec in specs::SPECS {
        let text = std::fs::read_to_string(spec.path).expect("spec readable (needs ../shared)");
        let doc = llmgate_codegen::load_document(&text, spec.path).expect("spec loads");
        let Some(schemas) = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (name, schema) in schemas {
            t.schemas += 1;
            let mut generator = values::Gen {
                doc: &doc,
                rng: values::Rng::new(seed ^ hash(name)),
                branch: 0,
                unknown_enums: true,
            };
            let mut failure = None;
            let mut tolerance_failure = None;
            for case in 0..cases {
                let Some(value) = generator.value(schema, 0) else {
                    break;
                };
                t.values += 1;
                let outcome =
                    (spec.roundtrip)(name, value.clone()).expect("every schema has a type");
                let why = match outcome {
                    Err(e) => Some(e),
                    Ok((_, debug)) if fell_to_unknown(&debug) => {
                        Some(format!("decoded into a union's Unknown: {debug}"))
                    }
                    Ok((back, _)) if !same(&back, &value) => Some(format!(
                        "does not re-encode unchanged: {}",
                        first_difference(&value, &back, "").unwrap_or_default()
                    )),
                    Ok(_) => None,
                };
                if why.is_none() && case < 3 && tolerance_failure.is_none() {
                    tolerance_failure = tolerance(spec, name, &value, &mut t);
                }
                if let Some(why) = why {
                    let mut shown = value.to_string();
                    if shown.len() > 400 {
                        shown = format!("{}…", shown.chars().take(400).collect::<String>());
                    }
                    failure = Some(format!("{why}\n    value: {shown}"));
                    break;
                }
            }
            if let Some(f) = failure {
                t.failures.push((format!("{}:{name}", spec.name), f));
            }
            if let Some(f) = tolerance_failure {
                t.tolerance.push((format!("{}:{name}", spec.name), f));
            }
        }
    }
    t
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn main() -> std::process::ExitCode {
    let known = include_str!("../known-failures.txt");
    let known: Vec<&str> = known
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut ok = true;
    let mut report = |what: &str, failures: &[(String, String)]| {
        let (expected, unexpected): (Vec<_>, Vec<_>) = failures
            .iter()
            .partition(|(p, _)| known.contains(&p.as_str()));
        for (p, why) in &expected {
            println!("known failure {p}: {why}");
        }
        for (p, why) in &unexpected {
            println!("FAILED {p}: {why}");
        }
        println!(
            "{what}: {} failed ({} known, listed in known-failures.txt)",
            failures.len(),
            expected.len()
        );
        ok &= unexpected.is_empty();
    };

    let mut c = Checker::default();
    checks::all(&mut c);
    println!("examples: {} decoded", c.decoded);
    report("examples", &c.failures);

    let (seed, cases) = (arg("--seed", 2026), arg("--cases", 48));
    let t = property_test(seed, cases);
    println!(
        "property test (seed {seed}, up to {cases} values per schema): {} schemas in {} specs, {} values",
        t.schemas,
        specs::SPECS.len(),
        t.values
    );
    report("property test", &t.failures);
    println!(
        "missing and extra members: {} bodies (each member of each object dropped in turn, an undeclared one added)",
        t.mutations
    );
    report("missing and extra members", &t.tolerance);
    if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
