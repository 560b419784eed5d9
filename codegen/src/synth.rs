//! A minimal valid value for a schema: what the mock server answers when the spec has
//! no example. Required properties only, the first branch of a union (its tag set), the
//! first value of an enum, arrays of one item, zero numbers, and strings that fit their
//! `format`.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::model::{Additional, Schema, Type};

/// How deep references are followed; a required cycle deeper than this ends in `null`.
const MAX_DEPTH: usize = 24;

pub struct Synth<'a> {
    pub components: &'a HashMap<&'a str, &'a Schema>,
}

impl Synth<'_> {
    pub fn value(&self, s: &Schema) -> Value {
        self.at(s, 0)
    }

    fn at(&self, s: &Schema, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(r) = &s.reference {
            return match self.components.get(r.as_str()) {
                Some(target) => self.at(target, depth + 1),
                None => Value::Null,
            };
        }
        if let Some(values) = &s.enum_values {
            if let Some(v) = values.iter().find(|v| !v.is_null()).or(values.first()) {
                return v.clone();
            }
        }
        if !s.all_of.is_empty() {
            return self.all_of(s, depth);
        }
        if !s.one_of.is_empty() || !s.any_of.is_empty() {
            return self.union(s, depth);
        }
        let ty = s.types.first().copied().or_else(|| {
            (!s.properties.is_empty() || matches!(s.additional, Additional::Schema(_)))
                .then_some(Type::Object)
        });
        if let Some(example) = s.examples.first().filter(|e| fits(ty, e)) {
            return example.clone();
        }
        match ty {
            Some(Type::String) => Value::String(string_for(s.format.as_deref()).to_owned()),
            Some(Type::Integer) => json!(0),
            Some(Type::Number) => json!(0.0),
            Some(Type::Boolean) => json!(false),
            // One item, so a list answer shows what it lists.
            Some(Type::Array) => match &s.items {
                Some(items) => match self.at(items, depth + 1) {
                    Value::Null if !items.nullable => json!([]),
                    v => json!([v]),
                },
                None => json!([]),
            },
            Some(Type::Object) => Value::Object(self.object(s, depth)),
            None if s.nullable => Value::Null,
            None => json!({}),
        }
    }

    /// The required properties of an object schema.
    fn object(&self, s: &Schema, depth: usize) -> Map<String, Value> {
        let mut out = Map::new();
        for name in &s.required {
            let value = match s.properties.iter().find(|(n, _)| n == name) {
                Some((_, p)) => self.at(p, depth + 1),
                None => match &s.additional {
                    Additional::Schema(a) => self.at(a, depth + 1),
                    _ => Value::Null,
                },
            };
            out.insert(name.clone(), value);
        }
        out
    }

    fn all_of(&self, s: &Schema, depth: usize) -> Value {
        let mut merged = Map::new();
        let mut other = None;
        for m in &s.all_of {
            match self.at(m, depth + 1) {
                Value::Object(o) => merge(&mut merged, o),
                v => other = Some(v),
            }
        }
        if !s.properties.is_empty() || !s.required.is_empty() {
            merge(&mut merged, self.object(s, depth));
        }
        match other {
            Some(v) if merged.is_empty() => v,
            _ => Value::Object(merged),
        }
    }

    fn union(&self, s: &Schema, depth: usize) -> Value {
        let members: Vec<&Schema> = s.one_of.iter().chain(&s.any_of).collect();
        if let Some(d) = &s.discriminator {
            if let Some((tag, target)) = d.mapping.first() {
                if let Some(t) = self.components.get(target.as_str()) {
                    let mut v = self.at(t, depth + 1);
                    if let Value::Object(o) = &mut v {
                        o.insert(d.property.clone(), Value::String(tag.clone()));
                    }
                    return v;
                }
            }
            if let Some(m) = members.first() {
                let mut v = self.at(m, depth + 1);
                if let (Value::Object(o), Some(name)) = (&mut v, &m.reference) {
                    o.entry(d.property.clone())
                        .or_insert_with(|| Value::String(name.clone()));
                }
                return v;
            }
        }
        // The first member that is more than `null`, with the union's own properties.
        let member = members
            .iter()
            .find(|m| !m.is_null())
            .or(members.first())
            .map(|m| self.at(m, depth + 1))
            .unwrap_or(Value::Null);
        match member {
            Value::Object(mut o) if !s.properties.is_empty() => {
                merge(&mut o, self.object(s, depth));
                Value::Object(o)
            }
            v => v,
        }
    }
}

/// A schema's own example of a scalar, when it has the declared type (it reads better
/// than a placeholder: `"openai/gpt-4o"` rather than `"string"`).
fn fits(ty: Option<Type>, example: &Value) -> bool {
    match ty {
        Some(Type::String) => example.is_string(),
        Some(Type::Integer) => example.is_i64() || example.is_u64(),
        Some(Type::Number) => example.is_number(),
        Some(Type::Boolean) => example.is_boolean(),
        _ => false,
    }
}

fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            (Some(existing), v) if existing.is_null() || !v.is_null() => *existing = v,
            (None, v) => {
                into.insert(k, v);
            }
            _ => {}
        }
    }
}

fn string_for(format: Option<&str>) -> &'static str {
    match format {
        Some("date-time") => "1970-01-01T00:00:00Z",
        Some("date") => "1970-01-01",
        Some("time") => "00:00:00Z",
        Some("uuid") => "00000000-0000-0000-0000-000000000000",
        Some("uri" | "url" | "uri-reference") => "https://example.com",
        Some("email") => "user@example.com",
        Some("byte") => "",
        _ => "string",
    }
}
