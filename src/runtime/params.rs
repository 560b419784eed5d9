//! Parameter serialization as OpenAPI's `style` and `explode` define it (RFC 6570 for
//! `form`, `simple`, `label`, `matrix`; `spaceDelimited`, `pipeDelimited` and
//! `deepObject` for queries). Values of any shape go through their JSON form, so a union
//! of primitives is sent as the primitive it holds, never JSON-quoted.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters is encoded in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encode one path parameter so that it stays one path segment.
pub fn encode_path(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// A path parameter of any shape, serialized per `style` (`simple`, `label`, `matrix`)
/// and `explode`, percent-encoded.
pub fn encode_path_styled<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> String {
    path_segment(name, &to_value(value), style, explode)
}

/// A parameter's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// `form` (query default): `name=a&name=b` exploded, `name=a,b` not.
    Form,
    /// `spaceDelimited` arrays: `name=a b`.
    SpaceDelimited,
    /// `pipeDelimited` arrays: `name=a|b`.
    PipeDelimited,
    /// `deepObject` objects: `name[key]=value`, nested as `name[a][b]=value`.
    DeepObject,
    /// `simple` (path and header default): `a,b`; objects `k,v` or, exploded, `k=v`.
    Simple,
    /// `label` path values: `.a.b` exploded, `.a,b` not.
    Label,
    /// `matrix` path values: `;name=a;name=b` exploded, `;name=a,b` not.
    Matrix,
}

/// The JSON form of a parameter value (never fails for generated types; a value serde
/// cannot represent is sent as `null`, i.e. left out).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The text of a value of any shape (a multipart text part, say): strings as they are,
/// numbers and booleans in JSON form, arrays and objects as compact JSON.
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> String {
    text(&to_value(value))
}

/// The joining character of an unexploded list or object.
pub(crate) fn delimiter(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

/// A scalar's text: strings as they are, numbers and booleans in JSON form; nested
/// arrays and objects (which no style defines) as compact JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        Value::Array(_) | Value::Object(_) => v.to_string(),
    }
}

/// Query pairs for one parameter.
pub fn query_pairs(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match value {
        Value::Null => {}
        Value::Array(items) => {
            if style == Style::DeepObject {
                deep(name, value, &mut out);
            } else if explode && !matches!(style, Style::SpaceDelimited | Style::PipeDelimited) {
                out.extend(items.iter().map(|i| (name.to_owned(), text(i))));
            } else {
                let joined: Vec<String> = items.iter().map(text).collect();
                out.push((name.to_owned(), joined.join(delimiter(style))));
            }
        }
        Value::Object(map) => match style {
            Style::DeepObject => deep(name, value, &mut out),
            _ if explode => {
                out.extend(
                    map.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), text(v))),
                );
            }
            _ => {
                let parts: Vec<String> = map
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .flat_map(|(k, v)| [k.clone(), text(v)])
                    .collect();
                out.push((name.to_owned(), parts.join(delimiter(style))));
            }
        },
        scalar => out.push((name.to_owned(), text(scalar))),
    }
    out
}

/// `deepObject` (and form-body) brackets: `name[a][b]=v`; array items as `name[]=v`,
/// arrays of objects or arrays with their index, `name[0][a]=v`.
pub fn deep(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                deep(&format!("{prefix}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            let nested = items.iter().any(|i| i.is_object() || i.is_array());
            for (i, item) in items.iter().enumerate() {
                if nested {
                    deep(&format!("{prefix}[{i}]"), item, out);
                } else {
                    deep(&format!("{prefix}[]"), item, out);
                }
            }
        }
        scalar => out.push((prefix.to_owned(), text(scalar))),
    }
}

/// A path segment for one parameter (percent-encoded, separators kept).
pub fn path_segment(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let enc = |v: &Value| encode_path(&text(v));
    let (prefix, sep) = match style {
        Style::Label => (".".to_owned(), if explode { "." } else { "," }),
        Style::Matrix => (String::new(), ","),
        _ => (String::new(), ","),
    };
    match (style, value) {
        (Style::Matrix, Value::Array(items)) if explode => items
            .iter()
            .map(|i| format!(";{name}={}", enc(i)))
            .collect(),
        (Style::Matrix, Value::Object(map)) if explode => map
            .iter()
            .map(|(k, v)| format!(";{}={}", encode_path(k), enc(v)))
            .collect(),
        (Style::Matrix, Value::Null) => format!(";{name}"),
        (Style::Matrix, v) => format!(";{name}={}", simple(v, explode, ",", &enc)),
        (_, v) => format!("{prefix}{}", simple(v, explode, sep, &enc)),
    }
}

