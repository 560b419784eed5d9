//! Field types a spec update does not change in Rust: the name lock records each struct
//! field's Rust type, and a later version keeps it while it still carries what the new
//! schema allows, in the directions the client uses the struct:
//!
//! - a struct the client reads keeps a type that decodes every value the new schema
//!   allows, losslessly (an open enum for what became a plain string, `Option<T>` for
//!   what became required, `f64` for what became an integer, a union for one of its
//!   members, an open struct for one with its fields and more);
//! - a struct the client sends keeps a type whose every value the new schema accepts
//!   (`String` for what became optional, `Option<T>` for what became nullable, an enum
//!   for what became a plain string);
//! - one it does both keeps a type that does both.
//!
//! A type the old field named that the spec dropped is found again where the field points
//! now (same kind, a shape grown from the old one: `FunctionCallOutputItemStatus` →
//! `ToolCallStatus`, kept as a deprecated alias), or, for an enum, made again from the
//! values the lock recorded. An alias of a plain type the spec dropped (`BigNumberUnion`
//! = `String`) stays as a deprecated alias. A component renamed and reshaped at once is
//! found where an operation's body or answer (the lock records each method's), a locked
//! field or a union variant points now, and its own locked fields are followed in turn.
//! A union's variant keeps its locked name when it holds the type it held.
//!
//! Field types are decided on the module before identical types are shared (so a type
//! kept as it was stays apart from a new schema's, and each type's directions are its own
//! schema's); variant names after. `llmgate spec vendor --prune-names` adopts the new
//! types.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Docs, EnumVariant, Module, Ty, TypeDef, TypeKind};
use crate::lock::{self, Entry, NameLock};

/// A locked type of the spec's that the current module lacks.
struct Gone<'a> {
    key: &'a str,
    entry: &'a Entry,
}

/// What the lock knows, by where it stands in the module now.
struct Index<'a> {
    /// Every name, old or current, with the current type it stands for.
    current: HashMap<String, String>,
    /// Locked types the module lacks, by each of their names.
    gone: HashMap<String, Gone<'a>>,
    /// Locked fields (or variants) of types the module has, with the type's index.
    at: Vec<(&'a BTreeMap<String, String>, usize)>,
}

impl<'a> Index<'a> {
    fn new(module: &Module, lock: &'a NameLock, keys: &BTreeMap<String, usize>) -> Self {
        let mut current: HashMap<String, String> = module
            .types
            .iter()
            .map(|t| (t.name.clone(), t.name.clone()))
            .collect();
        let mut gone: HashMap<String, Gone<'a>> = HashMap::new();
        let mut at = Vec::new();
        // An alias's members are its target's (`Old = Union` keeps `Union`'s variants).
        let by_name = lock.types_by_name();
        for (key, entry) in lock.entries.iter().filter(|(k, _)| k.starts_with("type ")) {
            let now = keys.get(key).copied().or_else(|| {
                let name = lock::find_moved(module, entry)?;
                module.types.iter().position(|t| t.name == name)
            });
            let Some(i) = now else {
                for old in &entry.names {
                    gone.entry(old.clone()).or_insert(Gone { key, entry });
                }
                continue;
            };
            let name = module.types[i].name.clone();
            for old in &entry.names {
                current.entry(old.clone()).or_insert_with(|| name.clone());
            }
            let target = entry.shape.strip_prefix("alias:");
            let fields = match target.and_then(|t| by_name.get(t)) {
                Some(e) if entry.fields.is_empty() => &e.fields,
                _ => &entry.fields,
            };
            if !fields.is_empty() {
                at.push((fields, i));
            }
        }
        Index { current, gone, at }
    }
}

