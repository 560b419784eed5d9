//! The normalized OpenAPI model: one shape for 3.0.x and 3.1.x documents.
//!
//! Everything dialect-specific is gone by the time a value of these types exists:
//! `nullable: true`, `type: [T, 'null']` and `anyOf` members of `{type: 'null'}` are all
//! [`Schema::nullable`]; `const` is a one-value `enum`; `example` and `examples` are one
//! list; nested tag lists are flat; references to parameters, responses and request
//! bodies are inlined. Only references to `#/components/schemas/*` survive, as names.

use serde_json::Value;

/// A whole document.
#[derive(Clone, Debug)]
pub struct Spec {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub openapi: String,
    pub servers: Vec<String>,
    /// `#/components/schemas`, in document order.
    pub schemas: Vec<(String, Schema)>,
    pub operations: Vec<Operation>,
    /// `x-speakeasy-retries` at the root: the client's default retries.
    pub retries: Option<Retries>,
}

/// HTTP methods OpenAPI allows on a path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[derive(Clone, Debug)]
pub struct Operation {
    pub pointer: String,
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    /// `x-speakeasy-group`: the resource group an SDK puts the method in.
    pub sdk_group: Option<String>,
    /// `x-speakeasy-name-override`: the method's name within its group.
    pub sdk_name: Option<String>,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub pagination: Option<Pagination>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub pointer: String,
    pub name: String,
    pub location: ParamIn,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub schema: Schema,
    pub style: Option<String>,
    pub explode: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    pub content: Vec<MediaType>,
}

#[derive(Clone, Debug)]
pub struct MediaType {
    pub pointer: String,
    pub mime: String,
    pub schema: Option<Schema>,
    /// `example` and every value of `examples`.
    pub examples: Vec<Value>,
    /// `x-speakeasy-sse-sentinel` or similar end-of-stream marker.
    pub sse_sentinel: Option<String>,
    /// `encoding` of form bodies, by property.
    pub encoding: Vec<Encoding>,
}

/// How one property of a form body is serialized.
#[derive(Clone, Debug)]
pub struct Encoding {
    pub property: String,
    pub style: Option<String>,
    pub explode: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u8),
    Default,
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: Status,
    pub description: Option<String>,
    pub content: Vec<MediaType>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

#[derive(Clone, Debug, Default)]
pub enum Additional {
    /// Not given: extra properties are allowed but not typed.
    #[default]
    Absent,
    /// `additionalProperties: false`.
    Forbidden,
    /// `true` or `{}`: any value.
    Any,
    Schema(Box<Schema>),
}

#[derive(Clone, Debug)]
pub struct Discriminator {
    pub property: String,
    /// Tag value to schema name, in document order.
    pub mapping: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Where the schema sits in the document.
    pub pointer: String,
    /// Name of the `#/components/schemas/*` entry this schema refers to.
    pub reference: Option<String>,
    /// Declared types, without `null` (see `nullable`). Empty means any.
    pub types: Vec<Type>,
    pub nullable: bool,
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub properties: Vec<(String, Schema)>,
    pub required: Vec<String>,
    pub additional: Additional,
    pub items: Option<Box<Schema>>,
    pub enum_values: Option<Vec<Value>>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub all_of: Vec<Schema>,
    pub discriminator: Option<Discriminator>,
    pub default: Option<Value>,
    pub deprecated: bool,
    pub examples: Vec<Value>,
    pub read_only: bool,
    pub write_only: bool,
    /// Validation keywords, as short text for docs (`at least 0`, `matches ^a`).
    pub constraints: Vec<String>,
}

impl Schema {
    /// True for a schema that allows only `null` (`type: 'null'`, or `nullable` alone).
    pub fn is_null(&self) -> bool {
        self.nullable && self.types.is_empty() && self.reference.is_none() && self.is_any()
    }

    /// True for a schema that says nothing about its values (`{}` or `true`).
    pub fn is_any(&self) -> bool {
        self.reference.is_none()
            && self.types.is_empty()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.enum_values.is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && matches!(self.additional, Additional::Absent | Additional::Any)
    }
}

impl Schema {
    /// Every component schema this schema names, directly or inside it (properties,
    /// items, `additionalProperties`, union and `allOf` members, discriminator mapping).
    pub fn referenced(&self, out: &mut Vec<String>) {
        if let Some(r) = &self.reference {
            out.push(r.clone());
        }
        for (_, p) in &self.properties {
            p.referenced(out);
        }
        if let Additional::Schema(a) = &self.additional {
            a.referenced(out);
        }
        if let Some(i) = &self.items {
            i.referenced(out);
        }
        for m in self.one_of.iter().chain(&self.any_of).chain(&self.all_of) {
            m.referenced(out);
        }
        if let Some(d) = &self.discriminator {
            out.extend(d.mapping.iter().map(|(_, target)| target.clone()));
        }
    }
}

impl Operation {
    /// The schemas of what a caller sends: parameters and request bodies.
    pub fn request_schemas(&self) -> impl Iterator<Item = &Schema> {
        let body = self.body.iter().flat_map(|b| b.content.iter());
        self.parameters
            .iter()
            .map(|p| &p.schema)
            .chain(body.filter_map(|m| m.schema.as_ref()))
    }

    /// The schemas of what a caller reads: response bodies.
    pub fn response_schemas(&self) -> impl Iterator<Item = &Schema> {
        self.responses
            .iter()
            .flat_map(|r| r.content.iter().filter_map(|m| m.schema.as_ref()))
    }
}

/// Retries a spec declares (`x-speakeasy-retries`, strategy `backoff`).
#[derive(Clone, Debug, PartialEq)]
pub struct Retries {
    /// Codes, and classes (`5XX` is `Range(5)`).
    pub statuses: Vec<Status>,
    pub initial_ms: u64,
    pub max_interval_ms: u64,
    pub exponent: f64,
    pub max_elapsed_ms: u64,
    pub connection_errors: bool,
}

/// How an operation pages (`x-speakeasy-pagination`, `x-ms-pageable`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// Where the extension is, for reports.
    pub pointer: String,
    pub kind: PageKind,
    /// The response's list of items (`$.data` is `["data"]`).
    pub results: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// Query parameters: an offset (or a page number) and an optional limit.
    OffsetLimit {
        offset: Option<String>,
        page: Option<String>,
        limit: Option<String>,
    },
    /// A query parameter sent back from a response field.
    Cursor { param: String, next: Vec<String> },
    /// A response field holding the next page's URL.
    NextUrl { next: Vec<String> },
}

impl Retries {
    /// In words: `statuses 5XX; waits from 500 ms, ×1.5 each time, up to 60000 ms; …`.
    pub fn describe(&self) -> String {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|s| match s {
                Status::Code(c) => c.to_string(),
                Status::Range(r) => format!("{r}XX"),
                Status::Default => "default".to_owned(),
            })
            .collect();
        format!(
            "statuses {}; waits from {} ms, ×{} each time, up to {} ms; no retry started after {} ms; connection errors {}",
            if statuses.is_empty() {
                "none".to_owned()
            } else {
                statuses.join(", ")
            },
            self.initial_ms,
            self.exponent,
            self.max_interval_ms,
            self.max_elapsed_ms,
            if self.connection_errors {
                "retried"
            } else {
                "not retried"
            }
        )
    }
}
