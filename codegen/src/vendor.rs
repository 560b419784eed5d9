//! `llmgate spec vendor`: a lean copy of a spec that keeps every fact a client needs and
//! drops prose and sample content.
//!
//! The walk knows the OpenAPI object it stands in, so a schema property called
//! `description` or `example` is kept (it is a name) while the `description` keyword is
//! dropped. Kept: servers (URLs and variables), security, paths, operations, parameters,
//! request and response bodies, headers, schemas with every validation keyword, `title`
//! (the generator names union variants after it), `default`, `const`, `enum`,
//! `deprecated`, discriminators, tags by name, and the `x-` extensions a client generator
//! reads ([`KEPT_EXTENSIONS`] plus those the caller names). Dropped: `description`,
//! `summary`, `example`, `examples`, `externalDocs`, `$comment`, `info` beyond `title`
//! and `version`, `components.examples`, OAuth scope descriptions (the scope names stay,
//! with empty text), and every other `x-` extension (vendor doc strings, display names,
//! SDK-only switches).
//!
//! With operations or tags named, only those operations are kept, with the components
//! they reach through `$ref` (and discriminator mappings), transitively.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Error, Location, escape_token};

/// Extensions kept by default: the ones llmgate-codegen reads or will read (grouping,
/// method names, event-stream sentinels, stream switches, pagination, retries).
pub const KEPT_EXTENSIONS: &[&str] = &[
    "x-speakeasy-group",
    "x-speakeasy-name-override",
    "x-speakeasy-sse-sentinel",
    "x-speakeasy-stream-request-field",
    "x-speakeasy-pagination",
    "x-speakeasy-retries",
    "x-ms-pageable",
    crate::evidence::EXTENSION,
];

/// What to keep beyond the facts.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct VendorOptions {
    /// Keep only these operations (operationIds) and what they reach; with `tags`, an
    /// operation matching either is kept; both empty: every operation.
    pub operations: Vec<String>,
    /// Keep only the operations carrying one of these tags (see `operations`).
    pub tags: Vec<String>,
    /// More `x-` extensions to keep besides [`KEPT_EXTENSIONS`].
    pub extensions: Vec<String>,
}

/// What vendoring dropped, for the command's summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VendorReport {
    /// Keys dropped, by keyword (`description`: 3120, ...), sorted by keyword.
    pub dropped: Vec<(String, usize)>,
    /// Operations kept and left out.
    pub operations_kept: usize,
    /// Operations left out by `operations`/`tags`.
    pub operations_dropped: usize,
    /// Component entries left out because no kept operation reaches them.
    pub components_dropped: usize,
}

/// Vendor `spec_text` (YAML or JSON): the lean document as pretty JSON with a trailing
/// newline, and what was dropped. Same input, same bytes.
pub fn vendor(
    spec_text: &str,
    file_name: &str,
    options: &VendorOptions,
) -> Result<(String, VendorReport), Error> {
    let (mut doc, _) = crate::load::load(spec_text, file_name)?;
    // The examples go; what they show about required properties stays, as an extension.
    crate::evidence::record(&mut doc);
    let mut report = VendorReport::default();
    let mut dropped = std::collections::BTreeMap::new();
    let mut keep: BTreeSet<&str> = KEPT_EXTENSIONS.iter().copied().collect();
    keep.extend(options.extensions.iter().map(String::as_str));
    let mut walker = Walker {
        keep,
        dropped: &mut dropped,
    };
    let mut lean = walker.object(&doc, Ctx::Document);
    if !options.operations.is_empty() || !options.tags.is_empty() {
        select(&mut lean, file_name, options, &mut report)?;
    } else {
        report.operations_kept = count_operations(&lean);
    }
    report.dropped = dropped.into_iter().collect();
    let mut text = serde_json::to_string_pretty(&lean)
        .map_err(|e| Error::new(file_name, Location::Document, e.to_string()))?;
    text.push('\n');
    Ok((text, report))
}

/// The OpenAPI object a JSON value stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Document,
    Info,
    Tag,
    Server,
    ServerVariable,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Header,
    Components,
    SecurityScheme,
    OAuthFlow,
    Link,
    Schema,
    /// A value kept as it is (security requirements, discriminators, `default`, `enum`).
    Verbatim,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Keys dropped wherever the OpenAPI vocabulary (not a map of names) stands.
const PROSE: &[&str] = &[
    "description",
    "summary",
    "example",
    "examples",
    "externalDocs",
    "$comment",
];

struct Walker<'a> {
    keep: BTreeSet<&'a str>,
    dropped: &'a mut std::collections::BTreeMap<String, usize>,
}