/// Keep the locked field types of `module`'s structs ([module docs](self)).
pub(crate) fn field_types(module: &mut Module, lock: &NameLock) {
    let keys: BTreeMap<String, usize> = lock::type_keys(module).into_iter().collect();
    let idx = Index::new(module, lock, &keys);
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    moved_by_aliases(module, lock, &keys, &idx.gone, &mut moved);
    // Types found again through variants (the names themselves wait for sharing).
    variant_names(module, &idx.at, &idx.current, &idx.gone, &mut moved);
    discover_moves(module, lock, &idx, &mut moved);
    let (plan, mut remade) = plan_fields(module, &idx, &moved);
    // Types remade for fields that in the end did not keep them are not added.
    let used: Vec<String> = plan.iter().flat_map(|(_, _, ty, _)| names_in(ty)).collect();
    remade.retain(|name, _| used.contains(name));
    for (i, j, ty, required) in plan {
        if let TypeKind::Struct { fields, .. } = &mut module.types[i].kind {
            fields[j].ty = ty;
            fields[j].required = required;
        }
    }
    // Aliases of plain types the spec dropped stay, deprecated.
    for g in idx.gone.values() {
        let Some(text) = g.entry.shape.strip_prefix("alias=") else {
            continue;
        };
        let name = &g.entry.names[0];
        let plain = parse_ty(text).filter(|t| names_in(t).is_empty());
        if let (Some(ty), false) = (plain, idx.current.contains_key(name)) {
            remade.entry(name.clone()).or_insert_with(|| TypeDef {
                name: name.clone(),
                pointer: pointer_of(g.key),
                docs: Docs {
                    description: Some(format!(
                        "Kept by the name lock: the spec no longer has `{name}`."
                    )),
                    ..Docs::default()
                },
                deprecated: true,
                kind: TypeKind::Alias { ty },
                examples: Vec::new(),
                required_args: None,
            });
        }
    }
    module.types.extend(remade.into_values());
    // Left in place: sharing identical types reads them in definition order.
    module.moved = moved;
}

/// Follow locked types to where they stand now: each locked field's type and each
/// locked method's body and answers against the current ones; a dropped type found
/// again (`ChatGenerationParams` → `ChatRequest` at the chat operation's body) has its
/// own locked fields followed in turn.
fn discover_moves(
    module: &Module,
    lock: &NameLock,
    idx: &Index<'_>,
    moved: &mut BTreeMap<String, String>,
) {
    let struct_pairs = |locked: &BTreeMap<String, String>, t: &TypeDef, out: &mut Vec<(Ty, Ty)>| {
        if let TypeKind::Struct { fields, .. } = &t.kind {
            for f in fields {
                let old = locked.get(&f.wire).map(|l| l.trim_start_matches('!'));
                out.extend(old.and_then(parse_ty).map(|old| (old, f.ty.clone())));
            }
        }
    };
    let mut pairs: Vec<(Ty, Ty)> = Vec::new();
    for (locked, i) in &idx.at {
        struct_pairs(locked, &module.types[*i], &mut pairs);
    }
    for (key, i) in lock::method_keys(module) {
        let Some(entry) = lock.entries.get(&key) else {
            continue;
        };
        for (slot, ty) in lock::method_slots(&module.methods[i]) {
            let old = entry.fields.get(&slot).and_then(|t| parse_ty(t));
            pairs.extend(old.map(|old| (old, ty)));
        }
    }
    while let Some((old, new)) = pairs.pop() {
        let mut found = BTreeMap::new();
        find_moves(&old, &new, module, &idx.current, &idx.gone, &mut found);
        for (x, y) in found {
            if moved.contains_key(&x) {
                continue;
            }
            moved.insert(x.clone(), y.clone());
            let (Some(g), Some(t)) = (idx.gone.get(&x), module.types.iter().find(|t| t.name == y))
            else {
                continue;
            };
            struct_pairs(&g.entry.fields, t, &mut pairs);
        }
    }
}

