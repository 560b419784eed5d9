//! Schemas to structs, open enums and aliases; `allOf` merging.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Lowerer, docs_of};
use crate::error::Error;
use crate::ir::*;
use crate::model::{Additional, Schema, Type};
use crate::naming::{Namer, field_name, type_name, variant_name};

const MAX_MERGE_DEPTH: usize = super::MAX_MERGE_DEPTH;

impl<'a> Lowerer<'a> {
    pub(super) fn ty_inner(
        &mut self,
        s: &Schema,
        hint: &str,
        own_name: Option<&str>,
    ) -> Result<Ty, Error> {
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
        if !s.all_of.is_empty() {
            return self.all_of_ty(s, hint, own_name);
        }
        if !s.one_of.is_empty() || !s.any_of.is_empty() {
            return self.union_ty(s, hint, own_name);
        }
        if let Some(values) = &s.enum_values {
            return self.enum_ty(s, values, hint, own_name);
        }
        if s.types.len() > 1 {
            return self.type_list_ty(s, hint, own_name);
        }
        self.plain_ty(s, hint, own_name)
    }

    /// The name a type defined for `s` takes: `own_name`, or a fresh one from `hint`.
    fn name_for(&mut self, hint: &str, own_name: Option<&str>) -> String {
        match own_name {
            Some(n) => n.to_owned(),
            None => {
                // Long positions shortened by meaning; a taken name says it is inline.
                let mut candidates = crate::naming::type_name_candidates(hint);
                let inline: Vec<String> = candidates.iter().map(|c| format!("{c}Inline")).collect();
                candidates.extend(inline);
                self.namer.first_free(&candidates)
            }
        }
    }

    /// `allOf`: one shaped member is that member's type; otherwise the members merge into
    /// one struct (a union among them falls back to a JSON value).
    fn all_of_ty(&mut self, s: &Schema, hint: &str, own_name: Option<&str>) -> Result<Ty, Error> {
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
        // An enum narrowed by another list of its values (`allOf: [{$ref: Tier},
        // {enum: [auto, flex]}]`) is the enum: no object to merge, and open enums read
        // any value anyway.
        let enum_like = |m: &Schema| {
            let m = match &m.reference {
                Some(r) => self.components.get(r.as_str()).copied(),
                None => Some(m),
            };
            m.is_some_and(|m| m.enum_values.is_some() && m.properties.is_empty())
        };
        if plain && shaped.len() > 1 && shaped.iter().all(|m| enum_like(m)) {
            return self.ty(shaped[0], hint);
        }
        match self.merge_all_of(s, 0)? {
            Some(merged) => {
                let name = self.name_for(hint, own_name);
                self.define_struct(&name, &merged)?;
                Ok(Ty::Named(name))
            }
            None => match self.distribute_all_of(s) {
                Some(union) => self.union_ty(&union, hint, own_name),
                None => {
                    self.fallback(
                        &s.pointer,
                        "allOf combines a union with other members in a way that does not distribute (a union with its own properties, or more than 64 combinations); represented as a JSON value",
                    );
                    Ok(Ty::Json)
                }
            },
        }
    }

    /// `oneOf` / `anyOf`: a union (one member: that member's type).
    fn union_ty(&mut self, s: &Schema, hint: &str, own_name: Option<&str>) -> Result<Ty, Error> {
        let members: Vec<&Schema> = s.one_of.iter().chain(s.any_of.iter()).collect();
        if members.len() == 1 && s.properties.is_empty() {
            // A named schema that is one member or `null` (`anyOf: [{..}, {type: null}]`):
            // the member takes the schema's own name, not a numbered one beside an alias.
            let member = members[0];
            if own_name.is_some() && member.reference.is_none() && !member.nullable {
                return self.ty_inner(member, hint, own_name);
            }
            let ty = self.ty(member, hint)?;
            return Ok(ty);
        }
        if !s.properties.is_empty() {
            self.fallback(&s.pointer, "object properties beside oneOf/anyOf: the union is kept, the sibling properties are read by its variants");
        }
        let name = self.name_for(hint, own_name);
        self.define_union(&name, s, &members)?;
        Ok(Ty::Named(name))
    }

    /// `enum` / `const`: strings become an open enum (inline ones shared by value), other
    /// values their primitive type.
    fn enum_ty(
        &mut self,
        s: &Schema,
        values: &[Value],
        hint: &str,
        own_name: Option<&str>,
    ) -> Result<Ty, Error> {
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
                    if wires.len() > 1 {
                        // Each position names its own alias of the shared enum, so that a
                        // position whose values change later keeps its name
                        // (`ChatRequestReasoningEffort`, not the first position's).
                        let name = self.name_for(hint, None);
                        let mut docs = docs_of(s);
                        docs.notes.push(format!(
                            "The same values as [`{existing}`], so the same type."
                        ));
                        self.types.push(TypeDef {
                            name: name.clone(),
                            pointer: s.pointer.clone(),
                            docs,
                            deprecated: s.deprecated,
                            kind: TypeKind::Alias {
                                ty: Ty::Named(existing.clone()),
                            },
                            examples: Vec::new(),
                            required_args: None,
                        });
                        return Ok(Ty::Named(name));
                    }
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
                (None, [single]) => self.namer.first_free(&[
                    format!("{}Const", type_name(single)),
                    format!("{}Const", crate::naming::spelled_type_name(single)),
                ]),
                _ => self.name_for(hint, own_name),
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
                    dropped: false,
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
        Ok(Ty::Json)
    }

