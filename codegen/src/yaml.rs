//! YAML to a JSON value tree with `saphyr-parser` (a maintained YAML 1.2 parser), and the
//! way back from a JSON pointer to a line and column.
//!
//! We consume the parser's events ourselves rather than go through a serde layer, which
//! gives three things a spec loader needs: every number YAML can write loads (an integer
//! beyond 64 bits becomes a float, and the loader says so); alias expansion is bounded
//! (a "billion laughs" document is refused, not expanded); and any node can be located,
//! so that errors found later, by JSON pointer, also carry the line and column.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Location, join};
use crate::limits::MAX_DEPTH;

/// How many nodes alias expansion may add, in all. Real specs use a handful of anchors;
/// an exponential alias bomb reaches this after a few levels.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// A YAML document as JSON, with notes on numbers that could not keep their exact form.
pub struct Loaded {
    pub value: Value,
    pub notes: Vec<(String, String)>,
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map(Map<String, Value>, Option<String>, usize),
}

struct Builder<'a> {
    file: &'a str,
    stack: Vec<(Frame, String)>,
    anchors: Vec<Option<Value>>,
    alias_nodes: usize,
    notes: Vec<(String, String)>,
    root: Option<Value>,
}

fn at(file: &str, span: &Span, message: impl Into<String>) -> Error {
    Error::new(
        file,
        Location::LineColumn {
            line: span.start.line(),
            column: span.start.col() + 1,
        },
        message,
    )
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

impl Builder<'_> {
    /// The pointer of the node about to start.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some((Frame::Seq(items, _), p)) => join(p, &items.len().to_string()),
            Some((Frame::Map(_, Some(key), _), p)) => join(p, key),
            Some((Frame::Map(..), p)) => p.clone(),
        }
    }

    fn push_value(&mut self, v: Value, anchor: usize, span: &Span) -> Result<(), Error> {
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some(v.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some((Frame::Seq(items, _), _)) => items.push(v),
            Some((Frame::Map(map, key, _), pointer)) => match key.take() {
                None => {
                    let k = match v {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_owned(),
                        _ => return Err(at(self.file, span, "mapping keys must be scalars")),
                    };
                    if map.contains_key(&k) {
                        let p = join(pointer, &k);
                        return Err(at(
                            self.file,
                            span,
                            format!("duplicate key `{k}` (at #{p})"),
                        ));
                    }
                    *key = Some(k);
                }
                Some(k) => {
                    map.insert(k, v);
                }
            },
        }
        Ok(())
    }

    fn scalar(&mut self, text: &str, style: ScalarStyle, tag: bool, span: &Span) -> Value {
        if style != ScalarStyle::Plain || tag {
            return Value::String(text.to_owned());
        }
        match text {
            "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
            "true" | "True" | "TRUE" => return Value::Bool(true),
            "false" | "False" | "FALSE" => return Value::Bool(false),
            _ => {}
        }
        if let Some(v) = integer(text) {
            return match v {
                Ok(n) => Value::Number(n),
                Err(f) => {
                    let pointer = self.child_pointer();
                    self.notes.push((
                        pointer,
                        format!(
                            "integer {text} (line {}) does not fit 64 bits; kept as the float {f}",
                            span.start.line()
                        ),
                    ));
                    Number::from_f64(f).map_or(Value::String(text.to_owned()), Value::Number)
                }
            };
        }
        if let Some(f) = float(text) {
            return match Number::from_f64(f) {
                Some(n) => Value::Number(n),
                None => {
                    let pointer = self.child_pointer();
                    self.notes.push((
                        pointer,
                        format!("{text} has no JSON form; kept as a string"),
                    ));
                    Value::String(text.to_owned())
                }
            };
        }
        Value::String(text.to_owned())
    }
}

/// YAML 1.2 core-schema integers: decimal, `0o` octal, `0x` hex. `Err` carries the float
/// an out-of-range decimal becomes.
fn integer(text: &str) -> Option<Result<Number, f64>> {
    let (neg, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if let Some(hex) = digits.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(|u| signed(neg, u));
    }
    if let Some(oct) = digits.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(|u| signed(neg, u));
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Ok(i) = text.trim_start_matches('+').parse::<i64>() {
        return Some(Ok(Number::from(i)));
    }
    if !neg {
        if let Ok(u) = digits.parse::<u64>() {
            return Some(Ok(Number::from(u)));
        }
    }
    Some(Err(text
        .trim_start_matches('+')
        .parse::<f64>()
        .unwrap_or(f64::NAN)))
}

fn signed(neg: bool, u: u64) -> Result<Number, f64> {
    if !neg {
        return Ok(Number::from(u));
    }
    match i64::try_from(u) {
        Ok(i) => Ok(Number::from(-i)),
        Err(_) => Err(-(u as f64)),
    }
}

