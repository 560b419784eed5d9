//! Which serde directions each type needs when `Settings::serde_both` is off: `Serialize`
//! for what the client sends (bodies, parameters), `Deserialize` for what it reads
//! (responses, error bodies, events), and both for the members of a union it reads, since
//! deciding a union's variant re-encodes the candidate to check nothing was lost, and for
//! error bodies, which their enum's `message()` re-encodes.

use std::collections::{HashMap, HashSet};

use crate::ir::{Method, Module, Output, Payload, RequestBody, Ty, TypeDef, TypeKind};

/// Per type name: (needs `Serialize`, needs `Deserialize`).
pub type Directions = HashMap<String, (bool, bool)>;

pub fn directions(module: &Module) -> Directions {
    let types: HashMap<&str, &TypeDef> =
        module.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut ser = HashSet::new();
    let mut de = HashSet::new();
    for m in &module.methods {
        for t in sent(m) {
            mark(&types, &t, &mut ser);
        }
        for t in read(m) {
            mark(&types, &t, &mut de);
        }
    }
    // Error bodies are read, and encoded again by their enum's `message()` and `code()`.
    for e in &module.errors {
        for v in &e.variants {
            mark(&types, &v.ty, &mut de);
            mark(&types, &v.ty, &mut ser);
        }
    }
    // A type neither sent nor read (a schema no operation uses) keeps both, and so does
    // everything it holds.
    let unused: Vec<String> = module
        .types
        .iter()
        .filter(|t| !ser.contains(&t.name) && !de.contains(&t.name))
        .map(|t| t.name.clone())
        .collect();
    for n in unused {
        mark(&types, &Ty::Named(n.clone()), &mut ser);
        mark(&types, &Ty::Named(n), &mut de);
    }
    // Members of unions that are read are re-encoded while decoding.
    let read_unions: Vec<String> = de
        .iter()
        .filter(|n| {
            types
                .get(n.as_str())
                .is_some_and(|t| matches!(t.kind, TypeKind::Union { .. }))
        })
        .cloned()
        .collect();
    for u in read_unions {
        mark(&types, &Ty::Named(u), &mut ser);
    }
    module
        .types
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                (ser.contains(&t.name), de.contains(&t.name)),
            )
        })
        .collect()
}

/// The types the client sends (request bodies, parameters) and every type they reach.
pub fn sent_types(module: &Module) -> HashSet<String> {
    let types: HashMap<&str, &TypeDef> =
        module.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut ser = HashSet::new();
    for m in &module.methods {
        for t in sent(m) {
            mark(&types, &t, &mut ser);
        }
    }
    ser
}

fn sent(m: &Method) -> Vec<Ty> {
    let mut out: Vec<Ty> = m.path_params.iter().map(|p| p.ty.clone()).collect();
    if let Some(p) = &m.params {
        out.push(Ty::Named(p.clone()));
    }
    match &m.body {
        Some(RequestBody::Json { ty, .. } | RequestBody::Form { ty, .. }) => out.push(ty.clone()),
        Some(RequestBody::Multipart { ty }) => out.push(Ty::Named(ty.clone())),
        _ => {}
    }
    out
}

fn read(m: &Method) -> Vec<Ty> {
    match &m.output {
        Output::Plain { statuses, .. } => statuses
            .iter()
            .filter_map(|(_, p)| match p {
                Payload::Json(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        Output::Events { item, .. } => vec![item.clone()],
        Output::ByteStream => Vec::new(),
    }
}

/// Marks `ty` and every type it reaches.
fn mark(types: &HashMap<&str, &TypeDef>, ty: &Ty, seen: &mut HashSet<String>) {
    match ty {
        Ty::Named(n) => {
            if !seen.insert(n.clone()) {
                return;
            }
            let Some(t) = types.get(n.as_str()) else {
                return;
            };
            match &t.kind {
                TypeKind::Struct {
                    fields, additional, ..
                } => {
                    for f in fields {
                        mark(types, &f.ty, seen);
                    }
                    if let Some(a) = additional {
                        mark(types, a, seen);
                    }
                }
                TypeKind::Union { variants, .. } => {
                    for v in variants {
                        mark(types, &v.ty, seen);
                    }
                }
                TypeKind::Alias { ty } => mark(types, ty, seen),
                TypeKind::Params { params } => {
                    for p in params {
                        mark(types, &p.ty, seen);
                    }
                }
                TypeKind::Multipart { fields } => {
                    for f in fields {
                        if let crate::ir::MultipartKind::Text(t)
                        | crate::ir::MultipartKind::Repeated(t)
                        | crate::ir::MultipartKind::Extra(Some(t)) = &f.kind
                        {
                            mark(types, t, seen);
                        }
                    }
                }
                TypeKind::Enum { .. } => {}
            }
        }
        other => {
            if let Some(inner) = other.wrapped() {
                mark(types, inner, seen);
            }
        }
    }
}
