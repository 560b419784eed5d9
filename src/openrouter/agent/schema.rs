//! JSON Schemas for structured output and tool arguments, in the form strict mode accepts
//! (OpenAI's structured-output rules, which OpenRouter passes on to the providers that
//! support them):
//!
//! - the root is an object (any other root is wrapped as the object's `value` property,
//!   and unwrapped again when the answer is read);
//! - every object lists every property in `required` and sets `additionalProperties:
//!   false`; a property the Rust type may leave out (`Option`, `#[serde(default)]`) may be
//!   `null` instead;
//! - `oneOf` becomes `anyOf`, `const` a one-value `enum`; a `$ref` stands alone; shared and
//!   recursive types sit in `$defs`;
//! - keywords strict mode refuses (`format`, `minimum`, `pattern`, `minItems`, `default`,
//!   ...) are dropped: the answer is still decoded into the Rust type, which checks what
//!   they said.
//!
//! Maps with arbitrary keys (`HashMap<String, T>`) cannot be said in strict mode: such a
//! type is refused with [`SchemaError`], naming where the map sits.

use schemars::JsonSchema;
use serde_json::{Map, Value};

/// A type whose JSON Schema strict mode cannot accept.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaError {
    /// The Rust type.
    pub type_name: String,
    /// Where in its schema (a JSON pointer) and why.
    pub problems: Vec<String>,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the JSON Schema of `{}` cannot be used in strict mode: {}",
            self.type_name,
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for SchemaError {}

/// A strict-mode schema for a Rust type, with its name and whether the value is wrapped.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StrictSchema {
    /// A name for the schema (`^[a-zA-Z0-9_-]{1,64}$`), from the type's.
    pub name: String,
    /// The schema, as sent.
    pub schema: Value,
    /// True when the type is not an object and sits in the `value` property.
    pub wrapped: bool,
}

/// Keywords strict mode refuses; dropped (the Rust type still checks what they said).
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "default",
    "examples",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// The strict-mode schema of `T`.
pub fn strict_schema<T: JsonSchema + ?Sized>() -> Result<StrictSchema, SchemaError> {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let root = generator.into_root_schema_for::<T>().to_value();
    let type_name = T::schema_name().into_owned();
    // `true` (any value) becomes `{}`, refused below as having no strict schema.
    let mut root = match root {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let defs = root.remove("$defs");
    root.remove("title");
    let mut body = Value::Object(root);
    let wrapped = !is_object_schema(&body);
    if wrapped {
        let mut properties = Map::new();
        properties.insert("value".into(), body);
        body =
            serde_json::json!({"type": "object", "properties": properties, "required": ["value"]});
    }
    let mut problems = Vec::new();
    strictify(&mut body, "", &mut problems);
    if let (Some(Value::Object(mut defs)), Value::Object(body)) = (defs, &mut body) {
        for (name, def) in defs.iter_mut() {
            strictify(def, &format!("/$defs/{name}"), &mut problems);
        }
        body.insert("$defs".into(), Value::Object(defs));
    }
    if !problems.is_empty() {
        return Err(SchemaError {
            type_name,
            problems,
        });
    }
    Ok(StrictSchema {
        name: schema_name(&type_name),
        schema: body,
        wrapped,
    })
}

/// `Name<T>` → `Name_T`, within the 64 characters the API allows.
fn schema_name(type_name: &str) -> String {
    let mut name: String = type_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    name.truncate(64);
    if name.is_empty() {
        name.push_str("answer");
    }
    name
}

fn is_object_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "object",
        _ => schema.get("properties").is_some(),
    }
}

/// Rewrite one schema (and everything under it) into strict mode's form.
fn strictify(schema: &mut Value, at: &str, problems: &mut Vec<String>) {
    let Value::Object(map) = schema else {
        if schema == &Value::Bool(true) {
            problems.push(format!(
                "{at}: any JSON value (`serde_json::Value`) has no strict schema"
            ));
        }
        return;
    };
    for k in DROPPED {
        map.remove(*k);
    }
    if let Some(one_of) = map.remove("oneOf") {
        map.insert("anyOf".into(), one_of);
    }
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![c]));
    }
    if map.contains_key("$ref") {
        map.retain(|k, _| k == "$ref");
        return;
    }
    if map.contains_key("allOf") {
        problems.push(format!("{at}: `allOf` (a flattened or combined type)"));
    }
    if map.is_empty() {
        problems.push(format!(
            "{at}: any JSON value (`serde_json::Value`) has no strict schema"
        ));
        return;
    }
    let object = matches!(map.get("type"), Some(Value::String(t)) if t == "object")
        || map.contains_key("properties");
    if object {
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) | None => {}
            Some(_) => problems.push(format!(
                "{at}: a map with arbitrary keys (strict mode needs named properties)"
            )),
        }
        map.insert("additionalProperties".into(), Value::Bool(false));
        let required: Vec<String> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut all = Vec::new();
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                strictify(property, &format!("{at}/properties/{name}"), problems);
                if !required.contains(name) {
                    make_nullable(property);
                }
                all.push(Value::String(name.clone()));
            }
        } else {
            map.insert("properties".into(), Value::Object(Map::new()));
        }
        map.insert("required".into(), Value::Array(all));
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = map.get_mut(key).filter(|v| v.is_object()) {
            strictify(inner, &format!("{at}/{key}"), problems);
        }
    }
    for key in ["anyOf", "prefixItems"] {
        if let Some(Value::Array(list)) = map.get_mut(key) {
            for (i, inner) in list.iter_mut().enumerate() {
                strictify(inner, &format!("{at}/{key}/{i}"), problems);
            }
        }
    }
}

