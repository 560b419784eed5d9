//! Stage 3: the intermediate representation. Rust-level decisions (names, types,
//! methods) are made; no tokens are in here. Emitters read only this.

use serde_json::Value;

/// One generated module: types, error enums and a client.
#[derive(Clone, Debug)]
pub struct Module {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub servers: Vec<String>,
    /// Schema types, request parameter structs and multipart bodies.
    pub types: Vec<TypeDef>,
    /// One per operation: the decoded error bodies by status.
    pub errors: Vec<ErrorEnum>,
    pub methods: Vec<Method>,
    /// Method groups (`client.chat()`), in order of first appearance.
    pub groups: Vec<Group>,
    pub report: Report,
    /// Examples from the spec with the Rust type each should decode into.
    pub examples: Vec<Example>,
    /// Each component schema with the Rust type that holds its values.
    pub schemas: Vec<SchemaType>,
    /// One per generated operation: how the mock server routes, decodes and answers it.
    pub mocks: Vec<MockRoute>,
    /// The retries the spec declares: the generated builder's default.
    pub retries: Option<crate::model::Retries>,
    /// Old names kept as deprecated aliases (from a name lock, [`crate::lock`]).
    pub renamed: Vec<Renamed>,
    /// Types of an earlier version the spec dropped, found again where a locked field
    /// points now: old name → current name (`lower::keep`).
    pub moved: std::collections::BTreeMap<String, String>,
}

impl Module {
    /// A module with nothing in it, to fill in.
    pub fn empty() -> Module {
        Module {
            title: String::new(),
            description: None,
            version: String::new(),
            servers: Vec::new(),
            types: Vec::new(),
            errors: Vec::new(),
            methods: Vec::new(),
            groups: Vec::new(),
            report: Report::default(),
            examples: Vec::new(),
            schemas: Vec::new(),
            mocks: Vec::new(),
            retries: None,
            renamed: Vec::new(),
            moved: std::collections::BTreeMap::new(),
        }
    }

    /// True for a one-value enum (a constant), which `new` fills in itself.
    pub fn is_constant(&self, ty: &Ty) -> bool {
        let Ty::Named(n) = ty else { return false };
        self.types.iter().any(|t| {
            t.name == *n && matches!(&t.kind, TypeKind::Enum { variants } if variants.len() == 1)
        })
    }
}

/// An operation as the generated mock server serves it.
#[derive(Clone, Debug)]
pub struct MockRoute {
    pub operation_id: String,
    /// The handler setter, `on_<operation>`.
    pub handler: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The spec's path template (`/keys/{hash}`).
    pub path: String,
    pub path_params: Vec<Param>,
    /// The `Params` type and its query and header parameters.
    pub params: Option<(String, Vec<Param>)>,
    pub body: MockBody,
    /// The type a handler's `Reply::Ok` holds (of `json`, else a JSON value).
    pub reply: Ty,
    pub json: Option<MockJson>,
    pub events: Option<MockEvents>,
    /// Text, bytes or nothing: status, content type (empty for none), body.
    pub other: Option<(u16, String, String)>,
    /// How the default answer pages, for operations with paging methods.
    pub paging: Option<MockPaging>,
}

/// How the mock pages its default answer, so a paging stream against it ends.
#[derive(Clone, Debug)]
pub enum MockPaging {
    /// Items (at the JSON pointer `results`) only on the first page: query parameter
    /// `param` absent or `first`.
    Offset {
        param: String,
        first: String,
        results: String,
    },
    /// One page: the next cursor or link (at the JSON pointer `next`) is null.
    Single { next: String },
}

/// How the mock reads a request body.
#[derive(Clone, Debug)]
pub enum MockBody {
    None,
    /// JSON decoded as `ty` (optional: an empty body is `None`).
    Json {
        ty: Ty,
        optional: bool,
    },
    /// Forms, multipart, text, bytes, or several media types: the bytes as sent.
    Raw,
}

/// A JSON success answer.
#[derive(Clone, Debug)]
pub struct MockJson {
    pub status: u16,
    pub ty: Ty,
    pub example: Option<Value>,
    pub synthesized: Value,
}

/// An event-stream answer.
#[derive(Clone, Debug)]
pub struct MockEvents {
    pub status: u16,
    pub item: Ty,
    /// Each example event's `data`.
    pub examples: Vec<Value>,
    pub synthesized: Value,
    pub sentinel: Option<String>,
}

/// A component schema (`#/components/schemas/<name>`) and its generated type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaType {
    /// The schema's name in the spec.
    pub name: String,
    /// The Rust type holding its values, as a path from the generated module's root
    /// (`types::Model`, or `::std::option::Option<types::Model>` for a nullable schema).
    pub rust_type: String,
}