/// Which fields keep their locked type: (type index, field index, type, required), and
/// the enums made again for them.
#[allow(
    clippy::type_complexity,
    reason = "a plan and what it needs, read once by the caller"
)]
fn plan_fields(
    module: &Module,
    idx: &Index<'_>,
    moved: &BTreeMap<String, String>,
) -> (Vec<(usize, usize, Ty, bool)>, BTreeMap<String, TypeDef>) {
    // Sent: what a request reaches; read: what needs decoding (a union's members also
    // need encoding to be told apart, which is not sending them).
    let dirs = crate::directions::directions(module);
    let sent_types = crate::directions::sent_types(module);
    let mut remade: BTreeMap<String, TypeDef> = BTreeMap::new();
    let mut plan = Vec::new();
    let names = Names {
        module,
        current: &idx.current,
        moved,
        gone: &idx.gone,
    };
    for (locked_fields, i) in &idx.at {
        let t = &module.types[*i];
        let TypeKind::Struct { fields, .. } = &t.kind else {
            continue;
        };
        // A type no operation uses keeps what still works one way or the other.
        let sent = sent_types.contains(&t.name);
        let read = dirs.get(&t.name).is_some_and(|&(_, de)| de);
        let either = !sent && !read;
        for (j, f) in fields.iter().enumerate() {
            let Some(locked) = locked_fields.get(&f.wire) else {
                continue;
            };
            let (required, text) = match locked.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, locked.as_str()),
            };
            let Some(old) = parse_ty(text).and_then(|old| names.rename(&old, &mut remade)) else {
                continue;
            };
            if old == f.ty {
                continue;
            }
            let kinds = Kinds {
                module,
                remade: &remade,
            };
            let (reads, writes) = (kinds.reads(&old, &f.ty, 0), kinds.writes(&old, &f.ty, 0));
            let keeps = if either {
                reads || writes
            } else {
                (!read || reads) && (!sent || writes)
            };
            if keeps {
                plan.push((*i, j, old, required));
            }
        }
    }
    (plan, remade)
}

/// A dropped type that other positions were aliases of (identical schemas share one
/// definition) stands where those positions' type stands now, when that grew from it.
fn moved_by_aliases(
    module: &Module,
    lock: &NameLock,
    keys: &BTreeMap<String, usize>,
    gone: &HashMap<String, Gone<'_>>,
    moved: &mut BTreeMap<String, String>,
) {
    let mut found: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (key, entry) in &lock.entries {
        let Some(x) = entry.shape.strip_prefix("alias:") else {
            continue;
        };
        let (Some(g), Some(&i)) = (gone.get(x), keys.get(key)) else {
            continue;
        };
        let Ty::Named(y) = resolve_alias(module, &Ty::Named(module.types[i].name.clone())) else {
            continue;
        };
        let grown = module
            .types
            .iter()
            .any(|t| t.name == y && lock::grew_from(&g.entry.shape, &lock::shape(t)));
        if grown && !g.entry.shape.starts_with("alias") {
            let list = found.entry(x).or_default();
            if !list.contains(&y) {
                list.push(y);
            }
        }
    }
    for (x, ys) in found {
        if let [y] = ys.as_slice() {
            moved.entry(x.to_owned()).or_insert_with(|| y.clone());
        }
    }
}

