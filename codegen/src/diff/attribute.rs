//! Which wire change is behind each break of the Rust API. A Rust item stands somewhere
//! in the spec (a type at its schema's position, a field at its property, a method at
//! its operation); a wire-breaking change reaches it when it happened there, around it
//! (an enclosing object) or inside it, or when it changed, at its root, a schema the
//! item's old or new signature names (`Usage` became nullable: `Result.usage` changes).
//! A Rust break nothing reaches is the generator's doing, not the spec's.

use std::collections::{BTreeMap, BTreeSet};

use super::{ApiDiff, Change};
use crate::ir::{Module, TypeKind};

/// Where a Rust item stands in the spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Places {
    /// (component schema or operationId, property path in the diff's notation).
    pub(crate) at: Vec<(String, String)>,
    /// Component schemas the item's signatures name.
    pub(crate) named: Vec<String>,
}

/// The places of each item of `items` in the two modules.
pub(crate) fn places(
    items: &[(String, Option<(String, String)>)],
    modules: [&Module; 2],
) -> BTreeMap<String, Places> {
    let mut out = BTreeMap::new();
    for (item, sigs) in items {
        let mut p = Places::default();
        for m in modules {
            place_in(item, m, sigs.as_ref(), &mut p);
            if let Some((old, new)) = sigs {
                for word in words(old).chain(words(new)) {
                    let component = m
                        .types
                        .iter()
                        .find(|t| t.name == word)
                        .and_then(|t| t.pointer.strip_prefix("/components/schemas/"))
                        .filter(|rest| !rest.contains('/'));
                    if let Some(c) = component.map(unescape) {
                        if !p.named.contains(&c) {
                            p.named.push(c);
                        }
                    }
                }
            }
        }
        out.insert(item.clone(), p);
    }
    out
}

fn words(sig: &str) -> impl Iterator<Item = &str> {
    sig.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
}

use crate::error::unescape_token as unescape;

