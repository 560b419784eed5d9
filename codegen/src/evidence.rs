//! Evidence beside the spec's word: the response properties the spec marks required but
//! its own examples of that response leave out, reported as information.
//!
//! Published specs require fields their servers do not send (OpenRouter's model list
//! requires `links` and `total_count`; its example of that answer has neither). Types
//! follow the schema, so that a field's Rust type does not change when a later spec adds
//! the example; the tolerance lives in the decoder (a missing required property reads as
//! its type's absent value and is recorded, see the runtime's `presence` module). Each
//! example of a response (on the media type, or on a schema only responses use) is walked
//! beside its schema, through `$ref`s, `allOf` members, properties and array items; every
//! required property an example object lacks is reported, naming it.
//!
//! Schemas a request body reaches are left alone: what a client sends must stay complete.
//! `llmgate spec vendor` drops examples, so it records what they showed as
//! [`EXTENSION`] on each schema (`x-llmgate-example-omits: [links]`); reading a spec, the
//! extension counts as the same evidence.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::join;

/// The extension holding the evidence in a vendored spec: the required properties the
/// dropped examples of this schema left out.
pub const EXTENSION: &str = "x-llmgate-example-omits";

/// Per schema (by JSON pointer), the required properties some example of a response
/// leaves out, from the examples and from [`EXTENSION`]. Schemas a request reaches are
/// not listed.
pub fn omitted(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let requests = request_components(doc);
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut w = Walker {
        doc,
        found: &mut found,
    };
    for (ptr, media) in response_media(doc) {
        let schema = join(&ptr, "schema");
        for ex in examples_of(media) {
            w.check(&schema, ex, 0);
        }
    }
    // Schema-level examples and the extension, on schemas only responses use.
    let mut from_schemas = Vec::new();
    visit(doc, &mut String::new(), &mut |ptr, v| {
        let place = ptr.starts_with("/components/schemas/") || ptr.starts_with("/paths/");
        if place && (v.get("properties").is_some() || v.get("allOf").is_some()) {
            from_schemas.push(ptr.to_owned());
        }
    });
    for ptr in &from_schemas {
        let Some(schema) = doc.pointer(ptr) else {
            continue;
        };
        if is_response_schema(ptr) {
            for ex in examples_of(schema) {
                w.check(ptr, ex, 0);
            }
        }
        if let Some(list) = schema.get(EXTENSION).and_then(Value::as_array) {
            let names = list.iter().filter_map(Value::as_str).map(str::to_owned);
            w.found.entry(ptr.clone()).or_default().extend(names);
        }
    }
    found.retain(|ptr, _| !requests.contains(component_of(ptr).unwrap_or("")));
    found
}

/// A note per [`omitted`] property: (pointer of the schema, what the examples show). The
/// `required` lists are left as they are.
pub fn report(doc: &Value) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    for (ptr, props) in omitted(doc) {
        for p in props {
            notes.push((
                ptr.clone(),
                format!(
                    "required property `{p}` is absent from the spec's own example of this response; \
                     it stays required (decoding reads a missing one as absent and records it)"
                ),
            ));
        }
    }
    notes
}

/// Record the evidence as [`EXTENSION`] on each schema (for `spec vendor`, which drops
/// the examples it comes from).
pub fn record(doc: &mut Value) {
    for (ptr, props) in omitted(doc) {
        if let Some(Value::Object(schema)) = doc.pointer_mut(&ptr) {
            let list = props.into_iter().map(Value::String).collect();
            schema.insert(EXTENSION.to_owned(), Value::Array(list));
        }
    }
}

struct Walker<'a, 'b> {
    doc: &'a Value,
    found: &'b mut BTreeMap<String, BTreeSet<String>>,
}

impl<'a> Walker<'a, '_> {
    /// Check `example` against the schema at `ptr`.
    fn check(&mut self, ptr: &str, example: &Value, depth: usize) {
        if depth > 32 {
            return;
        }
        let Some((ptr, schema)) = self.resolve(ptr) else {
            return;
        };
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for i in 0..members.len() {
                self.check(
                    &join(&join(&ptr, "allOf"), &i.to_string()),
                    example,
                    depth + 1,
                );
            }
        }
        match example {
            Value::Object(fields) => {
                for r in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(r) = r.as_str().filter(|r| !fields.contains_key(*r)) {
                        self.found
                            .entry(ptr.clone())
                            .or_default()
                            .insert(r.to_owned());
                    }
                }
                let props = schema.get("properties").and_then(Value::as_object);
                for (name, value) in fields {
                    if props.is_some_and(|p| p.contains_key(name)) {
                        let at = join(&join(&ptr, "properties"), name);
                        self.check(&at, value, depth + 1);
                    }
                }
            }
            Value::Array(items) if schema.get("items").is_some_and(Value::is_object) => {
                for item in items {
                    self.check(&join(&ptr, "items"), item, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The schema at `ptr`, following `$ref`s within the document (at most 32).
    fn resolve(&self, ptr: &str) -> Option<(String, &'a Value)> {
        let mut ptr = ptr.to_owned();
        for _ in 0..32 {
            let v = self.doc.pointer(&ptr)?;
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) => ptr = r.strip_prefix('#')?.to_owned(),
                None => return Some((ptr, v)),
            }
        }
        None
    }
}

