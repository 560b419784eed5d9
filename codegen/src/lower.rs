//! Stage 3: the normalized model to the [`ir`](crate::ir): every naming and typing decision.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::error::Error;
use crate::ir::{self, *};
use crate::model::{self, Additional, MediaType, Operation, ParamIn, Schema, Spec, Type};
use crate::naming::{Namer, field_name, type_name, unraw, variant_name};

/// How deep `allOf` merging follows references before it calls the schema cyclic.
const MAX_MERGE_DEPTH: usize = 32;

pub fn lower(spec: &Spec, file: &str) -> Result<Module, Error> {
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
    let mut method_names = Namer::default();
    for op in &spec.operations {
        let (ms, err) = l.operation(op, &mut method_names)?;
        if !ms.is_empty() {
            l.report.operations_generated += 1;
        }
        methods.extend(ms);
        errors.push(err);
    }
    let mut types = std::mem::take(&mut l.types);
    for t in &types {
        let nullable = spec
            .schemas
            .iter()
            .any(|(n, c)| c.nullable && l.component_names.get(n) == Some(&t.name));
        for value in &t.examples {
            l.examples.push(Example {
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
    box_recursive(&mut types, file)?;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    errors.sort_by(|a, b| a.name.cmp(&b.name));
    l.report.methods = methods.len();
    l.report.types = types.len();
    Ok(Module {
        title: spec.title.clone(),
        description: spec.description.clone(),
        version: spec.version.clone(),
        servers: spec.servers.clone(),
        types,
        errors,
        methods,
        report: l.report,
        examples: l.examples,
    })
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

fn docs_of(s: &Schema) -> Docs {
    let mut notes = Vec::new();
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

fn is_json_mime(m: &str) -> bool {
    let m = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

fn reason(status: ir::Status) -> String {
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

fn ir_status(s: model::Status) -> ir::Status {
    match s {
        model::Status::Code(c) => ir::Status::Code(c),
        model::Status::Range(r) => ir::Status::Range(r),
        model::Status::Default => ir::Status::Default,
    }
}

fn is_success(s: model::Status) -> bool {
    matches!(s, model::Status::Code(200..=299) | model::Status::Range(2))
}

impl<'a> Lowerer<'a> {
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
        });
    }

    /// A component schema under its reserved name: always a named item (struct, enum, union or alias).
    fn define_named(&mut self, name: &str, s: &Schema) -> Result<(), Error> {
        let ty = self.ty_inner(s, name, Some(name))?;
        // A pure `$ref` always becomes an alias, even to itself (which the cycle check refuses).
        if ty != Ty::Named(name.to_owned()) || s.reference.is_some() {
            // Not a struct/enum/union of its own: an alias keeps the spec's name usable.
            // Like every named type it describes non-null values; uses add the `Option`.
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
    fn ty_inner(&mut self, s: &Schema, hint: &str, own_name: Option<&str>) -> Result<Ty, Error> {
        if let Some(r) = &s.reference {
            let name = self.component_names.get(r).cloned().ok_or_else(|| {
                Error::at(
                    self.file,
                    &s.pointer,
                    format!("unresolvable `$ref` to schema `{r}`"),
                )
            })?;
            return Ok(Ty::Named(name));
        }
        let name_for = |this: &mut Self| match own_name {
            Some(n) => n.to_owned(),
            None => this.namer.unique(hint),
        };
        if !s.all_of.is_empty() {
            let plain = s.properties.is_empty()
                && s.one_of.is_empty()
                && s.any_of.is_empty()
                && s.enum_values.is_none();
            // Members that only annotate (`{description: ...}`) add no shape.
            let shaped: Vec<&Schema> = s
                .all_of
                .iter()
                .filter(|m| !m.is_any() || m.nullable)
                .collect();
            if shaped.len() == 1 && plain {
                // With `own_name` this becomes an alias of the single member.
                return self.ty(shaped[0], hint);
            }
            return match self.merge_all_of(s, 0)? {
                Some(merged) => {
                    let name = name_for(self);
                    self.define_struct(&name, &merged)?;
                    Ok(Ty::Named(name))
                }
                None => {
                    self.fallback(
                        &s.pointer,
                        "allOf combines a union with other members; represented as a JSON value",
                    );
                    Ok(Ty::Json)
                }
            };
        }
        if !s.one_of.is_empty() || !s.any_of.is_empty() {
            let members: Vec<&Schema> = s.one_of.iter().chain(s.any_of.iter()).collect();
            if members.len() == 1 && s.properties.is_empty() {
                let ty = self.ty(members[0], hint)?;
                return Ok(ty);
            }
            if !s.properties.is_empty() {
                self.fallback(&s.pointer, "object properties beside oneOf/anyOf: the union is kept, the sibling properties are read by its variants");
            }
            let name = name_for(self);
            self.define_union(&name, s, &members)?;
            return Ok(Ty::Named(name));
        }
        if let Some(values) = &s.enum_values {
            if !values.is_empty() && values.iter().all(Value::is_string) {
                let wires: Vec<String> = values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
                // Inline enums with the same values (and description) are one type: specs
                // repeat `type: {const: message}` and role lists hundreds of times.
                let key = (
                    wires.clone(),
                    if wires.len() == 1 {
                        None
                    } else {
                        s.description.clone()
                    },
                );
                if own_name.is_none() {
                    if let Some(existing) = self.inline_enums.get(&key).cloned() {
                        // Its examples still belong to (and are checked against) the shared type.
                        for value in &s.examples {
                            self.examples.push(Example {
                                pointer: s.pointer.clone(),
                                rust_type: format!("types::{existing}"),
                                kind: ExampleKind::Schema,
                                value: value.clone(),
                            });
                        }
                        return Ok(Ty::Named(existing));
                    }
                }
                let name = match (own_name, wires.as_slice()) {
                    (None, [single]) => self.namer.unique(&format!("{}Const", type_name(single))),
                    _ => name_for(self),
                };
                if own_name.is_none() {
                    self.inline_enums.insert(key, name.clone());
                }
                let mut vnamer = Namer::default();
                let mut seen = BTreeSet::new();
                let variants = values
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|v| seen.insert(*v))
                    .map(|v| EnumVariant {
                        name: vnamer.unique(&variant_name(v)),
                        wire: v.to_owned(),
                    })
                    .collect();
                let mut schema = s.clone();
                if own_name.is_none() && wires.len() == 1 {
                    // Shared by every property that holds this constant: describe the value.
                    schema.description = Some(format!("The constant `{}`.", wires[0]));
                    schema.title = None;
                    schema.default = None;
                    schema.deprecated = false;
                }
                self.push(name.clone(), &schema, TypeKind::Enum { variants });
                return Ok(Ty::Named(name));
            }
            if values.iter().all(|v| v.is_i64() || v.is_u64()) && !values.is_empty() {
                return Ok(Ty::I64);
            }
            if values.iter().all(Value::is_number) && !values.is_empty() {
                return Ok(Ty::F64);
            }
            if values.iter().all(Value::is_boolean) && !values.is_empty() {
                return Ok(Ty::Bool);
            }
            if values.is_empty() {
                return Ok(if s.nullable { Ty::Unit } else { Ty::Json });
            }
            return Ok(Ty::Json);
        }
        if s.types.len() > 1 {
            // `type: [string, number]`: a union of the listed primitives.
            let members: Vec<Schema> = s
                .types
                .iter()
                .map(|t| Schema {
                    pointer: s.pointer.clone(),
                    types: vec![*t],
                    format: s.format.clone(),
                    properties: if *t == Type::Object {
                        s.properties.clone()
                    } else {
                        Vec::new()
                    },
                    required: s.required.clone(),
                    additional: if *t == Type::Object {
                        s.additional.clone()
                    } else {
                        Additional::Absent
                    },
                    items: if *t == Type::Array {
                        s.items.clone()
                    } else {
                        None
                    },
                    ..Schema::default()
                })
                .collect();
            let name = name_for(self);
            let refs: Vec<&Schema> = members.iter().collect();
            self.define_union(&name, s, &refs)?;
            return Ok(Ty::Named(name));
        }
        let t = s.types.first().copied().or(if !s.properties.is_empty() {
            Some(Type::Object)
        } else if s.items.is_some() {
            Some(Type::Array)
        } else if !matches!(s.additional, Additional::Absent) {
            Some(Type::Object)
        } else {
            None
        });
        Ok(match t {
            None => Ty::Json,
            Some(Type::String) => Ty::String,
            Some(Type::Boolean) => Ty::Bool,
            Some(Type::Integer) => match s.format.as_deref() {
                Some("int32") => Ty::I32,
                Some("uint64" | "uint32") => Ty::U64,
                _ => Ty::I64,
            },
            Some(Type::Number) => Ty::F64,
            Some(Type::Array) => match &s.items {
                Some(items) => Ty::Vec(Box::new(self.ty(items, &format!("{hint}Item"))?)),
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            Some(Type::Object) => {
                if !s.properties.is_empty() {
                    let name = name_for(self);
                    self.define_struct(&name, s)?;
                    Ty::Named(name)
                } else {
                    match &s.additional {
                        Additional::Schema(a) => {
                            Ty::Map(Box::new(self.ty(a, &format!("{hint}Value"))?))
                        }
                        _ => Ty::JsonObject,
                    }
                }
            }
        })
    }

    fn define_struct(&mut self, name: &str, s: &Schema) -> Result<(), Error> {
        let mut fnamer = Namer::default();
        let mut fields = Vec::new();
        for (wire, p) in &s.properties {
            let fname = fnamer.unique(&field_name(wire));
            let hint = format!("{name}{}", type_name(wire));
            let required = s.required.iter().any(|r| r == wire);
            let mut ty = self.ty(p, &hint)?;
            if !required {
                ty = ty.option();
            }
            let mut docs = docs_of(p);
            if docs.description.is_none() {
                // A `$ref` property without its own description: borrow the target's.
                if let Some(target) = p
                    .reference
                    .as_ref()
                    .and_then(|r| self.components.get(r.as_str()))
                {
                    docs.description = target.description.clone();
                }
            }
            fields.push(Field {
                name: fname,
                wire: wire.clone(),
                ty,
                required,
                docs,
                deprecated: p.deprecated,
            });
        }
        let additional = match &s.additional {
            Additional::Schema(a) => Some(self.ty(a, &format!("{name}Value"))?),
            _ => None,
        };
        let all_optional = fields.iter().all(|f| f.ty.is_option());
        self.push(
            name.to_owned(),
            s,
            TypeKind::Struct {
                fields,
                additional,
                all_optional,
            },
        );
        Ok(())
    }

    /// Resolve a schema to its object view (properties and required) through refs and allOf.
    fn object_view(&self, s: &Schema, depth: usize) -> Option<Schema> {
        if depth > MAX_MERGE_DEPTH {
            return None;
        }
        if let Some(r) = &s.reference {
            let target = self.components.get(r.as_str())?;
            return self.object_view(target, depth + 1);
        }
        if !s.all_of.is_empty() {
            return self.merge_all_of(s, depth + 1).ok().flatten();
        }
        Some(s.clone())
    }

    /// Merge `allOf` members (and the schema's own properties) into one object schema.
    /// Later declarations of a property replace earlier ones in place. `None` when a
    /// member is a union, which no struct can represent.
    fn merge_all_of(&self, s: &Schema, depth: usize) -> Result<Option<Schema>, Error> {
        if depth > MAX_MERGE_DEPTH {
            return Err(Error::at(
                self.file,
                &s.pointer,
                "allOf references form a cycle",
            ));
        }
        let mut out = Schema {
            pointer: s.pointer.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
            deprecated: s.deprecated,
            nullable: s.nullable,
            examples: s.examples.clone(),
            default: s.default.clone(),
            types: vec![Type::Object],
            ..Schema::default()
        };
        let mut parts: Vec<Schema> = Vec::new();
        for m in &s.all_of {
            let resolved = match &m.reference {
                Some(r) => match self.components.get(r.as_str()) {
                    Some(t) => (*t).clone(),
                    None => {
                        return Err(Error::at(
                            self.file,
                            &m.pointer,
                            format!("unresolvable `$ref` to schema `{r}`"),
                        ));
                    }
                },
                None => m.clone(),
            };
            let resolved = if resolved.all_of.is_empty() {
                resolved
            } else {
                match self.merge_all_of(&resolved, depth + 1)? {
                    Some(x) => x,
                    None => return Ok(None),
                }
            };
            if !resolved.one_of.is_empty() || !resolved.any_of.is_empty() {
                return Ok(None);
            }
            if out.description.is_none() {
                out.description = resolved.description.clone();
            }
            parts.push(resolved);
        }
        let own = Schema {
            all_of: Vec::new(),
            ..s.clone()
        };
        parts.push(own);
        for p in parts {
            for (name, prop) in p.properties {
                match out.properties.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = prop,
                    None => out.properties.push((name, prop)),
                }
            }
            for r in p.required {
                if !out.required.contains(&r) {
                    out.required.push(r);
                }
            }
            if let Additional::Schema(_) = p.additional {
                out.additional = p.additional;
            }
        }
        Ok(Some(out))
    }

    /// A property that tells the variants apart by a single constant value.
    fn const_of(view: &Schema, property: &str) -> Option<String> {
        let (_, p) = view.properties.iter().find(|(n, _)| n == property)?;
        match p.enum_values.as_deref() {
            Some([Value::String(v)]) => Some(v.clone()),
            _ => None,
        }
    }

    fn define_union(&mut self, name: &str, s: &Schema, members: &[&Schema]) -> Result<(), Error> {
        let views: Vec<Option<Schema>> = members.iter().map(|m| self.object_view(m, 0)).collect();

        // Which property, if any, tells the variants apart?
        let mut tag: Option<String> = None;
        let mut tags: Vec<Vec<String>> = vec![Vec::new(); members.len()];
        if let Some(d) = &s.discriminator {
            for (i, m) in members.iter().enumerate() {
                let mut t: Vec<String> = match &m.reference {
                    Some(r) => d
                        .mapping
                        .iter()
                        .filter(|(_, target)| target == r)
                        .map(|(k, _)| k.clone())
                        .collect(),
                    None => Vec::new(),
                };
                if t.is_empty() {
                    if let Some(c) = views[i]
                        .as_ref()
                        .and_then(|v| Self::const_of(v, &d.property))
                    {
                        t.push(c);
                    } else if let (Some(r), true) = (&m.reference, d.mapping.is_empty()) {
                        t.push(r.clone());
                    }
                }
                tags[i] = t;
            }
            if tags.iter().all(|t| !t.is_empty()) {
                tag = Some(d.property.clone());
            }
        }
        if tag.is_none() && members.len() > 1 {
            if let Some(Some(first)) = views.first() {
                for (prop, _) in &first.properties {
                    let consts: Option<Vec<String>> = views
                        .iter()
                        .map(|v| v.as_ref().and_then(|v| Self::const_of(v, prop)))
                        .collect();
                    if let Some(consts) = consts {
                        let distinct: BTreeSet<&String> = consts.iter().collect();
                        if distinct.len() == consts.len() {
                            tag = Some(prop.clone());
                            tags = consts.into_iter().map(|c| vec![c]).collect();
                            break;
                        }
                    }
                }
            }
        }
        if tag.is_none() {
            tags = vec![Vec::new(); members.len()];
        }

        let mut vnamer = Namer::default();
        vnamer.reserve("Unknown");
        let mut variants: Vec<(u32, usize, UnionVariant)> = Vec::new();
        let mut seen_types = BTreeSet::new();
        for (i, m) in members.iter().enumerate() {
            let label = match (&m.reference, &m.title, tags[i].first()) {
                (Some(r), _, _) => self
                    .component_names
                    .get(r)
                    .cloned()
                    .unwrap_or_else(|| type_name(r)),
                (None, Some(t), _) => type_name(t),
                (None, None, Some(t)) => variant_name(t),
                _ => primitive_label(m)
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("Variant{}", i + 1)),
            };
            let vname = vnamer.unique(&label);
            let ty = self.ty(m, &format!("{name}{vname}"))?;
            if tag.is_none() && !seen_types.insert(ty.clone()) {
                continue; // the same Rust type twice: the first one decodes both
            }
            let rank = if tag.is_some() {
                0
            } else {
                self.rank(&ty, views[i].as_ref())
            };
            variants.push((
                rank,
                i,
                UnionVariant {
                    name: vname,
                    ty,
                    tags: tags[i].clone(),
                    docs: docs_of(m),
                },
            ));
        }
        // Untagged: try the most specific shapes first so none shadows another.
        variants.sort_by_key(|(rank, i, _)| (*rank, *i));
        let variants = variants.into_iter().map(|(_, _, v)| v).collect();
        self.push(name.to_owned(), s, TypeKind::Union { variants, tag });
        Ok(())
    }

    /// Order for untagged variants: lower tries first.
    fn rank(&self, ty: &Ty, view: Option<&Schema>) -> u32 {
        let named_kind = |n: &str| self.types.iter().find(|t| t.name == n).map(|t| &t.kind);
        match ty {
            Ty::Unit => 0,
            Ty::Named(n) => match named_kind(n) {
                Some(TypeKind::Enum { .. }) => 700,
                Some(TypeKind::Union { .. }) => 400,
                _ => {
                    let required = view.map_or(0, |v| v.required.len() as u32);
                    let consts = view.map_or(0, |v| {
                        v.properties
                            .iter()
                            .filter(|(_, p)| matches!(p.enum_values.as_deref(), Some([_])))
                            .count() as u32
                    });
                    // Structs with constant properties, then more required fields, first.
                    100 + 200u32.saturating_sub(consts * 50 + required.min(49))
                }
            },
            Ty::Vec(_) => 450,
            Ty::Map(_) | Ty::JsonObject => 500,
            Ty::I32 | Ty::I64 | Ty::U64 => 600,
            Ty::F64 => 610,
            Ty::Bool => 620,
            Ty::String => 800,
            Ty::Option(inner) | Ty::Box(inner) => self.rank(inner, view),
            Ty::Json => 900,
        }
    }

    fn operation(
        &mut self,
        op: &Operation,
        method_names: &mut Namer,
    ) -> Result<(Vec<Method>, ErrorEnum), Error> {
        let base = field_name(&op.id);
        let op_type = type_name(&op.id);

        // Path.
        let mut path_params = Vec::new();
        let mut path = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                path.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let close = open + rest[open..].find('}').unwrap_or(rest.len() - open);
            let pname = &rest[open + 1..close];
            let p = op
                .parameters
                .iter()
                .find(|p| p.location == ParamIn::Path && p.name == pname)
                .ok_or_else(|| {
                    Error::at(
                        self.file,
                        &op.pointer,
                        format!("no path parameter `{pname}` for path `{}`", op.path),
                    )
                })?;
            let ty = match self.ty_inner(
                &p.schema,
                &format!("{op_type}{}", type_name(&p.name)),
                None,
            )? {
                t @ (Ty::String | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 | Ty::Bool) => t,
                Ty::Named(n) if matches!(self.kind_of(&n), Some(TypeKind::Enum { .. })) => {
                    Ty::Named(n)
                }
                _ => Ty::String,
            };
            path.push(PathPart::Param(path_params.len()));
            path_params.push(Param {
                name: field_name(&p.name),
                wire: p.name.clone(),
                location: ParamLocation::Path,
                ty,
                required: true,
                explode: false,
                delimiter: ",",
                docs: Docs {
                    description: p.description.clone(),
                    ..Docs::default()
                },
                deprecated: p.deprecated,
            });
            rest = &rest[(close + 1).min(rest.len())..];
        }
        if !rest.is_empty() {
            path.push(PathPart::Literal(rest.to_owned()));
        }
        // Path parameter names must not clash with each other or with `body`/`params`.
        let mut pnamer = Namer::default();
        pnamer.reserve("body");
        pnamer.reserve("params");
        for p in &mut path_params {
            p.name = pnamer.unique(&p.name);
        }

        // Query and header parameters.
        let mut params = Vec::new();
        let mut qnamer = Namer::default();
        for p in &op.parameters {
            let location = match p.location {
                ParamIn::Path => continue,
                ParamIn::Query => ParamLocation::Query,
                ParamIn::Header => {
                    let lower = p.name.to_ascii_lowercase();
                    // The auth layer sets Authorization; reqwest sets Content-Type and Accept.
                    if lower == "authorization" || lower == "content-type" || lower == "accept" {
                        continue;
                    }
                    ParamLocation::Header
                }
                ParamIn::Cookie => {
                    self.fallback(
                        &p.pointer,
                        format!(
                            "cookie parameter `{}` is not sent (cookies are not supported)",
                            p.name
                        ),
                    );
                    continue;
                }
            };
            let hint = format!("{op_type}{}", type_name(&p.name));
            let ty = match self.ty(&p.schema, &hint)? {
                Ty::Option(inner) => *inner,
                t => t,
            };
            let explode = p
                .explode
                .unwrap_or(matches!(p.style.as_deref(), None | Some("form")));
            let delimiter = match p.style.as_deref() {
                Some("spaceDelimited") => " ",
                Some("pipeDelimited") => "|",
                None | Some("form" | "simple") => ",",
                Some(other) => {
                    self.fallback(
                        &p.pointer,
                        format!("parameter style `{other}` is not supported; sent as `form`"),
                    );
                    ","
                }
            };
            let mut docs = docs_of(&p.schema);
            if p.description.is_some() {
                docs.description = p.description.clone();
            }
            params.push(Param {
                name: qnamer.unique(&field_name(&p.name)),
                wire: p.name.clone(),
                location,
                ty,
                required: p.required,
                explode,
                delimiter,
                docs,
                deprecated: p.deprecated,
            });
        }
        let params_name = if params.is_empty() {
            None
        } else {
            let name = self.namer.unique(&format!("{op_type}Params"));
            self.types.push(TypeDef {
                name: name.clone(),
                pointer: op.pointer.clone(),
                docs: Docs {
                    description: Some(format!("Query and header parameters of `{}`.", op.id)),
                    ..Docs::default()
                },
                deprecated: false,
                kind: TypeKind::Params { params },
                examples: Vec::new(),
            });
            Some(name)
        };

        // Request bodies: one method per supported media type, JSON first.
        let mut bodies: Vec<(String, Option<RequestBody>)> = Vec::new();
        let mut stream_field = false;
        match &op.body {
            None => bodies.push((String::new(), None)),
            Some(b) => {
                let mut media: Vec<&MediaType> = b.content.iter().collect();
                media.sort_by_key(|m| {
                    if is_json_mime(&m.mime) {
                        0
                    } else if m.mime.starts_with("multipart/") {
                        1
                    } else {
                        2
                    }
                });
                for m in media {
                    let suffix = if bodies.is_empty() {
                        String::new()
                    } else {
                        format!("_{}", media_suffix(&m.mime))
                    };
                    let body = if is_json_mime(&m.mime) {
                        let ty = match &m.schema {
                            Some(s) => self.ty(s, &format!("{op_type}Request"))?,
                            None => Ty::Json,
                        };
                        if let Ty::Named(n) = &ty {
                            stream_field = self.has_bool_field(n, "stream");
                        }
                        self.media_examples(m, &ty, ExampleKind::Request);
                        RequestBody::Json {
                            ty,
                            content_type: m.mime.clone(),
                        }
                    } else if m.mime.starts_with("multipart/form-data") {
                        let name = self.namer.unique(&format!("{op_type}Multipart"));
                        self.define_multipart(&name, m)?;
                        RequestBody::Multipart { ty: name }
                    } else if m.mime.starts_with("text/") {
                        RequestBody::Text {
                            content_type: m.mime.clone(),
                        }
                    } else {
                        RequestBody::Bytes {
                            content_type: m.mime.clone(),
                        }
                    };
                    if bodies.iter().any(|(s, _)| *s == suffix) {
                        self.fallback(&m.pointer, format!("second request media type `{}` with the same method suffix is not generated", m.mime));
                        continue;
                    }
                    bodies.push((suffix, Some(body)));
                }
                if bodies.is_empty() {
                    bodies.push((String::new(), None));
                }
            }
        }

        // Responses.
        let successes: Vec<&model::Response> = op
            .responses
            .iter()
            .filter(|r| is_success(r.status))
            .collect();
        let several = successes.len() > 1;
        let mut plain = Vec::new();
        let mut events: Option<(Ty, Option<String>)> = None;
        let mut has_bytes = false;
        for r in &successes {
            let status = ir_status(r.status);
            let hint = if several {
                format!("{op_type}Response{}", status_label(status))
            } else {
                format!("{op_type}Response")
            };
            let mut payload = None;
            for m in &r.content {
                let mime = m.mime.to_ascii_lowercase();
                if mime.starts_with("text/event-stream") {
                    let item = match &m.schema {
                        Some(s) => self.event_item(s, &format!("{op_type}Event"))?,
                        None => Ty::Json,
                    };
                    events.get_or_insert((item, m.sse_sentinel.clone()));
                } else if is_json_mime(&mime) {
                    let ty = match &m.schema {
                        Some(s) => self.ty(s, &hint)?,
                        None => Ty::Json,
                    };
                    self.media_examples(m, &ty, ExampleKind::Response);
                    payload.get_or_insert(Payload::Json(ty));
                } else if mime.starts_with("text/")
                    || mime.ends_with("+xml")
                    || mime.ends_with("/xml")
                {
                    payload.get_or_insert(Payload::Text);
                } else {
                    has_bytes = true;
                }
            }
            if r.content.is_empty() {
                payload = Some(Payload::Empty);
            }
            if let Some(p) = payload {
                plain.push((status, p));
            }
        }

        // Errors.
        let error_name = self.namer.unique(&format!("{op_type}Error"));
        let mut evariants = Vec::new();
        let mut untyped = Vec::new();
        let mut enamer = Namer::default();
        for r in op.responses.iter().filter(|r| !is_success(r.status)) {
            let status = ir_status(r.status);
            match r.content.iter().find(|m| is_json_mime(&m.mime)) {
                Some(m) => {
                    let vname = enamer.unique(&reason(status));
                    let ty = match &m.schema {
                        Some(s) => self.ty(s, &format!("{op_type}{vname}Body"))?,
                        None => Ty::Json,
                    };
                    self.media_examples(m, &ty, ExampleKind::Response);
                    evariants.push(ErrorVariant {
                        name: vname,
                        status,
                        ty,
                        docs: Docs {
                            description: r.description.clone(),
                            ..Docs::default()
                        },
                    });
                }
                None => untyped.push(status),
            }
        }
        let error = ErrorEnum {
            name: error_name.clone(),
            operation: op.id.clone(),
            variants: evariants,
        };

        // Methods: one per body media type; JSON responses, events and bytes each get one.
        let mut outputs: Vec<(&str, Output)> = Vec::new();
        if !plain.is_empty() {
            let distinct: BTreeSet<&Payload> = plain.iter().map(|(_, p)| p).collect();
            let enum_name = if distinct.len() > 1 {
                Some(self.namer.unique(&format!("{op_type}Response")))
            } else {
                None
            };
            outputs.push((
                "",
                Output::Plain {
                    statuses: plain,
                    enum_name,
                },
            ));
        }
        if let Some((item, sentinel)) = events {
            outputs.push(("_stream", Output::Events { item, sentinel }));
        }
        if has_bytes {
            outputs.push(("_bytes", Output::ByteStream));
        }
        if outputs.is_empty() {
            // No success response declared at all: read whatever comes as JSON.
            self.fallback(
                &op.pointer,
                "no success response is declared; the method returns the body as a JSON value",
            );
            outputs.push((
                "",
                Output::Plain {
                    statuses: vec![(ir::Status::Range(2), Payload::Json(Ty::Json))],
                    enum_name: None,
                },
            ));
        }
        let first_suffix = outputs[0].0.to_owned();
        let has_events = outputs
            .iter()
            .any(|(_, o)| matches!(o, Output::Events { .. }));

        let mut docs = Docs {
            title: op.summary.clone(),
            description: op.description.clone(),
            notes: Vec::new(),
        };
        docs.notes.push(format!(
            "`{} {}` (operationId `{}`)",
            op.method.to_ascii_uppercase(),
            op.path,
            op.id
        ));
        if !op.tags.is_empty() {
            docs.notes.push(format!("Tags: {}.", op.tags.join(", ")));
        }
        if let Some(d) = op.body.as_ref().and_then(|b| b.description.as_ref()) {
            docs.notes.push(format!("Request body: {d}"));
        }
        if op.body.as_ref().is_some_and(|b| !b.required) {
            docs.notes.push(
                "The spec marks the request body optional; this method always sends one."
                    .to_owned(),
            );
        }
        if !untyped.is_empty() {
            let list: Vec<String> = untyped.iter().map(|s| status_text(*s)).collect();
            docs.notes.push(format!(
                "Error statuses {} declare no JSON body; they surface as `Error::UnexpectedStatus` with the raw body.",
                list.join(", ")
            ));
        }

        let mut methods = Vec::new();
        for (bsuffix, body) in &bodies {
            for (osuffix, output) in &outputs {
                // The first output keeps the plain name.
                let osuffix = if *osuffix == first_suffix {
                    ""
                } else {
                    *osuffix
                };
                let name = method_names.unique(&format!("{}{}{}", unraw(&base), bsuffix, osuffix));
                let stream_flag = match (body, output) {
                    (Some(RequestBody::Json { .. }), Output::Events { .. }) if stream_field => {
                        Some(true)
                    }
                    (Some(RequestBody::Json { .. }), Output::Plain { .. })
                        if stream_field && has_events =>
                    {
                        Some(false)
                    }
                    _ => None,
                };
                methods.push(Method {
                    operation_id: op.id.clone(),
                    name,
                    docs: docs.clone(),
                    deprecated: op.deprecated,
                    http_method: op.method.to_ascii_uppercase(),
                    path: path.clone(),
                    path_params: path_params.clone(),
                    params: params_name.clone(),
                    body: body.clone(),
                    stream_flag,
                    output: output.clone(),
                    error: error_name.clone(),
                });
            }
        }
        Ok((methods, error))
    }

    /// The item type of an event stream: the `data` property's type when the schema
    /// describes the whole event (`{data, event, id}`), else the schema itself.
    fn event_item(&mut self, s: &Schema, hint: &str) -> Result<Ty, Error> {
        if let Some(view) = self.object_view(s, 0) {
            if let Some((_, data)) = view.properties.iter().find(|(n, _)| n == "data") {
                let data = data.clone();
                return self.ty(&data, hint);
            }
        }
        self.ty(s, hint)
    }

    fn media_examples(&mut self, m: &MediaType, ty: &Ty, kind: ExampleKind) {
        for value in &m.examples {
            self.examples.push(Example {
                pointer: m.pointer.clone(),
                rust_type: ty_path(ty),
                kind,
                value: value.clone(),
            });
        }
    }

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

    fn define_multipart(&mut self, name: &str, m: &MediaType) -> Result<(), Error> {
        let schema = match &m.schema {
            Some(s) => self.object_view(s, 0).unwrap_or_else(|| s.clone()),
            None => Schema::default(),
        };
        let mut fnamer = Namer::default();
        let mut fields = Vec::new();
        for (wire, p) in &schema.properties {
            let fname = fnamer.unique(&field_name(wire));
            let is_binary = |s: &Schema| {
                s.types.contains(&Type::String)
                    && matches!(s.format.as_deref(), Some("binary" | "byte"))
            };
            let kind = if is_binary(p) {
                MultipartKind::File
            } else if p.types.contains(&Type::Array) {
                let item = match &p.items {
                    Some(i) => self.ty(i, &format!("{name}{}Item", type_name(wire)))?,
                    None => Ty::String,
                };
                MultipartKind::Repeated(item)
            } else {
                MultipartKind::Text(self.ty(p, &format!("{name}{}", type_name(wire)))?)
            };
            fields.push(MultipartField {
                name: fname,
                wire: wire.clone(),
                kind,
                required: schema.required.iter().any(|r| r == wire),
                docs: docs_of(p),
            });
        }
        self.types.push(TypeDef {
            name: name.to_owned(),
            pointer: m.pointer.clone(),
            docs: Docs {
                description: schema
                    .description
                    .clone()
                    .or(Some("Multipart form body.".to_owned())),
                ..Docs::default()
            },
            deprecated: false,
            kind: TypeKind::Multipart { fields },
            examples: Vec::new(),
        });
        Ok(())
    }
}

/// A type as Rust source, relative to the generated module's root.
fn ty_path(ty: &Ty) -> String {
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
        Ty::Box(i) => format!("::std::boxed::Box<{}>", ty_path(i)),
    }
}

fn media_suffix(mime: &str) -> String {
    if mime.starts_with("multipart/") {
        "multipart".to_owned()
    } else if mime.starts_with("text/") {
        "text".to_owned()
    } else {
        "bytes".to_owned()
    }
}

fn status_label(s: ir::Status) -> String {
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

fn primitive_label(s: &Schema) -> Option<&'static str> {
    Some(match s.types.first()? {
        Type::String => "String",
        Type::Integer => "Integer",
        Type::Number => "Number",
        Type::Boolean => "Boolean",
        Type::Object => "Object",
        Type::Array => "Array",
    })
}

/// Box fields and variants that would make a type contain itself.
fn box_recursive(types: &mut [TypeDef], file: &str) -> Result<(), Error> {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct containment edges (not through Vec or Map, which are already indirect).
    fn direct(ty: &Ty, out: &mut Vec<String>) {
        match ty {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Option(inner) => direct(inner, out),
            _ => {}
        }
    }
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut names = Vec::new();
            match &t.kind {
                TypeKind::Struct { fields, .. } => {
                    fields.iter().for_each(|f| direct(&f.ty, &mut names))
                }
                TypeKind::Union { variants, .. } => {
                    variants.iter().for_each(|v| direct(&v.ty, &mut names))
                }
                TypeKind::Alias { ty } => direct(ty, &mut names),
                _ => {}
            }
            names.iter().filter_map(|n| index.get(n).copied()).collect()
        })
        .collect();
    let scc = tarjan(&edges);
    let boxed = |ty: &mut Ty, me: usize| {
        let mut names = Vec::new();
        direct(ty, &mut names);
        if names
            .iter()
            .filter_map(|n| index.get(n))
            .any(|&j| scc[j] == scc[me])
        {
            *ty = match std::mem::replace(ty, Ty::Unit) {
                Ty::Option(inner) => Ty::Option(Box::new(Ty::Box(inner))),
                other => Ty::Box(Box::new(other)),
            };
        }
    };
    for (i, t) in types.iter_mut().enumerate() {
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| boxed(&mut f.ty, i)),
            TypeKind::Union { variants, .. } => {
                variants.iter_mut().for_each(|v| boxed(&mut v.ty, i))
            }
            _ => {}
        }
    }
    // A cycle made only of aliases has no type to box: `type A = B; type B = A;`.
    for (i, t) in types.iter().enumerate() {
        let alias_only = (0..types.len())
            .filter(|&j| scc[j] == scc[i])
            .all(|j| matches!(types[j].kind, TypeKind::Alias { .. }));
        let in_cycle = edges[i].iter().any(|&j| scc[j] == scc[i]);
        if alias_only && in_cycle {
            return Err(Error::at(
                file,
                &t.pointer,
                format!(
                    "schema `{}` refers to itself with no object in between",
                    t.name
                ),
            ));
        }
    }
    Ok(())
}

/// Strongly connected components (Tarjan), iterative; returns the component id of each node.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    comp
}
