//! A value generator driven by JSON Schema (as OpenAPI 3.0/3.1 specs write it): values
//! valid under a schema, with every union branch taken in turn, optional properties
//! present and absent, nullable ones `null`, and unknown values for open string enums.

use serde_json::{Map, Value, json};

/// xorshift64*: small, seeded, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Deeper than this, only what is required is generated (recursive schemas terminate).
const MAX_DEPTH: usize = 7;

pub struct Gen<'a> {
    pub doc: &'a Value,
    pub rng: Rng,
    /// Which branch each union takes next, so that every branch is covered.
    pub branch: usize,
    /// Generate unknown values for open string enums.
    pub unknown_enums: bool,
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(&pointer.replace("%7B", "{").replace("%7D", "}"))
}

fn is_nullable(o: &Map<String, Value>) -> bool {
    o.get("nullable") == Some(&Value::Bool(true))
        || has_null_member(o)
        || matches!(o.get("type"), Some(Value::Array(t)) if t.iter().any(|t| t == "null"))
        || matches!(o.get("enum"), Some(Value::Array(e)) if e.iter().any(Value::is_null))
}

/// `{type: 'null'}`, or 3.0's `{nullable: true}` with nothing else said.
fn is_null_member(m: &Value) -> bool {
    m.get("type") == Some(&json!("null"))
        || m.as_object().is_some_and(|o| {
            o.get("nullable") == Some(&Value::Bool(true))
                && o.keys()
                    .all(|k| matches!(k.as_str(), "nullable" | "description" | "title"))
        })
}

fn union_members(o: &Map<String, Value>) -> Vec<&Value> {
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| o.get(*k).and_then(Value::as_array))
        .flatten()
        .filter(|m| !is_null_member(m))
        .collect()
}

fn has_null_member(o: &Map<String, Value>) -> bool {
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| o.get(*k).and_then(Value::as_array))
        .flatten()
        .any(is_null_member)
}

/// A schema that only annotates (`{description: ...}`) and adds no shape.
fn annotation_only(m: &Value) -> bool {
    m.as_object().is_some_and(|o| {
        o.keys().all(|k| {
            matches!(
                k.as_str(),
                "description"
                    | "title"
                    | "example"
                    | "examples"
                    | "default"
                    | "deprecated"
                    | "readOnly"
                    | "writeOnly"
                    | "nullable"
            )
        })
    })
}