/// A header value for one parameter (`simple`).
pub fn header_value(value: &Value, explode: bool) -> String {
    simple(value, explode, ",", &text)
}

fn simple(value: &Value, explode: bool, sep: &str, enc: &dyn Fn(&Value) -> String) -> String {
    match value {
        Value::Array(items) => items.iter().map(enc).collect::<Vec<_>>().join(sep),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let k = enc(&Value::String(k.clone()));
                if explode {
                    format!("{k}={}", enc(v))
                } else {
                    format!("{k}{sep}{}", enc(v))
                }
            })
            .collect::<Vec<_>>()
            .join(sep),
        scalar => enc(scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(v: Value, style: Style, explode: bool) -> Vec<(String, String)> {
        query_pairs("p", &v, style, explode)
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn scalars_are_never_quoted() {
        assert_eq!(q(json!("true"), Style::Form, true), pairs(&[("p", "true")]));
        assert_eq!(q(json!(true), Style::Form, true), pairs(&[("p", "true")]));
        assert_eq!(q(json!(1.5), Style::Form, true), pairs(&[("p", "1.5")]));
        assert_eq!(q(Value::Null, Style::Form, true), vec![]);
    }

    #[test]
    fn arrays_per_style() {
        let v = json!(["a", "b"]);
        assert_eq!(
            q(v.clone(), Style::Form, true),
            pairs(&[("p", "a"), ("p", "b")])
        );
        assert_eq!(q(v.clone(), Style::Form, false), pairs(&[("p", "a,b")]));
        assert_eq!(
            q(v.clone(), Style::SpaceDelimited, false),
            pairs(&[("p", "a b")])
        );
        assert_eq!(q(v, Style::PipeDelimited, false), pairs(&[("p", "a|b")]));
    }

    #[test]
    fn objects_per_style() {
        let v = json!({"role": "admin", "first": "Alex"});
        assert_eq!(
            q(v.clone(), Style::Form, true),
            pairs(&[("role", "admin"), ("first", "Alex")])
        );
        assert_eq!(
            q(v.clone(), Style::Form, false),
            pairs(&[("p", "role,admin,first,Alex")])
        );
        assert_eq!(
            q(
                json!({"a": {"b": 1}, "c": [1, 2], "d": [{"e": "f"}]}),
                Style::DeepObject,
                true
            ),
            pairs(&[
                ("p[a][b]", "1"),
                ("p[c][]", "1"),
                ("p[c][]", "2"),
                ("p[d][0][e]", "f")
            ])
        );
    }

    #[test]
    fn path_styles() {
        let arr = json!(["a b", "c"]);
        let obj = json!({"x": 1, "y": "z"});
        assert_eq!(
            path_segment("id", &json!("a/b"), Style::Simple, false),
            "a%2Fb"
        );
        assert_eq!(path_segment("id", &arr, Style::Simple, false), "a%20b,c");
        assert_eq!(path_segment("id", &obj, Style::Simple, true), "x=1,y=z");
        assert_eq!(path_segment("id", &obj, Style::Simple, false), "x,1,y,z");
        assert_eq!(path_segment("id", &arr, Style::Label, false), ".a%20b,c");
        assert_eq!(path_segment("id", &arr, Style::Label, true), ".a%20b.c");
        assert_eq!(path_segment("id", &json!(5), Style::Matrix, false), ";id=5");
        assert_eq!(
            path_segment("id", &arr, Style::Matrix, true),
            ";id=a%20b;id=c"
        );
        assert_eq!(path_segment("id", &obj, Style::Matrix, true), ";x=1;y=z");
    }

    #[test]
    fn part_text_keeps_strings_and_writes_the_rest_as_json() {
        assert_eq!(to_text(&json!("a b")), "a b");
        assert_eq!(to_text(&json!(2.5)), "2.5");
        assert_eq!(to_text(&json!({"k": [1, "x"]})), r#"{"k":[1,"x"]}"#);
    }

    #[test]
    fn headers_are_simple() {
        assert_eq!(header_value(&json!(["a", "b"]), false), "a,b");
        assert_eq!(header_value(&json!({"a": 1}), true), "a=1");
        assert_eq!(header_value(&json!("x y"), false), "x y");
    }
}
