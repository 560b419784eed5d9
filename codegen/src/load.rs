//! Stage 1: spec text (YAML or JSON) to a JSON value tree, with limits.
//!
//! YAML is read with `serde_yaml` (whose parser refuses alias expansion past its
//! repetition limit and nesting past 128 levels) and converted to `serde_json::Value`
//! so that every later stage addresses the document with JSON pointers. Mapping keys
//! that YAML reads as numbers or booleans (`200:` for a status code) become strings.

use serde_json::{Map, Value};

use crate::error::{Error, Location};

/// The deepest nesting accepted anywhere in the document.
pub const MAX_DEPTH: usize = 128;

/// Parse spec text into a JSON value. JSON is detected by a leading `{`.
pub fn load(text: &str, file: &str) -> Result<Value, Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Error::new(file, Location::Document, "the spec is empty"));
    }
    let value = if trimmed.starts_with('{') {
        // serde_json refuses nesting deeper than 128 on its own.
        serde_json::from_str::<Value>(trimmed).map_err(|e| json_error(file, text, trimmed, &e))?
    } else {
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
            let location = match e.location() {
                Some(l) => Location::LineColumn {
                    line: l.line(),
                    column: l.column(),
                },
                None => Location::Document,
            };
            Error::new(
                file,
                location,
                format!("invalid YAML: {}", strip_yaml_position(&e.to_string())),
            )
        })?;
        yaml_to_json(yaml, "", 0, file)?
    };
    if !value.is_object() {
        return Err(Error::new(
            file,
            Location::Pointer(String::new()),
            "the spec must be a mapping (an OpenAPI document object)",
        ));
    }
    Ok(value)
}

fn json_error(file: &str, full: &str, trimmed: &str, e: &serde_json::Error) -> Error {
    // Account for whitespace stripped before the opening brace.
    let skipped = &full[..full.len() - trimmed.len()];
    let extra_lines = skipped.matches('\n').count();
    let line = e.line() + extra_lines;
    let msg = e.to_string();
    let cause = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    Error::new(
        file,
        Location::LineColumn {
            line,
            column: e.column(),
        },
        format!("invalid JSON: {cause}"),
    )
}

fn strip_yaml_position(msg: &str) -> String {
    // serde_yaml appends " at line X column Y"; the location is reported separately.
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn yaml_to_json(
    v: serde_yaml::Value,
    pointer: &str,
    depth: usize,
    file: &str,
) -> Result<Value, Error> {
    use serde_yaml::Value as Y;
    if depth > MAX_DEPTH {
        return Err(Error::at(
            file,
            pointer,
            format!("nesting deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Error::at(
                            file,
                            pointer,
                            format!("number {f} cannot be represented in JSON"),
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(seq) => {
            let mut out = Vec::with_capacity(seq.len());
            for (i, item) in seq.into_iter().enumerate() {
                out.push(yaml_to_json(
                    item,
                    &crate::error::join(pointer, &i.to_string()),
                    depth + 1,
                    file,
                )?);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, val) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => return Err(Error::at(file, pointer, "mapping keys must be scalars")),
                };
                let child = crate::error::join(pointer, &key);
                let val = yaml_to_json(val, &child, depth + 1, file)?;
                if out.insert(key.clone(), val).is_some() {
                    return Err(Error::at(file, &child, format!("duplicate key `{key}`")));
                }
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value, pointer, depth, file)?,
    })
}
