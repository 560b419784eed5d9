//! How each struct's `new` takes its required values: positionally when that cannot be
//! called wrong, else through a named `…Required` struct of public fields.
//!
//! The rule (decided here, emitted by `emit/builders.rs`):
//! - at most [`MAX_POSITIONAL`] arguments, and no two adjacent ones that accept the same
//!   kind of value — a string literal fits `String`, every string enum and every union
//!   with a text variant; a number literal fits every number type — so that two
//!   arguments cannot be swapped silently: `new(a, b)`;
//! - otherwise `new(FooRequired { a, b, c, d })`: named fields, in the spec's property
//!   order, that the compiler checks are all there.
//!
//! Constants (one-value enums) are filled in by `new` and never count. The same rule
//! applies to parameter structs and multipart forms.

use std::collections::HashMap;

use crate::ir::{MultipartKind, Ty, TypeDef, TypeKind};
use crate::naming::Namer;

/// The most positional arguments a constructor takes.
pub const MAX_POSITIONAL: usize = 3;

/// Give each struct, parameter struct and multipart form that needs one the name of its
/// `…Required` struct (unique among the module's types).
pub(super) fn plan(types: &mut [TypeDef], namer: &mut Namer) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let needs: Vec<bool> = types
        .iter()
        .map(|t| {
            let classes: Vec<String> = required_args(t, types, &index)
                .iter()
                .map(|ty| class(ty, types, &index, 0))
                .collect();
            !positional_ok(&classes)
        })
        .collect();
    for (t, needs) in types.iter_mut().zip(needs) {
        if needs {
            t.required_args = Some(required_name(namer, &t.name));
        }
    }
    // An alias of such a type (a schema shared with an identical one) gets an alias of its
    // `…Required` struct, so `Usage::new(UsageRequired { .. })` reads as the spec names it.
    let aliased: Vec<Option<String>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias { ty } => alias_target(ty, types, &index, 0)
                .and_then(|i| types[i].required_args.as_ref())
                .map(|_| required_name(namer, &t.name)),
            _ => None,
        })
        .collect();
    for (t, name) in types.iter_mut().zip(aliased) {
        if name.is_some() {
            t.required_args = name;
        }
    }
}

/// `FooRequired`, from a name shortened by meaning when the whole would pass 50
/// characters.
fn required_name(namer: &mut Namer, name: &str) -> String {
    let candidates: Vec<String> = crate::naming::type_name_candidates(name)
        .into_iter()
        .map(|c| format!("{c}Required"))
        .collect();
    namer.first_free(&candidates)
}

/// The struct an alias stands for, through chains of aliases.
pub fn alias_target(
    ty: &Ty,
    types: &[TypeDef],
    index: &HashMap<String, usize>,
    depth: usize,
) -> Option<usize> {
    let Ty::Named(n) = ty else { return None };
    let &i = index.get(n)?;
    match &types[i].kind {
        TypeKind::Alias { ty } if depth < 32 => alias_target(ty, types, index, depth + 1),
        TypeKind::Alias { .. } => None,
        _ => Some(i),
    }
}

/// True when arguments of these kinds can be taken positionally.
pub fn positional_ok(classes: &[String]) -> bool {
    classes.len() <= MAX_POSITIONAL && classes.windows(2).all(|w| w[0] != w[1])
}

/// The types `new` takes, in order (constants left out).
fn required_args<'t>(
    t: &'t TypeDef,
    types: &[TypeDef],
    index: &HashMap<String, usize>,
) -> Vec<&'t Ty> {
    match &t.kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            // A required property that may be `null` is not an argument: `new` sets it to
            // `null` and a setter gives it a value, so `new` does not change when a spec
            // adds one.
            .filter(|f| f.is_new_arg() && !is_constant(&f.ty, types, index))
            .map(|f| &f.ty)
            .collect(),
        TypeKind::Params { params } => params
            .iter()
            .filter(|p| p.required)
            .map(|p| &p.ty)
            .collect(),
        TypeKind::Multipart { fields } => fields
            .iter()
            .filter_map(|f| match &f.kind {
                MultipartKind::File if f.required => Some(&FILE),
                MultipartKind::Text(ty) if f.required && !ty.is_option() => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Stands in for a file part's type.
static FILE: Ty = Ty::Named(String::new());

/// A required one-value enum, which `new` fills in itself.
pub fn is_constant(ty: &Ty, types: &[TypeDef], index: &HashMap<String, usize>) -> bool {
    let Ty::Named(n) = ty else { return false };
    matches!(
        index.get(n).map(|&i| &types[i].kind),
        Some(TypeKind::Enum { variants }) if variants.len() == 1
    )
}

/// The kind of value an argument of type `ty` accepts, as a reader sees it at the call.
fn class(ty: &Ty, types: &[TypeDef], index: &HashMap<String, usize>, depth: usize) -> String {
    if depth > 16 {
        return "deep".to_owned();
    }
    match ty {
        Ty::Option(i) | Ty::Nullable(i) | Ty::Box(i) => class(i, types, index, depth + 1),
        Ty::String => "text".to_owned(),
        Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => "number".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Unit => "unit".to_owned(),
        Ty::Json | Ty::JsonObject => "json".to_owned(),
        Ty::Vec(i) => format!("list of {}", class(i, types, index, depth + 1)),
        Ty::Map(i) => format!("map of {}", class(i, types, index, depth + 1)),
        Ty::Named(n) => match index.get(n).map(|&i| &types[i].kind) {
            Some(TypeKind::Alias { ty }) => class(ty, types, index, depth + 1),
            Some(TypeKind::Enum { .. }) => "text".to_owned(),
            Some(TypeKind::Union { variants, .. })
                if variants.iter().any(|v| {
                    v.unit.is_none() && class(&v.ty, types, index, depth + 1) == "text"
                }) =>
            {
                "text".to_owned()
            }
            _ => format!("type {n}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn positional_only_when_it_cannot_be_swapped() {
        assert!(positional_ok(&classes(&[])));
        assert!(positional_ok(&classes(&["text", "list of type Message"])));
        assert!(positional_ok(&classes(&["text", "number", "text"])));
        assert!(!positional_ok(&classes(&["text", "text"])));
        assert!(!positional_ok(&classes(&[
            "number", "bool", "text", "json"
        ])));
    }
}
