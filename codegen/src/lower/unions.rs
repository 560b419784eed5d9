//! `oneOf` / `anyOf`: which property tags the variants, their names, and the order an untagged value tries them in.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Lowerer, docs_of};
use crate::error::Error;
use crate::ir::*;
use crate::model::{Schema, Type};
use crate::naming::{Namer, type_name, variant_name};

impl<'a> Lowerer<'a> {
    /// A property that tells the variants apart by a single constant value.
    pub(super) fn const_of(view: &Schema, property: &str) -> Option<String> {
        let (_, p) = view.properties.iter().find(|(n, _)| n == property)?;
        match p.enum_values.as_deref() {
            Some([Value::String(v)]) => Some(v.clone()),
            _ => None,
        }
    }

    pub(super) fn define_union(
        &mut self,
        name: &str,
        s: &Schema,
        members: &[&Schema],
    ) -> Result<(), Error> {
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

        // Names: what a member says about itself (its `$ref`, title, constant, tag) is
        // handed out first; names from its shape (`Text`, `Object`) take what is left.
        let units: Vec<Option<String>> = members
            .iter()
            .map(|m| {
                if tag.is_none() {
                    self.single_const(m)
                } else {
                    None
                }
            })
            .collect();
        let labels: Vec<(String, bool)> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                self.variant_label(m, views[i].as_ref(), tags[i].first(), units[i].as_deref())
            })
            .collect();
        let mut vnamer = Namer::default();
        vnamer.reserve("Unknown");
        let mut names = vec![String::new(); members.len()];
        // Constants first (a unit variant has no other name to fall back on), then
        // the other self-described members, then the shape-named ones.
        for pass in 0..3 {
            for (i, (label, strong)) in labels.iter().enumerate() {
                let rank = if units[i].is_some() {
                    0
                } else if *strong {
                    1
                } else {
                    2
                };
                if rank == pass {
                    names[i] = self.unique_variant(&mut vnamer, label, views[i].as_ref(), *strong);
                }
            }
        }
        let mut variants: Vec<(u32, usize, UnionVariant)> = Vec::new();
        let mut seen_types = BTreeSet::new();
        let mut seen_units = BTreeSet::new();
        for (i, m) in members.iter().enumerate() {
            let unit = units[i].clone();
            if let Some(u) = &unit {
                if !seen_units.insert(u.clone()) {
                    continue;
                }
            }
            let vname = names[i].clone();
            let ty = if unit.is_some() {
                Ty::Unit
            } else {
                self.ty(m, &format!("{name}{vname}"))?
            };
            if tag.is_none() && unit.is_none() && !seen_types.insert(ty.clone()) {
                continue; // the same Rust type twice: the first one decodes both
            }
            let rank = match (&tag, &unit) {
                (Some(_), _) => 0,
                (None, Some(_)) => 1,
                (None, None) => self.rank(&ty, views[i].as_ref()),
            };
            let consts = views[i]
                .as_ref()
                .map(|v| self.const_properties(v))
                .unwrap_or_default();
            variants.push((
                rank,
                i,
                UnionVariant {
                    name: vname,
                    ty,
                    tags: tags[i].clone(),
                    consts,
                    unit,
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

    /// The schema's one constant string value, through a reference: `{const: auto}`.
    pub(super) fn single_const(&self, s: &Schema) -> Option<String> {
        let target = match &s.reference {
            Some(r) => self.components.get(r.as_str()).copied()?,
            None => s,
        };
        match target.enum_values.as_deref() {
            Some([Value::String(v)]) if !target.nullable => Some(v.clone()),
            _ => None,
        }
    }

    /// Properties of an object view that hold one constant string: (name, value, required).
    fn const_properties(&self, view: &Schema) -> Vec<(String, String, bool)> {
        view.properties
            .iter()
            .filter_map(|(n, p)| {
                let value = self.single_const(p)?;
                Some((n.clone(), value, view.required.contains(n)))
            })
            .collect()
    }

    /// A variant's name, never numbered where the member says anything: its `$ref` name,
    /// title, constant value or tag, a constant property's value, else its shape
    /// (`Text`, `Integer`, `Number`, `Bool`, `<Item>List`, `Map`, an object by its first
    /// required property).
    fn variant_label(
        &self,
        m: &Schema,
        view: Option<&Schema>,
        tag: Option<&String>,
        unit: Option<&str>,
    ) -> (String, bool) {
        if let Some(t) = &m.title {
            return (type_name(t), true);
        }
        if let Some(u) = unit {
            return (variant_name(u), true);
        }
        if let Some(r) = &m.reference {
            let name = self.component_names.get(r).cloned();
            return (name.unwrap_or_else(|| type_name(r)), true);
        }
        if let Some(t) = tag {
            return (variant_name(t), true);
        }
        if let Some((_, value, _)) = view.and_then(|v| self.const_properties(v).into_iter().next())
        {
            return (variant_name(&value), true);
        }
        (self.shape_label(m), false)
    }

    fn shape_label(&self, m: &Schema) -> String {
        if m.enum_values
            .as_ref()
            .is_some_and(|v| v.iter().all(Value::is_string))
        {
            return "Known".to_owned();
        }
        let object = |m: &Schema| {
            m.required
                .first()
                .or(m.properties.first().map(|(n, _)| n))
                .map_or_else(|| "Object".to_owned(), |p| type_name(p))
        };
        match m.types.first() {
            Some(Type::String) => "Text".to_owned(),
            Some(Type::Integer) => "Integer".to_owned(),
            Some(Type::Number) => "Number".to_owned(),
            Some(Type::Boolean) => "Bool".to_owned(),
            Some(Type::Array) => match m.items.as_deref() {
                None => "Values".to_owned(),
                Some(i) if i.is_any() => "Values".to_owned(),
                Some(i)
                    if i.reference.is_none() && (!i.one_of.is_empty() || !i.any_of.is_empty()) =>
                {
                    let objects = i.one_of.iter().chain(&i.any_of).any(|m| {
                        m.reference.is_some() || !m.properties.is_empty() || !m.all_of.is_empty()
                    });
                    if objects { "Parts" } else { "Items" }.to_owned()
                }
                Some(i) => format!("{}List", self.item_label(i)),
            },
            Some(Type::Object) if m.properties.is_empty() => "Map".to_owned(),
            Some(Type::Object) => object(m),
            None if !m.properties.is_empty() => object(m),
            None if !m.all_of.is_empty() => "Object".to_owned(),
            None => "Value".to_owned(),
        }
    }

    fn item_label(&self, i: &Schema) -> String {
        match (&i.reference, &i.title) {
            (Some(r), _) => self
                .component_names
                .get(r)
                .cloned()
                .unwrap_or_else(|| type_name(r)),
            (None, Some(t)) => type_name(t),
            _ => match i.types.first() {
                Some(Type::String) => "Text".to_owned(),
                _ => self.shape_label(i),
            },
        }
    }

    /// `label`, or when taken, `Object` for a shape-named object, else `label` with one
    /// of the object's properties (`ObjectUrl`); numbered only as a last resort.
    fn unique_variant(
        &self,
        namer: &mut Namer,
        label: &str,
        view: Option<&Schema>,
        strong: bool,
    ) -> String {
        if !namer.is_taken(label) {
            return namer.unique(label);
        }
        let object = view.is_some_and(|v| !v.properties.is_empty());
        let retry = if strong {
            format!("{label}Object")
        } else {
            "Object".to_owned()
        };
        if object && !namer.is_taken(&retry) {
            return namer.unique(&retry);
        }
        if let Some(v) = view {
            for (p, _) in &v.properties {
                let candidate = format!("{label}{}", type_name(p));
                if !namer.is_taken(&candidate) {
                    return namer.unique(&candidate);
                }
            }
        }
        namer.unique(label)
    }

    /// Order for untagged variants: lower tries first.
    pub(super) fn rank(&self, ty: &Ty, view: Option<&Schema>) -> u32 {
        let named_kind = |n: &str| self.types.iter().find(|t| t.name == n).map(|t| &t.kind);
        match ty {
            Ty::Unit => 0,
            Ty::Nullable(inner) => self.rank(inner, view),
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
}