impl Walker<'_> {
    fn drop_key(&mut self, key: &str) {
        *self.dropped.entry(key.to_owned()).or_default() += 1;
    }

    /// An object of the vocabulary of `ctx`: prose dropped, children walked by their role.
    fn object(&mut self, value: &Value, ctx: Ctx) -> Value {
        let Value::Object(map) = value else {
            return match value {
                // `items` as a list (JSON Schema draft 4 style) and boolean schemas.
                Value::Array(items) if ctx == Ctx::Schema => {
                    Value::Array(items.iter().map(|i| self.object(i, Ctx::Schema)).collect())
                }
                other => other.clone(),
            };
        };
        if ctx == Ctx::Verbatim {
            return value.clone();
        }
        let mut out = Map::new();
        for (key, child) in map {
            if PROSE.contains(&key.as_str()) || self.drops(ctx, key) {
                self.drop_key(key);
                continue;
            }
            if key.starts_with("x-") {
                if self.keep.contains(key.as_str()) {
                    out.insert(key.clone(), child.clone());
                } else {
                    self.drop_key(key);
                }
                continue;
            }
            let walked = match role(ctx, key) {
                Role::Object(c) => self.object(child, c),
                Role::List(c) => self.list(child, c),
                Role::Map(c) => self.map(child, c, false),
                Role::Paths => self.map(child, Ctx::PathItem, true),
                Role::Responses => self.map(child, Ctx::Response, true),
                Role::Callbacks => self.callbacks(child),
                Role::Scopes => scopes(child),
                Role::Keep => child.clone(),
            };
            out.insert(key.clone(), walked);
        }
        Value::Object(out)
    }

    /// Keys dropped in one object besides [`PROSE`].
    fn drops(&self, ctx: Ctx, key: &str) -> bool {
        match ctx {
            Ctx::Info => !matches!(key, "title" | "version"),
            Ctx::Components => key == "examples",
            _ => false,
        }
    }

    fn list(&mut self, value: &Value, ctx: Ctx) -> Value {
        match value {
            Value::Array(items) => {
                Value::Array(items.iter().map(|i| self.object(i, ctx)).collect())
            }
            other => self.object(other, ctx),
        }
    }

    /// A map from names to objects of `ctx`; with `extensions`, `x-` keys are the map's own
    /// extensions (Paths, Responses), not names.
    fn map(&mut self, value: &Value, ctx: Ctx, extensions: bool) -> Value {
        let Value::Object(map) = value else {
            return value.clone();
        };
        let mut out = Map::new();
        for (name, child) in map {
            if extensions && name.starts_with("x-") {
                if self.keep.contains(name.as_str()) {
                    out.insert(name.clone(), child.clone());
                } else {
                    self.drop_key(name);
                }
                continue;
            }
            out.insert(name.clone(), self.object(child, ctx));
        }
        Value::Object(out)
    }

    /// `callbacks`: names to Callback objects, each a map of expressions to path items.
    fn callbacks(&mut self, value: &Value) -> Value {
        let Value::Object(map) = value else {
            return value.clone();
        };
        let mut out = Map::new();
        for (name, callback) in map {
            let walked = if callback.get("$ref").is_some() {
                callback.clone()
            } else {
                self.map(callback, Ctx::PathItem, true)
            };
            out.insert(name.clone(), walked);
        }
        Value::Object(out)
    }
}

/// OAuth scopes: the names stay, their descriptions become empty.
fn scopes(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.keys()
                .map(|k| (k.clone(), Value::String(String::new())))
                .collect(),
        ),
        other => other.clone(),
    }
}

enum Role {
    Object(Ctx),
    List(Ctx),
    Map(Ctx),
    Paths,
    Responses,
    Callbacks,
    Scopes,
    Keep,
}