/// Let `schema` be `null` too (a property the Rust type may leave out).
fn make_nullable(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if accepts_null(map) {
        return;
    }
    let has_enum = map.contains_key("enum");
    match map.get_mut("type") {
        Some(Value::String(t)) if !has_enum => {
            let t = std::mem::take(t);
            map.insert("type".into(), serde_json::json!([t, "null"]));
            return;
        }
        Some(Value::Array(types)) if !has_enum => {
            types.push(Value::String("null".into()));
            return;
        }
        _ => {}
    }
    if let Some(Value::Array(options)) = map.get_mut("anyOf") {
        options.push(serde_json::json!({"type": "null"}));
        return;
    }
    let inner = Value::Object(std::mem::take(map));
    map.insert(
        "anyOf".into(),
        Value::Array(vec![inner, serde_json::json!({"type": "null"})]),
    );
}

fn accepts_null(map: &Map<String, Value>) -> bool {
    let null = |v: &Value| v.as_str() == Some("null");
    match map.get("type") {
        Some(Value::String(t)) if t == "null" => return true,
        Some(Value::Array(types)) if types.iter().any(null) => return true,
        _ => {}
    }
    map.get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|o| o.iter().any(|s| s.get("type").is_some_and(null)))
}

/// Check `schema` against strict mode's rules: every object closed with every property
/// required, no keyword strict mode refuses, a `$ref` alone and resolving into `$defs`, an
/// object at the root. Returns each breach with its JSON pointer (empty: it conforms).
pub fn strict_mode_breaches(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if !is_object_schema(schema) {
        out.push("/: the root is not an object".to_owned());
    }
    check(schema, schema, "", &mut out);
    if let Some(Value::Object(defs)) = schema.get("$defs") {
        for (name, def) in defs {
            check(schema, def, &format!("/$defs/{name}"), &mut out);
        }
    }
    out
}

fn check(root: &Value, schema: &Value, at: &str, out: &mut Vec<String>) {
    let Value::Object(map) = schema else {
        out.push(format!("{at}: a boolean schema"));
        return;
    };
    for k in map.keys() {
        if DROPPED.contains(&k.as_str()) && !(at.is_empty() && k == "$defs") {
            out.push(format!("{at}: keyword `{k}`"));
        }
        if matches!(k.as_str(), "oneOf" | "allOf" | "const") {
            out.push(format!("{at}: keyword `{k}`"));
        }
    }
    if let Some(r) = map.get("$ref") {
        if map.len() > 1 {
            out.push(format!("{at}: `$ref` with other keywords"));
        }
        let target = r.as_str().and_then(|r| r.strip_prefix('#')).and_then(|p| {
            if p.is_empty() {
                Some(root)
            } else {
                root.pointer(p)
            }
        });
        if target.is_none() {
            out.push(format!("{at}: `$ref` {r} does not resolve"));
        }
        return;
    }
    if map.contains_key("properties") || map.get("type").and_then(Value::as_str) == Some("object") {
        if map.get("additionalProperties") != Some(&Value::Bool(false)) {
            out.push(format!("{at}: `additionalProperties` is not false"));
        }
        let names: Vec<&String> = map
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for n in &names {
            if !required.contains(&n.as_str()) {
                out.push(format!("{at}: property `{n}` is not required"));
            }
        }
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, p) in properties {
                check(root, p, &format!("{at}/properties/{name}"), out);
            }
        }
    }
    if let Some(items) = map.get("items") {
        check(root, items, &format!("{at}/items"), out);
    }
    if let Some(Value::Array(options)) = map.get("anyOf") {
        for (i, o) in options.iter().enumerate() {
            check(root, o, &format!("{at}/anyOf/{i}"), out);
        }
    }
}
