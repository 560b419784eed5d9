//! Reading a request's parameters back into typed values: the inverse of
//! [`params`](crate::runtime::params) for each `style`. A parameter's text carries no
//! types, so each reading is tried as strings first and then with its leaves read as
//! JSON (`10` → number, `true` → boolean), the first one the target type accepts winning.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::runtime::Style;

/// The values a query parameter may stand for, most literal first.
pub(super) fn query_candidates(
    query: &[(String, String)],
    wire: &str,
    style: Style,
    explode: bool,
) -> Option<Vec<Value>> {
    if style == Style::DeepObject {
        return deep_object(query, wire).map(|v| vec![v]);
    }
    let values: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == wire)
        .map(|(_, v)| v.as_str())
        .collect();
    match values.as_slice() {
        [] => None,
        [one] => {
            let delim = crate::runtime::params::delimiter(style);
            let mut out = vec![Value::String((*one).to_owned())];
            if !explode || style != Style::Form {
                out.extend(split_candidates(one, delim));
            }
            out.push(Value::Array(vec![Value::String((*one).to_owned())]));
            Some(out)
        }
        many => Some(vec![Value::Array(
            many.iter()
                .map(|v| Value::String((*v).to_owned()))
                .collect(),
        )]),
    }
}

/// The values a `simple` header or path value (after its `label`/`matrix` prefix) may
/// stand for: the string, a list, an object from `k,v,…` or `k=v,…`.
pub(super) fn simple_candidates(text: &str) -> Vec<Value> {
    let mut out = vec![Value::String(text.to_owned())];
    out.extend(split_candidates(text, ","));
    out
}

/// A path segment read back per style: `.a.b` / `.a,b` (label), `;name=a;name=b` /
/// `;name=a,b` (matrix), `a,b` (simple).
pub(super) fn path_candidates(
    segment: &str,
    name: &str,
    style: Style,
    explode: bool,
) -> Vec<Value> {
    match style {
        Style::Label => {
            let rest = segment.strip_prefix('.').unwrap_or(segment);
            let mut out = vec![Value::String(rest.to_owned())];
            out.extend(split_candidates(rest, if explode { "." } else { "," }));
            out
        }
        Style::Matrix => {
            let prefix = format!("{name}=");
            let parts: Vec<&str> = segment
                .split(';')
                .filter(|p| !p.is_empty())
                .map(|p| p.strip_prefix(&prefix).unwrap_or(p))
                .collect();
            if explode && parts.len() > 1 {
                let mut out = vec![Value::Array(
                    parts.iter().map(|p| Value::String((*p).into())).collect(),
                )];
                out.extend(split_candidates(&parts.join(","), ","));
                out
            } else {
                simple_candidates(&parts.join(";"))
            }
        }
        _ => simple_candidates(segment),
    }
}

fn split_candidates(text: &str, delim: &str) -> Vec<Value> {
    let parts: Vec<&str> = text.split(delim).collect();
    let mut out = vec![Value::Array(
        parts.iter().map(|p| Value::String((*p).into())).collect(),
    )];
    if parts.len() % 2 == 0 {
        let pairs = parts
            .chunks(2)
            .map(|kv| (kv[0].to_owned(), Value::String(kv[1].into())));
        out.push(Value::Object(pairs.collect()));
    }
    if parts.iter().all(|p| p.contains('=')) {
        let pairs = parts.iter().filter_map(|p| p.split_once('='));
        out.push(Value::Object(
            pairs
                .map(|(k, v)| (k.to_owned(), Value::String(v.into())))
                .collect(),
        ));
    }
    out
}

/// `name[a]=1&name[b][c]=2` → `{"a": "1", "b": {"c": "2"}}`.
fn deep_object(query: &[(String, String)], wire: &str) -> Option<Value> {
    let mut root = Map::new();
    let mut found = false;
    for (k, v) in query {
        let Some(rest) = k.strip_prefix(wire).filter(|r| r.starts_with('[')) else {
            continue;
        };
        found = true;
        let keys: Vec<&str> = rest
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split("][")
            .collect();
        insert(&mut root, &keys, Value::String(v.clone()));
    }
    found.then_some(Value::Object(root))
}

