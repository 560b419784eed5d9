//! `allOf` combining a union with other members (`allOf: [{oneOf: [A, B]}, C]`): the
//! other members are distributed into each variant (`oneOf: [allOf: [A, C], allOf: [B,
//! C]]`), so the value is a typed union of merged structs instead of a JSON value. A
//! discriminator of the union stays one: each variant's tag property is pinned to the
//! values its mapping (or its component name) gives it.

use super::*;

/// Variants past which the distribution (the product of several unions' members) is not
/// attempted.
const MAX_VARIANTS: usize = 64;

impl Lowerer<'_> {
    /// `s` (an `allOf` with a union among its members, resolved) as an equivalent union,
    /// or `None` when it is not one (or too large).
    pub(super) fn distribute_all_of(&self, s: &Schema) -> Option<Schema> {
        let mut unions: Vec<Schema> = Vec::new();
        let mut rest: Vec<Schema> = Vec::new();
        for m in &s.all_of {
            let resolved = match &m.reference {
                Some(r) => (*self.components.get(r.as_str())?).clone(),
                None => m.clone(),
            };
            if resolved.one_of.is_empty() && resolved.any_of.is_empty() {
                rest.push(m.clone());
            } else if resolved.properties.is_empty() && resolved.all_of.is_empty() {
                unions.push(resolved);
            } else {
                return None;
            }
        }
        if unions.is_empty() {
            return None;
        }
        let own = Schema {
            all_of: Vec::new(),
            one_of: Vec::new(),
            any_of: Vec::new(),
            discriminator: None,
            pointer: s.pointer.clone(),
            ..s.clone()
        };
        if !own.properties.is_empty() || !own.required.is_empty() {
            rest.push(own);
        }
        // Every combination of one member from each union, in order.
        let mut combos: Vec<Vec<Schema>> = vec![Vec::new()];
        for u in &unions {
            let members: Vec<Schema> = u
                .one_of
                .iter()
                .chain(&u.any_of)
                .map(|m| self.pinned(u, m))
                .collect();
            if combos.len() * members.len() > MAX_VARIANTS {
                return None;
            }
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    members.iter().map(move |m| {
                        let mut c = c.clone();
                        c.push(m.clone());
                        c
                    })
                })
                .collect();
        }
        let variants: Vec<Schema> = combos
            .into_iter()
            .enumerate()
            .map(|(i, picked)| {
                let title = picked
                    .iter()
                    .filter_map(|m| m.reference.as_deref().or(m.title.as_deref()))
                    .map(|n| n.rsplit('/').next().unwrap_or(n).to_owned())
                    .collect::<Vec<_>>();
                let mut all_of = picked;
                all_of.extend(rest.iter().cloned());
                Schema {
                    pointer: format!("{}/allOf~{i}", s.pointer),
                    title: (!title.is_empty()).then(|| title.join("And")),
                    types: vec![Type::Object],
                    all_of,
                    ..Schema::default()
                }
            })
            .collect();
        let any = unions.iter().all(|u| u.one_of.is_empty());
        Some(Schema {
            pointer: s.pointer.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
            deprecated: s.deprecated,
            nullable: s.nullable || unions.iter().any(|u| u.nullable),
            examples: s.examples.clone(),
            one_of: if any { Vec::new() } else { variants.clone() },
            any_of: if any { variants } else { Vec::new() },
            ..Schema::default()
        })
    }

    /// A union member with the union's discriminator pinned on it (a single-value enum on
    /// the tag property, from the mapping or the member's component name), so the tag
    /// still decides once the member is merged with others.
    fn pinned(&self, union: &Schema, member: &Schema) -> Schema {
        let Some(d) = &union.discriminator else {
            return member.clone();
        };
        let Some(r) = &member.reference else {
            return member.clone();
        };
        let mut tags: Vec<Value> = d
            .mapping
            .iter()
            .filter(|(_, target)| target == r)
            .map(|(k, _)| Value::String(k.clone()))
            .collect();
        if tags.is_empty() && d.mapping.is_empty() {
            tags.push(Value::String(r.clone()));
        }
        if tags.is_empty() {
            return member.clone();
        }
        let tag = Schema {
            types: vec![Type::Object],
            properties: vec![(
                d.property.clone(),
                Schema {
                    types: vec![Type::String],
                    enum_values: Some(tags),
                    ..Schema::default()
                },
            )],
            required: vec![d.property.clone()],
            ..Schema::default()
        };
        Schema {
            pointer: member.pointer.clone(),
            title: Some(r.clone()),
            all_of: vec![member.clone(), tag],
            ..Schema::default()
        }
    }
}