impl Gen<'_> {
    /// A value valid under `schema`, or `None` when the schema admits none (`false`).
    pub fn value(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        let o = match schema {
            Value::Bool(true) => return Some(json!({"any": 1})),
            Value::Bool(false) => return None,
            Value::Object(o) => o,
            _ => return None,
        };
        if let Some(r) = o.get("$ref").and_then(Value::as_str) {
            let target = resolve(self.doc, r)?;
            if is_nullable(o) && self.rng.chance(20) {
                return Some(Value::Null);
            }
            return self.value(target, depth + 1);
        }
        if is_nullable(o) && (depth > MAX_DEPTH || self.rng.chance(20)) {
            return Some(Value::Null);
        }
        if let Some(c) = o.get("const") {
            return Some(c.clone());
        }
        if let Some(Value::Array(values)) = o.get("enum") {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if values.len() > 1
                && values.iter().all(|v| v.is_string())
                && self.unknown_enums
                && self.rng.chance(10)
            {
                return Some(json!("zz-not-in-this-spec"));
            }
            return values
                .get(self.rng.below(values.len()))
                .map(|v| (*v).clone());
        }
        if let Some(Value::Array(all)) = o.get("allOf") {
            let shaped: Vec<&Value> = all.iter().filter(|m| !annotation_only(m)).collect();
            let own_shape = o.contains_key("properties") || !union_members(o).is_empty();
            if let ([single], false) = (shaped.as_slice(), own_shape) {
                return self.value(single, depth + 1);
            }
            // Members that are not objects (an enum and a narrower list of its values) do
            // not merge: a value of the narrowest one is a value of all.
            let plain = |m: &Value| {
                let m = match m.get("$ref").and_then(Value::as_str) {
                    Some(r) => resolve(self.doc, r),
                    None => Some(m),
                };
                m.is_some_and(|m| m.get("enum").is_some() && m.get("properties").is_none())
            };
            if !own_shape && !shaped.is_empty() && shaped.iter().all(|m| plain(m)) {
                let narrowest = shaped
                    .iter()
                    .rev()
                    .find(|m| m.get("enum").is_some())
                    .unwrap_or(&shaped[0]);
                return self.value(narrowest, depth + 1);
            }
            return self.all_of(o, all, depth);
        }
        let members = union_members(o);
        if !members.is_empty() {
            return self.union(o, &members, depth);
        }
        self.typed(o, depth)
    }

    fn all_of(&mut self, o: &Map<String, Value>, all: &[Value], depth: usize) -> Option<Value> {
        // Merge the members' object views into one schema, then generate that.
        let mut merged = Map::new();
        let mut props = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut others = Vec::new();
        let mut stack: Vec<&Value> = all.iter().collect();
        let own = Value::Object(o.clone());
        stack.push(&own);
        let mut hops = 0;
        while let Some(m) = stack.pop() {
            hops += 1;
            if hops > 64 {
                break;
            }
            let Some(mo) = m.as_object() else { continue };
            if let Some(r) = mo.get("$ref").and_then(Value::as_str) {
                stack.push(resolve(self.doc, r)?);
                continue;
            }
            if let Some(Value::Array(inner)) = mo.get("allOf") {
                if !std::ptr::eq(m, &own) {
                    stack.extend(inner.iter());
                }
            }
            if let Some(Value::Object(p)) = mo.get("properties") {
                for (k, v) in p {
                    props.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            if let Some(Value::Array(r)) = mo.get("required") {
                required.extend(r.iter().cloned());
            }
            if !union_members(mo).is_empty() {
                others.push(m.clone());
            }
        }
        merged.insert("type".into(), json!("object"));
        merged.insert("properties".into(), Value::Object(props));
        merged.insert("required".into(), Value::Array(required));
        let mut value = self.typed(&merged, depth)?;
        // A union among the members: merge one of its branches' properties in.
        for u in others {
            if let (Some(extra), Some(target)) = (self.value(&u, depth + 1), value.as_object_mut())
            {
                if let Some(extra) = extra.as_object() {
                    for (k, v) in extra {
                        target.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        Some(value)
    }

    fn union(&mut self, o: &Map<String, Value>, members: &[&Value], depth: usize) -> Option<Value> {
        let start = if depth > MAX_DEPTH {
            0
        } else {
            self.branch % members.len()
        };
        self.branch = self.branch.wrapping_add(1 + self.rng.below(3));
        // Try the chosen branch, then the others (a branch may admit no value).
        for k in 0..members.len() {
            let m = members[(start + k) % members.len()];
            let Some(mut value) = self.value(m, depth + 1) else {
                continue;
            };
            if let (Some(d), Some(obj)) = (o.get("discriminator"), value.as_object_mut()) {
                let prop = d
                    .get("propertyName")
                    .and_then(Value::as_str)
                    .unwrap_or("type");
                let has_mapping = d.get("mapping").is_some();
                if let Some(tag) = tag_for(d, m) {
                    if has_mapping || !obj.contains_key(prop) {
                        obj.insert(prop.to_owned(), Value::String(tag));
                    }
                }
            }
            // Sibling properties beside the union.
            if o.contains_key("properties") {
                let mut siblings = o.clone();
                siblings.remove("oneOf");
                siblings.remove("anyOf");
                siblings.remove("discriminator");
                if let (Some(extra), Some(obj)) =
                    (self.typed(&siblings, depth), value.as_object_mut())
                {
                    for (k, v) in extra.as_object().into_iter().flatten() {
                        obj.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            return Some(value);
        }
        None
    }

    fn typed(&mut self, o: &Map<String, Value>, depth: usize) -> Option<Value> {
        let types: Vec<&str> = match o.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ if o.contains_key("properties") || o.contains_key("additionalProperties") => {
                vec!["object"]
            }
            _ if o.contains_key("items") => vec!["array"],
            _ => vec![],
        };
        if types.is_empty() {
            // Any value: pick a shape.
            return Some(match self.rng.below(4) {
                0 => json!("free text"),
                1 => json!(42),
                2 => json!({"nested": [1, "two", null]}),
                _ => json!([true, 1.5]),
            });
        }
        let t = types[self.rng.below(types.len())];
        Some(match t {
            "string" => self.string(o),
            "integer" => {
                let lo = o
                    .get("minimum")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
                    .max(-1000.0);
                let hi = o
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .unwrap_or(1000.0)
                    .min(1e6);
                let lo = lo.ceil() as i64;
                let hi = (hi.floor() as i64).max(lo);
                json!(lo + self.rng.below((hi - lo + 1).min(1000) as usize) as i64)
            }
            "number" => {
                let lo = o.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
                let hi = o
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .unwrap_or(lo + 100.0);
                let steps = self.rng.below(8) as f64 / 8.0;
                let v = lo + (hi - lo) * steps;
                json!(if v == lo && o.get("exclusiveMinimum").is_some() {
                    lo + (hi - lo) / 2.0
                } else {
                    v
                })
            }
            "boolean" => json!(self.rng.chance(50)),
            "array" => {
                let min = o.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                let max = o
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .map_or(3, |m| m as usize);
                let n = if depth > MAX_DEPTH {
                    min
                } else {
                    min + self.rng.below(max.saturating_sub(min).min(3) + 1)
                };
                let items = o.get("items").cloned().unwrap_or(Value::Bool(true));
                let mut out = Vec::new();
                for _ in 0..n {
                    out.push(self.value(&items, depth + 1)?);
                }
                Value::Array(out)
            }
            "object" => return self.object(o, depth),
            _ => Value::Null,
        })
    }

    fn string(&mut self, o: &Map<String, Value>) -> Value {
        let s = match o.get("format").and_then(Value::as_str) {
            Some("date-time") => "2025-08-22T10:11:12Z".to_owned(),
            Some("date") => "2025-08-22".to_owned(),
            Some("uuid") => "550e8400-e29b-41d4-a716-446655440000".to_owned(),
            Some("uri" | "url") => "https://example.com/a?b=c".to_owned(),
            Some("email") => "a@example.com".to_owned(),
            _ => ["alpha", "b c", "ünïcode ✓", "", "123", "true", "x/y"][self.rng.below(7)]
                .to_owned(),
        };
        let min = o.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let mut s = if s.chars().count() < min {
            "a".repeat(min)
        } else {
            s
        };
        if let Some(max) = o.get("maxLength").and_then(Value::as_u64) {
            s = s.chars().take(max as usize).collect();
        }
        Value::String(s)
    }

    fn object(&mut self, o: &Map<String, Value>, depth: usize) -> Option<Value> {
        let mut out = Map::new();
        let required: Vec<&str> = o
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(Value::Object(props)) = o.get("properties") {
            for (k, p) in props {
                let needed = required.contains(&k.as_str());
                if !needed && (depth > MAX_DEPTH || self.rng.chance(45)) {
                    continue;
                }
                if p.get("readOnly") == Some(&Value::Bool(true)) && !needed && self.rng.chance(50) {
                    continue;
                }
                match self.value(p, depth + 1) {
                    Some(v) => {
                        out.insert(k.clone(), v);
                    }
                    None if needed => return None,
                    None => {}
                }
            }
        }
        if let Some(extra @ Value::Object(_)) = o.get("additionalProperties") {
            if depth <= MAX_DEPTH && self.rng.chance(50) {
                if let Some(v) = self.value(extra, depth + 1) {
                    out.insert("extra_key".to_owned(), v);
                }
            }
        }
        Some(Value::Object(out))
    }
}

/// The tag value a discriminator gives to member `m` (a `$ref`): its mapping key, else the
/// referenced schema's name.
fn tag_for(d: &Value, m: &Value) -> Option<String> {
    let r = m.get("$ref")?.as_str()?;
    if let Some(Value::Object(mapping)) = d.get("mapping") {
        if let Some((k, _)) = mapping.iter().find(|(_, v)| v.as_str() == Some(r)) {
            return Some(k.clone());
        }
        let name = r.rsplit('/').next()?;
        if let Some((k, _)) = mapping.iter().find(|(_, v)| v.as_str() == Some(name)) {
            return Some(k.clone());
        }
        return None;
    }
    Some(r.rsplit('/').next()?.to_owned())
}