/// A union's variant keeps its locked name when it holds the type it held (under that
/// type's current name, or the type standing where a dropped one stood: the one variant
/// whose type grew from it). A name another variant has now is left to that one.
fn variant_names(
    module: &Module,
    at: &[(&BTreeMap<String, String>, usize)],
    current: &HashMap<String, String>,
    gone: &HashMap<String, Gone<'_>>,
    moved: &mut BTreeMap<String, String>,
) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (locked, i) in at {
        let TypeKind::Union { variants, .. } = &module.types[*i].kind else {
            continue;
        };
        // The one variant holding a type grown from one of this shape.
        let grown_from = |shape: &str| -> Option<String> {
            let grown: Vec<&String> = variants
                .iter()
                .filter_map(|v| match &v.ty {
                    Ty::Named(y) if v.unit.is_none() => Some(y),
                    _ => None,
                })
                .filter(|y| {
                    module
                        .types
                        .iter()
                        .any(|t| t.name == **y && lock::grew_from(shape, &lock::shape(t)))
                })
                .collect();
            match grown.as_slice() {
                [one] => Some((*one).clone()),
                _ => None,
            }
        };
        for (old_name, text) in locked.iter() {
            let Some(Ty::Named(x)) = parse_ty(text) else {
                continue;
            };
            let now = match current.get(&x).or_else(|| moved.get(&x)) {
                Some(now) => now.clone(),
                None => {
                    let Some(g) = gone.get(&x) else { continue };
                    let Some(one) = grown_from(&g.entry.shape) else {
                        continue;
                    };
                    moved.insert(x.clone(), one.clone());
                    one
                }
            };
            // The variant holding that type, or (not shared yet with an identical one)
            // the one holding a type grown from it.
            let holds =
                |v: &crate::ir::UnionVariant| v.unit.is_none() && v.ty == Ty::Named(now.clone());
            let holder = variants.iter().position(holds).or_else(|| {
                let t = module.types.iter().find(|t| t.name == now)?;
                let y = grown_from(&lock::shape(t))?;
                variants.iter().position(|v| v.ty == Ty::Named(y.clone()))
            });
            let taken = variants.iter().any(|v| v.name == *old_name);
            if let (Some(j), false) = (holder, taken) {
                out.push((*i, j, old_name.clone()));
            }
        }
    }
    out
}

/// Union variants keep their locked names ([`variant_names`]), once identical types are
/// shared (a variant renamed before would tell two identical unions apart).
pub(crate) fn keep_variant_names(module: &mut Module, lock: &NameLock) {
    let keys: BTreeMap<String, usize> = lock::type_keys(module).into_iter().collect();
    let idx = Index::new(module, lock, &keys);
    let mut moved = module.moved.clone();
    let renames = variant_names(module, &idx.at, &idx.current, &idx.gone, &mut moved);
    for (i, j, name) in renames {
        if let TypeKind::Union { variants, .. } = &mut module.types[i].kind {
            variants[j].name = name;
        }
    }
    module.moved = moved;
}

/// The schema pointer of a type's lock key (`type /components/schemas/X #1`).
fn pointer_of(key: &str) -> String {
    let rest = key.strip_prefix("type ").unwrap_or(key);
    rest.split(" #").next().unwrap_or(rest).to_owned()
}

/// Where a locked field's type named a type the spec dropped and the field now names a
/// type of the same kind grown from it, that type is the old one's new name.
fn find_moves(
    old: &Ty,
    new: &Ty,
    module: &Module,
    current: &HashMap<String, String>,
    gone: &HashMap<String, Gone<'_>>,
    moved: &mut BTreeMap<String, String>,
) {
    let new = resolve_alias(module, new);
    let (old, new) = (core(old), core(&new));
    match (old, new) {
        (Ty::Vec(a), Ty::Vec(b)) | (Ty::Map(a), Ty::Map(b)) => {
            find_moves(a, b, module, current, gone, moved)
        }
        (Ty::Named(x), Ty::Named(y)) if !current.contains_key(x) && !moved.contains_key(x) => {
            let (Some(g), Some(t)) = (gone.get(x), module.types.iter().find(|t| t.name == *y))
            else {
                return;
            };
            if !g.entry.shape.starts_with("alias") && resembles(&g.entry.shape, &lock::shape(t)) {
                moved.insert(x.clone(), y.clone());
            }
        }
        _ => {}
    }
}