/// An example value from the spec and the generated type it belongs to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Example {
    /// JSON pointer of the schema or media type the example sits on.
    pub pointer: String,
    /// The Rust type, as a path from the generated module's root (e.g. `types::Model`).
    pub rust_type: String,
    /// Where the example is used.
    pub kind: ExampleKind,
    /// The example itself.
    pub value: Value,
}

/// Where an [`Example`] is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExampleKind {
    /// `example`/`examples` on a schema.
    Schema,
    /// A request body example: it should also serialize back unchanged.
    Request,
    /// A response body example.
    Response,
}

/// What generation covered and where it fell back to a less precise type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Operations in the spec.
    pub operations_in_spec: usize,
    /// Operations that have at least one method.
    pub operations_generated: usize,
    /// Client methods (an operation may have several: JSON, stream, multipart).
    pub methods: usize,
    /// Schema types emitted.
    pub types: usize,
    /// Types identical in shape to another, emitted as aliases of it.
    pub shared: usize,
    /// Places where a JSON value or bytes stand in for a type the spec describes.
    pub fallbacks: Vec<Fallback>,
    /// Defects and choices worth knowing that do not make a type less precise (same
    /// shape as a fallback: where, and what).
    pub warnings: Vec<Fallback>,
    /// With `Settings::operations`/`tags`: what was kept and left out.
    pub subset: Option<crate::subset::Subset>,
    /// What the spec's extensions declare that the client follows: its retries, and each
    /// paged operation with its methods.
    pub declared: Vec<String>,
    /// Struct fields and parameters that have no description of their own or borrowed
    /// from the schema they refer to, by JSON pointer (sorted): their docs say only
    /// what the name says. The bundled OpenRouter client keeps this empty for the
    /// groups it documents.
    pub undocumented: Vec<String>,
}

/// One place where generation fell back to a less precise type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fallback {
    /// JSON pointer of the schema or media type.
    pub pointer: String,
    /// What was not represented, and what stands in for it.
    pub reason: String,
}

/// A Rust type as used in a field, parameter or return position.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    U64,
    F64,
    /// `()`, for `type: 'null'`.
    Unit,
    /// Any JSON value.
    Json,
    /// A JSON object with unknown keys.
    JsonObject,
    Named(String),
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Option(Box<Ty>),
    /// A value or an explicit `null` (`runtime::Nullable`): inside `Option` for a
    /// property that is optional and nullable, so absent, `null` and a value differ.
    Nullable(Box<Ty>),
    Box(Box<Ty>),
}

impl Ty {
    /// The type as Rust code names it inside the generated `types` module
    /// (`Option<Nullable<Vec<Model>>>`); the name lock records field types so.
    pub fn short(&self) -> String {
        let mut out = String::new();
        self.write_short(&mut out);
        out
    }

    fn write_short(&self, out: &mut String) {
        let wrap = |out: &mut String, open: &str, inner: &Ty| {
            out.push_str(open);
            inner.write_short(out);
            out.push('>');
        };
        match self {
            Ty::String => out.push_str("String"),
            Ty::Bool => out.push_str("bool"),
            Ty::I32 => out.push_str("i32"),
            Ty::I64 => out.push_str("i64"),
            Ty::U64 => out.push_str("u64"),
            Ty::F64 => out.push_str("f64"),
            Ty::Unit => out.push_str("()"),
            Ty::Json => out.push_str("serde_json::Value"),
            Ty::JsonObject => out.push_str("serde_json::Map<String, serde_json::Value>"),
            Ty::Named(n) => out.push_str(n),
            Ty::Vec(i) => wrap(out, "Vec<", i),
            Ty::Map(i) => wrap(out, "::std::collections::BTreeMap<String, ", i),
            Ty::Option(i) => wrap(out, "Option<", i),
            Ty::Nullable(i) => wrap(out, "Nullable<", i),
            Ty::Box(i) => wrap(out, "Box<", i),
        }
    }

    pub fn option(self) -> Ty {
        match self {
            Ty::Option(_) => self,
            other => Ty::Option(Box::new(other)),
        }
    }

    pub fn is_option(&self) -> bool {
        matches!(self, Ty::Option(_))
    }

    /// The type inside a wrapper (`Vec`, map, `Option`, `Nullable`, `Box`).
    pub fn wrapped(&self) -> Option<&Ty> {
        match self {
            Ty::Vec(i) | Ty::Map(i) | Ty::Option(i) | Ty::Nullable(i) | Ty::Box(i) => Some(i),
            _ => None,
        }
    }