/// What the value under `key` of an object of `ctx` is.
fn role(ctx: Ctx, key: &str) -> Role {
    use Ctx::*;
    match (ctx, key) {
        (Document, "info") => Role::Object(Info),
        (Document, "servers") | (PathItem | Operation, "servers") => Role::List(Server),
        (Document, "tags") => Role::List(Tag),
        (Document, "paths") => Role::Paths,
        (Document, "webhooks") => Role::Map(PathItem),
        (Document, "components") => Role::Object(Components),
        (Server, "variables") => Role::Map(ServerVariable),
        (PathItem, m) if METHODS.contains(&m) => Role::Object(Operation),
        (PathItem | Operation, "parameters") => Role::List(Parameter),
        (Operation, "requestBody") => Role::Object(RequestBody),
        (Operation, "responses") => Role::Responses,
        (Operation, "callbacks") | (Components, "callbacks") => Role::Callbacks,
        (Parameter | Header, "schema") | (MediaType, "schema" | "itemSchema") => {
            Role::Object(Schema)
        }
        (Parameter | Header | RequestBody | Response, "content") => Role::Map(MediaType),
        (Response | Encoding, "headers") => Role::Map(Header),
        (Response, "links") => Role::Map(Link),
        (MediaType, "encoding") => Role::Map(Encoding),
        (Components, "schemas") => Role::Map(Schema),
        (Components, "responses") => Role::Map(Response),
        (Components, "parameters") => Role::Map(Parameter),
        (Components, "requestBodies") => Role::Map(RequestBody),
        (Components, "headers") => Role::Map(Header),
        (Components, "securitySchemes") => Role::Map(SecurityScheme),
        (Components, "links") => Role::Map(Link),
        (Components, "pathItems") => Role::Map(PathItem),
        (SecurityScheme, "flows") => Role::Map(OAuthFlow),
        (OAuthFlow, "scopes") => Role::Scopes,
        (Schema, "properties" | "patternProperties" | "$defs" | "definitions")
        | (Schema, "dependentSchemas") => Role::Map(Schema),
        (Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => Role::List(Schema),
        (
            Schema,
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contentSchema"
            | "additionalItems",
        ) => Role::Object(Schema),
        (Schema, "default" | "const" | "enum" | "discriminator" | "xml") => Role::Keep,
        (_, "security") => Role::Keep,
        (Link, "parameters" | "requestBody") => Role::Keep,
        _ => Role::Object(Verbatim),
    }
}

fn count_operations(doc: &Value) -> usize {
    operations(doc).count()
}

/// Every operation: (path, method, operationId, tags).
fn operations(doc: &Value) -> impl Iterator<Item = (String, String, String, Vec<String>)> + '_ {
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.iter())
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(|m| m.iter())
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .map(move |(method, op)| {
                    let id = op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    let tags = op
                        .get("tags")
                        .and_then(Value::as_array)
                        .map(|t| flat_tags(t))
                        .unwrap_or_default();
                    (path.clone(), method.clone(), id, tags)
                })
        })
}

/// Tags, with nested lists flattened (a seed writes `tags: [[name]]`).
fn flat_tags(tags: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for t in tags {
        match t {
            Value::String(s) => out.push(s.clone()),
            Value::Array(inner) => out.extend(flat_tags(inner)),
            _ => {}
        }
    }
    out
}

/// Keep the chosen operations and the components they reach.
fn select(
    doc: &mut Value,
    file: &str,
    options: &VendorOptions,
    report: &mut VendorReport,
) -> Result<(), Error> {
    let all: Vec<_> = operations(doc).collect();
    let ids: BTreeSet<&str> = all.iter().map(|(_, _, id, _)| id.as_str()).collect();
    let tags: BTreeSet<&str> = all
        .iter()
        .flat_map(|(_, _, _, t)| t.iter().map(String::as_str))
        .collect();
    let mut unknown: Vec<String> = options
        .operations
        .iter()
        .filter(|o| !ids.contains(o.as_str()))
        .map(|o| format!("operationId {o}"))
        .collect();
    unknown.extend(
        options
            .tags
            .iter()
            .filter(|t| !tags.contains(t.as_str()))
            .map(|t| format!("tag {t}")),
    );
    if !unknown.is_empty() {
        return Err(Error::new(
            file,
            Location::Document,
            format!("cannot select: unknown {}", unknown.join(", ")),
        ));
    }
    let chosen = |id: &str, op_tags: &[String]| {
        options.operations.iter().any(|o| o == id)
            || op_tags.iter().any(|t| options.tags.contains(t))
    };
    let mut drop_ops = Vec::new();
    for (path, method, id, op_tags) in &all {
        if chosen(id, op_tags) {
            report.operations_kept += 1;
        } else {
            report.operations_dropped += 1;
            drop_ops.push((path.clone(), method.clone()));
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, method) in drop_ops {
            if let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) {
                item.remove(&method);
                if !item.keys().any(|k| METHODS.contains(&k.as_str())) {
                    paths.remove(&path);
                }
            }
        }
    }
    prune_components(doc, report);
    Ok(())
}