/// True when a type of shape `new`, standing where one of shape `old` stood, is that
/// type renamed: the same kind, and at least half of the old one's properties or values
/// (a union: the same kind).
fn resembles(old: &str, new: &str) -> bool {
    if lock::grew_from(old, new) {
        return true;
    }
    let (Some((ok, ol)), Some((nk, nl))) = (old.split_once(':'), new.split_once(':')) else {
        return false;
    };
    if ok != nk || ok == "union" {
        return ok == nk;
    }
    let had: Vec<&str> = ol.split(',').filter(|w| !w.is_empty()).collect();
    let has: BTreeSet<&str> = nl.split(',').collect();
    had.len() >= 2 && had.iter().filter(|w| has.contains(*w)).count() * 2 >= had.len()
}

/// A type without its `Option`, `Nullable` and `Box` wrappers.
fn core(t: &Ty) -> &Ty {
    match t {
        Ty::Option(i) | Ty::Nullable(i) | Ty::Box(i) => core(i),
        other => other,
    }
}

/// A named alias's target (a chain followed), other types as they are.
fn resolve_alias(module: &Module, t: &Ty) -> Ty {
    let mut t = t.clone();
    for _ in 0..16 {
        let Ty::Named(n) = core(&t) else { break };
        let target = module
            .types
            .iter()
            .find(|d| d.name == *n)
            .and_then(|d| match &d.kind {
                TypeKind::Alias { ty } => Some(ty.clone()),
                _ => None,
            });
        match target {
            Some(next) => t = next,
            None => break,
        }
    }
    t
}

/// The type names a type mentions.
fn names_in(t: &Ty) -> Vec<String> {
    match t {
        Ty::Named(n) => vec![n.clone()],
        other => other.wrapped().map(names_in).unwrap_or_default(),
    }
}

/// What a locked type's names stand for now.
struct Names<'a> {
    module: &'a Module,
    current: &'a HashMap<String, String>,
    moved: &'a BTreeMap<String, String>,
    gone: &'a HashMap<String, Gone<'a>>,
}

impl Names<'_> {
    /// `t` in current names; an enum the spec dropped is made again (into `remade`).
    /// `None` when a name stands for nothing that can be kept.
    fn rename(&self, t: &Ty, remade: &mut BTreeMap<String, TypeDef>) -> Option<Ty> {
        let inner =
            |i: &Ty, remade: &mut BTreeMap<String, TypeDef>| self.rename(i, remade).map(Box::new);
        Some(match t {
            Ty::Named(n) => {
                if let Some(now) = self.current.get(n).or_else(|| self.moved.get(n)) {
                    return Some(Ty::Named(now.clone()));
                }
                let g = self.gone.get(n)?;
                let mut values = lock::enum_values(&g.entry.shape);
                values.extend(g.entry.dropped.iter().cloned());
                if values.len() < 2 || self.module.types.iter().any(|t| t.name == *n) {
                    return None;
                }
                remade
                    .entry(n.clone())
                    .or_insert_with(|| remade_enum(n, g.key, &values));
                Ty::Named(n.clone())
            }
            Ty::Vec(i) => Ty::Vec(inner(i, remade)?),
            Ty::Map(i) => Ty::Map(inner(i, remade)?),
            Ty::Option(i) => Ty::Option(inner(i, remade)?),
            Ty::Nullable(i) => Ty::Nullable(inner(i, remade)?),
            Ty::Box(i) => Ty::Box(inner(i, remade)?),
            other => other.clone(),
        })
    }
}

/// An open enum of `values`, made again for a field that keeps it.
fn remade_enum(name: &str, key: &str, values: &[String]) -> TypeDef {
    let mut namer = crate::naming::Namer::default();
    let mut wires: Vec<&String> = values.iter().collect();
    wires.sort();
    wires.dedup();
    TypeDef {
        name: name.to_owned(),
        pointer: pointer_of(key),
        docs: Docs {
            description: Some(
                "Kept by the name lock: the values an earlier version of the spec listed \
                 here (the spec now takes any string; other values read as `Unknown`)."
                    .to_owned(),
            ),
            ..Docs::default()
        },
        deprecated: false,
        kind: TypeKind::Enum {
            variants: wires
                .into_iter()
                .map(|w| EnumVariant {
                    name: namer.unique(&crate::naming::variant_name(w)),
                    wire: w.clone(),
                    dropped: false,
                })
                .collect(),
        },
        examples: Vec::new(),
        required_args: None,
    }
}