fn insert(map: &mut Map<String, Value>, keys: &[&str], value: Value) {
    match keys {
        [] => {}
        [last] => {
            map.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let entry = map
                .entry((*first).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                insert(inner, rest, value);
            }
        }
    }
}

/// The first candidate `T` accepts, as strings or with leaves read as JSON.
pub(super) fn coerce<T: DeserializeOwned>(name: &str, candidates: Vec<Value>) -> Result<T, String> {
    let mut first_error = None;
    for c in candidates {
        for attempt in [c.clone(), typed_leaves(c)] {
            match crate::runtime::presence::strict(true, || serde_json::from_value(attempt)) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    }
    Err(match first_error {
        Some(e) => format!("parameter `{name}`: {e}"),
        None => format!("parameter `{name}` has no value"),
    })
}

fn typed_leaves(v: Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str::<Value>(&s)
            .ok()
            .filter(|p| !p.is_object() && !p.is_array() && !p.is_string())
            .unwrap_or(Value::String(s)),
        Value::Array(items) => Value::Array(items.into_iter().map(typed_leaves).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, typed_leaves(v))).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn reads_each_query_style_back() {
        let exploded = q(&[("ids", "1"), ("ids", "2")]);
        let got: Vec<i64> = coerce(
            "ids",
            query_candidates(&exploded, "ids", Style::Form, true).unwrap(),
        )
        .unwrap();
        assert_eq!(got, [1, 2]);
        let joined = q(&[("ids", "a,b")]);
        let got: Vec<String> = coerce(
            "ids",
            query_candidates(&joined, "ids", Style::Form, false).unwrap(),
        )
        .unwrap();
        assert_eq!(got, ["a", "b"]);
        let piped = q(&[("ids", "a|b")]);
        let got: Vec<String> = coerce(
            "ids",
            query_candidates(&piped, "ids", Style::PipeDelimited, false).unwrap(),
        )
        .unwrap();
        assert_eq!(got, ["a", "b"]);
        let one = q(&[("limit", "10")]);
        let got: i64 = coerce(
            "limit",
            query_candidates(&one, "limit", Style::Form, true).unwrap(),
        )
        .unwrap();
        assert_eq!(got, 10);
        let text: String = coerce(
            "limit",
            query_candidates(&one, "limit", Style::Form, true).unwrap(),
        )
        .unwrap();
        assert_eq!(text, "10");
        let deep = q(&[("f", "x"), ("f[a]", "1"), ("f[b][c]", "true")]);
        let got: Value = coerce(
            "f",
            query_candidates(&deep, "f", Style::DeepObject, true).unwrap(),
        )
        .unwrap();
        assert_eq!(got, serde_json::json!({"a": "1", "b": {"c": "true"}}));
        assert!(query_candidates(&deep, "g", Style::Form, true).is_none());
    }

    #[test]
    fn reads_path_styles_back() {
        let got: Vec<String> =
            coerce("p", path_candidates(".a.b", "p", Style::Label, true)).unwrap();
        assert_eq!(got, ["a", "b"]);
        let got: Vec<i64> =
            coerce("p", path_candidates(";p=1;p=2", "p", Style::Matrix, true)).unwrap();
        assert_eq!(got, [1, 2]);
        let got: String = coerce("p", path_candidates(";p=x", "p", Style::Matrix, false)).unwrap();
        assert_eq!(got, "x");
        let got: Vec<String> =
            coerce("p", path_candidates(".a,b", "p", Style::Label, false)).unwrap();
        assert_eq!(got, ["a", "b"]);
        let got: Vec<String> =
            coerce("p", path_candidates(";p=a,b", "p", Style::Matrix, false)).unwrap();
        assert_eq!(got, ["a", "b"]);
        let err =
            coerce::<i64>("p", path_candidates("abc", "p", Style::Simple, false)).unwrap_err();
        assert!(err.starts_with("parameter `p`"), "{err}");
    }
}
