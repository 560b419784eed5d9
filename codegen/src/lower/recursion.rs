//! Boxing the fields and variants that would make a type contain itself.

use std::collections::HashMap;

use crate::error::Error;
use crate::ir::*;

/// Box fields and variants that would make a type contain itself.
pub(super) fn box_recursive(types: &mut [TypeDef], file: &str) -> Result<(), Error> {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct containment edges (not through Vec or Map, which are already indirect).
    fn direct(ty: &Ty, out: &mut Vec<String>) {
        match ty {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Option(inner) | Ty::Nullable(inner) => direct(inner, out),
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
            fn boxed_inside(ty: Ty) -> Ty {
                match ty {
                    Ty::Option(inner) => Ty::Option(Box::new(boxed_inside(*inner))),
                    Ty::Nullable(inner) => Ty::Nullable(Box::new(boxed_inside(*inner))),
                    other => Ty::Box(Box::new(other)),
                }
            }
            *ty = boxed_inside(std::mem::replace(ty, Ty::Unit));
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