/// What each type name is, among the module's types and the ones made again.
struct Kinds<'a> {
    module: &'a Module,
    remade: &'a BTreeMap<String, TypeDef>,
}

impl Kinds<'_> {
    fn kind(&self, name: &str) -> Option<&TypeKind> {
        self.remade
            .get(name)
            .or_else(|| self.module.types.iter().find(|t| t.name == name))
            .map(|t| &t.kind)
    }

    fn enum_values(&self, t: &Ty) -> Option<Vec<&str>> {
        let Ty::Named(n) = t else { return None };
        match self.kind(n)? {
            TypeKind::Enum { variants } => Some(variants.iter().map(|v| v.wire.as_str()).collect()),
            TypeKind::Alias { ty } => self.enum_values(ty),
            _ => None,
        }
    }

    /// The payloads of an untagged union's plain members (`number | string`).
    fn members(&self, t: &Ty) -> Vec<&Ty> {
        let Ty::Named(n) = t else { return Vec::new() };
        match self.kind(n) {
            Some(TypeKind::Union {
                variants,
                tag: None,
            }) => variants
                .iter()
                .filter(|v| v.tags.is_empty() && v.consts.is_empty() && v.unit.is_none())
                .map(|v| &v.ty)
                .collect(),
            Some(TypeKind::Alias { ty }) => self.members(ty),
            _ => Vec::new(),
        }
    }

    /// A named alias as what it stands for.
    fn resolved(&self, t: &Ty) -> Ty {
        let mut t = t.clone();
        for _ in 0..16 {
            let Ty::Named(n) = &t else { break };
            match self.kind(n) {
                Some(TypeKind::Alias { ty }) => t = ty.clone(),
                _ => break,
            }
        }
        t
    }

    /// The fields of a struct type, and whether it keeps undeclared properties.
    fn fields(&self, t: &Ty) -> Option<(&[crate::ir::Field], bool)> {
        let Ty::Named(n) = t else { return None };
        match self.kind(n)? {
            TypeKind::Struct { fields, open, .. } => Some((fields.as_slice(), *open)),
            _ => None,
        }
    }

    /// Every value of `new` decodes into `old` and is written back as the same value (an
    /// integer read as `f64` is the same number).
    fn reads(&self, old: &Ty, new: &Ty, depth: usize) -> bool {
        let (old, new) = (&self.resolved(old), &self.resolved(new));
        if old == new || *old == Ty::Json {
            return true;
        }
        if depth > 8 {
            return false;
        }
        let d = depth + 1;
        match (old, new) {
            (Ty::Option(a), Ty::Option(b))
            | (Ty::Nullable(a), Ty::Nullable(b))
            | (Ty::Vec(a), Ty::Vec(b))
            | (Ty::Map(a), Ty::Map(b))
            | (Ty::Box(a), Ty::Box(b)) => self.reads(a, b, d),
            // What may be absent or null reads what is always there.
            (Ty::Option(a) | Ty::Nullable(a) | Ty::Box(a), b) => self.reads(a, b, d),
            (a, Ty::Box(b)) => self.reads(a, b, d),
            // A number reads an integer (exactly, up to 2^53).
            (Ty::F64, Ty::I32 | Ty::I64 | Ty::U64) => true,
            // An open enum reads any string (an unknown one as `Unknown`).
            (a, Ty::String) if self.enum_values(a).is_some() => true,
            (a, b) if self.enum_values(a).is_some() && self.enum_values(b).is_some() => true,
            // A struct that keeps undeclared properties reads one with its fields (and
            // more): each of its fields reads the other's, and what it requires is
            // always there.
            (a, b) if self.fields(a).is_some_and(|(_, open)| open) => {
                let (Some((had, _)), Some((has, _))) = (self.fields(a), self.fields(b)) else {
                    return self.members(a).iter().any(|m| self.reads(m, b, d));
                };
                had.iter().all(|f| {
                    has.iter().any(|g| {
                        g.wire == f.wire
                            && (!f.is_new_arg() || g.is_new_arg())
                            && self.reads(&f.ty, &g.ty, d)
                    })
                })
            }
            (a, b) => self.members(a).iter().any(|m| self.reads(m, b, d)),
        }
    }

    /// Every value of `old` is one the new schema accepts.
    fn writes(&self, old: &Ty, new: &Ty, depth: usize) -> bool {
        let (old, new) = (&self.resolved(old), &self.resolved(new));
        if old == new || *new == Ty::Json {
            return true;
        }
        if depth > 8 {
            return false;
        }
        let d = depth + 1;
        match (old, new) {
            (Ty::Option(a), Ty::Option(b))
            | (Ty::Nullable(a), Ty::Nullable(b))
            | (Ty::Vec(a), Ty::Vec(b))
            | (Ty::Map(a), Ty::Map(b))
            | (Ty::Box(a), Ty::Box(b)) => self.writes(a, b, d),
            // What is always there is a value of what may be absent or null.
            (a, Ty::Option(b) | Ty::Nullable(b) | Ty::Box(b)) => self.writes(a, b, d),
            (Ty::Box(a), b) => self.writes(a, b, d),
            (Ty::I32 | Ty::I64 | Ty::U64, Ty::F64) => true,
            (a, Ty::String) if self.enum_values(a).is_some() => true,
            (a, b) => match (self.enum_values(a), self.enum_values(b)) {
                (Some(had), Some(has)) => had.iter().all(|v| has.contains(v)),
                _ => self.members(b).iter().any(|m| self.writes(a, m, d)),
            },
        }
    }
}