    /// `type: [string, number]`: a union of the listed types.
    fn type_list_ty(
        &mut self,
        s: &Schema,
        hint: &str,
        own_name: Option<&str>,
    ) -> Result<Ty, Error> {
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
        let name = self.name_for(hint, own_name);
        let refs: Vec<&Schema> = members.iter().collect();
        self.define_union(&name, s, &refs)?;
        Ok(Ty::Named(name))
    }

    /// One declared (or implied) type: a primitive, a list, a map or a struct.
    fn plain_ty(&mut self, s: &Schema, hint: &str, own_name: Option<&str>) -> Result<Ty, Error> {
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
                    let name = self.name_for(hint, own_name);
                    self.define_struct(&name, s)?;
                    Ty::Named(name)
                } else {
                    match &s.additional {
                        // Values of a declared type: a typed map. Values of any type
                        // (`{}`, `{nullable: true}`): any JSON object, like no schema.
                        Additional::Schema(a) => match self.ty(a, &format!("{hint}Value"))? {
                            Ty::Json | Ty::Unit => Ty::JsonObject,
                            Ty::Option(v) if *v == Ty::Json => Ty::JsonObject,
                            v => Ty::Map(Box::new(v)),
                        },
                        _ => Ty::JsonObject,
                    }
                }
            }
        })
    }

    pub(super) fn define_struct(&mut self, name: &str, s: &Schema) -> Result<(), Error> {
        let mut fnamer = Namer::default();
        let mut fields = Vec::new();
        for (wire, p) in &s.properties {
            let fname = fnamer.unique(&field_name(wire));
            let hint = format!("{name}{}", type_name(wire));
            let required = s.required.iter().any(|r| r == wire);
            let mut ty = self.ty(p, &hint)?;
            // An object with no declared properties is any JSON object: held as a
            // `serde_json::Value` so that `json!({..})` goes straight in.
            ty = json_for_free_objects(ty);
            if !required {
                // Optional and nullable: absent, `null` and a value are three states.
                ty = match ty {
                    Ty::Option(inner) => Ty::Option(Box::new(Ty::Nullable(inner))),
                    other => other.option(),
                };
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
            if docs.description.is_none() {
                self.report.undocumented.push(p.pointer.clone());
            }
            fields.push(Field {
                name: fname,
                wire: wire.clone(),
                ty,
                required,
                docs,
                deprecated: p.deprecated,
                demoted: false,
            });
        }
        let additional = match &s.additional {
            Additional::Schema(a) => Some(self.ty(a, &format!("{name}Value"))?),
            // Declared open (`true` or `{}`): extra properties are kept, not dropped.
            Additional::Any => Some(Ty::Json),
            _ => None,
        };
        let all_optional = fields.iter().all(|f| f.ty.is_option());
        self.push(
            name.to_owned(),
            s,
            TypeKind::Struct {
                fields,
                additional,
                open: matches!(s.additional, Additional::Absent),
                all_optional,
            },
        );
        Ok(())
    }

    /// Resolve a schema to its object view (properties and required) through refs and allOf.
    pub(super) fn object_view(&self, s: &Schema, depth: usize) -> Option<Schema> {
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
    pub(super) fn merge_all_of(&self, s: &Schema, depth: usize) -> Result<Option<Schema>, Error> {
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
            if matches!(p.additional, Additional::Schema(_) | Additional::Any) {
                out.additional = p.additional;
            }
        }
        Ok(Some(out))
    }
}

/// Free-form objects (no declared properties, values of any type) as
/// `serde_json::Value`, however the spec spells "any" (`{}`, `true`, `type: object` alone,
/// `additionalProperties: {}` or `{nullable: true}`), so that `json!` goes straight in and
/// the Rust type does not follow the spelling: at the top, inside `Option` (a `Value`
/// holds `null` itself), as list items and map values, and as a component's alias.
pub(super) fn json_for_free_objects(ty: Ty) -> Ty {
    match ty {
        Ty::JsonObject => Ty::Json,
        Ty::Option(inner) if *inner == Ty::JsonObject => Ty::Json,
        Ty::Option(inner) => Ty::Option(Box::new(json_for_free_objects(*inner))),
        Ty::Vec(inner) => Ty::Vec(Box::new(json_for_free_objects(*inner))),
        Ty::Map(inner) => Ty::Map(Box::new(json_for_free_objects(*inner))),
        other => other,
    }
}
