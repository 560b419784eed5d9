//! Stage 3: the normalized model to the [`ir`](crate::ir): every naming and typing decision.
//!
//! One file per concern: `types` (schemas to structs, enums and aliases), `unions`
//! (`oneOf`/`anyOf` and how a value picks its variant), `operations` (methods, outputs,
//! errors), `params` (path, query and header parameters), `bodies` (request bodies and
//! examples), `recursion` (boxing cycles).

mod bodies;
mod common_names;
mod constructors;
mod distribute;
pub(crate) mod groups;
pub(crate) mod keep;
mod mock;
mod operations;
mod pages;
mod params;
mod recursion;
mod share;
mod types;
mod unions;

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::error::Error;
use crate::ir::{self, *};
use crate::model::{self, MediaType, Operation, ParamIn, Schema, Spec, Type};
use crate::naming::{Namer, type_name};

/// How deep `allOf` merging follows references before it calls the schema cyclic.
pub(super) const MAX_MERGE_DEPTH: usize = 32;

/// `mocks`: also describe each operation for the mock server (`Settings::mock`).
pub fn lower(
    spec: &Spec,
    file: &str,
    mocks: bool,
    grouping: crate::settings::Grouping,
    prefer: &std::collections::BTreeSet<String>,
    lock: Option<&crate::lock::NameLock>,
) -> Result<Module, Error> {
    let mut l = Lowerer {
        file,
        components: spec.schemas.iter().map(|(n, s)| (n.as_str(), s)).collect(),
        component_names: HashMap::new(),
        types: Vec::new(),
        namer: Namer::default(),
        report: Report {
            operations_in_spec: spec.operations.len(),
            ..Report::default()
        },
        examples: Vec::new(),
        inline_enums: HashMap::new(),
    };
    // The types module uses these prelude names unqualified; no schema may shadow them.
    for reserved in [
        "Option",
        "Some",
        "None",
        "Result",
        "Ok",
        "Err",
        "String",
        "Vec",
        "Box",
        "Default",
        "Serialize",
        "Deserialize",
        "Nullable",
    ] {
        l.namer.reserve(reserved);
    }
    for (name, _) in &spec.schemas {
        let rust = l.namer.unique(&type_name(name));
        l.component_names.insert(name.clone(), rust);
    }
    for (name, schema) in &spec.schemas {
        let rust = l.component_names[name].clone();
        l.define_named(&rust, schema)?;
    }
    let mut methods = Vec::new();
    let mut errors = Vec::new();
    let plan = groups::plan(spec, grouping);
    // One namespace for the client's own methods (group accessors included), one per group.
    let mut client_names = Namer::default();
    for reserved in groups::CLIENT_METHODS {
        client_names.reserve(reserved);
    }
    for g in &plan.groups {
        client_names.reserve(&g.accessor);
    }
    let mut group_names: Vec<Namer> = plan.groups.iter().map(|_| Namer::default()).collect();
    let mut handler_names = Namer::default();
    let mut mock_routes = Vec::new();
    for (op, (group, base)) in spec.operations.iter().zip(&plan.operations) {
        let names = match group {
            Some(g) => &mut group_names[*g],
            None => &mut client_names,
        };
        let group_type = group.map(|g| plan.groups[g].type_name.as_str());
        let (ms, err) = l.operation(op, *group, group_type, base, names)?;
        if !ms.is_empty() {
            l.report.operations_generated += 1;
        }
        if mocks {
            let handler = match group {
                Some(g) => format!(
                    "on_{}_{}",
                    crate::naming::unraw(&plan.groups[*g].accessor),
                    base
                ),
                None => format!("on_{base}"),
            };
            mock_routes.extend(l.mock_route(op, &ms, handler_names.unique(&handler)));
        }
        methods.extend(ms);
        errors.push(err);
    }
    let schemas = l.schema_types(spec);
    let mut types = std::mem::take(&mut l.types);
    l.schema_examples(spec, &types);
    // Locked field types are decided before identical types are shared: a type kept as
    // it was is then no longer identical to a new schema's, which keeps its own (and a
    // type's directions are its own schema's, not those of what it would be shared with).
    let mut moved = BTreeMap::new();
    if let Some(lock) = lock {
        let unshared = Module {
            types: std::mem::take(&mut types),
            errors: errors.clone(),
            methods: methods.clone(),
            groups: plan.groups.clone(),
            mocks: mock_routes.clone(),
            ..Module::empty()
        };
        (types, moved) = keep_locked_types(unshared, lock);
    }
    let shared = share::share_identical(&mut types, prefer);
    l.report.shared = shared.len();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (member, rep) in &shared {
        groups
            .entry(rep.clone())
            .or_insert_with(|| vec![rep.clone()])
            .push(member.clone());
    }
    common_names::apply(&mut types, &groups, &mut l.namer);
    recursion::box_recursive(&mut types, file)?;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    errors.sort_by(|a, b| a.name.cmp(&b.name));
    l.report.methods = methods.len();
    l.report.types = types.len();
    l.report.undocumented.sort();
    l.report.undocumented.dedup();
    let mut module = Module {
        title: spec.title.clone(),
        description: spec.description.clone(),
        version: spec.version.clone(),
        servers: spec.servers.clone(),
        types,
        errors,
        methods,
        groups: plan.groups,
        report: l.report,
        examples: l.examples,
        schemas,
        mocks: mock_routes,
        retries: spec.retries.clone(),
        renamed: Vec::new(),
        moved,
    };
    if let Some(lock) = lock {
        demote_new_args(&mut module, lock);
        keep::keep_variant_names(&mut module, lock);
    }
    constructors::plan(&mut module.types, &mut l.namer);
    if let Some(r) = &spec.retries {
        module
            .report
            .declared
            .push(format!("retries (x-speakeasy-retries): {}", r.describe()));
    }
    keep_undeclared_where_read(&mut module);
    Ok(module)
}