/// A type as [`Ty::short`] writes it, read back.
pub(crate) fn parse_ty(text: &str) -> Option<Ty> {
    let text = text.trim();
    let wrapped = |prefix: &str| {
        text.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('>'))
            .and_then(parse_ty)
            .map(Box::new)
    };
    Some(match text {
        "String" => Ty::String,
        "bool" => Ty::Bool,
        "i32" => Ty::I32,
        "i64" => Ty::I64,
        "u64" => Ty::U64,
        "f64" => Ty::F64,
        "()" => Ty::Unit,
        "serde_json::Value" => Ty::Json,
        "serde_json::Map<String, serde_json::Value>" => Ty::JsonObject,
        _ if text.starts_with("Vec<") => Ty::Vec(wrapped("Vec<")?),
        _ if text.starts_with("Option<") => Ty::Option(wrapped("Option<")?),
        _ if text.starts_with("Nullable<") => Ty::Nullable(wrapped("Nullable<")?),
        _ if text.starts_with("Box<") => Ty::Box(wrapped("Box<")?),
        _ if text.starts_with("::std::collections::BTreeMap<String, ") => {
            Ty::Map(wrapped("::std::collections::BTreeMap<String, ")?)
        }
        _ if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            Ty::Named(text.to_owned())
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_written_short_reads_back() {
        for t in [
            Ty::Option(Box::new(Ty::Nullable(Box::new(Ty::Vec(Box::new(
                Ty::Named("X".into()),
            )))))),
            Ty::Map(Box::new(Ty::Json)),
            Ty::JsonObject,
            Ty::Box(Box::new(Ty::F64)),
            Ty::Unit,
        ] {
            assert_eq!(parse_ty(&t.short()), Some(t));
        }
        assert_eq!(parse_ty("Vec<"), None);
        assert_eq!(parse_ty("a b"), None);
    }
}
