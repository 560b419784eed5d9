//! The components a part of a spec names (`$ref`s and discriminator mappings), for
//! vendoring (what an operation reaches) and the evidence report.

use serde_json::Value;

/// Components a value names: `$ref: '#/components/<kind>/<name>...'` and discriminator
/// mappings (a reference or a bare schema name).
pub(crate) fn refs(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.extend(component(r)),
                    ("discriminator", Value::Object(d)) => {
                        for target in d
                            .get("mapping")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|m| m.values())
                            .filter_map(Value::as_str)
                        {
                            match component(target) {
                                Some(c) => out.push(c),
                                None if !target.contains('/') => {
                                    out.push(("schemas".to_owned(), target.to_owned()))
                                }
                                None => {}
                            }
                        }
                    }
                    _ => refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

fn component(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let mut parts = rest.splitn(3, '/');
    let kind = parts.next()?;
    let name = parts.next()?;
    Some((kind.to_owned(), unescape(name)))
}

pub(crate) fn unescape(s: &str) -> String {
    crate::error::percent_decode(s)
        .replace("~1", "/")
        .replace("~0", "~")
}