impl Lowerer<'_> {
    /// Every component schema with its Rust type (`Option<…>` when it is nullable).
    fn schema_types(&self, spec: &Spec) -> Vec<SchemaType> {
        spec.schemas
            .iter()
            .map(|(name, s)| {
                let rust = format!("types::{}", self.component_names[name]);
                SchemaType {
                    name: name.clone(),
                    rust_type: if s.nullable {
                        format!("::std::option::Option<{rust}>")
                    } else {
                        rust
                    },
                }
            })
            .collect()
    }

    /// The spec's examples of each type, for round-trip tests.
    fn schema_examples(&mut self, spec: &Spec, types: &[TypeDef]) {
        for t in types {
            let nullable = spec
                .schemas
                .iter()
                .any(|(n, c)| c.nullable && self.component_names.get(n) == Some(&t.name));
            for value in &t.examples {
                self.examples.push(Example {
                    pointer: t.pointer.clone(),
                    rust_type: if nullable {
                        format!("::std::option::Option<types::{}>", t.name)
                    } else {
                        format!("types::{}", t.name)
                    },
                    kind: ExampleKind::Schema,
                    value: value.clone(),
                });
            }
        }
    }
}

/// The field types the lock keeps ([`keep`]), decided on a module whose identical types
/// are not shared yet: its types and the dropped types found again.
fn keep_locked_types(
    mut unshared: Module,
    lock: &crate::lock::NameLock,
) -> (Vec<TypeDef>, BTreeMap<String, String>) {
    keep::field_types(&mut unshared, lock);
    (unshared.types, unshared.moved)
}

/// A response type's `new` keeps the arguments the name lock recorded for it: a
/// required property a later spec adds is demoted (not an argument; `new` starts it
/// absent), so `new` does not change when the server's answers gain a field. Types the
/// client sends are left alone: a new required property of a request is a change on the
/// wire, and `new` should ask for it.
fn demote_new_args(module: &mut Module, lock: &crate::lock::NameLock) {
    let locked = lock.args_of(module);
    if locked.is_empty() {
        return;
    }
    let sent = crate::directions::sent_types(module);
    for (i, args) in locked {
        let t = &mut module.types[i];
        if sent.contains(&t.name) {
            continue;
        }
        if let TypeKind::Struct { fields, .. } = &mut t.kind {
            for f in fields.iter_mut() {
                if f.is_new_arg() && !args.contains(&f.wire) {
                    f.demoted = true;
                }
            }
        }
    }
}

/// Undeclared properties are kept by the structs the client reads (responses, errors,
/// events, and schemas no operation uses); a struct it only sends stays as declared, so
/// the struct literals callers write need no extra field.
fn keep_undeclared_where_read(module: &mut Module) {
    let dirs = crate::directions::directions(module);
    for t in &mut module.types {
        if let TypeKind::Struct { open, .. } = &mut t.kind {
            *open &= dirs.get(&t.name).is_some_and(|&(_, read)| read);
        }
    }
}

struct Lowerer<'a> {
    file: &'a str,
    components: HashMap<&'a str, &'a Schema>,
    component_names: HashMap<String, String>,
    types: Vec<TypeDef>,
    namer: Namer,
    report: Report,
    examples: Vec<Example>,
    /// Inline string enums already emitted, by values (and description, for lists).
    inline_enums: HashMap<(Vec<String>, Option<String>), String>,
}