    /// [`Ty::wrapped`], mutably.
    pub fn wrapped_mut(&mut self) -> Option<&mut Ty> {
        match self {
            Ty::Vec(i) | Ty::Map(i) | Ty::Option(i) | Ty::Nullable(i) | Ty::Box(i) => Some(i),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Extra lines (defaults, wire names, notes).
    pub notes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    pub pointer: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Examples from the spec, for round-trip tests.
    pub examples: Vec<Value>,
    /// The `…Required` struct `new` takes instead of positional arguments
    /// (`lower/constructors.rs` decides).
    pub required_args: Option<String>,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        /// `additionalProperties` with a schema: flattened into a map.
        additional: Option<Ty>,
        /// `additionalProperties` not given: properties the spec does not declare may come
        /// (servers add fields before specs do); they are kept, as JSON values, in the same
        /// map, and written back unchanged.
        open: bool,
        /// True when every field is optional (so `Default` can be derived).
        all_optional: bool,
    },
    /// An open string enum: unknown values decode into `Unknown(String)`.
    Enum {
        variants: Vec<EnumVariant>,
    },
    /// `oneOf` / `anyOf`.
    Union {
        variants: Vec<UnionVariant>,
        tag: Option<String>,
    },
    Alias {
        ty: Ty,
    },
    /// Multipart form body.
    Multipart {
        fields: Vec<MultipartField>,
    },
    /// Query and header parameters of one method.
    Params {
        params: Vec<Param>,
    },
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub wire: String,
    /// Already `Option<..>` when the field may be absent or null.
    pub ty: Ty,
    pub required: bool,
    pub docs: Docs,
    pub deprecated: bool,
    /// Required, but not an argument of `new`: the name lock says an earlier version's
    /// `new` did not take it (a response type that gained a required property). `new`
    /// starts it absent, listed in the value's `missing`, and a setter gives it a value.
    pub demoted: bool,
}

impl Field {
    /// True when `new` takes this field (constants aside): required, not `null`-able,
    /// not demoted by the name lock.
    pub fn is_new_arg(&self) -> bool {
        self.required && !self.ty.is_option() && !self.demoted
    }
}

#[derive(Clone, Debug)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
    /// A value the spec no longer lists, kept (deprecated) because the name lock says an
    /// earlier version had it: code that names it still compiles.
    pub dropped: bool,
}

#[derive(Clone, Debug)]
pub struct UnionVariant {
    pub name: String,
    /// The payload (ignored for a `unit` variant).
    pub ty: Ty,
    /// Tag values that select this variant, when the union is tagged.
    pub tags: Vec<String>,
    /// Untagged: string constants the value must hold to be this variant (property,
    /// value, required).
    pub consts: Vec<(String, String, bool)>,
    /// A member that is one constant string: a unit variant sent as this value.
    pub unit: Option<String>,
    pub docs: Docs,
}