/// Drop component entries that nothing outside `components` reaches, transitively.
fn prune_components(doc: &mut Value, report: &mut VendorReport) {
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut todo = Vec::new();
    for (key, value) in doc.as_object().into_iter().flatten() {
        if key != "components" {
            crate::refs::refs(value, &mut todo);
        }
    }
    while let Some((kind, name)) = todo.pop() {
        if !reached.insert((kind.clone(), name.clone())) {
            continue;
        }
        if let Some(target) = doc.pointer(&format!("/components/{kind}/{}", escape_token(&name))) {
            crate::refs::refs(target, &mut todo);
        }
    }
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    for (kind, entries) in components.iter_mut() {
        // Security schemes are named by `security`, not by `$ref`: keep them all.
        if kind == "securitySchemes" {
            continue;
        }
        if let Value::Object(entries) = entries {
            let before = entries.len();
            entries.retain(|name, _| reached.contains(&(kind.clone(), name.clone())));
            report.components_dropped += before - entries.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lean(yaml: &str) -> Value {
        let (text, _) = vendor(yaml, "t.yaml", &VendorOptions::default()).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn prose_goes_names_stay() {
        let v = lean(
            "openapi: 3.1.0
info: {title: T, version: '1', description: prose, contact: {name: x}}
servers: [{url: 'https://x', description: prod}]
tags: [{name: Chat, description: prose, x-displayName: C}]
paths:
  /a:
    summary: s
    post:
      operationId: a
      summary: s
      description: d
      x-speakeasy-name-override: send
      x-fern-ignore: true
      requestBody:
        content:
          application/json:
            schema:
              type: object
              description: d
              required: [description]
              properties:
                description: {type: string, description: the description property, example: x}
                example: {type: integer, minimum: 0, default: 3, examples: [1]}
            example: {description: hi}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/R'}}}}
        x-foo: bar
components:
  schemas:
    R: {title: R, type: string, enum: [a, b], description: d, x-speakeasy-entity: R}
  examples:
    E: {value: 1}
",
        );
        assert_eq!(v["info"], serde_json::json!({"title": "T", "version": "1"}));
        assert_eq!(v["servers"], serde_json::json!([{"url": "https://x"}]));
        assert_eq!(v["tags"], serde_json::json!([{"name": "Chat"}]));
        let op = &v["paths"]["/a"]["post"];
        assert_eq!(op["x-speakeasy-name-override"], "send");
        assert!(op.get("summary").is_none() && op.get("x-fern-ignore").is_none());
        let schema = &op["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(
            schema,
            &serde_json::json!({
                "type": "object",
                "required": ["description"],
                "properties": {
                    "description": {"type": "string"},
                    "example": {"type": "integer", "minimum": 0, "default": 3}
                }
            })
        );
        assert!(
            op["requestBody"]["content"]["application/json"]
                .get("example")
                .is_none()
        );
        assert!(op["responses"].get("x-foo").is_none());
        assert!(op["responses"]["200"].get("description").is_none());
        assert_eq!(
            v["components"],
            serde_json::json!({"schemas": {"R": {"title": "R", "type": "string", "enum": ["a", "b"]}}})
        );
    }

    #[test]
    fn selection_keeps_what_is_reached() {
        let spec = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a: {get: {operationId: a, tags: [A], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}}}
  /b: {get: {operationId: b, tags: [B], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}}}}
components:
  schemas:
    A: {oneOf: [{$ref: '#/components/schemas/A1'}], discriminator: {propertyName: t, mapping: {x: A2}}}
    A1: {type: object}
    A2: {type: object, properties: {n: {$ref: '#/components/schemas/N'}}}
    N: {type: string}
    B: {type: string}
";
        let options = VendorOptions {
            tags: vec!["A".into()],
            ..VendorOptions::default()
        };
        let (text, report) = vendor(spec, "t.yaml", &options).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v["paths"].get("/b").is_none());
        let names: Vec<&String> = v["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(names, ["A", "A1", "A2", "N"]);
        assert_eq!((report.operations_kept, report.operations_dropped), (1, 1));
        assert_eq!(report.components_dropped, 1);

        let bad = VendorOptions {
            operations: vec!["zz".into()],
            ..VendorOptions::default()
        };
        let e = vendor(spec, "t.yaml", &bad).unwrap_err().to_string();
        assert!(e.contains("unknown operationId zz"), "{e}");
    }

    #[test]
    fn pointer_tokens_decode_without_panicking() {
        // A `%` before a multi-byte character once sliced inside it (normalize's copy).
        assert_eq!(crate::error::percent_decode("a%2Fb%aé%4"), "a/b%aé%4");
        assert_eq!(crate::refs::unescape("x~1y~0z%7E"), "x/y~z~");
    }

    #[test]
    fn same_input_same_bytes() {
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let a = vendor(spec, "t", &VendorOptions::default()).unwrap().0;
        let b = vendor(&a, "t", &VendorOptions::default()).unwrap().0;
        assert_eq!(a, b);
    }
}