pub(super) fn docs_of(s: &Schema) -> Docs {
    let mut notes = Vec::new();
    if let Some(f) = &s.format {
        notes.push(format!("Format: `{f}`."));
    }
    if !s.constraints.is_empty() {
        notes.push(format!("Valid values: {}.", s.constraints.join(", ")));
    }
    if let Some(d) = &s.default {
        notes.push(format!("Default: `{}`", compact(d)));
    }
    Docs {
        title: s.title.clone(),
        description: s.description.clone(),
        notes,
    }
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 200 {
        format!(
            "{}...",
            &s[..s.char_indices().nth(197).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

pub(super) fn is_json_mime(m: &str) -> bool {
    let m = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

pub(super) fn reason(status: ir::Status) -> String {
    match status {
        ir::Status::Default => "Default".to_owned(),
        ir::Status::Range(c) => format!("Status{c}xx"),
        ir::Status::Code(c) => match c {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            204 => "NoContent",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{c}"),
        }
        .to_owned(),
    }
}

pub(super) fn ir_status(s: model::Status) -> ir::Status {
    match s {
        model::Status::Code(c) => ir::Status::Code(c),
        model::Status::Range(r) => ir::Status::Range(r),
        model::Status::Default => ir::Status::Default,
    }
}

pub(super) fn is_success(s: model::Status) -> bool {
    matches!(s, model::Status::Code(200..=299) | model::Status::Range(2))
}

impl<'a> Lowerer<'a> {
    fn warn(&mut self, pointer: &str, reason: impl Into<String>) {
        self.report.warnings.push(Fallback {
            pointer: pointer.to_owned(),
            reason: reason.into(),
        });
    }

    fn fallback(&mut self, pointer: &str, reason: impl Into<String>) {
        self.report.fallbacks.push(Fallback {
            pointer: pointer.to_owned(),
            reason: reason.into(),
        });
    }

    fn push(&mut self, name: String, s: &Schema, kind: TypeKind) {
        self.types.push(TypeDef {
            name,
            pointer: s.pointer.clone(),
            docs: docs_of(s),
            deprecated: s.deprecated,
            kind,
            examples: s.examples.clone(),
            required_args: None,
        });
    }

    /// A component schema under its reserved name: always a named item (struct, enum, union or alias).
    fn define_named(&mut self, name: &str, s: &Schema) -> Result<(), Error> {
        let ty = self.ty_inner(s, name, Some(name))?;
        // A pure `$ref` always becomes an alias, even to itself (which the cycle check refuses).
        if ty != Ty::Named(name.to_owned()) || s.reference.is_some() {
            // Not a struct/enum/union of its own: an alias keeps the spec's name usable.
            // Like every named type it describes non-null values; uses add the `Option`.
            let ty = types::json_for_free_objects(ty);
            self.push(name.to_owned(), s, TypeKind::Alias { ty });
        }
        Ok(())
    }

    /// The Rust type for a schema; inline objects, enums and unions get a type named `hint`.
    fn ty(&mut self, s: &Schema, hint: &str) -> Result<Ty, Error> {
        let ty = self.ty_inner(s, hint, None)?;
        // A reference to a nullable component is nullable too: the component's own type
        // (struct, enum, alias) describes only its non-null values.
        let nullable = s.nullable
            || s.reference
                .as_ref()
                .is_some_and(|r| self.components.get(r.as_str()).is_some_and(|c| c.nullable));
        Ok(if nullable && ty != Ty::Json && ty != Ty::Unit {
            ty.option()
        } else {
            ty
        })
    }

    /// Like `ty` but ignoring `nullable`. With `own_name`, a type defined here takes that
    /// exact (already reserved) name.
    fn kind_of(&self, name: &str) -> Option<&TypeKind> {
        self.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    }

    fn has_bool_field(&self, name: &str, wire: &str) -> bool {
        match self.kind_of(name) {
            Some(TypeKind::Struct { fields, .. }) => fields.iter().any(|f| {
                f.wire == wire && (f.ty == Ty::Bool || f.ty == Ty::Option(Box::new(Ty::Bool)))
            }),
            Some(TypeKind::Alias { ty: Ty::Named(n) }) => {
                let n = n.clone();
                self.has_bool_field(&n, wire)
            }
            _ => false,
        }
    }
}

/// A type as Rust source, relative to the generated module's root.
pub(super) fn ty_path(ty: &Ty) -> String {
    match ty {
        Ty::String => "::std::string::String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::U64 => "u64".into(),
        Ty::F64 => "f64".into(),
        Ty::Unit => "()".into(),
        Ty::Json => "crate::runtime::serde_json::Value".into(),
        Ty::JsonObject => "crate::runtime::serde_json::Map<::std::string::String, crate::runtime::serde_json::Value>".into(),
        Ty::Named(n) => format!("types::{n}"),
        Ty::Vec(i) => format!("::std::vec::Vec<{}>", ty_path(i)),
        Ty::Map(i) => format!("::std::collections::BTreeMap<::std::string::String, {}>", ty_path(i)),
        Ty::Option(i) => format!("::std::option::Option<{}>", ty_path(i)),
        Ty::Nullable(i) => format!("crate::runtime::Nullable<{}>", ty_path(i)),
        Ty::Box(i) => format!("::std::boxed::Box<{}>", ty_path(i)),
    }
}

pub(super) fn status_label(s: ir::Status) -> String {
    match s {
        ir::Status::Code(c) => c.to_string(),
        ir::Status::Range(r) => format!("{r}xx"),
        ir::Status::Default => "Default".to_owned(),
    }
}

pub(crate) fn status_text(s: ir::Status) -> String {
    match s {
        ir::Status::Code(c) => c.to_string(),
        ir::Status::Range(r) => format!("{r}XX"),
        ir::Status::Default => "default".to_owned(),
    }
}