#[derive(Clone, Debug)]
pub struct MultipartField {
    pub name: String,
    pub wire: String,
    pub kind: MultipartKind,
    pub required: bool,
    pub docs: Docs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultipartKind {
    /// `format: binary`: a file part.
    File,
    /// Sent as text; `Ty` is the Rust type (its `Display`/JSON form is sent).
    Text(Ty),
    /// An array: one part per item.
    Repeated(Ty),
    /// `additionalProperties`: parts by name, files (`None`) or text of the type.
    Extra(Option<Ty>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// Sent in the `Cookie` header, `form` style.
    Cookie,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    /// The value type (never `Option`; see `required`).
    pub ty: Ty,
    pub required: bool,
    /// `explode` (OpenAPI's default is true for `form`, false otherwise).
    pub explode: bool,
    pub style: ParamStyle,
    pub docs: Docs,
    pub deprecated: bool,
}

/// A parameter's `style`, as the runtime's `Style` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

impl ParamStyle {
    pub fn runtime_name(self) -> &'static str {
        match self {
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ErrorEnum {
    pub name: String,
    /// The name it had before errors were named for their method (the operationId's),
    /// kept as a deprecated alias.
    pub old_name: Option<String>,
    pub operation: String,
    pub variants: Vec<ErrorVariant>,
}

#[derive(Clone, Debug)]
pub struct ErrorVariant {
    pub name: String,
    pub status: Status,
    pub ty: Ty,
    pub docs: Docs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    Range(u8),
    Default,
}

#[derive(Clone, Debug)]
pub enum PathPart {
    Literal(String),
    /// Index into `Method::path_params`.
    Param(usize),
}

#[derive(Clone, Debug)]
pub enum RequestBody {
    Json {
        ty: Ty,
        content_type: String,
    },
    /// `application/x-www-form-urlencoded`: a typed value serialized as form pairs;
    /// `encoding` per property (style, explode); others are `form`, exploded, with
    /// nested objects and arrays in brackets.
    Form {
        ty: Ty,
        encoding: Vec<(String, ParamStyle, bool)>,
    },
    Multipart {
        ty: String,
    },
    /// A multipart body whose schema is not an object (an array, a bare file, a
    /// free-form object): the caller gives the parts.
    Parts,
    Text {
        content_type: String,
    },
    Bytes {
        content_type: String,
    },
}

/// How a success status is read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Payload {
    Json(Ty),
    Text,
    Empty,
}

#[derive(Clone, Debug)]
pub enum Output {
    /// One or more statuses, each read as a payload; `enum_name` is set when they differ.
    Plain {
        statuses: Vec<(Status, Payload)>,
        enum_name: Option<String>,
    },
    /// `text/event-stream`: each event's `data` decoded as `item`.
    Events { item: Ty, sentinel: Option<String> },
    /// A binary body handed over as a byte stream.
    ByteStream,
}

/// A group of methods reached through one accessor of the client (`client.chat()`).
#[derive(Clone, Debug)]
pub struct Group {
    /// The accessor's name (`chat`, `api_keys`).
    pub accessor: String,
    /// The type the accessor returns (`Chat`, `ApiKeys`).
    pub type_name: String,
    /// What the group was named after (`x-speakeasy-group` or the tag).
    pub source: String,
}

#[derive(Clone, Debug)]
pub struct Method {
    pub operation_id: String,
    /// Index into `Module::groups`; `None`: a method of the client itself.
    pub group: Option<usize>,
    /// The name within its group (or on the client).
    pub name: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub http_method: String,
    pub path: Vec<PathPart>,
    pub path_params: Vec<Param>,
    /// Name of the `Params` type holding query and header parameters.
    pub params: Option<String>,
    /// When every query and header parameter is optional: the plain method takes none
    /// and this one (`<name>_with`) takes them.
    pub with_name: Option<String>,
    pub body: Option<RequestBody>,
    /// The spec marks the request body optional.
    pub body_optional: bool,
    /// For JSON bodies with a boolean `stream` property: the value this method requires.
    pub stream_flag: Option<bool>,
    /// The `Accept` header, when the operation answers in more than one media type.
    pub accept: Option<String>,
    pub output: Output,
    /// Name of the operation's error enum.
    pub error: String,
    /// Streams of pages and items, when the spec declares how the operation pages.
    pub paging: Option<Paging>,
}

/// How a method's results page, resolved to Rust fields.
#[derive(Clone, Debug)]
pub struct Paging {
    /// `<method>_pages` and `<method>_items`.
    pub pages_name: String,
    pub items_name: String,
    pub kind: PagingKind,
    /// Fields from the page down to its list of items.
    pub results: Vec<String>,
    /// The type of one item.
    pub item: Ty,
    /// What the spec declared, in words, for docs.
    pub declared: String,
}

#[derive(Clone, Debug)]
pub enum PagingKind {
    /// The parameters' offset (or page number) field, and the limit field if any.
    Offset {
        field: String,
        page_number: bool,
        limit: Option<String>,
    },
    /// The parameters' cursor field, and the fields from the page down to the next one.
    Cursor { field: String, next: Vec<String> },
    /// The fields from the page down to the next page's link.
    NextUrl { next: Vec<String> },
}

/// An old name kept as a deprecated alias of the item's current name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Renamed {
    /// `pub type Old = New;`
    Type {
        /// The old name.
        old: String,
        /// The current one.
        new: String,
    },
    /// `client.old()` → `client.new()`, and the group type `Old<'a>` → `New<'a>`.
    Accessor {
        /// The old accessor.
        old: String,
        /// The current one.
        new: String,
        /// The old group type, when it differs.
        old_type: Option<String>,
        /// The current group type.
        new_type: String,
    },
    /// `mock.on_old(..)` → `mock.on_new(..)`, for route `route` of the module's mocks.
    Handler {
        /// The old handler setter.
        old: String,
        /// The route's index in the module's mocks.
        route: usize,
    },
    /// `client.group().old(..)` → `….new(..)`: the method at index `method` of the
    /// module's methods under an earlier name (and `old_with` for its `_with` form).
    Method {
        /// The old method name.
        old: String,
        /// The method's index in the module's methods.
        method: usize,
    },
}