/// `example` and every `examples` value (a list in 3.1 schemas, a map of Example Objects
/// with `value` on media types).
fn examples_of(v: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = v.get("example").into_iter().collect();
    match v.get("examples") {
        Some(Value::Array(a)) => out.extend(a),
        Some(Value::Object(m)) => out.extend(m.values().filter_map(|e| e.get("value"))),
        _ => {}
    }
    out
}

/// Every JSON media type of a success response: (pointer, media type object).
fn response_media(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, r) in responses.iter().filter(|(s, _)| s.starts_with('2')) {
                for (mime, media) in r
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if mime.contains("json") {
                        let at = ["/paths", path, method, "responses", status, "content", mime]
                            .iter()
                            .skip(1)
                            .fold("/paths".to_owned(), |p, k| join(&p, k));
                        out.push((at, media));
                    }
                }
            }
        }
    }
    out
}

/// Whether a schema pointer sits in a response (inline) or is a component.
fn is_response_schema(ptr: &str) -> bool {
    ptr.starts_with("/components/schemas/") || ptr.contains("/responses/")
}

/// The component schema a pointer lies in (`/components/schemas/<name>/...`).
fn component_of(ptr: &str) -> Option<&str> {
    ptr.strip_prefix("/components/schemas/")?.split('/').next()
}

/// Component schemas (escaped names, as in pointers) a request body or parameter
/// reaches, transitively.
fn request_components(doc: &Value) -> BTreeSet<String> {
    let mut found = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        for op in item.as_object().into_iter().flatten().map(|(_, v)| v) {
            for key in ["requestBody", "parameters"] {
                if let Some(v) = op.get(key) {
                    crate::refs::refs(v, &mut found);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    // Follow every kind (a `requestBodies` or `parameters` component leads to schemas);
    // record the schemas.
    let mut followed = BTreeSet::new();
    while let Some((kind, name)) = found.pop() {
        let name = crate::error::escape_token(&name);
        let at = format!("/components/{kind}/{name}");
        if followed.insert(at.clone()) {
            if kind == "schemas" {
                seen.insert(name);
            }
            if let Some(target) = doc.pointer(&at) {
                crate::refs::refs(target, &mut found);
            }
        }
    }
    seen
}

/// Every object in `v` with its pointer (schemas are found among them); `ptr` is one
/// buffer, extended and cut back as the walk goes (no pointer is built per node).
fn visit(v: &Value, ptr: &mut String, f: &mut impl FnMut(&str, &Value)) {
    use std::fmt::Write;
    match v {
        Value::Object(m) => {
            f(ptr, v);
            for (k, c) in m {
                if k == "example" || k == "examples" {
                    continue;
                }
                let len = ptr.len();
                ptr.push('/');
                if k.contains(['~', '/']) {
                    ptr.push_str(&crate::error::escape_token(k));
                } else {
                    ptr.push_str(k);
                }
                visit(c, ptr, f);
                ptr.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let len = ptr.len();
                let _ = write!(ptr, "/{i}");
                visit(c, ptr, f);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "paths": {
                "/models": {"get": {"responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/List"},
                    "example": {"data": [{"id": "a"}]}
                }}}}}},
                "/send": {"post": {"requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Sent"}
                }}}, "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Sent"}, "example": {}
                }}}}}}
            },
            "components": {"schemas": {
                "List": {"type": "object", "required": ["data", "links", "total_count"],
                         "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}},
                                        "links": {"type": "object"}, "total_count": {"type": "integer"}}},
                "Model": {"type": "object", "required": ["id", "name"], "properties": {"id": {}, "name": {}}},
                "Sent": {"type": "object", "required": ["text"], "properties": {"text": {}}}
            }}
        })
    }

    /// The `required` lists, for checking that the report leaves them alone.
    fn required(doc: &Value) -> Vec<Value> {
        ["List", "Model", "Sent"]
            .iter()
            .map(|n| doc["components"]["schemas"][n]["required"].clone())
            .collect()
    }

    #[test]
    fn examples_are_reported_for_response_schemas_only_and_change_nothing() {
        let doc = spec();
        let before = required(&doc);
        let notes = report(&doc);
        assert_eq!(required(&doc), before);
        let named: Vec<String> = notes.iter().map(|(p, r)| format!("{p} {r}")).collect();
        // `Sent` is also a request body: what the examples of its answer omit is not news.
        assert_eq!(notes.len(), 3, "{named:?}");
        assert!(
            named[0].starts_with("/components/schemas/List required property `links`"),
            "{named:?}"
        );
        assert!(named[0].contains("stays required"), "{named:?}");
        assert!(named.iter().all(|n| !n.contains("Sent")), "{named:?}");
    }

    #[test]
    fn the_extension_carries_the_evidence_without_the_examples() {
        let mut doc = spec();
        record(&mut doc);
        assert_eq!(
            doc["components"]["schemas"]["List"][EXTENSION],
            json!(["links", "total_count"])
        );
        let with_examples = report(&doc);
        // Drop the examples, as vendoring does: the extension alone gives the same report.
        doc["paths"]["/models"]["get"]["responses"]["200"]["content"]["application/json"]
            .as_object_mut()
            .unwrap()
            .remove("example");
        assert_eq!(report(&doc), with_examples);
    }
}
