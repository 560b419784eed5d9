//! Structurally identical types become one: the first (in definition order) keeps its
//! definition and the others become aliases of it. Specs repeat shapes under many names
//! (one error-data object per status, one `{deleted: true}` per delete); each copy costs
//! a struct, its serde impls and its constructors at compile time.
//!
//! Two types are identical when their kinds are equal once docs are dropped and the types
//! they name are replaced by their representatives, so sharing propagates: once the
//! error-data objects are one type, the error bodies holding them become one too.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{Docs, Ty, TypeDef, TypeKind};

/// Share identical types among `types`; returns each type that became an alias, with the
/// type it is an alias of. Of identical
/// types, one whose name is in `prefer` (a name lock's names) keeps the definition, so a
/// spec that adds an identical schema before an old one does not move the old type's
/// members under a new name; otherwise the first in definition order does. Enums, which
/// have no members, take their component's name when one of them is a component.
pub(super) fn share_identical(
    types: &mut [TypeDef],
    prefer: &BTreeSet<String>,
) -> HashMap<String, String> {
    let mut canon: HashMap<String, String> = HashMap::new();
    let enum_components: BTreeSet<String> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Enum { .. }))
        .filter(|t| {
            t.pointer
                .strip_prefix("/components/schemas/")
                .is_some_and(|rest| !rest.contains('/'))
        })
        .map(|t| t.name.clone())
        .collect();
    loop {
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut by_shape: HashMap<String, usize> = HashMap::new();
        for t in types.iter() {
            if canon.contains_key(&t.name) {
                continue;
            }
            let Some(shape) = shape(&t.kind, &canon) else {
                continue;
            };
            let at = *by_shape.entry(shape).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[at].push(t.name.clone());
        }
        let mut changed = false;
        for group in groups.iter().filter(|g| g.len() > 1) {
            // An enum has no members of its own to keep names for: the spec's component
            // (`ReasoningEffort`) names it rather than the first inline copy.
            let component = group.iter().find(|n| enum_components.contains(n.as_str()));
            let rep = component
                .or_else(|| group.iter().find(|n| prefer.contains(*n)))
                .unwrap_or(&group[0]);
            for n in group.iter().filter(|n| *n != rep) {
                canon.insert(n.clone(), rep.clone());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for t in types.iter_mut() {
        if let Some(rep) = canon.get(&t.name) {
            t.docs
                .notes
                .push(format!("The same shape as [`{rep}`], so the same type."));
            t.kind = TypeKind::Alias {
                ty: Ty::Named(rep.clone()),
            };
        }
    }
    let resolved: Vec<(String, String)> = canon
        .keys()
        .map(|k| (k.clone(), resolve(k, &canon).to_owned()))
        .collect();
    resolved.into_iter().collect()
}

fn resolve<'a>(name: &'a str, canon: &'a HashMap<String, String>) -> &'a str {
    let mut n = name;
    while let Some(next) = canon.get(n) {
        n = next;
    }
    n
}

/// The kind with docs dropped and names canonical, as text; `None` for kinds that are
/// never shared (aliases, parameter structs, multipart bodies).
fn shape(kind: &TypeKind, canon: &HashMap<String, String>) -> Option<String> {
    let mut k = kind.clone();
    let rename = |ty: &mut Ty| map_names(ty, &|n| resolve(n, canon).to_owned());
    match &mut k {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            for f in fields.iter_mut() {
                f.docs = Docs::default();
                f.deprecated = false;
                rename(&mut f.ty);
            }
            if let Some(a) = additional {
                rename(a);
            }
        }
        TypeKind::Union { variants, .. } => {
            for v in variants.iter_mut() {
                v.docs = Docs::default();
                rename(&mut v.ty);
            }
        }
        TypeKind::Enum { .. } => {}
        TypeKind::Alias { .. } | TypeKind::Params { .. } | TypeKind::Multipart { .. } => {
            return None;
        }
    }
    Some(format!("{k:?}"))
}

/// Rename every type `ty` names, through its wrappers (`Option`, `Vec`, …).
pub(super) fn map_names(ty: &mut Ty, f: &dyn Fn(&str) -> String) {
    match ty {
        Ty::Named(n) => *n = f(n),
        other => {
            if let Some(inner) = other.wrapped_mut() {
                map_names(inner, f);
            }
        }
    }
}