/// YAML 1.2 core-schema floats, `.inf` and `.nan` included (they have no JSON form).
fn float(text: &str) -> Option<f64> {
    let body = text.trim_start_matches(['-', '+']);
    match body {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if text.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let ok = !body.is_empty()
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if !ok {
        return None;
    }
    text.parse::<f64>().ok()
}

/// Parse YAML text into a JSON value. Text refused only for a flow collection continued
/// at or below its first line's indentation (which libyaml and PyYAML load) is read again
/// with those lines indented ([`crate::yaml_flow`]); the first error stands otherwise.
pub fn load(text: &str, file: &str) -> Result<Loaded, Error> {
    match load_strict(text, file) {
        Err(first) if first.message().contains("indentation") => {
            match crate::yaml_flow::reindent_flow(text).map(|t| load_strict(&t, file)) {
                Some(Ok(mut loaded)) => {
                    loaded.notes.push((
                        String::new(),
                        format!(
                            "a flow collection continues at or below its key's indentation ({}); read as libyaml reads it",
                            first.location()
                        ),
                    ));
                    Ok(loaded)
                }
                _ => Err(first),
            }
        }
        other => other,
    }
}

fn load_strict(text: &str, file: &str) -> Result<Loaded, Error> {
    let mut b = Builder {
        file,
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_nodes: 0,
        notes: Vec::new(),
        root: None,
    };
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            Error::new(
                file,
                Location::LineColumn {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                },
                format!("invalid YAML: {}", e.info()),
            )
        })?;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(at(
                        file,
                        &span,
                        "the file holds more than one YAML document",
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let explicit_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let v = b.scalar(
                    &text,
                    style,
                    explicit_str || tag.is_some() && !is_core(&tag),
                    &span,
                );
                b.push_value(v, anchor, &span)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(at(
                        file,
                        &span,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let pointer = b.child_pointer();
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), anchor)
                } else {
                    Frame::Map(Map::new(), None, anchor)
                };
                b.stack.push((frame, pointer));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((frame, _)) = b.stack.pop() else {
                    continue;
                };
                let (v, anchor) = match frame {
                    Frame::Seq(items, a) => (Value::Array(items), a),
                    Frame::Map(map, _, a) => (Value::Object(map), a),
                };
                b.push_value(v, anchor, &span)?;
            }
            Event::Alias(id) => {
                let v = b.anchors.get(id).cloned().flatten().ok_or_else(|| {
                    at(
                        file,
                        &span,
                        "alias to an anchor that is not defined (or not yet complete)",
                    )
                })?;
                b.alias_nodes += count_nodes(&v);
                if b.alias_nodes > MAX_ALIAS_NODES {
                    return Err(at(
                        file,
                        &span,
                        format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"
                        ),
                    ));
                }
                b.push_value(v, 0, &span)?;
            }
            _ => {}
        }
    }
    Ok(Loaded {
        value: b.root.unwrap_or(Value::Null),
        notes: b.notes,
    })
}

fn is_core(tag: &Option<Cow<'_, saphyr_parser::Tag>>) -> bool {
    tag.as_ref()
        .is_some_and(|t| t.is_yaml_core_schema() && t.suffix != "str")
}

/// The line and column (1-based) where the node at `pointer` starts, if the text parses.
/// `error` with the line and column of its pointer location in `text`, when found.
pub(crate) fn locate_error(error: Error, text: &str) -> Error {
    match error.unplaced_pointer() {
        Some(p) => {
            let position = locate(text, p);
            error.placed(position)
        }
        None => error,
    }
}

pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    // Paths of the open containers and, per container, the next child's key or index.
    let mut stack: Vec<(String, Option<String>, usize, bool)> = Vec::new();
    let child = |stack: &mut Vec<(String, Option<String>, usize, bool)>| -> Option<String> {
        match stack.last_mut() {
            None => Some(String::new()),
            Some((p, key, index, is_seq)) => {
                if *is_seq {
                    let c = join(p, &index.to_string());
                    *index += 1;
                    Some(c)
                } else {
                    key.take().map(|k| join(p, &k))
                }
            }
        }
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let here = (span.start.line(), span.start.col() + 1);
        match event {
            Event::Scalar(value, ..) => {
                let is_key = matches!(stack.last(), Some((_, None, _, false)));
                if is_key {
                    if let Some(top) = stack.last_mut() {
                        let p = join(&top.0, &value);
                        if p == pointer {
                            return Some(here);
                        }
                        top.1 = Some(value.into_owned());
                    }
                } else if child(&mut stack)? == pointer {
                    return Some(here);
                }
            }
            Event::Alias(_) => {
                let p = child(&mut stack)?;
                if p == pointer {
                    return Some(here);
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let p = child(&mut stack)?;
                if p == pointer {
                    return Some(here);
                }
                stack.push((p, None, 0, matches!(event, Event::SequenceStart(..))));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    None
}