/// The arguments of a `new` signature (`(a: A, b: B)`) that are not in both, or differ.
fn changed_args(old: &str, new: &str) -> Vec<String> {
    let args = |sig: &str| -> Vec<(String, String)> {
        sig.trim_matches(|c| c == '(' || c == ')')
            .split(", ")
            .filter_map(|a| a.split_once(": "))
            .map(|(n, t)| (n.to_owned(), t.to_owned()))
            .collect()
    };
    let (a, b) = (args(old), args(new));
    let mut out: Vec<String> = a
        .iter()
        .filter(|x| !b.contains(x))
        .chain(b.iter().filter(|x| !a.contains(x)))
        .map(|(n, _)| n.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Add where `item` stands in `m` to `p` (`sigs`: its old and new signatures).
fn place_in(item: &str, m: &Module, sigs: Option<&(String, String)>, p: &mut Places) {
    let mut push = |at: (String, String)| {
        if !p.at.contains(&at) {
            p.at.push(at);
        }
    };
    if let Some(rest) = item.strip_prefix("types::") {
        let end = rest.find(['.', ':']).unwrap_or(rest.len());
        let (name, member) = (&rest[..end], &rest[end..]);
        let Some(t) = m.types.iter().find(|t| t.name == name) else {
            return;
        };
        let Some((subject, path)) = location(&t.pointer, m) else {
            return;
        };
        // An alias's fields are its target's.
        let mut def = t;
        for _ in 0..16 {
            let TypeKind::Alias {
                ty: crate::ir::Ty::Named(target),
            } = &def.kind
            else {
                break;
            };
            match m.types.iter().find(|t| t.name == *target) {
                Some(next) => def = next,
                None => break,
            }
        }
        let TypeKind::Struct { fields, .. } = &def.kind else {
            push((subject, path));
            return;
        };
        let wire = |field: &str| {
            let wire = fields
                .iter()
                .find(|f| f.name == field)
                .map(|f| f.wire.clone());
            join(&path, &wire.unwrap_or_else(|| field.to_owned()))
        };
        match (member.strip_prefix('.'), member == "::new", sigs) {
            (Some(field), _, _) => push((subject, wire(field))),
            // `new` stands at the arguments that changed.
            (None, true, Some((old, new))) => {
                let changed = changed_args(old, new);
                if changed.is_empty() {
                    push((subject.clone(), path.clone()));
                }
                for arg in changed {
                    push((subject.clone(), wire(&arg)));
                }
            }
            _ => push((subject, path)),
        }
        return;
    }
    // A method or a mock handler stands at its operation.
    for method in &m.methods {
        let at = match method.group.and_then(|g| m.groups.get(g)) {
            Some(g) => format!("client.{}().{}", g.accessor, method.name),
            None => format!("client.{}", method.name),
        };
        if item == at || item.strip_prefix(at.as_str()) == Some("_with") {
            push((method.operation_id.clone(), String::new()));
        }
    }
    for r in &m.mocks {
        if item == format!("mock.{}", r.handler) {
            push((r.operation_id.clone(), String::new()));
        }
    }
}

/// A schema pointer as (component or operationId, property path): `properties/x` is `.x`,
/// `items` is `[]`; a union's or `allOf`'s member stands where the union stands.
fn location(pointer: &str, m: &Module) -> Option<(String, String)> {
    let (subject, rest): (String, Vec<&str>) =
        if let Some(rest) = pointer.strip_prefix("/components/schemas/") {
            let mut parts = rest.split('/');
            (unescape(parts.next()?), parts.collect())
        } else {
            // `/paths/<template>/<method>/…`: the operation.
            let rest = pointer.strip_prefix("/paths/")?;
            let mut parts = rest.split('/');
            let (path, method) = (unescape(parts.next()?), parts.next()?);
            let route = m
                .mocks
                .iter()
                .find(|r| r.path == path && r.http_method.eq_ignore_ascii_case(method))?;
            return Some((route.operation_id.clone(), String::new()));
        };
    let mut path = String::new();
    let mut parts = rest.into_iter();
    while let Some(part) = parts.next() {
        match part {
            "properties" => match parts.next() {
                Some(name) => path = join(&path, &unescape(name)),
                None => break,
            },
            "items" => path.push_str("[]"),
            _ => break,
        }
    }
    Some((subject, path))
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Where a change happened: its object's path, and the property when it is about one.
fn change_at(c: &Change) -> String {
    match &c.item {
        Some(item) if c.kind.starts_with("property-") => join(&c.at, item),
        _ => c.at.clone(),
    }
}

/// `a` is `b`, or one holds the other (`x` holds `x.y` and `x[]`).
fn related(a: &str, b: &str) -> bool {
    let holds = |outer: &str, inner: &str| {
        outer.is_empty()
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    holds(a, b) || holds(b, a)
}

/// A wire-breaking change, as told: `Schema \`Usage\`: may now be null`.
fn tell(subject: &str, schema: bool, c: &Change) -> String {
    let what = if schema { "schema" } else { "operation" };
    let at = change_at(c);
    if at.is_empty() || c.detail.contains(&format!("`{at}`")) {
        format!("{what} {subject}: {}", c.detail)
    } else {
        format!("{what} {subject}, `{at}`: {}", c.detail)
    }
}

/// The wire-breaking changes that reach an item at `p`: (schema or operation, is it a
/// schema, the change).
fn reaching<'a>(p: &Places, api: &'a ApiDiff) -> Vec<(&'a str, bool, &'a Change)> {
    let mut out = Vec::new();
    // A type stands where its schema stands and where the schemas it extends do.
    let at = p.at.iter().flat_map(|(subject, path)| {
        let bases = api.bases.get(subject).into_iter().flatten();
        std::iter::once(subject)
            .chain(bases)
            .map(move |s| (s, path))
    });
    for (subject, path) in at {
        if let Some((name, cs)) = api.schemas.get_key_value(subject) {
            let near = cs
                .iter()
                .filter(|c| c.breaking && related(&change_at(c), path));
            out.extend(near.map(|c| (name.as_str(), true, c)));
        }
        if let Some((id, cs)) = api.changed.get_key_value(subject) {
            out.extend(
                cs.iter()
                    .filter(|c| c.breaking)
                    .map(|c| (id.as_str(), false, c)),
            );
        }
    }
    for subject in &p.named {
        if let Some((name, cs)) = api.schemas.get_key_value(subject) {
            let root = cs
                .iter()
                .filter(|c| c.breaking && c.at.is_empty() && !c.kind.starts_with("property-"));
            out.extend(root.map(|c| (name.as_str(), true, c)));
        }
    }
    // The change at the item's own place first, then around or inside it.
    let exact = |c: &Change| p.at.iter().any(|(_, path)| change_at(c) == *path);
    out.sort_by_key(|(_, _, c)| !exact(c));
    out
}

/// For each item with places, the wire-breaking changes that reach it, as told.
pub(crate) fn causes(
    places: &BTreeMap<String, Places>,
    api: &ApiDiff,
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (item, p) in places {
        // Closest first: the item's own place, around or inside it, then the schemas
        // it extends or names.
        let mut found: Vec<String> = Vec::new();
        let told = reaching(p, api)
            .into_iter()
            .map(|(subject, schema, c)| tell(subject, schema, c));
        let removed =
            p.at.iter()
                .filter(|(subject, _)| api.removed.contains(subject))
                .map(|(subject, _)| format!("operation {subject} removed"));
        for t in told.chain(removed) {
            if !found.contains(&t) {
                found.push(t);
            }
        }
        out.insert(item.clone(), found);
    }
    out
}

/// The changes (schema or operation, kind, object path) behind Rust breaks: which
/// entries of the report break Rust code.
pub(crate) fn breaking_changes(
    places: &BTreeMap<String, Places>,
    api: &ApiDiff,
) -> BTreeSet<(String, &'static str, String)> {
    places
        .values()
        .flat_map(|p| reaching(p, api))
        .map(|(subject, _, c)| (subject.to_owned(), c.kind, c.at.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_hold_what_is_inside_them() {
        assert!(related("", "a.b"));
        assert!(related("a", "a.b"));
        assert!(related("a.b", "a"));
        assert!(related("tools", "tools[]"));
        assert!(!related("a", "ab"));
        assert!(!related("a.b", "a.c"));
    }
}
